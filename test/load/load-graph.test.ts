import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/config.ts';
import { listTurtleFiles, loadGraph, parseTurtle, rebaseTerm, RdfSyntaxError } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';

const fixtures = path.join(ROOT_DIR, 'test', 'fixtures', 'load');
const OTHER_BASE = 'https://example.org/data/';

async function parseExpected(name: string): Promise<Quad[]> {
  return new Parser({ format: 'text/turtle' }).parse(await readFile(path.join(fixtures, name), 'utf8'));
}

function catchSyntaxError(run: () => unknown): RdfSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof RdfSyntaxError) return error;
    throw error;
  }
  throw new Error('expected an RdfSyntaxError, but parsing succeeded');
}

describe('parseTurtle: syntax errors name file, line and column', () => {
  // Each broken fixture, with the line and the text that the reported column must point at.
  const cases = [
    { file: 'missing-dot.ttl', line: 5, at: '<https://w3id.org/cbss-car/c>', reason: /Expected punctuation/ },
    { file: 'undefined-prefix.ttl', line: 4, at: 'skoz:prefLabel', reason: /Undefined prefix "skoz:"/ },
    { file: 'unterminated-string.ttl', line: 3, at: '"A@en', reason: /Unexpected/ },
  ];
  for (const { file, line, at, reason } of cases) {
    it(`${file}: line ${line}, column at ${at}`, async () => {
      const full = path.join(fixtures, 'broken', file);
      const text = await readFile(full, 'utf8');
      const error = catchSyntaxError(() => parseTurtle(text, full));
      expect(error.file).toBe(full);
      expect(error.line).toBe(line);
      expect(text.split('\n')[line - 1]?.slice(error.column - 1).startsWith(at)).toBe(true);
      expect(error.reason).toMatch(reason);
      expect(error.message).toBe(`${full}:${error.line}:${error.column}: Turtle syntax error: ${error.reason}`);
    });
  }

  it('loadGraph stops at the broken file and names it', async () => {
    await expect(loadGraph([path.join(fixtures, 'broken')])).rejects.toThrow(/broken[/\\]missing-dot\.ttl:5:1: Turtle syntax error/);
  });
});

describe('loadGraph: several files merge into one store', () => {
  it('lists .ttl files recursively and sorted, skipping other files', async () => {
    const files = await listTurtleFiles([path.join(fixtures, 'merge')]);
    expect(files.map((f) => path.relative(fixtures, f))).toEqual(['merge/a.ttl', 'merge/b.ttl', 'merge/nested/c.ttl']);
  });

  it('gives a graph isomorphic to the union of the files', async () => {
    const { store, files } = await loadGraph([path.join(fixtures, 'merge')]);
    expect(files).toHaveLength(3);
    expect(isomorphic(store.getQuads(null, null, null, null), await parseExpected('merge-expected.ttl'))).toBe(true);
  });

  it('keeps blank nodes of different files apart', async () => {
    const text = '@prefix oa: <http://www.w3.org/ns/oa#> . <https://w3id.org/cbss-car/x> oa:hasSelector [ a oa:TextQuoteSelector ] .';
    const first = parseTurtle(text, 'one.ttl');
    const second = parseTurtle(text, 'two.ttl');
    const blank = (quads: Quad[]): string | undefined => quads.find((q) => q.object.termType === 'BlankNode')?.object.value;
    expect(blank(first)).toBeDefined();
    expect(blank(first)).not.toBe(blank(second));
  });

  it('reads the real ontology and data into one store', async () => {
    const { store, files } = await loadGraph([path.join(ROOT_DIR, 'ontology'), path.join(ROOT_DIR, 'data')]);
    expect(files.some((f) => f.endsWith('cbss-car.ttl'))).toBe(true);
    expect(files.some((f) => f.endsWith('cbss-car-shapes.ttl'))).toBe(true);
    expect(store.size).toBeGreaterThan(1000);
  });
});

describe('rebasing onto another BASE_IRI', () => {
  it('maps subjects, predicates and objects under the default base, and leaves everything else alone', async () => {
    const text = await readFile(path.join(fixtures, 'rebase.ttl'), 'utf8');
    const rebased = parseTurtle(text, 'rebase.ttl', OTHER_BASE);
    expect(isomorphic(rebased, await parseExpected('rebase-expected.ttl'))).toBe(true);
  });

  it('changes nothing under the default base', async () => {
    const text = await readFile(path.join(fixtures, 'rebase.ttl'), 'utf8');
    const plain = parseTurtle(text, 'rebase.ttl', DEFAULT_BASE_IRI);
    expect(isomorphic(plain, new Parser({ format: 'text/turtle' }).parse(text))).toBe(true);
  });

  it('rebases loadGraph the same way', async () => {
    const { store } = await loadGraph([path.join(fixtures, 'merge')], OTHER_BASE);
    const subjects = store.getSubjects(null, null, null).filter((s) => s.termType === 'NamedNode').map((s) => s.value).sort();
    expect(subjects).toEqual([`${OTHER_BASE}area/a`, `${OTHER_BASE}priority/p1`]);
    expect(store.getQuads(null, DataFactory.namedNode(`${OTHER_BASE}ontology#paragraph`), null, null)).toHaveLength(1);
  });

  it('rebaseTerm maps IRIs only at the base boundary', () => {
    const { namedNode, literal } = DataFactory;
    expect(rebaseTerm(namedNode(`${DEFAULT_BASE_IRI}state/denmark`), OTHER_BASE).value).toBe(`${OTHER_BASE}state/denmark`);
    expect(rebaseTerm(namedNode('https://w3id.org/cbss-carrot/x'), OTHER_BASE).value).toBe('https://w3id.org/cbss-carrot/x');
    expect(rebaseTerm(literal(`${DEFAULT_BASE_IRI}x`), OTHER_BASE).value).toBe(`${DEFAULT_BASE_IRI}x`);
  });
});
