// Messages between the query page and its Web Worker; shared by both bundles.

/** Media types the worker can answer in. */
export const MEDIA_TYPES = {
  json: 'application/sparql-results+json',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  turtle: 'text/turtle',
} as const;

export type ResultMediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];

/** The kind of result a query gives, as Comunica names it. */
export type ResultKind = 'bindings' | 'quads' | 'boolean' | 'void';

/** A query for the worker; the dump to load is named in the worker's URL (?data=…). Prefixes shorten Turtle output. */
export type PageToWorker = {
  readonly type: 'query';
  readonly id: number;
  readonly query: string;
  readonly mediaType?: ResultMediaType;
  readonly prefixes?: Readonly<Record<string, string>>;
};

export type WorkerToPage =
  | { readonly type: 'loaded'; readonly triples: number }
  | { readonly type: 'result'; readonly id: number; readonly kind: ResultKind; readonly mediaType: string; readonly body: string; readonly count?: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** The data the build embeds in the query page as JSON (script#query-config). */
export interface QueryPageConfig {
  /** The site's dump, relative to the page. */
  readonly dataUrl: string;
  /** The worker script, relative to the page. */
  readonly workerUrl: string;
  /** Prefixes declared for every query (from src/prefixes.ts). */
  readonly prefixes: Readonly<Record<string, string>>;
  /** The query shown when the page opens without ?query=. */
  readonly defaultQuery: string;
  /** The prefixes as a JSON file ({prefix: namespace}), relative to the page, for the editor's prefix completion. */
  readonly prefixesUrl: string;
}
