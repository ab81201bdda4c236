// Bundles the browser scripts of the query and search pages with esbuild, with fixed options so that the
// output is byte-identical from one build to the next. esbuild works in a process of its own, so the build goes on
// while it bundles.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';

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

/** Write bundled assets under a site folder. */
export async function writeBundledAssets(siteDir: string, assets: readonly BundledAsset[]): Promise<void> {
  for (const asset of assets) {
    const target = path.join(siteDir, asset.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, asset.contents);
  }
}
