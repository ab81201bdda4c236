// The output formats of query results: the W3C result formats (SPARQL JSON, XML, CSV, TSV) written by Oxigraph, the
// RDF ones (Turtle, N-Triples, JSON-LD) by src/describe/write-rdf.ts with the project's prefixes, and a plain-text
// table for the terminal; and SPARQL JSON read back into results.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import * as oxigraph from 'oxigraph';
import { freeStore } from './oxigraph-store.ts';
import { compactIri, createPrefixes, type PrefixMap } from '../prefixes.ts';
import { compareQuads } from '../describe/describe.ts';
import { canonicalizeGraph, writeJsonLd, writeNTriples, writeTurtle } from '../describe/write-rdf.ts';
import type { QueryForm, QueryResult } from './query.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

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
// rows are loaded into a scratch store as N-Triples (one resource per row with its index and its values: one call
// into WebAssembly, not one per term; blank nodes are added one by one, as loading would rename them), and a query
// reads them back in their order. Each scratch store is freed as soon as it is read.
function writeSparqlResults(result: Exclude<QueryResult, { type: 'quads' }>, format: ResultFormat): string {
  const options = { results_format: MEDIA_TYPES[format] };
  if (result.type === 'boolean') return new oxigraph.Store().query(result.value ? 'ASK {}' : 'ASK { FILTER(false) }', options) as string;
  if (result.variables.length === 0) return new oxigraph.Store().query(`SELECT * WHERE { VALUES () { ${'() '.repeat(result.rows.length)}} }`, options) as string;
  const index = '<urn:row:index>';
  const columns = new Map(result.variables.map((v) => [v, `<urn:row:${v}>`]));
  const store = new oxigraph.Store();
  const lines: string[] = [];
  result.rows.forEach((row, i) => {
    lines.push(`<urn:row:${i}> ${index} "${i}"^^<${XSD}integer> .`);
    for (const [v, predicate] of columns) {
      const term = row[v];
      if (term?.termType === 'BlankNode') store.add(oxigraph.quad(oxigraph.namedNode(`urn:row:${i}`), oxigraph.namedNode(predicate.slice(1, -1)), oxigraph.blankNode(term.value)));
      else if (term) lines.push(`<urn:row:${i}> ${predicate} ${termToNTriples(term)} .`);
    }
  });
  store.load(lines.join('\n'), { format: 'application/n-triples' });
  // Two variables of our own, named apart from the result's.
  const [row, at] = ['row', 'index'].map((name) => (result.variables.includes(name) ? `${name}_${result.variables.join('_')}` : name));
  const optionals = [...columns].map(([v, predicate]) => `OPTIONAL { ?${row} ${predicate} ?${v} }`).join(' ');
  const text = `SELECT ${result.variables.map((v) => `?${v}`).join(' ')} WHERE { ?${row} ${index} ?${at} ${optionals} } ORDER BY ?${at}`;
  try {
    return store.query(text, options) as string;
  } finally {
    freeStore(store);
  }
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

