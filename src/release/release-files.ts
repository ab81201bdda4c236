// Releases on disk: data/releases/{version}/ holds one frozen release, each file held to the checksum its SHA256SUMS
// records (the format of sha256sum, so `sha256sum -c SHA256SUMS` checks it too). A version is a date, YYYY-MM-DD;
// one release a day at most. The loader never reads this folder (src/load/load-graph.ts, RELEASES_FOLDER).
import { createHash } from 'node:crypto';
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RELEASES_FOLDER } from '../load/load-graph.ts';

/** The files of one release, by role. */
export const RELEASE_FILES = {
  /** The whole graph, canonical sorted N-Triples (RDFC-1.0 blank-node labels). */
  graph: 'graph.nt',
  turtle: 'graph.ttl',
  jsonld: 'graph.jsonld',
  /** The release's own description (DCAT 3, ADMS). */
  metadata: 'release.ttl',
  /** The change set against the release before (none in the first release). */
  changes: 'changes.ttl',
  added: 'added.nt',
  removed: 'removed.nt',
  sums: 'SHA256SUMS',
} as const;

/** A release or release-command error that says what is wrong and where. */
export class ReleaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseError';
  }
}

/** The folder of the releases under a data folder. */
export function releasesDirOf(dataDir: string): string {
  return path.join(dataDir, RELEASES_FOLDER);
}

/** Check that a version is a real calendar date written YYYY-MM-DD; return it or throw naming it. */
export function checkVersion(version: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(version);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== version) throw new ReleaseError(`a version is a date written YYYY-MM-DD: got "${version}"`);
  return version;
}

/** The IRI of a release. */
export function releaseIri(baseIri: string, version: string): string {
  return `${baseIri}releases/${version}`;
}

/** The IRI of a release's change set (against the release before). */
export function changeSetIri(baseIri: string, version: string): string {
  return `${releaseIri(baseIri, version)}/changes`;
}

/** The versions released under the folder, oldest first; none when it does not exist. Other names are refused. */
export async function listReleases(releasesDir: string): Promise<string[]> {
  const entries = await readdir(releasesDir, { withFileTypes: true }).catch(() => []);
  const versions: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue; // a release being written (.tmp-…), or .gitkeep
    if (!entry.isDirectory()) throw new ReleaseError(`${path.join(releasesDir, entry.name)}: only release folders (YYYY-MM-DD) belong here`);
    try {
      versions.push(checkVersion(entry.name));
    } catch {
      throw new ReleaseError(`${path.join(releasesDir, entry.name)}: not a release folder (its name must be a date, YYYY-MM-DD)`);
    }
  }
  return versions.sort();
}

/** The SHA-256 of some bytes, in hex. */
export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Write a SHA256SUMS text (sha256sum's format: hash, two spaces, name) for files given by name, sorted by name. */
export function formatChecksums(files: ReadonlyMap<string, Uint8Array | string>): string {
  return [...files.keys()]
    .sort()
    .map((name) => `${hashBytes(files.get(name)!)}  ${name}\n`)
    .join('');
}

/** Check every file of a release folder against its SHA256SUMS: none missing, none unlisted, none changed; throw naming the file. */
export async function verifyRelease(releaseDir: string): Promise<void> {
  const sumsFile = path.join(releaseDir, RELEASE_FILES.sums);
  const text = await readFile(sumsFile, 'utf8').catch(() => {
    throw new ReleaseError(`${sumsFile}: missing; every release records the checksums of its files`);
  });
  const listed = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const m = /^([0-9a-f]{64}) {2}([^/\\]+)$/.exec(line);
    if (!m) throw new ReleaseError(`${sumsFile}:${i + 1}: not a "sha256  name" line`);
    listed.set(m[2]!, m[1]!);
  });
  const present = (await readdir(releaseDir)).filter((name) => name !== RELEASE_FILES.sums).sort();
  for (const name of present) {
    if (!listed.has(name)) throw new ReleaseError(`${path.join(releaseDir, name)}: not recorded in ${RELEASE_FILES.sums}; a release never changes`);
  }
  for (const [name, sum] of listed) {
    const bytes = await readFile(path.join(releaseDir, name)).catch(() => undefined);
    if (!bytes) throw new ReleaseError(`${path.join(releaseDir, name)}: recorded in ${RELEASE_FILES.sums} but missing`);
    if (hashBytes(bytes) !== sum) throw new ReleaseError(`${path.join(releaseDir, name)}: its checksum differs from ${RELEASE_FILES.sums}; a release never changes`);
  }
}

/** Write a file through a temporary file renamed into place, so that it is never left half-written. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** The IRIs the releases publish (each release's, and its change set's when it has one), sorted. */
export async function listReleaseIris(releasesDir: string, baseIri: string): Promise<string[]> {
  const iris: string[] = [];
  for (const version of await listReleases(releasesDir)) {
    iris.push(releaseIri(baseIri, version));
    const names = await readdir(path.join(releasesDir, version));
    if (names.includes(RELEASE_FILES.changes)) iris.push(changeSetIri(baseIri, version));
  }
  return iris.sort();
}
