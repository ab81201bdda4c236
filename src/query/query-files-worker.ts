// Worker thread of the query stage (src/query/query-files-in-worker.ts): loads its own copy of the graph, runs the
// competency questions and the site's own queries, checks the resource query, and posts the results back as plain
// data.
import { parentPort, workerData } from 'node:worker_threads';
import { DATASET_TEXT, describeDataset } from '../describe/dataset.ts';
import { loadGraph } from '../load/load-graph.ts';
import { createPrefixes } from '../prefixes.ts';
import { toPlainResult, toPlainRows, toPlainTerm } from './query-files-in-worker.ts';
import { loadResourceQuery, runQueryFiles, runSiteQueries } from './run-query-files.ts';
import { mapSiteQueries } from '../render/strategy-data.ts';
import type { PlainQueryFilesOutcome, QueryFilesWorkerJob } from './query-files-in-worker.ts';
import { postOutcome } from '../publish/workers.ts';

async function run(job: QueryFilesWorkerJob): Promise<PlainQueryFilesOutcome> {
  const { store } = await loadGraph([job.ontologyDir, job.dataDir], job.baseIri);
  const runs = await runQueryFiles(store, job);
  // The site's queries read the published graph, which holds the dataset's description as the composer makes it;
  // without the dumps' sizes, since none of them reads the distributions (test/query/run-query-files.test.ts compares).
  store.addQuads(describeDataset(store, { baseIri: job.baseIri, prefixes: createPrefixes(job.baseIri), dumps: [], ...DATASET_TEXT }));
  const siteRows = await runSiteQueries(store, job);
  const resourceQuery = await loadResourceQuery(job);
  return {
    resourceQuery,
    siteRows: mapSiteQueries(siteRows, toPlainRows),
    runs: runs.map(({ query, result }) => ({
      query: { ...query, parameters: query.parameters.map((p) => ({ ...p, defaultValue: toPlainTerm(p.defaultValue) })) },
      result: toPlainResult(result),
    })),
  };
}

postOutcome(run(workerData as QueryFilesWorkerJob), (outcome) => parentPort?.postMessage(outcome));
