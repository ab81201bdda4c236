// The releases as the build, `npm run query -- --releases` and the endpoint read them: each release folder checked
// against its SHA256SUMS, its description and change set parsed (under the configured base, as the loader rebases
// the data), its frozen files kept as bytes to publish as they are. Nothing here joins the current graph.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory } from 'n3';
import type { GraphStore, Quad } from '../load/graph-store.ts';
import { parseTurtle } from '../load/load-graph.ts';
import { ONTOLOGY_PATH, STANDARD_PREFIXES as NS } from '../prefixes.ts';
import { CHANGE_KINDS, type ChangeKind, type ResourceChange } from './change-set.ts';
import { RELEASE_FILES, changeSetIri, listReleases, releaseIri, releasesDirOf, verifyRelease } from './release-files.ts';

const { namedNode, quad: makeQuad } = DataFactory;

/** One release as read from data/releases/{version}/. */
export interface Release {
  readonly version: string;
  readonly iri: string;
  readonly dir: string;
  /** The release's description (release.ttl). */
  readonly metadata: readonly Quad[];
  readonly notes?: string;
  readonly previous?: string;
  readonly triples: number;
  /** Extra files of the release (see RELEASE_EXTRAS), named by its description's distributions: file name and title. */
  readonly extras: readonly { readonly file: string; readonly title: string }[];
  /** The change set against the release before; absent for the first release. */
  readonly changes?: {
    readonly iri: string;
    readonly quads: readonly Quad[];
    readonly resources: readonly ResourceChange[];
    readonly added: readonly Quad[];
    readonly removed: readonly Quad[];
  };
}

function literalOf(quads: readonly Quad[], subject: string, predicate: string): string | undefined {
  return quads.find((q) => q.subject.value === subject && q.predicate.value === predicate && q.object.termType === 'Literal')?.object.value;
}

// The resource changes of a change set, from its RDF: each caro:ResourceChange with its kinds (rdf:type).
function readResourceChanges(quads: readonly Quad[], baseIri: string): ResourceChange[] {
  const caro = baseIri + ONTOLOGY_PATH;
  const kindOf = new Map(CHANGE_KINDS.map((k) => [caro + k.term, k.kind]));
  const byNode = new Map<string, { iri?: string; kinds: ChangeKind[] }>();
  const entry = (node: string): { iri?: string; kinds: ChangeKind[] } => {
    let e = byNode.get(node);
    if (!e) byNode.set(node, (e = { kinds: [] }));
    return e;
  };
  for (const q of quads) {
    if (q.predicate.value === `${caro}changedResource`) entry(q.subject.value).iri = q.object.value;
    if (q.predicate.value === `${NS.rdf}type` && kindOf.has(q.object.value)) entry(q.subject.value).kinds.push(kindOf.get(q.object.value)!);
  }
  const order = (k: ChangeKind): number => CHANGE_KINDS.findIndex((c) => c.kind === k);
  return [...byNode.values()]
    .filter((e): e is { iri: string; kinds: ChangeKind[] } => e.iri !== undefined && e.kinds.length > 0)
    .map((e) => ({ iri: e.iri, kinds: [...e.kinds].sort((a, b) => order(a) - order(b)) }))
    .sort((a, b) => (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0));
}

async function parseFile(dir: string, name: string, baseIri: string): Promise<Quad[]> {
  const file = path.join(dir, name);
  return parseTurtle(await readFile(file, 'utf8'), file, baseIri);
}

/** Read every release under the data folder, oldest first, each checked against its checksums; none when there is none. */
export async function readReleases(dataDir: string, baseIri: string): Promise<Release[]> {
  const releasesDir = releasesDirOf(dataDir);
  const releases: Release[] = [];
  for (const version of await listReleases(releasesDir)) {
    const dir = path.join(releasesDir, version);
    await verifyRelease(dir);
    const iri = releaseIri(baseIri, version);
    const metadata = await parseFile(dir, RELEASE_FILES.metadata, baseIri);
    const notes = literalOf(metadata, iri, `${NS.adms}versionNotes`);
    const previous = metadata.find((q) => q.subject.value === iri && q.predicate.value === `${NS.dcat}previousVersion`)?.object.value.split('/').pop();
    const triples = Number(literalOf(metadata, iri, `${NS.void}triples`) ?? 0);
    const names = await readdir(dir);
    const frozen = new Set<string>(Object.values(RELEASE_FILES));
    const extras = metadata
      .filter((q) => q.predicate.value === `${NS.dcat}downloadURL` && q.object.value.startsWith(`${iri}/`))
      .map((q) => ({ file: q.object.value.slice(iri.length + 1), title: literalOf(metadata, q.subject.value, `${NS.dct}title`) ?? q.object.value }))
      .filter((e) => names.includes(e.file) && !frozen.has(e.file))
      .sort((a, b) => (a.file < b.file ? -1 : 1));
    let changes: Release['changes'];
    if (names.includes(RELEASE_FILES.changes)) {
      const quads = await parseFile(dir, RELEASE_FILES.changes, baseIri);
      changes = {
        iri: changeSetIri(baseIri, version),
        quads,
        resources: readResourceChanges(quads, baseIri),
        added: await parseFile(dir, RELEASE_FILES.added, baseIri),
        removed: await parseFile(dir, RELEASE_FILES.removed, baseIri),
      };
    }
    releases.push({ version, iri, dir, metadata, triples, extras, ...(notes !== undefined ? { notes } : {}), ...(previous ? { previous } : {}), ...(changes ? { changes } : {}) });
  }
  return releases;
}

/**
 * Add the releases to a store as named graphs, for SPARQL: each release's whole graph in the graph named by its IRI
 * ({base}releases/{version}), its description and change set in the graph of its change set's IRI
 * ({base}releases/{version}/changes; for the first release, its description alone there). The default graph, the
 * current graph, is left as it is.
 */
export async function addReleaseGraphs(store: GraphStore, releases: readonly Release[], baseIri: string): Promise<void> {
  for (const release of releases) {
    const graph = namedNode(release.iri);
    const frozen = await parseFile(release.dir, RELEASE_FILES.graph, baseIri);
    store.addQuads(frozen.map((q) => makeQuad(q.subject, q.predicate, q.object, graph)));
    const meta = namedNode(changeSetIri(baseIri, release.version));
    store.addQuads([...release.metadata, ...(release.changes?.quads ?? [])].map((q) => makeQuad(q.subject, q.predicate, q.object, meta)));
  }
}
