// The search page's script: starts Pagefind's UI over the index written at build time (pagefind/).
declare const PagefindUI: new (options: Record<string, unknown>) => unknown;

/** Start the search box; result links are made relative to wherever the site is deployed. */
function startSearchPage(): void {
  const siteRoot = new URL('../', document.baseURI);
  new PagefindUI({
    element: '#search',
    baseUrl: siteRoot.pathname,
    showImages: false,
    showSubResults: false,
    // Rank a resource's own page above the many short pages that merely mention it (crosswalk statements).
    ranking: { pageLength: 0, termFrequency: 1, termSaturation: 0.8 },
    resetStyles: false,
    autofocus: false,
    translations: { placeholder: 'Search the strategy, its areas, articles and targets' },
  });
  const initial = new URLSearchParams(window.location.search).get('q');
  const input = document.querySelector<HTMLInputElement>('#search input[type="text"], #search input[type="search"]');
  if (input) input.setAttribute('aria-label', 'Search the site');
  if (initial && input) {
    input.value = initial;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  document.body.dataset.searchPage = 'ready';
}

startSearchPage();
