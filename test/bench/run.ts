// npm run bench [-- options]: the benchmark. For the real graph and for synthetic graphs of about 1,000, 10,000 and
// 100,000 resources it runs the real build (each run in its own process) and reports wall time and peak memory per
// stage; in the same run it measures the floor (n3 parsing plus writing the same files with plain templates) and
// the build/floor ratio. It also measures npm run query's cold start, the endpoint's latency under 20 concurrent
// clients, the query page's time to answer a permalink in Chromium, and the JavaScript each kind of page ships.
// It prints a table, then one line "BENCH-JSON {…}" with every figure. Medians over --runs runs. With --baseline, it
// also alternates cold builds of another checkout and of this one on the same graphs and reports their ratios
// (test/bench/compare.ts): the figure to trust on a machine whose speed changes from one hour to the next.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createConfig, ROOT_DIR } from '../../src/config.ts';
import { runChild, timeCommand, type ChildResult } from './child.ts';
import { estimateManifest, type ManifestEntry } from './floor.ts';
import { writeGeneratedGraph } from './generate-graph.ts';
import { BENCH_RELEASES, prepareReleaseGraphs } from './releases.ts';
import type { ChildReport } from './measure.ts';
import { buildTree, comparePairs, prepareTree, readBuildTree, type BuildTree, type PairSummary } from './compare.ts';
import { formatSeconds, formatTable, median, percentile, round } from './stats.ts';

// Each build runs as `npm run build` (package.json) runs it: the same command, with the same Node options
// (test/bench/compare.ts: buildTree).
const CURRENT = readBuildTree(ROOT_DIR);

const USAGE = `Usage: npm run bench -- [options]
  --sizes 1000,10000,100000   synthetic graph sizes, in resources (default: 1000,10000,100000)
  --runs N                    runs per measurement, medians reported (default 3; sizes of 10,000 and more: --large-runs)
  --large-runs N              runs for sizes of 10,000 resources and more (default 1)
  --only LIST                 sections to run, comma-separated: real,releases,sizes,query,endpoint,browser (default: all;
                              releases: the real graph built with three releases against without, alternated)
  --disk                      build on the disk (os.tmpdir()) instead of the RAM disk /dev/shm
  --timeout S                 give up a build after S seconds (default 180); larger sizes are then not built
  --keep                      keep the generated graphs and built sites
  --seed N                    seed of the synthetic graphs
  --baseline DIR              also compare with another checkout of this project (its dependencies installed, its build
                              taking --report: stop 11 on): cold builds of it and of this one, alternated on the same
                              graphs, ratio this / baseline per pair (e.g. git worktree add /tmp/base <commit> &&
                              (cd /tmp/base && npm ci))
  --pairs N                   pairs of builds per graph with --baseline (default 3), after one pair not counted
  --compare-sizes LIST        synthetic sizes compared with --baseline besides the real graph (default 1000; "" for none)`;

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly largeRuns: number;
  readonly only: ReadonlySet<string>;
  readonly disk: boolean;
  readonly keep: boolean;
  readonly seed: number | undefined;
  readonly timeoutMs: number;
  readonly baseline: string | undefined;
  readonly pairs: number;
  readonly compareSizes: readonly number[];
}

function readOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      runs: { type: 'string', default: '3' },
      'large-runs': { type: 'string', default: '1' },
      only: { type: 'string', default: 'real,releases,sizes,query,endpoint,browser' },
      disk: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      seed: { type: 'string' },
      timeout: { type: 'string', default: '180' },
      baseline: { type: 'string' },
      pairs: { type: 'string', default: '3' },
      'compare-sizes': { type: 'string', default: '1000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got "${raw}"`);
    return n;
  };
  return {
    sizes: (values.sizes ?? '').split(',').filter(Boolean).map((s) => positive('sizes', s)),
    runs: positive('runs', values.runs ?? '3'),
    largeRuns: positive('large-runs', values['large-runs'] ?? '1'),
    only: new Set((values.only ?? '').split(',').map((s) => s.trim())),
    disk: values.disk ?? false,
    keep: values.keep ?? false,
    seed: values.seed === undefined ? undefined : positive('seed', values.seed),
    timeoutMs: positive('timeout', values.timeout ?? '180') * 1000,
    baseline: values.baseline === undefined ? undefined : path.resolve(values.baseline),
    pairs: positive('pairs', values.pairs ?? '3'),
    compareSizes: (values['compare-sizes'] ?? '').split(',').filter(Boolean).map((s) => positive('compare-sizes', s)),
  };
}

// ---------------------------------------------------------------- figures

interface StageSummary {
  readonly ms: number;
  readonly peakMb: number;
}

interface RunSummary {
  /** Wall time of the whole process (Node start to exit), median. */
  readonly wallMs: number;
  /** Sum of the measured stages (start-up included), median. */
  readonly totalMs: number;
  readonly peakMb: number;
  readonly stages: Readonly<Record<string, StageSummary>>;
  readonly files: number;
  readonly bytes: number;
  readonly runs: readonly number[];
  readonly extra?: Readonly<Record<string, number | string>>;
}

function summarise(results: readonly ChildResult[]): RunSummary {
  const reports = results.map((r) => r.report);
  const stageNames = [...new Set(reports.flatMap((r) => r.stages.map((s) => s.stage)))];
  const stages: Record<string, StageSummary> = {};
  for (const name of stageNames) {
    const of = reports.map((r) => r.stages.find((s) => s.stage === name)).filter((s) => s !== undefined);
    stages[name] = { ms: round(median(of.map((s) => s.ms)), 1), peakMb: round(median(of.map((s) => s.peakMb)), 1) };
  }
  const first = reports[0] as ChildReport;
  return {
    wallMs: round(median(results.map((r) => r.wallMs)), 1),
    totalMs: round(median(reports.map((r) => r.totalMs)), 1),
    peakMb: round(median(reports.map((r) => r.peakMb)), 1),
    stages,
    files: first.files,
    bytes: first.bytes,
    runs: results.map((r) => round(r.wallMs, 1)),
    ...(first.extra ? { extra: first.extra } : {}),
  };
}

interface SizeFigures {
  readonly requested: number;
  readonly resources: number;
  readonly strategies: number;
  readonly quotes: number;
  readonly turtleBytes: number;
  /**
   * "done"; "timeout" when the build outlived --timeout, "failed" when it crashed (e.g. out of memory): the stages are
   * then those it finished; "skipped" after a smaller size timed out or failed.
   */
  readonly status: 'done' | 'timeout' | 'failed' | 'skipped';
  readonly failure?: string;
  readonly build?: RunSummary;
  readonly floor: RunSummary;
  /** True when the floor wrote an estimate of the build's files (the build did not finish). */
  readonly floorManifestEstimated: boolean;
  /** Median over runs of build wall time / floor wall time, each pair measured back to back (a lower bound on timeout). */
  readonly ratio?: number;
}

/** One line listing each stage's wall time and peak memory, for the log. */
function describeStages(report: ChildReport): string {
  return report.stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(2)} s/${Math.round(s.peakMb)} MB`).join(', ');
}

function createWorkDirs(options: Options): { outRoot: string; graphRoot: string } {
  const ram = '/dev/shm';
  const useRam = !options.disk && existsSync(ram);
  const outRoot = mkdtempSync(path.join(useRam ? ram : os.tmpdir(), 'cbss-car-bench-out-'));
  const graphRoot = mkdtempSync(path.join(os.tmpdir(), 'cbss-car-bench-graphs-'));
  return { outRoot, graphRoot };
}

async function measureRealBuild(outDir: string, manifest: string, options: Options, log: (line: string) => void, cacheDir?: string): Promise<ChildResult[]> {
  const results: ChildResult[] = [];
  const kind = cacheDir ? 'rebuild' : 'build';
  for (let r = 0; r < options.runs; r++) {
    const result = await buildTree(CURRENT, ['--out', outDir, '--manifest', manifest], { timeoutMs: options.timeoutMs, ...(cacheDir ? { cacheDir } : {}) });
    if (result.timedOut) throw new Error(`the ${kind} of the real graph did not finish in ${formatSeconds(options.timeoutMs)}`);
    log(`  real ${kind} run ${r + 1}/${options.runs}: ${formatSeconds(result.wallMs)}, peak ${Math.round(result.report.peakMb)} MB, ${result.report.files} files (${describeStages(result.report)})`);
    results.push(result);
  }
  return results;
}

interface SizeContext {
  readonly options: Options;
  readonly dirs: { outRoot: string; graphRoot: string };
  readonly log: (line: string) => void;
  /** The manifest of the largest build that finished, for estimating the files of one that did not. */
  previousManifest: string;
  /** Set once a build has run out of time: larger sizes are not built. */
  gaveUp: boolean;
}

async function measureSize(size: number, ctx: SizeContext): Promise<SizeFigures> {
  const { options, dirs, log } = ctx;
  const graphDir = path.join(dirs.graphRoot, `graph-${size}`);
  const started = performance.now();
  const graph = await writeGeneratedGraph(graphDir, size, options.seed);
  const turtleBytes = [...graph.files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
  log(`${size}: generated ${graph.resources} resources (${graph.strategies} new strategies, ${graph.quotes} new quotes, ${(turtleBytes / 1e6).toFixed(1)} MB of new Turtle) in ${formatSeconds(performance.now() - started)}`);
  const runs = size >= 10_000 ? options.largeRuns : options.runs;
  const outDir = path.join(dirs.outRoot, `site-${size}`);
  const manifest = path.join(dirs.graphRoot, `manifest-${size}.json`);
  const buildArgs = ['--ontology', graph.ontologyDir, '--data', graph.dataDir, '--out', outDir, '--manifest', manifest];
  const floorArgs = (m: string) => [`${graph.ontologyDir},${graph.dataDir}`, m, path.join(dirs.outRoot, `floor-${size}`)];
  const builds: ChildResult[] = [];
  const floors: ChildResult[] = [];
  const ratios: number[] = [];
  let status: SizeFigures['status'] = ctx.gaveUp ? 'skipped' : 'done';
  let estimated = false;
  let failure: string | undefined;
  for (let r = 0; r < runs && status !== 'skipped'; r++) {
    const build = await buildTree(CURRENT, buildArgs, { timeoutMs: options.timeoutMs, allowFailure: true });
    // The floor needs the list of files only: the site goes (at 100,000 resources, 3 GB of a RAM disk).
    await rm(outDir, { recursive: true, force: true });
    builds.push(build);
    if (build.timedOut || build.failure) {
      const why = build.timedOut ? `did not finish in ${formatSeconds(options.timeoutMs)}` : `failed after ${formatSeconds(build.wallMs)}: ${build.failure}`;
      log(`  ${size} build run ${r + 1}/${runs}: ${why} (stages done: ${describeStages(build.report) || 'none'})`);
      status = build.timedOut ? 'timeout' : 'failed';
      failure = build.failure;
      ctx.gaveUp = true;
      break;
    }
    log(`  ${size} build run ${r + 1}/${runs}: ${formatSeconds(build.wallMs)}, peak ${Math.round(build.report.peakMb)} MB, ${build.report.files} files (${describeStages(build.report)})`);
    const floor = await runChild('test/bench/floor.ts', floorArgs(manifest));
    log(`  ${size} floor run ${r + 1}/${runs}: ${formatSeconds(floor.wallMs)}, peak ${Math.round(floor.report.peakMb)} MB`);
    floors.push(floor);
    ratios.push(build.wallMs / floor.wallMs);
  }
  if (status === 'done') ctx.previousManifest = manifest;
  else {
    // The build did not finish: the floor writes an estimate of its files, from the last build that did.
    const previous = JSON.parse(await readFile(ctx.previousManifest, 'utf8')) as ManifestEntry[];
    await writeFile(manifest, JSON.stringify(estimateManifest(previous, graph.iris)));
    estimated = true;
    for (let r = 0; r < runs; r++) {
      const floor = await runChild('test/bench/floor.ts', floorArgs(manifest));
      log(`  ${size} floor run ${r + 1}/${runs} (estimated files): ${formatSeconds(floor.wallMs)}, peak ${Math.round(floor.report.peakMb)} MB, ${floor.report.files} files`);
      floors.push(floor);
    }
    const first = builds[0];
    if (first?.timedOut) ratios.push(first.wallMs / median(floors.map((f) => f.wallMs)));
  }
  if (!options.keep) await rm(graphDir, { recursive: true, force: true });
  return {
    requested: size,
    resources: graph.resources,
    strategies: graph.strategies,
    quotes: graph.quotes,
    turtleBytes,
    status,
    ...(failure ? { failure } : {}),
    ...(builds.length > 0 ? { build: summarise(builds) } : {}),
    floor: summarise(floors),
    floorManifestEstimated: estimated,
    ...(ratios.length > 0 ? { ratio: round(median(ratios), 2) } : {}),
  };
}

/** JavaScript shipped by the built site: per resource page (0 expected), the query page's scripts gzipped, and which pages load scripts. */
async function measureShippedScripts(siteDir: string): Promise<Record<string, number | string>> {
  const entries = await readdir(siteDir, { recursive: true, withFileTypes: true });
  const htmlFiles = entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => path.relative(siteDir, path.join(e.parentPath, e.name)));
  const scriptRe = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
  let maxResourcePageBytes = 0;
  let resourcePages = 0;
  const pagesWithScripts: string[] = [];
  const queryScripts = new Set<string>();
  for (const file of htmlFiles) {
    const html = await readFile(path.join(siteDir, file), 'utf8');
    let bytes = 0;
    let has = false;
    for (const m of html.matchAll(scriptRe)) {
      const attrs = m[1] ?? '';
      if (/type\s*=\s*["']application\/ld\+json["']/i.test(attrs)) continue;
      has = true;
      const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1];
      if (src) {
        const target = path.normalize(path.join(path.dirname(path.join(siteDir, file)), src.split(/[?#]/)[0] as string));
        bytes += existsSync(target) ? readFileSync(target).length : 0;
        if (file.startsWith('query/')) queryScripts.add(target);
      } else bytes += Buffer.byteLength(m[2] ?? '');
    }
    if (has) pagesWithScripts.push(path.dirname(file));
    const isTool = /^(query|queries|search|pagefind|diagrams|quality|map|crosswalk)\//.test(file);
    if (!isTool && file !== 'index.html' && path.dirname(file).includes('/')) {
      resourcePages++;
      maxResourcePageBytes = Math.max(maxResourcePageBytes, bytes);
    }
  }
  // The query page's worker and any chunk it loads live beside it: count every script under query/.
  const queryDir = path.join(siteDir, 'query');
  if (existsSync(queryDir)) {
    for (const e of await readdir(queryDir, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && /\.(m?js|wasm)$/.test(e.name)) queryScripts.add(path.join(e.parentPath, e.name));
    }
  }
  let gz = 0;
  let raw = 0;
  for (const f of queryScripts) {
    const bytes = readFileSync(f);
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  const others = pagesWithScripts.filter((p) => !/^(query|search)(\/|$)/.test(p));
  return {
    resourcePages,
    resourcePageScriptKb: round(maxResourcePageBytes / 1024, 1),
    queryPageScriptKb: round(raw / 1024, 1),
    queryPageScriptGzKb: round(gz / 1024, 1),
    pagesWithScripts: pagesWithScripts.length,
    pagesWithScriptsOutsideQueryAndSearch: others.length,
    ...(others.length > 0 ? { firstPageWithScript: others.sort()[0] as string } : {}),
  };
}

async function bundleQueryCli(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(ROOT_DIR, '.bench', 'query-cli.mjs');
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    absWorkingDir: ROOT_DIR,
    entryPoints: ['src/cli/query.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    minify: true,
    logLevel: 'silent',
    // Oxigraph loads its WebAssembly file from beside its own module: it stays a package, loaded from node_modules.
    external: ['oxigraph'],
    // CommonJS dependencies inside an ES module bundle need require, __filename and __dirname.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);",
    },
  });
  return outfile;
}

async function measureQueryColdStart(runs: number, log: (line: string) => void): Promise<Record<string, number>> {
  const query = 'priorities';
  const bundle = await bundleQueryCli();
  const variants: [string, string, string[]][] = [
    ['npmRunQuery', 'npm', ['run', '--silent', 'query', '--', query]],
    ['nodeImportTsx', process.execPath, ['--import', 'tsx', 'src/cli/query.ts', query]],
    ['bundledCli', process.execPath, [bundle, query]],
  ];
  const out: Record<string, number> = {};
  const times: Record<string, number[]> = {};
  for (let r = 0; r < runs; r++) {
    for (const [name, command, args] of variants) {
      const { ms, stdout } = await timeCommand(command, args);
      if (!/P1/.test(stdout)) throw new Error(`${name}: the query printed no priority: ${stdout.slice(0, 200)}`);
      (times[name] ??= []).push(ms);
    }
  }
  for (const [name, list] of Object.entries(times)) {
    out[`${name}Ms`] = round(median(list), 1);
    log(`  query cold start, ${name}: ${formatSeconds(median(list))} (runs: ${list.map((m) => formatSeconds(m)).join(', ')})`);
  }
  return out;
}

async function listExampleQueries(): Promise<{ name: string; text: string }[]> {
  const dir = path.join(ROOT_DIR, 'queries');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.rq')).sort();
  return Promise.all(names.map(async (n) => ({ name: n.replace(/\.rq$/, ''), text: await readFile(path.join(dir, n), 'utf8') })));
}

async function measureEndpoint(clients: number, rounds: number, log: (line: string) => void): Promise<Record<string, unknown>> {
  const { spawn } = await import('node:child_process');
  const queries = await listExampleQueries();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/endpoint.ts'], { cwd: ROOT_DIR, env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`endpoint did not start: ${seen}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const m = /(http:\/\/[^\s]+\/sparql)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`endpoint exited ${code}: ${seen}`)));
    });
    const ask = async (query: string): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json, text/turtle;q=0.9' }, body: query });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`endpoint answered ${res.status} to a query`);
      return performance.now() - t0;
    };
    const alone: Record<string, number> = {};
    for (const q of queries) alone[q.name] = round(await ask(q.text), 1); // warm-up: one pass, one at a time
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let r = 0; r < rounds; r++) {
          for (let i = 0; i < queries.length; i++) {
            const q = queries[(i + c) % queries.length] as { name: string; text: string };
            latencies.push(await ask(q.text));
          }
        }
      }),
    );
    const wall = performance.now() - started;
    const slowest = Object.entries(alone).sort((a, b) => b[1] - a[1]).slice(0, 5);
    log(`  endpoint, slowest queries alone (ms): ${slowest.map(([n, ms]) => `${n} ${ms}`).join(', ')}`);
    const figures = {
      clients,
      requests: latencies.length,
      p50Ms: round(percentile(latencies, 50), 1),
      p95Ms: round(percentile(latencies, 95), 1),
      maxMs: round(Math.max(...latencies), 1),
      requestsPerSecond: round(latencies.length / (wall / 1000), 1),
      aloneMedianMs: round(median(Object.values(alone)), 1),
      slowestAloneMs: Object.fromEntries(slowest),
    };
    log(`  endpoint: ${figures.requests} requests from ${clients} clients: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, ${figures.requestsPerSecond} req/s`);
    return figures;
  } finally {
    child.kill('SIGTERM');
  }
}

async function measurePermalink(siteDir: string, runs: number, log: (line: string) => void): Promise<Record<string, number>> {
  const { chromium } = await import('playwright-core');
  const { createStaticServer } = await import('../../src/serve/serve.ts');
  const server = await createStaticServer(siteDir, { host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const query = (await readFile(path.join(ROOT_DIR, 'queries', 'priorities.rq'), 'utf8')).split('\n').filter((l) => !l.startsWith('#')).join('\n').trim();
    const url = `${server.url}/query/?query=${encodeURIComponent(query)}`;
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(url);
      await page.waitForSelector('#query-results[data-state="done"]', { timeout: 60_000 });
      times.push(performance.now() - t0);
      await context.close();
    }
    log(`  query page permalink: ${formatSeconds(median(times))} (runs: ${times.map((m) => formatSeconds(m)).join(', ')})`);
    return { permalinkMs: round(median(times), 1) };
  } finally {
    await browser.close();
    await server.close();
  }
}

// ---------------------------------------------------------------- report

interface Target {
  readonly name: string;
  /** NaN when not measured (a build skipped after a smaller one ran out of time). */
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
  /** The value is a lower bound: the build ran out of time. */
  readonly atLeast?: boolean;
}

const isMet = (t: Target) => !t.atLeast && t.value <= t.limit;

function printTables(figures: { real?: RunSummary; sizes: SizeFigures[]; scale?: number; targets: Target[] }): void {
  const stageNames = [...new Set([...(figures.real ? Object.keys(figures.real.stages) : []), ...figures.sizes.flatMap((s) => Object.keys(s.build?.stages ?? {}))])];
  const rows: string[][] = [];
  const addRow = (name: string, run: RunSummary | undefined, floor?: RunSummary, ratio?: number, status: SizeFigures['status'] = 'done') =>
    rows.push([
      name,
      ...stageNames.map((s) => (run?.stages[s] ? `${formatSeconds(run.stages[s].ms)} ${Math.round(run.stages[s].peakMb)}M` : '–')),
      status === 'skipped' ? 'not built' : status === 'failed' ? `failed at ${formatSeconds(run?.wallMs ?? NaN)}` : `${status === 'timeout' ? '> ' : ''}${formatSeconds(run?.wallMs ?? NaN)}`,
      run ? `${Math.round(run.peakMb)} MB` : '–',
      floor ? formatSeconds(floor.wallMs) : '–',
      ratio === undefined ? '–' : `${status === 'timeout' ? '> ' : ''}${ratio.toFixed(2)}×`,
    ]);
  if (figures.real) addRow('real graph', figures.real);
  for (const s of figures.sizes) addRow(`${s.resources} res.`, s.build, s.floor, s.ratio, s.status);
  if (rows.length > 0) {
    console.log('\nBuild, per stage (median wall time, peak RSS during the stage):\n');
    console.log(formatTable(['graph', ...stageNames, 'build wall', 'peak', 'floor', 'build/floor'], rows));
  }
  if (figures.scale !== undefined && Number.isFinite(figures.scale)) console.log(`\ntime(100k) / time(10k): ${figures.scale.toFixed(2)}`);
  if (figures.targets.length === 0) return;
  console.log('\nTargets:\n');
  console.log(
    formatTable(
      ['target', 'measured', 'limit', 'met'],
      figures.targets.map((t) => [t.name, Number.isNaN(t.value) ? 'not measured' : `${t.atLeast ? '> ' : ''}${round(t.value, 2)} ${t.unit}`, `${t.limit} ${t.unit}`, isMet(t) ? 'yes' : 'NO']),
    ),
  );
}

/** Alternate cold builds of the baseline checkout and of this one, on the real graph and on --compare-sizes. */
async function compareWithBaseline(baseline: BuildTree, options: Options, dirs: { outRoot: string; graphRoot: string }, log: (line: string) => void): Promise<Record<string, unknown>> {
  const trees = { baseline, current: CURRENT };
  log(`compared with ${baseline.dir}, ${options.pairs} pairs a graph (baseline first, one pair before them not counted):`);
  await prepareTree(trees.baseline);
  // This checkout's graph for both, so that only the code differs.
  const config = createConfig({ rootDir: ROOT_DIR });
  const realArgs = ['--ontology', config.ontologyDir, '--data', config.dataDir];
  const outDir = path.join(dirs.outRoot, 'site-compare');
  const run = (label: string, graphArgs: readonly string[]): Promise<PairSummary> => comparePairs(trees, graphArgs, outDir, { pairs: options.pairs, timeoutMs: options.timeoutMs, log, label });
  const rows: { label: string; summary: PairSummary; resources?: number }[] = [{ label: 'real graph', summary: await run('real graph', realArgs) }];
  for (const size of options.compareSizes) {
    const graph = await writeGeneratedGraph(path.join(dirs.graphRoot, `compare-${size}`), size, options.seed);
    const label = `${graph.resources} res.`;
    rows.push({ label, resources: graph.resources, summary: await run(label, ['--ontology', graph.ontologyDir, '--data', graph.dataDir]) });
  }
  console.log('\nThis checkout against the baseline (alternated cold builds; ratio this / baseline):\n');
  console.log(
    formatTable(
      ['graph', 'pairs', 'baseline', 'this', 'ratio (median)', 'range'],
      rows.map(({ label, summary }) => [label, String(summary.pairs.length), formatSeconds(summary.baselineMedianMs), formatSeconds(summary.currentMedianMs), `${summary.medianRatio.toFixed(2)}×`, `${summary.minRatio.toFixed(2)}–${summary.maxRatio.toFixed(2)}×`]),
    ),
  );
  return { baseline: baseline.dir, graphs: rows.map(({ label, resources, summary }) => ({ graph: label, ...(resources ? { resources } : {}), ...summary })) };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  // A baseline that cannot be built is reported before anything is measured.
  const baseline = options.baseline ? readBuildTree(options.baseline) : undefined;
  const log = (line: string) => console.log(line);
  const dirs = createWorkDirs(options);
  const machine = { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l, 2)), out: dirs.outRoot.startsWith('/dev/shm') ? 'ram (/dev/shm)' : 'disk' };
  log(`Benchmark: ${machine.cpus} cores, Node ${machine.node}, load ${machine.loadAverage.join(' ')}, builds written to ${machine.out}`);
  const json: Record<string, unknown> = { machine, options: { sizes: options.sizes, runs: options.runs, largeRuns: options.largeRuns } };
  const targets: Target[] = [];
  let real: RunSummary | undefined;
  const sizes: SizeFigures[] = [];
  const realSite = path.join(dirs.outRoot, 'site-real');
  const ctx: SizeContext = { options, dirs, log, previousManifest: '', gaveUp: false };
  try {
    if (options.only.has('real') || options.only.has('browser')) {
      log('real graph:');
      const realManifest = path.join(dirs.graphRoot, 'manifest-real.json');
      const results = await measureRealBuild(realSite, realManifest, options.only.has('real') ? options : { ...options, runs: 1 }, log);
      ctx.previousManifest = realManifest;
      real = summarise(results);
      const scripts = await measureShippedScripts(realSite);
      json.real = { build: real, scripts };
      targets.push({ name: 'build, real graph', value: real.wallMs / 1000, limit: 3, unit: 's' });
      targets.push({ name: 'JS on a resource page', value: Number(scripts.resourcePageScriptKb), limit: 0, unit: 'KB' });
      targets.push({ name: 'query page scripts, gzipped', value: Number(scripts.queryPageScriptGzKb) / 1024, limit: 1, unit: 'MB' });
      targets.push({ name: 'pages other than query/search loading JS', value: Number(scripts.pagesWithScriptsOutsideQueryAndSearch), limit: 0, unit: 'pages' });
    }
    if (options.only.has('releases')) {
      log(`real graph with ${BENCH_RELEASES.length} releases, against the same data without them (builds alternated):`);
      const graphs = await prepareReleaseGraphs(path.join(dirs.graphRoot, 'release-bench'), log);
      const ratios: number[] = [];
      const builds: { without: ChildResult[]; with: ChildResult[] } = { without: [], with: [] };
      for (let r = 0; r < options.runs; r++) {
        for (const kind of ['without', 'with'] as const) {
          const g = kind === 'with' ? graphs.withReleases : graphs.without;
          const result = await buildTree(CURRENT, ['--ontology', g.ontologyDir, '--data', g.dataDir, '--out', path.join(dirs.outRoot, `site-releases-${kind}`)], { timeoutMs: options.timeoutMs });
          if (result.timedOut) throw new Error(`the build of the real graph ${kind} releases did not finish in ${formatSeconds(options.timeoutMs)}`);
          log(`  ${kind} releases, run ${r + 1}/${options.runs}: ${formatSeconds(result.wallMs)}, peak ${Math.round(result.report.peakMb)} MB, ${result.report.files} files`);
          builds[kind].push(result);
        }
        ratios.push(builds.with[r]!.wallMs / builds.without[r]!.wallMs);
      }
      json.releases = { releases: BENCH_RELEASES.length, without: summarise(builds.without), with: summarise(builds.with), ratios: ratios.map((x) => round(x, 3)), medianRatio: round(median(ratios), 3) };
      targets.push({ name: `build with ${BENCH_RELEASES.length} releases / without`, value: median(ratios), limit: 1.1, unit: '×' });
    }
    if (options.only.has('sizes')) {
      if (!ctx.previousManifest) {
        const realManifest = path.join(dirs.graphRoot, 'manifest-real.json');
        await measureRealBuild(path.join(dirs.outRoot, 'site-real-manifest'), realManifest, { ...options, runs: 1 }, log);
        ctx.previousManifest = realManifest;
      }
      for (const size of options.sizes) sizes.push(await measureSize(size, ctx));
      json.sizes = sizes;
      const at = (n: number) => sizes.find((s) => s.requested === n);
      const k10 = at(10_000);
      const k100 = at(100_000);
      const wall = (f: SizeFigures | undefined) => (f?.build && (f.status === 'done' || f.status === 'timeout') ? f.build.wallMs : NaN);
      if (k10) {
        const atLeast = k10.status === 'timeout';
        // The targets of the plain pipeline (site/docs/performance.md): ratios to the floor, not seconds, on shared machines.
        targets.push({ name: 'build at 10k / floor', value: k10.ratio ?? NaN, limit: 8, unit: '×', atLeast });
        targets.push({ name: 'peak memory at 10k', value: (k10.build?.peakMb ?? NaN) / 1024, limit: 1, unit: 'GB', atLeast });
      }
      if (k100) targets.push({ name: 'peak memory at 100k', value: (k100.build?.peakMb ?? NaN) / 1024, limit: 4, unit: 'GB', atLeast: k100.status !== 'done' });
      if (k10 && k100) {
        const scale = wall(k100) / wall(k10);
        json.scale100kOver10k = round(scale, 2);
        targets.push({ name: 'time(100k) / time(10k)', value: scale, limit: 12, unit: '×', atLeast: k100.status === 'timeout' && k10.status === 'done' });
      }
    }
    if (options.only.has('query')) {
      log('query cold start (one process per query, real graph):');
      const q = await measureQueryColdStart(options.runs + 2, log);
      json.queryColdStart = q;
      targets.push({ name: 'npm run query cold start', value: (q.npmRunQueryMs ?? NaN) / 1000, limit: 1, unit: 's' });
    }
    if (options.only.has('endpoint')) {
      log('endpoint (real graph, 20 concurrent clients, the example queries):');
      const e = await measureEndpoint(20, Math.max(1, options.runs), log);
      json.endpoint = e;
      targets.push({ name: 'endpoint p95, 20 clients', value: Number(e.p95Ms), limit: 50, unit: 'ms' });
    }
    if (options.only.has('browser')) {
      log('query page (Chromium, localhost):');
      const b = await measurePermalink(realSite, options.runs, log);
      json.browser = b;
      targets.push({ name: 'query page permalink', value: (b.permalinkMs ?? NaN) / 1000, limit: 1.5, unit: 's' });
    }
    if (baseline) json.compare = await compareWithBaseline(baseline, options, dirs, log);
  } finally {
    if (!options.keep) {
      rmSync(dirs.outRoot, { recursive: true, force: true });
      rmSync(dirs.graphRoot, { recursive: true, force: true });
    } else log(`kept: ${dirs.outRoot} and ${dirs.graphRoot}`);
  }
  const scale = typeof json.scale100kOver10k === 'number' ? json.scale100kOver10k : undefined;
  printTables({ ...(real ? { real } : {}), sizes, ...(scale !== undefined ? { scale } : {}), targets });
  json.targets = targets.map((t) => ({ ...t, value: Number.isNaN(t.value) ? null : round(t.value, 3), met: isMet(t) }));
  console.log(`\nBENCH-JSON ${JSON.stringify(json)}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
