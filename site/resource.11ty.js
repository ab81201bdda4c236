// One page per published IRI: {path}/index.html, from the composer's resource views (src/render.ts).
import { capitalize, createHtml, layout } from './_includes/html.js';

export const data = {
  pagination: { data: 'composed.resources', size: 1, alias: 'view', addAllPagesToCollections: false },
  permalink: (data) => `${data.view.path}/index.html`,
  eleventyExcludeFromCollections: true,
};

function quotes(esc, view) {
  if (!view.quotes.length) return '';
  return `<section aria-labelledby="h-quotes">
<h2 id="h-quotes">Quoted from the source</h2>
<ul class="quotes">
${view.quotes
  .map((q) => {
    const where = q.paragraph !== undefined ? `${esc(q.sourceLabel)}, paragraph ${esc(q.paragraph)}` : esc(q.sourceLabel);
    const chars = q.start !== undefined && q.end !== undefined ? ` <span class="muted">(characters ${esc(q.start)}–${esc(q.end)})</span>` : '';
    const cite = q.href ? `<a href="${esc(q.href)}">${where}</a>` : where;
    return `<li><figure><blockquote><p>${esc(q.exact)}</p></blockquote><figcaption>${cite}${chars}</figcaption></figure></li>`;
  })
  .join('\n')}
</ul>
</section>`;
}

function members(esc, html, view) {
  if (!view.members.length) return '';
  const toc = `<nav class="toc" aria-label="Terms on this page"><ul>${view.members
    .map((g) => `<li><a href="#terms-${esc(g.id)}">${esc(g.heading)}</a> <span class="muted">(${g.members.length})</span></li>`)
    .join('')}</ul></nav>`;
  const groups = view.members
    .map(
      (g) => `<section class="term-group" aria-labelledby="terms-${esc(g.id)}">
<h2 id="terms-${esc(g.id)}">${esc(g.heading)}</h2>
<ul class="term-index">${g.members.map((m) => `<li><a href="#${esc(m.id)}">${esc(m.id)}</a></li>`).join('')}</ul>
${g.members
  .map(
    (m) => `<section class="term" id="${esc(m.id)}">
<h3><span${html.langAttr(m.lang)}>${esc(capitalize(m.title))}</span> <code class="curie">${esc(m.id)}</code></h3>
<p class="term-iri"><span class="muted">IRI</span> <code>${esc(m.iri)}</code></p>
${m.types.length ? `<p class="kind">${m.types.map((t) => html.link(t, { code: true })).join(', ')}</p>` : ''}
${html.texts(m.texts)}
${html.propertyTable(m.properties, `${capitalize(m.title)}: properties`)}
${m.instances ? `<p>${esc(m.instances)} resource${m.instances === 1 ? ' has' : 's have'} this type.</p>` : ''}
${m.shapes.length ? `<p>Shapes that apply: ${m.shapes.map((s) => html.link(s, { code: true })).join(', ')}</p>` : ''}
${html.incomingTable(m.incoming, `${capitalize(m.title)}: linked from`)}
</section>`,
  )
  .join('\n')}
</section>`,
    )
    .join('\n');
  return `${toc}\n${groups}`;
}

function paragraphs(esc, html, view) {
  if (!view.paragraphs.length) return '';
  return `<section aria-labelledby="h-text">
<h2 id="h-text">Text</h2>
${view.rawText ? `<p>The text below is ${html.link(view.rawText)}, paragraph by paragraph (each non-empty line is a paragraph). Every quote in this graph links to its paragraph here.</p>` : ''}
<ol class="paragraphs">
${view.paragraphs
  .map(
    (p) => `<li id="${esc(p.id)}" value="${esc(p.n)}"><p>${esc(p.text)} <a class="pilcrow" href="#${esc(p.id)}" aria-label="Link to paragraph ${esc(p.n)}">¶</a></p>${
      p.quotedBy.length ? `<p class="quoted-by"><span class="muted">Quoted by:</span> ${p.quotedBy.map((l) => html.link(l)).join(', ')}</p>` : ''
    }</li>`,
  )
  .join('\n')}
</ol>
</section>`;
}

export function render(data) {
  const esc = data.helpers.escapeHtml;
  const html = createHtml(esc);
  const view = data.view;
  try {
    const head = [
      ...view.alternates.map((a) => `<link rel="alternate" type="${esc(a.type)}" href="${esc(a.href)}" title="${esc(a.label)}">`),
      `<script type="application/ld+json">${view.jsonLd}</script>`,
    ].join('\n');
    const body = `<article class="resource">
<header class="resource-header">
${view.types.length ? `<p class="kind">${view.types.map((t) => html.link(t)).join(', ')}</p>` : ''}
<h1${html.langAttr(view.lang)}>${html.notation(view.notation, view.notationEditorial)}${esc(view.title)}</h1>
<div class="iri-box" data-pagefind-ignore>
<label for="resource-iri">IRI</label>
<input id="resource-iri" type="text" readonly value="${esc(view.iri)}" size="${Math.min(80, view.iri.length)}">
</div>
<ul class="formats" aria-label="This resource in other formats" data-pagefind-ignore>
${view.alternates.map((a) => `<li><a href="${esc(a.href)}" type="${esc(a.type)}">${esc(a.label)}</a></li>`).join('')}
<li><a href="${esc(view.queryHref)}">Query this resource</a></li>
<li><a href="#how-to-cite">Cite this</a></li>
</ul>
</header>
${view.texts.length ? `<section aria-labelledby="h-about"><h2 id="h-about">Description</h2>${html.texts(view.texts, 'en')}</section>` : ''}
${quotes(esc, view)}
${paragraphs(esc, html, view)}
${
  view.crosswalk.length
    ? `<section aria-labelledby="h-crosswalk"><h2 id="h-crosswalk">Links to the UNCRC and the SDGs</h2>
<p class="muted">This project’s crosswalk: each link gives the reason it holds and the sources it rests on.</p>
${view.crosswalk.map((g) => html.crosswalkTable(g, g.heading.startsWith('Rights') ? 'Provision' : g.heading.startsWith('Sustainable') ? 'Target' : 'From')).join('\n')}</section>`
    : ''
}
${view.properties.length ? `<section aria-labelledby="h-properties"><h2 id="h-properties">Properties</h2>${html.propertyTable(view.properties, `Properties of ${view.title}`)}</section>` : ''}
${members(esc, html, view)}
${view.incoming.length ? `<section aria-labelledby="h-incoming" data-pagefind-ignore><h2 id="h-incoming">Linked from</h2>${html.incomingTable(view.incoming, `Resources that link to ${view.title}`)}</section>` : ''}
<section aria-labelledby="h-cite" id="how-to-cite" data-pagefind-ignore>
<h2 id="h-cite">Cite this</h2>
<p class="citation">${esc(view.citation)}</p>
</section>
</article>`;
    return layout(esc, { site: data.composed.site, root: view.root, path: view.path, title: view.title, description: view.description, head, body, breadcrumbs: html.breadcrumbs(view.breadcrumbs) });
  } catch (error) {
    throw new Error(`Cannot render the page of ${view.iri}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
