// The query stage at build time: run every competency question of queries/ over the graph (for the gallery) and
// the site's own queries of queries/site/ (for the diagrams and the quality report), and check that the site's
// prepared "query this resource" query parses. Oxigraph answers (src/query/oxigraph-engine.ts); any failing query
// fails the build, naming its file and line.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { GraphStore } from '../load/graph-store.ts';
import { compareStrings } from '../describe/describe.ts';
import type { QueryRun } from '../render/gallery.ts';
import { DEFAULT_BASE_IRI } from '../prefixes.ts';
import { bindQueryParameters, loadQueryFile, type QueryFile, type Row } from './query.ts';
import { evaluateQuery, parseQuery, prepareQuery, readAnswer } from './oxigraph-engine.ts';
import { getOxigraphStore } from './oxigraph-store.ts';
import { startQueryRunner, type QueryRunner } from './time-limit.ts';
import { SITE_QUERIES, SITE_QUERY_NAMES, mapSiteQueries, type SiteQueryName, type SiteQueryRows } from '../render/strategy-data.ts';

/** Where the query stage finds its queries, and the base the graph is under. */
export interface QueryFilesJob {
  readonly queriesDir: string;
  readonly rootDir: string;
  readonly baseIri: string;
  /** The site's prepared query for one resource (?resource stands for it). */
  readonly resourceQueryFile: string;
  /**
   * The time limit of each query. Given, the queries run on a thread that is stopped at the limit
   * (src/query/time-limit.ts), which holds a second copy of the graph; absent, in this thread, without a limit.
   */
  readonly timeoutMs?: number;
  /** A runner already started over the graph (the build's, shared with the checks): used instead of a new one. */
  readonly runner?: QueryRunner;
}

// Run one query file with its parameters' defaults, in this thread or on the runner's; an error names the file.
async function runOne(store: GraphStore, query: QueryFile, baseIri: string, runner?: QueryRunner): Promise<QueryRun> {
  try {
    const prepared = prepareQuery(query.text, { baseIri, bindings: bindQueryParameters(query), file: query.file });
    const result = runner ? await runner.run(prepared, query.file) : await readAnswer(prepared.form, evaluateQuery(getOxigraphStore(store), prepared, query.file));
    return { query, result };
  } catch (error) {
    // Name the query: a time limit or an evaluation error says nothing of which one it stopped.
    if (error instanceof Error && !error.message.startsWith(query.file)) error.message = `${query.file}: ${error.message}`;
    throw error;
  }
}

/** Run one query file with its parameters' defaults, as the build does (in this thread); an error names the file. */
export function runQueryFile(store: GraphStore, query: QueryFile, baseIri: string = DEFAULT_BASE_IRI): Promise<QueryRun> {
  return runOne(store, query, baseIri);
}

async function runEach(store: GraphStore, queries: readonly QueryFile[], job: Pick<QueryFilesJob, 'baseIri' | 'timeoutMs' | 'runner'>): Promise<QueryRun[]> {
  const runner = job.runner ?? (job.timeoutMs ? startQueryRunner(store, { timeoutMs: job.timeoutMs }) : undefined);
  try {
    const runs: QueryRun[] = [];
    for (const query of queries) runs.push(await runOne(store, query, job.baseIri, runner));
    return runs;
  } finally {
    if (!job.runner) await runner?.close();
  }
}

async function loadRelative(file: string, rootDir: string): Promise<QueryFile> {
  const query = await loadQueryFile(file);
  return { ...query, file: path.relative(rootDir, query.file) };
}

/** Run every .rq file of the queries folder (sorted) with its default parameters; a missing folder gives none. */
export async function runQueryFiles(store: GraphStore, job: QueryFilesJob): Promise<QueryRun[]> {
  let names: string[];
  try {
    names = (await readdir(job.queriesDir)).filter((n) => n.endsWith('.rq')).sort(compareStrings);
  } catch {
    return [];
  }
  return runEach(store, await Promise.all(names.map((name) => loadRelative(path.join(job.queriesDir, name), job.rootDir))), job);
}

/** Run the site's own queries (queries/site/, each a SELECT) and return their rows by name. */
export async function runSiteQueries(store: GraphStore, job: Pick<QueryFilesJob, 'queriesDir' | 'rootDir' | 'baseIri' | 'timeoutMs'>): Promise<SiteQueryRows> {
  const queries = await Promise.all(SITE_QUERY_NAMES.map((name) => loadRelative(path.join(job.queriesDir, 'site', SITE_QUERIES[name]), job.rootDir)));
  const runs = await runEach(store, queries, job);
  const rows = new Map<SiteQueryName, readonly Row[]>();
  runs.forEach(({ query, result }, i) => {
    if (result.type !== 'bindings') throw new Error(`${query.file}: the site's queries must be SELECT queries`);
    rows.set(SITE_QUERY_NAMES[i]!, result.rows);
  });
  return mapSiteQueries(SITE_QUERIES, (_, name) => rows.get(name) ?? []);
}

/** Read the prepared "query this resource" query and check that it parses; return its text. */
export async function loadResourceQuery(job: QueryFilesJob): Promise<string> {
  const text = await readFile(job.resourceQueryFile, 'utf8');
  parseQuery(text.replace(/\?resource\b/g, `<${job.baseIri}example>`), { baseIri: job.baseIri, file: path.relative(job.rootDir, job.resourceQueryFile) });
  return text;
}
