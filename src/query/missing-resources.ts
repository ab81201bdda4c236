// The IRIs under our base that a query names but the graph does not hold, each with the nearest IRI it does hold:
// a query about `area:alternative-car` answers nothing, and the query page says why beside the results. Pure, for
// the browser's worker (and any other entry point).
import { closest, distance } from 'fastest-levenshtein';
import { compactIri, type PrefixMap } from '../prefixes.ts';

interface AlgebraNode {
  readonly type?: unknown;
  readonly termType?: unknown;
  readonly value?: unknown;
}

/** The IRIs under the base that a parsed query (Comunica's algebra) names, outside CONSTRUCT templates, in order of first use. */
export function listBaseIris(operation: unknown, baseIri: string): string[] {
  const found = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    const record = node as AlgebraNode & Record<string, unknown>;
    if (record.termType === 'NamedNode' && typeof record.value === 'string') {
      if (record.value.startsWith(baseIri)) found.add(record.value);
      return;
    }
    // A CONSTRUCT template makes new triples: its IRIs need not be in the graph.
    for (const key in record) if (!(record.type === 'construct' && key === 'template')) visit(record[key]);
  };
  visit(operation);
  return [...found];
}

/** A note for each IRI the graph lacks: "No resource `…` in this graph; did you mean `…`?" (the nearest IRI it holds, when one is close). */
export function describeMissingResources(missing: readonly string[], held: readonly string[], prefixes: PrefixMap): string[] {
  const show = (iri: string): string => compactIri(iri, prefixes) ?? `<${iri}>`;
  return missing.map((iri) => {
    const nearest = held.length > 0 ? closest(iri, held) : undefined;
    // Close means a few typing slips: at most a third of the differing part's length.
    const close = nearest !== undefined && distance(iri, nearest) <= Math.max(2, Math.floor((iri.length - commonPrefixLength(iri, nearest)) / 3));
    return `No resource \`${show(iri)}\` in this graph${close ? `; did you mean \`${show(nearest)}\`?` : '.'}`;
  });
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
