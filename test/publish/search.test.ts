// Full-text search: the Pagefind index written at build time covers the content pages (not the tools), each
// resource's words on its own page (not again on every list or table that names it), the search page finds a key area of concern by a word of its quote, its result links resolve, it fetches nothing
// from elsewhere, and axe finds no WCAG 2.1 AA violation on it.
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSiteInBrowser } from '../helpers/browser.ts';
import { VIEWPORTS, findAxeViolations } from '../helpers/axe-check.ts';
import { indexSite, startSearchIndex } from '../../src/publish/search.ts';

describe('indexSite', () => {
  it('indexes the pages that mark their content, and fails on a folder with none', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-search-'));
    try {
      await mkdir(path.join(dir, 'a'), { recursive: true });
      await mkdir(path.join(dir, 'tool'), { recursive: true });
      await writeFile(path.join(dir, 'a', 'index.html'), '<!doctype html><html lang="en"><head><title>A</title></head><body><main data-pagefind-body><h1>Alpha</h1><p>caregivers</p></main></body></html>');
      await writeFile(path.join(dir, 'tool', 'index.html'), '<!doctype html><html lang="en"><head><title>T</title></head><body><main><h1>Tool</h1></main></body></html>');
      const summary = await indexSite(dir);
      expect(summary.pageCount).toBe(1);
      expect((await stat(path.join(dir, 'pagefind', 'pagefind-entry.json'))).isFile()).toBe(true);
      const empty = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-search-empty-'));
      await writeFile(path.join(empty, 'notes.txt'), 'no page at all');
      await expect(indexSite(empty)).rejects.toThrow(/no page to index/);
      await rm(empty, { recursive: true, force: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** The records of an index written under dir: url -> content (fragment files are gzipped JSON after a signature). */
async function readRecords(dir: string): Promise<Map<string, string>> {
  const fragments = path.join(dir, 'pagefind', 'fragment');
  const records = new Map<string, string>();
  for (const name of await readdir(fragments)) {
    const text = gunzipSync(await readFile(path.join(fragments, name))).toString('utf8');
    const record = JSON.parse(text.slice(text.indexOf('{'))) as { url: string; content: string };
    records.set(record.url, record.content);
  }
  return records;
}

describe('startSearchIndex', () => {
  const page = (title: string, words: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><p>${words}</p></main></body></html>`;
  const pages: Record<string, string> = {
    'a/index.html': page('Alpha', 'caregivers'),
    'b/c/index.html': page('Gamma', 'guardians'),
    'queries/x/index.html': page('Question', 'rights'),
    'index.html': page('Home', 'welcome'),
  };
  async function writePages(dir: string, order: readonly string[]): Promise<void> {
    for (const rel of order) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), pages[rel]!);
    }
  }
  /** Every file of an index written under dir: path -> bytes. */
  async function readIndexFiles(dir: string): Promise<Map<string, Buffer>> {
    const root = path.join(dir, 'pagefind');
    const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
    return new Map(await Promise.all(files.sort().map(async (f) => [f, await readFile(path.join(root, f))] as const)));
  }

  it('indexes pages handed over as they are written, then the others from the folder, as Pagefind reading the folder does', async () => {
    const walked = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-search-walked-'));
    const handed = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-search-handed-'));
    try {
      await writePages(walked, Object.keys(pages));
      const pagefind = await import('pagefind');
      const { index } = await pagefind.createIndex({ forceLanguage: 'en', keepIndexUrl: false });
      await index!.addDirectory({ path: walked, glob: '**/*.html' });
      await index!.writeFiles({ outputPath: path.join(walked, 'pagefind') });
      await pagefind.close();

      const indexing = await startSearchIndex(handed);
      for (const rel of ['b/c/index.html', 'a/index.html']) {
        await writePages(handed, [rel]);
        await indexing.addPage(rel, pages[rel]!);
      }
      await writePages(handed, ['queries/x/index.html', 'index.html']);
      await indexing.addOtherPages();
      expect((await indexing.finish()).pageCount).toBe(4);
      const [expected, actual] = await Promise.all([readRecords(walked), readRecords(handed)]);
      expect([...expected.keys()].sort()).toEqual(['/', '/a/', '/b/c/', '/queries/x/']);
      expect(actual).toEqual(expected);
    } finally {
      await Promise.all([walked, handed].map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });

  it('numbers the pages by path, whatever order the folder lists them in: the same index, byte for byte', async () => {
    const [listed, handed] = await Promise.all(['listed', 'handed'].map((n) => mkdtemp(path.join(os.tmpdir(), `cbss-car-search-${n}-`))));
    try {
      // Eight pages, written in reverse: a file system lists them in its own order (ext4 by hash, tmpfs newest first).
      const many = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => [`${n}/index.html`, page(n.toUpperCase(), `word${n}`)]));
      const paths = Object.keys(many).sort();
      for (const rel of [...paths].reverse()) {
        await mkdir(path.join(listed!, path.dirname(rel)), { recursive: true });
        await writeFile(path.join(listed!, rel), many[rel]!);
      }
      await indexSite(listed!);
      const indexing = await startSearchIndex(handed!);
      for (const rel of paths) await indexing.addPage(rel, many[rel]!);
      await indexing.finish();
      const [expected, actual] = await Promise.all([handed, listed].map((dir) => readIndexFiles(dir!)));
      expect([...expected!.keys()].some((f) => f.endsWith('.pf_meta'))).toBe(true);
      expect(actual).toEqual(expected);
    } finally {
      await Promise.all([listed, handed].map((dir) => rm(dir!, { recursive: true, force: true })));
    }
  });
});

describe('the search page', () => {
  const siteDir = inject('siteDir');
  const site = useSiteInBrowser(siteDir);

  it('has an index of the content pages, without the tool pages', async () => {
    const entry = JSON.parse(await readFile(path.join(siteDir, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
    const pages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
    const iris = (await readFile(path.join(siteDir, 'iris.txt'), 'utf8')).split('\n').filter(Boolean).length;
    expect(pages).toBeGreaterThanOrEqual(iris);
    for (const tool of ['query', 'search']) {
      expect(await readFile(path.join(siteDir, tool, 'index.html'), 'utf8')).not.toContain('data-pagefind-body');
    }
    expect(await readFile(path.join(siteDir, 'area', 'parenting-and-caregiver-support', 'index.html'), 'utf8')).toContain('data-pagefind-body');
  });

  // Each indexed page's record.
  const readIndexedPages = (): Promise<Map<string, string>> => readRecords(siteDir);


  it('indexes what a resource page says of itself, not the links to it, its formats or how to cite it', async () => {
    const pages = await readIndexedPages();
    const area = pages.get('/area/parenting-and-caregiver-support/');
    expect(area, 'the area page is indexed').toBeDefined();
    expect(area).toContain('Parenting and caregiver support');
    expect(area?.toLowerCase()).toContain('caregiver');
    const html = await readFile(path.join(siteDir, 'area', 'parenting-and-caregiver-support', 'index.html'), 'utf8');
    for (const boilerplate of ['Query this resource', 'Linked from', 'Cite this']) {
      expect(html, `the page shows "${boilerplate}"`).toContain(boilerplate);
      expect([...pages].filter(([, content]) => content.includes(boilerplate)).map(([url]) => url), `indexed pages that hold "${boilerplate}"`).toEqual([]);
    }
  });

  it('indexes each resource on its own page: lists, the A–Z index, diagrams, answers and report tables index only their own words', async () => {
    const pages = await readIndexedPages();
    const label = 'Parenting and caregiver support';
    // Pages that show the area's label among many others, and the heading each is still found by.
    const aggregates: [string, string][] = [
      ['/area/', 'Areas of concern'],
      ['/a-z/', 'A–Z index'],
      ['/diagrams/', 'Strategy map'],
      ['/quality/', 'Crosswalk coverage'],
      ['/queries/areas-of-concern-by-priority/', 'The answer'],
    ];
    for (const [url, heading] of aggregates) {
      const html = await readFile(path.join(siteDir, url, 'index.html'), 'utf8');
      expect(html, `${url} shows the label`).toContain(label);
      const content = pages.get(url);
      expect(content, `${url} is indexed`).toBeDefined();
      expect(content, `${url} is found by its own words`).toContain(heading);
      expect(content, `${url} is not found by the label`).not.toContain(label);
    }
    expect([...pages].filter(([, content]) => content.includes(label)).map(([url]) => url)).toContain('/area/parenting-and-caregiver-support/');
  });

  async function search(page: Page, words: string): Promise<{ title: string; href: string }[]> {
    await page.fill('#search input', words);
    await page.waitForSelector('.pagefind-ui__result-link', { timeout: 20_000 });
    await page.waitForFunction(() => !document.querySelector('.pagefind-ui__results-area .pagefind-ui__loading'), null, { timeout: 20_000 });
    return page.locator('.pagefind-ui__result-link').evaluateAll((links) => links.map((a) => ({ title: a.textContent?.trim() ?? '', href: (a as HTMLAnchorElement).href })));
  }

  it('finds a key area of concern by a word of its quote, with links that resolve', async () => {
    const page = await site.browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/search/`);
    await page.waitForSelector('body[data-search-page="ready"]');
    const results = await search(page, 'caregiver');
    // The area's own page comes among the first results shown, above the crosswalk statements that mention it.
    const areaAt = results.findIndex((r) => new URL(r.href).pathname === '/area/parenting-and-caregiver-support/');
    expect(areaAt).toBeGreaterThanOrEqual(0);
    expect(areaAt).toBeLessThan(3);
    expect(results[areaAt]!.title).toContain('Parenting and caregiver support');
    for (const result of results.slice(0, 5)) {
      expect(result.href.startsWith(`${site.url}/`)).toBe(true);
      const response = await page.request.get(result.href);
      expect(response.status(), result.href).toBe(200);
    }
    expect(requests.filter((u) => !u.startsWith(site.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds an article of the Convention by a word of its caption', async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/search/`);
    await page.waitForSelector('body[data-search-page="ready"]');
    const results = await search(page, 'reunification');
    expect(results.some((r) => new URL(r.href).pathname === '/uncrc/article/10/')).toBe(true);
    await page.close();
  });

  for (const [size, options] of Object.entries(VIEWPORTS)) {
    it(`has no WCAG 2.1 AA violation, with results shown (${size})`, async () => {
      const page = await site.browser.newPage(options);
      await page.goto(`${site.url}/search/?q=violence`);
      await page.waitForSelector('body[data-search-page="ready"]');
      await page.waitForSelector('.pagefind-ui__result-link', { timeout: 20_000 });
      expect(await findAxeViolations(page)).toEqual([]);
      await page.close();
    });
  }
});
