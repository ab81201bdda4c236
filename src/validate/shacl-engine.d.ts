// shacl-engine ships no type declarations; src/validate/shacl-engine-shapes.ts describes the little of its API it uses.
declare module 'shacl-engine' {
  import type { DataFactory, DatasetCore, DatasetCoreFactory, Literal, Term } from '@rdfjs/types';

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
    constructor(shapes: DatasetCore, options: { factory: DataFactory & DatasetCoreFactory });
    validate(data: { dataset: DatasetCore }): Promise<{ readonly conforms: boolean; readonly results: readonly ValidationResult[] }>;
  }
}
