// npm run endpoint: a read-only SPARQL 1.1 endpoint over the graph (ontology/ + data/) at
// http://127.0.0.1:${PORT:-3030}/sparql. HOST changes the address (127.0.0.1 unless told otherwise);
// QUERY_TIMEOUT_MS the time limit per query (10 000); QUERY_WORKERS the number of query threads (2).
// Oxigraph answers, on threads that are stopped at the time limit (src/serve/endpoint.ts). With --releases, the
// releases of data/releases/ are there too, as named graphs (src/release/read-releases.ts); the default graph stays the
// current graph.
import { parseArgs } from 'node:util';
import { createConfig } from '../config.ts';
import { startEndpoint } from '../serve/endpoint.ts';
import { loadGraph } from '../load/load-graph.ts';
import { addReleaseGraphs, readReleases } from '../release/read-releases.ts';

function readNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

// Load the graph and serve it until the process is stopped.
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { releases: { type: 'boolean' } } });
  const config = createConfig();
  const port = readNumber('PORT', 3030);
  const timeoutMs = readNumber('QUERY_TIMEOUT_MS', 10_000);
  const workers = readNumber('QUERY_WORKERS', 2);
  const host = process.env.HOST || '127.0.0.1';
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
}

main().catch((error: unknown) => {
  console.error(`endpoint: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
