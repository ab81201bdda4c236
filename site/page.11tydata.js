// The other pages (home, A–Z, and the pages research tools add): {path}/index.html; the page is _includes/other-page.njk (through page.njk).
export default {
  pagination: { data: 'composed.extraPages', size: 1, alias: 'view', addAllPagesToCollections: false },
  eleventyComputed: { permalink: (data) => (data.view.path === '' ? 'index.html' : `${data.view.path}/index.html`) },
  eleventyExcludeFromCollections: true,
};
