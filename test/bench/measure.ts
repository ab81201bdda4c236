// Measuring helpers shared by the benchmark's child processes: wall time and peak memory per stage. The figures and
// their lines on stdout are src/publish/stage-report.ts's, which `npm run build -- --report` prints for the bench's builds.
import { readPeakRssMb, resetPeakRss, type StageFigure, type StageReport } from '../../src/publish/stage-report.ts';

export { listFiles, printReport, readPeakRssMb, resetPeakRss, type StageFigure } from '../../src/publish/stage-report.ts';

/** What a measured child process prints on its last line. */
export type ChildReport = StageReport;

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
