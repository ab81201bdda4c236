// The description of the dataset itself: VoID statistics (counts, class and property partitions, dumps,
// vocabularies) and a DCAT dataset with its distributions. Computed from the store; every date comes from the
// data (dct:issued of the ontology, the latest dct:modified), never from the clock.
import { DataFactory } from 'n3';
import type { Quad, GraphStore, Term } from '../load/graph-store.ts';
import { compareStrings, documentIriOf } from './describe.ts';
import type { PrefixMap } from '../prefixes.ts';

const { namedNode, literal, blankNode, quad: makeQuad } = DataFactory;

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DCT = 'http://purl.org/dc/terms/';
const DCAT = 'http://www.w3.org/ns/dcat#';
const VOID = 'http://rdfs.org/ns/void#';
const FOAF = 'http://xmlns.com/foaf/0.1/';

/** A downloadable dump of the whole graph. */
export interface Dump {
  /** Path under the base, e.g. `downloads/cbss-car.ttl`. */
  readonly path: string;
  readonly mediaType: string;
  /** A short name of the format, e.g. "Turtle"; also the fragment of the distribution's IRI when lowercased. */
  readonly format: string;
  /** The W3C "formats" IRI of the format (http://www.w3.org/ns/formats/…). */
  readonly formatIri: string;
  readonly byteSize: number;
}

/** A downloadable file of the dataset other than a dump of the whole graph (the crosswalk's SSSOM mapping set). */
export interface Distribution {
  /** Path under the base, e.g. `downloads/cbss-car-crosswalk.sssom.tsv`. */
  readonly path: string;
  /** The fragment of the distribution's IRI ({base}dataset#{id}). */
  readonly id: string;
  readonly title: string;
  readonly mediaType: string;
  /** The specification the file follows (dct:conformsTo). */
  readonly conformsTo: string;
  readonly byteSize: number;
}

/** Statistics of a graph for VoID: triples, entities, and the class and property partitions. */
export interface GraphStatistics {
  readonly triples: number;
  readonly entities: number;
  readonly distinctSubjects: number;
  readonly distinctObjects: number;
  readonly classes: ReadonlyMap<string, number>;
  readonly properties: ReadonlyMap<string, number>;
}

/** Count triples, entities (IRIs under the base that are subjects), and the instances of each class and uses of each property. */
export function computeStatistics(store: GraphStore, baseIri: string): GraphStatistics {
  const subjects = new Set<string>();
  const objects = new Set<string>();
  const entities = new Set<string>();
  const classes = new Map<string, Set<string>>();
  const properties = new Map<string, number>();
  let triples = 0;
  for (const q of store.readQuads(null, null, null, null)) {
    triples++;
    const s = q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value;
    subjects.add(s);
    objects.add(q.object.termType === 'Literal' ? `"${q.object.value}"@${q.object.language}^^${q.object.datatype.value}` : q.object.termType === 'BlankNode' ? `_:${q.object.value}` : q.object.value);
    if (q.subject.termType === 'NamedNode' && q.subject.value.startsWith(baseIri)) entities.add(q.subject.value);
    properties.set(q.predicate.value, (properties.get(q.predicate.value) ?? 0) + 1);
    if (q.predicate.value === `${RDF}type` && q.object.termType === 'NamedNode') {
      let set = classes.get(q.object.value);
      if (!set) classes.set(q.object.value, (set = new Set()));
      set.add(s);
    }
  }
  return {
    triples,
    entities: entities.size,
    distinctSubjects: subjects.size,
    distinctObjects: objects.size,
    classes: new Map([...classes].map(([c, set]) => [c, set.size] as const).sort(([a], [b]) => compareStrings(a, b))),
    properties: new Map([...properties].sort(([a], [b]) => compareStrings(a, b))),
  };
}

function literalValues(store: GraphStore, subject: Term | null, property: string): { subject: Term; value: string }[] {
  return store
    .getQuads(subject, namedNode(property), null, null)
    .filter((q) => q.object.termType === 'Literal')
    .map((q) => ({ subject: q.subject, value: q.object.value }));
}

/** The dates of the dataset from the data: issued = the earliest dct:issued of our ontologies; modified = the latest dct:modified of anything of ours. */
export function findDatasetDates(store: GraphStore, baseIri: string): { issued?: string; modified?: string } {
  const ontologies = store.getSubjects(namedNode(`${RDF}type`), namedNode(`${OWL}Ontology`), null).filter((s) => s.value.startsWith(baseIri));
  const issued = ontologies.flatMap((o) => literalValues(store, o, `${DCT}issued`).map((v) => v.value)).sort(compareStrings)[0];
  const modified = literalValues(store, null, `${DCT}modified`)
    .filter((v) => v.subject.termType === 'NamedNode' && v.subject.value.startsWith(baseIri))
    .map((v) => v.value)
    .sort(compareStrings)
    .pop();
  return { ...(issued ? { issued } : {}), ...(modified ? { modified } : {}) };
}

/** The namespaces of the vocabularies the graph uses (for predicates and classes), among the known prefixes. */
export function findVocabularies(stats: GraphStatistics, prefixes: PrefixMap, baseIri: string): string[] {
  const namespaces = Object.values(prefixes).filter((ns) => ns !== baseIri && /[#/]$/.test(ns));
  const used = new Set<string>();
  for (const iri of [...stats.properties.keys(), ...stats.classes.keys()]) {
    const ns = namespaces.filter((n) => iri.startsWith(n)).sort((a, b) => b.length - a.length)[0];
    if (ns) used.add(ns);
  }
  return [...used].sort(compareStrings);
}

export interface DatasetOptions {
  readonly baseIri: string;
  readonly prefixes: PrefixMap;
  readonly dumps: readonly Dump[];
  /** Files of the dataset other than the dumps. */
  readonly distributions?: readonly Distribution[];
  readonly title: string;
  readonly description: string;
  readonly keywords: readonly string[];
  /** The releases (data/releases/), oldest first: the dataset's versions (DCAT 3 dcat:hasVersion; the latest, dcat:hasCurrentVersion). */
  readonly releases?: readonly { readonly version: string; readonly iri: string }[];
}

/** The dataset's title, description and keywords, as its description (and the site's citation) gives them. */
export const DATASET_TEXT: Pick<DatasetOptions, 'title' | 'description' | 'keywords'> = Object.freeze({
  title: 'CBSS Expert Group on Children at Risk: Mandate and Regional Strategy July 2020 – June 2025 as linked data',
  description:
    'The mandate and regional strategy 2020–2025 of the Council of the Baltic Sea States’ Expert Group on Children at Risk: vision, mission, strategic priorities and areas of concern quoted word for word from the source, the organisations and memberships, and a crosswalk to the UN Convention on the Rights of the Child and the Sustainable Development Goals.',
  keywords: Object.freeze(['children at risk', 'child protection', 'children’s rights', 'Baltic Sea region', 'UNCRC', 'Sustainable Development Goals']),
});

/** The VoID and DCAT description of the dataset ({base}dataset) and its distributions ({base}dataset#{format}). */
export function describeDataset(store: GraphStore, options: DatasetOptions): Quad[] {
  const { baseIri, prefixes, dumps } = options;
  const ds = namedNode(`${baseIri}dataset`);
  const quads: Quad[] = [];
  const add = (s: Quad['subject'], p: string, o: Quad['object']): void => void quads.push(makeQuad(s, namedNode(p), o));
  const en = (text: string): Quad['object'] => literal(text, 'en');
  const int = (n: number, type = `${XSD}integer`): Quad['object'] => literal(String(n), namedNode(type));
  const date = (d: string): Quad['object'] => literal(d, namedNode(`${XSD}date`));

  const stats = computeStatistics(store, baseIri);
  const dates = findDatasetDates(store, baseIri);
  const ontology = namedNode(`${baseIri}ontology`);
  const licences = store.getObjects(ontology, namedNode(`${DCT}license`), null).filter((t) => t.termType === 'NamedNode');
  const creators = store.getObjects(ontology, namedNode(`${DCT}creator`), null);
  const sources = store
    .getSubjects(namedNode(`${RDF}type`), namedNode(`${baseIri}ontology#SourceText`), null)
    .filter((s) => s.termType === 'NamedNode')
    .sort((a, b) => compareStrings(a.value, b.value));
  const conformsTo = store
    .getSubjects(namedNode(`${RDF}type`), namedNode(`${OWL}Ontology`), null)
    .filter((s) => s.termType === 'NamedNode' && s.value.startsWith(baseIri) && documentIriOf(s.value) === s.value)
    .sort((a, b) => compareStrings(a.value, b.value));

  add(ds, `${RDF}type`, namedNode(`${DCAT}Dataset`));
  add(ds, `${RDF}type`, namedNode(`${VOID}Dataset`));
  add(ds, `${DCT}title`, en(options.title));
  add(ds, `${RDFS}label`, en(options.title));
  add(ds, `${DCT}description`, en(options.description));
  for (const k of options.keywords) add(ds, `${DCAT}keyword`, en(k));
  for (const l of licences) add(ds, `${DCT}license`, l as Quad['object']);
  for (const c of creators) add(ds, `${DCT}creator`, c as Quad['object']);
  if (dates.issued) add(ds, `${DCT}issued`, date(dates.issued));
  if (dates.modified) add(ds, `${DCT}modified`, date(dates.modified));
  for (const s of sources) add(ds, `${DCT}source`, s as Quad['object']);
  for (const c of conformsTo) add(ds, `${DCT}conformsTo`, c as Quad['object']);
  // The releases are versions of the dataset; the latest is its current version (the graph may have changed since).
  for (const r of options.releases ?? []) add(ds, `${DCAT}hasVersion`, namedNode(r.iri));
  const latest = options.releases?.[options.releases.length - 1];
  if (latest) add(ds, `${DCAT}hasCurrentVersion`, namedNode(latest.iri));
  add(ds, `${DCAT}landingPage`, namedNode(baseIri));
  add(ds, `${FOAF}homepage`, namedNode(baseIri));

  add(ds, `${VOID}uriSpace`, literal(baseIri));
  add(ds, `${VOID}triples`, int(stats.triples));
  add(ds, `${VOID}entities`, int(stats.entities));
  add(ds, `${VOID}distinctSubjects`, int(stats.distinctSubjects));
  add(ds, `${VOID}distinctObjects`, int(stats.distinctObjects));
  add(ds, `${VOID}properties`, int(stats.properties.size));
  add(ds, `${VOID}classes`, int(stats.classes.size));
  for (const v of findVocabularies(stats, prefixes, baseIri)) add(ds, `${VOID}vocabulary`, namedNode(v));
  const examples = store
    .getSubjects(namedNode(`${RDF}type`), namedNode(`${baseIri}ontology#StrategicPriority`), null)
    .filter((s) => s.termType === 'NamedNode')
    .sort((a, b) => compareStrings(a.value, b.value));
  for (const e of examples) add(ds, `${VOID}exampleResource`, e as Quad['object']);

  let n = 0;
  for (const [cls, count] of stats.classes) {
    const part = blankNode(`class${n++}`);
    add(ds, `${VOID}classPartition`, part);
    add(part, `${VOID}class`, namedNode(cls));
    add(part, `${VOID}entities`, int(count));
  }
  n = 0;
  for (const [property, count] of stats.properties) {
    const part = blankNode(`property${n++}`);
    add(ds, `${VOID}propertyPartition`, part);
    add(part, `${VOID}property`, namedNode(property));
    add(part, `${VOID}triples`, int(count));
  }

  // One dcat:Distribution of the dataset: a file at a path under the base.
  const addDistribution = (id: string, path: string, title: string, mediaType: string, byteSize: number): Quad['subject'] => {
    const dist = namedNode(`${baseIri}dataset#${id}`);
    const url = namedNode(baseIri + path);
    add(ds, `${DCAT}distribution`, dist);
    add(dist, `${RDF}type`, namedNode(`${DCAT}Distribution`));
    add(dist, `${DCT}title`, en(title));
    add(dist, `${DCAT}downloadURL`, url);
    add(dist, `${DCAT}accessURL`, url);
    add(dist, `${DCAT}mediaType`, namedNode(`https://www.iana.org/assignments/media-types/${mediaType}`));
    add(dist, `${DCAT}byteSize`, int(byteSize, `${XSD}nonNegativeInteger`));
    for (const l of licences) add(dist, `${DCT}license`, l as Quad['object']);
    if (dates.modified) add(dist, `${DCT}modified`, date(dates.modified));
    return dist;
  };
  for (const dump of dumps) {
    add(ds, `${VOID}dataDump`, namedNode(baseIri + dump.path));
    add(ds, `${VOID}feature`, namedNode(dump.formatIri));
    const dist = addDistribution(dump.format.toLowerCase().replace(/[^a-z0-9]+/g, '-'), dump.path, `The whole graph in ${dump.format}`, dump.mediaType, dump.byteSize);
    add(dist, `${DCT}format`, namedNode(dump.formatIri));
  }
  for (const file of options.distributions ?? []) {
    const dist = addDistribution(file.id, file.path, file.title, file.mediaType, file.byteSize);
    add(dist, `${DCT}conformsTo`, namedNode(file.conformsTo));
  }
  return quads;
}
