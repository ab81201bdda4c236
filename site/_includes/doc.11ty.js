// The shell of a documentation page (site/docs/*.md): the Markdown, rendered by Eleventy, in the site's layout,
// with breadcrumbs back to the documentation's index. Links inside the site stay relative, as on every page.
import { createHtml, layout } from './html.js';

export function render(data) {
  const esc = data.helpers.escapeHtml;
  const path = data.page.url.replace(/^\/|\/$/g, '');
  const root = '../'.repeat(path.split('/').length);
  const crumbs = [{ text: 'Home', href: root }, ...(path === 'docs' ? [] : [{ text: 'Documentation', href: `${root}docs/` }]), { text: data.title }];
  return layout(esc, {
    site: data.composed.site,
    root,
    path,
    title: data.title,
    description: data.description ?? data.title,
    body: `<article class="doc">\n${data.content}</article>`,
    breadcrumbs: createHtml(esc).breadcrumbs(crumbs),
  });
}
