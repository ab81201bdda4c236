// Where the query stage gets its Oxigraph store for a graph: for now an oxigraph.Store filled with the GraphStore's
// quads, built once per GraphStore (and again only if quads were added since, as the build adds the dataset's
// description before the site's queries). The quads go in as N-Quads text in one load (adding them one by one took
// 20 × longer at 10,000 resources), in a transaction: Oxigraph's bulk loader (`no_transaction`), made for its
// on-disk store, took 3.4 × as long (6.2 s against 1.8 s for the 148,623 quads of 10,130 resources) and
// 170 MB of WebAssembly memory, which never shrinks. Loading gives blank nodes labels of its own.
import { DataFactory, Writer } from 'n3';
import * as oxigraph from 'oxigraph';
import type { GraphStore } from '../load/graph-store.ts';

const stores = new WeakMap<GraphStore, { readonly size: number; readonly store: oxigraph.Store }>();

/**
 * A named graph, never read by a query of ours, in which a copy can keep the store's own blank node labels:
 * Oxigraph gives blank nodes labels of its own as it loads, and a check's rows must name the store's nodes.
 */
export const BLANK_LABEL = 'urn:x-cbss-car:blank-node-label';

/**
 * The graph's quads as N-Quads, in UTF-8 chunks of about 8 MB (outside V8's heap; one string would double as the
 * graph grows), as Oxigraph loads them; with `labelBlankNodes`, each blank node's label in BLANK_LABEL.
 */
export function writeNQuadChunks(graph: GraphStore, options: { readonly labelBlankNodes?: boolean } = {}): Buffer[] {
  const writer = new Writer({ format: 'N-Quads' });
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  let length = 0;
  const push = (line: string): void => {
    lines.push(line);
    length += line.length;
    if (length < 8_000_000) return;
    chunks.push(Buffer.from(lines.join('')));
    lines = [];
    length = 0;
  };
  for (const q of graph) push(writer.quadToString(q.subject, q.predicate, q.object, q.graph));
  if (options.labelBlankNodes) {
    const blanks = new Set<string>();
    for (const q of graph) {
      if (q.subject.termType === 'BlankNode') blanks.add(q.subject.value);
      if (q.object.termType === 'BlankNode') blanks.add(q.object.value);
    }
    const label = DataFactory.namedNode(BLANK_LABEL);
    for (const node of blanks) push(writer.quadToString(DataFactory.blankNode(node), label, DataFactory.literal(node), label));
  }
  chunks.push(Buffer.from(lines.join('')));
  return chunks;
}

/** The Oxigraph store that holds the graph's quads (its default graph holds them all). */
export function getOxigraphStore(graph: GraphStore): oxigraph.Store {
  const known = stores.get(graph);
  if (known && known.size === graph.size) return known.store;
  const store = new oxigraph.Store();
  store.load(writeNQuadChunks(graph), { format: 'application/n-quads', lenient: true });
  stores.set(graph, { size: graph.size, store });
  return store;
}

/**
 * Give a store's WebAssembly memory back at once. Oxigraph's objects are otherwise freed only when V8's collector
 * finalizes them, which it does late as it does not see their size: at 10,000 resources the build's scratch
 * stores grew the WebAssembly memory, which never shrinks, to 528 MB against 358 MB when freed at once.
 */
export function freeStore(store: oxigraph.Store): void {
  (store as unknown as { free(): void }).free();
}
