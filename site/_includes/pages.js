// Renderers of the "extra" pages (composer's extraPages), by kind. To add a kind of page: build its view in
// src/compose.ts with a new `kind`, and add a function for that kind here.
import { capitalize, createHtml } from './html.js';
import { RESEARCH_RENDERERS } from './research-pages.js';

function home(esc, html, view) {
  const statements = view.statements
    .map(
      (s) => `<section class="statement" aria-labelledby="st-${esc(s.link.text.toLowerCase().replace(/[^a-z0-9]+/g, '-'))}">
<h3 id="st-${esc(s.link.text.toLowerCase().replace(/[^a-z0-9]+/g, '-'))}">${html.link(s.link)}</h3>
${s.texts[0] ? `<blockquote><p${html.langAttr(s.texts[0].lang)}>${esc(s.texts[0].text)}</p></blockquote>` : ''}
</section>`,
    )
    .join('\n');
  const linkList = (links) => `<ul class="inline-list">${links.map((l) => `<li>${html.link(l)}</li>`).join('')}</ul>`;
  const priorities = view.priorities
    .map(
      (p) => `<li class="priority">
<h3>${html.notation(p.notation, p.notationEditorial)}${html.link(p.link)}</h3>
${p.definition ? `<p${html.langAttr(p.definition.lang)}>${esc(p.definition.text)}</p>` : ''}
${p.keyAreas.length ? `<h4>Key areas of concern</h4>${linkList(p.keyAreas)}` : ''}
${p.rights.length ? `<h4>Rights of the child it serves</h4>${linkList(p.rights)}` : ''}
${p.targets.length ? `<h4>SDG targets</h4>${linkList(p.targets)}` : ''}
</li>`,
    )
    .join('\n');
  return `<h1>${esc(view.title)}</h1>
<p class="lead">${esc(view.description)}</p>
${view.documents.length ? `<p>Documents: ${view.documents.map((d) => html.link(d)).join(' and ')}.</p>` : ''}
<section aria-labelledby="statements-heading">
<h2 id="statements-heading">Vision and mission</h2>
<div class="statements">${statements}</div>
</section>
<section aria-labelledby="priorities-heading">
<h2 id="priorities-heading">Strategic priorities</h2>
<ol class="priorities">${priorities}</ol>
${view.related && view.related.texts[0] ? `<p class="related"${html.langAttr(view.related.texts[0].lang)}>${esc(view.related.texts[0].text)} <span class="muted">(${html.link({ ...view.related.link, text: 'statement' })})</span></p>` : ''}
</section>
${
  view.sharedAreas.length
    ? `<section aria-labelledby="shared-heading"><h2 id="shared-heading">Areas of concern of the strategy as a whole</h2><p>Named by the strategy in a paragraph of its own, after the three priorities, under none of them.</p>${linkList(view.sharedAreas)}</section>`
    : ''
}
<section aria-labelledby="explore-heading">
<h2 id="explore-heading">Explore</h2>
<ul class="sections">${view.sections.map((s) => `<li>${html.link(s.link)} <span class="muted">(${esc(s.count)})</span></li>`).join('')}</ul>
</section>
${
  view.tools.length
    ? `<section aria-labelledby="tools-heading"><h2 id="tools-heading">Research tools</h2><ul>${view.tools.map((t) => `<li>${html.link(t)}</li>`).join('')}</ul></section>`
    : ''
}
<section aria-labelledby="data-heading">
<h2 id="data-heading">Data</h2>
<ul>${view.downloads.map((d) => `<li>${html.link(d)}</li>`).join('')}</ul>
</section>`;
}

function az(esc, html, view) {
  return `<h1>${esc(view.title)}</h1>
<nav class="letters" aria-label="Letters"><ul>${view.letters.map((l) => `<li><a href="#${esc(l.id)}">${esc(l.letter)}</a></li>`).join('')}</ul></nav>
${view.letters
  .map(
    (l) => `<section aria-labelledby="${esc(l.id)}"><h2 id="${esc(l.id)}">${esc(l.letter)}</h2>
<ul class="az" data-pagefind-ignore>${l.items.map((item) => `<li>${html.link(item)}${item.kindLabel ? ` <span class="muted">${esc(item.kindLabel)}</span>` : ''}</li>`).join('')}</ul></section>`,
  )
  .join('\n')}`;
}

/** Renderers by page kind: each takes (esc, html, view) and returns the HTML of the main element. */
export const PAGE_RENDERERS = {
  home,
  'a-z': az,
  ...RESEARCH_RENDERERS,
};

/** Render the main content of an extra page; an unknown kind is an error that names it. */
export function renderPage(esc, view) {
  const renderer = PAGE_RENDERERS[view.kind];
  if (!renderer) throw new Error(`No renderer for pages of kind "${view.kind}" (page "${view.path}"); add one in site/_includes/pages.js`);
  return renderer(esc, createHtml(esc), view);
}

export { capitalize };
