// Figures of a build's stages (wall time, peak memory), as `npm run build -- --report` prints them for the
// benchmark (test/bench/): one line per stage as it ends, then the whole report. Linux gives the peak memory of the
// process (workers included) since the last reset; elsewhere the lifetime peak.
import { readFileSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** One measured stage: wall time and the peak resident set size reached while it ran. */
export interface StageFigure {
  readonly stage: string;
  readonly ms: number;
  readonly peakMb: number;
}

/** A measured run's whole report: its stages, its total, its peak and what it wrote. */
export interface StageReport {
  readonly stages: readonly StageFigure[];
  readonly totalMs: number;
  readonly peakMb: number;
  readonly files: number;
  readonly bytes: number;
  readonly extra?: Readonly<Record<string, number | string>>;
}

/** The prefixes of the report's lines on stdout, where the benchmark's harness reads them. */
export const STAGE_LINE = 'BENCH-STAGE ';
export const REPORT_LINE = 'BENCH-REPORT ';

function readPeakKb(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
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
  const hwm = readPeakKb();
  if (hwm !== undefined) return hwm / 1024;
  return process.resourceUsage().maxRSS / 1024;
}

/** Every file under a folder with its size, paths relative to it and sorted. */
export async function listFiles(dir: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  return files.map((f, i) => ({ path: path.relative(dir, f), size: sizes[i] ?? 0 })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Print one stage's figures as a line of stdout, as soon as the stage ends (a run that is killed keeps them). */
export function printStage(figure: StageFigure): void {
  process.stdout.write(`\n${STAGE_LINE}${JSON.stringify(figure)}\n`);
}

/** Print a whole report as the last line of stdout. */
export function printReport(report: StageReport): void {
  process.stdout.write(`\n${REPORT_LINE}${JSON.stringify(report)}\n`);
}

/**
 * A stage hook that records each stage's wall time and peak memory (from the previous stage's end, or from the
 * call), starting with the process's start-up (Node, imports) up to the call; onFigure is told each one.
 */
export function recordStages(onFigure: (figure: StageFigure) => void = () => undefined): { readonly stages: readonly StageFigure[]; readonly hook: (stage: string) => void } {
  const stages: StageFigure[] = [{ stage: 'startup', ms: performance.now(), peakMb: readPeakRssMb() }];
  onFigure(stages[0]!);
  resetPeakRss();
  let last = performance.now();
  return {
    stages,
    hook(stage) {
      const now = performance.now();
      const figure = { stage, ms: now - last, peakMb: readPeakRssMb() };
      stages.push(figure);
      onFigure(figure);
      resetPeakRss();
      last = now;
    },
  };
}
