// SPARQL queries without the engine: the shape of results and the errors of the query stage, and query files with
// their header (parameters and defaults). Running queries is src/query/oxigraph-engine.ts's; their output formats
// are src/query/result-formats.ts's.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { createPrefixes, type PrefixMap } from '../prefixes.ts';
import { QUERY_REFUSALS, unescapeLocalName } from './sparql-parse.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

// ---------------------------------------------------------------- results and errors

export type { QueryForm } from './sparql-parse.ts';

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
