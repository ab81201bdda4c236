// A small static server for previewing the built site, with the same content negotiation as the nginx and
// Apache configurations in site/server/: a resource IRI answers 303 See Other to the representation the
// Accept header prefers, with Vary: Accept. Files are served with the types of src/serve/media-types.ts.
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { LiveReload } from './live-reload.ts';
import { getContentType } from './media-types.ts';
import { FORMATS, REPRESENTATIONS, negotiateRepresentation, type Representation } from './negotiate.ts';

export interface ServerOptions {
  readonly host?: string;
  readonly port?: number;
  /** npm start's live reload: its paths are answered, and its script is added to every HTML page. */
  readonly liveReload?: LiveReload;
}

export interface StaticServer {
  /** The address it listens on, e.g. http://127.0.0.1:8080 (no trailing slash). */
  readonly url: string;
  readonly server: http.Server;
  close(): Promise<void>;
}

const COMMON_HEADERS = { 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' } as const;

/**
 * Decode a URL path into segments, or return undefined for anything that could leave the root (.., %2F, NUL);
 * `hidden` when a segment starts with a dot (other than .well-known): never served.
 */
export function parseRequestPath(rawPath: string) {
  const pathname = rawPath.split('?')[0]?.split('#')[0] ?? '';
  if (!pathname.startsWith('/')) return undefined;
  const segments: string[] = [];
  let hidden = false;
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '') continue;
    if (segment === '.' || segment === '..' || /[\\/\0]/.test(segment)) return undefined;
    if (segment.startsWith('.') && segment !== '.well-known') hidden = true;
    segments.push(segment);
  }
  return { segments, trailingSlash: pathname.endsWith('/'), hidden };
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

// What a request path names inside the root: a file, a folder, or nothing (a link out of the root is nothing).
async function resolveTarget(root: string, segments: readonly string[]) {
  const missing = { kind: 'missing' } as const;
  const real = await realpath(path.join(root, ...segments)).catch(() => undefined);
  if (real === undefined || (real !== root && !real.startsWith(root + path.sep))) return missing;
  const info = await stat(real);
  if (info.isFile()) return { kind: 'file', file: real, relative: segments.join('/') } as const;
  if (info.isDirectory()) return { kind: 'directory', dir: real, segments } as const;
  return missing;
}

function encodePath(segments: readonly string[]): string {
  return '/' + segments.map(encodeURIComponent).join('/');
}

function sendText(res: http.ServerResponse, head: boolean, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...headers });
  res.end(head ? undefined : body);
}

async function sendFile(res: http.ServerResponse, head: boolean, status: number, file: string, relative: string, liveReload?: LiveReload): Promise<void> {
  const type = getContentType(relative);
  if (liveReload && type.startsWith('text/html')) {
    const body = Buffer.from(liveReload.injectInto(await readFile(file, 'utf8')), 'utf8');
    res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    res.end(head ? undefined : body);
    return;
  }
  const { size } = await stat(file);
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': size });
  if (head) {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
}

async function sendNotFound(res: http.ServerResponse, head: boolean, root: string, liveReload?: LiveReload): Promise<void> {
  const page = path.join(root, '404.html');
  if (await isFile(page)) await sendFile(res, head, 404, page, '404.html', liveReload);
  else sendText(res, head, 404, 'Not found\n');
}

async function listRepresentations(dir: string): Promise<Representation[]> {
  const present = await Promise.all(REPRESENTATIONS.map((r) => isFile(path.join(dir, FORMATS[r].file))));
  return REPRESENTATIONS.filter((_, i) => present[i]);
}

async function handleRequest(root: string, req: http.IncomingMessage, res: http.ServerResponse, liveReload?: LiveReload): Promise<void> {
  const head = req.method === 'HEAD';
  if (liveReload?.handle(req, res)) return;
  if (req.method !== 'GET' && !head) {
    sendText(res, head, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  const parsed = parseRequestPath(req.url ?? '/');
  if (parsed === undefined) {
    sendText(res, head, 400, 'Bad request path\n');
    return;
  }
  const target = parsed.hidden ? ({ kind: 'missing' } as const) : await resolveTarget(root, parsed.segments);
  if (target.kind === 'file') {
    if (parsed.trailingSlash) await sendNotFound(res, head, root, liveReload);
    else await sendFile(res, head, 200, target.file, target.relative, liveReload);
    return;
  }
  if (target.kind === 'missing') {
    await sendNotFound(res, head, root, liveReload);
    return;
  }
  if (parsed.trailingSlash || target.segments.length === 0) {
    const index = path.join(target.dir, 'index.html');
    if (await isFile(index)) await sendFile(res, head, 200, index, 'index.html', liveReload);
    else await sendNotFound(res, head, root, liveReload);
    return;
  }
  const available = await listRepresentations(target.dir);
  const location = encodePath(target.segments);
  if (!available.some((r) => r !== 'html')) {
    // A plain folder, not a resource: add the slash, as static hosts do.
    sendText(res, head, 301, `Moved to ${location}/\n`, { Location: `${location}/` });
    return;
  }
  const chosen = negotiateRepresentation(req.headers.accept, available);
  if (chosen === undefined) {
    const list = available.map((r) => `${FORMATS[r].mediaType}: ${location}${FORMATS[r].suffix}`).join('\n');
    sendText(res, head, 406, `Not acceptable. This resource is available as:\n${list}\n`, { Vary: 'Accept' });
    return;
  }
  const to = location + FORMATS[chosen].suffix;
  sendText(res, head, 303, `See ${to}\n`, { Location: to, Vary: 'Accept' });
}

/** Serve a folder over HTTP (GET and HEAD) on host:port (port 0 picks a free one); resolves once listening. */
export async function createStaticServer(dir: string, options: ServerOptions = {}): Promise<StaticServer> {
  const root = await realpath(dir);
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    handleRequest(root, req, res, options.liveReload).catch((error: unknown) => {
      if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else sendText(res, req.method === 'HEAD', 500, 'Internal server error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port ?? 8080;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    server,
    close: () => new Promise<void>((resolve, reject) => {
      options.liveReload?.close();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

/** Read HOST and PORT from the environment (defaults 127.0.0.1 and 8080); throws on a port that is not 0–65535. */
export function readListenOptions(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  const host = env.HOST?.trim() || '127.0.0.1';
  const rawPort = env.PORT?.trim() || '8080';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) throw new Error(`PORT must be a number from 0 to 65535: got "${rawPort}"`);
  return { host, port };
}
