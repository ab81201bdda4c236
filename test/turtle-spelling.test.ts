// How our IRIs are spelled: no Turtle file we keep or publish writes an escaped slash (`car:area\/x`, which some
// SPARQL engines misread), and the old spelling still parses, in Turtle and in SPARQL, to the same IRIs as the
// per-kind prefixes of src/prefixes.ts (`area:x`).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { GraphStore } from '../src/load/graph-store.ts';
import { DEFAULT_BASE_IRI, KIND_PATHS, createPrefixes, toSparqlPrefixes } from '../src/prefixes.ts';
import { runQuery } from '../src/query/oxigraph-engine.ts';
import type { QueryResult } from '../src/query/query.ts';
import { parseNTriplesText, parseTurtleText, sameGraph } from './helpers/graphs.ts';
import { listFiles } from './helpers/site.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const listTurtle = async (dir: string): Promise<string[]> => (await listFiles(dir)).filter((f) => f.endsWith('.ttl')).map((f) => path.join(dir, f));

// Each line that holds "\/", as file:line.
async function findEscapedSlashes(files: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (line.includes('\\/')) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  return found;
}

describe('no escaped slash', () => {
  test('in the Turtle of data/ and ontology/', async () => {
    const files = [...(await listTurtle(path.join(ROOT, 'data'))), ...(await listTurtle(path.join(ROOT, 'ontology')))];
    expect(files.length).toBeGreaterThan(5);
    expect(await findEscapedSlashes(files)).toEqual([]);
  });

  test('in any Turtle file the build publishes', async () => {
    const siteDir = inject('siteDir');
    const files = await listTurtle(siteDir);
    // Resource pages, dumps and query results are all among them.
    expect(files.some((f) => f.endsWith(path.join('area', 'alternative-care', 'index.ttl')))).toBe(true);
    expect(files.length).toBeGreaterThan(200);
    expect(await findEscapedSlashes(files)).toEqual([]);
  });
});

describe('the old spelling', () => {
  const prefixes = createPrefixes();
  const turtlePrefixes = Object.entries(prefixes).map(([p, ns]) => `@prefix ${p}: <${ns}> .`).join('\n');

  test('still parses in Turtle to the same IRIs as the per-kind prefixes', () => {
    const old = parseTurtleText(`${turtlePrefixes}\ncar:area\\/x car:p car:uncrc\\/article\\/19 , car:uncrc\\/optional-protocol\\/sale-of-children .`);
    const now = parseTurtleText(`${turtlePrefixes}\narea:x car:p article:19 , protocol:sale-of-children .`);
    expect(sameGraph(old, now)).toBe(true);
    expect(now[0]!.subject.value).toBe(`${DEFAULT_BASE_IRI}area/x`);
  });

  test('still means the same IRIs in SPARQL, on every kind of resource', async () => {
    const store = new GraphStore(parseNTriplesText(Object.entries(KIND_PATHS).map(([, p]) => `<${DEFAULT_BASE_IRI}${p}x> <${DEFAULT_BASE_IRI}p> "${p}" .`).join('\n')));
    const answer = async (text: string): Promise<QueryResult> => runQuery(store, text);
    for (const [prefix, kindPath] of Object.entries(KIND_PATHS)) {
      const escaped = `car:${kindPath.replace(/\//g, '\\/')}x`;
      const old = await answer(`SELECT ?o WHERE { ${escaped} car:p ?o }`);
      expect(old, escaped).toEqual(await answer(`${toSparqlPrefixes({ [prefix]: prefixes[prefix]! })}SELECT ?o WHERE { ${prefix}:x car:p ?o }`));
      expect(old.type === 'bindings' && old.rows.map((r) => r.o!.value), escaped).toEqual([kindPath]);
    }
  });
});
