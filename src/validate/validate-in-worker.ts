// The validate stage on a thread of its own, so that on two cores it runs beside the query and compose stages
// instead of before them. The worker (src/validate/validate-worker.ts) loads the same files as the main thread (a syntax
// error is reported by the main thread's load first) and answers with plain data: the report and the checks it ran.
import type { Check, ValidationReport } from './validate.ts';
import { createStageCache, hashInputs, runCachedWorkerJob, type StageCache } from '../publish/stage-cache.ts';
import type { WorkerJob } from '../publish/workers.ts';

/** What the validation worker is given. */
export interface ValidationJob {
  readonly ontologyDir: string;
  readonly dataDir: string;
  readonly baseIri: string;
  readonly rootDir: string;
}

/** What the validation worker answers. */
export interface ValidationOutcome {
  readonly report: ValidationReport;
  readonly checks: readonly Check[];
  /** The violations (severity Violation) as text, one line each; empty when there is none. */
  readonly errorText: string;
  readonly errorCount: number;
}

/**
 * Start validating the graph of these folders on a worker thread, or take the report from the cache when its inputs
 * are unchanged: `graphKey` hashes everything the report depends on (by default the two folders and the base IRI).
 */
export function startValidation(
  job: ValidationJob,
  cache: StageCache = createStageCache(undefined),
  graphKey: () => string = () => hashInputs([job.ontologyDir, job.dataDir], [job.baseIri]),
): WorkerJob<ValidationOutcome> {
  return runCachedWorkerJob<ValidationOutcome>(new URL('./validate-worker.ts', import.meta.url), job, cache, 'validate', graphKey);
}
