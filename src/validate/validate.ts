// Stage 2, validate: check the loaded graph against the SHACL shapes (shapes.ts: SHACL Core through
// shacl-engine, which reads the store itself) and the SPARQL checks of ontology/checks/*.rq (checks.ts: on an
// Oxigraph copy of the graph, one row per violation), and, when the source texts are given, every quote against its
// own source's text (source-texts.ts); all of it into one sorted report (report.ts).
import path from 'node:path';
import type { DatasetCore } from '@rdfjs/types';
import type { Config } from '../config.ts';
import type { GraphStore } from '../load/graph-store.ts';
import type { LoadedGraph } from '../load/load-graph.ts';
import { createPrefixes } from '../prefixes.ts';
import type { QueryRunner } from '../query/time-limit.ts';
import { loadChecks, runChecks, type Check } from './checks.ts';
import { compareViolations, formatReport, formatTerm, type ValidationReport } from './report.ts';
import { loadShapes, validateShapes } from './shapes.ts';
import { checkQuotesAndFiles, listSourceFolders, readSourceTexts, type SourceTexts } from './source-texts.ts';

export * from './checks.ts';
export * from './report.ts';
export * from './shapes.ts';
export * from './source-texts.ts';

/** Validate the graph against the shapes, the checks and (when given) its source texts, and count what was checked. */
export async function validateGraph(data: GraphStore, shapes: DatasetCore, checks: readonly Check[], sourceTexts?: SourceTexts, baseIri?: string, runner?: QueryRunner): Promise<ValidationReport> {
  const shaclResult = await validateShapes(data.asDatasetView(), shapes);
  const checkViolations = await runChecks(data, checks, runner);
  if (sourceTexts) checkViolations.push(...(await checkQuotesAndFiles(data, sourceTexts, baseIri)));
  const distinct = new Set<string>();
  const focusNodesByShape: Record<string, number> = {};
  for (const [shape, nodes] of [...shaclResult.focusNodes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    focusNodesByShape[shape] = nodes.length;
    for (const n of nodes) distinct.add(formatTerm(n));
  }
  const violations = [...shaclResult.violations, ...checkViolations].sort(compareViolations);
  return {
    conforms: violations.length === 0,
    violations,
    shapesChecked: shaclResult.shapes.filter((s) => s.constraints.length > 0).length,
    checksRun: checks.length,
    focusNodesChecked: distinct.size,
    focusNodesByShape,
    unusedShapes: Object.entries(focusNodesByShape).filter(([, n]) => n === 0).map(([shape]) => shape),
  };
}

/**
 * Validate a graph loaded from config's ontology/ and data/, as the build and the release command do: its shapes,
 * its checks (on the runner's copy when given, one of its own otherwise), and every quote against the source texts.
 */
export async function validateRepository(
  config: Pick<Config, 'ontologyDir' | 'dataDir' | 'rootDir'>,
  loaded: LoadedGraph,
  baseIri: string,
  runner?: QueryRunner,
): Promise<{ readonly report: ValidationReport; readonly checks: readonly Check[]; readonly sourceTexts: SourceTexts }> {
  const shapes = await loadShapes(path.join(config.ontologyDir, 'shapes'), baseIri);
  const checks = await loadChecks(path.join(config.ontologyDir, 'checks'), baseIri, config.rootDir);
  const sourceTexts = await readSourceTexts(loaded.store, listSourceFolders([config.dataDir]), baseIri, loaded.files);
  return { report: await validateGraph(loaded.store, shapes, checks, sourceTexts, baseIri, runner), checks, sourceTexts };
}

/** The violations (not warnings or notes) of a report, counted and formatted ("2 violations\n…"); undefined when there are none. */
export function describeErrors(report: ValidationReport, baseIri: string): string | undefined {
  const errors = report.violations.filter((v) => v.severity === 'Violation');
  if (errors.length === 0) return undefined;
  return `${errors.length} violation${errors.length === 1 ? '' : 's'}\n${formatReport({ ...report, violations: errors }, createPrefixes(baseIri))}`;
}
