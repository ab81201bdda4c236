// npm run build: build the whole site into _site/ (BASE_IRI=… sets the base IRI). On failure, print why and
// exit non-zero; the previous _site/ is left exactly as it was.
// Options (npm run build -- …): --out DIR (instead of _site/); --ontology DIR and --data DIR (another graph, as the
// benchmark's; its source texts are the files of DIR/source/ that its caro:SourceText resources name);
// --report (each stage's wall time and peak memory as it ends, then the whole report: src/publish/stage-report.ts);
// --manifest FILE (the built files and their sizes, as JSON).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite } from '../build.ts';
import { createConfig } from '../config.ts';
import { listFiles, printReport, printStage, recordStages } from '../publish/stage-report.ts';

const OPTIONS = {
  out: { type: 'string' },
  ontology: { type: 'string' },
  data: { type: 'string' },
  report: { type: 'boolean', default: false },
  manifest: { type: 'string' },
} as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: OPTIONS, strict: true });
  const config = createConfig({
    ...(values.out ? { outDir: path.resolve(values.out) } : {}),
    ...(values.ontology ? { ontologyDir: path.resolve(values.ontology) } : {}),
    ...(values.data ? { dataDir: path.resolve(values.data) } : {}),
  });
  const recorder = values.report ? recordStages(printStage) : undefined;
  const started = performance.now();
  const result = await buildSite(config, recorder?.hook);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Built ${result.outDir} for ${config.baseIri}: ${result.iris.length} resources, ${result.pages} pages, ${result.files} data files in ${seconds} s`);
  const warnings = result.report.violations.filter((v) => v.severity !== 'Violation');
  if (warnings.length > 0) console.log(`${warnings.length} validation warning(s); see the quality report.`);
  if (!recorder && !values.manifest) return;
  const files = await listFiles(config.outDir);
  if (values.manifest) await writeFile(values.manifest, JSON.stringify(files));
  if (recorder) {
    printReport({
      stages: recorder.stages,
      totalMs: recorder.stages.reduce((sum, s) => sum + s.ms, 0),
      peakMb: Math.max(...recorder.stages.map((s) => s.peakMb)),
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      extra: { resources: result.iris.length, pages: result.pages, dataFiles: result.files },
    });
  }
}

main().catch((error: unknown) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
