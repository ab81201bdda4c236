// The published-IRI list: the functions of src/describe/published-iris.ts on small hand-made inputs, and data/published-iris.txt
// against the whole graph (no published IRI may disappear; every new IRI must be added on purpose).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { GraphStore } from '../../src/load/graph-store.ts';
import { createConfig } from '../../src/config.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import { checkIriList, formatIriList, listPublishedIris, mergeIriLists, parseIriList, rebaseIri } from '../../src/describe/published-iris.ts';
import { listReleaseIris, releasesDirOf, verifyRelease, listReleases } from '../../src/release/release-files.ts';

const { namedNode, blankNode, literal, quad } = DataFactory;
const config = createConfig({ baseIri: DEFAULT_BASE_IRI });
const LIST_FILE = path.join(config.dataDir, 'published-iris.txt');
const OTHER_BASE = 'http://127.0.0.1:8080/car-test/';

describe('listPublishedIris', () => {
  const base = 'https://example.org/x/';
  const p = namedNode('http://example.org/p');
  const store = new GraphStore([
    quad(namedNode(`${base}b/two`), p, literal('2')),
    quad(namedNode(`${base}a/one`), p, namedNode(`${base}only/as-object`)),
    quad(namedNode(`${base}a/one`), p, literal('again')),
    quad(namedNode(`${base}ontology#Term`), p, literal('hash')),
    quad(namedNode('https://example.org/elsewhere/c'), p, literal('other base')),
    quad(blankNode('b0'), p, namedNode(`${base}c/three`)),
    quad(namedNode(`${base}c/three`), p, blankNode('b0')),
  ]);

  it('lists each subject under the base once, sorted, leaving out hash IRIs, objects, blank nodes and other bases', () => {
    expect(listPublishedIris(store.asDatasetView(), base)).toEqual([`${base}a/one`, `${base}b/two`, `${base}c/three`]);
  });

  it('lists nothing for a base the graph does not use', () => {
    expect(listPublishedIris(store.asDatasetView(), 'https://nowhere.example/')).toEqual([]);
  });
});

describe('checkIriList and mergeIriLists', () => {
  it('report published IRIs that went missing and current ones not yet published', () => {
    expect(checkIriList(['c', 'a', 'd'], ['b', 'a', 'c'])).toEqual({ removed: ['b'], added: ['d'] });
    expect(checkIriList(['a'], ['a'])).toEqual({ removed: [], added: [] });
  });

  it('merge by union, so that an update never removes a published IRI', () => {
    expect(mergeIriLists(['b', 'a'], ['c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(mergeIriLists(['z'], [])).toEqual(['z']);
  });
});

describe('parseIriList and formatIriList', () => {
  it('read one IRI a line, skipping comments and blank lines', () => {
    expect(parseIriList('# header\n\nhttps://a.example/x\n  https://a.example/y  \n')).toEqual(['https://a.example/x', 'https://a.example/y']);
  });

  it('name the file and line of a malformed entry', () => {
    expect(() => parseIriList('https://a.example/x\nnot an iri\n', 'list.txt')).toThrow('list.txt:2: not an absolute http(s) IRI: "not an iri"');
  });

  it('write a sorted list without duplicates that reads back the same', () => {
    const text = formatIriList(['https://a.example/z', 'https://a.example/b', 'https://a.example/z']);
    expect(text.endsWith('https://a.example/b\nhttps://a.example/z\n')).toBe(true);
    expect(parseIriList(text)).toEqual(['https://a.example/b', 'https://a.example/z']);
  });

  it('rebase an IRI of ours and leave others alone', () => {
    expect(rebaseIri('https://w3id.org/cbss-car/area/x', DEFAULT_BASE_IRI, OTHER_BASE)).toBe(`${OTHER_BASE}area/x`);
    expect(rebaseIri('http://www.wikidata.org/entity/Q35', DEFAULT_BASE_IRI, OTHER_BASE)).toBe('http://www.wikidata.org/entity/Q35');
  });
});

describe('data/published-iris.txt against the graph', () => {
  let published: string[];
  let current: string[];

  beforeAll(async () => {
    published = parseIriList(await readFile(LIST_FILE, 'utf8'), LIST_FILE);
    const { store } = await loadGraph([config.ontologyDir, config.dataDir], DEFAULT_BASE_IRI);
    // The releases' IRIs (data/releases/, outside the graph) are published as the graph's are.
    current = [...listPublishedIris(store.asDatasetView(), DEFAULT_BASE_IRI), ...(await listReleaseIris(releasesDirOf(config.dataDir), DEFAULT_BASE_IRI))].sort();
  });

  it('is sorted, without duplicates, and holds the strategy’s IRIs', () => {
    expect(published).toEqual([...new Set(published)].sort());
    for (const iri of ['source/mandate-and-strategy-2020-2025', 'statement/vision', 'priority/child-friendly-justice', 'area/non-violent-childhoods', 'membership/belarus-observer']) {
      expect(published).toContain(DEFAULT_BASE_IRI + iri);
    }
  });

  it('still finds every published IRI in the graph', () => {
    expect(published.length).toBeGreaterThan(70);
    expect(checkIriList(current, published).removed).toEqual([]);
  });

  it('lists every IRI of the graph (run `npm run iris -- --update` to publish new ones)', () => {
    expect(current.length).toBeGreaterThan(70);
    expect(checkIriList(current, published).added).toEqual([]);
  });

  it('holds only lowercase, hyphenated slash paths under the base', () => {
    for (const iri of new Set([...published, ...current])) {
      expect(iri.startsWith(DEFAULT_BASE_IRI), iri).toBe(true);
      expect(iri.slice(DEFAULT_BASE_IRI.length), iri).toMatch(/^[a-z0-9]+(?:[.-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[.-][a-z0-9]+)*)*$/);
    }
  });

  it('holds every file of every release to its recorded checksum (a release never changes)', async () => {
    for (const version of await listReleases(releasesDirOf(config.dataDir))) await verifyRelease(path.join(releasesDirOf(config.dataDir), version));
  });

  it('maps onto another BASE_IRI when the graph is loaded under it', async () => {
    const { store } = await loadGraph([config.ontologyDir, config.dataDir], OTHER_BASE);
    const moved = listPublishedIris(store.asDatasetView(), OTHER_BASE);
    const releases = await listReleaseIris(releasesDirOf(config.dataDir), DEFAULT_BASE_IRI);
    expect(moved).toEqual(current.filter((iri) => !releases.includes(iri)).map((iri) => rebaseIri(iri, DEFAULT_BASE_IRI, OTHER_BASE)).sort());
    expect(listPublishedIris(store.asDatasetView(), DEFAULT_BASE_IRI)).toEqual([]);
  });
});
