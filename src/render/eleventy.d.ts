// Eleventy ships no type declarations; src/render/run-eleventy.ts describes the little of its API it uses.
declare module '@11ty/eleventy';
