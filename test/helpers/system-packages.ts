// The system packages the tests need (test/system-packages.txt, also read by .ci/run): which are missing, and the
// apt-get line that installs them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../src/config.ts';

export const SYSTEM_PACKAGES_FILE = path.join(ROOT_DIR, 'test', 'system-packages.txt');

export interface SystemPackage {
  /** A file the package installs: the sign that it is there. */
  readonly file: string;
  readonly name: string;
}

/** Read the list: one `file package` pair a line, `#` comments and blank lines skipped; a bad line throws, naming it. */
export function readSystemPackages(listFile = SYSTEM_PACKAGES_FILE): SystemPackage[] {
  const packages: SystemPackage[] = [];
  readFileSync(listFile, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) return;
      const fields = text.split(/\s+/);
      if (fields.length !== 2 || !fields[0]?.startsWith('/')) {
        throw new Error(`${listFile}:${i + 1}: expected an absolute file and a package name, found "${text}"`);
      }
      packages.push({ file: fields[0], name: fields[1] ?? '' });
    });
  return packages;
}

/** The packages whose file is absent (each named once). */
export function findMissingPackages(packages: readonly SystemPackage[], exists: (file: string) => boolean = existsSync): SystemPackage[] {
  const missing = packages.filter((p) => !exists(p.file));
  return missing.filter((p, i) => missing.findIndex((q) => q.name === p.name) === i);
}

/** The command that installs the named packages on Debian (with sudo unless we are root). */
export function formatInstallLine(names: readonly string[], asRoot = process.getuid?.() === 0): string {
  return `${asRoot ? '' : 'sudo '}apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

/** Throw, with the apt-get line, if any package the tests need is missing. */
export function checkSystemPackages(listFile = SYSTEM_PACKAGES_FILE, exists: (file: string) => boolean = existsSync): void {
  const missing = findMissingPackages(readSystemPackages(listFile), exists);
  if (missing.length === 0) return;
  throw new Error(
    [
      `The tests need system packages that are not installed (listed in ${path.relative(ROOT_DIR, listFile)}):`,
      ...missing.map((p) => `  ${p.name} (no ${p.file})`),
      'Install them with:',
      `  ${formatInstallLine(missing.map((p) => p.name))}`,
    ].join('\n'),
  );
}
