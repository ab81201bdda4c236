// Stage 5, render (the other pages): Eleventy renders the listings, the home page, the A–Z index, the research tools'
// pages (from the views it is given as the global `composed`) and the documentation pages of site/docs/, into the
// build's folder. Its configuration is site/eleventy.config.js.
import path from 'node:path';
import type { Config } from '../config.ts';
import type { SitePages } from './site-views.ts';

interface EleventyResult {
  readonly outputPath?: string | false;
}

/** Run Eleventy over site/ with the views of the pages, writing into outDir; return the number of pages written. */
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
