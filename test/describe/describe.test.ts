import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { GraphStore } from '../../src/load/graph-store.ts';
import { describe, expect, test } from 'vitest';
import {
  compareStrings,
  describeDocument,
  describeSubject,
  documentIriOf,
  findOwner,
  indexDocuments,
  indexLabels,
  listIncoming,
  typesOf,
} from '../../src/describe/describe.ts';
import { parseTurtle } from '../../src/load/load-graph.ts';
import { sameGraph } from '../helpers/graphs.ts';

const { namedNode } = DataFactory;
const BASE = 'https://w3id.org/cbss-car/';

const FIXTURE = `
@prefix car: <https://w3id.org/cbss-car/> .
@prefix caro: <https://w3id.org/cbss-car/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

<https://w3id.org/cbss-car/ontology> a owl:Ontology ; rdfs:label "Ontology"@en .
caro:Thing a owl:Class ; rdfs:label "thing"@en .
caro:links a owl:ObjectProperty ; rdfs:label "links"@en .

car:a a caro:Thing ;
  skos:prefLabel "A"@en , "A (fi)"@fi ;
  rdfs:label "label of A"@en ;
  caro:links car:b ;
  caro:quotedFrom [ oa:hasSource car:source ; oa:hasSelector [ oa:exact "quote" ] ] .
car:b a caro:Thing ; rdfs:label "B"@de , "B"@en ; caro:links car:a .
car:source rdfs:label "Source" .
car:c caro:links car:c ; skos:prefLabel "C"@sv .
car:loop caro:p _:x .
_:x caro:p _:y .
_:y caro:p _:x .
<http://example.org/outside> caro:links car:a .
`;

function load(): GraphStore {
  return new GraphStore(parseTurtle(FIXTURE, 'fixture.ttl'));
}

describe('indexDocuments', () => {
  test('finds every IRI under the base that is a subject, grouping hash IRIs under their document', () => {
    const docs = indexDocuments(load(), BASE);
    expect(docs.map((d) => d.path)).toEqual(['a', 'b', 'c', 'loop', 'ontology', 'source']);
    const ontology = docs.find((d) => d.path === 'ontology');
    expect(ontology?.members).toEqual([`${BASE}ontology`, `${BASE}ontology#Thing`, `${BASE}ontology#links`]);
    expect(docs.some((d) => d.iri.startsWith('http://example.org'))).toBe(false);
  });

  test('a document whose IRI is only a prefix of hash IRIs still gets a page', () => {
    const store = new GraphStore(parseTurtle('<https://w3id.org/cbss-car/shapes#S> <http://e/p> "x" .', 'x.ttl'));
    expect(indexDocuments(store, BASE)).toEqual([{ iri: `${BASE}shapes`, path: 'shapes', members: [`${BASE}shapes#S`] }]);
  });

  test('documentIriOf cuts the fragment', () => {
    expect(documentIriOf(`${BASE}ontology#Thing`)).toBe(`${BASE}ontology`);
    expect(documentIriOf(`${BASE}a`)).toBe(`${BASE}a`);
  });
});

describe('describeSubject and describeDocument', () => {
  test('the CBD holds the subject’s triples and the nested blank nodes, not the triples of other resources', () => {
    const store = load();
    const cbd = describeSubject(store, namedNode(`${BASE}a`));
    const expected = parseTurtle(
      `@prefix car: <https://w3id.org/cbss-car/> . @prefix caro: <https://w3id.org/cbss-car/ontology#> .
       @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
       @prefix oa: <http://www.w3.org/ns/oa#> .
       car:a a caro:Thing ; skos:prefLabel "A"@en , "A (fi)"@fi ; rdfs:label "label of A"@en ; caro:links car:b ;
         caro:quotedFrom [ oa:hasSource car:source ; oa:hasSelector [ oa:exact "quote" ] ] .`,
      'expected.ttl',
    );
    expect(sameGraph(cbd, expected)).toBe(true);
  });

  test('blank-node cycles end', () => {
    const cbd = describeSubject(load(), namedNode(`${BASE}loop`));
    expect(cbd).toHaveLength(3);
  });

  test('a document describes all its members', () => {
    const store = load();
    const doc = indexDocuments(store, BASE).find((d) => d.path === 'ontology');
    const quads = describeDocument(store, doc?.members ?? []);
    expect(new Set(quads.map((q: Quad) => q.subject.value))).toEqual(new Set(doc?.members));
    expect(quads).toHaveLength(6);
  });
});

describe('links into a resource', () => {
  test('lists named subjects that link in, skips self-links, and traces blank nodes to their owner', () => {
    const store = load();
    const intoA = listIncoming(store, [`${BASE}a`]).map((l) => `${l.from.value} ${l.path.join('/')}`);
    expect(intoA).toEqual([`${BASE}b ${BASE}ontology#links`, `http://example.org/outside ${BASE}ontology#links`].sort(compareStrings));
    const intoSource = listIncoming(store, [`${BASE}source`]);
    expect(intoSource.map((l) => [l.from.value, ...l.path])).toEqual([[`${BASE}a`, `${BASE}ontology#quotedFrom`, 'http://www.w3.org/ns/oa#hasSource']]);
    expect(listIncoming(store, [`${BASE}c`])).toEqual([]);
  });

  test('findOwner walks up from a blank node to the named node it belongs to', () => {
    const store = load();
    const selector = store.getQuads(null, namedNode('http://www.w3.org/ns/oa#exact'), null, null)[0]?.subject;
    const owner = selector ? findOwner(store, selector) : undefined;
    expect(owner?.owner.value).toBe(`${BASE}a`);
    expect(owner?.path).toEqual([`${BASE}ontology#quotedFrom`, 'http://www.w3.org/ns/oa#hasSelector']);
  });
});

describe('indexLabels', () => {
  test('prefers skos:prefLabel to rdfs:label, English to other languages, any label to none', () => {
    const labels = indexLabels(load());
    expect(labels.get(`${BASE}a`)).toEqual({ value: 'A', lang: 'en' });
    expect(labels.get(`${BASE}b`)).toEqual({ value: 'B', lang: 'en' });
    expect(labels.get(`${BASE}c`)).toEqual({ value: 'C', lang: 'sv' });
    expect(labels.get(`${BASE}source`)).toEqual({ value: 'Source', lang: '' });
    expect(labels.has(`${BASE}loop`)).toBe(false);
  });

  test('typesOf lists the types of a subject', () => {
    expect(typesOf(load(), `${BASE}a`)).toEqual([`${BASE}ontology#Thing`]);
  });
});
