// Full-text search: index the built pages with Pagefind (its Node API) into {site}/pagefind/, at build time and
// inside the build's temporary folder. The index is static files, so search works offline on any static host.
// Pagefind runs in a process of its own. The build hands it each resource page as it writes it, so that Pagefind
// indexes on the second core while the build renders the next page; after Eleventy it adds the site's other pages,
// read back from the folder, and writes the index. Pagefind numbers pages in the order they come, and the numbers
// are in the index: resource pages in the build's order, then the others by path, so the same input gives the same
// index on any file system (Pagefind's own walk of the folder follows the file system's order of entries).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

/** The folder, under the site root, that holds the index and Pagefind's own UI scripts. */
export const SEARCH_INDEX_DIR = 'pagefind';

/**
 * Pages handed to Pagefind and not yet indexed, at most; beyond this many the build waits for Pagefind (which takes
 * its messages one at a time). Pagefind's library holds each page's text until it is indexed, and a text held over
 * several pages' rendering outlives V8's young generation: at 10,000 resources the build's peak was 1.42–1.46 GB with
 * 64 in flight against 1.00 GB with 4 (alternated builds of one branch, sampled RSS).
 */
const PAGES_IN_FLIGHT = 4;

export interface SearchIndexSummary {
  readonly pageCount: number;
  readonly outputPath: string;
}

/** An index being made: pages are added to it, then it is written under the site, or dropped. */
export interface SearchIndexing {
  /**
   * Add a page as written under the site folder (sourcePath like "area/x/index.html", which gives its URL). Resolves at
   * once unless too many pages wait for Pagefind; rejects once an earlier page could not be indexed.
   */
  addPage(sourcePath: string, html: string): Promise<void>;
  /** Add every HTML page under the site folder that was not added yet, by path. */
  addOtherPages(): Promise<void>;
  /** Write the index to {siteDir}/pagefind/ and close Pagefind; throws when no page was indexed. */
  finish(): Promise<SearchIndexSummary>;
  /** Drop the index and close Pagefind (after an error elsewhere); nothing once finished or dropped. */
  abort(): Promise<void>;
}

/**
 * Start an index of the pages under siteDir that mark their searchable region (data-pagefind-body). Throws with
 * Pagefind's messages when it cannot start.
 */
export async function startSearchIndex(siteDir: string): Promise<SearchIndexing> {
  const pagefind = await import('pagefind');
  const created = await pagefind.createIndex({ forceLanguage: 'en', keepIndexUrl: false });
  const index = created.index;
  if (!index || created.errors.length > 0) {
    await pagefind.close();
    throw new Error(`Search index: Pagefind could not start: ${created.errors.join('; ') || 'no index returned'}`);
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await index.deleteIndex().catch(() => undefined);
    await pagefind.close();
  };
  const added = new Set<string>();
  // Pagefind answers in the order it is asked: the oldest page in flight is the first to be answered.
  const inFlight: Promise<void>[] = [];
  let failure: Error | undefined;
  const fail = (sourcePath: string, cause: string): void => {
    failure ??= new Error(`Search index: ${sourcePath}: ${cause}`);
  };
  const addPage = async (sourcePath: string, html: string): Promise<void> => {
    if (failure) throw failure;
    added.add(sourcePath);
    const indexed = index.addHTMLFile({ sourcePath, content: html }).then(
      (answer) => (answer.errors.length > 0 ? fail(sourcePath, answer.errors.join('; ')) : undefined),
      (error: unknown) => fail(sourcePath, error instanceof Error ? error.message : String(error)),
    );
    inFlight.push(indexed);
    if (inFlight.length > PAGES_IN_FLIGHT) await inFlight.shift();
  };
  return {
    addPage,
    async addOtherPages() {
      const entries = await readdir(siteDir, { recursive: true, withFileTypes: true });
      const pages = entries
        .filter((e) => e.isFile() && e.name.endsWith('.html'))
        .map((e) => path.relative(siteDir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
        .filter((p) => !added.has(p))
        .sort();
      for (const page of pages) await addPage(page, await readFile(path.join(siteDir, page), 'utf8'));
    },
    async finish() {
      try {
        await Promise.all(inFlight.splice(0));
        if (failure) throw failure;
        const outputPath = path.join(siteDir, SEARCH_INDEX_DIR);
        const written = await index.writeFiles({ outputPath });
        if (written.errors.length > 0) throw new Error(`Search index: writing ${outputPath}: ${written.errors.join('; ')}`);
        // Pagefind reads every page it is given but indexes only those with data-pagefind-body (once any page has it).
        const entry = JSON.parse(await readFile(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { page_count?: number }> };
        const pageCount = Object.values(entry.languages ?? {}).reduce((n, l) => n + (l.page_count ?? 0), 0);
        if (pageCount === 0) throw new Error(`Search index: ${siteDir}: no page to index (none marks its content with data-pagefind-body)`);
        return { pageCount, outputPath };
      } finally {
        await close();
      }
    },
    abort: close,
  };
}

/**
 * Index every HTML page under siteDir that marks its searchable region (data-pagefind-body) and write the index to
 * {siteDir}/pagefind/. Throws with Pagefind's messages on any error, or when no page was indexed.
 */
export async function indexSite(siteDir: string): Promise<SearchIndexSummary> {
  const indexing = await startSearchIndex(siteDir);
  try {
    await indexing.addOtherPages();
  } catch (error) {
    await indexing.abort();
    throw error;
  }
  return indexing.finish();
}
