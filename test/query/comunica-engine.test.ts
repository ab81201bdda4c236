// Tests of the engine (src/query/comunica-engine.ts): parsing and its errors, initial bindings, time limits and the result of
// each query form, on a small graph written here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DataFactory } from 'n3';
import { beforeAll, describe, expect, test } from 'vitest';
import { GraphStore } from '../../src/load/graph-store.ts';
import { parseTurtle } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import { QueryTimeoutError, SparqlSyntaxError, SparqlUpdateError, type QueryResult } from '../../src/query/query.ts';
import { createQueryEngine, parseQuery, runQuery, type SparqlEngine } from '../../src/query/comunica-engine.ts';

const { namedNode, literal, quad } = DataFactory;
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const CAR = DEFAULT_BASE_IRI;

const GRAPH = `
@prefix car: <https://w3id.org/cbss-car/> .
@prefix caro: <https://w3id.org/cbss-car/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
car:priority\\/one a caro:StrategicPriority ; skos:notation "P1" ; skos:prefLabel "One"@en ;
  caro:hasAreaOfConcern car:area\\/a , car:area\\/b .
car:priority\\/two a caro:StrategicPriority ; skos:notation "P2" ; skos:prefLabel "Two, \\"quoted\\"\\tand tabbed"@en .
car:area\\/a skos:prefLabel "A" ; skos:note "line one\\nline two" .
car:area\\/b skos:prefLabel "B" ; car:count 3 ; car:when "2021-01-01"^^xsd:date .
`;

function bindings(result: QueryResult): Array<Record<string, string>> {
  if (result.type !== 'bindings') throw new Error(`expected bindings, got ${result.type}`);
  return result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.value])));
}

let store: GraphStore;
let engine: SparqlEngine;

beforeAll(() => {
  store = new GraphStore(parseTurtle(GRAPH, 'inline.ttl'));
  engine = createQueryEngine();
});

describe('parseQuery', () => {
  test('tells the four query forms apart', () => {
    expect(parseQuery(engine, 'SELECT * WHERE { ?s ?p ?o }').form).toBe('select');
    expect(parseQuery(engine, 'ASK { ?s ?p ?o }').form).toBe('ask');
    expect(parseQuery(engine, 'CONSTRUCT WHERE { ?s ?p ?o }').form).toBe('construct');
    expect(parseQuery(engine, 'DESCRIBE <priority/one>').form).toBe('describe');
  });

  test.each([
    ['a missing term', 'SELECT * WHERE {\n  ?s ?p\n}', 3, 1, /unexpected '}'/],
    ['an unfinished filter', 'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }', 3, 15, /unexpected '\)'/],
    ['the end of the query', 'SELECT * WHERE { ?s ?p ?o ', 1, 26, /unexpected end of query/],
    ['an unknown prefix', 'SELECT * WHERE {\n  ?s nope:p ?o }', 2, 6, /Unknown prefix: nope/],
    ['a stray character', 'SELECT * WHERE { ?s ?p ?o }\nLIMIT x', 2, 7, /unexpected character/],
  ])('a syntax error at %s names the file, line and column', (_, text, line, column, reason) => {
    let error: unknown;
    try {
      parseQuery(engine, text, 'queries/broken.rq');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SparqlSyntaxError);
    const syntax = error as SparqlSyntaxError;
    expect([syntax.file, syntax.line, syntax.column]).toEqual(['queries/broken.rq', line, column]);
    expect(syntax.reason).toMatch(reason);
    expect(syntax.message).toMatch(new RegExp(`^queries/broken\\.rq:${line}:${column}: SPARQL syntax error`));
  });

  test.each(['INSERT DATA { <a> <b> <c> }', 'DELETE WHERE { ?s ?p ?o }', 'LOAD <http://example.org/x>', 'CLEAR DEFAULT', 'DROP ALL'])('refuses the update %s', (text) => {
    expect(() => parseQuery(engine, text, 'q.rq')).toThrow(SparqlUpdateError);
  });
});

describe('runQuery', () => {
  test('predeclares the project prefixes and the base, so skos: is the real SKOS namespace', async () => {
    const result = await runQuery(store, 'SELECT ?l WHERE { <priority/one> skos:prefLabel ?l }', { engine });
    expect(bindings(result)).toEqual([{ l: 'One' }]);
  });

  test('reads escaped local names (car:priority\\/one) as the IRI without the backslash', async () => {
    const result = await runQuery(store, 'SELECT ?n WHERE { car:priority\\/one skos:notation ?n }', { engine });
    expect(bindings(result)).toEqual([{ n: 'P1' }]);
  });

  test('answers an ordered query with no solutions at once, with no rows (its result ends before it is read)', async () => {
    // VALUES joined with a pattern nothing matches, then ORDER BY: the shape of queries/site/void-statistics.rq on a
    // graph without a dataset description, which used to wait for its time limit.
    const text = 'SELECT ?s ?p ?v WHERE { VALUES ?p { skos:notation skos:prefLabel } ?s a caro:Nothing ; ?p ?v } ORDER BY ?s ?p';
    const result = await runQuery(store, text, { engine, timeoutMs: 10_000 });
    expect(result).toEqual({ type: 'bindings', variables: ['s', 'p', 'v'], rows: [] });
    const asked = await runQuery(store, 'SELECT ?s WHERE { ?s a caro:Nothing } ORDER BY ?s', { engine, timeoutMs: 10_000 });
    expect(asked.type === 'bindings' && asked.rows).toEqual([]);
  });

  test('returns SELECT variables in order, rows, and leaves unbound variables out of a row', async () => {
    const result = await runQuery(store, 'SELECT ?area ?note WHERE { <priority/one> caro:hasAreaOfConcern ?area OPTIONAL { ?area skos:note ?note } } ORDER BY ?area', { engine });
    expect(result.type === 'bindings' && result.variables).toEqual(['area', 'note']);
    expect(bindings(result)).toEqual([{ area: `${CAR}area/a`, note: 'line one\nline two' }, { area: `${CAR}area/b` }]);
  });

  test('answers ASK with a boolean', async () => {
    expect(await runQuery(store, 'ASK { <priority/two> skos:notation "P2" }', { engine })).toEqual({ type: 'boolean', value: true });
    expect(await runQuery(store, 'ASK { <priority/two> skos:notation "P3" }', { engine })).toEqual({ type: 'boolean', value: false });
  });

  test('answers CONSTRUCT with a set of triples (no duplicates)', async () => {
    const result = await runQuery(store, 'CONSTRUCT { ?p a skos:Concept } WHERE { ?p a caro:StrategicPriority ; ?x ?y }', { engine });
    expect(result.type).toBe('quads');
    const quads = result.type === 'quads' ? result.quads : [];
    expect(quads.map((q) => q.subject.value).sort()).toEqual([`${CAR}priority/one`, `${CAR}priority/two`]);
  });

  test('binds parameters as initial bindings, in patterns, filters and the projection', async () => {
    const text = 'SELECT ?priority ?label WHERE { ?priority skos:prefLabel ?label FILTER(?label != ?exclude) }';
    const result = await runQuery(store, text, { engine, bindings: { priority: namedNode(`${CAR}priority/one`), exclude: literal('Two') } });
    expect(bindings(result)).toEqual([{ priority: `${CAR}priority/one`, label: 'One' }]);
  });

  test('a bound value is a value, never query text', async () => {
    const hostile = literal('"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER(true || "');
    const result = await runQuery(store, 'SELECT ?s WHERE { ?s skos:prefLabel ?text }', { engine, bindings: { text: hostile } });
    expect(bindings(result)).toEqual([]);
    expect(store.size).toBe(new GraphStore(parseTurtle(GRAPH, 'inline.ttl')).size);
  });

  test('moves IRIs of the default base to the configured base, in the query and in bindings', async () => {
    const base = 'http://localhost:8080/';
    const rebased = new GraphStore(parseTurtle(GRAPH, 'inline.ttl', base));
    const local = createQueryEngine({ baseIri: base });
    const text = 'PREFIX car: <https://w3id.org/cbss-car/>\nSELECT ?n ?l ?a WHERE { car:priority\\/one skos:notation ?n . ?a skos:prefLabel ?l }';
    const result = await runQuery(rebased, text, { engine: local, bindings: { a: namedNode(`${CAR}area/a`) } });
    expect(bindings(result)).toEqual([{ n: 'P1', l: 'A', a: `${base}area/a` }]);
  });

  test('stops a query at its time limit with QueryTimeoutError, and the stopped query reads no more of the store', async () => {
    let reads = 0;
    const counting = new GraphStore(parseTurtle(GRAPH, 'inline.ttl'));
    for (let i = 0; i < 200; i++) counting.addQuad(quad(namedNode(`urn:x:${i}`), namedNode('urn:p'), literal(String(i))));
    // Comunica scans the store through match() or, for bindings, matchBindings(): count both.
    const match = counting.match.bind(counting);
    counting.match = ((...args: Parameters<GraphStore['match']>) => {
      reads++;
      return match(...args);
    }) as GraphStore['match'];
    const matchBindings = counting.matchBindings.bind(counting);
    counting.matchBindings = ((...args: Parameters<GraphStore['matchBindings']>) => {
      reads++;
      return matchBindings(...args);
    }) as GraphStore['matchBindings'];
    const heavy = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . FILTER(?c != ?i) }';
    await expect(runQuery(counting, heavy, { engine, timeoutMs: 100 })).rejects.toBeInstanceOf(QueryTimeoutError);
    const after = reads;
    expect(after, 'the query scanned the store before it was stopped').toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads).toBe(after);
  });

  test('stops when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by the caller'));
    await expect(runQuery(store, 'SELECT * WHERE { ?s ?p ?o }', { engine, signal: controller.signal })).rejects.toThrow('stopped by the caller');
  });
});

describe("Comunica's dependencies", () => {
  // Comunica's expression evaluator builds an LRUCache({ max: 1000 }) for every evaluator it creates: one per group
  // and aggregate of a GROUP BY, per ORDER BY, per FILTER. From lru-cache 11.3.0 the constructor fills its two
  // arrays with Array.from({ length: max }) instead of new Array(max): about 100 µs a cache instead of 9 µs here,
  // 30 % of articles-by-priority.rq at 10,000 resources. package.json pins ~11.2.7 (see README, Performance).
  test('the expression evaluator gets an lru-cache older than 11.3.0', () => {
    const fromEvaluator = createRequire(createRequire(import.meta.url).resolve('@comunica/utils-expression-evaluator'));
    const entry = fromEvaluator.resolve('lru-cache');
    const packageDir = entry.slice(0, entry.lastIndexOf(`${path.sep}lru-cache${path.sep}`) + `${path.sep}lru-cache`.length);
    const { name, version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { name: string; version: string };
    const [major, minor] = version.split('.').map(Number);
    expect(name).toBe('lru-cache');
    expect(major).toBe(11);
    expect(minor).toBeLessThan(3);
  });
});
