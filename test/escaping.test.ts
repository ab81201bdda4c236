// Every value reaches the pages escaped by the templates (Nunjucks with autoescape, site/eleventy.config.js). A copy
// of the repository whose every text literal, and a new resource's IRI, carry markup, quotes and template syntax is
// built; every page is parsed, and each payload must come back as the same text (text nodes, attributes, JSON-LD,
// SVG diagrams, search index), never as markup or as an evaluated expression.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { Parser, Writer, DataFactory, type Quad } from 'n3';
import { parseDocument, DomUtils } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { buildSite } from '../src/build.ts';
import { splitParagraphs } from '../src/render/resource-view.ts';
import { copyRepository } from './helpers/repository-copy.ts';
import { listFiles } from './helpers/site.ts';

const { literal, quad } = DataFactory;
type Document = ReturnType<typeof parseDocument>;
type AnyNode = Document['children'][number];
type Element = ReturnType<typeof DomUtils.findAll>[number];
const PAYLOAD = `<b>x</b> "q" 'a' & {{ 7*7 }} {% raw %} \${1+1}`;
/** What the payload may become in an IRI: the characters an IRI allows, and the rest percent-encoded. */
const IRI_PAYLOAD = `x'%3Cb%3Ey&%7B%7B7*7%7D%7D$%7B1+1%7D`;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
/** Literals kept as they are: the quote selectors must match the source text; article numbers and the notations of
 * the UN's goals and targets must match their IRIs (SHACL). The notations of the areas of concern (P1.1, A1 …) carry the payload (a priority's must stay the start of its areas'). */
const KEEP = new Set(['http://www.w3.org/ns/oa#exact', 'http://www.w3.org/ns/oa#prefix', 'http://www.w3.org/ns/oa#suffix', 'http://data.europa.eu/eli/ontology#number']);
const NOTATION = 'http://www.w3.org/2004/02/skos/core#notation';
const OWN = /^https:\/\/w3id\.org\/cbss-car\/area\//;
const BUILD_TIMEOUT = 300_000;

/** Append the payload to every string literal of a Turtle file (but the quote selectors); return the changed literals. */
async function poisonFile(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const quads = new Parser({ baseIRI: 'https://w3id.org/cbss-car/' }).parse(text);
  const changed: string[] = [];
  const out: Quad[] = quads.map((q) => {
    const o = q.object;
    if (o.termType !== 'Literal' || KEEP.has(q.predicate.value) || (q.predicate.value === NOTATION && !OWN.test(q.subject.value)) || ![XSD_STRING, RDF_LANG_STRING].includes(o.datatype.value)) return q;
    // Before a closing full stop (a rationale must stay one sentence), else at the end.
    const value = o.value.endsWith('.') ? `${o.value.slice(0, -1)} ${PAYLOAD}.` : `${o.value} ${PAYLOAD}`;
    changed.push(value);
    return quad(q.subject, q.predicate, o.language ? literal(value, o.language) : literal(value), q.graph);
  });
  await writeFile(file, new Writer({ format: 'N-Triples' }).quadsToString(out).replace(/^/, ''));
  return changed;
}

interface Page {
  readonly file: string;
  readonly doc: Document;
  readonly text: string;
}

const normal = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The text a reader sees: text nodes, without scripts and without a textarea (whose text htmlparser2 does not decode). */
function visibleText(nodes: readonly AnyNode[]): string {
  return nodes
    .map((n) => (DomUtils.isText(n) ? n.data : DomUtils.isTag(n) && !['script', 'style', 'textarea'].includes(n.name) ? visibleText(n.children) : ''))
    .join('');
}

describe('every value is escaped by the templates', () => {
  let root = '';
  let outDir = '';
  let changed: string[] = [];
  const pages: Page[] = [];
  const newIri = `https://w3id.org/cbss-car/payload/${IRI_PAYLOAD}`;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'escaping-'));
    const repo = await copyRepository(root);
    const dataDir = path.join(root, 'data');
    for (const name of (await readdir(dataDir)).filter((n) => n.endsWith('.ttl'))) changed.push(...(await poisonFile(path.join(dataDir, name))));
    // The shapes' patterns lose their end anchor, so that the project's notations (P1, A1 …) may carry the payload.
    const shapes = path.join(root, 'ontology', 'shapes', 'cbss-car-shapes.ttl');
    await writeFile(shapes, (await readFile(shapes, 'utf8')).replaceAll('$" ;', '" ;'));
    // A new resource whose IRI carries what an IRI can carry of the payload, linked from a priority.
    await writeFile(
      path.join(dataDir, 'payload.ttl'),
      `<${newIri}> a <http://www.w3.org/2004/02/skos/core#Concept> ;\n` +
        `  <http://www.w3.org/2004/02/skos/core#prefLabel> ${JSON.stringify(`New term ${PAYLOAD}`)}@en ;\n` +
        `  <http://www.w3.org/2004/02/skos/core#definition> ${JSON.stringify(`Defined ${PAYLOAD}`)}@en .\n` +
        `<https://w3id.org/cbss-car/priority/child-protection-systems> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <${newIri}> .\n`,
    );
    // A paragraph of the source text, quoted by the new resource: the quote and the source's page carry the payload.
    const sourceFile = path.join(dataDir, 'source', 'car-mandate-strategy-2020-2025.txt');
    const quoted = `Quoted ${PAYLOAD}`;
    const sourceText = `${(await readFile(sourceFile, 'utf8')).replace(/\n*$/, '\n')}${quoted}\n`;
    await writeFile(sourceFile, sourceText);
    // The copy's source text is changed on purpose: its recorded checksum follows, or validation refuses it.
    const sources = path.join(dataDir, 'sources.ttl');
    const sha256 = createHash('sha256').update(sourceText).digest('hex');
    await writeFile(sources, (await readFile(sources, 'utf8')).replace(/spdx:checksumValue "[0-9a-f]{64}"/, `spdx:checksumValue "${sha256}"`));
    const start = [...sourceText].length - [...quoted].length - 1;
    await writeFile(
      path.join(dataDir, 'payload-quote.ttl'),
      `@prefix oa: <http://www.w3.org/ns/oa#> .\n<${newIri}> <https://w3id.org/cbss-car/ontology#quotedFrom> [ a oa:SpecificResource ;\n` +
        `  oa:hasSource <https://w3id.org/cbss-car/source/mandate-and-strategy-2020-2025> ; <https://w3id.org/cbss-car/ontology#paragraph> ${splitParagraphs(sourceText).length} ;\n` +
        `  oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ${JSON.stringify(quoted)} ] , [ a oa:TextPositionSelector ; oa:start ${start} ; oa:end ${start + [...quoted].length} ] ] .\n`,
    );
    changed = [...new Set(changed), `New term ${PAYLOAD}`, `Defined ${PAYLOAD}`, quoted];
    const config = repo.config();
    outDir = config.outDir;
    await buildSite(config);
    for (const file of (await listFiles(outDir)).filter((f) => f.endsWith('.html'))) {
      const doc = parseDocument(await readFile(path.join(outDir, file), 'utf8'));
      pages.push({ file, doc, text: normal(visibleText(doc.children)) });
    }
  }, BUILD_TIMEOUT);

  afterAll(async () => {
    if (root && !process.env.KEEP_ESCAPING) await rm(root, { recursive: true, force: true });
  });

  test('no page holds an element made of data, nor an evaluated expression', () => {
    expect(pages.length).toBeGreaterThan(200);
    for (const page of pages) {
      expect(DomUtils.findAll((e) => e.name === 'b', page.doc.children), page.file).toEqual([]);
      // Escaped twice would show as entities in the text.
      expect(page.text, page.file).not.toMatch(/&(lt|gt|quot|amp|#39);/);
      expect(page.text, page.file).not.toMatch(/x 49|\{\{ 49|\$2\b/);
    }
  });

  test('each payload comes back as the same text on the pages', () => {
    const onPages = pages.map((p) => p.text).join('\n');
    expect(changed.length).toBeGreaterThan(400);
    expect(changed.filter((value) => !onPages.includes(normal(value)))).toEqual([]);
    const withPayload = pages.filter((p) => p.text.includes(PAYLOAD));
    expect(withPayload.length).toBeGreaterThan(200);
  });

  test('attributes hold the payload as it is', () => {
    const attributes = pages.flatMap((p) => DomUtils.findAll(() => true, p.doc.children).flatMap((e: Element) => Object.values(e.attribs)));
    expect(attributes.some((a) => a.includes(PAYLOAD))).toBe(true);
    expect(attributes).toContain(newIri);
    const own = pages.find((p) => p.file === `payload/${IRI_PAYLOAD}/index.html`);
    expect(own, 'the new area has its page').toBeDefined();
    const input = DomUtils.findOne((e) => e.attribs.id === 'resource-iri', own!.doc.children);
    expect(input?.attribs.value).toBe(newIri);
    const quote = DomUtils.findOne((e) => e.name === 'blockquote', own!.doc.children);
    expect(normal(DomUtils.textContent(quote!))).toBe(`Quoted ${PAYLOAD}`);
    const h1 = DomUtils.findOne((e) => e.name === 'h1', own!.doc.children);
    expect(normal(DomUtils.textContent(h1!))).toContain(`New term ${PAYLOAD}`);
  });

  test('the JSON-LD of each page parses and holds the payload as a string', () => {
    let strings = 0;
    for (const page of pages) {
      for (const script of DomUtils.findAll((e) => e.name === 'script' && e.attribs.type === 'application/ld+json', page.doc.children)) {
        const raw = DomUtils.textContent(script);
        expect(raw, page.file).not.toMatch(/[<>&]/);
        const json = JSON.stringify(JSON.parse(raw));
        if (json.includes(JSON.stringify(PAYLOAD).slice(1, -1))) strings++;
      }
    }
    expect(strings).toBeGreaterThan(200);
    const own = pages.find((p) => p.file === `payload/${IRI_PAYLOAD}/index.html`)!;
    const script = DomUtils.findOne((e) => e.name === 'script' && e.attribs.type === 'application/ld+json', own.doc.children)!;
    expect(JSON.stringify(JSON.parse(DomUtils.textContent(script)))).toContain(newIri);
  });

  test('the SVG diagrams hold the payload as text', () => {
    const page = pages.find((p) => p.file === 'diagrams/index.html')!;
    const svgs = DomUtils.findAll((e) => e.name === 'svg', page.doc.children);
    expect(svgs.length).toBe(2);
    const titles = svgs.flatMap((svg) => DomUtils.findAll((e) => e.name === 'title', svg.children).map((t) => normal(DomUtils.textContent(t))));
    expect(titles.filter((t) => t.includes(PAYLOAD)).length).toBeGreaterThan(5);
    const labels = svgs.flatMap((svg) => DomUtils.findAll((e) => e.name === 'a', svg.children).map((a) => a.attribs['aria-label'] ?? ''));
    expect(labels.some((l) => l.includes(PAYLOAD))).toBe(true);
  });

  test('the search index holds the payload as text', async () => {
    const fragments = path.join(outDir, 'pagefind', 'fragment');
    const contents: string[] = [];
    for (const name of await readdir(fragments)) {
      const text = gunzipSync(await readFile(path.join(fragments, name))).toString('utf8');
      contents.push((JSON.parse(text.slice(text.indexOf('{'))) as { content: string }).content);
    }
    expect(contents.filter((c) => c.includes(PAYLOAD)).length).toBeGreaterThan(100);
    expect(contents.some((c) => c.includes('<b>x</b> "q"'))).toBe(true);
  });
});
