import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStageCache, hashInputs, runCachedWorkerJob } from '../../src/publish/stage-cache.ts';
import { useScratchDir } from '../helpers/scratch.ts';

const echo = new URL('../fixtures/workers/echo-worker.ts', import.meta.url);

describe('the stage cache', () => {
  const scratch = useScratchDir('cbss-stage-cache');

  it('hashes inputs by path and bytes: a changed byte, a new file or another extra string changes the key', async () => {
    const inputs = path.join(scratch.path, 'inputs-hash');
    await mkdir(path.join(inputs, 'sub'), { recursive: true });
    await writeFile(path.join(inputs, 'a.ttl'), 'a');
    await writeFile(path.join(inputs, 'sub', 'b.ttl'), 'b');
    const first = hashInputs([inputs], ['base']);
    expect(hashInputs([inputs], ['base'])).toBe(first);
    expect(hashInputs([path.join(inputs, 'sub'), inputs], ['base'])).toBe(first);
    expect(hashInputs([inputs], ['other base'])).not.toBe(first);
    await writeFile(path.join(inputs, 'sub', 'b.ttl'), 'c');
    const changed = hashInputs([inputs], ['base']);
    expect(changed).not.toBe(first);
    await writeFile(path.join(inputs, 'new.ttl'), '');
    expect(hashInputs([inputs], ['base'])).not.toBe(changed);
    expect(hashInputs([path.join(inputs, 'missing')], [])).toBe(hashInputs([], []));
  });

  it('keeps one outcome per stage, written whole, and holds nothing when it has no folder', async () => {
    const cacheDir = path.join(scratch.path, 'cache-files');
    const cache = createStageCache(cacheDir);
    expect(cache.read('query', 'k1')).toBeUndefined();
    await cache.write('query', 'k1', { runs: [1, 2] });
    await cache.write('validate', 'k1', { ok: 'yes' });
    expect(cache.read('query', 'k1')).toEqual({ runs: [1, 2] });
    await cache.write('query', 'k2', { runs: [3] });
    expect(cache.read('query', 'k1')).toBeUndefined();
    expect(cache.read('query', 'k2')).toEqual({ runs: [3] });
    expect((await readdir(cacheDir)).sort()).toEqual(['query-k2.json', 'validate-k1.json']);
    const off = createStageCache(undefined);
    await off.write('query', 'k2', { runs: [4] });
    expect(off.read('query', 'k2')).toBeUndefined();
    expect([cache.enabled, off.enabled]).toEqual([true, false]);
  });

  it('with caching off, runs the worker without computing the key', async () => {
    const off = createStageCache(undefined);
    const key = (): string => {
      throw new Error('the key was computed');
    };
    expect(await runCachedWorkerJob<{ value: string }>(echo, { value: 'uncached' }, off, 'echo', key).result).toEqual({ value: 'uncached' });
    const on = createStageCache(path.join(scratch.path, 'cache-key'));
    expect(() => runCachedWorkerJob(echo, { value: 'cached' }, on, 'echo', key)).toThrow('the key was computed');
  });

  it('runs the worker when the inputs are new, and answers from the cache while they are unchanged', async () => {
    const inputs = path.join(scratch.path, 'inputs-run');
    await mkdir(inputs, { recursive: true });
    await writeFile(path.join(inputs, 'graph.ttl'), 'one');
    const cache = createStageCache(path.join(scratch.path, 'cache-run'));
    const spec = (): string => hashInputs([inputs], []);
    expect(await runCachedWorkerJob<{ value: string }>(echo, { value: 'first' }, cache, 'echo', spec).result).toEqual({ value: 'first' });
    expect(await runCachedWorkerJob<{ value: string }>(echo, { value: 'second' }, cache, 'echo', spec).result).toEqual({ value: 'first' });
    await writeFile(path.join(inputs, 'graph.ttl'), 'two');
    expect(await runCachedWorkerJob<{ value: string }>(echo, { value: 'third' }, cache, 'echo', spec).result).toEqual({ value: 'third' });
  });

  it('does not keep a failure, and passes on its name and message', async () => {
    const inputs = path.join(scratch.path, 'inputs-fail');
    await mkdir(inputs, { recursive: true });
    const cache = createStageCache(path.join(scratch.path, 'cache-fail'));
    const spec = (): string => hashInputs([inputs], []);
    await expect(runCachedWorkerJob(echo, { fail: 'broken on purpose' }, cache, 'echo', spec).result).rejects.toMatchObject({ name: 'RangeError', message: 'broken on purpose' });
    expect(await runCachedWorkerJob<{ value: string }>(echo, { value: 'after' }, cache, 'echo', spec).result).toEqual({ value: 'after' });
  });
});
