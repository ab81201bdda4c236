// Run axe-core (WCAG 2.1 A and AA rules) in a page opened by playwright-core, and describe any violation
// in a line that names the rule, the element and the help text.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[];
}

/** The WCAG 2.1 AA rule tags of axe-core. */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

/** Run axe in the page (injected through the debugging protocol, so a strict CSP does not block it); return one line per failing element. */
export async function findAxeViolations(page: Page): Promise<string[]> {
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = (await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations;
  }, [...WCAG21_AA])) as AxeViolation[];
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.trim()));
}

/** The two sizes every page is checked at: a desktop window and a phone. */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;

/** Open the page's address again at phone size in the same browser, and return axe's violations there. */
export async function findAxeViolationsOnPhone(page: Page): Promise<string[]> {
  const phone = await page.context().browser()!.newPage(VIEWPORTS.phone);
  try {
    await phone.goto(page.url());
    return await findAxeViolations(phone);
  } finally {
    await phone.close();
  }
}
