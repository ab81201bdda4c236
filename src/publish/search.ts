// Full-text search: index the built pages with Pagefind (its Node API) into {site}/pagefind/, at build time and
// inside the build's temporary folder. The index is static files, so search works offline on any static host.
// Pagefind runs in a process of its own: a build adds its pages in two goes (those written first while the rest of
// the site is still being made, then the research tools' pages) and writes the index at the end.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The folder, under the site root, that holds the index and Pagefind's own UI scripts. */
export const SEARCH_INDEX_DIR = 'pagefind';

export interface SearchIndexSummary {
  readonly pageCount: number;
  readonly outputPath: string;
}

/** An index being made: pages are added to it, then it is written under the site, or dropped. */
export interface SearchIndexing {
  /** Add every HTML page under the site folder (as it is now). */
  addAllPages(): Promise<void>;
  /** Add the pages at these paths (folders under the site root, each with its index.html). */
  addPages(folders: readonly string[]): Promise<void>;
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
    await index.deleteIndex();
    await pagefind.close();
  };
  return {
    async addAllPages() {
      const added = await index.addDirectory({ path: siteDir, glob: '**/*.html' });
      if (added.errors.length > 0) throw new Error(`Search index: ${siteDir}: ${added.errors.join('; ')}`);
    },
    async addPages(folders) {
      for (const folder of folders) {
        const sourcePath = folder === '' ? 'index.html' : `${folder}/index.html`;
        const added = await index.addHTMLFile({ sourcePath, content: await readFile(path.join(siteDir, sourcePath), 'utf8') });
        if (added.errors.length > 0) throw new Error(`Search index: ${sourcePath}: ${added.errors.join('; ')}`);
      }
    },
    async finish() {
      try {
        const outputPath = path.join(siteDir, SEARCH_INDEX_DIR);
        const written = await index.writeFiles({ outputPath });
        if (written.errors.length > 0) throw new Error(`Search index: writing ${outputPath}: ${written.errors.join('; ')}`);
        // Pagefind reads every HTML file but indexes only those with data-pagefind-body (once any page has it).
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
    await indexing.addAllPages();
  } catch (error) {
    await indexing.abort();
    throw error;
  }
  return indexing.finish();
}
