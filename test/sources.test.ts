// More than one source text: a copy of the repository's data with a second source text (test/fixtures/sources/, a
// short text written for the tests, never presented as a CBSS document) and resources quoting both, validated and
// built for real. Checks what follows from it: validation of each quote against its own text (and a wrong one failing
// the build), one page per source with its paragraphs and who quotes them, quotes linking to their paragraph, the
// source files, the dumps, VoID and DCAT, the quality page, the questions on both engines, and locate-quote.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataFactory } from 'n3';
import { parseDocument, DomUtils } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../src/build.ts';
import type { Config } from '../src/config.ts';
import { runValidateCommand } from '../src/cli/validate.ts';
import { chooseSource, locateQuote } from '../src/cli/locate-quote.ts';
import { GraphStore } from '../src/load/graph-store.ts';
import { loadGraph } from '../src/load/load-graph.ts';
import { createPrefixes } from '../src/prefixes.ts';
import { loadQueryFile, type QueryFile, type QueryResult } from '../src/query/query.ts';
import { runQuery } from '../src/query/oxigraph-engine.ts';
import { listSourceFolders, readSourceTexts } from '../src/validate/source-texts.ts';
import { askComunica } from './helpers/comunica.ts';
import { parseTurtleText } from './helpers/graphs.ts';
import { copyRepository } from './helpers/repository-copy.ts';

const { namedNode } = DataFactory;
const CAR = 'https://w3id.org/cbss-car/';
const REAL = `${CAR}source/mandate-and-strategy-2020-2025`;
const SECOND = `${CAR}source/fixture-second-text`;
const SCHEME = `${CAR}scheme/fixture-two-sources`;
const PRIORITY = `${CAR}priority/child-protection-systems`;
const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'sources');
const BUILD_TIMEOUT = 300_000;

/** Add the fixture (its Turtle and its text) to a copy of the repository made in `dir`; return the copy's configuration. */
async function copyWithSecondSource(dir: string): Promise<Config> {
  const repo = await copyRepository(dir);
  const config = repo.config();
  await cp(path.join(FIXTURES, 'fixture-second-source.ttl'), path.join(config.dataDir, 'fixture-second-source.ttl'));
  await cp(path.join(FIXTURES, 'source', 'fixture-second-text.txt'), path.join(config.dataDir, 'source', 'fixture-second-text.txt'));
  return config;
}

let dir: string;
let config: Config;
let store: GraphStore;
const page = async (p: string) => parseDocument(await readFile(path.join(config.outDir, p), 'utf8'));
const hrefs = (doc: ReturnType<typeof parseDocument>): string[] => DomUtils.findAll((e) => e.name === 'a', doc.children).map((a) => a.attribs.href ?? '');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sources-test-'));
  config = await copyWithSecondSource(path.join(dir, 'good'));
  await buildSite(config);
  store = (await loadGraph([config.ontologyDir, config.dataDir])).store;
}, BUILD_TIMEOUT);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('validation with two source texts', () => {
  it('checks the quotes of both, each against its own file (npm run validate)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runValidateCommand([config.ontologyDir, config.dataDir], (l) => out.push(l), (l) => err.push(l));
    expect(err).toEqual([]);
    expect(out.join('\n')).toContain('checked the quotes of 2 source texts');
    expect(status).toBe(0);
  }, 120_000);

  it('fails npm run validate and the build on a quote that points at the wrong words, naming the resource, the source, the offsets and the text there', async () => {
    const broken = await copyWithSecondSource(path.join(dir, 'broken'));
    const file = path.join(broken.dataDir, 'fixture-second-source.ttl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('oa:start 223 ; oa:end 272', 'oa:start 224 ; oa:end 273'));
    const out: string[] = [];
    expect(await runValidateCommand([broken.ontologyDir, broken.dataDir], (l) => out.push(l), () => undefined)).toBe(1);
    expect(out.join('\n')).toMatch(/The quote of priority:child-protection-systems from source:fixture-second-text \(data\/source\/fixture-second-text\.txt\) at 224–273 reads " quote from it.*\(oa:exact\) \(offsets written at \S*broken\/data\/fixture-second-source\.ttl:61\)/);
    await expect(buildSite(broken)).rejects.toThrow(
      /priority:child-protection-systems caro:quotedFrom\) path oa:hasSelector: The quote of priority:child-protection-systems from source:fixture-second-text \(data\/source\/fixture-second-text\.txt\) at 224–273 reads " quote from it must be checked against this file," in the source, not "a quote from it must be checked against this file" \(oa:exact\)/,
    );
  }, BUILD_TIMEOUT);
});

describe('the pages of two source texts', () => {
  it('give each source a page with its paragraphs anchored, each listing the resources that quote it from that source', async () => {
    const second = await page('source/fixture-second-text/index.html');
    const paragraph = (doc: ReturnType<typeof parseDocument>, n: number) => DomUtils.findOne((e) => e.attribs.id === `p${n}`, doc.children);
    const quoting = (doc: ReturnType<typeof parseDocument>, n: number): string[] => {
      const p = paragraph(doc, n);
      expect(p, `paragraph ${n}`).not.toBeNull();
      return hrefs(parseDocument(DomUtils.getOuterHTML(p!))).filter((h) => !h.startsWith('#')).sort();
    };
    expect(paragraph(second, 5)).toBeNull();
    expect(DomUtils.textContent(paragraph(second, 3)!)).toContain('It exists so that the tests can quote two source texts at once');
    expect(quoting(second, 2)).toEqual(['../../scheme/fixture-two-sources/']);
    expect(quoting(second, 3)).toEqual(['../../priority/child-protection-systems/']);
    expect(quoting(second, 4)).toEqual(['../../scheme/fixture-two-sources/']);
    const real = await page('source/mandate-and-strategy-2020-2025/index.html');
    expect(quoting(real, 3)).toContain('../../scheme/fixture-two-sources/');
    expect(quoting(real, 3)).not.toContain('../../priority/child-protection-systems/');
    expect(hrefs(second)).toContain('../fixture-second-text.txt');
    expect(hrefs(real)).toContain('../car-mandate-strategy-2020-2025.txt');
  });

  it('link every quoted passage of a resource to its paragraph on its own source page', async () => {
    const scheme = await page('scheme/fixture-two-sources/index.html');
    const links = hrefs(scheme);
    // Quotes from several sources: the heading says so, and they come source by source, each in the order of its text.
    expect(DomUtils.textContent(DomUtils.findOne((e) => e.attribs.id === 'h-quotes', scheme.children)!)).toBe('Quoted from the sources');
    const quoteLinks = links.filter((h) => h.startsWith('../../source/'));
    expect(quoteLinks.map((h) => h.replace(/#(p\d+).*$/, '#$1'))).toEqual([
      '../../source/fixture-second-text/#p2',
      '../../source/fixture-second-text/#p4',
      '../../source/mandate-and-strategy-2020-2025/#p3',
    ]);
    const single = await page('statement/vision/index.html');
    expect(DomUtils.textContent(DomUtils.findOne((e) => e.attribs.id === 'h-quotes', single.children)!)).toBe('Quoted from the source');
    expect(links.filter((h) => h.startsWith('../../source/fixture-second-text/#p2'))).toHaveLength(1);
    expect(links.filter((h) => h.startsWith('../../source/fixture-second-text/#p4'))).toHaveLength(1);
    expect(links.filter((h) => h.startsWith('../../source/mandate-and-strategy-2020-2025/#p3'))).toHaveLength(1);
    const priority = hrefs(await page('priority/child-protection-systems/index.html'));
    expect(priority.filter((h) => h.startsWith('../../source/fixture-second-text/#p3'))).toHaveLength(1);
    expect(priority.filter((h) => h.startsWith('../../source/mandate-and-strategy-2020-2025/#p'))).not.toHaveLength(0);
  });

  it('publish each source file as it is stored', async () => {
    for (const name of ['fixture-second-text.txt', 'car-mandate-strategy-2020-2025.txt']) {
      expect(await readFile(path.join(config.outDir, 'source', name), 'utf8')).toBe(await readFile(path.join(config.dataDir, 'source', name), 'utf8'));
    }
  });

  it('count the quotes of each source on the quality page', async () => {
    const quality = await page('quality/index.html');
    const table = DomUtils.findOne((e) => e.name === 'section' && e.attribs['aria-labelledby'] === 'sources-heading', quality.children);
    const rows = DomUtils.findAll((e) => e.name === 'tr', table!.children).map((tr) => DomUtils.findAll((c) => c.name === 'td' || c.name === 'th', tr.children).map((c) => DomUtils.textContent(c).trim()).join(' | '));
    // The second text: its own title, two passages of the scheme, one of the priority; three resources; 4 of 4 paragraphs.
    expect(rows).toContain('A second source text, written for the tests | 4 | 3 | 4 of 4');
    expect(rows.some((r) => r.startsWith('Mandate and strategy of the Expert Group | '))).toBe(true);
  });
});

describe('the files describing two source texts', () => {
  const SPDX = 'http://spdx.org/rdf/terms#';
  it('describe both in the dumps, and name both as sources of the dataset in VoID and DCAT', async () => {
    const dump = parseTurtleText(await readFile(path.join(config.outDir, 'downloads', 'cbss-car.ttl'), 'utf8'), CAR);
    for (const [iri, file] of [[REAL, 'car-mandate-strategy-2020-2025.txt'], [SECOND, 'fixture-second-text.txt']]) {
      expect(dump.some((q) => q.subject.value === iri && q.predicate.value === `${SPDX}fileName` && q.object.value === file), iri).toBe(true);
    }
    for (const file of ['.well-known/void', 'dataset/index.ttl']) {
      const quads = parseTurtleText(await readFile(path.join(config.outDir, file), 'utf8'), CAR);
      const sources = quads.filter((q) => q.subject.value === `${CAR}dataset` && q.predicate.value === 'http://purl.org/dc/terms/source').map((q) => q.object.value).sort();
      expect(sources, file).toEqual([SECOND, REAL]);
    }
  });
});

describe('the questions across two source texts', () => {
  const ask = async (name: string, bindings: Record<string, string> = {}): Promise<{ oxigraph: QueryResult; comunica: QueryResult }> => {
    const query: QueryFile = await loadQueryFile(path.join(config.queriesDir, `${name}.rq`));
    const bound: QueryFile = { ...query, parameters: query.parameters.map((p) => (bindings[p.name] ? { ...p, defaultValue: namedNode(bindings[p.name]!) } : p)) };
    const terms = Object.fromEntries(Object.entries(bindings).map(([k, v]) => [k, namedNode(v)]));
    return { oxigraph: await runQuery(store, query.text, { bindings: terms, file: query.file }), comunica: await askComunica(store, bound) };
  };
  const rows = (r: QueryResult): Record<string, string>[] => (r.type === 'bindings' ? r.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, t]) => [k, t.value]))) : []);

  it('trace-to-source: the passages of a resource from both sources, source by source, the same on both engines', async () => {
    const { oxigraph, comunica } = await ask('trace-to-source', { resource: SCHEME });
    const expected = [
      { source: SECOND, paragraph: '2', start: '104', end: '157', exact: 'It is not a document of the CBSS, nor of anyone else.' },
      { source: SECOND, paragraph: '4', start: '330', end: '354', exact: 'child protection systems' },
      { source: REAL, paragraph: '3', start: '98', end: '124', exact: 'The vision of the Children' },
    ];
    expect(rows(oxigraph)).toEqual(expected);
    expect(rows(comunica)).toEqual(expected);
  }, 60_000);

  it('source-paragraphs: one row per paragraph of each source, the same on both engines', async () => {
    const { oxigraph, comunica } = await ask('source-paragraphs');
    const second = rows(oxigraph).filter((r) => r.source === SECOND);
    expect(second).toEqual([
      { source: SECOND, paragraph: '1', resources: '1', iris: SECOND },
      { source: SECOND, paragraph: '2', resources: '1', iris: SCHEME },
      { source: SECOND, paragraph: '3', resources: '1', iris: PRIORITY },
      { source: SECOND, paragraph: '4', resources: '1', iris: SCHEME },
    ]);
    expect(rows(oxigraph).filter((r) => r.source === REAL)).toHaveLength(17);
    expect(rows(comunica)).toEqual(rows(oxigraph));
  }, 60_000);
});

describe('locate-quote with two source texts', () => {
  it('asks which source when there are several, and finds the words in the one named by IRI, prefixed name or file', async () => {
    const { sources } = await readSourceTexts(store, listSourceFolders([config.dataDir]));
    const prefixes = createPrefixes();
    expect(() => chooseSource(sources, undefined, prefixes)).toThrow(/the data has 2 source texts: name one with --source <file or IRI>:\n {2}source:fixture-second-text {2}\(data\/source\/fixture-second-text\.txt\)\n {2}source:mandate-and-strategy-2020-2025/);
    for (const wanted of [SECOND, 'source:fixture-second-text', 'fixture-second-text.txt', path.join(config.dataDir, 'source', 'fixture-second-text.txt')]) {
      expect(chooseSource(sources, wanted, prefixes).iri, wanted).toBe(SECOND);
    }
    expect(() => chooseSource(sources, 'source:nothing', prefixes)).toThrow(/no source text is source:nothing/);
    const text = chooseSource(sources, 'fixture-second-text.txt', prefixes).text;
    expect(locateQuote(text, 3, 'a quote from it must be checked against this file')).toMatchObject({ paragraph: 3, start: 223, end: 272 });
  });
});
