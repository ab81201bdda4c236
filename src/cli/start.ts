// npm start: build the site into _site/, then serve it at http://127.0.0.1:8080 (HOST and PORT change the
// address). If the build fails, print why and exit non-zero; the previous _site/ is left as it was.
import { buildSite } from '../build.ts';
import { createConfig } from '../config.ts';
import { serveSite } from './serve.ts';

async function main(): Promise<void> {
  const config = createConfig();
  try {
    await buildSite(config);
  } catch (error) {
    console.error(`start: the build failed, nothing is served.\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  console.log(`Built ${config.outDir}`);
  await serveSite(config.outDir);
}

main().catch((error: unknown) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
