// Writers for RDF documents, all from libraries. A graph's blank nodes are first labelled from the graph itself by
// rdf-canonize (RDFC-1.0) and its quads sorted; from that, n3's Writer writes Turtle and N-Triples, and the jsonld
// package JSON-LD (fromRDF, then compact with an @context from src/prefixes.ts); Oxigraph writes RDF/XML
// (write-rdf-xml.ts). Turtle and JSON-LD write each blank node that one triple points to nested inside that triple.
// The same graph gives the same bytes.
import type * as RDF from '@rdfjs/types';
import jsonld from 'jsonld';
import { DataFactory, Store, Writer } from 'n3';
import * as canonize from 'rdf-canonize';
import type { Quad, Term } from '../load/graph-store.ts';
import type { PrefixMap } from '../prefixes.ts';
import { RDF_TYPE, compareQuads, compareStrings } from './describe.ts';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_FIRST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#first';

/** A graph ready to write: canonical blank-node labels, quads sorted (given subjects first), and what nests. */
export interface CanonicalGraph {
  readonly quads: readonly Quad[];
  /** Blank nodes written nested inside the one triple that points to them. */
  readonly nested: ReadonlySet<string>;
}

const hasBlankNode = (q: RDF.Quad): boolean => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode';

/**
 * Label blank nodes with rdf-canonize (RDFC-1.0) and sort the quads; the subjects of firstRoots come first, in that
 * order. Only the triples that hold a blank node go to rdf-canonize: RDFC-1.0 hashes a blank node from those alone,
 * so the labels are the same as from the whole graph, for a fraction of the work.
 */
export async function canonicalizeGraph(input: readonly RDF.Quad[], firstRoots: readonly string[] = []): Promise<CanonicalGraph> {
  const blank = input.filter(hasBlankNode);
  if (blank.length === 0) return sortGraph(input.slice() as Quad[], firstRoots);
  const labels = new Map<string, string>();
  await canonize.canonize(blank, { algorithm: 'RDFC-1.0', canonicalIdMap: labels, maxWorkFactor: 3 });
  const relabel = <T extends RDF.Term>(term: T): T => (term.termType === 'BlankNode' ? (DataFactory.blankNode(labels.get(term.value) ?? term.value) as unknown as T) : term);
  return sortGraph(input.map((q) => (hasBlankNode(q) ? DataFactory.quad(relabel(q.subject), q.predicate, relabel(q.object)) : q) as Quad), firstRoots);
}

/**
 * A canonical graph with more triples: when they hold no blank node, the graph's labels stay as they are (RDFC-1.0
 * hashes a blank node from the triples that hold it), so only the sort is done again; else the whole is labelled anew.
 */
export async function extendGraph(graph: CanonicalGraph, extra: readonly RDF.Quad[], firstRoots: readonly string[] = []): Promise<CanonicalGraph> {
  if (extra.some(hasBlankNode)) return canonicalizeGraph([...graph.quads, ...extra], firstRoots);
  return sortGraph([...graph.quads, ...(extra as readonly Quad[])], firstRoots);
}

// Sort the quads in place (the subjects of firstRoots first, in that order), drop duplicates, and find what nests.
function sortGraph(input: Quad[], firstRoots: readonly string[]): CanonicalGraph {
  const first = new Map(firstRoots.map((iri, i) => [iri, i]));
  const rank = (q: Quad): number => first.get(q.subject.value) ?? first.size;
  const quads = input.sort(first.size === 0 ? compareQuads : (a, b) => rank(a) - rank(b) || compareQuads(a, b)).filter((q, i, all) => i === 0 || !q.equals(all[i - 1] as Quad));
  return { quads, nested: findNested(quads) };
}

// Blank nodes that exactly one triple points to, reached from a subject written at the top level (so that a cycle
// of blank nodes keeps one of them at the top level).
function findNested(quads: readonly Quad[]): Set<string> {
  const refs = new Map<string, number>();
  for (const q of quads) if (q.object.termType === 'BlankNode') refs.set(q.object.value, (refs.get(q.object.value) ?? 0) + 1);
  const once = (t: Term): boolean => t.termType === 'BlankNode' && refs.get(t.value) === 1;
  const bySubject = groupBySubject(quads);
  const nested = new Set<string>();
  const top = new Set<string>();
  const visit = (subject: string): void => {
    for (const q of bySubject.get(subject) ?? []) {
      const o = q.object.value;
      if (once(q.object) && !nested.has(o) && !top.has(o)) {
        nested.add(o);
        visit(o);
      }
    }
  };
  for (const q of quads) if (!once(q.subject)) visit(q.subject.value);
  for (const q of quads) {
    if (q.subject.termType === 'BlankNode' && !nested.has(q.subject.value) && !top.has(q.subject.value)) {
      top.add(q.subject.value);
      visit(q.subject.value);
    }
  }
  return nested;
}

function groupBySubject(quads: readonly Quad[]): Map<string, Quad[]> {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = bySubject.get(q.subject.value);
    if (list) list.push(q);
    else bySubject.set(q.subject.value, [q]);
  }
  return bySubject;
}

/** The subjects written at the top level, in the graph's order, and each subject's quads (rdf:type first). */
function groupSubjects(graph: CanonicalGraph): { roots: Term[]; bySubject: Map<string, Quad[]> } {
  const bySubject = groupBySubject(graph.quads);
  for (const list of bySubject.values()) list.sort((a, b) => Number(b.predicate.value === RDF_TYPE) - Number(a.predicate.value === RDF_TYPE));
  const roots = [...bySubject.values()].map((list) => (list[0] as Quad).subject).filter((s) => !graph.nested.has(s.value));
  return { roots, bySubject };
}

// A local name as n3's Writer writes it in a prefixed name (no "/", which some SPARQL engines misread as `\/`:
// see src/query/sparql-parse.ts), and as compactIri in src/prefixes.ts shortens a JSON-LD key or type.
const LOCAL_NAME = { turtle: /^[_a-zA-Z0-9](?:\.?[-_a-zA-Z0-9])*$/, jsonld: /^(?!-)[A-Za-z0-9_-]*$/ };

// Per prefix map: its prefixes longest namespace first (the one an IRI is written with), and the prefix of each IRI
// met so far, per format (the same IRIs come back in document after document).
interface PrefixLookup {
  readonly longestFirst: [string, string][];
  readonly turtle: Map<string, string | undefined>;
  readonly jsonld: Map<string, string | undefined>;
}
const lookups = new WeakMap<PrefixMap, PrefixLookup>();

/** The prefixes of the map that shorten some IRI of the quads (for JSON-LD: predicates, types and datatypes), in the map's order. */
export function usedPrefixes(quads: readonly Quad[], prefixes: PrefixMap, format: 'turtle' | 'jsonld' = 'turtle'): Record<string, string> {
  let lookup = lookups.get(prefixes);
  if (!lookup) {
    const longestFirst = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length);
    lookups.set(prefixes, (lookup = { longestFirst, turtle: new Map(), jsonld: new Map() }));
  }
  const { longestFirst } = lookup;
  const cache = lookup[format];
  const used = new Set<string>();
  const check = (iri: string): void => {
    let prefix = cache.get(iri);
    if (prefix === undefined && !cache.has(iri)) {
      prefix = longestFirst.find(([, ns]) => iri.startsWith(ns) && LOCAL_NAME[format].test(iri.slice(ns.length)))?.[0];
      cache.set(iri, prefix);
    }
    if (prefix !== undefined) used.add(prefix);
  };
  for (const q of quads) {
    check(q.predicate.value);
    if (q.object.termType === 'Literal' && !q.object.language && q.object.datatype.value !== XSD_STRING) check(q.object.datatype.value);
    if (format === 'jsonld') {
      if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') check(q.object.value);
    } else {
      if (q.subject.termType === 'NamedNode') check(q.subject.value);
      if (q.object.termType === 'NamedNode') check(q.object.value);
    }
  }
  return Object.fromEntries(Object.entries(prefixes).filter(([p]) => used.has(p)));
}

function endWriter(writer: Writer): string {
  let text = '';
  writer.end((error, result: string) => {
    if (error) throw error;
    text = result;
  });
  return text;
}

/** Write a graph as N-Triples with n3's Writer: one line per triple, lines sorted. */
export function writeNTriples(graph: CanonicalGraph): string {
  const writer = new Writer({ format: 'N-Triples' });
  return graph.quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object)).sort(compareStrings).join('');
}

/** Write a graph as Turtle with n3's Writer: the prefixes of the map that it uses, blank nodes nested, lists as ( … ). */
export function writeTurtle(graph: CanonicalGraph, prefixes: PrefixMap): string {
  const { roots, bySubject } = groupSubjects(graph);
  // Well-formed lists (rare: the ontology's) are found by n3's Store, given the triples from and to list nodes.
  const listNodes = new Set(graph.quads.filter((q) => q.predicate.value === RDF_FIRST).map((q) => q.subject.value));
  const listQuads = graph.quads.filter((q) => listNodes.has(q.subject.value) || (q.object.termType === 'BlankNode' && listNodes.has(q.object.value)));
  const lists: Record<string, RDF.Term[]> = listNodes.size > 0 ? new Store(listQuads as Quad[]).extractLists({ ignoreErrors: true }) : {};
  const writer = new Writer({ prefixes: usedPrefixes(graph.quads, prefixes) });
  const objectOf = (term: Term): RDF.Quad_Object => {
    if (term.termType !== 'BlankNode' || !graph.nested.has(term.value)) return term as RDF.Quad_Object;
    const items = lists[term.value];
    if (items) return writer.list(items.map(objectOf)) as unknown as RDF.Quad_Object;
    return writer.blank((bySubject.get(term.value) ?? []).map((q) => ({ predicate: q.predicate, object: objectOf(q.object) })));
  };
  for (const root of roots) for (const q of bySubject.get(root.value) ?? []) writer.addQuad(q.subject, q.predicate, objectOf(q.object));
  return endWriter(writer);
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Build compact JSON-LD with the jsonld package: one node (or an @graph), the @context from the map, blank nodes nested. */
export async function toJsonLd(graph: CanonicalGraph, prefixes: PrefixMap): Promise<JsonObject> {
  const nodes = (await jsonld.fromRDF(graph.quads as never)) as unknown as JsonObject[];
  const byId = new Map(nodes.map((node) => [node['@id'] as string, node]));
  // Put each nested blank node in place of the one reference to it (what JSON-LD framing does with @embed @once).
  const embed = (value: JsonValue): JsonValue => {
    if (Array.isArray(value)) return value.map(embed);
    if (value === null || typeof value !== 'object') return value;
    const id = value['@id'];
    if (typeof id === 'string' && Object.keys(value).length === 1 && graph.nested.has(id.slice(2))) {
      const { '@id': _, ...node } = byId.get(id) ?? {};
      return embed(node);
    }
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === '@id' ? v : embed(v)]));
  };
  const { roots } = groupSubjects(graph);
  const nodeOf = (root: Term): JsonObject => byId.get(root.termType === 'BlankNode' ? `_:${root.value}` : root.value) ?? {};
  // Without a nested blank node, the nodes are as fromRDF made them.
  const top = graph.nested.size === 0 ? roots.map(nodeOf) : roots.map((root) => embed(nodeOf(root)));
  const context = usedPrefixes(graph.quads, prefixes, 'jsonld');
  const compacted = (await jsonld.compact(top as never, { '@context': context }, { skipExpansion: true, compactToRelative: false } as never)) as unknown as JsonObject;
  // jsonld leaves out an empty @context; ours is always there.
  return { '@context': context, ...compacted };
}

/** Write a graph as JSON-LD text (see toJsonLd). */
export async function writeJsonLd(graph: CanonicalGraph, prefixes: PrefixMap): Promise<string> {
  return `${JSON.stringify(await toJsonLd(graph, prefixes), null, 2)}\n`;
}

/** The three RDF documents beside every page (a resource's, a release's, a change set's): file, format name, media type. */
export const PAGE_DOCUMENTS = [
  { file: 'index.ttl', label: 'Turtle', type: 'text/turtle' },
  { file: 'index.jsonld', label: 'JSON-LD', type: 'application/ld+json' },
  { file: 'index.nt', label: 'N-Triples', type: 'application/n-triples' },
] as const;

/** Write a page's three documents of one graph (blank nodes labelled from `roots` first), in PAGE_DOCUMENTS' order. */
export async function writePageDocuments(quads: readonly RDF.Quad[], roots: readonly string[], prefixes: PrefixMap): Promise<{ readonly file: string; readonly content: string }[]> {
  return writeGraphDocuments(await canonicalizeGraph(quads, roots), prefixes);
}

/** Write a page's three documents of a canonical graph, in PAGE_DOCUMENTS' order. */
export async function writeGraphDocuments(graph: CanonicalGraph, prefixes: PrefixMap): Promise<{ readonly file: string; readonly content: string }[]> {
  const contents = [writeTurtle(graph, prefixes), await writeJsonLd(graph, prefixes), writeNTriples(graph)];
  return PAGE_DOCUMENTS.map((d, i) => ({ file: d.file, content: contents[i]! }));
}

/** Make JSON text safe inside an HTML <script> element: no `<`, `>` or `&` can end it or start markup. */
export function escapeJsonForScript(json: string): string {
  return json.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
