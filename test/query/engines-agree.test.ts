// The two engines agree: every question of queries/ and queries/site/, with its default parameters, is answered by
// Oxigraph (src/query/oxigraph-engine.ts: npm run query, the endpoint, the build) and by Comunica over an n3 Store of
// the same quads, as the query page's worker does (src/browser/query-worker.ts), with the parameters as Comunica's
// initial bindings. Rows are compared as multisets (as sequences where the query itself has ORDER BY), terms exactly,
// datatypes and language tags included; CONSTRUCT and DESCRIBE results as graphs.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Store } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { beforeAll, describe, expect, test } from 'vitest';
import { createConfig } from '../../src/config.ts';
import { GraphStore } from '../../src/load/graph-store.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI, createPrefixes } from '../../src/prefixes.ts';
import { runQuery } from '../../src/query/oxigraph-engine.ts';
import { bindQueryParameters, loadQueryFile, type QueryResult } from '../../src/query/query.ts';
import { termToNTriples } from '../../src/query/result-formats.ts';
import { parseSparqlText } from '../../src/query/sparql-parse.ts';
import { askComunica, comunicaTools } from '../helpers/comunica.ts';


const config = createConfig();
const files = ['', 'site']
  .flatMap((dir) => readdirSync(path.join(config.queriesDir, dir)).filter((f) => f.endsWith('.rq')).map((f) => path.join(dir, f)))
  .sort();

let store: GraphStore;
let n3Store: Store;

beforeAll(async () => {
  store = (await loadGraph([config.ontologyDir, config.dataDir], config.baseIri)).store;
  n3Store = new Store([...store]);
});

/** Whether the query orders its solutions itself (ORDER BY on the outermost query). */
function isOrdered(text: string): boolean {
  const outcome = parseSparqlText(comunicaTools, text, { prefixes: createPrefixes(), baseIri: DEFAULT_BASE_IRI });
  return outcome.ok && Boolean((outcome.ast as { solutionModifiers?: { order?: unknown } }).solutionModifiers?.order);
}

/** A result as comparable data: rows as lines of exact terms (sorted unless ordered), a boolean, or sorted triples. */
function comparable(result: QueryResult, ordered: boolean): unknown {
  if (result.type === 'boolean') return result.value;
  if (result.type === 'quads') return result.quads.length;
  const lines = result.rows.map((row) => result.variables.map((v) => `${v}=${row[v] ? termToNTriples(row[v]!) : ''}`).join(' '));
  return { variables: [...result.variables].sort(), rows: ordered ? lines : lines.sort() };
}

describe.each(files)('queries/%s', (file) => {
  test('Oxigraph and Comunica give the same answer', async () => {
    const query = await loadQueryFile(path.join(config.queriesDir, file));
    const oxigraph = await runQuery(store, query.text, { baseIri: config.baseIri, bindings: bindQueryParameters(query), file });
    const expected = await askComunica(n3Store, query, config.baseIri);
    expect(oxigraph.type).toBe(expected.type);
    const ordered = isOrdered(query.text);
    expect(comparable(oxigraph, ordered)).toEqual(comparable(expected, ordered));
    if (oxigraph.type === 'quads' && expected.type === 'quads') expect(isomorphic([...oxigraph.quads], [...expected.quads])).toBe(true);
  });
});
