// Stage 3, query: SPARQL 1.1 over the loaded graph with Comunica. Parses a query (ours or a user's) into Comunica's
// algebra, binds parameters as initial bindings, and runs it under a time limit that really stops the work. The
// results' shape, the errors, query files and the result formats are src/query.ts's.
import { createRequire } from 'node:module';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import type * as RDF from '@rdfjs/types';
import { empty } from 'asynciterator';
import type { GraphStore } from './graph-store.ts';
import { DEFAULT_BASE_IRI, createPrefixes, type PrefixMap } from './prefixes.ts';
import { labelBlankNodes } from './serialize.ts';
import { QueryEvaluationError, QueryTimeoutError, SparqlSyntaxError, SparqlUpdateError, fixIri, type QueryForm, type QueryResult } from './query.ts';

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

interface ActorsOf<T> {
  readonly bus?: { readonly actors?: readonly T[] };
}

// Comunica already builds a SPARQL parser (the same package and version) inside its parse actor; building a second
// one costs about 0.3 s of start-up, so reuse it when it can be found, and build our own otherwise.
function findComunicaParser(comunica: QueryEngine): SparqlParser | undefined {
  const init = (comunica as unknown as { actorInitQuery?: { mediatorQueryProcess?: ActorsOf<{ mediatorQueryParse?: ActorsOf<{ parser?: unknown }> }> } }).actorInitQuery;
  for (const process of init?.mediatorQueryProcess?.bus?.actors ?? []) {
    for (const actor of process.mediatorQueryParse?.bus?.actors ?? []) {
      if (actor.parser instanceof SparqlParser) return actor.parser;
    }
  }
  return undefined;
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
    parser: findComunicaParser(comunica) ?? new SparqlParser({ lexerConfig: { positionTracking: 'full' } }),
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

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

// The parser lists every token it would have accepted (up to a hundred); keep the first few and what it found.
function shortenReason(reason: string): string {
  const found = /but found:? (?:--> )?'(.*?)'(?: <--)?\s*$/s.exec(reason);
  const expected = [...reason.matchAll(/\[([^\]\n]+)\]/g)].map((m) => m[1]!);
  if (found && expected.length > 1) {
    const shown = expected.slice(0, 6).join(', ');
    const more = expected.length > 6 ? ` or ${expected.length - 6} more` : '';
    return `${found[1] === '' ? 'unexpected end of query' : `unexpected '${found[1]}'`}; expected ${shown}${more}`;
  }
  const single = /Expecting --> (.*?) <-- but found --> '(.*?)' <--/s.exec(reason);
  if (single) return `${single[2] === '' ? 'unexpected end of query' : `unexpected '${single[2]}'`}; expected ${single[1]}`;
  return reason.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
}

/** Find line and column of a parser error from its message (the SPARQL parser names no position for some errors). */
export function locateSparqlError(message: string, text: string): { line: number; column: number; reason: string } {
  const caret = /^Parse error on line (\d+)\n[^\n]*\n(-*)\^\n([\s\S]*)$/.exec(message);
  if (caret) return { line: Number(caret[1]), column: (caret[2] ?? '').length + 1, reason: shortenReason(caret[3] ?? '') };
  const reason = shortenReason(message.replace(/^Parse error\n?/, ''));
  const offset = /at offset: (\d+)/.exec(message);
  if (offset) return { ...lineColumnAt(text, Number(offset[1])), reason };
  if (/but found:? (?:--> )?''/.test(message)) return { ...lineColumnAt(text, text.trimEnd().length), reason };
  const prefix = /Unknown prefix: ([^\s]*)/.exec(message)?.[1];
  if (prefix !== undefined) {
    const use = new RegExp(`(^|[^\\w:-])${prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}:`, 'mu').exec(text);
    if (use) return { ...lineColumnAt(text, use.index + use[1]!.length), reason };
  }
  if (/projection/i.test(message) && /\bSELECT\b/i.test(text)) return { ...lineColumnAt(text, text.search(/\bSELECT\b/i)), reason };
  const variable = /variable \?(\w+)|\?(\w+)/i.exec(message);
  const name = variable?.[1] ?? variable?.[2];
  if (name) {
    const found = text.search(new RegExp(`[?$]${name}\\b`));
    if (found >= 0) return { ...lineColumnAt(text, found), reason };
  }
  return { line: 1, column: 1, reason };
}


function mapIris<T>(value: T, map: (iri: string) => string, factory: ComunicaDataFactory, seen = new Map<object, unknown>()): T {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (Array.isArray(value)) {
    const mapped = value.map((item) => mapIris(item, map, factory, seen));
    const result = mapped.every((item, i) => item === value[i]) ? value : mapped;
    seen.set(value, result);
    return result as T;
  }
  const record = value as Record<string, unknown>;
  if (record.termType === 'NamedNode' && typeof record.value === 'string' && Object.keys(record).every((k) => k === 'termType' || k === 'value')) {
    const iri = map(record.value);
    return (iri === record.value ? value : factory.namedNode(iri)) as T;
  }
  let changed = false;
  const entries = Object.entries(record).map(([key, item]) => {
    const mapped = mapIris(item, map, factory, seen);
    if (mapped !== item) changed = true;
    return [key, mapped] as const;
  });
  if (!changed) {
    seen.set(value, value);
    return value;
  }
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  for (const [key, item] of entries) copy[key] = item;
  seen.set(value, copy);
  return copy as T;
}

/** Parse a SPARQL query into Comunica's algebra with our prefixes predeclared; throws SparqlSyntaxError or SparqlUpdateError. */
export function parseQuery(engine: SparqlEngine, text: string, file = '<query>'): ParsedQuery {
  let ast: ReturnType<SparqlParser['parse']>;
  let operation: Operation;
  const prefixes = { ...engine.prefixes };
  try {
    ast = engine.parser.parse(text, { prefixes, baseIRI: engine.baseIri });
  } catch (error) {
    const { line, column, reason } = locateSparqlError((error as Error).message, text);
    throw new SparqlSyntaxError(file, line, column, reason);
  }
  if (ast.type === 'update') throw new SparqlUpdateError(file);
  try {
    operation = toAlgebra(ast, { quads: true, prefixes, blankToVariable: true, baseIRI: engine.baseIri, dataFactory: engine.dataFactory });
  } catch (error) {
    const { line, column, reason } = locateSparqlError((error as Error).message, text);
    throw new SparqlSyntaxError(file, line, column, reason);
  }
  return { form: ast.subType as QueryForm, operation: mapIris(operation, (iri) => fixIri(iri, engine.baseIri), engine.dataFactory) };
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
  return term.termType === 'NamedNode' ? engine.dataFactory.namedNode(fixIri(term.value, engine.baseIri)) : term;
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
      return { type: 'quads', quads: labelBlankNodes(quads) };
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

