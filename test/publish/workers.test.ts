// Tests of the one-shot stage workers (src/publish/workers.ts's runWorkerJob): a worker runs through tsx until a bundle of its
// entry has been prepared (prepareWorkerBundles, which `npm run build` runs first), then from the bundle, with a V8
// code cache from the run after; a changed source runs through tsx until it is prepared again; RUN_BUNDLED=off and a
// source that does not bundle run through tsx; and the real validate and query workers give the same outcome from
// their bundles as from their sources.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ensureBundle, findBundle, prepareWorkerBundles } from '../../src/cli/run-bundled.mjs';
import { createConfig, ROOT_DIR } from '../../src/config.ts';
import type { PlainQueryFilesOutcome, QueryFilesWorkerJob } from '../../src/query/query-files-in-worker.ts';
import type { ValidationJob, ValidationOutcome } from '../../src/validate/validate-in-worker.ts';
import { runWorkerJob, type BundledWorkerJob } from '../../src/publish/workers.ts';
import { useTinyProjects } from '../helpers/tiny-project.ts';

const execFileAsync = promisify(execFile);
const createTinyProject = useTinyProjects('workers');
// RUN_BUNDLED as the tests were started with: each test sets it itself.
const runBundled = process.env.RUN_BUNDLED;

beforeEach(() => {
  delete process.env.RUN_BUNDLED;
});

afterEach(() => {
  if (runBundled === undefined) delete process.env.RUN_BUNDLED;
  else process.env.RUN_BUNDLED = runBundled;
});

const WORKER = `import { parentPort, workerData } from 'node:worker_threads';
import { greeting } from './greeting.ts';
parentPort?.postMessage({ ok: true, text: \`\${greeting} \${(workerData as { name: string }).name}\` });
`;

/** A small project: src/echo-worker.ts answers with a greeting from src/greeting.ts, with the key files beside src/. */
function createProject(greeting = 'hello'): { root: string; entry: URL } {
  const root = createTinyProject({ 'src/greeting.ts': `export const greeting: string = ${JSON.stringify(greeting)};\n`, 'src/echo-worker.ts': WORKER });
  return { root, entry: pathToFileURL(path.join(root, 'src', 'echo-worker.ts')) };
}

/** Run the job to its end: its result and how its worker ran, once its thread has stopped. */
async function finish<T>(job: BundledWorkerJob<T>): Promise<{ result: T; runner: Awaited<BundledWorkerJob<T>['runner']> }> {
  const [result, runner] = await Promise.all([job.result, job.runner, job.stopped]);
  return { result, runner };
}

const prepare = (root: string) => prepareWorkerBundles({ names: ['echo-worker'], rootDir: root });
const NO_BUNDLE = { bundled: false, reason: expect.stringMatching(/^no bundle for the sources as they are/) };

const bundleOf = (root: string, name: string): string => findBundle({ command: name, entry: path.join(root, 'src', `${name}.ts`), rootDir: root }).bundle;
const cacheFiles = (root: string): string[] => readdirSync(path.join(root, '.cache', 'run-bundled')).sort();

describe('runWorkerJob', () => {
  test('runs through tsx until the bundle is prepared, then from the bundle, with its code cache from the run after', async () => {
    const { root, entry } = createProject('hello');
    const first = await finish(runWorkerJob<{ text: string }>(entry, { name: 'one' }, { rootDir: root }));
    expect(first).toEqual({ result: { text: 'hello one' }, runner: NO_BUNDLE });
    expect(await prepare(root)).toEqual([{ name: 'echo-worker', built: true, bundled: true }]);
    expect(await prepare(root), 'a second prepare finds the bundle and builds nothing').toEqual([{ name: 'echo-worker', built: false, bundled: true }]);
    const bundle = bundleOf(root, 'echo-worker');
    expect(existsSync(bundle)).toBe(true);

    const second = await finish(runWorkerJob<{ text: string }>(entry, { name: 'two' }, { rootDir: root }));
    expect(second).toEqual({ result: { text: 'hello two' }, runner: { bundled: true, usedCodeCache: false, bundle } });
    // The run without a code cache wrote one; the next run takes it.
    const third = await finish(runWorkerJob<{ text: string }>(entry, { name: 'three' }, { rootDir: root }));
    expect(third).toEqual({ result: { text: 'hello three' }, runner: { bundled: true, usedCodeCache: true, bundle } });
  });

  test('a process that ends as soon as its job has answered still leaves the code cache for the next run', async () => {
    // Enough code that writing its cache takes a while, as the real workers' (5 MB) does.
    const bulk = Array.from({ length: 20_000 }, (_, i) => `function f${i}(x: number): number { return x * ${i} + ${i % 7}; }`).join('\n');
    const calls = `export const total = [${Array.from({ length: 20_000 }, (_, i) => `f${i}`).join(', ')}].reduce((sum, f) => sum + f(1), 0);`;
    const root = createTinyProject({
      'src/bulk.ts': `${bulk}\n${calls}\n`,
      'src/echo-worker.ts': `import { parentPort, workerData } from 'node:worker_threads';\nimport { total } from './bulk.ts';\nparentPort?.postMessage({ ok: true, text: \`hallo \${(workerData as { name: string }).name} \${total > 0}\` });\n`,
    });
    const entry = pathToFileURL(path.join(root, 'src', 'echo-worker.ts'));
    await prepare(root);
    // A build's process: it takes the result and ends, without waiting for the worker's thread to stop. Both runs
    // are such processes, with the same Node options (a code cache is kept per set of options).
    const runShort = async (name: string): Promise<unknown> => {
      const script = `const { runWorkerJob } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT_DIR, 'src', 'workers.ts')).href)});
const job = runWorkerJob(new URL(${JSON.stringify(entry.href)}), { name: ${JSON.stringify(name)} }, { rootDir: ${JSON.stringify(root)} });
console.log(JSON.stringify({ result: await job.result, runner: await job.runner }));`;
      const file = path.join(root, 'short-run.mjs');
      writeFileSync(file, script);
      return JSON.parse((await execFileAsync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT_DIR })).stdout);
    };
    const bundle = bundleOf(root, 'echo-worker');
    expect(await runShort('first')).toEqual({ result: { text: 'hallo first true' }, runner: { bundled: true, usedCodeCache: false, bundle } });
    expect(cacheFiles(root).filter((f) => f.endsWith('.tmp')), 'no cache file was left half-written').toEqual([]);
    expect(await runShort('second')).toEqual({ result: { text: 'hallo second true' }, runner: { bundled: true, usedCodeCache: true, bundle } });
  });

  test('a changed source runs through tsx until it is prepared again, and the old bundle is removed then', async () => {
    const { root, entry } = createProject('hello');
    await prepare(root);
    const old = bundleOf(root, 'echo-worker');
    expect((await finish(runWorkerJob(entry, { name: 'a' }, { rootDir: root }))).runner).toMatchObject({ bundled: true, bundle: old });

    writeFileSync(path.join(root, 'src', 'greeting.ts'), 'export const greeting: string = "moi";\n');
    // The old bundle is not run: the sources are.
    const changed = await finish(runWorkerJob<{ text: string }>(entry, { name: 'b' }, { rootDir: root }));
    expect(changed).toEqual({ result: { text: 'moi b' }, runner: NO_BUNDLE });
    await prepare(root);
    const rebuilt = await finish(runWorkerJob<{ text: string }>(entry, { name: 'c' }, { rootDir: root }));
    const fresh = bundleOf(root, 'echo-worker');
    expect(fresh).not.toBe(old);
    expect(rebuilt).toEqual({ result: { text: 'moi c' }, runner: { bundled: true, usedCodeCache: false, bundle: fresh } });
    expect(cacheFiles(root).filter((f) => f.startsWith(path.basename(old)))).toEqual([]);
  });

  test('runs through tsx, building nothing, with RUN_BUNDLED=off', async () => {
    const { root, entry } = createProject('hej');
    await prepare(root);
    await finish(runWorkerJob(entry, { name: 'a' }, { rootDir: root }));
    const before = cacheFiles(root);
    process.env.RUN_BUNDLED = 'off';
    try {
      const off = await finish(runWorkerJob<{ text: string }>(entry, { name: 'off' }, { rootDir: root }));
      expect(off).toEqual({ result: { text: 'hej off' }, runner: { bundled: false, reason: 'RUN_BUNDLED=off' } });
    } finally {
      delete process.env.RUN_BUNDLED;
    }
    expect(cacheFiles(root)).toEqual(before);
  });

  test('a source that does not bundle: prepare names its file, line and cause, and the worker runs it through tsx', async () => {
    const { root, entry } = createProject();
    // Top-level await: Node runs it as an ES module, esbuild cannot bundle it as CommonJS.
    const late = "import { parentPort } from 'node:worker_threads';\nconst text = await Promise.resolve('late');\nparentPort?.postMessage({ ok: true, text });\n";
    writeFileSync(path.join(root, 'src', 'echo-worker.ts'), late);
    await expect(prepare(root)).rejects.toThrow(/src\/echo-worker\.ts:2:\d+: Top-level await/);
    expect(existsSync(path.join(root, '.cache', 'run-bundled')) ? cacheFiles(root).filter((f) => f.endsWith('.cjs')) : []).toEqual([]);
    expect(await finish(runWorkerJob<{ text: string }>(entry, {}, { rootDir: root }))).toEqual({ result: { text: 'late' }, runner: NO_BUNDLE });

    writeFileSync(path.join(root, 'src', 'echo-worker.ts'), WORKER);
    await prepare(root);
    expect(await finish(runWorkerJob<{ text: string }>(entry, { name: 'again' }, { rootDir: root }))).toMatchObject({ result: { text: 'hello again' }, runner: { bundled: true } });
  });

  test('runs an entry outside src/ through tsx', async () => {
    const { root } = createProject();
    writeFileSync(path.join(root, 'outside-worker.ts'), WORKER.replace("'./greeting.ts'", "'./src/greeting.ts'"));
    const outside = await finish(runWorkerJob<{ text: string }>(pathToFileURL(path.join(root, 'outside-worker.ts')), { name: 'out' }, { rootDir: root }));
    expect(outside.result).toEqual({ text: 'hello out' });
    expect(outside.runner).toMatchObject({ bundled: false, reason: expect.stringContaining('only files under') });
  });
});

describe('the stage workers from their bundles', () => {
  const real = createConfig({ rootDir: ROOT_DIR });
  const folders = { ontologyDir: real.ontologyDir, dataDir: real.dataDir, baseIri: real.baseIri, rootDir: ROOT_DIR };

  /** The job's outcome from the worker's bundle (built here if it is missing) and from its sources through tsx. */
  async function runBothWays<T>(name: string, data: unknown): Promise<{ bundled: T; fromSource: T }> {
    const entry = new URL(`../src/${name}.ts`, import.meta.url);
    await ensureBundle({ command: name, entry: path.join(ROOT_DIR, 'src', `${name}.ts`) });
    const bundledJob = runWorkerJob<T>(entry, data);
    expect(await bundledJob.runner).toMatchObject({ bundled: true });
    process.env.RUN_BUNDLED = 'off';
    let sourceJob: BundledWorkerJob<T>;
    try {
      sourceJob = runWorkerJob<T>(entry, data);
    } finally {
      delete process.env.RUN_BUNDLED;
    }
    expect(await sourceJob.runner).toEqual({ bundled: false, reason: 'RUN_BUNDLED=off' });
    const [bundled, fromSource] = await Promise.all([bundledJob.result, sourceJob.result, bundledJob.stopped]);
    return { bundled, fromSource };
  }

  test('the validate worker (Oxigraph, loaded from node_modules) reports the same from its bundle as from its sources', async () => {
    const job: ValidationJob = folders;
    const { bundled, fromSource } = await runBothWays<ValidationOutcome>('validate-worker', job);
    expect(bundled.report.checksRun).toBeGreaterThan(0);
    expect(bundled.report.focusNodesChecked).toBeGreaterThan(100);
    expect(bundled).toEqual(fromSource);
  });

  test('the query worker (Comunica) answers the same from its bundle as from its sources', async () => {
    const job: QueryFilesWorkerJob = { ...folders, queriesDir: real.queriesDir, resourceQueryFile: path.join(real.siteDir, '_includes', 'query-this-resource.rq') };
    const { bundled, fromSource } = await runBothWays<PlainQueryFilesOutcome>('query-files-worker', job);
    expect(bundled.runs.length).toBeGreaterThan(20);
    expect(bundled).toEqual(fromSource);
  });
});
