// The build, top to bottom: load → validate → query → describe → render → publish, one stage after another, each in
// its folder of src/. To change a page, look in src/render/ and site/_includes/; a format, in src/describe/; a
// question, in queries/. Oxigraph's work runs on threads that end, so that its WebAssembly memory, which never
// shrinks, goes with them: the SPARQL checks and the questions (src/query/time-limit.ts) and the RDF/XML dump
// (src/describe/write-rdf-xml.ts). esbuild (the browser's scripts) and Pagefind (the search index) run in processes
// of their own, as their libraries do.
import path from 'node:path';
import type { Config } from './config.ts';
import { loadGraph } from './load/load-graph.ts';
import { readReleases } from './release/read-releases.ts';
import { describeErrors, validateRepository, type ValidationReport } from './validate/validate.ts';
import { loadResourceQuery, runQueryFiles, runSiteQueries } from './query/run-query-files.ts';
import { startQueryRunner } from './query/time-limit.ts';
import { BuildError, describeSite, listSiteIris } from './describe/describe-site.ts';
import { renderSiteViews } from './render/site-views.ts';
import { writeResourcePages } from './render/resource-pages.ts';
import { runEleventy } from './render/run-eleventy.ts';
import { createOutputWriter, publishFolder } from './publish/publish-folder.ts';
import { bundleBrowserAssets } from './publish/bundle.ts';
import { startSearchIndex } from './publish/search.ts';

export interface BuildResult {
  readonly outDir: string;
  /** Pages written (resources', and Eleventy's). */
  readonly pages: number;
  /** Other files written (RDF documents, dumps, VoID, sitemap, downloads, scripts). */
  readonly files: number;
  /** Every published IRI (a page of its own: the resources, the releases and their change sets), sorted. */
  readonly iris: readonly string[];
  readonly report: ValidationReport;
}

/** Told as each stage ends, with its name: the benchmark's hook for timing the stages (npm run build -- --report). */
export type StageHook = (stage: string) => void;

/** Build the whole site into config.outDir; on any error, reject and leave config.outDir as it was. */
export async function buildSite(config: Config, onStage: StageHook = () => undefined): Promise<BuildResult> {
  // esbuild bundles the browser's scripts in its own process while this one works.
  const bundling = bundleBrowserAssets(config.rootDir);
  bundling.catch(() => undefined);

  const loaded = await loadGraph([config.ontologyDir, config.dataDir], config.baseIri);
  const { store } = loaded;
  // The releases (data/releases/) stay out of the graph: their own pages, files and feed (src/render/release-views.ts).
  const releases = await readReleases(config.dataDir, config.baseIri);
  onStage('load');

  // The SPARQL checks and the competency questions run on one copy of the graph in a thread of its own
  // (src/query/time-limit.ts), whose memory goes when it ends: the questions with the time limit, the checks without.
  const runner = startQueryRunner(store, { timeoutMs: config.queryTimeoutMs, labelBlankNodes: true });
  const job = { queriesDir: config.queriesDir, rootDir: config.rootDir, baseIri: config.baseIri, resourceQueryFile: path.join(config.siteDir, '_includes', 'query-this-resource.rq'), timeoutMs: config.queryTimeoutMs };
  let validated, runs;
  try {
    // The source texts' files (data/source/) are read once: validation checks every quote against them, the site publishes them.
    validated = await validateRepository(config, loaded, config.baseIri, runner);
    const errors = describeErrors(validated.report, config.baseIri);
    if (errors) throw new BuildError(`SHACL validation failed: ${errors}`);
    onStage('validate');

    // The competency questions read the graph as loaded, as `npm run query` and the query page do.
    runs = await runQueryFiles(store, { ...job, runner });
  } finally {
    await runner.close();
  }
  const { report, checks, sourceTexts } = validated;
  const queryTemplate = await loadResourceQuery(job);
  onStage('query');

  const described = await describeSite(config, store, { sources: sourceTexts.sources, releases });
  // The site's own questions (diagrams, quality report) read the dataset's description too.
  const siteRows = await runSiteQueries(store, job);
  onStage('describe');

  const views = await renderSiteViews(config, described, { report, checks, runs, siteRows }, releases);
  onStage('views');

  const result = await publishFolder(config.outDir, async (dir) => {
    const output = createOutputWriter(dir);
    // Pagefind indexes each resource page in its own process while the next is rendered, then the rest of the site.
    const search = await startSearchIndex(dir);
    try {
      const resourcePages = await writeResourcePages(config, described, views, output, queryTemplate, search.addPage);
      onStage('resources');
      const pages = await runEleventy(config, views, dir);
      onStage('pages');
      for (const file of [...described.files, ...views.files]) output.write(file.path, file.content);
      for (const asset of await bundling) output.write(asset.path, asset.contents);
      onStage('files');
      await search.addOtherPages();
      await search.finish();
      onStage('search');
      return { outDir: config.outDir, pages: resourcePages + pages, files: output.count - resourcePages, iris: listSiteIris(described.documents, releases), report };
    } catch (error) {
      await search.abort();
      throw error;
    }
  });
  onStage('publish');
  return result;
}
