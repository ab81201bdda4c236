// A content-addressed cache for the stages that read only the graph (validate, query): their outcome is kept under
// a hash of every input that can change it (the ontology, data and queries folders, the base IRI, our own source
// code and the lock file of the dependencies), so a rebuild after a change to templates or styles does not redo
// them, and any change to their inputs does. Same input, same output: cached or not, the site is byte-identical.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../cli/run-bundled.mjs';
import { runWorkerJob, type WorkerJob } from './workers.ts';

/** Where a stage's outcomes are kept, or undefined when caching is off. */
export interface StageCache {
  /** False for a cache that never holds anything (caching is off): no key need be computed for it. */
  readonly enabled: boolean;
  /**
   * The outcome stored for this stage and key, if any. Read synchronously: the build decides at once whether to start
   * the stage's worker, instead of when its own thread next gives the event loop a turn.
   */
  read<T>(stage: string, key: string): T | undefined;
  /** Store the outcome (atomically: written aside, then renamed), dropping the stage's older outcomes. */
  write(stage: string, key: string, value: unknown): Promise<void>;
}

function listFilesUnder(entry: string): string[] {
  let entries;
  try {
    entries = readdirSync(entry, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [entry];
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * Hash the given files and folders (every file under them, by path and bytes) and the extra strings. Synchronous:
 * about 10-20 ms for the real inputs (src/, the lock file, the graph), and its result decides what the build starts.
 */
export function hashInputs(entries: readonly string[], extra: readonly string[] = []): string {
  const files = [...new Set(entries.flatMap(listFilesUnder))].sort();
  const hash = createHash('sha256');
  for (const text of extra) hash.update(`extra\0${text}\0`);
  for (const file of files) {
    const content = readFileSync(file);
    hash.update(`file\0${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex').slice(0, 32);
}

/** A cache in a folder; with no folder, one that never holds anything. */
export function createStageCache(dir: string | undefined): StageCache {
  if (!dir) return { enabled: false, read: () => undefined, write: async () => undefined };
  const fileOf = (stage: string, key: string): string => path.join(dir, `${stage}-${key}.json`);
  return {
    enabled: true,
    read<T>(stage: string, key: string): T | undefined {
      try {
        return JSON.parse(readFileSync(fileOf(stage, key), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    async write(stage: string, key: string, value: unknown): Promise<void> {
      const target = fileOf(stage, key);
      writeFileAtomic(target, JSON.stringify(value));
      for (const name of await readdir(dir)) {
        if (name.startsWith(`${stage}-`) && name.endsWith('.json') && path.join(dir, name) !== target) await rm(path.join(dir, name), { force: true });
      }
    },
  };
}

/**
 * Run a stage's worker unless the cache holds its outcome under this key (a hashInputs of its inputs, computed only
 * when the cache is on); store what the worker answers. On a miss the worker starts at once.
 */
export function runCachedWorkerJob<T>(entry: URL, workerData: unknown, cache: StageCache, stage: string, inputsKey: () => string): WorkerJob<T> {
  const key = cache.enabled ? inputsKey() : undefined;
  const cached = key === undefined ? undefined : cache.read<T>(stage, key);
  if (cached !== undefined) return { result: Promise.resolve(cached), cancel: async () => undefined };
  const job = runWorkerJob<T>(entry, workerData);
  const result = job.result.then(async (value) => {
    if (key !== undefined) await cache.write(stage, key, value);
    return value;
  });
  result.catch(() => undefined);
  return { result, cancel: () => job.cancel() };
}
