// One page per listing: {folder}/index.html for each kind (priorities, areas, articles, …) and the SDG page.
import { createHtml, layout } from './_includes/html.js';

export const data = {
  pagination: { data: 'composed.listings', size: 1, alias: 'view', addAllPagesToCollections: false },
  permalink: (data) => `${data.view.path}/index.html`,
  eleventyExcludeFromCollections: true,
};

function listing(esc, html, view) {
  const groups = view.groups
    .map((g) => {
      const items = `<ul class="listing" data-pagefind-ignore>${g.items
        .map(
          (item) => `<li>${html.notation(item.notation, item.notationEditorial)}${html.link(item.link)}${
            item.summary ? `<p${html.langAttr(item.summary.lang)}>${esc(item.summary.text)}</p>` : ''
          }</li>`,
        )
        .join('\n')}</ul>`;
      return g.heading ? `<section aria-labelledby="${esc(g.id)}"><h2 id="${esc(g.id)}">${esc(g.heading)} <span class="muted">(${g.items.length})</span></h2>${items}</section>` : items;
    })
    .join('\n');
  return `<h1>${esc(view.title)}</h1>
${view.intro ? `<p class="lead">${esc(view.intro)}</p>` : ''}
<p class="muted">${esc(view.count)} ${view.count === 1 ? 'entry' : 'entries'}.</p>
${groups}`;
}

function sdg(esc, html, view) {
  return `<h1>${esc(view.title)}</h1>
<p class="lead">${esc(view.intro)}</p>
${view.goals
  .map(
    (goal) => `<section class="goal" aria-labelledby="${esc(goal.id)}" >
<h2 id="${esc(goal.id)}">${esc(goal.title)}: <span${html.langAttr(goal.lang)}>${esc(goal.wording)}</span></h2>
<p class="term-iri"><span class="muted">IRI</span> <code>${esc(goal.iri)}</code></p>
${goal.targets
  .map(
    (t) => `<section class="target" aria-labelledby="${esc(t.id)}">
<h3 id="${esc(t.id)}">${esc(t.title)}</h3>
<p${html.langAttr(t.lang)}>${esc(t.wording)}</p>
<p class="term-iri"><span class="muted">IRI</span> <code>${esc(t.iri)}</code></p>
${t.crosswalk.length ? `<div data-pagefind-ignore>${t.crosswalk.map((g) => html.crosswalkTable(g, 'From')).join('\n')}</div>` : ''}
</section>`,
  )
  .join('\n')}
</section>`,
  )
  .join('\n')}`;
}

export function render(data) {
  const esc = data.helpers.escapeHtml;
  const html = createHtml(esc);
  const view = data.view;
  const body = view.kind === 'sdg' ? sdg(esc, html, view) : listing(esc, html, view);
  const description = view.intro ?? view.title;
  return layout(esc, { site: data.composed.site, root: view.root, path: view.path, title: view.title, description, body, breadcrumbs: html.breadcrumbs(view.breadcrumbs) });
}
