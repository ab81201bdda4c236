// Checks an SSSOM/TSV file against the LinkML schema of a named SSSOM version (test/fixtures/sssom/, which says
// where it comes from), since the SSSOM tools themselves cannot be installed here: the metadata block is YAML on
// `#`-prefixed lines; its keys are slots of `mapping set`, the table's columns slots of `mapping`; required slots are
// present; every value fits its slot's range (entity references are CURIEs whose prefix the curie_map declares, URIs
// are absolute, dates ISO dates, enum values permissible, patterns matched); multivalued slots are lists in the
// metadata and `|`-separated in the table; the curie_map declares exactly the prefixes used. Returns the problems
// found, each naming the line, so a test can show that the check fails where it should.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT_DIR } from '../../src/config.ts';

/** The parts of a LinkML schema the check reads. */
export interface SssomSchema {
  readonly version: string;
  readonly types: Readonly<Record<string, { readonly typeof: string }>>;
  readonly enums: Readonly<Record<string, { readonly permissible_values: Readonly<Record<string, unknown>> }>>;
  readonly slots: Readonly<Record<string, { readonly range: string; readonly required?: boolean; readonly multivalued?: boolean; readonly pattern?: string }>>;
  readonly classes: Readonly<Record<string, { readonly slots: readonly string[]; readonly slot_usage?: Readonly<Record<string, { readonly required?: boolean }>> }>>;
}

/** The fixture: SSSOM 1.0.0. */
export const SSSOM_SCHEMA_FILE = path.join(ROOT_DIR, 'test', 'fixtures', 'sssom', 'sssom-schema-1.0.0.yaml');

/** Read the schema fixture. */
export async function loadSssomSchema(file: string = SSSOM_SCHEMA_FILE): Promise<SssomSchema> {
  return parse(await readFile(file, 'utf8')) as SssomSchema;
}

/** An SSSOM/TSV file taken apart: the metadata, the columns, and the rows with their line numbers. */
export interface SssomTable {
  readonly metadata: Record<string, unknown>;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

/** Split an SSSOM/TSV text into its metadata block (YAML 1.1, as the SSSOM tools read it), header and rows. */
export function readSssomTable(text: string): SssomTable {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const headerAt = lines.findIndex((line) => !line.startsWith('#'));
  const yamlText = lines.slice(0, headerAt).map((line) => line.slice(1)).join('\n');
  const metadata = (parse(yamlText, { version: '1.1' }) ?? {}) as Record<string, unknown>;
  return {
    metadata,
    columns: (lines[headerAt] ?? '').split('\t'),
    rows: lines.slice(headerAt + 1).map((line, i) => ({ line: headerAt + 2 + i, cells: line.split('\t') })),
  };
}

/** Check an SSSOM/TSV text against the schema; return the problems (none for a valid file). */
export function checkSssom(text: string, schema: SssomSchema): string[] {
  const problems: string[] = [];
  if (text.includes('\r')) problems.push('the file has a carriage return: SSSOM/TSV lines end with \\n');
  if (!text.endsWith('\n')) problems.push('the file does not end with a line break');
  const { metadata, columns, rows } = readSssomTable(text);
  const setSlots = schema.classes['mapping set']?.slots ?? [];
  const mappingSlots = schema.classes['mapping']?.slots ?? [];
  const curieMap = (metadata.curie_map ?? {}) as Record<string, unknown>;
  const usedPrefixes = new Set<string>();

  const checkValue = (where: string, slot: string, value: string): void => {
    const spec = schema.slots[slot];
    if (!spec) return;
    if (value === '') {
      problems.push(`${where}: ${slot} is empty`);
      return;
    }
    if (/[\t\n\r]/.test(value)) problems.push(`${where}: ${slot} holds a tab or a line break`);
    const range = spec.range;
    const type = schema.types[range]?.typeof ?? range;
    if (type === 'uriorcurie') {
      const m = /^([A-Za-z_][A-Za-z0-9_.-]*):([^\s]*)$/.exec(value);
      if (!m) problems.push(`${where}: ${slot} "${value}" is not a CURIE`);
      else if (!(m[1] as string in curieMap)) problems.push(`${where}: ${slot} "${value}": prefix "${m[1]}" is not in the curie_map`);
      else usedPrefixes.add(m[1] as string);
    } else if (type === 'uri') {
      // An absolute URI: a scheme and a hierarchical part (a CURIE such as car:x is not one).
      if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s<>"{}|\\^`]+$|^(urn|mailto):\S+$/.test(value)) problems.push(`${where}: ${slot} "${value}" is not an absolute URI`);
    } else if (type === 'date') {
      const time = Date.parse(`${value}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) problems.push(`${where}: ${slot} "${value}" is not an ISO date`);
    } else if (type === 'double') {
      if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) problems.push(`${where}: ${slot} "${value}" is not a number`);
    } else if (schema.enums[range]) {
      if (!Object.hasOwn(schema.enums[range].permissible_values, value)) problems.push(`${where}: ${slot} "${value}" is not a permissible value of ${range}`);
    }
    if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(value)) problems.push(`${where}: ${slot} "${value}" does not match ${spec.pattern}`);
  };

  // The metadata block: slots of a mapping set, required ones present, lists where multivalued.
  for (const [key, value] of Object.entries(metadata)) {
    if (!setSlots.includes(key)) {
      problems.push(`metadata: "${key}" is not a slot of a mapping set`);
      continue;
    }
    if (key === 'curie_map') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push('metadata: curie_map is not a map');
      else for (const [prefix, ns] of Object.entries(value)) if (typeof ns !== 'string' || !/^https?:\/\/\S+[/#_]$/.test(ns)) problems.push(`metadata: curie_map ${prefix}: "${String(ns)}" is not a namespace IRI`);
      continue;
    }
    const spec = schema.slots[key];
    if (spec?.multivalued) {
      if (!Array.isArray(value)) problems.push(`metadata: ${key} is multivalued and must be a list`);
      else for (const v of value) checkValue('metadata', key, typeof v === 'string' ? v : String(v));
    } else if (typeof value !== 'string') {
      problems.push(`metadata: ${key} must be a single text, got ${Array.isArray(value) ? 'a list' : typeof value}`);
    } else {
      checkValue('metadata', key, value);
    }
  }
  for (const slot of setSlots) {
    const required = schema.slots[slot]?.required || schema.classes['mapping set']?.slot_usage?.[slot]?.required;
    if (required && !(slot in metadata)) problems.push(`metadata: the required slot ${slot} is missing`);
  }

  // The table: columns are slots of a mapping; the required ones, and subject_id and object_id (no literal mappings here).
  for (const column of columns) if (!mappingSlots.includes(column)) problems.push(`header: "${column}" is not a slot of a mapping`);
  if (new Set(columns).size !== columns.length) problems.push('header: a column appears twice');
  const requiredColumns = mappingSlots.filter((slot) => schema.slots[slot]?.required).concat(['subject_id', 'object_id']);
  for (const slot of requiredColumns) if (!columns.includes(slot)) problems.push(`header: the required column ${slot} is missing`);
  for (const { line, cells } of rows) {
    if (cells.length !== columns.length) {
      problems.push(`line ${line}: ${cells.length} cells for ${columns.length} columns`);
      continue;
    }
    cells.forEach((value, i) => {
      const slot = columns[i] as string;
      if (value === '' && !requiredColumns.includes(slot)) return;
      const values = schema.slots[slot]?.multivalued ? value.split('|') : [value];
      for (const v of values) checkValue(`line ${line}`, slot, v);
    });
  }

  const declared = Object.keys(curieMap);
  const unused = declared.filter((p) => !usedPrefixes.has(p));
  if (unused.length > 0) problems.push(`metadata: the curie_map declares prefixes no CURIE uses: ${unused.join(', ')}`);
  return problems;
}
