import { DataFactory, Parser } from 'n3';
import * as canonize from 'rdf-canonize';
import type { Quad } from '@rdfjs/types';
import { describe, expect, test } from 'vitest';
import { createPrefixes } from '../../src/prefixes.ts';
import {
  canonicalizeGraph,
  escapeJsonForScript,
  extendGraph,
  toJsonLd,
  usedPrefixes,
  writeJsonLd,
  writeNTriples,
  writeTurtle,
} from '../../src/describe/write-rdf.ts';
import { parseJsonLdText, parseNTriplesText, parseRdfXmlText, parseTurtleText, sameGraph } from '../helpers/graphs.ts';
import { writeRdfXml } from '../../src/describe/write-rdf-xml.ts';

const { namedNode, literal, quad: makeQuad } = DataFactory;
const prefixes = createPrefixes();

// A graph with everything that is hard to write: nested, shared and cyclic blank nodes, lists (one holding a blank
// node), hostile and multilingual literals, typed literals, IRIs with a slash local part and one outside every prefix.
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
  caro:steps ( [ skos:prefLabel "first step" ] caro:B ) ;
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

const P1 = 'https://w3id.org/cbss-car/priority/p1';
const P2 = 'https://w3id.org/cbss-car/priority/p2';

/** Every document of a graph, as each writer writes it. */
async function writeAll(input: readonly Quad[], firstRoots: readonly string[] = []): Promise<Record<string, string>> {
  const graph = await canonicalizeGraph(input, firstRoots);
  return { turtle: writeTurtle(graph, prefixes), nTriples: writeNTriples(graph), jsonLd: await writeJsonLd(graph, prefixes), rdfXml: await writeRdfXml(graph) };
}

describe('the writers', () => {
  const quads = parse(TRICKY);

  test('every format reads back as the same graph', async () => {
    const out = await writeAll(quads, [P1]);
    expect(sameGraph(parseTurtleText(out.turtle as string), quads)).toBe(true);
    expect(sameGraph(parseNTriplesText(out.nTriples as string), quads)).toBe(true);
    expect(sameGraph(await parseJsonLdText(out.jsonLd as string), quads)).toBe(true);
    // Oxigraph writes numbers in canonical form: the fixture's "04" and 2.50 come back as 4 and 2.5.
    const canonicalNumbers = parse(TRICKY.replace('"04"^^xsd:integer', '4').replace('2.50', '2.5'));
    expect(sameGraph(await parseRdfXmlText(out.rdfXml as string), canonicalNumbers)).toBe(true);
  });

  test('the same graph gives the same bytes in every format, whatever the blank-node labels and the order of the input', async () => {
    const again = parse(TRICKY).reverse();
    const blanks = (qs: Quad[]): Set<string> => new Set(qs.filter((q) => q.subject.termType === 'BlankNode').map((q) => q.subject.value));
    // The parser numbers blank nodes per parse, so the two inputs share no label.
    expect(blanks(quads).size).toBeGreaterThan(3);
    expect([...blanks(quads)].filter((b) => blanks(again).has(b))).toEqual([]);
    expect(await writeAll(again, [P1])).toEqual(await writeAll(quads, [P1]));
  });

  test('blank-node labels are those rdf-canonize gives the whole graph, though only the triples with blank nodes go to it', async () => {
    const key = (q: Quad): string => `${q.subject.termType} ${q.subject.value} ${q.predicate.value} ${q.object.termType} ${q.object.value} ${q.object.termType === 'Literal' ? `${q.object.language} ${q.object.datatype.value}` : ''}`;
    const whole = new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(await canonize.canonize(quads, { algorithm: 'RDFC-1.0' }));
    const ours = (await canonicalizeGraph(quads)).quads;
    expect(ours.some((q) => q.subject.termType === 'BlankNode')).toBe(true);
    expect(ours.map(key).sort()).toEqual(whole.map(key).sort());
  });

  test('a graph extended with more triples is the graph of all of them, whether or not the new triples hold blank nodes', async () => {
    const base = await canonicalizeGraph(quads, [P1]);
    const plain = parse('<https://w3id.org/cbss-car/priority/p1> <https://schema.org/name> "P one"@en ; a <https://schema.org/DefinedTerm> .');
    const blank = parse('<https://w3id.org/cbss-car/priority/p1> <https://schema.org/about> _:shared .');
    for (const extra of [plain, blank, [...quads.slice(0, 3)]]) {
      const extended = await extendGraph(base, extra, [P1]);
      const all = await canonicalizeGraph([...quads, ...extra], [P1]);
      expect(writeNTriples(extended)).toBe(writeNTriples(all));
      expect(writeTurtle(extended, prefixes)).toBe(writeTurtle(all, prefixes));
      expect(extended.quads.map((q) => q.subject.value)).toEqual(all.quads.map((q) => q.subject.value));
    }
  });

  test('symmetric blank-node cycles stay the same graph and the same bytes', async () => {
    const text = '_:a <http://e/p> _:b . _:b <http://e/p> _:a . _:c <http://e/p> _:c .';
    const one = await writeAll(parse(text));
    expect(await writeAll(parse(text).reverse())).toEqual(one);
    expect(sameGraph(parseTurtleText(one.turtle as string), parse(text))).toBe(true);
    expect(sameGraph(await parseJsonLdText(one.jsonLd as string), parse(text))).toBe(true);
  });

  test('Turtle: the prefixes it uses, one per kind of resource, blank nodes nested, lists, the given subject first', async () => {
    const text = writeTurtle(await canonicalizeGraph(quads, [P1]), prefixes);
    expect(text).toContain('@prefix priority: <https://w3id.org/cbss-car/priority/>');
    expect(text).not.toContain('@prefix foaf:');
    // No PN_LOCAL escape: `priority:p1`, never `car:priority\/p1`; deeper paths in full.
    expect(text).toMatch(/^priority:p1 a caro:StrategicPriority/m);
    expect(text).not.toContain('\\/');
    expect(text).toContain('<https://w3id.org/cbss-car/alignment/p2/uncrc-article-3>');
    expect(text).toContain('sh:in (caro:A caro:B "c")');
    expect(text).toMatch(/caro:steps \(\[ skos:prefLabel "first step" \] caro:B\)/);
    expect(text).toMatch(/caro:quotedFrom \[\n\s*a oa:SpecificResource/);
    expect(text).toContain('caro:empty []');
    const p2First = writeTurtle(await canonicalizeGraph(quads, [P2]), prefixes);
    expect(p2First.indexOf('priority:p2')).toBeLessThan(p2First.indexOf('priority:p1'));
    expect(text.indexOf('priority:p1')).toBeLessThan(text.indexOf('priority:p2'));
  });

  test('N-Triples: one sorted line per triple', async () => {
    const doubled = [...quads, ...quads];
    const lines = writeNTriples(await canonicalizeGraph(doubled)).trimEnd().split('\n');
    expect(lines).toEqual([...lines].sort());
    expect(lines.length).toBe(quads.length);
  });

  test('JSON-LD: the @context holds the prefixes of its predicates, types and datatypes', async () => {
    const json = JSON.parse((await writeAll(quads, [P1])).jsonLd as string) as { '@context': Record<string, string>; '@graph': { '@id': string }[] };
    expect(json['@context'].skos).toBe('http://www.w3.org/2004/02/skos/core#');
    expect(json['@context'].foaf).toBeUndefined();
    expect(json['@graph'][0]?.['@id']).toBe(P1);
  });

  test('JSON-LD of a single resource is one node object with its blank nodes nested', async () => {
    const single = parse('<https://w3id.org/cbss-car/x> <http://www.w3.org/2004/02/skos/core#prefLabel> "X"@en ; <http://e/q> [ <http://e/r> 1 ; <http://e/s> [ <http://e/t> "deep" ] ] .');
    const json = await toJsonLd(await canonicalizeGraph(single), prefixes);
    expect(json['@id']).toBe('https://w3id.org/cbss-car/x');
    expect(json['@graph']).toBeUndefined();
    expect(json['http://e/q']).toEqual({ 'http://e/r': { '@value': '1', '@type': 'xsd:integer' }, 'http://e/s': { 'http://e/t': 'deep' } });
    expect(json['@context']).toEqual({ skos: 'http://www.w3.org/2004/02/skos/core#', xsd: 'http://www.w3.org/2001/XMLSchema#' });
    expect(sameGraph(await parseJsonLdText(JSON.stringify(json)), single)).toBe(true);
  });
});

describe('helpers', () => {
  test('usedPrefixes keeps only the prefixes some IRI is written with', () => {
    const q = parse('<http://www.w3.org/2004/02/skos/core#a> <http://purl.org/dc/terms/title> "x" ; <http://purl.org/dc/terms/date> "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> .');
    expect(Object.keys(usedPrefixes(q, prefixes))).toEqual(['xsd', 'skos', 'dct']);
    expect(Object.keys(usedPrefixes(q, prefixes, 'jsonld'))).toEqual(['xsd', 'dct']);
  });

  test('escapeJsonForScript leaves no "<", ">" or "&" and still parses to the same value', () => {
    const value = { text: '</script><script>alert(1)</script> <!-- & more' };
    const safe = escapeJsonForScript(JSON.stringify(value));
    expect(safe).not.toMatch(/[<>&]/);
    expect(safe).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(safe)).toEqual(value);
  });
});
