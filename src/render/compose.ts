// The composer: the one place that calls the stages in order (load → validate → query → describe → render) and
// returns the plain data the site is made of, in two parts: what needs no query (resources, listings, home, A–Z and
// their files), then the research tools once the queries and validation are done. Eleventy sees only what this
// returns; our own writers write `files` and `fileBatches`. To add a kind of page: build its view here (in the first
// part's extraPages, or in the research tools if it needs a query, with a `kind`), and add a template for that kind in
// site/_includes/pages/{kind}.njk.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory } from 'n3';
import type { Quad, GraphStore } from '../load/graph-store.ts';
import { compareStrings, describeDocument, indexDocuments, indexLabels, type PublishedDocument } from '../describe/describe.ts';
import { DATASET_TEXT, describeDataset, findDatasetDates, type Dump } from '../describe/dataset.ts';
import { loadGraph } from '../load/load-graph.ts';
import { STANDARD_PREFIXES as NS, createPrefixes, type PrefixMap } from '../prefixes.ts';
import { buildResourceView, splitParagraphs, type ResourceView } from './resource-view.ts';
import { applyShortLabels, type SiteIndex } from './site-index.ts';
import {
  LISTING_TITLES,
  buildAzView,
  buildHomeView,
  buildListingView,
  buildSdgView,
  groupDocumentsByFolder,
  indexSdgAnchors,
  listingFolders,
  listingTitle,
  type AzView,
  type HomeView,
  type ListingView,
  type SdgListingView,
} from './index-views.ts';
import { prepareGraph, writeJsonLd, writeNTriples, writeRdfXml, writeTurtle } from '../describe/serialize.ts';
import type { ValidationReport } from '../validate/validate.ts';
import { startValidation, type ValidationOutcome } from '../validate/validate-in-worker.ts';
import { startQueryFiles, type QueryFilesOutcome } from '../query/query-files-in-worker.ts';
import type { QueryRun } from './gallery.ts';
import type { WorkerJob } from '../publish/workers.ts';
import { createStageCache, hashInputs } from '../publish/stage-cache.ts';
import { ROOT_DIR, type Config } from '../config.ts';
import { RESEARCH_PAGE_TITLES, composeResearchTools, type ResearchPageView } from './research-tools.ts';

const { namedNode } = DataFactory;

/** A file the build writes as it is (downloads, VoID, sitemap, …), by its path under the site root. */
export interface OutputFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** Files made on demand while writing (e.g. the three RDF documents of one resource), so they need not all sit in memory. */
export type FileBatch = () => readonly OutputFile[];

/** A page that is neither a resource nor a listing: the home page, the A–Z index, the research tools' pages. */
export type ExtraPage = HomeView | AzView | ResearchPageView;

/** An entry of the site's main navigation. */
export interface NavItem {
  readonly path: string;
  readonly text: string;
}

/** What the site shows about itself on every page. */
export interface SiteMeta {
  readonly title: string;
  readonly baseIri: string;
  readonly lang: string;
  readonly nav: readonly NavItem[];
  readonly licence?: { readonly text: string; readonly href: string };
  readonly modified?: string;
}

/** The pages Eleventy renders, and what every page shows about the site. */
export interface SitePages {
  readonly site: SiteMeta;
  /** Whether this Eleventy run renders the documentation pages, the Markdown of site/docs/ (one run of the two does). */
  readonly withDocs: boolean;
  readonly resources: readonly ResourceView[];
  readonly listings: readonly (ListingView | SdgListingView)[];
  readonly extraPages: readonly ExtraPage[];
}

/** A part of the site: its pages and the files our own writers write. */
export interface SitePart extends SitePages {
  readonly files: readonly OutputFile[];
  readonly fileBatches: readonly FileBatch[];
}

/**
 * The site in two parts. The first (resources, listings, home, A–Z, their RDF documents, dumps, VoID) needs neither
 * the queries nor validation, so it can be rendered and written while the query and validate stages still run; the
 * rest (the research tools' pages and files, the sitemap) comes once they are done. The two are kept apart so that
 * the first part's views can be let go once written, while the rest is still to come.
 */
export interface SiteParts {
  /** The first part, handed over once: the caller then holds it alone, and can let it go once it is written. */
  takeFirst(): SitePart;
  readonly later: SiteLater;
}

/** What comes after the first part: the rest of the site, and the workers it waits for. */
export interface SiteLater {
  /** The rest, composed when first asked for (once the first part is written): its stages are told after the first's. */
  rest(): Promise<RestPart>;
  /** Every published IRI (a page of its own), sorted. */
  readonly iris: readonly string[];
  /** Resolves once the graph passed validation; rejects with its report otherwise (the clearer error, after a failure elsewhere). */
  validated(): Promise<void>;
  /** Stop the stage workers (after an error elsewhere): rest then rejects, or resolves if it was done. */
  cancel(): Promise<void>;
}

/** The second part of the site, with the validation report and the gallery's runs it was composed from. */
export type RestPart = SitePart & Pick<ComposedSite, 'report' | 'queries'>;

/** Everything the site is made of. */
export interface ComposedSite {
  readonly site: SiteMeta;
  readonly resources: readonly ResourceView[];
  readonly listings: readonly (ListingView | SdgListingView)[];
  readonly extraPages: readonly ExtraPage[];
  readonly files: readonly OutputFile[];
  readonly fileBatches: readonly FileBatch[];
  /** Every published IRI (a page of its own), sorted. */
  readonly iris: readonly string[];
  readonly report: ValidationReport;
  readonly queries: readonly QueryRun[];
}

/** A build error that names what is wrong: the file and line, or the resource. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

export const SITE_TITLE = 'CBSS Children at Risk: strategy as linked data';

/** Folders reserved for the site's own files and tools: no resource may be published there. */
export const RESERVED_PATHS: readonly string[] = ['assets', 'downloads', '.well-known', 'a-z', 'sdg', 'query', 'queries', 'search', 'pagefind', 'diagrams', 'quality', 'map', 'crosswalk'];

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

/** Every class declared or used, with all its superclasses (itself included), from rdfs:subClassOf. */
export function indexSuperClasses(store: GraphStore): Map<string, string[]> {
  const direct = new Map<string, Set<string>>();
  const addEdge = (sub: string, sup: string): void => {
    let set = direct.get(sub);
    if (!set) direct.set(sub, (set = new Set()));
    set.add(sup);
  };
  for (const q of store.readQuads(null, namedNode(`${NS.rdfs}subClassOf`), null, null)) {
    if (q.subject.termType === 'NamedNode' && q.object.termType === 'NamedNode') addEdge(q.subject.value, q.object.value);
  }
  for (const t of store.getObjects(null, namedNode(`${NS.rdf}type`), null)) if (t.termType === 'NamedNode' && !direct.has(t.value)) direct.set(t.value, new Set());
  const result = new Map<string, string[]>();
  for (const cls of direct.keys()) {
    const seen = new Set<string>([cls]);
    const stack = [cls];
    while (stack.length > 0) {
      for (const sup of direct.get(stack.pop() as string) ?? []) {
        if (!seen.has(sup)) {
          seen.add(sup);
          stack.push(sup);
        }
      }
    }
    result.set(cls, [...seen].sort(compareStrings));
  }
  return result;
}

/** Build the index every view is computed from: labels, documents, superclasses and SDG anchors, from the store. */
export function createSiteIndex(
  store: GraphStore,
  options: Pick<SiteIndex, 'baseIri' | 'prefixes' | 'pageTitles' | 'files' | 'citation'> & { readonly documents: readonly PublishedDocument[]; readonly source?: SiteIndex['source'] },
): SiteIndex {
  return {
    baseIri: options.baseIri,
    store,
    prefixes: options.prefixes,
    labels: applyShortLabels(store, indexLabels(store)),
    documents: new Map(options.documents.map((d) => [d.iri, d])),
    pageTitles: options.pageTitles,
    files: options.files,
    anchors: indexSdgAnchors({ baseIri: options.baseIri, store }),
    superClasses: indexSuperClasses(store),
    ...(options.source ? { source: options.source } : {}),
    citation: options.citation,
  };
}

async function awaitValidation(run: WorkerJob<ValidationOutcome>): Promise<ValidationOutcome> {
  const outcome = await run.result;
  if (outcome.errorCount > 0) {
    throw new BuildError(`SHACL validation failed: ${outcome.errorCount} violation${outcome.errorCount === 1 ? '' : 's'}\n${outcome.errorText}`);
  }
  return outcome;
}

function sitemapOf(baseIri: string, paths: readonly string[]): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const urls = [...new Set(paths)].sort(compareStrings).map((p) => `  <url><loc>${esc(baseIri + (p === '' ? '' : `${p}/`))}</loc></url>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('')}</urlset>\n`;
}

/**
 * Told as each stage ends: load; describe (dumps, dataset description, views of resources and listings); query and
 * validate (what is left of them to wait for: both run on threads of their own from the start); compose (the
 * research tools and the rest). The benchmark's hook for timing the stages.
 */
export type StageHook = (stage: string) => void;

/** Load, validate, query, describe and render: return every page's view and every file of the site. */
export async function composeSite(config: Config, onStage: StageHook = () => undefined): Promise<ComposedSite> {
  const parts = await composeSiteInParts(config, onStage);
  const first = parts.takeFirst();
  const { later } = parts;
  const rest = await later.rest();
  return Object.freeze({
    site: first.site,
    resources: [...first.resources, ...rest.resources],
    listings: [...first.listings, ...rest.listings],
    extraPages: [...first.extraPages, ...rest.extraPages],
    files: [...first.files, ...rest.files],
    fileBatches: [...first.fileBatches, ...rest.fileBatches],
    iris: later.iris,
    report: rest.report,
    queries: rest.queries,
  });
}

/**
 * Load, describe and render what needs no query (the first part), while validation and the gallery's queries run
 * on threads of their own; the rest of the site follows once they are done. A graph that breaks a shape or a query
 * that fails rejects the rest.
 */
export async function composeSiteInParts(config: Config, onStage: StageHook = () => undefined): Promise<SiteParts> {
  // Validation and the gallery's queries read the graph and nothing else, so each runs on a thread of its own from
  // the start (loading its own copy of the graph) while this thread loads, describes and renders. Their results
  // are awaited where they are needed; a graph that breaks a shape or a query that fails still fails the build.
  const folders = { ontologyDir: config.ontologyDir, dataDir: config.dataDir, baseIri: config.baseIri, rootDir: config.rootDir };
  // Their outcomes are cached under a hash of their inputs, our own code included (src/publish/stage-cache.ts); the graph's
  // part of that hash is computed once, for both.
  const cache = createStageCache(config.cacheDir);
  let graphHash: string | undefined;
  const graphKey = (): string =>
    (graphHash ??= hashInputs([config.ontologyDir, config.dataDir, path.join(ROOT_DIR, 'src'), path.join(ROOT_DIR, 'package-lock.json')], [config.baseIri]));
  const validation = startValidation(folders, cache, graphKey);
  const resourceQueryFile = path.join(config.siteDir, '_includes', 'query-this-resource.rq');
  const querying = startQueryFiles({ ...folders, queriesDir: config.queriesDir, resourceQueryFile, timeoutMs: config.queryTimeoutMs }, cache, graphKey);
  const cancel = async (): Promise<void> => {
    await Promise.all([validation.cancel(), querying.cancel()]);
  };
  try {
    // Only the closures below hold the first part (until taken) and what the rest is made from: nothing else here
    // may, or every resource's view would stay in memory until the build ends.
    const { first: composed, iris, composeRest } = await composeFirst(config, { validation, querying, resourceQueryFile }, onStage);
    // The workers are let go once the rest is composed, or failed.
    let rest: Promise<RestPart> | undefined;
    let first: SitePart | undefined = composed;
    return {
      takeFirst: () => {
        if (!first) throw new Error('the first part of the site was already taken');
        const taken = first;
        first = undefined;
        return taken;
      },
      later: {
        iris,
        rest: () => (rest ??= composeRest().finally(cancel)),
        validated: async () => void (await awaitValidation(validation)),
        cancel,
      },
    };
  } catch (error) {
    await cancel();
    throw error;
  }
}

interface Helpers {
  readonly validation: WorkerJob<ValidationOutcome>;
  readonly querying: WorkerJob<QueryFilesOutcome>;
  readonly resourceQueryFile: string;
}

async function composeFirst(config: Config, helpers: Helpers, onStage: StageHook): Promise<{ first: SitePart; iris: readonly string[]; composeRest(): Promise<RestPart> }> {
  const prefixes = createPrefixes(config.baseIri);
  const { store } = await loadGraph([config.ontologyDir, config.dataDir], config.baseIri);
  onStage('load');

  // The dumps: the whole graph (ontology, shapes and data), one and the same graph in each format. Kept as UTF-8
  // bytes until they are written: outside V8's heap, and half the size of the texts (any character beyond Latin-1,
  // such as an arrow in a label, makes V8 store a whole text at two bytes a character).
  const whole = prepareGraph(store.getQuads(null, null, null, null));
  const dumpBytes = {
    ttl: Buffer.from(writeTurtle(whole, prefixes)),
    nt: Buffer.from(writeNTriples(whole)),
    jsonld: Buffer.from(writeJsonLd(whole, prefixes)),
    rdf: Buffer.from(await writeRdfXml(whole, prefixes)),
  };
  const dumps: Dump[] = DUMP_FORMATS.map((f) => ({ path: `${DUMP_STEM}.${f.ext}`, mediaType: f.mediaType, format: f.format, formatIri: f.formatIri, byteSize: dumpBytes[f.ext].byteLength }));

  // The dataset description joins the graph for the pages (not the dumps, which it counts).
  const datasetQuads = describeDataset(store, { baseIri: config.baseIri, prefixes, dumps, ...DATASET_TEXT });
  const dates = findDatasetDates(store, config.baseIri);
  store.addQuads(datasetQuads);

  const documents = indexDocuments(store, config.baseIri);
  documents.forEach(checkDocumentPath);
  const byIri = new Map(documents.map((d) => [d.iri, d]));

  const sourceDocs = store.getSubjects(namedNode(`${NS.rdf}type`), namedNode(`${config.baseIri}ontology#SourceText`), null).filter((s) => byIri.has(s.value));
  const sourceText = await readFile(config.sourceFile, 'utf8');
  const sourceFilePath = `source/${path.basename(config.sourceFile)}`;
  const source = sourceDocs.length === 1 ? { iri: (sourceDocs[0] as Quad['subject']).value, file: sourceFilePath, paragraphs: splitParagraphs(sourceText) } : undefined;

  const folders = listingFolders(documents).filter((f) => f !== 'sdg');
  const pageTitles = new Map<string, string>([['', 'Home'], ['a-z', 'A–Z index'], ['sdg', listingTitle('sdg')]]);
  for (const [folder, title] of RESEARCH_PAGE_TITLES) pageTitles.set(folder, title);
  for (const folder of folders) pageTitles.set(folder, listingTitle(folder));
  const filePaths = new Set<string>([...dumps.map((d) => d.path), sourceFilePath, '.well-known/void', 'sitemap.xml', 'robots.txt', 'iris.txt']);
  const modified = dates.modified;
  const ontologyCreator = store.getObjects(namedNode(`${config.baseIri}ontology`), namedNode(`${NS.dct}creator`), null)[0]?.value;
  const index = createSiteIndex(store, {
    baseIri: config.baseIri,
    prefixes,
    documents,
    pageTitles,
    files: filePaths,
    ...(source ? { source } : {}),
    citation: { title: DATASET_TEXT.title, publisher: ontologyCreator ?? 'CBSS Children at Risk linked-data team', ...(modified ? { modified } : {}) },
  });

  // The query worker checks that the prepared query parses; the pages need only its text.
  const queryTemplate = await readFile(helpers.resourceQueryFile, 'utf8');
  const resources = documents.map((doc) => buildResourceView(index, doc, { queryTemplate }));
  const fileBatches: FileBatch[] = documents.map((doc) => () => {
    const graph = prepareGraph(describeDocument(store, doc.members), doc.members);
    return [
      { path: `${doc.path}/index.ttl`, content: writeTurtle(graph, prefixes) },
      { path: `${doc.path}/index.jsonld`, content: writeJsonLd(graph, prefixes) },
      { path: `${doc.path}/index.nt`, content: writeNTriples(graph) },
    ];
  });

  const byFolder = groupDocumentsByFolder(documents);
  const listings: (ListingView | SdgListingView)[] = folders.map((folder) => buildListingView(index, folder, byFolder.get(folder) ?? []));
  if (index.anchors.size > 0) listings.push(buildSdgView(index));
  listings.sort((a, b) => compareStrings(a.path, b.path));

  const sectionPaths = ['priority', 'area', 'statement', 'document', 'organisation', 'state', 'membership', 'role', 'uncrc/article', 'sdg', 'alignment'];
  // A loop, not a closure over listings: the rest's closure shares this function's context, which would keep them.
  const sections: { path: string; title: string; count: number }[] = [];
  for (const sectionPath of sectionPaths) {
    const l = listings.find((listing) => listing.path === sectionPath);
    if (l) sections.push({ path: l.path, title: l.title, count: l.kind === 'listing' ? l.count : l.goals.reduce((n, g) => n + g.targets.length, 0) });
  }
  const downloads = [
    ...dumps.map((d) => ({ path: d.path, label: `The whole graph in ${d.format} (${Math.ceil(d.byteSize / 1024)} KB)` })),
    { path: '.well-known/void', label: 'VoID description (Turtle)' },
    ...(byIri.has(`${config.baseIri}dataset`) ? [{ path: 'dataset/', label: 'Dataset description (DCAT)' }] : []),
  ];
  const tools = [...RESEARCH_PAGE_TITLES].map(([toolPath, label]) => ({ path: toolPath, label }));
  const extraPages: ExtraPage[] = [buildHomeView(index, sections, downloads, tools), buildAzView(index, documents)];

  const datasetDoc = byIri.get(`${config.baseIri}dataset`);
  const iris = documents.map((d) => d.iri);
  const files: OutputFile[] = [
    ...DUMP_FORMATS.map((f) => ({ path: `${DUMP_STEM}.${f.ext}`, content: dumpBytes[f.ext] })),
    { path: '.well-known/void', content: writeTurtle(prepareGraph(datasetDoc ? describeDocument(store, datasetDoc.members) : datasetQuads), prefixes) },
    { path: sourceFilePath, content: sourceText },
    { path: 'robots.txt', content: `User-agent: *\nAllow: /\n\nSitemap: ${config.baseIri}sitemap.xml\n` },
    { path: 'iris.txt', content: iris.map((i) => `${i}\n`).join('') },
  ];

  // The research tools' pages are all in pageTitles (RESEARCH_PAGE_TITLES), so the menu needs no query.
  const firstPaths = [
    ...documents.map((d) => d.path),
    ...listings.map((l) => l.path),
    ...extraPages.map((p) => p.path),
    ...(await listDocPaths(config.siteDir)),
  ];
  const licence = store.getObjects(namedNode(`${config.baseIri}ontology`), namedNode(`${NS.dct}license`), null)[0]?.value;
  const nav: NavItem[] = [
    { path: '', text: 'Home' },
    { path: 'priority', text: 'Priorities' },
    { path: 'area', text: 'Areas of concern' },
    { path: 'uncrc/article', text: 'UNCRC' },
    { path: 'sdg', text: 'SDGs' },
    { path: 'organisation', text: 'Organisations' },
    { path: 'a-z', text: 'A–Z' },
    { path: 'ontology', text: 'Ontology' },
    { path: 'query', text: 'Query' },
    { path: 'search', text: 'Search' },
    { path: 'dataset', text: 'Data' },
    { path: 'docs', text: 'Docs' },
  ].filter((n) => firstPaths.includes(n.path) || pageTitles.has(n.path));
  const site: SiteMeta = {
    title: SITE_TITLE,
    baseIri: config.baseIri,
    lang: 'en',
    nav,
    ...(licence ? { licence: { text: licence.includes('creativecommons.org/licenses/by/4.0') ? 'CC BY 4.0' : licence, href: licence } } : {}),
    ...(modified ? { modified } : {}),
  };
  onStage('describe');

  // The rest: the research tools (query page, gallery, diagrams, quality report, search page; src/render/research-tools.ts)
  // and the sitemap, which lists their pages too.
  const composeRest = async (): Promise<RestPart> => {
    const { runs: queries, siteRows } = await helpers.querying.result;
    onStage('query');
    const { report, checks } = await awaitValidation(helpers.validation);
    onStage('validate');
    const research = await composeResearchTools({ config, index, prefixes, report, checks, runs: queries, siteRows, dumpPath: `${DUMP_STEM}.nt` });
    const pagePaths = [...firstPaths, ...research.pages.map((p) => p.path)];
    onStage('compose');
    return {
      site,
      withDocs: false,
      resources: [],
      listings: [],
      extraPages: research.pages,
      files: [{ path: 'sitemap.xml', content: sitemapOf(config.baseIri, pagePaths) }, ...research.files],
      fileBatches: [],
      report,
      queries,
    };
  };
  return { first: { site, withDocs: true, resources, listings, extraPages, files, fileBatches }, iris, composeRest };
}

export { LISTING_TITLES };

/** The site paths of the documentation pages, site/docs/*.md ('docs' for its index.md); none without that folder. */
export async function listDocPaths(siteDir: string): Promise<string[]> {
  const names = await readdir(path.join(siteDir, 'docs')).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.md'))
    .map((name) => (name === 'index.md' ? 'docs' : `docs/${name.slice(0, -'.md'.length)}`))
    .sort(compareStrings);
}
