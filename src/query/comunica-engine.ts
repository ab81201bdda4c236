// Stage 3, query: SPARQL 1.1 over the loaded graph with Comunica. Parses a query (ours or a user's) into Comunica's
// algebra, binds parameters as initial bindings, and runs it under a time limit that really stops the work. The
// results' shape, the errors, query files and the result formats are src/query/query.ts's.
import { createRequire } from 'node:module';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import type * as RDF from '@rdfjs/types';
import { empty } from 'asynciterator';
import type { GraphStore } from '../load/graph-store.ts';
import { DEFAULT_BASE_IRI, createPrefixes, type PrefixMap } from '../prefixes.ts';
import { canonicalizeGraph } from '../describe/write-rdf.ts';
import { QueryEvaluationError, QueryRefusedError, QueryTimeoutError, SparqlSyntaxError, SparqlUpdateError, type QueryForm, type QueryResult } from './query.ts';
import { QUERY_REFUSALS, findComunicaParser, parseSparqlText, rebaseIri } from './sparql-parse.ts';

// Comunica loads the CommonJS builds of the SPARQL parser, its algebra and data factory; take the same builds,
// so that the modules are loaded once and Comunica's own parser instance can be shared (see findComunicaParser).
// src/cli/run-bundled.mjs bundles these literal requireCjs('…') calls as require() calls, to the same effect.
const requireCjs = createRequire(import.meta.url);
const { Parser: SparqlParser } = requireCjs('@traqula/parser-sparql-1-2') as typeof import('@traqula/parser-sparql-1-2');
const { toAlgebra } = requireCjs('@traqula/algebra-sparql-1-2') as typeof import('@traqula/algebra-sparql-1-2');
const { DataFactory: ComunicaDataFactory } = requireCjs('rdf-data-factory') as typeof import('rdf-data-factory');
type SparqlParser = import('@traqula/parser-sparql-1-2').Parser;
type ComunicaDataFactory = import('rdf-data-factory').DataFactory;

/** Everything needed to run queries: build once per process (building the parser and Comunica is the slow part). */
export interface SparqlEngine {
  readonly baseIri: string;
  readonly prefixes: PrefixMap;
  readonly comunica: QueryEngine;
  readonly parser: SparqlParser;
  readonly dataFactory: ComunicaDataFactory;
  readonly bindingsFactory: BindingsFactory;
}

/** Create a query engine for graphs minted under the given base IRI (the default base unless told otherwise). */
export function createQueryEngine(options: { baseIri?: string } = {}): SparqlEngine {
  const baseIri = options.baseIri ?? DEFAULT_BASE_IRI;
  const dataFactory = new ComunicaDataFactory();
  const comunica = new QueryEngine();
  return {
    baseIri,
    prefixes: createPrefixes(baseIri),
    comunica,
    parser: findComunicaParser(comunica, SparqlParser) ?? new SparqlParser({ lexerConfig: { positionTracking: 'full' } }),
    dataFactory,
    bindingsFactory: new BindingsFactory(dataFactory),
  };
}

// ---------------------------------------------------------------- parsing

type Operation = ReturnType<typeof toAlgebra>;

export interface ParsedQuery {
  readonly form: QueryForm;
  readonly operation: Operation;
}

/** Parse a SPARQL query into Comunica's algebra with our prefixes predeclared (src/query/sparql-parse.ts); throws SparqlSyntaxError or QueryRefusedError. */
export function parseQuery(engine: SparqlEngine, text: string, file = '<query>'): ParsedQuery {
  const outcome = parseSparqlText({ parser: engine.parser, toAlgebra, dataFactory: engine.dataFactory }, text, { prefixes: engine.prefixes, baseIri: engine.baseIri });
  if (outcome.ok) return { form: outcome.form, operation: outcome.operation };
  if (outcome.kind === 'syntax') throw new SparqlSyntaxError(file, outcome.line, outcome.column, outcome.reason);
  throw outcome.reason === QUERY_REFUSALS.update ? new SparqlUpdateError(file) : new QueryRefusedError(file, outcome.reason);
}

// ---------------------------------------------------------------- running

export interface RunQueryOptions {
  /** A prepared engine; one is created when absent (slower: build one per process and pass it). */
  readonly engine?: SparqlEngine;
  /** Values for variables of the query, applied as Comunica initial bindings (never spliced into the text). */
  readonly bindings?: Readonly<Record<string, RDF.Term>>;
  /** Stop the query after this many milliseconds (0 or absent: no limit). */
  readonly timeoutMs?: number;
  /** Stop the query when this signal aborts. */
  readonly signal?: AbortSignal;
  /** The file the query came from, for error messages. */
  readonly file?: string;
}

// The store as Comunica's source, cut off by the signal: once the query is aborted, every open scan is closed and
// every new one is empty, which tears Comunica's pipeline down instead of letting it run on in the background.
// Scans are the store's own iterators, and Comunica reads bindings straight from the store's indexes
// (matchBindings) rather than quads it must turn into bindings.
function createAbortableSource(store: GraphStore, signal: AbortSignal): RDF.Source & Pick<GraphStore, 'countQuads' | 'matchBindings' | 'features'> {
  const open = new Set<{ close(): void }>();
  signal.addEventListener(
    'abort',
    () => {
      // Closing ends a scan quietly: runQuery rejects through the signal, and an error thrown into Comunica's
      // pipeline here would surface as an unhandled rejection.
      for (const scan of open) scan.close();
      open.clear();
    },
    { once: true },
  );
  const track = <T extends { close(): void; once(event: 'end', listener: () => void): unknown }>(scan: T): T => {
    open.add(scan);
    scan.once('end', () => open.delete(scan));
    return scan;
  };
  return {
    features: store.features,
    // asynciterator's types, reached once through its CommonJS and once through its ES module entry, are one class
    // at run time but two to TypeScript.
    match: (subject, predicate, object, graph) =>
      signal.aborted ? (empty<RDF.Quad>() as unknown as ReturnType<GraphStore['match']>) : track(store.match(subject ?? null, predicate ?? null, object ?? null, graph ?? null)),
    matchBindings: (factory, subject, predicate, object, graph) =>
      signal.aborted ? (empty<RDF.Bindings>() as unknown as ReturnType<GraphStore['matchBindings']>) : track(store.matchBindings(factory, subject, predicate, object, graph)),
    countQuads: (s, p, o, g) => store.countQuads(s, p, o, g),
  };
}

function rebaseTermFor(term: RDF.Term, engine: SparqlEngine): RDF.Term {
  return term.termType === 'NamedNode' ? engine.dataFactory.namedNode(rebaseIri(term.value, engine.baseIri)) : term;
}

function collect<T>(stream: RDF.ResultStream<T>, signal: AbortSignal): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    const onAbort = (): void => {
      // Comunica's pipeline may still emit the abort as an error: listen, so that it is not an uncaught one.
      stream.on('error', () => undefined);
      (stream as { destroy?: () => void }).destroy?.();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (item: T) => items.push(item));
    stream.on('error', (error: Error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    const end = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve(items);
    };
    stream.on('end', end);
    // An empty result can end before anyone listens (an ORDER BY with no solutions does, while the metadata is
    // awaited): asynciterator emits 'end' once, so a stream already done would otherwise be waited for forever.
    if ((stream as { done?: boolean }).done) end();
  });
}

/** Run one SPARQL query over the store and return its whole result, typed by the query form. */
export async function runQuery(store: GraphStore, queryText: string, options: RunQueryOptions = {}): Promise<QueryResult> {
  const engine = options.engine ?? createQueryEngine();
  const file = options.file ?? '<query>';
  const parsed = parseQuery(engine, queryText, file);
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? 0;
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(new QueryTimeoutError(timeoutMs)), timeoutMs) : undefined;
  const forward = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) forward();
  const signal = controller.signal;
  try {
    signal.throwIfAborted();
    const entries = Object.entries(options.bindings ?? {}).map(
      ([name, term]) => [engine.dataFactory.variable(name.replace(/^[?$]/, '')), rebaseTermFor(term, engine)] as [RDF.Variable, RDF.Term],
    );
    const context = {
      sources: [createAbortableSource(store, signal)],
      readOnly: true,
      distinctConstruct: true,
      baseIRI: engine.baseIri,
      ...(entries.length > 0 ? { initialBindings: engine.bindingsFactory.bindings(entries) } : {}),
    };
    const result = await engine.comunica.query(parsed.operation as Parameters<QueryEngine['query']>[0], context as never);
    signal.throwIfAborted();
    if (result.resultType === 'bindings') {
      const stream = await result.execute();
      const metadata = await result.metadata();
      const variables = (metadata.variables as unknown as Array<RDF.Variable | { variable: RDF.Variable }>).map((v) =>
        'variable' in v ? v.variable.value : v.value,
      );
      const solutions = await collect(stream, signal);
      const rows = solutions.map((bindings) => {
        const row: Record<string, RDF.Term> = {};
        for (const [variable, term] of bindings) row[variable.value] = term;
        return row;
      });
      return { type: 'bindings', variables, rows };
    }
    if (result.resultType === 'boolean') {
      const value = await Promise.race([
        result.execute(),
        new Promise<never>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
      ]);
      return { type: 'boolean', value };
    }
    if (result.resultType === 'quads') {
      const quads = (await collect(await result.execute(), signal)) as RDF.Quad[];
      return { type: 'quads', quads: (await canonicalizeGraph(quads)).quads };
    }
    throw new QueryEvaluationError(file, `unsupported result type "${result.resultType}"`);
  } catch (error) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
    if (error instanceof QueryEvaluationError || error instanceof QueryTimeoutError) throw error;
    const reason = (error as Error).message.split('\n')[0] ?? String(error);
    throw new QueryEvaluationError(file, reason);
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
}

