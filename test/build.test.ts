import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { GraphStore } from '../src/load/graph-store.ts';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildSite } from '../src/build.ts';
import { ROOT_DIR, createConfig } from '../src/config.ts';
import { describeDocument, indexDocuments, type PublishedDocument } from '../src/describe/describe.ts';
import { loadGraph } from '../src/load/load-graph.ts';
import { REPORT_LINE, STAGE_LINE, type StageFigure, type StageReport } from '../src/publish/stage-report.ts';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';
import { parseJsonLdText, parseNTriplesText, parseRdfXmlText, parseTurtleText, sameGraph } from './helpers/graphs.ts';
import { listFiles, listSiteIris, mapWithLimit } from './helpers/site.ts';
import { copyRepository as copyScratchRepository } from './helpers/repository-copy.ts';

const { namedNode } = DataFactory;
const execFileAsync = promisify(execFile);

/** The environment without BASE_IRI, so that a build in a child process takes the default base, as the shared site did. */
function withoutBaseIri(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.BASE_IRI;
  return env;
}
const BASE = DEFAULT_BASE_IRI;
const ALT_BASE = 'https://example.org/kg/children/';
const HOSTILE = `<script>alert(1)</script> & "double" 'single'`;
const SCHEMA = 'https://schema.org/';
const VOID = 'http://rdfs.org/ns/void#';
const BUILD_TIMEOUT = 300_000;

const siteDir = inject('siteDir');
const scratch: string[] = [];

async function makeScratch(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cbss-car-${name}-`));
  scratch.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyRepository(name: string): ReturnType<typeof copyScratchRepository> {
  return copyScratchRepository(await makeScratch(name));
}

/** Every folder (the root included) and file under dir, with its kind and its permission bits in octal. */
async function listModes(dir: string, relative = '.'): Promise<[string, 'folder' | 'file', string][]> {
  const full = path.join(dir, relative);
  const found: [string, 'folder' | 'file', string][] = [[relative, 'folder', ((await stat(full)).mode & 0o777).toString(8)]];
  for (const entry of await readdir(full, { withFileTypes: true })) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) found.push(...(await listModes(dir, child)));
    else found.push([child, 'file', ((await stat(path.join(dir, child))).mode & 0o777).toString(8)]);
  }
  return found;
}

async function hashTree(dir: string): Promise<Map<string, string>> {
  const files = await listFiles(dir);
  const hashes = await mapWithLimit(files, 32, async (f) => createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex'));
  return new Map(files.map((f, i) => [f, hashes[i] as string]));
}

function unescapeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every relative link (href or src) of every HTML page must reach a file of the site, and its fragment an id there. */
async function findBrokenLinks(dir: string): Promise<string[]> {
  const files = await listFiles(dir);
  const present = new Set(files);
  const pages = files.filter((f) => f.endsWith('.html'));
  const ids = new Map<string, Set<string>>();
  const idsOf = async (file: string): Promise<Set<string>> => {
    let found = ids.get(file);
    if (!found) {
      const html = await readFile(path.join(dir, file), 'utf8');
      found = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => unescapeAttribute(m[1] as string)));
      ids.set(file, found);
    }
    return found;
  };
  const broken: string[] = [];
  for (const page of pages) {
    const html = await readFile(path.join(dir, page), 'utf8');
    for (const match of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const href = unescapeAttribute(match[1] as string);
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue;
      const url = new URL(href, `http://site.invalid/${page}`);
      let target = decodeURIComponent(url.pathname.slice(1));
      if (target === '' || target.endsWith('/')) target += 'index.html';
      if (!present.has(target)) {
        broken.push(`${page}: ${href} (no ${target})`);
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1)).split(':~:')[0] ?? '';
      if (fragment && target.endsWith('.html') && !(await idsOf(target)).has(fragment)) broken.push(`${page}: ${href} (no id "${fragment}" in ${target})`);
    }
  }
  return broken;
}

describe('the built site', () => {
  let reference: GraphStore;
  let documents: Map<string, PublishedDocument>;
  let iris: string[];

  beforeAll(async () => {
    // The reference: the whole graph as the N-Triples dump has it, plus the dataset description of VoID.
    const dump = parseNTriplesText(await readFile(path.join(siteDir, 'downloads', 'cbss-car.nt'), 'utf8'));
    const voidGraph = parseTurtleText(await readFile(path.join(siteDir, '.well-known', 'void'), 'utf8'));
    reference = new GraphStore([...dump, ...voidGraph]);
    documents = new Map(indexDocuments(reference, BASE).map((d) => [d.iri, d]));
    iris = await listSiteIris(siteDir, BASE);
  });

  test('the four dumps hold one and the same graph, the whole graph of the repository', async () => {
    const dir = path.join(siteDir, 'downloads');
    const nt = parseNTriplesText(await readFile(path.join(dir, 'cbss-car.nt'), 'utf8'));
    const ttl = parseTurtleText(await readFile(path.join(dir, 'cbss-car.ttl'), 'utf8'));
    const json = await parseJsonLdText(await readFile(path.join(dir, 'cbss-car.jsonld'), 'utf8'));
    const xml = await parseRdfXmlText(await readFile(path.join(dir, 'cbss-car.rdf'), 'utf8'));
    const { store } = await loadGraph([path.join(ROOT_DIR, 'ontology'), path.join(ROOT_DIR, 'data')]);
    expect(nt.length).toBeGreaterThan(1000);
    expect(sameGraph(nt, store.getQuads(null, null, null, null))).toBe(true);
    expect(sameGraph(ttl, nt)).toBe(true);
    expect(sameGraph(json, nt)).toBe(true);
    expect(sameGraph(xml, nt)).toBe(true);
  }, BUILD_TIMEOUT);

  test('shows the editorial mark beside every notation that the data marks as editorial, on its page, its listing and the home page', async () => {
    const marked = reference
      .getQuads(null, namedNode(`${BASE}ontology#editorialProperty`), namedNode('http://www.w3.org/2004/02/skos/core#notation'), null)
      .map((q) => q.subject.value);
    expect(marked).toHaveLength(14);
    const badge = (notation: string): string => `<span class="notation">${notation}</span> <span class="editorial-mark"`;
    const home = await readFile(path.join(siteDir, 'index.html'), 'utf8');
    for (const iri of marked) {
      const notation = reference.getObjects(namedNode(iri), namedNode('http://www.w3.org/2004/02/skos/core#notation'), null)[0]!.value;
      const doc = documents.get(iri)!;
      const page = await readFile(path.join(siteDir, doc.path, 'index.html'), 'utf8');
      expect(page.match(/<h1[^>]*>[\s\S]*?<\/h1>/)?.[0], iri).toContain(badge(notation));
      const listing = await readFile(path.join(siteDir, doc.path.split('/')[0]!, 'index.html'), 'utf8');
      expect(listing, `${iri} in its listing`).toContain(badge(notation));
      if (iri.includes('/priority/')) expect(home, `${iri} on the home page`).toContain(badge(notation));
    }
    // An SDG target's notation is the UN's own: no mark.
    const sdg = await readFile(path.join(siteDir, 'sdg', 'index.html'), 'utf8');
    expect(sdg).not.toContain('editorial-mark');
  }, BUILD_TIMEOUT);

  // A release or change set: described by its own file of data/releases/ (release.ttl, changes.ttl), never by the dumps.
  async function checkReleaseIri(iri: string): Promise<string[]> {
    const [version, changes] = iri.slice(`${BASE}releases/`.length).split('/');
    const expected = parseTurtleText(await readFile(path.join(ROOT_DIR, 'data', 'releases', version!, changes ? 'changes.ttl' : 'release.ttl'), 'utf8'));
    const folder = path.join(siteDir, iri.slice(BASE.length));
    const found: string[] = [];
    if (reference.getQuads(DataFactory.namedNode(iri), null, null, null).length > 0) found.push(`${iri}: in the current graph's dumps`);
    const ttl = parseTurtleText(await readFile(path.join(folder, 'index.ttl'), 'utf8'));
    const nt = parseNTriplesText(await readFile(path.join(folder, 'index.nt'), 'utf8'));
    const json = await parseJsonLdText(await readFile(path.join(folder, 'index.jsonld'), 'utf8'));
    for (const [name, graph] of [['index.ttl', ttl], ['index.nt', nt], ['index.jsonld', json]] as const) {
      if (!graph.some((q) => q.subject.value === iri)) found.push(`${iri}: ${name} does not describe it`);
      if (!sameGraph(graph, expected)) found.push(`${iri}: ${name} is not the release's own description`);
    }
    const html = await readFile(path.join(folder, 'index.html'), 'utf8');
    for (const [type, file] of [['text/turtle', 'index.ttl'], ['application/ld+json', 'index.jsonld'], ['application/n-triples', 'index.nt']]) {
      if (!html.includes(`<link rel="alternate" type="${type}" href="${file}"`)) found.push(`${iri}: the page does not link ${file}`);
    }
    if ((html.match(/<h1[\s>]/g) ?? []).length !== 1) found.push(`${iri}: not exactly one h1`);
    return found;
  }

  test('every IRI has a page and three alternates that parse and describe it', async () => {
    expect(iris.length).toBeGreaterThan(200);
    const problems = await mapWithLimit(iris, 8, async (iri) => {
      if (iri.startsWith(`${BASE}releases/`)) return checkReleaseIri(iri);
      const doc = documents.get(iri);
      if (!doc) return [`${iri}: not described by the dumps`];
      const folder = path.join(siteDir, doc.path);
      const expected = describeDocument(reference, doc.members);
      const found: string[] = [];
      const ttl = parseTurtleText(await readFile(path.join(folder, 'index.ttl'), 'utf8'));
      const nt = parseNTriplesText(await readFile(path.join(folder, 'index.nt'), 'utf8'));
      const json = await parseJsonLdText(await readFile(path.join(folder, 'index.jsonld'), 'utf8'));
      if (!ttl.some((q) => q.subject.value === iri || doc.members.includes(q.subject.value))) found.push(`${iri}: index.ttl does not describe it`);
      if (!sameGraph(ttl, expected)) found.push(`${iri}: index.ttl is not its description`);
      if (!sameGraph(nt, expected)) found.push(`${iri}: index.nt is not its description`);
      if (!sameGraph(json, expected)) found.push(`${iri}: index.jsonld is not its description`);

      const html = await readFile(path.join(folder, 'index.html'), 'utf8');
      for (const [type, file] of [['text/turtle', 'index.ttl'], ['application/ld+json', 'index.jsonld'], ['application/n-triples', 'index.nt']]) {
        if (!html.includes(`<link rel="alternate" type="${type}" href="${file}"`)) found.push(`${iri}: the page does not link ${file}`);
      }
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      if (scripts.length !== 1 || !/type="application\/ld\+json"/.test(scripts[0]?.[1] ?? '')) found.push(`${iri}: a resource page has one script, its JSON-LD`);
      const island = await parseJsonLdText(scripts[0]?.[2] ?? '{}');
      const data = island.filter((q) => !q.predicate.value.startsWith(SCHEMA) && !q.object.value.startsWith(SCHEMA));
      if (!sameGraph(data, expected)) found.push(`${iri}: the embedded JSON-LD is not its description`);
      if (!island.some((q) => q.subject.value === iri && q.predicate.value === `${SCHEMA}name`)) found.push(`${iri}: the embedded JSON-LD has no schema:name`);
      if (!html.startsWith('<!doctype html>\n<html lang="en">')) found.push(`${iri}: no lang="en"`);
      if ((html.match(/<h1[\s>]/g) ?? []).length !== 1) found.push(`${iri}: not exactly one h1`);
      if (!html.includes('<a class="skip-link" href="#main">') || !html.includes('<main id="main"')) found.push(`${iri}: no skip link to main`);
      if (!html.includes(`value="${iri}"`)) found.push(`${iri}: the IRI is not shown to copy`);
      return found;
    });
    expect(problems.flat()).toEqual([]);
  }, BUILD_TIMEOUT);

  test('VoID and DCAT describe the dataset: counts, partitions, dumps with their real sizes, dates from the data', async () => {
    const voidQuads = parseTurtleText(await readFile(path.join(siteDir, '.well-known', 'void'), 'utf8'));
    const store = new GraphStore(voidQuads);
    const ds = namedNode(`${BASE}dataset`);
    const one = (p: string): string | undefined => store.getObjects(ds, namedNode(p), null)[0]?.value;
    const dump = parseNTriplesText(await readFile(path.join(siteDir, 'downloads', 'cbss-car.nt'), 'utf8'));
    expect(one(`${VOID}uriSpace`)).toBe(BASE);
    expect(Number(one(`${VOID}triples`))).toBe(new Set(dump.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)).size);
    expect(store.getObjects(ds, namedNode(`${VOID}dataDump`), null).map((t) => t.value).sort()).toEqual(
      ['jsonld', 'nt', 'rdf', 'ttl'].map((ext) => `${BASE}downloads/cbss-car.${ext}`),
    );
    for (const dist of store.getObjects(ds, namedNode('http://www.w3.org/ns/dcat#distribution'), null)) {
      const url = store.getObjects(dist, namedNode('http://www.w3.org/ns/dcat#downloadURL'), null)[0]?.value ?? '';
      const size = store.getObjects(dist, namedNode('http://www.w3.org/ns/dcat#byteSize'), null)[0]?.value;
      expect(Number(size)).toBe((await stat(path.join(siteDir, url.slice(BASE.length)))).size);
    }
    const partition = store.getSubjects(namedNode(`${VOID}class`), namedNode(`${BASE}ontology#StrategicPriority`), null)[0];
    expect(partition && store.getObjects(partition, namedNode(`${VOID}entities`), null)[0]?.value).toBe('3');
    expect(store.getObjects(ds, namedNode(`${VOID}vocabulary`), null).map((t) => t.value)).toContain('http://www.w3.org/2004/02/skos/core#');
    const modified = dump.filter((q) => q.predicate.value === 'http://purl.org/dc/terms/modified' && q.subject.value.startsWith(BASE)).map((q) => q.object.value).sort().pop();
    expect(one('http://purl.org/dc/terms/modified')).toBe(modified);
    expect(one('http://purl.org/dc/terms/license')).toBe('https://creativecommons.org/licenses/by/4.0/');
    // The dataset page shows the same graph.
    const page = parseTurtleText(await readFile(path.join(siteDir, 'dataset', 'index.ttl'), 'utf8'));
    expect(sameGraph(page, voidQuads)).toBe(true);
  });

  test('the sitemap lists every page, robots.txt points to it, iris.txt lists every IRI', async () => {
    const sitemap = await readFile(path.join(siteDir, 'sitemap.xml'), 'utf8');
    const listed = new Set([...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]));
    expect(iris.filter((iri) => !listed.has(`${iri}/`))).toEqual([]);
    expect(listed.has(BASE)).toBe(true);
    expect(await readFile(path.join(siteDir, 'robots.txt'), 'utf8')).toContain(`Sitemap: ${BASE}sitemap.xml`);
    const listedIris = (await readFile(path.join(siteDir, 'iris.txt'), 'utf8')).trim().split('\n');
    expect(listedIris).toEqual([...listedIris].sort());
    expect(iris.filter((iri) => !listedIris.includes(iri))).toEqual([]);
  });

  test('the index pages exist: home, a listing per kind, A–Z, ontology with an anchor per term, the source text with an anchor per paragraph', async () => {
    for (const p of ['index.html', 'priority/index.html', 'area/index.html', 'uncrc/article/index.html', 'uncrc/index.html', 'sdg/index.html', 'organisation/index.html', 'role/index.html', 'state/index.html', 'a-z/index.html']) {
      expect((await stat(path.join(siteDir, p))).isFile()).toBe(true);
    }
    const ontology = await readFile(path.join(siteDir, 'ontology', 'index.html'), 'utf8');
    const terms = reference.getSubjects(null, null, null).filter((s) => s.value.startsWith(`${BASE}ontology#`));
    expect(terms.length).toBeGreaterThan(30);
    expect(terms.filter((t) => !ontology.includes(`id="${t.value.slice(t.value.indexOf('#') + 1)}"`)).map((t) => t.value)).toEqual([]);
    const source = await readFile(path.join(siteDir, 'source', 'mandate-and-strategy-2020-2025', 'index.html'), 'utf8');
    const text = await readFile(path.join(ROOT_DIR, 'data', 'source', 'car-mandate-strategy-2020-2025.txt'), 'utf8');
    const count = text.split('\n').filter((l) => l.trim() !== '').length;
    for (let n = 1; n <= count; n++) expect(source).toContain(`id="p${n}"`);
    expect(source).not.toContain(`id="p${count + 1}"`);
    expect(await readFile(path.join(siteDir, 'source', 'car-mandate-strategy-2020-2025.txt'), 'utf8')).toBe(text);
  });

  test('no link between pages is broken', async () => {
    expect(await findBrokenLinks(siteDir)).toEqual([]);
  }, BUILD_TIMEOUT);

  test('pages carry no JavaScript but the JSON-LD (the query and search tools aside)', async () => {
    const pages = (await listFiles(siteDir)).filter((f) => f.endsWith('.html') && !/^(query|search)\//.test(f));
    const withCode: string[] = [];
    for (const page of pages) {
      const html = await readFile(path.join(siteDir, page), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].filter((m) => !/type="application\/ld\+json"/.test(m[1] ?? ''));
      if (scripts.length > 0 || /\son[a-z]+="/i.test(html)) withCode.push(page);
    }
    expect(withCode).toEqual([]);
  });
});

describe('building', () => {
  test('two builds of the same input are byte-identical, and publish folders 755 and files 644 even under umask 077', async () => {
    const out = path.join(await makeScratch('again'), 'site');
    const umask = process.umask(0o077);
    try {
      await buildSite(createConfig({ outDir: out }, {}));
    } finally {
      process.umask(umask);
    }
    // A web server's workers run as an unprivileged user: every folder must be world-searchable, every file world-readable.
    for (const dir of [siteDir, out]) {
      const modes = await listModes(dir);
      expect(modes.length).toBeGreaterThan(500);
      expect(modes.filter(([, kind, mode]) => mode !== (kind === 'folder' ? '755' : '644'))).toEqual([]);
    }
    const [first, second] = await Promise.all([hashTree(siteDir), hashTree(out)]);
    expect(first.size).toBeGreaterThan(500);
    expect([...second.keys()].filter((f) => !first.has(f))).toEqual([]);
    expect([...first.keys()].filter((f) => !second.has(f))).toEqual([]);
    expect([...second].filter(([f, h]) => first.get(f) !== h).map(([f]) => f)).toEqual([]);
  }, BUILD_TIMEOUT);

  test('npm run build, with options: the same site, each stage reported as it ends, in the order of the pipeline, the file list', async () => {
    const scratchDir = await makeScratch('cli');
    const out = path.join(scratchDir, 'site');
    const manifest = path.join(scratchDir, 'manifest.json');
    const { stdout } = await execFileAsync('npm', ['run', '--silent', 'build', '--', '--out', out, '--report', '--manifest', manifest], { cwd: ROOT_DIR, env: withoutBaseIri(), maxBuffer: 1 << 24 });
    const stages = stdout.split('\n').filter((l) => l.startsWith(STAGE_LINE)).map((l) => (JSON.parse(l.slice(STAGE_LINE.length)) as StageFigure).stage);
    expect(stages).toEqual(['startup', 'load', 'validate', 'query', 'describe', 'views', 'resources', 'pages', 'files', 'search', 'publish']);
    const reportLine = stdout.split('\n').find((l) => l.startsWith(REPORT_LINE));
    const report = JSON.parse(reportLine!.slice(REPORT_LINE.length)) as StageReport;
    const listed = JSON.parse(await readFile(manifest, 'utf8')) as { path: string; size: number }[];
    const [built, reference] = await Promise.all([hashTree(out), hashTree(siteDir)]);
    expect(report.files).toBe(built.size);
    expect(listed.map((f) => f.path).sort()).toEqual([...built.keys()].sort());
    expect([...built.keys()].sort()).toEqual([...reference.keys()].sort());
    expect([...built].filter(([f, h]) => reference.get(f) !== h).map(([f]) => f)).toEqual([]);
  }, BUILD_TIMEOUT);

  test('npm run build refuses an option it does not know, naming it, and writes nothing', async () => {
    const out = path.join(await makeScratch('cli-bad'), 'site');
    const failed = await execFileAsync('npm', ['run', '--silent', 'build', '--', '--out', out, '--outt', 'x'], { cwd: ROOT_DIR }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("Unknown option '--outt'");
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  }, BUILD_TIMEOUT);

  test('another BASE_IRI gives IRIs under it, escapes a hostile literal, and breaks no link', async () => {
    const repo = await copyRepository('alt-base');
    const priorities = path.join(repo.root, 'data', 'priorities.ttl');
    const hostileTriple = `\ncar:priority\\/child-protection-systems skos:editorialNote ${JSON.stringify(HOSTILE)}@en .\n`;
    await writeFile(priorities, (await readFile(priorities, 'utf8')) + hostileTriple);
    const config = repo.config({ baseIri: ALT_BASE });
    const result = await buildSite(config);
    const out = config.outDir;

    expect(result.iris.every((iri) => iri.startsWith(ALT_BASE))).toBe(true);
    const listed = (await readFile(path.join(out, 'iris.txt'), 'utf8')).trim().split('\n');
    expect(listed.length).toBe(result.iris.length);
    expect(listed.every((iri) => iri.startsWith(ALT_BASE))).toBe(true);
    const dump = parseNTriplesText(await readFile(path.join(out, 'downloads', 'cbss-car.nt'), 'utf8'));
    const terms = dump.flatMap((q) => [q.subject, q.predicate, q.object]).filter((t) => t.termType === 'NamedNode');
    expect(terms.filter((t) => t.value.startsWith(BASE)).map((t) => t.value)).toEqual([]);
    expect(await readFile(path.join(out, '.well-known', 'void'), 'utf8')).toContain(`void:uriSpace "${ALT_BASE}"`);

    const page = await readFile(path.join(out, 'priority', 'child-protection-systems', 'index.html'), 'utf8');
    expect(page).toContain(`value="${ALT_BASE}priority/child-protection-systems"`);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;double&quot; &#39;single&#39;');
    const island = [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)][0]?.[1] ?? '';
    expect(island).toContain('\\u003cscript\\u003e');
    expect((await parseJsonLdText(island)).some((q) => q.object.value === HOSTILE)).toBe(true);
    const ttl = parseTurtleText(await readFile(path.join(out, 'priority', 'child-protection-systems', 'index.ttl'), 'utf8'));
    expect(ttl.some((q) => q.object.value === HOSTILE && q.subject.value === `${ALT_BASE}priority/child-protection-systems`)).toBe(true);

    expect(await findBrokenLinks(out)).toEqual([]);
  }, BUILD_TIMEOUT);
});

describe('a failed build', () => {
  let previous: string;
  let before: Map<string, string>;

  beforeAll(async () => {
    // A previous output folder: a copy of the good site.
    previous = path.join(await makeScratch('previous'), 'site');
    await cp(siteDir, previous, { recursive: true });
    before = await hashTree(previous);
  });

  async function expectUntouched(): Promise<void> {
    const after = await hashTree(previous);
    expect(after).toEqual(before);
    const siblings = await readdir(path.dirname(previous));
    expect(siblings).toEqual(['site']);
  }

  test('a Turtle syntax error names the file and line, and leaves the previous site as it was', async () => {
    const repo = await copyRepository('broken-turtle');
    const file = path.join(repo.root, 'data', 'priorities.ttl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.splice(9, 0, 'car:priority\\/broken skos:prefLabel "no end ;');
    await writeFile(file, lines.join('\n'));
    await expect(buildSite(repo.config({ outDir: previous }))).rejects.toThrow(/data\/priorities\.ttl:10:\d+: Turtle syntax error/);
    await expectUntouched();
  }, BUILD_TIMEOUT);

  test('a SHACL violation names the resource, and leaves the previous site as it was', async () => {
    const repo = await copyRepository('shacl-violation');
    const file = path.join(repo.root, 'data', 'priorities.ttl');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('    skos:notation "P1" ;\n');
    await writeFile(file, text.replace('    skos:notation "P1" ;\n', ''));
    await expect(buildSite(repo.config({ outDir: previous }))).rejects.toThrow(/SHACL validation failed[\s\S]*priority:child-protection-systems[\s\S]*notation/);
    await expectUntouched();
  }, BUILD_TIMEOUT);

  test('a graph that breaks a shape and would break the pages too gives the validation report', async () => {
    // A priority published at robots.txt: its page's folder would take the place of the site's robots.txt, and it
    // lacks a notation. Validation comes before any page is made, so its report is the error.
    const repo = await copyRepository('shacl-and-files');
    await writeFile(
      path.join(repo.root, 'data', 'zz-robots.ttl'),
      `@prefix caro: <${BASE}ontology#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<${BASE}robots.txt> a caro:StrategicPriority ;\n  skos:prefLabel "Robots"@en .\n`,
    );
    await expect(buildSite(repo.config({ outDir: previous }))).rejects.toThrow(/SHACL validation failed[\s\S]*robots\.txt/);
    await expectUntouched();
  }, BUILD_TIMEOUT);

  test('a broken query names the file and line, and leaves the previous site as it was', async () => {
    const repo = await copyRepository('broken-query');
    const query = await readFile(path.join(ROOT_DIR, 'queries', 'priorities.rq'), 'utf8');
    const broken = query.replace('SELECT ?notation', 'SELECT ?notation WHERE WHERE');
    expect(broken).not.toBe(query);
    await writeFile(path.join(repo.root, 'queries', 'aaa-broken.rq'), broken);
    const line = broken.split('\n').findIndex((l) => l.includes('WHERE WHERE')) + 1;
    await expect(buildSite(repo.config({ outDir: previous }))).rejects.toThrow(new RegExp(`queries/aaa-broken\\.rq:${line}:`));
    await expectUntouched();
  }, BUILD_TIMEOUT);
});
