import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BASE_IRI } from './prefixes.ts';

/** Settings shared by every stage; built once by the caller and passed down, never global. */
export interface Config {
  readonly baseIri: string;
  readonly rootDir: string;
  readonly ontologyDir: string;
  readonly dataDir: string;
  readonly queriesDir: string;
  readonly siteDir: string;
  readonly outDir: string;
  /** The time limit of each competency question the build runs for the gallery (QUERY_TIMEOUT_MS; 30 s). */
  readonly queryTimeoutMs: number;
}

/** The build's time limit per gallery query when QUERY_TIMEOUT_MS does not set one. */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/** Read QUERY_TIMEOUT_MS (whole milliseconds, at least 1); throw naming the variable when it is anything else. */
export function checkQueryTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_QUERY_TIMEOUT_MS;
  if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`QUERY_TIMEOUT_MS must be a whole number of milliseconds: got "${value}"`);
  return Number(value);
}

/** The repository root, found from this file's location. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Check that a base IRI is absolute http(s) and ends with a slash; return it or throw. */
export function checkBaseIri(baseIri: string): string {
  if (!/^https?:\/\/[^\s<>"{}|\\^`]+\/$/.test(baseIri)) {
    throw new Error(`BASE_IRI must be an absolute http(s) IRI ending in "/": got "${baseIri}"`);
  }
  return baseIri;
}

/** Build the configuration from the environment (BASE_IRI, QUERY_TIMEOUT_MS) with optional overrides. */
export function createConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const rootDir = overrides.rootDir ?? ROOT_DIR;
  return {
    baseIri: checkBaseIri(overrides.baseIri ?? env.BASE_IRI ?? DEFAULT_BASE_IRI),
    rootDir,
    ontologyDir: path.join(rootDir, 'ontology'),
    dataDir: path.join(rootDir, 'data'),
    queriesDir: path.join(rootDir, 'queries'),
    siteDir: path.join(rootDir, 'site'),
    outDir: path.join(rootDir, '_site'),
    queryTimeoutMs: checkQueryTimeout(env.QUERY_TIMEOUT_MS),
    ...overrides,
  };
}
