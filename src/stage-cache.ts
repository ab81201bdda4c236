// A content-addressed cache for the stages that read only the graph (validate, query): their outcome is kept under
// a hash of every input that can change it (the ontology, data and queries folders, the base IRI, our own source
// code and the lock file of the dependencies), so a rebuild after a change to templates or styles does not redo
// them, and any change to their inputs does. Same input, same output: cached or not, the site is byte-identical.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runWorkerJob, type WorkerJob } from './workers.ts';

/** Where a stage's outcomes are kept, or undefined when caching is off. */
export interface StageCache {
  /** The outcome stored for this stage and key, if any. */
  read<T>(stage: string, key: string): Promise<T | undefined>;
  /** Store the outcome (atomically: written aside, then renamed), dropping the stage's older outcomes. */
  write(stage: string, key: string, value: unknown): Promise<void>;
}

async function listFilesUnder(entry: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(entry, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [entry];
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Hash the given files and folders (every file under them, by path and bytes) and the extra strings. */
export async function hashInputs(entries: readonly string[], extra: readonly string[] = []): Promise<string> {
  const files = [...new Set((await Promise.all(entries.map(listFilesUnder))).flat())].sort();
  const contents = await Promise.all(files.map((file) => readFile(file)));
  const hash = createHash('sha256');
  for (const text of extra) hash.update(`extra\0${text}\0`);
  files.forEach((file, i) => {
    hash.update(`file\0${file}\0${contents[i]!.length}\0`);
    hash.update(contents[i]!);
  });
  return hash.digest('hex').slice(0, 32);
}

/** A cache in a folder; with no folder, one that never holds anything. */
export function createStageCache(dir: string | undefined): StageCache {
  if (!dir) return { read: async () => undefined, write: async () => undefined };
  const fileOf = (stage: string, key: string): string => path.join(dir, `${stage}-${key}.json`);
  return {
    async read<T>(stage: string, key: string): Promise<T | undefined> {
      try {
        return JSON.parse(await readFile(fileOf(stage, key), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    async write(stage: string, key: string, value: unknown): Promise<void> {
      await mkdir(dir, { recursive: true });
      const target = fileOf(stage, key);
      const aside = `${target}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(aside, JSON.stringify(value));
      await rename(aside, target);
      for (const name of await readdir(dir)) {
        if (name.startsWith(`${stage}-`) && name.endsWith('.json') && path.join(dir, name) !== target) await rm(path.join(dir, name), { force: true });
      }
    },
  };
}

/** Run a stage's worker unless the cache holds its outcome under this key (a hashInputs of its inputs); store what the worker answers. */
export function runCachedWorkerJob<T>(entry: URL, workerData: unknown, cache: StageCache, stage: string, inputsKey: Promise<string>): WorkerJob<T> {
  let job: WorkerJob<T> | undefined;
  let cancelled = false;
  const result = (async (): Promise<T> => {
    const key = await inputsKey;
    const cached = await cache.read<T>(stage, key);
    if (cached !== undefined) return cached;
    if (cancelled) throw new Error(`The ${stage} stage was cancelled`);
    job = runWorkerJob<T>(entry, workerData);
    const value = await job.result;
    await cache.write(stage, key, value);
    return value;
  })();
  result.catch(() => undefined);
  return {
    result,
    cancel: async () => {
      cancelled = true;
      await job?.cancel();
    },
  };
}
