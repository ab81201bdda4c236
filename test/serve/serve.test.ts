import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/config.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import { createStaticServer, parseRequestPath, readListenOptions, type StaticServer } from '../../src/serve/serve.ts';
import { CLIENT_HEADERS } from '../helpers/clients.ts';
import { checkNegotiation, checkRepresentations, toSiteIris } from '../helpers/negotiation.ts';
import { serveDirectory } from '../helpers/serve.ts';

// A hand-made site in the layout of the site contract: three resources (one is the ontology, with a term),
// listings, downloads, .well-known/void, a 404 page, a hidden file, and a file just outside the root.
const FIXTURE = path.join(ROOT_DIR, 'test', 'fixtures', 'site');
const IRIS = toSiteIris(
  ['priority/child-protection-systems', 'ontology', 'uncrc/article/19'].map((p) => DEFAULT_BASE_IRI + p),
  DEFAULT_BASE_IRI,
);

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Send a request with the path exactly as given (fetch would normalise "..", which is what we test). */
function requestRaw(url: string, rawPath: string, method = 'GET', headers: http.OutgoingHttpHeaders = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: StaticServer;
let tempDir: string;

beforeAll(async () => {
  server = await serveDirectory(FIXTURE);
});

afterAll(async () => {
  await server?.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('createStaticServer: content negotiation', () => {
  it('answers each resource IRI with 303 and Vary: Accept to the representation every client header prefers', async () => {
    const problems: string[] = [];
    let checks = 0;
    for (const target of IRIS) {
      for (const { accept } of CLIENT_HEADERS) {
        problems.push(...(await checkNegotiation(server.url, target, accept)));
        checks += 1;
      }
    }
    expect(problems).toEqual([]);
    expect(checks).toBe(IRIS.length * CLIENT_HEADERS.length);
  });

  it('serves every representation with its Content-Type, parsing and describing the IRI', async () => {
    const load = async (url: string) => {
      throw new Error(`no remote documents: ${url}`);
    };
    const problems: string[] = [];
    for (const target of IRIS) {
      const subjects = target.path === '/ontology' ? [target.iri, `${target.iri}#StrategicPriority`] : [target.iri];
      problems.push(...(await checkRepresentations(server.url, target, load, subjects)));
    }
    expect(problems).toEqual([]);
  });

  it('honours q-values: Turtle at q=1 over HTML at 0.5, HTML at 0.9 over Turtle at 0.5', async () => {
    const ask = async (accept: string) =>
      (await fetch(`${server.url}/priority/child-protection-systems`, { headers: { Accept: accept }, redirect: 'manual' })).headers.get('location');
    expect(await ask('text/turtle;q=1.0, text/html;q=0.5')).toBe('/priority/child-protection-systems/index.ttl');
    expect(await ask('text/html;q=0.9, text/turtle;q=0.5')).toBe('/priority/child-protection-systems/');
    expect(await ask('*/*')).toBe('/priority/child-protection-systems/');
  });

  it('answers 406 with Vary: Accept and the list of alternatives when nothing is acceptable', async () => {
    const response = await fetch(`${server.url}/ontology`, { headers: { Accept: 'image/png' }, redirect: 'manual' });
    expect(response.status).toBe(406);
    expect(response.headers.get('vary')).toBe('Accept');
    expect(await response.text()).toContain('text/turtle: /ontology/index.ttl');
  });

  it('does not negotiate on plain files and pages, and sends no Vary there', async () => {
    for (const p of ['/priority/child-protection-systems/', '/priority/child-protection-systems/index.ttl', '/']) {
      const response = await fetch(server.url + p, { headers: { Accept: 'text/turtle' } });
      expect(response.status, p).toBe(200);
      expect(response.headers.get('vary'), p).toBeNull();
    }
  });
});

describe('createStaticServer: static files', () => {
  it.each([
    ['/.well-known/void', 'text/turtle; charset=utf-8'],
    ['/downloads/cbss-car.ttl', 'text/turtle; charset=utf-8'],
    ['/downloads/cbss-car.nt', 'application/n-triples'],
    ['/downloads/cbss-car.jsonld', 'application/ld+json'],
    ['/downloads/cbss-car.rdf', 'application/rdf+xml'],
    ['/robots.txt', 'text/plain; charset=utf-8'],
    ['/', 'text/html; charset=utf-8'],
  ])('%s is served as %s', async (p, type) => {
    const response = await fetch(server.url + p);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('adds the trailing slash to a folder that is not a resource (301), keeping the path relative', async () => {
    const response = await fetch(`${server.url}/priority`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/priority/');
  });

  it('never builds a protocol-relative Location from a path with doubled slashes', async () => {
    const response = await requestRaw(server.url, '//priority//child-protection-systems');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/priority/child-protection-systems/');
  });

  it('answers 404 with the site 404 page for a missing path, a file with a trailing slash, and hidden files', async () => {
    for (const p of ['/no/such/page', '/robots.txt/', '/.htaccess', '/priority/.hidden']) {
      const response = await requestRaw(server.url, p);
      expect(response.status, p).toBe(404);
      expect(response.body, p).toContain('<title>Not found</title>');
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await requestRaw(server.url, '/downloads/cbss-car.ttl');
    const head = await requestRaw(server.url, '/downloads/cbss-car.ttl', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.body)));
    const negotiated = await requestRaw(server.url, '/ontology', 'HEAD', { Accept: 'text/turtle' });
    expect([negotiated.status, negotiated.headers.location, negotiated.body]).toEqual([303, '/ontology/index.ttl', '']);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await requestRaw(server.url, '/', 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});

describe('createStaticServer: path traversal', () => {
  const attempts = [
    '/../site-secret.txt',
    '/priority/../../site-secret.txt',
    '/%2e%2e/site-secret.txt',
    '/%2E%2E/site-secret.txt',
    '/priority/%2e%2e/%2e%2e/site-secret.txt',
    '/..%2fsite-secret.txt',
    '/..%2Fsite-secret.txt',
    '/..%5csite-secret.txt',
    '/..\\site-secret.txt',
    '/%00/../site-secret.txt',
    '/priority%2f..%2f..%2fsite-secret.txt',
    '/%252e%252e/site-secret.txt',
    '/%c0%ae%c0%ae/site-secret.txt',
  ];

  it.each(attempts)('%s does not reach a file outside the root', async (attempt) => {
    const response = await requestRaw(server.url, attempt);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('outside the root');
  });

  it('the file it protects exists and is readable, so the attempts above could succeed against a careless server', async () => {
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path.join(FIXTURE, '..', 'site-secret.txt'), 'utf8')).toContain('outside the root');
  });

  it('does not follow a symbolic link that leads outside the root', async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-serve-'));
    const root = path.join(tempDir, 'site');
    await cp(FIXTURE, root, { recursive: true });
    await symlink(path.join(FIXTURE, '..', 'site-secret.txt'), path.join(root, 'linked.txt'));
    await symlink(path.join(FIXTURE, '..'), path.join(root, 'linked-folder'));
    const linked = await serveDirectory(root);
    try {
      for (const p of ['/linked.txt', '/linked-folder/site-secret.txt']) {
        const response = await requestRaw(linked.url, p);
        expect(response.status, p).toBe(404);
        expect(response.body, p).not.toContain('outside the root');
      }
      expect((await requestRaw(linked.url, '/robots.txt')).status).toBe(200);
    } finally {
      await linked.close();
    }
  });
});

describe('parseRequestPath', () => {
  it('splits and decodes a path, and marks hidden segments', () => {
    expect(parseRequestPath('/a/b%20c/?q=1')).toEqual({ segments: ['a', 'b c'], trailingSlash: true, hidden: false });
    expect(parseRequestPath('/.well-known/void')).toEqual({ segments: ['.well-known', 'void'], trailingSlash: false, hidden: false });
    expect(parseRequestPath('/a/.git/config')?.hidden).toBe(true);
  });

  it('rejects what could leave the root or is not a path', () => {
    for (const p of ['/a/../b', '/%2e%2e', '/a%2fb', '/a%5cb', '/a%00', '/%E0%A4%A', 'a/b', '*']) expect(parseRequestPath(p), p).toBeUndefined();
  });
});

describe('readListenOptions and binding', () => {
  it('defaults to 127.0.0.1:8080 and reads HOST and PORT', () => {
    expect(readListenOptions({})).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(readListenOptions({ HOST: '0.0.0.0', PORT: '9000' })).toEqual({ host: '0.0.0.0', port: 9000 });
  });

  it('rejects a port that is not a number from 0 to 65535', () => {
    for (const port of ['abc', '-1', '65536', '80.5']) expect(() => readListenOptions({ PORT: port }), port).toThrow(/PORT/);
  });

  it('listens on 127.0.0.1 unless told otherwise', async () => {
    const running = await createStaticServer(FIXTURE, { port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const address = running.server.address();
      expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    } finally {
      await running.close();
    }
  });
});
