import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig, ROOT_DIR } from '../../src/config.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { loadResourceQuery, runQueryFiles, runSiteQueries, type QueryFilesJob } from '../../src/query/run-query-files.ts';
import { DATASET_TEXT, describeDataset } from '../../src/describe/dataset.ts';
import { createPrefixes } from '../../src/prefixes.ts';
import type { Row } from '../../src/query/query.ts';
import { SITE_QUERY_NAMES } from '../../src/render/strategy-data.ts';
import { useScratchDir } from '../helpers/scratch.ts';

const real = createConfig({ rootDir: ROOT_DIR });
const job: QueryFilesJob = {
  queriesDir: real.queriesDir,
  rootDir: ROOT_DIR,
  baseIri: real.baseIri,
  resourceQueryFile: path.join(real.siteDir, '_includes', 'query-this-resource.rq'),
};

describe('the query stage (runQueryFiles, runSiteQueries, loadResourceQuery) ', () => {
  const scratch = useScratchDir('cbss-query-files');

  it('runs every question of queries/ with its defaults, each named by its file', async () => {
    const { store } = await loadGraph([real.ontologyDir, real.dataDir], real.baseIri);
    const runs = await runQueryFiles(store, job);
    expect(runs.length).toBeGreaterThan(20);
    expect(runs.map((r) => r.query.file).every((f) => f.startsWith('queries/') && f.endsWith('.rq'))).toBe(true);
    const priorities = runs.find((r) => r.query.file === 'queries/priorities.rq')?.result;
    expect(priorities?.type === 'bindings' ? priorities.rows.map((row) => row.notation?.value) : []).toEqual(['P1', 'P2', 'P3']);
  });

  it("answers the site's queries over the published graph, dataset description and all", async () => {
    // The build's store: the graph, then the dataset's description with its distributions (the dumps' sizes).
    const { store } = await loadGraph([real.ontologyDir, real.dataDir], real.baseIri);
    const dumps = ['ttl', 'nt'].map((ext, i) => ({ path: `downloads/cbss-car.${ext}`, mediaType: 'text/plain', format: ext.toUpperCase(), formatIri: `urn:format:${ext}`, byteSize: 1000 + i }));
    store.addQuads(describeDataset(store, { baseIri: real.baseIri, prefixes: createPrefixes(real.baseIri), dumps, ...DATASET_TEXT }));
    const rows = await runSiteQueries(store, job);
    for (const name of SITE_QUERY_NAMES) expect(rows[name].length, name).toBeGreaterThan(0);
    const statistics = rows.statistics.map((row: Row) => Object.values(row).map((t) => t.value)).flat();
    expect(statistics.length).toBeGreaterThan(0);
  });

  it('names the file and line of a query that does not parse', async () => {
    const queriesDir = path.join(scratch.path, 'queries');
    await mkdir(queriesDir);
    await writeFile(path.join(queriesDir, 'broken.rq'), '# title: Broken\n# description: On purpose.\n# audience: tests\nSELECT ?x WHERE WHERE { ?x ?p ?o }\n');
    const broken = { ...job, queriesDir, rootDir: scratch.path };
    const { store } = await loadGraph([real.ontologyDir, real.dataDir], real.baseIri);
    await expect(runQueryFiles(store, broken)).rejects.toThrow(/queries\/broken\.rq:4:/);
  });

  it('stops a query at the time limit it is given, naming its file', async () => {
    const queriesDir = path.join(scratch.path, 'slow-queries');
    await mkdir(queriesDir);
    const heavy = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n';
    await writeFile(path.join(queriesDir, 'slow.rq'), `# title: Slow\n# description: On purpose.\n# audience: tests\n${heavy}`);
    const slow = { ...job, queriesDir, rootDir: scratch.path, timeoutMs: 50 };
    const { store } = await loadGraph([real.ontologyDir, real.dataDir], real.baseIri);
    await expect(runQueryFiles(store, slow)).rejects.toThrow(/^slow-queries\/slow\.rq: The query ran longer than its time limit of 50 ms/);
    // The next question is answered: the runner that was stopped is gone, a new one is made.
    expect((await runQueryFiles(store, job)).length).toBeGreaterThan(20);
  });

  it('refuses a resource query that does not parse, naming its file', async () => {
    const file = path.join(scratch.path, 'query-this-resource.rq');
    await writeFile(file, 'SELECT * WHERE { ?resource ?p }\n');
    await expect(loadResourceQuery({ ...job, resourceQueryFile: file, rootDir: scratch.path })).rejects.toThrow(/query-this-resource\.rq/);
  });
});
