// The SPARQL query page in Debian's chromium, over the built site: a permalink runs on load and shows the right
// count; every example of the menu runs; a malformed query shows its error next to the query and the page still
// works; a long query can be cancelled; results download in each format; nothing is fetched from elsewhere; and
// axe finds no WCAG 2.1 AA violation.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Parser } from 'n3';
import type { BrowserContext, Page } from 'playwright-core';
import { useSiteInBrowser } from './helpers/browser.ts';
import { VIEWPORTS, findAxeViolations } from './helpers/axe-check.ts';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';
import { QUERY_REFUSALS } from '../src/query/sparql-parse.ts';

const COUNT_QUERY = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';

interface Watched {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
}

describe('the query page', () => {
  const siteDir = inject('siteDir');
  const site = useSiteInBrowser(siteDir);
  let context: BrowserContext;
  let dumpTriples: number;

  beforeAll(async () => {
    context = await site.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    // Counted independently of the page: the dump parsed with n3.
    dumpTriples = new Parser({ format: 'N-Triples' }).parse(await readFile(path.join(siteDir, 'downloads', 'cbss-car.nt'), 'utf8')).length;
  });

  async function open(search = ''): Promise<Watched> {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${site.url}/query/${search}`);
    await page.waitForSelector('body[data-query-page="ready"]');
    return { page, errors, requests };
  }

  const runs = (page: Page): Promise<number> => page.evaluate(() => Number(document.querySelector<HTMLElement>('#query-results')?.dataset.runs ?? 0));

  async function waitForRun(page: Page, after: number): Promise<void> {
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('#query-results')?.dataset.runs ?? 0) > n, after, { timeout: 30_000 });
  }

  async function setQuery(page: Page, text: string): Promise<void> {
    await page.evaluate((value) => {
      const wrapper = document.querySelector('.CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } };
      wrapper.CodeMirror.setValue(value);
    }, text);
  }

  async function run(page: Page, text?: string): Promise<void> {
    if (text !== undefined) await setQuery(page, text);
    const before = await runs(page);
    await page.click('#query-run');
    await waitForRun(page, before);
  }

  async function errorText(page: Page): Promise<string | null> {
    return (await page.locator('#query-error').isVisible()) ? await page.locator('#query-error').textContent() : null;
  }

  it('runs a permalink on load and shows the number of triples in the dump', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const workers: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${site.url}/query/?query=${encodeURIComponent(COUNT_QUERY)}`);
    await waitForRun(page, 0);
    // One worker, started early by query-boot.js and taken over by query-page.js.
    expect(workers).toHaveLength(1);
    expect(new URL(workers[0]!).pathname).toBe('/query/query-worker.js');
    expect(await errorText(page)).toBeNull();
    expect(await page.locator('#query-status').textContent()).toMatch(/^1 result in \d+ ms/);
    const cell = await page.locator('#query-results table tbody tr').first().textContent();
    expect(Number(/"(\d+)"/.exec(cell ?? '')?.[1])).toBe(dumpTriples);
    expect(dumpTriples).toBeGreaterThan(1000);
    expect(requests.filter((u) => !u.startsWith(site.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs every example of the menu, each giving the answer of its gallery page', async () => {
    const { page, errors } = await open();
    await page.click('#query-examples summary');
    const examples = await page.locator('#query-examples a[data-name]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).dataset.name!));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const name of examples) {
      const before = await runs(page);
      await page.click(`#query-examples a[data-name="${name}"]`);
      await waitForRun(page, before);
      expect(await errorText(page), name).toBeNull();
      const status = (await page.locator('#query-status').textContent()) ?? '';
      const folder = path.join(siteDir, 'queries', name);
      const json = await readFile(path.join(folder, 'results.json'), 'utf8').catch(() => undefined);
      if (json && 'results' in JSON.parse(json)) {
        const rows = (JSON.parse(json) as { results: { bindings: unknown[] } }).results.bindings.length;
        expect(status, name).toMatch(new RegExp(`^${rows} results? in`));
        if (rows > 0) expect(await page.locator('#query-results table tbody tr').count(), name).toBeGreaterThan(0);
      } else if (json) {
        expect(status, name).toMatch(/^Answer: (yes|no)/);
      } else {
        const triples = new Parser().parse(await readFile(path.join(folder, 'results.ttl'), 'utf8')).length;
        expect(status, name).toMatch(new RegExp(`\\(${triples} statements?\\)`));
      }
      expect(new URL(page.url()).searchParams.get('query')).toBeTruthy();
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("answers a resource page's \"query this resource\" link with what the graph says about it", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/area/alternative-care/`);
    const link = page.locator('main a[href*="query/?query="]').first();
    expect(await link.count()).toBe(1);
    await link.click();
    await page.waitForSelector('body[data-query-page="ready"]');
    await waitForRun(page, 0);
    expect(await errorText(page)).toBeNull();
    const rows = Number(/^(\d+) results?/.exec((await page.locator('#query-status').textContent()) ?? '')?.[1]);
    const dump = new Parser({ format: 'N-Triples' }).parse(await readFile(path.join(siteDir, 'downloads', 'cbss-car.nt'), 'utf8'));
    const iri = `${DEFAULT_BASE_IRI}area/alternative-care`;
    const about = dump.filter((q) => q.subject.value === iri || q.object.value === iri).length;
    expect(about).toBeGreaterThan(5);
    expect(rows).toBeGreaterThanOrEqual(about);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("declares a prefix as it is typed, from the site's own prefixes (query/prefixes.json)", async () => {
    const { page, requests } = await open();
    await page.evaluate(() => {
      const cm = (document.querySelector('.CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void; focus(): void; setCursor(l: number, c: number): void; lineCount(): number } }).CodeMirror;
      cm.setValue('SELECT * WHERE { ?s a ');
      cm.focus();
      cm.setCursor(cm.lineCount(), 0);
    });
    await page.keyboard.type('caro:Vision', { delay: 20 });
    await expect
      .poll(() => page.evaluate(() => (document.querySelector('.CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()))
      .toMatch(new RegExp(`^PREFIX caro: <${DEFAULT_BASE_IRI}ontology#>\n`));
    expect(requests.filter((u) => u.endsWith('/query/prefixes.json'))).toHaveLength(1);
    await page.close();
  });

  it('shows a syntax error next to the query, and still runs a good query afterwards', async () => {
    const { page, errors } = await open();
    await page.click('.CodeMirror');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT * WHERE { ?s ?p }');
    await run(page);
    const message = await errorText(page);
    // The user's own line and column, an excerpt of their text and a caret under the error; none of the prefixes the
    // page declares for them.
    expect(message?.split('\n')).toEqual([expect.stringMatching(/^SPARQL syntax error at line 1, column 24: unexpected '}'/), '  SELECT * WHERE { ?s ?p }', `  ${' '.repeat(23)}^`]);
    expect(message).not.toContain('PREFIX');
    const editorBox = await page.locator('#query-editor').boundingBox();
    const errorBox = await page.locator('#query-error').boundingBox();
    expect(errorBox!.y).toBeGreaterThan(editorBox!.y + editorBox!.height - 1);
    expect(errorBox!.y - (editorBox!.y + editorBox!.height)).toBeLessThan(120);
    await run(page, COUNT_QUERY);
    expect(await errorText(page)).toBeNull();
    expect(await page.locator('#query-status').textContent()).toMatch(/^1 result/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an evaluation error (an update is refused) and keeps working', async () => {
    const { page } = await open();
    await run(page, `INSERT DATA { <${DEFAULT_BASE_IRI}x> <${DEFAULT_BASE_IRI}y> "z" }`);
    expect(await errorText(page)).toBe(QUERY_REFUSALS.update);
    await run(page, 'SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }');
    expect(await errorText(page)).toBe(QUERY_REFUSALS.service);
    await run(page, COUNT_QUERY);
    const cell = await page.locator('#query-results table tbody tr').first().textContent();
    expect(Number(/"(\d+)"/.exec(cell ?? '')?.[1])).toBe(dumpTriples);
    await page.close();
  });

  it('says beside the results when the query names a resource of ours that the graph lacks, and what it may have meant', async () => {
    const { page, errors } = await open();
    await run(page, 'SELECT ?p ?o WHERE { area:alternative-car ?p ?o }');
    expect(await errorText(page)).toBeNull();
    expect(await page.locator('#query-status').textContent()).toMatch(/^0 results in \d+ ms\. No resource `area:alternative-car` in this graph; did you mean `area:alternative-care`\?$/);
    // A resource the graph holds gets no note, and neither does an IRI made by a CONSTRUCT template.
    await run(page, `CONSTRUCT { ?s <${DEFAULT_BASE_IRI}ontology#madeUp> ?o } WHERE { area:alternative-care skos:prefLabel ?o . BIND(area:alternative-care AS ?s) }`);
    expect(await page.locator('#query-status').textContent()).toMatch(/^Turtle result \(1 statement\) in \d+ ms\.$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cancels a long query, stays responsive meanwhile, and runs the next one in a fresh worker', async () => {
    const { page, errors } = await open();
    await setQuery(page, 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }');
    const before = await runs(page);
    await page.click('#query-run');
    await expect.poll(() => page.locator('#query-cancel').isEnabled()).toBe(true);
    // The page answers while the worker is busy: the editor takes typing.
    await page.click('.CodeMirror');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' # still typing');
    expect(await page.evaluate(() => (document.querySelector('.CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue())).toContain('# still typing');
    expect(await runs(page)).toBe(before);
    await page.click('#query-cancel');
    await waitForRun(page, before);
    expect(await page.locator('#query-status').textContent()).toMatch(/cancelled/i);
    expect(await errorText(page)).toBeNull();
    await run(page, COUNT_QUERY);
    expect(await page.locator('#query-status').textContent()).toMatch(/^1 result/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('downloads SELECT results as CSV, TSV and SPARQL JSON, and CONSTRUCT results as Turtle', async () => {
    const { page } = await open(`?query=${encodeURIComponent(COUNT_QUERY)}`);
    await waitForRun(page, 0);
    const download = async (format: string): Promise<string> => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#query-downloads button[data-format="${format}"]`)]);
      return readFile((await file.path())!, 'utf8');
    };
    expect((await download('csv')).split(/\r?\n/).slice(0, 2)).toEqual(['n', String(dumpTriples)]);
    expect((await download('tsv')).split('\n')[1]).toMatch(new RegExp(`^"${dumpTriples}"\\^\\^<http://www.w3.org/2001/XMLSchema#integer>$`));
    const json = JSON.parse(await download('srj')) as { head: { vars: string[] }; results: { bindings: { n: { value: string } }[] } };
    expect(json.head.vars).toEqual(['n']);
    expect(json.results.bindings[0]!.n.value).toBe(String(dumpTriples));

    await run(page, 'CONSTRUCT { ?p a caro:StrategicPriority } WHERE { ?p a caro:StrategicPriority }');
    expect(await page.locator('#query-downloads button').allTextContents()).toEqual(['Turtle']);
    const turtle = new Parser().parse(await download('ttl'));
    const dump = new Parser({ format: 'N-Triples' }).parse(await readFile(path.join(siteDir, 'downloads', 'cbss-car.nt'), 'utf8'));
    const expected = dump.filter((q) => q.predicate.value.endsWith('#type') && q.object.value === `${DEFAULT_BASE_IRI}ontology#StrategicPriority`).length;
    expect(turtle).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);
    await page.close();
  });

  it('is the only page, with the search page, that loads a script; its scripts live under query/', async () => {
    const { readdir } = await import('node:fs/promises');
    const entries = await readdir(siteDir, { recursive: true, withFileTypes: true });
    const pages = entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => path.relative(siteDir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    expect(pages.length).toBeGreaterThan(100);
    const withScripts: string[] = [];
    for (const file of pages) {
      const html = await readFile(path.join(siteDir, file), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]!).filter((attrs) => !/type="application\/(ld\+)?json"/.test(attrs));
      if (scripts.length > 0) withScripts.push(file);
      if (file === 'query/index.html') {
        const sources = scripts.map((attrs) => /src="([^"]+)"/.exec(attrs)?.[1]);
        expect(sources).toEqual(['query-boot.js', 'query-page.js']);
      }
    }
    expect(withScripts.sort()).toEqual(['query/index.html', 'search/index.html']);
  });

  for (const [size, options] of Object.entries(VIEWPORTS)) {
    it(`has no WCAG 2.1 AA violation, with results and the menus shown (${size})`, async () => {
      const sized = await site.browser.newContext(options);
      const page = await sized.newPage();
      await page.goto(`${site.url}/query/?query=${encodeURIComponent('SELECT ?p ?label WHERE { ?p a caro:StrategicPriority ; skos:prefLabel ?label }')}`);
      await waitForRun(page, 0);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      expect(await findAxeViolations(page)).toEqual([]);
      await sized.close();
    });
  }
});
