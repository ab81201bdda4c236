// Full-text search: index the built pages with Pagefind (its Node API) into {site}/pagefind/, at build time and
// inside the build's temporary folder. The index is static files, so search works offline on any static host.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The folder, under the site root, that holds the index and Pagefind's own UI scripts. */
export const SEARCH_INDEX_DIR = 'pagefind';

export interface SearchIndexSummary {
  readonly pageCount: number;
  readonly outputPath: string;
}

/**
 * Index every HTML page under siteDir that marks its searchable region (data-pagefind-body) and write the index to
 * {siteDir}/pagefind/. Throws with Pagefind's messages on any error, or when no page was indexed.
 */
export async function indexSite(siteDir: string): Promise<SearchIndexSummary> {
  const pagefind = await import('pagefind');
  const created = await pagefind.createIndex({ forceLanguage: 'en', keepIndexUrl: false });
  const index = created.index;
  if (!index || created.errors.length > 0) {
    await pagefind.close();
    throw new Error(`Search index: Pagefind could not start: ${created.errors.join('; ') || 'no index returned'}`);
  }
  try {
    const added = await index.addDirectory({ path: siteDir, glob: '**/*.html' });
    if (added.errors.length > 0) throw new Error(`Search index: ${siteDir}: ${added.errors.join('; ')}`);
    const outputPath = path.join(siteDir, SEARCH_INDEX_DIR);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Search index: writing ${outputPath}: ${written.errors.join('; ')}`);
    // Pagefind reads every HTML file but indexes only those with data-pagefind-body (once any page has it).
    const entry = JSON.parse(await readFile(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { page_count?: number }> };
    const pageCount = Object.values(entry.languages ?? {}).reduce((n, l) => n + (l.page_count ?? 0), 0);
    if (pageCount === 0) throw new Error(`Search index: ${siteDir}: no page to index (none marks its content with data-pagefind-body)`);
    return { pageCount, outputPath };
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}
