// Stage 5, render (resources): every published IRI's page and its three RDF documents (Turtle, JSON-LD, N-Triples),
// made and written one resource at a time, so that memory grows with the graph and not with the pages. The pages use
// the site's templates (site/_includes/resource-page.njk) through Nunjucks, set up as Eleventy sets it up (the same
// options and filters: site/filters.js), so they come out as Eleventy would write them. Eleventy's pagination would
// hold every page's data at once: about 2 GB at 10,000 resources.
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Config } from '../config.ts';
import { describeDocument } from '../describe/describe.ts';
import type { SiteDescription } from '../describe/describe-site.ts';
import { canonicalizeGraph, writeGraphDocuments } from '../describe/write-rdf.ts';
import type { OutputWriter } from '../publish/publish-folder.ts';
import { buildResourceView } from './resource-view.ts';
import type { SiteViews } from './site-views.ts';
import { NUNJUCKS_OPTIONS, anchorId, upperFirst } from '../../site/filters.js';

/** A Nunjucks environment over the site's templates, as Eleventy configures its own (site/eleventy.config.js). */
export function createTemplateEnvironment(siteDir: string): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([path.join(siteDir, '_includes'), siteDir]);
  const environment = new nunjucks.Environment(loader, NUNJUCKS_OPTIONS);
  environment.addFilter('upperFirst', upperFirst);
  environment.addFilter('anchorId', anchorId);
  return environment;
}

/** Render and write each resource's page and RDF documents, handing each page to onPage too (the search index); return how many pages were written. */
export async function writeResourcePages(config: Config, described: SiteDescription, views: SiteViews, output: OutputWriter, queryTemplate: string, onPage?: (sourcePath: string, html: string) => Promise<void>): Promise<number> {
  const environment = createTemplateEnvironment(config.siteDir);
  const composed = { site: views.site };
  const { store, prefixes } = described;
  for (const doc of described.documents) {
    // Blank nodes are labelled once, for the documents and the page's embedded description alike.
    const graph = await canonicalizeGraph(describeDocument(store, doc.members), doc.members);
    const history = views.history.get(doc.iri);
    const view = await buildResourceView(views.index, doc, { queryTemplate, graph, ...(history ? { history } : {}) });
    const html = environment.render('resource-page.njk', { composed, view });
    output.write(`${doc.path}/index.html`, html);
    await onPage?.(`${doc.path}/index.html`, html);
    for (const { file, content } of await writeGraphDocuments(graph, prefixes)) output.write(`${doc.path}/${file}`, content);
  }
  return described.documents.length;
}
