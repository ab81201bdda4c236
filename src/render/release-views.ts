// Stage 5, render (releases): the views of /releases/ (every release, newest first, with its notes and counts),
// /releases/{version}/ (one release: notes, downloads of its whole graph, what changed) and
// /releases/{version}/changes/ (its change set: per resource, the old and the new values side by side), each
// release's and change set's RDF (index.ttl, .jsonld, .nt, as every page has), the frozen downloads copied as they are,
// the Atom feed /releases/feed.atom (written by the `feed` package), and the "History" of each resource page.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Feed } from 'feed';
import type { Quad, Term } from '../load/graph-store.ts';
import { documentIriOf } from '../describe/describe.ts';
import type { OutputFile } from '../describe/describe-site.ts';
import { PAGE_DOCUMENTS, writePageDocuments } from '../describe/write-rdf.ts';
import { compactIri, type PrefixMap } from '../prefixes.ts';
import { CHANGE_KINDS, type ChangeKind } from '../release/change-set.ts';
import { CHANGE_FILES, SNAPSHOT_FORMATS } from '../release/make-release.ts';
import type { Release } from '../release/read-releases.ts';
import { breadcrumbViews, linkTo, propertyLink, relativeUrl, type LinkView } from './links.ts';
import { labelOf, type SiteIndex } from './site-index.ts';

/** A value in a change: a link, a literal, or a blank node's own values (from the same change's triples). */
export type ChangeValueView =
  | ({ readonly kind: 'link' } & LinkView)
  | { readonly kind: 'literal'; readonly text: string; readonly lang: string; readonly datatype?: string }
  | { readonly kind: 'nested'; readonly rows: readonly { readonly property: LinkView; readonly values: readonly ChangeValueView[] }[] };

/** A release that added or changed a resource, for its page's "History". */
export interface HistoryEntry {
  readonly version: string;
  /** Root-relative path of the release's change set page. */
  readonly path: string;
  readonly kinds: string;
}

/** A page of the releases: the list, a release, or a change set. */
export type ReleaseView = ReturnType<typeof listPage> | ReturnType<typeof releasePage> | ReturnType<typeof changeSetPage>;

function kindLabels(kinds: readonly ChangeKind[]): string {
  return CHANGE_KINDS.filter((k) => kinds.includes(k.kind)).map((k) => k.label).join(', ');
}

function countKinds(release: Release) {
  const resources = release.changes?.resources ?? [];
  return CHANGE_KINDS.map(({ kind, label }) => ({ label, count: resources.filter((r) => r.kinds.includes(kind)).length })).filter((c) => c.count > 0 || c.label !== 'removed');
}

// A release as the pages sum it up.
function summarise(release: Release, fromDir: string) {
  const folder = `releases/${release.version}`;
  return {
    version: release.version,
    href: relativeUrl(fromDir, `${folder}/`),
    ...(release.notes !== undefined ? { notes: release.notes } : {}),
    triples: release.triples,
    counts: countKinds(release),
    ...(release.changes ? { changesHref: relativeUrl(fromDir, `${folder}/changes/`) } : {}),
  };
}

function valueOf(index: SiteIndex, fromDir: string, term: Term, quads: readonly Quad[], depth = 0): ChangeValueView {
  if (term.termType === 'Literal') {
    const plain = term.language !== '' || term.datatype.value.endsWith('#string');
    return { kind: 'literal', text: term.value, lang: term.language, ...(plain ? {} : { datatype: compactIri(term.datatype.value, index.prefixes) ?? term.datatype.value }) };
  }
  if (term.termType === 'BlankNode' && depth < 5) return { kind: 'nested', rows: rowsOf(index, fromDir, quads.filter((q) => q.subject.equals(term)), quads, depth + 1) };
  return { kind: 'link', ...linkTo(index, fromDir, term) };
}

function rowsOf(index: SiteIndex, fromDir: string, own: readonly Quad[], all: readonly Quad[], depth: number): { property: LinkView; values: ChangeValueView[] }[] {
  const predicates = [...new Set(own.map((q) => q.predicate.value))].sort();
  return predicates.map((p) => ({ property: propertyLink(index, fromDir, p), values: own.filter((q) => q.predicate.value === p).map((q) => valueOf(index, fromDir, q.object, all, depth)) }));
}

/** The side-by-side rows of one resource: each property with its removed (before) and added (after) values. */
export function changeRows(index: SiteIndex, fromDir: string, iri: string, removed: readonly Quad[], added: readonly Quad[]) {
  const own = (quads: readonly Quad[]): Quad[] => quads.filter((q) => q.subject.termType === 'NamedNode' && q.subject.value === iri);
  const before = own(removed);
  const after = own(added);
  const predicates = [...new Set([...before, ...after].map((q) => q.predicate.value))].sort();
  return predicates.map((p) => ({
    property: propertyLink(index, fromDir, p),
    before: before.filter((q) => q.predicate.value === p).map((q) => valueOf(index, fromDir, q.object, removed)),
    after: after.filter((q) => q.predicate.value === p).map((q) => valueOf(index, fromDir, q.object, added)),
  }));
}

async function writeRdf(folder: string, quads: readonly Quad[], root: string, prefixes: PrefixMap): Promise<OutputFile[]> {
  return (await writePageDocuments(quads, [root], prefixes)).map(({ file, content }) => ({ path: `${folder}/${file}`, content }));
}

/** The page's RDF documents: linked in its text, and announced in its head (type) as every resource page's are. */
const ALTERNATES: readonly (LinkView & { readonly type: string })[] = PAGE_DOCUMENTS.map((a) => ({ text: a.label, lang: 'en', href: a.file, type: a.type }));

function writeFeed(index: SiteIndex, releases: readonly Release[], updated: string | undefined, title: string, licence: string | undefined): string {
  const base = index.baseIri;
  const latest = releases[releases.length - 1]?.version ?? updated ?? '1970-01-01';
  const feed = new Feed({
    id: `${base}releases/`,
    title: `${title}: releases`,
    description: 'Each release of the graph, with the IRIs it added, changed, deprecated and replaced.',
    link: `${base}releases/`,
    feedLinks: { atom: `${base}releases/feed.atom` },
    updated: new Date(`${latest}T00:00:00Z`),
    ...(licence ? { copyright: licence } : {}),
    generator: 'CBSS Children at Risk linked-data site',
    language: 'en',
  });
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  for (const release of [...releases].reverse()) {
    const parts: string[] = [];
    if (release.notes) parts.push(`<p>${escape(release.notes)}</p>`);
    if (!release.changes) parts.push(`<p>The first release: the whole graph, ${release.triples} triples.</p>`);
    for (const { kind, label } of CHANGE_KINDS) {
      const iris = (release.changes?.resources ?? []).filter((r) => r.kinds.includes(kind)).map((r) => r.iri);
      if (iris.length > 0) parts.push(`<h2>${label[0]!.toUpperCase()}${label.slice(1)} (${iris.length})</h2><ul>${iris.map((iri) => `<li><a href="${escape(iri)}">${escape(iri)}</a></li>`).join('')}</ul>`);
    }
    feed.addItem({
      title: `Release ${release.version}`,
      id: release.iri,
      link: `${release.iri}/`,
      date: new Date(`${release.version}T00:00:00Z`),
      published: new Date(`${release.version}T00:00:00Z`),
      description: release.notes ?? `Release ${release.version} of the graph.`,
      content: parts.join('\n'),
    });
  }
  return feed.atom1();
}

// What every release page has, as site/_includes/other-page.njk expects. The pages of one release and of its changes
// stay out of the search index (searchable false): they repeat the resources' labels, which their own pages hold.
function pageBase(index: SiteIndex, folder: string, title: string, description: string, searchable: boolean) {
  return { path: folder, title, description, root: relativeUrl(folder, ''), breadcrumbs: breadcrumbViews(index, folder, title), searchable };
}

function linkToRelease(release: Release, fromDir: string): LinkView {
  return { text: `Release ${release.version}`, lang: 'en', href: relativeUrl(fromDir, `releases/${release.version}/`), iri: release.iri };
}

function listPage(index: SiteIndex, releases: readonly Release[]) {
  const folder = 'releases';
  return {
    kind: 'releases' as const,
    ...pageBase(index, folder, 'Releases', 'Every release of the graph, newest first: its date, notes and what changed. Each release stays downloadable, and the feed announces new ones.', true),
    releases: [...releases].reverse().map((r) => summarise(r, folder)),
    feedHref: relativeUrl(folder, 'releases/feed.atom'),
  };
}

function releasePage(index: SiteIndex, release: Release, previous: Release | undefined, next: Release | undefined) {
  const folder = `releases/${release.version}`;
  return {
    kind: 'release' as const,
    ...pageBase(index, folder, `Release ${release.version}`, release.notes ?? `Release ${release.version} of the graph: ${release.triples} triples.`, false),
    release: summarise(release, folder),
    iri: release.iri,
    ...(previous ? { previous: linkToRelease(previous, folder) } : {}),
    ...(next ? { next: linkToRelease(next, folder) } : {}),
    downloads: [
      ...SNAPSHOT_FORMATS.map((f) => ({ text: `The whole graph in ${f.format}`, lang: 'en', href: relativeUrl(folder, `${folder}/${f.download}`) })),
      ...release.extras.map((e) => ({ text: e.title, lang: 'en', href: relativeUrl(folder, `${folder}/${e.file}`) })),
    ],
    alternates: ALTERNATES,
    changed: (release.changes?.resources ?? []).map((r) => ({ link: linkTo(index, folder, r.iri), kinds: kindLabels(r.kinds) })),
  };
}

function changeSetPage(index: SiteIndex, release: Release, changes: NonNullable<Release['changes']>, previous: Release) {
  const folder = `releases/${release.version}/changes`;
  return {
    kind: 'release-changes' as const,
    ...pageBase(index, folder, `Changes in release ${release.version}`, `What changed between release ${previous.version} and release ${release.version}, resource by resource.`, false),
    iri: changes.iri,
    release: linkToRelease(release, folder),
    previous: linkToRelease(previous, folder),
    triplesAdded: changes.added.length,
    triplesRemoved: changes.removed.length,
    downloads: CHANGE_FILES.map((f) => ({ text: `${f.title} (N-Triples)`, lang: 'en', href: relativeUrl(folder, `${folder}/${f.download}`) })),
    alternates: ALTERNATES,
    // One resource in the change set: what happened, and its values before and after, property by property.
    resources: changes.resources.map((r) => ({ link: linkTo(index, folder, r.iri), kinds: kindLabels(r.kinds), rows: changeRows(index, folder, r.iri, changes.removed, changes.added) })),
  };
}

/** Every release view and file, and the history of each resource page (by document IRI). */
export async function composeReleases(index: SiteIndex, releases: readonly Release[], options: { readonly title: string; readonly modified?: string; readonly licence?: string }) {
  const pages: ReleaseView[] = [listPage(index, releases)];
  const files: OutputFile[] = [];
  const history = new Map<string, HistoryEntry[]>();
  for (const [i, release] of releases.entries()) {
    const folder = `releases/${release.version}`;
    const previous = releases[i - 1];
    pages.push(releasePage(index, release, previous, releases[i + 1]));
    for (const f of SNAPSHOT_FORMATS) files.push({ path: `${folder}/${f.download}`, content: await readFile(path.join(release.dir, f.file)) });
    for (const e of release.extras) files.push({ path: `${folder}/${e.file}`, content: await readFile(path.join(release.dir, e.file)) });
    files.push(...(await writeRdf(folder, release.metadata, release.iri, index.prefixes)));
    if (!release.changes || !previous) continue;
    const changes = release.changes;
    const changesFolder = `${folder}/changes`;
    pages.push(changeSetPage(index, release, changes, previous));
    for (const f of CHANGE_FILES) files.push({ path: `${changesFolder}/${f.download}`, content: await readFile(path.join(release.dir, f.file)) });
    files.push(...(await writeRdf(changesFolder, changes.quads, changes.iri, index.prefixes)));
    for (const r of changes.resources) {
      const doc = documentIriOf(r.iri);
      const list = history.get(doc) ?? [];
      const last = list[list.length - 1];
      if (last?.version === release.version) continue;
      list.push({ version: release.version, path: `${changesFolder}/`, kinds: doc === r.iri ? kindLabels(r.kinds) : `${labelOf(index, r.iri).value}: ${kindLabels(r.kinds)}` });
      history.set(doc, list);
    }
  }
  files.push({ path: 'releases/feed.atom', content: writeFeed(index, releases, options.modified, options.title, options.licence) });
  return { pages, files, history };
}
