// The SPARQL half of validation: the checks of ontology/checks/*.rq, each a SELECT query that returns one row per
// violation. They run on Oxigraph, a compiled SPARQL 1.1 engine, over a copy of the graph: they scan the whole graph
// (every term of our namespace, every crosswalk link), which took Comunica 19 s at 10,000 resources, Oxigraph under 2 s.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetCore, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { GraphStore } from '../load/graph-store.ts';
import type { PreparedQuery } from '../query/oxigraph-engine.ts';
import { QueryEvaluationError, type QueryResult } from '../query/query.ts';
import { startQueryRunner, type QueryRunner } from '../query/time-limit.ts';
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

// The query names BLANK_LABEL (src/query/oxigraph-store.ts) in full; were the two to differ, no check row would name
// the store's blank nodes, which test/validate/validate.test.ts checks.
const BLANK_NODE_LABELS: PreparedQuery = { form: 'select', text: readFileSync(new URL('blank-node-labels.rq', import.meta.url), 'utf8') };

/** The store's blank node for each of the copy's (the copy keeps the store's labels in a graph of their own). */
async function mapBlankNodes(runner: QueryRunner): Promise<(term: Term) => Term> {
  const result = await runner.run(BLANK_NODE_LABELS, 'blank-node-labels.rq', 0);
  const labels = new Map(result.type === 'bindings' ? result.rows.map((row) => [row.node!.value, row.label!.value]) : []);
  return (term) => (term.termType === 'BlankNode' ? DataFactory.blankNode(labels.get(term.value) ?? term.value) : term);
}

function rowToViolation(check: Check, row: Readonly<Record<string, Term | undefined>>, local: (term: Term) => Term, data: DatasetCore): Violation {
  const focus = row.focus && local(row.focus);
  if (!focus) throw new CheckError(check.file, 'a result row has no ?focus');
  const pathTerm = row.path;
  const value = row.value && local(row.value);
  const violation: Violation = {
    focusNode: formatTerm(focus),
    ...(pathTerm ? { path: pathTerm.value } : {}),
    message: row.message?.value ?? check.title,
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

/**
 * Run each SPARQL check over the graph, on a thread of its own (src/query/time-limit.ts, without a time limit: the
 * whole graph must be checked), or on the build's, given; every result row is a violation. A check that fails names its file.
 */
export async function runChecks(store: GraphStore, checks: readonly Check[], given?: QueryRunner): Promise<Violation[]> {
  const runner = given ?? startQueryRunner(store, { timeoutMs: 0, labelBlankNodes: true });
  try {
    const violations: Violation[] = [];
    const data = store.asDatasetView();
    let local: ((term: Term) => Term) | undefined;
    for (const check of checks) {
      let result: QueryResult;
      try {
        result = await runner.run({ form: 'select', text: check.query }, check.file, 0);
      } catch (error) {
        throw new CheckError(check.file, `SPARQL error: ${describeQueryError(error instanceof QueryEvaluationError ? error.reason : error)}`);
      }
      if (result.type !== 'bindings') throw new CheckError(check.file, 'a check must be a SELECT query');
      if (result.rows.length > 0) local ??= await mapBlankNodes(runner);
      for (const row of result.rows) violations.push(rowToViolation(check, row, local!, data));
    }
    return violations;
  } finally {
    if (!given) await runner.close();
  }
}
