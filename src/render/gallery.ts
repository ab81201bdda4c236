// The example gallery: each competency question of queries/*.rq, run at build time over the build's store, with
// its result as a static table and as downloads (CSV, TSV, SPARQL JSON; Turtle for CONSTRUCT), and the runnable
// text that the query page opens ("run it live").
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type * as RDF from '@rdfjs/types';
import { DEFAULT_BASE_IRI, type PrefixMap } from '../prefixes.ts';
import { compareQuads, compareStrings } from '../describe/describe.ts';
import { loadQueryFile, type QueryFile, type QueryResult } from '../query/query.ts';
import { displayTerm, formatResult, termToNTriples, type ResultFormat } from '../query/result-formats.ts';
import { bindQueryText, createPermalinkSearch, declareUsedPrefixes, stripCommentsAndStrings, stripQueryHeader } from '../browser/sparql-text.ts';

/** One table cell: the text to show, the full term (N-Triples) as a tooltip, and a link when the term has a page on the site. */
interface GalleryCell {
  readonly text: string;
  readonly term: string;
  readonly href?: string;
}

/** Everything the gallery page of one competency question shows. */
export type GalleryEntry = Awaited<ReturnType<typeof buildGalleryEntry>>;

export interface GalleryOptions {
  readonly prefixes: PrefixMap;
  readonly baseIri: string;
  /** The page of a resource, relative to a gallery item page; undefined when the site has no page for it. */
  readonly linkTo: (iri: string) => string | undefined;
}

const DOWNLOADS: Readonly<Record<QueryResult['type'], readonly { format: ResultFormat; label: string; extension: string; mediaType: string }[]>> = {
  bindings: [
    { format: 'csv', label: 'CSV', extension: 'csv', mediaType: 'text/csv' },
    { format: 'tsv', label: 'TSV', extension: 'tsv', mediaType: 'text/tab-separated-values' },
    { format: 'json', label: 'SPARQL JSON', extension: 'json', mediaType: 'application/sparql-results+json' },
  ],
  boolean: [{ format: 'json', label: 'SPARQL JSON', extension: 'json', mediaType: 'application/sparql-results+json' }],
  quads: [{ format: 'turtle', label: 'Turtle', extension: 'ttl', mediaType: 'text/turtle' }],
};

/** The competency questions: queries/*.rq (not the site's own queries under queries/site/), sorted by name. */
export async function listGalleryQueries(queriesDir: string): Promise<QueryFile[]> {
  const entries = await readdir(queriesDir, { withFileTypes: true });
  const names = entries.filter((e) => e.isFile() && e.name.endsWith('.rq')).map((e) => e.name.slice(0, -'.rq'.length)).sort();
  return Promise.all(names.map((name) => loadQueryFile(path.join(queriesDir, `${name}.rq`))));
}

// A term as N-Triples, an IRI under the default base moved to the build's base.
function rebaseTermText(term: RDF.Term, baseIri: string): string {
  if (term.termType !== 'NamedNode' || !term.value.startsWith(DEFAULT_BASE_IRI)) return termToNTriples(term);
  return `<${baseIri}${term.value.slice(DEFAULT_BASE_IRI.length)}>`;
}

/**
 * The text a reader can run anywhere: the query without its header comment, its parameters bound to their defaults
 * by a VALUES block, its prefixes declared, and IRIs under the default base moved to the build's base.
 */
export function createRunnableQuery(query: QueryFile, prefixes: PrefixMap, baseIri: string): string {
  let body = stripQueryHeader(query.text);
  if (baseIri !== DEFAULT_BASE_IRI) body = body.split(`<${DEFAULT_BASE_IRI}`).join(`<${baseIri}`);
  const bindings = Object.fromEntries(query.parameters.map((p) => [p.name, rebaseTermText(p.defaultValue, baseIri)]));
  return declareUsedPrefixes(bindQueryText(body, bindings), prefixes);
}

/** The "run it live" link of a gallery item page (queries/{name}/): the query page with the query in its address. */
export function createLiveQueryHref(query: string): string {
  return `../../query/${createPermalinkSearch(query)}`;
}

/** Put the rows of an unordered SELECT result in a fixed order (by their TSV line), so that builds are reproducible. */
export function sortUnorderedRows(result: QueryResult, queryText: string): QueryResult {
  if (result.type !== 'bindings' || /\bORDER\s+BY\b/i.test(stripCommentsAndStrings(queryText))) return result;
  const key = (row: Readonly<Record<string, RDF.Term>>): string => result.variables.map((v) => (row[v] ? termToNTriples(row[v]!) : '')).join('\t');
  const rows = result.rows.map((row) => [key(row), row] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, row]) => row);
  return { ...result, rows };
}

function toCell(term: RDF.Term, options: GalleryOptions): GalleryCell {
  const href = term.termType === 'NamedNode' ? options.linkTo(term.value) : undefined;
  return { text: displayTerm(term, options.prefixes), term: termToNTriples(term), ...(href ? { href } : {}) };
}

/** Tabulate a result for display: SELECT rows by variable, CONSTRUCT triples as subject, predicate, object. */
export function tabulateResult(result: QueryResult, options: GalleryOptions): { columns: string[]; rows: GalleryCell[][] } {
  if (result.type === 'boolean') return { columns: ['answer'], rows: [[{ text: result.value ? 'yes' : 'no', term: String(result.value) }]] };
  if (result.type === 'quads') {
    return { columns: ['subject', 'predicate', 'object'], rows: [...result.quads].sort(compareQuads).map((q) => [q.subject, q.predicate, q.object].map((t) => toCell(t, options))) };
  }
  return {
    columns: [...result.variables],
    rows: result.rows.map((row) => result.variables.map((v) => (row[v] ? toCell(row[v]!, options) : { text: '', term: '' }))),
  };
}

/** Write the download files of a result: CSV, TSV and SPARQL JSON for SELECT; SPARQL JSON for ASK; Turtle for CONSTRUCT. */
export async function formatDownloads(result: QueryResult, prefixes: PrefixMap) {
  return Promise.all(
    DOWNLOADS[result.type].map(async (d) => ({
      label: d.label,
      file: `results.${d.extension}`,
      mediaType: d.mediaType,
      contents: await formatResult(result, d.format, { prefixes }),
    })),
  );
}

/** A competency question with its result (the composer runs every query of queries/ once per build). */
export interface QueryRun {
  readonly query: QueryFile;
  readonly result: QueryResult;
}

/** Gather everything the gallery page of one competency question shows, from its result. */
export async function buildGalleryEntry(run: QueryRun, options: GalleryOptions) {
  const { query } = run;
  const result = sortUnorderedRows(run.result, query.text);
  const table = tabulateResult(result, options);
  return {
    // The file name without .rq: the page lives at queries/{name}/.
    name: query.name,
    title: query.title,
    description: query.description,
    audience: query.audience,
    parameters: query.parameters.map((p) => ({ name: p.name, value: displayTerm(p.defaultValue, options.prefixes), description: p.description })),
    // The runnable query: the file's body with its parameters bound and its prefixes declared.
    query: createRunnableQuery(query, options.prefixes, options.baseIri),
    kind: result.type,
    columns: table.columns,
    rows: table.rows,
    ...(result.type === 'boolean' ? { boolean: result.value } : {}),
    downloads: await formatDownloads(result, options.prefixes),
  };
}

/** Build the gallery from the runs of every competency question, in file-name order. */
export async function buildGallery(runs: readonly QueryRun[], options: GalleryOptions) {
  const sorted = [...runs].sort((a, b) => compareStrings(a.query.name, b.query.name));
  return Promise.all(sorted.map((run) => buildGalleryEntry(run, options)));
}
