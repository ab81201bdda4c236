// npm run build: build the whole site into _site/ (BASE_IRI=… sets the base IRI). On failure, print why and
// exit non-zero; the previous _site/ is left exactly as it was.
import { buildSite } from '../build.ts';
import { createConfig } from '../config.ts';

async function main(): Promise<void> {
  const config = createConfig();
  const started = performance.now();
  const result = await buildSite(config);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Built ${result.outDir} for ${config.baseIri}: ${result.composed.iris.length} resources, ${result.pages} pages, ${result.files} data files in ${seconds} s`);
  const warnings = result.composed.report.violations.filter((v) => v.severity !== 'Violation');
  if (warnings.length > 0) console.log(`${warnings.length} validation warning(s); see the quality report.`);
}

main().catch((error: unknown) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
