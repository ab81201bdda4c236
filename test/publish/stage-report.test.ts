// Tests of src/publish/stage-report.ts: the per-stage figures `npm run build -- --report` prints for the benchmark.
import { describe, expect, test } from 'vitest';
import { readPeakRssMb, recordStages, resetPeakRss, type StageFigure } from '../../src/publish/stage-report.ts';

describe('peak memory', () => {
  test.runIf(process.platform === 'linux')('memory touched after a reset raises the peak by as much', () => {
    expect(resetPeakRss()).toBe(true);
    const before = readPeakRssMb();
    const touched = Buffer.alloc(96 * 1024 * 1024, 1);
    const after = readPeakRssMb();
    expect(touched[touched.length - 1]).toBe(1);
    expect(after - before).toBeGreaterThan(80);
  });
});

describe('recordStages', () => {
  test('records start-up first, then each stage told, in order, each from the end of the one before', async () => {
    const told: StageFigure[] = [];
    const recorder = recordStages((figure) => told.push(figure));
    await new Promise((resolve) => setTimeout(resolve, 30));
    recorder.hook('load');
    recorder.hook('describe');
    expect(recorder.stages.map((s) => s.stage)).toEqual(['startup', 'load', 'describe']);
    expect(told).toEqual(recorder.stages);
    const [startup, load, describeStage] = recorder.stages;
    expect(startup!.ms).toBeGreaterThan(0);
    expect(load!.ms).toBeGreaterThanOrEqual(25);
    expect(describeStage!.ms).toBeLessThan(load!.ms);
    for (const s of recorder.stages) expect(s.peakMb).toBeGreaterThan(10);
  });
});
