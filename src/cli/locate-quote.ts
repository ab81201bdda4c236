// Dev tool: find a passage of a source text and print its caro:quotedFrom block for the Turtle data.
// Usage: npm run locate-quote -- [--source <file or IRI>] <paragraph> "<exact words>" [occurrence]
// The source is a caro:SourceText of data/ (its IRI, prefixed name or file); without --source, the only one there is.
// The passage is looked up inside the given paragraph (the N-th non-empty line, from 1); if it occurs there
// more than once, pass which occurrence (from 1). Prefix and suffix stay inside the paragraph, 32 characters at most.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConfig } from '../config.ts';
import { loadGraph } from '../load/load-graph.ts';
import { compactIri, createPrefixes, expandCurie, type PrefixMap } from '../prefixes.ts';
import { listSourceFolders, readSourceTexts, type SourceFile } from '../validate/source-texts.ts';

const CONTEXT = 32;

/** List the non-empty lines of a text with their number (from 1) and their character range. */
export function listParagraphs(text: string) {
  const paragraphs: { number: number; start: number; end: number }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.trim() !== '') paragraphs.push({ number: paragraphs.length + 1, start: offset, end: offset + line.length });
    offset += line.length + 1;
  }
  return paragraphs;
}

/** Escape a string for a Turtle double-quoted literal. */
function escapeTurtle(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Locate the given occurrence of `exact` in paragraph `number`; throws with a clear message if absent or ambiguous. */
export function locateQuote(text: string, number: number, exact: string, occurrence?: number) {
  const paragraph = listParagraphs(text).find((p) => p.number === number);
  if (!paragraph) throw new Error(`No paragraph ${number} in the source text (it has ${listParagraphs(text).length})`);
  const line = text.slice(paragraph.start, paragraph.end);
  const hits: number[] = [];
  for (let i = line.indexOf(exact); i >= 0; i = line.indexOf(exact, i + 1)) hits.push(i);
  if (hits.length === 0) throw new Error(`"${exact}" is not in paragraph ${number}`);
  if (occurrence === undefined && hits.length > 1) throw new Error(`"${exact}" occurs ${hits.length} times in paragraph ${number}: pass the occurrence`);
  const hit = hits[(occurrence ?? 1) - 1];
  if (hit === undefined) throw new Error(`"${exact}" occurs only ${hits.length} times in paragraph ${number}`);
  const start = paragraph.start + hit;
  const end = start + exact.length;
  const prefix = text.slice(Math.max(paragraph.start, start - CONTEXT), start);
  const suffix = text.slice(end, Math.min(paragraph.end, end + CONTEXT));
  // The offsets count Unicode code points, which differ from the string's UTF-16 units past a character beyond the BMP.
  const codePoints = (i: number): number => (/[\uD800-\uDFFF]/.test(text) ? Array.from(text.slice(0, i)).length : i);
  return { paragraph: number, exact, start: codePoints(start), end: codePoints(end), prefix, suffix };
}

/** Render a located quote as a caro:quotedFrom block; `source` is how the Turtle names the source text (`source:x` or `<iri>`). */
export function renderQuotedFrom(quote: ReturnType<typeof locateQuote>, source: string, indent = '    '): string {
  const i2 = indent + '    ';
  const parts = [`oa:exact "${escapeTurtle(quote.exact)}"`];
  if (quote.prefix) parts.push(`oa:prefix "${escapeTurtle(quote.prefix)}"`);
  if (quote.suffix) parts.push(`oa:suffix "${escapeTurtle(quote.suffix)}"`);
  return [
    `${indent}caro:quotedFrom [ a oa:SpecificResource ;`,
    `${i2}oa:hasSource ${source} ;`,
    `${i2}caro:paragraph ${quote.paragraph} ;`,
    `${i2}oa:hasSelector [ a oa:TextQuoteSelector ;`,
    `${i2}    ${parts.join(` ;\n${i2}    `)} ] ,`,
    `${i2}  [ a oa:TextPositionSelector ; oa:start ${quote.start} ; oa:end ${quote.end} ] ]`,
  ].join('\n');
}

/**
 * Pick the source text a quote is taken from: the one `wanted` names (its IRI, prefixed name, or file, by name or
 * path), or, when nothing is named, the only one; throws listing the source texts otherwise.
 */
export function chooseSource(sources: readonly SourceFile[], wanted: string | undefined, prefixes: PrefixMap): SourceFile {
  const list = (): string => sources.map((s) => `\n  ${compactIri(s.iri, prefixes) ?? s.iri}  (${s.label})`).join('');
  if (sources.length === 0) throw new Error('the data describes no caro:SourceText with a file in data/source/');
  if (wanted === undefined) {
    if (sources.length === 1) return sources[0] as SourceFile;
    throw new Error(`the data has ${sources.length} source texts: name one with --source <file or IRI>:${list()}`);
  }
  let iri = wanted;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(wanted) && /^[A-Za-z][\w-]*:[^/]/.test(wanted)) {
    try {
      iri = expandCurie(wanted, prefixes);
    } catch {
      iri = wanted;
    }
  }
  const found = sources.find((s) => s.iri === iri || s.fileName === path.basename(wanted));
  if (!found) throw new Error(`no source text is ${wanted}; the source texts are:${list()}`);
  return found;
}

async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { source: { type: 'string' } } });
  const [paragraphArg, exact, occurrenceArg] = positionals;
  if (!paragraphArg || !exact) {
    console.error('usage: npm run locate-quote -- [--source <file or IRI>] <paragraph> "<exact words>" [occurrence]');
    process.exit(2);
  }
  const config = createConfig();
  const prefixes = createPrefixes(config.baseIri);
  const { store } = await loadGraph([config.dataDir], config.baseIri);
  const { sources } = await readSourceTexts(store, listSourceFolders([config.dataDir]), config.baseIri);
  const source = chooseSource(sources, values.source, prefixes);
  const quote = locateQuote(source.text, Number(paragraphArg), exact, occurrenceArg ? Number(occurrenceArg) : undefined);
  console.log(renderQuotedFrom(quote, compactIri(source.iri, prefixes) ?? `<${source.iri}>`));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`locate-quote: ${(error as Error).message}`);
    process.exit(1);
  });
}
