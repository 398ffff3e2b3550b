// Prints, for each folder of src/ (top-level folders, and each src/modules/* on its own), how many imports reach
// into another folder's files other than its index.ts: the coupling a module's index is meant to hide.
// Run: npx ts-node --transpile-only test/structure/cross-folder-imports.ts [--files]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The folder that owns a file: `modules/<name>` for a module, else the top-level folder (`.` for src itself). */
export function ownerOf(file: string): string {
  const parts = relative(root, file).split(sep);
  if (parts.length === 1) return '.';
  if (parts[0] === 'modules' && parts.length > 2) return `modules/${parts[1]}`;
  return parts[0]!;
}

const importPattern = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm;

export function crossFolderImports(): { from: string; file: string; target: string }[] {
  const found: { from: string; file: string; target: string }[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const path = resolve(dirname(file), match[1]!);
      const target = existsSync(join(path, 'index.ts')) ? join(path, 'index') : path;
      const from = ownerOf(file);
      const to = ownerOf(`${target}.ts`);
      if (from === to || to === '.' || target.endsWith(`${sep}index`)) continue;
      found.push({ from, file: relative(root, file), target: relative(root, target) });
    }
  }
  return found;
}

if (require.main === module) {
  const found = crossFolderImports();
  const intoModule = (f: { target: string }): boolean => f.target.startsWith(`modules${sep}`);
  const byFolder = new Map<string, [number, number]>();
  for (const f of found) {
    const [all, modules] = byFolder.get(f.from) ?? [0, 0];
    byFolder.set(f.from, [all + 1, modules + (intoModule(f) ? 1 : 0)]);
  }
  console.log(' all  into modules/*  folder');
  for (const [folder, [all, modules]] of [...byFolder].sort((a, b) => b[1][0] - a[1][0] || a[0].localeCompare(b[0]))) {
    console.log(`${String(all).padStart(4)}  ${String(modules).padStart(14)}  ${folder}`);
  }
  console.log(`${String(found.length).padStart(4)}  ${String(found.filter(intoModule).length).padStart(14)}  total`);
  if (process.argv.includes('--files')) for (const f of found) console.log(`${f.file} -> ${f.target}`);
}
