// The query stage's engine in Node: Oxigraph answers `npm run query`, `npm run endpoint` and the build's questions
// (the gallery and queries/site/). Oxigraph is compiled (Rust, as WebAssembly), fast, and the engine the checks of
// src/validate/ already run on, so one engine answers both. The query page in the browser runs Comunica
// (src/browser/query-worker.ts), which runs there; test/query/engines-agree.test.ts checks that both answer every
// question of queries/ alike.
//
// A query text is parsed once, by src/query/sparql-parse.ts (the same parser, prefixes, refusals and error positions
// as the query page); the parsed tree is then written back as text for Oxigraph with every IRI in full (moved to the
// configured base) and the parameters bound by a VALUES block at the head of each WHERE group, the query's and each
// subquery's (as the query page binds them), never spliced into the text. Oxigraph's query() is synchronous: a time
// limit that stops it is src/query/time-limit.ts's.
import { createRequire } from 'node:module';
import type * as RDF from '@rdfjs/types';
import { Parser as TurtleParser } from 'n3';
import type * as oxigraph from 'oxigraph';
import type { GraphStore } from '../load/graph-store.ts';
import { DEFAULT_BASE_IRI, createPrefixes, type PrefixMap } from '../prefixes.ts';
import { canonicalizeGraph } from '../describe/write-rdf.ts';
import { getOxigraphStore } from './oxigraph-store.ts';
import { QueryEvaluationError, QueryParameterError, QueryRefusedError, SparqlSyntaxError, SparqlUpdateError, type QueryForm, type QueryResult } from './query.ts';
import { parseSparqlJson } from './result-formats.ts';
import { QUERY_REFUSALS, parseSparqlText, rebaseIri } from './sparql-parse.ts';

// The CommonJS builds, as Comunica (and so the query page) loads them: one copy of each module.
const requireCjs = createRequire(import.meta.url);
const { Parser: SparqlParser } = requireCjs('@traqula/parser-sparql-1-2') as typeof import('@traqula/parser-sparql-1-2');
const { Generator } = requireCjs('@traqula/generator-sparql-1-2') as typeof import('@traqula/generator-sparql-1-2');
const { toAlgebra } = requireCjs('@traqula/algebra-sparql-1-2') as typeof import('@traqula/algebra-sparql-1-2');
const { DataFactory } = requireCjs('rdf-data-factory') as typeof import('rdf-data-factory');

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

let tools: { parser: InstanceType<typeof SparqlParser>; generator: InstanceType<typeof Generator>; dataFactory: InstanceType<typeof DataFactory> } | undefined;

// Built on first use: building the parser is the slow part (a tenth of a second).
function getTools(): NonNullable<typeof tools> {
  tools ??= { parser: new SparqlParser({ lexerConfig: { positionTracking: 'full' } }), generator: new Generator(), dataFactory: new DataFactory() };
  return tools;
}

/** A query ready for Oxigraph: its form, and its text with every IRI in full and its parameters bound. */
export interface PreparedQuery {
  readonly form: QueryForm;
  readonly text: string;
}

export interface PrepareOptions {
  /** The base IRI the graph is minted under (the default base unless told otherwise). */
  readonly baseIri?: string;
  /** Values for variables of the query: bound by VALUES blocks, never spliced into the text. */
  readonly bindings?: Readonly<Record<string, RDF.Term>>;
  /** The file the query came from, for error messages. */
  readonly file?: string;
  /** The prefixes a query may use without declaring them (default: the project's, src/prefixes.ts). */
  readonly prefixes?: PrefixMap;
}

type AstNode = Record<string, unknown>;

function* walk(node: unknown): Generator<AstNode> {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item);
    return;
  }
  yield node as AstNode;
  for (const [key, value] of Object.entries(node)) if (key !== 'loc') yield* walk(value);
}

// Nodes we add are marked as generated (traqula's generator reads every node's source location).
const GENERATED = { sourceLocationType: 'autoGenerate' } as const;
const namedNodeAst = (value: string): AstNode => ({ type: 'term', subType: 'namedNode', value, loc: GENERATED });

function toAstTerm(name: string, term: RDF.Term, file: string): AstNode {
  if (term.termType === 'NamedNode') return namedNodeAst(term.value);
  if (term.termType === 'Literal') {
    const langOrIri = term.language ? term.language : term.datatype.value === XSD_STRING ? undefined : namedNodeAst(term.datatype.value);
    return { type: 'term', subType: 'literal', value: term.value, ...(langOrIri ? { langOrIri } : {}), loc: GENERATED };
  }
  throw new QueryParameterError(file, `parameter ?${name}: a ${term.termType} cannot be bound; give an IRI or a literal`);
}

// Bind the values at the head of the WHERE group of the query and of each subquery that mentions the variable.
function bindValues(ast: AstNode, bindings: Readonly<Record<string, RDF.Term>>, baseIri: string, file: string): void {
  const entries = Object.entries(bindings).map(([raw, term]) => {
    const name = raw.replace(/^[?$]/, '');
    const rebased = term.termType === 'NamedNode' ? { termType: 'NamedNode', value: rebaseIri(term.value, baseIri) } as RDF.NamedNode : term;
    return [name, toAstTerm(name, rebased, file)] as const;
  });
  if (entries.length === 0) return;
  // As Comunica refuses to bind a variable that the query binds itself (BIND, AS, VALUES).
  for (const node of walk(ast)) {
    const targets = node.subType === 'bind' ? [node.variable] : node.subType === 'values' ? (node.variables as unknown[]) : [];
    const taken = entries.find(([name]) => targets.some((t) => (t as AstNode).value === name));
    if (taken) throw new QueryEvaluationError(file, `?${taken[0]} is bound by the query itself (BIND, AS or VALUES), so it cannot be given a value`);
  }
  for (const query of [...walk(ast)].filter((node) => node.type === 'query')) {
    const mentioned = new Set([...walk(query)].filter((n) => n.type === 'term' && n.subType === 'variable').map((n) => n.value));
    const bound = entries.filter(([name]) => mentioned.has(name));
    if (bound.length === 0) continue;
    const values = {
      type: 'pattern',
      subType: 'values',
      variables: bound.map(([name]) => ({ type: 'term', subType: 'variable', value: name, loc: GENERATED })),
      values: [Object.fromEntries(bound)],
      loc: GENERATED,
    };
    const where = (query.where ??= { type: 'pattern', subType: 'group', patterns: [], loc: GENERATED }) as { patterns: unknown[] };
    where.patterns.unshift(values);
  }
}

/**
 * Parse a query (src/query/sparql-parse.ts: our prefixes predeclared, relative IRIs against the base) and write it
 * for Oxigraph with its parameters bound; throws SparqlSyntaxError, QueryRefusedError or QueryParameterError.
 */
export function prepareQuery(text: string, options: PrepareOptions = {}): PreparedQuery {
  const baseIri = options.baseIri ?? DEFAULT_BASE_IRI;
  const file = options.file ?? '<query>';
  const { parser, generator, dataFactory } = getTools();
  const prefixes = options.prefixes ?? createPrefixes(baseIri);
  const outcome = parseSparqlText({ parser, toAlgebra, dataFactory }, text, { prefixes, baseIri });
  if (!outcome.ok) {
    if (outcome.kind === 'syntax') throw new SparqlSyntaxError(file, outcome.line, outcome.column, outcome.reason);
    throw outcome.reason === QUERY_REFUSALS.update ? new SparqlUpdateError(file) : new QueryRefusedError(file, outcome.reason);
  }
  const ast = outcome.ast as AstNode & { context: AstNode[] };
  // The text's own PREFIX lines win over ours; a relative IRI is resolved by Oxigraph against the BASE in force.
  const declared: Record<string, string> = { ...prefixes };
  for (const def of ast.context) if (def.subType === 'prefix') declared[def.key as string] = (def.value as AstNode).value as string;
  for (const node of walk(ast)) {
    if (node.type !== 'term' || node.subType !== 'namedNode') continue;
    if (typeof node.prefix === 'string') {
      // An escaped "%" (\%) is a "%" of the IRI; one that starts no percent-encoding is written as one ("%25").
      node.value = declared[node.prefix] + (node.value as string).replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
      delete node.prefix;
    }
    node.value = rebaseIri(node.value as string, baseIri);
  }
  ast.context = [{ type: 'contextDef', subType: 'base', value: namedNodeAst(baseIri), loc: GENERATED }, ...ast.context.filter((def) => def.subType === 'base')];
  bindValues(ast, options.bindings ?? {}, baseIri, file);
  return { form: outcome.form, text: generator.generate(ast as never) };
}

/** Check that a query parses and may run here; return its form (throws as prepareQuery). */
export function parseQuery(text: string, options: Omit<PrepareOptions, 'bindings'> = {}): { readonly form: QueryForm } {
  return { form: prepareQuery(text, options).form };
}

/** What Oxigraph is asked for: SPARQL JSON for solutions, N-Triples for graphs; readAnswer reads it back. */
export function answerFormatOf(form: QueryForm): string {
  return form === 'select' || form === 'ask' ? 'application/sparql-results+json' : 'application/n-triples';
}

/** Run a prepared query on an Oxigraph store: the answer as text (answerFormatOf); throws QueryEvaluationError. */
export function evaluateQuery(store: oxigraph.Store, query: PreparedQuery, file = '<query>'): string {
  try {
    return store.query(query.text, { results_format: answerFormatOf(query.form) }) as string;
  } catch (error) {
    throw new QueryEvaluationError(file, (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '');
  }
}

/** Read Oxigraph's answer back into a result: rows of terms, a boolean, or distinct triples (blank nodes labelled from the graph). */
export async function readAnswer(form: QueryForm, answer: string): Promise<QueryResult> {
  if (form === 'select' || form === 'ask') return parseSparqlJson(answer);
  const lines = [...new Set(answer.split('\n'))].join('\n');
  return { type: 'quads', quads: (await canonicalizeGraph(new TurtleParser({ format: 'N-Triples', blankNodePrefix: '' }).parse(lines))).quads };
}

export interface RunQueryOptions extends PrepareOptions {}

/** Run one SPARQL query over the graph (in this thread, without a time limit) and return its whole result. */
export async function runQuery(graph: GraphStore, text: string, options: RunQueryOptions = {}): Promise<QueryResult> {
  const query = prepareQuery(text, options);
  return readAnswer(query.form, evaluateQuery(getOxigraphStore(graph), query, options.file));
}
