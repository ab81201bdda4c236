// Serve a folder for a test with the same negotiation as npm start (src/serve/serve.ts), on a free port.
import { createStaticServer, type StaticServer } from '../../src/serve/serve.ts';

/** Start the preview server on 127.0.0.1 and a free port; close() stops it. */
export async function serveDirectory(dir: string): Promise<StaticServer> {
  return createStaticServer(dir, { host: '127.0.0.1', port: 0 });
}
