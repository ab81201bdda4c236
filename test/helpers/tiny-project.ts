import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * Throwaway projects for the tests of src/cli/run-bundled.mjs and src/publish/workers.ts, removed after each test: each is
 * a temporary folder with the key files a bundle's name depends on (package.json, package-lock.json) and the given
 * files (paths relative to the project, e.g. 'src/greet.ts').
 */
export function useTinyProjects(prefix: string): (files?: Readonly<Record<string, string>>) => string {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  return (files = {}) => {
    const root = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    roots.push(root);
    const all: Record<string, string> = { 'package.json': '{ "type": "module" }\n', 'package-lock.json': '{ "lockfileVersion": 3 }\n', ...files };
    for (const [rel, text] of Object.entries(all)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    return root;
  };
}
