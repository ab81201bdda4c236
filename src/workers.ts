// Worker threads that run our TypeScript modules: Node 20 does not pass --import hooks (tsx) on to workers, so
// each worker registers tsx's loader before it imports its entry module.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Start a worker thread on a TypeScript module (a file URL), handing it workerData. */
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

/** Run a module that posts one WorkerOutcome (plain data) and stop its thread. */
export function runWorkerJob<T>(entry: URL, workerData: unknown): WorkerJob<T> {
  const worker = startModuleWorker(entry, workerData);
  const result = new Promise<T>((resolve, reject) => {
    worker.once('message', (outcome: WorkerOutcome<T>) => {
      if (outcome.ok) {
        const { ok, ...value } = outcome;
        resolve(value as unknown as T);
      } else reject(new WorkerJobError(outcome.name, outcome.message));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The worker ${entry.pathname.split('/').pop()} stopped (exit code ${code}) before it reported`)));
  });
  result.catch(() => undefined);
  return { result, cancel: async () => void (await worker.terminate()) };
}

/** Post a one-shot worker's outcome: the value the job resolved to, or its error's name and message. */
export function postOutcome<T extends object>(job: Promise<T>, post: (outcome: WorkerOutcome<T>) => void): void {
  job.then(
    (value) => post({ ok: true, ...value }),
    (error: unknown) => post({ ok: false, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) }),
  );
}
