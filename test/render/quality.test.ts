// The data-quality report: coverage, validation summary, class counts and version on small hand-made inputs, and
// the report of the real graph checked against figures read straight from the store.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useSiteInBrowser } from '../helpers/browser.ts';
import { VIEWPORTS, findAxeViolations } from '../helpers/axe-check.ts';
import { findBrokenLinks } from '../helpers/links-check.ts';
import { DataFactory } from 'n3';
import type { GraphStore } from '../../src/load/graph-store.ts';
import { createConfig } from '../../src/config.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { createPrefixes } from '../../src/prefixes.ts';
import { type Row } from '../../src/query/query.ts';
import type { Check, ValidationReport } from '../../src/validate/validate.ts';
import { buildQualityReport, computeCoverage, countQuotesBySource, pickVersion, readClassCounts, readStatistics, summarizeValidation } from '../../src/render/quality.ts';
import { describeDataset } from '../../src/describe/dataset.ts';
import { readStrategyRecords, type StrategyRecords } from '../../src/render/strategy-data.ts';
import { runSiteQueries } from '../../src/query/run-query-files.ts';

const { namedNode, literal } = DataFactory;
const prefixes = createPrefixes();
const CAR = 'https://w3id.org/cbss-car/';

const records: StrategyRecords = {
  nodes: [
    { iri: `${CAR}priority/p1`, kinds: ['StrategicPriority'], label: 'One', notation: 'P1' },
    { iri: `${CAR}area/a1`, kinds: ['KeyAreaOfConcern'], label: 'Area one', notation: 'P1.1' },
    { iri: `${CAR}area/a2`, kinds: ['CrossCuttingAreaOfConcern'], label: 'Area two', notation: 'A1' },
    { iri: `${CAR}uncrc/article/3`, kinds: ['Article', 'GeneralPrinciple'], label: 'Best interests', number: 3 },
    { iri: `${CAR}uncrc/article/12`, kinds: ['Article', 'GeneralPrinciple'], label: 'Views', number: 12 },
    { iri: `${CAR}uncrc/article/19`, kinds: ['Article'], label: 'Violence', number: 19 },
    { iri: 'http://metadata.un.org/sdg/16.2', kinds: ['Target'], label: 'End abuse', notation: '16.2' },
  ],
  links: [],
  alignments: [
    { iri: `${CAR}alignment/p1/3`, label: 'p1 → 3', subject: `${CAR}priority/p1`, property: 'addressesRight', object: `${CAR}uncrc/article/3` },
    { iri: `${CAR}alignment/p1/16.2`, label: 'p1 → 16.2', subject: `${CAR}priority/p1`, property: 'contributesToTarget', object: 'http://metadata.un.org/sdg/16.2' },
    { iri: `${CAR}alignment/a1/19`, label: 'a1 → 19', subject: `${CAR}area/a1`, property: 'addressesRight', object: `${CAR}uncrc/article/19` },
  ],
};

describe('computeCoverage', () => {
  const groups = computeCoverage(records);
  const group = (start: string) => groups.find((g) => g.title.startsWith(start))!;

  it('counts concepts linked to both a UNCRC provision and an SDG target', () => {
    expect(group('Strategic priorities')).toMatchObject({ total: 1, covered: 1 });
    expect(group('Areas of concern')).toMatchObject({ total: 2, covered: 0, missing: [`${CAR}area/a1`, `${CAR}area/a2`] });
    expect(group('Areas of concern').items.map((i) => [i.notation, i.links])).toEqual([
      ['P1.1', ['Article 19']],
      ['A1', []],
    ]);
  });

  it('lists the general principles, addressed or not, with what addresses them', () => {
    expect(group('UNCRC general principles')).toMatchObject({ total: 2, covered: 1 });
    expect(group('UNCRC general principles').items.map((i) => i.links)).toEqual([['P1 One'], []]);
    expect(group('UNCRC articles')).toMatchObject({ total: 3, covered: 2, missing: [`${CAR}uncrc/article/12`] });
    expect(group('SDG targets')).toMatchObject({ total: 1, covered: 1 });
  });
});

describe('summarizeValidation', () => {
  const report: ValidationReport = {
    conforms: false,
    violations: [
      { focusNode: `${CAR}area/a2`, message: 'no target', shape: 'ontology/checks/area-target.rq', severity: 'Warning' },
      { focusNode: '_:b0', anchor: { node: `${CAR}area/a1`, path: [`${CAR}ontology#quotedFrom`] }, path: 'http://www.w3.org/ns/oa#exact', message: 'quote differs', shape: `${CAR}shapes#Quote`, severity: 'Violation' },
    ],
    shapesChecked: 12,
    checksRun: 2,
    focusNodesChecked: 40,
    focusNodesByShape: {},
    unusedShapes: [`${CAR}shapes#Unused`],
  };
  const checks: Check[] = [
    { name: 'area-target', file: 'ontology/checks/area-target.rq', title: 'Each area has a target.', description: '', severity: 'Warning', query: '' },
    { name: 'another', file: 'ontology/checks/another.rq', title: 'Another.', description: '', severity: 'Violation', query: '' },
  ];
  const summary = summarizeValidation(report, checks, prefixes);

  it('counts problems by severity and by check', () => {
    expect(summary.counts).toEqual({ Violation: 1, Warning: 1, Info: 0 });
    expect(summary.checks.map((c) => [c.name, c.failures])).toEqual([
      ['another', 0],
      ['area-target', 1],
    ]);
  });

  it('names blank focus nodes by their nearest named node, in prefixed form', () => {
    const quote = summary.problems.find((p) => p.severity === 'Violation')!;
    expect(quote.focus).toBe('area:a1 / caro:quotedFrom');
    expect(quote.path).toBe('oa:exact');
    expect(summary.unusedShapes).toEqual(['cars:Unused']);
  });
});

describe('readClassCounts and pickVersion', () => {
  it('sorts classes by count, then name', () => {
    const rows: Row[] = [
      { class: namedNode(`${CAR}ontology#B`), count: literal('2') },
      { class: namedNode(`${CAR}ontology#A`), count: literal('2') },
      { class: namedNode(`${CAR}ontology#C`), count: literal('9'), label: literal('see') },
    ];
    expect(readClassCounts(rows, prefixes).map((c) => [c.name, c.count, c.label])).toEqual([
      ['caro:C', 9, 'see'],
      ['caro:A', 2, undefined],
      ['caro:B', 2, undefined],
    ]);
  });

  it("prefers the dataset's version and dates to the ontology's", () => {
    expect(pickVersion([{ resource: 'o', name: 'o', kinds: ['owl:Ontology'], version: '1.0.0', modified: '2026-01-01' }])).toEqual({ version: '1.0.0', modified: '2026-01-01' });
    expect(pickVersion([
      { resource: 'o', name: 'o', kinds: ['owl:Ontology'], version: '1.0.0', modified: '2026-01-01' },
      { resource: 'd', name: 'd', kinds: ['dcat:Dataset', 'void:Dataset'], modified: '2026-02-02', issued: '2025-12-01' },
    ])).toEqual({ version: '1.0.0', modified: '2026-02-02', issued: '2025-12-01' });
  });
});

describe('the quality report of the real graph', () => {
  const config = createConfig();
  let store: GraphStore;
  let real: StrategyRecords;
  let classRows: readonly Row[];
  let versionRows: readonly Row[];
  let statisticRows: readonly Row[];
  let triplesBefore: number;

  beforeAll(async () => {
    store = (await loadGraph([config.ontologyDir, config.dataDir], config.baseIri)).store;
    triplesBefore = store.size;
    // As the composer does: the dataset's VoID description joins the graph, and the report reads its figures.
    store.addQuads(describeDataset(store, { baseIri: config.baseIri, prefixes, dumps: [], title: 'T', description: 'D', keywords: [] }));
    const rows = await runSiteQueries(store, config);
    real = readStrategyRecords(rows);
    classRows = rows.classCounts;
    versionRows = rows.dataVersion;
    statisticRows = rows.statistics;
  });

  it("shows the VoID description's figures, which count the graph itself", () => {
    const statistics = readStatistics(statisticRows);
    expect(statistics.map((s) => s.label)[0]).toBe('Triples');
    expect(statistics[0]!.value).toBe(triplesBefore);
    expect(statistics).toHaveLength(6);
  });

  const empty: ValidationReport = { conforms: true, violations: [], shapesChecked: 1, checksRun: 0, focusNodesChecked: 1, focusNodesByShape: {}, unusedShapes: [] };

  it('takes the version and the date of last modification from the data', () => {
    const report = buildQualityReport({ report: empty, checks: [], records: real, classCountRows: classRows, versionRows, sources: [], statistics: [], prefixes });
    const ontology = namedNode(`${config.baseIri}ontology`);
    const version = store.getObjects(ontology, namedNode('http://www.w3.org/2002/07/owl#versionInfo'), null)[0]?.value;
    const modified = store.getObjects(ontology, namedNode('http://purl.org/dc/terms/modified'), null).map((t) => t.value).sort().at(-1);
    expect(version).toBeDefined();
    expect(report.version).toBe(version);
    expect(report.modified).toBe(modified);
  });

  it('counts the quotes of each source text: passages, resources quoting it, paragraphs', () => {
    const source = `${CAR}source/mandate-and-strategy-2020-2025`;
    const counts = countQuotesBySource(store, config.baseIri, (iri) => `label of ${iri}`, new Map([[source, 17]]));
    expect(counts.map((c) => c.iri)).toEqual([source]);
    const passages = store.getSubjects(namedNode('http://www.w3.org/ns/oa#hasSource'), namedNode(source), null);
    const owners = new Set(passages.flatMap((p) => store.getSubjects(namedNode(`${CAR}ontology#quotedFrom`), p, null).map((o) => o.value)));
    expect(counts[0]).toEqual({ iri: source, label: `label of ${source}`, quotes: passages.length, resources: owners.size, paragraphs: 17, totalParagraphs: 17 });
    expect(passages.length).toBeGreaterThan(60);
  });

  it('counts the resources of each class as the store does', () => {
    const report = buildQualityReport({ report: empty, checks: [], records: real, classCountRows: classRows, versionRows, sources: [], statistics: [], prefixes });
    const type = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
    for (const local of ['StrategicPriority', 'Article', 'Alignment']) {
      const expected = new Set(store.getSubjects(type, namedNode(`${config.baseIri}ontology#${local}`), null).map((t) => t.value)).size;
      expect(report.classCounts.find((c) => c.name === `caro:${local}`)?.count).toBe(expected);
    }
  });

  it('finds every general principle and the number of articles the crosswalk reaches', () => {
    const groups = computeCoverage(real);
    const gp = groups.find((g) => g.title.startsWith('UNCRC general principles'))!;
    expect(gp.total).toBe(4);
    const objects = new Set(store.getObjects(null, namedNode(`${config.baseIri}ontology#alignmentObject`), null).map((t) => t.value));
    const articles = groups.find((g) => g.title.startsWith('UNCRC articles'))!;
    expect(articles.total).toBe(54);
    expect(articles.covered).toBe([...objects].filter((o) => /\/uncrc\/article\/\d+$/.test(o)).length);
  });
});

describe('the quality page in a browser', () => {
  const siteDir = inject('siteDir');
  const site = useSiteInBrowser(siteDir);

  it("shows the data's version and date, the validation result and the coverage, with links that resolve", async () => {
    const config = createConfig();
    const { store } = await loadGraph([config.ontologyDir, config.dataDir], config.baseIri);
    const ontology = namedNode(`${config.baseIri}ontology`);
    const version = store.getObjects(ontology, namedNode('http://www.w3.org/2002/07/owl#versionInfo'), null)[0]!.value;
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/quality/`);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('dl.version').textContent()).toContain(version);
    expect(await page.locator('#validation-heading + p').textContent()).toMatch(/conforms/);
    expect(await page.locator('#coverage-heading ~ section h3').count()).toBe(6);
    expect(await findBrokenLinks(page)).toEqual([]);
    await page.close();
  });

  for (const [size, options] of Object.entries(VIEWPORTS)) {
    it(`has no WCAG 2.1 AA violation, with every detail open (${size})`, async () => {
      const page = await site.browser.newPage(options);
      await page.goto(`${site.url}/quality/`);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      expect(await findAxeViolations(page)).toEqual([]);
      await page.close();
    });
  }
});
