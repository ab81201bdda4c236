// Renderers of the research tools' pages (views built by src/research-tools.ts): the SPARQL query page, the gallery
// of example questions, the diagrams, the data-quality report and the search page. Every value goes through `esc`;
// the only markup taken as is comes from src/diagrams.ts (SVG and tables, escaped there and tested).

function table(esc, caption, head, rows, className = '') {
  // Focusable, so that a table wider than the screen can be scrolled from the keyboard.
  return `<div class="table-wrap" role="region" tabindex="0" aria-label="${esc(caption)}"><table${className ? ` class="${esc(className)}"` : ''}>
<caption>${esc(caption)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n')}
</tbody>
</table></div>`;
}

function query(esc, html, view) {
  const examples = view.examples
    .map((e) => `<li><a href="${esc(e.href)}" data-name="${esc(e.name)}">${esc(e.title)}</a></li>`)
    .join('\n');
  const prefixes = view.prefixes.map((p) => [`<th scope="row"><code>${esc(p.prefix)}:</code></th>`, `<td><code>${esc(p.namespace)}</code></td>`]);
  return `<script async src="${esc(view.boot.script)}" data-worker="${esc(view.boot.worker)}" data-data="${esc(view.boot.data)}"></script>
<h1>${esc(view.title)}</h1>
<p class="lead">${esc(view.description)} Write a query and run it, or start from an example; the address of the page keeps the query, so it can be shared.</p>
<div class="query-tool">
<details class="query-examples" id="query-examples">
<summary>Example questions (${esc(view.examples.length)})</summary>
<ul>
${examples}
</ul>
<p>Each example has a page with its answer and downloads in the <a href="${esc(view.galleryHref)}">gallery of example questions</a>.</p>
</details>
<form id="query-form" action="./" method="get">
<label for="query-text" class="query-label">SPARQL query</label>
<textarea id="query-text" name="query" rows="14" cols="80" spellcheck="false">${esc(view.defaultQuery)}</textarea>
<div id="query-editor"></div>
<div class="query-actions">
<button type="submit" id="query-run">Run query</button>
<button type="button" id="query-cancel" disabled>Cancel</button>
<a id="query-permalink" href="?query=${esc(encodeURIComponent(view.defaultQuery))}">Link to this query</a>
<span class="muted">Ctrl + Enter runs the query.</span>
</div>
<div id="query-error" class="query-error" role="alert" hidden></div>
</form>
<p id="query-status" class="query-status" role="status" aria-live="polite"></p>
<div id="query-downloads" class="query-downloads" hidden></div>
<section id="query-results" class="query-results" aria-label="Query results"></section>
<noscript><p>This page runs queries in your browser and needs JavaScript. Without it, the answers to the example questions are in the <a href="${esc(view.galleryHref)}">gallery</a>, and the whole graph can be <a href="${esc(view.dumpHref)}">downloaded</a>.</p></noscript>
<details class="query-prefixes">
<summary>Prefixes you can use without declaring them</summary>
${table(esc, 'Prefixes declared for every query', ['Prefix', 'Namespace'], prefixes, 'prefixes')}
</details>
<p class="muted">The data (${esc('N-Triples')}) is loaded from this site and queried on your own machine with Comunica, in a background worker; nothing is sent anywhere. Queries that change data are refused.</p>
</div>
<script type="application/json" id="query-config">${view.configJson}</script>
<script src="${esc(view.script)}"></script>`;
}

function gallery(esc, html, view) {
  return `<h1>${esc(view.title)}</h1>
<p class="lead">${esc(view.description)}</p>
<p>To ask your own question, use the <a href="../query/">query page</a>.</p>
<ol class="gallery">
${view.entries
  .map(
    (e) => `<li>
<h2>${html.link(e.link)}</h2>
<p>${esc(e.description)}</p>
<p class="muted">For: ${esc(e.audience)}. Answer: ${esc(e.summary)}.</p>
</li>`,
  )
  .join('\n')}
</ol>`;
}

function cell(esc, c) {
  if (!c.text) return '<td></td>';
  const title = c.term && c.term !== c.text ? ` title="${esc(c.term)}"` : '';
  return c.href ? `<td><a href="${esc(c.href)}"${title}>${esc(c.text)}</a></td>` : `<td${title}>${esc(c.text)}</td>`;
}

function galleryItem(esc, html, view) {
  const parameters = view.parameters.length
    ? `<h3>Parameters</h3>
<p>The answer above is for these values; on the query page you can change them in the VALUES line.</p>
<dl class="parameters">${view.parameters.map((p) => `<dt><code>?${esc(p.name)}</code> = <code>${esc(p.value)}</code></dt><dd>${esc(p.description)}</dd>`).join('')}</dl>`
    : '';
  const answer =
    view.resultKind === 'boolean'
      ? `<p class="answer">Answer: <strong>${view.boolean ? 'yes' : 'no'}</strong></p>`
      : view.rows.length === 0
        ? '<p>The query has no answer in the data (no rows).</p>'
        : table(esc, `The answer (${view.summary})`, view.columns, view.rows.map((row) => row.map((c) => cell(esc, c))), 'results');
  const downloads = `<ul class="downloads">${view.downloads.map((d) => `<li><a href="${esc(d.href)}" type="${esc(d.mediaType)}" download>${esc(d.label)}</a></li>`).join('')}<li><a href="${esc(view.queryFileHref)}" type="application/sparql-query" download>The query (.rq)</a></li></ul>`;
  return `<h1>${esc(view.title)}</h1>
<p class="lead">${esc(view.description)}</p>
<p class="muted">For: ${esc(view.audience)}.</p>
<p class="actions"><a class="button" href="${esc(view.liveHref)}">Run it live on the query page</a></p>
<section aria-labelledby="answer-heading">
<h2 id="answer-heading">The answer</h2>
<p>Computed from the data when this site was built: ${esc(view.summary)}. Download it:</p>
${downloads}
<div data-pagefind-ignore>${answer}</div>
</section>
<section aria-labelledby="query-heading">
<h2 id="query-heading">The query</h2>
${parameters}
<pre class="sparql" tabindex="0"><code>${esc(view.query)}</code></pre>
</section>
<p><a href="${esc(view.galleryHref)}">All example questions</a></p>`;
}

function diagrams(esc, html, view) {
  return `<h1>${esc(view.title)}</h1>
<p class="lead">${esc(view.description)} Both are drawn when the site is built; each box and each square is a link. Under each diagram, a table gives the same information.</p>
${view.diagrams
  .map(
    (d) => `<section aria-labelledby="${esc(d.id)}-heading">
<h2 id="${esc(d.id)}-heading">${esc(d.title)}</h2>
<figure class="diagram-figure" data-pagefind-ignore>
<div class="diagram-scroll" role="region" tabindex="0" aria-label="${esc(d.title)} (scrolls sideways)">${d.svg}</div>
<figcaption>${esc(d.description)}</figcaption>
</figure>
<h3>The same as a table</h3>
<div class="table-wrap" data-pagefind-ignore>${d.table}</div>
</section>`,
  )
  .join('\n')}`;
}

function quality(esc, html, view) {
  const r = view.report;
  const link = (iri, text) => (view.links[iri] ? `<a href="${esc(view.links[iri])}">${esc(text)}</a>` : esc(text));
  const v = r.validation;
  const verdict = v.conforms ? 'The data conforms to every SHACL shape.' : 'The data does not conform to every SHACL shape.';
  const checks = table(
    esc,
    `SPARQL checks (${v.checksRun} run)`,
    ['Check', 'What it tests', 'Severity', 'Problems found'],
    v.checks.map((c) => [`<th scope="row"><code>${esc(c.name)}</code></th>`, `<td>${esc(c.title)}</td>`, `<td>${esc(c.severity)}</td>`, `<td>${esc(c.failures)}</td>`]),
  );
  const problems = v.problems.length
    ? table(
        esc,
        `Problems found (${v.problems.length})`,
        ['Severity', 'Resource', 'Property', 'Message', 'Shape or check'],
        v.problems.map((p) => [`<td>${esc(p.severity)}</td>`, `<td><code>${esc(p.focus)}</code></td>`, `<td>${p.path ? `<code>${esc(p.path)}</code>` : ''}</td>`, `<td>${esc(p.message)}</td>`, `<td><code>${esc(p.source)}</code></td>`]),
      )
    : '<p>No problem of any severity was found.</p>';
  const name = (item) => (item.notation ? `${item.notation} ${item.label}` : item.label);
  // The item as a link, with the editorial mark when its notation is this project's own.
  const itemLink = (item) => `${link(item.iri, name(item))}${item.editorial ? ` ${html.editorialMark('notation')}` : ''}`;
  const coverage = r.coverage
    .map((g, i) => {
      return `<section aria-labelledby="coverage-${i}">
<h3 id="coverage-${i}">${esc(g.title)}: ${esc(g.covered)} of ${esc(g.total)}</h3>
<meter min="0" max="${esc(g.total)}" value="${esc(g.covered)}" aria-labelledby="coverage-${i}">${esc(g.covered)} of ${esc(g.total)}</meter>
${g.missing.length ? `<p data-pagefind-ignore>Not reached: ${g.missing.map((iri) => { const item = g.items.find((x) => x.iri === iri); return itemLink(item); }).join(', ')}.</p>` : '<p>All reached.</p>'}
<details data-pagefind-ignore><summary>Each item and what it is linked with (${esc(g.items.length)})</summary>
${table(
  esc,
  g.title,
  ['Item', 'Linked with'],
  g.items.map((item) => [`<th scope="row">${itemLink(item)}</th>`, `<td>${item.links.length ? esc(item.links.join(', ')) : '<span class="muted">none</span>'}</td>`]),
)}
</details>
</section>`;
    })
    .join('\n');
  return `<h1>${esc(view.title)}</h1>
<p class="lead">${esc(view.description)}</p>
<section aria-labelledby="version-heading">
<h2 id="version-heading">Version</h2>
<dl class="version">
${r.version ? `<dt>Version</dt><dd>${esc(r.version)}</dd>` : ''}
${r.issued ? `<dt>First issued</dt><dd><time datetime="${esc(r.issued)}">${esc(r.issued)}</time></dd>` : ''}
${r.modified ? `<dt>Last modified</dt><dd><time datetime="${esc(r.modified)}">${esc(r.modified)}</time></dd>` : ''}
</dl>
<p class="muted">Taken from the data (<code>owl:versionInfo</code>, <code>dct:issued</code>, <code>dct:modified</code>), not from the day the site was built; the dataset's dates come first, then the ontology's.</p>
${table(
  esc,
  'Versions and dates stated in the data',
  ['Resource', 'Kind', 'Version', 'Issued', 'Modified'],
  r.versions.map((x) => [`<th scope="row">${link(x.resource, x.name)}</th>`, `<td>${esc(x.kinds.join(', '))}</td>`, `<td>${esc(x.version ?? '—')}</td>`, `<td>${esc(x.issued ?? '—')}</td>`, `<td>${esc(x.modified ?? '—')}</td>`]),
  'versions',
)}
</section>
<section aria-labelledby="validation-heading">
<h2 id="validation-heading">Validation</h2>
<p><strong>${esc(verdict)}</strong> ${esc(v.shapesChecked)} shapes checked ${esc(v.focusNodesChecked)} resources; ${esc(v.checksRun)} SPARQL checks test what SHACL cannot. Violations: ${esc(v.counts.Violation)}; warnings: ${esc(v.counts.Warning)}; notes: ${esc(v.counts.Info)}.</p>
${v.unusedShapes.length ? `<p>Shapes that matched no resource (a sign of a typo): ${v.unusedShapes.map((s) => `<code>${esc(s)}</code>`).join(', ')}.</p>` : '<p>Every shape matched at least one resource.</p>'}
${checks}
${problems}
</section>
<section aria-labelledby="classes-heading">
<h2 id="classes-heading">Resources by class</h2>
<div data-pagefind-ignore>${table(
  esc,
  'Number of resources of each class (as stated, without inference)',
  ['Class', 'Label', 'Resources'],
  r.classCounts.map((c) => [`<th scope="row">${link(c.iri, c.name)}</th>`, `<td>${esc(c.label ?? '')}</td>`, `<td class="number">${esc(c.count)}</td>`]),
)}</div>
</section>
<section aria-labelledby="coverage-heading">
<h2 id="coverage-heading">Crosswalk coverage</h2>
<p>${esc(r.alignments)} crosswalk statements link the priorities and areas of concern to the UN Convention on the Rights of the Child and to SDG targets.</p>
${coverage}
</section>
<section aria-labelledby="statistics-heading">
<h2 id="statistics-heading">Dataset statistics</h2>
${table(esc, 'Statistics of the whole graph, as its VoID description states them', ['Figure', 'Value'], r.statistics.map((s) => [`<th scope="row">${esc(s.label)}</th>`, `<td class="number">${esc(s.value)}</td>`]))}
<p>The same figures, with the classes and properties, are in the <a href="${esc(view.voidHref)}">VoID description</a>.</p>
</section>`;
}

function search(esc, html, view) {
  return `<h1>${esc(view.title)}</h1>
<p class="lead">${esc(view.description)}</p>
<div id="search" class="search-box"></div>
<noscript><p>Search needs JavaScript. Without it, the <a href="../a-z/">A–Z index</a> lists every page.</p></noscript>
${view.bodyScripts.map((s) => `<script src="${esc(s)}"></script>`).join('\n')}`;
}

/** The research tools' own navigation, above each of their pages. */
function toolsNav(esc, view) {
  return `<nav class="tools-nav" aria-label="Research tools"><ul>${view.tools
    .map((t) => `<li><a href="${esc(t.href)}"${t.current ? ' aria-current="page"' : ''}>${esc(t.text)}</a></li>`)
    .join('')}</ul></nav>\n`;
}

function withToolsNav(render) {
  return (esc, html, view) => toolsNav(esc, view) + render(esc, html, view);
}

/** Renderers by page kind, for site/_includes/pages.js. */
export const RESEARCH_RENDERERS = {
  query: withToolsNav(query),
  gallery: withToolsNav(gallery),
  'gallery-item': withToolsNav(galleryItem),
  diagrams: withToolsNav(diagrams),
  quality: withToolsNav(quality),
  search: withToolsNav(search),
};
