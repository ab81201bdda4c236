// Worker thread of the validate stage (src/validate/validate-in-worker.ts): loads its own copy of the graph, validates it
// against the shapes and the checks, and posts back the report (plain data) with the checks it ran.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadGraph } from '../load/load-graph.ts';
import { createPrefixes } from '../prefixes.ts';
import { formatReport, loadChecks, loadShapes, validateGraph } from './validate.ts';
import type { ValidationJob, ValidationOutcome } from './validate-in-worker.ts';
import { postOutcome } from '../publish/workers.ts';

async function run(job: ValidationJob): Promise<ValidationOutcome> {
  const { store } = await loadGraph([job.ontologyDir, job.dataDir], job.baseIri);
  const shapes = await loadShapes(path.join(job.ontologyDir, 'shapes'), job.baseIri);
  const checks = await loadChecks(path.join(job.ontologyDir, 'checks'), job.baseIri, job.rootDir);
  const report = await validateGraph(store, shapes, checks);
  const errors = report.violations.filter((v) => v.severity === 'Violation');
  const errorText = errors.length > 0 ? formatReport({ ...report, violations: errors }, createPrefixes(job.baseIri)) : '';
  return { report, checks, errorText, errorCount: errors.length };
}

postOutcome(run(workerData as ValidationJob), (outcome) => parentPort?.postMessage(outcome));
