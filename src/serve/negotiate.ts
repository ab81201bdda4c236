// Content negotiation, pure: from an Accept header to the representation of a resource IRI that a server
// should send. The preview server uses it, and the tests use it as the expectation for nginx and Apache.
// site/server/negotiate.js is the same algorithm for nginx's njs; a test checks that the two agree.
import Negotiator from 'negotiator';

/** The representations of every resource IRI, in the server's order of preference (it breaks exact ties). */
export const REPRESENTATIONS = ['html', 'turtle', 'jsonld', 'ntriples'] as const;

export type Representation = (typeof REPRESENTATIONS)[number];

/**
 * Of each representation: the file, inside the resource's folder, that holds it; the suffix the IRI {path} redirects
 * to ({path}/ for the page, {path}/index.ttl etc. for the data); the media type a client asks for; and the
 * Content-Type header the file is served with.
 */
export const FORMATS: Readonly<Record<Representation, { readonly file: string; readonly suffix: string; readonly mediaType: string; readonly contentType: string }>> = {
  html: { file: 'index.html', suffix: '/', mediaType: 'text/html', contentType: 'text/html; charset=utf-8' },
  turtle: { file: 'index.ttl', suffix: '/index.ttl', mediaType: 'text/turtle', contentType: 'text/turtle; charset=utf-8' },
  jsonld: { file: 'index.jsonld', suffix: '/index.jsonld', mediaType: 'application/ld+json', contentType: 'application/ld+json' },
  ntriples: { file: 'index.nt', suffix: '/index.nt', mediaType: 'application/n-triples', contentType: 'application/n-triples' },
};

/**
 * Media types read as one of ours, because our files are valid in their syntax: Turtle is valid N3 and TriG,
 * N-Triples is valid N-Quads (and was served as text/plain before it had a type), JSON-LD is JSON. A client
 * that lists one explicitly gets ours at that q-value; wildcards never reach them. rdflib's format="nt" sends
 * "text/plain, *\/*;q=0.1", and Comunica ranks application/n-quads first.
 */
export const MEDIA_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'application/x-turtle': 'text/turtle',
  'text/n3': 'text/turtle',
  'application/trig': 'text/turtle',
  'application/n-quads': 'application/n-triples',
  'text/plain': 'application/n-triples',
  'application/json': 'application/ld+json',
};

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QVALUE = /^(?:\d+\.?\d*|\.\d+)$/;

/** Split a header value on a separator that is not inside a quoted string. */
function splitUnquoted(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (quoted && ch === '\\') {
      current += ch + text.charAt(i + 1);
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/**
 * Reduce an Accept header to its media ranges and q-values: aliases become the type they stand for, a type
 * listed more than once keeps its highest q at its first place, media-type parameters other than q are dropped
 * (so application/ld+json;profile=… still gets JSON-LD), a q above 1 counts as 1, a range with a malformed
 * q-value is not acceptable, and malformed ranges are skipped. A missing header, or one with no well-formed
 * range at all, means any type, as if it were absent.
 */
export function normalizeAccept(header: string | undefined): string {
  const ranges = new Map<string, number>();
  for (const element of splitUnquoted(header ?? '', ',')) {
    const [range = '', ...params] = splitUnquoted(element, ';').map((part) => part.trim());
    const slash = range.indexOf('/');
    const type = range.slice(0, slash);
    const subtype = range.slice(slash + 1);
    if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    let q = 1;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      q = QVALUE.test(value) ? Math.min(parseFloat(value), 1) : 0;
      break;
    }
    const lower = `${type}/${subtype}`.toLowerCase();
    const mediaType = Object.hasOwn(MEDIA_TYPE_ALIASES, lower) ? (MEDIA_TYPE_ALIASES[lower] ?? lower) : lower;
    ranges.set(mediaType, Math.max(q, ranges.get(mediaType) ?? 0));
  }
  if (ranges.size === 0) return '*/*';
  return [...ranges].map(([mediaType, q]) => (q === 1 ? mediaType : `${mediaType};q=${q}`)).join(', ');
}

/**
 * Choose the representation to send for an Accept header, among those available: the highest q-value wins;
 * on equal q the more specific range, then the range listed first, then the server's order. Returns undefined
 * when the client accepts none of them (the server answers 406).
 */
export function negotiateRepresentation(
  accept: string | undefined,
  available: readonly Representation[] = REPRESENTATIONS,
): Representation | undefined {
  const offered = REPRESENTATIONS.filter((r) => available.includes(r));
  const chosen = new Negotiator({ headers: { accept: normalizeAccept(accept) } }).mediaType(offered.map((r) => FORMATS[r].mediaType));
  return offered.find((r) => FORMATS[r].mediaType === chosen);
}
