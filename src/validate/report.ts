// The validation report: what a shape or a check found, and how it is shown to people (one line per violation,
// IRIs as prefixed names, a blank node with the named node it hangs off).
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import { compactIri, createPrefixes, type PrefixMap } from '../prefixes.ts';

const SH = 'http://www.w3.org/ns/shacl#';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

export type Severity = 'Violation' | 'Warning' | 'Info';

/** One problem found by a shape or a check. Terms are strings: an IRI, `_:label`, or a quoted literal. */
export interface Violation {
  readonly focusNode: string;
  /** For a blank focus node: the nearest named node and the path from it, e.g. a priority and `caro:quotedFrom`. */
  readonly anchor?: { readonly node: string; readonly path: readonly string[] };
  readonly path?: string;
  readonly message: string;
  /** The IRI of the source shape, the check file (relative to the repository, e.g. `ontology/checks/x.rq`), or the source text's file (`data/source/x.txt`). */
  readonly shape: string;
  /** The SHACL constraint component that failed (absent for checks). */
  readonly constraint?: string;
  readonly severity: Severity;
  readonly value?: string;
}

export interface ValidationReport {
  /** True when there is no result at all (as in SHACL, a Warning also breaks conformance). */
  readonly conforms: boolean;
  readonly violations: readonly Violation[];
  /** Shapes (node and property) that carry at least one constraint. */
  readonly shapesChecked: number;
  readonly checksRun: number;
  /** Distinct focus nodes over all targeted shapes. */
  readonly focusNodesChecked: number;
  /** Focus nodes per shape IRI, for every shape that reports; a property shape counts its parents' focus nodes. */
  readonly focusNodesByShape: Readonly<Record<string, number>>;
  /** Shapes that declare targets (or hang off one that does) but matched no focus node: a sign of a typo. */
  readonly unusedShapes: readonly string[];
}

/** Render a term as a string: an IRI as is, a blank node as `_:label`, a literal N-Triples style. */
export function formatTerm(term: Term): string {
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  if (term.termType === 'Literal') {
    const quoted = JSON.stringify(term.value);
    if (term.language) return `${quoted}@${term.language}`;
    return term.datatype.value === XSD_STRING ? quoted : `${quoted}^^<${term.datatype.value}>`;
  }
  return term.value;
}

function findAnchor(store: DatasetCore, node: Term): Violation['anchor'] {
  const seen = new Set<string>([node.value]);
  let frontier: { term: Term; path: string[] }[] = [{ term: node, path: [] }];
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: { term: Term; path: string[] }[] = [];
    const ordered = frontier.flatMap(({ term, path: p }) =>
      [...store.match(null, null, term)].map((q: Quad) => ({ term: q.subject, path: [q.predicate.value, ...p] })),
    );
    ordered.sort((a, b) => (a.term.value + a.path.join(' ') < b.term.value + b.path.join(' ') ? -1 : 1));
    for (const step of ordered) {
      if (step.term.termType === 'NamedNode') return { node: step.term.value, path: step.path };
      if (!seen.has(step.term.value)) {
        seen.add(step.term.value);
        next.push(step);
      }
    }
    frontier = next;
  }
  return undefined;
}

/** Give a violation on a blank node the nearest named node that links to it, and the path from there. */
export function withAnchor(store: DatasetCore, focus: Term, violation: Violation): Violation {
  if (focus.termType !== 'BlankNode') return violation;
  const anchor = findAnchor(store, focus);
  return anchor ? { ...violation, anchor } : violation;
}

/** Order violations by focus node, shape, path, constraint, value and message. */
export function compareViolations(a: Violation, b: Violation): number {
  const key = (v: Violation): string => [v.focusNode, v.shape, v.path ?? '', v.constraint ?? '', v.value ?? '', v.message].join('\u0000');
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Shorten an IRI for humans: a prefixed name when possible, else <iri>; other terms unchanged. */
export function displayTerm(term: string, prefixes: PrefixMap): string {
  if (term.startsWith('"')) return term.replace(/\^\^<([^<>]*)>$/, (whole, iri: string) => `^^${compactIri(iri, prefixes) ?? `<${iri}>`}`);
  if (term.startsWith('_:')) return term;
  if (/^[(^<]/.test(term)) return term.replace(/<([^<>]*)>/g, (whole, iri: string) => compactIri(iri, prefixes) ?? whole);
  if (/\.(rq|txt)$/.test(term) && !/^[a-z][a-z0-9+.-]*:/i.test(term)) return term;
  return compactIri(term, prefixes) ?? `<${term}>`;
}

/** Format one violation as a single human-readable line: severity, focus node, path, value, message, shape. */
export function formatViolation(violation: Violation, prefixes: PrefixMap = createPrefixes()): string {
  const show = (t: string): string => displayTerm(t, prefixes);
  let focus = show(violation.focusNode);
  if (violation.anchor) focus += ` (${show(violation.anchor.node)} ${violation.anchor.path.map(show).join('/')})`;
  const parts = [`${violation.severity}: ${focus}`];
  if (violation.path) parts.push(`path ${show(violation.path)}`);
  if (violation.value) parts.push(`value ${show(violation.value)}`);
  // The constraint component, named by its parameter (sh:MinCountConstraintComponent → sh:minCount).
  const component = violation.constraint?.startsWith(SH)
    ? `, sh:${violation.constraint.slice(SH.length).replace(/ConstraintComponent$/, '').replace(/^[A-Z]/, (c) => c.toLowerCase())}`
    : '';
  return `${parts.join(' ')}: ${violation.message} [${show(violation.shape)}${component}]`;
}

/** Format the report as text: one line per violation, sorted; an empty string when it conforms. */
export function formatReport(report: ValidationReport, prefixes: PrefixMap = createPrefixes()): string {
  return report.violations.map((v) => formatViolation(v, prefixes) + '\n').join('');
}
