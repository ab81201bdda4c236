// The rebuild loop of npm start (src/serve/watch.ts): a change builds once, changes during a build build once more after it,
// a failing build is reported and the loop goes on, and close() waits for the build in progress.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { watchAndRebuild } from '../../src/serve/watch.ts';
import { useScratchDir } from '../helpers/scratch.ts';

describe('watchAndRebuild', () => {
  const scratch = useScratchDir('cbss-watch');

  async function makeFolders(name: string): Promise<[string, string]> {
    const a = path.join(scratch.path, name, 'a');
    const b = path.join(scratch.path, name, 'b', 'deep');
    await Promise.all([mkdir(a, { recursive: true }), mkdir(b, { recursive: true })]);
    return [a, b];
  }

  test('builds once after a burst of changes in any watched folder, nested ones included, naming the files', async () => {
    const [a, b] = await makeFolders('burst');
    const log: string[] = [];
    const watching = watchAndRebuild([a, path.dirname(b)], async () => log.push('build'), {
      onStart: (changed) => log.push(`start ${changed.map((f) => path.basename(f)).join(',')}`),
      onSuccess: () => log.push('ok'),
      onFailure: () => log.push('failed'),
    }, 100);
    await writeFile(path.join(a, 'one.ttl'), 'x');
    await writeFile(path.join(b, 'two.ttl'), 'y');
    await expect.poll(() => log, { timeout: 5000 }).toContain('ok');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await watching.close();
    expect(log.filter((l) => l === 'build')).toHaveLength(1);
    expect(log[0]).toMatch(/^start /);
    expect(log[0]).toContain('one.ttl');
    expect(log[0]).toContain('two.ttl');
  });

  test('a change during a build gives exactly one more build after it; a failure is reported and the loop goes on', async () => {
    const [a] = await makeFolders('during');
    const log: string[] = [];
    let builds = 0;
    let release: () => void = () => undefined;
    const watching = watchAndRebuild([a], async () => {
      builds++;
      log.push(`build ${builds}`);
      if (builds === 1) {
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error('broken turtle');
      }
    }, {
      onSuccess: () => log.push('ok'),
      onFailure: (error) => log.push(`failed: ${(error as Error).message}`),
    }, 50);
    await writeFile(path.join(a, 'first.ttl'), '1');
    await expect.poll(() => builds, { timeout: 5000 }).toBe(1);
    await writeFile(path.join(a, 'second.ttl'), '2');
    await writeFile(path.join(a, 'third.ttl'), '3');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(builds).toBe(1);
    release();
    await expect.poll(() => log, { timeout: 5000 }).toContain('ok');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await watching.close();
    expect(log).toEqual(['build 1', 'failed: broken turtle', 'build 2', 'ok']);
  });

  test('close() waits for the build in progress and starts no other', async () => {
    const [a] = await makeFolders('close');
    let finished = false;
    let started = 0;
    const watching = watchAndRebuild([a], async () => {
      started++;
      await new Promise((resolve) => setTimeout(resolve, 300));
      finished = true;
    }, { onSuccess: () => undefined, onFailure: () => undefined }, 20);
    await writeFile(path.join(a, 'x.ttl'), 'x');
    await expect.poll(() => started, { timeout: 5000 }).toBe(1);
    await writeFile(path.join(a, 'y.ttl'), 'y');
    await watching.close();
    expect(finished).toBe(true);
    expect(started).toBe(1);
  });
});
