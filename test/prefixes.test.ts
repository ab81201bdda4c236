import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.ts';
import {
  compactIri,
  createPrefixes,
  DEFAULT_BASE_IRI,
  expandCurie,
  ONTOLOGY_PATH,
  SHAPES_PATH,
  KIND_PATHS,
  STANDARD_PREFIXES,
  toSparqlPrefixes,
} from '../src/prefixes.ts';

const prefixes = createPrefixes();

async function listFiles(dir: string, extension: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(path.join(ROOT_DIR, dir), { recursive, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(extension))
    .map((e) => path.relative(ROOT_DIR, path.join(e.parentPath, e.name)))
    .sort();
}

/** Blank out strings, IRIs and comments, so that only the syntax that can hold prefixed names is left. */
function stripLiteralsAndComments(text: string): string {
  return text.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^\s<>"{}|^`\\]*>|#[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

function declaredPrefixes(text: string): [string, string][] {
  const found: [string, string][] = [];
  for (const m of text.matchAll(/^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>/gim)) found.push([m[1] ?? '', m[2] ?? '']);
  return found;
}

function usedPrefixes(text: string): Set<string> {
  const used = new Set<string>();
  for (const m of stripLiteralsAndComments(text).matchAll(/(?<![\w.:?$@-])([A-Za-z](?:[\w.-]*[\w-])?)?:/g)) used.add(m[1] ?? '');
  return used;
}

const files = [
  ...(await listFiles('ontology', '.ttl', true)),
  ...(await listFiles('data', '.ttl', false)),
  ...(await listFiles('queries', '.rq', true)),
  ...(await listFiles(path.join('ontology', 'checks'), '.rq', false)),
];

describe('prefixes declared in the RDF and SPARQL files agree with src/prefixes.ts', () => {
  it('finds the files to check (ontology, shapes, data, checks)', () => {
    expect(files).toEqual(expect.arrayContaining(['ontology/cbss-car.ttl', 'ontology/shapes/cbss-car-shapes.ttl', 'ontology/checks/notations-unique.rq']));
    expect(files.filter((f) => f.startsWith('data/')).length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`${file}: declares prefixes as src/prefixes.ts does, and uses no other`, async () => {
      const text = await readFile(path.join(ROOT_DIR, file), 'utf8');
      const mismatched = declaredPrefixes(text).filter(([name, ns]) => prefixes[name] !== ns).map(([name, ns]) => `${name}: <${ns}>`);
      expect(mismatched).toEqual([]);
      const unknown = [...usedPrefixes(text)].filter((name) => prefixes[name] === undefined);
      expect(unknown).toEqual([]);
    });
  }

  it('names only caro: terms that the ontology declares (a misspelt term would make a query or check match nothing)', async () => {
    const ontology = new Parser().parse(await readFile(path.join(ROOT_DIR, 'ontology', 'cbss-car.ttl'), 'utf8'));
    const declared = new Set(ontology.filter((q) => q.predicate.value === 'http://www.w3.org/2000/01/rdf-schema#isDefinedBy').map((q) => q.subject.value));
    const undeclared: string[] = [];
    for (const file of files) {
      const text = stripLiteralsAndComments(await readFile(path.join(ROOT_DIR, file), 'utf8'));
      for (const m of text.matchAll(/(?<![\w.:?$@-])caro:([A-Za-z_](?:[\w.-]*[\w-])?)/g)) {
        if (!declared.has(`${prefixes.caro}${m[1]}`)) undeclared.push(`${file}: caro:${m[1]}`);
      }
    }
    expect(declared.size).toBeGreaterThan(20);
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it('the prefix scanner sees prefixed names in code and ignores those in strings, IRIs and comments', () => {
    const text = '# foo:bar in a comment\n<http://x/> a skos:Concept ; rdfs:label "baz:qux"@en ; x:y "1"^^xsd:int .\nFILTER(STR(?a) = STR(car:)) ?s a/rdfs:subClassOf* caro:X .';
    expect([...usedPrefixes(text)].sort()).toEqual(['car', 'caro', 'rdfs', 'skos', 'x', 'xsd']);
  });
});

describe('createPrefixes', () => {
  it('puts our three namespaces under the base and keeps the standard ones', () => {
    const other = createPrefixes('https://example.org/car/');
    expect(other.car).toBe('https://example.org/car/');
    expect(other.caro).toBe(`https://example.org/car/${ONTOLOGY_PATH}`);
    expect(other.cars).toBe(`https://example.org/car/${SHAPES_PATH}`);
    expect(other.skos).toBe('http://www.w3.org/2004/02/skos/core#');
    expect(prefixes.caro).toBe('https://w3id.org/cbss-car/ontology#');
    // One prefix per kind of resource, under the same base: `area:x` is <base/area/x>.
    expect(other.area).toBe('https://example.org/car/area/');
    expect(other.article).toBe('https://example.org/car/uncrc/article/');
    expect(Object.keys(other).length).toBe(Object.keys(STANDARD_PREFIXES).length + 3 + Object.keys(KIND_PATHS).length);
  });

  it('matches the namespaces of the reference vocabularies', () => {
    expect(STANDARD_PREFIXES).toMatchObject({
      skos: 'http://www.w3.org/2004/02/skos/core#',
      org: 'http://www.w3.org/ns/org#',
      dct: 'http://purl.org/dc/terms/',
      time: 'http://www.w3.org/2006/time#',
      eli: 'http://data.europa.eu/eli/ontology#',
      sdgo: 'http://metadata.un.org/sdg/ontology#',
      oa: 'http://www.w3.org/ns/oa#',
      sh: 'http://www.w3.org/ns/shacl#',
    });
  });

  it('toSparqlPrefixes gives a prologue that a SPARQL query can use', () => {
    const prologue = toSparqlPrefixes(prefixes);
    expect(prologue).toContain('PREFIX caro: <https://w3id.org/cbss-car/ontology#>\n');
    expect(declaredPrefixes(prologue)).toEqual(Object.entries(prefixes));
  });

  it('gives a map that a Turtle parser accepts', () => {
    const turtle = Object.entries(prefixes).map(([p, ns]) => `@prefix ${p}: <${ns}> .`).join('\n') + '\ncaro:X a skos:Concept .';
    const [quad] = new Parser().parse(turtle);
    expect(quad?.subject.value).toBe(`${DEFAULT_BASE_IRI}ontology#X`);
  });
});

describe('expandCurie and compactIri', () => {
  it('expands a prefixed name', () => {
    expect(expandCurie('skos:Concept', prefixes)).toBe('http://www.w3.org/2004/02/skos/core#Concept');
    expect(expandCurie('caro:StrategicPriority', prefixes)).toBe('https://w3id.org/cbss-car/ontology#StrategicPriority');
    expect(expandCurie('sdg:16.2', prefixes)).toBe('http://metadata.un.org/sdg/16.2');
  });

  it('throws on an unknown prefix or a name without a colon', () => {
    expect(() => expandCurie('nope:X', prefixes)).toThrow(/Unknown prefix in "nope:X"/);
    expect(() => expandCurie('Concept', prefixes)).toThrow(/Unknown prefix/);
  });

  it('compacts with the longest matching namespace', () => {
    expect(compactIri('https://w3id.org/cbss-car/ontology#StrategicPriority', prefixes)).toBe('caro:StrategicPriority');
    expect(compactIri('https://w3id.org/cbss-car/shapes#StrategicPriority-prefLabel', prefixes)).toBe('cars:StrategicPriority-prefLabel');
    expect(compactIri('http://metadata.un.org/sdg/ontology#Target', prefixes)).toBe('sdgo:Target');
    expect(compactIri('http://www.wikidata.org/entity/Q35', prefixes)).toBe('wd:Q35');
  });

  it('leaves an IRI alone when no namespace covers it or its local part is not a safe name', () => {
    expect(compactIri('https://example.org/x', prefixes)).toBeUndefined();
    expect(compactIri('https://w3id.org/cbss-car/alignment/migration/sdg-10.7', prefixes)).toBeUndefined();
    expect(compactIri('https://w3id.org/cbss-car/priority/child-protection-systems', prefixes)).toBe('priority:child-protection-systems');
    expect(compactIri('http://metadata.un.org/sdg/16.2', prefixes)).toBeUndefined();
  });

  it('round-trips every term of the ontology', async () => {
    const quads = new Parser().parse(await readFile(path.join(ROOT_DIR, 'ontology', 'cbss-car.ttl'), 'utf8'));
    const terms = [...new Set(quads.map((q) => q.subject.value).filter((v) => v.startsWith(prefixes.caro ?? '-')))];
    expect(terms.length).toBeGreaterThan(20);
    for (const iri of terms) {
      const curie = compactIri(iri, prefixes);
      expect(curie).toMatch(/^caro:/);
      expect(expandCurie(curie ?? '', prefixes)).toBe(iri);
    }
  });
});
