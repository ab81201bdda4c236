// The templates' own filters, one definition for both renderers: Eleventy (site/eleventy.config.js) and the resource
// pages, which src/render/resource-pages.ts renders with the same templates one at a time.

/** Upper-case the first letter (Nunjucks' own `capitalize` lower-cases the rest). */
export function upperFirst(text) {
  const s = String(text ?? '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A fragment identifier made of a text: lower case, each run of other characters than a–z and 0–9 as one hyphen. */
export function anchorId(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** Nunjucks' options, as both renderers set them: autoescape on, undefined values print nothing. */
export const NUNJUCKS_OPTIONS = { autoescape: true, throwOnUndefined: false, trimBlocks: false, lstripBlocks: false };
