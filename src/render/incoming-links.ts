// Stage 4, render: the links into a resource from elsewhere, grouped by property, and the crosswalk (a priority or
// area of concern and the UNCRC provisions and SDG targets it is linked to, each link with its rationale).
import { DataFactory } from 'n3';
import type { Term } from '../load/graph-store.ts';
import { objectsOf, termKey, type IncomingLink } from '../describe/describe.ts';
import { STANDARD_PREFIXES as NS } from '../prefixes.ts';
import { caroIri, labelOf, type SiteIndex } from './site-index.ts';
import { linkTo, propertyLink, sortByKey, sortByLink } from './links.ts';
import { firstLiteral, sortValues } from './property-rows.ts';

const { namedNode } = DataFactory;

/** Resources that link to this one through one property (or path from a blank node). */
export type IncomingView = ReturnType<typeof incomingViews>[number];

/** Crosswalk rows under a heading. */
export interface CrosswalkGroup {
  readonly heading: string;
  readonly rows: readonly ReturnType<typeof crosswalkRow>[];
}

/** Links into the resource from elsewhere, grouped by property path. */
export function incomingViews(index: SiteIndex, fromDir: string, links: readonly IncomingLink[], skip: ReadonlySet<string>) {
  const groups = new Map<string, { path: readonly string[]; from: Map<string, Term> }>();
  for (const link of links) {
    if (link.path.some((p) => skip.has(p))) continue;
    const key = link.path.join(' ');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { path: link.path, from: new Map() }));
    group.from.set(link.from.value, link.from);
  }
  const views = [...groups.values()].map((g) => ({
    property: propertyLink(index, fromDir, g.path[g.path.length - 1] as string),
    via: g.path.slice(0, -1).map((p) => propertyLink(index, fromDir, p)),
    from: sortByLink([...g.from.values()].map((t) => linkTo(index, fromDir, t)), (link) => link),
  }));
  return sortByKey(views, (view) => view.property.text + view.via.map((v) => v.text).join(' '));
}

// One crosswalk link to (or from) a UNCRC provision or an SDG target, with the rationale and sources of its alignment.
function crosswalkRow(index: SiteIndex, fromDir: string, other: Term, property: string, alignment: Term | undefined) {
  const rationale = alignment ? firstLiteral(index.store, alignment, caroIri(index, 'rationale')) : undefined;
  return {
    target: linkTo(index, fromDir, other),
    relation: labelOf(index, property).value,
    ...(rationale ? { rationale: { text: rationale.value, lang: rationale.language } } : {}),
    sources: alignment ? sortValues(index, objectsOf(index.store, alignment, `${NS.dct}source`)).map((s) => linkTo(index, fromDir, s)) : [],
    ...(alignment ? { statement: linkTo(index, fromDir, alignment) } : {}),
  };
}

/** Crosswalk rows from a priority or area (outgoing), or into an article or target (incoming), with rationale. */
export function crosswalkViews(index: SiteIndex, fromDir: string, subject: Term): CrosswalkGroup[] {
  const { store } = index;
  const properties = [caroIri(index, 'addressesRight'), caroIri(index, 'contributesToTarget')];
  const groups: CrosswalkGroup[] = [];
  // The first candidate Alignment (in store order) for each pair of the term at its other end and its property,
  // found once per page: an article linked from hundreds of concepts has as many Alignments to match them with.
  const indexAlignments = (end: 'alignmentSubject' | 'alignmentObject', otherEnd: 'alignmentSubject' | 'alignmentObject'): Map<string, Term> => {
    const found = new Map<string, Term>();
    const propertyNode = namedNode(caroIri(index, 'alignmentProperty'));
    const deprecated = namedNode(`${NS.owl}deprecated`);
    for (const a of store.getSubjects(namedNode(caroIri(index, end)), subject, null)) {
      // A withdrawn alignment (owl:deprecated) gives no rationale to a link; its own page says why it was withdrawn.
      if (store.countQuads(a, deprecated, null, null) > 0) continue;
      for (const other of store.getObjects(a, namedNode(caroIri(index, otherEnd)), null)) {
        for (const p of store.getObjects(a, propertyNode, null)) {
          const key = `${termKey(other)}\u0000${p.value}`;
          if (!found.has(key)) found.set(key, a);
        }
      }
    }
    return found;
  };
  const addGroups = (alignments: Map<string, Term>, linked: (property: string) => Term[], headings: readonly [string, string]): void => {
    properties.forEach((property, i) => {
      const rows = linked(property).map((other) => crosswalkRow(index, fromDir, other, property, alignments.get(`${termKey(other)}\u0000${property}`)));
      if (rows.length > 0) groups.push({ heading: headings[i] as string, rows: sortByLink(rows, (row) => row.target) });
    });
  };
  addGroups(indexAlignments('alignmentSubject', 'alignmentObject'), (p) => store.getObjects(subject, namedNode(p), null), [
    'Rights of the child it serves (UNCRC)',
    'Sustainable Development Goal targets it contributes to',
  ]);
  addGroups(indexAlignments('alignmentObject', 'alignmentSubject'), (p) => store.getSubjects(namedNode(p), subject, null), [
    'Priorities and areas of concern that serve it',
    'Priorities and areas of concern that contribute to it',
  ]);
  return groups;
}
