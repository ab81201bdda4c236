// npm run iris [-- --update]: compare the IRIs the graph describes with data/published-iris.txt.
// Prints what was added and what went missing; --update appends the new IRIs (never removes one).
// Exits 1 if a published IRI is no longer in the graph.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createConfig } from '../config.ts';
import { loadGraph } from '../load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../prefixes.ts';
import { checkIriList, formatIriList, listPublishedIris, mergeIriLists, parseIriList } from '../describe/published-iris.ts';
import { listReleaseIris, releasesDirOf, writeAtomically } from '../release/release-files.ts';

async function main(args: readonly string[]): Promise<number> {
  const update = args.includes('--update');
  const unknown = args.filter((arg) => arg !== '--update');
  if (unknown.length > 0) {
    console.error(`iris: unknown argument ${unknown.join(' ')}; usage: npm run iris [-- --update]`);
    return 2;
  }
  // The list holds IRIs under the default (published) base; loading with that base keeps them comparable.
  const config = createConfig({ baseIri: DEFAULT_BASE_IRI });
  const listFile = path.join(config.dataDir, 'published-iris.txt');
  const { store } = await loadGraph([config.ontologyDir, config.dataDir], config.baseIri);
  // The releases (data/releases/) are not in the graph; their IRIs are published as the graph's are.
  const current = [...listPublishedIris(store.asDatasetView(), config.baseIri), ...(await listReleaseIris(releasesDirOf(config.dataDir), config.baseIri))].sort();
  const published = parseIriList(await readFile(listFile, 'utf8').catch(() => ''), listFile);
  const { removed, added } = checkIriList(current, published);

  for (const iri of added) console.log(`+ ${iri}`);
  for (const iri of removed) console.log(`- ${iri}  (published, but no longer in the graph)`);
  console.log(`${current.length} IRIs in the graph, ${published.length} published: ${added.length} new, ${removed.length} missing`);

  if (update && added.length > 0) {
    await writeAtomically(listFile, formatIriList(mergeIriLists(published, current)));
    console.log(`appended ${added.length} IRIs to ${path.relative(config.rootDir, listFile)}`);
  } else if (added.length > 0) {
    console.log('run `npm run iris -- --update` to publish the new IRIs');
  }
  if (removed.length > 0) {
    console.error(`iris: ${removed.length} published IRIs are missing from the graph; published IRIs must never go away`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`iris: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
