// shacl-engine ships no type declarations; this describes the little of its API that src/validate/shapes.ts uses.
declare module 'shacl-engine' {
  import type { DataFactory, DatasetCore, Literal, Term } from '@rdfjs/types';

  /** One step of a parsed sh:path: a predicate (or alternatives), read forwards or inverse, with a quantifier. */
  export interface PathStep {
    readonly quantifier: 'one' | 'zeroOrMore' | 'oneOrMore' | 'zeroOrOne';
    readonly start: 'subject' | 'object';
    readonly predicates: readonly Term[];
  }

  export interface ValidationResult {
    readonly focusNode: { readonly term: Term };
    readonly path: readonly PathStep[] | null;
    readonly shape: { readonly ptr: { readonly term: Term } };
    readonly constraintComponent: Term;
    readonly severity: Term;
    readonly value?: { readonly term: Term };
    readonly message: readonly Literal[];
  }

  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: DataFactory });
    /** The constraint parameters it compiles (sh:minCount, sh:qualifiedValueShape …), keyed by term. */
    readonly registry: { readonly validations: { has(parameter: Term): boolean } };
    validate(data: { dataset: DatasetCore }): Promise<{ readonly conforms: boolean; readonly results: readonly ValidationResult[] }>;
  }
}
