// The example gallery: the SPARQL text helpers (prefixes, bound values, header), and every competency question of
// queries/ run as the gallery runs it — its "run it live" text must give the same answer, and its downloads must
// read back to the same result.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useSiteInBrowser } from '../helpers/browser.ts';
import { findAxeViolations, findAxeViolationsOnPhone } from '../helpers/axe-check.ts';
import { findBrokenLinks } from '../helpers/links-check.ts';
import { Parser } from 'n3';
import type { GraphStore } from '../../src/load/graph-store.ts';
import { isomorphic } from 'rdf-isomorphic';
import type * as RDF from '@rdfjs/types';
import { createConfig } from '../../src/config.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { createPrefixes } from '../../src/prefixes.ts';
import { bindQueryParameters, parseTerm, type QueryFile, type QueryResult } from '../../src/query/query.ts';
import { parseSparqlJson, termToNTriples } from '../../src/query/result-formats.ts';
import { runQuery } from '../../src/query/oxigraph-engine.ts';
import { runQueryFile } from '../../src/query/run-query-files.ts';
import {
  buildGalleryEntry,
  createLiveQueryHref,
  createRunnableQuery,
  formatDownloads,
  listGalleryQueries,
  sortUnorderedRows,
  type GalleryOptions,
} from '../../src/render/gallery.ts';
import {
  bindQueryText,
  declareUsedPrefixes,
  listDeclaredPrefixes,
  listUsedPrefixes,
  stripQueryHeader,
} from '../../src/browser/sparql-text.ts';

const PREFIXES = { ex: 'http://example.org/', skos: 'http://www.w3.org/2004/02/skos/core#', rdfs: 'http://www.w3.org/2000/01/rdf-schema#' };

describe('SPARQL text helpers', () => {
  it('finds declared prefixes, ignoring comments and strings', () => {
    const q = 'PREFIX ex: <http://example.org/>\n# PREFIX skos: <x>\nprefix : <http://e/>\nSELECT * { ?s ?p "PREFIX rdfs: <y>" }';
    expect([...listDeclaredPrefixes(q)].sort()).toEqual(['', 'ex']);
  });

  it('finds used prefixes outside IRIs, strings, comments and variables', () => {
    const q = 'SELECT ?s WHERE { ?s skos:prefLabel "ex:not" ; <http://x/rdfs:no> ?o . # rdfs:comment\n ?o a ex:Thing }';
    expect([...listUsedPrefixes(q)].sort()).toEqual(['ex', 'skos']);
  });

  it('declares only the prefixes a query uses and does not declare', () => {
    const q = 'PREFIX skos: <http://other/>\nSELECT * { ?s skos:x ex:y }';
    const out = declareUsedPrefixes(q, PREFIXES);
    expect(out).toBe('PREFIX ex: <http://example.org/>\n' + q);
  });

  it('binds values by a VALUES block at the start of the WHERE group', () => {
    const q = 'SELECT ?x WHERE { ?x ?p ?y }';
    expect(bindQueryText(q, { y: '<http://e/1>' })).toBe('SELECT ?x WHERE { VALUES ?y { <http://e/1> } ?x ?p ?y }');
    expect(bindQueryText(q, { y: '"b"', p: '<http://e/p>' })).toBe('SELECT ?x WHERE { VALUES (?p ?y) { (<http://e/p> "b") } ?x ?p ?y }');
    expect(bindQueryText(q, {})).toBe(q);
  });

  it('binds the values in sub-queries too, whose variables are their own', () => {
    const q = 'SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?t } } }';
    expect(bindQueryText(q, { t: '"a"' })).toBe('SELECT ?x WHERE { VALUES ?t { "a" } { SELECT ?x WHERE { VALUES ?t { "a" } ?x ?p ?t } } }');
  });

  it('skips a WHERE inside a comment or string, and refuses a query without WHERE', () => {
    const q = '# the WHERE { in a comment\nSELECT ?x WHERE { ?x ?p "WHERE {" }';
    expect(bindQueryText(q, { x: '<u:a>' })).toBe('# the WHERE { in a comment\nSELECT ?x WHERE { VALUES ?x { <u:a> } ?x ?p "WHERE {" }');
    expect(() => bindQueryText('SELECT * { ?s ?p ?o }', { s: '<u:a>' })).toThrow(/no WHERE/);
  });

  it('strips the header comment and the blank lines after it', () => {
    expect(stripQueryHeader('# title: x\n# description: y\n\nPREFIX a: <b>\n# kept\nASK {}')).toBe('PREFIX a: <b>\n# kept\nASK {}');
  });

  it('makes the live link relative to a gallery page, with the query URL-encoded', () => {
    expect(createLiveQueryHref('ASK { ?s ?p "a&b" }')).toBe('../../query/?query=ASK%20%7B%20%3Fs%20%3Fp%20%22a%26b%22%20%7D');
  });
});

function rowsAsSet(result: QueryResult): string[] {
  if (result.type === 'boolean') return [String(result.value)];
  if (result.type === 'quads') return result.quads.map((q) => `${termToNTriples(q.subject)} ${termToNTriples(q.predicate)} ${termToNTriples(q.object)}`).sort();
  return result.rows.map((row) => result.variables.map((v) => (row[v] ? termToNTriples(row[v]!) : '')).join('\t')).sort();
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  return rows;
}

describe('the gallery of competency questions', () => {
  const config = createConfig();
  const prefixes = createPrefixes(config.baseIri);
  let store: GraphStore;
  let queries: QueryFile[];
  let options: GalleryOptions;

  beforeAll(async () => {
    store = (await loadGraph([config.ontologyDir, config.dataDir], config.baseIri)).store;
    queries = await listGalleryQueries(config.queriesDir);
    options = { prefixes, baseIri: config.baseIri, linkTo: (iri) => (iri.startsWith(config.baseIri) ? `../../${iri.slice(config.baseIri.length)}/` : undefined) };
  });

  it('lists the questions of queries/ (not queries/site/), sorted by name', () => {
    expect(queries.length).toBeGreaterThanOrEqual(5);
    const names = queries.map((q) => q.name);
    expect(names).toEqual([...names].sort());
    expect(queries.every((q) => !q.file.includes('/site/'))).toBe(true);
  });

  it('the runnable text of each question gives the same answer as the question run with its parameters', async () => {
    for (const query of queries) {
      const expected = await runQuery(store, query.text, { baseIri: config.baseIri, bindings: bindQueryParameters(query), file: query.file });
      const runnable = createRunnableQuery(query, prefixes, config.baseIri);
      expect(runnable.startsWith('#')).toBe(false);
      for (const p of query.parameters) expect(runnable).toMatch(new RegExp(`VALUES \\?${p.name} \\{`));
      // Without the engine's predeclared prefixes: the text must declare what it uses.
      const live = await runQuery(store, runnable, { baseIri: config.baseIri, prefixes: {}, file: `${query.file} (live)` });
      expect(rowsAsSet(live), query.name).toEqual(rowsAsSet(expected));
    }
  });

  it('each entry shows every row of the result, and its downloads read back to the same result', async () => {
    for (const query of queries) {
      const run = await runQueryFile(store, query, config.baseIri);
      const entry = await buildGalleryEntry(run, options);
      const result = run.result;
      const files = new Map(entry.downloads.map((d) => [d.file, d.contents]));
      if (result.type === 'bindings') {
        expect(entry.rows).toHaveLength(result.rows.length);
        expect(entry.columns).toEqual(result.variables);
        expect([...files.keys()]).toEqual(['results.csv', 'results.tsv', 'results.json']);
        expect(rowsAsSet(parseSparqlJson(files.get('results.json')!))).toEqual(rowsAsSet(result));
        const csv = parseCsv(files.get('results.csv')!);
        expect(csv[0]).toEqual(result.variables);
        expect(csv).toHaveLength(result.rows.length + 1);
        const tsv = files.get('results.tsv')!.split('\n').filter((l) => l !== '');
        // TSV writes terms as in Turtle (a number may be bare): read each back.
        const readTsv = (line: string): string => line.split('\t').map((t) => (t === '' ? '' : termToNTriples(parseTerm(t)))).join('\t');
        expect(tsv.slice(1).map(readTsv).sort()).toEqual(rowsAsSet(result));
      } else if (result.type === 'quads') {
        expect([...files.keys()]).toEqual(['results.ttl']);
        const parsed = new Parser().parse(files.get('results.ttl')!) as RDF.Quad[];
        expect(parsed).toHaveLength(result.quads.length);
        expect(isomorphic(parsed, [...result.quads]), query.name).toBe(true);
      } else {
        expect(entry.boolean).toBe(result.value);
      }
    }
  });

  it('links result cells to the pages of our own resources only', async () => {
    const query = queries.find((q) => /crosswalk-matrix/.test(q.name)) ?? queries[0]!;
    const entry = await buildGalleryEntry(await runQueryFile(store, query, config.baseIri), options);
    const cells = entry.rows.flat();
    const iris = cells.filter((c) => c.term.startsWith('<'));
    expect(iris.length).toBeGreaterThan(0);
    for (const cell of iris) {
      const iri = cell.term.slice(1, -1);
      if (iri.startsWith(config.baseIri)) expect(cell.href).toBe(`../../${iri.slice(config.baseIri.length)}/`);
      else expect(cell.href).toBeUndefined();
    }
  });

  it('puts the rows of a query without ORDER BY in a fixed order', () => {
    const a = DataFactoryTerm('http://e/a');
    const b = DataFactoryTerm('http://e/b');
    const result: QueryResult = { type: 'bindings', variables: ['x'], rows: [{ x: b }, { x: a }] };
    const sorted = sortUnorderedRows(result, 'SELECT ?x { ?x ?p ?o }');
    expect(sorted.type === 'bindings' && sorted.rows.map((r) => r.x!.value)).toEqual(['http://e/a', 'http://e/b']);
    const kept = sortUnorderedRows(result, 'SELECT ?x { ?x ?p ?o } ORDER BY DESC(?x)');
    expect(kept).toBe(result);
  });

  it('writes Turtle for a CONSTRUCT and SPARQL JSON only for an ASK', async () => {
    const construct = await runQuery(store, 'CONSTRUCT { ?p skos:notation ?n } WHERE { ?p a caro:StrategicPriority ; skos:notation ?n }');
    const downloads = await formatDownloads(construct, prefixes);
    expect(downloads.map((d) => d.file)).toEqual(['results.ttl']);
    expect(new Parser().parse(downloads[0]!.contents)).toHaveLength(3);
    const ask = await runQuery(store, 'ASK { ?p a caro:StrategicPriority }');
    expect((await formatDownloads(ask, prefixes)).map((d) => [d.file, JSON.parse(d.contents).boolean])).toEqual([['results.json', true]]);
  });
});

function DataFactoryTerm(iri: string): RDF.NamedNode {
  return { termType: 'NamedNode', value: iri, equals: (other) => !!other && other.termType === 'NamedNode' && other.value === iri };
}

describe('the gallery pages in a browser', () => {
  const siteDir = inject('siteDir');
  const site = useSiteInBrowser(siteDir);

  it('lists every question of queries/, each link resolving, with no WCAG 2.1 AA violation', async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/queries/`);
    const names = (await listGalleryQueries(createConfig().queriesDir)).map((q) => q.name);
    const hrefs = await page.locator('ol.gallery h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(names.map((n) => `${n}/`));
    expect(await page.locator('script').count()).toBe(0);
    expect(await findBrokenLinks(page)).toEqual([]);
    expect(await findAxeViolations(page)).toEqual([]);
    expect(await findAxeViolationsOnPhone(page)).toEqual([]);
    await page.close();
  });

  for (const name of ['crosswalk-matrix', 'describe-resource']) {
    it(`shows ${name}: its answer as a table, downloads that resolve, no violation, and a live link that gives the same answer`, async () => {
      const page = await site.browser.newPage();
      await page.goto(`${site.url}/queries/${name}/`);
      expect(await page.locator('script').count()).toBe(0);
      const query = (await page.locator('pre.sparql').textContent())!;
      const live = (await page.locator('a.button').getAttribute('href'))!;
      expect(live).toBe(`../../query/?query=${encodeURIComponent(query)}`);
      const rows = await page.locator('table.results tbody tr').count();
      expect(rows).toBeGreaterThan(0);
      expect(await findBrokenLinks(page)).toEqual([]);
      expect(await findAxeViolations(page)).toEqual([]);
      expect(await findAxeViolationsOnPhone(page)).toEqual([]);
      const files = await page.locator('ul.downloads a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
      for (const file of files) expect(await readFile(path.join(siteDir, 'queries', name, file), 'utf8')).not.toBe('');
      await page.click('a.button');
      await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#query-results')?.dataset.runs ?? 0) > 0, null, { timeout: 30_000 });
      expect(await page.locator('#query-error').isVisible()).toBe(false);
      const status = (await page.locator('#query-status').textContent())!;
      expect(status).toMatch(new RegExp(`^(${rows} results? |Turtle result \\(${rows} statements?\\))`));
      await page.close();
    });
  }
});
