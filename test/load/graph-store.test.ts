import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { createGraphStore, GraphStore } from '../../src/load/graph-store.ts';

const { namedNode, literal, blankNode, quad, defaultGraph } = DataFactory;
const ex = (name: string) => namedNode(`urn:ex:${name}`);

function sample(): GraphStore {
  return createGraphStore([
    quad(ex('a'), ex('p'), ex('b')),
    quad(ex('a'), ex('p'), literal('one', 'en')),
    quad(ex('a'), ex('q'), ex('b')),
    quad(ex('c'), ex('p'), ex('b')),
    quad(ex('c'), ex('p'), blankNode('x')),
    quad(blankNode('x'), ex('q'), literal('1', namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
    quad(ex('a'), ex('p'), ex('b'), ex('g')),
  ]);
}

const values = (terms: readonly { value: string }[]) => terms.map((t) => t.value).sort();

describe('GraphStore', () => {
  it('holds each quad once and counts them by pattern', () => {
    const store = sample();
    expect(store.size).toBe(7);
    expect(store.addQuads([quad(ex('a'), ex('p'), ex('b'))])).toBe(0);
    expect(store.countQuads(ex('a'), null, null, null)).toBe(4);
    expect(store.countQuads(ex('a'), null, null, defaultGraph())).toBe(3);
  });

  it('gives distinct subjects, predicates and objects, across graphs', () => {
    const store = sample();
    expect(values(store.getSubjects(ex('p'), ex('b'), null))).toEqual(['urn:ex:a', 'urn:ex:c']);
    expect(values(store.getPredicates(ex('a'), ex('b'), null))).toEqual(['urn:ex:p', 'urn:ex:q']);
    expect(values(store.getObjects(ex('a'), ex('p'), null))).toEqual(['one', 'urn:ex:b']);
    expect(store.getObjects(ex('a'), ex('p'), ex('g')).map((t) => t.value)).toEqual(['urn:ex:b']);
    const literalObject = store.getObjects(blankNode('x'), ex('q'), null)[0];
    expect(literalObject?.termType === 'Literal' && literalObject.datatype.value).toBe('http://www.w3.org/2001/XMLSchema#integer');
  });

  it('keeps two literals that differ only in language or datatype apart', () => {
    const store = createGraphStore([
      quad(ex('s'), ex('p'), literal('x', 'en')),
      quad(ex('s'), ex('p'), literal('x', 'de')),
      quad(ex('s'), ex('p'), literal('x')),
    ]);
    expect(store.getObjects(ex('s'), ex('p'), null)).toHaveLength(3);
  });

  it('tells whether it has a quad, and removes quads', () => {
    const store = sample();
    expect(store.has(quad(ex('c'), ex('p'), ex('b')))).toBe(true);
    expect(store.has(quad(ex('c'), ex('q'), ex('b')))).toBe(false);
    expect(store.removeQuads(store.getQuads(ex('a'), null, null, null))).toBe(4);
    expect(store.size).toBe(3);
    expect(store.has(quad(ex('a'), ex('p'), ex('b')))).toBe(false);
  });

  it('iterates over every quad', () => {
    expect([...sample()]).toHaveLength(7);
  });
});

describe('GraphStore.asDatasetView', () => {
  it('matches lazily, narrows nested matches, and sizes each match', () => {
    const store = sample();
    const view = store.asDatasetView();
    expect(view.size).toBe(7);
    const fromA = view.match(ex('a'));
    expect(fromA.size).toBe(4);
    expect(fromA.match(null, ex('q')).size).toBe(1);
    expect(fromA.match(ex('c')).size).toBe(0);
    expect([...fromA.match(null, ex('p'), null, defaultGraph())].map((q) => q.object.value).sort()).toEqual(['one', 'urn:ex:b']);
    store.addQuad(quad(ex('a'), ex('r'), ex('d')));
    expect(fromA.size, 'a view reads the store as it is now').toBe(5);
  });

  it('answers has() within its pattern only', () => {
    const view = sample().asDatasetView().match(ex('c'));
    expect(view.has(quad(ex('c'), ex('p'), ex('b')))).toBe(true);
    expect(view.has(quad(ex('a'), ex('p'), ex('b')))).toBe(false);
  });

  it('is read-only', () => {
    const view = sample().asDatasetView();
    expect(() => view.add(quad(ex('z'), ex('p'), ex('z')))).toThrow(/read-only/);
    expect(() => view.delete(quad(ex('a'), ex('p'), ex('b')))).toThrow(/read-only/);
  });
});
