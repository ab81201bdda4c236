// The research tools' pages, as plain views for the templates (site/_includes/pages/*.njk): the SPARQL query
// page, the gallery of competency questions, the diagrams, the data-quality report and the search page; and the
// files they need (result downloads of the gallery). The composer calls composeResearchTools once per build.
import type { Config } from '../config.ts';
import { drawLayeredDiagram, drawMatrixDiagram, type Markup } from './diagrams.ts';
import { renderLayeredTable, renderMatrixTable } from './diagram-tables.ts';
import { buildGallery, createLiveQueryHref, createRunnableQuery, type GalleryCell, type GalleryEntry, type QueryRun } from './gallery.ts';
import type { PrefixMap } from '../prefixes.ts';
import { buildQualityReport, countQuotesBySource, readStatistics, type QualityReport } from './quality.ts';
import { loadQueryFile } from '../query/query.ts';
import { labelOf, type SiteIndex } from './site-index.ts';
import { breadcrumbViews, linkTo, relativeUrl, type LinkView } from './links.ts';
import { escapeJsonForScript } from '../describe/write-rdf.ts';
import { SITE_QUERIES, buildCrosswalkMatrix, buildStrategyMap, readStrategyRecords, type SiteQueryRows } from './strategy-data.ts';
import { BUNDLE_PATHS } from '../publish/bundle.ts';
import { SEARCH_INDEX_DIR } from '../publish/search.ts';
import { createPermalinkSearch } from '../browser/sparql-text.ts';
import type { QueryPageConfig } from '../browser/protocol.ts';
import type { Check, ValidationReport } from '../validate/validate.ts';
import path from 'node:path';

/** The research tools' pages in menu order: folder, title, and the text of its link in the tools menu where shorter. */
const RESEARCH_PAGES: readonly { readonly path: string; readonly title: string; readonly linkText?: string }[] = [
  { path: 'query', title: 'Query the data with SPARQL', linkText: 'Query (SPARQL)' },
  { path: 'queries', title: 'Example questions' },
  { path: 'diagrams', title: 'Diagrams' },
  { path: 'quality', title: 'Data quality' },
  { path: 'search', title: 'Search' },
];

/** The folders of the research tools' pages and their titles (for navigation and breadcrumbs). */
export const RESEARCH_PAGE_TITLES: ReadonlyMap<string, string> = new Map(RESEARCH_PAGES.map((page) => [page.path, page.title]));

/** What every research page view has, as the page template (site/_includes/other-page.njk) expects. */
interface PageBase {
  readonly path: string;
  readonly title: string;
  readonly description: string;
  readonly root: string;
  readonly breadcrumbs: readonly LinkView[];
  /** Stylesheets for the head, as paths under the site root (site/_includes/other-page.njk links them). */
  readonly styles?: readonly string[];
  /** A Content-Security-Policy for the page (site/_includes/other-page.njk puts it in a meta element). */
  readonly csp?: string;
  /** False for pages that must stay out of the search index. */
  readonly searchable: boolean;
  /** Links to the other research tools (relative to this page), the current one marked. */
  readonly tools: readonly { readonly text: string; readonly href: string; readonly current: boolean }[];
}

export interface QueryPageView extends PageBase {
  readonly kind: 'query';
  readonly configJson: string;
  readonly defaultQuery: string;
  readonly script: string;
  /** The tiny first script that starts the worker early, with the worker's and the dump's addresses. */
  readonly boot: { readonly script: string; readonly worker: string; readonly data: string; readonly releaseData?: string };
  /** The releases the page can load instead of the current graph (?release=), newest first. */
  readonly releases: readonly LinkView[];
  readonly examples: readonly { readonly name: string; readonly title: string; readonly description: string; readonly href: string }[];
  readonly prefixes: readonly { readonly prefix: string; readonly namespace: string }[];
  readonly galleryHref: string;
  readonly dumpHref: string;
}

export interface GalleryListView extends PageBase {
  readonly kind: 'gallery';
  readonly entries: readonly { readonly link: LinkView; readonly description: string; readonly audience: string; readonly summary: string }[];
}

export interface GalleryItemView extends PageBase {
  readonly kind: 'gallery-item';
  readonly audience: string;
  readonly parameters: GalleryEntry['parameters'];
  readonly query: string;
  readonly liveHref: string;
  readonly resultKind: GalleryEntry['kind'];
  readonly columns: readonly string[];
  readonly rows: readonly (readonly GalleryCell[])[];
  readonly boolean?: boolean;
  readonly summary: string;
  readonly downloads: readonly { readonly label: string; readonly href: string; readonly mediaType: string }[];
  readonly queryFileHref: string;
  readonly galleryHref: string;
}

export interface DiagramsView extends PageBase {
  readonly kind: 'diagrams';
  readonly diagrams: readonly { readonly id: string; readonly title: string; readonly description: string; readonly svg: Markup; readonly table: Markup }[];
}

export interface QualityView extends PageBase {
  readonly kind: 'quality';
  readonly report: QualityReport;
  /** Links to the pages of the items the report names, by IRI. */
  readonly links: Readonly<Record<string, string>>;
  readonly voidHref: string;
}

export interface SearchView extends PageBase {
  readonly kind: 'search';
  /** Classic scripts, in order, at the end of the page (Pagefind's UI finds its index from its own script element). */
  readonly bodyScripts: readonly string[];
}

export type ResearchPageView = QueryPageView | GalleryListView | GalleryItemView | DiagramsView | QualityView | SearchView;

/** A file the research tools add to the site (result downloads, query files). */
export interface ResearchFile {
  readonly path: string;
  readonly content: string;
}

export interface ResearchToolsInput {
  readonly config: Config;
  readonly index: SiteIndex;
  readonly prefixes: PrefixMap;
  readonly report: ValidationReport;
  readonly checks: readonly Check[];
  readonly runs: readonly QueryRun[];
  /** The rows of the site's own queries (queries/site/), from the query stage. */
  readonly siteRows: SiteQueryRows;
  /** The N-Triples dump, root-relative (downloads/cbss-car.nt): the query page's worker loads it. */
  readonly dumpPath: string;
  /** The versions of the releases (data/releases/), oldest first: the query page can load one instead. */
  readonly releaseVersions?: readonly string[];
}

/** The Content-Security-Policy of the query page: nothing may be fetched, run or framed from outside the site. */
export const QUERY_PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

function hrefTo(index: SiteIndex, fromDir: string, iri: string): string | undefined {
  return linkTo(index, fromDir, iri).href;
}

function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summarize(entry: Pick<GalleryEntry, 'kind' | 'rows' | 'boolean'>): string {
  if (entry.kind === 'boolean') return `Answer: ${entry.boolean ? 'yes' : 'no'}`;
  if (entry.kind === 'quads') return pluralize(entry.rows.length, 'triple');
  return pluralize(entry.rows.length, 'row');
}

/** The stylesheet of the research tools' pages (site/assets/research-tools.css), under the site root. */
export const RESEARCH_STYLESHEET = 'assets/research-tools.css';

function base(index: SiteIndex, folder: string, title: string, description: string, searchable = true): PageBase {
  const tools = RESEARCH_PAGES.map((page) => ({ text: page.linkText ?? page.title, href: relativeUrl(folder, `${page.path}/`), current: folder === page.path }));
  return { path: folder, title, description, root: relativeUrl(folder, ''), breadcrumbs: breadcrumbViews(index, folder, title), searchable, styles: [RESEARCH_STYLESHEET], tools };
}

/** Build every research page and the files they need. */
export async function composeResearchTools(input: ResearchToolsInput): Promise<{ pages: ResearchPageView[]; files: ResearchFile[] }> {
  const { config, index, prefixes } = input;
  const pages: ResearchPageView[] = [];
  const files: ResearchFile[] = [];

  // The gallery: one page per competency question, with its downloads and its .rq file beside it.
  const entries = await buildGallery(input.runs, {
    prefixes,
    baseIri: config.baseIri,
    // Every gallery page is two folders deep (queries/{name}/), so links from any of them read the same.
    linkTo: (iri) => (iri.startsWith(config.baseIri) || index.anchors.has(iri) ? hrefTo(index, 'queries/item', iri) : undefined),
  });
  for (const entry of entries) {
    const folder = `queries/${entry.name}`;
    const run = input.runs.find((r) => r.query.name === entry.name)!;
    for (const d of entry.downloads) files.push({ path: `${folder}/${d.file}`, content: d.contents });
    files.push({ path: `${folder}/query.rq`, content: run.query.text });
    pages.push({
      kind: 'gallery-item',
      ...base(index, folder, entry.title, entry.description),
      audience: entry.audience,
      parameters: entry.parameters,
      query: entry.query,
      liveHref: createLiveQueryHref(entry.query),
      resultKind: entry.kind,
      columns: entry.columns,
      rows: entry.rows,
      ...(entry.boolean !== undefined ? { boolean: entry.boolean } : {}),
      summary: summarize(entry),
      downloads: entry.downloads.map((d) => ({ label: d.label, href: d.file, mediaType: d.mediaType })),
      queryFileHref: 'query.rq',
      galleryHref: '../',
    });
  }
  pages.push({
    kind: 'gallery',
    ...base(index, 'queries', RESEARCH_PAGE_TITLES.get('queries')!, 'The questions this knowledge graph was built to answer, each with its SPARQL query, its answer computed from the data, and downloads.'),
    entries: entries.map((e) => ({ link: { text: e.title, lang: 'en', href: `${e.name}/` }, description: e.description, audience: e.audience, summary: summarize(e) })),
  });

  // The query page: YASGUI answered in the browser, examples from the gallery, prefixes from src/prefixes.ts.
  const defaultFile = path.join(config.queriesDir, 'site', SITE_QUERIES.defaultQuery);
  const defaultQuery = createRunnableQuery(await loadQueryFile(defaultFile), prefixes, config.baseIri);
  const pageConfig: QueryPageConfig = {
    dataUrl: relativeUrl('query', input.dumpPath),
    workerUrl: path.posix.basename(BUNDLE_PATHS.queryWorker),
    baseIri: config.baseIri,
    prefixes,
    defaultQuery,
    prefixesUrl: 'prefixes.json',
    ...((input.releaseVersions ?? []).length > 0 ? { releaseDataUrl: relativeUrl('query', 'releases/{version}/cbss-car.nt') } : {}),
  };
  files.push({ path: 'query/prefixes.json', content: `${JSON.stringify(prefixes, null, 1)}\n` });
  pages.push({
    kind: 'query',
    ...base(index, 'query', RESEARCH_PAGE_TITLES.get('query')!, 'Ask the knowledge graph any SPARQL question, in your browser: the data is loaded from this site and queried on your machine.', false),
    styles: [RESEARCH_STYLESHEET, BUNDLE_PATHS.queryStyle],
    csp: QUERY_PAGE_CSP,
    configJson: escapeJsonForScript(JSON.stringify(pageConfig)),
    defaultQuery,
    script: path.posix.basename(BUNDLE_PATHS.queryScript),
    boot: { script: path.posix.basename(BUNDLE_PATHS.queryBoot), worker: pageConfig.workerUrl, data: pageConfig.dataUrl, ...(pageConfig.releaseDataUrl ? { releaseData: pageConfig.releaseDataUrl } : {}) },
    releases: [...(input.releaseVersions ?? [])].reverse().map((v) => ({ text: `Release ${v}`, lang: 'en', href: `?release=${v}` })),
    examples: entries.map((e) => ({ name: e.name, title: e.title, description: e.description, href: createPermalinkSearch(e.query) })),
    prefixes: Object.entries(prefixes).map(([prefix, namespace]) => ({ prefix, namespace })),
    galleryHref: relativeUrl('query', 'queries/'),
    dumpHref: relativeUrl('query', input.dumpPath),
  });

  // The diagrams and the quality report, from the site's own queries.
  const records = readStrategyRecords(input.siteRows);
  const diagramLink = (iri: string): string => hrefTo(index, 'diagrams', iri) ?? '#';
  const map = buildStrategyMap(records, diagramLink);
  const matrix = buildCrosswalkMatrix(records, diagramLink);
  pages.push({
    kind: 'diagrams',
    ...base(index, 'diagrams', RESEARCH_PAGE_TITLES.get('diagrams')!, 'The strategy map, from the vision to the rights of the child, and the crosswalk matrix of priorities and areas of concern against the UNCRC and the SDG targets.'),
    diagrams: [
      { id: map.id, title: map.title, description: map.description, svg: drawLayeredDiagram(map), table: renderLayeredTable(map) },
      { id: matrix.id, title: matrix.title, description: matrix.description, svg: drawMatrixDiagram(matrix), table: renderMatrixTable(matrix) },
    ],
  });

  const report = buildQualityReport({
    report: input.report,
    checks: input.checks,
    records,
    classCountRows: input.siteRows.classCounts,
    versionRows: input.siteRows.dataVersion,
    sources: countQuotesBySource(index.store, index.baseIri, (iri) => labelOf(index, iri).value, new Map([...index.sources].map(([iri, s]) => [iri, s.paragraphs.length]))),
    statistics: readStatistics(input.siteRows.statistics),
    prefixes,
  });
  const links: Record<string, string> = {};
  const linkable = [...report.classCounts.map((c) => c.iri), ...report.sources.map((s) => s.iri), ...report.coverage.flatMap((g) => g.items.map((i) => i.iri)), ...report.versions.map((v) => v.resource)];
  for (const iri of linkable) {
    const href = hrefTo(index, 'quality', iri);
    if (href !== undefined && !/^https?:/.test(href)) links[iri] = href;
  }
  pages.push({
    kind: 'quality',
    ...base(index, 'quality', RESEARCH_PAGE_TITLES.get('quality')!, 'What the SHACL shapes and the SPARQL checks found in the data, how far the crosswalk reaches, and the statistics of the dataset.'),
    report,
    links,
    voidHref: relativeUrl('quality', '.well-known/void'),
  });

  pages.push({
    kind: 'search',
    ...base(index, 'search', RESEARCH_PAGE_TITLES.get('search')!, 'Search every page of the site: labels, quotes from the strategy, definitions and article captions.', false),
    styles: [RESEARCH_STYLESHEET, `${SEARCH_INDEX_DIR}/pagefind-ui.css`],
    bodyScripts: [relativeUrl('search', `${SEARCH_INDEX_DIR}/pagefind-ui.js`), path.posix.basename(BUNDLE_PATHS.searchScript)],
  });

  return { pages, files };
}
