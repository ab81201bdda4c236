// Eleventy configuration. Eleventy is run by src/build.ts, which hands it the composer's data as the global
// `composed`; the templates print that data and decide nothing about RDF.
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

const siteDir = path.dirname(fileURLToPath(import.meta.url));

export default function configure(eleventyConfig) {
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false, trimBlocks: false, lstripBlocks: false });
  // Upper-case the first letter (Nunjucks' own `capitalize` lower-cases the rest).
  eleventyConfig.addFilter('upperFirst', (text) => {
    const s = String(text ?? '');
    return s.charAt(0).toUpperCase() + s.slice(1);
  });
  // A fragment identifier made of a text: lower case, each run of other characters than a–z and 0–9 as one hyphen.
  eleventyConfig.addFilter('anchorId', (text) => String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-'));
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
    templateFormats: ['njk', 'md'],
    markdownTemplateEngine: false,
    dir: { includes: '_includes', data: '_data' },
  };
}
