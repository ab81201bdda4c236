// Tests of the query stage (src/query.ts): parsing and its errors, initial bindings, time limits, query-file headers
// and every result format, on a small graph written here.
import type * as RDF from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import { GraphStore } from '../src/graph-store.ts';
import { isomorphic } from 'rdf-isomorphic';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseTurtle } from '../src/load.ts';
import { DEFAULT_BASE_IRI, createPrefixes } from '../src/prefixes.ts';
import {
  QueryHeaderError,
  QueryParameterError,
  QueryTimeoutError,
  SparqlSyntaxError,
  SparqlUpdateError,
  bindQueryParameters,
  createQueryEngine,
  formatJsonLd,
  formatNTriples,
  formatResult,
  formatSparqlCsv,
  formatSparqlJson,
  formatSparqlTsv,
  formatSparqlXml,
  formatTable,
  formatTurtle,
  parseQuery,
  parseQueryHeader,
  parseSparqlJson,
  parseTerm,
  readParameterDefaults,
  runQuery,
  type QueryResult,
  type SparqlEngine,
} from '../src/query.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const CAR = DEFAULT_BASE_IRI;

const GRAPH = `
@prefix car: <https://w3id.org/cbss-car/> .
@prefix caro: <https://w3id.org/cbss-car/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
car:priority\\/one a caro:StrategicPriority ; skos:notation "P1" ; skos:prefLabel "One"@en ;
  caro:hasAreaOfConcern car:area\\/a , car:area\\/b .
car:priority\\/two a caro:StrategicPriority ; skos:notation "P2" ; skos:prefLabel "Two, \\"quoted\\"\\tand tabbed"@en .
car:area\\/a skos:prefLabel "A" ; skos:note "line one\\nline two" .
car:area\\/b skos:prefLabel "B" ; car:count 3 ; car:when "2021-01-01"^^xsd:date .
`;

function bindings(result: QueryResult): Array<Record<string, string>> {
  if (result.type !== 'bindings') throw new Error(`expected bindings, got ${result.type}`);
  return result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.value])));
}

let store: GraphStore;
let engine: SparqlEngine;

beforeAll(() => {
  store = new GraphStore(parseTurtle(GRAPH, 'inline.ttl'));
  engine = createQueryEngine();
});

describe('parseQuery', () => {
  test('tells the four query forms apart', () => {
    expect(parseQuery(engine, 'SELECT * WHERE { ?s ?p ?o }').form).toBe('select');
    expect(parseQuery(engine, 'ASK { ?s ?p ?o }').form).toBe('ask');
    expect(parseQuery(engine, 'CONSTRUCT WHERE { ?s ?p ?o }').form).toBe('construct');
    expect(parseQuery(engine, 'DESCRIBE <priority/one>').form).toBe('describe');
  });

  test.each([
    ['a missing term', 'SELECT * WHERE {\n  ?s ?p\n}', 3, 1, /unexpected '}'/],
    ['an unfinished filter', 'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }', 3, 15, /unexpected '\)'/],
    ['the end of the query', 'SELECT * WHERE { ?s ?p ?o ', 1, 26, /unexpected end of query/],
    ['an unknown prefix', 'SELECT * WHERE {\n  ?s nope:p ?o }', 2, 6, /Unknown prefix: nope/],
    ['a stray character', 'SELECT * WHERE { ?s ?p ?o }\nLIMIT x', 2, 7, /unexpected character/],
  ])('a syntax error at %s names the file, line and column', (_, text, line, column, reason) => {
    let error: unknown;
    try {
      parseQuery(engine, text, 'queries/broken.rq');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SparqlSyntaxError);
    const syntax = error as SparqlSyntaxError;
    expect([syntax.file, syntax.line, syntax.column]).toEqual(['queries/broken.rq', line, column]);
    expect(syntax.reason).toMatch(reason);
    expect(syntax.message).toMatch(new RegExp(`^queries/broken\\.rq:${line}:${column}: SPARQL syntax error`));
  });

  test.each(['INSERT DATA { <a> <b> <c> }', 'DELETE WHERE { ?s ?p ?o }', 'LOAD <http://example.org/x>', 'CLEAR DEFAULT', 'DROP ALL'])('refuses the update %s', (text) => {
    expect(() => parseQuery(engine, text, 'q.rq')).toThrow(SparqlUpdateError);
  });
});

describe('runQuery', () => {
  test('predeclares the project prefixes and the base, so skos: is the real SKOS namespace', async () => {
    const result = await runQuery(store, 'SELECT ?l WHERE { <priority/one> skos:prefLabel ?l }', { engine });
    expect(bindings(result)).toEqual([{ l: 'One' }]);
  });

  test('reads escaped local names (car:priority\\/one) as the IRI without the backslash', async () => {
    const result = await runQuery(store, 'SELECT ?n WHERE { car:priority\\/one skos:notation ?n }', { engine });
    expect(bindings(result)).toEqual([{ n: 'P1' }]);
  });

  test('returns SELECT variables in order, rows, and leaves unbound variables out of a row', async () => {
    const result = await runQuery(store, 'SELECT ?area ?note WHERE { <priority/one> caro:hasAreaOfConcern ?area OPTIONAL { ?area skos:note ?note } } ORDER BY ?area', { engine });
    expect(result.type === 'bindings' && result.variables).toEqual(['area', 'note']);
    expect(bindings(result)).toEqual([{ area: `${CAR}area/a`, note: 'line one\nline two' }, { area: `${CAR}area/b` }]);
  });

  test('answers ASK with a boolean', async () => {
    expect(await runQuery(store, 'ASK { <priority/two> skos:notation "P2" }', { engine })).toEqual({ type: 'boolean', value: true });
    expect(await runQuery(store, 'ASK { <priority/two> skos:notation "P3" }', { engine })).toEqual({ type: 'boolean', value: false });
  });

  test('answers CONSTRUCT with a set of triples (no duplicates)', async () => {
    const result = await runQuery(store, 'CONSTRUCT { ?p a skos:Concept } WHERE { ?p a caro:StrategicPriority ; ?x ?y }', { engine });
    expect(result.type).toBe('quads');
    const quads = result.type === 'quads' ? result.quads : [];
    expect(quads.map((q) => q.subject.value).sort()).toEqual([`${CAR}priority/one`, `${CAR}priority/two`]);
  });

  test('binds parameters as initial bindings, in patterns, filters and the projection', async () => {
    const text = 'SELECT ?priority ?label WHERE { ?priority skos:prefLabel ?label FILTER(?label != ?exclude) }';
    const result = await runQuery(store, text, { engine, bindings: { priority: namedNode(`${CAR}priority/one`), exclude: literal('Two') } });
    expect(bindings(result)).toEqual([{ priority: `${CAR}priority/one`, label: 'One' }]);
  });

  test('a bound value is a value, never query text', async () => {
    const hostile = literal('"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER(true || "');
    const result = await runQuery(store, 'SELECT ?s WHERE { ?s skos:prefLabel ?text }', { engine, bindings: { text: hostile } });
    expect(bindings(result)).toEqual([]);
    expect(store.size).toBe(new GraphStore(parseTurtle(GRAPH, 'inline.ttl')).size);
  });

  test('moves IRIs of the default base to the configured base, in the query and in bindings', async () => {
    const base = 'http://localhost:8080/';
    const rebased = new GraphStore(parseTurtle(GRAPH, 'inline.ttl', base));
    const local = createQueryEngine({ baseIri: base });
    const text = 'PREFIX car: <https://w3id.org/cbss-car/>\nSELECT ?n ?l ?a WHERE { car:priority\\/one skos:notation ?n . ?a skos:prefLabel ?l }';
    const result = await runQuery(rebased, text, { engine: local, bindings: { a: namedNode(`${CAR}area/a`) } });
    expect(bindings(result)).toEqual([{ n: 'P1', l: 'A', a: `${base}area/a` }]);
  });

  test('stops a query at its time limit with QueryTimeoutError, and the stopped query reads no more of the store', async () => {
    let reads = 0;
    const counting = new GraphStore(parseTurtle(GRAPH, 'inline.ttl'));
    for (let i = 0; i < 200; i++) counting.addQuad(quad(namedNode(`urn:x:${i}`), namedNode('urn:p'), literal(String(i))));
    // Comunica scans the store through match() or, for bindings, matchBindings(): count both.
    const match = counting.match.bind(counting);
    counting.match = ((...args: Parameters<GraphStore['match']>) => {
      reads++;
      return match(...args);
    }) as GraphStore['match'];
    const matchBindings = counting.matchBindings.bind(counting);
    counting.matchBindings = ((...args: Parameters<GraphStore['matchBindings']>) => {
      reads++;
      return matchBindings(...args);
    }) as GraphStore['matchBindings'];
    const heavy = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . FILTER(?c != ?i) }';
    await expect(runQuery(counting, heavy, { engine, timeoutMs: 100 })).rejects.toBeInstanceOf(QueryTimeoutError);
    const after = reads;
    expect(after, 'the query scanned the store before it was stopped').toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads).toBe(after);
  });

  test('stops when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by the caller'));
    await expect(runQuery(store, 'SELECT * WHERE { ?s ?p ?o }', { engine, signal: controller.signal })).rejects.toThrow('stopped by the caller');
  });
});

describe('query headers and parameters', () => {
  const header = [
    '# title: Members on a date',
    '# description: The members whose membership held',
    '#   on the given day.',
    '# audience: researchers',
    '# param: ?date "2021-01-01"^^xsd:date the day to ask about',
    '# param: ?org <https://w3id.org/cbss-car/organisation/cbss> the organisation',
    '# param: ?name "Denmark"@en',
    'SELECT * WHERE { ?s ?p ?o }',
  ].join('\n');

  test('reads title, description (with its continuation), audience and typed parameter defaults', () => {
    const parsed = parseQueryHeader(header, 'q.rq');
    expect(parsed.title).toBe('Members on a date');
    expect(parsed.description).toBe('The members whose membership held on the given day.');
    expect(parsed.audience).toBe('researchers');
    expect(parsed.parameters.map((p) => [p.name, p.description])).toEqual([
      ['date', 'the day to ask about'],
      ['org', 'the organisation'],
      ['name', ''],
    ]);
    expect(parsed.parameters[0]!.defaultValue.equals(literal('2021-01-01', namedNode(`${XSD}date`)))).toBe(true);
    expect(parsed.parameters[1]!.defaultValue.equals(namedNode(`${CAR}organisation/cbss`))).toBe(true);
    expect(parsed.parameters[2]!.defaultValue.equals(literal('Denmark', 'en'))).toBe(true);
  });

  test.each([
    ['a missing title', '# description: d\n# audience: a\nSELECT * {}', 1, /missing "# title:"/],
    ['an unknown field', '# title: t\n# descripton: d\n# audience: a\nSELECT * {}', 2, /unknown field "descripton:"/],
    ['a parameter without a value', '# title: t\n# description: d\n# audience: a\n# param: ?x\nSELECT * {}', 4, /parameter line reads/],
    ['a parameter with a bad value', '# title: t\n# description: d\n# audience: a\n# param: ?x "open\nSELECT * {}', 4, /parameter \?x/],
    ['a parameter with an unknown prefix', '# title: t\n# description: d\n# audience: a\n# param: ?x nope:y\nSELECT * {}', 4, /unknown prefix/],
  ])('rejects a header with %s, naming file and line', (_, text, line, reason) => {
    let error: unknown;
    try {
      parseQueryHeader(text, 'queries/x.rq');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryHeaderError);
    expect((error as QueryHeaderError).line).toBe(line);
    expect((error as QueryHeaderError).message).toMatch(/^queries\/x\.rq:\d+: query header error: /);
    expect((error as QueryHeaderError).reason).toMatch(reason);
  });

  test('binds defaults, lets the caller override them, and refuses undeclared parameters', () => {
    const query = { file: 'q.rq', ...parseQueryHeader(header, 'q.rq') };
    const defaults = bindQueryParameters(query);
    expect(Object.keys(defaults)).toEqual(['date', 'org', 'name']);
    const overridden = bindQueryParameters(query, { '?date': literal('2023-01-01', namedNode(`${XSD}date`)) });
    expect(overridden.date!.value).toBe('2023-01-01');
    expect(() => bindQueryParameters(query, { when: literal('x') })).toThrow(QueryParameterError);
  });

  test('reads only the param lines of any query text for its defaults', () => {
    expect(Object.keys(readParameterDefaults(header))).toEqual(['date', 'org', 'name']);
    expect(readParameterDefaults('# a comment of my own\nSELECT * {}')).toEqual({});
  });

  test.each([
    ['<https://example.org/x>', namedNode('https://example.org/x')],
    ['car:area/alternative-care', namedNode(`${CAR}area/alternative-care`)],
    ['car:area\\/alternative-care', namedNode(`${CAR}area/alternative-care`)],
    ['"plain"', literal('plain')],
    ['"say \\"hi\\"\\n"', literal('say "hi"\n')],
    ['"Denmark"@en', literal('Denmark', 'en')],
    ['"2021-01-01"^^xsd:date', literal('2021-01-01', namedNode(`${XSD}date`))],
    ['"5"^^<http://www.w3.org/2001/XMLSchema#integer>', literal('5', namedNode(`${XSD}integer`))],
    ['42', literal('42', namedNode(`${XSD}integer`))],
    ['4.5', literal('4.5', namedNode(`${XSD}decimal`))],
    ['true', literal('true', namedNode(`${XSD}boolean`))],
  ])('parseTerm reads %s', (text, expected) => {
    expect(parseTerm(text).equals(expected)).toBe(true);
  });

  test.each(['', '<not closed', '"x" trailing', 'nope:x'])('parseTerm rejects %j', (text) => {
    expect(() => parseTerm(text)).toThrow();
  });
});

describe('result formats', () => {
  const a = namedNode(`${CAR}area/a`);
  const select: QueryResult = {
    type: 'bindings',
    variables: ['s', 'label', 'n', 'missing'],
    rows: [
      { s: a, label: literal('Two, "quoted"\tand\nnew line', 'en'), n: literal('3', namedNode(`${XSD}integer`)) },
      { s: blankNode('b1'), label: literal('<&>') },
    ],
  };
  const yes: QueryResult = { type: 'boolean', value: true };
  const graph: QueryResult = {
    type: 'quads',
    quads: [
      quad(a, namedNode(`${SKOS}prefLabel`), literal('A', 'en')),
      quad(a, namedNode(`${SKOS}note`), blankNode('n')),
      quad(blankNode('n'), namedNode(`${SKOS}notation`), literal('2021-01-01', namedNode(`${XSD}date`))),
    ],
  };

  test('SPARQL JSON follows the W3C format and reads back to the same result', () => {
    const json = JSON.parse(formatSparqlJson(select));
    expect(json.head).toEqual({ vars: ['s', 'label', 'n', 'missing'] });
    expect(json.results.bindings[0]).toEqual({
      s: { type: 'uri', value: `${CAR}area/a` },
      label: { type: 'literal', value: 'Two, "quoted"\tand\nnew line', 'xml:lang': 'en' },
      n: { type: 'literal', value: '3', datatype: `${XSD}integer` },
    });
    expect(json.results.bindings[1]).toEqual({ s: { type: 'bnode', value: 'b1' }, label: { type: 'literal', value: '<&>' } });
    const back = parseSparqlJson(formatSparqlJson(select));
    expect(back.type === 'bindings' && back.rows[0]!.label!.equals(select.type === 'bindings' ? select.rows[0]!.label! : undefined)).toBe(true);
    expect(JSON.parse(formatSparqlJson(yes))).toEqual({ head: {}, boolean: true });
  });

  test('SPARQL XML follows the W3C format, with markup escaped', () => {
    const xml = formatSparqlXml(select);
    expect(xml).toContain('<sparql xmlns="http://www.w3.org/2005/sparql-results#">');
    expect(xml).toContain('<variable name="missing"/>');
    expect(xml).toContain(`<binding name="s"><uri>${CAR}area/a</uri></binding>`);
    expect(xml).toContain('<binding name="label"><literal xml:lang="en">Two, &quot;quoted&quot;\tand\nnew line</literal></binding>');
    expect(xml).toContain(`<binding name="n"><literal datatype="${XSD}integer">3</literal></binding>`);
    expect(xml).toContain('<binding name="s"><bnode>b1</bnode></binding>');
    expect(xml).toContain('<literal>&lt;&amp;&gt;</literal>');
    expect(formatSparqlXml(yes)).toContain('<boolean>true</boolean>');
  });

  test('CSV has plain values, RFC 4180 quoting and CRLF line ends', () => {
    expect(formatSparqlCsv(select)).toBe(`s,label,n,missing\r\n${CAR}area/a,"Two, ""quoted""\tand\nnew line",3,\r\n_:b1,<&>,,\r\n`);
    expect(formatSparqlCsv(yes)).toBe('_askResult\r\ntrue\r\n');
  });

  test('TSV writes terms in N-Triples syntax with escapes', () => {
    expect(formatSparqlTsv(select)).toBe(`?s\t?label\t?n\t?missing\n<${CAR}area/a>\t"Two, \\"quoted\\"\\tand\\nnew line"@en\t"3"^^<${XSD}integer>\t\n_:b1\t"<&>"\t\t\n`);
  });

  test('the table shortens IRIs with the prefixes, flattens new lines, cuts long cells and counts rows', () => {
    const table = formatTable(select, { prefixes: createPrefixes(), maxCellWidth: 12 });
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^\| \?s\s+\| \?label\s+\| \?n \| \?missing \|$/);
    expect(lines[2]).toContain('car:area/a');
    expect(lines[2]).toContain('Two, "quote…');
    expect(table.trimEnd().endsWith('2 rows')).toBe(true);
    expect(formatTable(yes)).toBe('true\n');
  });

  test('a CONSTRUCT table lists its triples in the writers\' order: by subject, predicate, then IRIs, blank nodes, literals', () => {
    const e = (local: string) => namedNode(`http://e/${local}`);
    const constructed: QueryResult = {
      type: 'quads',
      quads: [
        quad(e('a/b'), e('p'), e('x')),
        quad(e('a'), e('p'), literal('text')),
        quad(e('a'), e('p'), blankNode('n')),
        quad(e('a'), e('p'), e('z')),
        quad(e('a'), e('o'), e('y')),
      ],
    };
    const rows = formatTable(constructed, { prefixes: {} })
      .split('\n')
      .slice(2, 7)
      .map((line) => line.split('|').slice(1, 4).map((cell) => cell.trim()).join(' '));
    expect(rows).toEqual([
      '<http://e/a> <http://e/o> <http://e/y>',
      '<http://e/a> <http://e/p> <http://e/z>',
      '<http://e/a> <http://e/p> _:n',
      '<http://e/a> <http://e/p> text',
      '<http://e/a/b> <http://e/p> <http://e/x>',
    ]);
  });

  test('Turtle, N-Triples and JSON-LD each read back to the same graph', async () => {
    const quads = graph.type === 'quads' ? graph.quads : [];
    const turtle = await formatTurtle(quads);
    expect(turtle).toContain('@prefix skos: <http://www.w3.org/2004/02/skos/core#>');
    expect(turtle).not.toContain('@prefix foaf:');
    expect(isomorphic<RDF.Quad>(new Parser().parse(turtle), [...quads] as RDF.Quad[])).toBe(true);
    expect(isomorphic<RDF.Quad>(new Parser({ format: 'N-Triples' }).parse(formatNTriples(quads)), [...quads] as RDF.Quad[])).toBe(true);
    const { default: jsonld } = await import('jsonld');
    const nquads = (await jsonld.toRDF(JSON.parse(await formatJsonLd(quads)), { format: 'application/n-quads' })) as unknown as string;
    expect(isomorphic<RDF.Quad>(new Parser({ format: 'N-Quads' }).parse(nquads), [...quads] as RDF.Quad[])).toBe(true);
  });

  test('a format that does not fit the result is refused with the formats that do', async () => {
    await expect(formatResult(graph, 'csv')).rejects.toThrow(/use one of: table, turtle, ntriples, jsonld/);
    await expect(formatResult(select, 'turtle')).rejects.toThrow(/use one of: table, json, xml, csv, tsv/);
  });
});
