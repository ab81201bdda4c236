import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { GraphStore } from '../../src/load/graph-store.ts';
import * as oxigraph from 'oxigraph';
import { isomorphic } from 'rdf-isomorphic';
import { Validator } from 'shacl-engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useScratchDir } from '../helpers/scratch.ts';
import { BLANK_LABEL, writeNQuadChunks } from '../../src/query/oxigraph-store.ts';
import { runValidateCommand } from '../../src/cli/validate.ts';
import { createConfig, ROOT_DIR } from '../../src/config.ts';
import { loadGraph, parseTurtle } from '../../src/load/load-graph.ts';
import { createPrefixes, DEFAULT_BASE_IRI, SHAPES_PATH } from '../../src/prefixes.ts';
import {
  CheckError,
  describeShapes,
  formatReport,
  formatTerm,
  formatViolation,
  loadChecks,
  loadShapes,
  runChecks,
  validateGraph,
  validateShapes,
  type Check,
  type ValidationReport,
  type Violation,
} from '../../src/validate/validate.ts';

const run = promisify(execFile);
const SH = 'http://www.w3.org/ns/shacl#';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const config = createConfig({}, {});
const ontologyDir = config.ontologyDir;
const shapesDir = path.join(ontologyDir, 'shapes');
const checksDir = path.join(ontologyDir, 'checks');
const shapeFixtures = path.join(ROOT_DIR, 'test', 'fixtures', 'shapes');
const checkFixtures = path.join(ROOT_DIR, 'test', 'fixtures', 'checks');
const CARS = DEFAULT_BASE_IRI + SHAPES_PATH;

const shapesStore = await loadShapes(shapesDir);
const engine = new Validator(shapesStore, { factory: DataFactory });
const shapes = describeShapes(shapesStore);
const ontologyQuads = parseTurtle(await readFile(path.join(ontologyDir, 'cbss-car.ttl'), 'utf8'), 'ontology/cbss-car.ttl');
const checks = await loadChecks(checksDir);

/** Shapes whose results get reported: targeted node shapes and the property shapes hanging off them. */
const reportingShapes = shapes.filter((s) => s.constraints.length > 0 && (s.hasTargets || s.parents.length > 0));

/** `cars:StrategicPriority-prefLabel` → `strategic-priority-pref-label`. */
function kebab(localName: string): string {
  return localName
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

function localName(iri: string): string {
  return iri.slice(iri.indexOf('#') + 1);
}

async function readFixture(file: string): Promise<{ store: GraphStore; fixtureTerms: Set<string> }> {
  const quads = parseTurtle(await readFile(file, 'utf8'), file);
  const fixtureTerms = new Set<string>(quads.flatMap((q) => [formatTerm(q.subject), formatTerm(q.object)]));
  return { store: new GraphStore([...ontologyQuads, ...quads]), fixtureTerms };
}

const local = (iri: string): string => iri.replace(/^.*#/, '');

describe('the shapes graph', () => {
  it('declares shapes, and the fixture tests below cover more than a handful of them', () => {
    expect(reportingShapes.length).toBeGreaterThan(40);
  });

  it('names every shape with an IRI in cars:, an English rdfs:label and an sh:message', () => {
    const problems: string[] = [];
    for (const shape of shapes) {
      if (!shape.iri.startsWith(CARS)) problems.push(`${shape.iri}: not an IRI in cars:`);
      const node = DataFactory.namedNode(shape.iri);
      const labels = [...shapesStore.match(node, DataFactory.namedNode(RDFS_LABEL), null)].map((q) => q.object);
      if (labels.length !== 1 || labels[0]?.termType !== 'Literal' || (labels[0] as { language?: string }).language !== 'en') {
        problems.push(`${shape.iri}: needs exactly one rdfs:label@en`);
      }
      if (shape.constraints.length > 0 && shapesStore.match(node, DataFactory.namedNode(`${SH}message`), null).size === 0) {
        problems.push(`${shape.iri}: has constraints but no sh:message`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses only SHACL terms that the validator knows (a misspelt sh: term would be ignored silently)', () => {
    // Besides the terms below, shacl-engine's registry keys each constraint by one parameter (sh:qualifiedValueShape);
    // the others it reads beside that one are listed here (sh:qualifiedMinCount, sh:flags …).
    const structural = new Set(
      ['NodeShape', 'PropertyShape', 'property', 'path', 'message', 'severity', 'targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf', 'alternativePath', 'inversePath', 'zeroOrMorePath', 'oneOrMorePath', 'zeroOrOnePath', 'deactivated', 'name', 'description', 'order', 'group', 'qualifiedMinCount', 'qualifiedMaxCount', 'qualifiedValueShapesDisjoint', 'flags', 'ignoredProperties'].map((n) => SH + n),
    );
    const unknown = new Set<string>();
    for (const q of shapesStore.match(null, null, null)) {
      for (const term of [q.predicate, q.object]) {
        if (term.termType !== 'NamedNode' || !term.value.startsWith(SH)) continue;
        const known = structural.has(term.value) || engine.registry.validations.has(term) || ['IRI', 'Literal', 'BlankNode', 'BlankNodeOrIRI', 'IRIOrLiteral', 'BlankNodeOrLiteral', 'Violation', 'Warning', 'Info'].some((n) => term.value === SH + n);
        if (!known) unknown.add(term.value);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('types every property shape as sh:PropertyShape and every other shape as sh:NodeShape', () => {
    const rdfType = DataFactory.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
    const wrong = shapes.filter((s) => {
      const types = [...shapesStore.match(DataFactory.namedNode(s.iri), rdfType, null)].map((q) => q.object.value);
      return !types.includes(s.kind === 'property' ? `${SH}PropertyShape` : `${SH}NodeShape`);
    });
    expect(wrong.map((s) => s.iri)).toEqual([]);
  });
});

describe('shape fixtures (a -valid and an -invalid fixture for every constrained shape)', () => {
  it('has both fixtures for every constrained shape, and no fixture without a shape', async () => {
    const expected = reportingShapes.flatMap((s) => ['valid', 'invalid'].map((kind) => `${kebab(localName(s.iri))}-${kind}.ttl`));
    const present = (await readdir(shapeFixtures)).filter((f) => f.endsWith('.ttl'));
    expect(expected.filter((f) => !present.includes(f))).toEqual([]);
    expect(present.filter((f) => !expected.includes(f))).toEqual([]);
  });

  for (const shape of reportingShapes) {
    const name = kebab(localName(shape.iri));
    describe(`cars:${localName(shape.iri)}`, () => {
      it(`${name}-valid.ttl reaches the shape and raises no violation from it`, async () => {
        const { store, fixtureTerms } = await readFixture(path.join(shapeFixtures, `${name}-valid.ttl`));
        const result = await validateShapes(store.asDatasetView(), shapesStore);
        const focus = (result.focusNodes.get(shape.iri) ?? []).map(formatTerm).filter((t) => fixtureTerms.has(t));
        expect(focus.length, 'the fixture gives the shape no focus node').toBeGreaterThan(0);
        const own = result.violations.filter((v) => v.shape === shape.iri);
        expect(own.map((v) => formatViolation(v))).toEqual([]);
      });

      it(`${name}-invalid.ttl breaks each of its constraints: ${shape.constraints.map(local).join(', ')}`, async () => {
        const { store, fixtureTerms } = await readFixture(path.join(shapeFixtures, `${name}-invalid.ttl`));
        const result = await validateShapes(store.asDatasetView(), shapesStore);
        const own = result.violations.filter((v) => v.shape === shape.iri && fixtureTerms.has(v.focusNode));
        const failed = new Set(own.map((v) => v.constraint));
        expect(shape.constraints.filter((c) => !failed.has(c)).map(local)).toEqual([]);
      });
    });
  }
});

async function runCheckOn(check: Check, file: string): Promise<{ violations: Violation[]; fixtureTerms: Set<string> }> {
  const { store, fixtureTerms } = await readFixture(file);
  return { violations: await runChecks(store, [check]), fixtureTerms };
}

describe('SPARQL checks (a -valid and an -invalid fixture for every check)', () => {
  it('loads the checks, each with a title', () => {
    expect(checks.length).toBeGreaterThanOrEqual(2);
    expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(['notations-unique', 'area-belongs-to-priority']));
    for (const check of checks) expect(check.title.length, check.file).toBeGreaterThan(10);
  });

  it('has both fixtures for every check, and no fixture without a check', async () => {
    const expected = checks.flatMap((c) => [`${c.name}-valid.ttl`, `${c.name}-invalid.ttl`]);
    const present = existsSync(checkFixtures) ? (await readdir(checkFixtures)).filter((f) => f.endsWith('.ttl')) : [];
    expect(expected.filter((f) => !present.includes(f))).toEqual([]);
    expect(present.filter((f) => !expected.includes(f))).toEqual([]);
  });

  for (const check of checks) {
    describe(check.file, () => {
      it(`${check.name}-valid.ttl returns no row`, async () => {
        const { violations } = await runCheckOn(check, path.join(checkFixtures, `${check.name}-valid.ttl`));
        expect(violations.map((v) => formatViolation(v))).toEqual([]);
      });

      it(`${check.name}-invalid.ttl returns rows for the focus nodes it lists (# violation: <iri>)`, async () => {
        const file = path.join(checkFixtures, `${check.name}-invalid.ttl`);
        const listed = [...(await readFile(file, 'utf8')).matchAll(/^# violation: <([^>]+)>/gm)].map((m) => m[1] ?? '');
        const { violations, fixtureTerms } = await runCheckOn(check, file);
        const focus = [...new Set(violations.map((v) => v.focusNode))].sort();
        expect(focus.filter((f) => fixtureTerms.has(f)).length).toBeGreaterThan(0);
        if (listed.length > 0) expect(focus).toEqual([...new Set(listed)].sort());
        for (const v of violations) {
          expect(v.shape).toBe(check.file);
          expect(v.message.length).toBeGreaterThan(0);
        }
      });
    });
  }
});

describe('the copy the checks run on', () => {
  it('holds the same graph as the n3 store in its default graph, the blank nodes\' labels kept aside', async () => {
    const { store } = await readFixture(path.join(shapeFixtures, 'instant-date-invalid.ttl'));
    const copy = new oxigraph.Store();
    copy.load(writeNQuadChunks(store, { labelBlankNodes: true }), { format: 'application/n-quads', no_transaction: true });
    const dumped = new Parser({ format: 'N-Triples' }).parse(copy.dump({ format: 'application/n-triples', from_graph_name: oxigraph.defaultGraph() }));
    expect(dumped.length).toBe(store.size);
    expect(isomorphic<Quad>(dumped, store.getQuads(null, null, null, null))).toBe(true);
    const labels = copy.match(null, null, null, oxigraph.namedNode(BLANK_LABEL)).map((q) => q.object.value);
    const blanks = new Set(store.getQuads(null, null, null, null).filter((q) => q.subject.termType === 'BlankNode').map((q) => q.subject.value));
    expect(blanks.size).toBeGreaterThan(0);
    expect(labels.sort()).toEqual([...blanks].sort());
  });

  it('names the store\'s own blank nodes in a check\'s rows', async () => {
    const { store } = await readFixture(path.join(shapeFixtures, 'instant-date-invalid.ttl'));
    const check = { name: 'blanks', file: 'blanks.rq', title: 'Blank.', description: 'Blank.', severity: 'Violation' as const, query: 'SELECT DISTINCT ?focus WHERE { ?focus ?p ?o FILTER(isBlank(?focus)) }' };
    const violations = await runChecks(store, [check]);
    const blanks = new Set(store.getQuads(null, null, null, null).filter((q) => q.subject.termType === 'BlankNode').map((q) => `_:${q.subject.value}`));
    expect(blanks.size).toBeGreaterThan(0);
    expect(violations.map((v) => v.focusNode).sort()).toEqual([...blanks].sort());
  });
});

describe('loadChecks and runChecks', () => {
  const scratch = useScratchDir('cbss-checks');

  it('names the check file when a query does not parse', async () => {
    const sub = await mkdtemp(path.join(scratch.path, 'broken-'));
    await writeFile(path.join(sub, 'broken-check.rq'), '# Broken on purpose.\nSELECT ?focus WHERE { ?focus skos:notation \n');
    const loaded = await loadChecks(sub, undefined, scratch.path);
    await expect(runChecks(new GraphStore(), loaded)).rejects.toThrow(CheckError);
    await expect(runChecks(new GraphStore(), loaded)).rejects.toThrow(/broken-check\.rq: SPARQL error: Parse error/);
  });

  it('refuses a check without a header comment, or without ?focus, naming the file', async () => {
    const noHeader = await mkdtemp(path.join(scratch.path, 'header-'));
    await writeFile(path.join(noHeader, 'no-header.rq'), 'SELECT ?focus WHERE { ?focus ?p ?o }\n');
    await expect(loadChecks(noHeader)).rejects.toThrow(/no-header\.rq: a check must start with a comment/);
    const noFocus = await mkdtemp(path.join(scratch.path, 'focus-'));
    await writeFile(path.join(noFocus, 'no-focus.rq'), '# Lists things.\nSELECT ?s WHERE { ?s ?p ?o }\n');
    await expect(loadChecks(noFocus)).rejects.toThrow(/no-focus\.rq: a check must be a SELECT query returning \?focus/);
  });

  it('takes the title from the header, the message from ?message or else the title, and the severity from the header', async () => {
    const sub = await mkdtemp(path.join(scratch.path, 'rows-'));
    await writeFile(
      path.join(sub, 'labels-present.rq'),
      '# Every state has a label. More prose here.\n# severity: Warning\nSELECT ?focus ?path WHERE { ?focus a caro:State . FILTER NOT EXISTS { ?focus rdfs:label ?l } BIND(rdfs:label AS ?path) }\n',
    );
    const [check] = await loadChecks(sub);
    expect(check?.title).toBe('Every state has a label.');
    const store = new GraphStore(parseTurtle('@prefix caro: <https://w3id.org/cbss-car/ontology#> . <https://w3id.org/cbss-car/state/x> a caro:State .', 'inline.ttl'));
    const violations = await runChecks(store, check ? [check] : []);
    expect(violations).toEqual([
      { focusNode: 'https://w3id.org/cbss-car/state/x', path: 'http://www.w3.org/2000/01/rdf-schema#label', message: 'Every state has a label.', shape: check?.file, severity: 'Warning' },
    ]);
  });

  it('maps the prefixes of a check onto another BASE_IRI', async () => {
    const sub = await mkdtemp(path.join(scratch.path, 'base-'));
    await writeFile(path.join(sub, 'states.rq'), '# Every state is reported.\nSELECT ?focus WHERE { ?focus a caro:State ; a <https://w3id.org/cbss-car/ontology#State> }\n');
    const [check] = await loadChecks(sub, 'https://example.org/car/');
    const store = new GraphStore(parseTurtle('@prefix caro: <https://w3id.org/cbss-car/ontology#> . <https://w3id.org/cbss-car/state/x> a caro:State .', 'inline.ttl', 'https://example.org/car/'));
    const violations = await runChecks(store, check ? [check] : []);
    expect(violations.map((v) => v.focusNode)).toEqual(['https://example.org/car/state/x']);
  });
});

describe('the report', () => {
  it('gives one line per violation naming focus node, path, message and shape, with prefixed names', async () => {
    const { store } = await readFixture(path.join(shapeFixtures, 'state-same-as-invalid.ttl'));
    const report = await validateGraph(store, shapesStore, []);
    expect(report.conforms).toBe(false);
    const lines = formatReport(report).trimEnd().split('\n');
    expect(lines.length).toBe(report.violations.length);
    expect(lines).toContain(
      'Violation: state:literal path owl:sameAs value "Q35": A state needs exactly one owl:sameAs to a Wikidata entity, like <http://www.wikidata.org/entity/Q35>. [cars:State-sameAs, sh:nodeKind]',
    );
  });

  it('places a blank focus node under the named node it hangs from', async () => {
    const { store } = await readFixture(path.join(shapeFixtures, 'instant-date-invalid.ttl'));
    const report = await validateGraph(store, shapesStore, []);
    const line = formatReport(report).split('\n').find((l) => l.includes('[cars:Instant-date,'));
    expect(line).toMatch(/^Violation: _:\S+ \(period:p time:hasEnd\) path time:inXSDDate value "2025-06-30": /);
  });

  it('gives a check row on a blank node the same node and anchor as SHACL does', async () => {
    const check = checks.find((c) => c.name === 'quote-length-matches-offsets');
    expect(check).toBeDefined();
    const store = new GraphStore(
      parseTurtle(
        '@prefix caro: <https://w3id.org/cbss-car/ontology#> . @prefix oa: <http://www.w3.org/ns/oa#> .\n' +
          '<https://w3id.org/cbss-car/priority/p1> caro:quotedFrom [ a oa:SpecificResource ; caro:paragraph 0 ;\n' +
          '  oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "abc" ] , [ a oa:TextPositionSelector ; oa:start 0 ; oa:end 4 ] ] .',
        'inline.ttl',
      ),
    );
    const report = await validateGraph(store, shapesStore, check ? [check] : []);
    const fromCheck = report.violations.find((v) => v.shape === check?.file);
    const fromShape = report.violations.find((v) => v.shape === `${CARS}QuotedPassage-paragraph`);
    expect(fromCheck?.focusNode).toMatch(/^_:/);
    expect(fromCheck?.focusNode).toBe(fromShape?.focusNode);
    expect(fromCheck?.anchor).toEqual({ node: 'https://w3id.org/cbss-car/priority/p1', path: ['https://w3id.org/cbss-car/ontology#quotedFrom'] });
    expect(formatViolation(fromCheck as Violation)).toMatch(
      /^Violation: _:\S+ \(priority:p1 caro:quotedFrom\) path oa:hasSelector value "abc": The quote is 3 characters long but its offsets 0–4 span 4 \[ontology\/checks\/quote-length-matches-offsets\.rq\]$/,
    );
  });

  it('renders an alternative path in SPARQL syntax', async () => {
    const { store } = await readFixture(path.join(shapeFixtures, 'concept-scheme-name-invalid.ttl'));
    const report = await validateGraph(store, shapesStore, []);
    const line = formatReport(report).split('\n').find((l) => l.includes('[cars:ConceptScheme-name,'));
    expect(line).toContain('path (skos:prefLabel|rdfs:label|dct:title)');
  });

  it("gives a sh:uniqueLang violation the shape's own sh:message, like every other constraint", async () => {
    const { store } = await readFixture(path.join(shapeFixtures, 'tagged-text-title-invalid.ttl'));
    const report = await validateGraph(store, shapesStore, []);
    const line = formatReport(report).split('\n').find((l) => l.includes('[cars:TaggedText-title, sh:uniqueLang]'));
    expect(line).toBe('Violation: document:two path dct:title: A dct:title must be tagged @en, and a resource has at most one. [cars:TaggedText-title, sh:uniqueLang]');
  });

  it('reads rdfs:subClassOf in the data graph for sh:targetClass and sh:class, as SHACL does', async () => {
    const store = new GraphStore([
      ...ontologyQuads,
      ...parseTurtle(
        '@prefix caro: <https://w3id.org/cbss-car/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n' +
          '<https://example.org/Island> rdfs:subClassOf caro:State .\n<https://w3id.org/cbss-car/state/island> a <https://example.org/Island> ; rdfs:label "Island"@en .',
        'inline.ttl',
      ),
    ]);
    const report = await validateGraph(store, shapesStore, []);
    expect(report.focusNodesByShape[`${CARS}State`]).toBe(1);
    expect(report.violations.filter((v) => v.shape === `${CARS}State-sameAs`).map((v) => v.focusNode)).toEqual(['https://w3id.org/cbss-car/state/island']);
  });

  it('is empty and conforms when nothing is wrong, and still counts what it checked', async () => {
    const { store } = await readFixture(path.join(shapeFixtures, 'state-same-as-valid.ttl'));
    const report = await validateGraph(store, shapesStore, []);
    expect(report.violations.filter((v) => v.shape.includes('State'))).toEqual([]);
    expect(report.focusNodesByShape[`${CARS}State`]).toBe(1);
    expect(report.focusNodesByShape[`${CARS}State-sameAs`]).toBe(1);
  });
});

describe('the real graph (ontology/ and data/)', () => {
  let report: ValidationReport;
  let files: readonly string[];
  beforeAll(async () => {
    const loaded = await loadGraph([config.ontologyDir, config.dataDir]);
    files = loaded.files;
    report = await validateGraph(loaded.store, shapesStore, checks);
  });

  it('conforms to every shape and check', () => {
    expect(files.length).toBeGreaterThan(2);
    expect(formatReport(report)).toBe('');
    expect(report.conforms).toBe(true);
  });

  it('checks something for every shape and runs every check (non-vacuity)', () => {
    expect(report.unusedShapes).toEqual([]);
    const targeted = reportingShapes.map((s) => s.iri);
    expect(targeted.filter((iri) => !((report.focusNodesByShape[iri] ?? 0) > 0))).toEqual([]);
    expect(report.focusNodesChecked).toBeGreaterThan(300);
    expect(report.checksRun).toBe(checks.length);
    expect(report.shapesChecked).toBeGreaterThanOrEqual(reportingShapes.length);
  });

  it('uses, somewhere in the data, every property that a shape constrains (a misspelt sh:path matches nothing)', async () => {
    const { store } = await loadGraph([config.dataDir]);
    store.addQuads(ontologyQuads);
    const used = new Set(store.getPredicates(null, null, null).map((p) => p.value));
    const paths = new Set<string>();
    for (const q of shapesStore.match(null, DataFactory.namedNode(`${SH}path`), null)) if (q.object.termType === 'NamedNode') paths.add(q.object.value);
    for (const q of shapesStore.match(null, DataFactory.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#first'), null)) if (q.object.termType === 'NamedNode' && !q.object.value.startsWith(CARS) && !q.object.value.startsWith('http://www.w3.org/2002/07/owl#')) paths.add(q.object.value);
    const unused = [...paths].filter((p) => !used.has(p));
    expect(unused).toEqual([]);
  });

  it('still conforms when rebased onto another BASE_IRI (shapes, data and checks move together)', async () => {
    const base = 'https://example.org/car/';
    const loaded = await loadGraph([config.ontologyDir, config.dataDir], base);
    const rebasedShapes = await loadShapes(shapesDir, base);
    const rebasedChecks = await loadChecks(checksDir, base);
    const rebased = await validateGraph(loaded.store, rebasedShapes, rebasedChecks);
    expect(formatReport(rebased, createPrefixes(base))).toBe('');
    expect(rebased.focusNodesChecked).toBe(report.focusNodesChecked);
  });
});

describe('npm run validate (src/cli/validate.ts)', () => {
  const tsx = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');
  const cli = path.join(ROOT_DIR, 'src', 'cli', 'validate.ts');
  let dir: string;

  async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const env = { ...process.env };
      delete env.BASE_IRI;
      const { stdout, stderr } = await run(tsx, [cli, ...args], { cwd: ROOT_DIR, env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cbss-validate-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function folderWith(name: string, turtle: string): Promise<string> {
    const folder = await mkdtemp(path.join(dir, `${name}-`));
    await writeFile(path.join(folder, `${name}.ttl`), turtle);
    return folder;
  }

  const header = '@prefix caro: <https://w3id.org/cbss-car/ontology#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n';

  it('exits 1 and prints the violation when a file breaks a shape', async () => {
    const folder = await folderWith('violating', `${header}<https://w3id.org/cbss-car/state/nowhere> a caro:State ; rdfs:label "Nowhere"@en ; owl:sameAs <https://example.org/nowhere> .\n`);
    const { code, stdout } = await runCli(['--allow-unused-shapes', ontologyDir, folder]);
    expect(code).toBe(1);
    expect(stdout).toContain('Violation: state:nowhere path owl:sameAs value <https://example.org/nowhere>: A state needs exactly one owl:sameAs to a Wikidata entity');
    expect(stdout).toContain('[cars:State-sameAs, sh:pattern]');
    expect(stdout).toMatch(/Loaded 3 files, \d+ triples/);
    expect(stdout).toContain('1 violations.');
  });

  /** Run the command in this process (same code as the binary, without the start-up cost). */
  async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runValidateCommand(args, (l) => out.push(l), (l) => err.push(l));
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('returns 0 when the files conform, and 1 when a shape matched nothing unless that is allowed', async () => {
    const folder = await folderWith('conforming', `${header}<https://w3id.org/cbss-car/state/denmark> a caro:State ; rdfs:label "Denmark"@en ; owl:sameAs <http://www.wikidata.org/entity/Q35> .\n`);
    const allowed = await runInProcess(['--allow-unused-shapes', ontologyDir, folder]);
    expect(allowed.stdout).toContain('Conforms: 0 violations.');
    expect(allowed.stdout).toContain('Shapes that matched no focus node (allowed): cars:Alignment');
    expect(allowed.code).toBe(0);
    const strict = await runInProcess([ontologyDir, folder]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('Shapes that matched no focus node');
    expect(strict.stderr).toContain('cars:StrategicPriority');
    expect(strict.stderr).not.toContain('cars:State,');
  });

  it('returns 1 when no shape reached any node, and 2 when the checks folder is missing', async () => {
    const folder = await folderWith('nothing', '<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n');
    const nothing = await runInProcess(['--allow-unused-shapes', folder]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('No shape matched any focus node: nothing was validated.');
    const noChecks = await runInProcess(['--checks', path.join(dir, 'no-checks'), folder]);
    expect(noChecks.code).toBe(2);
    expect(noChecks.stderr).toMatch(/ENOENT.*no-checks/);
  });

  it('exits 2 with file:line:column and no stack trace on a Turtle syntax error', async () => {
    const folder = await folderWith('broken', `${header}<https://w3id.org/cbss-car/state/x> a caro:State ;\n  rdfs:label "X"@en\n  owl:sameAs .\n`);
    const { code, stderr, stdout } = await runCli([folder]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/broken\.ttl:6:\d+: Turtle syntax error: /);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('returns 2 naming the check file when a check does not parse', async () => {
    const folder = await mkdtemp(path.join(dir, 'checks-'));
    await writeFile(path.join(folder, 'bad-check.rq'), '# Broken on purpose.\nSELECT ?focus WHERE { ?focus \n');
    const data = await folderWith('ok', `${header}<https://w3id.org/cbss-car/state/denmark> a caro:State ; rdfs:label "Denmark"@en ; owl:sameAs <http://www.wikidata.org/entity/Q35> .\n`);
    const { code, stderr } = await runInProcess(['--checks', folder, '--allow-unused-shapes', ontologyDir, data]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad-check\.rq: SPARQL error: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('returns 2 when a folder does not exist', async () => {
    const { code, stderr } = await runInProcess([path.join(dir, 'missing')]);
    expect(code).toBe(2);
    expect(stderr).toContain('ENOENT');
  });

  it('validates the real graph by default and exits 0', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Checked [1-9]\d* focus nodes against [1-9]\d* shapes, ran [1-9]\d* SPARQL checks, and checked the quotes of 1 source text\./);
    expect(stdout).toContain('Conforms: 0 violations.');
    expect(code).toBe(0);
  });
});
