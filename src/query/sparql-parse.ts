// One meaning for a query text on every entry point: the command line, the endpoint and the build's gallery
// (src/query/comunica-engine.ts) and the query page's worker (src/browser/query-worker.ts) all parse SPARQL here, into the
// algebra Comunica runs, with the same predeclared prefixes, base IRI, refusals and error positions. Nothing here
// loads Node modules, so the browser bundle shares it.
//
// Upstream quirk worked around here (unescapeLocalNames): @traqula/parser-sparql-1-2 1.3.1, the parser of
// @comunica/query-sparql(-rdfjs) 5.4.1, keeps the backslash of a PN_LOCAL_ESC escape in a prefixed name's local
// part, and @traqula/algebra-sparql-1-2 1.3.1 joins it to the namespace as it is: `car:area\/alternative-care`
// becomes <https://w3id.org/cbss-car/area\/alternative-care>, an IRI that no data holds, so the query silently
// answers nothing. SPARQL 1.1 (§19.8, PN_LOCAL_ESC) and Turtle say the escape stands for the character alone
// (`\/` for `/`, `\.` for `.`, `\~`, `\-`, `\#`, `\%`, …). Remove unescapeLocalNames when traqula unescapes
// itself: test/query/sparql-parse.test.ts's "traqula still keeps the backslash" test fails on that day.
import { DEFAULT_BASE_IRI } from '../prefixes.ts';

/** The words every entry point uses to refuse a query that cannot run here. */
export const QUERY_REFUSALS = {
  update: 'SPARQL Update is not allowed: the graph is read-only; send a SELECT, ASK, CONSTRUCT or DESCRIBE query',
  service: 'SERVICE is not allowed: this graph answers from its own data only and never queries other endpoints; remove the SERVICE clause',
} as const;

export type QueryForm = 'select' | 'ask' | 'construct' | 'describe';

/** What parsing a query text gives: the algebra to run, or why not (a syntax error at the user's line and column, or a refusal). */
export type ParseOutcome<Operation> =
  | { readonly ok: true; readonly form: QueryForm; readonly operation: Operation; readonly ast: unknown }
  | { readonly ok: false; readonly kind: 'syntax'; readonly line: number; readonly column: number; readonly reason: string }
  | { readonly ok: false; readonly kind: 'refused'; readonly reason: string };

/** The SPARQL parser and algebra translator, as the caller loaded them (Node and the browser load their own builds). */
export interface SparqlTools<Operation, Factory> {
  readonly parser: { parse(text: string, context: { prefixes: Record<string, string>; baseIRI: string }): unknown };
  readonly toAlgebra: (ast: never, options: { quads: boolean; prefixes: Record<string, string>; blankToVariable: boolean; baseIRI: string; dataFactory: Factory }) => Operation;
  readonly dataFactory: Factory & { namedNode(iri: string): unknown };
}

const PN_LOCAL_ESC = /\\([_~.\-!$&'()*+,;=/?#@%])/g;

/** Undo the PN_LOCAL_ESC escapes of a prefixed name's local part: `area\/x` is `area/x`. */
export function unescapeLocalName(local: string): string {
  return local.includes('\\') ? local.replace(PN_LOCAL_ESC, '$1') : local;
}

interface AstNode {
  type?: unknown;
  subType?: unknown;
  prefix?: unknown;
  value?: unknown;
}

// Walk a freshly parsed query (a tree of plain objects): unescape the local part of every prefixed name, and note
// whether a SERVICE clause is present.
function visitAst(ast: unknown): { service: boolean } {
  const found = { service: false };
  const stack: unknown[] = [ast];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    const record = node as AstNode & Record<string, unknown>;
    if (record.type === 'term' && record.subType === 'namedNode' && typeof record.prefix === 'string' && typeof record.value === 'string') {
      record.value = unescapeLocalName(record.value);
    }
    if (record.type === 'pattern' && record.subType === 'service') found.service = true;
    for (const key in record) if (key !== 'loc') stack.push(record[key]);
  }
  return found;
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

// The parser lists every token it would have accepted (up to a hundred); keep the first few and what it found.
function shortenReason(reason: string): string {
  const found = /but found:? (?:--> )?'(.*?)'(?: <--)?\s*$/s.exec(reason);
  const expected = [...reason.matchAll(/\[([^\]\n]+)\]/g)].map((m) => m[1]!);
  if (found && expected.length > 1) {
    const shown = expected.slice(0, 6).join(', ');
    const more = expected.length > 6 ? ` or ${expected.length - 6} more` : '';
    return `${found[1] === '' ? 'unexpected end of query' : `unexpected '${found[1]}'`}; expected ${shown}${more}`;
  }
  const single = /Expecting --> (.*?) <-- but found --> '(.*?)' <--/s.exec(reason);
  if (single) return `${single[2] === '' ? 'unexpected end of query' : `unexpected '${single[2]}'`}; expected ${single[1]}`;
  return reason.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
}

/** Find line and column of a parser error from its message (the SPARQL parser names no position for some errors). */
export function locateSparqlError(message: string, text: string): { line: number; column: number; reason: string } {
  const caret = /^Parse error on line (\d+)\n[^\n]*\n(-*)\^\n([\s\S]*)$/.exec(message);
  if (caret) return { line: Number(caret[1]), column: (caret[2] ?? '').length + 1, reason: shortenReason(caret[3] ?? '') };
  const reason = shortenReason(message.replace(/^Parse error\n?/, ''));
  const offset = /at offset: (\d+)/.exec(message);
  if (offset) return { ...lineColumnAt(text, Number(offset[1])), reason };
  if (/but found:? (?:--> )?''/.test(message)) return { ...lineColumnAt(text, text.trimEnd().length), reason };
  const prefix = /Unknown prefix: ([^\s]*)/.exec(message)?.[1];
  if (prefix !== undefined) {
    const use = new RegExp(`(^|[^\\w:-])${prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}:`, 'mu').exec(text);
    if (use) return { ...lineColumnAt(text, use.index + use[1]!.length), reason };
  }
  if (/projection/i.test(message) && /\bSELECT\b/i.test(text)) return { ...lineColumnAt(text, text.search(/\bSELECT\b/i)), reason };
  const variable = /variable \?(\w+)|\?(\w+)/i.exec(message);
  const name = variable?.[1] ?? variable?.[2];
  if (name) {
    const found = text.search(new RegExp(`[?$]${name}\\b`));
    if (found >= 0) return { ...lineColumnAt(text, found), reason };
  }
  return { line: 1, column: 1, reason };
}

/** The user's line with a caret under the column: a short excerpt (at most 60 characters either side). */
export function showErrorExcerpt(text: string, line: number, column: number): string {
  const source = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
  const start = Math.max(0, column - 1 - 60);
  const end = Math.min(source.length, column - 1 + 60);
  const excerpt = (start > 0 ? '…' : '') + source.slice(start, end) + (end < source.length ? '…' : '');
  const caretAt = column - 1 - start + (start > 0 ? 1 : 0);
  return `  ${excerpt}\n  ${' '.repeat(Math.max(0, caretAt))}^`;
}

/** The message of a syntax error, as the query page shows it: position, reason, then the excerpt with its caret. */
export function describeSyntaxError(text: string, line: number, column: number, reason: string): string {
  return `SPARQL syntax error at line ${line}, column ${column}: ${reason}\n${showErrorExcerpt(text, line, column)}`;
}

// Rebuild a parsed algebra with every IRI mapped; untouched branches are kept as they are.
function mapIris<T>(value: T, map: (iri: string) => string, factory: { namedNode(iri: string): unknown }, seen = new Map<object, unknown>()): T {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (Array.isArray(value)) {
    const mapped = value.map((item) => mapIris(item, map, factory, seen));
    const result = mapped.every((item, i) => item === value[i]) ? value : mapped;
    seen.set(value, result);
    return result as T;
  }
  const record = value as Record<string, unknown>;
  if (record.termType === 'NamedNode' && typeof record.value === 'string' && Object.keys(record).every((k) => k === 'termType' || k === 'value')) {
    const iri = map(record.value);
    return (iri === record.value ? value : factory.namedNode(iri)) as T;
  }
  let changed = false;
  const entries = Object.entries(record).map(([key, item]) => {
    const mapped = mapIris(item, map, factory, seen);
    if (mapped !== item) changed = true;
    return [key, mapped] as const;
  });
  if (!changed) {
    seen.set(value, value);
    return value;
  }
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  for (const [key, item] of entries) copy[key] = item;
  seen.set(value, copy);
  return copy as T;
}

/** Move an IRI under the default base to the configured base, as the loader does for the data. */
export function rebaseIri(iri: string, baseIri: string): string {
  return baseIri !== DEFAULT_BASE_IRI && iri.startsWith(DEFAULT_BASE_IRI) ? baseIri + iri.slice(DEFAULT_BASE_IRI.length) : iri;
}

/**
 * Parse a query text with the given prefixes predeclared (the text's own PREFIX lines win) and relative IRIs
 * resolved against the base: the algebra to run, or a syntax error placed in the user's own text, or a refusal
 * (an update, a SERVICE clause). Never throws for a bad query.
 */
export function parseSparqlText<Operation, Factory>(
  tools: SparqlTools<Operation, Factory>,
  text: string,
  options: { readonly prefixes: Readonly<Record<string, string>>; readonly baseIri: string },
): ParseOutcome<Operation> {
  const prefixes = { ...options.prefixes };
  let ast: { type?: string; subType?: string };
  try {
    ast = tools.parser.parse(text, { prefixes, baseIRI: options.baseIri }) as typeof ast;
  } catch (error) {
    return { ok: false, kind: 'syntax', ...locateSparqlError((error as Error).message, text) };
  }
  if (ast.type === 'update') return { ok: false, kind: 'refused', reason: QUERY_REFUSALS.update };
  if (visitAst(ast).service) return { ok: false, kind: 'refused', reason: QUERY_REFUSALS.service };
  let operation: Operation;
  try {
    operation = tools.toAlgebra(ast as never, { quads: true, prefixes, blankToVariable: true, baseIRI: options.baseIri, dataFactory: tools.dataFactory });
  } catch (error) {
    return { ok: false, kind: 'syntax', ...locateSparqlError((error as Error).message, text) };
  }
  const rebased = options.baseIri === DEFAULT_BASE_IRI ? operation : mapIris(operation, (iri) => rebaseIri(iri, options.baseIri), tools.dataFactory);
  return { ok: true, form: ast.subType as QueryForm, operation: rebased, ast };
}

interface ActorsOf<T> {
  readonly bus?: { readonly actors?: readonly T[] };
}

/**
 * Comunica already builds a SPARQL parser (the same package and version) inside its parse actor; building a second
 * one costs about 0.3 s of start-up, so find it to reuse it (undefined when Comunica's wiring has changed).
 */
export function findComunicaParser<P>(comunica: unknown, parserClass: abstract new (...args: never[]) => P): P | undefined {
  const init = (comunica as { actorInitQuery?: { mediatorQueryProcess?: ActorsOf<{ mediatorQueryParse?: ActorsOf<{ parser?: unknown }> }> } }).actorInitQuery;
  for (const process of init?.mediatorQueryProcess?.bus?.actors ?? []) {
    for (const actor of process.mediatorQueryParse?.bus?.actors ?? []) {
      if (actor.parser instanceof parserClass) return actor.parser as P;
    }
  }
  return undefined;
}
