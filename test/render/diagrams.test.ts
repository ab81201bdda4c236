// The diagrams: the pure SVG and table functions of src/render/diagrams.ts and diagram-tables.ts on small hand-made inputs (escaping, layout,
// determinism, text alternatives), and the strategy map and crosswalk matrix built from the real graph, checked
// against counts taken straight from the store.
import { describe, expect, inject, it, beforeAll } from 'vitest';
import { useSiteInBrowser } from '../helpers/browser.ts';
import { VIEWPORTS, findAxeViolations } from '../helpers/axe-check.ts';
import { findBrokenLinks, listLinks } from '../helpers/links-check.ts';
import { DataFactory } from 'n3';
import type { GraphStore } from '../../src/load/graph-store.ts';
import { createConfig } from '../../src/config.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import * as diagrams from '../../src/render/diagrams.ts';
import * as tables from '../../src/render/diagram-tables.ts';
import { layoutLayeredDiagram, wrapText, type LayeredDiagram, type MatrixDiagram } from '../../src/render/diagrams.ts';
import { renderMarkup } from '../helpers/render-markup.ts';
import { buildCrosswalkMatrix, buildStrategyMap, compareNatural, readStrategyRecords, type StrategyRecords } from '../../src/render/strategy-data.ts';
import { runSiteQueries } from '../../src/query/run-query-files.ts';

const { namedNode } = DataFactory;
// The diagrams and tables as the pages get them: element trees written by the templates' `element` macro.
const drawLayeredDiagram = (d: LayeredDiagram): string => renderMarkup(diagrams.drawLayeredDiagram(d));
const drawMatrixDiagram = (m: MatrixDiagram): string => renderMarkup(diagrams.drawMatrixDiagram(m));
const renderLayeredTable = (d: LayeredDiagram): string => renderMarkup(tables.renderLayeredTable(d));
const renderMatrixTable = (m: MatrixDiagram): string => renderMarkup(tables.renderMatrixTable(m));
const HOSTILE = '<script>alert("x")</script> & \'quoted\'';

function hrefs(markup: string): string[] {
  return [...markup.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!);
}

const layered: LayeredDiagram = {
  id: 'map',
  title: 'A map',
  description: 'Left to right',
  columns: [
    { title: 'Start', nodes: [{ iri: 'urn:a', label: HOSTILE, href: '../a/?x=1&y=2' }] },
    {
      title: 'Middle',
      nodes: [
        { iri: 'urn:b', label: 'Bee', href: '../b/', notation: 'B1', detail: 'a "detail"' },
        { iri: 'urn:c', label: 'A rather long label that must be wrapped onto several lines of text', href: '../c/' },
      ],
    },
    { title: 'End', nodes: [{ iri: 'urn:d', label: 'Dee', href: '../d/' }] },
  ],
  edges: [
    { from: 'urn:a', to: 'urn:c' },
    { from: 'urn:a', to: 'urn:b' },
    { from: 'urn:b', to: 'urn:d' },
  ],
};

const matrix: MatrixDiagram = {
  id: 'mx',
  title: 'A matrix',
  description: 'Rows by columns',
  rows: [
    { iri: 'urn:r1', label: 'Row one', href: '../r1/', group: 'Group A' },
    { iri: 'urn:r2', label: HOSTILE, href: '../r2/', group: 'Group B' },
  ],
  columns: [
    { iri: 'urn:c1', label: 'Column one', href: '../c1/', group: 'Articles', short: '1', emphasis: true },
    { iri: 'urn:c2', label: 'Column two', href: '../c2/', group: 'Articles', short: '2' },
    { iri: 'urn:t1', label: 'Target', href: '../t/#t1', group: 'Targets', short: 'T1' },
  ],
  cells: [
    { row: 'urn:r2', column: 'urn:t1', href: '../why/r2-t1/', label: 'r2 → t1' },
    { row: 'urn:r1', column: 'urn:c2', href: '../why/r1-c2/', label: 'r1 → c2' },
  ],
  emphasisLegend: 'general principles',
};

describe('wrapText', () => {
  it('breaks at word boundaries within the width', () => {
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });
  it('cuts a word longer than the width', () => {
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
  it('keeps at most maxLines, the last one ending in an ellipsis', () => {
    const lines = wrapText('one two three four five six', 7, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(lines[1]!.length).toBeLessThanOrEqual(8);
  });
});

describe('drawLayeredDiagram', () => {
  const svg = drawLayeredDiagram(layered);

  it('escapes every label and link', () => {
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    expect(svg).toContain('href="../a/?x=1&amp;y=2"');
  });

  it('has a text alternative: title and desc referenced by aria-labelledby', () => {
    expect(svg).toMatch(/^<svg [^>]*aria-labelledby="map-title map-desc"/);
    expect(svg).toContain('<title id="map-title">A map</title>');
    expect(svg).toContain('<desc id="map-desc">Left to right</desc>');
  });

  it('draws one linked box per node and one path per edge', () => {
    expect(hrefs(svg)).toEqual(['../a/?x=1&amp;y=2', '../b/', '../c/', '../d/']);
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg.match(/<a /g)).toHaveLength(4);
  });

  it('wraps long labels onto several lines inside a taller box', () => {
    const { placed } = layoutLayeredDiagram(layered);
    const long = placed.find((p) => p.node.iri === 'urn:c')!;
    const short = placed.find((p) => p.node.iri === 'urn:b')!;
    expect(long.lines.length).toBeGreaterThan(1);
    expect(long.height).toBeGreaterThan(short.height);
    expect(long.x).toBe(short.x);
    expect(long.y).toBeGreaterThanOrEqual(short.y + short.height);
  });

  it('is deterministic: the same data in another edge order gives the same bytes', () => {
    const shuffled = { ...layered, edges: [...layered.edges].reverse() };
    expect(drawLayeredDiagram(shuffled)).toBe(svg);
  });

  it('refuses an edge to a box that is not drawn', () => {
    expect(() => drawLayeredDiagram({ ...layered, edges: [{ from: 'urn:a', to: 'urn:missing' }] })).toThrow(/urn:missing/);
  });
});

describe('renderLayeredTable', () => {
  const table = renderLayeredTable(layered);
  it('holds the same links as the drawing', () => {
    expect(new Set(hrefs(table))).toEqual(new Set(hrefs(drawLayeredDiagram(layered))));
  });
  it('has a caption and one row per node of the second-to-last column', () => {
    expect(table).toContain('<caption>A map (as a table)</caption>');
    expect(table.match(/<th scope="row">/g)).toHaveLength(2);
    expect(table).not.toContain('<script>');
  });
});

describe('drawMatrixDiagram and renderMatrixTable', () => {
  const svg = drawMatrixDiagram(matrix);
  const table = renderMatrixTable(matrix);

  it('links each filled cell to its explanation, and escapes labels', () => {
    expect(hrefs(svg)).toEqual(expect.arrayContaining(['../why/r1-c2/', '../why/r2-t1/']));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('aria-label="r1 → c2"');
  });

  it('places each filled cell in its own row and column', () => {
    const cellRect = (href: string): { x: number; y: number } => {
      const m = new RegExp(`<a href="${href}"[^>]*><title>[^<]*</title><rect x="([\\d.]+)" y="([\\d.]+)"`).exec(svg)!;
      return { x: Number(m[1]), y: Number(m[2]) };
    };
    const r1c2 = cellRect('../why/r1-c2/');
    const r2t1 = cellRect('../why/r2-t1/');
    expect(r2t1.x).toBeGreaterThan(r1c2.x);
    expect(r2t1.y).toBeGreaterThan(r1c2.y);
  });

  it('draws emphasised column headings in bold and explains them in the legend', () => {
    expect(svg).toMatch(/font-weight="700" fill="#1a1a1a">1<\/text>/);
    expect(svg).toContain('bold headings: general principles');
  });

  it('refuses a cell outside the matrix', () => {
    expect(() => drawMatrixDiagram({ ...matrix, cells: [{ row: 'urn:r1', column: 'urn:nope', href: '#', label: 'x' }] })).toThrow(/urn:nope/);
  });

  it('has a table with the same cell links, one row per matrix row', () => {
    const cellLinks = matrix.cells.map((c) => c.href);
    for (const href of cellLinks) expect(hrefs(table)).toContain(href);
    expect(table.match(/<th scope="row">/g)).toHaveLength(matrix.rows.length);
    expect(table).not.toContain('<script>');
  });
});

describe('the diagrams of the real graph', () => {
  const config = createConfig();
  let store: GraphStore;
  let records: StrategyRecords;
  const linkTo = (iri: string): string => `link:${iri}`;

  beforeAll(async () => {
    store = (await loadGraph([config.ontologyDir, config.dataDir], config.baseIri)).store;
    records = readStrategyRecords(await runSiteQueries(store, config));
  });

  const caro = (local: string): string => `${config.baseIri}ontology#${local}`;
  const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

  it('the crosswalk matrix has one linked cell per alignment in force, linking to the alignment, and none for a withdrawn one', () => {
    const all = store.getSubjects(namedNode(RDF_TYPE), namedNode(caro('Alignment')), null).map((t) => t.value);
    const withdrawn = new Set(store.getSubjects(namedNode('http://www.w3.org/2002/07/owl#deprecated'), null, null).map((t) => t.value));
    expect(withdrawn.size).toBeGreaterThan(0);
    const alignments = all.filter((a) => !withdrawn.has(a)).sort();
    expect(alignments.length).toBeGreaterThan(0);
    const mx = buildCrosswalkMatrix(records, linkTo);
    expect(mx.cells.map((c) => c.href.slice('link:'.length)).sort()).toEqual(alignments);
    const svg = drawMatrixDiagram(mx);
    for (const a of alignments) expect(svg).toContain(`href="link:${a}"`);
    for (const a of withdrawn) expect(svg).not.toContain(`href="link:${a}"`);
  });

  it('the matrix rows are the priorities and the areas of concern', () => {
    const typed = (local: string): string[] => store.getSubjects(namedNode(RDF_TYPE), namedNode(caro(local)), null).map((t) => t.value);
    const expected = [...typed('StrategicPriority'), ...typed('KeyAreaOfConcern'), ...typed('CrossCuttingAreaOfConcern')].sort();
    const mx = buildCrosswalkMatrix(records, linkTo);
    expect(mx.rows.map((r) => r.iri).sort()).toEqual(expected);
    expect(mx.columns.filter((c) => c.emphasis).map((c) => c.short)).toEqual(['2', '3', '6', '12']);
  });

  it('the strategy map hangs the six areas of paragraph 14 from the priorities’ scheme, not from a priority', () => {
    const map = buildStrategyMap(records, linkTo);
    const scheme = `${config.baseIri}scheme/strategic-priorities`;
    expect(map.columns[2]!.nodes.map((n) => n.iri)).toContain(scheme);
    const strategyAreas = store.getQuads(namedNode(scheme), namedNode(caro('hasStrategyAreaOfConcern')), null, null).map((q) => q.object.value).sort();
    expect(strategyAreas).toHaveLength(6);
    expect(map.edges.filter((e) => e.from === scheme).map((e) => e.to).sort()).toEqual(strategyAreas);
    const priorities = new Set(store.getSubjects(namedNode(RDF_TYPE), namedNode(caro('StrategicPriority')), null).map((t) => t.value));
    for (const area of strategyAreas) expect(map.edges.filter((e) => e.to === area && priorities.has(e.from)), area).toEqual([]);
  });

  it('marks the editorial codes (P1 …, A1 …) in the tables and says so in the captions, never an article number', () => {
    const map = buildStrategyMap(records, linkTo);
    const marked = map.columns.flatMap((c) => c.nodes).filter((n) => n.editorialNotation).map((n) => n.notation!);
    expect(marked.sort(compareNatural)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'P1', 'P1.1', 'P1.2', 'P1.3', 'P1.4', 'P1.5', 'P2', 'P3']);
    expect(map.columns[4]!.nodes.some((n) => n.editorialNotation)).toBe(false);
    expect(renderLayeredTable(map)).toContain('P1 Child Protection Systems</a> <span class="editorial-mark"');
    expect(map.description).toContain('editorial');
    expect(buildCrosswalkMatrix(records, linkTo).description).toContain('editorial');
  });

  it('the strategy map joins each area to its priorities and to the articles it addresses', () => {
    const map = buildStrategyMap(records, linkTo);
    expect(map.columns.map((c) => c.title)).toEqual(['Vision', 'Mission', 'Priorities', 'Areas of concern', 'UNCRC articles']);
    const hasArea = store.getQuads(null, namedNode(caro('hasAreaOfConcern')), null, null).map((q) => `${q.subject.value} ${q.object.value}`);
    const edges = new Set(map.edges.map((e) => `${e.from} ${e.to}`));
    for (const e of hasArea) expect(edges.has(e)).toBe(true);
    const areas = new Set(map.columns[3]!.nodes.map((n) => n.iri));
    const articles = new Set(map.columns[4]!.nodes.map((n) => n.iri));
    const addresses = store
      .getQuads(null, namedNode(caro('addressesRight')), null, null)
      .filter((q) => areas.has(q.subject.value) && q.object.value.includes('/uncrc/article/'))
      .map((q) => `${q.subject.value} ${q.object.value}`);
    expect(addresses.length).toBeGreaterThan(0);
    for (const e of addresses) expect(edges.has(e)).toBe(true);
    expect([...articles].every((a) => map.edges.some((e) => e.to === a))).toBe(true);
    const numbers = map.columns[4]!.nodes.map((n) => Number(/article\/(\d+)$/.exec(n.iri)![1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('draws the real diagrams the same way twice', () => {
    const first = drawLayeredDiagram(buildStrategyMap(records, linkTo)) + drawMatrixDiagram(buildCrosswalkMatrix(records, linkTo));
    const second = drawLayeredDiagram(buildStrategyMap(records, linkTo)) + drawMatrixDiagram(buildCrosswalkMatrix(records, linkTo));
    expect(second).toBe(first);
  });
});

describe('compareNatural', () => {
  it('orders digit runs by value', () => {
    expect(['P1.10', 'P1.2', 'A2', 'P1.1'].sort(compareNatural)).toEqual(['A2', 'P1.1', 'P1.2', 'P1.10']);
  });
});

describe('the diagrams page in a browser', () => {
  const siteDir = inject('siteDir');
  const site = useSiteInBrowser(siteDir);

  it('renders both diagrams with their text alternative, without any script', async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/diagrams/`);
    expect(await page.locator('script').count()).toBe(0);
    const svgs = page.locator('main svg.diagram');
    expect(await svgs.count()).toBe(2);
    for (const id of ['strategy-map', 'crosswalk-matrix']) {
      const svg = page.locator(`svg#${id}`);
      const box = await svg.boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(200);
      const labelledBy = (await svg.getAttribute('aria-labelledby'))!.split(' ');
      for (const ref of labelledBy) expect((await page.locator(`#${ref}`).textContent())!.length).toBeGreaterThan(10);
      expect(await page.locator(`#${id}-table table`).count()).toBe(1);
    }
    expect(await page.locator('svg#crosswalk-matrix a').count()).toBeGreaterThan(60);
    await page.close();
  });

  it('every link of the diagrams and their tables resolves; matrix cells open crosswalk statements', async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/diagrams/`);
    expect(await findBrokenLinks(page, 'main')).toEqual([]);
    const svgLinks = await listLinks(page, 'svg#strategy-map');
    const tableLinks = await listLinks(page, '#strategy-map-table');
    expect(new Set(tableLinks)).toEqual(new Set(svgLinks));
    const cellPaths = await page.locator('svg#crosswalk-matrix a[href*="alignment/"]').evaluateAll((links) => links.map((a) => new URL(a.getAttribute('href')!, document.baseURI).pathname));
    expect(cellPaths.length).toBeGreaterThan(60);
    for (const p of cellPaths) expect(p).toMatch(/^\/alignment\/[^/]+\/[^/]+\/$/);
    await page.close();
  });

  it('keeps a phone-sized page from scrolling sideways: only the figures scroll', async () => {
    const page = await site.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${site.url}/diagrams/`);
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await page.close();
  });

  for (const [size, options] of Object.entries(VIEWPORTS)) {
    it(`has no WCAG 2.1 AA violation (${size})`, async () => {
      const page = await site.browser.newPage(options);
      await page.goto(`${site.url}/diagrams/`);
      expect(await findAxeViolations(page)).toEqual([]);
      await page.close();
    });
  }
});
