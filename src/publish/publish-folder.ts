// Stage 6, publish: the site is made in a temporary folder beside the output folder and put in its place only when
// everything succeeded, with the modes a web server expects (folders 755, files 644). A failed build removes its
// temporary folder and leaves the previous site as it was.
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Writes files under one folder; a path written twice, or outside the folder, is an error. */
export interface OutputWriter {
  write(relativePath: string, content: string | Uint8Array): void;
  /** How many files were written. */
  readonly count: number;
}

/**
 * A writer of files under a folder, one after another. Synchronous: for the tens of thousands of small files of a
 * large graph, synchronous writes were twice as fast here as asynchronous ones with 32 or 64 in flight.
 */
export function createOutputWriter(outDir: string): OutputWriter {
  const made = new Set<string>();
  let count = 0;
  return {
    write(relativePath, content) {
      if (relativePath.split('/').some((s) => s === '..' || s === '') || path.isAbsolute(relativePath)) throw new Error(`Refusing to write outside the site: "${relativePath}"`);
      const target = path.join(outDir, relativePath);
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      try {
        writeFileSync(target, content, { flag: 'wx' });
      } catch (error) {
        const err = error as NodeJS.ErrnoException;
        throw new Error(err.code === 'EEXIST' ? `Two outputs want the same file: ${relativePath}` : `Cannot write ${relativePath}: ${err.message}`);
      }
      count++;
    },
    get count() {
      return count;
    },
  };
}

/** Make a site with `make` in a temporary folder, then put it in place of outDir; on any error outDir stays as it was. */
export async function publishFolder<T>(outDir: string, make: (dir: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(outDir);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(path.join(parent, '.build-tmp-'));
  try {
    const result = await make(tmp);
    setPublicModes(tmp);
    await replaceFolder(tmp, outDir);
    return result;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Give a built tree the modes a web server expects, whatever the umask: folders 755, files 644. The build folder
 * comes from mkdtemp (700), and a web server's workers run as an unprivileged user, so without this they answer 403.
 */
export function setPublicModes(dir: string): void {
  // Synchronous calls: awaiting 54,000 chmods one by one took 9.5 s at 10,130 resources, these 1.1 s (same busy minutes).
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) setPublicModes(full);
    else if (entry.isFile()) chmodSync(full, 0o644);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Put the freshly built folder in the place of the output folder; the old one is removed only once the new one is in place. */
export async function replaceFolder(built: string, outDir: string): Promise<void> {
  if (!(await exists(outDir))) {
    await rename(built, outDir);
    return;
  }
  const old = await mkdtemp(path.join(path.dirname(outDir), '.build-tmp-old-'));
  const parked = path.join(old, 'site');
  await rename(outDir, parked);
  try {
    await rename(built, outDir);
  } catch (error) {
    await rename(parked, outDir);
    await rm(old, { recursive: true, force: true });
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}
