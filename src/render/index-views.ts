// Stage 4, render (index pages): view models of the home page, the listing of each kind, the SDG targets and the
// alphabetical index. Plain objects computed from the store; the templates only print them.
import { DataFactory } from 'n3';
import type { Term } from '../load/graph-store.ts';
import { RDF_TYPE, compareStrings, objectsOf, typesOf, type PublishedDocument } from '../describe/describe.ts';
import { STANDARD_PREFIXES as NS } from '../prefixes.ts';
import { caroIri, isEditorial, labelOf, type SiteIndex } from './site-index.ts';
import { breadcrumbViews, linkTo, naturalKey, relativeUrl, sortByKey, sortByLink, type LinkView } from './links.ts';
import { firstLiteral, textViews } from './property-rows.ts';
import { crosswalkViews } from './incoming-links.ts';
import { groupBy } from './diagrams.ts';

const { namedNode } = DataFactory;

/** Titles and introductions of the listing pages, by folder; other folders get a title made from their name. */
export const LISTING_TITLES: Readonly<Record<string, { title: string; intro?: string; groups?: readonly { class: string; heading: string }[] }>> = {
  priority: { title: 'Strategic priorities', intro: 'The three consolidated strategic areas and priorities of the Expert Group for July 2020 – June 2025.' },
  area: {
    title: 'Areas of concern',
    intro:
      'The key areas of concern under Child Protection Systems, and the areas of concern that the strategy names for itself as a whole, in a paragraph of its own after the priorities, under none of them.',
    groups: [
      { class: 'ontology#KeyAreaOfConcern', heading: 'Key areas of concern' },
      { class: 'ontology#CrossCuttingAreaOfConcern', heading: 'Areas of concern of the strategy as a whole' },
    ],
  },
  statement: { title: 'Vision, mission and other statements', intro: 'The statements of the mandate and strategy, quoted word for word.' },
  document: { title: 'Documents', intro: 'The mandate and the regional strategy, and the mandate they replaced.' },
  source: { title: 'Source texts', intro: 'The texts the quotes of this graph are taken from, each stored byte for byte, with its paragraphs and the resources quoting them.' },
  organisation: { title: 'Organisations', intro: 'The Council of the Baltic Sea States, its Secretariat and units, the Expert Group and the other bodies named.' },
  state: { title: 'States', intro: 'The member and observer states of the Council of the Baltic Sea States.' },
  membership: { title: 'Memberships', intro: 'Membership of the states and the European Union in the Council of the Baltic Sea States.' },
  role: { title: 'Roles', intro: 'The roles in which the Expert Group acts, and the roles of members of the Council.' },
  pillar: { title: 'Pillars', intro: 'The fundamental pillars of the CBSS that the Expert Group embraces.' },
  stakeholder: { title: 'Kinds of stakeholder', intro: 'The kinds of actor the Expert Group works with.' },
  scheme: { title: 'Concept schemes', intro: 'The vocabularies (SKOS concept schemes) of this graph.' },
  period: { title: 'Periods', intro: 'The periods of the mandates.' },
  alignment: { title: 'Crosswalk statements', intro: 'Each link from a priority or area of concern to a UNCRC provision or an SDG target, with its rationale.' },
  'uncrc/article': { title: 'Articles of the UN Convention on the Rights of the Child', intro: 'The 54 articles of the Convention, each with a short caption written by this project (not the official text).' },
  'uncrc/part': { title: 'Parts of the Convention', intro: 'The three Parts into which the Convention groups its articles.' },
  'uncrc/optional-protocol': { title: 'Optional Protocols', intro: 'The three Optional Protocols to the Convention.' },
  sdg: { title: 'Sustainable Development Goals and targets', intro: 'The SDG goals and targets the crosswalk links to, under the UN’s own IRIs, in the official English wording.' },
};

/** The views of a listing, the SDG page, the home page and the A–Z index, as their builders below make them. */
export type ListingView = ReturnType<typeof buildListingView>;
export type SdgListingView = ReturnType<typeof buildSdgView>;
export type HomeView = ReturnType<typeof buildHomeView>;
export type AzView = ReturnType<typeof buildAzView>;

/** Texts that say something about the data rather than what the resource is: not used as a listing's summary. */
const SUMMARY_SKIP: ReadonlySet<string> = new Set([`${NS.skos}note`, `${NS.skos}editorialNote`]);

/** Shorten a text to about `max` characters at a word boundary. */
export function truncate(text: string, max = 240): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max / 2 ? space : max).replace(/[\s,;:.]+$/, '')}…`;
}

/** Title of a listing folder: from LISTING_TITLES or made from its last segment. */
export function listingTitle(folder: string): string {
  const known = LISTING_TITLES[folder]?.title;
  if (known) return known;
  const last = folder.split('/').pop() ?? folder;
  const words = last.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every folder that needs a listing: each proper prefix of a document path that is not itself a document. */
export function listingFolders(documents: readonly PublishedDocument[]): string[] {
  const paths = new Set(documents.map((d) => d.path));
  return [...groupDocumentsByFolder(documents).keys()].filter((folder) => !paths.has(folder)).sort(compareStrings);
}

/** The documents under each folder (at any depth), found in one pass: folder → documents. */
export function groupDocumentsByFolder(documents: readonly PublishedDocument[]): Map<string, PublishedDocument[]> {
  const groups = new Map<string, PublishedDocument[]>();
  for (const doc of documents) {
    const segments = doc.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      const list = groups.get(folder);
      if (list) list.push(doc);
      else groups.set(folder, [doc]);
    }
  }
  return groups;
}

function notationOf(index: Pick<SiteIndex, 'store'>, iri: string): string | undefined {
  return firstLiteral(index.store, iri, `${NS.skos}notation`)?.value;
}

function mostSpecificTypeLabel(index: SiteIndex, iri: string): string {
  const types = typesOf(index.store, iri);
  // The type with most superclasses is the most specific one.
  const ranked = types
    .map((t) => ({ t, depth: index.superClasses.get(t)?.length ?? 0 }))
    .sort((a, b) => b.depth - a.depth || compareStrings(a.t, b.t));
  return ranked[0] ? labelOf(index, ranked[0].t).value : '';
}

// An entry of a listing: its link, its notation (marked when it is this project's own, not the source's), a summary.
function listItem(index: SiteIndex, folder: string, iri: string) {
  const notation = notationOf(index, iri);
  // A listing summarises with what the resource is (definition, description), not with notes about the data.
  const summary = textViews(index, namedNode(iri)).find((t) => !SUMMARY_SKIP.has(t.property));
  return {
    link: linkTo(index, folder, iri),
    ...(notation !== undefined ? { notation } : {}),
    ...(notation !== undefined && isEditorial(index, iri, `${NS.skos}notation`) ? { notationEditorial: true } : {}),
    ...(summary ? { summary: { ...summary, text: truncate(summary.text) } } : {}),
  };
}

function itemSortKey(item: ReturnType<typeof listItem>): string {
  return `${item.notation !== undefined ? `0${naturalKey(item.notation)}` : '1'}\u0000${naturalKey(item.link.text)}`;
}

/** The listing of one folder: every document under it (of those given), grouped by kind when there are several kinds. */
export function buildListingView(index: SiteIndex, folder: string, documents: readonly PublishedDocument[]) {
  const under = documents.filter((d) => d.path.startsWith(`${folder}/`));
  const groups = groupBy(under, (doc) => mostSpecificTypeLabel(index, doc.iri));
  const title = listingTitle(folder);
  // Groups named in LISTING_TITLES come first, in that order and with those headings; any others follow by name.
  const named = (LISTING_TITLES[folder]?.groups ?? []).map((g) => ({ label: labelOf(index, index.baseIri + g.class).value, heading: g.heading }));
  const rank = (kind: string): number => {
    const i = named.findIndex((g) => g.label === kind);
    return i < 0 ? named.length : i;
  };
  const headingOf = (kind: string): string => named.find((g) => g.label === kind)?.heading ?? (kind ? kind.charAt(0).toUpperCase() + kind.slice(1) : 'Other');
  const sorted = [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || compareStrings(a, b));
  const single = sorted.length <= 1;
  return {
    kind: 'listing' as const,
    path: folder,
    title,
    ...(LISTING_TITLES[folder]?.intro ? { intro: LISTING_TITLES[folder]?.intro } : {}),
    root: relativeUrl(folder, ''),
    breadcrumbs: breadcrumbViews(index, folder, title),
    count: under.length,
    groups: sorted.map(([kind, docs]) => ({
      ...(single ? {} : { heading: headingOf(kind), id: `kind-${kind.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}` }),
      items: sortByKey(docs.map((doc) => listItem(index, folder, doc.iri)), itemSortKey),
    })),
  };
}

/** The anchor id of an SDG goal or target on the SDG page. */
function sdgAnchorId(index: Pick<SiteIndex, 'store'>, iri: string): string {
  const isGoal = typesOf(index.store, iri).includes(`${NS.sdgo}Goal`);
  const notation = notationOf(index, iri) ?? iri.split('/').pop() ?? iri;
  return `${isGoal ? 'goal' : 'target'}-${notation.replace(/[^A-Za-z0-9.]+/g, '-')}`;
}

/** SDG goals and targets described in the graph, for the anchors index: IRI → 'sdg/#target-16.2'. */
export function indexSdgAnchors(index: Pick<SiteIndex, 'store' | 'baseIri'>, folder = 'sdg'): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const cls of [`${NS.sdgo}Goal`, `${NS.sdgo}Target`]) {
    for (const s of index.store.getSubjects(namedNode(RDF_TYPE), namedNode(cls), null)) {
      if (s.termType !== 'NamedNode' || s.value.startsWith(index.baseIri)) continue;
      anchors.set(s.value, `${folder}/#${sdgAnchorId(index, s.value)}`);
    }
  }
  return anchors;
}

/** The SDG page: each goal with its targets, their official wording and the crosswalk links into each target. */
export function buildSdgView(index: SiteIndex, folder = 'sdg') {
  const { store } = index;
  // An SDG goal or target: its anchor, its notation, its short title and its official wording.
  const termView = (t: Term) => {
    const wording = firstLiteral(store, t, `${NS.skos}prefLabel`);
    const notation = firstLiteral(store, t, `${NS.skos}notation`)?.value ?? '';
    return { id: sdgAnchorId(index, t.value), iri: t.value, notation, title: labelOf(index, t).value, wording: wording?.value ?? '', lang: wording?.language ?? '' };
  };
  const byNotation = <T extends { notation: string }>(views: T[]): T[] => sortByKey(views, (v) => naturalKey(v.notation));
  const goals = store
    .getSubjects(namedNode(RDF_TYPE), namedNode(`${NS.sdgo}Goal`), null)
    .filter((g) => g.termType === 'NamedNode' && !g.value.startsWith(index.baseIri))
    .map((g) => ({ ...termView(g), targets: byNotation(objectsOf(store, g, `${NS.sdgo}hasTarget`).map((t) => ({ ...termView(t), crosswalk: crosswalkViews(index, folder, t) }))) }));
  const title = listingTitle(folder);
  return {
    kind: 'sdg' as const,
    path: folder,
    title,
    intro: LISTING_TITLES.sdg?.intro ?? '',
    root: relativeUrl(folder, ''),
    breadcrumbs: breadcrumbViews(index, folder, title),
    goals: byNotation(goals),
  };
}

function instancesOf(index: SiteIndex, cls: string): string[] {
  const direct = new Set<string>();
  for (const [sub, supers] of index.superClasses) {
    if (!supers.includes(cls)) continue;
    for (const s of index.store.getSubjects(namedNode(RDF_TYPE), namedNode(sub), null)) if (s.termType === 'NamedNode') direct.add(s.value);
  }
  return [...direct].sort(compareStrings);
}

function byNotation(index: SiteIndex, iris: string[]): string[] {
  return sortByKey(iris, (iri) => `${naturalKey(notationOf(index, iri) ?? '~')}\u0000${naturalKey(labelOf(index, iri).value)}`);
}

/** The home page: the strategy at a glance (documents, vision, mission, priorities with their areas) and the way in. */
export function buildHomeView(
  index: SiteIndex,
  sections: readonly { readonly path: string; readonly title: string; readonly count: number }[],
  downloads: readonly { readonly path: string; readonly label: string }[],
  tools: readonly { readonly path: string; readonly label: string }[] = [],
) {
  const statement = (cls: string) =>
    instancesOf(index, caroIri(index, cls)).map((iri) => ({ link: linkTo(index, '', iri), texts: textViews(index, namedNode(iri)) }));
  const linksOf = (subject: string, property: string): LinkView[] => sortByLink(objectsOf(index.store, subject, property).map((o) => linkTo(index, '', o)), (link) => link);
  // The areas of concern that a scheme names for the strategy as a whole (caro:hasStrategyAreaOfConcern), not a priority.
  const strategyAreas = new Set(index.store.getObjects(null, namedNode(caroIri(index, 'hasStrategyAreaOfConcern')), null).map((o) => o.value));
  const priorities = byNotation(index, instancesOf(index, caroIri(index, 'StrategicPriority'))).map((iri) => {
    const notation = notationOf(index, iri);
    const definition = textViews(index, namedNode(iri))[0];
    const areas = byNotation(index, objectsOf(index.store, iri, caroIri(index, 'hasAreaOfConcern')).map((t) => t.value));
    return {
      link: linkTo(index, '', iri),
      ...(notation !== undefined ? { notation } : {}),
      ...(notation !== undefined && isEditorial(index, iri, `${NS.skos}notation`) ? { notationEditorial: true } : {}),
      ...(definition ? { definition } : {}),
      keyAreas: areas.map((a) => linkTo(index, '', a)),
      rights: linksOf(iri, caroIri(index, 'addressesRight')),
      targets: linksOf(iri, caroIri(index, 'contributesToTarget')),
    };
  });
  const current = instancesOf(index, caroIri(index, 'StrategicDocument')).filter((iri) => index.store.countQuads(namedNode(iri), namedNode(`${NS.dct}isReplacedBy`), null, null) === 0);
  const documents = sortByLink(current.map((iri) => linkTo(index, '', iri)), (link) => link);
  const related = statement('PriorityRelationStatement')[0];
  return {
    kind: 'home' as const,
    path: '',
    title: 'CBSS Children at Risk: Mandate and Regional Strategy 2020–2025',
    description:
      'The Council of the Baltic Sea States’ Expert Group on Children at Risk: its vision, mission and strategic priorities for July 2020 – June 2025, linked to the UN Convention on the Rights of the Child and the Sustainable Development Goals, as linked data.',
    root: './',
    documents,
    statements: [...statement('Vision'), ...statement('Mission'), ...statement('Commitment')],
    priorities,
    sharedAreas: byNotation(index, [...strategyAreas]).map((a) => linkTo(index, '', a)),
    ...(related ? { related } : {}),
    sections: sections.map((s) => ({ link: { text: s.title, lang: 'en', href: relativeUrl('', `${s.path}/`) }, count: s.count })),
    tools: tools.map((t) => ({ text: t.label, lang: 'en', href: relativeUrl('', `${t.path}/`) })),
    downloads: downloads.map((d) => ({ text: d.label, lang: 'en', href: relativeUrl('', d.path) })),
  };
}

/** The alphabetical index: every page and documented term (crosswalk statements and shapes aside), by first letter. */
export function buildAzView(index: SiteIndex, documents: readonly PublishedDocument[]) {
  const skipTypes = new Set([caroIri(index, 'Alignment'), `${NS.sh}NodeShape`, `${NS.sh}PropertyShape`]);
  const entries = [...documents.flatMap((doc) => doc.members), ...index.anchors.keys()]
    .filter((iri) => !typesOf(index.store, iri).some((t) => skipTypes.has(t)))
    .map((iri) => ({ ...linkTo(index, 'a-z', iri), kindLabel: mostSpecificTypeLabel(index, iri) }));
  const letters = groupBy(entries, (e) => {
    const first = e.text.normalize('NFD').charAt(0).toUpperCase();
    return /[A-Z]/.test(first) ? first : '#';
  });
  const title = 'A–Z index';
  return {
    kind: 'a-z' as const,
    path: 'a-z',
    title,
    root: relativeUrl('a-z', ''),
    breadcrumbs: breadcrumbViews(index, 'a-z', title),
    letters: [...letters.entries()]
      .sort(([a], [b]) => (a === '#' ? 1 : b === '#' ? -1 : compareStrings(a, b)))
      .map(([letter, items]) => ({
        letter,
        id: letter === '#' ? 'other' : `letter-${letter.toLowerCase()}`,
        items: sortByLink(items, (link) => link),
      })),
  };
}
