// Same-minute comparison of two versions of the build (npm run bench -- --baseline DIR): cold builds of another
// checkout of this project and of this one, alternated on the same graph, so that both meet the same load from the
// machine's other tenants. Each pair gives a ratio (this / baseline); their median is the figure to trust on a noisy
// machine, far more than two medians taken minutes apart.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readNodeCommand, runChild, timeCommand, type ChildResult } from './child.ts';
import { median, round } from './stats.ts';

/** How to build one checkout: its folder, and its own `npm run build` command. */
export interface BuildTree {
  readonly dir: string;
  readonly command: ReturnType<typeof readNodeCommand>;
  /** Whether its package.json has a prebuild script (bundling its stage workers), to run before measuring. */
  readonly prebuild: boolean;
}

/** One pair of builds, baseline first. */
export interface BuildPair {
  readonly baselineMs: number;
  readonly currentMs: number;
}

/** The pairs of one graph, summed up. */
export interface PairSummary {
  readonly pairs: readonly BuildPair[];
  /** this / baseline, per pair, in the order run. */
  readonly ratios: readonly number[];
  readonly medianRatio: number;
  readonly minRatio: number;
  readonly maxRatio: number;
  readonly baselineMedianMs: number;
  readonly currentMedianMs: number;
}

/** Read how a checkout builds; throw naming the folder when it is not a checkout of this project with its dependencies. */
export function readBuildTree(dir: string): BuildTree {
  const packageFile = path.join(dir, 'package.json');
  if (!existsSync(packageFile)) throw new Error(`--baseline ${dir}: no package.json there (give another checkout of this project)`);
  const { scripts = {} } = JSON.parse(readFileSync(packageFile, 'utf8')) as { scripts?: Record<string, string> };
  const build = scripts.build;
  if (!build || !/^(node|tsx)\s/.test(build)) throw new Error(`--baseline ${dir}: its package.json has no "build" script that runs node`);
  if (!existsSync(path.join(dir, 'node_modules'))) throw new Error(`--baseline ${dir}: no node_modules (run npm ci there first)`);
  return { dir, command: readNodeCommand(build), prebuild: typeof scripts.prebuild === 'string' };
}

/** Sum up pairs: each pair's ratio (this / baseline), their median and range, and each side's median. */
export function summarisePairs(pairs: readonly BuildPair[]): PairSummary {
  const ratios = pairs.map((p) => p.currentMs / p.baselineMs);
  return {
    pairs: pairs.map((p) => ({ baselineMs: round(p.baselineMs, 1), currentMs: round(p.currentMs, 1) })),
    ratios: ratios.map((r) => round(r, 3)),
    medianRatio: round(median(ratios), 3),
    minRatio: round(Math.min(...ratios), 3),
    maxRatio: round(Math.max(...ratios), 3),
    baselineMedianMs: round(median(pairs.map((p) => p.baselineMs)), 1),
    currentMedianMs: round(median(pairs.map((p) => p.currentMs)), 1),
  };
}

/** Run a checkout's prebuild script (its stage workers' bundles), as `npm run build` does first. */
export async function prepareTree(tree: BuildTree): Promise<void> {
  if (tree.prebuild) await timeCommand('npm', ['run', '--silent', 'prebuild'], { cwd: tree.dir });
}

/**
 * One build of a checkout as its `npm run build` runs it (its command, its Node options, in its own folder), cold
 * (no build cache) unless given a cache folder, with --report printing each stage's figures (src/publish/stage-report.ts).
 */
export function buildTree(tree: BuildTree, args: readonly string[], options: { timeoutMs: number; allowFailure?: boolean; cacheDir?: string }): Promise<ChildResult> {
  const cache = options.cacheDir ? ['--cache', options.cacheDir] : [];
  return runChild(tree.command.script, [...tree.command.args, ...args, ...cache, '--report'], {
    cwd: tree.dir,
    timeoutMs: options.timeoutMs,
    nodeOptions: tree.command.nodeOptions,
    plain: !tree.command.tsx,
    env: { BUILD_CACHE: 'off' },
    ...(options.allowFailure ? { allowFailure: true } : {}),
  });
}

/**
 * Alternate cold builds of the baseline and of this checkout on one graph: one pair first, not counted (each
 * checkout bundles its build on its first run), then `pairs` pairs.
 */
export async function comparePairs(
  trees: { readonly baseline: BuildTree; readonly current: BuildTree },
  graphArgs: readonly string[],
  outDir: string,
  options: { readonly pairs: number; readonly timeoutMs: number; readonly log: (line: string) => void; readonly label: string },
): Promise<PairSummary> {
  const pairs: BuildPair[] = [];
  for (let p = 0; p <= options.pairs; p++) {
    const baseline = await buildTree(trees.baseline, [...graphArgs, '--out', outDir], { timeoutMs: options.timeoutMs });
    const current = await buildTree(trees.current, [...graphArgs, '--out', outDir], { timeoutMs: options.timeoutMs });
    if (baseline.timedOut || current.timedOut) throw new Error(`${options.label}: a build did not finish in ${options.timeoutMs / 1000} s`);
    if (p === 0) continue;
    pairs.push({ baselineMs: baseline.wallMs, currentMs: current.wallMs });
    options.log(`  ${options.label} pair ${p}/${options.pairs}: baseline ${(baseline.wallMs / 1000).toFixed(2)} s, this ${(current.wallMs / 1000).toFixed(2)} s (${(current.wallMs / baseline.wallMs).toFixed(2)} ×)`);
  }
  return summarisePairs(pairs);
}
