// Accept headers that real clients send, each with where it comes from. The browser and Comunica headers
// are also recorded live in test/nginx.test.ts (Debian's chromium, and the installed Comunica engine).

export interface ClientHeader {
  readonly client: string;
  readonly accept: string | undefined;
  /** Where the value comes from. */
  readonly source: string;
}

/** Chrome's navigation header (Chrome 76+ on a page load). */
export const CHROME_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

/** What Comunica 5 sends when it dereferences a source: recorded from @comunica/query-sparql 5.4 on this machine. */
export const COMUNICA_ACCEPT =
  'application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,application/n-triples;q=0.8,text/turtle;q=0.6,' +
  'application/rdf+xml;q=0.5,text/n3;q=0.35,application/xml;q=0.3,image/svg+xml;q=0.3,text/xml;q=0.3,text/html;q=0.2,' +
  'application/xhtml+xml;q=0.18,application/json;q=0.135,text/shaclc;q=0.1,text/shaclc-ext;q=0.05';

export const CLIENT_HEADERS: readonly ClientHeader[] = [
  { client: 'Chrome', accept: CHROME_ACCEPT, source: 'Chrome navigation request (MDN "List of default Accept values")' },
  {
    client: 'Firefox 92-127',
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
    source: 'MDN "List of default Accept values"',
  },
  { client: 'Firefox 128+, Safari', accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', source: 'MDN' },
  { client: 'curl, wget, fetch()', accept: '*/*', source: 'curl default' },
  { client: 'no Accept header', accept: undefined, source: 'RFC 9110: any type' },
  { client: 'rdflib format=None', accept: 'application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, application/n-quads, application/trix, application/trig', source: 'rdflib 7 parser.py URLInputSource: every registered parser type, in plugin.py order' },
  { client: 'rdflib format="turtle"', accept: 'text/turtle, application/x-turtle, */*;q=0.1', source: 'rdflib parser.py URLInputSource' },
  { client: 'rdflib format="json-ld"', accept: 'application/ld+json, application/json;q=0.9, */*;q=0.1', source: 'rdflib parser.py URLInputSource' },
  { client: 'rdflib format="nt"', accept: 'text/plain, */*;q=0.1', source: 'rdflib parser.py URLInputSource' },
  { client: 'rdflib format="n3"', accept: 'text/n3, */*;q=0.1', source: 'rdflib parser.py URLInputSource' },
  { client: 'Comunica', accept: COMUNICA_ACCEPT, source: 'recorded from @comunica/query-sparql' },
  { client: 'Turtle only', accept: 'text/turtle', source: 'explicit' },
  { client: 'JSON-LD only', accept: 'application/ld+json', source: 'explicit' },
  { client: 'N-Triples only', accept: 'application/n-triples', source: 'explicit' },
  { client: 'Turtle over HTML by q', accept: 'text/turtle;q=1.0, text/html;q=0.5', source: 'issue 4' },
  { client: 'HTML over Turtle by q', accept: 'text/html;q=0.9, text/turtle;q=0.5', source: 'issue 4' },
  { client: 'JSON-LD over all by q', accept: 'text/html;q=0.2, text/turtle;q=0.4, application/ld+json;q=0.45, */*;q=0.1', source: 'explicit' },
  { client: 'HTML excluded', accept: 'text/html;q=0, */*', source: 'explicit' },
  { client: 'HTTPie', accept: 'application/json, */*;q=0.5', source: 'HTTPie default' },
  { client: 'nothing we have', accept: 'image/png', source: 'explicit: 406' },
];

/** A deterministic pseudo-random generator (mulberry32), so the generated headers are the same every run. */
export function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generate Accept headers mixing our types, aliases, wildcards, other types, q forms, parameters and spacing. */
export function generateAcceptHeaders(count: number, seed: number): string[] {
  const random = createRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const types = [
    'text/html', 'text/turtle', 'application/ld+json', 'application/n-triples', 'application/x-turtle', 'text/n3',
    'application/trig', 'application/n-quads', 'application/json', 'text/plain', '*/*', 'text/*', 'application/*',
    'image/png', 'application/rdf+xml', 'application/xhtml+xml', 'application/xml', 'TEXT/Turtle', 'Application/LD+JSON',
  ];
  const qs = ['', '', ';q=1', ';q=1.0', ';q=0.9', ';q=0.5', ';q=0.50', ';q=0.25', ';q=0.125', ';q=0.1', ';q=0.01', ';q=0', ';q=0.000', ';q=.5', ';q=abc', ';q=2', ' ; q = 0.7', ';Q=0.3'];
  const params = ['', '', '', ';charset=utf-8', ';level=1', ';profile="http://www.w3.org/ns/json-ld#compacted"', ';v=b3'];
  const separators = [',', ', ', ' , ', ',\t'];
  const headers: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const length = 1 + Math.floor(random() * 6);
    const ranges: string[] = [];
    for (let i = 0; i < length; i += 1) ranges.push(pick(types) + (random() < 0.5 ? pick(params) + pick(qs) : pick(qs) + pick(params)));
    headers.push(ranges.reduce((text, range, i) => (i === 0 ? range : text + pick(separators) + range), ''));
  }
  return headers;
}

/**
 * Generate Accept headers in which no two ranges share a q-value (q-values as HTTP allows them: at most three
 * decimals) and no type is listed twice, so that no choice depends on how a server breaks ties; used to compare
 * the Apache rules, which break ties by their own order, with src/serve/negotiate.ts.
 */
export function generateUntiedAcceptHeaders(count: number, seed: number): string[] {
  const random = createRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const types = [
    'text/html', 'text/turtle', 'application/ld+json', 'application/n-triples', 'application/x-turtle', 'text/n3',
    'application/trig', 'application/n-quads', 'application/json', 'text/plain', '*/*', 'text/*', 'application/*',
    'image/png', 'application/rdf+xml', 'application/xhtml+xml', 'Text/Turtle',
  ];
  const qValues = ['1', '0.9', '0.85', '0.8', '0.75', '0.7', '0.65', '0.6', '0.55', '0.5', '0.45', '0.4', '0.35', '0.3', '0.25', '0.2', '0.15', '0.125', '0.1', '0.05', '0.01', '0.005', '0.001', '0'];
  const headers: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const length = 1 + Math.floor(random() * 6);
    const available = [...qValues];
    const used = new Set<string>();
    const ranges: string[] = [];
    for (let i = 0; i < length; i += 1) {
      const type = pick(types);
      if (used.has(type.toLowerCase())) continue;
      used.add(type.toLowerCase());
      const q = available.splice(Math.floor(random() * available.length), 1)[0] ?? '0.5';
      const form = q === '1' ? pick(['', ';q=1', ';q=1.0']) : `;q=${q}`;
      ranges.push(type + pick(['', '', ';charset=utf-8']) + form);
    }
    headers.push(ranges.join(pick([',', ', '])));
  }
  return headers;
}
