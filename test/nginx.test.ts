// site/server/nginx.conf in Debian's nginx (with the njs module), serving the built site: every published
// IRI, asked for with the Accept headers that real clients send, must answer 303 + Vary: Accept to the
// representation src/serve/negotiate.ts chooses, and every representation must have its Content-Type, parse, and
// describe its IRI. Real clients are run too: chromium, and Comunica querying an IRI.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../src/config.ts';
import { getContentType } from '../src/serve/media-types.ts';
import { negotiateRepresentation } from '../src/serve/negotiate.ts';
import { DEFAULT_BASE_IRI } from '../src/prefixes.ts';
import { launchBrowser } from './helpers/browser.ts';
import { CLIENT_HEADERS, type ClientHeader } from './helpers/clients.ts';
import { checkNegotiation, checkRepresentations, parseSubjects, toSiteIris, type SiteIri } from './helpers/negotiation.ts';
import { NGINX_CONF, NGINX_WORKER_USER, adaptServerBlock, listChildUids, startNginx, type RunningNginx } from './helpers/nginx.ts';
import { listFiles, listSiteIris, mapWithLimit } from './helpers/site.ts';

const run = promisify(execFile);
const siteDir = inject('siteDir');
const BASE = DEFAULT_BASE_IRI;

let nginx: RunningNginx;
let iris: SiteIri[];
const liveHeaders: ClientHeader[] = [];

/** Record the Accept header of the first request a client makes to a throwaway local server. */
async function recordAccept(makeRequest: (url: string) => Promise<unknown>): Promise<string> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.accept ?? '');
    res.writeHead(200, { 'Content-Type': 'text/turtle' });
    res.end('<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    await makeRequest(`http://127.0.0.1:${port}/resource`);
  } finally {
    server.close();
  }
  if (!seen[0]) throw new Error('the client sent no request or no Accept header');
  return seen[0];
}

/** Load a JSON-LD context or document the way a client would, from the server under test (never the network). */
function loadFrom(serverUrl: string) {
  return async (url: string): Promise<string> => {
    if (!url.startsWith(BASE)) throw new Error(`remote document outside the site: ${url}`);
    const response = await fetch(serverUrl + '/' + url.slice(BASE.length), { headers: { Accept: 'application/ld+json' } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.text();
  };
}

beforeAll(async () => {
  nginx = await startNginx(siteDir);
  iris = toSiteIris(await listSiteIris(siteDir, BASE), BASE);
  const { QueryEngine } = await import('@comunica/query-sparql');
  const comunica = await recordAccept(async (url) => (await new QueryEngine().queryQuads('CONSTRUCT WHERE { ?s ?p ?o }', { sources: [url] })).toArray());
  liveHeaders.push({ client: 'Comunica (recorded now)', accept: comunica, source: 'live' });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const chromium = await recordAccept(async (url) => {
      const response = await page.goto(url);
      return response?.request().allHeaders();
    });
    liveHeaders.push({ client: 'chromium (recorded now)', accept: chromium, source: 'live' });
  } finally {
    await browser.close();
  }
});

afterAll(async () => {
  await nginx?.close();
});

describe('nginx.conf as deployed', () => {
  it('differs from the shipped file only in its listen and root lines', async () => {
    const shipped = (await readFile(NGINX_CONF, 'utf8')).split('\n');
    const adapted = adaptServerBlock(shipped.join('\n'), '127.0.0.1:1234', '/srv/x').split('\n');
    const changed = shipped.map((line, i) => [line, adapted[i]] as const).filter(([a, b]) => a !== b);
    expect(adapted).toHaveLength(shipped.length);
    expect(changed.map(([a]) => a.trim().split(/\s+/)[0])).toEqual(['listen', 'root']);
  });

  it('runs as in production, its workers as an unprivileged user, and they can read the site copied with cp -a', async () => {
    const passwd = await readFile('/etc/passwd', 'utf8');
    const workerUid = Number(new RegExp(`^${NGINX_WORKER_USER}:[^:]*:(\\d+):`, 'm').exec(passwd)?.[1]);
    expect(workerUid).toBeGreaterThan(0);
    expect(await listChildUids(nginx.pid)).toEqual([workerUid]);
    const home = await fetch(`${nginx.url}/`);
    expect([home.status, (await home.text()).includes('<html')]).toEqual([200, true]);
    const page = await fetch(`${nginx.url}/priority/`);
    expect(page.status).toBe(200);
  });

  it('serves a site with more than a hundred IRIs, all under the base', () => {
    expect(iris.length).toBeGreaterThan(100);
    expect(iris.every((target) => target.iri.startsWith(BASE))).toBe(true);
  });
});

describe('nginx: content negotiation on every IRI', () => {
  it('recorded the live headers of chromium and Comunica, which get HTML and RDF', () => {
    expect(liveHeaders.map((h) => h.client)).toEqual(['Comunica (recorded now)', 'chromium (recorded now)']);
    expect(negotiateRepresentation(liveHeaders[0]?.accept)).not.toBe('html');
    expect(negotiateRepresentation(liveHeaders[1]?.accept)).toBe('html');
  });

  it('answers 303 with Vary: Accept to the representation each client prefers (406 when none)', async () => {
    const headers = [...CLIENT_HEADERS, ...liveHeaders];
    const problems = (
      await mapWithLimit(iris, 8, async (target) => {
        const found: string[] = [];
        for (const header of headers) found.push(...(await checkNegotiation(nginx.url, target, header.accept)));
        return found;
      })
    ).flat();
    expect(problems.slice(0, 20)).toEqual([]);
    expect(problems).toHaveLength(0);
  });

  it('serves every representation of every IRI with its Content-Type, parsing and describing the IRI', async () => {
    const ontologyFile = path.join(ROOT_DIR, 'ontology', 'cbss-car.ttl');
    const terms = [...new Set(new Parser({ baseIRI: BASE }).parse(await readFile(ontologyFile, 'utf8')).map((q) => q.subject.value))].filter((s) =>
      s.startsWith(`${BASE}ontology#`),
    );
    expect(terms.length).toBeGreaterThan(5);
    const load = loadFrom(nginx.url);
    const problems = (
      await mapWithLimit(iris, 8, (target) =>
        checkRepresentations(nginx.url, target, load, target.path === '/ontology' ? [target.iri, ...terms] : [target.iri]),
      )
    ).flat();
    expect(problems.slice(0, 20)).toEqual([]);
    expect(problems).toHaveLength(0);
  });

  it('sends chromium to the HTML page of an IRI, where the relative links work', async () => {
    const target = iris.find((t) => t.path.startsWith('/priority/')) ?? iris[0];
    if (!target) throw new Error('no IRI');
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const response = await page.goto(nginx.url + target.path);
      expect(response?.status()).toBe(200);
      expect(page.url()).toBe(`${nginx.url}${target.path}/`);
      expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
      const stylesheet = await page.evaluate(() => document.querySelector('link[rel="stylesheet"]')?.getAttribute('href'));
      if (stylesheet) expect((await fetch(new URL(stylesheet, page.url()))).status).toBe(200);
    } finally {
      await browser.close();
    }
  });

  it('lets Comunica query an IRI directly (it follows the 303 and parses what it gets)', async () => {
    const target = iris.find((t) => t.path.startsWith('/priority/')) ?? iris[0];
    if (!target) throw new Error('no IRI');
    const { QueryEngine } = await import('@comunica/query-sparql');
    const bindings = await (
      await new QueryEngine().queryBindings(`SELECT ?p ?o WHERE { <${target.iri}> ?p ?o }`, { sources: [nginx.url + target.path] })
    ).toArray();
    expect(bindings.length).toBeGreaterThan(3);
  });
});

describe('nginx: files', () => {
  it('serves one file of every kind in the site with the type of src/serve/media-types.ts', async () => {
    const files = await listFiles(siteDir);
    const byKind = new Map<string, string>();
    for (const file of files) byKind.set(file === '.well-known/void' ? file : path.posix.extname(file) || file, file);
    expect([...byKind.keys()]).toEqual(expect.arrayContaining(['.html', '.ttl', '.jsonld', '.nt', '.rdf', '.well-known/void', '.xml', '.txt']));
    const problems: string[] = [];
    for (const file of byKind.values()) {
      const response = await fetch(`${nginx.url}/${file.split('/').map(encodeURIComponent).join('/')}`);
      await response.arrayBuffer();
      const type = response.headers.get('content-type');
      if (response.status !== 200 || type !== getContentType(file)) problems.push(`${file}: ${response.status} ${type ?? ''}, expected ${getContentType(file)}`);
      if (response.headers.get('access-control-allow-origin') !== '*') problems.push(`${file}: no Access-Control-Allow-Origin: *`);
    }
    expect(problems).toEqual([]);
  });

  it('serves the VoID description and the downloads, which parse, and the RDF/XML dump holds the same triples', async () => {
    const load = loadFrom(nginx.url);
    const get = async (p: string) => {
      const response = await fetch(nginx.url + p);
      return { type: response.headers.get('content-type'), body: await response.text() };
    };
    const voidDoc = await get('/.well-known/void');
    expect(voidDoc.type).toBe('text/turtle; charset=utf-8');
    expect((await parseSubjects('turtle', voidDoc.body, BASE, load)).size).toBeGreaterThan(0);

    const turtle = await get('/downloads/cbss-car.ttl');
    const ntriples = await get('/downloads/cbss-car.nt');
    const jsonldDump = await get('/downloads/cbss-car.jsonld');
    const rdfxml = await get('/downloads/cbss-car.rdf');
    expect([turtle.type, ntriples.type, jsonldDump.type, rdfxml.type]).toEqual([
      'text/turtle; charset=utf-8',
      'application/n-triples',
      'application/ld+json',
      'application/rdf+xml',
    ]);
    const count = new Parser({ format: 'application/n-triples' }).parse(ntriples.body).length;
    expect(count).toBeGreaterThan(1000);
    expect(new Parser({ format: 'text/turtle', baseIRI: BASE }).parse(turtle.body)).toHaveLength(count);
    expect((await parseSubjects('jsonld', jsonldDump.body, BASE, load)).size).toBeGreaterThan(100);
    // RDF/XML through an independent parser (raptor's rapper): the same number of triples
    const temp = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-rdfxml-'));
    try {
      await writeFile(path.join(temp, 'dump.rdf'), rdfxml.body);
      const { stderr } = await run('rapper', ['-i', 'rdfxml', '-c', path.join(temp, 'dump.rdf'), BASE]);
      expect(stderr).toContain(`returned ${count} triples`);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });

  it('redirects a listing folder asked for without its slash (301, relative Location) and hides dotfiles', async () => {
    const listing = await fetch(`${nginx.url}/priority`, { redirect: 'manual' });
    expect([listing.status, listing.headers.get('location')]).toEqual([301, '/priority/']);
    expect((await fetch(`${nginx.url}/.htaccess`)).status).toBe(404);
    expect((await fetch(`${nginx.url}/no/such/page`)).status).toBe(404);
  });
});
