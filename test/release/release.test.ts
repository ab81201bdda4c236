// Releases made with the release command in a throwaway copy of the repository: today's data, then a changed copy (a
// definition reworded, an alignment added, an area of concern deprecated and replaced). Checks the refusals, the
// files and their checksums, the change set, the built pages, downloads, RDF and feed, and the two release
// questions (with Oxigraph, as `npm run query -- --releases` runs them, and with Comunica, which must agree).
import { execFile } from 'node:child_process';
import { appendFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseFeed } from '@rowanmanning/feed-parser';
import { Store } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/build.ts';
import type { Config } from '../../src/config.ts';
import { loadGraph, parseTurtle } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import { runQueryCommand } from '../../src/cli/query.ts';
import { runReleaseCommand } from '../../src/cli/release.ts';
import { bindQueryParameters, loadQueryFile } from '../../src/query/query.ts';
import { runQuery } from '../../src/query/oxigraph-engine.ts';
import { termToNTriples } from '../../src/query/result-formats.ts';
import { addReleaseGraphs, readReleases } from '../../src/release/read-releases.ts';
import { makeRelease, type ReleaseExtra } from '../../src/release/make-release.ts';
import { RELEASE_FILES, listReleaseIris, verifyRelease } from '../../src/release/release-files.ts';
import { ROOT_DIR } from '../../src/config.ts';
import { askComunica } from '../helpers/comunica.ts';
import { findAxeViolations, findAxeViolationsOnPhone } from '../helpers/axe-check.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { findBrokenLinks } from '../helpers/links-check.ts';
import { serveDirectory } from '../helpers/serve.ts';
import { copyRepository } from '../helpers/repository-copy.ts';
import { useScratchDir } from '../helpers/scratch.ts';

const run = promisify(execFile);
const B = DEFAULT_BASE_IRI;
const V1 = '2026-12-01';
const V2 = '2026-12-15';
const scratch = useScratchDir('car-release');
let config: Config;
let root: string;
let site: string;
const out: string[] = [];
const err: string[] = [];
const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };

/** An extra release file, as RELEASE_EXTRAS lists them: here, the number of triples. */
const EXTRA: ReleaseExtra = { file: 'triples.txt', title: 'How many triples (a test extra)', mediaType: 'text/plain', render: (store) => `${store.size}\n` };

const REWORDED = 'The time during which a membership is suspended (reworded for the test).';

/** The three changes of the second release. */
async function changeData(dir: string): Promise<void> {
  const ontology = path.join(dir, 'ontology', 'cbss-car.ttl');
  const text = await readFile(ontology, 'utf8');
  const old = "The time during which a membership is suspended: the member keeps its membership but takes no part in the organisation's work. It begins on the day of the decision to suspend; it ends only where a source gives the day it ended (or the membership ended).";
  expect(text.includes(old)).toBe(true);
  await writeFile(ontology, text.replace(old, REWORDED));
  await appendFile(
    path.join(dir, 'data', 'crosswalk.ttl'),
    `
<priority/child-protection-systems> caro:addressesRight <uncrc/article/2> .
<alignment/child-protection-systems/uncrc-article-2> a caro:Alignment ;
    rdfs:label "Child Protection Systems → UNCRC article 2"@en ;
    caro:alignmentSubject <priority/child-protection-systems> ;
    caro:alignmentProperty caro:addressesRight ;
    caro:alignmentObject <uncrc/article/2> ;
    caro:rationale "A test alignment: protection systems reach every child without discrimination."@en ;
    dct:source <https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child> , <source/mandate-and-strategy-2020-2025> .
`,
  );
  await appendFile(path.join(dir, 'data', 'priorities.ttl'), '\narea:migration <http://www.w3.org/2002/07/owl#deprecated> true ; <http://purl.org/dc/terms/isReplacedBy> area:children-in-migration .\n');
}

/** A copy of the repository without its releases (and their IRIs): the tests make their own from the start. */
async function copyWithoutReleases(dir: string): ReturnType<typeof copyRepository> {
  const copy = await copyRepository(dir);
  await rm(path.join(copy.root, 'data', 'releases'), { recursive: true, force: true });
  const listFile = path.join(copy.root, 'data', 'published-iris.txt');
  await writeFile(listFile, (await readFile(listFile, 'utf8')).split('\n').filter((line) => !line.includes('/releases/')).join('\n'));
  return copy;
}

beforeAll(async () => {
  const copy = await copyWithoutReleases(scratch.path);
  root = copy.root;
  config = copy.config();
  site = config.outDir;
  expect(await runReleaseCommand([V1, '--notes', 'The first release.'], io, config), err.join('')).toBe(0);
  await changeData(root);
  // The second release with an extra file, as RELEASE_EXTRAS would add one (the command's code, without its command line).
  await makeRelease(config, { version: V2, notes: 'A reworded definition, a new alignment, an area replaced.' }, [EXTRA]);
  await buildSite(config);
}, 300_000);

describe('npm run release', () => {
  it('refuses an existing, an older or a malformed version, leaving nothing behind', async () => {
    for (const [version, message] of [[V2, 'exists already'], ['2026-12-10', 'older than the latest release'], ['2026-02-30', 'YYYY-MM-DD'], ['15.12.2026', 'YYYY-MM-DD']] as const) {
      err.length = 0;
      expect(await runReleaseCommand([version], io, config)).toBe(1);
      expect(err.join('')).toContain(message);
    }
    expect(await readdir(path.join(root, 'data', 'releases'))).toEqual([V1, V2]);
  });

  it('refuses a graph that does not validate, and leaves no folder half-written', async () => {
    const file = path.join(root, 'data', 'priorities.ttl');
    const before = await readFile(file, 'utf8');
    await appendFile(file, '\narea:migration <http://www.w3.org/2004/02/skos/core#notation> "A99" .\n');
    err.length = 0;
    try {
      expect(await runReleaseCommand(['2027-01-01'], io, config)).toBe(1);
      expect(err.join('')).toContain('does not validate');
      expect(await readdir(path.join(root, 'data', 'releases'))).toEqual([V1, V2]);
    } finally {
      await writeFile(file, before);
    }
  });

  it('writes each release with every file held to its SHA256SUMS (sha256sum -c agrees)', async () => {
    for (const v of [V1, V2]) {
      const dir = path.join(root, 'data', 'releases', v);
      await verifyRelease(dir);
      const { stdout } = await run('sha256sum', ['-c', RELEASE_FILES.sums], { cwd: dir });
      expect(stdout).not.toContain('FAILED');
    }
    expect((await readdir(path.join(root, 'data', 'releases', V1))).sort()).toEqual(['SHA256SUMS', 'cbss-car-crosswalk.sssom.tsv', 'graph.jsonld', 'graph.nt', 'graph.ttl', 'release.ttl']);
  });

  it('keeps the crosswalk as an SSSOM mapping set of the release, versioned by it and published at its own address', async () => {
    const released = await readFile(path.join(root, 'data', 'releases', V1, 'cbss-car-crosswalk.sssom.tsv'), 'utf8');
    expect(released).toContain(`#mapping_set_version: "${V1}"\n`);
    expect(released).toContain(`#mapping_set_id: ${B}releases/${V1}/cbss-car-crosswalk.sssom.tsv\n`);
    expect(released).toMatch(/\tskos:relatedMatch\t/);
    expect(await readFile(path.join(site, 'releases', V1, 'cbss-car-crosswalk.sssom.tsv'), 'utf8')).toBe(released);
  });

  it('is reproducible: the same data and version give the same bytes', async () => {
    const again = path.join(scratch.path, 'again');
    await mkdir(again);
    const copy = await copyWithoutReleases(again);
    expect(await runReleaseCommand([V1, '--notes', 'The first release.'], io, copy.config())).toBe(0);
    const sums = (dir: string): Promise<string> => readFile(path.join(dir, 'data', 'releases', V1, RELEASE_FILES.sums), 'utf8');
    expect(await sums(again)).toBe(await sums(root));
  });

  it('catches a release file that changed, and the build then fails', async () => {
    const file = path.join(root, 'data', 'releases', V1, RELEASE_FILES.graph);
    const before = await readFile(file);
    await appendFile(file, '<https://example.org/a> <https://example.org/b> "c" .\n');
    try {
      await expect(verifyRelease(path.dirname(file))).rejects.toThrow(/graph\.nt: its checksum differs/);
      await expect(readReleases(path.join(root, 'data'), B)).rejects.toThrow(/checksum differs/);
    } finally {
      await writeFile(file, before);
    }
  });

  it('freezes the graph as it was: the first release is the graph before the changes', async () => {
    const frozen = parseTurtle(await readFile(path.join(root, 'data', 'releases', V1, RELEASE_FILES.graph), 'utf8'), 'graph.nt');
    const now = (await loadGraph([config.ontologyDir, config.dataDir])).store;
    expect(frozen.some((q) => q.subject.value === `${B}area/migration` && q.predicate.value.endsWith('#deprecated'))).toBe(false);
    expect(now.getQuads(null, null, null, null).length).toBe(frozen.length + 11);
    const frozen2 = parseTurtle(await readFile(path.join(root, 'data', 'releases', V2, RELEASE_FILES.graph), 'utf8'), 'graph.nt');
    expect(isomorphic(frozen2, now.getQuads(null, null, null, null))).toBe(true);
  });

  it('keeps the releases out of the current graph, and lists their IRIs as published', async () => {
    const { files } = await loadGraph([config.ontologyDir, config.dataDir]);
    expect(files.some((f) => f.includes(`${path.sep}releases${path.sep}`))).toBe(false);
    const published = await readFile(path.join(root, 'data', 'published-iris.txt'), 'utf8');
    const iris = await listReleaseIris(path.join(root, 'data', 'releases'), B);
    expect(iris).toEqual([`${B}releases/${V1}`, `${B}releases/${V2}`, `${B}releases/${V2}/changes`]);
    for (const iri of iris) expect(published.split('\n')).toContain(iri);
  });
});

describe('the change set', () => {
  it('lists exactly the resources that changed, with their kinds', async () => {
    const [, second] = await readReleases(path.join(root, 'data'), B);
    expect(second!.changes!.resources).toEqual([
      { iri: `${B}alignment/child-protection-systems/uncrc-article-2`, kinds: ['added'] },
      { iri: `${B}area/migration`, kinds: ['deprecated', 'replaced'] },
      { iri: `${B}ontology#Suspension`, kinds: ['changed'] },
      { iri: `${B}priority/child-protection-systems`, kinds: ['changed'] },
    ]);
  });

  it('holds the triples added and removed, and none of the unchanged blank nodes', async () => {
    const dir = path.join(root, 'data', 'releases', V2);
    const added = await readFile(path.join(dir, RELEASE_FILES.added), 'utf8');
    const removed = await readFile(path.join(dir, RELEASE_FILES.removed), 'utf8');
    expect(removed.trim().split('\n')).toHaveLength(1);
    expect(removed).toContain('The time during which a membership is suspended: the member');
    expect(added.trim().split('\n')).toHaveLength(12);
    expect(added).toContain(REWORDED);
    expect(added).not.toMatch(/_:/);
  });
});

describe('the built site', () => {
  it('lists the releases, newest first, with notes and counts', async () => {
    const html = await readFile(path.join(site, 'releases', 'index.html'), 'utf8');
    expect(html.indexOf(V2)).toBeLessThan(html.indexOf(V1));
    expect(html).toContain('A reworded definition, a new alignment, an area replaced.');
    expect(html).toContain('1 new, 2 changed, 1 deprecated, 1 replaced');
  });

  it('shows the changes side by side and the downloads of each release', async () => {
    const html = await readFile(path.join(site, 'releases', V2, 'changes', 'index.html'), 'utf8');
    expect(html).toContain('reworded for the test');
    expect(html).toContain('takes no part in the organisation');
    const release = await readFile(path.join(site, 'releases', V1, 'index.html'), 'utf8');
    for (const f of ['cbss-car.ttl', 'cbss-car.nt', 'cbss-car.jsonld']) {
      expect(release).toContain(`href="${f}"`);
      const frozen = await readFile(path.join(root, 'data', 'releases', V1, f === 'cbss-car.nt' ? 'graph.nt' : f.replace('cbss-car', 'graph')));
      expect((await readFile(path.join(site, 'releases', V1, f))).equals(frozen), f).toBe(true);
    }
  });

  it('holds, describes and publishes the extra files of a release', async () => {
    const dir = path.join(root, 'data', 'releases', V2);
    expect(await readFile(path.join(dir, 'triples.txt'), 'utf8')).toMatch(/^\d+\n$/);
    expect(await readFile(path.join(dir, RELEASE_FILES.sums), 'utf8')).toContain('  triples.txt\n');
    const meta = parseTurtle(await readFile(path.join(dir, RELEASE_FILES.metadata), 'utf8'), 'release.ttl');
    expect(meta.some((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#downloadURL' && q.object.value === `${B}releases/${V2}/triples.txt`)).toBe(true);
    expect((await readFile(path.join(site, 'releases', V2, 'triples.txt'))).equals(await readFile(path.join(dir, 'triples.txt')))).toBe(true);
    expect(await readFile(path.join(site, 'releases', V2, 'index.html'), 'utf8')).toContain('href="triples.txt"');
    expect(await readdir(path.join(root, 'data', 'releases', V1))).not.toContain('triples.txt');
  });

  it('describes each release in RDF, and the dataset names its versions', async () => {
    const meta = parseTurtle(await readFile(path.join(site, 'releases', V2, 'index.ttl'), 'utf8'), 'index.ttl');
    const frozen = parseTurtle(await readFile(path.join(root, 'data', 'releases', V2, RELEASE_FILES.metadata), 'utf8'), 'release.ttl');
    expect(isomorphic(meta, frozen)).toBe(true);
    const has = (p: string, o: string): boolean => meta.some((q) => q.predicate.value === p && q.object.value === o);
    expect(has('http://www.w3.org/ns/dcat#previousVersion', `${B}releases/${V1}`)).toBe(true);
    expect(has('http://www.w3.org/ns/dcat#version', V2)).toBe(true);
    expect(has('http://www.w3.org/ns/adms#versionNotes', 'A reworded definition, a new alignment, an area replaced.')).toBe(true);
    const dataset = parseTurtle(await readFile(path.join(site, 'dataset', 'index.ttl'), 'utf8'), 'dataset.ttl');
    const versions = dataset.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#hasVersion').map((q) => q.object.value).sort();
    expect(versions).toEqual([`${B}releases/${V1}`, `${B}releases/${V2}`]);
    const dump = await readFile(path.join(site, 'downloads', 'cbss-car.nt'), 'utf8');
    expect(dump).not.toContain('/releases/');
  });

  it('gives a changed resource a History, and Cite this names the latest release', async () => {
    const html = await readFile(path.join(site, 'area', 'migration', 'index.html'), 'utf8');
    expect(html).toContain('id="h-history"');
    expect(html).toContain(`href="../../releases/${V2}/changes/"`);
    expect(html).toContain('deprecated, replaced');
    expect(html).toContain(`release ${V2} (issued ${V2})`);
    const unchanged = await readFile(path.join(site, 'area', 'alternative-care', 'index.html'), 'utf8');
    expect(unchanged).not.toContain('id="h-history"');
    expect(unchanged).toContain('<link rel="alternate" type="application/atom+xml" href="../../releases/feed.atom"');
  });

  it('announces each release in a valid Atom feed, listing the IRIs by kind of change', async () => {
    const feed = parseFeed(await readFile(path.join(site, 'releases', 'feed.atom'), 'utf8'));
    expect(feed.meta.type).toBe('atom');
    expect(feed.items.map((i) => i.title)).toEqual([`Release ${V2}`, `Release ${V1}`]);
    const content = feed.items[0]!.content ?? '';
    expect(content).toContain(`${B}area/migration`);
    expect(content).toMatch(/Deprecated \(1\)/);
    expect(content).toMatch(/Replaced \(1\)/);
    expect(content).toContain(`${B}alignment/child-protection-systems/uncrc-article-2`);
  });

  it('lets the query page load a release instead of the current graph', async () => {
    const html = await readFile(path.join(site, 'query', 'index.html'), 'utf8');
    expect(html).toContain('data-release-data="../releases/{version}/cbss-car.nt"');
    expect(html).toContain(`href="?release=${V2}"`);
  });

  it('has release pages with no axe violation (desktop and phone) and no broken link', async () => {
    const [server, browser] = await Promise.all([serveDirectory(site), launchBrowser()]);
    try {
      const page = await browser.newPage();
      for (const at of ['releases/', `releases/${V1}/`, `releases/${V2}/`, `releases/${V2}/changes/`, 'area/migration/']) {
        await page.goto(`${server.url}/${at}`);
        expect(await findAxeViolations(page), at).toEqual([]);
        expect(await findAxeViolationsOnPhone(page), at).toEqual([]);
        expect(await findBrokenLinks(page, 'body'), at).toEqual([]);
      }
      // The query page on a release: area:migration was deprecated in the second release only.
      const ask = encodeURIComponent('SELECT ?o WHERE { area:migration owl:deprecated ?o }');
      for (const [release, count] of [[V1, '0 results'], [V2, '1 result']] as const) {
        await page.goto(`${server.url}/query/?release=${release}&query=${ask}`);
        await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#query-results')?.dataset.runs ?? 0) > 0, undefined, { timeout: 60_000 });
        expect(await page.locator('#query-status').textContent()).toMatch(new RegExp(`^${count} `));
        expect(new URL(page.url()).searchParams.get('release')).toBe(release);
        // The page says which graph it queries.
        expect(await page.locator('#query-graph-release').isVisible()).toBe(true);
        expect(await page.locator('#query-graph-release-version').textContent()).toBe(release);
        expect(await page.locator('#query-graph-current').isVisible()).toBe(false);
        // Its examples, opened in a new tab or copied, ask the same release.
        const example = new URL((await page.locator('#query-examples a[data-name]').first().getAttribute('href'))!, page.url());
        expect(example.searchParams.get('release')).toBe(release);
        expect(example.searchParams.get('query')).toBeTruthy();
      }
      await page.goto(`${server.url}/query/`);
      expect(await page.locator('#query-graph-current').isVisible()).toBe(true);
      expect(await page.locator('#query-graph-release').isVisible()).toBe(false);
    } finally {
      await Promise.all([browser.close(), server.close()]);
    }
  }, 180_000);

  it('passes the Nu HTML Checker on the release pages', async () => {
    const pages = [path.join(site, 'releases', 'index.html'), path.join(site, 'releases', V1, 'index.html'), path.join(site, 'releases', V2, 'index.html'), path.join(site, 'releases', V2, 'changes', 'index.html'), path.join(site, 'area', 'migration', 'index.html'), path.join(site, 'query', 'index.html')];
    const jar = path.join(ROOT_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
    const result = await run('java', ['-jar', jar, '--format', 'json', ...pages]).catch((e: { stderr: string }) => ({ stderr: e.stderr }));
    const errors = (JSON.parse(result.stderr) as { messages: { type: string; message: string }[] }).messages.filter((m) => m.type === 'error');
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('the release questions', () => {
  it('answer through npm run query -- --releases', async () => {
    const lines: string[] = [];
    const status = await runQueryCommand(['--releases', 'releases/changes-between-releases', '--bind', `from=${V1}`, '--format', 'csv'], { stdout: (t) => void lines.push(t), stderr: (t) => void lines.push(t) }, { config });
    expect(status).toBe(0);
    const rows = lines.join('').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').slice(2).join(','));
    expect(rows.map((r) => r.replace(/,.*,/, ' '))).toEqual([
      `${B}alignment/child-protection-systems/uncrc-article-2 added`,
      `${B}area/migration deprecated`,
      `${B}area/migration replaced`,
      `${B}ontology#Suspension changed`,
      `${B}priority/child-protection-systems changed`,
    ]);
  });

  it('read what a resource said in a release, Oxigraph and Comunica alike', async () => {
    const store = (await loadGraph([config.ontologyDir, config.dataDir])).store;
    await addReleaseGraphs(store, await readReleases(config.dataDir, B), B);
    const query = await loadQueryFile(path.join(ROOT_DIR, 'queries', 'releases', 'resource-in-release.rq'));
    const ask = async (date: string): Promise<string[]> => {
      const bindings = bindQueryParameters(query, { resource: (await import('n3')).DataFactory.namedNode(`${B}area/migration`), date: (await import('n3')).DataFactory.literal(date, (await import('n3')).DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#date')) });
      const result = await runQuery(store, query.text, { baseIri: B, bindings, file: query.file });
      const expected = await askComunica(new Store([...store]), { ...query, parameters: query.parameters.map((p) => ({ ...p, defaultValue: bindings[p.name]! })) }, B);
      if (result.type !== 'bindings' || expected.type !== 'bindings') throw new Error('a SELECT query');
      const lines = (r: typeof result): string[] => r.rows.map((row) => ['release', 'property', 'value'].map((v) => (row[v]?.termType === 'BlankNode' ? '_' : row[v] ? termToNTriples(row[v]!) : '')).join(' '));
      expect(lines(expected).sort()).toEqual(lines(result).sort());
      return lines(result);
    };
    const first = await ask('2026-12-10');
    expect(first.every((l) => l.startsWith(`<${B}releases/${V1}>`))).toBe(true);
    expect(first.some((l) => l.includes('#deprecated'))).toBe(false);
    const second = await ask('2999-12-31');
    expect(second.some((l) => l.includes('#deprecated> "true"'))).toBe(true);
    expect(second.some((l) => l.includes(`isReplacedBy> <${B}area/children-in-migration>`))).toBe(true);
  });
});
