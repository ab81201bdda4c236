// The strategy part of the graph (data/documents, statements, priorities, organisations, memberships):
// every quote checked against the source text, and the facts checked against values written here from the
// source document and from /work/shared/REFERENCES.md.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import type { Literal, Term } from '@rdfjs/types';
import { GraphStore } from '../src/load/graph-store.ts';
import { createConfig } from '../src/config.ts';
import { loadGraph, parseTurtle } from '../src/load/load-graph.ts';
import { STANDARD_PREFIXES } from '../src/prefixes.ts';

const { namedNode, literal } = DataFactory;
const config = createConfig();
const SOURCE_DIR = path.join(config.dataDir, 'source');
const SOURCE_FILE = path.join(SOURCE_DIR, 'car-mandate-strategy-2020-2025.txt');
const BASE = config.baseIri;
const OUR_FILES = ['sources.ttl', 'documents.ttl', 'statements.ttl', 'priorities.ttl', 'organisations.ttl', 'memberships.ttl'];

const ns = (base: string) => (local: string) => namedNode(base + local);
const car = ns(BASE);
const caro = ns(`${BASE}ontology#`);
const rdf = ns(STANDARD_PREFIXES.rdf);
const rdfs = ns(STANDARD_PREFIXES.rdfs);
const owl = ns(STANDARD_PREFIXES.owl);
const xsd = ns(STANDARD_PREFIXES.xsd);
const skos = ns(STANDARD_PREFIXES.skos);
const org = ns(STANDARD_PREFIXES.org);
const dct = ns(STANDARD_PREFIXES.dct);
const prov = ns(STANDARD_PREFIXES.prov);
const time = ns(STANDARD_PREFIXES.time);
const oa = ns(STANDARD_PREFIXES.oa);
const wd = ns(STANDARD_PREFIXES.wd);
const spdx = ns(STANDARD_PREFIXES.spdx);

const SOURCE = car('source/mandate-and-strategy-2020-2025');
const P1 = car('priority/child-protection-systems');
const P2 = car('priority/child-friendly-justice');
const P3 = car('priority/partnerships-for-childrens-rights-and-child-protection');
const EXPERT_GROUP = car('organisation/expert-group-on-children-at-risk');
const CBSS = car('organisation/cbss');

let store: GraphStore;
let ours: GraphStore;
let text: string;

const objects = (s: Term, p: Term) => store.getObjects(s, p, null);
const subjects = (p: Term, o: Term) => store.getSubjects(p, o, null);
const values = (s: Term, p: Term) => objects(s, p).map((o) => o.value).sort();
const ofType = (type: Term) => subjects(rdf('type'), type);
const only = (s: Term, p: Term): Term => {
  const found = objects(s, p);
  expect(found, `${s.value} ${p.value}`).toHaveLength(1);
  return found[0]!;
};
const sorted = (terms: Term[]) => terms.map((t) => t.value).sort();

/** The number (from 1) of the non-empty line of the source text that holds the character at `offset`. */
function paragraphOf(offset: number): number {
  let count = 0;
  let lineStart = 0;
  for (const line of text.split('\n')) {
    if (line.trim() !== '') count += 1;
    if (offset < lineStart + line.length) return count;
    lineStart += line.length + 1;
  }
  throw new Error(`offset ${offset} is past the end of the source text`);
}

interface Quote {
  readonly subject: Term;
  readonly exact: string;
  readonly start: number;
  readonly end: number;
  readonly paragraph: number;
  readonly prefix?: string;
  readonly suffix?: string;
}

/** Read every caro:quotedFrom of the given subject (or of all subjects) as plain values. */
function readQuotes(subject: Term | null = null): Quote[] {
  return store.getQuads(subject, caro('quotedFrom'), null, null).map((q) => {
    const passage = q.object;
    expect(sorted(objects(passage, rdf('type')))).toEqual([oa('SpecificResource').value]);
    expect(only(passage, oa('hasSource')).value).toBe(SOURCE.value);
    const selectors = objects(passage, oa('hasSelector'));
    const quoteSelectors = selectors.filter((s) => store.has(DataFactory.quad(s as never, rdf('type'), oa('TextQuoteSelector'))));
    const positionSelectors = selectors.filter((s) => store.has(DataFactory.quad(s as never, rdf('type'), oa('TextPositionSelector'))));
    expect(quoteSelectors).toHaveLength(1);
    expect(positionSelectors).toHaveLength(1);
    const quote = quoteSelectors[0]!;
    const position = positionSelectors[0]!;
    const prefix = objects(quote, oa('prefix'))[0]?.value;
    const suffix = objects(quote, oa('suffix'))[0]?.value;
    return {
      subject: q.subject,
      exact: only(quote, oa('exact')).value,
      start: Number(only(position, oa('start')).value),
      end: Number(only(position, oa('end')).value),
      paragraph: Number(only(passage, caro('paragraph')).value),
      ...(prefix === undefined ? {} : { prefix }),
      ...(suffix === undefined ? {} : { suffix }),
    };
  });
}

beforeAll(async () => {
  text = await readFile(SOURCE_FILE, 'utf8');
  store = (await loadGraph([config.ontologyDir, config.dataDir])).store;
  ours = new GraphStore();
  for (const file of OUR_FILES) {
    const full = path.join(config.dataDir, file);
    ours.addQuads(parseTurtle(await readFile(full, 'utf8'), full));
  }
});

describe('quotes from the source text', () => {
  it('slice the source text exactly where the offsets say, in the paragraph they name', () => {
    const quotes = readQuotes();
    expect(quotes.length).toBeGreaterThan(60);
    for (const q of quotes) {
      const where = `${q.subject.value}: "${q.exact}"`;
      expect(text.includes(q.exact), where).toBe(true);
      expect(Number.isInteger(q.start) && Number.isInteger(q.end) && q.start >= 0 && q.end > q.start, where).toBe(true);
      expect(text.slice(q.start, q.end), where).toBe(q.exact);
      expect(q.paragraph, where).toBe(paragraphOf(q.start));
      expect(paragraphOf(q.end - 1), `${where} stays in one paragraph`).toBe(q.paragraph);
      if (q.prefix !== undefined) expect(text.slice(q.start - q.prefix.length, q.start), where).toBe(q.prefix);
      if (q.suffix !== undefined) expect(text.slice(q.end, q.end + q.suffix.length), where).toBe(q.suffix);
    }
  });

  it('cover every definition, note and description of a quoted resource word for word', () => {
    let checked = 0;
    for (const subject of new Set(store.getSubjects(caro('quotedFrom'), null, null))) {
      const exacts = new Set(readQuotes(subject).map((q) => q.exact));
      for (const p of [skos('definition'), skos('note'), dct('description')]) {
        for (const value of objects(subject, p)) {
          expect(exacts.has(value.value), `${subject.value} ${p.value} "${value.value}"`).toBe(true);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('give every resource of ours either a quote or a public dct:source', () => {
    const mine = new Set(ours.getSubjects(null, null, null).filter((s) => s.termType === 'NamedNode' && s.value.startsWith(BASE)).map((s) => s.value));
    expect(mine.size).toBeGreaterThan(70);
    for (const iri of mine) {
      const s = namedNode(iri);
      const quoted = objects(s, caro('quotedFrom')).length > 0;
      const sourced = objects(s, dct('source')).length > 0;
      expect(quoted || sourced, iri).toBe(true);
    }
  });

  it('point into the source text as stored: 4,135 bytes, 4,117 characters, 17 paragraphs', async () => {
    expect((await readFile(SOURCE_FILE)).length).toBe(4135);
    expect(text.length).toBe(4117);
    expect(text.split('\n').filter((line) => line.trim() !== '')).toHaveLength(17);
  });
});

describe('the source text and the documents', () => {
  it('describe the source text as plain English text', () => {
    expect(only(SOURCE, rdf('type')).value).toBe(caro('SourceText').value);
    expect(only(SOURCE, dct('title')).equals(literal('Mandate and strategy of the Expert Group', 'en'))).toBe(true);
    expect(only(SOURCE, dct('format')).value).toBe('text/plain');
    expect(objects(SOURCE, dct('language'))).toHaveLength(1);
  });

  it('say who published the source text, where it was taken from, and which file holds it', () => {
    expect(values(SOURCE, dct('publisher'))).toEqual([EXPERT_GROUP.value]);
    expect(values(SOURCE, dct('source'))).toEqual(['https://www.childrenatrisk.eu/expert-group-on-children-at-risk/mandate-and-priorities-of-the-expert-group/']);
    expect(values(SOURCE, spdx('fileName'))).toEqual([path.basename(SOURCE_FILE)]);
    // No date the sources do not give: the page states none, and the day it was taken is not recorded.
    expect(objects(SOURCE, dct('issued'))).toHaveLength(0);
    expect(values(SOURCE, skos('editorialNote')).some((n) => /not recorded/.test(n))).toBe(true);
  });

  it('title, type and date the Mandate and the Regional Strategy', () => {
    const mandate = car('document/mandate-2020-2025');
    const strategy = car('document/regional-strategy-2020-2025');
    expect(values(mandate, rdf('type'))).toEqual([caro('Mandate').value]);
    expect(values(strategy, rdf('type'))).toEqual([caro('RegionalStrategy').value]);
    expect(only(mandate, dct('title')).equals(literal('Children at Risk Expert Group Mandate July 2020 – June 2025', 'en'))).toBe(true);
    expect(only(strategy, dct('title')).equals(literal('Regional Strategy July 2020 – June 2025', 'en'))).toBe(true);
    for (const doc of [mandate, strategy]) {
      expect(only(doc, dct('issued')).equals(literal('2020-05-06', xsd('date')))).toBe(true);
      expect(only(doc, dct('temporal')).value).toBe(car('period/2020-2025').value);
      expect(values(doc, caro('focusesOn'))).toEqual([P2.value, P1.value, P3.value].sort());
      expect(values(doc, prov('wasAttributedTo'))).toEqual([EXPERT_GROUP.value]);
      expect(values(doc, dct('replaces'))).toEqual([car('document/mandate-2017-2020').value]);
    }
  });

  it('say only what the source says about the documents: the sentences come from a page that describes both', () => {
    const docs = [car('document/mandate-2020-2025').value, car('document/regional-strategy-2020-2025').value].sort();
    expect(values(SOURCE, dct('subject'))).toEqual(docs);
    expect(values(SOURCE, skos('editorialNote')).some((n) => n.includes('does not say which of its sentences stand in which document'))).toBe(true);
    // Neither document is said to contain a statement, nor a statement to be part of a document.
    for (const doc of docs) expect(objects(namedNode(doc), dct('hasPart')), doc).toHaveLength(0);
    for (const statement of subjects(skos('inScheme'), car('scheme/strategy'))) {
      expect(objects(statement, dct('isPartOf')), statement.value).toHaveLength(0);
      expect(readQuotes(statement).length, statement.value).toBeGreaterThan(0);
    }
  });

  it('record the replaced mandate of July 2017 – June 2020 both ways', () => {
    const old = car('document/mandate-2017-2020');
    expect(values(old, rdf('type'))).toEqual([caro('Mandate').value]);
    expect(values(old, dct('isReplacedBy'))).toEqual([car('document/mandate-2020-2025').value, car('document/regional-strategy-2020-2025').value]);
    expect(only(old, dct('temporal')).value).toBe(car('period/2017-2020').value);
  });

  it.each([
    ['period/2020-2025', '2020-07-01', '2025-06-30'],
    ['period/2017-2020', '2017-07-01', '2020-06-30'],
  ])('date %s from %s to %s', (iri, begin, end) => {
    const period = car(iri);
    expect(values(period, rdf('type'))).toEqual([time('Interval').value]);
    const beginning = only(period, time('hasBeginning'));
    const ending = only(period, time('hasEnd'));
    expect(values(beginning, rdf('type'))).toEqual([time('Instant').value]);
    expect(only(beginning, time('inXSDDate')).equals(literal(begin, xsd('date')))).toBe(true);
    expect(only(ending, time('inXSDDate')).equals(literal(end, xsd('date')))).toBe(true);
  });
});

describe('the statements', () => {
  // Written from the source document, paragraphs 3, 5, 6 and 15.
  const expected: Record<string, [string, string]> = {
    vision: ['Vision', 'The vision of the Children at Risk Expert Group for the Baltic Sea region (BSR) is that of a region where children enjoy their rights as recognised in the UN Convention on the Rights of the Child.'],
    mission: ['Mission', 'The mission of the CBSS Expert Group on Children at Risk is to contribute to the fulfilment of our vision for children by promoting children’s rights and bolstering national child protection systems, including legislative, administrative, social and educational measures to protect children from all forms of violence, through regional dialogue and practical cooperation.'],
    commitment: ['Commitment', 'The Expert Group and the CAR Unit at the CBSS Secretariat are fully committed to the mission of keeping children protected and safeguarded from actions that place them at risk of violence, abuse, exploitation, injury and any other harm.'],
    'priorities-closely-related': ['The priorities are closely related', 'The priorities are closely related. Achievements in one priority area have relevance and impact across priority areas.'],
  };
  const classes: Record<string, string> = { vision: 'Vision', mission: 'Mission', commitment: 'Commitment', 'priorities-closely-related': 'PriorityRelationStatement' };

  it.each(Object.keys(expected))('quote the %s word for word, as a concept of the strategy scheme', (slug) => {
    const [label, definition] = expected[slug]!;
    const statement = car(`statement/${slug}`);
    expect(text.includes(definition)).toBe(true);
    expect(values(statement, rdf('type'))).toEqual([caro(classes[slug]!).value]);
    expect(only(statement, skos('prefLabel')).equals(literal(label, 'en'))).toBe(true);
    expect(only(statement, skos('definition')).equals(literal(definition, 'en'))).toBe(true);
    expect(values(statement, skos('inScheme'))).toEqual([car('scheme/strategy').value]);
    expect(values(statement, skos('topConceptOf'))).toEqual([car('scheme/strategy').value]);
    expect(store.has(DataFactory.quad(car('scheme/strategy'), skos('hasTopConcept'), statement))).toBe(true);
  });

  it('keep the rest of the vision as separately quoted notes', () => {
    const notes = values(car('statement/vision'), skos('note'));
    expect(notes).toEqual([
      'The vision envisages effective national child protection systems offer comprehensive prevention, protection and support, thereby providing equal opportunities for all children to grow, develop and thrive free from all forms of violence. Each child has equal opportunities and is offered meaningful opportunities for participation and active involvement in building a prosperous, safe and secure region for all.',
      'The vision is an integral part of the CBSS overall vision for the Baltic Sea region and forms an important contribution to the achievement of the CBSS long-term priorities.',
    ]);
    expect(readQuotes(car('statement/vision')).map((q) => q.paragraph).sort()).toEqual([3, 3, 4]);
  });
});

describe('the priorities and areas of concern', () => {
  it('hold three strategic priorities with their headings, notations and definitions', () => {
    expect(sorted(ofType(caro('StrategicPriority')))).toEqual([P1.value, P2.value, P3.value].sort());
    const expected: [Term, string, string, string][] = [
      [P1, 'P1', 'Child Protection Systems', 'The core strategic area and priority is to promote and facilitate regional exchange on key issues of concern to the CAR Expert Group Members with the purpose of identifying and promoting actions to strengthen national child protection systems, in particular measures for prevention and early interventions to protect children at risk.'],
      [P2, 'P2', 'Child-Friendly Justice', 'To promote the rights of child victims and witnesses of violence to be heard, receive information, assistance and support through effective, professional and child-friendly and multidisciplinary interventions.'],
      [P3, 'P3', 'Partnerships for Children’s Rights and Child Protection', 'To promote international legal and policy instruments, concepts and guidance adopted by all CBSS Member States for children’s rights and child protection through broad international and regional partnerships and alliances.'],
    ];
    for (const [priority, notation, heading, definition] of expected) {
      expect(text.includes(`${heading}: ${definition}`)).toBe(true);
      expect(only(priority, skos('notation')).value).toBe(notation);
      expect(only(priority, skos('prefLabel')).equals(literal(heading, 'en'))).toBe(true);
      expect(only(priority, skos('definition')).equals(literal(definition, 'en'))).toBe(true);
      expect(values(priority, skos('topConceptOf'))).toEqual([car('scheme/strategic-priorities').value]);
    }
    expect(values(P1, skos('note'))).toHaveLength(2);
  });

  it('relate every pair of priorities both ways, backed by the “closely related” quote', () => {
    for (const a of [P1, P2, P3]) {
      const others = [P1, P2, P3].filter((b) => !b.equals(a)).map((b) => b.value).sort();
      expect(values(a, caro('isRelatedPriority'))).toEqual(others);
      expect(readQuotes(a).some((q) => q.exact === 'The priorities are closely related.' && q.paragraph === 15)).toBe(true);
    }
    expect(values(car('statement/priorities-closely-related'), dct('subject'))).toEqual([P1.value, P2.value, P3.value].sort());
  });

  it('put five key areas of concern under Child Protection Systems, P1.1 to P1.5, both ways', () => {
    const expected: [string, string, string][] = [
      ['alternative-care', 'P1.1', 'alternative care'],
      ['children-with-disabilities', 'P1.2', 'children with disabilities'],
      ['children-in-migration', 'P1.3', 'children in migration'],
      ['poverty-social-exclusion', 'P1.4', 'poverty/social exclusion'],
      ['parenting-and-caregiver-support', 'P1.5', 'parenting and caregiver support'],
    ];
    expect(sorted(ofType(caro('KeyAreaOfConcern')))).toEqual(expected.map(([slug]) => car(`area/${slug}`).value).sort());
    for (const [slug, notation, words] of expected) {
      const area = car(`area/${slug}`);
      expect(only(area, skos('notation')).value).toBe(notation);
      expect(values(area, caro('isAreaOfConcernOf'))).toEqual([P1.value]);
      expect(store.has(DataFactory.quad(P1, caro('hasAreaOfConcern'), area))).toBe(true);
      expect(values(car('scheme/strategic-priorities'), caro('hasStrategyAreaOfConcern'))).not.toContain(area.value);
      expect(readQuotes(area).map((q) => [q.exact, q.paragraph])).toEqual([[words, 11]]);
    }
    expect(only(car('area/poverty-social-exclusion'), skos('prefLabel')).equals(literal('Poverty/social exclusion', 'en'))).toBe(true);
  });

  it('name six areas of concern, A1 to A6, for the strategy as a whole, under no priority', () => {
    const expected: [string, string, string][] = [
      ['trafficking-and-exploitation', 'A1', 'trafficking and exploitation'],
      ['sexual-violence', 'A2', 'sexual violence'],
      ['non-violent-childhoods', 'A3', 'non- violent childhoods'],
      ['migration', 'A4', 'migration'],
      ['role-of-children-in-building-resilient-societies', 'A5', 'the role of children in building resilient societies'],
      ['child-participation', 'A6', 'child participation'],
    ];
    const slugs = expected.map(([slug]) => car(`area/${slug}`).value).sort();
    expect(sorted(ofType(caro('CrossCuttingAreaOfConcern')))).toEqual(slugs);
    // Paragraph 14 names them in a sentence of its own, after the three priorities: the strategy's own areas.
    expect(values(car('scheme/strategic-priorities'), caro('hasStrategyAreaOfConcern'))).toEqual(slugs);
    for (const [slug, notation, words] of expected) {
      const area = car(`area/${slug}`);
      expect(only(area, skos('notation')).value).toBe(notation);
      expect(objects(area, caro('isAreaOfConcernOf')), `${slug} is under no priority`).toHaveLength(0);
      expect(subjects(caro('hasAreaOfConcern'), area), `no priority lists ${slug}`).toHaveLength(0);
      expect(readQuotes(area).map((q) => [q.exact, q.paragraph])).toEqual([[words, 14]]);
    }
    expect(only(car('area/non-violent-childhoods'), skos('prefLabel')).equals(literal('Non-violent childhoods', 'en'))).toBe(true);
  });

  it('keep exactly the five key areas under Child Protection Systems, and none under the other priorities', () => {
    expect(values(P1, caro('hasAreaOfConcern'))).toEqual(sorted(ofType(caro('KeyAreaOfConcern'))));
    expect(values(P1, caro('hasAreaOfConcern'))).toHaveLength(5);
    for (const p of [P2, P3]) expect(objects(p, caro('hasAreaOfConcern')), p.value).toHaveLength(0);
  });

  it('store the sentence of paragraph 14 whole, as a quoted passage of the priorities’ scheme', () => {
    const sentence =
      'The areas of concern include trafficking and exploitation, sexual violence, non- violent childhoods, migration, the role of children in building resilient societies and child participation.';
    expect(text.includes(sentence)).toBe(true);
    const scheme = car('scheme/strategic-priorities');
    expect(values(scheme, skos('note'))).toContain(sentence);
    expect(readQuotes(scheme).filter((q) => q.exact === sentence).map((q) => q.paragraph)).toEqual([14]);
  });

  it('mark every notation of a priority or area, and the word “cross-cutting”, as this project’s own', () => {
    const notated = [...ofType(caro('StrategicPriority')), ...ofType(caro('KeyAreaOfConcern')), ...ofType(caro('CrossCuttingAreaOfConcern'))];
    expect(notated).toHaveLength(14);
    for (const resource of notated) {
      expect(objects(resource, skos('notation')), resource.value).toHaveLength(1);
      expect(values(resource, caro('editorialProperty')), resource.value).toContain(skos('notation').value);
    }
    const crossCutting = store
      .getQuads(null, null, null, null)
      .filter((q) => [rdfs('label').value, skos('prefLabel').value, skos('altLabel').value].includes(q.predicate.value) && /cross-cutting/i.test(q.object.value));
    expect(crossCutting.length).toBeGreaterThan(0);
    for (const q of crossCutting) expect(values(q.subject, caro('editorialProperty')), q.subject.value).toContain(q.predicate.value);
  });

  it('keep every area of concern in the areas scheme', () => {
    const areas = sorted(subjects(skos('inScheme'), car('scheme/areas-of-concern')));
    expect(areas).toHaveLength(11);
    expect(values(car('scheme/areas-of-concern'), skos('hasTopConcept'))).toEqual(areas);
  });
});

describe('the organisations, roles, pillars and stakeholders', () => {
  it('name the CBSS, its Secretariat in Stockholm and the Expert Group', () => {
    expect(values(CBSS, rdf('type'))).toEqual([org('FormalOrganization').value]);
    expect(only(CBSS, skos('prefLabel')).equals(literal('Council of the Baltic Sea States', 'en'))).toBe(true);
    expect(only(CBSS, skos('altLabel')).equals(literal('CBSS', 'en'))).toBe(true);
    expect(objects(CBSS, owl('sameAs'))).toHaveLength(0);
    const secretariat = car('organisation/cbss-secretariat');
    expect(values(secretariat, org('unitOf'))).toEqual([CBSS.value]);
    const site = only(secretariat, org('basedAt'));
    expect(values(site, rdf('type'))).toEqual([org('Site').value]);
    expect(only(site, rdfs('label')).equals(literal('Stockholm', 'en'))).toBe(true);
    expect(objects(site, dct('source')).length).toBeGreaterThan(0);
    expect(values(EXPERT_GROUP, rdf('type'))).toEqual([caro('ExpertGroup').value]);
    expect(values(EXPERT_GROUP, org('unitOf'))).toEqual([CBSS.value]);
    expect(values(EXPERT_GROUP, org('purpose'))).toEqual([car('statement/mission').value]);
    expect(values(EXPERT_GROUP, skos('altLabel'))).toContain('CAR Expert Group');
    const unit = car('organisation/children-at-risk-unit');
    expect(values(unit, org('unitOf'))).toEqual([secretariat.value]);
    expect(values(unit, skos('altLabel'))).toEqual(['CAR Unit']);
  });

  it('have the Expert Group act as five roles, named in the order of the source', () => {
    const expected = ['Convenor', 'Driver', 'Initiator', 'Coordinator', 'Facilitator'];
    const roles = ofType(caro('ExpertGroupRole'));
    expect(roles).toHaveLength(5);
    expect(sorted(roles)).toEqual(values(EXPERT_GROUP, caro('actsAs')));
    expect(roles.map((r) => only(r, skos('prefLabel')).value).sort()).toEqual([...expected].sort());
    expect(text.includes(`acts as ${expected.map((l) => l.toLowerCase()).slice(0, 4).join(', ')} and facilitator`)).toBe(true);
    for (const r of roles) expect(values(r, skos('inScheme'))).toEqual([car('scheme/expert-group-roles').value]);
  });

  it('have the Expert Group embrace the two pillars of the CBSS', () => {
    const pillars = ofType(caro('Pillar'));
    expect(sorted(pillars)).toEqual([car('pillar/political-dialogue').value, car('pillar/practical-cooperation').value]);
    expect(values(EXPERT_GROUP, caro('embracesPillar'))).toEqual(sorted(pillars));
    expect(only(car('pillar/political-dialogue'), skos('prefLabel')).equals(literal('Political dialogue between States', 'en'))).toBe(true);
    expect(only(car('pillar/practical-cooperation'), skos('prefLabel')).equals(literal('Practical cooperation based on tangible projects', 'en'))).toBe(true);
  });

  it('have the Expert Group work with five kinds of stakeholder', () => {
    const expected = ['national-authorities', 'civil-society', 'international-and-regional-organisations', 'professionals', 'academia'];
    expect(sorted(ofType(caro('StakeholderType')))).toEqual(expected.map((s) => car(`stakeholder/${s}`).value).sort());
    expect(values(EXPERT_GROUP, caro('worksWith'))).toEqual(expected.map((s) => car(`stakeholder/${s}`).value).sort());
  });

  it('have the Expert Group cooperate with three partner units of the Secretariat and the CAR Unit, both ways', () => {
    const partners = ['task-force-against-trafficking-in-human-beings', 'baltic-2030', 'civil-security-team'].map((s) => car(`organisation/${s}`));
    const unit = car('organisation/children-at-risk-unit');
    expect(values(EXPERT_GROUP, caro('cooperatesWith'))).toEqual([...partners, unit].map((p) => p.value).sort());
    for (const p of partners) {
      expect(values(p, rdf('type'))).toEqual([org('OrganizationalUnit').value]);
      expect(values(p, org('unitOf'))).toEqual([car('organisation/cbss-secretariat').value]);
      expect(values(p, caro('cooperatesWith'))).toEqual([EXPERT_GROUP.value]);
    }
    expect(only(partners[0]!, skos('prefLabel')).value).toBe('CBSS Task Force against Trafficking in Human Beings');
    expect(only(partners[0]!, skos('altLabel')).value).toBe('TF-THB');
    expect(only(partners[1]!, skos('prefLabel')).value).toBe('Baltic 2030');
    expect(only(partners[2]!, skos('prefLabel')).value).toBe('Civil Security Team');
  });

  it('have the Expert Group focus on the three priorities', () => {
    expect(values(EXPERT_GROUP, caro('focusesOn'))).toEqual([P1.value, P2.value, P3.value].sort());
  });
});

describe('membership of the CBSS', () => {
  // Wikidata ids from REFERENCES.md.
  const states: Record<string, string> = {
    denmark: 'Q35', estonia: 'Q191', finland: 'Q33', germany: 'Q183', iceland: 'Q189', latvia: 'Q211',
    lithuania: 'Q37', norway: 'Q20', poland: 'Q36', russia: 'Q159', sweden: 'Q34',
  };

  /** Memberships of the CBSS whose interval holds an instant in the given year. */
  const heldIn = (year: string) =>
    subjects(org('organization'), CBSS).filter((m) =>
      objects(m, org('memberDuring')).some((i) =>
        objects(i, time('inside')).some((instant) => objects(instant, time('inXSDgYear')).some((y) => y.equals(literal(year, xsd('gYear'))))),
      ),
    );

  it('link each state and the EU to its Wikidata item, with a source', () => {
    for (const [slug, id] of Object.entries({ ...states, belarus: 'Q184' })) {
      const state = car(`state/${slug}`);
      expect(values(state, rdf('type'))).toEqual([caro('State').value]);
      expect(values(state, owl('sameAs'))).toEqual([wd(id).value]);
    }
    expect(values(car('organisation/european-union'), owl('sameAs'))).toEqual([wd('Q458').value]);
  });

  it('attest 11 member states and the European Union in 2020', () => {
    const held = heldIn('2020');
    const memberStates = held.filter((m) => values(m, org('role')).includes(car('role/member-state').value));
    expect(memberStates.map((m) => only(m, org('member')).value).sort()).toEqual(Object.keys(states).map((s) => car(`state/${s}`).value).sort());
    const others = held.filter((m) => !memberStates.includes(m));
    expect(others.map((m) => only(m, org('member')).value)).toEqual([car('organisation/european-union').value]);
    expect(values(others[0]!, org('role'))).toEqual([car('role/member').value]);
    for (const m of held) expect(objects(only(m, org('memberDuring')), time('hasBeginning')), `${m.value} invents no start`).toHaveLength(0);
  });

  /** The day a membership's one suspension begins, and whether an end is recorded for it. */
  const suspensionOf = (membership: Term): { begins: Term; ends: Term[] } => {
    const suspension = only(membership, caro('suspendedDuring'));
    expect(values(suspension, rdf('type'))).toEqual([caro('Suspension').value]);
    return { begins: only(only(suspension, time('hasBeginning')), time('inXSDDate')), ends: objects(suspension, time('hasEnd')) };
  };

  it('record Russia suspended from 3 March 2022, its withdrawal announced on 17 May 2022, and no end that no source gives', () => {
    const russia = car('membership/russia');
    expect(only(russia, org('member')).value).toBe(car('state/russia').value);
    const { begins, ends } = suspensionOf(russia);
    expect(begins.equals(literal('2022-03-03', xsd('date')))).toBe(true);
    expect(ends).toHaveLength(0);
    expect(only(russia, caro('withdrawalAnnouncedOn')).equals(literal('2022-05-17', xsd('date')))).toBe(true);
    // The suspension is not the end of the membership: none of the cited sources gives the day it ended.
    expect(objects(only(russia, org('memberDuring')), time('hasEnd'))).toHaveLength(0);
  });

  it('record Belarus as an observer suspended from 3 March 2022, its status not ended', () => {
    const belarus = car('membership/belarus-observer');
    expect(only(belarus, org('member')).value).toBe(car('state/belarus').value);
    expect(values(belarus, org('role'))).toEqual([car('role/observer-state').value]);
    const { begins, ends } = suspensionOf(belarus);
    expect(begins.equals(literal('2022-03-03', xsd('date')))).toBe(true);
    expect(ends).toHaveLength(0);
    expect(objects(only(belarus, org('memberDuring')), time('hasEnd'))).toHaveLength(0);
  });

  it('use no deprecated caro:suspendedOn: a suspension is a dated state, not a bare date', () => {
    expect(store.getSubjects(caro('suspendedOn'), null, null)).toHaveLength(0);
  });

  it('say on the observers’ data that only Belarus is recorded', () => {
    const observers = subjects(org('role'), car('role/observer-state'));
    expect(observers.map((m) => only(m, org('member')).value)).toEqual([car('state/belarus').value]);
    for (const subject of [car('role/observer-state'), car('membership/belarus-observer')]) {
      expect(values(subject, skos('editorialNote')).some((n) => /\bonly\b.*observer state.*\brecorded\b/i.test(n)), subject.value).toBe(true);
    }
  });
});

describe('conventions over the whole graph', () => {
  const isPublicIri = (t: Term) => t.termType === 'NamedNode' && /^https?:\/\/[^/]+\//.test(t.value) && !t.value.startsWith(BASE);

  it('give every fact from outside the document a public dct:source', () => {
    // Keyed by IRI: the store may hand back one object per term or a new one per call.
    const needSource = new Map<string, Term>(
      [
        ...ofType(org('Membership')),
        ...store.getSubjects(owl('sameAs'), null, null),
        ...store.getSubjects(dct('issued'), null, null).filter((s) => s.value.startsWith(`${BASE}document/`)),
        ...store.getSubjects(caro('suspendedDuring'), null, null),
        ...store.getSubjects(caro('withdrawalAnnouncedOn'), null, null),
        ...store.getObjects(null, org('basedAt'), null),
        ...store.getSubjects(org('basedAt'), null, null),
      ].map((t) => [t.value, t]),
    );
    expect(needSource.size).toBeGreaterThanOrEqual(30);
    for (const s of needSource.values()) {
      const sources = objects(s, dct('source'));
      expect(sources.length, s.value).toBeGreaterThan(0);
      for (const source of sources) expect(isPublicIri(source), `${s.value} dct:source ${source.value}`).toBe(true);
    }
  });

  it('tag every label and title with a language', () => {
    let checked = 0;
    for (const p of [rdfs('label'), skos('prefLabel'), skos('altLabel'), skos('hiddenLabel'), dct('title')]) {
      for (const o of store.getObjects(null, p, null)) {
        expect(o.termType, `${p.value} ${o.value}`).toBe('Literal');
        expect((o as Literal).language, `${p.value} "${o.value}"`).not.toBe('');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('write every text of ours in English', () => {
    let checked = 0;
    for (const q of ours.getQuads(null, null, null, null)) {
      if (q.object.termType === 'Literal' && q.object.datatype.value === rdf('langString').value) {
        expect(q.object.language, `${q.subject.value} ${q.predicate.value}`).toBe('en');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('never give two concepts of one scheme the same notation, nor reuse one of ours anywhere', () => {
    const seen = new Map<string, string>();
    let checked = 0;
    for (const q of store.getQuads(null, skos('notation'), null, null)) {
      const schemes = objects(q.subject, skos('inScheme')).map((s) => s.value);
      for (const scheme of schemes.length ? schemes : ['(no scheme)']) {
        const key = `${scheme} ${q.object.value} ${(q.object as Literal).datatype.value}`;
        expect(seen.get(key) ?? q.subject.value, `notation ${q.object.value} in ${scheme}`).toBe(q.subject.value);
        seen.set(key, q.subject.value);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(14);
    const ourNotations = ours.getQuads(null, skos('notation'), null, null);
    expect(ourNotations.map((q) => q.object.value).sort()).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'P1', 'P1.1', 'P1.2', 'P1.3', 'P1.4', 'P1.5', 'P2', 'P3']);
    for (const q of ourNotations) expect(sorted(store.getSubjects(skos('notation'), q.object, null)), q.object.value).toEqual([q.subject.value]);
  });

  it('leave no link of ours dangling', () => {
    let checked = 0;
    for (const q of ours.getQuads(null, null, null, null)) {
      if (q.object.termType !== 'NamedNode' || !q.object.value.startsWith(BASE) || q.object.value.includes('#')) continue;
      expect(store.getQuads(q.object, null, null, null).length, `${q.subject.value} → ${q.object.value}`).toBeGreaterThan(0);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the source texts of data/source/', () => {
  // A published source never changes: a corrected text is a new source text, with a new file and checksum.
  it('each match the SHA-256 recorded for them, and each is described by exactly one caro:SourceText', async () => {
    const files = (await readdir(SOURCE_DIR)).sort();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const described = store.getSubjects(spdx('fileName'), literal(file), null);
      expect(described, `${file} is described by one caro:SourceText`).toHaveLength(1);
      const source = described[0]!;
      expect(values(source, rdf('type'))).toContain(caro('SourceText').value);
      const checksum = only(source, spdx('checksum'));
      expect(only(checksum, spdx('algorithm')).value).toBe(spdx('checksumAlgorithm_sha256').value);
      const recorded = only(checksum, spdx('checksumValue'));
      const sha256 = createHash('sha256').update(await readFile(path.join(SOURCE_DIR, file))).digest('hex');
      expect(recorded.equals(literal(sha256, xsd('hexBinary'))), `${file}: the SHA-256 of the file is ${sha256}`).toBe(true);
    }
    expect(store.getSubjects(rdf('type'), caro('SourceText'), null)).toHaveLength(files.length);
  });
});

describe('the source text', () => {
  // The project keeps its own copy so that a clone is self-contained; the team's copy lies beside the
  // repository (../shared/source) on developers' machines and in CI.
  it('is byte-identical to the team copy of the source document', async () => {
    const teamCopy = path.resolve(config.rootDir, '..', 'shared', 'source', 'car-mandate-strategy-2020-2025.txt');
    const ours = await readFile(SOURCE_FILE);
    const theirs = await readFile(teamCopy).catch(() => undefined);
    if (process.env.CI === 'true') expect(theirs, `${teamCopy} is missing`).toBeDefined();
    if (theirs) expect(ours.equals(theirs)).toBe(true);
    expect(ours.toString('utf8')).toMatch(/^Mandate and strategy of the Expert Group\n/);
  });
});
