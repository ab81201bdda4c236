// Worker threads that run our TypeScript modules: Node 20 does not pass --import hooks (tsx) on to workers, so
// each worker registers tsx's loader before it imports its entry module. The build's one-shot stage workers
// (runWorkerJob) skip that when they can: they run their entry from a cached esbuild bundle, plain JavaScript with a
// V8 code cache (src/cli/run-bundled.mjs: prepareWorkerBundle, runWorkerBundle), which saves each 1-2 s of module
// loading through tsx; without a bundle (`npm run build` prepares them first) they run through tsx.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { prepareWorkerBundle, WORKER_MESSAGE_KEY } from '../cli/run-bundled.mjs';
import { ROOT_DIR } from '../config.ts';

/** Start a worker thread on a TypeScript module (a file URL) through tsx, handing it workerData (the query pool's workers). */
export function startModuleWorker(entry: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  // createRequire rather than import.meta.resolve, which Vitest's module runner does not support; require gets the
  // CommonJS build of tsx/esm/api, whose ES module twin sits beside it.
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}

/** What a one-shot worker answers: its result, or the error that stopped it (its name and message). */
export type WorkerOutcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly name: string; readonly message: string };

/** A one-shot job under way on a worker thread: its outcome, and a way to stop it. */
export interface WorkerJob<T> {
  readonly result: Promise<T>;
  cancel(): Promise<void>;
}

/** An error met on a worker thread, rebuilt on this side with its name and message. */
export class WorkerJobError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** How a job's worker ran its module: from a bundle (with V8's code cache or not), or through tsx, and why. */
export type WorkerRunner = { readonly bundled: true; readonly usedCodeCache: boolean; readonly bundle: string } | { readonly bundled: false; readonly reason: string };

/** Where a job's bundle comes from: the tree whose src/ holds the entry (default: this one), and the bundles' folder (default: its .cache/run-bundled). */
export interface WorkerBundleOptions {
  readonly rootDir?: string;
  readonly cacheDir?: string;
}

/** A one-shot job started by runWorkerJob: also how its worker ran. */
export interface BundledWorkerJob<T> extends WorkerJob<T> {
  readonly runner: Promise<WorkerRunner>;
  /** Resolves when the worker thread has stopped: after its outcome, and after writing its code cache if it does. */
  readonly stopped: Promise<void>;
}

type RunBundledMessage = { readonly runBundled: 'runner'; readonly runner: WorkerRunner } | { readonly runBundled: 'code-cache-saved'; readonly saved: boolean };

function isRunBundledMessage(message: unknown): message is RunBundledMessage {
  return typeof message === 'object' && message !== null && WORKER_MESSAGE_KEY in message;
}

// The bundle's name: the entry's path under src/ without its extension ("validate-worker"), "/" made ".".
function nameBundle(file: string, rootDir: string): string {
  const rel = path.relative(path.join(rootDir, 'src'), file);
  const inSrc = !rel.startsWith('..') && !path.isAbsolute(rel);
  return (inSrc ? rel : path.basename(file)).replace(/\.[cm]?[jt]s$/, '').split(path.sep).join('.');
}

/**
 * Run a module that posts one WorkerOutcome (plain data) and stop its thread. The module runs from its cached bundle
 * when there is one for the sources as they are, through tsx otherwise; `runner` tells which. A bundle that ran
 * without a V8 code cache writes one once the job has succeeded.
 */
export function runWorkerJob<T>(entry: URL, workerData: unknown, bundles: WorkerBundleOptions = {}): BundledWorkerJob<T> {
  const rootDir = path.resolve(bundles.rootDir ?? ROOT_DIR);
  const file = fileURLToPath(entry);
  const plan = prepareWorkerBundle({ command: nameBundle(file, rootDir), entry: file, rootDir, ...(bundles.cacheDir ? { cacheDir: bundles.cacheDir } : {}) });
  const launcher = new URL('../cli/run-bundled.mjs', import.meta.url).href;
  const worker = plan.paths
    ? new Worker(`import(${JSON.stringify(launcher)}).then((launcher) => launcher.runWorkerBundle(${JSON.stringify(plan.paths)}, { report: true }));`, { eval: true, workerData })
    : startModuleWorker(entry, workerData);
  const name = path.basename(file);
  let told: WorkerRunner | undefined = plan.paths ? undefined : { bundled: false, reason: plan.reason };
  const runner = new Promise<WorkerRunner>((resolve, reject) => {
    if (told) return resolve(told);
    worker.on('message', (message: unknown) => {
      if (isRunBundledMessage(message) && message.runBundled === 'runner') resolve((told = message.runner));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The worker ${name} stopped (exit code ${code}) before it told how it runs`)));
  });
  let settled = false;
  const result = new Promise<T>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (isRunBundledMessage(message)) {
        if (message.runBundled === 'code-cache-saved') void worker.terminate();
        return;
      }
      if (settled) return;
      settled = true;
      const outcome = message as WorkerOutcome<T>;
      if (outcome.ok) {
        const { ok, ...value } = outcome;
        resolve(value as unknown as T);
      } else reject(new WorkerJobError(outcome.name, outcome.message));
      if (outcome.ok && told?.bundled && !told.usedCodeCache) {
        // The code cache holds what the job compiled. The thread stops once it is written (or when the job is
        // cancelled), and keeps the process alive until then (0.1-0.3 s, once per change of the sources): a build
        // ends soon after its workers, and a thread let go would die with it before the cache was written.
        worker.postMessage({ [WORKER_MESSAGE_KEY]: 'save-code-cache' });
      } else void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The worker ${name} stopped (exit code ${code}) before it reported`)));
  });
  const stopped = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  result.catch(() => undefined);
  runner.catch(() => undefined);
  return { result, runner, stopped, cancel: async () => void (await worker.terminate()) };
}

/** Post a one-shot worker's outcome: the value the job resolved to, or its error's name and message. */
export function postOutcome<T extends object>(job: Promise<T>, post: (outcome: WorkerOutcome<T>) => void): void {
  job.then(
    (value) => post({ ok: true, ...value }),
    (error: unknown) => post({ ok: false, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) }),
  );
}
