// The floor: the least a build of the same graph can cost on this machine. It parses the same Turtle with n3,
// groups the triples by subject, and writes the same files (same paths, same number, same byte sizes) from plain
// string templates. Run as a child process: floor.ts <data dirs (comma-separated)> <manifest.json> <out dir>.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { listTurtleFiles } from '../../src/load/load-graph.ts';
import { DEFAULT_BASE_IRI } from '../../src/prefixes.ts';
import { createStageTimer, printReport } from './measure.ts';

export interface ManifestEntry {
  readonly path: string;
  readonly size: number;
}

/** How many writes the floor keeps in flight at once. */
export const FLOOR_CONCURRENCY = 64;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function formatTerm(term: Quad['object']): string {
  if (term.termType === 'NamedNode') return `<${term.value}>`;
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  if (term.termType === 'Literal') return JSON.stringify(term.value) + (term.language ? `@${term.language}` : `^^<${term.datatype.value}>`);
  return term.value;
}

/** Render the plain-template content of one output file from the triples of its resource. */
export function renderFloorFile(file: string, iri: string, quads: readonly Quad[]): string {
  const ext = path.extname(file);
  if (ext === '.html') {
    const rows = quads.map((q) => `<tr><td>${escapeHtml(q.predicate.value)}</td><td>${escapeHtml(q.object.value)}</td></tr>`).join('\n');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(iri)}</title></head><body><h1>${escapeHtml(iri)}</h1><table>${rows}</table></body></html>\n`;
  }
  if (ext === '.jsonld' || ext === '.json') {
    const node: Record<string, unknown> = { '@id': iri };
    for (const q of quads) node[q.predicate.value] = q.object.termType === 'Literal' ? q.object.value : { '@id': q.object.value };
    return JSON.stringify(node, null, 2);
  }
  return quads.map((q) => `${formatTerm(q.subject)} ${formatTerm(q.predicate)} ${formatTerm(q.object)} .`).join('\n') + '\n';
}

/** Pad with spaces or cut a text so that its UTF-8 encoding is exactly `size` bytes. */
export function fitToSize(text: string, size: number): Buffer {
  const bytes = Buffer.from(text);
  if (bytes.length === size) return bytes;
  if (bytes.length > size) return bytes.subarray(0, size);
  const out = Buffer.alloc(size, 0x20);
  bytes.copy(out);
  return out;
}

/** The resource IRI an output file belongs to: {base}{dir} for {dir}/index.*, else the base itself. */
export function iriOfFile(file: string, base: string = DEFAULT_BASE_IRI): string {
  const dir = path.posix.dirname(file.split(path.sep).join('/'));
  return dir === '.' ? base : base + dir;
}

/**
 * Estimate the files a build would write for a graph whose build did not finish: the files of a smaller graph's build
 * whose resource is not among `iris`, plus, for each IRI, one file per extension its kind of resource had, each of the
 * median size of that kind and extension.
 */
export function estimateManifest(previous: readonly ManifestEntry[], iris: readonly string[], base: string = DEFAULT_BASE_IRI): ManifestEntry[] {
  const wanted = new Set(iris);
  const sizes = new Map<string, number[]>();
  const kept: ManifestEntry[] = [];
  for (const entry of previous) {
    const iri = iriOfFile(entry.path, base);
    if (wanted.has(iri)) continue;
    kept.push(entry);
    if (/\/index\.[a-z]+$/.test(entry.path) && iri !== base) {
      const key = `${entry.path.split('/')[0]} ${path.extname(entry.path)}`;
      let list = sizes.get(key);
      if (!list) sizes.set(key, (list = []));
      list.push(entry.size);
    }
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1] ?? 0;
  const added: ManifestEntry[] = [];
  for (const iri of iris) {
    const rel = iri.slice(base.length);
    const kind = rel.split('/')[0];
    for (const [key, list] of sizes) {
      const [k, ext] = key.split(' ');
      if (k === kind) added.push({ path: `${rel}/index${ext}`, size: median(list) });
    }
  }
  return [...kept, ...added];
}

async function runPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Parse the graph, then write every manifest file from plain templates; returns per-stage figures. */
export async function runFloor(dirs: readonly string[], manifest: readonly ManifestEntry[], outDir: string, mode: 'sync' | 'async' = 'sync') {
  const timer = createStageTimer();
  const bySubject = await timer.run('parse', async () => {
    const files = await listTurtleFiles(dirs);
    const map = new Map<string, Quad[]>();
    for (const file of files) {
      const quads = new Parser({ baseIRI: DEFAULT_BASE_IRI }).parse(await readFile(file, 'utf8'));
      for (const q of quads) {
        const list = map.get(q.subject.value);
        if (list) list.push(q);
        else map.set(q.subject.value, [q]);
      }
    }
    return map;
  });
  await timer.run('write', async () => {
    const dirsToMake = [...new Set(manifest.map((m) => path.dirname(path.join(outDir, m.path))))].sort();
    const content = (m: ManifestEntry) => {
      const iri = iriOfFile(m.path);
      return fitToSize(renderFloorFile(m.path, iri, bySubject.get(iri) ?? []), m.size);
    };
    if (mode === 'sync') {
      for (const d of dirsToMake) mkdirSync(d, { recursive: true });
      for (const m of manifest) writeFileSync(path.join(outDir, m.path), content(m));
    } else {
      for (const d of dirsToMake) await mkdir(d, { recursive: true });
      await runPool(manifest, FLOOR_CONCURRENCY, (m) => writeFile(path.join(outDir, m.path), content(m)));
    }
  });
  return timer;
}

async function main(): Promise<void> {
  const [dirsArg, manifestFile, outDir, modeArg] = process.argv.slice(2);
  if (!dirsArg || !manifestFile || !outDir) throw new Error('usage: floor.ts <dir,dir> <manifest.json> <out dir> [sync|async]');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ManifestEntry[];
  rmSync(outDir, { recursive: true, force: true });
  const timer = await runFloor(dirsArg.split(','), manifest, outDir, modeArg === 'async' ? 'async' : 'sync');
  const totalMs = timer.stages.reduce((sum, s) => sum + s.ms, 0);
  printReport({ stages: timer.stages, totalMs, peakMb: timer.peakMb(), files: manifest.length, bytes: manifest.reduce((s, m) => s + m.size, 0) });
  rmSync(outDir, { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
