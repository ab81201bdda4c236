import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { GraphStore } from '../../src/load/graph-store.ts';
import { ROOT_DIR, createConfig } from '../../src/config.ts';
import { BuildError, DUMP_STEM, checkDocumentPath, describeSite, type SiteDescription } from '../../src/describe/describe-site.ts';
import { parseIriList } from '../../src/describe/published-iris.ts';
import { loadGraph, parseTurtle } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import type { ListingView } from '../../src/render/index-views.ts';
import { indexSuperClasses } from '../../src/render/create-site-index.ts';
import { renderSiteViews, type SiteViews } from '../../src/render/site-views.ts';
import { writeResourcePages } from '../../src/render/resource-pages.ts';
import { runQueryFiles, runSiteQueries } from '../../src/query/run-query-files.ts';
import { loadChecks, loadShapes, validateGraph } from '../../src/validate/validate.ts';

const BASE = DEFAULT_BASE_IRI;
const config = createConfig({}, {});
let described: SiteDescription;
let views: SiteViews;
let published: string[];

beforeAll(async () => {
  const { store } = await loadGraph([config.ontologyDir, config.dataDir], config.baseIri);
  const checks = await loadChecks(path.join(config.ontologyDir, 'checks'), config.baseIri, config.rootDir);
  const report = await validateGraph(store, await loadShapes(path.join(config.ontologyDir, 'shapes'), config.baseIri), checks);
  const job = { queriesDir: config.queriesDir, rootDir: config.rootDir, baseIri: config.baseIri, resourceQueryFile: path.join(config.siteDir, '_includes', 'query-this-resource.rq') };
  const runs = await runQueryFiles(store, job);
  described = await describeSite(config, store);
  views = await renderSiteViews(config, described, { report, checks, runs, siteRows: await runSiteQueries(store, job) });
  const file = path.join(ROOT_DIR, 'data', 'published-iris.txt');
  published = parseIriList(await readFile(file, 'utf8'), file);
}, 300_000);

describe('the site described and its views, from the repository’s graph', () => {
  test('every published IRI is a document of the site, at its own path', () => {
    const documents = new Set(described.documents.map((d) => d.iri));
    expect(published.length).toBeGreaterThan(100);
    // Releases and their change sets are pages of their own (src/render/release-views.ts), outside the graph.
    expect(published.filter((iri) => !documents.has(iri) && !iri.startsWith(`${BASE}releases/`))).toEqual([]);
    expect(published.filter((iri) => documents.has(iri) && iri.startsWith(`${BASE}releases/`))).toEqual([]);
    expect(described.documents.every((d) => d.iri === BASE + d.path)).toBe(true);
  });

  test('each resource gets its page and its three RDF documents, written one resource after another', async () => {
    const written: string[] = [];
    const output = { write: (p: string, content: string | Uint8Array) => void written.push(`${p} ${content.length > 0}`), count: 0 };
    const pages = await writeResourcePages(config, described, views, output, 'SELECT * WHERE { ?resource ?p ?o }');
    expect(pages).toBe(described.documents.length);
    const first = described.documents[0]?.path;
    expect(written.slice(0, 4)).toEqual([`${first}/index.html true`, `${first}/index.ttl true`, `${first}/index.jsonld true`, `${first}/index.nt true`]);
    expect(written).toHaveLength(4 * described.documents.length);
  });

  test('there is a listing per kind, and the SDG page', () => {
    const paths = views.listings.map((l) => l.path);
    for (const kind of ['priority', 'area', 'uncrc/article', 'organisation', 'role', 'state', 'sdg', 'alignment', 'statement']) expect(paths).toContain(kind);
    const priorities = views.listings.find((l) => l.path === 'priority') as ListingView;
    expect(priorities.groups.flatMap((g) => g.items.map((i) => i.notation))).toEqual(['P1', 'P2', 'P3']);
    const articles = views.listings.find((l) => l.path === 'uncrc/article') as ListingView;
    expect(articles.count).toBe(54);
  });

  test('the home page shows the strategy at a glance', () => {
    const home = views.extraPages.find((p) => p.kind === 'home');
    if (home?.kind !== 'home') throw new Error('no home page');
    expect(home.statements.map((s) => s.link.text)).toEqual(['Vision', 'Mission', 'Commitment']);
    expect(home.statements[0]?.texts[0]?.text).toMatch(/^The vision of the Children at Risk Expert Group/);
    expect(home.priorities.map((p) => p.notation)).toEqual(['P1', 'P2', 'P3']);
    expect(home.priorities[0]?.keyAreas.map((a) => a.text)).toEqual(['Alternative care', 'Children with disabilities', 'Children in migration', 'Poverty/social exclusion', 'Parenting and caregiver support']);
    expect(home.sharedAreas).toHaveLength(6);
    expect(home.priorities.every((p) => p.rights.length > 0 && p.targets.length > 0)).toBe(true);
  });

  test('the A–Z index holds the resources and the ontology terms, not the crosswalk statements', () => {
    const az = views.extraPages.find((p) => p.kind === 'a-z');
    if (az?.kind !== 'a-z') throw new Error('no A–Z page');
    const texts = az.letters.flatMap((l) => l.items.map((i) => i.text));
    expect(texts).toContain('Child Protection Systems');
    expect(texts).toContain('strategic priority');
    expect(texts.some((t) => t.includes('→'))).toBe(false);
  });

  test('the files: four dumps, VoID, the raw source text, sitemap, robots.txt and the IRI list', () => {
    const files = [...described.files, ...views.files];
    const paths = files.map((f) => f.path);
    for (const p of [`${DUMP_STEM}.ttl`, `${DUMP_STEM}.nt`, `${DUMP_STEM}.jsonld`, `${DUMP_STEM}.rdf`, '.well-known/void', 'sitemap.xml', 'robots.txt', 'iris.txt', 'source/car-mandate-strategy-2020-2025.txt']) {
      expect(paths).toContain(p);
    }
    const sitemap = files.find((f) => f.path === 'sitemap.xml')?.content as string;
    expect(sitemap).toContain(`<loc>${BASE}priority/child-protection-systems/</loc>`);
    expect(sitemap).toContain(`<loc>${BASE}query/</loc>`);
    expect(sitemap).toContain(`<loc>${BASE}</loc>`);
  });

  test('the dumps are held as UTF-8 bytes until they are written', () => {
    for (const ext of ['ttl', 'nt', 'jsonld', 'rdf']) {
      const content = described.files.find((f) => f.path === `${DUMP_STEM}.${ext}`)?.content;
      expect(content, ext).toBeInstanceOf(Uint8Array);
      // The crosswalk statements' labels hold an arrow (beyond Latin-1): it survives the encoding.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(content as Uint8Array), ext).toContain('→');
    }
  });

  test('the site knows its licence and the date of its data (from the data, not the clock)', () => {
    expect(views.site.licence?.href).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(views.site.modified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(views.site.nav.map((n) => n.path)).toEqual(['', 'priority', 'area', 'uncrc/article', 'sdg', 'organisation', 'a-z', 'ontology', 'query', 'search', 'dataset', 'docs']);
  });

  test('what Eleventy sees is plain data: views survive a JSON round trip', () => {
    const data = { listings: views.listings, site: views.site };
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
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

describe('the build', () => {
  test('does not load Comunica: Oxigraph answers its questions; Comunica is the query page’s engine', async () => {
    const { build } = await import('esbuild');
    const result = await build({ absWorkingDir: ROOT_DIR, entryPoints: ['src/build.ts'], bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', metafile: true, logLevel: 'silent' });
    const inputs = result.metafile.inputs;
    const packages = new Set(Object.values(inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)));
    // The check can see what it looks for: our own modules and the packages they import.
    expect(Object.keys(inputs)).toContain('src/render/site-views.ts');
    expect(packages).toContain('oxigraph');
    expect([...packages].filter((p) => p.startsWith('@comunica/'))).toEqual([]);
  });
});
