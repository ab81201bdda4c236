// The list of published IRIs: every slash IRI of ours that the graph describes. Published IRIs must never
// disappear, so the list in data/published-iris.txt may grow but never shrink.
import type { DatasetCore } from '@rdfjs/types';

export interface IriListDiff {
  /** Published IRIs that the graph no longer describes: an error. */
  readonly removed: readonly string[];
  /** IRIs the graph describes that are not yet in the published list. */
  readonly added: readonly string[];
}

/** List, sorted and without duplicates, every IRI under the base that is the subject of a triple, except hash IRIs. */
export function listPublishedIris(dataset: DatasetCore, baseIri: string): string[] {
  const found = new Set<string>();
  for (const quad of dataset.match(null, null, null, null)) {
    const { subject } = quad;
    if (subject.termType === 'NamedNode' && subject.value.startsWith(baseIri) && !subject.value.includes('#')) found.add(subject.value);
  }
  return [...found].sort();
}

/** Compare the IRIs the graph describes now with the published list. */
export function checkIriList(current: readonly string[], published: readonly string[]): IriListDiff {
  const currentSet = new Set(current);
  const publishedSet = new Set(published);
  return {
    removed: [...publishedSet].filter((iri) => !currentSet.has(iri)).sort(),
    added: [...currentSet].filter((iri) => !publishedSet.has(iri)).sort(),
  };
}

/** Merge newly described IRIs into the published list: the union, sorted; nothing is ever removed. */
export function mergeIriLists(published: readonly string[], current: readonly string[]): string[] {
  return [...new Set([...published, ...current])].sort();
}

/** Parse the text of a published-IRI list: one IRI a line; blank lines and lines starting with # are skipped. */
export function parseIriList(text: string, file = 'published-iris.txt'): string[] {
  const iris: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!/^https?:\/\/\S+$/.test(line)) throw new Error(`${file}:${index + 1}: not an absolute http(s) IRI: "${line}"`);
    iris.push(line);
  });
  return iris;
}

/** Render a published-IRI list: a comment header, then one IRI a line, sorted. */
export function formatIriList(iris: readonly string[]): string {
  const header = [
    '# Every IRI this project has published, one a line, sorted. A test fails if the graph stops describing',
    '# any of them: IRIs may be added (npm run iris -- --update) but never removed.',
  ];
  return [...header, ...[...new Set(iris)].sort()].join('\n') + '\n';
}

/** Map an IRI minted under one base onto another; IRIs outside the first base pass through unchanged. */
export function rebaseIri(iri: string, fromBase: string, toBase: string): string {
  return iri.startsWith(fromBase) ? toBase + iri.slice(fromBase.length) : iri;
}
