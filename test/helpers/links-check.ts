// Follow every link of a part of a page (HTML and SVG links alike) that stays on the site being tested, and list
// those that do not answer 200. Fragments are dropped; each address is requested once.
import type { Page } from 'playwright-core';

/** The absolute addresses of the links (a[href], including SVG <a>) under the elements matched by `scope`. */
export async function listLinks(page: Page, scope = 'main'): Promise<string[]> {
  const hrefs = await page.locator(scope).evaluateAll((roots) =>
    roots.flatMap((root) => [...root.querySelectorAll('a[href]')].map((a) => new URL(a.getAttribute('href')!, document.baseURI).href)),
  );
  return [...new Set(hrefs.map((h) => h.replace(/#.*$/, '')))].sort();
}

/** The links under `scope` on the same origin as the page that do not answer 200, as "status url" lines. */
export async function findBrokenLinks(page: Page, scope = 'main'): Promise<string[]> {
  const origin = new URL(page.url()).origin;
  const broken: string[] = [];
  for (const url of await listLinks(page, scope)) {
    if (!url.startsWith(`${origin}/`)) continue;
    const response = await page.request.get(url);
    if (response.status() !== 200) broken.push(`${response.status()} ${url}`);
  }
  return broken;
}
