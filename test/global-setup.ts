// Stops the run at once, with the apt-get line to run, if a system package the tests need is missing
// (test/system-packages.txt, or the list SYSTEM_PACKAGES_FILE names). Then builds the site once, from the repository's ontology and data with the default base IRI, into a temporary
// folder, and provides its path as 'siteDir' (tests read it with inject('siteDir')); removes it afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../src/build.ts';
import { createConfig } from '../src/config.ts';
import { checkSystemPackages, SYSTEM_PACKAGES_FILE } from './helpers/system-packages.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  checkSystemPackages(process.env.SYSTEM_PACKAGES_FILE || SYSTEM_PACKAGES_FILE);
  const parent = await mkdtemp(path.join(os.tmpdir(), 'cbss-car-test-site-'));
  const siteDir = path.join(parent, 'site');
  await buildSite(createConfig({ outDir: siteDir }, {}));
  project.provide('siteDir', siteDir);
  return async () => {
    await rm(parent, { recursive: true, force: true });
  };
}
