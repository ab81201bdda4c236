// Tests of the query page's note on resources the graph lacks (src/query/missing-resources.ts): which IRIs of a parsed
// query count, and when a nearby IRI is offered.
import { describe, expect, test } from 'vitest';
import { describeMissingResources, listBaseIris } from '../../src/query/missing-resources.ts';
import { DEFAULT_BASE_IRI, createPrefixes } from '../../src/prefixes.ts';
import { createRequire } from 'node:module';
import { parseSparqlText } from '../../src/query/sparql-parse.ts';

const requireCjs = createRequire(import.meta.url);
const { Parser } = requireCjs('@traqula/parser-sparql-1-2') as typeof import('@traqula/parser-sparql-1-2');
const { toAlgebra } = requireCjs('@traqula/algebra-sparql-1-2') as typeof import('@traqula/algebra-sparql-1-2');
const { DataFactory } = requireCjs('rdf-data-factory') as typeof import('rdf-data-factory');
const tools = { parser: new Parser(), toAlgebra: toAlgebra as never, dataFactory: new DataFactory() };

// The algebra of a query as the query page parses it.
function iris(text: string): string[] {
  const outcome = parseSparqlText(tools, text, { prefixes: createPrefixes(), baseIri: DEFAULT_BASE_IRI });
  if (!outcome.ok) throw new Error(outcome.reason);
  return listBaseIris(outcome.operation as never, DEFAULT_BASE_IRI);
}

describe('listBaseIris', () => {
  test('finds our IRIs in patterns, VALUES and filters, but not in a CONSTRUCT template or outside the base', () => {
    expect(iris('SELECT * WHERE { VALUES ?x { area:a } ?x caro:p <http://example.org/y> FILTER(?x != priority:b) }').sort()).toEqual(
      [`${DEFAULT_BASE_IRI}area/a`, `${DEFAULT_BASE_IRI}ontology#p`, `${DEFAULT_BASE_IRI}priority/b`].sort(),
    );
    expect(iris('CONSTRUCT { ?s caro:new area:made-up } WHERE { ?s skos:prefLabel ?l }')).toEqual([]);
  });
});

describe('describeMissingResources', () => {
  const held = [`${DEFAULT_BASE_IRI}area/alternative-care`, `${DEFAULT_BASE_IRI}area/migration`];

  test('offers the nearest IRI the graph holds for a slip of typing, in the prefixed form', () => {
    expect(describeMissingResources([`${DEFAULT_BASE_IRI}area/alternative-car`], held, createPrefixes())).toEqual([
      'No resource `area:alternative-car` in this graph; did you mean `area:alternative-care`?',
    ]);
  });

  test('offers nothing when no IRI of the graph is close', () => {
    expect(describeMissingResources([`${DEFAULT_BASE_IRI}area/foster-homes`], held, createPrefixes())).toEqual(['No resource `area:foster-homes` in this graph.']);
  });
});
