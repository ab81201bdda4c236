// The one place where namespaces are declared. Writers, the JSON-LD @context,
// queries, shapes and pages all take their prefixes from here.

/** The base IRI under which every resource of ours is minted, unless BASE_IRI says otherwise. */
export const DEFAULT_BASE_IRI = 'https://w3id.org/cbss-car/';

/** The path, under the base, of the project's own ontology namespace (hash IRIs). */
export const ONTOLOGY_PATH = 'ontology#';

/** The path, under the base, of the SHACL shapes namespace. */
export const SHAPES_PATH = 'shapes#';

/**
 * One prefix per kind of resource (the first segment of its path under the base; nested ones for the UNCRC's parts,
 * articles and Optional Protocols), so that every IRI of ours with a one-segment slug reads `area:alternative-care`,
 * never `car:area\/alternative-care`: the PN_LOCAL escape `\/` is valid SPARQL and Turtle, but some engines misread it
 * (see src/query/sparql-parse.ts). IRIs with a deeper path (`alignment/{subject}/{object}`) are written in full.
 */
export const KIND_PATHS = {
  source: 'source/',
  document: 'document/',
  period: 'period/',
  statement: 'statement/',
  scheme: 'scheme/',
  priority: 'priority/',
  area: 'area/',
  organisation: 'organisation/',
  state: 'state/',
  membership: 'membership/',
  role: 'role/',
  pillar: 'pillar/',
  stakeholder: 'stakeholder/',
  part: 'uncrc/part/',
  article: 'uncrc/article/',
  protocol: 'uncrc/optional-protocol/',
} as const;

/** Namespaces of the standard vocabularies we reuse, by prefix. */
export const STANDARD_PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  org: 'http://www.w3.org/ns/org#',
  dct: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  time: 'http://www.w3.org/2006/time#',
  dcat: 'http://www.w3.org/ns/dcat#',
  void: 'http://rdfs.org/ns/void#',
  eli: 'http://data.europa.eu/eli/ontology#',
  sdgo: 'http://metadata.un.org/sdg/ontology#',
  sdg: 'http://metadata.un.org/sdg/',
  oa: 'http://www.w3.org/ns/oa#',
  sh: 'http://www.w3.org/ns/shacl#',
  schema: 'https://schema.org/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  wd: 'http://www.wikidata.org/entity/',
  vann: 'http://purl.org/vocab/vann/',
  spdx: 'http://spdx.org/rdf/terms#',
  adms: 'http://www.w3.org/ns/adms#',
  skoshist: 'http://purl.org/skos-history/',
} as const;

/**
 * Namespaces that only the crosswalk's SSSOM mapping set (src/describe/sssom.ts) uses: kept out of createPrefixes,
 * since the graph, its dumps and its pages use none of them. SEMAPV: the semantic mapping vocabulary of the
 * mapping justifications (https://w3id.org/semapv/vocab/, a prefix built into SSSOM).
 */
export const MAPPING_PREFIXES = {
  semapv: 'https://w3id.org/semapv/vocab/',
} as const;

export type PrefixMap = Readonly<Record<string, string>>;

/** Build the full prefix map (ours plus the standard ones) for a given base IRI. */
export function createPrefixes(baseIri: string = DEFAULT_BASE_IRI): PrefixMap {
  return {
    car: baseIri,
    caro: baseIri + ONTOLOGY_PATH,
    cars: baseIri + SHAPES_PATH,
    ...Object.fromEntries(Object.entries(KIND_PATHS).map(([prefix, kindPath]) => [prefix, baseIri + kindPath])),
    ...STANDARD_PREFIXES,
  };
}

/** Expand a prefixed name such as `skos:Concept` with the given prefix map; throws on an unknown prefix. */
export function expandCurie(curie: string, prefixes: PrefixMap): string {
  const colon = curie.indexOf(':');
  const prefix = curie.slice(0, colon);
  const ns = prefixes[prefix];
  if (colon < 0 || ns === undefined) throw new Error(`Unknown prefix in "${curie}"`);
  return ns + curie.slice(colon + 1);
}

/** Shorten an IRI to a prefixed name when a namespace in the map covers it, else return undefined. */
export function compactIri(iri: string, prefixes: PrefixMap): string | undefined {
  // A plain loop over the keys: this runs for every term of every page, and Object.entries would allocate each time.
  let bestPrefix: string | undefined;
  let bestLength = -1;
  for (const prefix in prefixes) {
    const ns = prefixes[prefix]!;
    if (ns.length > bestLength && iri.startsWith(ns)) {
      bestPrefix = prefix;
      bestLength = ns.length;
    }
  }
  if (bestPrefix === undefined) return undefined;
  const local = iri.slice(bestLength);
  return /^[A-Za-z0-9_-]*$/.test(local) && !/^[-]/.test(local) ? `${bestPrefix}:${local}` : undefined;
}

/** Render the prefix map as SPARQL PREFIX lines. */
export function toSparqlPrefixes(prefixes: PrefixMap): string {
  return Object.entries(prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join('\n') + '\n';
}
