// The in-memory store every stage reads the graph from: rdf-stores' RdfStore (the store Comunica's own engines use,
// dictionary-encoded, indexed in SPO, POS and OSP order), with the few conveniences of n3's Store that our stages
// call (getSubjects, getObjects, getPredicates, has, addQuads, removeQuads, iteration). rdf-stores holds the
// 10,000-resource benchmark graph in about a quarter of the memory n3's Store takes (105 MB against 390 MB). It is
// not an oxigraph.Store because describing and rendering read it about a million times at 10,000 resources, and
// Oxigraph hands every quad over as WebAssembly-backed terms: those stages took 2 to 50 times as long on it
// (site/docs/development.md, "The graph in memory"). SPARQL runs on Oxigraph copies of it.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import { RdfStore, RdfStoreIndexNestedMapQuoted, TermDictionaryNumberRecordFullTerms, TermDictionaryQuotedIndexed } from 'rdf-stores';

export type Term = RDF.Term;
export type Quad = RDF.Quad;

type Pattern = RDF.Term | null | undefined;

// The dictionary (TermDictionaryNumberRecordFullTerms) keeps one object per term and hands that object back from
// every lookup, so the same term is the same object: a Set of objects finds the distinct ones.
function distinct(terms: RDF.Term[]): RDF.Term[] {
  return terms.length < 2 ? terms : [...new Set(terms)];
}

/** An RdfStore with n3's Store conveniences. Quads come back in the order they were first added, per index. */
export class GraphStore extends RdfStore<number> {
  constructor(quads: Iterable<RDF.Quad> = []) {
    super({
      indexCombinations: RdfStore.DEFAULT_INDEX_COMBINATIONS,
      indexConstructor: (options) => new RdfStoreIndexNestedMapQuoted(options),
      dictionary: new TermDictionaryQuotedIndexed(new TermDictionaryNumberRecordFullTerms()),
      dataFactory: new DataFactory(),
    });
    this.addQuads(quads);
  }

  /** Add every quad; returns how many were new. */
  addQuads(quads: Iterable<RDF.Quad>): number {
    let added = 0;
    for (const quad of quads) if (this.addQuad(quad)) added++;
    return added;
  }

  /** Remove every quad given; returns how many were there. */
  removeQuads(quads: Iterable<RDF.Quad>): number {
    let removed = 0;
    for (const quad of [...quads]) if (this.removeQuad(quad)) removed++;
    return removed;
  }

  /** Whether the store holds this quad (in its graph). */
  has(quad: RDF.Quad): boolean {
    return this.countQuads(quad.subject, quad.predicate, quad.object, quad.graph) > 0;
  }

  /** The distinct subjects of the quads that match. */
  getSubjects(predicate: Pattern, object: Pattern, graph: Pattern = null): RDF.Term[] {
    return distinct(this.getQuads(null, predicate ?? null, object ?? null, graph ?? null).map((q) => q.subject));
  }

  /** The distinct predicates of the quads that match. */
  getPredicates(subject: Pattern, object: Pattern, graph: Pattern = null): RDF.Term[] {
    return distinct(this.getQuads(subject ?? null, null, object ?? null, graph ?? null).map((q) => q.predicate));
  }

  /** The distinct objects of the quads that match. */
  getObjects(subject: Pattern, predicate: Pattern, graph: Pattern = null): RDF.Term[] {
    return distinct(this.getQuads(subject ?? null, predicate ?? null, null, graph ?? null).map((q) => q.object));
  }

  /** Every quad, in the store's order. */
  [Symbol.iterator](): IterableIterator<RDF.Quad> {
    return this.readQuads(null, null, null, null);
  }

  /**
   * A read-only RDF/JS DatasetCore over the store, whose match() is a lazy view rather than a copy (rdf-stores' own
   * asDataset() copies each match into a new store): for shacl-engine (through grapoi), which calls match() for every
   * step it takes.
   */
  asDatasetView(): RDF.DatasetCore {
    return new DatasetView(this, null, null, null, null);
  }
}

function narrow(mine: Pattern, theirs: Pattern): Pattern | false {
  if (!theirs) return mine;
  if (!mine) return theirs;
  return mine.equals(theirs) ? mine : false;
}

let emptyStore: GraphStore | undefined;

// A class rather than an object of closures: shacl-engine makes several views for every focus node it checks.
class DatasetView implements RDF.DatasetCore {
  constructor(
    private readonly store: GraphStore,
    private readonly s: Pattern,
    private readonly p: Pattern,
    private readonly o: Pattern,
    private readonly g: Pattern,
  ) {}

  get size(): number {
    return this.store.countQuads(this.s ?? null, this.p ?? null, this.o ?? null, this.g ?? null);
  }

  has(quad: RDF.Quad): boolean {
    const { s, p, o, g } = this;
    return (!s || s.equals(quad.subject)) && (!p || p.equals(quad.predicate)) && (!o || o.equals(quad.object)) && (!g || g.equals(quad.graph)) && this.store.has(quad);
  }

  match(ms?: Pattern, mp?: Pattern, mo?: Pattern, mg?: Pattern): RDF.DatasetCore {
    const [s, p, o, g] = [narrow(this.s, ms), narrow(this.p, mp), narrow(this.o, mo), narrow(this.g, mg)];
    if (s === false || p === false || o === false || g === false) return (emptyStore ??= new GraphStore()).asDatasetView();
    return new DatasetView(this.store, s, p, o, g);
  }

  add(): never {
    throw new Error('This view of the graph is read-only');
  }

  delete(): never {
    throw new Error('This view of the graph is read-only');
  }

  [Symbol.iterator](): Iterator<RDF.Quad> {
    return this.store.readQuads(this.s ?? null, this.p ?? null, this.o ?? null, this.g ?? null);
  }
}

/** A store holding these quads. */
export function createGraphStore(quads: Iterable<RDF.Quad> = []): GraphStore {
  return new GraphStore(quads);
}
