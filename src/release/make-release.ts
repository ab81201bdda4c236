// npm run release: freeze the current graph as data/releases/{version}/. It loads and validates the graph as the
// build does (a graph that does not validate is refused), checks every earlier release against its checksums,
// compares the graph with the latest release (src/release/change-set.ts), writes every file into a hidden folder
// beside the releases and renames that folder into place at the end, so a failed release leaves nothing. Then it
// adds the release's IRIs to data/published-iris.txt. Everything is written under the default base IRI, as data/ is.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory } from 'n3';
import type { Config } from '../config.ts';
import type { GraphStore, Quad } from '../load/graph-store.ts';
import { loadGraph, parseTurtle } from '../load/load-graph.ts';
import { DEFAULT_BASE_IRI, ONTOLOGY_PATH, STANDARD_PREFIXES as NS, createPrefixes } from '../prefixes.ts';
import { describeErrors, validateRepository } from '../validate/validate.ts';
import { DATASET_TEXT } from '../describe/dataset.ts';
import { CROSSWALK_SSSOM_PATH, SSSOM_MEDIA_TYPE, SSSOM_SPECIFICATION, hasCrosswalk, renderSssom } from '../describe/sssom.ts';
import { canonicalizeGraph, writeJsonLd, writeNTriples, writeTurtle } from '../describe/write-rdf.ts';
import { formatIriList, mergeIriLists, parseIriList } from '../describe/published-iris.ts';
import { CHANGE_KINDS, compareGraphs, type GraphChanges } from './change-set.ts';
import { RELEASE_FILES, ReleaseError, changeSetIri, checkVersion, formatChecksums, listReleases, releaseIri, releasesDirOf, verifyRelease, writeAtomically } from './release-files.ts';

const { namedNode, literal, blankNode, quad: makeQuad } = DataFactory;

/** The downloads of a release's whole graph: file, format name (the distribution's fragment), media type, W3C format IRI. */
export const SNAPSHOT_FORMATS = [
  { file: RELEASE_FILES.turtle, download: 'cbss-car.ttl', format: 'Turtle', mediaType: 'text/turtle', formatIri: 'http://www.w3.org/ns/formats/Turtle' },
  { file: RELEASE_FILES.graph, download: 'cbss-car.nt', format: 'N-Triples', mediaType: 'application/n-triples', formatIri: 'http://www.w3.org/ns/formats/N-Triples' },
  { file: RELEASE_FILES.jsonld, download: 'cbss-car.jsonld', format: 'JSON-LD', mediaType: 'application/ld+json', formatIri: 'http://www.w3.org/ns/formats/JSON-LD' },
] as const;

/** The downloads of a change set's triples, under {release}/changes/. */
export const CHANGE_FILES = [
  { file: RELEASE_FILES.added, download: 'added.nt', title: 'Triples added' },
  { file: RELEASE_FILES.removed, download: 'removed.nt', title: 'Triples removed' },
] as const;

/**
 * A file a release holds beside its graph, made from the graph being released: published as it is at
 * /releases/{version}/{file} and described as a distribution of the release. The build finds it from that description.
 */
export interface ReleaseExtra {
  /** Its name, in the release folder and under /releases/{version}/. */
  readonly file: string;
  readonly title: string;
  readonly mediaType: string;
  /** The specification it follows (dct:conformsTo), if any. */
  readonly conformsTo?: string;
  /** Its text; undefined when the graph has nothing for it. */
  readonly render: (store: GraphStore, context: { readonly baseIri: string; readonly version: string }) => string | undefined;
}

const SSSOM_FILE = path.posix.basename(CROSSWALK_SSSOM_PATH);

/** The extra files of every release: the place to add one. The crosswalk as an SSSOM mapping set, versioned by the release. */
export const RELEASE_EXTRAS: readonly ReleaseExtra[] = [
  {
    file: SSSOM_FILE,
    title: 'The crosswalk as an SSSOM mapping set',
    mediaType: SSSOM_MEDIA_TYPE,
    conformsTo: SSSOM_SPECIFICATION,
    render: (store, { baseIri, version }) => (hasCrosswalk(store, baseIri) ? renderSssom(store, { baseIri, version, date: version, path: `releases/${version}/${SSSOM_FILE}` }) : undefined),
  },
];

interface ReleaseText {
  readonly version: string;
  readonly previous: string | undefined;
  readonly notes: string | undefined;
  readonly triples: number;
  readonly byteSizes: ReadonlyMap<string, number>;
  readonly licences: readonly Quad['object'][];
  readonly extras: readonly Pick<ReleaseExtra, 'file' | 'title' | 'mediaType' | 'conformsTo'>[];
}

/** The release's own description: a DCAT 3 dataset with ADMS version notes, its snapshots as distributions. */
export function describeRelease(baseIri: string, text: ReleaseText, changes: GraphChanges | undefined): Quad[] {
  const r = namedNode(releaseIri(baseIri, text.version));
  const quads: Quad[] = [];
  const add = (s: Quad['subject'], p: string, o: Quad['object']): void => void quads.push(makeQuad(s, namedNode(p), o));
  const en = (value: string): Quad['object'] => literal(value, 'en');
  add(r, `${NS.rdf}type`, namedNode(`${NS.dcat}Dataset`));
  add(r, `${NS.rdfs}label`, en(`Release ${text.version}`));
  add(r, `${NS.dct}title`, en(`${DATASET_TEXT.title}, release ${text.version}`));
  add(r, `${NS.dcat}version`, literal(text.version));
  add(r, `${NS.dct}issued`, literal(text.version, namedNode(`${NS.xsd}date`)));
  add(r, `${NS.dct}isVersionOf`, namedNode(`${baseIri}dataset`));
  if (text.previous) add(r, `${NS.dcat}previousVersion`, namedNode(releaseIri(baseIri, text.previous)));
  if (text.notes) add(r, `${NS.adms}versionNotes`, en(text.notes));
  for (const l of text.licences) add(r, `${NS.dct}license`, l);
  add(r, `${NS.void}triples`, literal(String(text.triples), namedNode(`${NS.xsd}integer`)));
  // Each download of the release: its whole graph in three formats (also void:dataDump), then the extra files.
  const downloads = [
    ...SNAPSHOT_FORMATS.map((f) => ({ file: f.file, name: f.download, fragment: f.format, title: `Release ${text.version} in ${f.format}`, mediaType: f.mediaType, format: f.formatIri, dump: true })),
    ...text.extras.map((e) => ({ file: e.file, name: e.file, fragment: e.file, title: e.title, mediaType: e.mediaType, conformsTo: e.conformsTo, dump: false })),
  ];
  for (const d of downloads) {
    const url = namedNode(`${releaseIri(baseIri, text.version)}/${d.name}`);
    const dist = namedNode(`${releaseIri(baseIri, text.version)}#${d.fragment.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
    if (d.dump) add(r, `${NS.void}dataDump`, url);
    add(r, `${NS.dcat}distribution`, dist);
    add(dist, `${NS.rdf}type`, namedNode(`${NS.dcat}Distribution`));
    add(dist, `${NS.dct}title`, en(d.title));
    add(dist, `${NS.dcat}downloadURL`, url);
    add(dist, `${NS.dcat}accessURL`, url);
    add(dist, `${NS.dcat}mediaType`, namedNode(`https://www.iana.org/assignments/media-types/${d.mediaType}`));
    if ('format' in d && d.format) add(dist, `${NS.dct}format`, namedNode(d.format));
    if ('conformsTo' in d && d.conformsTo) add(dist, `${NS.dct}conformsTo`, namedNode(d.conformsTo));
    add(dist, `${NS.dcat}byteSize`, literal(String(text.byteSizes.get(d.file) ?? 0), namedNode(`${NS.xsd}nonNegativeInteger`)));
  }
  if (changes) add(r, `${NS.skoshist}hasDelta`, namedNode(changeSetIri(baseIri, text.version)));
  return quads;
}

/** A change set in RDF: the skos-history delta pattern (deltaFrom, deltaTo), counts, the triples' files, one entry per resource. */
export function describeChanges(baseIri: string, version: string, previous: string, changes: GraphChanges): Quad[] {
  const c = namedNode(changeSetIri(baseIri, version));
  const caro = baseIri + ONTOLOGY_PATH;
  const quads: Quad[] = [];
  const add = (s: Quad['subject'], p: string, o: Quad['object']): void => void quads.push(makeQuad(s, namedNode(p), o));
  const count = (n: number): Quad['object'] => literal(String(n), namedNode(`${NS.xsd}nonNegativeInteger`));
  add(c, `${NS.rdf}type`, namedNode(`${caro}ChangeSet`));
  add(c, `${NS.rdf}type`, namedNode(`${NS.dcat}Dataset`));
  add(c, `${NS.rdfs}label`, literal(`Changes in release ${version}`, 'en'));
  add(c, `${NS.dct}issued`, literal(version, namedNode(`${NS.xsd}date`)));
  add(c, `${NS.skoshist}deltaFrom`, namedNode(releaseIri(baseIri, previous)));
  add(c, `${NS.skoshist}deltaTo`, namedNode(releaseIri(baseIri, version)));
  add(c, `${NS.prov}wasDerivedFrom`, namedNode(releaseIri(baseIri, previous)));
  add(c, `${NS.prov}wasDerivedFrom`, namedNode(releaseIri(baseIri, version)));
  add(c, `${caro}triplesAdded`, count(changes.added.length));
  add(c, `${caro}triplesRemoved`, count(changes.removed.length));
  for (const f of CHANGE_FILES) {
    const url = namedNode(`${changeSetIri(baseIri, version)}/${f.download}`);
    const dist = namedNode(`${changeSetIri(baseIri, version)}#${f.download.replace('.nt', '')}`);
    add(c, `${NS.dcat}distribution`, dist);
    add(dist, `${NS.rdf}type`, namedNode(`${NS.dcat}Distribution`));
    add(dist, `${NS.dct}title`, literal(`${f.title} in release ${version} (N-Triples)`, 'en'));
    add(dist, `${NS.dcat}downloadURL`, url);
    add(dist, `${NS.dcat}mediaType`, namedNode('https://www.iana.org/assignments/media-types/application/n-triples'));
  }
  changes.resources.forEach((change, i) => {
    const node = blankNode(`change${i}`);
    add(c, `${caro}resourceChange`, node);
    add(node, `${NS.rdf}type`, namedNode(`${caro}ResourceChange`));
    add(node, `${caro}changedResource`, namedNode(change.iri));
    for (const kind of change.kinds) add(node, `${NS.rdf}type`, namedNode(caro + CHANGE_KINDS.find((k) => k.kind === kind)!.term));
  });
  return quads;
}

/** Make a release of the graph of config (ontology/ and data/) into data/releases/{version}/; throw a ReleaseError saying why not. */
export async function makeRelease(config: Config, request: { readonly version: string; readonly notes?: string }, extras: readonly ReleaseExtra[] = RELEASE_EXTRAS) {
  const version = checkVersion(request.version);
  const notes = request.notes?.trim() || undefined;
  const releasesDir = releasesDirOf(config.dataDir);
  const existing = await listReleases(releasesDir);
  const latest = existing[existing.length - 1];
  if (existing.includes(version)) throw new ReleaseError(`release ${version} exists already (${path.join(releasesDir, version)}); a release never changes, and there is one a day at most`);
  if (latest && version < latest) throw new ReleaseError(`release ${version} would be older than the latest release, ${latest}`);
  for (const v of existing) await verifyRelease(path.join(releasesDir, v));

  // Releases are written under the default base, as the data is; BASE_IRI changes only what a build publishes.
  const baseIri = DEFAULT_BASE_IRI;
  const loaded = await loadGraph([config.ontologyDir, config.dataDir], baseIri);
  const { store } = loaded;
  const errors = describeErrors((await validateRepository(config, loaded, baseIri)).report, baseIri);
  if (errors) throw new ReleaseError(`the graph does not validate, so it cannot be released: ${errors}`);

  const prefixes = createPrefixes(baseIri);
  const whole = await canonicalizeGraph(store.getQuads(null, null, null, null));
  const files = new Map<string, string>([
    [RELEASE_FILES.graph, writeNTriples(whole)],
    [RELEASE_FILES.turtle, writeTurtle(whole, prefixes)],
    [RELEASE_FILES.jsonld, await writeJsonLd(whole, prefixes)],
  ]);
  let changes: GraphChanges | undefined;
  if (latest) {
    const file = path.join(releasesDir, latest, RELEASE_FILES.graph);
    changes = compareGraphs(parseTurtle(await readFile(file, 'utf8'), file, baseIri), whole.quads, baseIri);
    files.set(RELEASE_FILES.added, writeNTriples(await canonicalizeGraph(changes.added)));
    files.set(RELEASE_FILES.removed, writeNTriples(await canonicalizeGraph(changes.removed)));
    files.set(RELEASE_FILES.changes, writeTurtle(await canonicalizeGraph(describeChanges(baseIri, version, latest, changes)), prefixes));
  }
  // The release's extra files (RELEASE_EXTRAS), beside the graph.
  const written: ReleaseExtra[] = [];
  for (const extra of extras) {
    if (Object.values(RELEASE_FILES).includes(extra.file as never) || files.has(extra.file)) throw new ReleaseError(`the extra release file ${extra.file} takes the name of another file of the release`);
    const content = extra.render(store, { baseIri, version });
    if (content === undefined) continue;
    files.set(extra.file, content);
    written.push(extra);
  }
  const licences = store.getObjects(namedNode(`${baseIri}ontology`), namedNode(`${NS.dct}license`), null).filter((t) => t.termType === 'NamedNode') as Quad['object'][];
  const byteSizes = new Map([...files].map(([name, text]) => [name, Buffer.byteLength(text)]));
  const metadata = describeRelease(baseIri, { version, previous: latest, notes, triples: whole.quads.length, byteSizes, licences, extras: written }, changes);
  files.set(RELEASE_FILES.metadata, writeTurtle(await canonicalizeGraph(metadata, [releaseIri(baseIri, version)]), prefixes));
  files.set(RELEASE_FILES.sums, formatChecksums(files));

  // Everything into a hidden folder first; renamed into place only when complete.
  const finalDir = path.join(releasesDir, version);
  const tempDir = path.join(releasesDir, `.tmp-${version}-${process.pid}`);
  await mkdir(releasesDir, { recursive: true });
  try {
    await mkdir(tempDir);
    for (const [name, text] of files) await writeFile(path.join(tempDir, name), text);
    await verifyRelease(tempDir);
    await rename(tempDir, finalDir);
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }

  // The release's IRIs join the published list (a second, atomic write: rerun `npm run iris -- --update` if it failed).
  const listFile = path.join(config.dataDir, 'published-iris.txt');
  const published = parseIriList(await readFile(listFile, 'utf8').catch(() => ''), listFile);
  const iris = [releaseIri(baseIri, version), ...(changes ? [changeSetIri(baseIri, version)] : [])];
  await writeAtomically(listFile, formatIriList(mergeIriLists(published, iris)));
  return { version, dir: finalDir, ...(latest ? { previous: latest } : {}), triples: whole.quads.length, ...(changes ? { changes } : {}) };
}
