// Live reload for `npm start`: the preview server answers /_live-reload with Server-Sent Events and
// /_live-reload.js with a small script, which it adds to every HTML page it serves. After a rebuild the open pages
// reload; after a failed one they show why, over the last good page. Only `npm start` turns this on: `npm run serve`
// and the server configurations in site/server/ serve the pages as built.
import type http from 'node:http';

/** The paths the live-reload server answers; they never clash with the site's, which has no `_live-reload`. */
export const LIVE_RELOAD_PATHS = { events: '/_live-reload', script: '/_live-reload.js' } as const;

// The script is a file of its own, not inline, so that pages with a Content-Security-Policy (script-src 'self') run it.
// It shows the error with textContent: the message is never read as markup.
const CLIENT_SCRIPT = `(() => {
  const events = new EventSource(${JSON.stringify(LIVE_RELOAD_PATHS.events)});
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('failed', (event) => {
    let box = document.getElementById('live-reload-error');
    if (!box) {
      box = document.createElement('pre');
      box.id = 'live-reload-error';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#600;border-top:3px solid #a00;white-space:pre-wrap;z-index:1000';
      document.body.append(box);
    }
    box.textContent = 'The rebuild failed; this is the last good site.\\n\\n' + JSON.parse(event.data);
  });
})();
`;

/** The live-reload hub: the server's hook for its paths and pages, and the build's way to tell the open pages. */
export type LiveReload = ReturnType<typeof createLiveReload>;

/** Make a live-reload hub with no page listening yet. */
export function createLiveReload() {
  const clients = new Set<http.ServerResponse>();
  const send = (event: string, data: unknown): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of clients) res.write(frame);
  };
  const tag = `<script src="${LIVE_RELOAD_PATHS.script}"></script>`;
  return {
    /** Answer a request for one of LIVE_RELOAD_PATHS; false for any other path. */
    handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
      const pathname = (req.url ?? '').split('?')[0];
      if (pathname === LIVE_RELOAD_PATHS.script) {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : CLIENT_SCRIPT);
        return true;
      }
      if (pathname !== LIVE_RELOAD_PATHS.events) return false;
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
      return true;
    },
    /** An HTML page with the live-reload script added before </body> (or at the end). */
    injectInto(html: string): string {
      const at = html.lastIndexOf('</body>');
      return at < 0 ? html + tag : html.slice(0, at) + tag + html.slice(at);
    },
    notifyReload: () => send('reload', ''),
    notifyFailure: (message: string) => send('failed', message),
    /** How many pages are listening. */
    get clients() {
      return clients.size;
    },
    close() {
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
