import { cp } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig, ROOT_DIR } from '../../src/config.ts';
import { loadChecks } from '../../src/validate/validate.ts';
import { startValidation } from '../../src/validate/validate-in-worker.ts';
import { WorkerJobError } from '../../src/publish/workers.ts';
import { useScratchDir } from '../helpers/scratch.ts';

const real = createConfig({ rootDir: ROOT_DIR });
const job = { ontologyDir: real.ontologyDir, dataDir: real.dataDir, baseIri: real.baseIri, rootDir: ROOT_DIR };

describe('startValidation (the validate stage on a worker thread)', () => {
  const scratch = useScratchDir('cbss-validate-worker');

  it('reports that the real graph conforms, with the checks it ran', async () => {
    const outcome = await startValidation(job).result;
    const checks = await loadChecks(path.join(real.ontologyDir, 'checks'), real.baseIri, ROOT_DIR);
    expect(outcome.report.conforms).toBe(true);
    expect(outcome.errorCount).toBe(0);
    expect(outcome.report.checksRun).toBe(checks.length);
    expect(outcome.checks.map((c) => c.name)).toEqual(checks.map((c) => c.name));
    expect(outcome.report.focusNodesChecked).toBeGreaterThan(100);
  });

  it('counts and formats the violations of a graph that breaks a shape', async () => {
    const data = path.join(scratch.path, 'data');
    await cp(path.join(ROOT_DIR, 'test', 'fixtures', 'shapes', 'state-same-as-invalid.ttl'), path.join(data, 'state.ttl'));
    const outcome = await startValidation({ ...job, dataDir: data }).result;
    expect(outcome.report.conforms).toBe(false);
    expect(outcome.errorCount).toBeGreaterThan(0);
    expect(outcome.errorText).toContain('Violation: state:literal path owl:sameAs value "Q35"');
  });

  it('rejects, naming the folder, when a folder is missing', async () => {
    const missing = path.join(scratch.path, 'no-such-data');
    const run = startValidation({ ...job, dataDir: missing });
    await expect(run.result).rejects.toThrow(WorkerJobError);
    await expect(run.result).rejects.toThrow(/no-such-data/);
  });

  it('stops the worker when cancelled, and its result then rejects', async () => {
    const run = startValidation(job);
    await run.cancel();
    await expect(run.result).rejects.toThrow(/stopped|cancelled/);
  });
});
