// The documents: README.md is a user's page (at most 15 KB, the two commands first, links to the documentation by
// its files in site/docs/), and every Markdown page of site/docs/ is published by the site at docs/<name>/, in the
// site's shell and menu, in the sitemap, its Markdown rendered by Eleventy with code escaped.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { listDocPaths } from '../src/render/site-views.ts';
import { ROOT_DIR } from '../src/config.ts';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';
import { formatInstallLine, readSystemPackages } from './helpers/system-packages.ts';

const siteDir = inject('siteDir');
const DOCS_DIR = path.join(ROOT_DIR, 'site', 'docs');

async function readDocNames(): Promise<string[]> {
  return (await readdir(DOCS_DIR)).filter((name) => name.endsWith('.md')).sort();
}

async function readBuiltPage(docPath: string): Promise<string> {
  return readFile(path.join(siteDir, docPath, 'index.html'), 'utf8');
}

describe('README.md', () => {
  it('is at most 15 KB and opens with the command that serves the site and the one that runs the tests', async () => {
    const readme = await readFile(path.join(ROOT_DIR, 'README.md'), 'utf8');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(15 * 1024);
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
    expect(firstBlock).toMatch(/npm start/);
    expect(firstBlock).toMatch(/npm test/);
  });

  it('links every documentation page by its file in site/docs/, and every link it has there reaches a file', async () => {
    const readme = await readFile(path.join(ROOT_DIR, 'README.md'), 'utf8');
    const linked = [...readme.matchAll(/\]\((site\/docs\/[^)]+)\)/g)].map((m) => m[1] ?? '');
    const names = await readDocNames();
    expect(names.filter((n) => n !== 'index.md' && !linked.includes(`site/docs/${n}`))).toEqual([]);
    expect(linked.filter((l) => !names.includes(path.basename(l)))).toEqual([]);
  });
});

describe('the documentation pages', () => {
  it('are at least the index, data model, querying, publishing, performance and development', async () => {
    expect(await readDocNames()).toEqual(expect.arrayContaining(['index.md', 'data-model.md', 'querying.md', 'publishing.md', 'performance.md', 'development.md']));
  });

  it('are each published at docs/<name>/ in the site shell, with the menu entry Docs marked as current, and in the sitemap', async () => {
    const docPaths = await listDocPaths(path.join(ROOT_DIR, 'site'));
    expect(docPaths).toContain('docs');
    const sitemap = await readFile(path.join(siteDir, 'sitemap.xml'), 'utf8');
    for (const docPath of docPaths) {
      const html = await readBuiltPage(docPath);
      expect(html, docPath).toMatch(/^<!doctype html>/);
      expect(html, docPath).toContain('<article class="doc">');
      expect(html, docPath).toMatch(/<nav class="site-nav" aria-label="Main">.*<a href="[./]*docs\/" aria-current="page">Docs<\/a>/);
      expect(sitemap, docPath).toContain(`<loc>${DEFAULT_BASE_IRI}${docPath}/</loc>`);
    }
  });

  it('link each other by site address, never to Markdown files', async () => {
    const problems: string[] = [];
    for (const docPath of await listDocPaths(path.join(ROOT_DIR, 'site'))) {
      for (const [, href] of (await readBuiltPage(docPath)).matchAll(/href="([^"]*)"/g)) if (href?.includes('.md')) problems.push(`${docPath}: ${href}`);
    }
    expect(problems).toEqual([]);
    expect(await readBuiltPage('docs')).toContain('<a href="querying/">');
  });

  it('show code as text: markup and braces in Markdown code come out escaped, not as elements or templates', async () => {
    const querying = await readBuiltPage('docs/querying');
    expect(querying).toContain('# param: ?priority &lt;https://w3id.org/cbss-car/priority/child-friendly-justice&gt; the priority to list');
    expect(querying).toContain('SELECT ?notation ?area WHERE {\n  ?priority caro:hasAreaOfConcern ?area .');
    expect(querying).not.toContain('<https://w3id.org/cbss-car/priority/child-friendly-justice>');
  });

  it('give the apt-get line of every system package the tests need (development)', async () => {
    const development = await readFile(path.join(DOCS_DIR, 'development.md'), 'utf8');
    expect(development).toContain(formatInstallLine(readSystemPackages().map((p) => p.name), false));
  });
});
