// The other pages (home, A–Z, and the pages research tools add): {path}/index.html, rendered by kind.
// A view may list `styles` and `scripts` (paths under the site root) for its head, and a `csp` (Content-Security-
// Policy, for the query page); resource pages have none.
import { createHtml, layout } from './_includes/html.js';
import { renderPage } from './_includes/pages.js';

export const data = {
  pagination: { data: 'composed.extraPages', size: 1, alias: 'view', addAllPagesToCollections: false },
  permalink: (data) => (data.view.path === '' ? 'index.html' : `${data.view.path}/index.html`),
  eleventyExcludeFromCollections: true,
};

export function render(data) {
  const esc = data.helpers.escapeHtml;
  const view = data.view;
  const body = renderPage(esc, view);
  return layout(esc, {
    site: data.composed.site,
    root: view.root,
    path: view.path,
    title: view.title,
    description: view.description ?? view.title,
    head: [
      ...(view.csp ? [`<meta http-equiv="Content-Security-Policy" content="${esc(view.csp)}">`] : []),
      ...(view.styles ?? []).map((href) => `<link rel="stylesheet" href="${esc(view.root + href)}">`),
      ...(view.scripts ?? []).map((src) => `<script type="module" src="${esc(view.root + src)}"></script>`),
    ].join('\n'),
    body,
    breadcrumbs: createHtml(esc).breadcrumbs(view.breadcrumbs),
    searchable: view.searchable !== false,
  });
}
