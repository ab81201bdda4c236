// Tests of the query pool (src/query/query-pool.ts, src/query/query-worker.ts): results and errors cross the thread boundary
// intact, the time limit holds, and a full pool refuses work instead of queueing it without end.
import { DataFactory } from 'n3';
import { GraphStore } from '../../src/load/graph-store.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseTurtle } from '../../src/load/load-graph.ts';
import { QueryTimeoutError, SparqlSyntaxError, SparqlUpdateError, type QueryResult } from '../../src/query/query.ts';
import { QueryPoolBusyError, createQueryPool, fromPlainResult, toPlainResult, type QueryPool } from '../../src/query/query-pool.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;
const CAR = 'https://w3id.org/cbss-car/';

const GRAPH = `
@prefix car: <https://w3id.org/cbss-car/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
car:priority\\/one skos:prefLabel "One"@en ; skos:notation "P1" ; skos:note [ skos:notation 7 ] .
`;

describe('plain results', () => {
  test('a result survives the trip to plain data and back, term for term', () => {
    const results: QueryResult[] = [
      { type: 'boolean', value: false },
      { type: 'bindings', variables: ['a', 'b'], rows: [{ a: namedNode(`${CAR}x`), b: literal('y', 'en') }, { b: literal('3', namedNode('http://www.w3.org/2001/XMLSchema#integer')) }] },
      { type: 'quads', quads: [quad(blankNode('b0'), namedNode(`${CAR}p`), literal('z'))] },
    ];
    for (const result of results) {
      const back = fromPlainResult(structuredClone(toPlainResult(result)));
      expect(back.type).toBe(result.type);
      if (result.type === 'bindings' && back.type === 'bindings') {
        expect(back.variables).toEqual(result.variables);
        result.rows.forEach((row, i) => Object.entries(row).forEach(([k, term]) => expect(back.rows[i]![k]!.equals(term)).toBe(true)));
        expect(Object.keys(back.rows[1]!)).toEqual(['b']);
      }
      if (result.type === 'quads' && back.type === 'quads') expect(back.quads[0]!.equals(result.quads[0]!)).toBe(true);
      if (result.type === 'boolean') expect(back).toEqual(result);
    }
  });
});

describe('the pool', () => {
  let pool: QueryPool;

  beforeAll(async () => {
    const store = new GraphStore(parseTurtle(GRAPH, 'inline.ttl'));
    for (let i = 0; i < 300; i++) store.addQuad(quad(namedNode(`urn:x:${i}`), namedNode('urn:p'), literal(String(i))));
    pool = createQueryPool(store, { baseIri: CAR, size: 1, timeoutMs: 1500, graceMs: 500, maxWaiting: 0 });
    await pool.ready;
  });

  afterAll(async () => {
    await pool?.close();
  });

  test('runs a query in a worker with initial bindings, on its own copy of the graph', async () => {
    const result = await pool.run('SELECT ?label ?n WHERE { ?s skos:prefLabel ?label ; skos:note/skos:notation ?n }', { s: namedNode(`${CAR}priority/one`) });
    expect(result.type === 'bindings' && result.rows.map((r) => [r.label!.value, r.n!.value])).toEqual([['One', '7']]);
  });

  test('errors come back as the query stage\'s own errors, with their details', async () => {
    const syntax = await pool.run('SELECT * WHERE {\n  ?s ?p\n}').catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(SparqlSyntaxError);
    expect([(syntax as SparqlSyntaxError).line, (syntax as SparqlSyntaxError).column]).toEqual([3, 1]);
    await expect(pool.run('DROP ALL')).rejects.toBeInstanceOf(SparqlUpdateError);
  });

  test('a busy pool with no room to wait refuses at once; the long query is stopped at its limit; then the pool serves again', async () => {
    const heavy = pool.run('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }');
    await expect(pool.run('ASK {}')).rejects.toBeInstanceOf(QueryPoolBusyError);
    await expect(heavy).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(await pool.run('ASK { ?s skos:notation "P1" }')).toEqual({ type: 'boolean', value: true });
  });
});
