// npm run serve: serve the built site (_site/) at http://127.0.0.1:8080 with content negotiation.
// HOST and PORT change the address. Build first with npm run build, or use npm start to do both.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createConfig } from '../config.ts';
import { createStaticServer, readListenOptions } from '../serve/serve.ts';

// Serve a built site until SIGINT or SIGTERM; prints the address.
async function serveSite(dir: string): Promise<void> {
  const index = await stat(path.join(dir, 'index.html')).catch(() => undefined);
  if (!index?.isFile()) throw new Error(`No built site in ${dir} (index.html missing): run npm run build first`);
  const running = await createStaticServer(dir, readListenOptions());
  console.log(`Serving ${dir} at ${running.url}/ (Ctrl+C to stop)`);
  const stop = () => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

serveSite(createConfig().outDir).catch((error: unknown) => {
  console.error(`serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
