import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/config.ts';
import { FORMATS, REPRESENTATIONS, negotiateRepresentation, normalizeAccept, type Representation } from '../../src/serve/negotiate.ts';
import { CHROME_ACCEPT, CLIENT_HEADERS, COMUNICA_ACCEPT, generateAcceptHeaders } from '../helpers/clients.ts';

// Expected choices worked out by hand from RFC 9110 §12.5.1 (highest q; equal q: more specific range,
// then the range listed first, then our order html, turtle, jsonld, ntriples).
const CASES: ReadonlyArray<readonly [string | undefined, Representation | undefined]> = [
  [undefined, 'html'],
  ['', 'html'],
  ['*/*', 'html'],
  [CHROME_ACCEPT, 'html'],
  ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', 'html'],
  ['text/turtle', 'turtle'],
  ['application/ld+json', 'jsonld'],
  ['application/n-triples', 'ntriples'],
  ['text/turtle;q=1.0, text/html;q=0.5', 'turtle'],
  ['text/html;q=0.9, text/turtle;q=0.5', 'html'],
  ['text/html;q=0, */*', 'turtle'],
  ['text/html;q=0.2, text/turtle;q=0.4, application/ld+json;q=0.45, */*;q=0.1', 'jsonld'],
  ['text/turtle;q=0.1, */*', 'html'],
  ['text/turtle, application/ld+json', 'turtle'],
  ['application/ld+json, text/turtle', 'jsonld'],
  ['text/*', 'html'],
  ['application/*', 'jsonld'],
  ['text/*;q=0.5, application/n-triples', 'ntriples'],
  ['text/turtle;q=0.001', 'turtle'],
  // rdflib's URLInputSource, by format
  ['application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, application/n-quads, application/trix, application/trig', 'turtle'],
  ['text/turtle, application/x-turtle, */*;q=0.1', 'turtle'],
  ['application/ld+json, application/json;q=0.9, */*;q=0.1', 'jsonld'],
  ['text/plain, */*;q=0.1', 'ntriples'],
  ['text/n3, */*;q=0.1', 'turtle'],
  ['application/rdf+xml, */*;q=0.1', 'html'],
  [COMUNICA_ACCEPT, 'ntriples'],
  ['application/json, */*;q=0.5', 'jsonld'],
  ['text/n3;q=0.2, text/turtle;q=0.9, text/html;q=0.5', 'turtle'],
  // parameters, case, spacing, malformed input
  ['application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded, compacted"', 'jsonld'],
  ['text/turtle;q=0.5;charset=utf-8, text/html;q=0.4', 'turtle'],
  ['TEXT/Turtle', 'turtle'],
  ['text/turtle ; q = 0.8 , text/html ; q=0.7', 'turtle'],
  ['text/turtle;q=2, text/html', 'turtle'],
  ['text/turtle;q=abc, text/html;q=0.1', 'html'],
  ['garbage', 'html'],
  // nothing acceptable: 406
  ['image/png', undefined],
  ['application/rdf+xml', undefined],
  ['application/xhtml+xml', undefined],
  ['text/turtle;q=0', undefined],
  ['text/turtle;q=abc', undefined],
];

describe('negotiateRepresentation', () => {
  it.each(CASES)('Accept %j → %s', (accept, expected) => {
    expect(negotiateRepresentation(accept)).toBe(expected);
  });

  it('chooses only among the representations available', () => {
    expect(negotiateRepresentation('application/ld+json, text/turtle;q=0.5', ['html', 'turtle'])).toBe('turtle');
    expect(negotiateRepresentation('application/ld+json', ['html', 'turtle'])).toBeUndefined();
    expect(negotiateRepresentation('*/*', ['turtle', 'ntriples'])).toBe('turtle');
  });

  it('gives every real client header in the test table a representation or a deliberate 406', () => {
    const chosen = CLIENT_HEADERS.map(({ client, accept }) => [client, negotiateRepresentation(accept)] as const);
    expect(chosen.filter(([, r]) => r === undefined).map(([client]) => client)).toEqual(['nothing we have']);
    expect(new Set(chosen.map(([, r]) => r))).toEqual(new Set([...REPRESENTATIONS, undefined]));
  });
});

describe('normalizeAccept', () => {
  it('keeps media ranges and q-values, maps aliases, and drops other parameters', () => {
    expect(normalizeAccept('text/plain;level=1;q=0.5, application/JSON, text/n3;q="0.3"')).toBe(
      'application/n-triples;q=0.5, application/ld+json, text/turtle;q=0.3',
    );
  });

  it('reads a missing, empty or wholly malformed header as */*', () => {
    expect(normalizeAccept(undefined)).toBe('*/*');
    expect(normalizeAccept('   ')).toBe('*/*');
    expect(normalizeAccept('html, */html, ;q=1')).toBe('*/*');
  });

  it('clamps q above 1 and zeroes a malformed q', () => {
    expect(normalizeAccept('text/turtle;q=7, text/html;q=-1, text/csv;q=0.5.5')).toBe('text/turtle, text/html;q=0, text/csv;q=0');
  });

  it('does not split inside quoted strings', () => {
    expect(normalizeAccept('text/html;foo="a,b;q=0", text/turtle;q=0.2')).toBe('text/html, text/turtle;q=0.2');
  });
});

describe('site/server/negotiate.js (nginx njs) and src/serve/negotiate.ts', () => {
  it('choose the same representation for every real client header and 5,000 generated ones', async () => {
    const module = (await import(pathToFileURL(path.join(ROOT_DIR, 'site', 'server', 'negotiate.js')).href)) as {
      default: { choose(header: string | undefined): string | null };
    };
    const toRepresentation = (suffix: string | null) => REPRESENTATIONS.find((r) => FORMATS[r].suffix === suffix);
    const headers: (string | undefined)[] = [...CASES.map(([accept]) => accept), ...CLIENT_HEADERS.map((c) => c.accept), ...generateAcceptHeaders(5000, 20200506)];
    const differences = headers
      .map((accept) => ({ accept, ts: negotiateRepresentation(accept), njs: toRepresentation(module.default.choose(accept)) }))
      .filter(({ ts, njs }) => ts !== njs);
    expect(differences).toEqual([]);
    // the generated headers reach every outcome, so the comparison covers each branch
    const outcomes = new Set(headers.map((accept) => negotiateRepresentation(accept)));
    expect(outcomes).toEqual(new Set([...REPRESENTATIONS, undefined]));
  });
});
