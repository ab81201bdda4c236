// Stage 4, render: the view of a resource page, as a plain object computed from the indexed store. Templates only
// print these values (Nunjucks escapes each one); every decision about RDF is taken here and in the files this one
// builds on (site-index.ts: labels and targets; links.ts; property-rows.ts; incoming-links.ts; page-graph.ts), where
// tests cover it.
import { DataFactory } from 'n3';
import type { Quad, Term } from '../load/graph-store.ts';
import { RDF_TYPE, compareStrings, describeDocument, listIncoming, termKey, typesOf, type PublishedDocument } from '../describe/describe.ts';
import { STANDARD_PREFIXES as NS } from '../prefixes.ts';
import { PAGE_DOCUMENTS, canonicalizeGraph, escapeJsonForScript, extendGraph, toJsonLd, type CanonicalGraph } from '../describe/write-rdf.ts';
import { caroIri, isEditorial, labelOf, type SiteIndex, type SourceIndex } from './site-index.ts';
import { breadcrumbViews, linkTo, relativeUrl, sortByLink, type LinkView } from './links.ts';
import { TEXT_PROPERTIES, firstLiteral, numberOf, propertyViews, quoteViews, textViews, type PropertyView, type QuoteView, type TextView } from './property-rows.ts';
import { crosswalkViews, incomingViews, type CrosswalkGroup, type IncomingView } from './incoming-links.ts';
import { citationOf, resourceQuery, schemaQuads } from './page-graph.ts';

const { namedNode } = DataFactory;

/** A term (hash IRI) documented on the page of its document, e.g. an ontology class. */
export interface MemberView {
  readonly id: string;
  readonly iri: string;
  readonly title: string;
  readonly lang: string;
  readonly types: readonly LinkView[];
  readonly texts: readonly TextView[];
  readonly properties: readonly PropertyView[];
  readonly incoming: readonly IncomingView[];
  readonly shapes: readonly LinkView[];
  /** How many resources have this term as their type. */
  readonly instances: number;
  readonly group: string;
}

/** A paragraph of the source text, with the resources quoting it. */
export interface ParagraphView {
  readonly n: number;
  readonly id: string;
  readonly text: string;
  readonly quotedBy: readonly LinkView[];
}

/** Everything a resource page shows. */
export interface ResourceView {
  readonly kind: 'resource';
  readonly iri: string;
  readonly path: string;
  readonly title: string;
  readonly lang: string;
  readonly description: string;
  readonly root: string;
  readonly types: readonly LinkView[];
  readonly notation?: string;
  /** The notation is this project's own, not the source's (caro:editorialProperty skos:notation). */
  readonly notationEditorial?: boolean;
  readonly breadcrumbs: readonly LinkView[];
  readonly texts: readonly TextView[];
  readonly quotes: readonly QuoteView[];
  /** The quotes come from more than one source text (the heading says "sources"). */
  readonly quotesFromSeveralSources: boolean;
  readonly properties: readonly PropertyView[];
  readonly crosswalk: readonly CrosswalkGroup[];
  readonly incoming: readonly IncomingView[];
  readonly members: readonly { readonly heading: string; readonly id: string; readonly members: readonly MemberView[] }[];
  readonly paragraphs: readonly ParagraphView[];
  readonly rawText?: LinkView;
  readonly alternates: readonly { readonly type: string; readonly href: string; readonly label: string }[];
  readonly jsonLd: string;
  readonly queryHref: string;
  readonly citation: string;
  /** The releases that added or changed the resource (or a term on its page), oldest first; empty without any. */
  readonly history: readonly { readonly version: string; readonly href: string; readonly kinds: string }[];
}

/** The page's other representations, linked from its head and its downloads. */
const ALTERNATES: ResourceView['alternates'] = PAGE_DOCUMENTS.map((d) => ({ type: d.type, href: d.file, label: d.label }));

/** The groups of the terms documented on one page (an ontology's classes, properties, shapes), in this order. */
const MEMBER_GROUPS: readonly [string, string, string][] = [
  [`${NS.owl}Class`, 'Classes', 'classes'],
  [`${NS.rdfs}Class`, 'Classes', 'classes'],
  [`${NS.owl}ObjectProperty`, 'Object properties', 'object-properties'],
  [`${NS.owl}DatatypeProperty`, 'Datatype properties', 'datatype-properties'],
  [`${NS.owl}AnnotationProperty`, 'Annotation properties', 'annotation-properties'],
  [`${NS.rdf}Property`, 'Properties', 'properties'],
  [`${NS.sh}NodeShape`, 'Node shapes', 'node-shapes'],
  [`${NS.sh}PropertyShape`, 'Property shapes', 'property-shapes'],
];

/** Shapes that apply to a class (sh:targetClass) or a property (sh:path, sh:targetSubjectsOf, sh:targetObjectsOf). */
function shapesFor(index: SiteIndex, iri: string): Term[] {
  const term = namedNode(iri);
  const found = new Map<string, Term>();
  for (const p of ['targetClass', 'path', 'targetSubjectsOf', 'targetObjectsOf']) {
    for (const s of index.store.getSubjects(namedNode(NS.sh + p), term, null)) found.set(termKey(s), s);
  }
  // Property shapes with a blank-node path (sh:alternativePath lists) that name the property.
  for (const listNode of index.store.getSubjects(namedNode(`${NS.rdf}first`), term, null)) {
    let head: Term = listNode;
    for (let guard = 0; guard < 100; guard++) {
      const prev: Term | undefined = index.store.getSubjects(namedNode(`${NS.rdf}rest`), head, null)[0];
      if (!prev) break;
      head = prev;
    }
    for (const alt of index.store.getSubjects(namedNode(`${NS.sh}alternativePath`), head, null)) {
      for (const s of index.store.getSubjects(namedNode(`${NS.sh}path`), alt, null)) found.set(termKey(s), s);
    }
  }
  return [...found.values()].filter((t) => t.termType === 'NamedNode');
}

// Links into a term that its page shows otherwise: instances are counted, shapes listed, definedBy is implied.
const MEMBER_INCOMING_SKIP: ReadonlySet<string> = new Set([
  RDF_TYPE,
  `${NS.rdfs}isDefinedBy`,
  `${NS.sh}targetClass`,
  `${NS.sh}path`,
  `${NS.sh}targetSubjectsOf`,
  `${NS.sh}targetObjectsOf`,
  `${NS.rdf}first`,
  `${NS.void}class`,
  `${NS.void}property`,
]);

function memberViews(index: SiteIndex, doc: PublishedDocument, fromDir: string): ResourceView['members'] {
  const groups = new Map<string, { heading: string; id: string; members: MemberView[] }>();
  const skip = new Set([RDF_TYPE, ...TEXT_PROPERTIES]);
  for (const iri of doc.members) {
    if (iri === doc.iri) continue;
    const subject = namedNode(iri);
    const types = typesOf(index.store, iri);
    const [, heading, id] = MEMBER_GROUPS.find(([t]) => types.includes(t)) ?? ['', 'Other terms', 'other-terms'];
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { heading, id, members: [] }));
    const label = labelOf(index, iri);
    group.members.push({
      id: iri.slice(iri.indexOf('#') + 1),
      iri,
      title: label.value,
      lang: label.lang,
      group: id,
      types: types.map((t) => linkTo(index, fromDir, t, true)),
      texts: textViews(index, subject),
      properties: propertyViews(index, fromDir, index.store.getQuads(subject, null, null, null), skip),
      incoming: incomingViews(index, fromDir, listIncoming(index.store, [iri]), MEMBER_INCOMING_SKIP),
      instances: index.store.countQuads(null, namedNode(RDF_TYPE), subject, null),
      shapes: shapesFor(index, iri).map((s) => linkTo(index, fromDir, s, true)),
    });
  }
  const order = MEMBER_GROUPS.map(([, , id]) => id);
  return [...groups.values()]
    .map((g) => ({ ...g, members: g.members.sort((a, b) => compareStrings(a.id.toLowerCase(), b.id.toLowerCase())) }))
    .sort((a, b) => (order.indexOf(a.id) < 0 ? 99 : order.indexOf(a.id)) - (order.indexOf(b.id) < 0 ? 99 : order.indexOf(b.id)));
}

/** The paragraphs of a source text's page, each with the resources quoting it (from this source's passages only). */
function paragraphViews(index: SiteIndex, source: SourceIndex, fromDir: string): ParagraphView[] {
  const quotedBy = new Map<number, Map<string, Term>>();
  for (const sr of index.store.getSubjects(namedNode(`${NS.oa}hasSource`), namedNode(source.iri), null)) {
    const n = numberOf(index.store, sr, caroIri(index, 'paragraph'));
    if (n === undefined) continue;
    for (const owner of index.store.getSubjects(namedNode(caroIri(index, 'quotedFrom')), sr, null)) {
      if (owner.termType !== 'NamedNode' || owner.value === source.iri) continue;
      let set = quotedBy.get(n);
      if (!set) quotedBy.set(n, (set = new Map()));
      set.set(owner.value, owner);
    }
  }
  return source.paragraphs.map((text, i) => ({
    n: i + 1,
    id: `p${i + 1}`,
    text,
    quotedBy: sortByLink([...(quotedBy.get(i + 1)?.values() ?? [])].map((t) => linkTo(index, fromDir, t)), (link) => link),
  }));
}

/** Split a text into paragraphs the way caro:paragraph counts them: its non-empty lines, numbered from 1. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** What a resource view needs beside the index and the document. */
export interface ResourceViewOptions {
  /** The text of the prepared "query this resource" query, with ?resource where the IRI goes. */
  readonly queryTemplate: string;
  /** The document's description (its CBD) as a canonical graph (blank nodes labelled, doc.members first), when the caller has it already. */
  readonly graph?: CanonicalGraph;
  /** The releases that changed it (src/render/release-views.ts), with their change sets' root-relative paths. */
  readonly history?: readonly { readonly version: string; readonly path: string; readonly kinds: string }[];
}

/** Build the view of the page of one published document. */
export async function buildResourceView(index: SiteIndex, doc: PublishedDocument, options: ResourceViewOptions): Promise<ResourceView> {
  const { store } = index;
  const dir = doc.path;
  const subject = namedNode(doc.iri);
  const label = labelOf(index, doc.iri);
  const types = typesOf(store, doc.iri);
  const graph = options.graph ?? (await canonicalizeGraph(describeDocument(store, doc.members), doc.members));
  const crossProps = new Set([caroIri(index, 'addressesRight'), caroIri(index, 'contributesToTarget')]);
  const skip = new Set([...TEXT_PROPERTIES, caroIri(index, 'quotedFrom'), ...crossProps]);
  const texts = textViews(index, subject);
  const quotes = quoteViews(index, dir, subject);
  const notation = firstLiteral(store, subject, `${NS.skos}notation`)?.value;
  const incomingSkip = new Set([caroIri(index, 'alignmentSubject'), caroIri(index, 'alignmentObject'), `${NS.rdfs}isDefinedBy`, ...crossProps]);
  const source = index.sources.get(doc.iri);
  if (source) incomingSkip.add(`${NS.oa}hasSource`);
  // The page's embedded description: the document's graph and the schema.org terms.
  const json = await toJsonLd(await extendGraph(graph, schemaQuads(index, doc), doc.members), index.prefixes);
  const title = label.value;
  const description = (texts[0]?.text ?? `${title}: ${types.map((t) => labelOf(index, t).value).join(', ')}`).slice(0, 300);
  return {
    kind: 'resource',
    iri: doc.iri,
    path: doc.path,
    title,
    lang: label.lang,
    description,
    root: relativeUrl(dir, ''),
    types: types.map((t) => linkTo(index, dir, t, true)),
    ...(notation !== undefined ? { notation } : {}),
    ...(notation !== undefined && isEditorial(index, doc.iri, `${NS.skos}notation`) ? { notationEditorial: true } : {}),
    breadcrumbs: breadcrumbViews(index, dir, title, label.lang),
    texts,
    quotes,
    quotesFromSeveralSources: new Set(quotes.map((q) => q.source)).size > 1,
    properties: propertyViews(index, dir, store.getQuads(subject, null, null, null), skip),
    crosswalk: crosswalkViews(index, dir, subject),
    incoming: incomingViews(index, dir, listIncoming(store, [doc.iri]), incomingSkip),
    members: memberViews(index, doc, dir),
    paragraphs: source ? paragraphViews(index, source, dir) : [],
    ...(source ? { rawText: { text: 'the plain text file', lang: 'en', href: relativeUrl(dir, source.file) } } : {}),
    alternates: ALTERNATES,
    jsonLd: escapeJsonForScript(JSON.stringify(json)),
    queryHref: relativeUrl(dir, `query/?query=${encodeURIComponent(resourceQuery(options.queryTemplate, doc.iri, index.prefixes))}`),
    citation: citationOf(index, doc.iri),
    history: (options.history ?? []).map((h) => ({ version: h.version, href: relativeUrl(dir, h.path), kinds: h.kinds })),
  };
}
