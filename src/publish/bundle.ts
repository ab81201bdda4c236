// Bundles the browser scripts of the query and search pages with esbuild, with fixed options so that the
// output is byte-identical from one build to the next. The bundles depend on our sources and the installed packages,
// not on the graph: they are kept in .cache/run-bundled/ under a hash of those (as the stage workers' bundles are),
// so that only the first build after a change of the code pays for esbuild (about 0.5 s of two cores).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { defaultCacheDir, hashSources, writeFileAtomic } from '../cli/run-bundled.mjs';

/** One bundled asset: its path under the site folder and its bytes. */
export interface BundledAsset {
  readonly path: string;
  readonly contents: Uint8Array;
}

/** The site paths of the assets, for templates to link (relative to the site root). */
export const BUNDLE_PATHS = {
  queryBoot: 'query/query-boot.js',
  queryScript: 'query/query-page.js',
  queryWorker: 'query/query-worker.js',
  queryStyle: 'query/query-page.css',
  searchScript: 'search/search-page.js',
} as const;

const ENTRIES: readonly { readonly source: string; readonly out: string }[] = [
  { source: 'src/browser/query-boot.ts', out: BUNDLE_PATHS.queryBoot },
  { source: 'src/browser/query-page.ts', out: BUNDLE_PATHS.queryScript },
  { source: 'src/browser/query-worker.ts', out: BUNDLE_PATHS.queryWorker },
  { source: 'src/browser/query-page.css', out: BUNDLE_PATHS.queryStyle },
  { source: 'src/browser/search-page.ts', out: BUNDLE_PATHS.searchScript },
];

function createOptions(rootDir: string, source: string): BuildOptions {
  const isCss = source.endsWith('.css');
  return {
    absWorkingDir: rootDir,
    entryPoints: [source],
    bundle: true,
    minify: true,
    write: false,
    outfile: 'out' + (isCss ? '.css' : '.js'),
    platform: 'browser',
    format: 'iife',
    target: ['es2022'],
    charset: 'utf8',
    legalComments: 'eof',
    sourcemap: false,
    metafile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  };
}

/** Bundle every browser asset in memory; throws with esbuild's message (file:line) on any error. */
export async function bundleBrowserAssets(rootDir: string): Promise<BundledAsset[]> {
  const assets: BundledAsset[] = [];
  for (const entry of ENTRIES) {
    let result;
    try {
      result = await build(createOptions(rootDir, entry.source));
    } catch (error) {
      const failure = error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] };
      const first = failure.errors?.[0];
      const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : `${entry.source}: `;
      throw new Error(`Bundling ${entry.source} failed: ${where}${first?.text ?? String(error)}`);
    }
    const output = result.outputFiles?.find((file) => /\.(js|css)$/.test(file.path));
    if (!output) throw new Error(`Bundling ${entry.source} produced no output`);
    assets.push({ path: entry.out, contents: output.contents });
  }
  return assets;
}

/** Where the bundles are kept, and how they are made when they are not there (tests give their own). */
export interface BrowserAssetsCache {
  readonly rootDir: string;
  /** Default: {rootDir}/.cache/run-bundled. */
  readonly cacheDir?: string;
  readonly bundle?: (rootDir: string) => Promise<BundledAsset[]>;
}

const CACHE_PREFIX = 'browser-assets-';

/**
 * The browser assets for the sources as they are: read from the cache, or bundled and then kept there (written
 * whole, under a name that hashes every file under src/ and the installed packages' lock files). RUN_BUNDLED=off
 * bundles every time and keeps nothing.
 */
export async function loadBrowserAssets({ rootDir, cacheDir = defaultCacheDir(rootDir), bundle = bundleBrowserAssets }: BrowserAssetsCache): Promise<BundledAsset[]> {
  if (process.env.RUN_BUNDLED === 'off') return bundle(rootDir);
  const name = `${CACHE_PREFIX}${hashSources(rootDir)}.json`;
  const file = path.join(cacheDir, name);
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { path: string; base64: string }[];
    return kept.map((asset) => ({ path: asset.path, contents: Buffer.from(asset.base64, 'base64') }));
  } catch {
    // Not kept yet (or unreadable): bundle.
  }
  const assets = await bundle(rootDir);
  writeFileAtomic(file, JSON.stringify(assets.map((asset) => ({ path: asset.path, base64: Buffer.from(asset.contents).toString('base64') }))));
  for (const old of readdirSync(cacheDir)) {
    if (old.startsWith(CACHE_PREFIX) && old.endsWith('.json') && old !== name) rmSync(path.join(cacheDir, old), { force: true });
  }
  return assets;
}

/** Write bundled assets under a site folder. */
export async function writeBundledAssets(siteDir: string, assets: readonly BundledAsset[]): Promise<void> {
  for (const asset of assets) {
    const target = path.join(siteDir, asset.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, asset.contents);
  }
}
