// Where SPARQL gets its Oxigraph store for a graph: an oxigraph.Store holding a copy of the GraphStore's quads, made
// once per GraphStore and again only if quads were added since. A copy, because the stages that read the graph quad
// by quad (describe, render) took 2 to 50 times as long on Oxigraph, whose terms cross the WebAssembly boundary one
// property at a time (site/docs/development.md, "The graph in memory").
import type * as RDF from '@rdfjs/types';
import * as oxigraph from 'oxigraph';
import type { GraphStore } from '../load/graph-store.ts';

const stores = new WeakMap<GraphStore, { readonly size: number; readonly store: oxigraph.Store }>();

/** The Oxigraph store that holds the graph's quads, blank nodes under the same labels. */
export function getOxigraphStore(graph: GraphStore): oxigraph.Store {
  const known = stores.get(graph);
  if (known && known.size === graph.size) return known.store;
  // The constructor takes the quads in one call: 3× faster than add() quad by quad, and it keeps blank node labels.
  const store = new oxigraph.Store(graph as Iterable<RDF.Quad> as Iterable<oxigraph.Quad>);
  stores.set(graph, { size: graph.size, store });
  return store;
}
