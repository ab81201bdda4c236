// The crosswalk as an SSSOM mapping set (SSSOM/TSV, version 1.0 of the specification): one row per current
// caro:Alignment (a withdrawn one, owl:deprecated, is left out), under a metadata block of `#`-prefixed YAML lines
// with the CURIE map. The crosswalk says that a priority or area of concern addresses a UNCRC provision or
// contributes to an SDG target, not that the two mean the same: every row's predicate is skos:relatedMatch, the weak
// mapping predicate, never an exact or close match. The links are this project's interpretation, so the justification
// is semapv:ManualMappingCuration and the rationale of each link is its comment. Pure and deterministic: the same
// graph and options give the same bytes (rows sorted, no clock). site/docs/data-model.md, "The crosswalk as a mapping
// set", says how to load it.
import { DataFactory } from 'n3';
import { stringify } from 'yaml';
import type { GraphStore, Term } from '../load/graph-store.ts';
import { createPrefixes, DEFAULT_BASE_IRI, MAPPING_PREFIXES, ONTOLOGY_PATH, STANDARD_PREFIXES as NS, type PrefixMap } from '../prefixes.ts';
import { findDatasetDates } from './dataset.ts';
import { compareStrings } from './describe.ts';

const { namedNode } = DataFactory;

/** The mapping set's path under the base (its address and its mapping_set_id). */
export const CROSSWALK_SSSOM_PATH = 'downloads/cbss-car-crosswalk.sssom.tsv';

/** The media type of SSSOM/TSV (a tab-separated table). */
export const SSSOM_MEDIA_TYPE = 'text/tab-separated-values';

/** The SSSOM specification, which the file conforms to (its dct:conformsTo in the dataset description). */
export const SSSOM_SPECIFICATION = 'https://w3id.org/sssom/';

/** The mapping predicate of every row. */
export const CROSSWALK_PREDICATE = `${NS.skos}relatedMatch`;

/** The mapping justification of every row: the links were chosen and written by people (SEMAPV). */
export const CROSSWALK_JUSTIFICATION = `${MAPPING_PREFIXES.semapv}ManualMappingCuration`;

/** The columns of the table, in order. */
export const SSSOM_COLUMNS = ['subject_id', 'subject_label', 'predicate_id', 'object_id', 'object_label', 'mapping_justification', 'comment', 'see_also'] as const;

export interface SssomOptions {
  /** The base IRI the graph was loaded under (the default base when not given). */
  readonly baseIri?: string;
  /** The release the file belongs to (its mapping_set_version); without one, the date of the data is the version. */
  readonly version?: string;
  /** The release's date, ISO 8601 (its publication_date). */
  readonly date?: string;
  /** Where the file is published, under the base (its mapping_set_id); CROSSWALK_SSSOM_PATH when not given. */
  readonly path?: string;
}

/** One alignment of the crosswalk as a mapping: full IRIs and labels, before they are written as CURIEs. */
export interface CrosswalkMapping {
  /** The caro:Alignment. */
  readonly alignment: string;
  readonly subject: string;
  readonly subjectLabel: string | undefined;
  readonly object: string;
  readonly objectLabel: string | undefined;
  readonly rationale: string | undefined;
}

/** Whether the graph has a crosswalk (any caro:Alignment), and so a mapping set to publish. */
export function hasCrosswalk(store: GraphStore, baseIri: string = DEFAULT_BASE_IRI): boolean {
  return store.countQuads(null, namedNode(`${NS.rdf}type`), namedNode(`${baseIri}${ONTOLOGY_PATH}Alignment`), null) > 0;
}

/** The crosswalk's current alignments (not owl:deprecated), with the labels of their two ends, sorted by alignment IRI. */
export function listCrosswalkMappings(store: GraphStore, baseIri: string = DEFAULT_BASE_IRI): CrosswalkMapping[] {
  const caro = baseIri + ONTOLOGY_PATH;
  const one = (subject: Term, property: string): Term | undefined => store.getObjects(subject, namedNode(property), null)[0];
  const mappings: CrosswalkMapping[] = [];
  for (const alignment of store.getSubjects(namedNode(`${NS.rdf}type`), namedNode(`${caro}Alignment`), null)) {
    if (alignment.termType !== 'NamedNode') continue;
    if (store.getObjects(alignment, namedNode(`${NS.owl}deprecated`), null).some((t) => t.value === 'true')) continue;
    const subject = one(alignment, `${caro}alignmentSubject`);
    const object = one(alignment, `${caro}alignmentObject`);
    if (subject?.termType !== 'NamedNode' || object?.termType !== 'NamedNode') {
      throw new Error(`${alignment.value}: an alignment needs a caro:alignmentSubject and a caro:alignmentObject that are IRIs to become a mapping`);
    }
    mappings.push({
      alignment: alignment.value,
      subject: subject.value,
      subjectLabel: findLabel(store, subject),
      object: object.value,
      objectLabel: findLabel(store, object),
      rationale: findText(store, alignment, `${caro}rationale`),
    });
  }
  return mappings.sort((a, b) => compareStrings(a.alignment, b.alignment));
}

/** The crosswalk as SSSOM/TSV: the metadata block (YAML, every line `#`-prefixed), the header row, one row per alignment. */
export function renderSssom(store: GraphStore, options: SssomOptions = {}): string {
  const baseIri = options.baseIri ?? DEFAULT_BASE_IRI;
  const prefixes: PrefixMap = { ...createPrefixes(baseIri), ...MAPPING_PREFIXES };
  const used = new Set<string>();
  const compact = makeCompactor(prefixes);
  const curie = (iri: string): string => {
    const { prefix, value } = compact(iri);
    used.add(prefix);
    return value;
  };

  const rows = listCrosswalkMappings(store, baseIri)
    .map((m) => ({ subject: curie(m.subject), object: curie(m.object), m }))
    .sort((a, b) => compareStrings(naturalKey(a.subject), naturalKey(b.subject)) || compareStrings(naturalKey(a.object), naturalKey(b.object)))
    .map(({ subject, object, m }) => [subject, m.subjectLabel, curie(CROSSWALK_PREDICATE), object, m.objectLabel, curie(CROSSWALK_JUSTIFICATION), m.rationale, m.alignment]);

  const ontology = namedNode(`${baseIri}ontology`);
  const license = store.getObjects(ontology, namedNode(`${NS.dct}license`), null).find((t) => t.termType === 'NamedNode')?.value;
  if (license === undefined) throw new Error(`${baseIri}ontology has no dct:license: an SSSOM mapping set must name its licence`);
  const creator = findText(store, ontology, `${NS.dct}creator`);
  const { modified } = findDatasetDates(store, baseIri);
  const version = options.version ?? modified;
  const creatorId = creator === undefined ? undefined : curie(baseIri);

  const metadata: Record<string, unknown> = {
    curie_map: Object.fromEntries([...used].sort(compareStrings).map((p) => [p, prefixes[p]])),
    mapping_set_id: baseIri + (options.path ?? CROSSWALK_SSSOM_PATH),
    ...(version !== undefined ? { mapping_set_version: version } : {}),
    mapping_set_title: 'CBSS Children at Risk crosswalk: strategic priorities and areas of concern to the UNCRC and the SDG targets',
    mapping_set_description:
      'Each strategic priority and area of concern of the CBSS Expert Group on Children at Risk’s Regional Strategy July 2020 – June 2025 ' +
      'linked to the articles and Optional Protocols of the UN Convention on the Rights of the Child it serves and to the Sustainable ' +
      'Development Goal targets it contributes to, with the rationale of each link in comment and its page in see_also. The links are ' +
      'the interpretation of the linked-data project, not statements of the CBSS. skos:relatedMatch: a concept addresses a provision or ' +
      'contributes to a target, which is not equivalence. Withdrawn links are left out. ' +
      (options.version !== undefined ? `mapping_set_version is the release ${options.version}.` : 'mapping_set_version is the date of the data (no release was given).'),
    ...(creatorId !== undefined ? { creator_id: [creatorId], creator_label: [creator] } : {}),
    license,
    ...(modified !== undefined ? { mapping_date: modified } : {}),
    ...(options.date !== undefined ? { publication_date: options.date } : {}),
  };
  // YAML 1.1, the version the SSSOM tools' YAML readers follow, so that a date-like version stays a string.
  const yamlText = stringify(metadata, { version: '1.1', lineWidth: 0 });
  const header = yamlText.trimEnd().split('\n').map((line) => `#${line}\n`).join('');
  return header + [SSSOM_COLUMNS, ...rows].map((row) => row.map(cell).join('\t') + '\n').join('');
}

/** Make a function that writes an IRI as a CURIE with the longest namespace that covers it, and throws naming the IRI when none does. */
function makeCompactor(prefixes: PrefixMap): (iri: string) => { prefix: string; value: string } {
  // Longest namespace first (ties by prefix): the first that covers the IRI gives the CURIE, unless the rest holds
  // white space or a character no IRI may hold, or "|", which separates the values of a multivalued SSSOM/TSV cell.
  const entries = Object.entries(prefixes).sort(([a, x], [b, y]) => y.length - x.length || compareStrings(a, b));
  return (iri) => {
    for (const [prefix, ns] of entries) {
      if (iri.startsWith(ns) && /^[^\s|<>"{}\\^`]*$/.test(iri.slice(ns.length))) return { prefix, value: `${prefix}:${iri.slice(ns.length)}` };
    }
    throw new Error(`${iri}: no prefix of src/prefixes.ts gives it a CURIE, which SSSOM/TSV needs for every entity`);
  };
}

/** A table cell: SSSOM/TSV has no quoting, so a tab or a line break inside a text becomes a space. */
function cell(value: string | undefined): string {
  return (value ?? '').replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ');
}

/** The best label of a term: skos:prefLabel, else rdfs:label; English first, then untagged, then any; ties by text. */
function findLabel(store: GraphStore, term: Term): string | undefined {
  return findText(store, term, `${NS.skos}prefLabel`) ?? findText(store, term, `${NS.rdfs}label`);
}

function findText(store: GraphStore, term: Term, property: string): string | undefined {
  const rank = (lang: string): number => (lang === 'en' ? 0 : lang === '' ? 1 : 2);
  return store
    .getObjects(term, namedNode(property), null)
    .filter((t) => t.termType === 'Literal')
    .sort((a, b) => rank((a as { language: string }).language) - rank((b as { language: string }).language) || compareStrings(a.value, b.value))[0]?.value;
}

/** Numbers inside a CURIE sort by value (article:3 before article:12). */
function naturalKey(text: string): string {
  return text.replace(/\d+/g, (d) => d.padStart(8, '0'));
}
