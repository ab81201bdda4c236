// Tests of src/query/query.ts: query-file headers and parameters, and every result format (the SPARQL ones written by
// Oxigraph), on results written here.
import type * as RDF from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BASE_IRI, createPrefixes } from '../../src/prefixes.ts';
import { QueryHeaderError, QueryParameterError, bindQueryParameters, parseQueryHeader, parseTerm, readParameterDefaults, type QueryResult } from '../../src/query/query.ts';
import { formatJsonLd, formatNTriples, formatResult, formatTable, formatTurtle, parseSparqlJson } from '../../src/query/result-formats.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const CAR = DEFAULT_BASE_IRI;

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

  test('SPARQL JSON follows the W3C format and reads back to the same result', async () => {
    const json = JSON.parse(await formatResult(select, 'json'));
    expect(json.head).toEqual({ vars: ['s', 'label', 'n', 'missing'] });
    expect(json.results.bindings[0]).toEqual({
      s: { type: 'uri', value: `${CAR}area/a` },
      label: { type: 'literal', value: 'Two, "quoted"\tand\nnew line', 'xml:lang': 'en' },
      n: { type: 'literal', value: '3', datatype: `${XSD}integer` },
    });
    expect(json.results.bindings[1]).toEqual({ s: { type: 'bnode', value: 'b1' }, label: { type: 'literal', value: '<&>' } });
    const back = parseSparqlJson(await formatResult(select, 'json'));
    expect(back.type === 'bindings' && back.rows[0]!.label!.equals(select.type === 'bindings' ? select.rows[0]!.label! : undefined)).toBe(true);
    expect(JSON.parse(await formatResult(yes, 'json'))).toEqual({ head: {}, boolean: true });
  });

  test('SPARQL XML follows the W3C format, with markup escaped', async () => {
    const xml = await formatResult(select, 'xml');
    expect(xml).toContain('<sparql xmlns="http://www.w3.org/2005/sparql-results#">');
    expect(xml).toContain('<variable name="missing"/>');
    expect(xml).toContain(`<binding name="s"><uri>${CAR}area/a</uri></binding>`);
    expect(xml).toContain('<binding name="label"><literal xml:lang="en">Two, &quot;quoted&quot;\tand\nnew line</literal></binding>');
    expect(xml).toContain(`<binding name="n"><literal datatype="${XSD}integer">3</literal></binding>`);
    expect(xml).toContain('<binding name="s"><bnode>b1</bnode></binding>');
    expect(xml).toContain('<literal>&lt;&amp;&gt;</literal>');
    expect(await formatResult(yes, 'xml')).toContain('<boolean>true</boolean>');
  });

  test('CSV has plain values, RFC 4180 quoting and CRLF line ends', async () => {
    expect(await formatResult(select, 'csv')).toBe(`s,label,n,missing\r\n${CAR}area/a,"Two, ""quoted""\tand\nnew line",3,\r\n_:b1,<&>,,\r\n`);
    expect(await formatResult(yes, 'csv')).toBe('true');
  });

  test('TSV writes terms in Turtle syntax with escapes', async () => {
    expect(await formatResult(select, 'tsv')).toBe(`?s\t?label\t?n\t?missing\n<${CAR}area/a>\t"Two, \\"quoted\\"\\tand\\nnew line"@en\t3\t\n_:b1\t"<&>"\t\t\n`);
  });

  test('the table shortens IRIs with the prefixes, flattens new lines, cuts long cells and counts rows', () => {
    const table = formatTable(select, { prefixes: createPrefixes(), maxCellWidth: 12 });
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^\| \?s\s+\| \?label\s+\| \?n \| \?missing \|$/);
    expect(lines[2]).toContain('area:a');
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
    expect(isomorphic<RDF.Quad>(new Parser({ format: 'N-Triples' }).parse(await formatNTriples(quads)), [...quads] as RDF.Quad[])).toBe(true);
    const { default: jsonld } = await import('jsonld');
    const nquads = (await jsonld.toRDF(JSON.parse(await formatJsonLd(quads)), { format: 'application/n-quads' })) as unknown as string;
    expect(isomorphic<RDF.Quad>(new Parser({ format: 'N-Quads' }).parse(nquads), [...quads] as RDF.Quad[])).toBe(true);
  });

  test('a format that does not fit the result is refused with the formats that do', async () => {
    await expect(formatResult(graph, 'csv')).rejects.toThrow(/use one of: table, turtle, ntriples, jsonld/);
    await expect(formatResult(select, 'turtle')).rejects.toThrow(/use one of: table, json, xml, csv, tsv/);
  });
});
