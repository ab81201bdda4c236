// The validate stage on a thread of its own, so that on two cores it runs beside the query and compose stages
// instead of before them. The worker loads the same files as the main thread (a syntax error is reported by the
// main thread's load first) and answers with plain data: the report and the checks it ran.
import type { Worker } from 'node:worker_threads';
import type { Check, ValidationReport } from './validate.ts';
import { startModuleWorker } from './workers.ts';

/** What the validation worker is given. */
export interface ValidationJob {
  readonly ontologyDir: string;
  readonly dataDir: string;
  readonly baseIri: string;
  readonly rootDir: string;
}

/** What the validation worker answers: its report, or the error that stopped it. */
export type ValidationReply =
  | { readonly ok: true; readonly report: ValidationReport; readonly checks: readonly Check[]; readonly errorText: string; readonly errorCount: number }
  | { readonly ok: false; readonly name: string; readonly message: string };

/** A validation under way: its outcome, and a way to stop it when the build fails for another reason. */
export interface ValidationRun {
  readonly result: Promise<Extract<ValidationReply, { ok: true }>>;
  cancel(): Promise<void>;
}

/** An error the worker met (a check that does not parse, a missing folder), with its name and message. */
export class ValidationWorkerError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Start validating the graph of these folders on a worker thread. */
export function startValidation(job: ValidationJob): ValidationRun {
  const worker: Worker = startModuleWorker(new URL('./validate-worker.ts', import.meta.url), job);
  const result = new Promise<Extract<ValidationReply, { ok: true }>>((resolve, reject) => {
    worker.once('message', (reply: ValidationReply) => {
      if (reply.ok) resolve(reply);
      else reject(new ValidationWorkerError(reply.name, reply.message));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The validation worker stopped (exit code ${code}) before it reported`)));
  });
  result.catch(() => undefined);
  return { result, cancel: async () => void (await worker.terminate()) };
}
