// The query stage at build time: run every competency question of queries/ over the graph (for the gallery) and
// the site's own queries of queries/site/ (for the diagrams and the quality report), and check that the site's
// prepared "query this resource" query parses. Runs on a worker thread during builds
// (src/query/query-files-in-worker.ts); any failing query fails the build, naming its file and line.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { GraphStore } from '../load/graph-store.ts';
import { compareStrings } from '../describe/describe.ts';
import type { QueryRun } from '../render/gallery.ts';
import { DEFAULT_QUERY_TIMEOUT_MS } from '../config.ts';
import { bindQueryParameters, loadQueryFile, type QueryFile, type Row } from './query.ts';
import { createQueryEngine, parseQuery, runQuery, type SparqlEngine } from './comunica-engine.ts';
import { SITE_QUERIES, SITE_QUERY_NAMES, mapSiteQueries, type SiteQueryName, type SiteQueryRows } from '../render/strategy-data.ts';

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
    const query = await loadQueryFile(path.join(job.queriesDir, name));
    runs.push(await runQueryFile(store, { ...query, file: path.relative(job.rootDir, query.file) }, active, job.timeoutMs));
  }
  return runs;
}

/** Run one query file with its parameters' defaults, as the build does; an error names the file. */
export async function runQueryFile(store: GraphStore, query: QueryFile, engine: SparqlEngine, timeoutMs = DEFAULT_QUERY_TIMEOUT_MS): Promise<QueryRun> {
  try {
    return { query, result: await runQuery(store, query.text, { engine, bindings: bindQueryParameters(query), timeoutMs, file: query.file }) };
  } catch (error) {
    // Name the query: a time limit or an evaluation error says nothing of which one it stopped.
    if (error instanceof Error && !error.message.startsWith(query.file)) error.message = `${query.file}: ${error.message}`;
    throw error;
  }
}

/** Run the site's own queries (queries/site/, each a SELECT) and return their rows by name. */
export async function runSiteQueries(store: GraphStore, job: Pick<QueryFilesJob, 'queriesDir' | 'rootDir' | 'timeoutMs'>, engine: SparqlEngine): Promise<SiteQueryRows> {
  const rows = new Map<SiteQueryName, readonly Row[]>();
  for (const name of SITE_QUERY_NAMES) {
    const query = await loadQueryFile(path.join(job.queriesDir, 'site', SITE_QUERIES[name]));
    const { result } = await runQueryFile(store, { ...query, file: path.relative(job.rootDir, query.file) }, engine, job.timeoutMs);
    if (result.type !== 'bindings') throw new Error(`${path.relative(job.rootDir, query.file)}: the site's queries must be SELECT queries`);
    rows.set(name, result.rows);
  }
  return mapSiteQueries(SITE_QUERIES, (_, name) => rows.get(name) ?? []);
}

/** Read the prepared "query this resource" query and check that it parses; return its text. */
export async function loadResourceQuery(job: QueryFilesJob, engine: SparqlEngine = createQueryEngine({ baseIri: job.baseIri })): Promise<string> {
  const text = await readFile(job.resourceQueryFile, 'utf8');
  parseQuery(engine, text.replace(/\?resource\b/g, `<${job.baseIri}example>`), path.relative(job.rootDir, job.resourceQueryFile));
  return text;
}
