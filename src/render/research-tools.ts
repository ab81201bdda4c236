// The research tools' pages, as plain views for the templates (site/_includes/pages/*.njk): the SPARQL query
// page, the gallery of competency questions, the diagrams, the data-quality report and the search page; and the
// files they need (result downloads of the gallery). The composer calls composeResearchTools once per build.
import type { Config } from '../config.ts';
import { drawLayeredDiagram, drawMatrixDiagram } from './diagrams.ts';
import { renderLayeredTable, renderMatrixTable } from './diagram-tables.ts';
import { buildGallery, createLiveQueryHref, createRunnableQuery, type GalleryEntry, type QueryRun } from './gallery.ts';
import { buildQualityReport, countQuotesBySource, readStatistics } from './quality.ts';
import { loadQueryFile } from '../query/query.ts';
import { labelOf, type SiteIndex } from './site-index.ts';
import { breadcrumbViews, linkTo, relativeUrl } from './links.ts';
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

/** Any of the research tools' page views; the templates are site/_includes/pages/{kind}.njk. */
export type ResearchPageView = Awaited<ReturnType<typeof composeResearchTools>>['pages'][number];

export interface ResearchToolsInput {
  readonly config: Config;
  readonly index: SiteIndex;
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

// What every research page view has, as site/_includes/other-page.njk expects: `styles` are paths under the site
// root for the head, `searchable` false keeps a page out of the search index, `tools` links the other research tools.
function base(index: SiteIndex, folder: string, title: string, description: string, searchable = true) {
  const tools = RESEARCH_PAGES.map((page) => ({ text: page.linkText ?? page.title, href: relativeUrl(folder, `${page.path}/`), current: folder === page.path }));
  return { path: folder, title, description, root: relativeUrl(folder, ''), breadcrumbs: breadcrumbViews(index, folder, title), searchable, styles: [RESEARCH_STYLESHEET], tools };
}

/** Build every research page and the files they need. */
export async function composeResearchTools(input: ResearchToolsInput) {
  const { config, index } = input;
  const { prefixes } = index;
  // The files the research tools add to the site: the gallery's result downloads and query files, the prefixes.
  const files: { path: string; content: string }[] = [];

  // The gallery: one page per competency question, with its downloads and its .rq file beside it.
  const entries = await buildGallery(input.runs, {
    prefixes,
    baseIri: config.baseIri,
    // Every gallery page is two folders deep (queries/{name}/), so links from any of them read the same.
    linkTo: (iri) => (iri.startsWith(config.baseIri) || index.anchors.has(iri) ? hrefTo(index, 'queries/item', iri) : undefined),
  });
  const galleryItems = entries.map((entry) => {
    const folder = `queries/${entry.name}`;
    const run = input.runs.find((r) => r.query.name === entry.name)!;
    for (const d of entry.downloads) files.push({ path: `${folder}/${d.file}`, content: d.contents });
    files.push({ path: `${folder}/query.rq`, content: run.query.text });
    return {
      kind: 'gallery-item' as const,
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
    };
  });
  const gallery = {
    kind: 'gallery' as const,
    ...base(index, 'queries', RESEARCH_PAGE_TITLES.get('queries')!, 'The questions this knowledge graph was built to answer, each with its SPARQL query, its answer computed from the data, and downloads.'),
    entries: entries.map((e) => ({ link: { text: e.title, lang: 'en', href: `${e.name}/` }, description: e.description, audience: e.audience, summary: summarize(e) })),
  };

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
  const queryPage = {
    kind: 'query' as const,
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
  };

  // The diagrams and the quality report, from the site's own queries.
  const records = readStrategyRecords(input.siteRows);
  const diagramLink = (iri: string): string => hrefTo(index, 'diagrams', iri) ?? '#';
  const map = buildStrategyMap(records, diagramLink);
  const matrix = buildCrosswalkMatrix(records, diagramLink);
  const diagrams = {
    kind: 'diagrams' as const,
    ...base(index, 'diagrams', RESEARCH_PAGE_TITLES.get('diagrams')!, 'The strategy map, from the vision to the rights of the child, and the crosswalk matrix of priorities and areas of concern against the UNCRC and the SDG targets.'),
    diagrams: [
      { id: map.id, title: map.title, description: map.description, svg: drawLayeredDiagram(map), table: renderLayeredTable(map) },
      { id: matrix.id, title: matrix.title, description: matrix.description, svg: drawMatrixDiagram(matrix), table: renderMatrixTable(matrix) },
    ],
  };

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
  const quality = {
    kind: 'quality' as const,
    ...base(index, 'quality', RESEARCH_PAGE_TITLES.get('quality')!, 'What the SHACL shapes and the SPARQL checks found in the data, how far the crosswalk reaches, and the statistics of the dataset.'),
    report,
    links,
    voidHref: relativeUrl('quality', '.well-known/void'),
  };
  const search = {
    kind: 'search' as const,
    ...base(index, 'search', RESEARCH_PAGE_TITLES.get('search')!, 'Search every page of the site: labels, quotes from the strategy, definitions and article captions.', false),
    styles: [RESEARCH_STYLESHEET, `${SEARCH_INDEX_DIR}/pagefind-ui.css`],
    bodyScripts: [relativeUrl('search', `${SEARCH_INDEX_DIR}/pagefind-ui.js`), path.posix.basename(BUNDLE_PATHS.searchScript)],
  };
  return { pages: [...galleryItems, gallery, queryPage, diagrams, quality, search], files };
}
