// Stage 2, validate: check the loaded graph against the SHACL shapes (shapes.ts: SHACL Core through
// rdf-validate-shacl, which reads the store itself) and the SPARQL checks of ontology/checks/*.rq (checks.ts: on the
// graph's Oxigraph store, one row per violation), and put both into one sorted report (report.ts).
import type { DatasetCore } from '@rdfjs/types';
import type { GraphStore } from '../load/graph-store.ts';
import { runChecks, type Check } from './checks.ts';
import { compareViolations, formatTerm, type ValidationReport } from './report.ts';
import { validateShapes, type PreparedShapes } from './shapes.ts';

export * from './checks.ts';
export * from './report.ts';
export * from './shapes.ts';

/** Validate the graph against the shapes and the checks, and count what was checked. */
export async function validateGraph(data: GraphStore, shapes: DatasetCore | PreparedShapes, checks: readonly Check[]): Promise<ValidationReport> {
  const shaclResult = await validateShapes(data.asDatasetView(), shapes);
  const checkViolations = await runChecks(data, checks);
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
