// Peak memory of loading a graph into each store: rs = loadGraph (n3 parser into rdf-stores), ox = Oxigraph's own Turtle loader, file by file.
import { readFile } from 'node:fs/promises';
import * as oxigraph from 'oxigraph';
import { listTurtleFiles, loadGraph } from '../../../src/load/load-graph.ts';
const [kind, dir] = process.argv.slice(2);
const t0 = performance.now();
let size = 0;
if (kind === 'rs') size = (await loadGraph([`${dir}/ontology`, `${dir}/data`])).store.size;
else if (kind === 'ox') {
  const store = new oxigraph.Store();
  for (const f of await listTurtleFiles([`${dir}/ontology`, `${dir}/data`])) store.load(await readFile(f, 'utf8'), { format: 'text/turtle', base_iri: 'https://example.org/' });
  size = store.size;
}
console.log(kind, dir, 'quads', size, 'ms', Math.round(performance.now() - t0), 'rss now MB', Math.round(process.memoryUsage().rss / 1e6));
