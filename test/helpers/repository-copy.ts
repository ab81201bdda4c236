// A copy of the repository's ontology, data and queries, to change or break on purpose; the code, its packages, the
// templates are the real ones; the source texts are the copy's (data/source/).
import { cp, symlink } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR, createConfig, type Config } from '../../src/config.ts';

/** Copy ontology/, data/ and queries/ into root (an empty folder); return its configuration maker (outDir: root/out/site). */
export async function copyRepository(root: string): Promise<{ root: string; config: (overrides?: Partial<Config>) => Config }> {
  for (const dir of ['ontology', 'data', 'queries']) await cp(path.join(ROOT_DIR, dir), path.join(root, dir), { recursive: true });
  for (const entry of ['src', 'node_modules', 'package.json']) await symlink(path.join(ROOT_DIR, entry), path.join(root, entry));
  const config = (overrides: Partial<Config> = {}): Config =>
    createConfig(
      {
        rootDir: root,
        siteDir: path.join(ROOT_DIR, 'site'),
        outDir: path.join(root, 'out', 'site'),
        ...overrides,
      },
      {},
    );
  return { root, config };
}
