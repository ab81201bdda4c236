// One measured build, run in its own process by the harness: the real buildSite, with wall time and peak memory
// for each of its stages (told by buildSite's stage hook). Writes the list of built files (path and size) for the
// floor, which writes the same files.
// Usage: build-child.ts --out DIR [--ontology DIR --data DIR --source FILE] [--manifest FILE] [--keep] [--cache DIR]
// Without --cache the build is cold: no stage outcome is taken from the build cache (src/stage-cache.ts).
// The repository stays the root (site templates, browser scripts, queries); only the graph and its source change.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite } from '../../src/build.ts';
import { createConfig, ROOT_DIR } from '../../src/config.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import { listFiles, printReport, readPeakRssMb, resetPeakRss, type StageFigure } from './measure.ts';

const startupMs = performance.now();

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      ontology: { type: 'string' },
      data: { type: 'string' },
      source: { type: 'string' },
      manifest: { type: 'string' },
      keep: { type: 'boolean', default: false },
      cache: { type: 'string' },
    },
  });
  if (!values.out) throw new Error('--out is required');
  const real = createConfig({ rootDir: ROOT_DIR });
  const config = createConfig({
    ontologyDir: values.ontology ?? real.ontologyDir,
    dataDir: values.data ?? real.dataDir,
    sourceFile: values.source ?? real.sourceFile,
    queriesDir: real.queriesDir,
    siteDir: real.siteDir,
    outDir: path.resolve(values.out),
    baseIri: DEFAULT_BASE_IRI,
    cacheDir: values.cache ? path.resolve(values.cache) : undefined,
  });
  const stages: StageFigure[] = [{ stage: 'startup', ms: startupMs, peakMb: readPeakRssMb() }];
  process.stdout.write(`\nBENCH-STAGE ${JSON.stringify(stages[0])}\n`);
  resetPeakRss();
  const started = performance.now();
  let last = started;
  const result = await buildSite(config, (stage) => {
    const now = performance.now();
    const figure = { stage, ms: now - last, peakMb: readPeakRssMb() };
    stages.push(figure);
    process.stdout.write(`\nBENCH-STAGE ${JSON.stringify(figure)}\n`);
    resetPeakRss();
    last = now;
  });
  const buildMs = performance.now() - started;
  const files = await listFiles(config.outDir);
  if (values.manifest) await writeFile(values.manifest, JSON.stringify(files));
  printReport({
    stages,
    totalMs: startupMs + buildMs,
    peakMb: Math.max(...stages.map((s) => s.peakMb)),
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
    extra: { resources: result.composed.iris.length, pages: result.pages, dataFiles: result.files },
  });
  if (!values.keep) await rm(config.outDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
