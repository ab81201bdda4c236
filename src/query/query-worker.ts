// Worker thread of the query pool (src/query/query-pool.ts): loads its copy of the graph, then answers one query at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { Parser } from 'n3';
import { GraphStore } from '../load/graph-store.ts';
import { createQueryEngine, runQuery } from './comunica-engine.ts';
import { fromPlainTerm, toPlainError, toPlainResult, type WorkerData, type WorkerReply, type WorkerRequest } from './query-pool.ts';

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

try {
  const data = workerData as WorkerData;
  const store = new GraphStore(new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(data.nquads));
  const engine = createQueryEngine({ baseIri: data.baseIri });
  parentPort?.on('message', (request: WorkerRequest) => {
    const bindings = Object.fromEntries(Object.entries(request.bindings).map(([k, v]) => [k, fromPlainTerm(v)]));
    runQuery(store, request.text, { engine, bindings, timeoutMs: request.timeoutMs, file: '<query>' }).then(
      (result) => post({ id: request.id, ok: true, result: toPlainResult(result) }),
      (error: unknown) => post({ id: request.id, ok: false, error: toPlainError(error) }),
    );
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
