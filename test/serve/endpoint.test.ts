// Tests of the SPARQL endpoint (src/serve/endpoint.ts), used over HTTP as a SPARQL client would: GET and POST, every
// result format parsed back, updates refused, errors, time limits, CORS and the service description.
import { QUERY_REFUSALS } from '../../src/query/sparql-parse.ts';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import type { GraphStore } from '../../src/load/graph-store.ts';
import { isomorphic } from 'rdf-isomorphic';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createConfig } from '../../src/config.ts';
import { startEndpoint, type RunningEndpoint } from '../../src/serve/endpoint.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { RUNAWAY_REGEX } from '../helpers/runaway-queries.ts';

const { namedNode } = DataFactory;
const CAR = 'https://w3id.org/cbss-car/';
const CARO = `${CAR}ontology#`;
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SD = 'http://www.w3.org/ns/sparql-service-description#';

let store: GraphStore;
let endpoint: RunningEndpoint;

beforeAll(async () => {
  const config = createConfig();
  store = (await loadGraph([config.ontologyDir, config.dataDir], config.baseIri)).store;
  endpoint = await startEndpoint(store, { port: 0, workers: 1 });
});

afterAll(async () => {
  await endpoint?.close();
});

function get(query: string | undefined, accept?: string, extra: Record<string, string> = {}): Promise<Response> {
  const url = new URL(endpoint.url);
  if (query !== undefined) url.searchParams.set('query', query);
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return fetch(url, { headers: accept ? { Accept: accept } : {} });
}

type JsonTerm = { type: string; value: string; datatype?: string; 'xml:lang'?: string };
type JsonResults = { head: { vars?: string[] }; boolean?: boolean; results?: { bindings: Array<Record<string, JsonTerm>> } };

async function json(response: Response): Promise<JsonResults> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
  return (await response.json()) as JsonResults;
}

/** A minimal reader of SPARQL XML results: each <result> as a map from variable to [kind, value]. */
function readSparqlXml(xml: string): Array<Record<string, [string, string]>> {
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...xml.matchAll(/<result>([\s\S]*?)<\/result>|<result\/>/g)].map((m) =>
    Object.fromEntries([...(m[1] ?? '').matchAll(/<binding name="(\w+)"><(uri|literal|bnode)[^>]*>([\s\S]*?)<\/\2><\/binding>/g)].map((b) => [b[1]!, [b[2]!, unescape(b[3]!)]])),
  );
}

/** A minimal RFC 4180 reader. */
function readCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && csv[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

const PRIORITIES = `SELECT ?priority ?label ?notation ?areas WHERE {
  ?priority a caro:StrategicPriority ; skos:prefLabel ?label ; skos:notation ?notation .
  { SELECT ?priority (COUNT(?area) AS ?areas) WHERE { ?priority a caro:StrategicPriority OPTIONAL { ?priority caro:hasAreaOfConcern ?area } } GROUP BY ?priority }
} ORDER BY ?notation`;

describe('the SPARQL 1.1 Protocol', () => {
  test('listens on 127.0.0.1 unless told otherwise', () => {
    const address = endpoint.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sparql$/);
  });

  test('GET counts exactly the triples of the graph', async () => {
    const results = await json(await get('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'));
    expect(results.head.vars).toEqual(['n']);
    expect(Number(results.results!.bindings[0]!.n!.value)).toBe(store.size);
  });

  test('POST application/sparql-query and POST form-encoded give the same counts as the graph', async () => {
    const query = `SELECT (COUNT(?a) AS ?n) WHERE { ?a a <${CARO}Article> }`;
    const expected = store.countQuads(null, namedNode(RDF_TYPE), namedNode(`${CARO}Article`), null);
    const direct = await json(await fetch(endpoint.url, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: query }));
    const form = await json(await fetch(endpoint.url, { method: 'POST', body: new URLSearchParams({ query }) }));
    expect(Number(direct.results!.bindings[0]!.n!.value)).toBe(expected);
    expect(Number(form.results!.bindings[0]!.n!.value)).toBe(expected);
    expect(expected).toBe(54);
  });

  test('SELECT results in JSON, XML, CSV and TSV carry the same rows', async () => {
    const fromJson = (await json(await get(PRIORITIES))).results!.bindings;
    expect(fromJson.map((b) => b.notation!.value)).toEqual(['P1', 'P2', 'P3']);
    // The five key areas are under P1; the six areas of the strategy as a whole are under no priority.
    expect(fromJson.map((b) => b.areas!.value)).toEqual(['5', '0', '0']);
    expect(fromJson[0]!.label).toEqual({ type: 'literal', value: 'Child Protection Systems', 'xml:lang': 'en' });

    const xmlResponse = await get(PRIORITIES, 'application/sparql-results+xml');
    expect(xmlResponse.headers.get('content-type')).toMatch(/^application\/sparql-results\+xml/);
    const xml = readSparqlXml(await xmlResponse.text());
    expect(xml.map((r) => r.priority)).toEqual(fromJson.map((b) => ['uri', b.priority!.value]));
    expect(xml.map((r) => r.label![1])).toEqual(fromJson.map((b) => b.label!.value));

    const csvResponse = await get(PRIORITIES, 'text/csv');
    expect(csvResponse.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = readCsv(await csvResponse.text());
    expect(csv[0]).toEqual(['priority', 'label', 'notation', 'areas']);
    expect(csv.slice(1)).toEqual(fromJson.map((b) => [b.priority!.value, b.label!.value, b.notation!.value, b.areas!.value]));

    const tsvResponse = await get(PRIORITIES, 'text/tab-separated-values');
    expect(tsvResponse.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
    const tsv = (await tsvResponse.text()).trimEnd().split('\n').map((line) => line.split('\t'));
    expect(tsv[0]).toEqual(['?priority', '?label', '?notation', '?areas']);
    expect(tsv.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual(
      // TSV writes terms as in Turtle: an integer bare.
      fromJson.map((b) => [`<${b.priority!.value}>`, `"${b.label!.value}"@en`, b.areas!.value]),
    );
  });

  test('ASK answers true and false in JSON and XML', async () => {
    expect((await json(await get(`ASK { <${CAR}priority/child-friendly-justice> skos:notation "P2" }`))).boolean).toBe(true);
    expect((await json(await get(`ASK { <${CAR}priority/child-friendly-justice> skos:notation "P3" }`))).boolean).toBe(false);
    const xml = await (await get('ASK { ?s a caro:StrategicPriority }', 'application/sparql-results+xml')).text();
    expect(xml).toMatch(/<boolean>true<\/boolean>/);
  });

  test('CONSTRUCT in Turtle, N-Triples and JSON-LD parses to the graph the store holds', async () => {
    const query = 'CONSTRUCT { ?p skos:prefLabel ?l } WHERE { ?p a caro:StrategicPriority ; skos:prefLabel ?l }';
    const expected: Quad[] = store
      .getSubjects(namedNode(RDF_TYPE), namedNode(`${CARO}StrategicPriority`), null)
      .flatMap((p) => store.getQuads(p, namedNode(`${SKOS}prefLabel`), null, null));
    expect(expected).toHaveLength(3);

    const turtle = await get(query, 'text/turtle');
    expect(turtle.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(isomorphic<RDF.Quad>(new Parser().parse(await turtle.text()), expected)).toBe(true);

    const ntriples = await get(query, 'application/n-triples');
    expect(ntriples.headers.get('content-type')).toMatch(/^application\/n-triples/);
    expect(isomorphic<RDF.Quad>(new Parser({ format: 'N-Triples' }).parse(await ntriples.text()), expected)).toBe(true);

    const jsonldResponse = await get(query, 'application/ld+json');
    expect(jsonldResponse.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const { default: jsonld } = await import('jsonld');
    const nquads = (await jsonld.toRDF(await jsonldResponse.json(), { format: 'application/n-quads' })) as unknown as string;
    expect(isomorphic<RDF.Quad>(new Parser({ format: 'N-Quads' }).parse(nquads), expected)).toBe(true);
  });

  test("DESCRIBE of an IRI gives its concise bounded description: the store's triples about it, and about the blank nodes they reach", async () => {
    const iri = `${CAR}area/alternative-care`;
    const response = await get(`DESCRIBE <${iri}>`);
    expect(response.headers.get('content-type')).toMatch(/^text\/turtle/);
    const described = new Parser().parse(await response.text());
    const expected = store.getQuads(namedNode(iri), null, null, null);
    for (let i = 0; i < expected.length; i++) {
      if (expected[i]!.object.termType === 'BlankNode') expected.push(...store.getQuads(expected[i]!.object, null, null, null));
    }
    expect(expected.some((q) => q.subject.termType === 'BlankNode')).toBe(true);
    expect(isomorphic<RDF.Quad>(described, expected)).toBe(true);
  });

  test('$name parameters are bound, not spliced into the query', async () => {
    const query = 'SELECT ?label WHERE { ?p skos:prefLabel ?label }';
    const bound = await json(await get(query, undefined, { $p: `<${CAR}priority/child-friendly-justice>` }));
    expect(bound.results!.bindings.map((b) => b.label!.value)).toEqual(['Child-Friendly Justice']);
    const hostile = await json(await get('SELECT ?p WHERE { ?p skos:prefLabel ?label }', undefined, { $label: '"x\\" } ; DROP ALL ; #"' }));
    expect(hostile.results!.bindings).toEqual([]);
    const bad = await get(query, undefined, { $p: 'not a term' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/\$p/);
  });

  test('GET without a query describes the service in Turtle', async () => {
    const response = await get(undefined);
    expect(response.status).toBe(200);
    const quads = new Parser().parse(await response.text());
    const service = quads.find((q) => q.predicate.value === RDF_TYPE && q.object.value === `${SD}Service`)?.subject;
    expect(service?.value).toBe(endpoint.url);
    expect(quads.some((q) => q.predicate.value === `${SD}supportedLanguage` && q.object.value === `${SD}SPARQL11Query`)).toBe(true);
    const triples = quads.find((q) => q.predicate.value === 'http://rdfs.org/ns/void#triples');
    expect(Number(triples?.object.value)).toBe(store.size);
  });

  test('HEAD answers like GET, without a body', async () => {
    const url = new URL(endpoint.url);
    url.searchParams.set('query', 'ASK {}');
    const response = await fetch(url, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('read-only', () => {
  test.each([
    ['POST application/sparql-update', () => fetch(endpoint.url, { method: 'POST', headers: { 'Content-Type': 'application/sparql-update' }, body: 'DROP ALL' })],
    ['POST update=', () => fetch(endpoint.url, { method: 'POST', body: new URLSearchParams({ update: `INSERT DATA { <urn:x> <urn:y> "z" }` }) })],
    ['an update sent as a query', () => get(`DELETE WHERE { ?s ?p ?o }`)],
    ['CLEAR sent by POST', () => fetch(endpoint.url, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: 'CLEAR DEFAULT' })],
  ])('refuses %s with 403 and a message, and the data is untouched', async (_, send) => {
    const before = store.size;
    const response = await send();
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/read-only/);
    expect(store.size).toBe(before);
    const count = await json(await get('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'));
    expect(Number(count.results!.bindings[0]!.n!.value)).toBe(before);
  });
});

describe('refusals', () => {
  test('a SERVICE clause gets 403, in the words every entry point uses', async () => {
    const response = await get('SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(QUERY_REFUSALS.service);
  });
});

describe('errors', () => {
  test('a malformed query gets 400 with the parser message, line and column', async () => {
    const response = await get('SELECT * WHERE {\n  ?s ?p\n}');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/:3:1: SPARQL syntax error: unexpected '}'/);
  });

  test('an Accept header the result cannot meet gets 406 naming what is offered', async () => {
    const response = await get('SELECT * WHERE { ?s ?p ?o } LIMIT 1', 'text/html');
    expect(response.status).toBe(406);
    expect(await response.text()).toMatch(/application\/sparql-results\+json/);
  });

  test.each([
    ['PUT', 405, () => fetch(endpoint.url, { method: 'PUT', body: 'x' })],
    ['another path', 404, () => fetch(endpoint.url.replace(/\/sparql$/, '/other'))],
    ['a POST of another media type', 415, () => fetch(endpoint.url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'ASK {}' })],
    ['a POST without a query', 400, () => fetch(endpoint.url, { method: 'POST', body: new URLSearchParams({}) })],
    ['two queries', 400, () => fetch(`${endpoint.url}?query=ASK%7B%7D&query=ASK%7B%7D`)],
    ['a named dataset', 400, () => get('ASK {}', undefined, { 'default-graph-uri': 'http://example.org/g' })],
    ['a body over the limit', 413, () => fetch(endpoint.url, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: `# ${'x'.repeat(1_100_000)}\nASK {}` })],
  ])('%s gets %i', async (_, status, send) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect((await response.text()).length).toBeGreaterThan(0);
  });
});

describe('CORS', () => {
  test('every answer allows any origin', async () => {
    const ok = await get('ASK {}');
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const error = await get('SELECT');
    expect(error.status).toBe(400);
    expect(error.headers.get('access-control-allow-origin')).toBe('*');
  });

  test('a preflight request is answered with the allowed methods and headers', async () => {
    const response = await fetch(endpoint.url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/content-type/);
  });
});

describe('time limit', () => {
  let limited: RunningEndpoint;

  beforeAll(async () => {
    limited = await startEndpoint(store, { port: 0, workers: 1, timeoutMs: 300 });
  });

  afterAll(async () => {
    await limited?.close();
  });

  test('a query that runs too long gets 503 with a message, and the endpoint keeps answering', async () => {
    const url = new URL(limited.url);
    url.searchParams.set('query', 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }');
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/time limit of 300 ms/);
    url.searchParams.set('query', 'ASK { ?s a caro:StrategicPriority }');
    expect(await (await fetch(url)).json()).toEqual({ head: {}, boolean: true });
  });

  test('a query stuck in a runaway regular expression is stopped by ending its thread', async () => {
    const url = new URL(limited.url);
    url.searchParams.set('query', RUNAWAY_REGEX);
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/time limit/);
    url.searchParams.set('query', 'ASK { ?s a caro:StrategicPriority }');
    expect(await (await fetch(url)).json()).toEqual({ head: {}, boolean: true });
  });
});
