// Which runtime files under src/ name a table that another folder owns. A table's owner is the folder (see
// ownerOf) whose entity declares its `tableName`; every other folder reaches it through the owner's index.ts.
// Run: npx ts-node --transpile-only test/structure/table-owners.ts [--files]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ownerOf } from './cross-folder-imports';

const root = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** table name → owning folder, from each entity's `tableName`. */
export function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of sourceFiles(root).filter((f) => f.endsWith('.entity.ts'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/tableName:\s*'([a-z_]+)'/g)) {
      owners.set(match[1]!, ownerOf(file));
    }
  }
  return owners;
}

const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** Query-builder calls (`knex('t')`, `trx('t as x')`, `.from('t')`, `.join('t as x', …)`) and raw SQL (`from t`). */
function namedTables(text: string, tables: string[]): string[] {
  const name = `(${tables.join('|')})`;
  const builder = new RegExp(
    `(?:\\b(?:knex|trx|db)|\\.(?:from|join|leftJoin|innerJoin|into|table))\\(\\s*'${name}(?: as \\w+)?'`,
    'g',
  );
  const sql = new RegExp(`\\b(?:from|join|into|update)\\s+${name}\\b(?![\\w-])`, 'g');
  return [...text.matchAll(builder), ...text.matchAll(sql)].map((m) => m[1]!);
}

export type ForeignTable = { file: string; table: string; owner: string };

/** Every (file, table) pair where a runtime file names a table its folder does not own; src/db/ may name any. */
export function foreignTables(): ForeignTable[] {
  const owners = tableOwners();
  // Longest first, so `access_log_member` is not read as `access_log`.
  const tables = [...owners.keys()].sort((a, b) => b.length - a.length);
  const found: ForeignTable[] = [];
  for (const file of sourceFiles(root)) {
    const from = ownerOf(file);
    if (from === 'db') continue;
    const named = new Set(namedTables(withoutComments(readFileSync(file, 'utf8')), tables));
    for (const table of named) {
      const owner = owners.get(table)!;
      if (owner !== from) found.push({ file: relative(root, file), table, owner });
    }
  }
  return found;
}

if (require.main === module) {
  const found = foreignTables();
  const byTable = new Map<string, number>();
  for (const f of found) byTable.set(f.table, (byTable.get(f.table) ?? 0) + 1);
  for (const [table, n] of [...byTable].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(4)}  ${table}`);
  console.log(`${String(found.length).padStart(4)}  files × foreign tables`);
  if (process.argv.includes('--files')) for (const f of found) console.log(`${f.file}: ${f.table} (${f.owner})`);
}
