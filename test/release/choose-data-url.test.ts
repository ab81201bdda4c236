// The query page loads the release that its address's ?release= names, else the current graph.
import { describe, expect, it } from 'vitest';
import { chooseDataUrl } from '../../src/browser/protocol.ts';

describe('chooseDataUrl', () => {
  const page = 'https://example.org/site/query/';
  it('loads the current graph without ?release=, or when no release can be loaded', () => {
    expect(chooseDataUrl('../downloads/cbss-car.nt', '../releases/{version}/cbss-car.nt', page)).toBe('https://example.org/site/downloads/cbss-car.nt');
    expect(chooseDataUrl('../downloads/cbss-car.nt', undefined, `${page}?release=2026-12-01`)).toBe('https://example.org/site/downloads/cbss-car.nt');
  });

  it('loads the release named by ?release=, and only a date', () => {
    expect(chooseDataUrl('../downloads/cbss-car.nt', '../releases/{version}/cbss-car.nt', `${page}?release=2026-12-01&query=x`)).toBe('https://example.org/site/releases/2026-12-01/cbss-car.nt');
    expect(chooseDataUrl('../downloads/cbss-car.nt', '../releases/{version}/cbss-car.nt', `${page}?release=../../evil`)).toBe('https://example.org/site/downloads/cbss-car.nt');
  });
});

describe('createPermalinkSearch', () => {
  it('keeps the release the page loaded', async () => {
    const { createPermalinkSearch } = await import('../../src/browser/sparql-text.ts');
    expect(createPermalinkSearch('ASK {}')).toBe('?query=ASK%20%7B%7D');
    expect(createPermalinkSearch('ASK {}', '2026-12-01')).toBe('?release=2026-12-01&query=ASK%20%7B%7D');
  });
});
