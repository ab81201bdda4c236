import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBaseIri, checkQueryTimeout, createConfig, DEFAULT_QUERY_TIMEOUT_MS, ROOT_DIR } from '../src/config.ts';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';

describe('checkBaseIri', () => {
  it.each(['https://w3id.org/cbss-car/', 'http://127.0.0.1:8080/', 'https://example.org/a/b/'])('accepts %s', (iri) => {
    expect(checkBaseIri(iri)).toBe(iri);
  });

  it.each([
    ['no trailing slash', 'https://w3id.org/cbss-car'],
    ['a hash namespace', 'https://w3id.org/cbss-car#'],
    ['a relative path', '/cbss-car/'],
    ['another scheme', 'ftp://example.org/'],
    ['a space', 'https://example.org/a b/'],
    ['an angle bracket', 'https://example.org/<x>/'],
    ['nothing', ''],
  ])('rejects %s, naming BASE_IRI and the value', (_what, iri) => {
    expect(() => checkBaseIri(iri)).toThrow(`BASE_IRI must be an absolute http(s) IRI ending in "/": got "${iri}"`);
  });
});

describe('createConfig', () => {
  it('defaults to the w3id base and the repository folders', () => {
    const config = createConfig({}, {});
    expect(config.baseIri).toBe(DEFAULT_BASE_IRI);
    expect(config.rootDir).toBe(ROOT_DIR);
    expect(config.ontologyDir).toBe(path.join(ROOT_DIR, 'ontology'));
    expect(config.dataDir).toBe(path.join(ROOT_DIR, 'data'));
    expect(config.queriesDir).toBe(path.join(ROOT_DIR, 'queries'));
    expect(existsSync(path.join(config.ontologyDir, 'cbss-car.ttl'))).toBe(true);
    expect(existsSync(path.join(config.dataDir, 'source', 'car-mandate-strategy-2020-2025.txt'))).toBe(true);
  });

  it('reads BASE_IRI from the environment, and an override wins over it', () => {
    expect(createConfig({}, { BASE_IRI: 'https://example.org/car/' }).baseIri).toBe('https://example.org/car/');
    expect(createConfig({ baseIri: 'https://example.net/' }, { BASE_IRI: 'https://example.org/car/' }).baseIri).toBe('https://example.net/');
  });

  it('refuses a bad BASE_IRI from the environment or an override', () => {
    expect(() => createConfig({}, { BASE_IRI: 'https://example.org/car' })).toThrow(/BASE_IRI must be an absolute http\(s\) IRI/);
    expect(() => createConfig({ baseIri: 'example.org/' }, {})).toThrow(/got "example\.org\/"/);
  });

  it('derives every folder from another root', () => {
    const config = createConfig({ rootDir: '/tmp/elsewhere' }, {});
    expect(config.ontologyDir).toBe('/tmp/elsewhere/ontology');
    expect(config.dataDir).toBe('/tmp/elsewhere/data');
    expect(config.outDir).toBe('/tmp/elsewhere/_site');
  });

  it('reads the gallery queries\' time limit from QUERY_TIMEOUT_MS, 30 s without it, and refuses anything but whole milliseconds', () => {
    expect(createConfig({}, {}).queryTimeoutMs).toBe(DEFAULT_QUERY_TIMEOUT_MS);
    expect(DEFAULT_QUERY_TIMEOUT_MS).toBe(30_000);
    expect(createConfig({}, { QUERY_TIMEOUT_MS: '120000' }).queryTimeoutMs).toBe(120_000);
    expect(checkQueryTimeout('')).toBe(DEFAULT_QUERY_TIMEOUT_MS);
    for (const bad of ['0', '-5', '1.5', '30s', ' 100']) expect(() => checkQueryTimeout(bad)).toThrow(/QUERY_TIMEOUT_MS must be a whole number of milliseconds/);
  });

  it('returns a fresh object each time (no shared mutable state)', () => {
    expect(createConfig({}, {})).not.toBe(createConfig({}, {}));
    expect(createConfig({}, {})).toEqual(createConfig({}, {}));
  });
});
