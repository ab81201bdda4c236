// Stage 5, site: run the composer, then Eleventy (pages) and our own writers (RDF documents, dumps, VoID,
// sitemap) into a temporary folder beside the output folder, and only when everything succeeded put it in place
// of the output folder. A failed build removes its temporary folder and leaves the previous site as it was.
import { mkdirSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.ts';
import { composeSiteInParts, type OutputFile, type SitePages, type SitePart, type SiteLater, type StageHook } from './render/compose.ts';
import type { ValidationReport } from './validate/validate.ts';
import { loadBrowserAssets, writeBundledAssets } from './publish/bundle.ts';
import { startSearchIndex, type SearchIndexing } from './publish/search.ts';

export interface BuildResult {
  readonly outDir: string;
  /** Pages written by Eleventy. */
  readonly pages: number;
  /** Files written by our own writers. */
  readonly files: number;
  /** Every published IRI (a page of its own), sorted. */
  readonly iris: readonly string[];
  readonly report: ValidationReport;
}

interface EleventyResult {
  readonly outputPath?: string | false;
}

/** Run Eleventy over site/ with the composed pages, writing into outDir; return the number of pages written. */
export async function runEleventy(config: Config, composed: SitePages, outDir: string): Promise<number> {
  const { default: Eleventy } = (await import('@11ty/eleventy')) as unknown as {
    default: new (input: string, output: string, options: object) => { write(): Promise<unknown> };
  };
  const eleventy = new Eleventy(config.siteDir, outDir, {
    quietMode: true,
    configPath: path.join(config.siteDir, 'eleventy.config.js'),
    config(eleventyConfig: { addGlobalData(name: string, value: unknown): void }) {
      eleventyConfig.addGlobalData('composed', composed);
    },
  });
  let written: unknown;
  try {
    written = await eleventy.write();
  } catch (error) {
    throw new Error(`Eleventy failed: ${describeEleventyError(error)}`);
  }
  const results = Array.isArray(written) ? written : ((written as { results?: unknown[] } | undefined)?.results ?? []);
  return (results as EleventyResult[]).flat().filter((r) => r && typeof r.outputPath === 'string').length;
}

function describeEleventyError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as { message?: string; originalError?: unknown; cause?: unknown };
    if (e.message && !messages.includes(e.message)) messages.push(e.message);
    current = e.originalError ?? e.cause;
  }
  return messages.join('\n  caused by: ') || String(error);
}

/**
 * Write files under a folder, one after another; a path written twice, or outside the folder, is an error. Written
 * synchronously: for the tens of thousands of small files of a large graph this was twice as fast here as
 * asynchronous writes with 32 or 64 in flight (the benchmark's floor found the same; see README, Performance).
 */
export function writeOutputFiles(outDir: string, files: Iterable<OutputFile>): number {
  const made = new Set<string>();
  let count = 0;
  for (const file of files) {
    if (file.path.split('/').some((s) => s === '..' || s === '') || path.isAbsolute(file.path)) throw new Error(`Refusing to write outside the site: "${file.path}"`);
    const target = path.join(outDir, file.path);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    try {
      writeFileSync(target, file.content, { flag: 'wx' });
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      throw new Error(err.code === 'EEXIST' ? `Two outputs want the same file: ${file.path}` : `Cannot write ${file.path}: ${err.message}`);
    }
    count++;
  }
  return count;
}

function* allFiles(part: SitePart): Generator<OutputFile> {
  yield* part.files;
  for (const batch of part.fileBatches) yield* batch();
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Give a built tree the modes a web server expects, whatever the umask: folders 755, files 644. The build folder
 * comes from mkdtemp (700), and a web server's workers run as an unprivileged user, so without this they answer 403.
 */
export async function setPublicModes(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await setPublicModes(full);
    else if (entry.isFile()) await chmod(full, 0o644);
  }
}

/** Put the freshly built folder in the place of the output folder; the old one is removed only once the new one is in place. */
export async function replaceFolder(built: string, outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  if (!(await exists(outDir))) {
    await rename(built, outDir);
    return;
  }
  const old = await mkdtemp(path.join(parent, '.build-tmp-old-'));
  const parked = path.join(old, 'site');
  await rename(outDir, parked);
  try {
    await rename(built, outDir);
  } catch (error) {
    await rename(parked, outDir);
    await rm(old, { recursive: true, force: true });
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

/**
 * Build the whole site into config.outDir, atomically: on any error, reject and leave config.outDir untouched. The
 * pages and files that need no query are rendered and written while the query and validate stages still run on
 * their threads (Eleventy runs twice: those pages, then the research tools' pages).
 */
export async function buildSite(config: Config, onStage: StageHook = () => undefined): Promise<BuildResult> {
  const parent = path.dirname(config.outDir);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(path.join(parent, '.build-tmp-'));
  // esbuild and Pagefind run in processes of their own, so their work overlaps ours: the browser scripts are
  // bundled from the start (unless kept from an earlier build of the same code), and Pagefind reads the first pages
  // while their files are written and the query stage ends, and the research tools' pages while the last files are.
  const bundling = settle(loadBrowserAssets({ rootDir: config.rootDir }));
  let searching: Promise<SearchIndexing> | undefined;
  let later: SiteLater | undefined;
  let restAsked = false;
  try {
    const parts = await composeSiteInParts(config, onStage);
    later = parts.later;
    let first: SitePart | undefined = parts.takeFirst();
    let pages = await runEleventy(config, first, tmp);
    onStage('pages');
    searching = startSearchIndex(tmp);
    const firstPagesIndexed = settle(searching.then((search) => search.addAllPages()));
    let files = writeOutputFiles(tmp, allFiles(first));
    onStage('files');
    // The first part's views (every resource's) are not needed any more: let them go before the rest is made.
    first = undefined;
    restAsked = true;
    const rest = await later.rest();
    // Pagefind must have read the first pages before the next ones are written, or it could read those twice.
    unwrap(await firstPagesIndexed);
    pages += await runEleventy(config, rest, tmp);
    onStage('tool-pages');
    const restPages = rest.extraPages.map((p) => p.path);
    const indexing = settle(searching.then(async (search) => (await search.addPages(restPages), search.finish())));
    files += writeOutputFiles(tmp, allFiles(rest));
    await writeBundledAssets(tmp, unwrap(await bundling));
    onStage('scripts');
    unwrap(await indexing);
    onStage('search');
    await setPublicModes(tmp);
    await replaceFolder(tmp, config.outDir);
    onStage('publish');
    return { outDir: config.outDir, pages, files, iris: later.iris, report: rest.report };
  } catch (error) {
    // The pages and files of the first part are made before validation is awaited: a graph that breaks a shape may
    // break them first, and then the validation report is the error to give. Once the rest was asked for, its own
    // error comes in order (the queries', then validation's), and the workers may already have been let go.
    const invalid = !restAsked && later ? await later.validated().then(() => undefined, (e: unknown) => e) : undefined;
    // Let the workers and helpers finish before the folder they write into goes away.
    await later?.cancel();
    // Dropping an index that was already written (or dropped) does nothing.
    await Promise.all([bundling, searching && settle(searching.then((search) => search.abort()))]);
    await rm(tmp, { recursive: true, force: true });
    throw invalid ?? error;
  }
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );
}

function unwrap<T>(settled: Settled<T>): T {
  if (!settled.ok) throw settled.error;
  return settled.value;
}
