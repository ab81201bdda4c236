// Which functions of the view code call the store, how often (first 2,000 documents of a graph).
import { readFile } from 'node:fs/promises';
import { GraphStore } from '../../../src/load/graph-store.ts';
import { loadGraph } from '../../../src/load/load-graph.ts';
import { indexDocuments } from '../../../src/describe/describe.ts';
import { createSiteIndex } from '../../../src/render/compose.ts';
import { buildResourceView } from '../../../src/render/resource-view.ts';
import { createPrefixes, DEFAULT_BASE_IRI } from '../../../src/prefixes.ts';
const base = DEFAULT_BASE_IRI;
const { store } = await loadGraph([`${process.argv[2]}/ontology`, `${process.argv[2]}/data`], base);
const documents = indexDocuments(store, base).slice(0, 2000);
const index = createSiteIndex(store, { baseIri: base, prefixes: createPrefixes(base), documents, pageTitles: new Map(), files: new Set(), citation: { title: 'x', publisher: 'y' } });
const counts = new Map<string, number>();
const proto = GraphStore.prototype as any;
const rsProto = Object.getPrototypeOf(proto);
for (const name of ['getQuads', 'countQuads']) {
  const orig = rsProto[name];
  proto[name] = function (...a: any[]) {
    const stack = (new Error().stack ?? '').split('\n').slice(2, 6).map((l) => /at (\S+)/.exec(l)?.[1] ?? '?').filter((f) => !/GraphStore|Array|get[A-Z]/.test(f)).slice(0, 2).join('<');
    const key = `${name}(${a.slice(0, 3).map((t) => (t ? 'x' : '_')).join('')}) ${stack}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return orig.apply(this, a);
  };
}
const queryTemplate = await readFile(new URL('../../../site/_includes/query-this-resource.rq', import.meta.url), 'utf8');
for (const doc of documents) buildResourceView(index, doc, { queryTemplate });
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(v, k);
