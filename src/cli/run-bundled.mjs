// node src/cli/run-bundled.mjs <command> [args…]: run src/cli/<command>.ts from a prebuilt bundle, which starts
// several times faster than through tsx (no second process, no TypeScript transform, one file instead of hundreds,
// compiled code reused from a V8 code cache).
//
// The bundle lives in .cache/run-bundled/ (git-ignored), named by a hash of what it is built from: the bytes of the
// files under src/ that went into it, the names of all files under src/ (a file added or removed may change what an
// import finds), package.json, package-lock.json, node_modules/.package-lock.json, tsconfig.json, and this file (the
// build options). Any change there gives a new name, so a stale bundle is never run; the first run after a change
// (or on a fresh clone) builds it. <command>.inputs.json lists the source files of the last build: their bytes now
// give the name to look for. Files are written under a temporary name and renamed into place, so a concurrent or
// interrupted build never leaves a half-written bundle or cache. Without esbuild (a dev dependency), or with
// RUN_BUNDLED=off, the sources run through tsx in this process instead.
//
// The build's stage workers (src/publish/workers.ts's runWorkerJob) start from bundles too, made the same way, of an entry
// under src/ and named after it: `node src/cli/run-bundled.mjs --prepare-workers` builds the missing ones (npm runs
// it before `npm run build` and `npm start`, as their pre-scripts), prepareWorkerBundle finds a bundle before its
// worker starts, and runWorkerBundle runs it on the worker thread (with a V8 code cache, written after the first run
// that succeeds). A worker whose bundle is missing (RUN_BUNDLED=off, no esbuild, sources changed since the last
// prepare, a build that does not bundle) runs through tsx, as before. Building a bundle takes esbuild about 1.5 s
// per worker here, once per change of the sources; loading the workers' modules through tsx about 1-2 s per build.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';

/** The commands that may run from a bundle: src/cli/<name>.ts. */
export const BUNDLED_COMMANDS = ['query', 'build', 'start'];

/**
 * Packages left out of every bundle, loaded from node_modules when the bundle runs, as they read files from beside
 * their own (inside a bundle, that would be .cache/run-bundled/): oxigraph its node_bg.wasm (`${__dirname}/...`),
 * esbuild its binary, tsx its loader (these two come in with this file, which src/publish/workers.ts imports), Pagefind its
 * binary, Eleventy its templates' engines and the site's configuration (ES modules, which src/ imports with import()).
 */
export const EXTERNAL_PACKAGES = ['oxigraph', 'esbuild', 'tsx', 'pagefind', '@11ty/eleventy'];

// A bundle is a script (vm.Script), whose own import() works only without a code cache in Node 20 ("A dynamic import
// callback was not specified"): an external package imported as import('name') is loaded by this module instead,
// through a function loadBundle leaves on globalThis under Symbol.for(IMPORT_KEY).
const IMPORT_KEY = 'cbss-car.run-bundled.import';

/** The files outside src/ that a bundle depends on: the package manifest, the installed tree, the compiler settings. */
export const KEY_FILES = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json'];

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Temporary files older than this were left by a build that was killed: remove them.
const STALE_TEMP_MS = 10 * 60 * 1000;
// A key file (package-lock.json, …) that changes while a bundle is built: build again, this many times at most.
const BUILD_ATTEMPTS = 3;

const toPosix = (rel) => rel.split(path.sep).join('/');

function readIfExists(file) {
  try {
    return readFileSync(file);
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function statExists(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function sameBytes(a, b) {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}

/** The files under src/, relative to the root with "/", sorted. */
export function listSourceFiles(rootDir = ROOT_DIR) {
  let entries;
  try {
    entries = readdirSync(path.join(rootDir, 'src'), { recursive: true, withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => toPosix(path.relative(rootDir, path.join(e.parentPath, e.name))))
    .sort();
}

function readKeyFiles(rootDir) {
  return new Map(KEY_FILES.map((f) => [f, readIfExists(path.join(rootDir, f))]));
}

function digest(rootDir, names, keyFiles, inputs) {
  const hash = createHash('sha256');
  // This file holds the build options; the bundle holds the absolute paths of its source files, so a copy of the
  // tree elsewhere needs its own.
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(`\0root\0${path.resolve(rootDir)}\0names\0${names.join('\0')}\0`);
  const add = (rel, content) => {
    hash.update(`${rel}\0${content === undefined ? 'missing' : content.length}\0`);
    if (content !== undefined) hash.update(content);
  };
  for (const [rel, content] of keyFiles) add(rel, content);
  for (const rel of [...inputs.keys()].sort()) add(rel, inputs.get(rel));
  return hash.digest('hex').slice(0, 24);
}

/**
 * Hash the sources of a bundle as they are on disk: the given files under src/ (default: all of them) by content, the
 * names of all files under src/, the KEY_FILES, and where the tree is.
 */
export function hashSources(rootDir = ROOT_DIR, inputs = undefined) {
  const names = listSourceFiles(rootDir);
  const contents = new Map((inputs ?? names).map((rel) => [rel, readIfExists(path.join(rootDir, rel))]));
  return digest(rootDir, names, readKeyFiles(rootDir), contents);
}

/** Write a file under a temporary name in the same folder, then rename it into place: readers see the old file or the whole new one. */
export function writeFileAtomic(file, data) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The folder of a tree's bundles and their code caches (and of the browser bundles, src/publish/bundle.ts). */
export function defaultCacheDir(rootDir = ROOT_DIR) {
  return path.join(rootDir, '.cache', 'run-bundled');
}

/**
 * Where the bundle of a command built from sources with this hash lives, and its V8 code cache for this V8 and these
 * Node options (V8 rejects a cache made under other flags: one file per set keeps them from replacing each other).
 */
export function bundlePaths(command, hash, cacheDir = defaultCacheDir()) {
  const bundle = path.join(cacheDir, `${command}-${hash}.cjs`);
  const flags = createHash('sha256').update(process.execArgv.join('\0')).digest('hex').slice(0, 8);
  return { bundle, codeCache: `${bundle}.${process.arch}-v8-${process.versions.v8}-${flags}.cache` };
}

// esbuild does not follow require functions made with createRequire (evanw/esbuild#1828), nor can a bundle keep each
// module's own import.meta.url. For files under src/: give each its own file URL, so that paths computed from it
// (src/config.ts's ROOT_DIR, the entry's "am I the main module" test) stay right; and bundle the calls, with a literal
// package name, of a require made by `const name = createRequire(import.meta.url)`, as require() calls are bundled,
// so that a package loaded that way and by a dependency is bundled once (src/query/comunica-engine.ts shares Comunica's parser).
export function transformSource(text, file) {
  let out = text;
  const names = [...out.matchAll(/\bconst\s+([A-Za-z_$][\w$]*)\s*=\s*createRequire\(\s*import\.meta\.url\s*\)/g)].map((m) => m[1]);
  for (const name of names) {
    if (name === 'require') continue;
    const escaped = name.replace(/\$/g, '\\$');
    out = out.replace(new RegExp(`(?<![\\w$.])${escaped}\\((\\s*(['"])[^'"\\n]+\\2\\s*)\\)`, 'g'), 'require($1)');
  }
  out = out.replace(/\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g, (call, quote, specifier) =>
    EXTERNAL_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`)) ? `globalThis[Symbol.for(${JSON.stringify(IMPORT_KEY)})](${JSON.stringify(specifier)})` : call,
  );
  return out.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(file).href));
}

// Loads the files under src/ through transformSource, and keeps the bytes it read of each: the bundle's name is
// computed from exactly what went into it, even when a file changes during the build.
function sourceFilesPlugin(rootDir, inputs) {
  const srcDir = path.join(rootDir, 'src') + path.sep;
  return {
    name: 'source-files',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        if (!args.path.startsWith(srcDir) || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const bytes = readFileSync(args.path);
        inputs.set(toPosix(path.relative(rootDir, args.path)), bytes);
        if (/\.[cm]?ts$/.test(args.path)) return { contents: transformSource(bytes.toString('utf8'), args.path), loader: 'ts' };
        if (/\.[cm]?js$/.test(args.path)) return { contents: transformSource(bytes.toString('utf8'), args.path), loader: 'js' };
        // Anything else imported from src/ (JSON, say): esbuild's loader for its extension, on the bytes read here.
        return { contents: bytes, loader: 'default' };
      });
    },
  };
}

/** Bundle an entry file with esbuild (CommonJS, minified); returns the code and the bytes of each file under src/ it took in. */
export async function buildBundle({ rootDir = ROOT_DIR, entry, esbuild }) {
  const { build } = esbuild ?? (await import('esbuild'));
  const inputs = new Map();
  const result = await build({
    absWorkingDir: rootDir,
    entryPoints: [entry],
    outfile: path.join(defaultCacheDir(rootDir), 'out.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'silent',
    external: EXTERNAL_PACKAGES,
    plugins: [sourceFilesPlugin(rootDir, inputs)],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild wrote no output for ${entry}`);
  return { code: output.contents, inputs };
}

function removeOldFiles(cacheDir, command, keep) {
  // Only this command's own bundles and caches: "query-<hash>.cjs", not "query-worker-<hash>.cjs".
  const own = new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{24}\\.cjs(\\.|$)`);
  let names;
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const file = path.join(cacheDir, name);
    if (name.endsWith('.tmp')) {
      // Another process may be writing it right now, unless it is old.
      try {
        if (now - statSync(file).mtimeMs < STALE_TEMP_MS) continue;
      } catch {
        continue;
      }
    } else if (!own.test(name) || file === keep || file.startsWith(`${keep}.`)) continue;
    rmSync(file, { force: true });
  }
}

function formatBuildError(error) {
  const messages = error.errors ?? [];
  if (messages.length === 0) return error.message;
  return messages.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text)).join('\n');
}

function readInputList(file) {
  try {
    const list = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(list) && list.every((f) => typeof f === 'string') ? list : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bundle of a command for the sources as they are now: its paths, its entry (src/cli/<command>.ts unless given:
 * any file under src/, the files hashed by content) and whether it has been built.
 */
export function findBundle({ command, entry: entryFile = undefined, rootDir = ROOT_DIR, cacheDir = defaultCacheDir(rootDir) }) {
  if (!/^[\w.-]+$/.test(command)) throw new Error(`not a bundle name: ${command}`);
  const entry = entryFile === undefined ? path.join(rootDir, 'src', 'cli', `${command}.ts`) : path.resolve(entryFile);
  const srcDir = path.join(path.resolve(rootDir), 'src') + path.sep;
  if (!entry.startsWith(srcDir)) throw new Error(`cannot bundle ${entry}: only files under ${srcDir} are hashed by content`);
  const paths = bundlePaths(command, hashSources(rootDir, readInputList(path.join(cacheDir, `${command}.inputs.json`))), cacheDir);
  return { ...paths, entry, exists: statExists(paths.bundle) };
}

/**
 * Make sure a bundle of a command for the sources as they are now exists; build it when it does not (esbuild is
 * loaded only then). The entry is src/cli/<command>.ts unless given (any file under src/: only those are hashed by
 * content); the command names the bundle's files. Returns its paths and whether it was built, or undefined when it
 * is missing and loadEsbuild gives no esbuild. Rejects with the build's messages when the sources do not build.
 */
export async function ensureBundle({ command, entry: entryFile = undefined, rootDir = ROOT_DIR, cacheDir = defaultCacheDir(rootDir), loadEsbuild = () => import('esbuild') }) {
  const found = findBundle({ command, entry: entryFile, rootDir, cacheDir });
  const { entry } = found;
  if (found.exists) return { bundle: found.bundle, codeCache: found.codeCache, entry, built: false };
  const inputList = path.join(cacheDir, `${command}.inputs.json`);
  const esbuild = await loadEsbuild();
  if (!esbuild) return undefined;
  for (let attempt = 1; attempt <= BUILD_ATTEMPTS; attempt++) {
    const names = listSourceFiles(rootDir);
    const keyFiles = readKeyFiles(rootDir);
    let built;
    try {
      built = await buildBundle({ rootDir, entry, esbuild });
    } catch (error) {
      throw Object.assign(new Error(`could not build ${path.relative(rootDir, entry)}:\n${formatBuildError(error)}`), { code: 'BUNDLE_BUILD_FAILED' });
    }
    // A key file changed during the build: what was bundled is not what its name would say.
    const keyFilesAfter = readKeyFiles(rootDir);
    if ([...keyFiles].some(([f, content]) => !sameBytes(content, keyFilesAfter.get(f)))) continue;
    const paths = bundlePaths(command, digest(rootDir, names, keyFiles, built.inputs), cacheDir);
    writeFileAtomic(paths.bundle, built.code);
    writeFileAtomic(inputList, `${JSON.stringify([...built.inputs.keys()].sort(), null, 1)}\n`);
    removeOldFiles(cacheDir, command, paths.bundle);
    return { ...paths, entry, built: true };
  }
  throw new Error(`could not build ${path.relative(rootDir, entry)}: the sources kept changing while they were bundled`);
}

/**
 * Read and compile a bundle, taking compiled code from its V8 code cache when V8 accepts it. Returns whether it did,
 * run() to run the bundle as a CommonJS module, and saveCodeCache() to (re)write the cache with the functions
 * compiled so far (best after a run: V8 compiles functions when they are first called).
 */
export function loadBundle({ bundle, codeCache }) {
  globalThis[Symbol.for(IMPORT_KEY)] ??= (specifier) => import(specifier);
  const code = readFileSync(bundle, 'utf8');
  const cachedData = readIfExists(codeCache);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  return {
    usedCodeCache: cachedData !== undefined && !script.cachedDataRejected,
    run() {
      const module = { exports: {} };
      script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
    },
    saveCodeCache() {
      try {
        writeFileAtomic(codeCache, script.createCachedData());
        return true;
      } catch {
        // A cache that cannot be written only makes the next start slower.
        return false;
      }
    },
  };
}

/**
 * Run a bundle as the main module: process.argv becomes [node, entry, …args], so the entry's own "am I the main
 * module" test passes. Compiled code is taken from the code cache when V8 accepts it; otherwise the cache is
 * (re)written when the process is about to exit with status 0.
 */
export function runBundle({ bundle, codeCache, entry }, args) {
  const loaded = loadBundle({ bundle, codeCache });
  if (!loaded.usedCodeCache) {
    // The cache holds the functions compiled so far: take it from a run that worked, not one that stopped at an error.
    process.once('beforeExit', () => {
      if (process.exitCode !== undefined && process.exitCode !== 0) return;
      loaded.saveCodeCache();
    });
  }
  process.argv = [process.argv[0], entry, ...args];
  loaded.run();
  return { usedCodeCache: loaded.usedCodeCache };
}

// Without args, process.argv stays as it is (a worker thread's entry is not the main module).
async function runFromSource(entry, args = undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  if (args) process.argv = [process.argv[0], entry, ...args];
  await import(pathToFileURL(entry).href);
}

async function loadEsbuildIfInstalled() {
  try {
    return await import('esbuild');
  } catch (error) {
    if (error.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** The key of the messages a bundled worker (runWorkerBundle) and its parent exchange, told apart from the job's own. */
export const WORKER_MESSAGE_KEY = 'runBundled';

/** The stage workers' entries under src/ (without .ts), bundled by --prepare-workers. */
export const WORKER_ENTRIES = ['validate-worker', 'query-files-worker'];

const PREPARE_FLAG = '--prepare-workers';

/**
 * Before a worker thread starts on an entry module (a file under src/): the paths of its bundle for the sources as
 * they are now, if it exists; otherwise why not. Nothing is built here (prepareWorkerBundles does that, before a
 * build): building a bundle now would hold this run's worker back longer than tsx does.
 */
export function prepareWorkerBundle({ command, entry, rootDir = ROOT_DIR, cacheDir = defaultCacheDir(rootDir) }) {
  if (process.env.RUN_BUNDLED === 'off') return { reason: 'RUN_BUNDLED=off' };
  let found;
  try {
    found = findBundle({ command, entry, rootDir, cacheDir });
  } catch (error) {
    return { reason: error.message };
  }
  if (found.exists) return { paths: { bundle: found.bundle, codeCache: found.codeCache, entry: found.entry } };
  return { reason: `no bundle for the sources as they are (node src/cli/run-bundled.mjs ${PREPARE_FLAG} builds it)` };
}

/**
 * Build the bundles of the given worker entries (names of files under src/, without .ts) that are missing for the
 * sources as they are now. Returns, per entry, whether it was built; rejects with esbuild's messages (file, line and
 * cause) when an entry does not bundle. Without esbuild (a dev dependency) it builds nothing.
 */
export async function prepareWorkerBundles({ names = WORKER_ENTRIES, rootDir = ROOT_DIR, cacheDir = defaultCacheDir(rootDir), loadEsbuild = loadEsbuildIfInstalled } = {}) {
  const prepared = [];
  for (const name of names) {
    const ensured = await ensureBundle({ command: name, entry: path.join(rootDir, 'src', `${name}.ts`), rootDir, cacheDir, loadEsbuild });
    prepared.push({ name, built: ensured?.built ?? false, bundled: ensured !== undefined });
  }
  return prepared;
}

/**
 * On a worker thread: run a bundle that prepareWorkerBundle found, with its V8 code cache when V8 takes it; the entry
 * through tsx when the bundle was removed before it could be read (by a build of newer sources). With report, first
 * posts { runBundled: 'runner', runner: { bundled: true, usedCodeCache, bundle } or { bundled: false, reason } },
 * and, when there was no code cache, answers a later { runBundled: 'save-code-cache' } (sent once the job has
 * succeeded) by writing it, with the functions compiled by then, and posting { runBundled: 'code-cache-saved', saved }.
 */
export async function runWorkerBundle({ bundle, codeCache, entry }, { report = false } = {}) {
  const tell = (runner) => {
    if (report) parentPort?.postMessage({ [WORKER_MESSAGE_KEY]: 'runner', runner });
  };
  let loaded;
  try {
    loaded = loadBundle({ bundle, codeCache });
  } catch (error) {
    if (error.code !== 'ENOENT' || error.path !== bundle) throw error;
    tell({ bundled: false, reason: 'the bundle was removed before it was read' });
    await runFromSource(entry);
    return;
  }
  tell({ bundled: true, usedCodeCache: loaded.usedCodeCache, bundle });
  if (report && !loaded.usedCodeCache) {
    const onMessage = (message) => {
      if (message?.[WORKER_MESSAGE_KEY] !== 'save-code-cache') return;
      parentPort?.off('message', onMessage);
      parentPort?.postMessage({ [WORKER_MESSAGE_KEY]: 'code-cache-saved', saved: loaded.saveCodeCache() });
    };
    parentPort?.on('message', onMessage);
  }
  loaded.run();
}

async function main(argv) {
  const [command, ...args] = argv;
  if (command === PREPARE_FLAG) {
    if (process.env.RUN_BUNDLED === 'off') return;
    try {
      const started = performance.now();
      const prepared = await prepareWorkerBundles();
      const built = prepared.filter((p) => p.built).map((p) => p.name);
      if (built.length > 0) process.stderr.write(`run-bundled: bundled ${built.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      // The build still runs, its workers through tsx: a source that does not bundle is the build's to report.
      process.stderr.write(`run-bundled: ${error.message}\n(the build's workers run through tsx)\n`);
    }
    return;
  }
  if (!command || !BUNDLED_COMMANDS.includes(command)) {
    process.stderr.write(`run-bundled: give a command: ${BUNDLED_COMMANDS.join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const source = path.join(ROOT_DIR, 'src', 'cli', `${command}.ts`);
  if (process.env.RUN_BUNDLED === 'off') {
    await runFromSource(source, args);
    return;
  }
  // A second try: the bundle found may be removed before it is read, by a process that built a newer one.
  for (let attempt = 1; ; attempt++) {
    let paths;
    try {
      paths = await ensureBundle({ command, loadEsbuild: loadEsbuildIfInstalled });
    } catch (error) {
      if (error.code === 'BUNDLE_BUILD_FAILED') {
        process.stderr.write(`run-bundled: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      // The sources build, but the bundle cannot be kept (a read-only tree, a full disk): run them as they are.
      process.stderr.write(`run-bundled: no bundle (${error.message}); running the sources through tsx\n`);
      paths = undefined;
    }
    if (!paths) {
      await runFromSource(source, args);
      return;
    }
    try {
      runBundle(paths, args);
      return;
    } catch (error) {
      if (error.code !== 'ENOENT' || error.path !== paths.bundle || attempt > 1) throw error;
    }
  }
}

// Not awaited at the top level: src/publish/workers.ts imports this file, so it is bundled into the stage workers' bundles,
// whose CommonJS format has no top-level await. A failure is still an unhandled rejection: its stack, exit code 1.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2));
}
