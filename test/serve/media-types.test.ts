import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/config.ts';
import { CONTENT_TYPES, DEFAULT_CONTENT_TYPE, getContentType, getMediaTypeEssence } from '../../src/serve/media-types.ts';

const SERVER_DIR = path.join(ROOT_DIR, 'site', 'server');

/** Extension → media type, as the `types { … }` block of nginx.conf declares them. */
function readNginxTypes(conf: string): Map<string, string> {
  const block = /^\s*types\s*\{([^}]*)\}/m.exec(conf)?.[1] ?? '';
  const types = new Map<string, string>();
  for (const line of block.split(';')) {
    const [type, ...extensions] = line.trim().split(/\s+/);
    if (type) for (const extension of extensions) types.set(`.${extension}`, type);
  }
  return types;
}

/** Extension → media type, from the AddType lines of an .htaccess file. */
function readApacheTypes(htaccess: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of htaccess.matchAll(/^AddType\s+(\S+)((?:\s+\.\w+)+)\s*$/gm)) {
    for (const extension of (match[2] ?? '').trim().split(/\s+/)) types.set(extension, match[1] ?? '');
  }
  return types;
}

describe('getContentType', () => {
  it.each([
    ['priority/child-protection-systems/index.html', 'text/html; charset=utf-8'],
    ['ontology/index.ttl', 'text/turtle; charset=utf-8'],
    ['ontology/index.jsonld', 'application/ld+json'],
    ['ontology/index.nt', 'application/n-triples'],
    ['downloads/cbss-car.rdf', 'application/rdf+xml'],
    ['/.well-known/void', 'text/turtle; charset=utf-8'],
    ['sitemap.xml', 'application/xml'],
    ['iris.txt', 'text/plain; charset=utf-8'],
    ['query/app.JS', 'text/javascript; charset=utf-8'],
    ['pagefind/fragment/en_1.pf_fragment', DEFAULT_CONTENT_TYPE],
    ['void', DEFAULT_CONTENT_TYPE],
    ['releases/feed.atom', 'application/atom+xml'],
  ])('%s → %s', (file, type) => {
    expect(getContentType(file)).toBe(type);
  });

  it('gives the essence of a type', () => {
    expect(getMediaTypeEssence('Text/Turtle ; charset=utf-8')).toBe('text/turtle');
  });
});

describe('the server configurations declare the same types', () => {
  const expected = new Map(Object.entries(CONTENT_TYPES).map(([extension, type]) => [extension, getMediaTypeEssence(type)]));
  const withCharset = Object.entries(CONTENT_TYPES).filter(([, type]) => type.includes('charset=utf-8')).map(([extension]) => extension).sort();

  it('nginx.conf: its types block, and charset utf-8 for the text types', async () => {
    const conf = await readFile(path.join(SERVER_DIR, 'nginx.conf'), 'utf8');
    expect(readNginxTypes(conf)).toEqual(expected);
    const charsetTypes = new Set((/^\s*charset_types\s+([^;]+);/m.exec(conf)?.[1] ?? '').split(/\s+/).concat('text/html'));
    expect(withCharset.filter((extension) => !charsetTypes.has(expected.get(extension) ?? ''))).toEqual([]);
    expect(conf).toMatch(/^\s*charset utf-8;/m);
  });

  it('.htaccess: its AddType lines, and AddCharset utf-8 for the text types', async () => {
    const htaccess = await readFile(path.join(SERVER_DIR, '.htaccess'), 'utf8');
    expect(readApacheTypes(htaccess)).toEqual(expected);
    const charset = (/^AddCharset utf-8((?:\s+\.\w+)+)\s*$/m.exec(htaccess)?.[1] ?? '').trim().split(/\s+/).sort();
    expect(charset).toEqual(withCharset);
  });
});
