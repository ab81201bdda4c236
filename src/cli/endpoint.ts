// npm run endpoint: a read-only SPARQL 1.1 endpoint over the graph (ontology/ + data/) at
// http://127.0.0.1:${PORT:-3030}/sparql. HOST changes the address (127.0.0.1 unless told otherwise);
// QUERY_TIMEOUT_MS the time limit per query (10 000); QUERY_WORKERS the number of query threads (2).
// Oxigraph answers, on threads that are stopped at the time limit (src/serve/endpoint.ts). With --releases, the
// releases of data/releases/ are there too, as named graphs (src/release/read-releases.ts); the default graph stays the
// current graph.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConfig } from '../config.ts';
import { startEndpoint } from '../serve/endpoint.ts';
import { loadGraph } from '../load/load-graph.ts';
import { addReleaseGraphs, readReleases } from '../release/read-releases.ts';

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

/** Load the graph and serve it until the process is stopped; returns the exit status if it cannot start. */
export async function runEndpointCommand(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  try {
    const { values } = parseArgs({ args: [...argv], options: { releases: { type: 'boolean' } } });
    const config = createConfig({}, env);
    const port = readNumber(env, 'PORT', 3030);
    const timeoutMs = readNumber(env, 'QUERY_TIMEOUT_MS', 10_000);
    const workers = readNumber(env, 'QUERY_WORKERS', 2);
    const host = env.HOST || '127.0.0.1';
    const { store, files } = await loadGraph([config.ontologyDir, config.dataDir], config.baseIri);
    if (values.releases) await addReleaseGraphs(store, await readReleases(config.dataDir, config.baseIri), config.baseIri);
    const endpoint = await startEndpoint(store, { baseIri: config.baseIri, host, port, timeoutMs, workers });
    console.log(`SPARQL endpoint at ${endpoint.url} over ${store.size} triples from ${files.length} files (read-only; time limit ${timeoutMs} ms per query).`);
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') console.log(`Listening on ${host}: reachable from other machines.`);
    const stop = (): void => {
      void endpoint.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return 0;
  } catch (error) {
    console.error(`endpoint: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const status = await runEndpointCommand();
  if (status !== 0) process.exitCode = status;
}
