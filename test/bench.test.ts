// The benchmark's generator and helpers: sizes, shape conformance, determinism, and that quotes point at the right
// characters. No timing is asserted here: speed is measured only by npm run bench.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, ROOT_DIR } from '../src/config.ts';
import { loadGraph } from '../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';
import { REPORT_LINE } from '../src/publish/stage-report.ts';
import { listSourceFolders, loadChecks, loadShapes, readSourceTexts, validateGraph } from '../src/validate/validate.ts';
import { fitToSize, iriOfFile, renderFloorFile } from './bench/floor.ts';
import { createRandom, generateTurtle, listParagraphs, readRealGraph, writeGeneratedGraph, type RealGraph } from './bench/generate-graph.ts';
import { median, percentile } from './bench/stats.ts';
import { readNodeCommand } from './bench/child.ts';
import { comparePairs, readBuildTree, summarisePairs } from './bench/compare.ts';
import { useScratchDir } from './helpers/scratch.ts';

const OA = 'http://www.w3.org/ns/oa#';
const CARO = `${DEFAULT_BASE_IRI}ontology#`;
const SPDX = 'http://spdx.org/rdf/terms#';

let real: RealGraph;
beforeAll(async () => {
  real = await readRealGraph();
});

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('readRealGraph', () => {
  it('finds the shared resources new strategies link to', () => {
    expect(real.resources).toBeGreaterThan(100);
    expect(real.cbss).toBe(`${DEFAULT_BASE_IRI}organisation/cbss`);
    expect(real.rights).toContain(`${DEFAULT_BASE_IRI}uncrc/article/19`);
    expect(real.rights).not.toContain(`${DEFAULT_BASE_IRI}uncrc/article/43`);
    expect(real.expertGroupRoles.length).toBeGreaterThan(0);
    expect(real.stakeholders.length).toBeGreaterThan(0);
    expect(real.maxPriority).toBeGreaterThanOrEqual(3);
  });
});

describe('generateTurtle', () => {
  it('grows the graph to at least the requested number of resources, and not much beyond', () => {
    for (const size of [1_000, 10_000]) {
      const g = generateTurtle(real, size);
      expect(g.resources).toBeGreaterThanOrEqual(size);
      expect(g.resources).toBeLessThan(size + 150);
      expect(new Set(g.iris).size).toBe(g.iris.length);
      expect(g.resources).toBe(real.resources + g.iris.length);
    }
  });

  it('keeps the mix of the real strategy: about 3 priorities, 10 areas and 45 crosswalk links per strategy', () => {
    const g = generateTurtle(real, 10_000);
    const per = (kind: string) => (g.counts[kind] ?? 0) / g.strategies;
    expect(per('priority')).toBeGreaterThan(2);
    expect(per('priority')).toBeLessThan(4);
    expect(per('area')).toBeGreaterThan(6);
    expect(per('area')).toBeLessThan(14);
    expect(per('alignment')).toBeGreaterThan(30);
    expect(per('alignment')).toBeLessThan(80);
    expect(g.quotes / g.strategies).toBeGreaterThan(20);
  });

  it('completes the SDGs to 17 goals and 169 targets', async () => {
    const g = generateTurtle(real, 1_000);
    const quads = new Parser().parse(g.files.get('synthetic-sdg.ttl') ?? '');
    const targets = new Set(quads.filter((q) => q.object.value === 'http://metadata.un.org/sdg/ontology#Target').map((q) => q.subject.value));
    expect(targets.size + real.sdgTargets.size).toBe(169);
    expect((g.counts['sdg-goal'] ?? 0) + real.sdgGoals.size).toBe(17);
  });

  it('is deterministic for a seed, and changes with the seed', () => {
    const a = generateTurtle(real, 2_000, 7);
    const b = generateTurtle(real, 2_000, 7);
    const c = generateTurtle(real, 2_000, 8);
    expect([...a.files]).toEqual([...b.files]);
    expect([...a.files]).not.toEqual([...c.files]);
  });

  it('gives each strategy a source text of its own, and writes quotes whose offsets select their exact words in it', () => {
    const g = generateTurtle(real, 1_000);
    expect(g.sources.size).toBe(g.strategies);
    expect(g.strategies).toBeGreaterThan(1);
    const quads = [...g.files.values()].flatMap((text) => new Parser().parse(text));
    const valueOf = (s: string, p: string) => quads.find((q) => q.subject.value === s && q.predicate.value === p)?.object.value;
    // Each synthetic source text is described with its file name and the SHA-256 of its text.
    const textOf = new Map<string, string>();
    for (const q of quads.filter((x) => x.predicate.value === `${SPDX}fileName`)) {
      const text = g.sources.get(q.object.value);
      expect(text, q.object.value).toBeDefined();
      const checksum = quads.find((x) => x.subject.equals(q.subject) && x.predicate.value === `${SPDX}checksum`)!.object.value;
      expect(valueOf(checksum, `${SPDX}checksumValue`)).toBe(createHash('sha256').update(text!).digest('hex'));
      textOf.set(q.subject.value, text!);
    }
    expect(textOf.size).toBe(g.strategies);
    const passages = quads.filter((q) => q.predicate.value === `${CARO}paragraph`);
    expect(passages.length).toBe(g.quotes);
    const sourcesQuoted = new Set<string>();
    for (const passage of passages.slice(0, 300)) {
      const source = valueOf(passage.subject.value, `${OA}hasSource`)!;
      const text = textOf.get(source);
      expect(text, `${source} is a synthetic source text`).toBeDefined();
      sourcesQuoted.add(source);
      const selectors = quads.filter((q) => q.subject.equals(passage.subject) && q.predicate.value === `${OA}hasSelector`).map((q) => q.object.value);
      const exact = selectors.map((s) => valueOf(s, `${OA}exact`)).find((v) => v !== undefined);
      const start = Number(selectors.map((s) => valueOf(s, `${OA}start`)).find((v) => v !== undefined));
      const end = Number(selectors.map((s) => valueOf(s, `${OA}end`)).find((v) => v !== undefined));
      expect(text!.slice(start, end)).toBe(exact);
      const paragraph = listParagraphs(text!)[Number(passage.object.value) - 1];
      expect(paragraph && start >= paragraph.start && end <= paragraph.start + paragraph.text.length).toBe(true);
    }
    expect(sourcesQuoted.size).toBeGreaterThan(1);
  });
});

describe('writeGeneratedGraph', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bench-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a graph that conforms to the real shapes and checks', async () => {
    const graph = await writeGeneratedGraph(path.join(dir, 'small'), real.resources + 120);
    const names = await readdir(graph.dataDir);
    expect(names.filter((n) => n.startsWith('synthetic-')).length).toBeGreaterThan(0);
    expect(await readFile(path.join(graph.dataDir, 'source', 'car-mandate-strategy-2020-2025.txt'), 'utf8')).toBe(real.sourceText);
    // Each synthetic strategy has a source text of its own, and the quotes are checked against it.
    expect(graph.sources.size).toBe(graph.strategies);
    const config = createConfig({ ontologyDir: graph.ontologyDir, dataDir: graph.dataDir });
    const { store } = await loadGraph([config.ontologyDir, config.dataDir]);
    const sourceTexts = await readSourceTexts(store, listSourceFolders([config.dataDir]));
    expect(sourceTexts.sources).toHaveLength(graph.strategies + 1);
    const report = await validateGraph(store, await loadShapes(path.join(config.ontologyDir, 'shapes')), await loadChecks(path.join(config.ontologyDir, 'checks')), sourceTexts);
    expect(report.violations.slice(0, 5)).toEqual([]);
    expect(report.focusNodesChecked).toBeGreaterThan(real.resources);
  }, 300_000);
});

describe('the floor', () => {
  it('fits a text to an exact byte size, padding or cutting', () => {
    expect(fitToSize('abc', 5).toString()).toBe('abc  ');
    expect(fitToSize('abcdef', 4).toString()).toBe('abcd');
    expect(fitToSize('é', 2).length).toBe(2);
  });

  it('maps an output file to the IRI of its resource', () => {
    expect(iriOfFile('priority/p1/index.html')).toBe(`${DEFAULT_BASE_IRI}priority/p1`);
    expect(iriOfFile('index.html')).toBe(DEFAULT_BASE_IRI);
  });

  it('renders a resource from its triples with plain templates, escaping HTML', () => {
    const quads = new Parser().parse('<https://w3id.org/cbss-car/x> <http://www.w3.org/2000/01/rdf-schema#label> "<b>&"@en .');
    const html = renderFloorFile('x/index.html', `${DEFAULT_BASE_IRI}x`, quads);
    expect(html).toContain('&lt;b&gt;&amp;');
    expect(renderFloorFile('x/index.nt', `${DEFAULT_BASE_IRI}x`, quads)).toContain('"<b>&"@en .');
    expect(JSON.parse(renderFloorFile('x/index.jsonld', `${DEFAULT_BASE_IRI}x`, quads))['@id']).toBe(`${DEFAULT_BASE_IRI}x`);
  });
});

describe('stats', () => {
  it('takes medians and nearest-rank percentiles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});

describe('readNodeCommand', () => {
  it("takes what an npm script runs and with which Node options, so that the bench's builds run as npm run build does", () => {
    expect(readNodeCommand('node --v8-pool-size=1 src/cli/run-bundled.mjs build')).toEqual({ nodeOptions: ['--v8-pool-size=1'], script: 'src/cli/run-bundled.mjs', args: ['build'], tsx: false });
    expect(readNodeCommand('node --v8-pool-size=1 --import tsx src/cli/build.ts')).toEqual({ nodeOptions: ['--v8-pool-size=1'], script: 'src/cli/build.ts', args: [], tsx: true });
    expect(readNodeCommand('node --import tsx --max-old-space-size=4096 --import ./probe.mjs src/cli/build.ts --flag')).toEqual({
      nodeOptions: ['--max-old-space-size=4096', '--import', './probe.mjs'],
      script: 'src/cli/build.ts',
      args: ['--flag'],
      tsx: true,
    });
    expect(readNodeCommand('tsx src/cli/build.ts')).toEqual({ nodeOptions: [], script: 'src/cli/build.ts', args: [], tsx: true });
  });
});

describe('the comparison with a baseline checkout (--baseline)', () => {
  const scratchDir = useScratchDir('cbss-bench-compare');

  // A checkout whose "build" only logs how it was started (folder, arguments, BUILD_CACHE) and prints a report.
  async function fakeTree(name: string, log: string): Promise<string> {
    const dir = path.join(scratchDir.path, name);
    await mkdir(path.join(dir, 'node_modules'), { recursive: true });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ scripts: { build: 'node --v8-pool-size=1 fake-build.mjs build' } }));
    await writeFile(
      path.join(dir, 'fake-build.mjs'),
      `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ cwd: process.cwd(), args: process.argv.slice(2), cache: process.env.BUILD_CACHE, pool: process.execArgv }) + '\\n');
console.log(${JSON.stringify(REPORT_LINE)} + JSON.stringify({ stages: [], totalMs: 1, peakMb: 1, files: 0, bytes: 0 }));
`,
    );
    return dir;
  }

  it('sums up pairs as ratios this / baseline, their median and range', () => {
    const summary = summarisePairs([
      { baselineMs: 1000, currentMs: 800 },
      { baselineMs: 2000, currentMs: 2200 },
      { baselineMs: 1000, currentMs: 900 },
    ]);
    expect(summary.ratios).toEqual([0.8, 1.1, 0.9]);
    expect(summary.medianRatio).toBe(0.9);
    expect([summary.minRatio, summary.maxRatio]).toEqual([0.8, 1.1]);
    expect([summary.baselineMedianMs, summary.currentMedianMs]).toEqual([1000, 900]);
  });

  it("reads this checkout's build as npm run build runs it, and refuses a folder that is not a checkout with its dependencies", async () => {
    const tree = readBuildTree(ROOT_DIR);
    expect(tree.command.script).toBe('src/cli/build.ts');
    expect(tree.command.args).toEqual([]);
    expect(tree.command.tsx).toBe(true);
    expect(tree.prebuild).toBe(false);
    expect(() => readBuildTree(path.join(scratchDir.path, 'nothing-here'))).toThrow(/nothing-here: no package\.json/);
    const bare = path.join(scratchDir.path, 'bare');
    await mkdir(bare, { recursive: true });
    await writeFile(path.join(bare, 'package.json'), JSON.stringify({ scripts: { build: 'node build.mjs' } }));
    expect(() => readBuildTree(bare)).toThrow(/bare: no node_modules/);
  });

  it('alternates cold builds, baseline first, each in its own folder with its own command, after one pair not counted', async () => {
    const log = path.join(scratchDir.path, 'builds.log');
    const trees = { baseline: readBuildTree(await fakeTree('base', log)), current: readBuildTree(await fakeTree('this', log)) };
    const lines: string[] = [];
    const summary = await comparePairs(trees, ['--data', '/graph/data'], path.join(scratchDir.path, 'out'), { pairs: 2, timeoutMs: 30_000, log: (l) => lines.push(l), label: 'fake' });
    const runs = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { cwd: string; args: string[]; cache: string; pool: string[] });
    expect(runs.map((r) => path.basename(r.cwd))).toEqual(['base', 'this', 'base', 'this', 'base', 'this']);
    for (const r of runs) {
      expect(r.args).toEqual(['build', '--data', '/graph/data', '--out', path.join(scratchDir.path, 'out'), '--report']);
      expect(r.cache).toBe('off');
      expect(r.pool).toEqual(['--v8-pool-size=1']);
    }
    expect(summary.pairs).toHaveLength(2);
    expect(summary.ratios.every((r) => Number.isFinite(r) && r > 0)).toBe(true);
    expect(lines).toHaveLength(2);
  });
});
