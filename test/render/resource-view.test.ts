import { GraphStore } from '../../src/load/graph-store.ts';
import { describe, expect, test } from 'vitest';
import { createSiteIndex } from '../../src/render/create-site-index.ts';
import { indexDocuments } from '../../src/describe/describe.ts';
import { parseTurtle } from '../../src/load/load-graph.ts';
import { createPrefixes } from '../../src/prefixes.ts';
import { buildResourceView, splitParagraphs, type ResourceView } from '../../src/render/resource-view.ts';
import { humanizeLocalName, prettyUrl, type SiteIndex } from '../../src/render/site-index.ts';
import { linkTo, relativeUrl, textFragment } from '../../src/render/links.ts';
import { resourceQuery } from '../../src/render/page-graph.ts';
import { buildHomeView, buildListingView, buildSdgView, listingFolders, truncate } from '../../src/render/index-views.ts';
import { parseJsonLdText } from '../helpers/graphs.ts';

const BASE = 'https://w3id.org/cbss-car/';
const HOSTILE = `<script>alert(1)</script> & "double" 'single'`;

describe('relativeUrl', () => {
  test.each([
    ['', '', './'],
    ['', 'priority/', 'priority/'],
    ['priority/p1', '', '../../'],
    ['priority/p1', 'priority/p1/index.ttl', 'index.ttl'],
    ['priority/p1', 'priority/p2/', '../p2/'],
    ['priority/p1', 'area/a/', '../../area/a/'],
    ['priority/p1', 'priority/', '../'],
    ['uncrc/article/19', 'uncrc/', '../../'],
    ['priority/p1', 'ontology/#StrategicPriority', '../../ontology/#StrategicPriority'],
    ['ontology', 'ontology/#Thing', '#Thing'],
    ['source/s', 'source/s/#p3', '#p3'],
    ['a-z', 'query/?query=SELECT%20*', '../query/?query=SELECT%20*'],
    ['priority/p1', 'downloads/cbss-car.ttl', '../../downloads/cbss-car.ttl'],
    ['', 'downloads/cbss-car.ttl', 'downloads/cbss-car.ttl'],
  ])('from %j to %j is %j', (from, to, expected) => {
    expect(relativeUrl(from, to)).toBe(expected);
  });
});

describe('small helpers', () => {
  test('textFragment quotes short passages whole and long ones by their ends, escaping "-", "," and "&"', () => {
    expect(textFragment('Child-Friendly Justice, & more')).toBe(':~:text=Child%2DFriendly%20Justice%2C%20%26%20more');
    expect(textFragment('one two three four five six seven eight nine ten')).toBe(':~:text=one%20two%20three%20four,seven%20eight%20nine%20ten');
    expect(textFragment('   ')).toBe('');
  });

  test('prettyUrl keeps the host and shortens long paths', () => {
    expect(prettyUrl('https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child')).toBe('ohchr.org/…/convention-rights-child');
    expect(prettyUrl('https://sdgs.un.org/goals')).toBe('sdgs.un.org/goals');
    expect(prettyUrl('https://childrenatrisk.cbss.org/?p=4234')).toBe('childrenatrisk.cbss.org?p=4234');
    expect(prettyUrl('urn:isbn:123')).toBe('urn:isbn:123');
  });

  test('humanizeLocalName splits camel case', () => {
    expect(humanizeLocalName('isAreaOfConcernOf')).toBe('is area of concern of');
    expect(humanizeLocalName('first_date_entry_in_force')).toBe('first date entry in force');
  });

  test('splitParagraphs counts non-empty lines from 1', () => {
    expect(splitParagraphs('Title\n\n  • item\n   \nlast\n')).toEqual(['Title', '• item', 'last']);
  });

  test('truncate cuts at a word boundary', () => {
    expect(truncate('short')).toBe('short');
    expect(truncate('alpha beta gamma delta', 12)).toBe('alpha beta…');
  });

  test('resourceQuery puts the IRI where ?resource stands, and refuses IRIs that would break the query', () => {
    expect(resourceQuery('DESCRIBE ?resource', `${BASE}a`)).toBe(`DESCRIBE <${BASE}a>`);
    expect(() => resourceQuery('DESCRIBE ?resource', `${BASE}a> } DROP ALL #`)).toThrow();
    // With the prefixes, our IRIs read with their per-kind prefix (declared after the leading comment); deeper paths stay in full.
    expect(resourceQuery('# About it\nDESCRIBE ?resource', `${BASE}area/alternative-care`, createPrefixes())).toBe(`# About it\nPREFIX area: <${BASE}area/>\nDESCRIBE area:alternative-care`);
    expect(resourceQuery('DESCRIBE ?resource', `${BASE}alignment/migration/sdg-10.7`, createPrefixes())).toBe(`DESCRIBE <${BASE}alignment/migration/sdg-10.7>`);
  });
});

const FIXTURE = `
@base <https://w3id.org/cbss-car/> .
@prefix caro: <https://w3id.org/cbss-car/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix sdg: <http://metadata.un.org/sdg/> .
@prefix sdgo: <http://metadata.un.org/sdg/ontology#> .

<ontology> a owl:Ontology ; rdfs:label "Ontology"@en .
caro:StrategicPriority a owl:Class ; rdfs:label "strategic priority"@en ; rdfs:subClassOf skos:Concept .
caro:AreaOfConcern a owl:Class ; rdfs:label "area of concern"@en ; rdfs:subClassOf skos:Concept .
caro:KeyAreaOfConcern a owl:Class ; rdfs:label "key area of concern"@en ; rdfs:subClassOf caro:AreaOfConcern .
caro:hasAreaOfConcern a owl:ObjectProperty ; rdfs:label "has area of concern"@en .
caro:addressesRight a owl:ObjectProperty ; rdfs:label "addresses right"@en .
caro:contributesToTarget a owl:ObjectProperty ; rdfs:label "contributes to target"@en .

<source/text> a caro:SourceText ; dct:title "The source text"@en .

<priority/p1> a caro:StrategicPriority ;
  skos:prefLabel "Priority one"@en ;
  skos:notation "P1" ;
  caro:editorialProperty skos:notation ;
  skos:definition "The definition of priority one."@en ;
  skos:editorialNote ${JSON.stringify(HOSTILE)}@en ;
  caro:hasAreaOfConcern <area/a1> ;
  caro:addressesRight <uncrc/article/19> ;
  caro:contributesToTarget sdg:16.2 ;
  dct:source <https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child> ;
  caro:quotedFrom [ a oa:SpecificResource ; oa:hasSource <source/text> ; caro:paragraph 2 ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Priority one is about child-friendly things" ] ,
                   [ a oa:TextPositionSelector ; oa:start 10 ; oa:end 53 ] ] .
<area/a1> a caro:KeyAreaOfConcern ; skos:prefLabel "Area one"@en ; skos:notation "P1.1" .
caro:CrossCuttingAreaOfConcern a owl:Class ; rdfs:label "cross-cutting area of concern"@en ; rdfs:subClassOf caro:AreaOfConcern ;
  caro:editorialProperty rdfs:label .
<area/all> a caro:CrossCuttingAreaOfConcern ; skos:prefLabel "Area for all"@en ; skos:notation "A1" ;
  caro:editorialProperty skos:notation ;
  skos:editorialNote "A note about the data, not a summary."@en .
<scheme/priorities> a skos:ConceptScheme ; skos:prefLabel "Priorities"@en ; caro:hasStrategyAreaOfConcern <area/all> .
<uncrc/article/19> rdfs:label "Article 19: Protection from violence"@en .
sdg:16 a sdgo:Goal ; skos:notation "16" ; skos:prefLabel "Peace, justice and strong institutions"@en ; sdgo:hasTarget sdg:16.2 .
sdg:16.2 a sdgo:Target ; skos:notation "16.2" ; skos:prefLabel "End abuse, exploitation, trafficking and all forms of violence against children"@en ; skos:altLabel "Target 16.2"@en .
<alignment/p1/uncrc-article-19> a caro:Alignment ; rdfs:label "P1 → article 19"@en ;
  caro:alignmentSubject <priority/p1> ; caro:alignmentProperty caro:addressesRight ; caro:alignmentObject <uncrc/article/19> ;
  caro:rationale "Because of violence."@en ; dct:source <source/text> .
`;

function fixtureIndex(): SiteIndex {
  const store = new GraphStore(parseTurtle(FIXTURE, 'render-fixture.ttl'));
  const documents = indexDocuments(store, BASE);
  const folders = listingFolders(documents);
  return createSiteIndex(store, {
    baseIri: BASE,
    prefixes: createPrefixes(),
    documents,
    pageTitles: new Map([['', 'Home'], ['sdg', 'SDGs'], ...folders.map((f) => [f, f] as [string, string])]),
    files: new Set(['downloads/cbss-car.ttl']),
    sources: [{ iri: `${BASE}source/text`, file: 'source/text.txt', paragraphs: ['Title', 'Priority one is about child-friendly things.'] }],
    citation: { title: 'The dataset', publisher: 'The team', modified: '2026-01-01' },
  });
}

async function viewOf(index: SiteIndex, path: string): Promise<ResourceView> {
  const doc = [...index.documents.values()].find((d) => d.path === path);
  if (!doc) throw new Error(`no document ${path}`);
  return buildResourceView(index, doc, { queryTemplate: 'DESCRIBE ?resource' });
}

const viewIndex = fixtureIndex();
const p1View = await viewOf(viewIndex, 'priority/p1');
describe('linkTo', () => {
  test('links to one IRI from several pages: the same label and marks, the href relative to each page, the code only when asked', () => {
    const index = fixtureIndex();
    const iri = `${BASE}ontology#CrossCuttingAreaOfConcern`;
    expect(linkTo(index, 'priority/p1', iri, true)).toEqual({ text: 'cross-cutting area of concern', lang: 'en', iri, code: 'caro:CrossCuttingAreaOfConcern', editorial: true, href: '../../ontology/#CrossCuttingAreaOfConcern' });
    expect(linkTo(index, '', iri)).toEqual({ text: 'cross-cutting area of concern', lang: 'en', iri, editorial: true, href: 'ontology/#CrossCuttingAreaOfConcern' });
    expect(linkTo(index, 'ontology', iri, true).href).toBe('#CrossCuttingAreaOfConcern');
    expect(linkTo(index, 'a-z', 'https://example.org/x')).toEqual({ text: 'example.org/x', lang: '', iri: 'https://example.org/x', href: 'https://example.org/x', external: true });
  });
});

describe('buildResourceView', () => {
  const index = viewIndex;
  const view = p1View;

  test('shows the label, notation, types, breadcrumbs, alternates and the IRI', () => {
    expect(view.title).toBe('Priority one');
    expect(view.notation).toBe('P1');
    expect(view.notationEditorial).toBe(true);
    expect(view.types).toEqual([expect.objectContaining({ text: 'strategic priority', href: '../../ontology/#StrategicPriority' })]);
    expect(view.types[0]?.editorial).toBeUndefined();
    expect(view.breadcrumbs.map((b) => [b.text, b.href])).toEqual([
      ['Home', '../../'],
      ['priority', '../'],
      ['Priority one', undefined],
    ]);
    expect(view.alternates.map((a) => [a.type, a.href])).toEqual([
      ['text/turtle', 'index.ttl'],
      ['application/ld+json', 'index.jsonld'],
      ['application/n-triples', 'index.nt'],
    ]);
    expect(view.root).toBe('../../');
  });

  test('marks an editorial notation and an editorial type label, and nothing else', async () => {
    const area = await viewOf(index, 'area/all');
    expect([area.notation, area.notationEditorial]).toEqual(['A1', true]);
    expect(area.types).toEqual([expect.objectContaining({ text: 'cross-cutting area of concern', editorial: true })]);
    const key = await viewOf(index, 'area/a1');
    expect([key.notation, key.notationEditorial]).toEqual(['P1.1', undefined]);
  });

  test('keeps literals raw (the templates escape them) and shows texts in order', () => {
    expect(view.texts.map((t) => t.label)).toEqual(['definition', 'editorial note']);
    expect(view.texts[1]?.text).toBe(HOSTILE);
  });

  test('links the quote to its paragraph of the source page, with a text fragment', () => {
    expect(view.quotes).toHaveLength(1);
    expect(view.quotes[0]).toMatchObject({ exact: 'Priority one is about child-friendly things', paragraph: 2, start: 10, end: 53, sourceLabel: 'The source text' });
    expect(view.quotes[0]?.href).toBe('../../source/text/#p2:~:text=Priority%20one%20is%20about%20child%2Dfriendly%20things');
  });

  test('shows each relation with the label of its target, external sources shortened', () => {
    const row = (label: string) => view.properties.find((p) => p.property.text === label);
    expect(row('has area of concern')?.values).toEqual([expect.objectContaining({ kind: 'link', text: 'Area one', href: '../../area/a1/' })]);
    expect(row('source')?.values).toEqual([expect.objectContaining({ kind: 'link', text: 'ohchr.org/…/convention-rights-child', external: true })]);
    // Crosswalk links are shown with their rationale, not twice.
    expect(row('addresses right')).toBeUndefined();
  });

  test('gives the crosswalk with rationale and sources, and SDG targets link to their anchor on the SDG page', () => {
    const [rights, targets] = view.crosswalk;
    expect(rights?.rows[0]).toMatchObject({ target: { text: 'Article 19: Protection from violence' }, rationale: { text: 'Because of violence.' } });
    expect(rights?.rows[0]?.sources.map((s) => s.text)).toEqual(['The source text']);
    expect(targets?.rows[0]?.target).toMatchObject({ text: 'Target 16.2', href: '../../sdg/#target-16.2' });
    expect(targets?.rows[0]?.rationale).toBeUndefined();
  });

  test('the linked resource shows the link back, and the article shows the crosswalk in reverse', async () => {
    const area = await viewOf(index, 'area/a1');
    expect(area.incoming.map((g) => [g.property.text, g.from.map((f) => f.text)])).toEqual([['has area of concern', ['Priority one']]]);
    const article = await viewOf(index, 'uncrc/article/19');
    expect(article.crosswalk[0]?.rows[0]).toMatchObject({ target: { text: 'Priority one', href: '../../../priority/p1/' }, rationale: { text: 'Because of violence.' } });
    // The alignment statement links are shown in the crosswalk, not as "linked from".
    expect(article.incoming).toEqual([]);
  });

  test('the source page has an anchor per paragraph and lists who quotes it', async () => {
    const source = await viewOf(index, 'source/text');
    expect(source.paragraphs.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(source.paragraphs[1]?.quotedBy.map((l) => l.text)).toEqual(['Priority one']);
    expect(source.rawText?.href).toBe('../text.txt');
  });

  test('the ontology page documents each term at its anchor, grouped', async () => {
    const ontology = await viewOf(index, 'ontology');
    expect(ontology.members.map((g) => g.heading)).toEqual(['Classes', 'Object properties']);
    expect(ontology.members[0]?.members.map((m) => m.id)).toEqual(['AreaOfConcern', 'CrossCuttingAreaOfConcern', 'KeyAreaOfConcern', 'StrategicPriority']);
    const key = ontology.members[0]?.members[2];
    expect(key?.properties.find((p) => p.property.text === 'subclass of')?.values).toEqual([expect.objectContaining({ text: 'area of concern', href: '#AreaOfConcern' })]);
    expect(key?.instances).toBe(1);
  });

  test('the embedded JSON-LD parses, describes the resource with schema.org terms, and cannot close the script element', async () => {
    expect(view.jsonLd).not.toMatch(/<\/script/i);
    const quads = await parseJsonLdText(view.jsonLd);
    const about = quads.filter((q) => q.subject.value === `${BASE}priority/p1`);
    expect(about.some((q) => q.predicate.value === 'https://schema.org/name' && q.object.value === 'Priority one')).toBe(true);
    expect(about.some((q) => q.object.value === 'https://schema.org/DefinedTerm')).toBe(true);
    expect(about.some((q) => q.object.value === HOSTILE)).toBe(true);
  });

  test('query and cite this resource', () => {
    expect(view.queryHref).toBe(`../../query/?query=${encodeURIComponent(`PREFIX priority: <${BASE}priority/>\nDESCRIBE priority:p1`)}`);
    expect(view.citation).toBe(`Priority one. In: The dataset. The team (version of 2026-01-01). ${BASE}priority/p1`);
  });

  test('views are plain data: they survive a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

describe('index pages', () => {
  const index = fixtureIndex();
  const documents = [...index.documents.values()];

  test('a listing lists every document of its folder, grouped by kind when there are several', () => {
    const listing = buildListingView(index, 'priority', documents);
    expect(listing.count).toBe(1);
    expect(listing.groups[0]?.items[0]).toMatchObject({ notation: 'P1', link: { text: 'Priority one', href: 'p1/' } });
    expect(listing.groups[0]?.items[0]?.summary?.text).toBe('The definition of priority one.');
  });

  test('areas are grouped key areas first, and notes about the data are no summary', () => {
    const listing = buildListingView(index, 'area', documents);
    expect(listing.groups.map((g) => [g.heading, g.items.map((i) => i.link.text)])).toEqual([
      ['Key areas of concern', ['Area one']],
      ['Areas of concern of the strategy as a whole', ['Area for all']],
    ]);
    expect(listing.groups[1]?.items[0]?.summary).toBeUndefined();
    // The editorial mark follows caro:editorialProperty skos:notation: "A1" has it, "P1.1" (left unmarked here) not.
    expect(listing.groups.map((g) => g.items.map((i) => [i.notation, i.notationEditorial]))).toEqual([[['P1.1', undefined]], [['A1', true]]]);
  });

  test('the SDG page gives each target its anchor and the crosswalk into it', () => {
    const sdg = buildSdgView(index);
    expect(sdg.goals.map((g) => g.id)).toEqual(['goal-16']);
    expect(sdg.goals[0]?.targets.map((t) => [t.id, t.title])).toEqual([['target-16.2', 'Target 16.2']]);
    expect(sdg.goals[0]?.targets[0]?.crosswalk[0]?.rows[0]?.target).toMatchObject({ text: 'Priority one', href: '../priority/p1/' });
  });

  test('the home page shows the priorities with their key areas and crosswalk', () => {
    const home = buildHomeView(index, [{ path: 'priority', title: 'Priorities', count: 1 }], [{ path: 'downloads/cbss-car.ttl', label: 'Turtle' }]);
    expect(home.priorities).toHaveLength(1);
    expect(home.priorities[0]).toMatchObject({ notation: 'P1', notationEditorial: true, link: { text: 'Priority one', href: 'priority/p1/' } });
    expect(home.priorities[0]?.keyAreas.map((a) => a.text)).toEqual(['Area one']);
    // The areas of the strategy as a whole come from caro:hasStrategyAreaOfConcern, not from a priority.
    expect(home.sharedAreas.map((a) => a.text)).toEqual(['Area for all']);
    expect(home.priorities[0]?.rights.map((a) => a.text)).toEqual(['Article 19: Protection from violence']);
    expect(home.downloads[0]?.href).toBe('downloads/cbss-car.ttl');
  });
});
