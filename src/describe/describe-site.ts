// Stage 4, describe: what the site says about the graph as a whole. The dumps (the whole graph, one and the same
// graph in each format), the dataset's own description (VoID and DCAT, which then joins the graph for the pages), the
// published documents with their paths, and the source texts (each published as a file of its own under source/).
import { DataFactory } from 'n3';
import type { Config } from '../config.ts';
import type { GraphStore } from '../load/graph-store.ts';
import { listSourceFolders, readSourceTexts, type SourceFile } from '../validate/source-texts.ts';
import { createPrefixes, type PrefixMap } from '../prefixes.ts';
import { STANDARD_PREFIXES as NS } from '../prefixes.ts';
import { DATASET_TEXT, describeDataset, findDatasetDates, type Distribution, type Dump } from './dataset.ts';
import { compareStrings, describeDocument, indexDocuments, type PublishedDocument } from './describe.ts';
import { CROSSWALK_SSSOM_PATH, hasCrosswalk, renderSssom, SSSOM_MEDIA_TYPE, SSSOM_SPECIFICATION } from './sssom.ts';
import { canonicalizeGraph, writeJsonLd, writeNTriples, writeTurtle } from './write-rdf.ts';
import { writeRdfXml } from './write-rdf-xml.ts';
import type { Release } from '../release/read-releases.ts';

const { namedNode } = DataFactory;

/** A file the build writes as it is (downloads, VoID, sitemap, …), by its path under the site root. */
export interface OutputFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** The graph as the site describes it. */
export interface SiteDescription {
  readonly prefixes: PrefixMap;
  readonly store: GraphStore;
  /** Every published document (a page of its own), sorted by IRI. */
  readonly documents: readonly PublishedDocument[];
  readonly dumps: readonly Dump[];
  /** The dataset's other files (the crosswalk as an SSSOM mapping set, when the graph has a crosswalk). */
  readonly distributions: readonly Distribution[];
  /** Every published source text (a page of its own): its IRI, its file under the site (source/{file name}) and its text, sorted by IRI. */
  readonly sources: readonly PublishedSource[];
  /** The ontology's dct:creator, the publisher in the citation. */
  readonly creator: string | undefined;
  /** The date of the data (the latest dct:modified), never the clock's. */
  readonly modified: string | undefined;
  /** The dumps, VoID, the source texts, robots.txt and the list of IRIs. */
  readonly files: readonly OutputFile[];
}

/** A source text the site publishes: its page, and its file under source/. */
export interface PublishedSource {
  readonly iri: string;
  /** The path of its plain-text file under the site root, e.g. `source/car-mandate-strategy-2020-2025.txt`. */
  readonly file: string;
  readonly text: string;
}

/** A build error that names what is wrong: the file and line, or the resource. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Folders reserved for the site's own files and tools: no resource may be published there. */
export const RESERVED_PATHS: readonly string[] = ['assets', 'downloads', '.well-known', 'a-z', 'sdg', 'query', 'queries', 'search', 'pagefind', 'diagrams', 'quality', 'map', 'crosswalk', 'releases'];

const DUMP_FORMATS = [
  { ext: 'ttl', mediaType: 'text/turtle', format: 'Turtle', formatIri: 'http://www.w3.org/ns/formats/Turtle' },
  { ext: 'nt', mediaType: 'application/n-triples', format: 'N-Triples', formatIri: 'http://www.w3.org/ns/formats/N-Triples' },
  { ext: 'jsonld', mediaType: 'application/ld+json', format: 'JSON-LD', formatIri: 'http://www.w3.org/ns/formats/JSON-LD' },
  { ext: 'rdf', mediaType: 'application/rdf+xml', format: 'RDF/XML', formatIri: 'http://www.w3.org/ns/formats/RDF_XML' },
] as const;

/** The file name stem of the dumps: downloads/cbss-car.{ttl,nt,jsonld,rdf}. */
export const DUMP_STEM = 'downloads/cbss-car';

/** Check a document path can be a folder of the site; throw naming the IRI otherwise. */
export function checkDocumentPath(doc: PublishedDocument): void {
  const segments = doc.path.split('/');
  if (doc.path === '') throw new BuildError(`${doc.iri}: the base IRI itself cannot be published as a resource (its page would be the home page)`);
  if (!/^[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$/.test(doc.path) || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new BuildError(`${doc.iri}: the path "${doc.path}" cannot be a folder of the site`);
  }
  if (RESERVED_PATHS.includes(segments[0] as string)) throw new BuildError(`${doc.iri}: "${segments[0]}/" is reserved for the site's own files`);
}

/** Every IRI the site publishes, sorted: the resources' and the releases' (each release and its change set). */
export function listSiteIris(documents: readonly PublishedDocument[], releases: readonly Release[]): string[] {
  const releaseIris = releases.flatMap((r) => (r.changes ? [r.iri, r.changes.iri] : [r.iri]));
  return [...documents.map((d) => d.iri), ...releaseIris].sort(compareStrings);
}

/** Write the dumps, add the dataset's description to the store, and index what the pages are made from (the source texts' files are read unless given). */
export async function describeSite(config: Config, store: GraphStore, given: { readonly sources?: readonly SourceFile[]; readonly releases?: readonly Release[] } = {}): Promise<SiteDescription> {
  const { sources: sourceFiles, releases = [] } = given;
  const prefixes = createPrefixes(config.baseIri);
  // Kept as UTF-8 bytes until they are written: outside V8's heap, and half the size of the texts.
  const whole = await canonicalizeGraph(store.getQuads(null, null, null, null));
  const nt = writeNTriples(whole);
  // RDF/XML is written on a thread of its own while this one writes the other dumps.
  const rdfXml = writeRdfXml(whole, nt);
  rdfXml.catch(() => undefined);
  const dumpBytes = {
    ttl: Buffer.from(writeTurtle(whole, prefixes)),
    nt: Buffer.from(nt),
    jsonld: Buffer.from(await writeJsonLd(whole, prefixes)),
    rdf: Buffer.from(await rdfXml),
  };
  const dumps: Dump[] = DUMP_FORMATS.map((f) => ({ path: `${DUMP_STEM}.${f.ext}`, mediaType: f.mediaType, format: f.format, formatIri: f.formatIri, byteSize: dumpBytes[f.ext].byteLength }));

  // The crosswalk as an SSSOM mapping set, a file of the dataset beside the dumps.
  const sssom = hasCrosswalk(store, config.baseIri) ? Buffer.from(renderSssom(store, { baseIri: config.baseIri })) : undefined;
  const distributions: Distribution[] = sssom
    ? [{ path: CROSSWALK_SSSOM_PATH, id: 'crosswalk-sssom', title: 'The crosswalk as an SSSOM/TSV mapping set', mediaType: SSSOM_MEDIA_TYPE, conformsTo: SSSOM_SPECIFICATION, byteSize: sssom.byteLength }]
    : [];

  // The dataset description joins the graph for the pages (not the dumps, which it counts).
  const datasetQuads = describeDataset(store, { baseIri: config.baseIri, prefixes, dumps, distributions, releases, ...DATASET_TEXT });
  const { modified } = findDatasetDates(store, config.baseIri);
  store.addQuads(datasetQuads);

  const documents = indexDocuments(store, config.baseIri);
  documents.forEach(checkDocumentPath);
  const byIri = new Map(documents.map((d) => [d.iri, d]));

  const read = sourceFiles ?? (await readSourceTexts(store, listSourceFolders([config.dataDir]), config.baseIri)).sources;
  const sources: PublishedSource[] = read.filter((s) => byIri.has(s.iri)).map((s) => ({ iri: s.iri, file: `source/${s.fileName}`, text: s.text }));
  const creator = store.getObjects(namedNode(`${config.baseIri}ontology`), namedNode(`${NS.dct}creator`), null)[0]?.value;

  const datasetDoc = byIri.get(`${config.baseIri}dataset`);
  const files: OutputFile[] = [
    ...DUMP_FORMATS.map((f) => ({ path: `${DUMP_STEM}.${f.ext}`, content: dumpBytes[f.ext] })),
    ...(sssom ? [{ path: CROSSWALK_SSSOM_PATH, content: sssom }] : []),
    { path: '.well-known/void', content: writeTurtle(await canonicalizeGraph(datasetDoc ? describeDocument(store, datasetDoc.members) : datasetQuads), prefixes) },
    ...[...new Map(sources.map((s) => [s.file, s.text])).entries()].map(([file, text]) => ({ path: file, content: text })),
    { path: 'robots.txt', content: `User-agent: *\nAllow: /\n\nSitemap: ${config.baseIri}sitemap.xml\n` },
    { path: 'iris.txt', content: listSiteIris(documents, releases).map((iri) => `${iri}\n`).join('') },
  ];
  return { prefixes, store, documents, dumps, distributions, sources, creator, modified, files };
}
