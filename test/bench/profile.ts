// Summarise a V8 CPU profile (node --cpu-prof): self time by function and by package or source file, and total
// (inclusive) time of our own functions. Usage: tsx test/bench/profile.ts <file.cpuprofile> [top N]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly selfByFunction: readonly [string, number][];
  readonly selfByPackage: readonly [string, number][];
  readonly totalByOwnFunction: readonly [string, number][];
}

/** Where a script URL belongs: an npm package name, a file of ours (src/…), or a Node internal. */
export function ownerOf(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  const site = url.indexOf('/site/');
  if (site >= 0) return url.slice(site + 1);
  if (url.startsWith('node:')) return 'node:internal';
  return path.basename(url);
}

/** Sum a profile's samples into self time per function and per package, and inclusive time of our own functions. */
export function summariseProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const owner = ownerOf(node.callFrame.url);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${owner}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (!frame || !/\/(src|site)\//.test(frame.url) || frame.url.includes('node_modules')) continue;
      const key = `${frame.functionName || '(anonymous)'} ${ownerOf(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, Math.round(v / 1000)] as [string, number]);
  return { totalMs: Math.round(total / 1000), selfByFunction: sorted(byFunction), selfByPackage: sorted(byPackage), totalByOwnFunction: sorted(inclusive) };
}

/** Print a summary as three plain lists. */
export function formatProfileSummary(summary: ProfileSummary): string {
  const list = (title: string, rows: readonly [string, number][]) => [`${title}`, ...rows.map(([k, v]) => `  ${String(v).padStart(7)} ms  ${k}`)].join('\n');
  return [
    `sampled CPU time: ${summary.totalMs} ms`,
    list('self time by package or file:', summary.selfByPackage),
    list('self time by function:', summary.selfByFunction),
    list('total time of our own functions (src/, site/):', summary.totalByOwnFunction),
  ].join('\n\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx test/bench/profile.ts <file.cpuprofile> [top N]');
    process.exit(2);
  }
  console.log(formatProfileSummary(summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(topArg ?? 25))));
}
