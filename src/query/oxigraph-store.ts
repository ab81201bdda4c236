// Where the query stage gets its Oxigraph store for a graph: for now an oxigraph.Store filled with the GraphStore's
// quads, built once per GraphStore (and again only if quads were added since, as the build adds the dataset's
// description before the site's queries). The quads go in as N-Quads text, which Oxigraph loads in bulk (adding them
// one by one took 20 × longer at 10,000 resources); loading gives blank nodes labels of its own.
import { Writer } from 'n3';
import * as oxigraph from 'oxigraph';
import type { GraphStore } from '../load/graph-store.ts';

const stores = new WeakMap<GraphStore, { readonly size: number; readonly store: oxigraph.Store }>();

/** The graph's quads as N-Quads text, as Oxigraph loads them in bulk (here, and in the time-limit threads). */
export function writeNQuads(graph: GraphStore): string {
  return new Writer({ format: 'N-Quads' }).quadsToString([...graph]);
}

/** The Oxigraph store that holds the graph's quads (its default graph holds them all). */
export function getOxigraphStore(graph: GraphStore): oxigraph.Store {
  const known = stores.get(graph);
  if (known && known.size === graph.size) return known.store;
  const store = new oxigraph.Store();
  store.load(writeNQuads(graph), { format: 'application/n-quads', lenient: true, no_transaction: true });
  stores.set(graph, { size: graph.size, store });
  return store;
}
