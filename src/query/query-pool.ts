// Part of the query stage: runs queries in worker threads, so that a query that blocks (a runaway regular expression,
// a huge intermediate result) can be stopped by terminating its thread while the caller stays responsive.
// Each worker holds its own copy of the graph and its own Comunica engine (src/query/query-worker.ts).
import type { Worker } from 'node:worker_threads';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Writer } from 'n3';
import type { GraphStore } from '../load/graph-store.ts';
import { startModuleWorker } from '../publish/workers.ts';
import {
  QueryEvaluationError,
  QueryParameterError,
  QueryTimeoutError,
  SparqlSyntaxError,
  QueryRefusedError,
  SparqlUpdateError,
  type QueryResult,
  type Row,
} from './query.ts';

/** A term as plain data, to cross a thread boundary. */
export type PlainTerm =
  | { readonly t: 'iri'; readonly v: string }
  | { readonly t: 'bnode'; readonly v: string }
  | { readonly t: 'literal'; readonly v: string; readonly lang?: string; readonly dt?: string };

/** A row of a SELECT result as plain data. */
export type PlainRow = Readonly<Record<string, PlainTerm>>;

export type PlainResult =
  | { readonly type: 'bindings'; readonly variables: readonly string[]; readonly rows: readonly PlainRow[] }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'quads'; readonly quads: ReadonlyArray<readonly [PlainTerm, PlainTerm, PlainTerm]> };

export type PlainError =
  | { readonly kind: 'syntax'; readonly file: string; readonly line: number; readonly column: number; readonly reason: string }
  | { readonly kind: 'update'; readonly file: string }
  | { readonly kind: 'refused'; readonly file: string; readonly reason: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  | { readonly kind: 'parameter'; readonly file: string; readonly reason: string }
  | { readonly kind: 'evaluation'; readonly file: string; readonly reason: string };

export interface WorkerRequest {
  readonly id: number;
  readonly text: string;
  readonly bindings: Readonly<Record<string, PlainTerm>>;
  readonly timeoutMs: number;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly id: number; readonly ok: true; readonly result: PlainResult }
  | { readonly id: number; readonly ok: false; readonly error: PlainError };

export interface WorkerData {
  readonly nquads: string;
  readonly baseIri: string;
}

/** Turn a term into plain data. */
export function toPlainTerm(term: RDF.Term): PlainTerm {
  if (term.termType === 'NamedNode') return { t: 'iri', v: term.value };
  if (term.termType === 'BlankNode') return { t: 'bnode', v: term.value };
  if (term.termType === 'Literal') return term.language ? { t: 'literal', v: term.value, lang: term.language } : { t: 'literal', v: term.value, dt: term.datatype.value };
  throw new Error(`cannot pass a ${term.termType} between threads`);
}

/** Turn plain data back into a term. */
export function fromPlainTerm(term: PlainTerm): RDF.Term {
  if (term.t === 'iri') return DataFactory.namedNode(term.v);
  if (term.t === 'bnode') return DataFactory.blankNode(term.v);
  return DataFactory.literal(term.v, term.lang ?? (term.dt ? DataFactory.namedNode(term.dt) : undefined));
}

/** Turn the rows of a SELECT result into plain data. */
export function toPlainRows(rows: readonly Row[]): PlainRow[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toPlainTerm(v)])));
}

/** Turn plain rows back into rows of terms. */
export function fromPlainRows(rows: readonly PlainRow[]): Row[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromPlainTerm(v)])));
}

/** Turn a query result into plain data. */
export function toPlainResult(result: QueryResult): PlainResult {
  if (result.type === 'boolean') return result;
  if (result.type === 'quads') return { type: 'quads', quads: result.quads.map((q) => [toPlainTerm(q.subject), toPlainTerm(q.predicate), toPlainTerm(q.object)] as const) };
  return { type: 'bindings', variables: result.variables, rows: toPlainRows(result.rows) };
}

/** Turn plain data back into a query result. */
export function fromPlainResult(result: PlainResult): QueryResult {
  if (result.type === 'boolean') return result;
  if (result.type === 'quads') {
    return {
      type: 'quads',
      quads: result.quads.map(([s, p, o]) => DataFactory.quad(fromPlainTerm(s) as never, fromPlainTerm(p) as never, fromPlainTerm(o) as never)),
    };
  }
  return { type: 'bindings', variables: result.variables, rows: fromPlainRows(result.rows) };
}

/** Turn an error of the query stage into plain data. */
export function toPlainError(error: unknown): PlainError {
  if (error instanceof SparqlSyntaxError) return { kind: 'syntax', file: error.file, line: error.line, column: error.column, reason: error.reason };
  if (error instanceof SparqlUpdateError) return { kind: 'update', file: error.file };
  if (error instanceof QueryRefusedError) return { kind: 'refused', file: error.file, reason: error.reason };
  if (error instanceof QueryTimeoutError) return { kind: 'timeout', timeoutMs: error.timeoutMs };
  if (error instanceof QueryParameterError) return { kind: 'parameter', file: error.file, reason: error.reason };
  if (error instanceof QueryEvaluationError) return { kind: 'evaluation', file: error.file, reason: error.reason };
  return { kind: 'evaluation', file: '<query>', reason: error instanceof Error ? error.message : String(error) };
}

/** Turn plain data back into the error of the query stage. */
export function fromPlainError(error: PlainError): Error {
  switch (error.kind) {
    case 'syntax':
      return new SparqlSyntaxError(error.file, error.line, error.column, error.reason);
    case 'update':
      return new SparqlUpdateError(error.file);
    case 'refused':
      return new QueryRefusedError(error.file, error.reason);
    case 'timeout':
      return new QueryTimeoutError(error.timeoutMs);
    case 'parameter':
      return new QueryParameterError(error.file, error.reason);
    case 'evaluation':
      return new QueryEvaluationError(error.file, error.reason);
  }
}

/** The pool has as many queries waiting as it accepts. */
export class QueryPoolBusyError extends Error {
  constructor(readonly waiting: number) {
    super(`The server is busy: ${waiting} queries are waiting; try again later`);
    this.name = 'QueryPoolBusyError';
  }
}

export interface QueryPoolOptions {
  /** Base IRI the graph is minted under. */
  readonly baseIri: string;
  /** Number of worker threads (default 2). */
  readonly size?: number;
  /** Time limit per query in milliseconds, counted from when a worker takes it (default 10 000). */
  readonly timeoutMs?: number;
  /** How long past the time limit a worker may take to stop by itself before it is terminated (default 1 000 ms). */
  readonly graceMs?: number;
  /** Queries allowed to wait for a worker; more are refused with QueryPoolBusyError (default 32). */
  readonly maxWaiting?: number;
  /** Heap limit of each worker in MB (default 512). */
  readonly maxHeapMb?: number;
}

export interface QueryPool {
  /** Run one query; rejects with the query stage's errors, QueryTimeoutError or QueryPoolBusyError. */
  run(text: string, bindings?: Readonly<Record<string, RDF.Term>>): Promise<QueryResult>;
  /** Stop every worker and refuse what is waiting. */
  close(): Promise<void>;
  /** Resolves when every worker has loaded the graph. */
  readonly ready: Promise<void>;
}

interface Job {
  readonly text: string;
  readonly bindings: Record<string, PlainTerm>;
  readonly resolve: (result: QueryResult) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job & { id: number; timer: NodeJS.Timeout };
}

function startWorker(data: WorkerData, maxHeapMb: number): Worker {
  return startModuleWorker(new URL('./query-worker.ts', import.meta.url), data, { maxOldGenerationSizeMb: maxHeapMb });
}

/** Start a pool of query workers over a copy of the store. */
export function createQueryPool(store: GraphStore, options: QueryPoolOptions): QueryPool {
  const size = Math.max(1, options.size ?? 2);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const graceMs = options.graceMs ?? 1_000;
  const maxWaiting = options.maxWaiting ?? 32;
  const maxHeapMb = options.maxHeapMb ?? 512;
  const data: WorkerData = { nquads: new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null)), baseIri: options.baseIri };
  const waiting: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  let startError: Error | undefined;
  const readyWaiters: Array<() => void> = [];
  const failWaiters: Array<(error: Error) => void> = [];

  const checkReady = (): void => {
    if (slots.every((s) => s.ready)) readyWaiters.splice(0).forEach((resolve) => resolve());
  };

  const dispatch = (): void => {
    for (const slot of slots) {
      if (closed || !slot.ready || slot.job || waiting.length === 0) continue;
      const job = waiting.shift()!;
      const id = nextId++;
      // The worker stops the query itself at the time limit; if it has not answered by the grace period, it is stuck.
      const timer = setTimeout(() => {
        job.reject(new QueryTimeoutError(timeoutMs));
        slot.job = undefined;
        replace(slot);
      }, timeoutMs + graceMs);
      slot.job = { ...job, id, timer };
      const request: WorkerRequest = { id, text: job.text, bindings: job.bindings, timeoutMs };
      slot.worker.postMessage(request);
    }
  };

  const attach = (slot: Slot): void => {
    const worker = slot.worker;
    worker.on('message', (reply: WorkerReply) => {
      if (slot.worker !== worker) return;
      if ('type' in reply) {
        if (reply.type === 'ready') {
          slot.ready = true;
          checkReady();
          dispatch();
        } else {
          startError = new Error(`a query worker failed to start: ${reply.message}`);
          failWaiters.splice(0).forEach((reject) => reject(startError!));
          for (const job of waiting.splice(0)) job.reject(startError);
        }
        return;
      }
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      clearTimeout(job.timer);
      slot.job = undefined;
      if (reply.ok) job.resolve(fromPlainResult(reply.result));
      else job.reject(fromPlainError(reply.error));
      dispatch();
    });
    const onDeath = (reason: string): void => {
      if (slot.worker !== worker || closed) return;
      const job = slot.job;
      if (job) {
        clearTimeout(job.timer);
        slot.job = undefined;
        job.reject(new QueryEvaluationError('<query>', `the query worker stopped: ${reason}`));
      }
      replace(slot);
    };
    worker.on('error', (error) => onDeath(error.message));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
  };

  const replace = (slot: Slot): void => {
    const old = slot.worker;
    slot.ready = false;
    if (!closed) {
      slot.worker = startWorker(data, maxHeapMb);
      attach(slot);
    }
    void old.terminate();
  };

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: startWorker(data, maxHeapMb), ready: false };
    slots.push(slot);
    attach(slot);
  }

  const ready = new Promise<void>((resolve, reject) => {
    readyWaiters.push(resolve);
    failWaiters.push(reject);
  });
  ready.catch(() => undefined);

  return {
    ready,
    run(text, bindings = {}) {
      if (closed) return Promise.reject(new Error('the query pool is closed'));
      if (startError) return Promise.reject(startError);
      const idle = slots.some((slot) => slot.ready && !slot.job);
      if (!idle && waiting.length >= maxWaiting) return Promise.reject(new QueryPoolBusyError(waiting.length));
      return new Promise<QueryResult>((resolve, reject) => {
        const plain = Object.fromEntries(Object.entries(bindings).map(([k, v]) => [k, toPlainTerm(v)]));
        waiting.push({ text, bindings: plain, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(new Error('the query pool is closed'));
      await Promise.all(
        slots.map((slot) => {
          if (slot.job) {
            clearTimeout(slot.job.timer);
            slot.job.reject(new Error('the query pool is closed'));
            slot.job = undefined;
          }
          return slot.worker.terminate();
        }),
      );
    },
  };
}
