import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { describe, expect, test } from 'vitest';
import { createPrefixes } from '../../src/prefixes.ts';
import {
  escapeJsonForScript,
  escapeLiteral,
  labelBlankNodes,
  prepareGraph,
  toJsonLd,
  usedPrefixes,
  writeJsonLd,
  writeNTriples,
  writeRdfXml,
  writeTurtle,
} from '../../src/describe/serialize.ts';
import { parseJsonLdText, parseNTriplesText, parseRdfXmlText, parseTurtleText, sameGraph } from '../helpers/graphs.ts';

const { namedNode, literal, quad: makeQuad } = DataFactory;
const prefixes = createPrefixes();

// A graph with everything that is hard to write: nested, shared and cyclic blank nodes, a list, hostile and
// multilingual literals, typed literals, IRIs with a slash local part and one outside every prefix.
const TRICKY = `
@prefix car: <https://w3id.org/cbss-car/> .
@prefix caro: <https://w3id.org/cbss-car/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

car:priority\\/p1 a caro:StrategicPriority ;
  skos:prefLabel "P one"@en , "P yksi"@fi ;
  skos:note "<script>alert(1)</script> & \\"quotes\\" 'single' ]]> end" ;
  skos:definition "line one\\nline two\\ttab \\\\ backslash é 😀"@en ;
  skos:notation "P1" ;
  caro:count 3 , "04"^^xsd:integer , 2.50 , true , "2020-05-06"^^xsd:date ;
  caro:quotedFrom [ a oa:SpecificResource ; caro:paragraph 3 ;
      oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "x" ] , [ a oa:TextPositionSelector ; oa:start 1 ; oa:end 2 ] ] ;
  caro:shared _:shared ;
  caro:loop _:a ;
  sh:in ( caro:A caro:B "c" ) ;
  caro:empty [] ;
  caro:weird <http://example.org/a b?c=d&e=f#g> .
car:priority\\/p2 caro:shared _:shared ; caro:alignment car:alignment\\/p2\\/uncrc-article-3 .
_:shared skos:prefLabel "shared node" .
_:a caro:next _:b .
_:b caro:next _:a .
`;

function parse(text: string): Quad[] {
  return new Parser({ format: 'text/turtle' }).parse(text.replace('<http://example.org/a b?c=d&e=f#g>', '<http://example.org/a%20b?c=d&e=f#g>'));
}

describe('labelBlankNodes', () => {
  test('gives the same labels whatever the parser called the blank nodes and in whatever order the quads come', () => {
    const first = parse(TRICKY);
    const second = [...parse(TRICKY)].reverse();
    const blanks = (qs: Quad[]): Set<string> => new Set(qs.filter((q) => q.subject.termType === 'BlankNode').map((q) => q.subject.value));
    expect(blanks(first).size).toBeGreaterThan(3);
    // The parser numbers blank nodes per parse, so the two inputs share no label.
    expect([...blanks(first)].filter((b) => blanks(second).has(b))).toEqual([]);
    expect(writeNTriples(first)).toBe(writeNTriples(second));
    expect(sameGraph(labelBlankNodes(first), first)).toBe(true);
  });

  test('tells apart blank nodes that differ only in where they hang', () => {
    const quads = parse('<http://e/s> <http://e/p> [ <http://e/q> "same" ] . <http://e/t> <http://e/p> [ <http://e/q> "same" ] .');
    const labels = new Set(labelBlankNodes(quads).filter((q) => q.subject.termType === 'BlankNode').map((q) => q.subject.value));
    expect(labels.size).toBe(2);
  });

  test('falls back to canonicalisation for symmetric blank-node cycles and stays stable', () => {
    const text = '_:a <http://e/p> _:b . _:b <http://e/p> _:a . _:c <http://e/p> _:c .';
    const one = writeNTriples(parse(text));
    const two = writeNTriples(parse(text).reverse());
    expect(one).toBe(two);
    expect(sameGraph(parseNTriplesText(one), parse(text))).toBe(true);
  });
});

describe('the writers', () => {
  const quads = parse(TRICKY);

  test('Turtle reads back as the same graph, with nested blank nodes, lists and prefixed names', () => {
    const text = writeTurtle(quads, prefixes, ['https://w3id.org/cbss-car/priority/p1']);
    expect(sameGraph(parseTurtleText(text), quads)).toBe(true);
    expect(text).toContain('@prefix priority: <https://w3id.org/cbss-car/priority/> .');
    // One prefix per kind of resource, and no PN_LOCAL escape: `priority:p1`, never `car:priority\\/p1`.
    expect(text).toContain('\npriority:p1 a caro:StrategicPriority');
    expect(text).not.toContain('\\/');
    expect(text).toContain('<https://w3id.org/cbss-car/alignment/p2/uncrc-article-3>');
    expect(text).toContain('sh:in ( caro:A caro:B "c" )');
    expect(text).toMatch(/caro:quotedFrom \[\n\s+a oa:SpecificResource/);
    expect(text).not.toContain('@prefix foaf:');
    // The first root comes first even though p2 would not sort after it anyway; check with p2 first instead.
    const p2First = writeTurtle(quads, prefixes, ['https://w3id.org/cbss-car/priority/p2']);
    expect(p2First.indexOf('priority:p2')).toBeLessThan(p2First.indexOf('priority:p1'));
  });

  test('N-Triples reads back as the same graph, one sorted line per triple', () => {
    const text = writeNTriples(quads);
    const lines = text.trimEnd().split('\n');
    expect(sameGraph(parseNTriplesText(text), quads)).toBe(true);
    expect(lines).toEqual([...lines].sort());
    expect(lines.length).toBe(new Set(quads.map((q) => `${q.subject.value}${q.predicate.value}${q.object.value}`)).size);
  });

  test('JSON-LD reads back (jsonld.toRDF) as the same graph, with a context from the prefixes', async () => {
    const text = writeJsonLd(quads, prefixes, ['https://w3id.org/cbss-car/priority/p1']);
    expect(sameGraph(await parseJsonLdText(text), quads)).toBe(true);
    const json = JSON.parse(text) as { '@context': Record<string, string> };
    expect(json['@context'].skos).toBe('http://www.w3.org/2004/02/skos/core#');
    expect(json['@context'].foaf).toBeUndefined();
  });

  test('JSON-LD of a single resource is one node object with its blank nodes nested', async () => {
    const single = parse('<https://w3id.org/cbss-car/x> <http://www.w3.org/2004/02/skos/core#prefLabel> "X"@en ; <http://e/q> [ <http://e/r> 1 ] .');
    const json = toJsonLd(single, prefixes) as Record<string, unknown>;
    expect(json['@id']).toBe('https://w3id.org/cbss-car/x');
    expect(json['@graph']).toBeUndefined();
    expect(json['http://e/q']).toEqual({ 'http://e/r': { '@value': '1', '@type': 'xsd:integer' } });
    expect(sameGraph(await parseJsonLdText(JSON.stringify(json)), single)).toBe(true);
  });

  test('RDF/XML (rdflib) reads back as the same graph and is well-formed despite "]]>" in a literal', async () => {
    const text = await writeRdfXml(quads, prefixes);
    expect(text).not.toMatch(/parseType="Resource"/);
    expect(text).toContain(']]&gt; end');
    expect(sameGraph(await parseRdfXmlText(text), quads)).toBe(true);
  });

  test('RDF/XML refuses characters XML cannot hold, naming the subject', async () => {
    const bad = [makeQuad(namedNode('https://w3id.org/cbss-car/bad'), namedNode('http://e/p'), literal('bell \u0007'))];
    await expect(writeRdfXml(bad, prefixes)).rejects.toThrow(/https:\/\/w3id\.org\/cbss-car\/bad/);
  });

  test('the same graph always gives the same bytes in every format', async () => {
    const again = parse(TRICKY).reverse();
    expect(writeTurtle(again, prefixes)).toBe(writeTurtle(quads, prefixes));
    expect(writeJsonLd(again, prefixes)).toBe(writeJsonLd(quads, prefixes));
    expect(await writeRdfXml(again, prefixes)).toBe(await writeRdfXml(quads, prefixes));
  });

  test('a prepared graph gives the same output as the quads it was prepared from', () => {
    const prepared = prepareGraph(quads);
    expect(writeTurtle(prepared, prefixes)).toBe(writeTurtle(quads, prefixes));
    expect(writeNTriples(prepared)).toBe(writeNTriples(quads));
  });
});

describe('helpers', () => {
  test('usedPrefixes keeps only the prefixes some IRI needs', () => {
    const q = parse('<http://www.w3.org/2004/02/skos/core#a> <http://purl.org/dc/terms/title> "x" .');
    expect(Object.keys(usedPrefixes(q, prefixes))).toEqual(['skos', 'dct']);
    expect(Object.keys(usedPrefixes(q, prefixes, 'jsonld'))).toEqual(['dct']);
  });

  test('escapeLiteral escapes quotes, backslashes and control characters', () => {
    expect(escapeLiteral('a"b\\c\nd\u0001')).toBe('a\\"b\\\\c\\nd\\u0001');
  });

  test('escapeJsonForScript leaves no "<", ">" or "&" and still parses to the same value', () => {
    const value = { text: '</script><script>alert(1)</script> & more' };
    const safe = escapeJsonForScript(JSON.stringify(value));
    expect(safe).not.toMatch(/[<>&]/);
    expect(JSON.parse(safe)).toEqual(value);
  });
});
