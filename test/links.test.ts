// No internal link of the built site is broken: every href and src of every HTML page, resolved against the
// page, must reach a file (a folder: its index.html), and a #fragment must be an id in the target page.
// Links are relative (the site contract), so that the site works under any deployment path.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';
import { listFiles, mapWithLimit } from './helpers/site.ts';

const siteDir = inject('siteDir');

interface PageLinks {
  readonly page: string;
  readonly ids: ReadonlySet<string>;
  readonly links: readonly { readonly tag: string; readonly attribute: string; readonly value: string }[];
}

const LINK_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  script: ['src'],
  iframe: ['src'],
  audio: ['src'],
  video: ['src', 'poster'],
  track: ['src'],
  embed: ['src'],
  object: ['data'],
  form: ['action'],
  use: ['href', 'xlink:href'],
};

/** Read a page's ids (and a[name]s) and its links. */
function readPage(page: string, html: string): PageLinks {
  const ids = new Set<string>();
  const links: { tag: string; attribute: string; value: string }[] = [];
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (attributes.id !== undefined) ids.add(attributes.id);
        if (tag === 'a' && attributes.name !== undefined) ids.add(attributes.name);
        for (const attribute of LINK_ATTRIBUTES[tag] ?? []) {
          const value = attributes[attribute];
          if (value === undefined) continue;
          const values = attribute === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [value];
          for (const v of values) links.push({ tag, attribute, value: v });
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: false },
  );
  parser.write(html);
  parser.end();
  return { page, ids, links };
}

const SITE = 'http://site.invalid/';

/** Shorten a long attribute value (a query permalink, say) for a readable failure message. */
function shorten(value: string): string {
  return value.length > 90 ? `${value.slice(0, 87)}...` : value;
}
let pages: Map<string, PageLinks>;
let files: Set<string>;

beforeAll(async () => {
  const all = await listFiles(siteDir);
  files = new Set(all);
  const htmlFiles = all.filter((file) => file.endsWith('.html'));
  const read = await mapWithLimit(htmlFiles, 16, async (file) => readPage(file, await readFile(path.join(siteDir, file), 'utf8')));
  pages = new Map(read.map((p) => [p.page, p]));
});

/** Where a site-internal URL path lands: a file, or a folder's index.html; undefined if nowhere. */
async function resolveTarget(urlPath: string): Promise<string | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.slice(1));
  } catch {
    return undefined;
  }
  if (relative === '' || relative.endsWith('/')) return files.has(`${relative}index.html`) ? `${relative}index.html` : undefined;
  if (files.has(relative)) return relative;
  const info = await stat(path.join(siteDir, relative)).catch(() => undefined);
  return info?.isDirectory() && files.has(`${relative}/index.html`) ? `${relative}/index.html` : undefined;
}

describe('links in the built site', () => {
  it('has pages to check, the documentation pages among them', () => {
    expect(pages.size).toBeGreaterThan(100);
    expect([...pages.keys()].filter((page) => page.startsWith('docs/')).length).toBeGreaterThanOrEqual(6);
  });

  it('every internal href and src reaches a file, and every #fragment an id in the target page', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { page, links } of pages.values()) {
      for (const { tag, attribute, value } of links) {
        if (value === '' || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) continue;
        const url = new URL(value, SITE + page);
        if (!url.href.startsWith(SITE)) {
          problems.push(`${page}: <${tag} ${attribute}="${shorten(value)}"> leaves the site`);
          continue;
        }
        checked += 1;
        const target = url.pathname === new URL(SITE + page).pathname && value.startsWith('#') ? page : await resolveTarget(url.pathname);
        if (target === undefined) {
          problems.push(`${page}: <${tag} ${attribute}="${shorten(value)}"> → ${url.pathname} does not exist`);
          continue;
        }
        // A text fragment (#p11:~:text=…) scrolls to the text; its part before ":~:" is an ordinary id.
        const fragment = decodeURIComponent(url.hash.slice(1).split(':~:')[0] ?? '');
        if (fragment !== '' && target.endsWith('.html') && !pages.get(target)?.ids.has(fragment)) {
          problems.push(`${page}: <${tag} ${attribute}="${shorten(value)}"> → no id "${fragment}" in ${target}`);
        }
      }
    }
    expect(problems.slice(0, 30)).toEqual([]);
    expect(problems).toHaveLength(0);
    expect(checked).toBeGreaterThan(1000);
  });

  it('links to the site only relatively: no root-relative paths, and no absolute IRI of ours as a link target', () => {
    const problems: string[] = [];
    for (const { page, links } of pages.values()) {
      for (const { tag, attribute, value } of links) {
        if (value.startsWith('/') && !value.startsWith('//')) problems.push(`${page}: <${tag} ${attribute}="${shorten(value)}"> is root-relative`);
        if (value.startsWith(DEFAULT_BASE_IRI) && tag !== 'link') problems.push(`${page}: <${tag} ${attribute}="${shorten(value)}"> links the absolute IRI`);
      }
    }
    expect(problems.slice(0, 30)).toEqual([]);
  });

  it('would notice a broken link (the checker resolves as a browser does)', async () => {
    expect(await resolveTarget('/')).toBe('index.html');
    expect(await resolveTarget('/priority/')).toBe('priority/index.html');
    expect(await resolveTarget('/priority')).toBe('priority/index.html');
    expect(await resolveTarget('/no/such/page/')).toBeUndefined();
    expect(new URL('../../ontology/#X', `${SITE}priority/a/index.html`).pathname).toBe('/ontology/');
  });
});
