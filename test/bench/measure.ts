// Measuring helpers shared by the benchmark's child processes: wall time and peak memory per stage.
import { readFileSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** One measured stage: wall time and the peak resident set size reached while it ran. */
export interface StageFigure {
  readonly stage: string;
  readonly ms: number;
  readonly peakMb: number;
}

/** What a measured child process prints on its last line. */
export interface ChildReport {
  readonly stages: readonly StageFigure[];
  readonly totalMs: number;
  readonly peakMb: number;
  readonly files: number;
  readonly bytes: number;
  readonly extra?: Readonly<Record<string, number | string>>;
}

function readStatusKb(field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Reset the kernel's peak-RSS mark for this process (Linux: write 5 to clear_refs); false where unsupported. */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The peak RSS in MB since the last reset (Linux), else the process's lifetime peak. */
export function readPeakRssMb(): number {
  const hwm = readStatusKb('VmHWM');
  if (hwm !== undefined) return hwm / 1024;
  return process.resourceUsage().maxRSS / 1024;
}

/** Creates a stage timer: run(name, fn) times fn and records the peak RSS reached during it. */
export function createStageTimer() {
  const stages: StageFigure[] = [];
  const started = performance.now();
  return {
    stages,
    async run<T>(stage: string, fn: () => T | Promise<T>): Promise<T> {
      resetPeakRss();
      const t0 = performance.now();
      const result = await fn();
      stages.push({ stage, ms: performance.now() - t0, peakMb: readPeakRssMb() });
      return result;
    },
    elapsedMs: () => performance.now() - started,
    peakMb: () => Math.max(0, ...stages.map((s) => s.peakMb)),
  };
}

/** Every file under a folder with its size, paths relative to it and sorted. */
export async function listFiles(dir: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  return files.map((f, i) => ({ path: path.relative(dir, f), size: sizes[i] ?? 0 })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Print a child report as the last line of stdout, where the harness reads it. */
export function printReport(report: ChildReport): void {
  process.stdout.write(`\nBENCH-REPORT ${JSON.stringify(report)}\n`);
}
