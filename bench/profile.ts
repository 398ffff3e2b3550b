import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (Profiler.stop) the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled main-thread time, idle and the profiler's own work excluded, ms. */
  readonly busyMs: number;
  /** Main-thread time idle (waiting: e.g. on SQLite, which runs in libuv's thread pool, or on the network), ms. */
  readonly idleMs: number;
  readonly functions: { name: string; ms: number; share: number }[];
  readonly groups: { name: string; ms: number; share: number }[];
}

const ROOT = path.resolve(__dirname, '..');

function where(url: string): { file: string; group: string } | null {
  if (url === '') return null;
  if (url.startsWith('node:')) return { file: url, group: 'node: core' };
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length);
    const parts = rest.split('/');
    const pkg = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    return { file: rest, group: pkg };
  }
  const rel = path.relative(ROOT, file);
  return { file: rel, group: rel.startsWith('..') ? 'other' : rel.split(path.sep).slice(0, 2).join('/') };
}

/**
 * Self time by function and by package (or src/ folder), from the profile's samples. Native frames (no script URL,
 * e.g. an addon's or V8's builtins) are charged to the package of the JS frame that called them, and the subtree
 * of the bench's own profiler plumbing (bench/child.ts) is left out.
 */
export function summarizeProfile(profile: CpuProfile, top = 12): ProfileSummary {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byGroup = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
  let busy = 0;
  let idle = 0;

  // Depth-first from the root, carrying the nearest JS caller's location.
  const root = profile.nodes[0]!;
  const stack: { id: number; caller: { file: string; group: string; line: number } | null }[] = [
    { id: root.id, caller: null },
  ];
  while (stack.length > 0) {
    const { id, caller } = stack.pop()!;
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (url.includes('/bench/child.ts')) continue;
    const loc = where(url);
    const us = self.get(id) ?? 0;
    if (functionName === '(idle)') idle += us;
    else if (us > 0) {
      busy += us;
      const fn = functionName || '(anonymous)';
      if (loc) {
        add(byFunction, `${fn} ${loc.file}:${lineNumber + 1}`, us);
        add(byGroup, loc.group, us);
      } else if (functionName.startsWith('(')) {
        add(byFunction, fn, us); // (program), (garbage collector)
        add(byGroup, fn, us);
      } else {
        add(byFunction, caller ? `${fn} [native, from ${caller.file}:${caller.line}]` : `${fn} [native]`, us);
        add(byGroup, `${caller?.group ?? 'V8'} (native)`, us);
      }
    }
    const next = loc ? { ...loc, line: lineNumber + 1 } : caller;
    for (const child of node.children ?? []) stack.push({ id: child, caller: next });
  }

  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / busy }));
  return { busyMs: busy / 1000, idleMs: idle / 1000, functions: list(byFunction), groups: list(byGroup) };
}
