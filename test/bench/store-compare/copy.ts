// Time copying the GraphStore into an oxigraph.Store three ways, and check that blank node labels survive.
import * as oxigraph from 'oxigraph';
import { loadGraph } from '../../../src/load/load-graph.ts';
const dir = process.argv[2]!;
const { store } = await loadGraph([`${dir}/ontology`, `${dir}/data`]);
const blank = [...store].find((q) => q.subject.termType === 'BlankNode')!.subject;
let t0 = performance.now();
const b = new oxigraph.Store();
for (const quad of store) b.add(oxigraph.fromQuad(quad) as oxigraph.Quad);
console.log('add each', Math.round(performance.now() - t0), b.size, 'blank kept', b.match(blank as any, null, null, null).length > 0);
t0 = performance.now();
const c = new oxigraph.Store(store as any);
console.log('constructor', Math.round(performance.now() - t0), c.size, 'blank kept', c.match(blank as any, null, null, null).length > 0);
