import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GraphStore } from '../../src/load/graph-store.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BuildError, DUMP_STEM, checkDocumentPath, composeSite, composeSiteInParts, indexSuperClasses, type ComposedSite, type SitePart } from '../../src/render/compose.ts';
import { ROOT_DIR, createConfig } from '../../src/config.ts';
import { parseIriList } from '../../src/describe/published-iris.ts';
import { parseTurtle } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import type { ListingView } from '../../src/render/index-views.ts';

const BASE = DEFAULT_BASE_IRI;
let composed: ComposedSite;
let published: string[];

beforeAll(async () => {
  composed = await composeSite(createConfig({}, {}));
  const file = path.join(ROOT_DIR, 'data', 'published-iris.txt');
  published = parseIriList(await readFile(file, 'utf8'), file);
}, 300_000);

describe('composeSite on the repository’s graph', () => {
  test('every published IRI has a resource view, and every resource is listed in iris', () => {
    const viewed = new Set(composed.resources.map((r) => r.iri));
    expect(published.length).toBeGreaterThan(100);
    expect(published.filter((iri) => !viewed.has(iri))).toEqual([]);
    expect([...composed.iris]).toEqual(composed.resources.map((r) => r.iri));
    expect(composed.resources.every((r) => r.iri === BASE + r.path)).toBe(true);
  });

  test('each resource has its three RDF documents, made on demand', () => {
    expect(composed.fileBatches).toHaveLength(composed.resources.length);
    const first = composed.fileBatches[0]?.() ?? [];
    const path0 = composed.resources[0]?.path;
    expect(first.map((f) => f.path)).toEqual([`${path0}/index.ttl`, `${path0}/index.jsonld`, `${path0}/index.nt`]);
    expect(first.every((f) => typeof f.content === 'string' && f.content.length > 0)).toBe(true);
  });

  test('there is a listing per kind, and the SDG page', () => {
    const paths = composed.listings.map((l) => l.path);
    for (const kind of ['priority', 'area', 'uncrc/article', 'organisation', 'role', 'state', 'sdg', 'alignment', 'statement']) expect(paths).toContain(kind);
    const priorities = composed.listings.find((l) => l.path === 'priority') as ListingView;
    expect(priorities.groups.flatMap((g) => g.items.map((i) => i.notation))).toEqual(['P1', 'P2', 'P3']);
    const articles = composed.listings.find((l) => l.path === 'uncrc/article') as ListingView;
    expect(articles.count).toBe(54);
  });

  test('the home page shows the strategy at a glance', () => {
    const home = composed.extraPages.find((p) => p.kind === 'home');
    if (home?.kind !== 'home') throw new Error('no home page');
    expect(home.statements.map((s) => s.link.text)).toEqual(['Vision', 'Mission', 'Commitment']);
    expect(home.statements[0]?.texts[0]?.text).toMatch(/^The vision of the Children at Risk Expert Group/);
    expect(home.priorities.map((p) => p.notation)).toEqual(['P1', 'P2', 'P3']);
    expect(home.priorities[0]?.keyAreas.map((a) => a.text)).toEqual([
      'Alternative care',
      'Children with disabilities',
      'Children in migration',
      'Poverty/social exclusion',
      'Parenting and caregiver support',
    ]);
    expect(home.sharedAreas).toHaveLength(6);
    expect(home.priorities.every((p) => p.rights.length > 0 && p.targets.length > 0)).toBe(true);
  });

  test('the A–Z index holds the resources and the ontology terms, not the crosswalk statements', () => {
    const az = composed.extraPages.find((p) => p.kind === 'a-z');
    if (az?.kind !== 'a-z') throw new Error('no A–Z page');
    const texts = az.letters.flatMap((l) => l.items.map((i) => i.text));
    expect(texts).toContain('Child Protection Systems');
    expect(texts).toContain('strategic priority');
    expect(texts.some((t) => t.includes('→'))).toBe(false);
    expect(az.letters.map((l) => l.letter)).toEqual([...az.letters.map((l) => l.letter)].sort((a, b) => (a === '#' ? 1 : b === '#' ? -1 : a < b ? -1 : 1)));
  });

  test('the files: four dumps, VoID, the raw source text, sitemap, robots.txt and the IRI list', () => {
    const paths = composed.files.map((f) => f.path);
    for (const p of [`${DUMP_STEM}.ttl`, `${DUMP_STEM}.nt`, `${DUMP_STEM}.jsonld`, `${DUMP_STEM}.rdf`, '.well-known/void', 'sitemap.xml', 'robots.txt', 'iris.txt', 'source/car-mandate-strategy-2020-2025.txt']) {
      expect(paths).toContain(p);
    }
    const sitemap = composed.files.find((f) => f.path === 'sitemap.xml')?.content as string;
    expect(sitemap).toContain(`<loc>${BASE}priority/child-protection-systems/</loc>`);
    expect(sitemap).toContain(`<loc>${BASE}</loc>`);
  });

  test('the dumps are held as UTF-8 bytes, outside the heap, until they are written', () => {
    for (const ext of ['ttl', 'nt', 'jsonld', 'rdf']) {
      const content = composed.files.find((f) => f.path === `${DUMP_STEM}.${ext}`)?.content;
      expect(content, ext).toBeInstanceOf(Uint8Array);
      // The crosswalk statements' labels hold an arrow (beyond Latin-1): it survives the encoding.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(content as Uint8Array), ext).toContain('→');
    }
  });

  test('the site knows its licence and the date of its data (from the data, not the clock)', () => {
    expect(composed.site.licence?.href).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(composed.site.modified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(composed.site.nav.map((n) => n.path)).toContain('priority');
  });

  test('what Eleventy sees is plain data: views survive a JSON round trip', () => {
    const data = { resources: composed.resources, listings: composed.listings, site: composed.site };
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('composeSiteInParts', () => {
  test("once taken and dropped, the first part's views can be collected while the rest is still to come", async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const parts = await composeSiteInParts(createConfig({}, {}));
    let first: SitePart | undefined = parts.takeFirst();
    expect(() => parts.takeFirst()).toThrow(/already taken/);
    const resources = new WeakRef(first.resources);
    const listings = new WeakRef(first.listings);
    expect(first.resources.length).toBe(composed.resources.length);
    first = undefined;
    // A WeakRef's target lives at least until the end of the job that made or read it.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(resources.deref()).toBeUndefined();
    expect(listings.deref()).toBeUndefined();
    const rest = await parts.later.rest();
    expect(rest.extraPages.map((p) => p.path)).toContain('query');
    expect(rest.files.map((f) => f.path)).toContain('sitemap.xml');
  }, 300_000);
});

describe('checks and indexes', () => {
  test.each([
    ['', /base IRI itself/],
    ['assets/x', /reserved/],
    ['a//b', /cannot be a folder/],
    ['a/../b', /cannot be a folder/],
    ['a b', /cannot be a folder/],
  ])('a document at %j is refused', (p, message) => {
    expect(() => checkDocumentPath({ iri: BASE + p, path: p, members: [BASE + p] })).toThrow(BuildError);
    expect(() => checkDocumentPath({ iri: BASE + p, path: p, members: [BASE + p] })).toThrow(message);
  });

  test('a normal path is accepted', () => {
    expect(() => checkDocumentPath({ iri: `${BASE}uncrc/article/19`, path: 'uncrc/article/19', members: [] })).not.toThrow();
  });

  test('indexSuperClasses follows rdfs:subClassOf transitively and survives cycles', () => {
    const store = new GraphStore(
      parseTurtle(
        `@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix e: <http://e/> .
         e:C rdfs:subClassOf e:B . e:B rdfs:subClassOf e:A . e:A rdfs:subClassOf e:C . e:x a e:D .`,
        'classes.ttl',
      ),
    );
    const index = indexSuperClasses(store);
    expect(index.get('http://e/C')).toEqual(['http://e/A', 'http://e/B', 'http://e/C']);
    expect(index.get('http://e/D')).toEqual(['http://e/D']);
  });
});

describe("the composer's thread", () => {
  test('never loads Comunica: SPARQL runs on the stage workers, so the build does not pay for its start-up twice', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      absWorkingDir: ROOT_DIR,
      entryPoints: ['src/build.ts'],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = result.metafile.inputs;
    const packages = new Set(Object.values(inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)));
    // The check can see what it looks for: our own modules and the packages they import.
    expect(Object.keys(inputs)).toContain('src/render/compose.ts');
    expect(packages).toContain('n3');
    expect([...packages].filter((p) => p.startsWith('@comunica/') || p.startsWith('@traqula/'))).toEqual([]);
    expect(Object.keys(inputs)).not.toContain('src/query/comunica-engine.ts');
  });
});
