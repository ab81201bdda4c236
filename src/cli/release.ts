// npm run release -- <version> [--notes "…"]: freeze the current graph as data/releases/<version>/ (see
// src/release/make-release.ts and site/docs/releases.md). The version is the release's date, YYYY-MM-DD.
// Exit status: 0 released; 1 refused (the graph does not validate, the version exists or is older, an earlier
// release fails its checksums) or failed; 2 the command line is wrong.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConfig, type Config } from '../config.ts';
import { CHANGE_KINDS } from '../release/change-set.ts';
import { makeRelease } from '../release/make-release.ts';

export const USAGE = 'Usage: npm run release -- <version: YYYY-MM-DD> [--notes "what changed, for people"]';

/** Run the release command with the given arguments; return the exit status. */
export async function runReleaseCommand(argv: readonly string[], io: { stdout: (t: string) => void; stderr: (t: string) => void }, config: Config = createConfig()): Promise<number> {
  let values: { notes?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { notes: { type: 'string', short: 'n' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    io.stderr(`release: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`release: give one version\n${USAGE}\n`);
    return 2;
  }
  try {
    const outcome = await makeRelease(config, { version: positionals[0]!, ...(values.notes !== undefined ? { notes: values.notes } : {}) });
    io.stdout(`released ${outcome.version}: ${outcome.triples} triples in ${path.relative(config.rootDir, outcome.dir)}\n`);
    if (outcome.changes && outcome.previous) {
      const counts = CHANGE_KINDS.map(({ kind, label }) => `${outcome.changes!.resources.filter((r) => r.kinds.includes(kind)).length} ${label}`).join(', ');
      io.stdout(`against ${outcome.previous}: ${outcome.changes.added.length} triples added, ${outcome.changes.removed.length} removed; resources: ${counts}\n`);
    } else {
      io.stdout('the first release: no change set\n');
    }
    io.stdout('commit data/releases/ and data/published-iris.txt together\n');
    return 0;
  } catch (error) {
    io.stderr(`release: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runReleaseCommand(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then((status) => {
    process.exitCode = status;
  });
}
