// Run the Apache configurations of site/server/ in Debian's Apache (apache2-bin) for a test, in the
// foreground (-D FOREGROUND, prefork) with its own ServerRoot, pid and log in a temp folder, on a free 127.0.0.1 port.
//  - startApacheSite: .htaccess in the site's <Directory> (the same per-directory context as a .htaccess
//    file), serving a copy of the site made with `cp -a`, modes kept as built: as in production, Apache
//    starts as root and serves as `nobody`, who can read the site only if the build published it readable.
//  - startApacheW3id: w3id.htaccess as cbss-car/.htaccess under an empty document root, as in the
//    perma-id/w3id.org repository, with only its CAR_SITE line changed to point at siteUrl.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT_DIR } from '../../src/config.ts';
import { findFreePort, startServerProcess } from './processes.ts';

export const APACHE_PATH = '/usr/sbin/apache2';
export const APACHE_MODULES = '/usr/lib/apache2/modules';
export const HTACCESS = path.join(ROOT_DIR, 'site', 'server', '.htaccess');
export const W3ID_HTACCESS = path.join(ROOT_DIR, 'site', 'server', 'w3id.htaccess');
/** The line of w3id.htaccess a maintainer changes, and the placeholder it ships with. */
export const W3ID_SITE_LINE = /^RewriteRule \^ - \[E=CAR_SITE:([^\]]+)\]$/m;

export interface RunningApache {
  readonly url: string;
  close(): Promise<void>;
}

async function makeWorldReadable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeWorldReadable(full);
    else await chmod(full, 0o644);
  }
}

async function startApache(prefix: string, body: (port: number) => string): Promise<RunningApache> {
  const errorLog = path.join(prefix, 'error.log');
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const modules = ['mpm_prefork', 'authz_core', 'mime', 'dir', 'rewrite', 'headers'];
    const conf = [
      `ServerRoot ${JSON.stringify(prefix)}`,
      'ServerName 127.0.0.1',
      `Listen 127.0.0.1:${port}`,
      `PidFile ${JSON.stringify(path.join(prefix, 'httpd.pid'))}`,
      `ErrorLog ${JSON.stringify(errorLog)}`,
      'LogLevel warn',
      ...modules.map((m) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`),
      'TypesConfig /dev/null',
      'StartServers 4',
      'MinSpareServers 2',
      'MaxSpareServers 8',
      'MaxRequestWorkers 32',
      'User nobody',
      'Group nogroup',
      '<Directory />',
      '  AllowOverride None',
      '  Require all denied',
      '</Directory>',
      // As in every stock Apache configuration: .htaccess and .htpasswd are never served.
      '<Files ".ht*">',
      '  Require all denied',
      '</Files>',
      body(port),
      '',
    ].join('\n');
    const confFile = path.join(prefix, 'httpd.conf');
    await writeFile(confFile, conf);
    try {
      const server = await startServerProcess(APACHE_PATH, ['-D', 'FOREGROUND', '-f', confFile], port, () =>
        readFile(errorLog, 'utf8').catch(() => '(no error log)'),
      );
      return {
        url: `http://127.0.0.1:${port}`,
        close: async () => {
          await server.stop();
          await rm(prefix, { recursive: true, force: true });
        },
      };
    } catch (error) {
      if (attempt < 3 && String(error).includes('Address already in use')) continue;
      await rm(prefix, { recursive: true, force: true });
      throw error;
    }
  }
}

/** Serve (a copy of) siteDir with site/server/.htaccess applied to its root folder. */
export async function startApacheSite(siteDir: string): Promise<RunningApache> {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-apache-'));
  // The prefix stands for /var/www: searchable by everyone.
  await chmod(prefix, 0o755);
  const docRoot = path.join(prefix, 'site');
  await promisify(execFile)('cp', ['-a', siteDir, docRoot]);
  return startApache(prefix, () =>
    [
      `DocumentRoot ${JSON.stringify(docRoot)}`,
      `<Directory ${JSON.stringify(docRoot)}>`,
      '  AllowOverride None',
      '  Require all granted',
      `  Include ${JSON.stringify(HTACCESS)}`,
      '</Directory>',
    ].join('\n'),
  );
}

/** Serve w3id.htaccess at /cbss-car/ with its CAR_SITE line set to siteUrl (no trailing slash). */
export async function startApacheW3id(siteUrl: string): Promise<RunningApache> {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-w3id-'));
  const docRoot = path.join(prefix, 'w3id');
  const text = await readFile(W3ID_HTACCESS, 'utf8');
  if ((text.match(new RegExp(W3ID_SITE_LINE.source, 'gm')) ?? []).length !== 1) throw new Error('w3id.htaccess must have exactly one CAR_SITE line');
  await mkdir(path.join(docRoot, 'cbss-car'), { recursive: true });
  await writeFile(path.join(docRoot, 'cbss-car', '.htaccess'), text.replace(W3ID_SITE_LINE, `RewriteRule ^ - [E=CAR_SITE:${siteUrl}]`));
  await makeWorldReadable(prefix);
  return startApache(prefix, () =>
    [
      `DocumentRoot ${JSON.stringify(docRoot)}`,
      `<Directory ${JSON.stringify(docRoot)}>`,
      '  AllowOverride All',
      '  Require all granted',
      '</Directory>',
    ].join('\n'),
  );
}
