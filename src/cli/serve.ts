// npm run serve: serve the built site (_site/) at http://127.0.0.1:8080 with content negotiation.
// HOST and PORT change the address. Build first with npm run build, or use npm start to do both.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConfig } from '../config.ts';
import { createStaticServer, readListenOptions, type StaticServer } from '../serve/serve.ts';

/** Serve a built site until SIGINT or SIGTERM; prints the address. */
export async function serveSite(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<StaticServer> {
  const index = await stat(path.join(dir, 'index.html')).catch(() => undefined);
  if (!index?.isFile()) throw new Error(`No built site in ${dir} (index.html missing): run npm run build first`);
  const running = await createStaticServer(dir, readListenOptions(env));
  console.log(`Serving ${dir} at ${running.url}/ (Ctrl+C to stop)`);
  const stop = () => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return running;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  serveSite(createConfig().outDir).catch((error: unknown) => {
    console.error(`serve: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
