// Dev tool: find a passage of the source text and print its caro:quotedFrom block for the Turtle data.
// Usage: npm exec tsx src/cli/locate-quote.ts -- <paragraph> "<exact words>" [occurrence]
// The passage is looked up inside the given paragraph (the N-th non-empty line, from 1); if it occurs there
// more than once, pass which occurrence (from 1). Prefix and suffix stay inside the paragraph, 32 characters at most.
import { readFileSync } from 'node:fs';
import { createConfig } from '../config.ts';

const CONTEXT = 32;

interface Paragraph {
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

/** List the non-empty lines of a text with their number (from 1) and their character range. */
export function listParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
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
  if (!paragraph) throw new Error(`No paragraph ${number} in the source text`);
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
  return { paragraph: number, exact, start, end, prefix, suffix };
}

/** Render a located quote as a caro:quotedFrom block. */
export function renderQuotedFrom(quote: ReturnType<typeof locateQuote>, indent = '    '): string {
  const i2 = indent + '    ';
  const parts = [`oa:exact "${escapeTurtle(quote.exact)}"`];
  if (quote.prefix) parts.push(`oa:prefix "${escapeTurtle(quote.prefix)}"`);
  if (quote.suffix) parts.push(`oa:suffix "${escapeTurtle(quote.suffix)}"`);
  return [
    `${indent}caro:quotedFrom [ a oa:SpecificResource ;`,
    `${i2}oa:hasSource source:mandate-and-strategy-2020-2025 ;`,
    `${i2}caro:paragraph ${quote.paragraph} ;`,
    `${i2}oa:hasSelector [ a oa:TextQuoteSelector ;`,
    `${i2}    ${parts.join(` ;\n${i2}    `)} ] ,`,
    `${i2}  [ a oa:TextPositionSelector ; oa:start ${quote.start} ; oa:end ${quote.end} ] ]`,
  ].join('\n');
}

function main(args: string[]): void {
  const [paragraphArg, exact, occurrenceArg] = args;
  if (!paragraphArg || !exact) {
    console.error('usage: tsx src/cli/locate-quote.ts <paragraph> "<exact words>" [occurrence]');
    process.exit(2);
  }
  const text = readFileSync(createConfig().sourceFile, 'utf8');
  const quote = locateQuote(text, Number(paragraphArg), exact, occurrenceArg ? Number(occurrenceArg) : undefined);
  console.log(renderQuotedFrom(quote));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`locate-quote: ${(error as Error).message}`);
    process.exit(1);
  }
}
