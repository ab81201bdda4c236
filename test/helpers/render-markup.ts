// Write an element tree of src/render/diagrams.ts as the site does: through the `element` macro of site/_includes/macros.njk,
// in Nunjucks with autoescape, so that the diagrams' tests check the markup the pages get.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT_DIR } from '../../src/config.ts';
import type { Markup } from '../../src/render/diagrams.ts';

interface NunjucksEnvironment {
  renderString(source: string, context: object): string;
}
interface Nunjucks {
  Environment: new (loader: unknown, options: object) => NunjucksEnvironment;
  FileSystemLoader: new (dir: string) => unknown;
}

const nunjucks = createRequire(import.meta.url)('nunjucks') as Nunjucks;
const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.join(ROOT_DIR, 'site', '_includes')), { autoescape: true });

/** The HTML (or SVG) text of an element tree, as the templates write it. */
export function renderMarkup(node: Markup): string {
  return environment.renderString('{% import "macros.njk" as h %}{{ h.element(node) }}', { node });
}
