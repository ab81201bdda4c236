// The editor's preview behind `npm start`: build the site, serve it with live reload, and build again whenever a file
// under data/, ontology/, queries/ or site/ changes. The open pages reload when the new site is in place; a failed
// rebuild is printed and shown on the open pages while the last good site stays served (a failed build leaves
// _site/ as it was: src/build.ts).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { buildSite } from '../build.ts';
import type { Config } from '../config.ts';
import { createLiveReload } from './live-reload.ts';
import { createStaticServer, type ServerOptions } from './serve.ts';
import { watchAndRebuild } from './watch.ts';

/** A running preview: its server, and close() to stop watching and serving. */
export type Preview = Awaited<ReturnType<typeof startPreview>>;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The folders a site is made from: a change in any of them starts a rebuild. */
export function listSourceFolders(config: Config): string[] {
  return [config.dataDir, config.ontologyDir, config.queriesDir, config.siteDir];
}

/** Build, serve and watch; rejects (serving nothing) when the first build fails and there is no earlier site. */
export async function startPreview(config: Config, listen: Pick<ServerOptions, 'host' | 'port'>, log: Pick<Console, 'info' | 'error'> = console, debounceMs?: number) {
  try {
    await buildSite(config);
    log.info(`Built ${config.outDir}`);
  } catch (error) {
    const hasSite = await stat(path.join(config.outDir, 'index.html')).then((s) => s.isFile(), () => false);
    if (!hasSite) throw new Error(`the build failed, nothing is served.\n${messageOf(error)}`);
    log.error(`The build failed; serving the last good site until a change builds.\n${messageOf(error)}`);
  }
  const liveReload = createLiveReload();
  const server = await createStaticServer(config.outDir, { ...listen, liveReload });
  const folders = listSourceFolders(config);
  const watching = watchAndRebuild(folders, () => buildSite(config), {
    onStart: (changed) => log.info(`Changed: ${changed.map((f) => path.relative(config.rootDir, f)).join(', ')}; building…`),
    onSuccess: () => {
      log.info(`Built ${config.outDir}; reloading ${liveReload.clients} open page(s)`);
      liveReload.notifyReload();
    },
    onFailure: (error) => {
      log.error(`The rebuild failed; the last good site is still served.\n${messageOf(error)}`);
      liveReload.notifyFailure(messageOf(error));
    },
  }, debounceMs);
  log.info(`Serving ${config.outDir} at ${server.url}/, watching ${folders.map((d) => path.relative(config.rootDir, d) + '/').join(', ')} (Ctrl+C to stop)`);
  return {
    server,
    async close() {
      await watching.close();
      await server.close();
    },
  };
}
