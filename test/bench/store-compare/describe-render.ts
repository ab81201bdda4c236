// Time the stages that read the store: load, index, describeDocument and buildResourceView for every document.
import { readFile } from 'node:fs/promises';
import { GraphStore as RsStore } from '../../../src/load/graph-store.ts';
import { GraphStore as OxStore } from './graph-store-ox.ts';
import { listTurtleFiles, parseTurtle } from '../../../src/load/load-graph.ts';
import { indexDocuments, describeDocument } from '../../../src/describe/describe.ts';
import { createSiteIndex } from '../../../src/render/compose.ts';
import { buildResourceView } from '../../../src/render/resource-view.ts';
import { createPrefixes, DEFAULT_BASE_IRI } from '../../../src/prefixes.ts';

const [kind, dir, only] = process.argv.slice(2);
const base = DEFAULT_BASE_IRI;
const t = () => performance.now();
const times: Record<string, number> = {};
let t0 = t();
const files = await listTurtleFiles([`${dir}/ontology`, `${dir}/data`]);
const quads = (await Promise.all(files.map(async (f) => parseTurtle(await readFile(f, 'utf8'), f, base)))).flat();
times.parse = t() - t0;
t0 = t();
const store: any = kind === 'ox' ? new OxStore(quads) : new RsStore(quads);
quads.length = 0;
times.add = t() - t0;
if (only === 'load') { console.log(kind, JSON.stringify(times), 'size', store.size, 'rss', Math.round(process.memoryUsage().rss / 1e6)); process.exit(0); }
t0 = t();
const all = store.getQuads(null, null, null, null).length;
times.allQuads = t() - t0;
t0 = t();
const documents = indexDocuments(store, base).slice(0, Number(process.env.LIMIT ?? Infinity));
const index = createSiteIndex(store, { baseIri: base, prefixes: createPrefixes(base), documents, pageTitles: new Map(), files: new Set(), citation: { title: 'x', publisher: 'y' } });
times.index = t() - t0;
const queryTemplate = await readFile(new URL('../../../site/_includes/query-this-resource.rq', import.meta.url), 'utf8');
t0 = t();
let n = 0;
for (const doc of documents) n += describeDocument(store, doc.members).length;
times.describe = t() - t0;
if (only === 'describe') { console.log(kind, Object.entries(times).map(([k, v]) => `${k}=${Math.round(v)}ms`).join(' ')); process.exit(0); }
t0 = t();
let views = 0; let k = 0;
for (const doc of documents) { views += JSON.stringify(buildResourceView(index, doc, { queryTemplate })).length; if (++k % 1000 === 0) console.error(k, Math.round(t() - t0)); }
times.views = t() - t0;
times.readingStages = times.index + times.describe + times.views;
console.log(kind, Object.entries(times).map(([k, v]) => `${k}=${Math.round(v)}ms`).join(' '), 'docs', documents.length, 'quads', all, 'described', n, 'viewBytes', views, 'rss', Math.round(process.memoryUsage().rss / 1e6));
