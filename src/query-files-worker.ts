// Worker thread of the query stage (src/query-files-in-worker.ts): loads its own copy of the graph, runs the
// competency questions and checks the resource query, and posts the results back as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { loadGraph } from './load.ts';
import { toPlainResult, toPlainTerm } from './query-pool.ts';
import { loadResourceQuery, runQueryFiles } from './query-files.ts';
import { createQueryEngine } from './query.ts';
import type { PlainQueryFilesOutcome, QueryFilesWorkerJob } from './query-files-in-worker.ts';
import { postOutcome } from './workers.ts';

async function run(job: QueryFilesWorkerJob): Promise<PlainQueryFilesOutcome> {
  const { store } = await loadGraph([job.ontologyDir, job.dataDir], job.baseIri);
  // One engine for the gallery's queries and the check of the resource query.
  const engine = createQueryEngine({ baseIri: job.baseIri });
  const runs = await runQueryFiles(store, job, engine);
  const resourceQuery = await loadResourceQuery(job, engine);
  return {
    resourceQuery,
    runs: runs.map(({ query, result }) => ({
      query: { ...query, parameters: query.parameters.map((p) => ({ ...p, defaultValue: toPlainTerm(p.defaultValue) })) },
      result: toPlainResult(result),
    })),
  };
}

postOutcome(run(workerData as QueryFilesWorkerJob), (outcome) => parentPort?.postMessage(outcome));
