// Eleventy ships no type declarations; src/build.ts describes the little of its API it uses.
declare module '@11ty/eleventy';
