// SPARQL queries without the engine: the shape of results and the errors of the query stage, query files and
// their header (parameters and defaults), and the output formats: the W3C result formats (SPARQL JSON, XML, CSV,
// TSV) written by Oxigraph, the RDF ones (Turtle, N-Triples, JSON-LD) by src/describe/write-rdf.ts with the
// project's prefixes, and a plain-text table for the terminal. Running queries is src/query/oxigraph-engine.ts's.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import * as oxigraph from 'oxigraph';
import { DEFAULT_BASE_IRI, compactIri, createPrefixes, type PrefixMap } from '../prefixes.ts';
import { QUERY_REFUSALS, unescapeLocalName } from './sparql-parse.ts';
import { compareQuads } from '../describe/describe.ts';
import { canonicalizeGraph, writeJsonLd, writeNTriples, writeTurtle } from '../describe/write-rdf.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

// ---------------------------------------------------------------- results and errors

export type { QueryForm } from './sparql-parse.ts';
import type { QueryForm } from './sparql-parse.ts';

/** One solution of a SELECT query: variable name (without "?") to term; unbound variables are absent. */
export type Row = Readonly<Record<string, RDF.Term>>;

export type QueryResult =
  | { readonly type: 'bindings'; readonly variables: readonly string[]; readonly rows: readonly Row[] }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'quads'; readonly quads: readonly RDF.Quad[] };

/** A query that does not parse: names the file (or "<query>"), the line and column (from 1) and the parser's reason. */
export class SparqlSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: SPARQL syntax error: ${reason}`);
    this.name = 'SparqlSyntaxError';
  }
}

/** A query that cannot run here (an update, a SERVICE clause): the reason is worded once, in src/query/sparql-parse.ts. */
export class QueryRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'QueryRefusedError';
  }
}

/** A SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) sent to a read-only graph. */
export class SparqlUpdateError extends QueryRefusedError {
  constructor(file: string) {
    super(file, QUERY_REFUSALS.update);
    this.name = 'SparqlUpdateError';
  }
}

/** A query that ran longer than its time limit; its evaluation has been stopped. */
export class QueryTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The query ran longer than its time limit of ${timeoutMs} ms and was stopped`);
    this.name = 'QueryTimeoutError';
  }
}

/** A query that parsed but failed while it was evaluated. */
export class QueryEvaluationError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: query evaluation failed: ${reason}`);
    this.name = 'QueryEvaluationError';
  }
}

/** A query file whose header comment is malformed: names the file and line. */
export class QueryHeaderError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: query header error: ${reason}`);
    this.name = 'QueryHeaderError';
  }
}

/** A parameter binding that the query does not declare, or that cannot be read. */
export class QueryParameterError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'QueryParameterError';
  }
}

// ---------------------------------------------------------------- query files and their header

export interface QueryParameter {
  /** The variable name, without "?". */
  readonly name: string;
  /** The value bound when the caller gives none. */
  readonly defaultValue: RDF.Term;
  readonly description: string;
}

export interface QueryFile {
  readonly file: string;
  /** The file name without ".rq": the question's identifier. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Whose need the question answers: researchers, CBSS units, site visitors, … */
  readonly audience: string;
  readonly parameters: readonly QueryParameter[];
  readonly text: string;
}

const HEADER_FIELDS = new Set(['title', 'description', 'audience', 'param']);

function unescapeString(body: string): string {
  return body.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_, e: string) => {
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    const simple: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };
    const out = simple[e];
    if (out === undefined) throw new Error(`unknown escape "\\${e}"`);
    return out;
  });
}

function expandName(name: string, prefixes: PrefixMap): string {
  const colon = name.indexOf(':');
  const ns = colon >= 0 ? prefixes[name.slice(0, colon)] : undefined;
  if (ns === undefined) throw new Error(`unknown prefix in "${name}"`);
  return ns + unescapeLocalName(name.slice(colon + 1));
}

/**
 * Parse one RDF term written as in Turtle or N-Triples: `<iri>`, `prefix:name`, `"text"`, `"text"@en`, `"2021-01-01"^^xsd:date`,
 * a number or a boolean. Returns the term and the rest of the input.
 */
export function parseTermPrefix(input: string, prefixes: PrefixMap): { term: RDF.Term; rest: string } {
  const text = input.trimStart();
  const iri = /^<([^<>"{}|^`\\\s]*)>/.exec(text);
  if (iri) return { term: DataFactory.namedNode(iri[1]!), rest: text.slice(iri[0].length) };
  const literal = /^"((?:[^"\\\n]|\\.)*)"(?:@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|\^\^(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s]*))?/.exec(text);
  if (literal) {
    const value = unescapeString(literal[1]!);
    const rest = text.slice(literal[0].length);
    if (literal[2]) return { term: DataFactory.literal(value, literal[2].toLowerCase()), rest };
    const dt = literal[3];
    if (dt) return { term: DataFactory.literal(value, DataFactory.namedNode(dt.startsWith('<') ? dt.slice(1, -1) : expandName(dt, prefixes))), rest };
    return { term: DataFactory.literal(value), rest };
  }
  const number = /^[+-]?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)(?=\s|$)/.exec(text);
  if (number) {
    const lexical = number[0];
    const type = /[eE]/.test(lexical) ? 'double' : lexical.includes('.') ? 'decimal' : 'integer';
    return { term: DataFactory.literal(lexical, DataFactory.namedNode(XSD + type)), rest: text.slice(lexical.length) };
  }
  const bool = /^(true|false)(?=\s|$)/.exec(text);
  if (bool) return { term: DataFactory.literal(bool[1]!, DataFactory.namedNode(XSD + 'boolean')), rest: text.slice(bool[0].length) };
  const name = /^[A-Za-z][\w.-]*:[^\s]*|^:[^\s]+/.exec(text);
  if (name) return { term: DataFactory.namedNode(expandName(name[0], prefixes)), rest: text.slice(name[0].length) };
  throw new Error(`cannot read an RDF term from "${text.slice(0, 40)}"`);
}

/** Parse a whole string as one RDF term (see parseTermPrefix); throws on trailing text. */
export function parseTerm(input: string, prefixes: PrefixMap = createPrefixes()): RDF.Term {
  const { term, rest } = parseTermPrefix(input, prefixes);
  if (rest.trim() !== '') throw new Error(`unexpected text after the term: "${rest.trim()}"`);
  return term;
}

interface HeaderField {
  key: string;
  value: string;
  readonly line: number;
}

// The header is the comment block at the top of the query: "# key: value" lines, and lines of "#" and two or
// more spaces that continue the field above. It ends at the first line that is not a comment.
function readHeaderFields(text: string, file: string, strict: boolean): HeaderField[] {
  const fields: HeaderField[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line.startsWith('#')) break;
    const body = line.slice(1);
    const field = /^ ?([a-z]+):\s*(.*)$/.exec(body);
    if (field) {
      if (strict && !HEADER_FIELDS.has(field[1]!)) throw new QueryHeaderError(file, i + 1, `unknown field "${field[1]}:" (expected title, description, audience or param)`);
      fields.push({ key: field[1]!, value: field[2]!.trim(), line: i + 1 });
    } else if (/^ {2,}\S/.test(body) && fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last.value = `${last.value} ${body.trim()}`.trim();
    } else if (strict && body.trim() !== '' && fields.length === 0) {
      throw new QueryHeaderError(file, i + 1, 'the header must start with "# title:"');
    }
  }
  return fields;
}

function readParameters(fields: readonly HeaderField[], file: string, prefixes: PrefixMap): QueryParameter[] {
  const parameters: QueryParameter[] = [];
  for (const f of fields.filter((field) => field.key === 'param')) {
    const variable = /^[?$](\w+)\s+/.exec(f.value);
    if (!variable) throw new QueryHeaderError(file, f.line, 'a parameter line reads "# param: ?name <default value> description"');
    if (parameters.some((p) => p.name === variable[1])) throw new QueryHeaderError(file, f.line, `parameter ?${variable[1]} declared twice`);
    try {
      const { term, rest } = parseTermPrefix(f.value.slice(variable[0].length), prefixes);
      parameters.push({ name: variable[1]!, defaultValue: term, description: rest.trim() });
    } catch (error) {
      throw new QueryHeaderError(file, f.line, `parameter ?${variable[1]}: ${(error as Error).message}`);
    }
  }
  return parameters;
}

/**
 * Read the header comment of a query: `# title:`, `# description:`, `# audience:` (each required) and any number of
 * `# param: ?name <default term> description` lines. A line starting with "#" and two or more spaces continues the
 * field above it. The header ends at the first line that is not a comment.
 */
export function parseQueryHeader(text: string, file: string, prefixes: PrefixMap = createPrefixes()): Omit<QueryFile, 'text' | 'file' | 'name'> {
  const fields = readHeaderFields(text, file, true);
  const single = (key: string): string => {
    const found = fields.filter((f) => f.key === key);
    if (found.length === 0) throw new QueryHeaderError(file, 1, `missing "# ${key}:" line`);
    if (found.length > 1) throw new QueryHeaderError(file, found[1]!.line, `"# ${key}:" given twice`);
    if (found[0]!.value === '') throw new QueryHeaderError(file, found[0]!.line, `"# ${key}:" is empty`);
    return found[0]!.value;
  };
  const parameters = readParameters(fields, file, prefixes);
  return { title: single('title'), description: single('description'), audience: single('audience'), parameters };
}

/**
 * The defaults of the `# param:` lines in a query's header comment, if it has any; other comment lines are ignored,
 * so any query text may be passed. Throws QueryHeaderError on a malformed param line.
 */
export function readParameterDefaults(text: string, file = '<query>', prefixes: PrefixMap = createPrefixes()): Record<string, RDF.Term> {
  return Object.fromEntries(readParameters(readHeaderFields(text, file, false), file, prefixes).map((p) => [p.name, p.defaultValue]));
}

/** Read a .rq file and its header. Parameter defaults are read with the default-base prefixes, as the data is written. */
export async function loadQueryFile(file: string): Promise<QueryFile> {
  const text = await readFile(file, 'utf8');
  return { file, name: path.basename(file, '.rq'), ...parseQueryHeader(text, file), text };
}

/** The bindings to run a query file with: each parameter's default, overridden by the given values; rejects unknown names. */
export function bindQueryParameters(query: Pick<QueryFile, 'file' | 'parameters'>, given: Readonly<Record<string, RDF.Term>> = {}): Record<string, RDF.Term> {
  const bindings: Record<string, RDF.Term> = {};
  for (const p of query.parameters) bindings[p.name] = p.defaultValue;
  for (const [raw, term] of Object.entries(given)) {
    const name = raw.replace(/^[?$]/, '');
    if (!query.parameters.some((p) => p.name === name)) {
      const declared = query.parameters.map((p) => `?${p.name}`).join(', ') || 'none';
      throw new QueryParameterError(query.file, `unknown parameter ?${name} (declared: ${declared})`);
    }
    bindings[name] = term;
  }
  return bindings;
}

// ---------------------------------------------------------------- output formats

export type ResultFormat = 'table' | 'json' | 'xml' | 'csv' | 'tsv' | 'turtle' | 'ntriples' | 'jsonld';

export const RESULT_FORMATS: readonly ResultFormat[] = ['table', 'json', 'xml', 'csv', 'tsv', 'turtle', 'ntriples', 'jsonld'];

/** Media type of each format. */
export const MEDIA_TYPES: Readonly<Record<ResultFormat, string>> = {
  table: 'text/plain',
  json: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  turtle: 'text/turtle',
  ntriples: 'application/n-triples',
  jsonld: 'application/ld+json',
};

/** Which formats a result of each kind can be written in. */
export const FORMATS_FOR: Readonly<Record<QueryResult['type'], readonly ResultFormat[]>> = {
  bindings: ['table', 'json', 'xml', 'csv', 'tsv'],
  boolean: ['table', 'json', 'xml', 'csv', 'tsv'],
  quads: ['table', 'turtle', 'ntriples', 'jsonld'],
};

/** The result kind a query form produces. */
export function resultTypeOf(form: QueryForm): QueryResult['type'] {
  return form === 'select' ? 'bindings' : form === 'ask' ? 'boolean' : 'quads';
}

function ntriplesString(value: string): string {
  return value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
}

/** Write a term in N-Triples syntax (also the TSV result syntax). */
export function termToNTriples(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<${term.value}>`;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal': {
      const body = `"${ntriplesString(term.value)}"`;
      if (term.language) return `${body}@${term.language}`;
      if (term.datatype.value === XSD + 'string') return body;
      return `${body}^^<${term.datatype.value}>`;
    }
    default:
      return `?${term.value}`;
  }
}

function displayIri(iri: string, prefixes: PrefixMap): string {
  const compact = compactIri(iri, prefixes);
  if (compact) return compact;
  let best: [string, string] | undefined;
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  const local = best ? iri.slice(best[1].length) : '';
  return best && /^[^\s<>"{}|^`\\]+$/.test(local) ? `${best[0]}:${local}` : `<${iri}>`;
}

/** Write a term for a human reader: IRIs shortened with the prefixes, literals as their text. */
export function displayTerm(term: RDF.Term, prefixes: PrefixMap): string {
  if (term.termType === 'NamedNode') return displayIri(term.value, prefixes);
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  return term.value.replace(/\s*\n\s*/g, ' ');
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return max > 0 && chars.length > max ? chars.slice(0, Math.max(1, max - 1)).join('') + '…' : text;
}

/** A plain-text table with a header row, for reading in a terminal; `maxCellWidth` (0: none) cuts long cells. */
export function formatTable(result: QueryResult, options: { prefixes?: PrefixMap; maxCellWidth?: number } = {}): string {
  const prefixes = options.prefixes ?? createPrefixes();
  const max = options.maxCellWidth ?? 80;
  if (result.type === 'boolean') return `${result.value}\n`;
  const header = result.type === 'bindings' ? result.variables.map((v) => `?${v}`) : ['subject', 'predicate', 'object'];
  const cells =
    result.type === 'bindings'
      ? result.rows.map((row) => result.variables.map((v) => (row[v] ? truncate(displayTerm(row[v]!, prefixes), max) : '')))
      : [...result.quads].sort(compareQuads).map((q) => [q.subject, q.predicate, q.object].map((t) => truncate(displayTerm(t, prefixes), max)));
  const widths = header.map((h, i) => Math.max([...h].length, ...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (values: string[]): string => `| ${values.map((v, i) => v + ' '.repeat(widths[i]! - [...v].length)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const count = cells.length === 1 ? '1 row' : `${cells.length} rows`;
  return [line(header), rule, ...cells.map(line), '', count].join('\n') + '\n';
}

// The SPARQL result formats are Oxigraph's writers. Oxigraph writes only what one of its queries returns, so the
// rows go into a scratch store, one resource per row with its index and its values, and a query reads them back in
// their order.
function writeSparqlResults(result: Exclude<QueryResult, { type: 'quads' }>, format: ResultFormat): string {
  const options = { results_format: MEDIA_TYPES[format] };
  if (result.type === 'boolean') return new oxigraph.Store().query(result.value ? 'ASK {}' : 'ASK { FILTER(false) }', options) as string;
  if (result.variables.length === 0) return new oxigraph.Store().query(`SELECT * WHERE { VALUES () { ${'() '.repeat(result.rows.length)}} }`, options) as string;
  const store = new oxigraph.Store();
  const index = oxigraph.namedNode('urn:row:index');
  const columns = new Map(result.variables.map((v) => [v, oxigraph.namedNode(`urn:row:${v}`)]));
  result.rows.forEach((row, i) => {
    const subject = oxigraph.namedNode(`urn:row:${i}`);
    store.add(oxigraph.quad(subject, index, oxigraph.literal(String(i), oxigraph.namedNode(XSD + 'integer'))));
    for (const [v, predicate] of columns) if (row[v]) store.add(oxigraph.quad(subject, predicate, oxigraph.fromTerm(row[v]) as oxigraph.Quad_Object));
  });
  // Two variables of our own, named apart from the result's.
  const [row, at] = ['row', 'index'].map((name) => (result.variables.includes(name) ? `${name}_${result.variables.join('_')}` : name));
  const optionals = [...columns].map(([v, predicate]) => `OPTIONAL { ?${row} ${predicate} ?${v} }`).join(' ');
  const text = `SELECT ${result.variables.map((v) => `?${v}`).join(' ')} WHERE { ?${row} ${index} ?${at} ${optionals} } ORDER BY ?${at}`;
  return store.query(text, options) as string;
}

/** Turtle with the project's prefixes (only those used), written by the shared writer so output is reproducible. */
export async function formatTurtle(quads: readonly RDF.Quad[], prefixes: PrefixMap = createPrefixes()): Promise<string> {
  return writeTurtle(await canonicalizeGraph(quads), prefixes);
}

/** N-Triples, one sorted line per triple. */
export async function formatNTriples(quads: readonly RDF.Quad[]): Promise<string> {
  return writeNTriples(await canonicalizeGraph(quads));
}

/** JSON-LD with the project's prefixes (only those used) as its @context. */
export async function formatJsonLd(quads: readonly RDF.Quad[], prefixes: PrefixMap = createPrefixes()): Promise<string> {
  return writeJsonLd(await canonicalizeGraph(quads), prefixes);
}

function quadsOf(result: QueryResult): readonly RDF.Quad[] {
  if (result.type !== 'quads') throw new Error('RDF output needs a CONSTRUCT or DESCRIBE query');
  return result.quads;
}

/** Write a result in the given format; throws when the format does not fit the result (e.g. CSV for CONSTRUCT). */
export async function formatResult(result: QueryResult, format: ResultFormat, options: { prefixes?: PrefixMap; maxCellWidth?: number } = {}): Promise<string> {
  if (!FORMATS_FOR[result.type].includes(format)) {
    throw new Error(`format "${format}" does not fit a ${result.type === 'quads' ? 'CONSTRUCT or DESCRIBE' : 'SELECT or ASK'} result; use one of: ${FORMATS_FOR[result.type].join(', ')}`);
  }
  const prefixes = options.prefixes ?? createPrefixes();
  switch (format) {
    case 'table':
      return formatTable(result, options);
    case 'json':
    case 'xml':
    case 'csv':
    case 'tsv':
      if (result.type === 'quads') throw new Error('SPARQL results need a SELECT or ASK query');
      return writeSparqlResults(result, format);
    case 'turtle':
      return formatTurtle(quadsOf(result), prefixes);
    case 'ntriples':
      return formatNTriples(quadsOf(result));
    case 'jsonld':
      return formatJsonLd(quadsOf(result), prefixes);
  }
}

/** Read SPARQL 1.1 JSON results back into a typed result. */
export function parseSparqlJson(json: string): QueryResult {
  const data = JSON.parse(json) as { head?: { vars?: string[] }; boolean?: boolean; results?: { bindings?: Array<Record<string, Record<string, string>>> } };
  if (typeof data.boolean === 'boolean') return { type: 'boolean', value: data.boolean };
  const term = (t: Record<string, string>): RDF.Term => {
    if (t.type === 'uri') return DataFactory.namedNode(t.value!);
    if (t.type === 'bnode') return DataFactory.blankNode(t.value!);
    if (t.type === 'literal' || t.type === 'typed-literal') {
      return DataFactory.literal(t.value!, t['xml:lang'] ?? (t.datatype ? DataFactory.namedNode(t.datatype) : undefined));
    }
    throw new Error(`unknown term type "${t.type}" in SPARQL JSON results`);
  };
  const rows = (data.results?.bindings ?? []).map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, term(v)])));
  return { type: 'bindings', variables: data.head?.vars ?? [], rows };
}

