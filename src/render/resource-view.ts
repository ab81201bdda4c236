// Stage 4, render: view models for the pages, as plain objects computed from the indexed store. Templates only
// print these values (Nunjucks escapes each one); every decision about RDF is taken here, where tests cover it.
import { DataFactory } from 'n3';
import type { Quad, GraphStore, Term } from '../load/graph-store.ts';
import {
  RDF_TYPE,
  compareStrings,
  describeDocument,
  documentIriOf,
  listIncoming,
  objectsOf,
  termKey,
  typesOf,
  type IncomingLink,
  type Label,
  type LabelIndex,
  type PublishedDocument,
} from '../describe/describe.ts';
import { compactIri, type PrefixMap } from '../prefixes.ts';
import { canonicalizeGraph, escapeJsonForScript, toJsonLd } from '../describe/write-rdf.ts';

const { namedNode, literal, quad: makeQuad } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dct: 'http://purl.org/dc/terms/',
  org: 'http://www.w3.org/ns/org#',
  prov: 'http://www.w3.org/ns/prov#',
  oa: 'http://www.w3.org/ns/oa#',
  sh: 'http://www.w3.org/ns/shacl#',
  eli: 'http://data.europa.eu/eli/ontology#',
  sdgo: 'http://metadata.un.org/sdg/ontology#',
  dcat: 'http://www.w3.org/ns/dcat#',
  void: 'http://rdfs.org/ns/void#',
  schema: 'https://schema.org/',
} as const;

// ---------------------------------------------------------------- URLs

/**
 * The relative URL from a page to a target. `fromDir` is the page's folder under the site root ('' for the home
 * page, 'priority/child-protection-systems' for a resource); `to` is a root-relative path: a folder ending in '/',
 * a file, '' for the home page, optionally followed by '#fragment' or '?query'.
 */
export function relativeUrl(fromDir: string, to: string): string {
  const cut = to.search(/[#?]/);
  const pathPart = cut < 0 ? to : to.slice(0, cut);
  const suffix = cut < 0 ? '' : to.slice(cut);
  const from = fromDir.split('/').filter(Boolean);
  const toSegments = pathPart.split('/');
  const last = toSegments.pop() ?? '';
  const dirs = toSegments.filter(Boolean);
  let common = 0;
  while (common < from.length && common < dirs.length && from[common] === dirs[common]) common++;
  const rel = '../'.repeat(from.length - common) + dirs.slice(common).map((d) => `${d}/`).join('') + last;
  if (rel === '') return suffix.startsWith('#') ? suffix : `./${suffix}`;
  return rel + suffix;
}

/** A text fragment directive (#:~:text=…) for a quote: the whole quote when short, else its first and last words. */
export function textFragment(exact: string): string {
  const encode = (s: string): string => encodeURIComponent(s).replace(/-/g, '%2D');
  const words = exact.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  if (words.length <= 8) return `:~:text=${encode(words.join(' '))}`;
  return `:~:text=${encode(words.slice(0, 4).join(' '))},${encode(words.slice(-4).join(' '))}`;
}

// ---------------------------------------------------------------- the index every view is computed from

/** Where an IRI is shown on the site, when it is not a page of its own (e.g. SDG targets on the SDG listing). */
export type AnchorIndex = ReadonlyMap<string, string>;

/** Everything the view builders need, built once per build by the composer. */
export interface SiteIndex {
  readonly baseIri: string;
  readonly prefixes: PrefixMap;
  readonly store: GraphStore;
  readonly labels: LabelIndex;
  /** Published documents by IRI. */
  readonly documents: ReadonlyMap<string, PublishedDocument>;
  /** Root-relative folders of every page that is not a resource page (listings, home, tools), with their titles. */
  readonly pageTitles: ReadonlyMap<string, string>;
  /** Root-relative paths of files we publish (downloads, raw source text), so that links to them can be made. */
  readonly files: ReadonlySet<string>;
  /** IRIs shown at an anchor of another page: IRI → root-relative target, e.g. 'sdg/#target-16.2'. */
  readonly anchors: AnchorIndex;
  /** Superclasses (transitively, the class itself included) of every class the ontology declares. */
  readonly superClasses: ReadonlyMap<string, readonly string[]>;
  /** The source text: its IRI and its paragraphs (non-empty lines, numbered from 1). */
  readonly source?: { readonly iri: string; readonly file: string; readonly paragraphs: readonly string[] };
  /** How to cite the dataset: title, publisher, date (from the data). */
  readonly citation: { readonly title: string; readonly publisher: string; readonly modified?: string };
}

/** Labels of terms of the reused vocabularies, which the graph does not describe itself. */
export const VOCABULARY_LABELS: Readonly<Record<string, string>> = {
  [`${NS.rdf}type`]: 'type',
  [`${NS.rdf}first`]: 'first item',
  [`${NS.rdf}rest`]: 'rest of list',
  [`${NS.rdfs}label`]: 'label',
  [`${NS.rdfs}comment`]: 'comment',
  [`${NS.rdfs}seeAlso`]: 'see also',
  [`${NS.rdfs}subClassOf`]: 'subclass of',
  [`${NS.rdfs}subPropertyOf`]: 'subproperty of',
  [`${NS.rdfs}domain`]: 'domain',
  [`${NS.rdfs}range`]: 'range',
  [`${NS.rdfs}isDefinedBy`]: 'defined by',
  [`${NS.owl}sameAs`]: 'same as',
  [`${NS.owl}inverseOf`]: 'inverse of',
  [`${NS.owl}versionInfo`]: 'version',
  [`${NS.owl}versionIRI`]: 'version IRI',
  [`${NS.skos}prefLabel`]: 'preferred label',
  [`${NS.skos}altLabel`]: 'alternative label',
  [`${NS.skos}hiddenLabel`]: 'hidden label',
  [`${NS.skos}notation`]: 'notation',
  [`${NS.skos}definition`]: 'definition',
  [`${NS.skos}note`]: 'note',
  [`${NS.skos}scopeNote`]: 'scope note',
  [`${NS.skos}editorialNote`]: 'editorial note',
  [`${NS.skos}inScheme`]: 'in scheme',
  [`${NS.skos}topConceptOf`]: 'top concept of',
  [`${NS.skos}hasTopConcept`]: 'has top concept',
  [`${NS.skos}broader`]: 'broader',
  [`${NS.skos}narrower`]: 'narrower',
  [`${NS.skos}related`]: 'related',
  [`${NS.skos}relatedMatch`]: 'related match',
  [`${NS.skos}exactMatch`]: 'exact match',
  [`${NS.skos}closeMatch`]: 'close match',
  [`${NS.dct}title`]: 'title',
  [`${NS.dct}description`]: 'description',
  [`${NS.dct}source`]: 'source',
  [`${NS.dct}issued`]: 'issued',
  [`${NS.dct}modified`]: 'modified',
  [`${NS.dct}license`]: 'licence',
  [`${NS.dct}creator`]: 'creator',
  [`${NS.dct}publisher`]: 'publisher',
  [`${NS.dct}temporal`]: 'period',
  [`${NS.dct}subject`]: 'subject',
  [`${NS.dct}relation`]: 'related to',
  [`${NS.dct}hasPart`]: 'has part',
  [`${NS.dct}isPartOf`]: 'is part of',
  [`${NS.dct}replaces`]: 'replaces',
  [`${NS.dct}isReplacedBy`]: 'is replaced by',
  [`${NS.dct}format`]: 'format',
  [`${NS.dct}language`]: 'language',
  [`${NS.dct}conformsTo`]: 'conforms to',
  [`${NS.org}hasUnit`]: 'has unit',
  [`${NS.org}unitOf`]: 'unit of',
  [`${NS.org}member`]: 'member',
  [`${NS.org}organization`]: 'organisation',
  [`${NS.org}role`]: 'role',
  [`${NS.org}memberDuring`]: 'member during',
  [`${NS.org}basedAt`]: 'based at',
  [`${NS.org}purpose`]: 'purpose',
  [`${NS.prov}wasAttributedTo`]: 'attributed to',
  [`${NS.prov}wasDerivedFrom`]: 'derived from',
  [`${NS.oa}hasSource`]: 'has source',
  [`${NS.oa}hasSelector`]: 'selector',
  [`${NS.oa}exact`]: 'exact text',
  [`${NS.oa}prefix`]: 'text before',
  [`${NS.oa}suffix`]: 'text after',
  [`${NS.oa}start`]: 'start',
  [`${NS.oa}end`]: 'end',
  [`${NS.eli}has_part`]: 'has part',
  [`${NS.eli}is_part_of`]: 'is part of',
  [`${NS.eli}number`]: 'number',
  [`${NS.eli}date_document`]: 'date of the document',
  [`${NS.eli}first_date_entry_in_force`]: 'in force since',
  [`${NS.sdgo}hasTarget`]: 'has target',
  'http://www.w3.org/2006/time#hasBeginning': 'beginning',
  'http://www.w3.org/2006/time#hasEnd': 'end',
  'http://www.w3.org/2006/time#inside': 'inside',
  'http://www.w3.org/2006/time#inXSDDate': 'date',
  'http://www.w3.org/2006/time#inXSDgYear': 'year',
  'http://purl.org/vocab/vann/preferredNamespacePrefix': 'preferred prefix',
  'http://purl.org/vocab/vann/preferredNamespaceUri': 'namespace',
  [`${NS.sh}targetClass`]: 'target class',
  [`${NS.sh}targetSubjectsOf`]: 'target: subjects of',
  [`${NS.sh}targetObjectsOf`]: 'target: objects of',
  [`${NS.sh}property`]: 'property shape',
  [`${NS.sh}path`]: 'path',
  [`${NS.sh}message`]: 'message',
  [`${NS.sh}minCount`]: 'at least',
  [`${NS.sh}maxCount`]: 'at most',
  [`${NS.sh}datatype`]: 'datatype',
  [`${NS.sh}class`]: 'class of values',
  [`${NS.sh}nodeKind`]: 'node kind',
  [`${NS.sh}pattern`]: 'pattern',
  [`${NS.sh}in`]: 'one of',
  [`${NS.sh}hasValue`]: 'has value',
  [`${NS.sh}languageIn`]: 'languages',
  [`${NS.sh}uniqueLang`]: 'one value per language',
  [`${NS.sh}alternativePath`]: 'any of',
  [`${NS.dcat}distribution`]: 'distribution',
  [`${NS.dcat}downloadURL`]: 'download',
  [`${NS.dcat}mediaType`]: 'media type',
  [`${NS.dcat}byteSize`]: 'size in bytes',
  [`${NS.dcat}landingPage`]: 'landing page',
  [`${NS.void}triples`]: 'triples',
  [`${NS.void}entities`]: 'entities',
  [`${NS.void}uriSpace`]: 'IRI space',
  [`${NS.void}dataDump`]: 'data dump',
  [`${NS.void}vocabulary`]: 'vocabulary',
  [`${NS.void}classPartition`]: 'class partition',
  [`${NS.void}propertyPartition`]: 'property partition',
  [`${NS.void}class`]: 'class',
  [`${NS.void}property`]: 'property',
  [`${NS.void}distinctSubjects`]: 'distinct subjects',
  [`${NS.void}distinctObjects`]: 'distinct objects',
  [`${NS.void}exampleResource`]: 'example resource',
  [`${NS.void}classes`]: 'classes',
  [`${NS.void}properties`]: 'properties',
  [`${NS.void}feature`]: 'feature',
  [`${NS.dcat}keyword`]: 'keyword',
  [`${NS.dcat}accessURL`]: 'access URL',
  [`${NS.dcat}Dataset`]: 'dataset',
  [`${NS.dcat}Distribution`]: 'distribution',
  [`${NS.void}Dataset`]: 'VoID dataset',
  'http://xmlns.com/foaf/0.1/homepage': 'home page',
  'http://www.w3.org/ns/formats/Turtle': 'Turtle',
  'http://www.w3.org/ns/formats/N-Triples': 'N-Triples',
  'http://www.w3.org/ns/formats/JSON-LD': 'JSON-LD',
  'http://www.w3.org/ns/formats/RDF_XML': 'RDF/XML',
};

/** Classes whose members are best named by a short alternative label (the SDGs' preferred labels are whole sentences). */
const SHORT_LABEL_CLASSES = new Set([`${NS.sdgo}Goal`, `${NS.sdgo}Target`]);

/** Give members of SHORT_LABEL_CLASSES their shortest English alternative label instead of their preferred label. */
export function applyShortLabels(store: GraphStore, labels: Map<string, Label>): Map<string, Label> {
  for (const cls of SHORT_LABEL_CLASSES) {
    for (const s of store.getSubjects(namedNode(RDF_TYPE), namedNode(cls), null)) {
      const alts = objectsOf(store, s, `${NS.skos}altLabel`).filter((t): t is Term & { termType: 'Literal'; language: string } => t.termType === 'Literal');
      const best = alts.sort((a, b) => (a.language === 'en' ? 0 : 1) - (b.language === 'en' ? 0 : 1) || a.value.length - b.value.length || compareStrings(a.value, b.value))[0];
      if (best) labels.set(s.value, { value: best.value, lang: best.language });
    }
  }
  return labels;
}

/** Split a camelCase or snake_case local name into words: "isAreaOfConcernOf" → "is area of concern of". */
export function humanizeLocalName(local: string): string {
  return local
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

function localNameOf(iri: string): string {
  const m = /[#/]([^#/]+)[#/]?$/.exec(iri);
  return m?.[1] ?? iri;
}

/** The label to show for a term: the best label in the graph, a vocabulary label, or a name made from the IRI. */
export function labelOf(index: SiteIndex, term: Term | string): Label {
  const iri = typeof term === 'string' ? term : term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
  if (typeof term !== 'string' && term.termType === 'Literal') return { value: term.value, lang: term.language };
  const found = index.labels.get(iri);
  if (found && found.value.trim() !== '') return found;
  const vocabulary = VOCABULARY_LABELS[iri];
  if (vocabulary) return { value: vocabulary, lang: 'en' };
  if (iri.startsWith('_:')) return { value: 'unnamed node', lang: 'en' };
  if (iri.startsWith(index.baseIri)) {
    const rest = iri.slice(index.baseIri.length);
    const page = index.pageTitles.get(rest.replace(/\/$/, ''));
    if (page !== undefined) return { value: rest === '' ? `${page} (${iri})` : page, lang: 'en' };
    if (rest === '') return { value: iri, lang: '' };
    const hash = rest.indexOf('#');
    if (hash === rest.length - 1) {
      const doc = index.labels.get(iri.slice(0, -1));
      return doc ? { value: `${doc.value} (namespace)`, lang: doc.lang } : { value: iri, lang: '' };
    }
    return { value: hash >= 0 ? humanizeLocalName(rest.slice(hash + 1)) : rest, lang: hash >= 0 ? 'en' : '' };
  }
  return { value: compactIri(iri, index.prefixes) ?? prettyUrl(iri), lang: '' };
}

/** A short readable form of a web address without a label: host and path, with the middle of long paths left out. */
export function prettyUrl(iri: string): string {
  let url: URL;
  try {
    url = new URL(iri);
  } catch {
    return iri;
  }
  if (!/^https?:$/.test(url.protocol)) return iri;
  const host = url.hostname.replace(/^www\./, '');
  const segments = url.pathname.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const query = url.search.length <= 16 ? url.search : '';
  const path = segments.join('/');
  if (path === '') return host + query;
  if (path.length <= 40) return `${host}/${path}${query}`;
  return `${host}/…/${segments[segments.length - 1]}${query}`;
}

/** Where a link to an IRI goes: a root-relative target on our site, an external URL, or nowhere. */
export function targetOf(index: SiteIndex, iri: string): { readonly internal?: string; readonly external?: string } {
  const anchor = index.anchors.get(iri);
  if (anchor !== undefined) return { internal: anchor };
  if (iri.startsWith(index.baseIri)) {
    const doc = documentIriOf(iri);
    const path = doc.slice(index.baseIri.length);
    const fragment = iri.slice(doc.length);
    if (index.documents.has(doc)) return { internal: `${path}/${fragment}` };
    if (index.files.has(path)) return { internal: path };
    if (index.pageTitles.has(path)) return { internal: path === '' ? '' : `${path}/` };
    return {};
  }
  if (/^https?:\/\//.test(iri)) return { external: iri };
  return {};
}

// ---------------------------------------------------------------- view types

/** A link (or plain text when href is absent) to a term, with its label. */
export interface LinkView {
  readonly text: string;
  readonly lang: string;
  readonly href?: string;
  readonly external?: boolean;
  readonly iri?: string;
  /** The prefixed name or the IRI, shown small beside the label for readers of RDF. */
  readonly code?: string;
  /** The label is this project's own, not the source's (caro:editorialProperty on the target): shown with a mark. */
  readonly editorial?: boolean;
}

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
  readonly sourceLabel: string;
}

/** One crosswalk link to (or from) a UNCRC provision or an SDG target, with its rationale. */
export interface CrosswalkView {
  readonly target: LinkView;
  readonly relation: string;
  readonly rationale?: { readonly text: string; readonly lang: string };
  readonly sources: readonly LinkView[];
  readonly statement?: LinkView;
}

/** Resources that link to this one through one property (or path from a blank node). */
export interface IncomingView {
  readonly property: LinkView;
  readonly via: readonly LinkView[];
  readonly from: readonly LinkView[];
}

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

export interface AlternateView {
  readonly type: string;
  readonly href: string;
  readonly label: string;
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
  readonly properties: readonly PropertyView[];
  readonly crosswalk: readonly { readonly heading: string; readonly rows: readonly CrosswalkView[] }[];
  readonly incoming: readonly IncomingView[];
  readonly members: readonly { readonly heading: string; readonly id: string; readonly members: readonly MemberView[] }[];
  readonly paragraphs: readonly ParagraphView[];
  readonly rawText?: LinkView;
  readonly alternates: readonly AlternateView[];
  readonly jsonLd: string;
  readonly queryHref: string;
  readonly citation: string;
}

// ---------------------------------------------------------------- building blocks

/** Predicates shown as prose, in this order. */
export const TEXT_PROPERTIES: readonly string[] = [
  `${NS.skos}definition`,
  `${NS.dct}description`,
  `${NS.rdfs}comment`,
  'https://w3id.org/cbss-car/ontology#rationale',
  `${NS.skos}scopeNote`,
  `${NS.skos}note`,
  `${NS.skos}editorialNote`,
];

const CARO_PATH = 'ontology#';
const caro = (index: SiteIndex, local: string): string => `${index.baseIri}${CARO_PATH}${local}`;

/** Whether a resource says that its value of `property` is this project's own, not the source's (caro:editorialProperty). */
export function isEditorial(index: SiteIndex, iri: string, property: string): boolean {
  return index.store.countQuads(namedNode(iri), namedNode(caro(index, 'editorialProperty')), namedNode(property), null) > 0;
}

/** A link view for an IRI (or blank node) as seen from a page folder. */
export function linkTo(index: SiteIndex, fromDir: string, term: Term | string, withCode = false): LinkView {
  const iri = typeof term === 'string' ? term : term.value;
  const isBlank = typeof term !== 'string' && term.termType === 'BlankNode';
  const label = labelOf(index, term);
  const compact = withCode && !isBlank ? (compactIri(iri, index.prefixes) ?? iri) : undefined;
  const code = compact !== label.value ? compact : undefined;
  if (isBlank) return { text: label.value, lang: label.lang };
  const target = targetOf(index, iri);
  const editorial = isEditorial(index, iri, `${NS.rdfs}label`) || isEditorial(index, iri, `${NS.skos}prefLabel`);
  const base = { text: label.value, lang: label.lang, iri, ...(code ? { code } : {}), ...(editorial ? { editorial } : {}) };
  if (target.internal !== undefined) return { ...base, href: relativeUrl(fromDir, target.internal) };
  if (target.external) return { ...base, href: target.external, external: true };
  return base;
}

function literalView(index: SiteIndex, term: Term & { termType: 'Literal' }): ValueView {
  const dt = term.datatype.value;
  const plain = term.language !== '' || dt === `${NS.xsd}string`;
  return { kind: 'literal', text: term.value, lang: term.language, ...(plain ? {} : { datatype: compactIri(dt, index.prefixes) ?? dt }) };
}

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
export function valueView(index: SiteIndex, fromDir: string, term: Term, depth = 0): ValueView {
  if (term.termType === 'Literal') return literalView(index, term as Term & { termType: 'Literal' });
  if (term.termType === 'BlankNode' && depth < 5) {
    const items = listItems(index.store, term);
    if (items) return { kind: 'list', items: items.map((item) => valueView(index, fromDir, item, depth + 1)) };
    return { kind: 'nested', rows: propertyViews(index, fromDir, index.store.getQuads(term, null, null, null), new Set(), depth + 1) };
  }
  return { kind: 'link', ...linkTo(index, fromDir, term) };
}

function sortValues(index: SiteIndex, terms: Term[]): Term[] {
  const key = (t: Term): string => (t.termType === 'Literal' ? `0${t.value}` : t.termType === 'BlankNode' ? `2${termKey(t)}` : `1${labelOf(index, t).value.toLowerCase()}\u0000${t.value}`);
  return terms.map((t) => ({ t, k: key(t) })).sort((a, b) => compareStrings(a.k, b.k)).map(({ t }) => t);
}

const PROPERTY_ORDER: readonly string[] = [
  RDF_TYPE,
  `${NS.skos}prefLabel`,
  `${NS.rdfs}label`,
  `${NS.dct}title`,
  `${NS.skos}altLabel`,
  `${NS.skos}notation`,
];

/** A link to a property: to its documentation on our ontology page, else plain text with its prefixed name. */
export function propertyLink(index: SiteIndex, fromDir: string, iri: string): LinkView {
  const view = linkTo(index, fromDir, iri, true);
  return view.external ? { text: view.text, lang: view.lang, ...(view.iri ? { iri: view.iri } : {}), ...(view.code ? { code: view.code } : {}) } : view;
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
  return [...byPredicate.keys()]
    .sort((a, b) => compareStrings(rank(a), rank(b)))
    .map((p) => ({
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

function firstLiteral(store: GraphStore, subject: Term, property: string): Term | undefined {
  return objectsOf(store, subject, property).find((t) => t.termType === 'Literal');
}

function numberOf(store: GraphStore, subject: Term, property: string): number | undefined {
  const t = firstLiteral(store, subject, property);
  const n = t ? Number(t.value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The quoted passages of a subject (caro:quotedFrom), sorted by their place in the source. */
export function quoteViews(index: SiteIndex, fromDir: string, subject: Term): QuoteView[] {
  const quotes: QuoteView[] = [];
  for (const sr of objectsOf(index.store, subject, caro(index, 'quotedFrom'))) {
    let exact: string | undefined;
    let start: number | undefined;
    let end: number | undefined;
    for (const selector of objectsOf(index.store, sr, `${NS.oa}hasSelector`)) {
      const e = firstLiteral(index.store, selector, `${NS.oa}exact`);
      if (e) exact = e.value;
      start ??= numberOf(index.store, selector, `${NS.oa}start`);
      end ??= numberOf(index.store, selector, `${NS.oa}end`);
    }
    if (exact === undefined) continue;
    const paragraph = numberOf(index.store, sr, caro(index, 'paragraph'));
    const source = objectsOf(index.store, sr, `${NS.oa}hasSource`)[0];
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
      sourceLabel: source ? labelOf(index, source).value : 'the source text',
    });
  }
  return quotes.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || compareStrings(a.exact, b.exact));
}

/** Crosswalk rows from a priority or area (outgoing), or into an article or target (incoming), with rationale. */
export function crosswalkViews(index: SiteIndex, fromDir: string, subject: Term): { heading: string; rows: CrosswalkView[] }[] {
  const store = index.store;
  const properties = [caro(index, 'addressesRight'), caro(index, 'contributesToTarget')];
  const alignmentsFrom = store.getSubjects(namedNode(caro(index, 'alignmentSubject')), subject, null);
  const alignmentsTo = store.getSubjects(namedNode(caro(index, 'alignmentObject')), subject, null);
  const groups: { heading: string; rows: CrosswalkView[] }[] = [];
  const rowFor = (other: Term, property: string, alignment: Term | undefined): CrosswalkView => {
    const rationale = alignment ? firstLiteral(store, alignment, caro(index, 'rationale')) : undefined;
    return {
      target: linkTo(index, fromDir, other),
      relation: labelOf(index, property).value,
      ...(rationale ? { rationale: { text: rationale.value, lang: (rationale as Term & { language: string }).language } } : {}),
      sources: alignment ? sortValues(index, objectsOf(store, alignment, `${NS.dct}source`)).map((s) => linkTo(index, fromDir, s)) : [],
      ...(alignment ? { statement: linkTo(index, fromDir, alignment) } : {}),
    };
  };
  // The first candidate Alignment (in store order) for each pair of the term at its other end and its property,
  // found once per page: an article linked from hundreds of concepts has as many Alignments to match them with.
  const indexAlignments = (candidates: Term[], end: string): Map<string, Term> => {
    const found = new Map<string, Term>();
    const endNode = namedNode(end);
    const propertyNode = namedNode(caro(index, 'alignmentProperty'));
    const deprecated = namedNode(`${NS.owl}deprecated`);
    for (const a of candidates) {
      // A withdrawn alignment (owl:deprecated) gives no rationale to a link; its own page says why it was withdrawn.
      if (store.countQuads(a, deprecated, null, null) > 0) continue;
      for (const other of store.getObjects(a, endNode, null)) {
        for (const p of store.getObjects(a, propertyNode, null)) {
          const key = `${termKey(other)}\u0000${p.value}`;
          if (!found.has(key)) found.set(key, a);
        }
      }
    }
    return found;
  };
  const alignmentOf = (alignments: Map<string, Term>, other: Term, property: string): Term | undefined => alignments.get(`${termKey(other)}\u0000${property}`);
  const sortRows = (rows: CrosswalkView[]): CrosswalkView[] => sortByLink(rows, (row) => row.target);

  const byObject = indexAlignments(alignmentsFrom, caro(index, 'alignmentObject'));
  for (const property of properties) {
    const out = store.getObjects(subject, namedNode(property), null);
    const rows = out.map((o) => rowFor(o, property, alignmentOf(byObject, o, property)));
    if (rows.length > 0) {
      const heading = property.endsWith('addressesRight') ? 'Rights of the child it serves (UNCRC)' : 'Sustainable Development Goal targets it contributes to';
      groups.push({ heading, rows: sortRows(rows) });
    }
  }
  const bySubject = indexAlignments(alignmentsTo, caro(index, 'alignmentSubject'));
  for (const property of properties) {
    const into = store.getSubjects(namedNode(property), subject, null);
    const rows = into.map((s) => rowFor(s, property, alignmentOf(bySubject, s, property)));
    if (rows.length > 0) {
      const heading = property.endsWith('addressesRight') ? 'Priorities and areas of concern that serve it' : 'Priorities and areas of concern that contribute to it';
      groups.push({ heading, rows: sortRows(rows) });
    }
  }
  return groups;
}

/** A sort key for links: natural order of numbers in the label ("Article 2" before "Article 10"). */
export function sortKeyOfLink(link: { readonly text: string; readonly iri?: string }): string {
  return naturalKey(link.text) + '\u0000' + (link.iri ?? '');
}

/** Sort items by a link's natural order (sortKeyOfLink), computing each key once. */
export function sortByLink<T>(items: readonly T[], linkOf: (item: T) => { readonly text: string; readonly iri?: string }): T[] {
  return items
    .map((item) => ({ item, key: sortKeyOfLink(linkOf(item)) }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ item }) => item);
}

/** A key that sorts numbers inside text by value: digits are zero-padded. */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (d) => d.padStart(8, '0'));
}

/** Links into the resource from elsewhere, grouped by property path. */
export function incomingViews(index: SiteIndex, fromDir: string, links: readonly IncomingLink[], skip: ReadonlySet<string>): IncomingView[] {
  const groups = new Map<string, { path: readonly string[]; from: Map<string, Term> }>();
  for (const link of links) {
    if (link.path.some((p) => skip.has(p))) continue;
    const key = link.path.join(' ');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { path: link.path, from: new Map() }));
    group.from.set(link.from.value, link.from);
  }
  return [...groups.values()]
    .map((g) => ({
      property: propertyLink(index, fromDir, g.path[g.path.length - 1] as string),
      via: g.path.slice(0, -1).map((p) => propertyLink(index, fromDir, p)),
      from: sortByLink([...g.from.values()].map((t) => linkTo(index, fromDir, t)), (link) => link),
    }))
    .sort((a, b) => compareStrings(a.property.text + a.via.map((v) => v.text).join(' '), b.property.text + b.via.map((v) => v.text).join(' ')));
}

/** Breadcrumbs: home, then each folder of the path that has a page, then the page itself (without a link). */
export function breadcrumbViews(index: SiteIndex, path: string, title: string, lang = 'en'): LinkView[] {
  const crumbs: LinkView[] = [{ text: 'Home', lang: 'en', href: relativeUrl(path, '') }];
  const segments = path.split('/').filter(Boolean);
  for (let i = 1; i < segments.length; i++) {
    const folder = segments.slice(0, i).join('/');
    const doc = index.documents.get(index.baseIri + folder);
    if (doc) crumbs.push({ ...linkTo(index, path, doc.iri), href: relativeUrl(path, `${folder}/`) });
    else if (index.pageTitles.has(folder)) crumbs.push({ text: index.pageTitles.get(folder) as string, lang: 'en', href: relativeUrl(path, `${folder}/`) });
  }
  if (segments.length > 0) crumbs.push({ text: title, lang });
  return crumbs;
}

/** The schema.org types that fit a resource, from its classes and their superclasses. */
export function schemaTypesOf(index: SiteIndex, types: readonly string[]): string[] {
  const all = new Set<string>();
  for (const t of types) for (const s of index.superClasses.get(t) ?? [t]) all.add(s);
  const has = (iri: string): boolean => all.has(iri);
  const b = index.baseIri + CARO_PATH;
  if (has(`${NS.dcat}Dataset`)) return ['Dataset'];
  if (has(`${NS.dcat}Distribution`)) return ['DataDownload'];
  if (has(`${NS.owl}Ontology`) || has(`${NS.skos}ConceptScheme`)) return ['DefinedTermSet'];
  if (has(`${b}SourceText`)) return ['TextDigitalDocument'];
  if (has(`${b}StrategicDocument`)) return ['CreativeWork'];
  if (has(`${b}State`)) return ['Country'];
  if (has(`${NS.org}Organization`) || has(`${NS.org}FormalOrganization`) || has(`${NS.org}OrganizationalUnit`)) return ['Organization'];
  if (has(`${NS.eli}LegalResource`) || has(`${NS.eli}LegalResourceSubdivision`)) return ['Legislation'];
  if (has(`${NS.org}Site`)) return ['Place'];
  if (has(`${NS.skos}Concept`) || has(`${NS.org}Role`) || has(`${NS.sdgo}Target`) || has(`${NS.sdgo}Goal`)) return ['DefinedTerm'];
  if (has(`${NS.owl}Class`) || has(`${NS.rdfs}Class`) || has(`${NS.owl}ObjectProperty`) || has(`${NS.owl}DatatypeProperty`)) return ['DefinedTerm'];
  return [];
}

/** The description embedded in the page: the resource's own triples plus schema.org terms for search engines. */
export function pageGraph(index: SiteIndex, doc: PublishedDocument, quads: readonly Quad[]): Quad[] {
  const extra: Quad[] = [];
  for (const member of doc.members) {
    const subject = namedNode(member);
    const types = typesOf(index.store, member);
    const schemaTypes = schemaTypesOf(index, types);
    if (schemaTypes.length === 0 && member !== doc.iri) continue;
    for (const t of schemaTypes) extra.push(makeQuad(subject, namedNode(RDF_TYPE), namedNode(NS.schema + t)));
    const label = labelOf(index, member);
    extra.push(makeQuad(subject, namedNode(`${NS.schema}name`), literal(label.value, label.lang || undefined)));
    const text = textViews(index, subject)[0];
    if (text) extra.push(makeQuad(subject, namedNode(`${NS.schema}description`), literal(text.text, text.lang || undefined)));
    const notation = firstLiteral(index.store, subject, `${NS.skos}notation`);
    if (notation && schemaTypes.includes('DefinedTerm')) extra.push(makeQuad(subject, namedNode(`${NS.schema}termCode`), literal(notation.value)));
    for (const scheme of objectsOf(index.store, subject, `${NS.skos}inScheme`)) {
      if (schemaTypes.includes('DefinedTerm')) extra.push(makeQuad(subject, namedNode(`${NS.schema}inDefinedTermSet`), scheme as Quad['object']));
    }
  }
  return [...quads, ...extra];
}

// ---------------------------------------------------------------- ontology and other hash documents

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
export function shapesFor(index: SiteIndex, iri: string): Term[] {
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

function paragraphViews(index: SiteIndex, fromDir: string): ParagraphView[] {
  if (!index.source) return [];
  const quotedBy = new Map<number, Map<string, Term>>();
  for (const sr of index.store.getSubjects(namedNode(`${NS.oa}hasSource`), namedNode(index.source.iri), null)) {
    const n = numberOf(index.store, sr, caro(index, 'paragraph'));
    if (n === undefined) continue;
    for (const owner of index.store.getSubjects(namedNode(caro(index, 'quotedFrom')), sr, null)) {
      if (owner.termType !== 'NamedNode' || owner.value === index.source.iri) continue;
      let set = quotedBy.get(n);
      if (!set) quotedBy.set(n, (set = new Map()));
      set.set(owner.value, owner);
    }
  }
  return index.source.paragraphs.map((text, i) => ({
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

// ---------------------------------------------------------------- the resource page

/** How to cite a resource: its label, the dataset, the publisher, the date of the data, and the IRI. */
export function citationOf(index: SiteIndex, iri: string): string {
  const label = labelOf(index, iri).value;
  const date = index.citation.modified ? ` (version of ${index.citation.modified})` : '';
  return `${label}. In: ${index.citation.title}. ${index.citation.publisher}${date}. ${iri}`;
}

/**
 * A prepared query about one resource: everything it says and everything said about it, with labels. The IRI is
 * written with its per-kind prefix (`area:alternative-care`, its PREFIX line after the leading comment) when one of
 * the prefixes covers it, else in full.
 */
export function resourceQuery(template: string, iri: string, prefixes: PrefixMap = {}): string {
  if (/[<>"{}|^`\\\s]/.test(iri)) throw new Error(`Cannot put the IRI ${JSON.stringify(iri)} into a query`);
  const name = compactIri(iri, prefixes);
  if (name === undefined) return template.replace(/\?resource\b/g, `<${iri}>`);
  const prefix = name.slice(0, name.indexOf(':'));
  const text = template.replace(/\?resource\b/g, name);
  return text.replace(/^((?:#[^\n]*\n)*)/, `$1PREFIX ${prefix}: <${prefixes[prefix]}>\n`);
}

export interface ResourceViewOptions {
  /** The text of the prepared "query this resource" query, with ?resource where the IRI goes. */
  readonly queryTemplate: string;
  /** The document's quads (its CBD), when the caller has them already. */
  readonly quads?: readonly Quad[];
}

/** Build the view of the page of one published document. */
export async function buildResourceView(index: SiteIndex, doc: PublishedDocument, options: ResourceViewOptions): Promise<ResourceView> {
  const { store } = index;
  const dir = doc.path;
  const subject = namedNode(doc.iri);
  const label = labelOf(index, doc.iri);
  const types = typesOf(store, doc.iri);
  const quads = options.quads ?? describeDocument(store, doc.members);
  const crossProps = new Set([caro(index, 'addressesRight'), caro(index, 'contributesToTarget')]);
  const skip = new Set([...TEXT_PROPERTIES, caro(index, 'quotedFrom'), ...crossProps]);
  const texts = textViews(index, subject);
  const notation = firstLiteral(store, subject, `${NS.skos}notation`)?.value;
  const incomingSkip = new Set([caro(index, 'alignmentSubject'), caro(index, 'alignmentObject'), `${NS.rdfs}isDefinedBy`, ...crossProps]);
  const isSource = index.source?.iri === doc.iri;
  if (isSource) incomingSkip.add(`${NS.oa}hasSource`);
  const json = await toJsonLd(await canonicalizeGraph(pageGraph(index, doc, quads), doc.members), index.prefixes);
  const alternates: AlternateView[] = [
    { type: 'text/turtle', href: 'index.ttl', label: 'Turtle' },
    { type: 'application/ld+json', href: 'index.jsonld', label: 'JSON-LD' },
    { type: 'application/n-triples', href: 'index.nt', label: 'N-Triples' },
  ];
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
    quotes: quoteViews(index, dir, subject),
    properties: propertyViews(index, dir, store.getQuads(subject, null, null, null), skip),
    crosswalk: crosswalkViews(index, dir, subject),
    incoming: incomingViews(index, dir, listIncoming(store, [doc.iri]), incomingSkip),
    members: memberViews(index, doc, dir),
    paragraphs: isSource ? paragraphViews(index, dir) : [],
    ...(isSource && index.source ? { rawText: { text: 'the plain text file', lang: 'en', href: relativeUrl(dir, index.source.file) } } : {}),
    alternates,
    jsonLd: escapeJsonForScript(JSON.stringify(json)),
    queryHref: relativeUrl(dir, `query/?query=${encodeURIComponent(resourceQuery(options.queryTemplate, doc.iri, index.prefixes))}`),
    citation: citationOf(index, doc.iri),
  };
}
