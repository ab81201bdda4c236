// Stage 4, render: links between the pages (relative URLs, so that the site works from any folder or host), the link
// view of a term, breadcrumbs, and the natural order in which links are listed.
import type { Term } from '../load/graph-store.ts';
import { compareStrings } from '../describe/describe.ts';
import { STANDARD_PREFIXES as NS, compactIri } from '../prefixes.ts';
import { isEditorial, labelOf, targetOf, type SiteIndex } from './site-index.ts';

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

// What a link to an IRI shows and where it goes, whatever page it is on, found once per IRI: pages link to the same
// terms (types, properties, articles) over and over.
type LinkTarget = { readonly view: LinkView; readonly internal?: string; readonly external?: string };
const linkTargets = new WeakMap<SiteIndex, Map<string, LinkTarget>>();

function findLinkTarget(index: SiteIndex, iri: string, withCode: boolean): LinkTarget {
  let targets = linkTargets.get(index);
  if (!targets) linkTargets.set(index, (targets = new Map()));
  const key = withCode ? `c${iri}` : iri;
  let found = targets.get(key);
  if (!found) {
    const label = labelOf(index, iri);
    const compact = withCode ? (compactIri(iri, index.prefixes) ?? iri) : undefined;
    const code = compact !== label.value ? compact : undefined;
    const editorial = isEditorial(index, iri, `${NS.rdfs}label`) || isEditorial(index, iri, `${NS.skos}prefLabel`);
    const view = { text: label.value, lang: label.lang, iri, ...(code ? { code } : {}), ...(editorial ? { editorial } : {}) };
    targets.set(key, (found = { view, ...targetOf(index, iri) }));
  }
  return found;
}

/** A link view for an IRI (or blank node) as seen from a page folder. */
export function linkTo(index: SiteIndex, fromDir: string, term: Term | string, withCode = false): LinkView {
  if (typeof term !== 'string' && term.termType === 'BlankNode') {
    const label = labelOf(index, term);
    return { text: label.value, lang: label.lang };
  }
  const { view, internal, external } = findLinkTarget(index, typeof term === 'string' ? term : term.value, withCode);
  if (internal !== undefined) return { ...view, href: relativeUrl(fromDir, internal) };
  if (external) return { ...view, href: external, external: true };
  return view;
}

/** A link to a property: to its documentation on our ontology page, else plain text with its prefixed name. */
export function propertyLink(index: SiteIndex, fromDir: string, iri: string): LinkView {
  const view = linkTo(index, fromDir, iri, true);
  return view.external ? { text: view.text, lang: view.lang, ...(view.iri ? { iri: view.iri } : {}), ...(view.code ? { code: view.code } : {}) } : view;
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

/** A key that sorts numbers inside text by value: digits are zero-padded. */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (d) => d.padStart(8, '0'));
}

/** Sort items by a key computed once for each (in code-point order; stable). */
export function sortByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ item }) => item);
}

/** Sort items by a link's natural order: its label's natural key, then its IRI. */
export function sortByLink<T>(items: readonly T[], linkOf: (item: T) => { readonly text: string; readonly iri?: string }): T[] {
  return sortByKey(items, (item) => {
    const link = linkOf(item);
    return naturalKey(link.text) + '\u0000' + (link.iri ?? '');
  });
}
