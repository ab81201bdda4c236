// The SPARQL half of validation: the checks of ontology/checks/*.rq, each a SELECT query that returns one row per
// violation. They run on Oxigraph, a compiled SPARQL 1.1 engine, over a copy of the graph: they scan the whole graph
// (every term of our namespace, every crosswalk link), which took Comunica 19 s at 10,000 resources, Oxigraph under 2 s.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetCore, Term } from '@rdfjs/types';
import { DataFactory, Writer } from 'n3';
import * as oxigraph from 'oxigraph';
import type { GraphStore } from '../load/graph-store.ts';
import { DEFAULT_BASE_IRI, createPrefixes, toSparqlPrefixes } from '../prefixes.ts';
import { formatTerm, withAnchor, type Severity, type Violation } from './report.ts';

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

/** A check that cannot be read, parsed or run; names the check file. */
export class CheckError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'CheckError';
  }
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

// The store's own blank node labels travel to Oxigraph (which relabels blank nodes as it loads) in a named graph
// that no check sees: checks read the default graph only. An N-Quads load, because it grows linearly with the graph:
// oxigraph.Store's constructor, which keeps labels, took 9 s for 147,000 quads and 76 s for 587,000 (four times as
// many), against 3 s and 9 s for the load.
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
