// One page per published IRI: {path}/index.html, from the composer's resource views (src/render/resource-view.ts); the page is _includes/resource-page.njk (through resource.njk).
export default {
  pagination: { data: 'composed.resources', size: 1, alias: 'view', addAllPagesToCollections: false },
  eleventyComputed: { permalink: (data) => `${data.view.path}/index.html` },
  eleventyExcludeFromCollections: true,
};
