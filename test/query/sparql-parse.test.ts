// Tests of the one SPARQL parsing step every entry point shares (src/query/sparql-parse.ts): escaped local names, refusals
// in the same words, and syntax errors placed in the user's own text. The engine-level answers are compared in
// test/query-page.test.ts (browser against command line).
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BASE_IRI, createPrefixes } from '../../src/prefixes.ts';
import { QueryRefusedError, SparqlUpdateError } from '../../src/query/query.ts';
import { parseQuery } from '../../src/query/oxigraph-engine.ts';
import { QUERY_REFUSALS, describeSyntaxError, parseSparqlText, unescapeLocalName } from '../../src/query/sparql-parse.ts';

const requireCjs = createRequire(import.meta.url);
const { Parser } = requireCjs('@traqula/parser-sparql-1-2') as typeof import('@traqula/parser-sparql-1-2');
const { toAlgebra } = requireCjs('@traqula/algebra-sparql-1-2') as typeof import('@traqula/algebra-sparql-1-2');
const { DataFactory } = requireCjs('rdf-data-factory') as typeof import('rdf-data-factory');

const tools = { parser: new Parser({ lexerConfig: { positionTracking: 'full' } }), toAlgebra: toAlgebra as never, dataFactory: new DataFactory() };
const IRI = (local: string): string => DEFAULT_BASE_IRI + local;

// The subject IRIs of the query's algebra, found by walking it.
function subjectsOf(text: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const subject = record.subject as { termType?: string; value?: string } | undefined;
    if (record.termType === 'Quad' && subject?.termType === 'NamedNode') found.push(subject.value!);
    for (const value of Object.values(record)) walk(value);
  };
  const outcome = parseSparqlText(tools, text, { prefixes: createPrefixes(), baseIri: DEFAULT_BASE_IRI });
  if (!outcome.ok) throw new Error(outcome.reason);
  walk(outcome.operation);
  return found;
}

describe('escaped local names', () => {
  test('traqula still keeps the backslash (when this fails, upstream is fixed: remove unescapeLocalNames)', () => {
    const ast = new Parser().parse(`PREFIX car: <${DEFAULT_BASE_IRI}> SELECT * WHERE { car:area\\/x ?p ?o }`) as unknown;
    const algebra = JSON.stringify(toAlgebra(ast as never, { quads: true, dataFactory: new DataFactory() } as never));
    expect(algebra).toContain('area\\\\/x');
  });

  test.each([
    ['car:area\\/alternative-care', 'area/alternative-care'],
    ['car:a\\.b', 'a.b'],
    ['car:a\\-b', 'a-b'],
    ['car:a\\~b', 'a~b'],
    ['car:a\\#b', 'a#b'],
    ["car:a\\_\\!\\$\\&\\'\\(\\)\\*\\+\\,\\;\\=\\?\\@\\%b", "a_!$&'()*+,;=?@%b"],
  ])('%s means <…%s>', (name, local) => {
    expect(subjectsOf(`SELECT * WHERE { ${name} ?p ?o }`)).toEqual([IRI(local)]);
  });

  test('an escape-like sequence inside a full IRI or a string is left alone', () => {
    const outcome = parseSparqlText({ parser: new Parser(), toAlgebra: toAlgebra as never, dataFactory: new DataFactory() }, 'SELECT * WHERE { <http://e/a%2Fb> ?p "x\\\\/y" }', {
      prefixes: createPrefixes(),
      baseIri: DEFAULT_BASE_IRI,
    });
    expect(outcome.ok && JSON.stringify(outcome.operation)).toContain('http://e/a%2Fb');
    expect(outcome.ok && JSON.stringify(outcome.operation)).toContain('x\\\\/y');
  });

  test('unescapeLocalName undoes only PN_LOCAL_ESC escapes', () => {
    expect(unescapeLocalName('a\\/b\\.c')).toBe('a/b.c');
    expect(unescapeLocalName('plain')).toBe('plain');
  });
});

describe('refusals', () => {
  test('a SERVICE clause is refused in the shared words, even SILENT and nested', () => {
    for (const text of ['SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }', 'SELECT * WHERE { { OPTIONAL { SERVICE SILENT <http://e/> { ?s ?p ?o } } } }']) {
      let error: unknown;
      try {
        parseQuery(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(QueryRefusedError);
      expect((error as QueryRefusedError).reason).toBe(QUERY_REFUSALS.service);
    }
  });

  test('an update is refused in the shared words', () => {
    expect(() => parseQuery('INSERT DATA { <a> <b> <c> }')).toThrow(SparqlUpdateError);
    expect(() => parseQuery('INSERT DATA { <a> <b> <c> }')).toThrow(QUERY_REFUSALS.update);
  });
});

describe('syntax errors', () => {
  test('point at the user\'s own line and column, with an excerpt and a caret, whatever prefixes are predeclared', () => {
    const text = 'SELECT ?s\nWHERE { ?s ?p }';
    const outcome = parseSparqlText(tools, text, { prefixes: createPrefixes(), baseIri: DEFAULT_BASE_IRI });
    expect(outcome).toMatchObject({ ok: false, kind: 'syntax', line: 2, column: 15 });
    if (outcome.ok || outcome.kind !== 'syntax') return;
    const message = describeSyntaxError(text, outcome.line, outcome.column, outcome.reason);
    expect(message.split('\n')).toEqual([expect.stringMatching(/^SPARQL syntax error at line 2, column 15: unexpected '}'/), '  WHERE { ?s ?p }', `  ${' '.repeat(14)}^`]);
    expect(message).not.toContain('PREFIX');
  });

  test('a long line is cut around the error', () => {
    const line = `SELECT * WHERE { ${'?s ?p ?o . '.repeat(30)}?s ?p }`;
    const message = describeSyntaxError(line, 1, line.length, 'unexpected');
    const [, excerpt, caret] = message.split('\n');
    expect(excerpt!.length).toBeLessThan(70);
    expect(excerpt![caret!.length - 1]).toBe('}');
  });
});
