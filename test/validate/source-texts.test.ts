// The source texts' files and the quotes checked against them (src/validate/source-texts.ts): each quote against its
// own source, every way a quote can be wrong named in its message, checksums, files that are not there, and offsets
// counted in code points.
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphStore } from '../../src/load/graph-store.ts';
import { parseTurtle } from '../../src/load/load-graph.ts';
import { checkSourceTexts, listSourceFolders, readSourceTexts, type SourceTexts } from '../../src/validate/source-texts.ts';
import { formatViolation } from '../../src/validate/report.ts';

const TEXT_A = 'Title A\n\nThe first paragraph of A.\n\nThe second paragraph of A says more.\n';
const TEXT_B = 'Title B 🙂\n\n🙂 Smile: the only paragraph of B.\n';
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

const PREFIXES = `@prefix caro: <https://w3id.org/cbss-car/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@base <https://w3id.org/cbss-car/> .
`;

function source(slug: string, file: string, text: string): string {
  return `<source/${slug}> a caro:SourceText ; spdx:fileName "${file}" ;
  spdx:checksum [ a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "${sha(text)}"^^xsd:hexBinary ] .\n`;
}

interface QuoteSpec {
  readonly owner: string;
  readonly source: string;
  readonly paragraph: number;
  readonly exact: string;
  readonly start: number;
  readonly end: number;
  readonly prefix?: string;
  readonly suffix?: string;
}

function quote(q: QuoteSpec): string {
  const extra = `${q.prefix !== undefined ? ` ; oa:prefix ${JSON.stringify(q.prefix)}` : ''}${q.suffix !== undefined ? ` ; oa:suffix ${JSON.stringify(q.suffix)}` : ''}`;
  return `<${q.owner}> caro:quotedFrom [ a oa:SpecificResource ; oa:hasSource <source/${q.source}> ; caro:paragraph ${q.paragraph} ;
  oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ${JSON.stringify(q.exact)}${extra} ] , [ a oa:TextPositionSelector ; oa:start ${q.start} ; oa:end ${q.end} ] ] .\n`;
}

let dir: string;
let folders: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'source-texts-'));
  await mkdir(path.join(dir, 'data', 'source'), { recursive: true });
  await writeFile(path.join(dir, 'data', 'source', 'a.txt'), TEXT_A);
  await writeFile(path.join(dir, 'data', 'source', 'b.txt'), TEXT_B);
  folders = listSourceFolders([path.join(dir, 'ontology'), path.join(dir, 'data')]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(turtle: string): Promise<{ read: SourceTexts; lines: string[] }> {
  const store = new GraphStore(parseTurtle(PREFIXES + turtle, 'fixture.ttl'));
  const read = await readSourceTexts(store, folders);
  const violations = [...read.violations, ...checkSourceTexts(store, read.sources)];
  return { read, lines: violations.map((v) => formatViolation(v)) };
}

const SOURCES = source('a', 'a.txt', TEXT_A) + source('b', 'b.txt', TEXT_B);
// "first paragraph" in A: paragraph 2, characters 13–28; in B, offsets count code points: "Smile" is at 13–18 (15–20 in UTF-16 units).
const GOOD_A: QuoteSpec = { owner: 'priority/one', source: 'a', paragraph: 2, exact: 'first paragraph', start: 13, end: 28, prefix: 'The ', suffix: ' of A.' };
const GOOD_B: QuoteSpec = { owner: 'priority/one', source: 'b', paragraph: 2, exact: 'Smile', start: 13, end: 18, prefix: '🙂 ', suffix: ': the' };

describe('readSourceTexts', () => {
  it('reads the file each caro:SourceText names, from a source/ folder of the data, with its SHA-256', async () => {
    const { read, lines } = await check(SOURCES);
    expect(lines).toEqual([]);
    expect(read.sources.map((s) => [s.iri, s.fileName, s.label, s.sha256])).toEqual([
      ['https://w3id.org/cbss-car/source/a', 'a.txt', 'data/source/a.txt', sha(TEXT_A)],
      ['https://w3id.org/cbss-car/source/b', 'b.txt', 'data/source/b.txt', sha(TEXT_B)],
    ]);
    expect(read.sources[1]?.text).toBe(TEXT_B);
  });

  it('names a source text whose file is not there', async () => {
    const { read, lines } = await check(source('c', 'missing.txt', 'x'));
    expect(read.sources).toEqual([]);
    expect(lines).toEqual(['Violation: source:c path spdx:fileName: The source text\'s file missing.txt (spdx:fileName) is not in ontology/source/ or data/source/ [source/missing.txt]']);
  });
});

describe('checkSourceTexts', () => {
  it('accepts quotes of two sources, each checked against its own text (offsets in code points)', async () => {
    expect(TEXT_B.indexOf('Smile')).toBe(15);
    const { lines } = await check(SOURCES + quote(GOOD_A) + quote(GOOD_B));
    expect(lines).toEqual([]);
  });

  it('refuses a quote checked against the other source, naming the resource, the source, the offsets and the text there', async () => {
    const { lines } = await check(SOURCES + quote({ ...GOOD_A, source: 'b', prefix: undefined, suffix: undefined }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('The quote of priority:one from source:b (data/source/b.txt) at 13–28 reads "Smile: the only" in the source, not "first paragraph" (oa:exact)');
    expect(lines[0]).toMatch(/^Violation: _:\S+ \(priority:one caro:quotedFrom\) path oa:hasSelector: .*\[data\/source\/b\.txt\]$/);
  });

  it('refuses a wrong prefix, a wrong suffix, a wrong paragraph, and a quote across paragraphs or outside the text', async () => {
    const cases: [QuoteSpec, string][] = [
      [{ ...GOOD_A, prefix: 'the ' }, 'at 13–28 is preceded by "The " in the source, not "the " (oa:prefix)'],
      [{ ...GOOD_A, suffix: ' of B.' }, 'at 13–28 is followed by " of A." in the source, not " of B." (oa:suffix)'],
      [{ ...GOOD_A, paragraph: 3 }, 'at 13–28 is in paragraph 2 of the source, not 3 (caro:paragraph)'],
      [{ ...GOOD_A, exact: TEXT_A.slice(13, 40), end: 40, suffix: undefined }, 'at 13–40 does not lie within one paragraph (it runs from paragraph 2 to 3)'],
      [{ ...GOOD_A, start: 80, end: 95, prefix: undefined, suffix: undefined }, 'at 80–95 lies outside the text, which is 73 characters long'],
    ];
    expect(TEXT_A.length).toBe(73);
    for (const [spec, expected] of cases) {
      const { lines } = await check(SOURCES + quote(spec));
      expect(lines, expected).toHaveLength(1);
      expect(lines[0]).toContain(`The quote of priority:one from source:a (data/source/a.txt) ${expected}`);
    }
  });

  it('refuses a source file that does not match its recorded checksum', async () => {
    const { lines } = await check(source('a', 'a.txt', `${TEXT_A}changed`));
    expect(lines).toEqual([
      `Violation: source:a path spdx:checksum: data/source/a.txt has the SHA-256 ${sha(TEXT_A)}, not the ${sha(`${TEXT_A}changed`)} recorded for source:a: a published source text never changes (a corrected text is a new source text) [data/source/a.txt]`,
    ]);
  });
});
