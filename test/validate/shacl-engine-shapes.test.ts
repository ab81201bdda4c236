import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetCore, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { createConfig, ROOT_DIR } from '../../src/config.ts';
import { GraphStore } from '../../src/load/graph-store.ts';
import { loadGraph, parseTurtle } from '../../src/load/load-graph.ts';
import { validateShapesFast } from '../../src/validate/shacl-engine-shapes.ts';
import { formatTerm, loadShapes, prepareShapes, validateShapes, type Violation } from '../../src/validate/validate.ts';

const { namedNode, literal, quad } = DataFactory;
const SH = 'http://www.w3.org/ns/shacl#';
const UNIQUE_LANG = `${SH}UniqueLangConstraintComponent`;
const config = createConfig({}, {});
const shapesStore = await loadShapes(path.join(config.ontologyDir, 'shapes'));
const prepared = prepareShapes(shapesStore);
const ontologyQuads = parseTurtle(await readFile(path.join(config.ontologyDir, 'cbss-car.ttl'), 'utf8'), 'ontology/cbss-car.ttl');
const fixtureDir = path.join(ROOT_DIR, 'test', 'fixtures', 'shapes');
const fixtures = (await readdir(fixtureDir)).filter((f) => f.endsWith('.ttl')).sort();

/** The shape's own sh:message, which shacl-engine reports for sh:uniqueLang where rdf-validate-shacl does not. */
function shapeMessage(shape: string): string {
  return [...shapesStore.match(namedNode(shape), namedNode(`${SH}message`), null)].map((q) => q.object.value).join(' ');
}

/** A violation as a string, its keys in one order, without the message where the two engines' messages differ. */
function keyOf(v: Violation): string {
  const keys = ['anchor', 'constraint', 'focusNode', 'message', 'node', 'path', 'severity', 'shape', 'value'];
  return JSON.stringify({ ...v, message: v.constraint === UNIQUE_LANG ? '' : v.message }, keys);
}

function sortFocusNodes(focusNodes: ReadonlyMap<string, readonly Term[]>): [string, string[]][] {
  return [...focusNodes].map(([shape, nodes]): [string, string[]] => [shape, nodes.map(formatTerm).sort()]).sort(([a], [b]) => (a < b ? -1 : 1));
}

async function expectSameResults(data: DatasetCore): Promise<Violation[]> {
  const slow = await validateShapes(data, prepared);
  const fast = await validateShapesFast(data, shapesStore);
  expect(fast.violations.map(keyOf).sort()).toEqual(slow.violations.map(keyOf).sort());
  for (const v of fast.violations.filter((x) => x.constraint === UNIQUE_LANG)) expect(v.message).toBe(shapeMessage(v.shape));
  expect(sortFocusNodes(fast.focusNodes)).toEqual(sortFocusNodes(slow.focusNodes));
  expect(fast.shapes).toEqual(slow.shapes);
  return fast.violations;
}

describe('validateShapesFast (shacl-engine) gives the results of validateShapes (rdf-validate-shacl)', () => {
  it('on the real graph', async () => {
    const { store } = await loadGraph([config.ontologyDir, config.dataDir]);
    expect(await expectSameResults(store.asDatasetView())).toEqual([]);
  });

  it('on the real graph with quads dropped and values broken', async () => {
    const { store } = await loadGraph([config.ontologyDir, config.dataDir]);
    // Every 53rd quad dropped, every 71st literal made a plain string, every 89th IRI object made a literal.
    const broken = new GraphStore(
      [...store].flatMap((q, i) => {
        if (i % 53 === 0) return [];
        if (i % 71 === 0 && q.object.termType === 'Literal') return [quad(q.subject, q.predicate, literal('x'))];
        if (i % 89 === 0 && q.object.termType === 'NamedNode') return [quad(q.subject, q.predicate, literal('y', 'de'))];
        return [q];
      }),
    );
    expect((await expectSameResults(broken.asDatasetView())).length).toBeGreaterThan(10);
  });

  for (const name of fixtures) {
    it(name, async () => {
      const file = path.join(fixtureDir, name);
      const store = new GraphStore([...ontologyQuads, ...parseTurtle(await readFile(file, 'utf8'), file)]);
      const violations = await expectSameResults(store.asDatasetView());
      if (name.endsWith('-invalid.ttl')) expect(violations.length).toBeGreaterThan(0);
    });
  }
});
