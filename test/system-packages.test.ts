// The one list of system packages the tests need (test/system-packages.txt): .ci/run installs from it, and the
// tests' global setup stops the run at once with the apt-get line when a package of it is missing.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.ts';
import { APACHE_PATH } from './helpers/apache.ts';
import { CHROMIUM_PATH } from './helpers/browser.ts';
import { NGINX_PATH, NJS_MODULE_PATH } from './helpers/nginx.ts';
import { checkSystemPackages, formatInstallLine, readSystemPackages, SYSTEM_PACKAGES_FILE } from './helpers/system-packages.ts';

const run = promisify(execFile);
const scratch: string[] = [];

async function writeList(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-packages-'));
  scratch.push(dir);
  const file = path.join(dir, 'system-packages.txt');
  await writeFile(file, text);
  return file;
}

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the list of system packages', () => {
  it('names every program the tests run, and .ci/run installs from it and names no package of its own', async () => {
    const files = readSystemPackages().map((p) => p.file);
    expect(files).toEqual(expect.arrayContaining([CHROMIUM_PATH, NGINX_PATH, NJS_MODULE_PATH, APACHE_PATH, '/usr/bin/java', '/usr/bin/rapper']));
    const ciRun = await readFile(path.join(ROOT_DIR, '.ci', 'run'), 'utf8');
    expect(ciRun).toContain('done < test/system-packages.txt');
    expect(readSystemPackages().filter((p) => ciRun.includes(p.name)).map((p) => p.name)).toEqual([]);
  });

  it('refuses a malformed line, naming the file and line', async () => {
    const list = await writeList('# comment\n/usr/bin/env coreutils\nchromium\n');
    expect(() => readSystemPackages(list)).toThrow(`${list}:3: expected an absolute file and a package name, found "chromium"`);
  });
});

describe('a missing system package', () => {
  it('gives the apt-get line that installs it, and only it', async () => {
    const list = await writeList(`/usr/bin/env coreutils\n/nonexistent/usr/sbin/apache2 apache2-bin\n/nonexistent/usr/bin/rapper raptor2-utils\n`);
    expect(() => checkSystemPackages(list)).toThrow(`\n  ${formatInstallLine(['apache2-bin', 'raptor2-utils'])}`);
    expect(() => checkSystemPackages(list)).toThrow('apache2-bin (no /nonexistent/usr/sbin/apache2)');
    expect(formatInstallLine(['apache2-bin'], true)).toBe('apt-get install -y --no-install-recommends apache2-bin');
    expect(formatInstallLine(['apache2-bin'], false)).toBe('sudo apt-get install -y --no-install-recommends apache2-bin');
  });

  it('stops the test run at once, before the site is built, with that line', async () => {
    const list = await writeList(`/usr/bin/env coreutils\n/nonexistent/usr/sbin/apache2 apache2-bin\n`);
    const vitest = path.join(ROOT_DIR, 'node_modules', 'vitest', 'vitest.mjs');
    const failed = await run(process.execPath, [vitest, 'run', 'test/prefixes.test.ts', '--reporter=default', '--outputFile.json=/dev/null'], {
      cwd: ROOT_DIR,
      env: { ...process.env, SYSTEM_PACKAGES_FILE: list },
    }).then(
      () => undefined,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    const output = `${failed?.stdout ?? ''}${failed?.stderr ?? ''}`;
    expect(output).toContain(formatInstallLine(['apache2-bin']));
    expect(output).not.toContain('prefixes.test.ts >');
  });

  it('is checked with the repository list by default', () => {
    expect(SYSTEM_PACKAGES_FILE).toBe(path.join(ROOT_DIR, 'test', 'system-packages.txt'));
    expect(() => checkSystemPackages()).not.toThrow();
  });
});
