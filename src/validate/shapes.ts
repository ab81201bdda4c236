// The SHACL half of validation: the shapes graph (ontology/shapes), compiled once by rdf-validate-shacl (SHACL Core),
// which reads the data through the store's DatasetCore view; and what each shape declares, for the quality page.
import type { DatasetCore, Term } from '@rdfjs/types';
import rdf from '@zazuko/env';
import SHACLValidator from 'rdf-validate-shacl';
import { loadGraph } from '../load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../prefixes.ts';
import { formatTerm, withAnchor, type Severity, type Violation } from './report.ts';

const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_TYPE = `${RDF}type`;

/** What the shapes graph declares about one shape. */
export interface ShapeInfo {
  readonly iri: string;
  readonly kind: 'node' | 'property';
  readonly hasTargets: boolean;
  /** Node shapes that attach this property shape through sh:property. */
  readonly parents: readonly string[];
  /** IRIs of its constraint components, sh:property excepted. */
  readonly constraints: readonly string[];
}

export interface ShapesResult {
  readonly violations: Violation[];
  readonly focusNodes: ReadonlyMap<string, readonly Term[]>;
  readonly shapes: readonly ShapeInfo[];
}

/** Load the shapes graph: every Turtle file under the shapes folder, rebased like the data. */
export async function loadShapes(shapesDir: string, baseIri: string = DEFAULT_BASE_IRI): Promise<DatasetCore> {
  const { store, files } = await loadGraph([shapesDir], baseIri);
  if (files.length === 0) throw new Error(`${shapesDir}: no shapes (.ttl) found`);
  return store.asDatasetView();
}

function listItems(shapes: DatasetCore, head: Term): Term[] {
  const items: Term[] = [];
  let node: Term | undefined = head;
  while (node && node.value !== `${RDF}nil` && items.length < 100) {
    const first = [...shapes.match(node, rdf.namedNode(`${RDF}first`), null)][0]?.object;
    if (!first) break;
    items.push(first);
    node = [...shapes.match(node, rdf.namedNode(`${RDF}rest`), null)][0]?.object;
  }
  return items;
}

/** Render a SHACL property path in SPARQL syntax (`<a>|<b>`, `^<p>`, `<a>/<b>`); a plain IRI stays bare. */
export function renderPath(term: Term, shapes: DatasetCore, nested = false): string {
  if (term.termType === 'NamedNode') return nested ? `<${term.value}>` : term.value;
  const one = (p: string): Term | undefined => [...shapes.match(term, rdf.namedNode(SH + p), null)][0]?.object;
  const alternative = one('alternativePath');
  if (alternative) return `(${listItems(shapes, alternative).map((t) => renderPath(t, shapes, true)).join('|')})`;
  const inverse = one('inversePath');
  if (inverse) return `^${renderPath(inverse, shapes, true)}`;
  for (const [p, suffix] of [['zeroOrMorePath', '*'], ['oneOrMorePath', '+'], ['zeroOrOnePath', '?']] as const) {
    const inner = one(p);
    if (inner) return `(${renderPath(inner, shapes, true)})${suffix}`;
  }
  const sequence = listItems(shapes, term);
  return sequence.length > 0 ? `(${sequence.map((t) => renderPath(t, shapes, true)).join('/')})` : formatTerm(term);
}

function severityOf(term: Term | undefined): Severity {
  const local = term?.value.startsWith(SH) ? term.value.slice(SH.length) : 'Violation';
  return local === 'Warning' || local === 'Info' ? local : 'Violation';
}

function shapeNodesOf(shapes: DatasetCore): Term[] {
  const found = new Map<string, Term>();
  const add = (term: Term): void => {
    if (term.termType !== 'Literal') found.set(formatTerm(term), term);
  };
  for (const q of shapes.match(null, rdf.namedNode(RDF_TYPE), null)) {
    if (q.object.value === `${SH}NodeShape` || q.object.value === `${SH}PropertyShape`) add(q.subject);
  }
  for (const p of ['path', 'targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf']) {
    for (const q of shapes.match(null, rdf.namedNode(SH + p), null)) add(q.subject);
  }
  for (const p of ['property', 'node', 'qualifiedValueShape']) {
    for (const q of shapes.match(null, rdf.namedNode(SH + p), null)) add(q.object);
  }
  return [...found.values()].sort((a, b) => (formatTerm(a) < formatTerm(b) ? -1 : 1));
}

function describeWith(validator: SHACLValidator, shapes: DatasetCore): ShapeInfo[] {
  const targets = ['targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf'].map((p) => rdf.namedNode(SH + p));
  return shapeNodesOf(shapes).map((node) => {
    const shape = validator.shapesGraph.getShape(node);
    const constraints = [...new Set(shape.constraints.map((c) => c.component.node.value))]
      .filter((iri) => iri !== `${SH}PropertyConstraintComponent`)
      .sort();
    return {
      iri: formatTerm(node),
      kind: shape.isPropertyShape ? 'property' : 'node',
      hasTargets: targets.some((t) => shapes.match(node, t, null).size > 0),
      parents: [...shapes.match(null, rdf.namedNode(`${SH}property`), node)].map((q) => formatTerm(q.subject)).sort(),
      constraints,
    };
  });
}

/** List the shapes of a shapes graph with their kind, targets, parents and constraint components. */
export function describeShapes(shapes: DatasetCore): ShapeInfo[] {
  return describeWith(new SHACLValidator(shapes, { factory: rdf }), shapes);
}

/** A shapes graph compiled once, to validate many data graphs (the fixtures) without recompiling it. */
export interface PreparedShapes {
  readonly dataset: DatasetCore;
  readonly validator: SHACLValidator;
  readonly shapes: readonly ShapeInfo[];
}

/** Compile a shapes graph for validateShapes / validateGraph. */
export function prepareShapes(shapes: DatasetCore): PreparedShapes {
  const validator = new SHACLValidator(shapes, { factory: rdf });
  return { dataset: shapes, validator, shapes: describeWith(validator, shapes) };
}

function isPrepared(shapes: DatasetCore | PreparedShapes): shapes is PreparedShapes {
  return 'validator' in shapes && 'dataset' in shapes;
}

/** Validate a data graph against SHACL Core shapes; also return the focus nodes of every shape. */
export async function validateShapes(data: DatasetCore, shapesGraph: DatasetCore | PreparedShapes): Promise<ShapesResult> {
  const { validator, dataset: shapes, shapes: infos } = isPrepared(shapesGraph) ? shapesGraph : prepareShapes(shapesGraph);
  const report = await validator.validate(data);
  const violations = report.results.map((result) => {
    const focus = result.focusNode;
    const message = result.message.map((m) => m.value).join(' ') || `${result.sourceConstraintComponent.value.replace(SH, 'sh:')} failed`;
    const violation: Violation = {
      focusNode: formatTerm(focus),
      ...(result.path ? { path: renderPath(result.path, shapes) } : {}),
      message,
      shape: formatTerm(result.sourceShape),
      constraint: result.sourceConstraintComponent.value,
      severity: severityOf(result.severity),
      ...(result.value ? { value: formatTerm(result.value) } : {}),
    };
    return withAnchor(data, focus, violation);
  });

  const focusNodes = new Map<string, Term[]>();
  for (const shape of validator.shapesGraph.shapesWithTarget) {
    focusNodes.set(formatTerm(shape.shapeNode), shape.getTargetNodes(validator.$data));
  }
  for (const info of infos) {
    if (info.kind !== 'property' || focusNodes.has(info.iri)) continue;
    const nodes = new Map<string, Term>();
    for (const parent of info.parents) for (const t of focusNodes.get(parent) ?? []) nodes.set(formatTerm(t), t);
    if (info.parents.some((p) => focusNodes.has(p))) focusNodes.set(info.iri, [...nodes.values()]);
  }
  return { violations, focusNodes, shapes: infos };
}
