// The preview server's live reload (src/serve/live-reload.ts through src/serve/serve.ts): its script and event stream, the
// script added to HTML pages only, and the events a rebuild sends.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LIVE_RELOAD_PATHS, createLiveReload, type LiveReload } from '../../src/serve/live-reload.ts';
import { createStaticServer, type StaticServer } from '../../src/serve/serve.ts';
import { readEvents } from '../helpers/event-stream.ts';
import { useScratchDir } from '../helpers/scratch.ts';

const TAG = `<script src="${LIVE_RELOAD_PATHS.script}"></script>`;

describe('live reload', () => {
  const scratch = useScratchDir('cbss-live-reload');
  let liveReload: LiveReload;
  let server: StaticServer;
  let plain: StaticServer;

  beforeAll(async () => {
    const root = path.join(scratch.path, 'site');
    await mkdir(path.join(root, 'page'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><html><body><p>home</p></body></html>');
    await writeFile(path.join(root, 'page', 'index.html'), '<!doctype html><p>no body tag</p>');
    await writeFile(path.join(root, 'data.ttl'), '<a> <b> </body> .');
    liveReload = createLiveReload();
    server = await createStaticServer(root, { port: 0, liveReload });
    plain = await createStaticServer(root, { port: 0 });
  });
  afterAll(async () => {
    await Promise.all([server?.close(), plain?.close()]);
  });

  test('adds its script to every HTML page, before </body> or at the end, and to nothing else', async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toBe(`<!doctype html><html><body><p>home</p>${TAG}</body></html>`);
    const page = await fetch(`${server.url}/page/`);
    const body = await page.text();
    expect(body).toBe(`<!doctype html><p>no body tag</p>${TAG}`);
    expect(Number(page.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(await (await fetch(`${server.url}/data.ttl`)).text()).toBe('<a> <b> </body> .');
  });

  test('a server without live reload serves pages as built and knows none of its paths', async () => {
    expect(await (await fetch(`${plain.url}/`)).text()).not.toContain(LIVE_RELOAD_PATHS.script);
    expect((await fetch(plain.url + LIVE_RELOAD_PATHS.script)).status).toBe(404);
    expect((await fetch(plain.url + LIVE_RELOAD_PATHS.events)).status).toBe(404);
  });

  test('serves its script, which listens to the event stream and shows a failure as text', async () => {
    const response = await fetch(server.url + LIVE_RELOAD_PATHS.script);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const script = await response.text();
    expect(script).toContain(`new EventSource("${LIVE_RELOAD_PATHS.events}")`);
    expect(script).toContain('location.reload()');
    expect(script).toContain('box.textContent =');
    expect(script).not.toContain('innerHTML');
  });

  test('tells each open page of a new site, and of a failure with its message', async () => {
    const controller = new AbortController();
    const response = await fetch(server.url + LIVE_RELOAD_PATHS.events, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = readEvents(response);
    await expect.poll(() => liveReload.clients).toBe(1);
    liveReload.notifyReload();
    liveReload.notifyFailure('data/x.ttl line 3: <b>bad</b>\nsecond line');
    expect(await events.next()).toEqual({ event: 'reload', data: '' });
    expect(await events.next()).toEqual({ event: 'failed', data: 'data/x.ttl line 3: <b>bad</b>\nsecond line' });
    controller.abort();
    await expect.poll(() => liveReload.clients).toBe(0);
  });
});
