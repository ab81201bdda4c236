// One page per listing: {folder}/index.html for each kind (priorities, areas, articles, …) and the SDG page; the page is _includes/listing-page.njk (through listing.njk).
export default {
  pagination: { data: 'composed.listings', size: 1, alias: 'view', addAllPagesToCollections: false },
  eleventyComputed: { permalink: (data) => `${data.view.path}/index.html` },
  eleventyExcludeFromCollections: true,
};
