// Eleventy configuration. Eleventy is run by src/render/run-eleventy.ts, which hands it the views of the render stage
// as the global `composed` (listings, home, A–Z, research tools) and builds the documentation pages of site/docs/;
// the resource pages are rendered from the same templates by src/render/resource-pages.ts, one at a time. The
// templates print the views and decide nothing about RDF.
//
// Templates: Nunjucks (.njk), with autoescape on. Why Nunjucks: it ships with Eleventy 3 (no new dependency), it
// escapes every {{ value }} unless the template says `| safe`, so a value that is forgotten is still escaped, and
// macros give the shared blocks (link, value, notation, editorial mark, tables) one definition each
// (_includes/macros.njk). WebC would also escape, but it parses HTML, needs a package of its own and writes
// components that are harder to read for the small blocks we have; JSX needs a compiler and a renderer. The only
// unescaped output is in _includes/macros.njk (jsonScript, rendered), each with the reason it is safe; the SVG
// diagrams are element trees (src/render/diagrams.ts) that the macro `element` writes escaped;
// test/escaping.test.ts builds a graph whose every value carries markup and checks that none of it comes back as
// markup. throwOnUndefined stays off: the views leave optional fields out, and a template tests them with `if`.
// The documentation pages, site/docs/*.md, are Eleventy's own Markdown (markdown-it), not run through a template
// language first (their code samples hold braces), in the site's page shell (_includes/doc.njk).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NUNJUCKS_OPTIONS, anchorId, upperFirst } from './filters.js';

const siteDir = path.dirname(fileURLToPath(import.meta.url));

export default function configure(eleventyConfig) {
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.setNunjucksEnvironmentOptions(NUNJUCKS_OPTIONS);
  eleventyConfig.addFilter('upperFirst', upperFirst);
  eleventyConfig.addFilter('anchorId', anchorId);
  eleventyConfig.setQuietMode(true);
  eleventyConfig.addPassthroughCopy({ [path.join(siteDir, 'assets')]: 'assets' });
  // Code blocks and tables scroll sideways when they are wider than the page: keyboard users must be able to reach
  // them (WCAG 2.1.1), so each scrolling box takes focus.
  eleventyConfig.amendLibrary('md', (md) => {
    const renderFence = md.renderer.rules.fence;
    md.renderer.rules.fence = (...args) => renderFence(...args).replace(/^<pre>/, '<pre tabindex="0">');
    md.renderer.rules.table_open = () => '<div class="table-scroll" tabindex="0">\n<table>\n';
    md.renderer.rules.table_close = () => '</table>\n</div>\n';
  });
  return {
    templateFormats: ['njk', 'md'],
    markdownTemplateEngine: false,
    dir: { includes: '_includes', data: '_data' },
  };
}
