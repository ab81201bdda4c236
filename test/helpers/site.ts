// The built site the tests look at (test/global-setup.ts builds it once and provides 'siteDir'), and the
// IRIs and files in it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR } from '../../src/config.ts';
import { parseIriList } from '../../src/describe/published-iris.ts';

/** Every file under a folder, as "/"-separated paths relative to it, sorted; hidden folders are included. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Every resource IRI the site must answer for, sorted: the IRIs of data/published-iris.txt (which may never
 * disappear), of the site's iris.txt, and of every folder that holds an index.ttl.
 */
export async function listSiteIris(siteDir: string, baseIri: string): Promise<string[]> {
  const publishedFile = path.join(ROOT_DIR, 'data', 'published-iris.txt');
  const published = parseIriList(await readFile(publishedFile, 'utf8'), publishedFile);
  const listed = parseIriList(await readFile(path.join(siteDir, 'iris.txt'), 'utf8'), 'iris.txt');
  const folders = (await listFiles(siteDir))
    .filter((file) => file.endsWith('/index.ttl'))
    .map((file) => baseIri + file.slice(0, -'/index.ttl'.length));
  return [...new Set([...published, ...listed, ...folders])].sort();
}

/** Run an async function over items with at most `limit` running at once; results keep the input order. */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
