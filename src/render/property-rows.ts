// Stage 4, render: what a resource says, as rows of a property and its values (links, literals, nested blank nodes
// and lists), its texts shown as prose, and its quotes from the source text.
import { DataFactory } from 'n3';
import type { Quad, GraphStore, Term } from '../load/graph-store.ts';
import { RDF_TYPE, compareStrings, objectsOf, termKey } from '../describe/describe.ts';
import { DEFAULT_BASE_IRI, ONTOLOGY_PATH, STANDARD_PREFIXES as NS, compactIri } from '../prefixes.ts';
import { caroIri, labelOf, targetOf, type SiteIndex } from './site-index.ts';
import { linkTo, propertyLink, relativeUrl, sortByKey, textFragment, type LinkView } from './links.ts';

const { namedNode } = DataFactory;

/** A value of a property: a link, a literal, a nested blank node or a list. */
export type ValueView =
  | ({ readonly kind: 'link' } & LinkView)
  | { readonly kind: 'literal'; readonly text: string; readonly lang: string; readonly datatype?: string }
  | { readonly kind: 'nested'; readonly rows: readonly PropertyView[] }
  | { readonly kind: 'list'; readonly items: readonly ValueView[] };

/** One property of a resource with all its values. */
export interface PropertyView {
  readonly property: LinkView;
  readonly values: readonly ValueView[];
}

/** A text of the resource, shown as prose: a definition, a description, a note. */
export interface TextView {
  /** The property the text is the value of. */
  readonly property: string;
  readonly label: string;
  readonly text: string;
  readonly lang: string;
}

/** A passage quoted from the source text, with a link to its exact place. */
export interface QuoteView {
  readonly exact: string;
  readonly paragraph?: number;
  readonly start?: number;
  readonly end?: number;
  readonly href?: string;
  /** The source text's IRI (absent when the passage names none). */
  readonly source?: string;
  readonly sourceLabel: string;
}

/** Predicates shown as prose, in this order. */
export const TEXT_PROPERTIES: readonly string[] = [
  `${NS.skos}definition`,
  `${NS.dct}description`,
  `${NS.rdfs}comment`,
  `${DEFAULT_BASE_IRI}${ONTOLOGY_PATH}rationale`,
  `${NS.skos}scopeNote`,
  `${NS.skos}note`,
  `${NS.skos}editorialNote`,
];

/** Predicates shown first, in this order; the others follow by label. */
const PROPERTY_ORDER: readonly string[] = [RDF_TYPE, `${NS.skos}prefLabel`, `${NS.rdfs}label`, `${NS.dct}title`, `${NS.skos}altLabel`, `${NS.skos}notation`];

function listItems(store: GraphStore, head: Term): Term[] | undefined {
  const items: Term[] = [];
  let node: Term = head;
  for (let guard = 0; guard < 10_000; guard++) {
    if (node.termType === 'NamedNode' && node.value === `${NS.rdf}nil`) return items;
    if (node.termType !== 'BlankNode') return undefined;
    const first = store.getObjects(node, namedNode(`${NS.rdf}first`), null);
    const rest = store.getObjects(node, namedNode(`${NS.rdf}rest`), null);
    if (first.length !== 1 || rest.length !== 1) return undefined;
    items.push(first[0] as Term);
    node = rest[0] as Term;
  }
  return undefined;
}

/** The view of one value; blank nodes are shown nested (lists as lists), to a limited depth. */
function valueView(index: SiteIndex, fromDir: string, term: Term, depth = 0): ValueView {
  if (term.termType === 'Literal') {
    const { value, language, datatype } = term as Term & { termType: 'Literal' };
    const plain = language !== '' || datatype.value === `${NS.xsd}string`;
    return { kind: 'literal', text: value, lang: language, ...(plain ? {} : { datatype: compactIri(datatype.value, index.prefixes) ?? datatype.value }) };
  }
  if (term.termType === 'BlankNode' && depth < 5) {
    const items = listItems(index.store, term);
    if (items) return { kind: 'list', items: items.map((item) => valueView(index, fromDir, item, depth + 1)) };
    return { kind: 'nested', rows: propertyViews(index, fromDir, index.store.getQuads(term, null, null, null), new Set(), depth + 1) };
  }
  return { kind: 'link', ...linkTo(index, fromDir, term) };
}

/** Sort terms as a property's values are listed: literals, then IRIs by label, then blank nodes. */
export function sortValues(index: SiteIndex, terms: readonly Term[]): Term[] {
  const key = (t: Term): string => (t.termType === 'Literal' ? `0${t.value}` : t.termType === 'BlankNode' ? `2${termKey(t)}` : `1${labelOf(index, t).value.toLowerCase()}\u0000${t.value}`);
  return sortByKey(terms, key);
}

/** Group quads by predicate into property views: known predicates first, then by label. */
export function propertyViews(index: SiteIndex, fromDir: string, quads: readonly Quad[], skip: ReadonlySet<string>, depth = 0): PropertyView[] {
  const byPredicate = new Map<string, Term[]>();
  for (const q of quads) {
    if (skip.has(q.predicate.value)) continue;
    const list = byPredicate.get(q.predicate.value);
    if (list) list.push(q.object);
    else byPredicate.set(q.predicate.value, [q.object]);
  }
  const rank = (p: string): string => {
    const i = PROPERTY_ORDER.indexOf(p);
    return i >= 0 ? `0${i}` : `1${labelOf(index, p).value.toLowerCase()}\u0000${p}`;
  };
  return sortByKey([...byPredicate.keys()], rank).map((p) => ({
    property: propertyLink(index, fromDir, p),
    values: sortValues(index, byPredicate.get(p) as Term[]).map((o) => valueView(index, fromDir, o, depth)),
  }));
}

/** The prose texts of a subject, in TEXT_PROPERTIES order. */
export function textViews(index: SiteIndex, subject: Term): TextView[] {
  const texts: TextView[] = [];
  for (const p of TEXT_PROPERTIES) {
    for (const o of objectsOf(index.store, subject, p)) {
      if (o.termType === 'Literal') texts.push({ property: p, label: labelOf(index, p).value, text: o.value, lang: (o as Term & { language: string }).language });
    }
  }
  return texts;
}

/** The first literal value of a property, in term order. */
export function firstLiteral(store: GraphStore, subject: Term | string, property: string): (Term & { readonly language: string }) | undefined {
  return objectsOf(store, subject, property).find((t): t is Term & { language: string } => t.termType === 'Literal');
}

/** The first literal value of a property as a number, if it is one. */
export function numberOf(store: GraphStore, subject: Term, property: string): number | undefined {
  const t = firstLiteral(store, subject, property);
  const n = t ? Number(t.value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The quoted passages of a subject (caro:quotedFrom), source by source (by label), each in the order of its text. */
export function quoteViews(index: SiteIndex, fromDir: string, subject: Term): QuoteView[] {
  const { store } = index;
  const quotes: QuoteView[] = [];
  for (const sr of objectsOf(store, subject, caroIri(index, 'quotedFrom'))) {
    let exact: string | undefined;
    let start: number | undefined;
    let end: number | undefined;
    for (const selector of objectsOf(store, sr, `${NS.oa}hasSelector`)) {
      const e = firstLiteral(store, selector, `${NS.oa}exact`);
      if (e) exact = e.value;
      start ??= numberOf(store, selector, `${NS.oa}start`);
      end ??= numberOf(store, selector, `${NS.oa}end`);
    }
    if (exact === undefined) continue;
    const paragraph = numberOf(store, sr, caroIri(index, 'paragraph'));
    const source = objectsOf(store, sr, `${NS.oa}hasSource`)[0];
    let href: string | undefined;
    if (source) {
      const target = targetOf(index, source.value);
      if (target.internal !== undefined) {
        const page = relativeUrl(fromDir, target.internal);
        href = paragraph !== undefined ? `${page}#p${paragraph}${textFragment(exact)}` : page;
      } else if (target.external) href = target.external;
    }
    quotes.push({
      exact,
      ...(paragraph !== undefined ? { paragraph } : {}),
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(href ? { href } : {}),
      ...(source ? { source: source.value } : {}),
      sourceLabel: source ? labelOf(index, source).value : 'the source text',
    });
  }
  return quotes.sort((a, b) => compareStrings(a.sourceLabel, b.sourceLabel) || compareStrings(a.source ?? '', b.source ?? '') || (a.start ?? Infinity) - (b.start ?? Infinity) || compareStrings(a.exact, b.exact));
}
