// Stage 3, describe: per-resource descriptions read from the indexed n3 store in one pass per resource
// (no SPARQL): the Concise Bounded Description of a resource for its RDF documents, and the incoming
// links and labels of linked resources for its page.
import { DataFactory } from 'n3';
import type { Quad, GraphStore, Term } from '../load/graph-store.ts';

const { namedNode } = DataFactory;

export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const DCT = 'http://purl.org/dc/terms/';

/** A published document: an IRI under the base without a fragment, and the subjects it describes (itself and its hash IRIs). */
export interface PublishedDocument {
  readonly iri: string;
  /** The path under the base, e.g. `priority/child-protection-systems`. */
  readonly path: string;
  /** Every subject IRI of the document, the document IRI first (when it is a subject), then hash IRIs sorted. */
  readonly members: readonly string[];
}

/** A label with its language tag ('' when none). */
export interface Label {
  readonly value: string;
  readonly lang: string;
}

/** Labels of every subject, found in one pass over the label properties. */
export type LabelIndex = ReadonlyMap<string, Label>;

/** Label properties, best first. */
export const LABEL_PROPERTIES: readonly string[] = [
  `${SKOS}prefLabel`,
  `${RDFS}label`,
  `${DCT}title`,
  'http://xmlns.com/foaf/0.1/name',
  'https://schema.org/name',
  `${SKOS}altLabel`,
  `${SKOS}notation`,
];

/** The document IRI of an IRI: the IRI without its fragment. */
export function documentIriOf(iri: string): string {
  const hash = iri.indexOf('#');
  return hash < 0 ? iri : iri.slice(0, hash);
}

/** Compare two strings by UTF-16 code units: locale-independent, so output order never depends on the machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sort key for a term that orders IRIs, then blank nodes, then literals. */
export function termKey(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `0${term.value}`;
    case 'BlankNode':
      return `1${term.value}`;
    case 'Literal':
      return `2${term.value}\u0000${term.language}\u0000${term.datatype.value}`;
    default:
      return `3${term.value}`;
  }
}

const TERM_RANK: Readonly<Record<string, number>> = { NamedNode: 0, BlankNode: 1, Literal: 2 };

/** Compare two terms in termKey order (IRIs, then blank nodes, then literals), without building the keys. */
export function compareTerms(a: Term, b: Term): number {
  if (a === b) return 0;
  const rank = (TERM_RANK[a.termType] ?? 3) - (TERM_RANK[b.termType] ?? 3);
  if (rank !== 0) return rank;
  const byValue = compareStrings(a.value, b.value);
  if (byValue !== 0 || a.termType !== 'Literal' || b.termType !== 'Literal') return byValue;
  return compareStrings(a.language, b.language) || compareStrings(a.datatype.value, b.datatype.value);
}

/** Compare quads by subject, predicate, object (and graph). */
export function compareQuads(a: Quad, b: Quad): number {
  return compareTerms(a.subject, b.subject) || compareStrings(a.predicate.value, b.predicate.value) || compareTerms(a.object, b.object) || compareTerms(a.graph, b.graph);
}

/** Find every published document in one pass over the subjects: IRIs under the base, grouped by their IRI without fragment. */
export function indexDocuments(store: GraphStore, baseIri: string): PublishedDocument[] {
  const byDocument = new Map<string, Set<string>>();
  for (const subject of store.getSubjects(null, null, null)) {
    if (subject.termType !== 'NamedNode' || !subject.value.startsWith(baseIri)) continue;
    const doc = documentIriOf(subject.value);
    let members = byDocument.get(doc);
    if (!members) byDocument.set(doc, (members = new Set()));
    members.add(subject.value);
  }
  return [...byDocument.keys()].sort(compareStrings).map((iri) => {
    const members = [...(byDocument.get(iri) ?? [])].sort((a, b) => (a === iri ? -1 : b === iri ? 1 : compareStrings(a, b)));
    return { iri, path: iri.slice(baseIri.length), members };
  });
}

/** The Concise Bounded Description of a subject: its triples and, recursively, those of the blank nodes they reach. */
export function describeSubject(store: GraphStore, subject: Term, into: Quad[] = [], seen: Set<string> = new Set()): Quad[] {
  const pending: Term[] = [subject];
  seen.add(termKey(subject));
  while (pending.length > 0) {
    const node = pending.pop() as Term;
    for (const quad of store.getQuads(node, null, null, null)) {
      into.push(quad);
      if (quad.object.termType === 'BlankNode' && !seen.has(termKey(quad.object))) {
        seen.add(termKey(quad.object));
        pending.push(quad.object);
      }
    }
  }
  return into;
}

/** The description of a document: the CBD of each of its members, sorted. */
export function describeDocument(store: GraphStore, members: readonly string[]): Quad[] {
  const quads: Quad[] = [];
  const seen = new Set<string>();
  for (const member of members) describeSubject(store, namedNode(member), quads, seen);
  return quads.sort(compareQuads);
}

/** A link into a resource: the named subject it comes from, and the predicates walked to reach the resource. */
export interface IncomingLink {
  readonly from: Term;
  readonly path: readonly string[];
  readonly to: string;
}

/** The named node a blank node hangs from (the CBD it belongs to), and the path from it, or undefined. */
export function findOwner(store: GraphStore, node: Term, maxDepth = 6): { owner: Term; path: string[] } | undefined {
  let frontier: { term: Term; path: string[] }[] = [{ term: node, path: [] }];
  const seen = new Set<string>([termKey(node)]);
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: { term: Term; path: string[] }[] = [];
    const steps = frontier.flatMap(({ term, path }) =>
      store.getQuads(null, null, term, null).map((q) => ({ term: q.subject as Term, path: [q.predicate.value, ...path] })),
    );
    steps.sort((a, b) => compareStrings(termKey(a.term) + a.path.join(' '), termKey(b.term) + b.path.join(' ')));
    for (const step of steps) {
      if (step.term.termType === 'NamedNode') return { owner: step.term, path: step.path };
      if (!seen.has(termKey(step.term))) {
        seen.add(termKey(step.term));
        next.push(step);
      }
    }
    frontier = next;
  }
  return undefined;
}

/** Every link into the members of a document from other resources; links from blank nodes are traced back to their named owner. */
export function listIncoming(store: GraphStore, members: readonly string[]): IncomingLink[] {
  const memberSet = new Set(members);
  const links: IncomingLink[] = [];
  const keys = new Set<string>();
  for (const member of members) {
    for (const quad of store.getQuads(null, null, namedNode(member), null)) {
      let link: IncomingLink | undefined;
      if (quad.subject.termType === 'NamedNode') {
        if (memberSet.has(quad.subject.value)) continue;
        link = { from: quad.subject, path: [quad.predicate.value], to: member };
      } else if (quad.subject.termType === 'BlankNode') {
        const owner = findOwner(store, quad.subject);
        if (!owner || memberSet.has(owner.owner.value)) continue;
        link = { from: owner.owner, path: [...owner.path, quad.predicate.value], to: member };
      }
      if (!link) continue;
      const key = `${link.from.value} ${link.path.join(' ')} ${link.to}`;
      if (keys.has(key)) continue;
      keys.add(key);
      links.push(link);
    }
  }
  return links.sort((a, b) => compareStrings(`${a.path.join(' ')} ${a.from.value}`, `${b.path.join(' ')} ${b.from.value}`));
}

function labelRank(lang: string): number {
  if (lang === 'en') return 0;
  if (lang === '') return 1;
  if (lang.startsWith('en-')) return 2;
  return 3;
}

/** Index the best label of every subject in one pass per label property: English first, then untagged, then any language. */
export function indexLabels(store: GraphStore): Map<string, Label> {
  const best = new Map<string, { label: Label; rank: number }>();
  LABEL_PROPERTIES.forEach((property, propertyRank) => {
    for (const quad of store.getQuads(null, namedNode(property), null, null)) {
      if (quad.object.termType !== 'Literal') continue;
      const lang = quad.object.language;
      const rank = propertyRank * 10 + labelRank(lang);
      const key = quad.subject.termType === 'BlankNode' ? `_:${quad.subject.value}` : quad.subject.value;
      const current = best.get(key);
      if (!current || rank < current.rank || (rank === current.rank && compareStrings(quad.object.value, current.label.value) < 0)) {
        best.set(key, { label: { value: quad.object.value, lang }, rank });
      }
    }
  });
  return new Map([...best].map(([key, { label }]) => [key, label]));
}

/** The objects of one property of a subject, sorted. */
export function objectsOf(store: GraphStore, subject: Term | string, property: string): Term[] {
  const s = typeof subject === 'string' ? namedNode(subject) : subject;
  return store.getObjects(s, namedNode(property), null).sort(compareTerms);
}

/** The IRIs of the types of a subject, sorted. */
export function typesOf(store: GraphStore, subject: Term | string): string[] {
  return objectsOf(store, subject, RDF_TYPE).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
}
