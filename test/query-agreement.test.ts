// Same question, same answer: in Debian's chromium, the built query page runs every query of queries/ and queries/site/ (its
// runnable text, with the default parameters bound) and a set of tricky texts, one after the other on one page, and
// each answer (read from the page's own SPARQL JSON or Turtle download) is compared as a multiset with the answer of
// `npm run query`'s library function (runQuery on Oxigraph, parameters bound) over the site's own dump. Refusals
// and syntax errors must agree too. A difference fails the test and names the query.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type * as RDF from '@rdfjs/types';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createConfig } from '../src/config.ts';
import { createRunnableQuery } from '../src/render/gallery.ts';
import { GraphStore } from '../src/load/graph-store.ts';
import { createPrefixes } from '../src/prefixes.ts';
import { QueryRefusedError, SparqlSyntaxError, loadQueryFile, type QueryResult } from '../src/query/query.ts';
import { parseSparqlJson } from '../src/query/result-formats.ts';
import { runQuery } from '../src/query/oxigraph-engine.ts';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';
import { useSiteInBrowser } from './helpers/browser.ts';
import { parseNTriplesText, parseTurtleText, sameGraph } from './helpers/graphs.ts';

const TRICKY: Record<string, string> = {
  'escaped slash, prefix declared': 'PREFIX car: <https://w3id.org/cbss-car/>\nSELECT ?p ?o WHERE { car:area\\/alternative-care ?p ?o }',
  'escaped slash, prefix predeclared': 'SELECT ?p ?o WHERE { car:priority\\/child-protection-systems ?p ?o }',
  'escaped hash': 'SELECT ?s WHERE { ?s a car:ontology\\#StrategicPriority }',
  'escaped hyphen and slashes in VALUES': 'SELECT ?s (COUNT(*) AS ?n) WHERE { VALUES ?s { car:area\\/alternative\\-care car:uncrc\\/article\\/19 } ?s ?p ?o } GROUP BY ?s',
  'escaped dot': 'SELECT ?p WHERE { sdg:16\\.2 ?p ?o }',
  'escaped tilde and others, absent': "ASK { car:a\\~b\\!\\$\\&\\'\\(\\)\\*\\+\\,\\;\\=\\?\\@\\%c\\_d ?p ?o }",
  'escaped name in DESCRIBE': 'DESCRIBE car:area\\/sexual-violence',
  'escaped name in CONSTRUCT': 'CONSTRUCT { ?s skos:prefLabel ?l } WHERE { car:priority\\/child-protection-systems caro:hasAreaOfConcern ?s . ?s skos:prefLabel ?l }',
  'BASE and relative IRIs': 'BASE <https://w3id.org/cbss-car/area/>\nSELECT ?p ?o WHERE { <alternative-care> ?p ?o }',
  'relative IRIs without BASE': 'SELECT ?l WHERE { <priority/child-protection-systems> skos:prefLabel ?l }',
  'language-tagged literal': 'SELECT ?s WHERE { ?s skos:prefLabel "Child Protection Systems"@en }',
  'plain literal does not match a tagged one': 'SELECT ?s WHERE { ?s skos:prefLabel "Child Protection Systems" }',
  'typed literal': 'SELECT ?i WHERE { ?i time:inXSDDate "2020-07-01"^^xsd:date }',
  'typed literal compared in FILTER': 'SELECT ?d WHERE { ?x dct:issued ?d FILTER(?d < "2021-01-01"^^xsd:date) }',
  'VALUES with UNDEF': 'SELECT ?n ?l WHERE { VALUES (?n ?l) { ("P1" UNDEF) (UNDEF "Child-Friendly Justice"@en) } ?s skos:notation ?n ; skos:prefLabel ?l }',
  'property paths': 'SELECT ?a ?l WHERE { ?p skos:notation "P1" ; caro:hasAreaOfConcern/skos:prefLabel ?l . ?a ^caro:hasAreaOfConcern ?p ; skos:prefLabel ?l }',
  'alternative and repeated paths': 'SELECT ?s ?o WHERE { ?s (skos:topConceptOf|skos:inScheme)+ ?o }',
  'GROUP_CONCAT': 'SELECT ?p (COUNT(?a) AS ?n) (GROUP_CONCAT(DISTINCT ?n2; separator="|") AS ?notations) WHERE { ?p caro:hasAreaOfConcern ?a ; skos:notation ?n2 } GROUP BY ?p',
  SERVICE: 'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }',
  update: 'INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }',
  'syntax error': 'SELECT ?s\nWHERE { ?s ?p }',
};

type Outcome = { readonly answer: string[] | RDF.Quad[] | boolean } | { readonly refused: string } | { readonly syntaxAt: string };

// A solution as a sorted line of variable=term, blank nodes unlabelled: the multiset is the sorted list of them.
function toMultiset(result: QueryResult): string[] | RDF.Quad[] | boolean {
  if (result.type === 'boolean') return result.value;
  if (result.type === 'quads') return [...result.quads];
  const key = (t: RDF.Term): string => (t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : t.termType === 'BlankNode' ? '_:' : `<${t.value}>`);
  return result.rows.map((row) => Object.keys(row).sort().map((v) => `${v}=${key(row[v]!)}`).join(' ')).sort();
}

describe('the query page and the command line', () => {
  const siteDir = inject('siteDir');
  const site = useSiteInBrowser(siteDir);
  let page: Page;
  let store: GraphStore;

  beforeAll(async () => {
    // The same graph on both sides: the dump the page loads.
    store = new GraphStore(parseNTriplesText(await readFile(path.join(siteDir, 'downloads', 'cbss-car.nt'), 'utf8')));
    page = await (await site.browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(`${site.url}/query/`);
    await page.waitForSelector('body[data-query-page="ready"]');
  });

  async function readDownload(format: string): Promise<string> {
    const [download] = (await Promise.all([page.waitForEvent('download'), page.click(`#query-downloads button[data-format="${format}"]`)])) as [Download, void];
    return readFile((await download.path())!, 'utf8');
  }

  async function runInBrowser(text: string): Promise<Outcome> {
    await page.evaluate((value) => (document.querySelector('.CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(value), text);
    const before = await page.evaluate(() => Number(document.querySelector<HTMLElement>('#query-results')?.dataset.runs ?? 0));
    await page.click('#query-run');
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('#query-results')?.dataset.runs ?? 0) > n, before, { timeout: 60_000 });
    if (await page.locator('#query-error').isVisible()) {
      const message = (await page.locator('#query-error').textContent()) ?? '';
      const at = /^SPARQL syntax error at line (\d+), column (\d+)/.exec(message);
      return at ? { syntaxAt: `${at[1]}:${at[2]}` } : { refused: message };
    }
    if (await page.locator('#query-downloads button[data-format="ttl"]').count()) return { answer: parseTurtleText(await readDownload('ttl')) };
    return { answer: toMultiset(parseSparqlJson(await readDownload('srj'))) };
  }

  async function runOnCommandLine(text: string, bindings: Readonly<Record<string, RDF.Term>> = {}): Promise<Outcome> {
    try {
      return { answer: toMultiset(await runQuery(store, text, { bindings })) };
    } catch (error) {
      if (error instanceof QueryRefusedError) return { refused: error.reason };
      if (error instanceof SparqlSyntaxError) return { syntaxAt: `${error.line}:${error.column}` };
      throw error;
    }
  }

  // Undefined when the two agree, else the query's name and both answers.
  function compare(name: string, browser: Outcome, cli: Outcome): string | undefined {
    if ('answer' in browser && 'answer' in cli && Array.isArray(cli.answer) && typeof cli.answer[0] === 'object') {
      return sameGraph(browser.answer as RDF.Quad[], cli.answer as RDF.Quad[]) ? undefined : `${name}: the two graphs differ`;
    }
    if (isDeepStrictEqual(browser, cli)) return undefined;
    const shown = (o: Outcome): string => JSON.stringify(o, null, 1).slice(0, 2000);
    return `${name}:\nbrowser ${shown(browser)}\ncommand line ${shown(cli)}`;
  }

  it('give the same answer to every query of queries/ and queries/site/, with its default parameters', async () => {
    const queriesDir = createConfig({}, {}).queriesDir;
    // The questions, and the site's own build-time queries (queries/site/).
    const names = [...(await readdir(queriesDir)), ...(await readdir(path.join(queriesDir, 'site'))).map((f) => `site/${f}`)].filter((f) => f.endsWith('.rq')).sort();
    expect(names.length).toBeGreaterThan(25);
    const differences: string[] = [];
    for (const name of names) {
      const query = await loadQueryFile(path.join(queriesDir, name));
      const defaults = Object.fromEntries(query.parameters.map((p) => [p.name, p.defaultValue]));
      const cli = await runOnCommandLine(query.text, defaults);
      expect('answer' in cli, `${name} runs on the command line`).toBe(true);
      const difference = compare(name, await runInBrowser(createRunnableQuery(query, createPrefixes(), DEFAULT_BASE_IRI)), cli);
      if (difference) differences.push(difference);
    }
    expect(differences).toEqual([]);
  });

  it('give the same answer to each tricky text, and refuse the same queries in the same words', async () => {
    const differences: string[] = [];
    for (const [name, text] of Object.entries(TRICKY)) {
      let cli = await runOnCommandLine(text);
      // Oxigraph describes a resource by its concise bounded description (with the blank nodes its triples reach),
      // Comunica by its own triples alone: those must agree.
      if (/^DESCRIBE/.test(text) && 'answer' in cli) cli = { answer: (cli.answer as RDF.Quad[]).filter((q) => q.subject.termType !== 'BlankNode') };
      const difference = compare(name, await runInBrowser(text), cli);
      if (difference) differences.push(difference);
    }
    expect(differences).toEqual([]);
    // The texts are worth comparing: the escaped names name resources the graph holds, and the refusals are the shared ones.
    expect(await runOnCommandLine(TRICKY['escaped slash, prefix declared']!)).not.toEqual({ answer: [] });
    expect(await runOnCommandLine(TRICKY['escaped hash']!)).not.toEqual({ answer: [] });
    expect(await runOnCommandLine(TRICKY.SERVICE!)).toEqual({ refused: expect.stringMatching(/^SERVICE is not allowed/) });
  });
});
