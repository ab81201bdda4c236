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

/** A query for the worker; the dump to load is named in the worker's URL (?data=…). Prefixes are predeclared and shorten Turtle output; relative IRIs resolve against baseIri. */
export type PageToWorker = {
  readonly type: 'query';
  readonly id: number;
  readonly query: string;
  readonly mediaType?: ResultMediaType;
  readonly prefixes?: Readonly<Record<string, string>>;
  readonly baseIri?: string;
};

export type WorkerToPage =
  | { readonly type: 'loaded'; readonly triples: number }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly kind: ResultKind;
      readonly mediaType: string;
      readonly body: string;
      readonly count?: number;
      /** What the user should know about the answer: IRIs the query names that the graph does not hold. */
      readonly notes?: readonly string[];
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** Where query-boot.js leaves the worker it started, for query-page.js to take over. */
export const EARLY_WORKER_KEY = 'cbssCarQueryWorker';

/** A worker started early by query-boot.js, with the messages it sent before query-page.js took it over. */
export interface EarlyWorker {
  readonly worker: Worker;
  readonly messages: readonly MessageEvent[];
  /** Whether the worker reported an error (its script failed to load) before query-page.js took it over. */
  failed(): boolean;
  /** Stop keeping messages (query-page.js listens from then on). */
  release(): void;
}

/** The data the build embeds in the query page as JSON (script#query-config). */
export interface QueryPageConfig {
  /** The site's dump, relative to the page. */
  readonly dataUrl: string;
  /** The worker script, relative to the page. */
  readonly workerUrl: string;
  /** The base IRI of the graph, against which a query's relative IRIs resolve (as on the command line). */
  readonly baseIri: string;
  /** Prefixes declared for every query (from src/prefixes.ts). */
  readonly prefixes: Readonly<Record<string, string>>;
  /** The query shown when the page opens without ?query=. */
  readonly defaultQuery: string;
  /** The prefixes as a JSON file ({prefix: namespace}), relative to the page, for the editor's prefix completion. */
  readonly prefixesUrl: string;
  /** A release's N-Triples, relative to the page, with {version} where its version goes (the page's ?release=). */
  readonly releaseDataUrl?: string;
}

/** The data the page loads: the release that the page's ?release= names (a date, YYYY-MM-DD), else the current graph. */
export function chooseDataUrl(dataUrl: string, releaseDataUrl: string | undefined, pageUrl: string): string {
  const release = new URL(pageUrl).searchParams.get('release');
  const wanted = release !== null && /^\d{4}-\d{2}-\d{2}$/.test(release) && releaseDataUrl !== undefined;
  return new URL(wanted ? releaseDataUrl.replace('{version}', release) : dataUrl, pageUrl).href;
}
