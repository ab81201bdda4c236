// Stage 4, render: the index every view is computed from (made once per build by the composer), and what it answers
// for any term: its label, where a link to it goes, and whether a value of it is this project's own (editorial).
import { DataFactory } from 'n3';
import type { GraphStore, Term } from '../load/graph-store.ts';
import { RDF_TYPE, compareStrings, documentIriOf, objectsOf, type Label, type LabelIndex, type PublishedDocument } from '../describe/describe.ts';
import { ONTOLOGY_PATH, STANDARD_PREFIXES as NS, compactIri, type PrefixMap } from '../prefixes.ts';

const { namedNode } = DataFactory;

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
  /** IRIs shown at an anchor of another page (not a page of their own): IRI → root-relative target, e.g. 'sdg/#target-16.2'. */
  readonly anchors: ReadonlyMap<string, string>;
  /** Superclasses (transitively, the class itself included) of every class the ontology declares. */
  readonly superClasses: ReadonlyMap<string, readonly string[]>;
  /** The published source texts by IRI: each one's file under the site and its paragraphs (non-empty lines, numbered from 1). */
  readonly sources: ReadonlyMap<string, SourceIndex>;
  /** How to cite the dataset: title, publisher, date (from the data). */
  readonly citation: { readonly title: string; readonly publisher: string; readonly modified?: string; readonly release?: string };
}

/** A published source text as its page shows it. */
export interface SourceIndex {
  readonly iri: string;
  /** Its plain-text file, root-relative (source/{file name}). */
  readonly file: string;
  readonly paragraphs: readonly string[];
}

/** The IRI of a term of our ontology (caro:), e.g. caroIri(index, 'quotedFrom'). */
export function caroIri(index: Pick<SiteIndex, 'baseIri'>, local: string): string {
  return index.baseIri + ONTOLOGY_PATH + local;
}

/** Labels of terms of the reused vocabularies, which the graph does not describe itself: prefix → local name → label. */
const LABELS_BY_PREFIX: Readonly<Partial<Record<keyof typeof NS, Readonly<Record<string, string>>>>> = {
  rdf: { type: 'type', first: 'first item', rest: 'rest of list' },
  rdfs: { label: 'label', comment: 'comment', seeAlso: 'see also', subClassOf: 'subclass of', subPropertyOf: 'subproperty of', domain: 'domain', range: 'range', isDefinedBy: 'defined by' },
  owl: { sameAs: 'same as', inverseOf: 'inverse of', versionInfo: 'version', versionIRI: 'version IRI' },
  skos: {
    prefLabel: 'preferred label', altLabel: 'alternative label', hiddenLabel: 'hidden label', notation: 'notation', definition: 'definition', note: 'note',
    scopeNote: 'scope note', editorialNote: 'editorial note', inScheme: 'in scheme', topConceptOf: 'top concept of', hasTopConcept: 'has top concept',
    broader: 'broader', narrower: 'narrower', related: 'related', relatedMatch: 'related match', exactMatch: 'exact match', closeMatch: 'close match',
  },
  dct: {
    title: 'title', description: 'description', source: 'source', issued: 'issued', modified: 'modified', license: 'licence', creator: 'creator',
    publisher: 'publisher', temporal: 'period', subject: 'subject', relation: 'related to', hasPart: 'has part', isPartOf: 'is part of',
    replaces: 'replaces', isReplacedBy: 'is replaced by', format: 'format', language: 'language', conformsTo: 'conforms to',
  },
  org: { hasUnit: 'has unit', unitOf: 'unit of', member: 'member', organization: 'organisation', role: 'role', memberDuring: 'member during', basedAt: 'based at', purpose: 'purpose' },
  prov: { wasAttributedTo: 'attributed to', wasDerivedFrom: 'derived from' },
  oa: { hasSource: 'has source', hasSelector: 'selector', exact: 'exact text', prefix: 'text before', suffix: 'text after', start: 'start', end: 'end' },
  eli: { has_part: 'has part', is_part_of: 'is part of', number: 'number', date_document: 'date of the document', first_date_entry_in_force: 'in force since' },
  sdgo: { hasTarget: 'has target' },
  time: { hasBeginning: 'beginning', hasEnd: 'end', inside: 'inside', inXSDDate: 'date', inXSDgYear: 'year' },
  vann: { preferredNamespacePrefix: 'preferred prefix', preferredNamespaceUri: 'namespace' },
  sh: {
    targetClass: 'target class', targetSubjectsOf: 'target: subjects of', targetObjectsOf: 'target: objects of', property: 'property shape', path: 'path',
    message: 'message', minCount: 'at least', maxCount: 'at most', datatype: 'datatype', class: 'class of values', nodeKind: 'node kind', pattern: 'pattern',
    in: 'one of', hasValue: 'has value', languageIn: 'languages', uniqueLang: 'one value per language', alternativePath: 'any of',
  },
  dcat: {
    distribution: 'distribution', downloadURL: 'download', mediaType: 'media type', byteSize: 'size in bytes', landingPage: 'landing page',
    keyword: 'keyword', accessURL: 'access URL', Dataset: 'dataset', Distribution: 'distribution',
  },
  void: {
    triples: 'triples', entities: 'entities', uriSpace: 'IRI space', dataDump: 'data dump', vocabulary: 'vocabulary', classPartition: 'class partition',
    propertyPartition: 'property partition', class: 'class', property: 'property', distinctSubjects: 'distinct subjects', distinctObjects: 'distinct objects',
    exampleResource: 'example resource', classes: 'classes', properties: 'properties', feature: 'feature', Dataset: 'VoID dataset',
  },
  foaf: { homepage: 'home page' },
};

const VOCABULARY_LABELS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(LABELS_BY_PREFIX).flatMap(([prefix, labels]) => Object.entries(labels).map(([local, label]) => [NS[prefix as keyof typeof NS] + local, label] as const)),
  ...Object.entries({ Turtle: 'Turtle', 'N-Triples': 'N-Triples', 'JSON-LD': 'JSON-LD', RDF_XML: 'RDF/XML' }).map(([local, label]) => [`http://www.w3.org/ns/formats/${local}`, label] as const),
]);

/** Give SDG goals and targets their shortest English alternative label instead of their preferred label (a whole sentence). */
export function applyShortLabels(store: GraphStore, labels: Map<string, Label>): Map<string, Label> {
  for (const cls of [`${NS.sdgo}Goal`, `${NS.sdgo}Target`]) {
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

// Labels made from IRIs (vocabulary terms, prefixed names, web addresses), made once per IRI and index.
const madeLabels = new WeakMap<SiteIndex, Map<string, Label>>();

/** The label to show for a term: the best label in the graph, a vocabulary label, or a name made from the IRI. */
export function labelOf(index: SiteIndex, term: Term | string): Label {
  const iri = typeof term === 'string' ? term : term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
  if (typeof term !== 'string' && term.termType === 'Literal') return { value: term.value, lang: term.language };
  const found = index.labels.get(iri);
  if (found && found.value.trim() !== '') return found;
  if (iri.startsWith('_:')) return { value: 'unnamed node', lang: 'en' };
  let made = madeLabels.get(index);
  if (!made) madeLabels.set(index, (made = new Map()));
  let label = made.get(iri);
  if (!label) made.set(iri, (label = makeLabel(index, iri)));
  return label;
}

function makeLabel(index: SiteIndex, iri: string): Label {
  const vocabulary = VOCABULARY_LABELS.get(iri);
  if (vocabulary) return { value: vocabulary, lang: 'en' };
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

// The pairs (resource, property) that caro:editorialProperty marks, found once per index: there are few of them,
// and every link asks.
const editorialPairs = new WeakMap<SiteIndex, ReadonlySet<string>>();

/** Whether a resource says that its value of `property` is this project's own, not the source's (caro:editorialProperty). */
export function isEditorial(index: SiteIndex, iri: string, property: string): boolean {
  let pairs = editorialPairs.get(index);
  if (!pairs) {
    const quads = index.store.getQuads(null, namedNode(caroIri(index, 'editorialProperty')), null, null);
    editorialPairs.set(index, (pairs = new Set(quads.filter((q) => q.subject.termType === 'NamedNode' && q.object.termType === 'NamedNode').map((q) => `${q.subject.value} ${q.object.value}`))));
  }
  return pairs.has(`${iri} ${property}`);
}
