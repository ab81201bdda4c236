// The UNCRC, the SDG targets and the crosswalk: expected values come from the Convention, from General Assembly
// resolutions and from the strategy's text (the 14 concepts), never from the data under test. The SPARQL checks of
// the crosswalk are run directly with Comunica on the real graph (zero rows) and on paired fixtures (exact rows).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryEngine } from '@comunica/query-sparql';
import { DataFactory } from 'n3';
import type { Quad_Object, Term } from '@rdfjs/types';
import { GraphStore } from '../src/load/graph-store.ts';
import { createConfig } from '../src/config.ts';
import { loadGraph, parseTurtle } from '../src/load/load-graph.ts';
import { createPrefixes, DEFAULT_BASE_IRI, STANDARD_PREFIXES, toSparqlPrefixes } from '../src/prefixes.ts';

const { namedNode } = DataFactory;
const config = createConfig({ baseIri: DEFAULT_BASE_IRI });
const FIXTURES = path.join(config.rootDir, 'test', 'fixtures', 'checks');
const CHECKS = path.join(config.ontologyDir, 'checks');

const CAR = DEFAULT_BASE_IRI;
const CARO = `${CAR}ontology#`;
const { rdf, rdfs, skos, dct, eli, sdgo, xsd } = STANDARD_PREFIXES;
const RDF_TYPE = `${rdf}type`;
const OHCHR_CRC = 'https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child';
const SDG_LIST = 'https://unstats.un.org/sdgs/indicators/indicators-list/';
const SOURCE_TEXT = `${CAR}source/mandate-and-strategy-2020-2025`;
const SDG_NS = 'http://metadata.un.org/sdg/';
const OWL_DEPRECATED = 'http://www.w3.org/2002/07/owl#deprecated';
/** The UN Treaty Collection's status of ratification of an Optional Protocol (mtdsg_no IV-11-b, -c, -d). */
const untc = (letter: string): string => `https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-11-${letter}&chapter=4&clang=_en`;

// The three strategic priorities and eleven areas of concern named by the strategy (lines 19–24 of the source text).
const PRIORITIES = [
  'priority/child-protection-systems',
  'priority/child-friendly-justice',
  'priority/partnerships-for-childrens-rights-and-child-protection',
];
const AREAS = [
  'area/alternative-care',
  'area/children-with-disabilities',
  'area/children-in-migration',
  'area/poverty-social-exclusion',
  'area/parenting-and-caregiver-support',
  'area/trafficking-and-exploitation',
  'area/sexual-violence',
  'area/non-violent-childhoods',
  'area/migration',
  'area/role-of-children-in-building-resilient-societies',
  'area/child-participation',
];
const CONCEPTS = [...PRIORITIES, ...AREAS].map((p) => CAR + p);

// The crosswalk's own checks, each with a -valid and an -invalid fixture and the rows the invalid one must give
// ("focus|path", IRIs relative to the base where they are ours).
const CHECK_CASES: Record<string, readonly string[]> = {
  'area-has-crosswalk-link': [
    'priority/fixture-unlinked|caro:addressesRight',
    'priority/fixture-unlinked|caro:contributesToTarget',
    'area/fixture-rights-only|caro:contributesToTarget',
    'area/fixture-targets-only|caro:addressesRight',
    'area/fixture-gap-without-rights|caro:addressesRight',
  ],
  'alignment-matches-triple': [
    'alignment/fixture-a/uncrc-article-19|caro:alignmentObject',
    'area/fixture-a|caro:contributesToTarget',
    'alignment/fixture-b/uncrc-article-12|caro:alignmentObject',
    'area/fixture-b|caro:addressesRight',
    'alignment/fixture-c/sdg-16.2|caro:alignmentObject',
    'area/fixture-c|caro:contributesToTarget',
  ],
  'alignment-is-complete': [
    'alignment/fixture-a/uncrc-article-19|caro:rationale',
    'alignment/fixture-b/uncrc-article-12|caro:rationale',
    'alignment/fixture-c/sdg-16.2|caro:rationale',
    'alignment/fixture-c/sdg-16.2|dct:source',
    'alignment/fixture-d/sdg-16.7|dct:source',
    'alignment/fixture-e/sdg-16.2|skos:editorialNote',
  ],
  'crosswalk-links-resolve': [
    'area/fixture-a|caro:addressesRight',
    'area/fixture-a|caro:contributesToTarget',
    'area/fixture-b|caro:addressesRight',
    'area/fixture-b|caro:contributesToTarget',
    'statement/fixture-c|caro:addressesRight',
  ],
  'sdg-target-has-goal': [
    'sdg:16.2|skos:narrower',
    'sdg:16.3|skos:broader',
    'sdg:1.2|skos:notation',
    'sdg:5.2|skos:notation',
    'sdg:10.7|skos:broader',
    'sdg:10.7|skos:notation',
  ],
  'uncrc-article-in-one-part': [
    'uncrc/part/3|eli:is_part_of',
    'uncrc/article/2|eli:is_part_of',
    'uncrc/article/3|eli:is_part_of',
    'uncrc/article/4|eli:is_part_of',
    'uncrc/article/5|eli:has_part',
  ],
};

interface CheckRow {
  readonly focus: string;
  readonly path: string | undefined;
  readonly message: string | undefined;
}

function iris(store: GraphStore, s: Term | null, p: string, o: Term | null = null): string[] {
  return store.getQuads(s, namedNode(p), o, null).map((q) => (s ? q.object.value : q.subject.value));
}

function objects(store: GraphStore, s: string, p: string): Quad_Object[] {
  return store.getObjects(namedNode(s), namedNode(p), null) as Quad_Object[];
}

function subjectsOfType(store: GraphStore, type: string): string[] {
  return store.getSubjects(namedNode(RDF_TYPE), namedNode(type), null).map((t) => t.value).sort();
}

function one(store: GraphStore, s: string, p: string): Quad_Object {
  const found = objects(store, s, p);
  expect(found, `${s} ${p}`).toHaveLength(1);
  return found[0]!;
}

function articleNumber(iri: string): number {
  const m = /\/uncrc\/article\/(\d+)$/.exec(iri);
  if (!m) throw new Error(`not an article IRI: ${iri}`);
  return Number(m[1]);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Shorten a row's IRIs the way CHECK_CASES writes them. */
function shorten(iri: string, base: string): string {
  const prefixes = createPrefixes(base);
  for (const p of ['caro', 'rdfs', 'skos', 'dct', 'eli', 'sdg'] as const) {
    const ns = prefixes[p]!;
    if (iri.startsWith(ns) && !iri.slice(ns.length).includes('/')) return `${p}:${iri.slice(ns.length)}`;
  }
  return iri.startsWith(base) ? iri.slice(base.length) : iri;
}

async function runCheck(engine: QueryEngine, name: string, store: GraphStore, base: string): Promise<CheckRow[]> {
  const text = await readFile(path.join(CHECKS, `${name}.rq`), 'utf8');
  const stream = await engine.queryBindings(toSparqlPrefixes(createPrefixes(base)) + text, { sources: [store] });
  const bindings = await stream.toArray();
  return bindings.map((b) => ({
    focus: b.get('focus')?.value ?? '',
    path: b.get('path')?.value,
    message: b.get('message')?.value,
  }));
}

async function loadFixture(name: string, base: string): Promise<GraphStore> {
  const store = new GraphStore();
  const ontologyFile = path.join(config.ontologyDir, 'cbss-car.ttl');
  store.addQuads(parseTurtle(await readFile(ontologyFile, 'utf8'), ontologyFile, base));
  const file = path.join(FIXTURES, `${name}.ttl`);
  store.addQuads(parseTurtle(await readFile(file, 'utf8'), file, base));
  return store;
}

let store: GraphStore;
let engine: QueryEngine;

beforeAll(async () => {
  store = (await loadGraph([config.ontologyDir, config.dataDir])).store;
  engine = new QueryEngine();
});

describe('UNCRC', () => {
  it('has the 54 articles of the Convention, numbered 1 to 54', () => {
    const articles = subjectsOfType(store, `${CARO}Article`);
    expect(articles.map(articleNumber).sort((a, b) => a - b)).toEqual(range(1, 54));
    for (const a of articles) expect(one(store, a, `${eli}number`).value).toBe(String(articleNumber(a)));
  });

  it('puts articles 1–41 in Part I, 42–45 in Part II and 46–54 in Part III, each article in exactly one Part', () => {
    const expected: Record<string, number[]> = { I: range(1, 41), II: range(42, 45), III: range(46, 54) };
    const parts = subjectsOfType(store, `${CARO}ConventionPart`);
    expect(parts).toHaveLength(3);
    const seen = new Map<number, string[]>();
    for (const part of parts) {
      const roman = one(store, part, `${eli}number`).value;
      expect(objects(store, part, `${eli}is_part_of`).map((t) => t.value)).toEqual([`${CAR}uncrc`]);
      const members = iris(store, null, `${eli}is_part_of`, namedNode(part)).map(articleNumber).sort((a, b) => a - b);
      expect(members, `Part ${roman}`).toEqual(expected[roman]);
      const listed = objects(store, part, `${eli}has_part`).map((t) => articleNumber(t.value)).sort((a, b) => a - b);
      expect(listed, `Part ${roman} eli:has_part`).toEqual(expected[roman]);
      for (const n of members) seen.set(n, [...(seen.get(n) ?? []), roman]);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(range(1, 54));
    for (const [n, inParts] of seen) expect(inParts, `article ${n}`).toHaveLength(1);
    expect(expected.I).toHaveLength(41);
    expect(expected.II).toHaveLength(4);
    expect(expected.III).toHaveLength(9);
  });

  it('marks exactly articles 2, 3, 6 and 12 as general principles', () => {
    expect(subjectsOfType(store, `${CARO}GeneralPrinciple`).map(articleNumber).sort((a, b) => a - b)).toEqual([2, 3, 6, 12]);
  });

  it('gives each article one caption of its own, shown as "Article n: caption", and no separate skos:prefLabel', () => {
    for (const a of subjectsOfType(store, `${CARO}Article`)) {
      const n = articleNumber(a);
      const caption = one(store, a, `${CARO}caption`);
      expect(caption.termType).toBe('Literal');
      expect(caption.value.length).toBeGreaterThan(3);
      expect((caption as { language?: string }).language).toBe('en');
      expect(one(store, a, `${rdfs}label`).value).toBe(`Article ${n}: ${caption.value}`);
      expect(objects(store, a, `${skos}prefLabel`)).toHaveLength(0);
      expect(one(store, a, `${skos}notation`).value).toBe(`UNCRC-${n}`);
      expect(one(store, a, `${skos}inScheme`).value).toBe(`${CAR}scheme/uncrc-articles`);
      expect(one(store, a, `${rdfs}seeAlso`).value).toBe(OHCHR_CRC);
      expect(one(store, a, `${dct}source`).value).toBe(OHCHR_CRC);
    }
    const captions = subjectsOfType(store, `${CARO}Article`).map((a) => one(store, a, `${CARO}caption`).value);
    expect(new Set(captions).size).toBe(54);
  });

  it('captions the articles that the crosswalk leans on by their real subject', () => {
    const subject: Record<number, RegExp> = {
      1: /definition of the child/i, 2: /discrimination/i, 3: /best interests/i, 6: /life.*survival.*development/i,
      12: /views of the child/i, 19: /violence/i, 20: /deprived of .*family/i, 22: /refugee/i, 23: /disabilit/i,
      26: /social security/i, 27: /standard of living/i, 34: /sexual/i, 35: /trafficking/i, 36: /exploitation/i,
      39: /recovery/i, 40: /justice/i, 42: /widely known/i, 43: /committee/i, 49: /entry into force/i,
    };
    for (const [n, re] of Object.entries(subject)) {
      expect(one(store, `${CAR}uncrc/article/${n}`, `${CARO}caption`).value, `article ${n}`).toMatch(re);
    }
  });

  it('dates the Convention: adopted 20 November 1989 (resolution 44/25), in force 2 September 1990', () => {
    const crc = `${CAR}uncrc`;
    expect(subjectsOfType(store, `${CARO}Convention`)).toEqual([crc]);
    const date = (p: string) => {
      const t = one(store, crc, p) as { value: string; datatype?: { value: string } };
      expect(t.datatype?.value).toBe(`${xsd}date`);
      return t.value;
    };
    expect(date(`${eli}date_document`)).toBe('1989-11-20');
    expect(date(`${dct}issued`)).toBe('1989-11-20');
    expect(date(`${eli}first_date_entry_in_force`)).toBe('1990-09-02');
    expect(one(store, crc, `${dct}title`).value).toBe('Convention on the Rights of the Child');
    expect(one(store, crc, `${rdfs}comment`).value).toContain('44/25');
    expect(objects(store, crc, `${dct}source`).map((t) => t.value)).toEqual([OHCHR_CRC]);
  });

  it('has the three Optional Protocols with their official titles, acronyms and adoption dates', () => {
    const expected: Record<string, [string, string, string]> = {
      'armed-conflict': ['OPAC', 'on the involvement of children in armed conflict', '2000-05-25'],
      'sale-of-children': ['OPSC', 'on the sale of children, child prostitution and child pornography', '2000-05-25'],
      'communications-procedure': ['OPIC', 'on a communications procedure', '2011-12-19'],
    };
    const ops = subjectsOfType(store, `${CARO}OptionalProtocol`);
    expect(ops).toEqual(Object.keys(expected).map((slug) => `${CAR}uncrc/optional-protocol/${slug}`).sort());
    for (const [slug, [acronym, subject, adopted]] of Object.entries(expected)) {
      const op = `${CAR}uncrc/optional-protocol/${slug}`;
      expect(one(store, op, `${dct}title`).value).toBe(`Optional Protocol to the Convention on the Rights of the Child ${subject}`);
      expect(one(store, op, `${skos}altLabel`).value).toBe(acronym);
      expect(one(store, op, `${dct}relation`).value).toBe(`${CAR}uncrc`);
      expect(one(store, op, `${eli}date_document`).value).toBe(adopted);
      const source = one(store, op, `${dct}source`).value;
      expect(source).toMatch(/^https:\/\/www\.ohchr\.org\/en\/instruments-mechanisms\/instruments\/optional-protocol-convention-rights-child-/);
      expect(one(store, op, `${rdfs}seeAlso`).value).toBe(source);
    }
  });
});

describe('SDG', () => {
  it('describes each target under exactly one goal, both ways, with a notation matching its UN IRI', () => {
    const targets = subjectsOfType(store, `${sdgo}Target`);
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) {
      expect(t).toMatch(/^http:\/\/metadata\.un\.org\/sdg\/\d+\.\d+$/);
      const notation = one(store, t, `${skos}notation`).value;
      expect(SDG_NS + notation).toBe(t);
      const goal = one(store, t, `${skos}broader`).value;
      expect(iris(store, namedNode(goal), RDF_TYPE)).toContain(`${sdgo}Goal`);
      expect(iris(store, namedNode(goal), `${sdgo}hasTarget`)).toContain(t);
      expect(iris(store, namedNode(goal), `${skos}narrower`)).toContain(t);
      expect(notation.startsWith(`${one(store, goal, `${skos}notation`).value}.`)).toBe(true);
      expect(objects(store, t, `${skos}prefLabel`)).toHaveLength(1);
      expect(objects(store, t, `${dct}source`).length).toBeGreaterThan(0);
    }
  });

  it('mints no IRI under metadata.un.org beyond goals and targets, and leaves no goal without a target', () => {
    const un = new Set<string>();
    for (const q of store.getQuads(null, null, null, null)) {
      for (const term of [q.subject, q.object]) {
        if (term.termType === 'NamedNode' && term.value.startsWith(SDG_NS) && !term.value.startsWith(sdgo)) un.add(term.value);
      }
    }
    for (const iri of un) expect(iri).toMatch(/^http:\/\/metadata\.un\.org\/sdg\/\d+(\.\d+)?$/);
    for (const g of subjectsOfType(store, `${sdgo}Goal`)) {
      expect(g).toBe(SDG_NS + one(store, g, `${skos}notation`).value);
      expect(iris(store, namedNode(g), `${sdgo}hasTarget`).length).toBeGreaterThan(0);
    }
  });

  it('stores exactly the targets that the crosswalk uses', () => {
    const used = new Set(store.getQuads(null, namedNode(`${CARO}contributesToTarget`), null, null).map((q) => q.object.value));
    expect(subjectsOfType(store, `${sdgo}Target`)).toEqual([...used].sort());
  });

  it('keeps the official wording of target 16.2 and of goal 16 (A/RES/70/1)', () => {
    expect(one(store, `${SDG_NS}16.2`, `${skos}prefLabel`).value).toBe(
      'End abuse, exploitation, trafficking and all forms of violence against and torture of children',
    );
    expect(one(store, `${SDG_NS}16`, `${skos}prefLabel`).value).toBe(
      'Promote peaceful and inclusive societies for sustainable development, provide access to justice for all and build effective, accountable and inclusive institutions at all levels',
    );
  });
});

describe('crosswalk', () => {
  const RIGHT = `${CARO}addressesRight`;
  const TARGET = `${CARO}contributesToTarget`;

  it('types the 14 concepts of the strategy as 3 priorities and 11 areas of concern', () => {
    const typed = (cls: string) => {
      const found = new Set<string>();
      for (const c of CONCEPTS) {
        const types = iris(store, namedNode(c), RDF_TYPE);
        const closure = new Set(types);
        for (const t of types) for (const sup of iris(store, namedNode(t), `${rdfs}subClassOf`)) closure.add(sup);
        if (closure.has(cls)) found.add(c);
      }
      return found;
    };
    expect(typed(`${CARO}StrategicPriority`).size).toBe(3);
    expect(typed(`${CARO}AreaOfConcern`).size).toBe(11);
  });

  it('links every priority and area to 1–5 UNCRC provisions and 1–3 SDG targets (or says why none), and links nothing else', () => {
    for (const c of CONCEPTS) {
      const rights = iris(store, namedNode(c), RIGHT);
      const targets = iris(store, namedNode(c), TARGET);
      expect(rights.length, `${c} UNCRC links`).toBeGreaterThanOrEqual(1);
      expect(rights.length, `${c} UNCRC links`).toBeLessThanOrEqual(5);
      const gap = objects(store, c, `${CARO}crosswalkGap`);
      expect(targets.length, `${c} SDG links`).toBeGreaterThanOrEqual(gap.length > 0 ? 0 : 1);
      expect(targets.length, `${c} SDG links`).toBeLessThanOrEqual(3);
      if (gap.length > 0) expect(targets, `${c} says it has no SDG target`).toEqual([]);
    }
    // No target's wording names alternative care: it is the one concept with no SDG target.
    expect(CONCEPTS.filter((c) => iris(store, namedNode(c), TARGET).length === 0)).toEqual([`${CAR}area/alternative-care`]);
    const subjects = new Set([RIGHT, TARGET].flatMap((p) => iris(store, null, p)));
    expect([...subjects].sort()).toEqual([...CONCEPTS].sort());
  });

  it('links every area of concern in the graph to at least one UNCRC article', () => {
    const areas = new Set<string>();
    for (const cls of [`${CARO}AreaOfConcern`, ...iris(store, null, `${rdfs}subClassOf`, namedNode(`${CARO}AreaOfConcern`))]) {
      for (const a of subjectsOfType(store, cls)) areas.add(a);
    }
    expect(areas.size).toBe(11);
    for (const a of areas) {
      const articles = iris(store, namedNode(a), RIGHT).filter((o) => o.startsWith(`${CAR}uncrc/article/`));
      expect(articles.length, a).toBeGreaterThan(0);
    }
  });

  it('links child participation to article 12, and P3 only to the Optional Protocols that every CBSS member state is a party to', () => {
    expect(iris(store, namedNode(`${CAR}area/child-participation`), RIGHT)).toContain(`${CAR}uncrc/article/12`);
    const p3 = `${CAR}priority/partnerships-for-childrens-rights-and-child-protection`;
    const protocols = iris(store, namedNode(p3), RIGHT).filter((o) => o.includes('/optional-protocol/'));
    expect(protocols.sort()).toEqual([`${CAR}uncrc/optional-protocol/armed-conflict`, `${CAR}uncrc/optional-protocol/sale-of-children`]);
    // P3 promotes instruments "adopted by all CBSS Member States": a link that rests on ratification cites it.
    for (const [slug, letter] of [['armed-conflict', 'b'], ['sale-of-children', 'c']] as const) {
      const alignment = `${CAR}alignment/partnerships-for-childrens-rights-and-child-protection/uncrc-op-${slug}`;
      expect(objects(store, alignment, `${dct}source`).map((t) => t.value)).toContain(untc(letter));
      expect(one(store, alignment, `${CARO}rationale`).value).toContain('adopted by all CBSS Member States');
    }
  });

  it('keeps each withdrawn link published, deprecated, with its reason, and out of the plain triples', () => {
    const withdrawn: Record<string, string | undefined> = {
      'partnerships-for-childrens-rights-and-child-protection/uncrc-op-communications-procedure': undefined,
      'alternative-care/sdg-16.2': undefined,
      'parenting-and-caregiver-support/sdg-16.2': `${CAR}alignment/parenting-and-caregiver-support/sdg-5.4`,
    };
    const deprecated = subjectsOfType(store, `${CARO}Alignment`).filter((a) => objects(store, a, OWL_DEPRECATED).some((t) => t.value === 'true'));
    expect(deprecated.sort()).toEqual(Object.keys(withdrawn).map((k) => `${CAR}alignment/${k}`).sort());
    for (const [slug, replacement] of Object.entries(withdrawn)) {
      const a = `${CAR}alignment/${slug}`;
      expect(objects(store, a, `${skos}editorialNote`).map((t) => t.value).join(' '), a).toMatch(/^Withdrawn: /);
      const s = one(store, a, `${CARO}alignmentSubject`);
      const p = one(store, a, `${CARO}alignmentProperty`);
      const o = one(store, a, `${CARO}alignmentObject`);
      expect(store.getQuads(s, p, o, null), `${a} has no plain triple`).toHaveLength(0);
      expect(objects(store, a, `${dct}isReplacedBy`).map((t) => t.value)).toEqual(replacement ? [replacement] : []);
    }
    expect(objects(store, `${CAR}alignment/partnerships-for-childrens-rights-and-child-protection/uncrc-op-communications-procedure`, `${dct}source`).map((t) => t.value)).toContain(untc('d'));
  });

  it('adds the links that the provisions’ wording carries', () => {
    const has = (s: string, p: string, o: string): boolean => store.getQuads(namedNode(CAR + s), namedNode(p), namedNode(o), null).length === 1;
    expect(has('area/trafficking-and-exploitation', TARGET, `${SDG_NS}5.2`)).toBe(true);
    expect(has('area/children-in-migration', RIGHT, `${CAR}uncrc/article/10`)).toBe(true);
    expect(has('area/parenting-and-caregiver-support', TARGET, `${SDG_NS}5.4`)).toBe(true);
    expect(has('area/role-of-children-in-building-resilient-societies', TARGET, `${SDG_NS}1.5`)).toBe(true);
    // The resilience area no longer has exactly the links of child participation.
    const links = (area: string): string[] => [RIGHT, TARGET].flatMap((p) => iris(store, namedNode(`${CAR}area/${area}`), p)).sort();
    expect(links('role-of-children-in-building-resilient-societies')).not.toEqual(links('child-participation'));
    // Links to a whole instrument are plain triples, not alignments.
    expect(has('statement/vision', `${dct}references`, `${CAR}uncrc`)).toBe(true);
    expect(has('organisation/baltic-2030', `${dct}subject`, 'https://sdgs.un.org/goals')).toBe(true);
    for (const whole of [`${CAR}uncrc`, 'https://sdgs.un.org/goals']) {
      expect(store.getQuads(null, namedNode(`${CARO}alignmentObject`), namedNode(whole), null)).toHaveLength(0);
    }
  });

  it('gives every plain crosswalk triple exactly one alignment in force, and every alignment in force its plain triple', () => {
    const plain = new Set<string>();
    for (const p of [RIGHT, TARGET]) {
      for (const q of store.getQuads(null, namedNode(p), null, null)) plain.add(`${q.subject.value} ${p} ${q.object.value}`);
    }
    const qualified: string[] = [];
    for (const a of subjectsOfType(store, `${CARO}Alignment`)) {
      if (objects(store, a, OWL_DEPRECATED).length > 0) continue;
      const s = one(store, a, `${CARO}alignmentSubject`).value;
      const p = one(store, a, `${CARO}alignmentProperty`).value;
      const o = one(store, a, `${CARO}alignmentObject`).value;
      qualified.push(`${s} ${p} ${o}`);
    }
    expect(plain.size).toBeGreaterThanOrEqual(CONCEPTS.length * 2);
    expect(new Set(qualified).size).toBe(qualified.length);
    expect([...qualified].sort()).toEqual([...plain].sort());
  });

  it('names each alignment alignment/{subject}/{uncrc-article-n | uncrc-op-slug | sdg-n.n}', () => {
    for (const a of subjectsOfType(store, `${CARO}Alignment`)) {
      const s = one(store, a, `${CARO}alignmentSubject`).value;
      const o = one(store, a, `${CARO}alignmentObject`).value;
      const subjectSlug = s.slice(s.lastIndexOf('/') + 1);
      let objectSlug: string;
      if (o.startsWith(`${CAR}uncrc/article/`)) objectSlug = `uncrc-article-${articleNumber(o)}`;
      else if (o.startsWith(`${CAR}uncrc/optional-protocol/`)) objectSlug = `uncrc-op-${o.slice(o.lastIndexOf('/') + 1)}`;
      else if (o.startsWith(SDG_NS)) objectSlug = `sdg-${o.slice(SDG_NS.length)}`;
      else throw new Error(`unexpected alignment object ${o}`);
      expect(a).toBe(`${CAR}alignment/${subjectSlug}/${objectSlug}`);
    }
  });

  it('gives each alignment one English rationale of one sentence, a label, and the sources it rests on', () => {
    const alignments = subjectsOfType(store, `${CARO}Alignment`);
    expect(alignments.length).toBeGreaterThan(0);
    for (const a of alignments) {
      const rationale = one(store, a, `${CARO}rationale`) as { value: string; language?: string };
      expect(rationale.language).toBe('en');
      expect(rationale.value, a).toMatch(/^[A-Z][^\n]*[a-z0-9)]\.$/);
      expect(rationale.value, a).not.toMatch(/[.!?;]\s/);
      expect(one(store, a, `${rdfs}label`).value).toContain(' → ');
      const o = one(store, a, `${CARO}alignmentObject`).value;
      const sources = objects(store, a, `${dct}source`).map((t) => t.value).sort();
      let reference: string;
      if (o.startsWith(`${CAR}uncrc/article/`)) reference = OHCHR_CRC;
      else if (o.startsWith(`${CAR}uncrc/optional-protocol/`)) reference = one(store, o, `${dct}source`).value;
      else reference = SDG_LIST;
      // A link that rests on an outside fact (here: which states are parties to an Optional Protocol) cites it too.
      const ratification = sources.filter((x) => x.startsWith('https://treaties.un.org/'));
      expect(sources, a).toEqual([reference, SOURCE_TEXT, ...ratification].sort());
      if (ratification.length > 0) expect(o.startsWith(`${CAR}uncrc/optional-protocol/`), a).toBe(true);
    }
  });
});

describe('crosswalk checks (ontology/checks/*.rq)', () => {
  for (const [name, expectedRows] of Object.entries(CHECK_CASES)) {
    describe(name, () => {
      it('returns zero rows on the real graph', async () => {
        const rows = await runCheck(engine, name, store, CAR);
        expect(rows.map((r) => r.message)).toEqual([]);
      });

      it('returns zero rows on its -valid fixture', async () => {
        const rows = await runCheck(engine, name, await loadFixture(`${name}-valid`, CAR), CAR);
        expect(rows.map((r) => r.message)).toEqual([]);
      });

      it('returns exactly the expected violations, each with a focus, path and message, on its -invalid fixture', async () => {
        const rows = await runCheck(engine, name, await loadFixture(`${name}-invalid`, CAR), CAR);
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) {
          expect(r.focus).not.toBe('');
          expect(r.path).toBeDefined();
          expect(r.message).toMatch(/\S/);
        }
        const found = [...new Set(rows.map((r) => `${shorten(r.focus, CAR)}|${shorten(r.path ?? '', CAR)}`))].sort();
        expect(found).toEqual([...expectedRows].sort());
      });

      it('follows BASE_IRI: the same violations under another base', async () => {
        const base = 'https://example.org/car/';
        const rows = await runCheck(engine, name, await loadFixture(`${name}-invalid`, base), base);
        const found = [...new Set(rows.map((r) => `${shorten(r.focus, base)}|${shorten(r.path ?? '', base)}`))].sort();
        expect(found).toEqual([...expectedRows].sort());
      });
    });
  }

  it('catches a crosswalk link removed from the real graph', async () => {
    const broken = new GraphStore(store.getQuads(null, null, null, null));
    const removed = broken.getQuads(namedNode(`${CAR}area/migration`), namedNode(`${CARO}contributesToTarget`), null, null);
    expect(removed.length).toBeGreaterThan(0);
    broken.removeQuads(removed);
    const linkRows = await runCheck(engine, 'area-has-crosswalk-link', broken, CAR);
    expect(linkRows.map((r) => `${shorten(r.focus, CAR)}|${shorten(r.path ?? '', CAR)}`)).toEqual(['area/migration|caro:contributesToTarget']);
    const pairRows = await runCheck(engine, 'alignment-matches-triple', broken, CAR);
    const orphaned = removed.map((q) => `alignment/migration/sdg-${q.object.value.slice(SDG_NS.length)}`).sort();
    expect(pairRows.map((r) => shorten(r.focus, CAR)).sort()).toEqual(orphaned);
  });
});
