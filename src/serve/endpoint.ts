// A read-only SPARQL 1.1 Protocol endpoint over the graph (https://www.w3.org/TR/sparql11-protocol/):
// GET ?query=…, POST application/sparql-query or application/x-www-form-urlencoded; results by the Accept header
// (the `negotiator` package); every SPARQL Update refused; CORS for browser clients; parameters bound, not spliced:
// the defaults of the query's `# param:` comment lines, overridden by `$name=<term>` request parameters (as in
// RDF4J's protocol). Oxigraph answers (src/query/oxigraph-engine.ts), on threads that are stopped at the time limit
// (src/query/time-limit.ts); the query is parsed here first, so a malformed one gets its 400 at once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as RDF from '@rdfjs/types';
import Negotiator from 'negotiator';
import { DataFactory } from 'n3';
import type { GraphStore } from '../load/graph-store.ts';
import { DEFAULT_BASE_IRI, createPrefixes, type PrefixMap } from '../prefixes.ts';
import { QueryHeaderError, QueryParameterError, QueryTimeoutError, SparqlSyntaxError, QueryRefusedError, parseTerm, readParameterDefaults, type QueryResult } from '../query/query.ts';
import { MEDIA_TYPES, formatResult, resultTypeOf, type ResultFormat } from '../query/result-formats.ts';
import { prepareQuery } from '../query/oxigraph-engine.ts';
import { startQueryRunner, type QueryRunner } from '../query/time-limit.ts';

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const W3C_FORMATS = 'http://www.w3.org/ns/formats/';

export interface EndpointOptions {
  /** Base IRI the graph is minted under (default: the project's). */
  readonly baseIri?: string;
  /** Time limit per query, in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Threads that run queries (default 2). */
  readonly workers?: number;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Address to listen on (default 127.0.0.1: this machine only). */
  readonly host?: string;
  /** Port to listen on (default 3030; 0 picks a free one). */
  readonly port?: number;
}

// SELECT and ASK results share the SPARQL result formats.
const SOLUTION_MEDIA_TYPES: ReadonlyArray<readonly [string, ResultFormat]> = [
  [MEDIA_TYPES.json, 'json'],
  [MEDIA_TYPES.xml, 'xml'],
  [MEDIA_TYPES.csv, 'csv'],
  [MEDIA_TYPES.tsv, 'tsv'],
  ['application/json', 'json'],
  ['application/xml', 'xml'],
  ['text/xml', 'xml'],
];

/** Media types the endpoint offers for each kind of result, the first being the default; each maps to a format. */
export const RESULT_MEDIA_TYPES: Readonly<Record<QueryResult['type'], ReadonlyArray<readonly [string, ResultFormat]>>> = {
  bindings: SOLUTION_MEDIA_TYPES,
  boolean: SOLUTION_MEDIA_TYPES,
  quads: [
    [MEDIA_TYPES.turtle, 'turtle'],
    [MEDIA_TYPES.jsonld, 'jsonld'],
    [MEDIA_TYPES.ntriples, 'ntriples'],
    ['application/json', 'jsonld'],
    ['text/plain', 'ntriples'],
  ],
};

const W3C_FORMAT_IRIS = ['SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle', 'JSON-LD', 'N-Triples'];

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Readonly<Record<string, string>> = {}) {
    super(message);
  }
}

/** Choose the media type and format for a result from an Accept header; undefined when none fits (406). */
export function negotiateResultFormat(type: QueryResult['type'], accept: string | undefined): { mediaType: string; format: ResultFormat } | undefined {
  const offered = RESULT_MEDIA_TYPES[type];
  const chosen = new Negotiator({ headers: { accept: accept && accept.trim() !== '' ? accept : '*/*' } }).mediaType(offered.map(([m]) => m));
  const match = offered.find(([m]) => m === chosen);
  return match ? { mediaType: match[0], format: match[1] } : undefined;
}

function contentType(mediaType: string): string {
  return /^text\/|\+json$|\+xml$|^application\/(json|xml|n-triples)$/.test(mediaType) ? `${mediaType}; charset=utf-8` : mediaType;
}

// A body over the limit is refused as soon as its declared length (or, without one, its running size) shows it;
// what the client still sends is read and dropped, so that it receives the 413 instead of a reset connection.
function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): HttpError => new HttpError(413, `The request body is larger than ${limit} bytes.`, { Connection: 'close' });
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (chunks.length > 0) {
        chunks.length = 0;
        reject(tooLarge());
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// The query and the parameters of a request, from its URL and, for a POST, its body.
async function readProtocolRequest(req: http.IncomingMessage, url: URL, maxBodyBytes: number): Promise<{ query?: string; params: URLSearchParams }> {
  if (req.method === 'GET' || req.method === 'HEAD') return { query: single(url.searchParams, 'query'), params: url.searchParams };
  if (req.method !== 'POST') throw new HttpError(405, `Method ${req.method} is not allowed; use GET or POST.`, { Allow: 'GET, HEAD, POST, OPTIONS' });
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/sparql-update') throw new HttpError(403, 'This endpoint is read-only: SPARQL Update is not accepted.');
  const body = await readBody(req, maxBodyBytes);
  if (type === 'application/sparql-query') return { query: body, params: url.searchParams };
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(body);
    for (const [key, value] of url.searchParams) form.append(key, value);
    return { query: single(form, 'query'), params: form };
  }
  throw new HttpError(415, 'POST a query as application/sparql-query or application/x-www-form-urlencoded (query=…).');
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new HttpError(400, `Give one "${name}" parameter, not ${values.length}.`);
  return values[0];
}

function readBindings(params: URLSearchParams, prefixes: PrefixMap): Record<string, RDF.Term> {
  const bindings: Record<string, RDF.Term> = {};
  for (const [key, value] of params) {
    if (!key.startsWith('$')) continue;
    const name = key.slice(1);
    if (!/^\w+$/.test(name)) throw new HttpError(400, `"${key}" is not a variable name.`);
    try {
      bindings[name] = parseTerm(value, prefixes);
    } catch (error) {
      throw new HttpError(400, `Parameter ${key}: ${(error as Error).message}; write the value in N-Triples syntax, e.g. <https://…> or "text".`);
    }
  }
  return bindings;
}

function endpointIri(req: http.IncomingMessage, server: http.Server): string {
  const host = req.headers.host ?? '';
  if (/^([\w.-]+|\[[0-9a-fA-F:.]+\])(:\d{1,5})?$/.test(host)) return `http://${host}/sparql`;
  const address = server.address() as AddressInfo | null;
  return `http://127.0.0.1:${address?.port ?? 0}/sparql`;
}

function describeService(endpoint: string, triples: number): QueryResult {
  const { namedNode, blankNode, literal, quad } = DataFactory;
  const service = namedNode(endpoint);
  const dataset = blankNode('dataset');
  const graph = blankNode('graph');
  const rdfType = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
  const quads = [
    quad(service, rdfType, namedNode(SD + 'Service')),
    quad(service, namedNode(SD + 'endpoint'), service),
    quad(service, namedNode(SD + 'supportedLanguage'), namedNode(SD + 'SPARQL11Query')),
    ...W3C_FORMAT_IRIS.map((f) => quad(service, namedNode(SD + 'resultFormat'), namedNode(W3C_FORMATS + f))),
    quad(service, namedNode('http://purl.org/dc/terms/description'), literal('Read-only SPARQL 1.1 endpoint over the CBSS Children at Risk strategy graph. SPARQL Update is refused; each query has a time limit.', 'en')),
    quad(service, namedNode(SD + 'defaultDataset'), dataset),
    quad(dataset, rdfType, namedNode(SD + 'Dataset')),
    quad(dataset, namedNode(SD + 'defaultGraph'), graph),
    quad(graph, rdfType, namedNode(SD + 'Graph')),
    quad(graph, namedNode('http://rdfs.org/ns/void#triples'), literal(String(triples), namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
  ];
  return { type: 'quads', quads };
}

function statusOf(error: unknown): { status: number; headers?: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, headers: { ...error.headers } };
  if (error instanceof SparqlSyntaxError || error instanceof QueryParameterError || error instanceof QueryHeaderError) return { status: 400 };
  if (error instanceof QueryRefusedError) return { status: 403 };
  if (error instanceof QueryTimeoutError) return { status: 503 };
  return { status: 500 };
}

function notAcceptable(type: QueryResult['type']): HttpError {
  const offered = RESULT_MEDIA_TYPES[type].map(([m]) => m).join(', ');
  return new HttpError(406, `None of the accepted media types fits this result; this result is available as: ${offered}.`);
}

// Write a result in the format the Accept header prefers; 406 when none fits.
async function formatAnswer(result: QueryResult, accept: string | undefined, prefixes: PrefixMap): Promise<Answer> {
  const chosen = negotiateResultFormat(result.type, accept);
  if (!chosen) throw notAcceptable(result.type);
  return { mediaType: chosen.mediaType, body: await formatResult(result, chosen.format, { prefixes }) };
}

interface Answer {
  readonly mediaType: string;
  readonly body: string;
}

// Answers kept in memory, the least recently used dropped first: the graph does not change while the endpoint runs.
// 20 clients each asking the 29 questions of queries/ five times over the real graph (as `npm run bench -- --only
// endpoint` does), 2,900 requests, in the same minutes at load average 13 on 2 cores: without them p50 535 ms, p95
// 2,048 ms; with them p50 131 ms, p95 424 ms. Queries whose answer changes from run to run (they call one of these
// functions) are not kept.
const KEPT_ANSWERS = 1000;
const MAX_KEPT_ANSWER = 1024 * 1024;
const VOLATILE_FUNCTION = /\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(/i;

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Accept, Content-Type',
  'Access-Control-Max-Age': '86400',
};

// The endpoint's HTTP server (not yet listening) over the given store, its queries answered by the runner's threads.
function createEndpointServer(store: GraphStore, options: EndpointOptions, runner: QueryRunner): http.Server {
  const baseIri = options.baseIri ?? DEFAULT_BASE_IRI;
  const prefixes = createPrefixes(baseIri);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const triples = store.size;
  const answers = new Map<string, Answer>();

  const send = (res: http.ServerResponse, req: http.IncomingMessage, status: number, headers: Record<string, string>, body: string | Buffer): void => {
    res.writeHead(status, { ...CORS_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const sendAnswer = (res: http.ServerResponse, req: http.IncomingMessage, answer: Answer): void =>
    send(res, req, 200, { 'Content-Type': contentType(answer.mediaType), Vary: 'Accept' }, answer.body);

  // Defaults from the query's "# param:" comment lines (as in queries/), overridden by $name parameters.
  const answerQuery = async (query: string, params: URLSearchParams, accept: string | undefined): Promise<Answer> => {
    const bindings = { ...readParameterDefaults(query, '<query>', createPrefixes()), ...readBindings(params, prefixes) };
    const prepared = prepareQuery(query, { baseIri, bindings });
    const chosen = negotiateResultFormat(resultTypeOf(prepared.form), accept);
    if (!chosen) throw notAcceptable(resultTypeOf(prepared.form));
    return { mediaType: chosen.mediaType, body: await formatResult(await runner.run(prepared), chosen.format, { prefixes }) };
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://endpoint.invalid');
    if (url.pathname !== '/sparql') throw new HttpError(404, 'Not found. The SPARQL endpoint is at /sparql.');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS_HEADERS, 'Content-Length': '0' });
      res.end();
      return;
    }
    const request = await readProtocolRequest(req, url, maxBodyBytes);
    if (request.params.has('update')) throw new HttpError(403, 'This endpoint is read-only: SPARQL Update is not accepted.');
    for (const name of ['default-graph-uri', 'named-graph-uri']) {
      if (request.params.getAll(name).some((v) => v !== '')) throw new HttpError(400, `"${name}" is not supported: this endpoint serves one graph, its default graph.`);
    }
    if (request.query === undefined || request.query.trim() === '') {
      if (req.method === 'POST') throw new HttpError(400, 'Missing the "query" parameter.');
      sendAnswer(res, req, await formatAnswer(describeService(endpointIri(req, server), triples), req.headers.accept, prefixes));
      return;
    }
    // The request names its answer: the query text, its $name parameters and the Accept header.
    const key = JSON.stringify([request.query, [...request.params].filter(([name]) => name.startsWith('$')), req.headers.accept ?? '']);
    const answer = answers.get(key) ?? (await answerQuery(request.query, request.params, req.headers.accept));
    // Kept most recently used last, so that the first key is the one to drop.
    answers.delete(key);
    if (!VOLATILE_FUNCTION.test(request.query) && answer.body.length <= MAX_KEPT_ANSWER) {
      if (answers.size >= KEPT_ANSWERS) answers.delete(answers.keys().next().value!);
      answers.set(key, answer);
    }
    sendAnswer(res, req, answer);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const { status, headers } = statusOf(error);
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, req, status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, message + '\n');
    });
  });
  server.requestTimeout = 60_000;
  return server;
}

export interface RunningEndpoint {
  readonly server: http.Server;
  /** The endpoint's address, e.g. http://127.0.0.1:3030/sparql. */
  readonly url: string;
  /** Stop listening, drop open connections and stop the query threads. */
  close(): Promise<void>;
}

/** Create the endpoint and listen on host:port (127.0.0.1:3030 unless told otherwise); resolves when its query threads are ready. */
export async function startEndpoint(store: GraphStore, options: EndpointOptions = {}): Promise<RunningEndpoint> {
  const runner = startQueryRunner(store, { timeoutMs: options.timeoutMs ?? 10_000, threads: options.workers ?? 2 });
  const server = createEndpointServer(store, options, runner);
  server.on('close', () => void runner.close());
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3030, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  try {
    await runner.ready;
  } catch (error) {
    server.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}/sparql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        void runner.close();
      }),
  };
}
