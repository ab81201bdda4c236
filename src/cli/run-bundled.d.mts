// Types of src/cli/run-bundled.mjs (plain JavaScript, so that Node runs it without tsx).

export declare const BUNDLED_COMMANDS: readonly string[];
export declare const KEY_FILES: readonly string[];
export declare const EXTERNAL_PACKAGES: readonly string[];
/** The key of the messages a bundled worker and its parent exchange. */
export declare const WORKER_MESSAGE_KEY: 'runBundled';

export interface BundlePaths {
  readonly bundle: string;
  readonly codeCache: string;
}

export interface EnsuredBundle extends BundlePaths {
  readonly entry: string;
  readonly built: boolean;
}

/** The files under src/, relative to the root with "/", sorted. */
export declare function listSourceFiles(rootDir?: string): string[];

/** Hash the sources of a bundle as they are on disk: the given files under src/ (default: all), the names under src/, the KEY_FILES, the root. */
export declare function hashSources(rootDir?: string, inputs?: readonly string[]): string;

/** Write a file under a temporary name in the same folder, then rename it into place. */
export declare function writeFileAtomic(file: string, data: string | Uint8Array): void;

/** Where the bundle of a command built from sources with this hash lives, and its V8 code cache for this Node. */
export declare function defaultCacheDir(rootDir?: string): string;
export declare function bundlePaths(command: string, hash: string, cacheDir?: string): BundlePaths;

/** Rewrite a file under src/ for bundling: its own import.meta.url, and createRequire calls bundled as require(). */
export declare function transformSource(text: string, file: string): string;

/** Bundle an entry file with esbuild; the code and the bytes of each file under src/ it took in. */
export declare function buildBundle(options: { rootDir?: string; entry: string; esbuild?: typeof import('esbuild') }): Promise<{ code: Uint8Array; inputs: Map<string, Buffer> }>;

/** The bundle of a command for the sources as they are now: its paths, its entry (default src/cli/<command>.ts; any file under src/) and whether it has been built. */
export declare function findBundle(options: { command: string; entry?: string; rootDir?: string; cacheDir?: string }): BundlePaths & { readonly entry: string; readonly exists: boolean };

/** Make sure a bundle of a command for the sources as they are now exists; build it when it does not. */
export declare function ensureBundle(options: {
  command: string;
  entry?: string;
  rootDir?: string;
  cacheDir?: string;
  loadEsbuild?: () => Promise<Pick<typeof import('esbuild'), 'build'> | undefined>;
}): Promise<EnsuredBundle | undefined>;

/** Run a bundle as the main module with the given arguments. */
export declare function runBundle(paths: BundlePaths & { readonly entry: string }, args: readonly string[]): { usedCodeCache: boolean };

/** Read and compile a bundle (with its V8 code cache when V8 takes it); run it; save the code cache. */
export declare function loadBundle(paths: BundlePaths): { readonly usedCodeCache: boolean; run(): void; saveCodeCache(): boolean };

/** The stage workers' entries under src/ (without .ts), bundled by --prepare-workers. */
export declare const WORKER_ENTRIES: readonly string[];

/** Before a worker starts on an entry under src/: its bundle's paths, or why there is none. Builds nothing. */
export declare function prepareWorkerBundle(options: {
  command: string;
  entry: string;
  rootDir?: string;
  cacheDir?: string;
}): { readonly paths: BundlePaths & { readonly entry: string }; readonly reason?: undefined } | { readonly paths?: undefined; readonly reason: string };

/** Build the missing bundles of the given worker entries (names under src/ without .ts); per entry, whether it was built. */
export declare function prepareWorkerBundles(options?: {
  names?: readonly string[];
  rootDir?: string;
  cacheDir?: string;
  loadEsbuild?: () => Promise<Pick<typeof import('esbuild'), 'build'> | undefined>;
}): Promise<{ readonly name: string; readonly built: boolean; readonly bundled: boolean }[]>;

/** On a worker thread: run a bundle found by prepareWorkerBundle (tsx if it has gone); with report, tell the parent how and save the code cache when asked. */
export declare function runWorkerBundle(paths: BundlePaths & { readonly entry: string }, options?: { report?: boolean }): Promise<void>;
