// Small HTML building blocks shared by the templates. Every value from the data goes through `esc` (the
// escapeHtml of src/render.ts, handed over as data.helpers.escapeHtml); nothing here decides anything about RDF.

/** Make the building blocks for one escape function. */
export function createHtml(esc) {
  const langAttr = (lang, pageLang = 'en') => (lang && lang !== pageLang ? ` lang="${esc(lang)}"` : '');

  /** The visible mark beside a notation or a label that this project gave, not the source (caro:editorialProperty). */
  function editorialMark(what) {
    return `<span class="editorial-mark" title="${esc(`This ${what} is editorial: given by this project to organise the data, not used by the source.`)}">editorial</span>`;
  }

  /** A notation (P1, P1.1, A1 …) in its badge, followed by the editorial mark when it is this project's own; '' when none. */
  function notation(code, editorial = false) {
    if (!code) return '';
    return `<span class="notation">${esc(code)}</span>${editorial ? ` ${editorialMark('notation')}` : ''} `;
  }

  /** A link view as a link (or plain text when it has no href), with an optional small code (prefixed name). */
  function link(view, { code = false } = {}) {
    if (!view) return '';
    const text = `<span${langAttr(view.lang)}>${esc(view.text)}</span>`;
    const small = code && view.code ? ` <code class="curie">${esc(view.code)}</code>` : '';
    const mark = view.editorial ? ` ${editorialMark('term')}` : '';
    if (!view.href) return `${text}${small}${mark}`;
    const ext = view.external ? ' class="external" rel="external"' : '';
    return `<a href="${esc(view.href)}"${ext}>${text}</a>${small}${mark}`;
  }

  /** A value view: a link, a literal (with language and datatype), a nested blank node or a list. */
  function value(v, depth = 0) {
    switch (v.kind) {
      case 'link':
        return link(v);
      case 'literal':
        return `<span class="literal"${langAttr(v.lang)}>${esc(v.text)}</span>${v.datatype ? ` <code class="datatype">${esc(v.datatype)}</code>` : ''}`;
      case 'list':
        return `<ol class="rdf-list">${v.items.map((item) => `<li>${value(item, depth + 1)}</li>`).join('')}</ol>`;
      case 'nested':
        return `<dl class="nested">${v.rows
          .map((row) => `<dt>${link(row.property, { code: true })}</dt>${row.values.map((x) => `<dd>${value(x, depth + 1)}</dd>`).join('')}`)
          .join('')}</dl>`;
      default:
        return '';
    }
  }

  /** Several values: one alone inline, more as a list. */
  function values(list) {
    if (list.length === 1) return value(list[0]);
    return `<ul class="values">${list.map((v) => `<li>${value(v)}</li>`).join('')}</ul>`;
  }

  /** A labelled table of properties and their values. */
  function propertyTable(rows, caption) {
    if (!rows.length) return '';
    return `<div class="table-wrap"><table class="properties">
<caption>${esc(caption)}</caption>
<thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead>
<tbody>
${rows.map((row) => `<tr><th scope="row">${link(row.property, { code: true })}</th><td>${values(row.values)}</td></tr>`).join('\n')}
</tbody>
</table></div>`;
  }

  /** The prose texts of a resource as a description list. */
  function texts(list, pageLang = 'en') {
    if (!list.length) return '';
    // Texts come grouped by property: one <dt> heads all the values of a property.
    return `<dl class="texts">${list.map((t, i) => `${i > 0 && list[i - 1].label === t.label ? '' : `<dt>${esc(capitalize(t.label))}</dt>`}<dd${langAttr(t.lang, pageLang)}>${esc(t.text)}</dd>`).join('')}</dl>`;
  }

  /** The links into a resource, grouped by the property that links. */
  function incomingTable(groups, caption) {
    if (!groups.length) return '';
    return `<div class="table-wrap"><table class="incoming">
<caption>${esc(caption)}</caption>
<thead><tr><th scope="col">Relation</th><th scope="col">From</th></tr></thead>
<tbody>
${groups
  .map((g) => {
    const via = g.via.length ? `${g.via.map((v) => link(v)).join(' › ')} › ` : '';
    const from = g.from.length === 1 ? link(g.from[0]) : `<ul class="values">${g.from.map((f) => `<li>${link(f)}</li>`).join('')}</ul>`;
    return `<tr><th scope="row">${via}${link(g.property, { code: true })}</th><td>${from}</td></tr>`;
  })
  .join('\n')}
</tbody>
</table></div>`;
  }

  /** Crosswalk links with their rationale and sources. */
  function crosswalkTable(group, firstColumn) {
    return `<div class="table-wrap"><table class="crosswalk">
<caption>${esc(group.heading)}</caption>
<thead><tr><th scope="col">${esc(firstColumn)}</th><th scope="col">Rationale</th><th scope="col">Sources</th></tr></thead>
<tbody>
${group.rows
  .map(
    (r) =>
      `<tr><th scope="row">${link(r.target)}</th><td>${r.rationale ? `<span${langAttr(r.rationale.lang)}>${esc(r.rationale.text)}</span>` : '<span class="muted">No rationale recorded.</span>'}${
        r.statement ? ` <span class="statement">(${link({ ...r.statement, text: 'statement' })})</span>` : ''
      }</td><td>${r.sources.length ? `<ul class="values">${r.sources.map((s) => `<li>${link(s)}</li>`).join('')}</ul>` : ''}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table></div>`;
  }

  /** Breadcrumbs: a navigation landmark with an ordered list; the last crumb is the current page. */
  function breadcrumbs(crumbs) {
    if (!crumbs || crumbs.length < 2) return '';
    return `<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>${crumbs
      .map((c, i) => (i === crumbs.length - 1 ? `<li><span aria-current="page"${langAttr(c.lang)}>${esc(c.text)}</span></li>` : `<li>${link(c)}</li>`))
      .join('')}</ol></nav>`;
  }

  return { link, notation, editorialMark, value, values, propertyTable, texts, incomingTable, crosswalkTable, breadcrumbs, langAttr };
}

/** Upper-case the first letter. */
export function capitalize(text) {
  const s = String(text ?? '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The page shell: head (title, description, stylesheet, extra head), skip link, header with navigation, main, footer. */
export function layout(esc, { site, root, path, title, description, head = '', body, breadcrumbs = '', searchable = true }) {
  const here = path === '' ? '' : path;
  const nav = site.nav
    .map((item) => {
      const current = here === item.path || (item.path !== '' && here.startsWith(`${item.path}/`));
      return `<li><a href="${esc(root + (item.path === '' ? '' : `${item.path}/`))}"${current ? ' aria-current="page"' : ''}>${esc(item.text)}</a></li>`;
    })
    .join('');
  const licence = site.licence ? `Data licence: <a href="${esc(site.licence.href)}" rel="license external">${esc(site.licence.text)}</a>.` : '';
  const version = site.modified ? ` Data of ${esc(site.modified)}.` : '';
  return `<!doctype html>
<html lang="${esc(site.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(site.title)}</title>
<meta name="description" content="${esc(description)}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${esc(root)}assets/style.css">
${head}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="wrap">
<a class="site-title" href="${esc(root)}">${esc(site.title)}</a>
<nav class="site-nav" aria-label="Main"><ul>${nav}</ul></nav>
</div>
</header>
<div class="wrap">
${breadcrumbs}
<main id="main" tabindex="-1"${searchable ? ' data-pagefind-body' : ''}>
${body}
</main>
</div>
<footer class="site-footer">
<div class="wrap">
<p>${licence}${version} Every page is also available as Turtle, JSON-LD and N-Triples; <a href="${esc(root)}dataset/">about the data and downloads</a>.</p>
<p>The statements quoted here are the CBSS Expert Group on Children at Risk’s own words; the crosswalk to the UNCRC and the SDGs is this project’s interpretation.</p>
</div>
</footer>
</body>
</html>
`;
}
