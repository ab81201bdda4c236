// Stage 2, validate: check the loaded graph against the SHACL shapes (shapes.ts: SHACL Core through
// rdf-validate-shacl, which reads the store itself) and the SPARQL checks of ontology/checks/*.rq (checks.ts: on an
// Oxigraph copy of the graph, one row per violation), and, when the source texts are given, every quote against its
// own source's text (source-texts.ts); all of it into one sorted report (report.ts).
import type { DatasetCore } from '@rdfjs/types';
import type { GraphStore } from '../load/graph-store.ts';
import { runChecks, type Check } from './checks.ts';
import { compareViolations, formatTerm, type ValidationReport } from './report.ts';
import { validateShapes, type PreparedShapes } from './shapes.ts';
import { checkQuotesAndFiles, type SourceTexts } from './source-texts.ts';

export * from './checks.ts';
export * from './report.ts';
export * from './shapes.ts';
export * from './source-texts.ts';

/** Validate the graph against the shapes, the checks and (when given) its source texts, and count what was checked. */
export async function validateGraph(data: GraphStore, shapes: DatasetCore | PreparedShapes, checks: readonly Check[], sourceTexts?: SourceTexts, baseIri?: string): Promise<ValidationReport> {
  const shaclResult = await validateShapes(data.asDatasetView(), shapes);
  const checkViolations = await runChecks(data, checks);
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
