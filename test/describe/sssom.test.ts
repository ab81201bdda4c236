// The crosswalk as an SSSOM mapping set: the file is valid against the schema of SSSOM 1.0.0 (the fixture of
// test/fixtures/sssom/), has one row per current alignment of the real crosswalk and none for a withdrawn one, maps
// with skos:relatedMatch only, keeps a rationale's tabs and line breaks from breaking its row, and is the same bytes
// for the same graph. The expected rows are read from the graph here, not through the module under test.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory } from 'n3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createConfig } from '../../src/config.ts';
import { CROSSWALK_SSSOM_PATH, hasCrosswalk, renderSssom } from '../../src/describe/sssom.ts';
import { createGraphStore, type GraphStore } from '../../src/load/graph-store.ts';
import { loadGraph, parseTurtle } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI, STANDARD_PREFIXES } from '../../src/prefixes.ts';
import { parseTurtleText } from '../helpers/graphs.ts';
import { checkSssom, loadSssomSchema, readSssomTable, type SssomSchema, type SssomTable } from '../helpers/sssom-schema.ts';

const { namedNode } = DataFactory;
const BASE = DEFAULT_BASE_IRI;
const CARO = `${BASE}ontology#`;
const { skos, owl, rdf, dct } = STANDARD_PREFIXES;

/** A small crosswalk: two current alignments (one rationale with tabs and line breaks), one withdrawn. */
const FIXTURE = `
@base <${BASE}> .
@prefix caro: <${CARO}> .
@prefix skos: <${skos}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <${dct}> .
@prefix owl: <${owl}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sdg: <http://metadata.un.org/sdg/> .
<ontology> a owl:Ontology ; dct:license <https://creativecommons.org/licenses/by/4.0/> ;
  dct:creator "A team"@en ; dct:modified "2026-01-02"^^xsd:date .
<area/a> skos:prefLabel "Area A"@en , "Alue A"@fi .
<uncrc/article/12> rdfs:label "Article 12"@en .
<uncrc/article/3> rdfs:label "Article 3"@en .
<alignment/a/uncrc-article-12> a caro:Alignment ; caro:alignmentSubject <area/a> ; caro:alignmentProperty caro:addressesRight ;
  caro:alignmentObject <uncrc/article/12> ; caro:rationale "One\\tcell,\\nnot two\\r\\nrows."@en .
<alignment/a/sdg-16.2> a caro:Alignment ; caro:alignmentSubject <area/a> ; caro:alignmentProperty caro:contributesToTarget ;
  caro:alignmentObject sdg:16.2 ; caro:rationale "Plain."@en .
<alignment/a/uncrc-article-3> a caro:Alignment ; caro:alignmentSubject <area/a> ; caro:alignmentProperty caro:addressesRight ;
  caro:alignmentObject <uncrc/article/3> ; caro:rationale "Withdrawn."@en ; owl:deprecated true .
`;

function fixtureStore(): GraphStore {
  return createGraphStore(parseTurtle(FIXTURE, 'fixture.ttl'));
}

/** Expand a CURIE with the file's own curie_map. */
function expand(table: SssomTable, curie: string): string {
  const colon = curie.indexOf(':');
  const ns = (table.metadata.curie_map as Record<string, string>)[curie.slice(0, colon)];
  if (ns === undefined) throw new Error(`no prefix for ${curie}`);
  return ns + curie.slice(colon + 1);
}

/** The rows of a table as objects keyed by column. */
function records(table: SssomTable): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row.cells[i] ?? ''])));
}

let schema: SssomSchema;
let store: GraphStore;
let text: string;

beforeAll(async () => {
  schema = await loadSssomSchema();
  ({ store } = await loadGraph([createConfig({ baseIri: BASE }).ontologyDir, createConfig({ baseIri: BASE }).dataDir], BASE));
  text = renderSssom(store);
});

describe('the schema fixture', () => {
  it('is SSSOM 1.0.0, with the slots and constraints the check reads', () => {
    expect(schema.version).toBe('1.0.0');
    expect(schema.slots.mapping_justification).toMatchObject({ range: 'EntityReference', required: true });
    expect(schema.slots.mapping_justification?.pattern).toContain('ManualMappingCuration');
    expect(schema.slots.predicate_id?.required).toBe(true);
    expect(schema.slots.mapping_set_id).toMatchObject({ range: 'uri', required: true });
    expect(schema.classes['mapping set']?.slot_usage?.license?.required).toBe(true);
    expect(schema.classes.mapping?.slots).toEqual(expect.arrayContaining(['subject_id', 'object_id', 'comment', 'author_id', 'creator_id', 'mapping_date']));
  });
});

describe('the crosswalk as SSSOM/TSV', () => {
  it('is valid against the SSSOM 1.0.0 schema: slots, required slots, value types, curie_map', () => {
    expect(checkSssom(text, schema)).toEqual([]);
  });

  it('has one row per current alignment of the graph, with its ends, rationale and page, and none for a withdrawn one', () => {
    const table = readSssomTable(text);
    const rows = records(table);
    const alignments = store.getSubjects(namedNode(`${rdf}type`), namedNode(`${CARO}Alignment`), null);
    const withdrawn = alignments.filter((a) => store.getObjects(a, namedNode(`${owl}deprecated`), null).some((t) => t.value === 'true'));
    const current = alignments.filter((a) => !withdrawn.includes(a));
    expect(current.length).toBeGreaterThan(60);
    expect(withdrawn.length).toBeGreaterThan(0);
    expect(rows.length).toBe(current.length);
    const byPage = new Map(rows.map((r) => [r.see_also, r]));
    for (const a of current) {
      const row = byPage.get(a.value);
      expect(row, `no row for ${a.value}`).toBeDefined();
      expect(expand(table, row?.subject_id ?? '')).toBe(store.getObjects(a, namedNode(`${CARO}alignmentSubject`), null)[0]?.value);
      expect(expand(table, row?.object_id ?? '')).toBe(store.getObjects(a, namedNode(`${CARO}alignmentObject`), null)[0]?.value);
      expect(row?.comment).toBe(store.getObjects(a, namedNode(`${CARO}rationale`), null)[0]?.value);
      expect(row?.mapping_justification).toBe('semapv:ManualMappingCuration');
    }
    for (const a of withdrawn) expect(byPage.has(a.value)).toBe(false);
  });

  it('maps with skos:relatedMatch only, never an exact, close, broad or narrow match', () => {
    const table = readSssomTable(text);
    const predicates = new Set(records(table).map((r) => expand(table, r.predicate_id ?? '')));
    expect([...predicates]).toEqual([`${skos}relatedMatch`]);
    for (const strong of ['exactMatch', 'closeMatch', 'broadMatch', 'narrowMatch']) expect(predicates.has(`${skos}${strong}`)).toBe(false);
  });

  it('names the labels of both ends, the licence, the creator from the data, and the date of the data as version', () => {
    const table = readSssomTable(text);
    const row = records(table).find((r) => r.see_also === `${BASE}alignment/child-protection-systems/uncrc-article-19`);
    expect(row).toMatchObject({ subject_id: 'priority:child-protection-systems', subject_label: 'Child Protection Systems', object_id: 'article:19' });
    expect(row?.object_label).toMatch(/^Article 19/);
    const ontology = namedNode(`${BASE}ontology`);
    // The date of the data: the latest dct:modified of a resource of ours.
    const dataDate = store
      .getQuads(null, namedNode(`${dct}modified`), null, null)
      .filter((q) => q.subject.value.startsWith(BASE))
      .map((q) => q.object.value)
      .sort()
      .at(-1);
    expect(dataDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.metadata).toMatchObject({
      mapping_set_id: `${BASE}${CROSSWALK_SSSOM_PATH}`,
      license: store.getObjects(ontology, namedNode(`${dct}license`), null)[0]?.value,
      creator_label: [store.getObjects(ontology, namedNode(`${dct}creator`), null)[0]?.value],
      creator_id: ['car:'],
      mapping_set_version: dataDate,
      mapping_date: dataDate,
    });
    expect(expand(table, 'car:')).toBe(BASE);
    expect(table.metadata).not.toHaveProperty('publication_date');
  });
});

describe('renderSssom on a small graph', () => {
  it('writes a rationale with tabs and line breaks as one cell of one row', () => {
    const out = renderSssom(fixtureStore());
    expect(checkSssom(out, schema)).toEqual([]);
    const table = readSssomTable(out);
    expect(table.rows.map((r) => r.cells.length)).toEqual([table.columns.length, table.columns.length]);
    const rows = records(table);
    expect(rows.map((r) => [r.subject_id, r.object_id, r.comment])).toEqual([
      ['area:a', 'article:12', 'One cell, not two rows.'],
      ['area:a', 'sdg:16.2', 'Plain.'],
    ]);
    expect(rows[0]?.subject_label).toBe('Area A');
    expect(Object.keys(table.metadata.curie_map as object)).toEqual(['area', 'article', 'car', 'sdg', 'semapv', 'skos']);
  });

  it('gives the same bytes for the same graph, whatever the order of its triples', () => {
    const quads = parseTurtle(FIXTURE, 'fixture.ttl');
    const once = renderSssom(createGraphStore(quads));
    expect(renderSssom(createGraphStore([...quads].reverse()))).toBe(once);
    expect(renderSssom(fixtureStore())).toBe(once);
  });

  it('takes the release as mapping_set_version and its date as publication_date', () => {
    const table = readSssomTable(renderSssom(fixtureStore(), { version: '2026-12-15', date: '2026-12-15' }));
    expect(table.metadata).toMatchObject({ mapping_set_version: '2026-12-15', publication_date: '2026-12-15', mapping_date: '2026-01-02' });
    expect(String(table.metadata.mapping_set_description)).toContain('release 2026-12-15');
    const dated = readSssomTable(renderSssom(fixtureStore()));
    expect(dated.metadata.mapping_set_version).toBe('2026-01-02');
    expect(String(dated.metadata.mapping_set_description)).toContain('the date of the data');
  });

  it('is made only for a graph that has a crosswalk', () => {
    expect(hasCrosswalk(fixtureStore())).toBe(true);
    expect(hasCrosswalk(createGraphStore(parseTurtle(FIXTURE, 'fixture.ttl').filter((q) => q.object.value !== `${CARO}Alignment`)))).toBe(false);
  });

  it('writes CURIEs under another base, and refuses a graph without a licence or with an entity no prefix covers', () => {
    const other = 'https://example.org/car/';
    const table = readSssomTable(renderSssom(createGraphStore(parseTurtle(FIXTURE, 'fixture.ttl', other)), { baseIri: other }));
    expect((table.metadata.curie_map as Record<string, string>).area).toBe(`${other}area/`);
    expect(table.metadata.mapping_set_id).toBe(`${other}${CROSSWALK_SSSOM_PATH}`);
    const unlicensed = createGraphStore(parseTurtle(FIXTURE, 'fixture.ttl').filter((q) => q.predicate.value !== `${dct}license`));
    expect(() => renderSssom(unlicensed)).toThrow(/ontology has no dct:license/);
    const elsewhere = FIXTURE.replace('caro:alignmentObject sdg:16.2', 'caro:alignmentObject <https://example.org/target/16.2>');
    expect(() => renderSssom(createGraphStore(parseTurtle(elsewhere, 'fixture.ttl')))).toThrow('https://example.org/target/16.2: no prefix of src/prefixes.ts gives it a CURIE');
  });
});

describe('the check against the schema fails where it should', () => {
  const valid = (): string => renderSssom(fixtureStore());
  const swap = (from: string | RegExp, to: string): string => valid().replace(from, to);

  it('on a tab that breaks a row', () => {
    expect(checkSssom(swap('One cell, not two rows.', 'One\tcell'), schema)).toEqual(expect.arrayContaining([expect.stringMatching(/^line \d+: 9 cells for 8 columns$/)]));
  });

  it('on a column that is no slot, a missing required column, and a metadata key that is no slot', () => {
    expect(checkSssom(swap('\tsee_also\n', '\tsee_also_page\n'), schema)).toEqual(['header: "see_also_page" is not a slot of a mapping']);
    expect(checkSssom(swap('\tmapping_justification\t', '\tconfidence\t').replace(/semapv:ManualMappingCuration/g, '0.5'), schema)).toEqual(
      expect.arrayContaining(['header: the required column mapping_justification is missing']),
    );
    expect(checkSssom(swap('#license:', '#licence:'), schema)).toEqual(['metadata: "licence" is not a slot of a mapping set', 'metadata: the required slot license is missing']);
  });

  it('on a justification outside SEMAPV, a CURIE whose prefix is not declared, a full IRI as entity, and a bad date', () => {
    expect(checkSssom(swap(/semapv:ManualMappingCuration/, 'semapv:Guesswork'), schema)).toEqual([expect.stringMatching(/mapping_justification "semapv:Guesswork" does not match/)]);
    // (article: then declares a prefix that no CURIE uses any more.)
    const unused = 'metadata: the curie_map declares prefixes no CURIE uses: article';
    expect(checkSssom(swap(/\tarticle:12\t/, '\tcrc:12\t'), schema)).toEqual([expect.stringMatching(/object_id "crc:12": prefix "crc" is not in the curie_map/), unused]);
    expect(checkSssom(swap(/\tarticle:12\t/, `\t${BASE}uncrc/article/12\t`), schema)).toEqual([expect.stringMatching(/prefix "https" is not in the curie_map/), unused]);
    expect(checkSssom(swap('#mapping_date: "2026-01-02"', '#mapping_date: "2026-13-02"'), schema)).toEqual(['metadata: mapping_date "2026-13-02" is not an ISO date']);
  });

  it('on a curie_map that declares a prefix no CURIE uses, and a single value given as a list', () => {
    expect(checkSssom(swap('#  skos: ', '#  dct: http://purl.org/dc/terms/\n#  skos: '), schema)).toEqual(['metadata: the curie_map declares prefixes no CURIE uses: dct']);
    expect(checkSssom(swap(/#license: (\S+)/, '#license:\n#  - $1'), schema)).toEqual(['metadata: license must be a single text, got a list']);
  });
});

describe('the built site', () => {
  const siteDir = inject('siteDir');

  it('publishes the mapping set at its download path, byte for byte what renderSssom gives', async () => {
    expect(await readFile(path.join(siteDir, CROSSWALK_SSSOM_PATH), 'utf8')).toBe(text);
  });

  it('describes it as a DCAT distribution of the dataset, with its size, and lists it with the downloads', async () => {
    const quads = parseTurtleText(await readFile(path.join(siteDir, '.well-known', 'void'), 'utf8'));
    const dist = `${BASE}dataset#crosswalk-sssom`;
    const values = (p: string): string[] => quads.filter((q) => q.subject.value === dist && q.predicate.value === p).map((q) => q.object.value);
    expect(quads.some((q) => q.subject.value === `${BASE}dataset` && q.predicate.value === 'http://www.w3.org/ns/dcat#distribution' && q.object.value === dist)).toBe(true);
    expect(values('http://www.w3.org/ns/dcat#downloadURL')).toEqual([`${BASE}${CROSSWALK_SSSOM_PATH}`]);
    expect(values('http://www.w3.org/ns/dcat#mediaType')).toEqual(['https://www.iana.org/assignments/media-types/text/tab-separated-values']);
    expect(values(`${dct}conformsTo`)).toEqual(['https://w3id.org/sssom/']);
    expect(values('http://www.w3.org/ns/dcat#byteSize')).toEqual([String(Buffer.byteLength(text))]);
    expect(await readFile(path.join(siteDir, 'index.html'), 'utf8')).toContain(`href="${CROSSWALK_SSSOM_PATH}"`);
  });
});
