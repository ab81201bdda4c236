// The query stage at build time: run every competency question of queries/ over the graph (for the gallery), and
// check that the site's prepared "query this resource" query parses. Runs on a worker thread during builds
// (src/query-files-in-worker.ts); any failing query fails the build, naming its file and line.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { GraphStore } from './graph-store.ts';
import { compareStrings } from './describe.ts';
import type { QueryRun } from './gallery.ts';
import { bindQueryParameters, createQueryEngine, loadQueryFile, parseQuery, runQuery } from './query.ts';

/** Where the query stage finds its queries, and the base the graph is under. */
export interface QueryFilesJob {
  readonly queriesDir: string;
  readonly rootDir: string;
  readonly baseIri: string;
  /** The site's prepared query for one resource (?resource stands for it). */
  readonly resourceQueryFile: string;
}

/** Run every .rq file of the queries folder (sorted) with its default parameters; a missing folder gives none. */
export async function runQueryFiles(store: GraphStore, job: QueryFilesJob): Promise<QueryRun[]> {
  let names: string[];
  try {
    names = (await readdir(job.queriesDir)).filter((n) => n.endsWith('.rq')).sort(compareStrings);
  } catch {
    return [];
  }
  if (names.length === 0) return [];
  const engine = createQueryEngine({ baseIri: job.baseIri });
  const runs: QueryRun[] = [];
  for (const name of names) {
    const file = path.join(job.queriesDir, name);
    const query = await loadQueryFile(file);
    const label = path.relative(job.rootDir, file);
    const result = await runQuery(store, query.text, { engine, bindings: bindQueryParameters(query), timeoutMs: 30_000, file: label });
    runs.push({ query: { ...query, file: label }, result });
  }
  return runs;
}

/** Read the prepared "query this resource" query and check that it parses; return its text. */
export async function loadResourceQuery(job: QueryFilesJob): Promise<string> {
  const text = await readFile(job.resourceQueryFile, 'utf8');
  parseQuery(createQueryEngine({ baseIri: job.baseIri }), text.replace(/\?resource\b/g, `<${job.baseIri}example>`), path.relative(job.rootDir, job.resourceQueryFile));
  return text;
}
