// Checks shared by the server tests (preview server, nginx, Apache): ask a server for a resource IRI with
// a client's Accept header and compare with src/serve/negotiate.ts; fetch each representation and check that it
// has the right Content-Type, parses in its format, and describes the IRI. Each check returns a list of
// problems (empty when all is well), so one test can report every IRI that fails at once.
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { FORMATS, REPRESENTATIONS, negotiateRepresentation, type Representation } from '../../src/serve/negotiate.ts';

export interface SiteIri {
  /** The IRI as published, e.g. https://w3id.org/cbss-car/priority/child-protection-systems. */
  readonly iri: string;
  /** Its path on the server, without trailing slash, e.g. /priority/child-protection-systems. */
  readonly path: string;
}

/** Map IRIs under baseIri to server paths; IRIs elsewhere (and the base itself) are left out. */
export function toSiteIris(iris: readonly string[], baseIri: string): SiteIri[] {
  return iris
    .filter((iri) => iri.startsWith(baseIri) && iri.length > baseIri.length && !iri.includes('#'))
    .map((iri) => ({ iri, path: '/' + iri.slice(baseIri.length) }));
}

/** Resolve a Location header against the request URL and return its path. */
function locationPath(location: string | null, requestUrl: string): string | undefined {
  return location === null ? undefined : new URL(location, requestUrl).pathname;
}

/**
 * Ask for the IRI with the header (no redirect following) and check: 303 See Other to the path of the
 * representation negotiateRepresentation chooses, or 406 when it chooses none; Vary: Accept either way.
 */
export async function checkNegotiation(serverUrl: string, target: SiteIri, accept: string | undefined): Promise<string[]> {
  const url = serverUrl + target.path;
  const headers: Record<string, string> = accept === undefined ? {} : { Accept: accept };
  const response = await fetch(url, { headers, redirect: 'manual' });
  await response.arrayBuffer();
  const expected = negotiateRepresentation(accept);
  const problems: string[] = [];
  const label = `${target.path} with Accept: ${accept ?? '(none)'}`;
  const vary = (response.headers.get('vary') ?? '').toLowerCase().split(',').map((v) => v.trim());
  if (!vary.includes('accept')) problems.push(`${label}: no Vary: Accept (got "${response.headers.get('vary') ?? ''}")`);
  if (expected === undefined) {
    if (response.status !== 406) problems.push(`${label}: expected 406, got ${response.status}`);
    return problems;
  }
  const want = target.path + FORMATS[expected].suffix;
  const got = locationPath(response.headers.get('location'), url);
  if (response.status !== 303 || got !== want) {
    problems.push(`${label}: expected 303 to ${want} (${expected}), got ${response.status} to ${got ?? '(no Location)'}`);
  }
  return problems;
}

/** Parse RDF text in the representation's syntax and return the subjects (IRIs) it describes. */
export async function parseSubjects(representation: Exclude<Representation, 'html'>, body: string, baseIri: string, loadDocument: (url: string) => Promise<string>): Promise<Set<string>> {
  if (representation === 'jsonld') {
    const documentLoader = async (url: string) => ({ documentUrl: url, document: JSON.parse(await loadDocument(url)) as object, contextUrl: undefined });
    const quads = (await jsonld.toRDF(JSON.parse(body) as object, { base: baseIri, documentLoader } as never)) as unknown as { subject: { value: string } }[];
    return new Set(quads.map((q) => q.subject.value));
  }
  const format = representation === 'turtle' ? 'text/turtle' : 'application/n-triples';
  return new Set(new Parser({ format, baseIRI: baseIri }).parse(body).map((q) => q.subject.value));
}

/**
 * Fetch every representation of the IRI at its own address ({path}/, {path}/index.ttl, …) and check status
 * 200, the Content-Type of src/serve/negotiate.ts, and that the body parses and describes the IRI (for HTML: is a
 * page that shows it). subjectIris: the IRIs that must be subjects (e.g. the ontology's terms).
 */
export async function checkRepresentations(
  serverUrl: string,
  target: SiteIri,
  loadDocument: (url: string) => Promise<string>,
  subjectIris: readonly string[] = [target.iri],
): Promise<string[]> {
  const problems: string[] = [];
  for (const representation of REPRESENTATIONS) {
    const format = FORMATS[representation];
    const url = serverUrl + target.path + format.suffix;
    const response = await fetch(url, { headers: { Accept: format.mediaType } });
    const body = await response.text();
    const label = `${target.path}${format.suffix}`;
    if (response.status !== 200) {
      problems.push(`${label}: status ${response.status}`);
      continue;
    }
    const type = (response.headers.get('content-type') ?? '').toLowerCase().replace(/\s+/g, '');
    if (type !== format.contentType.toLowerCase().replace(/\s+/g, '')) {
      problems.push(`${label}: Content-Type "${response.headers.get('content-type') ?? ''}", expected "${format.contentType}"`);
    }
    if (representation === 'html') {
      if (!/^\s*<!doctype html>/i.test(body)) problems.push(`${label}: not an HTML document`);
      if (!body.includes(target.iri)) problems.push(`${label}: the page does not show its IRI ${target.iri}`);
      continue;
    }
    try {
      const subjects = await parseSubjects(representation, body, target.iri, loadDocument);
      for (const iri of subjectIris) if (!subjects.has(iri)) problems.push(`${label}: parses, but ${iri} is not a subject`);
    } catch (error) {
      problems.push(`${label}: does not parse as ${format.mediaType}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}
