// Tests of the engine (src/query/oxigraph-engine.ts): parsing and its errors, bound parameters and the result of each
// query form, on a small graph written here. Time limits are test/query/time-limit.test.ts's.
import { DataFactory } from 'n3';
import { beforeAll, describe, expect, test } from 'vitest';
import { GraphStore } from '../../src/load/graph-store.ts';
import { parseTurtle } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import { QueryParameterError, QueryRefusedError, SparqlSyntaxError, SparqlUpdateError, type QueryResult } from '../../src/query/query.ts';
import { parseQuery, prepareQuery, runQuery } from '../../src/query/oxigraph-engine.ts';

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

beforeAll(() => {
  store = new GraphStore(parseTurtle(GRAPH, 'inline.ttl'));
});

describe('parseQuery', () => {
  test('tells the four query forms apart', () => {
    expect(parseQuery('SELECT * WHERE { ?s ?p ?o }').form).toBe('select');
    expect(parseQuery('ASK { ?s ?p ?o }').form).toBe('ask');
    expect(parseQuery('CONSTRUCT WHERE { ?s ?p ?o }').form).toBe('construct');
    expect(parseQuery('DESCRIBE <priority/one>').form).toBe('describe');
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
      parseQuery(text, { file: 'queries/broken.rq' });
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
    expect(() => parseQuery(text, { file: 'q.rq' })).toThrow(SparqlUpdateError);
  });
});

describe('runQuery', () => {
  test('predeclares the project prefixes and the base, so skos: is the real SKOS namespace', async () => {
    const result = await runQuery(store, 'SELECT ?l WHERE { <priority/one> skos:prefLabel ?l }');
    expect(bindings(result)).toEqual([{ l: 'One' }]);
  });

  test('reads escaped local names (car:priority\\/one) as the IRI without the backslash', async () => {
    const result = await runQuery(store, 'SELECT ?n WHERE { car:priority\\/one skos:notation ?n }');
    expect(bindings(result)).toEqual([{ n: 'P1' }]);
  });

  test('answers an ordered query with no solutions with no rows, and still names its variables', async () => {
    // VALUES joined with a pattern nothing matches, then ORDER BY: the shape of queries/site/void-statistics.rq on a
    // graph without a dataset description.
    const text = 'SELECT ?s ?p ?v WHERE { VALUES ?p { skos:notation skos:prefLabel } ?s a caro:Nothing ; ?p ?v } ORDER BY ?s ?p';
    const result = await runQuery(store, text, {});
    expect(result).toEqual({ type: 'bindings', variables: ['s', 'p', 'v'], rows: [] });
    const asked = await runQuery(store, 'SELECT ?s WHERE { ?s a caro:Nothing } ORDER BY ?s', {});
    expect(asked.type === 'bindings' && asked.rows).toEqual([]);
  });

  test('returns SELECT variables in order, rows, and leaves unbound variables out of a row', async () => {
    const result = await runQuery(store, 'SELECT ?area ?note WHERE { <priority/one> caro:hasAreaOfConcern ?area OPTIONAL { ?area skos:note ?note } } ORDER BY ?area');
    expect(result.type === 'bindings' && result.variables).toEqual(['area', 'note']);
    expect(bindings(result)).toEqual([{ area: `${CAR}area/a`, note: 'line one\nline two' }, { area: `${CAR}area/b` }]);
  });

  test('answers ASK with a boolean', async () => {
    expect(await runQuery(store, 'ASK { <priority/two> skos:notation "P2" }')).toEqual({ type: 'boolean', value: true });
    expect(await runQuery(store, 'ASK { <priority/two> skos:notation "P3" }')).toEqual({ type: 'boolean', value: false });
  });

  test('answers CONSTRUCT with a set of triples (no duplicates)', async () => {
    const result = await runQuery(store, 'CONSTRUCT { ?p a skos:Concept } WHERE { ?p a caro:StrategicPriority ; ?x ?y }');
    expect(result.type).toBe('quads');
    const quads = result.type === 'quads' ? result.quads : [];
    expect(quads.map((q) => q.subject.value).sort()).toEqual([`${CAR}priority/one`, `${CAR}priority/two`]);
  });

  test('binds parameters in patterns, filters and the projection', async () => {
    const text = 'SELECT ?priority ?label WHERE { ?priority skos:prefLabel ?label FILTER(?label != ?exclude) }';
    const result = await runQuery(store, text, { bindings: { priority: namedNode(`${CAR}priority/one`), exclude: literal('Two') } });
    expect(bindings(result)).toEqual([{ priority: `${CAR}priority/one`, label: 'One' }]);
  });

  test('a bound value is a value, never query text', async () => {
    const hostile = literal('"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER(true || "');
    const result = await runQuery(store, 'SELECT ?s WHERE { ?s skos:prefLabel ?text }', { bindings: { text: hostile } });
    expect(bindings(result)).toEqual([]);
    expect(store.size).toBe(new GraphStore(parseTurtle(GRAPH, 'inline.ttl')).size);
  });

  test('moves IRIs of the default base to the configured base, in the query and in bindings', async () => {
    const base = 'http://localhost:8080/';
    const rebased = new GraphStore(parseTurtle(GRAPH, 'inline.ttl', base));
    const text = 'PREFIX car: <https://w3id.org/cbss-car/>\nSELECT ?n ?l ?a WHERE { car:priority\\/one skos:notation ?n . ?a skos:prefLabel ?l }';
    const result = await runQuery(rebased, text, { baseIri: base, bindings: { a: namedNode(`${CAR}area/a`) } });
    expect(bindings(result)).toEqual([{ n: 'P1', l: 'A', a: `${base}area/a` }]);
  });


  test('binds a parameter inside a subquery that does not project it, as the query page does', async () => {
    const text = 'SELECT ?s WHERE { { SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), ?text)) } } }';
    expect(bindings(await runQuery(store, text, { bindings: { text: literal('two') } }))).toEqual([{ s: `${CAR}priority/two` }]);
  });

  test('binds with VALUES in the text Oxigraph runs, never by splicing into the query', () => {
    const prepared = prepareQuery('SELECT ?l WHERE { ?s skos:prefLabel ?l }', { bindings: { s: namedNode(`${CAR}priority/one`) } });
    expect(prepared.text).toMatch(/VALUES \?s \{\s*<https:\/\/w3id\.org\/cbss-car\/priority\/one>\s*\}/);
    expect(prepared.text).toMatch(/\?s <http:\/\/www\.w3\.org\/2004\/02\/skos\/core#prefLabel> \?l/);
  });

  test('refuses a blank node as a parameter value', () => {
    expect(() => prepareQuery('SELECT ?s WHERE { ?s ?p ?o }', { bindings: { s: DataFactory.blankNode('b') } })).toThrow(QueryParameterError);
  });

  test('refuses SERVICE before Oxigraph sees it', () => {
    expect(() => prepareQuery('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')).toThrow(QueryRefusedError);
  });
});
