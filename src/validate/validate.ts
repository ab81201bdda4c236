// Stage 2, validate: check the loaded graph against the SHACL shapes (SHACL Core, through
// rdf-validate-shacl) and the SPARQL checks of ontology/checks/*.rq (one row per violation). The checks run on
// Oxigraph, a compiled SPARQL 1.1 engine: they scan the whole graph (every term of our namespace, every crosswalk
// link), which took Comunica 19 s at 10,000 resources and takes Oxigraph under 2 s. The competency questions
// (queries/) still run on Comunica everywhere: at build time, in the CLI, the endpoint and the browser.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import rdf from '@zazuko/env';
import SHACLValidator from 'rdf-validate-shacl';
import { DataFactory, Writer } from 'n3';
import type { GraphStore } from '../load/graph-store.ts';
import * as oxigraph from 'oxigraph';
import { loadGraph } from '../load/load-graph.ts';
import { DEFAULT_BASE_IRI, compactIri, createPrefixes, toSparqlPrefixes, type PrefixMap } from '../prefixes.ts';

const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_TYPE = `${RDF}type`;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

export type Severity = 'Violation' | 'Warning' | 'Info';

/** One problem found by a shape or a check. Terms are strings: an IRI, `_:label`, or a quoted literal. */
export interface Violation {
  readonly focusNode: string;
  /** For a blank focus node: the nearest named node and the path from it, e.g. a priority and `caro:quotedFrom`. */
  readonly anchor?: { readonly node: string; readonly path: readonly string[] };
  readonly path?: string;
  readonly message: string;
  /** The IRI of the source shape, or the check file (relative to the repository, e.g. `ontology/checks/x.rq`). */
  readonly shape: string;
  /** The SHACL constraint component that failed (absent for checks). */
  readonly constraint?: string;
  readonly severity: Severity;
  readonly value?: string;
}

export interface ValidationReport {
  /** True when there is no result at all (as in SHACL, a Warning also breaks conformance). */
  readonly conforms: boolean;
  readonly violations: readonly Violation[];
  /** Shapes (node and property) that carry at least one constraint. */
  readonly shapesChecked: number;
  readonly checksRun: number;
  /** Distinct focus nodes over all targeted shapes. */
  readonly focusNodesChecked: number;
  /** Focus nodes per shape IRI, for every shape that reports; a property shape counts its parents' focus nodes. */
  readonly focusNodesByShape: Readonly<Record<string, number>>;
  /** Shapes that declare targets (or hang off one that does) but matched no focus node: a sign of a typo. */
  readonly unusedShapes: readonly string[];
}

/** A SPARQL check: a SELECT query that returns one row per violation. */
export interface Check {
  readonly name: string;
  readonly file: string;
  /** The first sentence of the header comment: what the check tests. */
  readonly title: string;
  /** The whole header comment. */
  readonly description: string;
  readonly severity: Severity;
  readonly query: string;
}

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

/** A check that cannot be read, parsed or run; names the check file. */
export class CheckError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'CheckError';
  }
}

interface ShapesResult {
  readonly violations: Violation[];
  readonly focusNodes: ReadonlyMap<string, readonly Term[]>;
  readonly shapes: readonly ShapeInfo[];
}

/** Render a term as a string: an IRI as is, a blank node as `_:label`, a literal N-Triples style. */
export function formatTerm(term: Term): string {
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  if (term.termType === 'Literal') {
    const quoted = JSON.stringify(term.value);
    if (term.language) return `${quoted}@${term.language}`;
    return term.datatype.value === XSD_STRING ? quoted : `${quoted}^^<${term.datatype.value}>`;
  }
  return term.value;
}

/** Load the shapes graph: every Turtle file under the shapes folder, rebased like the data. */
export async function loadShapes(shapesDir: string, baseIri: string = DEFAULT_BASE_IRI): Promise<DatasetCore> {
  const { store, files } = await loadGraph([shapesDir], baseIri);
  if (files.length === 0) throw new Error(`${shapesDir}: no shapes (.ttl) found`);
  return store.asDatasetView();
}

function parseCheck(file: string, text: string, baseIri: string, label: string): Check {
  const header: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    header.push(line.replace(/^#\s?/, '').trim());
  }
  const severityLine = header.find((line) => /^severity:/i.test(line));
  const severity = (severityLine?.replace(/^severity:\s*/i, '') ?? 'Violation') as Severity;
  const prose = header.filter((line) => line !== '' && !/^severity:/i.test(line) && !/^Prefixes are not declared/i.test(line)).join(' ');
  const title = /^.*?[.](?=\s|$)/.exec(prose)?.[0] ?? prose;
  if (!title) throw new CheckError(label, 'a check must start with a comment saying what it tests');
  if (!['Violation', 'Warning', 'Info'].includes(severity)) throw new CheckError(label, `unknown severity "${severity}"`);
  if (!/\bSELECT\b/i.test(text) || !/\?focus\b/.test(text)) throw new CheckError(label, 'a check must be a SELECT query returning ?focus');
  // Checks are written with the default base, like the data: their prefixes come from src/prefixes.ts for the
  // configured base, and any full IRI under the default base is mapped onto it.
  const body = baseIri === DEFAULT_BASE_IRI ? text : text.split(`<${DEFAULT_BASE_IRI}`).join(`<${baseIri}`);
  const query = toSparqlPrefixes(createPrefixes(baseIri)) + body;
  return { name: path.basename(file, '.rq'), file: label, title, description: prose, severity, query };
}

/** Read every ontology/checks/*.rq (sorted); the header comment says what the check tests. */
export async function loadChecks(checksDir: string, baseIri: string = DEFAULT_BASE_IRI, rootDir: string = path.dirname(path.dirname(checksDir))): Promise<Check[]> {
  const names = (await readdir(checksDir)).filter((name) => name.endsWith('.rq')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(checksDir, name);
      return parseCheck(file, await readFile(file, 'utf8'), baseIri, path.relative(rootDir, file));
    }),
  );
}

function findAnchor(store: DatasetCore, node: Term): Violation['anchor'] {
  const seen = new Set<string>([node.value]);
  let frontier: { term: Term; path: string[] }[] = [{ term: node, path: [] }];
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: { term: Term; path: string[] }[] = [];
    const ordered = frontier.flatMap(({ term, path: p }) =>
      [...store.match(null, null, term)].map((q: Quad) => ({ term: q.subject, path: [q.predicate.value, ...p] })),
    );
    ordered.sort((a, b) => (a.term.value + a.path.join(' ') < b.term.value + b.path.join(' ') ? -1 : 1));
    for (const step of ordered) {
      if (step.term.termType === 'NamedNode') return { node: step.term.value, path: step.path };
      if (!seen.has(step.term.value)) {
        seen.add(step.term.value);
        next.push(step);
      }
    }
    frontier = next;
  }
  return undefined;
}

function withAnchor(store: DatasetCore, focus: Term, violation: Violation): Violation {
  if (focus.termType !== 'BlankNode') return violation;
  const anchor = findAnchor(store, focus);
  return anchor ? { ...violation, anchor } : violation;
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

// The store's own blank node labels travel to Oxigraph (which relabels blank nodes as it loads) in a named graph
// that no check sees: checks read the default graph only.
const BLANK_LABEL = 'urn:x-cbss-car:blank-node-label';

/** The graph the SPARQL checks run on: an Oxigraph store loaded in bulk from the n3 store. */
export interface CheckStore {
  readonly oxigraph: oxigraph.Store;
  /** The n3 store's blank node for one of Oxigraph's, so that check rows name the same nodes as SHACL results. */
  readonly blankNodeOf: (term: Term) => Term;
}

/** Copy the graph into Oxigraph for the checks: one N-Quads load, blank node labels kept aside. */
export function createCheckStore(store: GraphStore): CheckStore {
  const writer = new Writer({ format: 'N-Quads' });
  const blanks = new Set<string>();
  const lines: string[] = [];
  for (const q of store) {
    lines.push(writer.quadToString(q.subject, q.predicate, q.object));
    if (q.subject.termType === 'BlankNode') blanks.add(q.subject.value);
    if (q.object.termType === 'BlankNode') blanks.add(q.object.value);
  }
  const labelPredicate = DataFactory.namedNode(BLANK_LABEL);
  const labelGraph = DataFactory.namedNode(BLANK_LABEL);
  for (const label of blanks) {
    lines.push(writer.quadToString(DataFactory.blankNode(label), labelPredicate, DataFactory.literal(label), labelGraph));
  }
  const ox = new oxigraph.Store();
  ox.load(lines.join(''), { format: 'application/n-quads', lenient: true, no_transaction: true });
  const oxLabel = oxigraph.namedNode(BLANK_LABEL);
  return {
    oxigraph: ox,
    blankNodeOf: (term) => {
      const label = ox.match(term as oxigraph.BlankNode, oxLabel, null, oxLabel)[0]?.object.value;
      return label === undefined ? term : DataFactory.blankNode(label);
    },
  };
}

function rowToViolation(check: Check, row: ReadonlyMap<string, Term>, checkStore: CheckStore, data: DatasetCore): Violation {
  const local = (name: string): Term | undefined => {
    const term = row.get(name);
    return term?.termType === 'BlankNode' ? checkStore.blankNodeOf(term) : term;
  };
  const focus = local('focus');
  if (!focus) throw new CheckError(check.file, 'a result row has no ?focus');
  const pathTerm = row.get('path');
  const value = local('value');
  const violation: Violation = {
    focusNode: formatTerm(focus),
    ...(pathTerm ? { path: pathTerm.value } : {}),
    message: row.get('message')?.value ?? check.title,
    shape: check.file,
    severity: check.severity,
    ...(value ? { value: formatTerm(value) } : {}),
  };
  return withAnchor(data, focus, violation);
}

function describeQueryError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n').map((line) => line.trim()).find(Boolean) ?? 'unknown error';
  const kind = error instanceof SyntaxError || /^error at \d+:\d+/i.test(first) ? 'Parse error: ' : '';
  return `${kind}${first}`.slice(0, 300);
}

/** Run each SPARQL check over the store; every result row is a violation. A check that fails names its file. */
export async function runChecks(store: GraphStore, checks: readonly Check[], checkStore: CheckStore = createCheckStore(store)): Promise<Violation[]> {
  const violations: Violation[] = [];
  const data = store.asDatasetView();
  for (const check of checks) {
    let rows: unknown;
    try {
      rows = checkStore.oxigraph.query(check.query);
    } catch (error) {
      throw new CheckError(check.file, `SPARQL error: ${describeQueryError(error)}`);
    }
    if (!Array.isArray(rows)) throw new CheckError(check.file, 'a check must be a SELECT query');
    for (const row of rows as ReadonlyMap<string, Term>[]) violations.push(rowToViolation(check, row, checkStore, data));
  }
  return violations;
}

function compareViolations(a: Violation, b: Violation): number {
  const key = (v: Violation): string => [v.focusNode, v.shape, v.path ?? '', v.constraint ?? '', v.value ?? '', v.message].join('\u0000');
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Validate the graph against the shapes and the checks, and count what was checked. */
export async function validateGraph(data: GraphStore, shapes: DatasetCore | PreparedShapes, checks: readonly Check[]): Promise<ValidationReport> {
  const shaclResult = await validateShapes(data.asDatasetView(), shapes);
  const checkViolations = await runChecks(data, checks);
  const distinct = new Set<string>();
  const focusNodesByShape: Record<string, number> = {};
  for (const [shape, nodes] of [...shaclResult.focusNodes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    focusNodesByShape[shape] = nodes.length;
    for (const n of nodes) distinct.add(formatTerm(n));
  }
  const violations = [...shaclResult.violations, ...checkViolations].sort(compareViolations);
  return {
    conforms: violations.length === 0,
    violations,
    shapesChecked: shaclResult.shapes.filter((s) => s.constraints.length > 0).length,
    checksRun: checks.length,
    focusNodesChecked: distinct.size,
    focusNodesByShape,
    unusedShapes: Object.entries(focusNodesByShape).filter(([, n]) => n === 0).map(([shape]) => shape),
  };
}

/** Shorten an IRI for humans: a prefixed name when possible, else <iri>; other terms unchanged. */
export function displayTerm(term: string, prefixes: PrefixMap): string {
  if (term.startsWith('"')) return term.replace(/\^\^<([^<>]*)>$/, (whole, iri: string) => `^^${compactIri(iri, prefixes) ?? `<${iri}>`}`);
  if (term.startsWith('_:')) return term;
  if (/^[(^<]/.test(term)) return term.replace(/<([^<>]*)>/g, (whole, iri: string) => compactIri(iri, prefixes) ?? whole);
  if (/\.rq$/.test(term) && !/^[a-z][a-z0-9+.-]*:/i.test(term)) return term;
  return compactIri(term, prefixes) ?? `<${term}>`;
}

/** Format one violation as a single human-readable line: severity, focus node, path, value, message, shape. */
export function formatViolation(violation: Violation, prefixes: PrefixMap = createPrefixes()): string {
  const show = (t: string): string => displayTerm(t, prefixes);
  let focus = show(violation.focusNode);
  if (violation.anchor) focus += ` (${show(violation.anchor.node)} ${violation.anchor.path.map(show).join('/')})`;
  const parts = [`${violation.severity}: ${focus}`];
  if (violation.path) parts.push(`path ${show(violation.path)}`);
  if (violation.value) parts.push(`value ${show(violation.value)}`);
  // The constraint component, named by its parameter (sh:MinCountConstraintComponent → sh:minCount).
  const component = violation.constraint?.startsWith(SH)
    ? `, sh:${violation.constraint.slice(SH.length).replace(/ConstraintComponent$/, '').replace(/^[A-Z]/, (c) => c.toLowerCase())}`
    : '';
  return `${parts.join(' ')}: ${violation.message} [${show(violation.shape)}${component}]`;
}

/** Format the report as text: one line per violation, sorted; an empty string when it conforms. */
export function formatReport(report: ValidationReport, prefixes: PrefixMap = createPrefixes()): string {
  return report.violations.map((v) => formatViolation(v, prefixes) + '\n').join('');
}
