import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig, ROOT_DIR } from '../../src/config.ts';
import { loadGraph } from '../../src/load/load-graph.ts';
import { loadResourceQuery, runQueryFiles, runSiteQueries, type QueryFilesJob } from '../../src/query/run-query-files.ts';
import { DATASET_TEXT, describeDataset } from '../../src/describe/dataset.ts';
import { createPrefixes } from '../../src/prefixes.ts';
import type { Row } from '../../src/query/query.ts';
import { SITE_QUERY_NAMES } from '../../src/render/strategy-data.ts';
import { startQueryFiles } from '../../src/query/query-files-in-worker.ts';
import { WorkerJobError } from '../../src/publish/workers.ts';
import { useScratchDir } from '../helpers/scratch.ts';

const real = createConfig({ rootDir: ROOT_DIR });
const job: QueryFilesJob = {
  queriesDir: real.queriesDir,
  rootDir: ROOT_DIR,
  baseIri: real.baseIri,
  resourceQueryFile: path.join(real.siteDir, '_includes', 'query-this-resource.rq'),
};

describe('the query stage (runQueryFiles, runSiteQueries, loadResourceQuery) and its worker (startQueryFiles)', () => {
  const scratch = useScratchDir('cbss-query-files');

  it('gives the same runs on a worker thread as on this one, terms and all', async () => {
    const { store } = await loadGraph([real.ontologyDir, real.dataDir], real.baseIri);
    const here = await runQueryFiles(store, job);
    const there = await startQueryFiles({ ...job, ontologyDir: real.ontologyDir, dataDir: real.dataDir }).result;
    expect(here.length).toBeGreaterThan(20);
    expect(there.runs.map((r) => r.query.file)).toEqual(here.map((r) => r.query.file));
    expect(there.runs.map((r) => r.query.file).every((f) => f.startsWith('queries/'))).toBe(true);
    for (const [i, run] of there.runs.entries()) {
      const local = here[i]!;
      expect(run.query.parameters.map((p) => p.defaultValue.equals(local.query.parameters.find((q) => q.name === p.name)!.defaultValue))).not.toContain(false);
      expect(run.result.type).toBe(local.result.type);
      if (run.result.type === 'bindings' && local.result.type === 'bindings') {
        const key = (rows: typeof run.result.rows): string[] => rows.map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, v.termType, v.value])));
        expect(key(run.result.rows).sort()).toEqual(key(local.result.rows).sort());
      }
    }
    expect(there.resourceQuery).toBe(await readFile(job.resourceQueryFile, 'utf8'));
  });

  it("answers the site's queries over the published graph: as over the composer's store, dataset description and all", async () => {
    const there = await startQueryFiles({ ...job, ontologyDir: real.ontologyDir, dataDir: real.dataDir }).result;
    // The composer's store: the graph, then the dataset's description with its distributions (the dumps' sizes).
    const { store } = await loadGraph([real.ontologyDir, real.dataDir], real.baseIri);
    const dumps = ['ttl', 'nt'].map((ext, i) => ({ path: `downloads/cbss-car.${ext}`, mediaType: 'text/plain', format: ext.toUpperCase(), formatIri: `urn:format:${ext}`, byteSize: 1000 + i }));
    store.addQuads(describeDataset(store, { baseIri: real.baseIri, prefixes: createPrefixes(real.baseIri), dumps, ...DATASET_TEXT }));
    const here = await runSiteQueries(store, job);
    const key = (rows: readonly Row[]): string[] => rows.map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, v.termType, v.value, v.termType === 'Literal' ? v.datatype.value : ''])));
    for (const name of SITE_QUERY_NAMES) {
      expect(here[name].length, name).toBeGreaterThan(0);
      expect(key(there.siteRows[name]), name).toEqual(key(here[name]));
    }
  });

  it('names the file and line of a query that does not parse, on a worker too', async () => {
    const queriesDir = path.join(scratch.path, 'queries');
    await mkdir(queriesDir);
    await writeFile(path.join(queriesDir, 'broken.rq'), '# title: Broken\n# description: On purpose.\n# audience: tests\nSELECT ?x WHERE WHERE { ?x ?p ?o }\n');
    const broken = { ...job, queriesDir, rootDir: scratch.path };
    const { store } = await loadGraph([real.ontologyDir, real.dataDir], real.baseIri);
    await expect(runQueryFiles(store, broken)).rejects.toThrow(/queries\/broken\.rq:4:/);
    const run = startQueryFiles({ ...broken, ontologyDir: real.ontologyDir, dataDir: real.dataDir });
    await expect(run.result).rejects.toThrow(WorkerJobError);
    await expect(run.result).rejects.toThrow(/queries\/broken\.rq:4:/);
  });

  it('stops a query at the time limit it is given, naming its file, on a worker too', async () => {
    const queriesDir = path.join(scratch.path, 'slow-queries');
    await mkdir(queriesDir);
    const heavy = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n';
    await writeFile(path.join(queriesDir, 'slow.rq'), `# title: Slow\n# description: On purpose.\n# audience: tests\n${heavy}`);
    const slow = { ...job, queriesDir, rootDir: scratch.path, timeoutMs: 50 };
    const { store } = await loadGraph([real.ontologyDir, real.dataDir], real.baseIri);
    await expect(runQueryFiles(store, slow)).rejects.toThrow(/^slow-queries\/slow\.rq: The query ran longer than its time limit of 50 ms/);
    const run = startQueryFiles({ ...slow, ontologyDir: real.ontologyDir, dataDir: real.dataDir });
    await expect(run.result).rejects.toThrow(/^slow-queries\/slow\.rq: The query ran longer than its time limit of 50 ms/);
  });

  it('refuses a resource query that does not parse, naming its file', async () => {
    const file = path.join(scratch.path, 'query-this-resource.rq');
    await writeFile(file, 'SELECT * WHERE { ?resource ?p }\n');
    await expect(loadResourceQuery({ ...job, resourceQueryFile: file, rootDir: scratch.path })).rejects.toThrow(/query-this-resource\.rq/);
  });
});
