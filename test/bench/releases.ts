// The benchmark's build with releases (npm run bench -- --only releases, part of the default run): a copy of the
// real ontology and data in which three releases are made with `npm run release`'s code, with a small edit before
// each (a definition reworded, an area of concern deprecated and replaced, an alignment's rationale reworded), and a
// copy of the same final data without the releases. The two are then built alternately, and the ratio of each pair
// (with releases / without) says what the releases cost the build: at most 1.10 is the target (issue 18).
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR, createConfig } from '../../src/config.ts';
import { RELEASES_FOLDER } from '../../src/load/load-graph.ts';
import { makeRelease } from '../../src/release/make-release.ts';

/** The versions the benchmark releases, oldest first. */
export const BENCH_RELEASES = ['2026-01-15', '2026-02-15', '2026-03-15'] as const;

/** Folders to build from: ontology and data. */
export interface GraphDirs {
  readonly ontologyDir: string;
  readonly dataDir: string;
}

async function replaceIn(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`bench: ${file} does not hold the text the release benchmark edits`);
  await writeFile(file, next);
}

// The edit made before each release but the first.
const EDITS: readonly ((dirs: GraphDirs) => Promise<void>)[] = [
  async () => undefined,
  (dirs) => replaceIn(path.join(dirs.ontologyDir, 'cbss-car.ttl'), 'The time during which a membership is suspended:', 'The period during which a membership is suspended:'),
  async (dirs) => {
    const file = path.join(dirs.dataDir, 'priorities.ttl');
    await writeFile(file, `${await readFile(file, 'utf8')}\narea:migration <http://www.w3.org/2002/07/owl#deprecated> true ; <http://purl.org/dc/terms/isReplacedBy> area:children-in-migration .\n`);
  },
];

// A copy filter that leaves out the releases folder of a data folder.
function outsideReleases(dataDir: string): (source: string) => boolean {
  return (source) => path.relative(dataDir, source).split(path.sep)[0] !== RELEASES_FOLDER;
}

/** Copy the real ontology and data under root twice: with three releases made in it, and the same final data without them. */
export async function prepareReleaseGraphs(root: string, log: (line: string) => void): Promise<{ withReleases: GraphDirs; without: GraphDirs }> {
  const withReleases = { ontologyDir: path.join(root, 'with', 'ontology'), dataDir: path.join(root, 'with', 'data') };
  const without = { ontologyDir: path.join(root, 'without', 'ontology'), dataDir: path.join(root, 'without', 'data') };
  await cp(path.join(ROOT_DIR, 'ontology'), withReleases.ontologyDir, { recursive: true });
  await cp(path.join(ROOT_DIR, 'data'), withReleases.dataDir, { recursive: true, filter: outsideReleases(path.join(ROOT_DIR, 'data')) });
  const config = createConfig({ ontologyDir: withReleases.ontologyDir, dataDir: withReleases.dataDir }, {});
  for (const [i, version] of BENCH_RELEASES.entries()) {
    await EDITS[i]!(withReleases);
    const started = performance.now();
    await makeRelease(config, { version, notes: `Benchmark release ${i + 1}.` });
    log(`  release ${version} made in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await cp(withReleases.ontologyDir, without.ontologyDir, { recursive: true });
  await cp(withReleases.dataDir, without.dataDir, { recursive: true, filter: outsideReleases(withReleases.dataDir) });
  return { withReleases, without };
}
