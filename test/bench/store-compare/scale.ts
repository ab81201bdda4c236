// How copying into Oxigraph scales: the 10k graph repeated k times (subjects renamed), three ways.
import * as oxigraph from 'oxigraph';
import { DataFactory, Writer } from 'n3';
import { loadGraph } from '../../../src/load/load-graph.ts';
const [dir, k, how] = process.argv.slice(2);
const { store } = await loadGraph([`${dir}/ontology`, `${dir}/data`]);
const base = store.getQuads(null, null, null, null);
const quads: any[] = [];
for (let i = 0; i < Number(k); i++) for (const q of base) quads.push(i === 0 ? q : DataFactory.quad(q.subject.termType === 'NamedNode' ? DataFactory.namedNode(`${q.subject.value}-${i}`) : q.subject, q.predicate, q.object, q.graph));
const t0 = performance.now();
let size = 0;
if (how === 'ctor') size = new oxigraph.Store(quads).size;
else if (how === 'add') { const s = new oxigraph.Store(); for (const q of quads) s.add(oxigraph.fromQuad(q)); size = s.size; }
else { const s = new oxigraph.Store(); s.load(new Writer({ format: 'N-Quads' }).quadsToString(quads), { format: 'application/n-quads', no_transaction: true, lenient: true }); size = s.size; }
console.log(how, 'k', k, 'quads', quads.length, 'size', size, 'ms', Math.round(performance.now() - t0));
