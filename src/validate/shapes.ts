// The SHACL half of validation: the shapes graph (ontology/shapes), checked by shacl-engine (SHACL Core), which reads
// the data through the store's DatasetCore view; and what each shape declares and reaches, for the report's counts
// and the quality page. Two things shacl-engine does otherwise than SHACL are handled here: it reads rdfs:subClassOf
// (for sh:targetClass and sh:class) in the shapes graph, where SHACL reads the data graph, so the data's subClassOf
// triples are added to the shapes it is given; and it reports no focus nodes, which findFocusNodes finds from the
// shapes' targets.
import type { DatasetCore, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Validator, type PathStep } from 'shacl-engine';
import { GraphStore } from '../load/graph-store.ts';
import { loadGraph } from '../load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../prefixes.ts';
import { formatTerm, withAnchor, type Severity, type Violation } from './report.ts';

const { namedNode } = DataFactory;
const SH = 'http://www.w3.org/ns/shacl#';
const sh = (local: string): Term => namedNode(SH + local);
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const SUBCLASS_OF = namedNode('http://www.w3.org/2000/01/rdf-schema#subClassOf');
const TARGETS = ['targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf'];

// The parameters of SHACL Core's constraint components (https://www.w3.org/TR/shacl/#core-components), each naming
// its component (sh:minCount → sh:MinCountConstraintComponent); sh:property is left out, as it constrains nothing itself.
const COMPONENT_PARAMETERS = [
  'class', 'datatype', 'nodeKind', 'minCount', 'maxCount', 'minExclusive', 'minInclusive', 'maxExclusive', 'maxInclusive',
  'minLength', 'maxLength', 'pattern', 'languageIn', 'uniqueLang', 'equals', 'disjoint', 'lessThan', 'lessThanOrEquals',
  'not', 'and', 'or', 'xone', 'node', 'qualifiedMinCount', 'qualifiedMaxCount', 'closed', 'hasValue', 'in',
];

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

function listShapeNodes(shapes: DatasetCore): Term[] {
  const found = new Map<string, Term>();
  const add = (term: Term): void => {
    if (term.termType !== 'Literal') found.set(formatTerm(term), term);
  };
  for (const q of shapes.match(null, RDF_TYPE, null)) {
    if (q.object.value === `${SH}NodeShape` || q.object.value === `${SH}PropertyShape`) add(q.subject);
  }
  for (const p of ['path', ...TARGETS]) for (const q of shapes.match(null, sh(p), null)) add(q.subject);
  for (const p of ['property', 'node', 'qualifiedValueShape']) for (const q of shapes.match(null, sh(p), null)) add(q.object);
  return [...found.values()].sort((a, b) => (formatTerm(a) < formatTerm(b) ? -1 : 1));
}

/** List the shapes of a shapes graph with their kind, targets, parents and constraint components. */
export function describeShapes(shapes: DatasetCore): ShapeInfo[] {
  const has = (node: Term, p: string): boolean => shapes.match(node, sh(p), null).size > 0;
  return listShapeNodes(shapes).map((node) => ({
    iri: formatTerm(node),
    kind: has(node, 'path') ? 'property' : 'node',
    hasTargets: TARGETS.some((t) => has(node, t)),
    parents: [...shapes.match(null, sh('property'), node)].map((q) => formatTerm(q.subject)).sort(),
    constraints: COMPONENT_PARAMETERS.filter((p) => has(node, p)).map((p) => `${SH}${p[0]!.toUpperCase()}${p.slice(1)}ConstraintComponent`).sort(),
  }));
}

/** Render a parsed sh:path in SPARQL syntax: `<a>|<b>`, `^<p>`, `(<p>)*`, `<a>/<b>`; a single IRI stays bare. */
function renderPath(steps: readonly PathStep[]): string {
  const [first] = steps;
  if (steps.length === 1 && first && first.quantifier === 'one' && first.start === 'subject' && first.predicates.length === 1) return first.predicates[0]!.value;
  const parts = steps.map(({ quantifier, start, predicates }) => {
    const iris = predicates.map((p) => `<${p.value}>`);
    if (iris.length > 1) return `(${iris.join('|')})`;
    if (start === 'object') return `^${iris[0]}`;
    const suffix = { one: '', zeroOrMore: '*', oneOrMore: '+', zeroOrOne: '?' }[quantifier];
    return suffix ? `(${iris[0]})${suffix}` : `${iris[0]}`;
  });
  return parts.length === 1 ? parts[0]! : `(${parts.join('/')})`;
}

function severityOf(term: Term): Severity {
  const local = term.value.startsWith(SH) ? term.value.slice(SH.length) : 'Violation';
  return local === 'Warning' || local === 'Info' ? local : 'Violation';
}

/** A class and its subclasses in the data graph, transitively. */
function listSubclasses(data: DatasetCore, cls: Term): Term[] {
  const found = new Map<string, Term>([[formatTerm(cls), cls]]);
  for (const term of found.values()) {
    for (const q of data.match(null, SUBCLASS_OF, term)) found.set(formatTerm(q.subject), q.subject);
  }
  return [...found.values()];
}

/** The focus nodes of every targeted shape that constrains something, and of the property shapes under them. */
function findFocusNodes(data: DatasetCore, shapes: DatasetCore, infos: readonly ShapeInfo[]): Map<string, Term[]> {
  const focusNodes = new Map<string, Term[]>();
  const add = (shape: Term, terms: Iterable<Term>): void => {
    const key = formatTerm(shape);
    const nodes = new Map((focusNodes.get(key) ?? []).map((t) => [formatTerm(t), t]));
    for (const t of terms) nodes.set(formatTerm(t), t);
    focusNodes.set(key, [...nodes.values()]);
  };
  const constrained = new Set(infos.flatMap((i) => (i.constraints.length > 0 ? [i.iri, ...i.parents] : i.parents)));
  const subjects = (p: Term, o: Term | null): Term[] => [...data.match(null, p, o)].map((q) => q.subject);
  for (const t of TARGETS) {
    for (const { subject: shape, object } of shapes.match(null, sh(t), null)) {
      if (!constrained.has(formatTerm(shape))) continue;
      if (t === 'targetClass') add(shape, listSubclasses(data, object).flatMap((cls) => subjects(RDF_TYPE, cls)));
      if (t === 'targetNode') add(shape, [object]);
      if (t === 'targetSubjectsOf') add(shape, subjects(object, null));
      if (t === 'targetObjectsOf') add(shape, [...data.match(null, object, null)].map((q) => q.object));
    }
  }
  for (const info of infos) {
    if (info.kind !== 'property' || focusNodes.has(info.iri) || !info.parents.some((p) => focusNodes.has(p))) continue;
    const nodes = new Map<string, Term>();
    for (const parent of info.parents) for (const t of focusNodes.get(parent) ?? []) nodes.set(formatTerm(t), t);
    focusNodes.set(info.iri, [...nodes.values()]);
  }
  return focusNodes;
}

/** Validate a data graph against SHACL Core shapes; also return the focus nodes of every shape. */
export async function validateShapes(data: DatasetCore, shapes: DatasetCore): Promise<ShapesResult> {
  const shapesWithClasses = new GraphStore([...shapes, ...data.match(null, SUBCLASS_OF, null)]).asDatasetView();
  const report = await new Validator(shapesWithClasses, { factory: DataFactory }).validate({ dataset: data });
  const violations = report.results.map((result) => {
    const constraint = result.constraintComponent.value;
    const violation: Violation = {
      focusNode: formatTerm(result.focusNode.term),
      ...(result.path ? { path: renderPath(result.path) } : {}),
      message: result.message.map((m) => m.value).join(' ') || `${constraint.replace(SH, 'sh:')} failed`,
      shape: formatTerm(result.shape.ptr.term),
      constraint,
      severity: severityOf(result.severity),
      ...(result.value ? { value: formatTerm(result.value.term) } : {}),
    };
    return withAnchor(data, result.focusNode.term, violation);
  });
  const infos = describeShapes(shapes);
  return { violations, focusNodes: findFocusNodes(data, shapes, infos), shapes: infos };
}
