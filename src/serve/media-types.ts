// The Content-Type of every kind of file the site publishes. The preview server serves from this table; the
// nginx and Apache configurations in site/server/ declare the same types, and the tests check all three.
import path from 'node:path';

/** Content-Type by file extension; text formats carry charset=utf-8. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.ttl': 'text/turtle; charset=utf-8',
  '.jsonld': 'application/ld+json',
  '.nt': 'application/n-triples',
  '.rdf': 'application/rdf+xml',
  '.rq': 'application/sparql-query',
  '.xml': 'application/xml',
  // the releases' feed (releases/feed.atom)
  '.atom': 'application/atom+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  // pagefind's search index (binary)
  '.pagefind': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
};

/** Files without an extension whose type is fixed: VoID's well-known address serves Turtle. */
export const CONTENT_TYPES_BY_PATH: Readonly<Record<string, string>> = {
  '.well-known/void': 'text/turtle; charset=utf-8',
};

/** The type of anything else. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Return the Content-Type of a file from its path relative to the site root ("/"-separated). */
export function getContentType(relativePath: string): string {
  const normalized = relativePath.replace(/^\/+/, '');
  return CONTENT_TYPES_BY_PATH[normalized] ?? CONTENT_TYPES[path.posix.extname(normalized).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

/** The media type without parameters, lowercased: "text/turtle; charset=utf-8" → "text/turtle". */
export function getMediaTypeEssence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}
