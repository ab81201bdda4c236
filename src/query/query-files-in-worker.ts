// The query stage on a thread of its own: on two cores the gallery's and the site's queries run beside validation
// and the composer's own work, and the composer never loads Comunica. The worker (src/query/query-files-worker.ts) loads
// its own copy of the graph and answers with plain data, turned back into terms here.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { QueryRun } from '../render/gallery.ts';
import type { QueryFilesJob } from './run-query-files.ts';
import type { QueryFile, QueryParameter, QueryResult, Row } from './query.ts';
import { mapSiteQueries, type SiteQueryName, type SiteQueryRows } from '../render/strategy-data.ts';
import { createStageCache, hashInputs, runCachedWorkerJob, type StageCache } from '../publish/stage-cache.ts';
import type { WorkerJob } from '../publish/workers.ts';

/** A term as plain data, to cross a thread boundary. */
export type PlainTerm = { readonly t: 'iri' | 'bnode' | 'literal'; readonly v: string; readonly lang?: string; readonly dt?: string };
export type PlainRow = Readonly<Record<string, PlainTerm>>;
export type PlainResult =
  | { readonly type: 'bindings'; readonly variables: readonly string[]; readonly rows: readonly PlainRow[] }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'quads'; readonly quads: ReadonlyArray<readonly [PlainTerm, PlainTerm, PlainTerm]> };

/** Turn a term into plain data. */
export function toPlainTerm(term: RDF.Term): PlainTerm {
  if (term.termType === 'NamedNode') return { t: 'iri', v: term.value };
  if (term.termType === 'BlankNode') return { t: 'bnode', v: term.value };
  if (term.termType === 'Literal') return term.language ? { t: 'literal', v: term.value, lang: term.language } : { t: 'literal', v: term.value, dt: term.datatype.value };
  throw new Error(`cannot pass a ${term.termType} between threads`);
}

function fromPlainTerm(term: PlainTerm): RDF.Term {
  if (term.t === 'iri') return DataFactory.namedNode(term.v);
  if (term.t === 'bnode') return DataFactory.blankNode(term.v);
  return DataFactory.literal(term.v, term.lang ?? (term.dt ? DataFactory.namedNode(term.dt) : undefined));
}

/** Turn the rows of a SELECT result into plain data. */
export function toPlainRows(rows: readonly Row[]): PlainRow[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toPlainTerm(v)])));
}

function fromPlainRows(rows: readonly PlainRow[]): Row[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromPlainTerm(v)])));
}

/** Turn a query result into plain data. */
export function toPlainResult(result: QueryResult): PlainResult {
  if (result.type === 'boolean') return result;
  if (result.type === 'quads') return { type: 'quads', quads: result.quads.map((q) => [toPlainTerm(q.subject), toPlainTerm(q.predicate), toPlainTerm(q.object)] as const) };
  return { type: 'bindings', variables: result.variables, rows: toPlainRows(result.rows) };
}

function fromPlainResult(result: PlainResult): QueryResult {
  if (result.type === 'boolean') return result;
  if (result.type === 'quads') return { type: 'quads', quads: result.quads.map(([s, p, o]) => DataFactory.quad(fromPlainTerm(s) as never, fromPlainTerm(p) as never, fromPlainTerm(o) as never)) };
  return { type: 'bindings', variables: result.variables, rows: fromPlainRows(result.rows) };
}

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
