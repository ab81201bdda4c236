// Candidate: GraphStore over one oxigraph.Store (measuring only).
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import * as oxigraph from 'oxigraph';

type Pattern = RDF.Term | null | undefined;
const { namedNode, blankNode, literal, defaultGraph, quad: makeQuad } = DataFactory;

const named = new Map<string, RDF.NamedNode>();
function toNamed(value: string): RDF.NamedNode {
  let t = named.get(value);
  if (!t) named.set(value, (t = namedNode(value)));
  return t;
}

function toTerm(term: oxigraph.Term): RDF.Term {
  switch (term.termType) {
    case 'NamedNode':
      return toNamed(term.value);
    case 'BlankNode':
      return blankNode(term.value);
    case 'Literal': {
      const lit = term as oxigraph.Literal;
      const language = lit.language;
      return language ? literal(lit.value, language) : literal(lit.value, toNamed(lit.datatype.value));
    }
    case 'DefaultGraph':
      return defaultGraph();
    default:
      throw new Error(`unsupported term ${term.termType}`);
  }
}

function toQuad(q: oxigraph.Quad): RDF.Quad {
  return makeQuad(toTerm(q.subject) as RDF.Quad_Subject, toTerm(q.predicate) as RDF.Quad_Predicate, toTerm(q.object) as RDF.Quad_Object, toTerm(q.graph) as RDF.Quad_Graph);
}

function distinct(terms: RDF.Term[]): RDF.Term[] {
  if (terms.length < 2) return terms;
  const seen = new Map<string, RDF.Term>();
  for (const t of terms) {
    const key = t.termType === 'Literal' ? `${t.termType}|${t.value}|${t.language}|${t.datatype.value}` : `${t.termType}|${t.value}`;
    if (!seen.has(key)) seen.set(key, t);
  }
  return [...seen.values()];
}

export class GraphStore {
  readonly oxigraph: oxigraph.Store;
  constructor(quads: Iterable<RDF.Quad> = []) {
    this.oxigraph = new oxigraph.Store(quads as Iterable<oxigraph.Quad>);
  }
  get size(): number {
    return this.oxigraph.size;
  }
  addQuad(q: RDF.Quad): boolean {
    if (this.oxigraph.has(q as unknown as oxigraph.Quad)) return false;
    this.oxigraph.add(q as unknown as oxigraph.Quad);
    return true;
  }
  addQuads(quads: Iterable<RDF.Quad>): number {
    let added = 0;
    for (const q of quads) if (this.addQuad(q)) added++;
    return added;
  }
  removeQuad(q: RDF.Quad): boolean {
    if (!this.oxigraph.has(q as unknown as oxigraph.Quad)) return false;
    this.oxigraph.delete(q as unknown as oxigraph.Quad);
    return true;
  }
  removeQuads(quads: Iterable<RDF.Quad>): number {
    let removed = 0;
    for (const q of [...quads]) if (this.removeQuad(q)) removed++;
    return removed;
  }
  has(q: RDF.Quad): boolean {
    return this.oxigraph.has(q as unknown as oxigraph.Quad);
  }
  getQuads(s: Pattern, p: Pattern, o: Pattern, g: Pattern): RDF.Quad[] {
    return this.oxigraph.match(s as oxigraph.Term, p as oxigraph.Term, o as oxigraph.Term, g as oxigraph.Term).map(toQuad);
  }
  readQuads(s: Pattern, p: Pattern, o: Pattern, g: Pattern): IterableIterator<RDF.Quad> {
    return this.getQuads(s, p, o, g)[Symbol.iterator]();
  }
  countQuads(s: Pattern, p: Pattern, o: Pattern, g: Pattern): number {
    return this.oxigraph.match(s as oxigraph.Term, p as oxigraph.Term, o as oxigraph.Term, g as oxigraph.Term).length;
  }
  getSubjects(predicate: Pattern, object: Pattern, graph: Pattern = null): RDF.Term[] {
    return distinct(this.getQuads(null, predicate, object, graph).map((q) => q.subject));
  }
  getPredicates(subject: Pattern, object: Pattern, graph: Pattern = null): RDF.Term[] {
    return distinct(this.getQuads(subject, null, object, graph).map((q) => q.predicate));
  }
  getObjects(subject: Pattern, predicate: Pattern, graph: Pattern = null): RDF.Term[] {
    return distinct(this.getQuads(subject, predicate, null, graph).map((q) => q.object));
  }
  [Symbol.iterator](): IterableIterator<RDF.Quad> {
    return this.readQuads(null, null, null, null);
  }
}
