// Run site/server/nginx.conf in Debian's nginx for a test: the file is used as a deployer would use it,
// with only its `listen` and `root` lines changed, and negotiate.js installed where js_import looks for it
// (relative to the configuration folder). As in production, the master process runs as the user running the
// tests (root in CI) and its workers as `nobody`, serving a copy of the site made with `cp -a` (modes kept as
// built). The server runs in the foreground with its own prefix, pid and logs in a temp folder, on a free
// 127.0.0.1 port.
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT_DIR } from '../../src/config.ts';
import { findFreePort, startServerProcess } from './processes.ts';

export const NGINX_PATH = '/usr/sbin/nginx';
export const NJS_MODULE_PATH = '/usr/lib/nginx/modules/ngx_http_js_module.so';
export const NGINX_CONF = path.join(ROOT_DIR, 'site', 'server', 'nginx.conf');
export const NJS_SCRIPT = path.join(ROOT_DIR, 'site', 'server', 'negotiate.js');
/** The unprivileged user nginx's workers run as. */
export const NGINX_WORKER_USER = 'nobody';

export interface RunningNginx {
  readonly url: string;
  readonly prefix: string;
  /** The master process's id. */
  readonly pid: number;
  close(): Promise<void>;
}

/** Replace the one `listen` line and the one `root` line of a server block; throws unless there is exactly one of each. */
export function adaptServerBlock(conf: string, listen: string, root: string): string {
  const listenLines = conf.match(/^[ \t]*listen[ \t][^;\n]*;[ \t]*$/gm) ?? [];
  const rootLines = conf.match(/^[ \t]*root[ \t][^;\n]*;[ \t]*$/gm) ?? [];
  if (listenLines.length !== 1 || rootLines.length !== 1) {
    throw new Error(`nginx.conf must have exactly one listen and one root line: found ${listenLines.length} and ${rootLines.length}`);
  }
  return conf
    .replace(/^([ \t]*)listen[ \t][^;\n]*;[ \t]*$/m, `$1listen ${listen};`)
    .replace(/^([ \t]*)root[ \t][^;\n]*;[ \t]*$/m, `$1root ${JSON.stringify(root)};`);
}

/** The module path that the server block's js_import names (relative to nginx's configuration folder). */
export function findJsImportPath(conf: string): string {
  const match = /^\s*js_import\s+\w+\s+from\s+([^;\s]+);/m.exec(conf);
  if (!match?.[1]) throw new Error('nginx.conf has no `js_import <name> from <path>;` line');
  return match[1];
}

/** Start nginx with site/server/nginx.conf serving a `cp -a` copy of siteDir; resolves once it accepts connections. */
export async function startNginx(siteDir: string): Promise<RunningNginx> {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-nginx-'));
  // The prefix stands for /var/www: searchable by everyone. The site inside it keeps the modes the build gave it.
  await chmod(prefix, 0o755);
  const docRoot = path.join(prefix, 'site');
  await promisify(execFile)('cp', ['-a', siteDir, docRoot]);
  const serverBlock = await readFile(NGINX_CONF, 'utf8');
  const moduleTarget = path.join(prefix, findJsImportPath(serverBlock));
  await mkdir(path.dirname(moduleTarget), { recursive: true });
  await copyFile(NJS_SCRIPT, moduleTarget);
  const errorLog = path.join(prefix, 'error.log');
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    await writeFile(path.join(prefix, 'cbss-car.conf'), adaptServerBlock(serverBlock, `127.0.0.1:${port}`, docRoot));
    const temp = (name: string) => `${name}_temp_path ${JSON.stringify(path.join(prefix, name))};`;
    const main = [
      `load_module ${NJS_MODULE_PATH};`,
      'daemon off;',
      `user ${NGINX_WORKER_USER} nogroup;`,
      'worker_processes 1;',
      `pid ${JSON.stringify(path.join(prefix, 'nginx.pid'))};`,
      `error_log ${JSON.stringify(errorLog)} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      `  include ${JSON.stringify(path.join(prefix, 'cbss-car.conf'))};`,
      '}',
      '',
    ].join('\n');
    const confFile = path.join(prefix, 'nginx.conf');
    await writeFile(confFile, main);
    try {
      const server = await startServerProcess(NGINX_PATH, ['-p', prefix + '/', '-c', confFile, '-e', errorLog], port, () =>
        readFile(errorLog, 'utf8').catch(() => '(no error log)'),
      );
      return {
        url: `http://127.0.0.1:${port}`,
        prefix,
        pid: server.child.pid ?? 0,
        close: async () => {
          await server.stop();
          await rm(prefix, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // Another process may have taken the port between the probe and nginx's bind: try again.
      if (attempt < 3 && String(error).includes('Address already in use')) continue;
      await rm(prefix, { recursive: true, force: true });
      throw error;
    }
  }
}

/** The user ids of a process's children (nginx's workers, for its master), read from /proc. */
export async function listChildUids(pid: number): Promise<number[]> {
  const uids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== pid) continue;
    uids.push(Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]));
  }
  return uids;
}
