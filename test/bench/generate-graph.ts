// Benchmark data: a deterministic synthetic graph shaped like ours (same ontology and shapes, same kinds of
// resources, about the same mix of priorities, areas, statements, quotes and crosswalk links per strategy, and the
// same triples per resource), scaled to a requested number of resources. It models what the pipeline must carry
// next: more strategy periods, other CBSS expert groups' strategies, the full UNCRC, all 17 SDGs with their 169
// targets, and every member state. The text is made of the source's own words, so it reads, indexes and
// compresses like ours, but states no fact: every file says it is synthetic.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createConfig, ROOT_DIR, type Config } from '../../src/config.ts';
import { createPrefixes, DEFAULT_BASE_IRI } from '../../src/prefixes.ts';

/** The seed used unless the caller gives one. */
export const DEFAULT_SEED = 20200506;

/** The name of the synthetic source text file, the same as the real one so that the pipeline finds it. */
export const SOURCE_FILE_NAME = 'car-mandate-strategy-2020-2025.txt';

/** The source text resource, the same IRI as the real one (the site has one source-text page). */
export const SOURCE_PATH = 'source/mandate-and-strategy-2020-2025';

/** How many paragraphs the synthetic source text has; quotes are drawn from them. */
export const SOURCE_PARAGRAPHS = 60;

export interface GeneratedTurtle {
  /** Data files by file name (data/{name}), each a complete Turtle document. */
  readonly files: ReadonlyMap<string, string>;
  /** The synthetic source text every quote points into. */
  readonly sourceText: string;
  /** Resources (IRI subjects of the data) by kind, e.g. priority: 3. */
  readonly counts: Readonly<Record<string, number>>;
  /** All resource IRIs, sorted. */
  readonly iris: readonly string[];
  /** How many strategies (expert group × period) the graph holds. */
  readonly strategies: number;
  /** How many caro:quotedFrom passages the graph holds. */
  readonly quotes: number;
}

export interface GeneratedGraph extends GeneratedTurtle {
  /** Folder holding ontology/ (a copy of the real one) and data/ (synthetic). */
  readonly rootDir: string;
  readonly ontologyDir: string;
  readonly dataDir: string;
  readonly sourceFile: string;
}

// ---------------------------------------------------------------- seeded randomness

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rng {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  sample<T>(items: readonly T[], n: number): T[];
}

function createRng(seed: number): Rng {
  const next = createRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number],
    sample: (items, n) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j] as (typeof copy)[number], copy[i] as (typeof copy)[number]];
      }
      return copy.slice(0, Math.min(n, copy.length));
    },
  };
}

// ---------------------------------------------------------------- the fixed, shared part of the graph

// Words of the real source text, so that synthetic quotes, labels and search entries read like ours.
const WORDS = (
  'children rights child protection systems region prevention early intervention support justice ' +
  'partnerships regional exchange national measures violence abuse exploitation injury harm dialogue ' +
  'practical cooperation projects expert group members strategy mandate vision mission secretariat ' +
  'alternative care disabilities migration poverty social exclusion parenting caregiver trafficking ' +
  'sexual resilient societies participation victims witnesses information assistance professional ' +
  'multidisciplinary international legal policy instruments concepts guidance member states alliances ' +
  'achievements relevance impact areas priorities development implementation tangible cross-border ' +
  'concerns strategic facilitate promote strengthen identify engage shaping effective comprehensive ' +
  'equal opportunities thrive meaningful involvement prosperous safe secure fulfilment bolstering ' +
  'legislative administrative educational safeguarded authorities civil society academia Barnahus ' +
  'child-friendly well-being children’s long-term consolidated'
).split(' ');

// The Convention's structure: 54 articles in three Parts (Part I holds the rights), the general principles.
const UNCRC_PARTS = [
  { n: 1, roman: 'I', first: 1, last: 41 },
  { n: 2, roman: 'II', first: 42, last: 45 },
  { n: 3, roman: 'III', first: 46, last: 54 },
] as const;
const GENERAL_PRINCIPLES = new Set([2, 3, 6, 12]);
const OPTIONAL_PROTOCOLS = ['armed-conflict', 'sale-of-children', 'communications-procedure'] as const;
// Targets per SDG goal: 169 in all.
const SDG_TARGETS_PER_GOAL = [7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19] as const;
const STATES = [
  ['denmark', 'Denmark', 'Q35'], ['estonia', 'Estonia', 'Q191'], ['finland', 'Finland', 'Q33'],
  ['germany', 'Germany', 'Q183'], ['iceland', 'Iceland', 'Q189'], ['latvia', 'Latvia', 'Q211'],
  ['lithuania', 'Lithuania', 'Q37'], ['norway', 'Norway', 'Q20'], ['poland', 'Poland', 'Q36'],
  ['russia', 'Russia', 'Q159'], ['sweden', 'Sweden', 'Q34'], ['belarus', 'Belarus', 'Q184'],
] as const;
const MEMBERSHIP_ROLES = ['member-state', 'observer-state', 'member'] as const;
const EXPERT_GROUP_ROLES = ['convenor', 'driver', 'initiator', 'coordinator', 'facilitator'] as const;
const PILLARS = ['political-dialogue', 'practical-cooperation'] as const;
const STAKEHOLDERS = ['national-authorities', 'civil-society', 'international-and-regional-organisations', 'professionals', 'academia'] as const;
const UNITS = ['children-at-risk-unit', 'task-force-against-trafficking-in-human-beings', 'baltic-2030', 'civil-security-team'] as const;
const PERIODS = [2020, 2025, 2030, 2035, 2040, 2045, 2015, 2010].map((y) => [y, y + 5] as const);
const STATEMENTS = [['caro:Vision', 'vision'], ['caro:Mission', 'mission'], ['caro:Commitment', 'commitment'], ['caro:PriorityRelationStatement', 'priorities-closely-related']] as const;

const OHCHR = '<https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child>';
const SDG_SOURCES = ['<https://sdgs.un.org/goals>', '<https://unstats.un.org/sdgs/indicators/indicators-list/>'];
const CBSS_SOURCE = '<https://en.wikipedia.org/wiki/Council_of_the_Baltic_Sea_States>';
const NOTE = '# Synthetic benchmark data from test/bench/generate-graph.ts: shaped like the real graph, but it states no fact.';

// ---------------------------------------------------------------- Turtle writing

function escapeLiteral(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const en = (text: string) => `"${escapeLiteral(text)}"@en`;
const str = (text: string) => `"${escapeLiteral(text)}"`;
const date = (d: string) => `"${d}"^^xsd:date`;
const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const humanise = (slug: string) => titleCase(slug.replace(/-/g, ' '));

type Po = readonly [string, string | readonly string[]];

/** Collects the Turtle of one data file; every subject added is a resource of the graph. */
class TurtleFile {
  readonly chunks: string[] = [];
  constructor(private readonly onAdd: (iri: string, kind: string) => void) {}

  add(iri: string, kind: string, pos: readonly Po[]): void {
    this.onAdd(iri, kind);
    const lines = pos.filter(([, o]) => o.length > 0).map(([p, o]) => `    ${p} ${typeof o === 'string' ? o : o.join(' , ')}`);
    this.chunks.push(`<${iri}>\n${lines.join(' ;\n')} .\n`);
  }
}

// ---------------------------------------------------------------- the synthetic source text and its quotes

interface Paragraph {
  readonly number: number;
  readonly start: number;
  readonly text: string;
}

function createSourceText(rng: Rng, paragraphCount: number): { text: string; paragraphs: Paragraph[] } {
  const paragraphs: Paragraph[] = [];
  const lines: string[] = [];
  let offset = 0;
  for (let n = 1; n <= paragraphCount; n++) {
    const sentences = Array.from({ length: rng.int(2, 5) }, () => titleCase(Array.from({ length: rng.int(10, 28) }, () => rng.pick(WORDS)).join(' ')) + '.');
    const text = sentences.join(' ');
    paragraphs.push({ number: n, start: offset, text });
    lines.push(text, '');
    offset += text.length + 2;
  }
  return { text: lines.join('\n'), paragraphs };
}

interface Quote {
  readonly paragraph: number;
  readonly exact: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly start: number;
  readonly end: number;
}

function pickQuote(rng: Rng, paragraphs: readonly Paragraph[], minWords = 3, maxWords = 40): Quote {
  const paragraph = rng.pick(paragraphs);
  const words = paragraph.text.split(' ');
  const length = Math.min(words.length, rng.int(minWords, maxWords));
  const first = rng.int(0, words.length - length);
  const localStart = first === 0 ? 0 : words.slice(0, first).join(' ').length + 1;
  const exact = words.slice(first, first + length).join(' ');
  const localEnd = localStart + exact.length;
  return {
    paragraph: paragraph.number,
    exact,
    prefix: paragraph.text.slice(Math.max(0, localStart - 32), localStart),
    suffix: paragraph.text.slice(localEnd, localEnd + 32),
    start: paragraph.start + localStart,
    end: paragraph.start + localEnd,
  };
}

function renderQuotedFrom(quote: Quote, sourceRef: string): string {
  const selector = [`oa:exact ${str(quote.exact)}`];
  if (quote.prefix) selector.push(`oa:prefix ${str(quote.prefix)}`);
  if (quote.suffix) selector.push(`oa:suffix ${str(quote.suffix)}`);
  return (
    `[ a oa:SpecificResource ;\n        oa:hasSource ${sourceRef} ;\n        caro:paragraph ${quote.paragraph} ;\n` +
    `        oa:hasSelector [ a oa:TextQuoteSelector ;\n            ${selector.join(' ;\n            ')} ] ,\n` +
    `          [ a oa:TextPositionSelector ; oa:start ${quote.start} ; oa:end ${quote.end} ] ]`
  );
}

// ---------------------------------------------------------------- the generator

/** Generate the Turtle files and the source text for a graph of at least `resources` resources (deterministic for a seed). */
export function generateTurtle(resources: number, seed: number = DEFAULT_SEED): GeneratedTurtle {
  if (!Number.isInteger(resources) || resources < 1) throw new Error(`resources must be a positive integer, got ${resources}`);
  const rng = createRng(seed);
  const base = DEFAULT_BASE_IRI;
  const iri = (p: string) => base + p;
  const ref = (p: string) => `<${base}${p}>`;
  const iris: string[] = [];
  const counts: Record<string, number> = {};
  const files = new Map<string, TurtleFile>();
  const file = (name: string) => {
    let f = files.get(name);
    if (!f) {
      f = new TurtleFile((resource, kind) => {
        iris.push(resource);
        counts[kind] = (counts[kind] ?? 0) + 1;
      });
      files.set(name, f);
    }
    return f;
  };
  let quoteCount = 0;
  const source = createSourceText(rng, SOURCE_PARAGRAPHS);
  const sourceRef = ref(SOURCE_PATH);
  const quotes = (min: number, max: number, first?: Quote): string[] => {
    const list = Array.from({ length: rng.int(min, max) }, () => pickQuote(rng, source.paragraphs));
    if (first) list.unshift(first);
    quoteCount += list.length;
    return list.map((q) => renderQuotedFrom(q, sourceRef));
  };
  const words = (min: number, max: number) => Array.from({ length: rng.int(min, max) }, () => rng.pick(WORDS)).join(' ');
  const sentence = (min: number, max: number) => titleCase(words(min, max)) + '.';
  const slugWord = () => rng.pick(WORDS).toLowerCase().replace(/[^a-z-]/g, '');

  // ---- shared: the source text, the CBSS and its units, parties and memberships, roles, pillars, stakeholders
  const documents = file('documents.ttl');
  documents.add(iri(SOURCE_PATH), 'source', [
    ['a', 'caro:SourceText'],
    ['dct:title', en('Mandate and strategy of an expert group (synthetic benchmark text)')],
    ['dct:format', str('text/plain')],
    ['skos:editorialNote', en(sentence(20, 40))],
    ['caro:quotedFrom', quotes(1, 1)],
  ]);

  const orgs = file('organisations.ttl');
  const cbss = 'organisation/cbss';
  const groupIris: string[] = [];
  orgs.add(iri('organisation/cbss-secretariat'), 'organisation', [
    ['a', 'org:OrganizationalUnit'],
    ['skos:prefLabel', en('CBSS Secretariat')],
    ['org:unitOf', ref(cbss)],
    ['org:hasUnit', UNITS.map((u) => ref(`organisation/${u}`))],
    ['org:basedAt', `[ a org:Site ; rdfs:label ${en('Stockholm')} ; dct:source ${CBSS_SOURCE} ]`],
    ['dct:source', CBSS_SOURCE],
    ['caro:quotedFrom', quotes(1, 1)],
  ]);
  for (const unit of UNITS) {
    orgs.add(iri(`organisation/${unit}`), 'organisation', [
      ['a', 'org:OrganizationalUnit'],
      ['skos:prefLabel', en(humanise(unit))],
      ['org:unitOf', ref('organisation/cbss-secretariat')],
      ['dct:source', CBSS_SOURCE],
      ['caro:quotedFrom', quotes(1, 1)],
    ]);
  }
  const schemeOf = (slug: string, label: string, members: readonly string[], kind: string) => {
    orgs.add(iri(`scheme/${slug}`), 'scheme', [
      ['a', 'skos:ConceptScheme'],
      ['skos:prefLabel', en(label)],
      ['skos:hasTopConcept', members.map((m) => ref(`${kind}/${m}`))],
      ['dct:source', CBSS_SOURCE],
    ]);
    for (const m of members) {
      orgs.add(iri(`${kind}/${m}`), kind, [
        ['a', kind === 'role' ? (MEMBERSHIP_ROLES.includes(m as never) ? 'caro:MembershipRole' : 'caro:ExpertGroupRole') : kind === 'pillar' ? 'caro:Pillar' : 'caro:StakeholderType'],
        ['skos:prefLabel', en(humanise(m))],
        ['skos:inScheme', ref(`scheme/${slug}`)],
        ['skos:topConceptOf', ref(`scheme/${slug}`)],
        ['dct:source', CBSS_SOURCE],
        ['caro:quotedFrom', quotes(0, 1)],
      ]);
    }
  };
  schemeOf('membership-roles', 'Roles in the Council of the Baltic Sea States', MEMBERSHIP_ROLES, 'role');
  schemeOf('expert-group-roles', 'Roles of an expert group', EXPERT_GROUP_ROLES, 'role');
  schemeOf('cbss-pillars', 'Pillars of the CBSS', PILLARS, 'pillar');
  schemeOf('stakeholder-types', 'Kinds of stakeholder', STAKEHOLDERS, 'stakeholder');

  const memberships = file('memberships.ttl');
  for (const [slug, name, qid] of STATES) {
    memberships.add(iri(`state/${slug}`), 'state', [
      ['a', 'caro:State'],
      ['rdfs:label', en(name)],
      ['owl:sameAs', `wd:${qid}`],
      ['dct:source', `<https://www.wikidata.org/wiki/${qid}>`],
    ]);
  }
  memberships.add(iri('organisation/european-union'), 'organisation', [
    ['a', 'org:Organization'],
    ['skos:prefLabel', en('European Union')],
    ['owl:sameAs', 'wd:Q458'],
    ['dct:source', '<https://www.wikidata.org/wiki/Q458>'],
  ]);
  for (const [slug, name] of [...STATES, ['european-union', 'European Union', 'Q458'] as const]) {
    const pos: Po[] = [
      ['a', 'org:Membership'],
      ['rdfs:label', en(`${name}, member of the CBSS`)],
      ['org:member', ref(slug === 'european-union' ? 'organisation/european-union' : `state/${slug}`)],
      ['org:organization', ref(cbss)],
      ['org:role', ref(slug === 'european-union' ? 'role/member' : slug === 'belarus' ? 'role/observer-state' : 'role/member-state')],
      ['org:memberDuring', '[ a time:Interval ; time:inside [ a time:Instant ; time:inXSDgYear "2020"^^xsd:gYear ] ]'],
      ['skos:editorialNote', en(sentence(6, 14))],
      ['dct:source', CBSS_SOURCE],
    ];
    if (slug === 'russia') pos.push(['caro:suspendedOn', date('2022-03-03')], ['caro:withdrawalAnnouncedOn', date('2022-05-17')]);
    memberships.add(iri(`membership/${slug}`), 'membership', pos);
  }

  // ---- shared: the full UNCRC, all SDG goals and targets
  const uncrc = file('uncrc.ttl');
  const rights: string[] = [];
  uncrc.add(iri('uncrc'), 'uncrc', [
    ['a', 'caro:Convention'],
    ['rdfs:label', en('Convention on the Rights of the Child')],
    ['dct:title', en('Convention on the Rights of the Child')],
    ['skos:altLabel', [en('UNCRC'), en('CRC')]],
    ['dct:issued', date('1989-11-20')],
    ['rdfs:comment', en(sentence(20, 40))],
    ['eli:has_part', UNCRC_PARTS.map((p) => ref(`uncrc/part/${p.n}`))],
    ['rdfs:seeAlso', OHCHR],
    ['dct:source', OHCHR],
  ]);
  uncrc.add(iri('scheme/uncrc-articles'), 'scheme', [
    ['a', 'skos:ConceptScheme'],
    ['rdfs:label', en('Articles of the UN Convention on the Rights of the Child')],
    ['dct:subject', ref('uncrc')],
    ['dct:source', OHCHR],
    ['skos:hasTopConcept', Array.from({ length: 54 }, (_, i) => ref(`uncrc/article/${i + 1}`))],
  ]);
  for (const part of UNCRC_PARTS) {
    const articles = Array.from({ length: part.last - part.first + 1 }, (_, i) => `uncrc/article/${part.first + i}`);
    uncrc.add(iri(`uncrc/part/${part.n}`), 'uncrc-part', [
      ['a', 'caro:ConventionPart'],
      ['rdfs:label', en(`Part ${part.roman}`)],
      ['eli:number', str(part.roman)],
      ['rdfs:comment', en(sentence(8, 20))],
      ['eli:is_part_of', ref('uncrc')],
      ['eli:has_part', articles.map(ref)],
      ['rdfs:seeAlso', OHCHR],
      ['dct:source', OHCHR],
    ]);
    for (const [i, article] of articles.entries()) {
      const n = part.first + i;
      if (part.n === 1) rights.push(article);
      uncrc.add(iri(article), 'uncrc-article', [
        ['a', GENERAL_PRINCIPLES.has(n) ? 'caro:GeneralPrinciple' : 'caro:Article'],
        ['rdfs:label', en(`Article ${n}`)],
        ['caro:caption', en(humanise(words(2, 6)))],
        ['eli:number', str(String(n))],
        ['eli:is_part_of', ref(`uncrc/part/${part.n}`)],
        ['skos:inScheme', ref('scheme/uncrc-articles')],
        ['rdfs:seeAlso', OHCHR],
        ['dct:source', OHCHR],
      ]);
    }
  }
  for (const op of OPTIONAL_PROTOCOLS) {
    const p = `uncrc/optional-protocol/${op}`;
    rights.push(p);
    uncrc.add(iri(p), 'uncrc-optional-protocol', [
      ['a', 'caro:OptionalProtocol'],
      ['rdfs:label', en(`Optional Protocol on the ${op.replace(/-/g, ' ')}`)],
      ['dct:title', en(`Optional Protocol to the Convention on the Rights of the Child on the ${op.replace(/-/g, ' ')}`)],
      ['rdfs:seeAlso', OHCHR],
      ['dct:source', OHCHR],
    ]);
  }

  const sdg = file('sdg.ttl');
  const targets: string[] = [];
  SDG_TARGETS_PER_GOAL.forEach((count, g) => {
    const goal = `http://metadata.un.org/sdg/${g + 1}`;
    const mine = Array.from({ length: count }, (_, t) => `http://metadata.un.org/sdg/${g + 1}.${t + 1}`);
    sdg.add(goal, 'sdg-goal', [
      ['a', ['sdgo:Goal', 'skos:Concept']],
      ['skos:notation', str(String(g + 1))],
      ['skos:prefLabel', en(titleCase(words(5, 12)))],
      ['skos:altLabel', en(`Goal ${g + 1}`)],
      ['sdgo:hasTarget', mine.map((t) => `<${t}>`)],
      ['skos:narrower', mine.map((t) => `<${t}>`)],
      ['dct:source', SDG_SOURCES],
    ]);
    mine.forEach((t, i) => {
      targets.push(t);
      sdg.add(t, 'sdg-target', [
        ['a', ['sdgo:Target', 'skos:Concept']],
        ['skos:notation', str(`${g + 1}.${i + 1}`)],
        ['skos:prefLabel', en(titleCase(words(14, 40)))],
        ['skos:altLabel', en(`Target ${g + 1}.${i + 1}`)],
        ['skos:broader', `<${goal}>`],
        ['dct:source', SDG_SOURCES],
      ]);
    });
  });

  // ---- per strategy (expert group × period): documents, statements, schemes, priorities, areas, crosswalk
  const strategiesFile = file('strategies.ttl');
  const concepts = file('priorities.ttl');
  const crosswalk = file('crosswalk.ttl');
  const periods = new Set<string>();
  let strategies = 0;
  let priorityNumber = 0;
  let crossCuttingNumber = 0;
  const addCrosswalk = (subject: string, slug: string, label: string): Po[] => {
    const links: [string, string[]][] = [
      ['caro:addressesRight', rng.sample(rights, rng.int(2, 5)).map(ref)],
      ['caro:contributesToTarget', rng.sample(targets, rng.int(1, 2)).map((t) => `<${t}>`)],
    ];
    for (const [property, objects] of links) {
      for (const object of objects) {
        const value = object.slice(1, -1);
        const objectSlug = value.startsWith(base + 'uncrc/article/')
          ? `uncrc-article-${value.slice((base + 'uncrc/article/').length)}`
          : value.startsWith(base) ? `uncrc-op-${value.slice((base + 'uncrc/optional-protocol/').length)}` : `sdg-${value.slice('http://metadata.un.org/sdg/'.length)}`;
        crosswalk.add(iri(`alignment/${slug}/${objectSlug}`), 'alignment', [
          ['a', 'caro:Alignment'],
          ['rdfs:label', en(`${label} → ${objectSlug.replace(/-/g, ' ')}`)],
          ['caro:alignmentSubject', ref(subject)],
          ['caro:alignmentProperty', property],
          ['caro:alignmentObject', object],
          ['caro:rationale', en(sentence(14, 34))],
          ['dct:source', [property === 'caro:addressesRight' ? OHCHR : (SDG_SOURCES[0] as string), sourceRef]],
        ]);
      }
    }
    return links;
  };

  for (let g = 0; strategies === 0 || iris.length < resources; g++) {
    const group = g === 0 ? 'children-at-risk' : `expert-group-${g + 1}`;
    const groupIri = `organisation/expert-group-on-${group}`;
    const groupLabel = `Expert Group on ${humanise(group)}`;
    const focus: string[] = [];
    let mission = '';
    let previousMandate: string | undefined;
    groupIris.push(groupIri);
    for (let k = 0; k < PERIODS.length && (k === 0 || iris.length + 1 < resources); k++) {
      strategies++;
      const [from, to] = PERIODS[k] as readonly [number, number];
      const period = `period/${from}-${to}`;
      const prefix = `${group}-${from}-${to}`;
      const label = `${groupLabel}, ${from}–${to}`;
      if (!periods.has(period)) {
        periods.add(period);
        strategiesFile.add(iri(period), 'period', [
          ['a', 'time:Interval'],
          ['rdfs:label', en(`July ${from} – June ${to}`)],
          ['time:hasBeginning', `[ a time:Instant ; time:inXSDDate ${date(`${from}-07-01`)} ]`],
          ['time:hasEnd', `[ a time:Instant ; time:inXSDDate ${date(`${to}-06-30`)} ]`],
          ['skos:editorialNote', en(sentence(10, 24))],
          ['caro:quotedFrom', quotes(1, 2)],
        ]);
      }
      const mandate = `document/mandate-${prefix}`;
      const strategy = `document/regional-strategy-${prefix}`;
      const statementScheme = `scheme/${prefix}-strategy`;
      const priorityScheme = `scheme/${prefix}-strategic-priorities`;
      const areaScheme = `scheme/${prefix}-areas-of-concern`;
      const statements = STATEMENTS.map(([, slug]) => `statement/${prefix}-${slug}`);
      const priorities = Array.from({ length: rng.int(2, 4) }, (_, i) => ({
        iri: `priority/${prefix}-${slugWord()}-${i + 1}`,
        notation: `P${++priorityNumber}`,
      }));
      const keyAreas = priorities.flatMap((p, i) =>
        Array.from({ length: rng.int(0, 4) }, (_, j) => ({ iri: `area/${prefix}-${slugWord()}-${i + 1}-${j + 1}`, notation: `${p.notation}.${j + 1}`, of: [p.iri] })),
      );
      const crossCutting = Array.from({ length: rng.int(3, 7) }, (_, j) => ({
        iri: `area/${prefix}-${slugWord()}-a${j + 1}`,
        notation: `A${++crossCuttingNumber}`,
        of: priorities.map((p) => p.iri),
      }));
      focus.push(...priorities.map((p) => p.iri));
      if (k === 0) mission = statements[1] as string;

      for (const [doc, kind, title] of [[mandate, 'caro:Mandate', 'Mandate'], [strategy, 'caro:RegionalStrategy', 'Regional Strategy']] as const) {
        strategiesFile.add(iri(doc), 'document', [
          ['a', kind],
          ['dct:title', en(`${label}: ${title} July ${from} – June ${to}`)],
          ['dct:temporal', ref(period)],
          ['dct:issued', date(`${from}-05-06`)],
          ['dct:replaces', previousMandate ? ref(previousMandate) : ''],
          ['prov:wasAttributedTo', ref(groupIri)],
          ['caro:focusesOn', priorities.map((p) => ref(p.iri))],
          ['dct:hasPart', statements.map(ref)],
          ['skos:editorialNote', en(sentence(10, 24))],
          ['dct:source', CBSS_SOURCE],
          ['caro:quotedFrom', quotes(2, 2)],
        ]);
      }
      previousMandate = mandate;
      strategiesFile.add(iri(statementScheme), 'scheme', [
        ['a', 'skos:ConceptScheme'],
        ['skos:prefLabel', en(`Vision, mission and commitment of the ${label}`)],
        ['skos:hasTopConcept', statements.map(ref)],
        ['caro:quotedFrom', quotes(1, 1)],
      ]);
      STATEMENTS.forEach(([kind, slug], i) => {
        const definition = pickQuote(rng, source.paragraphs, 15, 60);
        strategiesFile.add(iri(statements[i] as string), 'statement', [
          ['a', kind],
          ['skos:prefLabel', en(humanise(slug))],
          ['skos:definition', en(definition.exact)],
          ['skos:note', Array.from({ length: rng.int(0, 2) }, () => en(sentence(15, 40)))],
          ['skos:inScheme', ref(statementScheme)],
          ['skos:topConceptOf', ref(statementScheme)],
          ['dct:isPartOf', [ref(mandate), ref(strategy)]],
          ['prov:wasAttributedTo', ref(groupIri)],
          ['caro:quotedFrom', quotes(0, 2, definition)],
        ]);
      });

      concepts.add(iri(priorityScheme), 'scheme', [
        ['a', 'skos:ConceptScheme'],
        ['skos:prefLabel', en(`Strategic areas and priorities, ${label}`)],
        ['skos:hasTopConcept', priorities.map((p) => ref(p.iri))],
        ['caro:quotedFrom', quotes(1, 1)],
      ]);
      priorities.forEach((p) => {
        const definition = pickQuote(rng, source.paragraphs, 15, 50);
        const name = humanise(words(2, 6));
        concepts.add(iri(p.iri), 'priority', [
          ['a', 'caro:StrategicPriority'],
          ['skos:prefLabel', en(name)],
          ['skos:notation', str(p.notation)],
          ['skos:definition', en(definition.exact)],
          ['skos:note', Array.from({ length: rng.int(0, 2) }, () => en(sentence(15, 40)))],
          ['skos:inScheme', ref(priorityScheme)],
          ['skos:topConceptOf', ref(priorityScheme)],
          ['caro:isRelatedPriority', priorities.filter((o) => o !== p).map((o) => ref(o.iri))],
          ['caro:hasAreaOfConcern', [...keyAreas, ...crossCutting].filter((a) => a.of.includes(p.iri)).map((a) => ref(a.iri))],
          ...addCrosswalk(p.iri, p.iri.slice('priority/'.length), name),
          ['caro:quotedFrom', quotes(1, 3, definition)],
        ]);
      });
      concepts.add(iri(areaScheme), 'scheme', [
        ['a', 'skos:ConceptScheme'],
        ['skos:prefLabel', en(`Areas of concern, ${label}`)],
        ['skos:hasTopConcept', [...keyAreas, ...crossCutting].map((a) => ref(a.iri))],
        ['caro:quotedFrom', quotes(1, 1)],
      ]);
      for (const [kind, areas] of [['caro:KeyAreaOfConcern', keyAreas], ['caro:CrossCuttingAreaOfConcern', crossCutting]] as const) {
        for (const a of areas) {
          const name = humanise(words(1, 4));
          concepts.add(iri(a.iri), 'area', [
            ['a', kind],
            ['skos:prefLabel', en(name)],
            ['skos:notation', str(a.notation)],
            ['skos:inScheme', ref(areaScheme)],
            ['skos:topConceptOf', ref(areaScheme)],
            ['caro:isAreaOfConcernOf', a.of.map(ref)],
            ...addCrosswalk(a.iri, a.iri.slice('area/'.length), name),
            ['caro:quotedFrom', quotes(1, 2)],
          ]);
        }
      }
    }
    orgs.add(iri(groupIri), 'organisation', [
      ['a', 'caro:ExpertGroup'],
      ['skos:prefLabel', en(groupLabel)],
      ['skos:altLabel', [en(`CBSS ${groupLabel}`), en(`${humanise(group)} Expert Group`)]],
      ['org:unitOf', ref(cbss)],
      ['org:purpose', ref(mission)],
      ['skos:note', Array.from({ length: rng.int(1, 3) }, () => en(sentence(20, 50)))],
      ['caro:actsAs', rng.sample(EXPERT_GROUP_ROLES, rng.int(2, 5)).map((r) => ref(`role/${r}`))],
      ['caro:embracesPillar', PILLARS.map((p) => ref(`pillar/${p}`))],
      ['caro:worksWith', rng.sample(STAKEHOLDERS, rng.int(2, 5)).map((s) => ref(`stakeholder/${s}`))],
      ['caro:cooperatesWith', rng.sample(UNITS, rng.int(1, 4)).map((u) => ref(`organisation/${u}`))],
      ['caro:focusesOn', focus.map(ref)],
      ['caro:quotedFrom', quotes(3, 8)],
    ]);
  }
  orgs.add(iri(cbss), 'organisation', [
    ['a', 'org:FormalOrganization'],
    ['skos:prefLabel', en('Council of the Baltic Sea States')],
    ['skos:altLabel', en('CBSS')],
    ['org:hasUnit', [ref('organisation/cbss-secretariat'), ...groupIris.map(ref)]],
    ['dct:source', CBSS_SOURCE],
    ['caro:quotedFrom', quotes(1, 1)],
  ]);

  const header = Object.entries(createPrefixes(base)).map(([p, ns]) => `@prefix ${p}: <${ns}> .`).join('\n');
  const texts = new Map<string, string>();
  for (const name of [...files.keys()].sort()) {
    texts.set(name, `${NOTE}\n${header}\n\n${(files.get(name) as TurtleFile).chunks.join('\n')}`);
  }
  return { files: texts, sourceText: source.text, counts, iris: [...iris].sort(), strategies, quotes: quoteCount };
}

/** Write a synthetic graph of about `resources` resources into `dir` (ontology/ copied from the real one, data/ generated). */
export async function writeGeneratedGraph(dir: string, resources: number, seed: number = DEFAULT_SEED): Promise<GeneratedGraph> {
  const generated = generateTurtle(resources, seed);
  const real = createConfig({ rootDir: ROOT_DIR });
  const ontologyDir = path.join(dir, 'ontology');
  const dataDir = path.join(dir, 'data');
  const sourceFile = path.join(dataDir, 'source', SOURCE_FILE_NAME);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(sourceFile), { recursive: true });
  await cp(real.ontologyDir, ontologyDir, { recursive: true });
  await Promise.all([...generated.files].map(([name, text]) => writeFile(path.join(dataDir, name), text)));
  await writeFile(sourceFile, generated.sourceText);
  return { ...generated, rootDir: dir, ontologyDir, dataDir, sourceFile };
}

/** The build configuration for a generated graph: its ontology, data and source; the real site, queries and templates. */
export function createBenchConfig(graph: Pick<GeneratedGraph, 'rootDir' | 'ontologyDir' | 'dataDir' | 'sourceFile'>, outDir: string): Config {
  const real = createConfig({ rootDir: ROOT_DIR });
  return createConfig({
    rootDir: graph.rootDir,
    ontologyDir: graph.ontologyDir,
    dataDir: graph.dataDir,
    sourceFile: graph.sourceFile,
    queriesDir: real.queriesDir,
    siteDir: real.siteDir,
    outDir,
    baseIri: DEFAULT_BASE_IRI,
  });
}
