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
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** The commands that may run from a bundle: src/cli/<name>.ts. */
export const BUNDLED_COMMANDS = ['query'];

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

/**
 * Where the bundle of a command built from sources with this hash lives, and its V8 code cache for this V8 and these
 * Node options (V8 rejects a cache made under other flags: one file per set keeps them from replacing each other).
 */
export function bundlePaths(command, hash, cacheDir = path.join(ROOT_DIR, '.cache', 'run-bundled')) {
  const bundle = path.join(cacheDir, `${command}-${hash}.cjs`);
  const flags = createHash('sha256').update(process.execArgv.join('\0')).digest('hex').slice(0, 8);
  return { bundle, codeCache: `${bundle}.${process.arch}-v8-${process.versions.v8}-${flags}.cache` };
}

// esbuild does not follow require functions made with createRequire (evanw/esbuild#1828), nor can a bundle keep each
// module's own import.meta.url. For files under src/: give each its own file URL, so that paths computed from it
// (src/config.ts's ROOT_DIR, the entry's "am I the main module" test) stay right; and bundle the calls, with a literal
// package name, of a require made by `const name = createRequire(import.meta.url)`, as require() calls are bundled,
// so that a package loaded that way and by a dependency is bundled once (src/query.ts shares Comunica's parser).
export function transformSource(text, file) {
  let out = text;
  const names = [...out.matchAll(/\bconst\s+([A-Za-z_$][\w$]*)\s*=\s*createRequire\(\s*import\.meta\.url\s*\)/g)].map((m) => m[1]);
  for (const name of names) {
    if (name === 'require') continue;
    const escaped = name.replace(/\$/g, '\\$');
    out = out.replace(new RegExp(`(?<![\\w$.])${escaped}\\((\\s*(['"])[^'"\\n]+\\2\\s*)\\)`, 'g'), 'require($1)');
  }
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
    outfile: path.join(rootDir, '.cache', 'run-bundled', 'out.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [sourceFilesPlugin(rootDir, inputs)],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild wrote no output for ${entry}`);
  return { code: output.contents, inputs };
}

function removeOldFiles(cacheDir, command, keep) {
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
    } else if (!name.startsWith(`${command}-`) || file === keep || file.startsWith(`${keep}.`)) continue;
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
 * Make sure a bundle of a command for the sources as they are now exists; build it when it does not (esbuild is
 * loaded only then). Returns its paths and whether it was built, or undefined when it is missing and loadEsbuild gives
 * no esbuild. Rejects with the build's messages when the sources do not build.
 */
export async function ensureBundle({ command, rootDir = ROOT_DIR, cacheDir = path.join(rootDir, '.cache', 'run-bundled'), loadEsbuild = () => import('esbuild') }) {
  const entry = path.join(rootDir, 'src', 'cli', `${command}.ts`);
  const inputList = path.join(cacheDir, `${command}.inputs.json`);
  const wanted = bundlePaths(command, hashSources(rootDir, readInputList(inputList)), cacheDir);
  if (statExists(wanted.bundle)) return { ...wanted, entry, built: false };
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
 * Run a bundle as the main module: process.argv becomes [node, entry, …args], so the entry's own "am I the main
 * module" test passes. Compiled code is taken from the code cache when V8 accepts it; otherwise the cache is
 * (re)written when the process is about to exit with status 0.
 */
export function runBundle({ bundle, codeCache, entry }, args) {
  const code = readFileSync(bundle, 'utf8');
  const cachedData = readIfExists(codeCache);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  if (!cachedData || script.cachedDataRejected) {
    // The cache holds the functions compiled so far: take it from a run that worked, not one that stopped at an error.
    process.once('beforeExit', () => {
      if (process.exitCode !== undefined && process.exitCode !== 0) return;
      try {
        writeFileAtomic(codeCache, script.createCachedData());
      } catch {
        // A cache that cannot be written only makes the next start slower.
      }
    });
  }
  process.argv = [process.argv[0], entry, ...args];
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  return { usedCodeCache: cachedData !== undefined && !script.cachedDataRejected };
}

async function runFromSource(entry, args) {
  const { register } = await import('tsx/esm/api');
  register();
  process.argv = [process.argv[0], entry, ...args];
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

async function main(argv) {
  const [command, ...args] = argv;
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
