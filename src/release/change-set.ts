// The change set between two releases: per resource (every IRI of ours that is a subject), whether it is new, gone,
// deprecated, replaced or changed, where "changed" means that its description (its triples and, recursively, those
// of the blank nodes they reach) is not isomorphic to the one before (rdf-isomorphic), so renumbered blank nodes
// never count; and the triples added and removed. Triples without blank nodes are compared as they are; a triple
// from a resource to a blank node, with everything that blank node reaches (a branch), is added or removed only when
// no branch of the other graph's description is isomorphic to it (and blank nodes no IRI reaches are compared by
// their canonical labels).
import { DataFactory } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { GraphStore, type Quad } from '../load/graph-store.ts';
import { describeSubject, termKey } from '../describe/describe.ts';
import { STANDARD_PREFIXES as NS } from '../prefixes.ts';

const { namedNode } = DataFactory;

/** What a change set finds for a resource. A deprecated or replaced resource is not also listed as changed. */
export type ChangeKind = 'added' | 'changed' | 'deprecated' | 'replaced' | 'removed';

/** The kinds of change, in the order pages and feeds list them, with the ontology's term for each. */
export const CHANGE_KINDS: readonly { readonly kind: ChangeKind; readonly term: string; readonly label: string }[] = [
  { kind: 'added', term: 'Added', label: 'new' },
  { kind: 'changed', term: 'Changed', label: 'changed' },
  { kind: 'deprecated', term: 'Deprecated', label: 'deprecated' },
  { kind: 'replaced', term: 'Replaced', label: 'replaced' },
  { kind: 'removed', term: 'Removed', label: 'removed' },
];

/** One resource's entry in a change set. */
export interface ResourceChange {
  readonly iri: string;
  readonly kinds: readonly ChangeKind[];
}

/** The difference between two graphs. */
export interface GraphChanges {
  readonly added: readonly Quad[];
  readonly removed: readonly Quad[];
  /** Sorted by IRI. */
  readonly resources: readonly ResourceChange[];
}

function quadKey(q: Quad): string {
  return `${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`;
}

const hasBlank = (q: Quad): boolean => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode';

// The resources of ours that are subjects (named nodes under the base, hash IRIs included).
function resourcesOf(store: GraphStore, baseIri: string): Set<string> {
  const found = new Set<string>();
  for (const s of store.getSubjects(null, null, null)) if (s.termType === 'NamedNode' && s.value.startsWith(baseIri)) found.add(s.value);
  return found;
}

function objectsOf(quads: readonly Quad[], subject: string, predicate: string): Set<string> {
  return new Set(quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => termKey(q.object)));
}

function isDeprecated(quads: readonly Quad[], subject: string): boolean {
  return quads.some((q) => q.subject.value === subject && q.predicate.value === `${NS.owl}deprecated` && q.object.value === 'true');
}

function sameDescription(before: readonly Quad[], after: readonly Quad[]): boolean {
  if (before.length !== after.length) return false;
  if (!before.some(hasBlank) && !after.some(hasBlank)) {
    const keys = new Set(before.map(quadKey));
    return after.every((q) => keys.has(quadKey(q)));
  }
  return isomorphic([...before], [...after]);
}

// The blank-node branches of a description: each triple from the resource to a blank node, with the triples of
// every blank node it reaches (within the description).
function branchesOf(description: readonly Quad[], iri: string): Quad[][] {
  const bySubject = new Map<string, Quad[]>();
  for (const q of description) if (q.subject.termType === 'BlankNode') bySubject.set(q.subject.value, [...(bySubject.get(q.subject.value) ?? []), q]);
  return description
    .filter((q) => q.subject.value === iri && q.subject.termType === 'NamedNode' && q.object.termType === 'BlankNode')
    .map((root) => {
      const branch = [root];
      const seen = new Set<string>();
      const pending = [root.object.value];
      while (pending.length > 0) {
        const node = pending.pop()!;
        if (seen.has(node)) continue;
        seen.add(node);
        for (const q of bySubject.get(node) ?? []) {
          branch.push(q);
          if (q.object.termType === 'BlankNode') pending.push(q.object.value);
        }
      }
      return branch;
    });
}

/** Compare an older and a newer graph (default-graph quads): what happened to each resource, and which triples came and went. */
export function compareGraphs(older: Iterable<Quad>, newer: Iterable<Quad>, baseIri: string): GraphChanges {
  const before = new GraphStore(older);
  const after = new GraphStore(newer);
  const iris = [...new Set([...resourcesOf(before, baseIri), ...resourcesOf(after, baseIri)])].sort();
  const resources: ResourceChange[] = [];
  const added = new Map<string, Quad>();
  const removed = new Map<string, Quad>();
  // Blank nodes some resource reaches, in each graph; those of unchanged descriptions are left out of the triples.
  const reachedBefore = new Set<string>();
  const reachedAfter = new Set<string>();
  for (const iri of iris) {
    const oldDescription = describeSubject(before, namedNode(iri));
    const newDescription = describeSubject(after, namedNode(iri));
    for (const q of oldDescription) if (q.subject.termType === 'BlankNode') reachedBefore.add(q.subject.value);
    for (const q of newDescription) if (q.subject.termType === 'BlankNode') reachedAfter.add(q.subject.value);
    let kinds: ChangeKind[] = [];
    if (oldDescription.length === 0) kinds = ['added'];
    else if (newDescription.length === 0) kinds = ['removed'];
    else if (!sameDescription(oldDescription, newDescription)) {
      if (isDeprecated(newDescription, iri) && !isDeprecated(oldDescription, iri)) kinds.push('deprecated');
      const oldReplacements = objectsOf(oldDescription, iri, `${NS.dct}isReplacedBy`);
      if ([...objectsOf(newDescription, iri, `${NS.dct}isReplacedBy`)].some((r) => !oldReplacements.has(r))) kinds.push('replaced');
      if (kinds.length === 0) kinds.push('changed');
    }
    if (kinds.length === 0) continue;
    resources.push({ iri, kinds });
    // A changed description: the branches (blank-node parts) that have no isomorphic twin on the other side.
    const oldBranches = branchesOf(oldDescription, iri);
    const newBranches = branchesOf(newDescription, iri);
    const unmatched = newBranches.filter((branch) => {
      const twin = oldBranches.findIndex((old) => old.length === branch.length && isomorphic(old, branch));
      if (twin >= 0) oldBranches.splice(twin, 1);
      return twin < 0;
    });
    for (const q of oldBranches.flat()) removed.set(`${quadKey(q)} old`, q);
    for (const q of unmatched.flat()) added.set(`${quadKey(q)} new`, q);
  }
  // Triples without blank nodes, and those of blank nodes no resource reaches, compare as they are.
  const compareLoose = (from: GraphStore, to: GraphStore, reached: Set<string>, into: Map<string, Quad>, tag: string): void => {
    for (const q of from.readQuads(null, null, null, null)) {
      const described = q.subject.termType === 'BlankNode' ? reached.has(q.subject.value) : q.subject.value.startsWith(baseIri);
      if (hasBlank(q) && described) continue;
      if (!to.has(q)) into.set(`${quadKey(q)} ${tag}`, q);
    }
  };
  compareLoose(after, before, reachedAfter, added, 'new');
  compareLoose(before, after, reachedBefore, removed, 'old');
  return { added: [...added.values()], removed: [...removed.values()], resources };
}
