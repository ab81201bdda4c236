// The source texts and the quotes taken from them. Every caro:SourceText names its file (spdx:fileName, in a source/
// folder of the data) and that file's SHA-256 (spdx:checksum); this module reads the files once, checks each against
// its recorded checksum (a published source never changes), and checks every quote against its own source's text:
// the exact words at the offsets (Unicode code points, end exclusive), the prefix and suffix around them, and the
// paragraph (the N-th non-empty line, from 1). What it finds joins the validation report as violations.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { GraphStore } from '../load/graph-store.ts';
import { DEFAULT_BASE_IRI, ONTOLOGY_PATH, STANDARD_PREFIXES as NS, compactIri, createPrefixes, type PrefixMap } from '../prefixes.ts';
import { withAnchor, type Violation } from './report.ts';

const { namedNode } = DataFactory;

/** The folder, inside a data folder, that holds the source texts' files. */
export const SOURCE_FOLDER = 'source';

/** A source text of the graph with its file as read. */
export interface SourceFile {
  readonly iri: string;
  /** Its spdx:fileName. */
  readonly fileName: string;
  /** Where the file was found, for messages: the data folder's name, `source/` and the file name (`data/source/x.txt`). */
  readonly label: string;
  readonly text: string;
  /** The SHA-256 of the file's bytes, lower-case hex. */
  readonly sha256: string;
}

/** The source texts read for a graph, and what could not be read (as violations). */
export interface SourceTexts {
  readonly sources: readonly SourceFile[];
  readonly violations: readonly Violation[];
  /** The Turtle files the graph was loaded from: a wrong quote's message says where its offsets are written. */
  readonly turtleFiles?: readonly string[];
}

/** Where each quote's offsets are written in the Turtle files, by "start end": `file:line` (found only when a quote is wrong). */
export type QuotePlaces = ReadonlyMap<string, readonly string[]>;

/** Find, in the Turtle files, the lines that write `oa:start S ; oa:end E` for the given offsets (labels relative to the working folder). */
export async function findQuotePlaces(files: readonly string[], offsets: readonly (readonly [number, number])[]): Promise<QuotePlaces> {
  const places = new Map<string, string[]>();
  const wanted = new Set(offsets.map(([s, e]) => `${s} ${e}`));
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/oa:start\s+(\d+)\s*;\s*oa:end\s+(\d+)(?![0-9])/g)) {
      const key = `${m[1]} ${m[2]}`;
      if (!wanted.has(key)) continue;
      const line = text.slice(0, m.index).split('\n').length;
      let list = places.get(key);
      if (!list) places.set(key, (list = []));
      list.push(`${path.relative(process.cwd(), file) || file}:${line}`);
    }
  }
  return places;
}

/** The source/ folders of the given data folders, where the source texts' files are looked up (first match wins). */
export function listSourceFolders(dirs: readonly string[]): string[] {
  return dirs.map((dir) => path.join(dir, SOURCE_FOLDER));
}

function literalOf(store: GraphStore, subject: Term, property: string): string | undefined {
  return store.getObjects(subject, namedNode(property), null).find((t) => t.termType === 'Literal')?.value;
}

function violation(data: GraphStore, focus: Term, shape: string, message: string, path?: string): Violation {
  return withAnchor(data.asDatasetView(), focus, { focusNode: focus.termType === 'BlankNode' ? `_:${focus.value}` : focus.value, ...(path ? { path } : {}), message, shape, severity: 'Violation' });
}

/** Read the file of every caro:SourceText that names one (sorted by IRI); a file that is not there is a violation. */
export async function readSourceTexts(store: GraphStore, folders: readonly string[], baseIri: string = DEFAULT_BASE_IRI, turtleFiles?: readonly string[]): Promise<SourceTexts> {
  const sources: SourceFile[] = [];
  const violations: Violation[] = [];
  const subjects = store
    .getSubjects(namedNode(`${NS.rdf}type`), namedNode(`${baseIri}${ONTOLOGY_PATH}SourceText`), null)
    .filter((s) => s.termType === 'NamedNode')
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  for (const subject of subjects) {
    const fileName = literalOf(store, subject, `${NS.spdx}fileName`);
    // The shapes report a missing or malformed file name (cars:SourceText-fileName); nothing to read then.
    if (fileName === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$/.test(fileName)) continue;
    let found: { bytes: Buffer; label: string } | undefined;
    for (const folder of folders) {
      const bytes = await readFile(path.join(folder, fileName)).catch(() => undefined);
      if (bytes) {
        found = { bytes, label: `${path.basename(path.dirname(folder))}/${path.basename(folder)}/${fileName}` };
        break;
      }
    }
    if (!found) {
      const where = folders.map((f) => path.basename(path.dirname(f)) + '/' + path.basename(f) + '/').join(' or ');
      violations.push(violation(store, subject, `${SOURCE_FOLDER}/${fileName}`, `The source text's file ${fileName} (spdx:fileName) is not in ${where}`, `${NS.spdx}fileName`));
      continue;
    }
    const sha256 = createHash('sha256').update(found.bytes).digest('hex');
    sources.push({ iri: subject.value, fileName, label: found.label, text: found.bytes.toString('utf8'), sha256 });
  }
  return { sources, violations, ...(turtleFiles ? { turtleFiles } : {}) };
}

/** Check the source texts and their quotes; when a quote is wrong and the Turtle files are known, say where its offsets are written. */
export async function checkQuotesAndFiles(store: GraphStore, sourceTexts: SourceTexts, baseIri: string = DEFAULT_BASE_IRI): Promise<Violation[]> {
  const problems = collectProblems(store, sourceTexts.sources, baseIri, createPrefixes(baseIri));
  const offsets = problems.flatMap((p) => (p.offsets ? [p.offsets] : []));
  const places = offsets.length > 0 && sourceTexts.turtleFiles ? await findQuotePlaces(sourceTexts.turtleFiles, offsets) : new Map<string, readonly string[]>();
  return [
    ...sourceTexts.violations,
    ...problems.map(({ violation: v, offsets: o }) => {
      const written = o ? places.get(`${o[0]} ${o[1]}`) : undefined;
      return written ? { ...v, message: `${v.message} (offsets written at ${written.join(', ')})` } : v;
    }),
  ];
}

/** A text indexed by Unicode code point (as the offsets count), with its paragraphs: its non-empty lines, from 1. */
interface IndexedText {
  readonly length: number;
  slice(start: number, end: number): string;
  /** The paragraph number holding a code point offset, or undefined between paragraphs. */
  paragraphAt(offset: number): number | undefined;
}

function indexText(text: string): IndexedText {
  // Strings index UTF-16 units; only a text with characters beyond the BMP needs an array of code points.
  const chars: string | readonly string[] = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text;
  const ranges: [number, number][] = [];
  let lineStart = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i === chars.length || chars[i] === '\n') {
      const line = typeof chars === 'string' ? chars.slice(lineStart, i) : chars.slice(lineStart, i).join('');
      if (line.trim() !== '') ranges.push([lineStart, i]);
      lineStart = i + 1;
    }
  }
  return {
    length: chars.length,
    slice: (start, end) => (typeof chars === 'string' ? chars.slice(start, end) : chars.slice(start, end).join('')),
    paragraphAt: (offset) => {
      let lo = 0;
      let hi = ranges.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const [s, e] = ranges[mid] as [number, number];
        if (offset < s) hi = mid - 1;
        else if (offset >= e) lo = mid + 1;
        else return mid + 1;
      }
      return undefined;
    },
  };
}

/** Shorten a text for a message: at most 200 characters, quoted. */
function quoted(text: string): string {
  const chars = Array.from(text);
  return JSON.stringify(chars.length > 200 ? `${chars.slice(0, 200).join('')}…` : text);
}

/**
 * Check every source file against its recorded SHA-256, and every quote (an oa:SpecificResource with an oa:hasSource)
 * against the text of its own source: the exact words at its offsets, its prefix and suffix, its paragraph.
 */
export function checkSourceTexts(store: GraphStore, sources: readonly SourceFile[], baseIri: string = DEFAULT_BASE_IRI, prefixes: PrefixMap = createPrefixes(baseIri)): Violation[] {
  return collectProblems(store, sources, baseIri, prefixes).map((p) => p.violation);
}

/** A violation found by checkSourceTexts, with the offsets of the quote it is about (none for a file's checksum). */
interface Problem {
  readonly violation: Violation;
  readonly offsets?: readonly [number, number];
}

function collectProblems(store: GraphStore, sources: readonly SourceFile[], baseIri: string, prefixes: PrefixMap): Problem[] {
  const found: Problem[] = [];
  const show = (iri: string): string => compactIri(iri, prefixes) ?? `<${iri}>`;
  const paragraphIri = `${baseIri}${ONTOLOGY_PATH}paragraph`;
  const quotedFromIri = `${baseIri}${ONTOLOGY_PATH}quotedFrom`;
  const typeIri = `${NS.rdf}type`;
  for (const source of sources) {
    const subject = namedNode(source.iri);
    const checksums = store.getObjects(subject, namedNode(`${NS.spdx}checksum`), null);
    for (const checksum of checksums) {
      const recorded = literalOf(store, checksum, `${NS.spdx}checksumValue`);
      if (recorded !== undefined && recorded.toLowerCase() !== source.sha256) {
        found.push({ violation: violation(store, subject, source.label, `${source.label} has the SHA-256 ${source.sha256}, not the ${recorded} recorded for ${show(source.iri)}: a published source text never changes (a corrected text is a new source text)`, `${NS.spdx}checksum`) });
      }
    }
  }
  const byIri = new Map(sources.map((s) => [s.iri, s] as const));
  const texts = new Map<string, IndexedText>();
  for (const q of store.readQuads(null, namedNode(`${NS.oa}hasSource`), null, null)) {
    const source = byIri.get(q.object.value);
    if (!source || q.object.termType !== 'NamedNode') continue;
    const passage = q.subject;
    let exact: string | undefined;
    let prefix: string | undefined;
    let suffix: string | undefined;
    let start: number | undefined;
    let end: number | undefined;
    for (const selector of store.getObjects(passage, namedNode(`${NS.oa}hasSelector`), null)) {
      const types = store.getObjects(selector, namedNode(typeIri), null).map((t) => t.value);
      if (types.includes(`${NS.oa}TextQuoteSelector`)) {
        exact = literalOf(store, selector, `${NS.oa}exact`);
        prefix = literalOf(store, selector, `${NS.oa}prefix`);
        suffix = literalOf(store, selector, `${NS.oa}suffix`);
      }
      if (types.includes(`${NS.oa}TextPositionSelector`)) {
        start = Number(literalOf(store, selector, `${NS.oa}start`));
        end = Number(literalOf(store, selector, `${NS.oa}end`));
      }
    }
    // The shapes report a passage without its two selectors; only complete quotes are compared with the text.
    if (exact === undefined || start === undefined || end === undefined || !Number.isInteger(start) || !Number.isInteger(end)) continue;
    let text = texts.get(source.iri);
    if (!text) texts.set(source.iri, (text = indexText(source.text)));
    const report = (message: string, property: string): void => {
      const owner = store.getSubjects(namedNode(quotedFromIri), passage, null).find((s) => s.termType === 'NamedNode');
      const what = `The quote of ${owner ? show(owner.value) : 'a resource'} from ${show(source.iri)} (${source.label}) at ${start}–${end}`;
      found.push({ violation: violation(store, passage, source.label, `${what} ${message}`, property), offsets: [start, end] });
    };
    if (start < 0 || end <= start || end > text.length) {
      report(`lies outside the text, which is ${text.length} characters long`, `${NS.oa}hasSelector`);
      continue;
    }
    const there = text.slice(start, end);
    if (there !== exact) report(`reads ${quoted(there)} in the source, not ${quoted(exact)} (oa:exact)`, `${NS.oa}hasSelector`);
    if (prefix !== undefined) {
      const before = text.slice(Math.max(0, start - Array.from(prefix).length), start);
      if (before !== prefix) report(`is preceded by ${quoted(before)} in the source, not ${quoted(prefix)} (oa:prefix)`, `${NS.oa}hasSelector`);
    }
    if (suffix !== undefined) {
      const after = text.slice(end, end + Array.from(suffix).length);
      if (after !== suffix) report(`is followed by ${quoted(after)} in the source, not ${quoted(suffix)} (oa:suffix)`, `${NS.oa}hasSelector`);
    }
    const paragraph = Number(literalOf(store, passage, paragraphIri));
    const first = text.paragraphAt(start);
    const last = text.paragraphAt(end - 1);
    if (first === undefined || last !== first) {
      report(`does not lie within one paragraph (it runs from paragraph ${first ?? '–'} to ${last ?? '–'})`, paragraphIri);
    } else if (Number.isInteger(paragraph) && paragraph !== first) {
      report(`is in paragraph ${first} of the source, not ${paragraph} (caro:paragraph)`, paragraphIri);
    }
  }
  return found;
}
