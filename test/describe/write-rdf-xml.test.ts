import { DataFactory, Parser } from 'n3';
import { describe, expect, test } from 'vitest';
import { canonicalizeGraph } from '../../src/describe/write-rdf.ts';
import { writeRdfXml } from '../../src/describe/write-rdf-xml.ts';
import { parseRdfXmlText, sameGraph } from '../helpers/graphs.ts';

const { namedNode, literal, quad } = DataFactory;

const TEXT = `
@prefix ex: <https://w3id.org/cbss-car/> .
ex:a ex:note "<b>x</b> & ]]> end"@en ; ex:count 3 ; ex:link [ ex:next [ ex:label "deep" ] ] , _:shared .
ex:b ex:link _:shared .
_:shared ex:label "shared" .
`;

describe('writeRdfXml (Oxigraph, on a thread of its own)', () => {
  const quads = new Parser({ format: 'text/turtle' }).parse(TEXT);

  test('writes the same graph, blank nodes included, as well-formed XML', async () => {
    const xml = await writeRdfXml(await canonicalizeGraph(quads));
    expect(xml).toContain(']]&gt; end');
    expect(sameGraph(await parseRdfXmlText(xml), quads)).toBe(true);
  });

  test('gives the same bytes for the same graph, its blank nodes labelled as given', async () => {
    const graph = await canonicalizeGraph(quads);
    const [first, second] = await Promise.all([writeRdfXml(graph), writeRdfXml(graph)]);
    expect(second).toBe(first);
    expect(first).toMatch(/rdf:nodeID="c14n\d+"/);
  });

  test('refuses a character XML cannot hold, naming the subject', async () => {
    const bad = [quad(namedNode('https://w3id.org/cbss-car/bad'), namedNode('http://e/p'), literal('bell \u0007'))];
    await expect(writeRdfXml({ quads: bad, nested: new Set() })).rejects.toThrow(/https:\/\/w3id\.org\/cbss-car\/bad/);
  });
});
