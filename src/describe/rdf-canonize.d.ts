// rdf-canonize ships no type declarations; this describes the one function src/describe/write-rdf.ts uses.
declare module 'rdf-canonize' {
  import type * as RDF from '@rdfjs/types';
  /** Canonical N-Quads of a dataset (RDFC-1.0); canonicalIdMap receives each input blank-node label's canonical label. */
  export function canonize(
    dataset: readonly RDF.Quad[],
    options: { algorithm: 'RDFC-1.0'; canonicalIdMap?: Map<string, string>; maxWorkFactor?: number },
  ): Promise<string>;
}
