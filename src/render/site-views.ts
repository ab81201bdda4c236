// Stage 5, render (views): the plain data every page is made from. The site's own description (title, navigation,
// licence), the index the views are computed from, the listing of each kind, the home page, the A–Z index, the
// research tools' pages (src/render/research-tools.ts) and the sitemap. Templates only print these; to add a kind of
// page, build its view here and add a template for it in site/_includes/pages/{kind}.njk.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory } from 'n3';
import type { Config } from '../config.ts';
import { compareStrings } from '../describe/describe.ts';
import { DATASET_TEXT } from '../describe/dataset.ts';
import { DUMP_STEM, type OutputFile, type SiteDescription } from '../describe/describe-site.ts';
import type { QueryRun } from './gallery.ts';
import type { SiteQueryRows } from './strategy-data.ts';
import type { Check, ValidationReport } from '../validate/validate.ts';
import { STANDARD_PREFIXES as NS } from '../prefixes.ts';
import { splitParagraphs } from './resource-view.ts';
import type { SiteIndex } from './site-index.ts';
import { createSiteIndex } from './create-site-index.ts';
import { buildAzView, buildHomeView, buildListingView, buildSdgView, groupDocumentsByFolder, listingFolders, listingTitle } from './index-views.ts';
import type { AzView, HomeView, ListingView, SdgListingView } from './index-views.ts';
import { RESEARCH_PAGE_TITLES, composeResearchTools, type ResearchPageView } from './research-tools.ts';
import { composeReleases, type HistoryEntry, type ReleaseView } from './release-views.ts';
import type { Release } from '../release/read-releases.ts';

const { namedNode } = DataFactory;

/** What the site shows about itself on every page. */
export interface SiteMeta {
  readonly title: string;
  readonly baseIri: string;
  readonly lang: string;
  /** The site's main navigation. */
  readonly nav: readonly { readonly path: string; readonly text: string }[];
  readonly licence?: { readonly text: string; readonly href: string };
  readonly modified?: string;
}

/** The pages Eleventy renders (every page but the resources'), and what every page shows about the site. */
export interface SitePages {
  readonly site: SiteMeta;
  readonly listings: readonly (ListingView | SdgListingView)[];
  /** The pages that are neither a resource nor a listing: the home page, the A–Z index, the research tools' and the releases' pages. */
  readonly extraPages: readonly (HomeView | AzView | ResearchPageView | ReleaseView)[];
}

/** The views of the site, the index the resource pages are computed from, and the files the views need. */
export interface SiteViews extends SitePages {
  readonly index: SiteIndex;
  /** The sitemap and the research tools' files (the gallery's downloads), the releases' files and feed. */
  readonly files: readonly OutputFile[];
  /** The releases that changed each resource page (by document IRI), oldest first. */
  readonly history: ReadonlyMap<string, readonly HistoryEntry[]>;
}

/** What the query and validate stages found, for the research tools' pages. */
export interface Findings {
  readonly report: ValidationReport;
  readonly checks: readonly Check[];
  readonly runs: readonly QueryRun[];
  readonly siteRows: SiteQueryRows;
}

export const SITE_TITLE = 'CBSS Children at Risk: strategy as linked data';

const SECTION_PATHS = ['priority', 'area', 'statement', 'document', 'organisation', 'state', 'membership', 'role', 'uncrc/article', 'sdg', 'alignment'];

const NAV = [
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
];

/** Make every view of the site from the described graph and what the queries and validation found. */
export async function renderSiteViews(config: Config, described: SiteDescription, findings: Findings, releases: readonly Release[] = []): Promise<SiteViews> {
  const { store, documents, dumps, distributions, sources, modified } = described;
  const latest = releases[releases.length - 1];
  const folders = listingFolders(documents).filter((f) => f !== 'sdg');
  const pageTitles = new Map<string, string>([['', 'Home'], ['a-z', 'A–Z index'], ['sdg', listingTitle('sdg')], ['releases', 'Releases']]);
  for (const r of releases) pageTitles.set(`releases/${r.version}`, `Release ${r.version}`);
  for (const [folder, title] of RESEARCH_PAGE_TITLES) pageTitles.set(folder, title);
  for (const folder of folders) pageTitles.set(folder, listingTitle(folder));
  const index = createSiteIndex(store, {
    baseIri: config.baseIri,
    prefixes: described.prefixes,
    documents,
    pageTitles,
    files: new Set([...described.files.map((f) => f.path), 'sitemap.xml']),
    sources: sources.map((s) => ({ iri: s.iri, file: s.file, paragraphs: splitParagraphs(s.text) })),
    citation: { title: DATASET_TEXT.title, publisher: described.creator ?? 'CBSS Children at Risk linked-data team', ...(modified ? { modified } : {}), ...(latest ? { release: latest.version } : {}) },
  });

  const byFolder = groupDocumentsByFolder(documents);
  const listings: (ListingView | SdgListingView)[] = folders.map((folder) => buildListingView(index, folder, byFolder.get(folder) ?? []));
  if (index.anchors.size > 0) listings.push(buildSdgView(index));
  listings.sort((a, b) => compareStrings(a.path, b.path));

  const sections = SECTION_PATHS.flatMap((sectionPath) => {
    const l = listings.find((listing) => listing.path === sectionPath);
    return l ? [{ path: l.path, title: l.title, count: l.kind === 'listing' ? l.count : l.goals.reduce((n, g) => n + g.targets.length, 0) }] : [];
  });
  const downloads = [
    ...dumps.map((d) => ({ path: d.path, label: `The whole graph in ${d.format} (${Math.ceil(d.byteSize / 1024)} KB)` })),
    ...distributions.map((d) => ({ path: d.path, label: `${d.title} (${Math.ceil(d.byteSize / 1024)} KB)` })),
    { path: '.well-known/void', label: 'VoID description (Turtle)' },
    { path: 'releases/', label: releases.length > 0 ? `Releases (${releases.length}, the latest ${latest!.version}) and their changes` : 'Releases (none yet)' },
    ...(index.documents.has(`${config.baseIri}dataset`) ? [{ path: 'dataset/', label: 'Dataset description (DCAT)' }] : []),
  ];
  const tools = [...RESEARCH_PAGE_TITLES].map(([toolPath, label]) => ({ path: toolPath, label }));
  const research = await composeResearchTools({ config, index, ...findings, dumpPath: `${DUMP_STEM}.nt`, releaseVersions: releases.map((r) => r.version) });
  const licence = store.getObjects(namedNode(`${config.baseIri}ontology`), namedNode(`${NS.dct}license`), null)[0]?.value;
  const released = await composeReleases(index, releases, { title: SITE_TITLE, ...(modified ? { modified } : {}), ...(licence ? { licence } : {}) });
  const extraPages: SitePages['extraPages'] = [buildHomeView(index, sections, downloads, tools), buildAzView(index, documents), ...research.pages, ...released.pages];

  const pagePaths = [...documents.map((d) => d.path), ...listings.map((l) => l.path), ...extraPages.map((p) => p.path), ...(await listDocPaths(config.siteDir))];
  const site: SiteMeta = {
    title: SITE_TITLE,
    baseIri: config.baseIri,
    lang: 'en',
    nav: NAV.filter((n) => pagePaths.includes(n.path) || pageTitles.has(n.path)),
    ...(licence ? { licence: { text: licence.includes('creativecommons.org/licenses/by/4.0') ? 'CC BY 4.0' : licence, href: licence } } : {}),
    ...(modified ? { modified } : {}),
  };
  const files: OutputFile[] = [{ path: 'sitemap.xml', content: writeSitemap(config.baseIri, pagePaths) }, ...research.files, ...released.files];
  return { site, index, listings, extraPages, files, history: released.history };
}

function writeSitemap(baseIri: string, paths: readonly string[]): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const urls = [...new Set(paths)].sort(compareStrings).map((p) => `  <url><loc>${esc(baseIri + (p === '' ? '' : `${p}/`))}</loc></url>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('')}</urlset>\n`;
}

/** The site paths of the documentation pages, site/docs/*.md ('docs' for its index.md); none without that folder. */
export async function listDocPaths(siteDir: string): Promise<string[]> {
  const names = await readdir(path.join(siteDir, 'docs')).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.md'))
    .map((name) => (name === 'index.md' ? 'docs' : `docs/${name.slice(0, -'.md'.length)}`))
    .sort(compareStrings);
}
