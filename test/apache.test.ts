// The Apache configurations of site/server/ in Debian's Apache: .htaccess on the built site, and
// w3id.htaccess as the w3id.org folder that sends every IRI on to a static host. Their mod_rewrite rules
// must choose what src/serve/negotiate.ts chooses for every real client header, and for generated headers whose
// q-values never tie; on exact ties they use their own documented order (html, ttl, jsonld, nt).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getContentType } from '../src/serve/media-types.ts';
import { FORMATS, REPRESENTATIONS, negotiateRepresentation } from '../src/serve/negotiate.ts';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';
import type { StaticServer } from '../src/serve/serve.ts';
import { HTACCESS, W3ID_HTACCESS, W3ID_SITE_LINE, startApacheSite, startApacheW3id, type RunningApache } from './helpers/apache.ts';
import { CLIENT_HEADERS, generateUntiedAcceptHeaders } from './helpers/clients.ts';
import { checkNegotiation, checkRepresentations, parseSubjects, toSiteIris, type SiteIri } from './helpers/negotiation.ts';
import { serveDirectory } from './helpers/serve.ts';
import { listFiles, listSiteIris, mapWithLimit } from './helpers/site.ts';

const siteDir = inject('siteDir');
const BASE = DEFAULT_BASE_IRI;
const BLOCK = /# ---- BEGIN negotiation[\s\S]*# ---- END negotiation ----/;

let apache: RunningApache;
let w3id: RunningApache;
let host: StaticServer;
let iris: SiteIri[];

const noRemoteDocuments = async (url: string): Promise<string> => {
  throw new Error(`no remote documents: ${url}`);
};

beforeAll(async () => {
  iris = toSiteIris(await listSiteIris(siteDir, BASE), BASE);
  apache = await startApacheSite(siteDir);
  host = await serveDirectory(siteDir);
  w3id = await startApacheW3id(host.url);
});

afterAll(async () => {
  await Promise.all([apache?.close(), w3id?.close(), host?.close()]);
});

describe('the Apache files', () => {
  it('share one negotiation block, word for word', async () => {
    const site = BLOCK.exec(await readFile(HTACCESS, 'utf8'))?.[0];
    const redirect = BLOCK.exec(await readFile(W3ID_HTACCESS, 'utf8'))?.[0];
    expect(site).toBeDefined();
    expect(redirect).toBe(site);
  });

  it('w3id.htaccess ships with a placeholder site address on its one CAR_SITE line', async () => {
    expect(W3ID_SITE_LINE.exec(await readFile(W3ID_HTACCESS, 'utf8'))?.[1]).toBe('https://example.org/cbss-car');
  });
});

describe('.htaccess on Apache', () => {
  it('answers every IRI with 303 and Vary: Accept to the representation each client prefers (406 when none)', async () => {
    const problems = (
      await mapWithLimit(iris, 6, async (target) => {
        const found: string[] = [];
        for (const { accept } of CLIENT_HEADERS) found.push(...(await checkNegotiation(apache.url, target, accept)));
        return found;
      })
    ).flat();
    expect(iris.length).toBeGreaterThan(100);
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('chooses as src/serve/negotiate.ts does for 1,500 generated headers without ties', async () => {
    const target = iris.find((t) => t.path === '/ontology') ?? iris[0];
    if (!target) throw new Error('no IRI');
    const headers = generateUntiedAcceptHeaders(1500, 20250630);
    const problems = (await mapWithLimit(headers, 6, (accept) => checkNegotiation(apache.url, target, accept))).flat();
    expect(problems.slice(0, 20)).toEqual([]);
    expect(new Set(headers.map((accept) => negotiateRepresentation(accept)))).toEqual(new Set([...REPRESENTATIONS, undefined]));
  });

  it('breaks exact ties by its own order, as documented (nginx and npm start take the type listed first)', async () => {
    const response = await fetch(`${apache.url}/ontology`, { headers: { Accept: 'application/ld+json, text/turtle' }, redirect: 'manual' });
    expect(new URL(response.headers.get('location') ?? '', apache.url).pathname).toBe('/ontology/index.ttl');
    expect(negotiateRepresentation('application/ld+json, text/turtle')).toBe('jsonld');
  });

  it('serves every representation of every IRI with its Content-Type, parsing and describing the IRI', async () => {
    const problems = (await mapWithLimit(iris, 6, (target) => checkRepresentations(apache.url, target, noRemoteDocuments))).flat();
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('serves one file of every kind with the type of src/serve/media-types.ts, and VoID as Turtle', async () => {
    const byKind = new Map<string, string>();
    for (const file of await listFiles(siteDir)) byKind.set(file === '.well-known/void' ? file : file.replace(/^.*?(\.[^./]*)?$/, '$1') || file, file);
    expect(byKind.has('.well-known/void')).toBe(true);
    const problems: string[] = [];
    for (const file of byKind.values()) {
      const response = await fetch(`${apache.url}/${file.split('/').map(encodeURIComponent).join('/')}`, { redirect: 'manual' });
      await response.arrayBuffer();
      const type = response.headers.get('content-type');
      if (response.status !== 200 || type?.replace(/\s+/g, '') !== getContentType(file).replace(/\s+/g, '')) {
        problems.push(`${file}: ${response.status} ${type ?? ''}, expected ${getContentType(file)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('w3id.htaccess on Apache, in front of a static host', () => {
  it('redirects every IRI (303, Vary: Accept) straight to the file of the representation each client prefers', async () => {
    const problems: string[] = [];
    await mapWithLimit(iris, 6, async (target) => {
      for (const { accept } of CLIENT_HEADERS) {
        const response = await fetch(`${w3id.url}/cbss-car${target.path}`, { headers: accept === undefined ? {} : { Accept: accept }, redirect: 'manual' });
        await response.arrayBuffer();
        const expected = negotiateRepresentation(accept);
        const want = expected === undefined ? [406, null] : [303, host.url + target.path + FORMATS[expected].suffix];
        const got = [response.status, response.headers.get('location')];
        if (got[0] !== want[0] || got[1] !== want[1]) problems.push(`${target.path} with ${accept ?? '(none)'}: got ${got.join(' ')}, expected ${want.join(' ')}`);
        if (response.headers.get('vary') !== 'Accept') problems.push(`${target.path}: Vary "${response.headers.get('vary') ?? ''}"`);
      }
    });
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('ends, through the static host, at a document of the asked-for type for every IRI', async () => {
    const problems: string[] = [];
    await mapWithLimit(iris, 6, async (target) => {
      for (const representation of REPRESENTATIONS) {
        const { mediaType, contentType } = FORMATS[representation];
        const response = await fetch(`${w3id.url}/cbss-car${target.path}`, { headers: { Accept: mediaType } });
        const body = await response.text();
        const describes =
          representation === 'html' ? body.includes(target.iri) : (await parseSubjects(representation, body, target.iri, noRemoteDocuments)).has(target.iri);
        if (response.status !== 200 || response.headers.get('content-type') !== contentType || !describes) {
          problems.push(`${target.path} as ${mediaType}: ${response.status} ${response.headers.get('content-type') ?? ''}, describes the IRI: ${describes}`);
        }
      }
    });
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('sends the base IRI, folders, files and .well-known to the same path on the site (302)', async () => {
    const dotted = iris.find((t) => /\.\d/.test(t.path));
    for (const [p, location] of [
      ['/cbss-car/', `${host.url}/`],
      ['/cbss-car/priority/', `${host.url}/priority/`],
      ['/cbss-car/downloads/cbss-car.ttl', `${host.url}/downloads/cbss-car.ttl`],
      ['/cbss-car/.well-known/void', `${host.url}/.well-known/void`],
    ] as const) {
      const response = await fetch(w3id.url + p, { redirect: 'manual' });
      expect([response.status, response.headers.get('location')], p).toEqual([302, location]);
    }
    // a resource IRI with a dot in its last segment (alignment/…/sdg-16.2) is still a resource
    if (dotted) {
      const response = await fetch(`${w3id.url}/cbss-car${dotted.path}`, { headers: { Accept: 'text/turtle' }, redirect: 'manual' });
      expect([response.status, response.headers.get('location')]).toEqual([303, `${host.url}${dotted.path}/index.ttl`]);
    }
  });
});
