// The templates escape by default (site/filters.js's NUNJUCKS_OPTIONS, used by Eleventy and by the resource pages): the only unescaped output is the two macros of
// site/_includes/macros.njk that say why it is safe. A `| safe`, an autoescape switch or a `markSafe` anywhere else
// fails here, so a new raw value cannot slip in unseen.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.ts';

const SITE = path.join(ROOT_DIR, 'site');
const RAW = /\|\s*safe\b|autoescape|markSafe|SafeString/;

// Blank out comments ({# … #} in Nunjucks, // and /* */ in JavaScript), keeping line numbers.
function stripComments(text: string, file: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return file.endsWith('.njk') ? text.replace(/\{#[\s\S]*?#\}/g, blank) : text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, blank);
}

/** Every line of the site's templates and their configuration that could print a value unescaped, as "file:line: text". */
async function findRawOutput(): Promise<string[]> {
  const entries = await readdir(SITE, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.njk$|\.js$/.test(e.name) && !e.parentPath.includes(`${path.sep}server`));
  const found: string[] = [];
  for (const entry of files) {
    const file = path.relative(SITE, path.join(entry.parentPath, entry.name));
    const lines = stripComments(await readFile(path.join(SITE, file), 'utf8'), file).split('\n');
    lines.forEach((line, i) => {
      if (RAW.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return found.sort();
}

describe('raw output in the templates', () => {
  it('is only in the jsonScript and rendered macros of _includes/macros.njk, and autoescape is switched on once', async () => {
    const found = await findRawOutput();
    const macros = found.filter((f) => /^_includes\/macros\.njk:\d+: \{% macro (jsonScript|rendered)\(/.test(f));
    const switchedOn = found.filter((f) => /^filters\.js:\d+: export const NUNJUCKS_OPTIONS = \{ autoescape: true\b/.test(f));
    expect(macros).toHaveLength(2);
    expect(switchedOn).toHaveLength(1);
    expect(found.filter((f) => !macros.includes(f) && !switchedOn.includes(f))).toEqual([]);
  });

  it('is not switched off from src/: the resource pages take the same options, and nothing there marks a value safe', async () => {
    const entries = await readdir(path.join(ROOT_DIR, 'src'), { recursive: true, withFileTypes: true });
    const found: string[] = [];
    for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith('.ts'))) {
      const file = path.join(entry.parentPath, entry.name);
      const lines = stripComments(await readFile(file, 'utf8'), file).split('\n');
      lines.forEach((line, i) => {
        if (/autoescape|markSafe|SafeString/.test(line)) found.push(`${path.relative(ROOT_DIR, file)}:${i + 1}`);
      });
    }
    expect(found).toEqual([]);
    const renderer = await readFile(path.join(ROOT_DIR, 'src', 'render', 'resource-pages.ts'), 'utf8');
    expect(renderer).toMatch(/new nunjucks\.Environment\(loader, NUNJUCKS_OPTIONS\)/);
  });
});
