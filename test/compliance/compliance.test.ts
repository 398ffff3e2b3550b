import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { policySections } from '../../src/compliance/sections';
import { titlesIn } from '../../src/compliance/test-titles';
import { coverage, render } from '../../src/compliance/report';

/** A test file as text; written with @ for the section sign so this file's own scan does not count it. */
const SOURCE = `
describe('@4 @5 retention', () => {
  it('destroys', () => {});
  describe('inner', () => {
    it('@13 guardian asks', () => {});
  });
});
describe('no section', () => {
  it("@7 a member's own data", () => {});
  it('nothing', () => {});
});
`.replaceAll('@', '§');

describe('compliance: the policy sections and the tests that name them', () => {
  it('reads the 15 sections of the policy the gateway implements, one organisational with its reason', () => {
    const sections = policySections();
    expect(sections.map((s) => s.number)).to.deep.equal([...Array(15).keys()].map((i) => i + 1));
    expect(sections[3]!.title).to.equal('Retention and use period of collected personal information');
    expect(sections.filter((s) => s.organisational !== null).map((s) => s.number)).to.deep.equal([14]);
  });

  it('finds titles naming a section, with the describe titles around them', () => {
    expect(titlesIn('a.test.ts', SOURCE)).to.deep.equal([
      { file: 'a.test.ts', title: '§4 §5 retention', sections: [4, 5] },
      { file: 'a.test.ts', title: '§4 §5 retention › inner › §13 guardian asks', sections: [13] },
      { file: 'a.test.ts', title: "no section › §7 a member's own data", sections: [7] },
    ]);
  });

  it('marks an enforceable section without a test as missing, never an organisational one', () => {
    const rows = coverage(policySections(), titlesIn('a.test.ts', SOURCE));
    expect(rows.filter((r) => r.missing).map((r) => r.section.number)).to.deep.equal([
      1, 2, 3, 6, 8, 9, 10, 11, 12, 15,
    ]);
    expect(render(rows)).to.contain('§14 Remedies for Infringement of Rights and Interests — organisational');
  });

  it('npm run compliance passes on this suite and prints every section', () => {
    const root = path.join(__dirname, '../..');
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/tools/compliance.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    for (let n = 1; n <= 15; n++) expect(out).to.match(new RegExp(`^§${n} `, 'm'));
    expect(out).not.to.contain('MISSING: no test names it');
  });
});
