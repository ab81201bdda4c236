// Tests of the one module that stops queries at their time limit (src/query/time-limit.ts): a runaway query is stopped
// with QueryTimeoutError by ending its thread, and the next query is answered by a fresh one. The endpoint's own test
// (test/serve/endpoint.test.ts) and the query command's (test/queries.test.ts) check the same through their doors.
import { DataFactory } from 'n3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GraphStore } from '../../src/load/graph-store.ts';
import { createConfig } from '../../src/config.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { prepareQuery } from '../../src/query/oxigraph-engine.ts';
import { QueryEvaluationError, QueryTimeoutError } from '../../src/query/query.ts';
import { startQueryRunner, type QueryRunner } from '../../src/query/time-limit.ts';
import { CROSS_JOIN, RUNAWAY_REGEX } from '../helpers/runaway-queries.ts';

const LIMIT_MS = 400;

const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';

let store: GraphStore;
let runner: QueryRunner;

beforeAll(async () => {
  const config = createConfig();
  store = (await loadGraph([config.ontologyDir, config.dataDir], config.baseIri)).store;
  runner = startQueryRunner(store, { timeoutMs: LIMIT_MS });
  await runner.ready;
});

afterAll(async () => {
  await runner?.close();
});

async function countTriples(): Promise<string | undefined> {
  const result = await runner.run(prepareQuery(COUNT));
  return result.type === 'bindings' ? result.rows[0]?.n?.value : undefined;
}

describe('a query thread stopped at the time limit', () => {
  test('answers a query as the engine does, terms and all', async () => {
    expect(await countTriples()).toBe(String(store.size));
    const result = await runner.run(prepareQuery('SELECT ?l WHERE { ?s skos:notation "P1" ; skos:prefLabel ?l }'));
    expect(result.type === 'bindings' && result.rows[0]!.l!.equals(DataFactory.literal('Child Protection Systems', 'en'))).toBe(true);
  });

  test.each([
    ['a runaway regular expression', RUNAWAY_REGEX],
    ['a large cross join', CROSS_JOIN],
  ])('stops %s with QueryTimeoutError, and the next query is answered', async (_, text) => {
    await expect(runner.run(prepareQuery(text), 'runaway.rq')).rejects.toThrow(new QueryTimeoutError(LIMIT_MS).message);
    expect(await countTriples()).toBe(String(store.size));
  });

  test('queries waiting behind a stopped one are answered', async () => {
    const stopped = runner.run(prepareQuery(CROSS_JOIN));
    const next = [countTriples(), countTriples()];
    await expect(stopped).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(await Promise.all(next)).toEqual([String(store.size), String(store.size)]);
  });

  test("an error of Oxigraph's comes back as QueryEvaluationError naming the file", async () => {
    const error = await runner.run({ form: 'select', text: 'SELECT * WHERE { ?s ?p }' }, 'queries/bad.rq').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryEvaluationError);
    expect((error as Error).message).toMatch(/^queries\/bad\.rq: query evaluation failed/);
  });
});
