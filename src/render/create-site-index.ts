// The index every page's view is computed from: labels, documents, superclasses and SDG anchors, read once from the
// store (src/render/site-index.ts's SiteIndex).
import { DataFactory } from 'n3';
import type { GraphStore } from '../load/graph-store.ts';
import { compareStrings, indexLabels, type PublishedDocument } from '../describe/describe.ts';
import { STANDARD_PREFIXES as NS } from '../prefixes.ts';
import { applyShortLabels, type SiteIndex, type SourceIndex } from './site-index.ts';
import { indexSdgAnchors } from './index-views.ts';

const { namedNode } = DataFactory;

/** Every class declared or used, with all its superclasses (itself included), from rdfs:subClassOf. */
export function indexSuperClasses(store: GraphStore): Map<string, string[]> {
  const direct = new Map<string, Set<string>>();
  for (const q of store.readQuads(null, namedNode(`${NS.rdfs}subClassOf`), null, null)) {
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') continue;
    direct.set(q.subject.value, (direct.get(q.subject.value) ?? new Set()).add(q.object.value));
  }
  for (const t of store.getObjects(null, namedNode(`${NS.rdf}type`), null)) if (t.termType === 'NamedNode' && !direct.has(t.value)) direct.set(t.value, new Set());
  const result = new Map<string, string[]>();
  for (const cls of direct.keys()) {
    // A Set's loop also visits what is added to it during the loop: each superclass once, however deep.
    const seen = new Set<string>([cls]);
    for (const sub of seen) for (const sup of direct.get(sub) ?? []) seen.add(sup);
    result.set(cls, [...seen].sort(compareStrings));
  }
  return result;
}

/** Build the index every view is computed from: labels, documents, superclasses and SDG anchors, from the store. */
export function createSiteIndex(
  store: GraphStore,
  options: Pick<SiteIndex, 'baseIri' | 'prefixes' | 'pageTitles' | 'files' | 'citation'> & { readonly documents: readonly PublishedDocument[]; readonly sources?: readonly SourceIndex[] },
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
    sources: new Map((options.sources ?? []).map((s) => [s.iri, s])),
    citation: options.citation,
  };
}
