// Stage 4, render: what a resource page says about itself to machines and to people who cite it: the graph
// embedded in the page (its triples plus schema.org terms for search engines), how to cite it, and the prepared
// query about it.
import { DataFactory } from 'n3';
import type { Quad } from '../load/graph-store.ts';
import { RDF_TYPE, objectsOf, typesOf, type PublishedDocument } from '../describe/describe.ts';
import { STANDARD_PREFIXES as NS, compactIri, type PrefixMap } from '../prefixes.ts';
import { caroIri, labelOf, type SiteIndex } from './site-index.ts';
import { firstLiteral, textViews } from './property-rows.ts';

const { namedNode, literal, quad: makeQuad } = DataFactory;

/** The schema.org types that fit a resource, from its classes and their superclasses. */
function schemaTypesOf(index: SiteIndex, types: readonly string[]): string[] {
  const all = new Set<string>();
  for (const t of types) for (const s of index.superClasses.get(t) ?? [t]) all.add(s);
  const has = (...iris: string[]): boolean => iris.some((iri) => all.has(iri));
  const caro = (local: string): string => caroIri(index, local);
  if (has(`${NS.dcat}Dataset`)) return ['Dataset'];
  if (has(`${NS.dcat}Distribution`)) return ['DataDownload'];
  if (has(`${NS.owl}Ontology`, `${NS.skos}ConceptScheme`)) return ['DefinedTermSet'];
  if (has(caro('SourceText'))) return ['TextDigitalDocument'];
  if (has(caro('StrategicDocument'))) return ['CreativeWork'];
  if (has(caro('State'))) return ['Country'];
  if (has(`${NS.org}Organization`, `${NS.org}FormalOrganization`, `${NS.org}OrganizationalUnit`)) return ['Organization'];
  if (has(`${NS.eli}LegalResource`, `${NS.eli}LegalResourceSubdivision`)) return ['Legislation'];
  if (has(`${NS.org}Site`)) return ['Place'];
  if (has(`${NS.skos}Concept`, `${NS.org}Role`, `${NS.sdgo}Target`, `${NS.sdgo}Goal`)) return ['DefinedTerm'];
  if (has(`${NS.owl}Class`, `${NS.rdfs}Class`, `${NS.owl}ObjectProperty`, `${NS.owl}DatatypeProperty`)) return ['DefinedTerm'];
  return [];
}

/** The schema.org terms the page's embedded description adds to the resource's own triples, for search engines. */
export function schemaQuads(index: SiteIndex, doc: PublishedDocument): Quad[] {
  const extra: Quad[] = [];
  for (const member of doc.members) {
    const subject = namedNode(member);
    const schemaTypes = schemaTypesOf(index, typesOf(index.store, member));
    if (schemaTypes.length === 0 && member !== doc.iri) continue;
    for (const t of schemaTypes) extra.push(makeQuad(subject, namedNode(RDF_TYPE), namedNode(NS.schema + t)));
    const label = labelOf(index, member);
    extra.push(makeQuad(subject, namedNode(`${NS.schema}name`), literal(label.value, label.lang || undefined)));
    const text = textViews(index, subject)[0];
    if (text) extra.push(makeQuad(subject, namedNode(`${NS.schema}description`), literal(text.text, text.lang || undefined)));
    if (!schemaTypes.includes('DefinedTerm')) continue;
    const notation = firstLiteral(index.store, subject, `${NS.skos}notation`);
    if (notation) extra.push(makeQuad(subject, namedNode(`${NS.schema}termCode`), literal(notation.value)));
    for (const scheme of objectsOf(index.store, subject, `${NS.skos}inScheme`)) extra.push(makeQuad(subject, namedNode(`${NS.schema}inDefinedTermSet`), scheme as Quad['object']));
  }
  return extra;
}

/** How to cite a resource: its label, the dataset and its latest release (a date) if any, the publisher, the date of the data, and the IRI. */
export function citationOf(index: SiteIndex, iri: string): string {
  const label = labelOf(index, iri).value;
  const release = index.citation.release ? `, release ${index.citation.release} (issued ${index.citation.release})` : '';
  const date = index.citation.modified ? ` (version of ${index.citation.modified})` : '';
  return `${label}. In: ${index.citation.title}${release}. ${index.citation.publisher}${date}. ${iri}`;
}

/**
 * A prepared query about one resource: everything it says and everything said about it, with labels. The IRI is
 * written with its per-kind prefix (`area:alternative-care`, its PREFIX line after the leading comment) when one of
 * the prefixes covers it, else in full.
 */
export function resourceQuery(template: string, iri: string, prefixes: PrefixMap = {}): string {
  if (/[<>"{}|^`\\\s]/.test(iri)) throw new Error(`Cannot put the IRI ${JSON.stringify(iri)} into a query`);
  const name = compactIri(iri, prefixes);
  if (name === undefined) return template.replace(/\?resource\b/g, `<${iri}>`);
  const prefix = name.slice(0, name.indexOf(':'));
  const text = template.replace(/\?resource\b/g, name);
  return text.replace(/^((?:#[^\n]*\n)*)/, `$1PREFIX ${prefix}: <${prefixes[prefix]}>\n`);
}
