// Reading RDF back in the tests, with parsers other than our writers: n3 for Turtle and N-Triples, the jsonld
// package for JSON-LD, rdflib for RDF/XML; graphs are compared with rdf-isomorphic.
import type * as RDF from '@rdfjs/types';
import jsonld from 'jsonld';
import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';

const { namedNode, blankNode, literal, quad: makeQuad } = DataFactory;

export function parseTurtleText(text: string, baseIRI?: string): Quad[] {
  return new Parser({ format: 'text/turtle', ...(baseIRI ? { baseIRI } : {}) }).parse(text);
}

export function parseNTriplesText(text: string): Quad[] {
  return new Parser({ format: 'N-Triples' }).parse(text);
}

/** Read JSON-LD text with the jsonld package (toRDF), then the N-Quads it gives with n3. */
export async function parseJsonLdText(text: string): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(JSON.parse(text) as object, { format: 'application/n-quads' })) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nquads);
}

interface RdflibTerm {
  termType: string;
  value: string;
  language?: string;
  datatype?: { value: string };
}

/** Read RDF/XML with rdflib and convert its statements to n3 quads. */
export async function parseRdfXmlText(text: string, base = 'http://example.org/'): Promise<Quad[]> {
  const $rdf = await import('rdflib');
  const store = $rdf.graph();
  $rdf.parse(text, store, base, 'application/rdf+xml');
  const term = (t: RdflibTerm): RDF.Term => {
    if (t.termType === 'NamedNode') return namedNode(t.value);
    if (t.termType === 'BlankNode') return blankNode(t.value);
    if (t.language) return literal(t.value, t.language);
    return literal(t.value, namedNode(t.datatype?.value ?? 'http://www.w3.org/2001/XMLSchema#string'));
  };
  return (store.statements as unknown as { subject: RdflibTerm; predicate: RdflibTerm; object: RdflibTerm }[]).map((st) =>
    makeQuad(term(st.subject) as Quad['subject'], term(st.predicate) as Quad['predicate'], term(st.object) as Quad['object']),
  );
}

/** Whether two lists of quads are the same graph (blank nodes matched up to renaming); duplicates are ignored. */
export function sameGraph(a: readonly RDF.Quad[], b: readonly RDF.Quad[]): boolean {
  return isomorphic(dedupe(a) as RDF.Quad[], dedupe(b) as RDF.Quad[]);
}

function key(t: RDF.Term): string {
  return t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
}

/** Remove duplicate quads. */
export function dedupe(quads: readonly RDF.Quad[]): RDF.Quad[] {
  const seen = new Map<string, RDF.Quad>();
  for (const q of quads) seen.set(`${key(q.subject)} ${key(q.predicate)} ${key(q.object)} ${key(q.graph)}`, q);
  return [...seen.values()];
}
