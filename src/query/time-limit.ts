// The one module that stops a query at its time limit, for `npm run endpoint` and `npm run query -- --timeout`.
// Oxigraph's query() is synchronous: nothing in its own thread can interrupt it. So queries run on worker threads,
// each holding its own oxigraph.Store, loaded from the graph's N-Quads; at the limit the thread is terminated (the
// work really stops), the caller gets QueryTimeoutError, and a fresh thread takes its place for the next query.
// The worker's code is a few lines of plain JavaScript given as text, so it needs no TypeScript loader (Node 20
// does not pass tsx's --import hook on to workers) and starts in a few hundredths of a second.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GraphStore } from '../load/graph-store.ts';
import { writeNQuadChunks } from './oxigraph-store.ts';
import { answerFormatOf, readAnswer, type PreparedQuery } from './oxigraph-engine.ts';
import { QueryEvaluationError, QueryTimeoutError, type QueryResult } from './query.ts';

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.oxigraph).then((oxigraph) => {
  const store = new oxigraph.Store();
  store.load(workerData.chunks, { format: 'application/n-quads', lenient: true });
  parentPort.on('message', ({ text, format }) => {
    try {
      parentPort.postMessage({ answer: store.query(text, { results_format: format }) });
    } catch (error) {
      parentPort.postMessage({ error: String(error && error.message || error) });
    }
  });
  parentPort.postMessage({ ready: true });
});`;

const OXIGRAPH_URL = pathToFileURL(createRequire(import.meta.url).resolve('oxigraph')).href;

/** Queries answered on worker threads, each stopped at the time limit. */
export interface QueryRunner {
  /**
   * Run a prepared query (src/query/oxigraph-engine.ts: prepareQuery); rejects with QueryTimeoutError or
   * QueryEvaluationError. `timeoutMs` overrides the runner's limit for this query (0: none).
   */
  run(query: PreparedQuery, file?: string, timeoutMs?: number): Promise<QueryResult>;
  /** Resolves when every thread has loaded the graph. */
  readonly ready: Promise<void>;
  /** Stop every thread; queries still waiting are refused. */
  close(): Promise<void>;
}

interface Job {
  readonly query: PreparedQuery;
  readonly file: string;
  readonly timeoutMs: number;
  readonly resolve: (result: QueryResult) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job?: Job & { readonly timer?: NodeJS.Timeout };
}

/**
 * Start `threads` worker threads (default 1) over a copy of the graph; `timeoutMs` 0 means no limit. With
 * `labelBlankNodes`, the copy keeps the store's blank node labels aside (src/query/oxigraph-store.ts, BLANK_LABEL).
 */
export function startQueryRunner(graph: GraphStore, options: { readonly timeoutMs: number; readonly threads?: number; readonly labelBlankNodes?: boolean }): QueryRunner {
  const workerData = { oxigraph: OXIGRAPH_URL, chunks: writeNQuadChunks(graph, options) };
  const waiting: Job[] = [];
  const slots: Slot[] = [];
  let closed = false;

  const settle = (slot: Slot, outcome: { answer?: string; error?: string } | Error): void => {
    const job = slot.job;
    if (!job) return;
    clearTimeout(job.timer);
    slot.job = undefined;
    if (outcome instanceof Error) job.reject(outcome);
    else if (outcome.error !== undefined) job.reject(new QueryEvaluationError(job.file, outcome.error.split('\n')[0] ?? ''));
    else readAnswer(job.query.form, outcome.answer ?? '').then(job.resolve, job.reject);
    dispatch();
  };

  const start = (slot: Partial<Slot>): Slot => {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData });
    slot.worker = worker;
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { ready?: true; answer?: string; error?: string }) => {
        if (message.ready) resolve();
        else if (slot.worker === worker) settle(slot as Slot, message);
      });
      worker.once('error', reject);
    });
    slot.ready.catch(() => undefined);
    // A thread that dies on its own (out of memory, say) fails its query and is replaced.
    worker.once('exit', (code) => {
      if (closed || slot.worker !== worker) return;
      settle(slot as Slot, new QueryEvaluationError(slot.job?.file ?? '<query>', `the query thread stopped (exit code ${code})`));
      start(slot);
    });
    return slot as Slot;
  };


  const dispatch = (): void => {
    for (const slot of slots) {
      if (closed || slot.job || waiting.length === 0) continue;
      void slot.ready.then(() => {
        if (closed || slot.job || waiting.length === 0) return;
        const job = waiting.shift()!;
        const timer =
          job.timeoutMs > 0
            ? setTimeout(() => {
                const worker = slot.worker;
                start(slot);
                settle(slot, new QueryTimeoutError(job.timeoutMs));
                void worker.terminate();
              }, job.timeoutMs)
            : undefined;
        slot.job = { ...job, timer };
        slot.worker.postMessage({ text: job.query.text, format: answerFormatOf(job.query.form) });
      });
    }
  };

  for (let i = 0; i < Math.max(1, options.threads ?? 1); i++) slots.push(start({}));
  return {
    ready: Promise.all(slots.map((slot) => slot.ready)).then(() => undefined),
    run(query, file = '<query>', timeoutMs = options.timeoutMs) {
      if (closed) return Promise.reject(new Error('the query runner is closed'));
      return new Promise<QueryResult>((resolve, reject) => {
        waiting.push({ query, file, timeoutMs, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      workerData.chunks.splice(0);
      for (const job of waiting.splice(0)) job.reject(new Error('the query runner is closed'));
      for (const slot of slots) settle(slot, new Error('the query runner is closed'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
