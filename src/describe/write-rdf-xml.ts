// The RDF/XML dump, written by Oxigraph on a thread of its own. Oxigraph writes RDF/XML only from one of its stores,
// and only its constructor keeps our blank node labels (its bulk load gives them new random ones, and the dump would
// change from build to build). That constructor took 10.7 s at 10,130 resources, and grew the WebAssembly memory,
// which never shrinks, by 130 MB. On a thread, it runs while the build writes the other dumps, and its memory goes
// with the thread: at 10,130 resources the main thread's external memory at the end of `views` fell from 235 MB to
// 124 MB (`process.memoryUsage()` after a full collection). The thread's code is a few lines of plain JavaScript, as
// src/query/time-limit.ts's.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CanonicalGraph } from './write-rdf.ts';
import { writeNTriples } from './write-rdf.ts';

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Parser } = require(workerData.n3);
import(workerData.oxigraph).then((oxigraph) => {
  const quads = new Parser({ format: 'N-Triples', blankNodePrefix: '' }).parse(workerData.ntriples);
  const store = new oxigraph.Store(quads);
  parentPort.postMessage(store.dump({ format: 'application/rdf+xml', from_graph_name: oxigraph.defaultGraph() }));
});`;

const require = createRequire(import.meta.url);

// XML 1.0 allows only these characters; Oxigraph would write any other as it is, and the XML would not parse.
const XML_FORBIDDEN = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Write a graph as RDF/XML with Oxigraph, on a thread: blank nodes flat with rdf:nodeID. Oxigraph's store keeps
 * numbers, booleans and dates as values, so their literals come out in canonical form ("04" as "4"): the same graph
 * when the data's literals are canonical. Throws on characters XML cannot hold, naming the subject.
 */
export async function writeRdfXml(graph: CanonicalGraph, ntriples: string = writeNTriples(graph)): Promise<string> {
  for (const q of graph.quads) {
    if (XML_FORBIDDEN.test(q.subject.value) || XML_FORBIDDEN.test(q.predicate.value) || XML_FORBIDDEN.test(q.object.value)) {
      throw new Error(`RDF/XML cannot hold a character of a triple of ${q.subject.value}`);
    }
  }
  const workerData = { n3: require.resolve('n3'), oxigraph: pathToFileURL(require.resolve('oxigraph')).href, ntriples };
  const worker = new Worker(WORKER_CODE, { eval: true, workerData });
  try {
    return await new Promise<string>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the RDF/XML thread stopped (exit code ${code})`)));
    });
  } finally {
    await worker.terminate();
  }
}
