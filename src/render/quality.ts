// The data-quality report: what the SHACL shapes and the SPARQL checks found, how many resources of each class the
// graph holds, how much each source text is quoted, how far the crosswalk reaches (areas, articles, general
// principles, targets), the dataset's statistics, and the data's version and dates, taken from the data itself (never
// from the clock).
import type { Check, Severity, ValidationReport } from '../validate/validate.ts';
import { DataFactory } from 'n3';
import type { GraphStore } from '../load/graph-store.ts';
import { ONTOLOGY_PATH, STANDARD_PREFIXES as NS, type PrefixMap } from '../prefixes.ts';
import type { Row } from '../query/query.ts';
import { displayTerm } from '../query/result-formats.ts';
import { compareStrings } from '../describe/describe.ts';
import { groupBy } from './diagrams.ts';
import { compareAreas, compareNatural, compareNodes, hasKind, type NodeRecord, type StrategyRecords } from './strategy-data.ts';

export interface VersionRecord {
  readonly resource: string;
  /** The resource in prefixed form, for display. */
  readonly name: string;
  /** Its kinds (owl:Ontology, dcat:Dataset, void:Dataset), prefixed, sorted. */
  readonly kinds: readonly string[];
  readonly version?: string;
  readonly issued?: string;
  readonly modified?: string;
}

/** The whole report, as the quality page prints it. */
export type QualityReport = ReturnType<typeof buildQualityReport>;

export interface QualityInput {
  readonly report: ValidationReport;
  readonly checks: readonly Check[];
  readonly records: StrategyRecords;
  readonly classCountRows: readonly Row[];
  readonly versionRows: readonly Row[];
  readonly sources: ReturnType<typeof countQuotesBySource>;
  /** The dataset's statistics (VoID), as computed for .well-known/void. */
  readonly statistics: readonly { readonly label: string; readonly value: number }[];
  readonly prefixes: PrefixMap;
}

function display(iri: string, prefixes: PrefixMap): string {
  return iri.startsWith('_:') ? iri : displayTerm(DataFactory.namedNode(iri), prefixes).replace(/^<(.*)>$/, '$1');
}

/** Read the rows of class-counts.rq: one entry per class, largest first (ties by name). */
export function readClassCounts(rows: readonly Row[], prefixes: PrefixMap) {
  return rows
    .flatMap((row) => {
      const iri = row.class?.value;
      const count = Number(row.count?.value);
      if (!iri || !Number.isFinite(count)) return [];
      const label = row.label?.value;
      return [{ iri, name: display(iri, prefixes), ...(label ? { label } : {}), count }];
    })
    .sort((a, b) => b.count - a.count || compareNatural(a.name, b.name));
}

const STATISTIC_LABELS: Readonly<Record<string, string>> = {
  triples: 'Triples',
  entities: 'Entities (resources under the base IRI)',
  distinctSubjects: 'Distinct subjects',
  distinctObjects: 'Distinct objects',
  properties: 'Properties used',
  classes: 'Classes used',
};

/** Read the rows of void-statistics.rq (the figures of the dataset's VoID description), in a fixed order. */
export function readStatistics(rows: readonly Row[]): { label: string; value: number }[] {
  const order = Object.keys(STATISTIC_LABELS);
  return rows
    .flatMap((row) => {
      const key = row.property?.value.replace(/^.*[#/]/, '') ?? '';
      const value = Number(row.value?.value);
      return STATISTIC_LABELS[key] !== undefined && Number.isFinite(value) ? [{ key, label: STATISTIC_LABELS[key]!, value }] : [];
    })
    .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key))
    .map(({ label, value }) => ({ label, value }));
}

/** Read the rows of data-version.rq: one record per resource (a dataset is both a dcat:Dataset and a void:Dataset), sorted. */
export function readVersions(rows: readonly Row[], prefixes: PrefixMap): VersionRecord[] {
  const byResource = new Map<string, { kinds: Set<string>; values: Record<string, string> }>();
  for (const row of rows) {
    const resource = row.resource?.value;
    const kind = row.kind?.value;
    if (!resource || !kind) continue;
    const entry = byResource.get(resource) ?? { kinds: new Set<string>(), values: {} };
    entry.kinds.add(display(kind, prefixes));
    for (const name of ['version', 'issued', 'modified']) {
      const value = row[name]?.value;
      if (value !== undefined && (entry.values[name] === undefined || value > entry.values[name]!)) entry.values[name] = value;
    }
    byResource.set(resource, entry);
  }
  return [...byResource.entries()]
    .sort(([a], [b]) => compareNatural(a, b))
    .map(([resource, e]) => ({ resource, name: display(resource, prefixes), kinds: [...e.kinds].sort(), ...e.values }));
}

/** The headline version and dates: the dataset's where it states them, else the ontology's; the latest date wins a tie. */
export function pickVersion(versions: readonly VersionRecord[]): { version?: string; issued?: string; modified?: string } {
  const rank = (v: VersionRecord): number => (v.kinds.some((k) => /Dataset$/.test(k)) ? 0 : 1);
  const sorted = [...versions].sort((a, b) => rank(a) - rank(b) || compareStrings(b.modified ?? '', a.modified ?? ''));
  const first = <K extends 'version' | 'issued' | 'modified'>(key: K): Record<string, string> => {
    const found = sorted.find((v) => v[key] !== undefined)?.[key];
    return found !== undefined ? { [key]: found } : {};
  };
  return { ...first('version'), ...first('issued'), ...first('modified') };
}

// What an item of the coverage is linked to (for concepts) or linked from (for articles, protocols, targets).
function item(node: NodeRecord, links: readonly string[]) {
  return { iri: node.iri, label: node.label, ...(node.notation ? { notation: node.notation } : {}), ...(node.editorial ? { editorial: true } : {}), links };
}

/**
 * How far the crosswalk reaches: the priorities and areas linked to at least one UNCRC provision and one SDG target,
 * the articles, general principles, Optional Protocols and SDG targets that at least one alignment points to.
 */
export function computeCoverage(records: StrategyRecords) {
  const nodes = new Map(records.nodes.map((n) => [n.iri, n]));
  const name = (iri: string): string => {
    const n = nodes.get(iri);
    if (!n) return iri;
    if (n.number !== undefined) return `Article ${n.number}`;
    return n.notation ? `${n.notation} ${n.label}` : n.label;
  };
  const sortedNames = (iris: readonly string[]): string[] => [...new Set(iris)].map((i) => nodes.get(i)).filter((n): n is NodeRecord => !!n).sort(compareNodes).map((n) => name(n.iri));
  // Each alignment indexed once by subject and property, and by object (in the alignments' order): filtering them all
  // for every concept and target was quadratic (7.4 s of 15 s for the research tools at 30,000 resources).
  const bySubject = groupBy(records.alignments, (a) => `${a.property} ${a.subject}`);
  const byObject = groupBy(records.alignments, (a) => a.object);
  const outgoing = (iri: string, property: 'addressesRight' | 'contributesToTarget'): string[] => (bySubject.get(`${property} ${iri}`) ?? []).map((a) => a.object);
  const incoming = (iri: string): string[] => (byObject.get(iri) ?? []).map((a) => a.subject);
  const of = (...kinds: Parameters<typeof hasKind>[1][]): NodeRecord[] => records.nodes.filter((n) => hasKind(n, ...kinds)).sort(compareNodes);

  const concepts = (title: string, list: NodeRecord[]) => {
    const items = list.map((n) => item(n, [...sortedNames(outgoing(n.iri, 'addressesRight')), ...sortedNames(outgoing(n.iri, 'contributesToTarget'))]));
    const missing = list.filter((n) => outgoing(n.iri, 'addressesRight').length === 0 || outgoing(n.iri, 'contributesToTarget').length === 0).map((n) => n.iri);
    return { title, total: list.length, covered: list.length - missing.length, items, missing };
  };
  const targets = (title: string, list: NodeRecord[]) => {
    const items = list.map((n) => item(n, sortedNames(incoming(n.iri))));
    const missing = items.filter((i) => i.links.length === 0).map((i) => i.iri);
    return { title, total: list.length, covered: list.length - missing.length, items, missing };
  };
  return [
    concepts('Strategic priorities linked to both a UNCRC provision and an SDG target', of('StrategicPriority')),
    concepts('Areas of concern linked to both a UNCRC provision and an SDG target', of('KeyAreaOfConcern', 'CrossCuttingAreaOfConcern').sort(compareAreas)),
    targets('UNCRC general principles addressed', of('GeneralPrinciple')),
    targets('UNCRC articles addressed', of('Article')),
    targets('Optional Protocols addressed', of('OptionalProtocol')),
    targets('SDG targets contributed to', of('Target')),
  ];
}

/** Count, for each caro:SourceText (by label), the passages quoted from it, the resources quoting it and the paragraphs they come from. */
export function countQuotesBySource(store: GraphStore, baseIri: string, labelOf: (iri: string) => string, paragraphCounts: ReadonlyMap<string, number>) {
  const { namedNode } = DataFactory;
  const sources = store.getSubjects(namedNode(`${NS.rdf}type`), namedNode(`${baseIri}${ONTOLOGY_PATH}SourceText`), null).filter((s) => s.termType === 'NamedNode');
  return sources
    .map((source) => {
      const passages = store.getSubjects(namedNode(`${NS.oa}hasSource`), source, null);
      const resources = new Set<string>();
      const paragraphs = new Set<string>();
      for (const passage of passages) {
        for (const owner of store.getSubjects(namedNode(`${baseIri}${ONTOLOGY_PATH}quotedFrom`), passage, null)) resources.add(owner.value);
        for (const n of store.getObjects(passage, namedNode(`${baseIri}${ONTOLOGY_PATH}paragraph`), null)) paragraphs.add(n.value);
      }
      const total = paragraphCounts.get(source.value);
      return { iri: source.value, label: labelOf(source.value), quotes: passages.length, resources: resources.size, paragraphs: paragraphs.size, ...(total !== undefined ? { totalParagraphs: total } : {}) };
    })
    .sort((a, b) => compareNatural(a.label, b.label) || compareNatural(a.iri, b.iri));
}

/** What the validation found, per check and per problem, with terms shortened for reading. */
export function summarizeValidation(report: ValidationReport, checks: readonly Check[], prefixes: PrefixMap) {
  const counts: Record<Severity, number> = { Violation: 0, Warning: 0, Info: 0 };
  for (const v of report.violations) counts[v.severity]++;
  const problems = report.violations
    .map((v) => ({
      severity: v.severity,
      focus: display(v.anchor?.node ?? v.focusNode, prefixes) + (v.anchor ? ` / ${v.anchor.path.map((p) => display(p, prefixes)).join(' / ')}` : ''),
      ...(v.path ? { path: display(v.path, prefixes) } : {}),
      message: v.message,
      source: display(v.shape, prefixes),
    }))
    .sort((a, b) => compareNatural(`${a.severity} ${a.source} ${a.focus}`, `${b.severity} ${b.source} ${b.focus}`));
  const summaries = [...checks]
    .sort((a, b) => compareNatural(a.name, b.name))
    .map((c) => ({ name: c.name, file: c.file, title: c.title, severity: c.severity, failures: report.violations.filter((v) => v.shape === c.file).length }));
  return {
    conforms: report.conforms,
    counts,
    shapesChecked: report.shapesChecked,
    focusNodesChecked: report.focusNodesChecked,
    checksRun: report.checksRun,
    unusedShapes: [...report.unusedShapes].sort().map((s) => display(s, prefixes)),
    problems,
    checks: summaries,
  };
}

/** Gather the whole report from the validation report and the rows of the site's queries. */
export function buildQualityReport(input: QualityInput) {
  const versions = readVersions(input.versionRows, input.prefixes);
  return {
    ...pickVersion(versions),
    versions,
    validation: summarizeValidation(input.report, input.checks, input.prefixes),
    classCounts: readClassCounts(input.classCountRows, input.prefixes),
    sources: input.sources,
    coverage: computeCoverage(input.records),
    alignments: input.records.alignments.length,
    statistics: input.statistics,
  };
}
