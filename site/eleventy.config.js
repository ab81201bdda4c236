// Eleventy configuration. Eleventy is run by src/build.ts, which hands it the composer's data as the global
// `composed` (and `helpers`, e.g. escapeHtml); the templates are plain .11ty.js files that print that data.
// The documentation pages, site/docs/*.md, are Eleventy's own Markdown (markdown-it), not run through a template
// language first (their code samples hold braces), in the site's page shell (_includes/doc.11ty.js).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const siteDir = path.dirname(fileURLToPath(import.meta.url));

export default function configure(eleventyConfig) {
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.setQuietMode(true);
  eleventyConfig.addPassthroughCopy({ [path.join(siteDir, 'assets')]: 'assets' });
  // The build runs Eleventy twice (src/build.ts); the documentation pages are written by the run whose data says withDocs.
  eleventyConfig.addPreprocessor('docs-once', 'md', (data) => (data.composed.withDocs ? undefined : false));
  // Code blocks and tables scroll sideways when they are wider than the page: keyboard users must be able to reach
  // them (WCAG 2.1.1), so each scrolling box takes focus.
  eleventyConfig.amendLibrary('md', (md) => {
    const renderFence = md.renderer.rules.fence;
    md.renderer.rules.fence = (...args) => renderFence(...args).replace(/^<pre>/, '<pre tabindex="0">');
    md.renderer.rules.table_open = () => '<div class="table-scroll" tabindex="0">\n<table>\n';
    md.renderer.rules.table_close = () => '</table>\n</div>\n';
  });
  return {
    templateFormats: ['11ty.js', 'md'],
    markdownTemplateEngine: false,
    dir: { includes: '_includes', data: '_data' },
  };
}
