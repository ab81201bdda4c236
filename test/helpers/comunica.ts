// Comunica as the query page runs it (src/browser/query-worker.ts), for tests that compare it with Oxigraph.
import { createRequire } from 'node:module';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import type * as RDF from '@rdfjs/types';
import { DEFAULT_BASE_IRI, createPrefixes } from '../../src/prefixes.ts';
import { bindQueryParameters, type QueryFile, type QueryResult } from '../../src/query/query.ts';
import { parseSparqlText } from '../../src/query/sparql-parse.ts';

const requireCjs = createRequire(import.meta.url);
const { Parser } = requireCjs('@traqula/parser-sparql-1-2') as typeof import('@traqula/parser-sparql-1-2');
const { toAlgebra } = requireCjs('@traqula/algebra-sparql-1-2') as typeof import('@traqula/algebra-sparql-1-2');
const { DataFactory } = requireCjs('rdf-data-factory') as typeof import('rdf-data-factory');

const comunica = new QueryEngine();
const dataFactory = new DataFactory();

/** The parser and algebra the query page uses (src/query/sparql-parse.ts: SparqlTools). */
export const comunicaTools = { parser: new Parser(), toAlgebra: toAlgebra as never, dataFactory };

/** Run a query file on Comunica, as the query page does, with its parameters as initial bindings. */
export async function askComunica(source: RDF.Source, query: QueryFile, baseIri: string = DEFAULT_BASE_IRI): Promise<QueryResult> {
  const outcome = parseSparqlText(comunicaTools, query.text, { prefixes: createPrefixes(baseIri), baseIri });
  if (!outcome.ok) throw new Error(outcome.reason);
  const entries = Object.entries(bindQueryParameters(query)).map(([name, term]) => [dataFactory.variable(name), term] as [RDF.Variable, RDF.Term]);
  const context = { sources: [source], baseIRI: baseIri, distinctConstruct: true, ...(entries.length > 0 ? { initialBindings: new BindingsFactory(dataFactory).bindings(entries) } : {}) };
  const result = await comunica.query(outcome.operation as never, context as never);
  if (result.resultType === 'boolean') return { type: 'boolean', value: await result.execute() };
  if (result.resultType === 'quads') return { type: 'quads', quads: await (await result.execute()).toArray() };
  if (result.resultType !== 'bindings') throw new Error(`unexpected ${result.resultType}`);
  const variables = ((await result.metadata()).variables as unknown as Array<RDF.Variable | { variable: RDF.Variable }>).map((v) => ('variable' in v ? v.variable.value : v.value));
  const rows = (await (await result.execute()).toArray()).map((b) => Object.fromEntries([...b].map(([v, t]) => [v.value, t])));
  return { type: 'bindings', variables, rows };
}
