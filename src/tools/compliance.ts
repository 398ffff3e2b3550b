/**
 * `npm run compliance`: each section of the served privacy policy with the tests whose titles name it (`§N`), read
 * from the suite. Exit code 1 when a section the gateway can enforce has none.
 */
import path from 'node:path';
import fs from 'node:fs';
import { policySections } from '../compliance/sections';
import { testFiles, titlesIn } from '../compliance/test-titles';
import { coverage, render } from '../compliance/report';

const root = path.join(__dirname, '../..');
const dir = path.join(root, 'test');
const titles = testFiles(dir).flatMap((f) => titlesIn(path.relative(root, f), fs.readFileSync(f, 'utf8')));
const rows = coverage(policySections(), titles);
console.log(render(rows));
const missing = rows.filter((r) => r.missing).map((r) => `§${r.section.number}`);
if (missing.length > 0) {
  console.log(`\nno test proves ${missing.join(', ')}`);
  process.exit(1);
}
