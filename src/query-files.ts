// The query stage at build time: run every competency question of queries/ over the graph (for the gallery), and
// check that the site's prepared "query this resource" query parses. Runs on a worker thread during builds
// (src/query-files-in-worker.ts); any failing query fails the build, naming its file and line.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { GraphStore } from './graph-store.ts';
import { compareStrings } from './describe.ts';
import type { QueryRun } from './gallery.ts';
import { DEFAULT_QUERY_TIMEOUT_MS } from './config.ts';
import { bindQueryParameters, createQueryEngine, loadQueryFile, parseQuery, runQuery, type QueryResult, type SparqlEngine } from './query.ts';

/** Where the query stage finds its queries, and the base the graph is under. */
export interface QueryFilesJob {
  readonly queriesDir: string;
  readonly rootDir: string;
  readonly baseIri: string;
  /** The site's prepared query for one resource (?resource stands for it). */
  readonly resourceQueryFile: string;
  /** The time limit of each query (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * Run every .rq file of the queries folder (sorted) with its default parameters; a missing folder gives none. The
 * engine, when given, is the one the caller uses for the rest of its queries (creating one takes about 0.1 s).
 */
export async function runQueryFiles(store: GraphStore, job: QueryFilesJob, engine?: SparqlEngine): Promise<QueryRun[]> {
  let names: string[];
  try {
    names = (await readdir(job.queriesDir)).filter((n) => n.endsWith('.rq')).sort(compareStrings);
  } catch {
    return [];
  }
  if (names.length === 0) return [];
  const active = engine ?? createQueryEngine({ baseIri: job.baseIri });
  const runs: QueryRun[] = [];
  for (const name of names) {
    const file = path.join(job.queriesDir, name);
    const query = await loadQueryFile(file);
    const label = path.relative(job.rootDir, file);
    let result: QueryResult;
    try {
      result = await runQuery(store, query.text, { engine: active, bindings: bindQueryParameters(query), timeoutMs: job.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS, file: label });
    } catch (error) {
      // Name the query: a time limit or an evaluation error says nothing of which one it stopped.
      if (error instanceof Error && !error.message.startsWith(`${label}`)) error.message = `${label}: ${error.message}`;
      throw error;
    }
    runs.push({ query: { ...query, file: label }, result });
  }
  return runs;
}

/** Read the prepared "query this resource" query and check that it parses; return its text. */
export async function loadResourceQuery(job: QueryFilesJob, engine: SparqlEngine = createQueryEngine({ baseIri: job.baseIri })): Promise<string> {
  const text = await readFile(job.resourceQueryFile, 'utf8');
  parseQuery(engine, text.replace(/\?resource\b/g, `<${job.baseIri}example>`), path.relative(job.rootDir, job.resourceQueryFile));
  return text;
}
