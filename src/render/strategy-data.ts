// Reads the strategy's structure from the rows of the site's own queries (queries/site/*.rq, answered by the
// query stage) into plain records; and turns those records into the data of the diagrams (strategy map, crosswalk
// matrix).
import type * as RDF from '@rdfjs/types';
import type { LayeredDiagram, MatrixDiagram, DiagramNode, MatrixColumn, MatrixRow } from './diagrams.ts';
import type { Row } from '../query/query.ts';
import { DEFAULT_BASE_IRI, ONTOLOGY_PATH, STANDARD_PREFIXES } from '../prefixes.ts';

const CARO = DEFAULT_BASE_IRI + ONTOLOGY_PATH;
const { sdgo: SDGO, skos: SKOS } = STANDARD_PREFIXES;

/**
 * The kinds of resource drawn in the diagrams, by local name (caro:, sdgo: or skos:); a ConceptScheme is a scheme that
 * names areas of concern of the strategy as a whole (caro:hasStrategyAreaOfConcern).
 */
export type NodeKind = 'Vision' | 'Mission' | 'StrategicPriority' | 'KeyAreaOfConcern' | 'CrossCuttingAreaOfConcern' | 'Article' | 'GeneralPrinciple' | 'OptionalProtocol' | 'Target' | 'ConceptScheme';

export interface NodeRecord {
  readonly iri: string;
  readonly kinds: readonly NodeKind[];
  readonly label: string;
  readonly notation?: string;
  /** The article number, for UNCRC articles. */
  readonly number?: number;
  readonly detail?: string;
  /** The notation is this project's own, not the source's (caro:editorialProperty skos:notation). */
  readonly editorial?: boolean;
}

const LINK_PROPERTIES = ['hasAreaOfConcern', 'hasStrategyAreaOfConcern', 'addressesRight'] as const;

/** What the diagrams and the coverage figures are made from. */
export type StrategyRecords = ReturnType<typeof readStrategyRecords>;

/** The site's own queries, by the file name under queries/site/. */
export const SITE_QUERIES = {
  nodes: 'diagram-nodes.rq',
  links: 'diagram-links.rq',
  alignments: 'crosswalk-alignments.rq',
  classCounts: 'void-classes.rq',
  statistics: 'void-statistics.rq',
  dataVersion: 'data-version.rq',
  defaultQuery: 'query-page-default.rq',
} as const;

/** The site's queries that the query stage answers (all but the query page's default, which is only shown). */
export type SiteQueryName = Exclude<keyof typeof SITE_QUERIES, 'defaultQuery'>;

export const SITE_QUERY_NAMES: readonly SiteQueryName[] = ['nodes', 'links', 'alignments', 'classCounts', 'statistics', 'dataVersion'];

/** The rows of each of the site's queries, by name. */
export type SiteQueryRows = Readonly<Record<SiteQueryName, readonly Row[]>>;

/** Map a value for each of the site's queries (rows to plain data and back, between threads), keeping the names. */
export function mapSiteQueries<A, B>(values: Readonly<Record<SiteQueryName, A>>, map: (value: A, name: SiteQueryName) => B): Record<SiteQueryName, B> {
  return Object.fromEntries(SITE_QUERY_NAMES.map((name) => [name, map(values[name], name)])) as Record<SiteQueryName, B>;
}

function text(row: Row, name: string): string | undefined {
  return row[name]?.value;
}

function localName(term: RDF.Term | undefined, namespace: string): string | undefined {
  return term && term.termType === 'NamedNode' && term.value.startsWith(namespace) ? term.value.slice(namespace.length) : undefined;
}

/** Compare strings with their digit runs as numbers ("P1.10" after "P1.9"); plain code-point order otherwise. */
export function compareNatural(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (/^\d/.test(x) && /^\d/.test(y) && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (x !== y) return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Merge the rows of diagram-nodes.rq (one per resource and kind) into one record per resource, sorted by IRI. */
export function readNodes(rows: readonly Row[]): NodeRecord[] {
  const byIri = new Map<string, { kinds: Set<NodeKind>; label?: string; notation?: string; number?: number; detail?: string; editorial?: boolean }>();
  for (const row of rows) {
    const iri = text(row, 'node');
    const kind = (localName(row.kind, CARO) ?? localName(row.kind, SDGO) ?? localName(row.kind, SKOS)) as NodeKind | undefined;
    if (!iri || !kind) continue;
    const entry = byIri.get(iri) ?? { kinds: new Set<NodeKind>() };
    entry.kinds.add(kind);
    entry.label ??= text(row, 'label');
    entry.notation ??= text(row, 'notation');
    const number = text(row, 'number');
    if (number !== undefined && entry.number === undefined) entry.number = Number(number);
    entry.detail ??= text(row, 'detail');
    if (text(row, 'editorial') === 'true') entry.editorial = true;
    byIri.set(iri, entry);
  }
  return [...byIri.entries()]
    .sort(([a], [b]) => compareNatural(a, b))
    .map(([iri, e]) => ({
      iri,
      kinds: [...e.kinds].sort(),
      label: e.label ?? iri,
      ...(e.notation !== undefined ? { notation: e.notation } : {}),
      ...(e.number !== undefined ? { number: e.number } : {}),
      ...(e.detail !== undefined ? { detail: e.detail } : {}),
      ...(e.editorial ? { editorial: true } : {}),
    }));
}

/** Read the rows of diagram-links.rq. */
export function readLinks(rows: readonly Row[]) {
  return rows.flatMap((row) => {
    const from = text(row, 'from');
    const to = text(row, 'to');
    const property = localName(row.property, CARO);
    const known = LINK_PROPERTIES.find((p) => p === property);
    return from && to && known ? [{ from, to, property: known }] : [];
  });
}

/** Read the rows of crosswalk-alignments.rq. */
export function readAlignments(rows: readonly Row[]) {
  return rows.flatMap((row) => {
    const iri = text(row, 'alignment');
    const subject = text(row, 'subject');
    const object = text(row, 'object');
    const property = localName(row.property, CARO);
    if (!iri || !subject || !object || (property !== 'addressesRight' && property !== 'contributesToTarget')) return [];
    const rationale = text(row, 'rationale');
    return [{ iri, label: text(row, 'label') ?? iri, subject, property, object, ...(rationale !== undefined ? { rationale } : {}) }];
  });
}

/** Read everything the diagrams and the coverage figures need from the rows of the site's queries. */
export function readStrategyRecords(rows: SiteQueryRows) {
  return { nodes: readNodes(rows.nodes), links: readLinks(rows.links), alignments: readAlignments(rows.alignments) };
}

/** Whether a node is of any of the given kinds. */
export function hasKind(node: NodeRecord, ...kinds: NodeKind[]): boolean {
  return node.kinds.some((k) => kinds.includes(k));
}

/** Order nodes for display: by notation (naturally), then UNCRC articles by number, then by IRI. */
export function compareNodes(a: NodeRecord, b: NodeRecord): number {
  if (a.number !== undefined && b.number !== undefined && a.number !== b.number) return a.number - b.number;
  return compareNatural(a.notation ?? '', b.notation ?? '') || compareNatural(a.iri, b.iri);
}

/** Order areas of concern: the key areas (under one priority) first, then the others, each by notation. */
export function compareAreas(a: NodeRecord, b: NodeRecord): number {
  const rank = (n: NodeRecord): number => (hasKind(n, 'KeyAreaOfConcern') ? 0 : 1);
  return rank(a) - rank(b) || compareNodes(a, b);
}

function toDiagramNode(node: NodeRecord, linkTo: (iri: string) => string, notation?: string): DiagramNode {
  const code = notation ?? node.notation;
  const editorial = node.editorial === true && code !== undefined && code !== '' && code === node.notation;
  return {
    iri: node.iri,
    label: node.label,
    href: linkTo(node.iri),
    ...(code ? { notation: code } : {}),
    ...(editorial ? { editorialNotation: true } : {}),
    ...(node.detail ? { detail: node.detail } : {}),
  };
}

function articleCode(node: NodeRecord): string | undefined {
  return node.number !== undefined ? `Art. ${node.number}` : node.notation;
}

/** What the diagrams say about their codes: P1, P1.1, A1 … are this project's, not the strategy's. */
export const EDITORIAL_CODES_NOTE =
  'The codes P1–P3, P1.1–P1.5 and A1–A6 are editorial: this project numbers the priorities and areas to organise the data; the strategy numbers nothing.';

/**
 * The strategy map: vision → mission → priorities → areas of concern → the UNCRC articles the areas address.
 * The first two steps are the strategy's structure (the mission serves the vision, the priorities carry out the
 * mission); the others are the graph's caro:hasAreaOfConcern, caro:hasStrategyAreaOfConcern and caro:addressesRight
 * links. The areas of the strategy as a whole hang from the scheme of the priorities, drawn beside the priorities.
 */
export function buildStrategyMap(records: StrategyRecords, linkTo: (iri: string) => string): LayeredDiagram {
  const of = (...kinds: NodeKind[]): NodeRecord[] => records.nodes.filter((n) => hasKind(n, ...kinds));
  const visions = of('Vision').sort(compareNodes);
  const missions = of('Mission').sort(compareNodes);
  const priorities = of('StrategicPriority').sort(compareNodes);
  const schemes = of('ConceptScheme').sort(compareNodes);
  const areas = of('KeyAreaOfConcern', 'CrossCuttingAreaOfConcern').sort(compareAreas);
  const areaSet = new Set(areas.map((a) => a.iri));
  const parentSet = new Set([...priorities, ...schemes].map((p) => p.iri));
  const areaLinks = records.links.filter((l) => (l.property === 'hasAreaOfConcern' || l.property === 'hasStrategyAreaOfConcern') && parentSet.has(l.from) && areaSet.has(l.to));
  const strategyAreas = new Set(areaLinks.filter((l) => l.property === 'hasStrategyAreaOfConcern').map((l) => l.to));
  const articleLinks = records.links.filter((l) => l.property === 'addressesRight' && areaSet.has(l.from));
  const touched = new Set(articleLinks.map((l) => l.to));
  const articles = of('Article').filter((a) => touched.has(a.iri)).sort(compareNodes);
  const articleSet = new Set(articles.map((a) => a.iri));
  const edges = [
    ...visions.flatMap((v) => missions.map((m) => ({ from: v.iri, to: m.iri }))),
    ...missions.flatMap((m) => priorities.map((p) => ({ from: m.iri, to: p.iri }))),
    ...areaLinks.map((l) => ({ from: l.from, to: l.to })),
    ...articleLinks.filter((l) => articleSet.has(l.to)).map((l) => ({ from: l.from, to: l.to })),
  ];
  return {
    id: 'strategy-map',
    title: 'Strategy map: from the vision to the rights of the child',
    description:
      `Read from left to right: the vision; the mission that serves it; the ${priorities.length} strategic priorities that carry out the mission; ` +
      `the ${areas.length - strategyAreas.size} key areas of concern under their priority, and the ${strategyAreas.size} areas of concern that the strategy names for itself as a whole, under no priority ` +
      `(drawn from the box of the priorities' scheme); and the ${articles.length} articles of the UN Convention on the Rights of the Child that the areas address. ` +
      `Each box links to its page. The table below the map gives the same links. ${EDITORIAL_CODES_NOTE}`,
    columns: [
      { title: 'Vision', nodes: visions.map((n) => toDiagramNode(n, linkTo, '')), showDetail: true },
      { title: 'Mission', nodes: missions.map((n) => toDiagramNode(n, linkTo, '')), showDetail: true },
      { title: 'Priorities', nodes: [...priorities, ...schemes].map((n) => toDiagramNode(n, linkTo)) },
      { title: 'Areas of concern', nodes: areas.map((n) => toDiagramNode(n, linkTo)) },
      { title: 'UNCRC articles', nodes: articles.map((n) => toDiagramNode(n, linkTo, articleCode(n))) },
    ],
    edges,
  };
}

/**
 * The crosswalk matrix: priorities and areas of concern (rows) × the UNCRC articles (the general principles always,
 * others when linked), Optional Protocols and SDG targets they are linked to (columns). Each filled cell links to
 * the alignment that gives the rationale.
 */
export function buildCrosswalkMatrix(records: StrategyRecords, linkTo: (iri: string) => string): MatrixDiagram {
  const nodes = new Map(records.nodes.map((n) => [n.iri, n]));
  const objects = new Set(records.alignments.map((a) => a.object));
  const rowNodes = [
    ...records.nodes.filter((n) => hasKind(n, 'StrategicPriority')).sort(compareNodes).map((n) => ({ n, group: 'Strategic priorities' })),
    ...records.nodes.filter((n) => hasKind(n, 'KeyAreaOfConcern')).sort(compareNodes).map((n) => ({ n, group: 'Key areas of concern' })),
    ...records.nodes.filter((n) => hasKind(n, 'CrossCuttingAreaOfConcern')).sort(compareNodes).map((n) => ({ n, group: 'Areas of concern of the strategy as a whole' })),
  ];
  const rows: MatrixRow[] = rowNodes.map(({ n, group }) => ({ ...toDiagramNode(n, linkTo), group }));
  const column = (n: NodeRecord, group: string, short: string, notation: string | undefined, emphasis = false): MatrixColumn => ({
    ...toDiagramNode(n, linkTo, notation),
    group,
    short,
    ...(emphasis ? { emphasis } : {}),
  });
  const articles = records.nodes
    .filter((n) => hasKind(n, 'Article') && (objects.has(n.iri) || hasKind(n, 'GeneralPrinciple')))
    .sort(compareNodes)
    .map((n) => column(n, 'UNCRC articles', String(n.number ?? n.notation ?? ''), articleCode(n), hasKind(n, 'GeneralPrinciple')));
  const protocols = records.nodes
    .filter((n) => hasKind(n, 'OptionalProtocol') && objects.has(n.iri))
    .sort(compareNodes)
    .map((n) => column(n, 'Optional Protocols', n.notation ?? '', n.notation));
  const targets = records.nodes
    .filter((n) => hasKind(n, 'Target') && objects.has(n.iri))
    .sort(compareNodes)
    .map((n) => column(n, 'SDG targets', n.notation ?? '', n.notation ? `SDG ${n.notation}` : undefined));
  const columns = [...articles, ...protocols, ...targets];
  const rowSet = new Set(rows.map((r) => r.iri));
  const columnSet = new Set(columns.map((c) => c.iri));
  const cells = records.alignments
    .filter((a) => rowSet.has(a.subject) && columnSet.has(a.object))
    .map((a) => ({ row: a.subject, column: a.object, href: linkTo(a.iri), label: a.label }));
  const unknown = records.alignments.find((a) => !nodes.has(a.subject) || !nodes.has(a.object));
  if (unknown) throw new Error(`Crosswalk matrix: ${unknown.iri} links resources that the diagram query did not return (${unknown.subject}, ${unknown.object})`);
  return {
    id: 'crosswalk-matrix',
    title: 'Crosswalk matrix: priorities and areas of concern × UNCRC and SDG targets',
    description:
      `Rows: the ${rows.length} strategic priorities and areas of concern. Columns: the UNCRC articles (the general principles, in bold, always shown), ` +
      `the Optional Protocols and the SDG targets that at least one row is linked to. Each of the ${cells.length} filled squares links to the page that gives the rationale of that link. ` +
      `Withdrawn links (owl:deprecated) are left out. ${EDITORIAL_CODES_NOTE}`,
    rows,
    columns,
    cells,
    emphasisLegend: `UNCRC general principles (articles ${records.nodes
      .filter((n) => hasKind(n, 'GeneralPrinciple'))
      .sort(compareNodes)
      .map((n) => n.number ?? n.notation)
      .join(', ')})`,
  };
}
