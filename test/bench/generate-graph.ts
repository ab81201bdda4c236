// Benchmark data: the real graph grown, deterministically, to a requested number of resources, the way the pipeline
// must grow: more strategy periods and other CBSS expert groups' strategies (documents, statements, schemes,
// priorities, areas of concern, quotes and crosswalk links in about the real mix), and the full SDG list (all 17
// goals and 169 targets). The real data files are copied unchanged, so the example queries' default parameters
// still name real resources; the shared resources that new strategies link to (the CBSS, its units, roles,
// pillars, kinds of stakeholder, UNCRC articles, SDG targets) are read from the real data. Each synthetic strategy
// has a source text of its own (data/source/synthetic-*.txt, generated from the seed, described with its file name
// and SHA-256 like the real one), and its quotes are word ranges of that text with exact offsets. Synthetic text is
// made of the real source's own words; every synthetic file says it states no fact.
import { createHash } from 'node:crypto';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory } from 'n3';
import type { GraphStore } from '../../src/load/graph-store.ts';
import { createConfig, ROOT_DIR, type Config } from '../../src/config.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { createPrefixes, DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import { listSourceFolders, readSourceTexts, SOURCE_FOLDER } from '../../src/validate/source-texts.ts';

/** The seed used unless the caller gives one. */
export const DEFAULT_SEED = 20200506;

/** The prefix of the data files the generator adds beside the real ones. */
export const SYNTHETIC_FILE_PREFIX = 'synthetic-';

/** What the generator takes from the real graph. */
export interface RealGraph {
  readonly sourceText: string;
  /** Resources of the real data: named subjects under the base IRI. */
  readonly resources: number;
  readonly cbss: string;
  readonly units: readonly string[];
  readonly expertGroupRoles: readonly string[];
  readonly pillars: readonly string[];
  readonly stakeholders: readonly string[];
  /** What caro:addressesRight may point to: the articles of Part I and the Optional Protocols. */
  readonly rights: readonly string[];
  /** SDG goals already described (IRI), and SDG targets already described (IRI). */
  readonly sdgGoals: ReadonlySet<string>;
  readonly sdgTargets: ReadonlySet<string>;
  /** The highest priority number (P{n}) and cross-cutting area number (A{n}) in use. */
  readonly maxPriority: number;
  readonly maxCrossCutting: number;
}

export interface GeneratedTurtle {
  /** Synthetic data files by file name (data/{name}), each a complete Turtle document. */
  readonly files: ReadonlyMap<string, string>;
  /** Synthetic source texts by file name (data/source/{name}), one per synthetic strategy. */
  readonly sources: ReadonlyMap<string, string>;
  /** Resources of the whole graph (real and synthetic) by kind; the real ones count as "real". */
  readonly counts: Readonly<Record<string, number>>;
  /** Resources of the whole graph: named subjects under the base IRI. */
  readonly resources: number;
  /** The synthetic resource IRIs (under the base), sorted. */
  readonly iris: readonly string[];
  /** How many synthetic strategies (expert group × period) the graph holds. */
  readonly strategies: number;
  /** How many synthetic caro:quotedFrom passages the graph holds. */
  readonly quotes: number;
}

export interface GeneratedGraph extends GeneratedTurtle {
  /** Folder holding ontology/ (a copy of the real one) and data/ (real files, synthetic ones and the source texts). */
  readonly rootDir: string;
  readonly ontologyDir: string;
  readonly dataDir: string;
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

// ---------------------------------------------------------------- reading the real graph

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const CARO = `${DEFAULT_BASE_IRI}ontology#`;
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const ORG = 'http://www.w3.org/ns/org#';
const ELI = 'http://data.europa.eu/eli/ontology#';
const SDGO = 'http://metadata.un.org/sdg/ontology#';
const SDG = 'http://metadata.un.org/sdg/';

const { namedNode } = DataFactory;

const sortedSubjects = (store: GraphStore, type: string) => store.getSubjects(namedNode(RDF_TYPE), namedNode(type), null).map((t) => t.value).sort();

function maxNumber(values: readonly string[], pattern: RegExp): number {
  return Math.max(0, ...values.map((v) => Number(pattern.exec(v)?.[1] ?? 0)));
}

/** Read what the generator needs from the real data folder and its (first) source text. */
export async function readRealGraph(config: Pick<Config, 'dataDir'> = createConfig({ rootDir: ROOT_DIR })): Promise<RealGraph> {
  const { store } = await loadGraph([config.dataDir], DEFAULT_BASE_IRI);
  const source = (await readSourceTexts(store, listSourceFolders([config.dataDir]), DEFAULT_BASE_IRI)).sources[0];
  if (!source) throw new Error(`${config.dataDir}: no caro:SourceText with a file in ${SOURCE_FOLDER}/ to take words from`);
  const subjects = new Set<string>();
  for (const s of store.getSubjects(null, null, null)) if (s.termType === 'NamedNode' && s.value.startsWith(DEFAULT_BASE_IRI)) subjects.add(s.value);
  const partOne = store.getSubjects(namedNode(`${ELI}number`), null, null).filter((p) => store.getObjects(p, namedNode(`${ELI}number`), null).some((n) => n.value === 'I')).map((p) => p.value);
  const articles = [...sortedSubjects(store, `${CARO}Article`), ...sortedSubjects(store, `${CARO}GeneralPrinciple`)];
  const rights = [...new Set(articles.filter((a) => store.getObjects(namedNode(a), namedNode(`${ELI}is_part_of`), null).some((p) => partOne.includes(p.value))))].sort();
  const notations = (type: string) => sortedSubjects(store, type).flatMap((s) => store.getObjects(namedNode(s), namedNode(`${SKOS}notation`), null).map((n) => n.value));
  const cbss = sortedSubjects(store, `${ORG}FormalOrganization`)[0];
  if (!cbss) throw new Error(`${config.dataDir}: no org:FormalOrganization (the CBSS) to attach expert groups to`);
  return {
    sourceText: source.text,
    resources: subjects.size,
    cbss,
    units: sortedSubjects(store, `${ORG}OrganizationalUnit`).filter((u) => store.getObjects(namedNode(u), namedNode(`${ORG}unitOf`), null).some((o) => o.value !== cbss)),
    expertGroupRoles: sortedSubjects(store, `${CARO}ExpertGroupRole`),
    pillars: sortedSubjects(store, `${CARO}Pillar`),
    stakeholders: sortedSubjects(store, `${CARO}StakeholderType`),
    rights: [...rights, ...sortedSubjects(store, `${CARO}OptionalProtocol`)],
    sdgGoals: new Set(sortedSubjects(store, `${SDGO}Goal`)),
    sdgTargets: new Set(sortedSubjects(store, `${SDGO}Target`)),
    maxPriority: maxNumber(notations(`${CARO}StrategicPriority`), /^P(\d+)$/),
    maxCrossCutting: maxNumber(notations(`${CARO}CrossCuttingAreaOfConcern`), /^A(\d+)$/),
  };
}

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

/** Collects the Turtle of one data file; every subject added with a kind is a new resource of the graph. */
class TurtleFile {
  readonly chunks: string[] = [];
  constructor(private readonly onAdd: (iri: string, kind: string) => void) {}

  add(iri: string, kind: string | undefined, pos: readonly Po[]): void {
    if (kind) this.onAdd(iri, kind);
    const lines = pos.filter(([, o]) => o.length > 0).map(([p, o]) => `    ${p} ${typeof o === 'string' ? o : o.join(' , ')}`);
    this.chunks.push(`<${iri}>\n${lines.join(' ;\n')} .\n`);
  }
}

// ---------------------------------------------------------------- quotes from the real source text

interface Paragraph {
  readonly number: number;
  readonly start: number;
  readonly text: string;
  /** Start and end (exclusive) of each word in the line. */
  readonly words: readonly (readonly [number, number])[];
}

/** The non-empty lines of a text, numbered from 1, with the character range of each word (as caro:paragraph counts them). */
export function listParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.trim() !== '') {
      const words = [...line.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
      paragraphs.push({ number: paragraphs.length + 1, start: offset, text: line, words });
    }
    offset += line.length + 1;
  }
  return paragraphs;
}

interface Quote {
  readonly paragraph: number;
  readonly exact: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly start: number;
  readonly end: number;
}

function pickQuote(rng: Rng, paragraphs: readonly Paragraph[], minWords: number, maxWords: number): Quote {
  const paragraph = rng.pick(paragraphs.filter((p) => p.words.length >= minWords));
  const count = Math.min(paragraph.words.length, rng.int(minWords, maxWords));
  const first = rng.int(0, paragraph.words.length - count);
  const localStart = (paragraph.words[first] as readonly [number, number])[0];
  const localEnd = (paragraph.words[first + count - 1] as readonly [number, number])[1];
  return {
    paragraph: paragraph.number,
    exact: paragraph.text.slice(localStart, localEnd),
    prefix: paragraph.text.slice(Math.max(0, localStart - 32), localStart),
    suffix: paragraph.text.slice(localEnd, localEnd + 32),
    start: paragraph.start + localStart,
    end: paragraph.start + localEnd,
  };
}

function renderQuotedFrom(quote: Quote, sourceRef: string): string {
  const selector = [`oa:exact ${str(quote.exact)}`];
  if (quote.prefix.trim()) selector.push(`oa:prefix ${str(quote.prefix)}`);
  if (quote.suffix.trim()) selector.push(`oa:suffix ${str(quote.suffix)}`);
  return (
    `[ a oa:SpecificResource ;\n        oa:hasSource ${sourceRef} ;\n        caro:paragraph ${quote.paragraph} ;\n` +
    `        oa:hasSelector [ a oa:TextQuoteSelector ;\n            ${selector.join(' ;\n            ')} ] ,\n` +
    `          [ a oa:TextPositionSelector ; oa:start ${quote.start} ; oa:end ${quote.end} ] ]`
  );
}

// ---------------------------------------------------------------- the generator

// Targets per SDG goal: 169 in all.
const SDG_TARGETS_PER_GOAL = [7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19] as const;
const PERIODS = [2025, 2030, 2035, 2040, 2045, 2015, 2010, 2005].map((y) => [y, y + 5] as const);
const STATEMENTS = [['caro:Vision', 'vision'], ['caro:Mission', 'mission'], ['caro:Commitment', 'commitment'], ['caro:PriorityRelationStatement', 'priorities-closely-related']] as const;
const OHCHR = '<https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child>';
const SDG_SOURCES = ['<https://sdgs.un.org/goals>', '<https://unstats.un.org/sdgs/indicators/indicators-list/>'];
const CBSS_SOURCE = '<https://en.wikipedia.org/wiki/Council_of_the_Baltic_Sea_States>';
const NOTE = '# Synthetic benchmark data from test/bench/generate-graph.ts: shaped like the real graph, but it states no fact.';

/** Generate the synthetic Turtle that grows the real graph to at least `resources` resources (deterministic for a seed). */
export function generateTurtle(real: RealGraph, resources: number, seed: number = DEFAULT_SEED): GeneratedTurtle {
  if (!Number.isInteger(resources) || resources < 1) throw new Error(`resources must be a positive integer, got ${resources}`);
  const rng = createRng(seed);
  const base = DEFAULT_BASE_IRI;
  const iri = (p: string) => base + p;
  const ref = (p: string) => `<${p.startsWith('http') ? p : base + p}>`;
  const iris: string[] = [];
  const counts: Record<string, number> = { real: real.resources };
  const files = new Map<string, TurtleFile>();
  const file = (name: string) => {
    let f = files.get(name);
    if (!f) {
      f = new TurtleFile((resource, kind) => {
        if (resource.startsWith(base)) iris.push(resource);
        counts[kind] = (counts[kind] ?? 0) + 1;
      });
      files.set(`${SYNTHETIC_FILE_PREFIX}${name}`, f);
    }
    return f;
  };
  const vocabulary = [...new Set(real.sourceText.split(/[^\p{L}’-]+/u).filter((w) => w.length > 2))].sort();
  let quoteCount = 0;
  // The source text of the strategy being written: its paragraphs and how the Turtle names it.
  let paragraphs: Paragraph[] = [];
  let sourceRef = '';
  const sourceTexts = new Map<string, string>();
  const quotes = (min: number, max: number, first?: Quote): string[] => {
    const list = Array.from({ length: rng.int(min, max) }, () => pickQuote(rng, paragraphs, 2, 30));
    if (first) list.unshift(first);
    quoteCount += list.length;
    return list.map((q) => renderQuotedFrom(q, sourceRef));
  };
  const words = (min: number, max: number) => Array.from({ length: rng.int(min, max) }, () => rng.pick(vocabulary)).join(' ');
  const sentence = (min: number, max: number) => titleCase(words(min, max)) + '.';
  const slugWord = () => rng.pick(vocabulary).toLowerCase().normalize('NFD').replace(/[^a-z]/g, '') || 'area';

  // ---- the SDG goals and targets the real data lacks
  const sdg = file('sdg.ttl');
  const targets = [...real.sdgTargets];
  SDG_TARGETS_PER_GOAL.forEach((count, g) => {
    const goal = `${SDG}${g + 1}`;
    const added = Array.from({ length: count }, (_, t) => `${SDG}${g + 1}.${t + 1}`).filter((t) => !real.sdgTargets.has(t));
    const links: Po[] = [['sdgo:hasTarget', added.map(ref)], ['skos:narrower', added.map(ref)]];
    if (real.sdgGoals.has(goal)) {
      if (added.length > 0) sdg.add(goal, undefined, links);
    } else {
      sdg.add(goal, 'sdg-goal', [
        ['a', ['sdgo:Goal', 'skos:Concept']],
        ['skos:notation', str(String(g + 1))],
        ['skos:prefLabel', en(titleCase(words(5, 12)))],
        ['skos:altLabel', en(`Goal ${g + 1}`)],
        ...links,
        ['dct:source', SDG_SOURCES],
      ]);
    }
    for (const t of added) {
      targets.push(t);
      sdg.add(t, 'sdg-target', [
        ['a', ['sdgo:Target', 'skos:Concept']],
        ['skos:notation', str(t.slice(SDG.length))],
        ['skos:prefLabel', en(titleCase(words(14, 40)))],
        ['skos:altLabel', en(`Target ${t.slice(SDG.length)}`)],
        ['skos:broader', ref(goal)],
        ['dct:source', SDG_SOURCES],
      ]);
    }
  });
  targets.sort();

  // ---- new strategies (expert group × period): documents, statements, schemes, priorities, areas, crosswalk
  const strategiesFile = file('strategies.ttl');
  const sourcesFile = file('sources.ttl');
  const concepts = file('priorities.ttl');
  const crosswalk = file('crosswalk.ttl');
  const orgs = file('organisations.ttl');
  const periods = new Set<string>();
  const groupIris: string[] = [];
  let strategies = 0;
  let priorityNumber = real.maxPriority;
  let crossCuttingNumber = real.maxCrossCutting;
  const total = () => real.resources + iris.length;
  const addCrosswalk = (subject: string, label: string): Po[] => {
    const slug = subject.slice(subject.indexOf('/') + 1);
    const links: [string, string[]][] = [
      ['caro:addressesRight', rng.sample(real.rights, rng.int(2, 5))],
      ['caro:contributesToTarget', rng.sample(targets, rng.int(1, 2))],
    ];
    for (const [property, objects] of links) {
      for (const object of objects) {
        const objectSlug = object.startsWith(`${base}uncrc/article/`)
          ? `uncrc-article-${object.slice(`${base}uncrc/article/`.length)}`
          : object.startsWith(base) ? `uncrc-op-${object.slice(object.lastIndexOf('/') + 1)}` : `sdg-${object.slice(SDG.length)}`;
        crosswalk.add(iri(`alignment/${slug}/${objectSlug}`), 'alignment', [
          ['a', 'caro:Alignment'],
          ['rdfs:label', en(`${label} → ${objectSlug.replace(/-/g, ' ')}`)],
          ['caro:alignmentSubject', ref(subject)],
          ['caro:alignmentProperty', property],
          ['caro:alignmentObject', ref(object)],
          ['caro:rationale', en(sentence(14, 34))],
          ['dct:source', [property === 'caro:addressesRight' ? OHCHR : (SDG_SOURCES[0] as string), sourceRef]],
        ]);
      }
    }
    return links.map(([p, objects]) => [p, objects.map(ref)] as const);
  };

  for (let g = 0; total() < resources; g++) {
    const group = `expert-group-${g + 1}`;
    const groupIri = `organisation/${group}`;
    const groupLabel = `Expert Group ${g + 1}`;
    const focus: string[] = [];
    let mission = '';
    let previousMandate: string | undefined;
    groupIris.push(groupIri);
    for (let k = 0; k < PERIODS.length && (k === 0 || total() + 1 < resources); k++) {
      strategies++;
      const [from, to] = PERIODS[k] as readonly [number, number];
      const period = `period/${from}-${to}`;
      const prefix = `${group}-${from}-${to}`;
      const label = `${groupLabel}, ${from}–${to}`;
      const source = `source/${prefix}`;
      const fileName = `${SYNTHETIC_FILE_PREFIX}${prefix}.txt`;
      const text = `${[`${label}: mandate and strategy`, ...Array.from({ length: rng.int(12, 24) }, () => sentence(20, 80))].join('\n\n')}\n`;
      sourceTexts.set(fileName, text);
      paragraphs = listParagraphs(text);
      sourceRef = ref(source);
      sourcesFile.add(iri(source), 'source', [
        ['a', 'caro:SourceText'],
        ['dct:title', en(`${label}: mandate and strategy`)],
        ['dct:format', str('text/plain')],
        ['dct:publisher', ref(groupIri)],
        ['dct:source', CBSS_SOURCE],
        ['spdx:fileName', str(fileName)],
        ['spdx:checksum', `[ a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "${createHash('sha256').update(text).digest('hex')}"^^xsd:hexBinary ]`],
        ['skos:editorialNote', en(sentence(10, 24))],
      ]);
      if (!periods.has(period)) {
        periods.add(period);
        strategiesFile.add(iri(period), 'period', [
          ['a', 'time:Interval'],
          ['rdfs:label', en(`July ${from} – June ${to}`)],
          ['time:hasBeginning', `[ a time:Instant ; time:inXSDDate ${date(`${from}-07-01`)} ]`],
          ['time:hasEnd', `[ a time:Instant ; time:inXSDDate ${date(`${to}-06-30`)} ]`],
          ['skos:editorialNote', en(sentence(10, 24))],
          ['dct:source', CBSS_SOURCE],
        ]);
      }
      const mandate = `document/mandate-${prefix}`;
      const strategy = `document/regional-strategy-${prefix}`;
      const statementScheme = `scheme/${prefix}-strategy`;
      const priorityScheme = `scheme/${prefix}-strategic-priorities`;
      const areaScheme = `scheme/${prefix}-areas-of-concern`;
      const statements = STATEMENTS.map(([, slug]) => `statement/${prefix}-${slug}`);
      const priorities = Array.from({ length: rng.int(2, 4) }, (_, i) => ({ iri: `priority/${prefix}-${slugWord()}-${i + 1}`, notation: `P${++priorityNumber}` }));
      const keyAreas = priorities.flatMap((p, i) =>
        Array.from({ length: rng.int(0, 4) }, (_, j) => ({ iri: `area/${prefix}-${slugWord()}-${i + 1}-${j + 1}`, notation: `${p.notation}.${j + 1}`, of: [p.iri] })),
      );
      // The areas of the strategy as a whole, as in the real graph: named by the priorities' scheme, under no priority.
      const crossCutting = Array.from({ length: rng.int(3, 7) }, (_, j) => ({ iri: `area/${prefix}-${slugWord()}-a${j + 1}`, notation: `A${++crossCuttingNumber}`, of: [] as string[] }));
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
        const definition = pickQuote(rng, paragraphs, 12, 60);
        strategiesFile.add(iri(statements[i] as string), 'statement', [
          ['a', kind],
          ['skos:prefLabel', en(humanise(slug))],
          ['skos:definition', en(definition.exact)],
          ['skos:note', Array.from({ length: rng.int(0, 2) }, () => en(sentence(15, 40)))],
          ['skos:inScheme', ref(statementScheme)],
          ['skos:topConceptOf', ref(statementScheme)],
          ['prov:wasAttributedTo', ref(groupIri)],
          ['caro:quotedFrom', quotes(0, 2, definition)],
        ]);
      });

      concepts.add(iri(priorityScheme), 'scheme', [
        ['a', 'skos:ConceptScheme'],
        ['skos:prefLabel', en(`Strategic areas and priorities, ${label}`)],
        ['skos:hasTopConcept', priorities.map((p) => ref(p.iri))],
        ['caro:hasStrategyAreaOfConcern', crossCutting.map((a) => ref(a.iri))],
        ['caro:quotedFrom', quotes(1, 1)],
      ]);
      priorities.forEach((p) => {
        const definition = pickQuote(rng, paragraphs, 12, 50);
        const name = humanise(words(2, 6));
        concepts.add(iri(p.iri), 'priority', [
          ['a', 'caro:StrategicPriority'],
          ['skos:prefLabel', en(name)],
          ['skos:notation', str(p.notation)],
          ['caro:editorialProperty', 'skos:notation'],
          ['skos:definition', en(definition.exact)],
          ['skos:note', Array.from({ length: rng.int(0, 2) }, () => en(sentence(15, 40)))],
          ['skos:inScheme', ref(priorityScheme)],
          ['skos:topConceptOf', ref(priorityScheme)],
          ['caro:isRelatedPriority', priorities.filter((o) => o !== p).map((o) => ref(o.iri))],
          ['caro:hasAreaOfConcern', keyAreas.filter((a) => a.of.includes(p.iri)).map((a) => ref(a.iri))],
          ...addCrosswalk(p.iri, name),
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
            ['caro:editorialProperty', 'skos:notation'],
            ['skos:inScheme', ref(areaScheme)],
            ['skos:topConceptOf', ref(areaScheme)],
            ['caro:isAreaOfConcernOf', a.of.map(ref)],
            ...addCrosswalk(a.iri, name),
            ['caro:quotedFrom', quotes(1, 2)],
          ]);
        }
      }
    }
    orgs.add(iri(groupIri), 'organisation', [
      ['a', 'caro:ExpertGroup'],
      ['skos:prefLabel', en(groupLabel)],
      ['skos:altLabel', en(`CBSS ${groupLabel}`)],
      ['org:unitOf', ref(real.cbss)],
      ['org:purpose', ref(mission)],
      ['skos:note', Array.from({ length: rng.int(1, 3) }, () => en(sentence(20, 50)))],
      ['caro:actsAs', rng.sample(real.expertGroupRoles, rng.int(2, 5)).map(ref)],
      ['caro:embracesPillar', real.pillars.map(ref)],
      ['caro:worksWith', rng.sample(real.stakeholders, rng.int(2, 5)).map(ref)],
      ['caro:cooperatesWith', rng.sample(real.units, rng.int(1, 4)).map(ref)],
      ['caro:focusesOn', focus.map(ref)],
      ['caro:quotedFrom', quotes(3, 8)],
    ]);
  }
  if (groupIris.length > 0) orgs.add(real.cbss, undefined, [['org:hasUnit', groupIris.map(ref)]]);

  const header = Object.entries(createPrefixes(base)).map(([p, ns]) => `@prefix ${p}: <${ns}> .`).join('\n');
  const texts = new Map<string, string>();
  for (const [name, f] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (f.chunks.length > 0) texts.set(name, `${NOTE}\n${header}\n\n${f.chunks.join('\n')}`);
  }
  return { files: texts, sources: sourceTexts, counts, resources: total(), iris: [...iris].sort(), strategies, quotes: quoteCount };
}

/** Write the real graph grown to about `resources` resources into `dir`: ontology/ and data/ copied, synthetic files added. */
export async function writeGeneratedGraph(dir: string, resources: number, seed: number = DEFAULT_SEED): Promise<GeneratedGraph> {
  const config = createConfig({ rootDir: ROOT_DIR });
  const generated = generateTurtle(await readRealGraph(config), resources, seed);
  const ontologyDir = path.join(dir, 'ontology');
  const dataDir = path.join(dir, 'data');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(config.ontologyDir, ontologyDir, { recursive: true });
  await cp(config.dataDir, dataDir, { recursive: true });
  await Promise.all([...generated.files].map(([name, text]) => writeFile(path.join(dataDir, name), text)));
  await Promise.all([...generated.sources].map(([name, text]) => writeFile(path.join(dataDir, SOURCE_FOLDER, name), text)));
  return { ...generated, rootDir: dir, ontologyDir, dataDir };
}
