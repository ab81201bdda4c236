// Writers for RDF documents: Turtle and N-Triples through the n3 Writer, JSON-LD written from the quads with an
// @context taken from src/prefixes.ts, RDF/XML through rdflib. Blank nodes get labels computed from the graph
// itself, so the same graph always gives the same bytes.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Parser, Writer } from 'n3';
import type { Quad, Term } from '../load/graph-store.ts';
import { compactIri, type PrefixMap } from '../prefixes.ts';
import { RDF_TYPE, compareStrings, termKey } from './describe.ts';

const { blankNode, quad: makeQuad } = DataFactory;
const XSD_NS = 'http://www.w3.org/2001/XMLSchema#';
const XSD_STRING = `${XSD_NS}string`;
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const require = createRequire(import.meta.url);

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

function blankArcs(quads: readonly Quad[]): Map<string, { out: Quad[]; in: Quad[] }> {
  const arcs = new Map<string, { out: Quad[]; in: Quad[] }>();
  const arcsOf = (id: string): { out: Quad[]; in: Quad[] } => {
    let found = arcs.get(id);
    if (!found) arcs.set(id, (found = { out: [], in: [] }));
    return found;
  };
  for (const q of quads) {
    if (q.subject.termType === 'BlankNode') arcsOf(q.subject.value).out.push(q);
    if (q.object.termType === 'BlankNode') arcsOf(q.object.value).in.push(q);
  }
  return arcs;
}

function isForest(arcs: ReadonlyMap<string, { out: Quad[]; in: Quad[] }>): boolean {
  for (const { in: incoming } of arcs.values()) if (incoming.length > 1) return false;
  // With at most one incoming arc per blank node, only a cycle can stop the blank nodes forming a forest.
  for (const start of arcs.keys()) {
    let node: string | undefined = start;
    for (let steps = 0; node !== undefined; steps++) {
      if (steps > arcs.size) return false;
      const parent: Quad | undefined = arcs.get(node)?.in[0];
      node = parent && parent.subject.termType === 'BlankNode' ? parent.subject.value : undefined;
    }
  }
  return true;
}

// Blank nodes that form a forest (the usual case: nested descriptions) are labelled in two passes: a signature of
// each subtree from the leaves up, then a label from the root down that adds where the node hangs.
function labelForest(arcs: ReadonlyMap<string, { out: Quad[]; in: Quad[] }>): Map<string, string> {
  const signature = new Map<string, string>();
  const signatureOf = (id: string): string => {
    const known = signature.get(id);
    if (known !== undefined) return known;
    const parts = (arcs.get(id)?.out ?? []).map((q) => `${q.predicate.value} ${q.object.termType === 'BlankNode' ? `_${signatureOf(q.object.value)}` : termKey(q.object)}`);
    const sig = hashOf(parts.sort(compareStrings).join('\n'));
    signature.set(id, sig);
    return sig;
  };
  const labels = new Map<string, string>();
  const used = new Map<string, number>();
  const labelOf = (id: string): string => {
    const known = labels.get(id);
    if (known !== undefined) return known;
    const parent = arcs.get(id)?.in[0];
    const context = parent
      ? `${parent.subject.termType === 'BlankNode' ? `_${labelOf(parent.subject.value)}` : termKey(parent.subject)} ${parent.predicate.value}`
      : 'root';
    const base = `b${hashOf(`${context} ${signatureOf(id)}`)}`;
    // Siblings with the same signature under the same parent are automorphic: any order gives the same output.
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    const label = n === 0 ? base : `${base}_${n}`;
    labels.set(id, label);
    return label;
  };
  for (const id of arcs.keys()) labelOf(id);
  return labels;
}

// Any other shape of blank nodes: colour refinement; undecided ties fall back to RDFC-1.0.
function labelByRefinement(arcs: ReadonlyMap<string, { out: Quad[]; in: Quad[] }>): Map<string, string> | undefined {
  let colour = new Map<string, string>([...arcs.keys()].map((id) => [id, '']));
  let classes = 1;
  for (let round = 0; round <= arcs.size; round++) {
    const next = new Map<string, string>();
    for (const [id, { out, in: incoming }] of arcs) {
      const parts: string[] = [];
      for (const q of out) parts.push(`>${q.predicate.value} ${q.object.termType === 'BlankNode' ? `_${colour.get(q.object.value)}` : termKey(q.object)}`);
      for (const q of incoming) parts.push(`<${q.predicate.value} ${q.subject.termType === 'BlankNode' ? `_${colour.get(q.subject.value)}` : termKey(q.subject)}`);
      next.set(id, hashOf(`${colour.get(id)}|${parts.sort(compareStrings).join('\n')}`));
    }
    colour = next;
    const count = new Set(next.values()).size;
    if (count === classes) break;
    classes = count;
  }
  if (classes < arcs.size) return undefined;
  return new Map([...colour].map(([id, c]) => [id, `b${c}`]));
}

function canonicalizeWithRdfc(quads: readonly Quad[]): Quad[] {
  const canonize = require('rdf-canonize') as { _canonizeSync(input: unknown, options: object): string };
  const nquads = canonize._canonizeSync(quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads', maxWorkFactor: 3 });
  return new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(nquads);
}

/**
 * Give every blank node a label computed from the graph itself, so that labels, and hence the output, never
 * depend on the parser's counters or on the order of the input.
 */
export function labelBlankNodes(quads: readonly Quad[]): Quad[] {
  const arcs = blankArcs(quads);
  if (arcs.size === 0) return [...quads];
  const labels = isForest(arcs) ? labelForest(arcs) : labelByRefinement(arcs);
  if (!labels) return canonicalizeWithRdfc(quads);
  const relabel = (term: Term): Term => (term.termType === 'BlankNode' ? blankNode(labels.get(term.value) ?? term.value) : term);
  return quads.map((q) =>
    q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode'
      ? makeQuad(relabel(q.subject) as Quad['subject'], q.predicate, relabel(q.object) as Quad['object'], q.graph)
      : q,
  );
}

/** Sort quads by subject, predicate and object (IRIs, then blank nodes, then literals), computing each sort key once. */
export function sortQuads<Q extends RDF.Quad>(quads: readonly Q[]): Q[] {
  return quads
    .map((q) => ({ q, key: `${termKey(q.subject)}\u0001${q.predicate.value}\u0001${termKey(q.object)}` }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ q }) => q);
}

// A local name we write as a prefixed name: plain characters and no escapes (a "/" would need "\\/", which some
// SPARQL engines misread: see src/query/sparql-parse.ts); any other IRI is written in full.
const PN_LOCAL = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$/;
/** The prefixes of the map that can shorten some IRI of the quads (for JSON-LD: predicates, types and datatypes only), in the map's order. */
export function usedPrefixes(quads: readonly Quad[], prefixes: PrefixMap, format: 'turtle' | 'jsonld' = 'turtle'): Record<string, string> {
  const namespaces = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length || compareStrings(a[0], b[0]));
  const used = new Set<string>();
  const seen = new Set<string>();
  const check = (iri: string): void => {
    if (seen.has(iri)) return;
    seen.add(iri);
    for (const [prefix, ns] of namespaces) {
      if (!iri.startsWith(ns)) continue;
      const local = iri.slice(ns.length);
      const ok = format === 'turtle' ? local === '' || PN_LOCAL.test(local) : compactIri(iri, { [prefix]: ns }) !== undefined;
      if (ok) {
        used.add(prefix);
        return;
      }
    }
  };
  for (const q of quads) {
    check(q.predicate.value);
    if (q.object.termType === 'Literal' && !q.object.language && q.object.datatype.value !== `${XSD_NS}string`) check(q.object.datatype.value);
    if (format === 'jsonld') {
      if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') check(q.object.value);
      continue;
    }
    if (q.subject.termType === 'NamedNode') check(q.subject.value);
    if (q.object.termType === 'NamedNode') check(q.object.value);
  }
  return Object.fromEntries(Object.entries(prefixes).filter(([p]) => used.has(p)));
}

/** A graph ready to write: blank nodes labelled, quads sorted and grouped by subject, nesting decided. */
export interface PreparedGraph {
  readonly quads: readonly Quad[];
  readonly bySubject: ReadonlyMap<string, readonly Quad[]>;
  /** Blank nodes written nested inside their one referrer. */
  readonly inline: ReadonlySet<string>;
  /** Subjects written at the top level, in order. */
  readonly roots: readonly Term[];
  /** Well-formed RDF lists whose nodes are all nested: head blank node → items. */
  readonly lists: ReadonlyMap<string, readonly Term[]>;
}

const RDF_FIRST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#first';
const RDF_REST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#rest';
const RDF_NIL = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#nil';

function findLists(bySubject: ReadonlyMap<string, readonly Quad[]>, inline: ReadonlySet<string>, incoming: ReadonlyMap<string, Quad>): Map<string, Term[]> {
  const lists = new Map<string, Term[]>();
  const itemsFrom = (head: Term): Term[] | undefined => {
    const items: Term[] = [];
    const seen = new Set<string>();
    let node: Term = head;
    while (!(node.termType === 'NamedNode' && node.value === RDF_NIL)) {
      if (node.termType !== 'BlankNode' || !inline.has(node.value) || seen.has(node.value)) return undefined;
      seen.add(node.value);
      const quads = bySubject.get(termKey(node)) ?? [];
      const first = quads.find((q) => q.predicate.value === RDF_FIRST);
      const rest = quads.find((q) => q.predicate.value === RDF_REST);
      if (quads.length !== 2 || !first || !rest) return undefined;
      items.push(first.object);
      node = rest.object;
    }
    return items;
  };
  for (const id of inline) {
    // A head is a list node that is not itself the rest of another list node.
    if (incoming.get(id)?.predicate.value === RDF_REST) continue;
    const items = itemsFrom(DataFactory.blankNode(id));
    if (items) lists.set(id, items);
  }
  return lists;
}

function compareForOutput(a: Quad, b: Quad): number {
  const aType = a.predicate.value === RDF_TYPE ? 0 : 1;
  const bType = b.predicate.value === RDF_TYPE ? 0 : 1;
  return aType - bType || compareStrings(a.predicate.value, b.predicate.value) || compareStrings(termKey(a.object), termKey(b.object));
}

/** Label blank nodes, sort, and decide which blank nodes nest and which subjects are roots (the given IRIs first). */
export function prepareGraph(input: readonly Quad[], firstRoots: readonly string[] = []): PreparedGraph {
  const quads = sortQuads(labelBlankNodes(input));
  const bySubject = new Map<string, Quad[]>();
  const subjects: Term[] = [];
  const incoming = new Map<string, number>();
  const incomingArc = new Map<string, Quad>();
  for (const q of quads) {
    const key = termKey(q.subject);
    const list = bySubject.get(key);
    if (list) list.push(q);
    else {
      bySubject.set(key, [q]);
      subjects.push(q.subject);
    }
    if (q.object.termType === 'BlankNode') {
      incoming.set(q.object.value, (incoming.get(q.object.value) ?? 0) + 1);
      incomingArc.set(q.object.value, q);
    }
  }
  for (const list of bySubject.values()) list.sort(compareForOutput);
  const inline = new Set<string>();
  for (const [id, n] of incoming) if (n === 1) inline.add(id);

  const first = new Map(firstRoots.map((iri, i) => [iri, i]));
  const ordered = first.size === 0 ? subjects : [...subjects].sort((a, b) => (first.get(a.value) ?? Infinity) - (first.get(b.value) ?? Infinity));
  const roots = ordered.filter((s) => s.termType !== 'BlankNode' || !inline.has(s.value));
  // Blank nodes that only reach each other in a cycle have no root: give the cycle one.
  const reached = new Set<string>();
  const visit = (term: Term): void => {
    for (const q of bySubject.get(termKey(term)) ?? []) {
      if (q.object.termType === 'BlankNode' && inline.has(q.object.value) && !reached.has(q.object.value)) {
        reached.add(q.object.value);
        visit(q.object);
      }
    }
  };
  roots.forEach(visit);
  for (const s of ordered) {
    if (s.termType === 'BlankNode' && inline.has(s.value) && !reached.has(s.value)) {
      inline.delete(s.value);
      roots.push(s);
      reached.add(s.value);
      visit(s);
    }
  }
  return { quads, bySubject, inline, roots, lists: findLists(bySubject, inline, incomingArc) };
}

function prepared(graph: PreparedGraph | readonly Quad[], firstRoots: readonly string[] = []): PreparedGraph {
  return 'bySubject' in graph ? graph : prepareGraph(graph as readonly Quad[], firstRoots);
}

// ---------------------------------------------------------------- Turtle

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const SHORT_LITERALS: Readonly<Record<string, RegExp>> = {
  [`${XSD}integer`]: /^[+-]?[0-9]+$/,
  [`${XSD}decimal`]: /^[+-]?[0-9]*\.[0-9]+$/,
  [`${XSD}boolean`]: /^(?:true|false)$/,
};

function escapeIri(iri: string): string {
  return iri.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
}

/** Escape a string for a Turtle or N-Triples "…" literal. */
export function escapeLiteral(value: string): string {
  return value.replace(/["\\\u0000-\u001F\u007F]/g, (c) => {
    switch (c) {
      case '"':
        return '\\"';
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
    }
  });
}

class TurtleTerms {
  private readonly namespaces: [string, string][];

  constructor(prefixes: Record<string, string>) {
    // Longest namespace first, so that the most specific prefix wins.
    this.namespaces = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length || compareStrings(a[0], b[0]));
  }

  iri(iri: string): string {
    for (const [prefix, ns] of this.namespaces) {
      if (iri.startsWith(ns)) {
        const local = iri.slice(ns.length);
        if (local === '' || PN_LOCAL.test(local)) return `${prefix}:${local}`;
      }
    }
    return `<${escapeIri(iri)}>`;
  }

  literal(term: Term & { termType: 'Literal' }): string {
    const datatype = term.datatype.value;
    if (!term.language && SHORT_LITERALS[datatype]?.test(term.value)) return term.value;
    const quoted = `"${escapeLiteral(term.value)}"`;
    if (term.language) return `${quoted}@${term.language}`;
    if (datatype === `${XSD}string`) return quoted;
    return `${quoted}^^${this.iri(datatype)}`;
  }
}

/** Write a graph as Turtle: prefixes from the map (only those used), subjects sorted (given roots first), blank nodes nested. */
export function writeTurtle(graph: PreparedGraph | readonly Quad[], prefixes: PrefixMap, firstRoots: readonly string[] = []): string {
  const g = prepared(graph, firstRoots);
  const used = usedPrefixes(g.quads, prefixes);
  const terms = new TurtleTerms(used);
  const out: string[] = Object.entries(used).map(([p, ns]) => `@prefix ${p}: <${escapeIri(ns)}> .\n`);
  if (out.length > 0) out.push('\n');

  const encode = (term: Term, depth: number): string => {
    if (term.termType === 'NamedNode') return terms.iri(term.value);
    if (term.termType === 'Literal') return terms.literal(term);
    if (term.termType === 'BlankNode') {
      if (!g.inline.has(term.value)) return `_:${term.value}`;
      const items = g.lists.get(term.value);
      if (items) return `(${items.map((item) => ` ${encode(item, depth)}`).join('')} )`;
      const body = predicateList(g.bySubject.get(termKey(term)) ?? [], depth + 1);
      return body ? `[\n${'    '.repeat(depth + 1)}${body}\n${'    '.repeat(depth)}]` : '[]';
    }
    throw new Error(`Cannot write a ${term.termType} as Turtle`);
  };
  const predicateList = (quads: readonly Quad[], depth: number): string => {
    const indent = '    '.repeat(depth);
    const groups: string[] = [];
    let i = 0;
    while (i < quads.length) {
      const predicate = quads[i]?.predicate.value as string;
      const objects: string[] = [];
      for (; i < quads.length && quads[i]?.predicate.value === predicate; i++) objects.push(encode((quads[i] as Quad).object, depth));
      const verb = predicate === RDF_TYPE ? 'a' : terms.iri(predicate);
      const oneLine = objects.join(', ');
      groups.push(objects.length > 1 && oneLine.length > 100 ? `${verb}\n${indent}    ${objects.join(`,\n${indent}    `)}` : `${verb} ${oneLine}`);
    }
    return groups.join(` ;\n${indent}`);
  };

  g.roots.forEach((root, i) => {
    if (i > 0) out.push('\n');
    const subject = root.termType === 'BlankNode' ? `_:${root.value}` : terms.iri(root.value);
    out.push(`${subject} ${predicateList(g.bySubject.get(termKey(root)) ?? [], 1)} .\n`);
  });
  return out.join('');
}

// ---------------------------------------------------------------- N-Triples

/** Write a graph as N-Triples (n3 Writer), one line per triple, lines sorted, with computed blank-node labels. */
export function writeNTriples(graph: PreparedGraph | readonly Quad[]): string {
  const g = prepared(graph);
  let output = '';
  const writer = new Writer({ format: 'N-Triples' });
  for (const q of g.quads) writer.addQuad(q.subject, q.predicate, q.object);
  writer.end((error, result: string) => {
    if (error) throw error;
    output = result;
  });
  const lines = output.split('\n').filter((line) => line !== '');
  return [...new Set(lines)].sort(compareStrings).map((line) => `${line}\n`).join('');
}

// ---------------------------------------------------------------- JSON-LD

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Build a compact JSON-LD object from a graph: one node (or an @graph), keys as prefixed names of the map, blank nodes nested. */
export function toJsonLd(graph: PreparedGraph | readonly Quad[], prefixes: PrefixMap, firstRoots: readonly string[] = []): JsonObject {
  const g = prepared(graph, firstRoots);
  const context = usedPrefixes(g.quads, prefixes, 'jsonld');
  const compact = (iri: string): string => compactIri(iri, context) ?? iri;
  const idOf = (term: Term): string => (term.termType === 'BlankNode' ? `_:${term.value}` : term.value);

  const valueOf = (term: Term): JsonValue => {
    if (term.termType === 'NamedNode') return { '@id': term.value };
    if (term.termType === 'BlankNode') {
      const items = g.lists.get(term.value);
      if (items) return { '@list': items.map(valueOf) };
      return g.inline.has(term.value) ? nodeOf(term, false) : { '@id': idOf(term) };
    }
    if (term.termType === 'Literal') {
      if (term.language) return { '@value': term.value, '@language': term.language };
      if (term.datatype.value === XSD_STRING) return term.value;
      return { '@value': term.value, '@type': compact(term.datatype.value) };
    }
    throw new Error(`Cannot write a ${term.termType} as JSON-LD`);
  };

  const nodeOf = (subject: Term, withId: boolean): JsonObject => {
    const node: JsonObject = {};
    if (withId) node['@id'] = idOf(subject);
    const types: string[] = [];
    const properties = new Map<string, JsonValue[]>();
    for (const q of g.bySubject.get(termKey(subject)) ?? []) {
      if (q.predicate.value === RDF_TYPE && q.object.termType !== 'Literal') {
        types.push(q.object.termType === 'BlankNode' ? idOf(q.object) : compact(q.object.value));
        continue;
      }
      const key = compact(q.predicate.value);
      const list = properties.get(key);
      if (list) list.push(valueOf(q.object));
      else properties.set(key, [valueOf(q.object)]);
    }
    if (types.length > 0) node['@type'] = types.length === 1 ? (types[0] as string) : types;
    for (const key of [...properties.keys()].sort(compareStrings)) {
      const values = properties.get(key) as JsonValue[];
      node[key] = values.length === 1 ? (values[0] as JsonValue) : values;
    }
    return node;
  };

  const nodes = g.roots.map((root) => nodeOf(root, true));
  if (nodes.length === 1) return { '@context': context, ...(nodes[0] as JsonObject) };
  return { '@context': context, '@graph': nodes };
}

/** Write a graph as JSON-LD text (see toJsonLd). */
export function writeJsonLd(graph: PreparedGraph | readonly Quad[], prefixes: PrefixMap, firstRoots: readonly string[] = []): string {
  return `${JSON.stringify(toJsonLd(graph, prefixes, firstRoots), null, 2)}\n`;
}

/** Make JSON text safe inside an HTML <script> element: no `<`, `>` or `&` can end it or start markup. */
export function escapeJsonForScript(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// ---------------------------------------------------------------- RDF/XML

// XML 1.0 allows only these characters; anything else cannot be written to RDF/XML at all.
const XML_FORBIDDEN = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

interface RdflibSerializer {
  suggestNamespaces(namespaces: Record<string, string>): unknown;
  rootSubjects(statements: unknown[]): { roots: unknown[]; subjects: Record<string, unknown[]>; rootsHash: Record<string, boolean>; incoming: Record<string, unknown[]> };
  statementsToXML(statements: unknown[]): string;
}

/** Write a graph as RDF/XML with rdflib; blank nodes are written flat with rdf:nodeID (rdflib's nesting is not valid RDF/XML). */
export async function writeRdfXml(graph: PreparedGraph | readonly Quad[], prefixes: PrefixMap): Promise<string> {
  const $rdf = await import('rdflib');
  const g = prepared(graph);
  for (const q of g.quads) {
    for (const term of [q.subject, q.predicate, q.object]) {
      if (XML_FORBIDDEN.test(term.value)) throw new Error(`RDF/XML cannot hold a character of ${JSON.stringify(term.value.slice(0, 80))} (subject ${q.subject.value})`);
    }
  }
  const toRdflib = (term: Term): ReturnType<typeof $rdf.sym> | ReturnType<typeof $rdf.blankNode> | ReturnType<typeof $rdf.lit> => {
    if (term.termType === 'NamedNode') return $rdf.sym(term.value);
    if (term.termType === 'BlankNode') return $rdf.blankNode(term.value);
    if (term.termType === 'Literal') {
      if (term.language) return $rdf.lit(term.value, term.language);
      return $rdf.lit(term.value, undefined, $rdf.sym(term.datatype.value === RDF_LANG_STRING ? XSD_STRING : term.datatype.value));
    }
    throw new Error(`Cannot write a ${term.termType} as RDF/XML`);
  };
  const statements = g.quads.map((q) => $rdf.st(toRdflib(q.subject) as never, toRdflib(q.predicate) as never, toRdflib(q.object) as never));
  const serializer = $rdf.Serializer($rdf.graph()) as unknown as RdflibSerializer;
  serializer.suggestNamespaces(usedPrefixes(g.quads, prefixes, 'jsonld'));
  const blankSubjects = new Map<string, unknown>();
  for (const q of g.quads) if (q.subject.termType === 'BlankNode') blankSubjects.set(`_:${q.subject.value}`, toRdflib(q.subject));
  const original = serializer.rootSubjects.bind(serializer);
  serializer.rootSubjects = (sts) => {
    const stats = original(sts);
    // Count every blank node as referred to twice, so that rdflib writes it as a root with rdf:nodeID.
    for (const [key, term] of blankSubjects) {
      if (!stats.rootsHash[key]) {
        stats.rootsHash[key] = true;
        stats.roots.push(term);
      }
    }
    for (const key of Object.keys(stats.incoming)) {
      const list = stats.incoming[key] as unknown[];
      if (key.startsWith('_:') && list.length === 1) list.push(list[0]);
    }
    return stats;
  };
  const xml = serializer.statementsToXML(statements);
  // "]]>" may not appear in XML character data; rdflib escapes only & < and ".
  return xml.replace(/]]>/g, ']]&gt;');
}
