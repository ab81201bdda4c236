// The query stage on a thread of its own: on two cores the gallery's and the site's queries run beside validation
// and the composer's own work, and the composer never loads Comunica. The worker (src/query/query-files-worker.ts) loads
// its own copy of the graph and answers with plain data, turned back into terms here.
import { fromPlainResult, fromPlainRows, fromPlainTerm, type PlainResult, type PlainRow, type PlainTerm } from './query-pool.ts';
import type { QueryRun } from '../render/gallery.ts';
import type { QueryFilesJob } from './run-query-files.ts';
import type { QueryFile, QueryParameter } from './query.ts';
import { mapSiteQueries, type SiteQueryName, type SiteQueryRows } from '../render/strategy-data.ts';
import { createStageCache, hashInputs, runCachedWorkerJob, type StageCache } from '../publish/stage-cache.ts';
import type { WorkerJob } from '../publish/workers.ts';

/** What the query worker is given: the query stage's job and the folders of the graph. */
export interface QueryFilesWorkerJob extends QueryFilesJob {
  readonly ontologyDir: string;
  readonly dataDir: string;
}

/** The query stage's outcome: every competency question's run, the rows of the site's queries, and the checked resource query. */
export interface QueryFilesOutcome {
  readonly runs: readonly QueryRun[];
  readonly siteRows: SiteQueryRows;
  readonly resourceQuery: string;
}

/** The same, as plain data that can cross threads. */
export interface PlainQueryFilesOutcome {
  readonly runs: readonly { readonly query: Omit<QueryFile, 'parameters'> & { readonly parameters: readonly (Omit<QueryParameter, 'defaultValue'> & { readonly defaultValue: PlainTerm })[] }; readonly result: PlainResult }[];
  readonly siteRows: Readonly<Record<SiteQueryName, readonly PlainRow[]>>;
  readonly resourceQuery: string;
}

function revive(outcome: PlainQueryFilesOutcome): QueryFilesOutcome {
  return {
    resourceQuery: outcome.resourceQuery,
    siteRows: mapSiteQueries(outcome.siteRows, fromPlainRows),
    runs: outcome.runs.map(({ query, result }) => ({
      query: { ...query, parameters: query.parameters.map((p) => ({ ...p, defaultValue: fromPlainTerm(p.defaultValue) })) },
      result: fromPlainResult(result),
    })),
  };
}

/**
 * Start the query stage on a worker thread, or take its outcome from the cache when its inputs are unchanged: its key
 * adds the queries and the resource query to `graphKey`, the hash of the graph (by default its folders and base IRI).
 */
export function startQueryFiles(
  job: QueryFilesWorkerJob,
  cache: StageCache = createStageCache(undefined),
  graphKey: () => string = () => hashInputs([job.ontologyDir, job.dataDir], [job.baseIri]),
): WorkerJob<QueryFilesOutcome> {
  const key = (): string => hashInputs([job.queriesDir, job.resourceQueryFile], [graphKey()]);
  const plain = runCachedWorkerJob<PlainQueryFilesOutcome>(new URL('./query-files-worker.ts', import.meta.url), job, cache, 'query', key);
  const result = plain.result.then(revive);
  result.catch(() => undefined);
  return { result, cancel: plain.cancel };
}
