// compareGraphs on small hand-made graphs: renumbered blank nodes are no change; a changed blank-node branch is
// removed and added whole, the others not at all; the kinds of change.
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { compareGraphs } from '../../src/release/change-set.ts';

const { namedNode, blankNode, literal, quad } = DataFactory;
const B = 'https://example.org/x/';
const s = namedNode(`${B}a`);
const p = namedNode('https://example.org/p');
const q = namedNode('https://example.org/q');
const OWL_DEPRECATED = namedNode('http://www.w3.org/2002/07/owl#deprecated');
const REPLACED_BY = namedNode('http://purl.org/dc/terms/isReplacedBy');

const withBranches = (first: string, second: string, v: string) => [
  quad(s, p, blankNode(first)),
  quad(blankNode(first), q, literal('one')),
  quad(s, p, blankNode(second)),
  quad(blankNode(second), q, literal(v)),
];

describe('compareGraphs', () => {
  it('finds no change when only the blank nodes are renumbered', () => {
    const changes = compareGraphs(withBranches('b1', 'b2', 'two'), withBranches('x9', 'x8', 'two'), B);
    expect(changes).toEqual({ added: [], removed: [], resources: [] });
  });

  it('adds and removes only the branch that changed', () => {
    const changes = compareGraphs(withBranches('b1', 'b2', 'two'), withBranches('x9', 'x8', 'three'), B);
    expect(changes.resources).toEqual([{ iri: `${B}a`, kinds: ['changed'] }]);
    expect(changes.removed.map((x) => x.object.value).sort()).toEqual(['b2', 'two']);
    expect(changes.added.map((x) => x.object.value).sort()).toEqual(['three', 'x8']);
  });

  it('tells new, removed, deprecated and replaced resources apart', () => {
    const c = namedNode(`${B}c`);
    const d = namedNode(`${B}d`);
    const older = [quad(s, p, literal('1')), quad(c, p, literal('gone'))];
    const newer = [quad(s, p, literal('1')), quad(s, OWL_DEPRECATED, literal('true', namedNode('http://www.w3.org/2001/XMLSchema#boolean'))), quad(s, REPLACED_BY, d), quad(d, p, literal('new'))];
    expect(compareGraphs(older, newer, B).resources).toEqual([
      { iri: `${B}a`, kinds: ['deprecated', 'replaced'] },
      { iri: `${B}c`, kinds: ['removed'] },
      { iri: `${B}d`, kinds: ['added'] },
    ]);
  });
});
