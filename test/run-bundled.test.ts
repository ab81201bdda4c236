// Tests of the bundle launcher (src/cli/run-bundled.mjs): the source hash, rebuilding when a source changes, atomic
// writes under concurrent and failed builds, the V8 code cache, the real query command run from its bundle, and the
// pieces the stage workers start with (an entry under src/, a worker whose bundle has gone; see test/publish/workers.test.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { runQueryCommand } from '../src/cli/query.ts';
import { bundlePaths, ensureBundle, findBundle, hashSources, transformSource, writeFileAtomic } from '../src/cli/run-bundled.mjs';
import { ROOT_DIR } from '../src/config.ts';
import { useTinyProjects } from './helpers/tiny-project.ts';

const LAUNCHER = fileURLToPath(new URL('../src/cli/run-bundled.mjs', import.meta.url));
const createTinyProject = useTinyProjects('run-bundled');

/** A small project: src/cli/hello.ts prints a greeting from src/greet.ts, with the key files beside src/. */
function createProject(greeting = 'hello'): string {
  return createTinyProject({
    'src/greet.ts': `export const greeting: string = ${JSON.stringify(greeting)};\n`,
    'src/cli/hello.ts': "import { greeting } from '../greet.ts';\nprocess.stdout.write(`${greeting} ${process.argv.slice(2).join(' ')}\\n`);\n",
  });
}

const HELLO_INPUTS = ['src/cli/hello.ts', 'src/greet.ts'];

/** The bundle that building src/cli/hello.ts from the sources as they are now must give. */
function expectedBundle(root: string): string {
  return bundlePaths('hello', hashSources(root, HELLO_INPUTS), path.join(root, '.cache', 'run-bundled')).bundle;
}

function cacheFiles(root: string): string[] {
  const dir = path.join(root, '.cache', 'run-bundled');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** A script that runs the bundle given in $PATHS through runBundle with the arguments in $ARGS, and reports on stderr. */
function writeRunner(root: string): string {
  const runner = path.join(root, 'runner.mjs');
  writeFileSync(
    runner,
    `import { runBundle } from ${JSON.stringify(pathToFileURL(LAUNCHER).href)};\n` +
      `const result = runBundle(JSON.parse(process.env.PATHS), JSON.parse(process.env.ARGS));\n` +
      `process.stderr.write(JSON.stringify(result));\n`,
  );
  return runner;
}

/** Run a built bundle through runBundle in a fresh Node process; its stdout, and whether V8 took the code cache. */
function runInChild(root: string, paths: { bundle: string; codeCache: string; entry: string }, args: string[] = []): { stdout: string; usedCodeCache: boolean } {
  const child = spawnSync(process.execPath, [writeRunner(root)], { encoding: 'utf8', env: { ...process.env, PATHS: JSON.stringify(paths), ARGS: JSON.stringify(args) } });
  expect(child.status, child.stderr).toBe(0);
  return { stdout: child.stdout, usedCodeCache: (JSON.parse(child.stderr) as { usedCodeCache: boolean }).usedCodeCache };
}

describe('hashSources', () => {
  test('is stable, and changes when a source file, a key file or a file name changes', () => {
    const root = createProject();
    const first = hashSources(root);
    expect(hashSources(root)).toBe(first);

    const greet = path.join(root, 'src', 'greet.ts');
    const original = readFileSync(greet, 'utf8');
    writeFileSync(greet, original.replace('hello', 'hallo'));
    const changed = hashSources(root);
    expect(changed).not.toBe(first);
    writeFileSync(greet, original);
    expect(hashSources(root)).toBe(first);

    writeFileSync(path.join(root, 'src', 'other.ts'), 'export {};\n');
    const added = hashSources(root);
    expect(added).not.toBe(first);
    rmSync(path.join(root, 'src', 'other.ts'));

    writeFileSync(path.join(root, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": {} }\n');
    const locked = hashSources(root);
    expect(locked).not.toBe(first);

    // The same content under another name is another source tree.
    rmSync(path.join(root, 'src', 'greet.ts'));
    writeFileSync(path.join(root, 'src', 'greeting.ts'), original);
    expect(new Set([first, changed, added, locked, hashSources(root)]).size).toBe(5);
  });

  test('differs for the same tree in another folder, whose bundle holds other paths', () => {
    expect(hashSources(createProject('same'))).not.toBe(hashSources(createProject('same')));
  });

  test('given the files a bundle was built from, ignores the content of other files but not their names', () => {
    const root = createProject();
    writeFileSync(path.join(root, 'src', 'unrelated.ts'), 'export const a = 1;\n');
    const first = hashSources(root, HELLO_INPUTS);
    writeFileSync(path.join(root, 'src', 'unrelated.ts'), 'export const a = 2;\n');
    expect(hashSources(root, HELLO_INPUTS)).toBe(first);
    writeFileSync(path.join(root, 'src', 'greet.ts'), 'export const greeting: string = "hi";\n');
    expect(hashSources(root, HELLO_INPUTS)).not.toBe(first);
    writeFileSync(path.join(root, 'src', 'greet.ts'), 'export const greeting: string = "hello";\n');
    expect(hashSources(root, HELLO_INPUTS)).toBe(first);
    writeFileSync(path.join(root, 'src', 'greet.js'), 'export const greeting = "shadow";\n');
    expect(hashSources(root, HELLO_INPUTS)).not.toBe(first);
  });
});

describe('transformSource', () => {
  const file = '/repo/src/query.ts';

  test("gives each file its own import.meta.url", () => {
    const out = transformSource('export const here = new URL(import.meta.url);\n', file);
    expect(out).toBe(`export const here = new URL(${JSON.stringify(pathToFileURL(file).href)});\n`);
  });

  test('turns literal calls of a require made with createRequire into require() calls, and nothing else', () => {
    const text = [
      'const requireCjs = createRequire(import.meta.url);',
      "const { Parser } = requireCjs('@traqula/parser-sparql-1-2') as typeof import('x');",
      'const dynamic = requireCjs(name);',
      "const member = other.requireCjs('y');",
    ].join('\n');
    const out = transformSource(text, file).split('\n');
    expect(out[1]).toBe("const { Parser } = require('@traqula/parser-sparql-1-2') as typeof import('x');");
    expect(out[2]).toBe('const dynamic = requireCjs(name);');
    expect(out[3]).toBe("const member = other.requireCjs('y');");
  });

  test('sends an import() of a package left out of the bundle through the launcher, and leaves every other import() alone', () => {
    const text = "const a = await import('pagefind');\nconst b = await import(\"esbuild/lib/main.js\");\nconst c = await import('rdflib');\nconst d = await import(name);\n";
    const out = transformSource(text, file).split('\n');
    expect(out[0]).toBe('const a = await globalThis[Symbol.for("cbss-car.run-bundled.import")]("pagefind");');
    expect(out[1]).toBe('const b = await globalThis[Symbol.for("cbss-car.run-bundled.import")]("esbuild/lib/main.js");');
    expect(out[2]).toBe("const c = await import('rdflib');");
    expect(out[3]).toBe('const d = await import(name);');
  });

  test('leaves a local function named require alone', () => {
    const text = "const require = createRequire(import.meta.url);\nconst c = require('rdf-canonize');\n";
    expect(transformSource(text, file)).toBe(`const require = createRequire(${JSON.stringify(pathToFileURL(file).href)});\nconst c = require('rdf-canonize');\n`);
  });
});

describe('ensureBundle', () => {
  test('builds once, reuses the bundle while the sources stay the same, and rebuilds when one changes', async () => {
    const root = createProject('hello');
    writeFileSync(path.join(root, 'src', 'unrelated.ts'), 'export const a = 1;\n');
    const first = await ensureBundle({ command: 'hello', rootDir: root });
    expect(first?.built).toBe(true);
    expect(first?.bundle).toBe(expectedBundle(root));
    expect(JSON.parse(readFileSync(path.join(root, '.cache', 'run-bundled', 'hello.inputs.json'), 'utf8'))).toEqual(HELLO_INPUTS);
    expect(runInChild(root, first!, ['world']).stdout).toBe('hello world\n');

    const again = await ensureBundle({ command: 'hello', rootDir: root });
    expect(again).toEqual({ ...first, built: false });
    // A file the bundle does not take in changes: the bundle stays.
    writeFileSync(path.join(root, 'src', 'unrelated.ts'), 'export const a = 2;\n');
    expect(await ensureBundle({ command: 'hello', rootDir: root })).toEqual({ ...first, built: false });

    writeFileSync(path.join(root, 'src', 'greet.ts'), 'export const greeting: string = "bonjour";\n');
    const rebuilt = await ensureBundle({ command: 'hello', rootDir: root });
    expect(rebuilt?.built).toBe(true);
    expect(rebuilt?.bundle).not.toBe(first?.bundle);
    expect(runInChild(root, rebuilt!, ['world']).stdout).toBe('bonjour world\n');
    // The stale bundle and its code cache are gone.
    expect(cacheFiles(root).filter((f) => f.startsWith(path.basename(first!.bundle)))).toEqual([]);
  });

  test('counts a JSON file imported from src/ among the sources', async () => {
    const root = createProject();
    writeFileSync(path.join(root, 'src', 'greeting.json'), '{ "text": "moi" }\n');
    writeFileSync(path.join(root, 'src', 'greet.ts'), "import data from './greeting.json';\nexport const greeting: string = data.text;\n");
    const first = await ensureBundle({ command: 'hello', rootDir: root });
    expect(runInChild(root, first!, ['kaikki']).stdout).toBe('moi kaikki\n');
    writeFileSync(path.join(root, 'src', 'greeting.json'), '{ "text": "hei" }\n');
    const next = await ensureBundle({ command: 'hello', rootDir: root });
    expect(next?.built).toBe(true);
    expect(runInChild(root, next!, ['kaikki']).stdout).toBe('hei kaikki\n');
  });

  test('returns undefined, building nothing, when esbuild is not installed', async () => {
    const root = createProject();
    expect(await ensureBundle({ command: 'hello', rootDir: root, loadEsbuild: async () => undefined })).toBeUndefined();
    expect(cacheFiles(root)).toEqual([]);
  });

  test('a failed build names file and line, writes no bundle, and keeps the last good one', async () => {
    const root = createProject();
    const good = await ensureBundle({ command: 'hello', rootDir: root });
    const before = readFileSync(good!.bundle);
    writeFileSync(path.join(root, 'src', 'greet.ts'), 'export const greeting: string = ;\n');
    await expect(ensureBundle({ command: 'hello', rootDir: root })).rejects.toThrow(/greet\.ts:1:\d+: /);
    expect(cacheFiles(root)).toEqual([path.basename(good!.bundle), 'hello.inputs.json']);
    expect(readFileSync(good!.bundle).equals(before)).toBe(true);
  });

  test('never takes a temporary file left by a killed build for the bundle, and removes it once it is old', async () => {
    const root = createProject('hello');
    const bundle = expectedBundle(root);
    mkdirSync(path.dirname(bundle), { recursive: true });
    const oldTemp = `${bundle}.999-deadbeef.tmp`;
    const freshTemp = `${bundle}.998-cafebabe.tmp`;
    writeFileSync(oldTemp, '"use strict";\nprocess.stdout.write("half');
    writeFileSync(freshTemp, '"use strict";\nprocess.stdout.write("half');
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(oldTemp, anHourAgo, anHourAgo);

    const built = await ensureBundle({ command: 'hello', rootDir: root });
    expect(built?.built).toBe(true);
    expect(built?.bundle).toBe(bundle);
    expect(runInChild(root, built!, ['there']).stdout).toBe('hello there\n');
    expect(existsSync(oldTemp)).toBe(false);
    // A recent one may belong to a build still running: it stays.
    expect(existsSync(freshTemp)).toBe(true);
  });

  test('concurrent builds all succeed, and a reader only ever sees the whole bundle', async () => {
    const root = createProject('hello');
    const script = `import { ensureBundle } from ${JSON.stringify(pathToFileURL(LAUNCHER).href)};
const result = await ensureBundle({ command: 'hello', rootDir: ${JSON.stringify(root)} });
process.stdout.write(JSON.stringify(result));`;
    const bundle = expectedBundle(root);
    const children = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    });
    let running = true;
    const seen = new Set<string>();
    const all = Promise.all(children).finally(() => (running = false));
    while (running) {
      if (existsSync(bundle)) {
        try {
          seen.add(readFileSync(bundle, 'utf8'));
        } catch {
          // Renamed over between the check and the read: look again.
        }
      }
      await sleep(1);
    }
    const results = await all;
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(new Set(results.map((r) => (JSON.parse(r.stdout) as { bundle: string }).bundle))).toEqual(new Set([bundle]));
    const final = readFileSync(bundle, 'utf8');
    // Every state of the file a reader saw is the complete bundle (the builds write the same bytes).
    for (const content of seen) expect(content).toBe(final);
    expect(cacheFiles(root)).toEqual([path.basename(bundle), 'hello.inputs.json']);
  });

  test('names the bundle by the bytes it was built from when a source changes during the build', async () => {
    const root = createProject('before');
    const greet = path.join(root, 'src', 'greet.ts');
    const esbuild = await import('esbuild');
    // An edit that lands while esbuild works: the bundle has the old text, the disk the new one.
    const editDuringBuild = async () => ({
      build: (async (options: Parameters<typeof esbuild.build>[0]) => {
        const result = await esbuild.build(options);
        writeFileSync(greet, 'export const greeting: string = "after";\n');
        return result;
      }) as typeof esbuild.build,
    });
    const built = await ensureBundle({ command: 'hello', rootDir: root, loadEsbuild: editDuringBuild });
    expect(runInChild(root, built!, []).stdout).toBe('before \n');
    expect(built?.bundle).not.toBe(expectedBundle(root));
    const next = await ensureBundle({ command: 'hello', rootDir: root });
    expect(next?.built).toBe(true);
    expect(runInChild(root, next!, []).stdout).toBe('after \n');
  });
});

describe('ensureBundle of an entry outside src/cli/', () => {
  test('bundles a file under src/ under the name given, and refuses one outside src/, whose content would not be hashed', async () => {
    const root = createProject('hi');
    writeFileSync(path.join(root, 'src', 'say.ts'), "import { greeting } from './greet.ts';\nprocess.stdout.write(`${greeting} from say\\n`);\n");
    const entry = path.join(root, 'src', 'say.ts');
    const built = await ensureBundle({ command: 'say', entry, rootDir: root });
    expect(built).toMatchObject({ entry, built: true });
    expect(built?.bundle).toBe(findBundle({ command: 'say', entry, rootDir: root }).bundle);
    expect(path.basename(built!.bundle)).toMatch(/^say-[0-9a-f]{24}\.cjs$/);
    expect(runInChild(root, built!).stdout).toBe('hi from say\n');
    expect(findBundle({ command: 'say', entry, rootDir: root }).exists).toBe(true);
    writeFileSync(path.join(root, 'src', 'greet.ts'), 'export const greeting: string = "ciao";\n');
    expect(findBundle({ command: 'say', entry, rootDir: root }).exists).toBe(false);

    writeFileSync(path.join(root, 'say.ts'), 'process.stdout.write("outside\\n");\n');
    await expect(ensureBundle({ command: 'say', entry: path.join(root, 'say.ts'), rootDir: root })).rejects.toThrow(/only files under .*src/);
  });

  test("rebuilding one bundle leaves another whose name begins with the first one's alone", async () => {
    const root = createProject('hello');
    writeFileSync(path.join(root, 'src', 'hello-worker.ts'), "import { greeting } from './greet.ts';\nprocess.stdout.write(greeting);\n");
    const worker = await ensureBundle({ command: 'hello-worker', entry: path.join(root, 'src', 'hello-worker.ts'), rootDir: root });
    const first = await ensureBundle({ command: 'hello', rootDir: root });
    writeFileSync(path.join(root, 'src', 'cli', 'hello.ts'), 'process.stdout.write("changed\\n");\n');
    const second = await ensureBundle({ command: 'hello', rootDir: root });
    expect(second?.bundle).not.toBe(first?.bundle);
    expect(existsSync(first!.bundle)).toBe(false);
    expect(existsSync(worker!.bundle)).toBe(true);
  });
});

describe('runWorkerBundle', () => {
  test('runs the entry through tsx, and says so, when the bundle has gone before the worker could read it', async () => {
    const root = createProject('fallback');
    const entry = path.join(root, 'src', 'echo.ts');
    writeFileSync(entry, "import { parentPort, workerData } from 'node:worker_threads';\nimport { greeting } from './greet.ts';\nparentPort?.postMessage(`${greeting} ${workerData}`);\n");
    const gone = path.join(root, '.cache', 'run-bundled', 'echo-000000000000000000000000.cjs');
    const code = `import(${JSON.stringify(pathToFileURL(LAUNCHER).href)}).then((l) => l.runWorkerBundle(${JSON.stringify({ bundle: gone, codeCache: `${gone}.cache`, entry })}, { report: true }));`;
    const worker = new Worker(code, { eval: true, workerData: 'there' });
    const messages: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: unknown) => {
        messages.push(message);
        if (messages.length === 2) resolve();
      });
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(messages).toEqual([{ runBundled: 'runner', runner: { bundled: false, reason: 'the bundle was removed before it was read' } }, 'fallback there']);
  });
});

describe('writeFileAtomic', () => {
  test('replaces a file whole, and leaves no temporary file and the old content when it cannot', () => {
    // A folder of its own, beside the project's key files.
    const root = path.join(createTinyProject(), 'atomic');
    mkdirSync(root);
    const file = path.join(root, 'out.txt');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    // A folder where the file should go: the rename fails.
    const blocked = path.join(root, 'blocked');
    mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(blocked, 'three')).toThrow();
    expect(statSync(blocked).isDirectory()).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['blocked', 'out.txt']);
  });
});

describe('runBundle', () => {
  test('writes a V8 code cache on the first run and uses it on the next', async () => {
    const root = createProject('hej');
    const paths = await ensureBundle({ command: 'hello', rootDir: root });
    const first = runInChild(root, paths!, ['a']);
    expect(first).toEqual({ stdout: 'hej a\n', usedCodeCache: false });
    expect(existsSync(paths!.codeCache)).toBe(true);
    expect(runInChild(root, paths!, ['b'])).toEqual({ stdout: 'hej b\n', usedCodeCache: true });
  });

  test('loads a package left out of the bundle with import(), with and without a code cache', async () => {
    // Node 20 loses a script's import() callback when the script comes from a code cache ("A dynamic import
    // callback was not specified"): the second run is the one that failed before the launcher took such imports.
    const root = createTinyProject({
      'src/cli/hello.ts': "void import('esbuild').then((esbuild) => process.stdout.write(`${typeof esbuild.build} ${process.argv.slice(2).join(' ')}\\n`));\n",
    });
    const paths = await ensureBundle({ command: 'hello', rootDir: root });
    expect(runInChild(root, paths!, ['a'])).toEqual({ stdout: 'function a\n', usedCodeCache: false });
    expect(runInChild(root, paths!, ['b'])).toEqual({ stdout: 'function b\n', usedCodeCache: true });
  });

  test('writes no code cache from a run that fails', async () => {
    const root = createProject();
    writeFileSync(path.join(root, 'src', 'cli', 'hello.ts'), 'process.exitCode = 3;\n');
    const paths = await ensureBundle({ command: 'hello', rootDir: root });
    const child = spawnSync(process.execPath, [writeRunner(root)], { encoding: 'utf8', env: { ...process.env, PATHS: JSON.stringify(paths), ARGS: '[]' } });
    expect(child.status).toBe(3);
    expect(existsSync(paths!.codeCache)).toBe(false);
  });
});

describe('npm run query through the launcher', () => {
  const launch = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [LAUNCHER, 'query', ...args], { cwd: ROOT_DIR, encoding: 'utf8', env: { ...process.env, ...env } });

  test('prints what the command prints from its source, bundled and with RUN_BUNDLED=off', async () => {
    let expected = '';
    const status = await runQueryCommand(['priorities', '--format', 'json'], { stdout: (t) => (expected += t), stderr: () => undefined });
    expect(status).toBe(0);
    const bundled = launch(['priorities', '--format', 'json']);
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(expected));
    const fromSource = launch(['priorities', '--format', 'json'], { RUN_BUNDLED: 'off' });
    expect(fromSource.status, fromSource.stderr).toBe(0);
    expect(JSON.parse(fromSource.stdout)).toEqual(JSON.parse(expected));
  });

  test('loads Comunica and the SPARQL parser from the bundle only, one copy each', () => {
    launch(['priorities']);
    const traced = launch(['priorities'], { NODE_DEBUG: 'module' });
    expect(traced.status, traced.stderr).toBe(0);
    const loaded = [...traced.stderr.matchAll(/load "([^"]+)"/g)].map((m) => m[1]!);
    expect(loaded.filter((f) => /node_modules\/(@traqula|@comunica|n3|rdf-data-factory)\//.test(f))).toEqual([]);
  });

  test("keeps the command's exit status and messages", () => {
    const syntax = launch(['-e', 'SELECT * WHERE { ?s ?p }']);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/^<command line>:1:\d+: SPARQL syntax error/);
    const unknown = launch(['no-such-question']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no such query file or question: no-such-question');
  });

  test('refuses a command it does not know', () => {
    const child = spawnSync(process.execPath, [LAUNCHER, 'no-such-command'], { cwd: ROOT_DIR, encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stderr).toContain('give a command: query, build, start');
  });
});
