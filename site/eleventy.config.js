// Eleventy configuration. Eleventy is run by src/build.ts, which hands it the composer's data as the global
// `composed` (and `helpers`, e.g. escapeHtml); the templates are plain .11ty.js files that print that data.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const siteDir = path.dirname(fileURLToPath(import.meta.url));

export default function configure(eleventyConfig) {
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.setQuietMode(true);
  eleventyConfig.addPassthroughCopy({ [path.join(siteDir, 'assets')]: 'assets' });
  return {
    templateFormats: ['11ty.js'],
    dir: { includes: '_includes', data: '_data' },
  };
}
