// The query page's Web Worker: loads the site's own dump into an n3 Store and answers SPARQL with Comunica.
// The dump's address comes in the worker's own URL (?data=…), so that its download starts before Comunica loads.
import type { QueryEngine as QueryEngineClass } from '@comunica/query-sparql-rdfjs';
import type { ActorQueryResultSerializeSparqlJson as SparqlJsonClass } from '@comunica/actor-query-result-serialize-sparql-json';
import { DataFactory, Parser, Store, Writer, type Quad } from 'n3';
import { describeMissingResources, listBaseIris } from '../query/missing-resources.ts';
import { QUERY_REFUSALS, describeSyntaxError, findComunicaParser, parseSparqlText, type SparqlTools } from '../query/sparql-parse.ts';
import { MEDIA_TYPES, type PageToWorker, type ResultKind, type WorkerToPage } from './protocol.ts';

interface WorkerScope {
  location: { href: string; origin: string };
  fetch: typeof fetch;
  postMessage(message: WorkerToPage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PageToWorker>) => void): void;
}

/** Read a Node-style stream of text chunks into one string. */
function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: string[] = [];
    stream.on('data', (chunk) => parts.push(String(chunk)));
    stream.on('error', reject);
    stream.on('end', () => resolve(parts.join('')));
  });
}

/** A fetch that refuses every address outside the site, so that no query (SERVICE, LOAD) reaches the outside. */
function createSameOriginFetch(scope: WorkerScope): typeof fetch {
  const original = scope.fetch.bind(scope);
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), scope.location.href);
    if (url.origin !== scope.location.origin) return Promise.reject(new Error(`Only this site's own data can be queried; refused ${url.href}`));
    return original(input, init);
  };
}

async function loadStore(text: Promise<string>, url: string): Promise<Store> {
  const format = /\.nt$/.test(new URL(url).pathname) ? 'N-Triples' : 'Turtle';
  return new Store(new Parser({ format, baseIRI: url }).parse(await text));
}

/** Keep one of each triple: a CONSTRUCT template repeats a triple for every solution that makes it. */
function dropDuplicates(quads: readonly Quad[]): Quad[] {
  const seen = new Set<string>();
  const key = (t: Quad['subject'] | Quad['object']): string =>
    t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
  return quads.filter((q) => {
    const k = `${key(q.subject)} ${q.predicate.value} ${key(q.object)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Write quads as Turtle, declaring only the prefixes they use. */
function writeTurtle(quads: readonly Quad[], prefixes: Readonly<Record<string, string>>): Promise<string> {
  const used: Record<string, string> = {};
  for (const quad of quads) {
    for (const term of [quad.subject, quad.predicate, quad.object]) {
      if (term.termType !== 'NamedNode') continue;
      for (const [name, ns] of Object.entries(prefixes)) if (term.value.startsWith(ns)) used[name] = ns;
    }
  }
  return new Promise((resolve, reject) => {
    const writer = new Writer({ format: 'text/turtle', prefixes: used });
    writer.addQuads([...quads]);
    writer.end((error, text: string) => (error ? reject(error) : resolve(text)));
  });
}

/**
 * Evaluate Comunica's large module only after the dump's download has started
 * (esbuild bundles a require() of an ES module as a lazily initialised module).
 */
function loadQueryEngine(): { QueryEngine: typeof QueryEngineClass; toJsonTerm: (typeof SparqlJsonClass)['bindingToJsonBindings']; createTools(engine: QueryEngineClass): Tools } {
  const { QueryEngine } = require('@comunica/query-sparql-rdfjs') as { QueryEngine: typeof QueryEngineClass };
  const { ActorQueryResultSerializeSparqlJson } = require('@comunica/actor-query-result-serialize-sparql-json') as { ActorQueryResultSerializeSparqlJson: typeof SparqlJsonClass };
  // The CommonJS builds Comunica itself requires, so that the bundle holds one copy of each.
  const { Parser } = require('@traqula/parser-sparql-1-2') as typeof import('@traqula/parser-sparql-1-2');
  const { toAlgebra } = require('@traqula/algebra-sparql-1-2') as typeof import('@traqula/algebra-sparql-1-2');
  const { DataFactory } = require('rdf-data-factory') as typeof import('rdf-data-factory');
  return {
    QueryEngine,
    toJsonTerm: (term) => ActorQueryResultSerializeSparqlJson.bindingToJsonBindings(term),
    createTools: (engine) => ({ parser: findComunicaParser(engine, Parser) ?? new Parser(), toAlgebra: toAlgebra as unknown as Tools['toAlgebra'], dataFactory: new DataFactory() }),
  };
}

type Tools = SparqlTools<unknown, import('rdf-data-factory').DataFactory>;

/** Parse a query as every entry point does (src/query/sparql-parse.ts); a syntax error or a refusal becomes an Error in plain words. */
function parseForComunica(tools: Tools, query: string, prefixes: Readonly<Record<string, string>>, baseIri: string): unknown {
  const outcome = parseSparqlText(tools, query, { prefixes, baseIri });
  if (outcome.ok) return outcome.operation;
  throw new Error(outcome.kind === 'syntax' ? describeSyntaxError(query, outcome.line, outcome.column, outcome.reason) : outcome.reason);
}

/** Wire the worker: fetch the dump named by ?data=, then answer each 'query' message with a 'result' or an 'error'. */
function startQueryWorker(scope: WorkerScope): void {
  const guardedFetch = createSameOriginFetch(scope);
  scope.fetch = guardedFetch;
  const dataParam = new URL(scope.location.href).searchParams.get('data');
  const dataUrl = new URL(dataParam ?? '../downloads/cbss-car.nt', scope.location.href).href;
  const text = guardedFetch(dataUrl).then((response) => {
    if (!response.ok) throw new Error(`Could not load the data (${dataUrl}): HTTP ${response.status}`);
    return response.text();
  });
  const store = loadStore(text, dataUrl);
  store.then(
    (loaded) => scope.postMessage({ type: 'loaded', triples: loaded.size }),
    (error: Error) => scope.postMessage({ type: 'error', id: -1, message: error.message }),
  );
  const { QueryEngine, toJsonTerm, createTools } = loadQueryEngine();
  const engine = new QueryEngine();
  const tools = createTools(engine);
  let heldIris: { base: string; iris: string[] } | undefined;

  /** Notes for the IRIs under the base that the query names and the graph lacks; the graph's own IRIs are listed only when one is missing. */
  function noteMissing(loaded: Store, operation: unknown, baseIri: string, prefixes: Readonly<Record<string, string>>): string[] {
    const missing = listBaseIris(operation, baseIri).filter((iri) => {
      const term = DataFactory.namedNode(iri);
      return loaded.countQuads(term, null, null, null) + loaded.countQuads(null, term, null, null) + loaded.countQuads(null, null, term, null) === 0;
    });
    if (missing.length === 0) return [];
    if (heldIris?.base !== baseIri) {
      const iris = new Set<string>();
      for (const quad of loaded) for (const term of [quad.subject, quad.predicate, quad.object]) if (term.termType === 'NamedNode' && term.value.startsWith(baseIri)) iris.add(term.value);
      heldIris = { base: baseIri, iris: [...iris] };
    }
    return describeMissingResources(missing, heldIris.iris, prefixes);
  }

  async function answer(id: number, query: string, requested: string | undefined, prefixes: Readonly<Record<string, string>>, baseIri: string): Promise<WorkerToPage> {
    const operation = parseForComunica(tools, query, prefixes, baseIri);
    const loaded = await store;
    const notes = noteMissing(loaded, operation, baseIri, prefixes);
    const noted = notes.length > 0 ? { notes } : {};
    const sources = [loaded];
    const context = { sources, fetch: guardedFetch, baseIRI: baseIri, '@comunica/bus-query-operation:readOnly': true } as unknown as Parameters<QueryEngineClass['query']>[1];
    const result = await engine.query(operation as Parameters<QueryEngineClass['query']>[0], context);
    const kind = result.resultType as ResultKind;
    if (kind === 'void') throw new Error(QUERY_REFUSALS.update);
    // SPARQL JSON, for the table, is written here from the solutions: several times faster than resultToString.
    if (result.resultType === 'bindings' && (requested === undefined || requested === MEDIA_TYPES.json)) {
      const solutions = await (await result.execute()).toArray();
      const metadata = await result.metadata();
      const vars = (metadata.variables as unknown as ({ variable: { value: string } } | { value: string })[]).map((v) => ('variable' in v ? v.variable.value : v.value));
      const bindings = solutions.map((solution) => Object.fromEntries([...solution].map(([variable, term]) => [variable.value, toJsonTerm(term)])));
      return { type: 'result', id, kind, mediaType: MEDIA_TYPES.json, body: JSON.stringify({ head: { vars }, results: { bindings } }), count: bindings.length, ...noted };
    }
    if (result.resultType === 'boolean' && (requested === undefined || requested === MEDIA_TYPES.json)) {
      return { type: 'result', id, kind, mediaType: MEDIA_TYPES.json, body: JSON.stringify({ head: {}, boolean: await result.execute() }), ...noted };
    }
    if (result.resultType === 'quads' && (requested === undefined || requested === MEDIA_TYPES.turtle)) {
      const quads = dropDuplicates((await (await result.execute()).toArray()) as unknown as Quad[]);
      return { type: 'result', id, kind, mediaType: MEDIA_TYPES.turtle, body: await writeTurtle(quads, prefixes), count: quads.length, ...noted };
    }
    const mediaType = requested ?? (kind === 'quads' ? MEDIA_TYPES.turtle : MEDIA_TYPES.json);
    const { data } = await engine.resultToString(result, mediaType);
    return { type: 'result', id, kind, mediaType, body: await readStream(data), ...noted };
  }

  scope.addEventListener('message', (event) => {
    const message = event.data;
    answer(message.id, message.query, message.mediaType, message.prefixes ?? {}, message.baseIri ?? new URL('/', scope.location.href).href).then(
      (reply) => scope.postMessage(reply),
      (error: unknown) => scope.postMessage({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
}

startQueryWorker(self as unknown as WorkerScope);
