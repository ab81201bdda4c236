// Accessibility in a real browser: axe-core, injected into Debian's chromium, checks one page of each kind
// of the built site against WCAG 2.1 levels A and AA, at desktop and at phone size. Zero violations.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { BrowserContextOptions } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../src/config.ts';
import { useSiteInBrowser } from './helpers/browser.ts';

const siteDir = inject('siteDir');
const AXE_SCRIPT = path.join(ROOT_DIR, 'node_modules', 'axe-core', 'axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One page of each kind, by its path in the site. */
const PAGES: ReadonlyArray<readonly [kind: string, path: string]> = [
  ['home', ''],
  ['priority', 'priority/child-protection-systems/'],
  ['area of concern', 'area/alternative-care/'],
  ['UNCRC article', 'uncrc/article/19/'],
  ['the Convention', 'uncrc/'],
  ['SDG targets', 'sdg/'],
  ['organisation', 'organisation/expert-group-on-children-at-risk/'],
  ['role', 'role/convenor/'],
  ['membership', 'membership/russia/'],
  ['ontology', 'ontology/'],
  ['source text', 'source/mandate-and-strategy-2020-2025/'],
  ['listing', 'priority/'],
  ['listing of articles', 'uncrc/article/'],
  ['A–Z index', 'a-z/'],
  ['dataset', 'dataset/'],
  ['documentation index', 'docs/'],
  ['documentation page', 'docs/performance/'],
];

const VIEWPORTS: ReadonlyArray<readonly [name: string, options: BrowserContextOptions]> = [
  ['desktop', { viewport: { width: 1280, height: 800 } }],
  ['phone', { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
];

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

const site = useSiteInBrowser(siteDir);
let axeSource: string;

beforeAll(async () => {
  axeSource = await readFile(AXE_SCRIPT, 'utf8');
});

/** Run axe with the WCAG 2.1 A/AA rules on a page already loaded (or set) in a new context. */
async function runAxe(options: BrowserContextOptions, load: (page: import('playwright-core').Page) => Promise<unknown>): Promise<AxeViolation[]> {
  const context = await site.browser.newContext({ ...options, bypassCSP: true });
  try {
    const page = await context.newPage();
    await load(page);
    await page.addScriptTag({ content: axeSource });
    return await page.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    }, WCAG_TAGS);
  } finally {
    await context.close();
  }
}

function describeViolations(label: string, violations: readonly AxeViolation[]): string[] {
  return violations.map((v) => `${label}: ${v.id} (${v.impact ?? '?'}) ${v.help}: ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('accessibility (axe-core, WCAG 2.1 A and AA, in chromium)', () => {
  it('notices violations on a page that has them', async () => {
    const violations = await runAxe(VIEWPORTS[0]?.[1] ?? {}, (page) =>
      page.setContent('<!doctype html><html><head><title>x</title></head><body><img src="x.png"><p style="color:#eee;background:#fff">faint</p></body></html>'),
    );
    expect(violations.map((v) => v.id)).toEqual(expect.arrayContaining(['image-alt', 'color-contrast', 'html-has-lang']));
  });

  for (const [viewportName, options] of VIEWPORTS) {
    it.each(PAGES)(`%s page (/%s) has no violation at ${viewportName} size`, async (_kind, pagePath) => {
      const url = `${site.url}/${pagePath}`;
      const violations = await runAxe(options, async (page) => {
        const response = await page.goto(url, { waitUntil: 'load' });
        if (response?.status() !== 200) throw new Error(`${url}: status ${response?.status() ?? 'none'}`);
      });
      expect(describeViolations(`${pagePath || '(home)'} @${viewportName}`, violations)).toEqual([]);
    });
  }
});
