import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fittedSpeedup, projectReport } from '../../src/shared/projection';
import type { Report, Run } from '../../src/shared/report';
import { sampleReport, sampleRun } from './extension-fixtures';

/** A sweep of `executor` whose speedups are `speedupAt(workers)`, repeats ±1%. */
function sweep(counts: number[], speedupAt: (workers: number) => number, options: { physicalCores?: number; waiting?: boolean; executor?: 'thread' | 'process' | 'async' } = {}): Report {
  const executor = options.executor ?? 'process';
  const startMethod = executor === 'process' ? ('fork' as const) : null;
  const run = (workers: number, speedup: number, isSerial = false): Run => {
    const wall = 10 / speedup;
    const base = isSerial ? sampleRun('serial', null, 1, 1) : sampleRun(executor, startMethod, workers, speedup);
    return { ...base, wallSeconds: wall, repeats: [wall * 0.99, wall, wall * 1.01], wallSpread: { min: wall * 0.99, max: wall * 1.01 }, cpuSeconds: options.waiting ? 0.1 : 10 };
  };
  const runs = [run(1, 1, true), ...counts.map((workers) => run(workers, speedupAt(workers)))];
  const top = counts[counts.length - 1];
  const report = sampleReport({ runs, best: { executor, startMethod, workers: top, speedup: speedupAt(top) }, kind: options.waiting ? 'io-bound' : 'cpu-bound' });
  return { ...report, machine: { ...report.machine, physicalCores: options.physicalCores ?? 64, logicalCores: options.physicalCores ?? 64 } };
}

const amdahl = (serial: number) => (workers: number): number => 1 / (serial + (1 - serial) / workers);

describe('projection to bigger machines', () => {
  test('recovers the serial share of an Amdahl sweep and projects it with a band around the truth', () => {
    const projection = projectReport(sweep([1, 2, 4, 8], amdahl(0.06)));
    assert.equal(projection.kind, 'projected');
    if (projection.kind !== 'projected') return;
    assert.ok(Math.abs(projection.serialShare - 0.06) < 0.01, String(projection.serialShare));
    const at16 = projection.points.find((point) => point.count === 16);
    assert.ok(at16 && !at16.measured && at16.low <= amdahl(0.06)(16) && amdahl(0.06)(16) <= at16.high, JSON.stringify(at16));
    assert.match(projection.words, /^On 16 cores, process \(fork\) would reach about \d+(\.\d+)?× \(\d+(\.\d+)?–\d+(\.\d+)?×\): 6(\.\d)?% of the work is serial/);
  });

  test('a sweep that levels off at 1/s is fitted by the bottleneck model, which caps the projection', () => {
    const capped = (workers: number): number => Math.min(workers, 4);
    const projection = projectReport(sweep([1, 2, 4, 8, 16], capped, { waiting: true, executor: 'thread' }));
    assert.equal(projection.kind, 'projected');
    if (projection.kind !== 'projected') return;
    assert.equal(projection.model, 'bottleneck');
    assert.equal(projection.axis, 'concurrency');
    assert.ok(Math.abs(projection.points[4].speedup - 4) < 0.3, JSON.stringify(projection.points[4]));
    assert.match(projection.words, /^With 32 tasks at a time \(given more inputs than the 8 here\), thread would reach about/);
  });

  test("names the longest call as the cap it explains, not a lock or the hand-out of tasks", () => {
    // Waits given in an order that leaves one long call (2.5 s of serial's 10 s) to run alone: 4× at most.
    const capped = (workers: number): number => Math.min(workers, 4);
    const report = sweep([2, 4, 8, 16], capped, { waiting: true, executor: 'thread' });
    const durations = [...Array.from({ length: 7 }, () => 7.5 / 7), 2.5];
    let clock = 0;
    const tasks = durations.map((duration, index) => {
      const span = { index, worker: 0, pid: 1, thread: 1, start: clock, end: clock + duration, cpuSeconds: 0.001 };
      clock += duration;
      return span;
    });
    const withCalls = (spans: typeof tasks) => ({ ...report, runs: report.runs.map((run) => (run.executor === 'serial' ? { ...run, tasks: spans } : run)) });
    assert.match(projectReport(withCalls(tasks)).words, /its longest call, 2\.50 s of serial's 10\.00 s, runs alone at the end whatever the count, which caps it at 4\.00× \(split that input to go further\)/);
    // Four calls of one length give the same cap, 4×: that is no long call, but a part that runs one at a time.
    const even = Array.from({ length: 4 }, (_, index) => ({ index, worker: 0, pid: 1, thread: 1, start: index * 2.5, end: (index + 1) * 2.5, cpuSeconds: 0.001 }));
    const evenWords = projectReport(withCalls(even)).words;
    assert.match(evenWords, /runs one at a time beside the rest \(a lock or the hand-out of tasks\)/, evenWords);
    assert.doesNotMatch(evenWords, /longest call/);
    // Nor when the report kept only some of the spans (the longest may be among those left out).
    const thinned = withCalls(tasks);
    const serialRun = thinned.runs.find((run) => run.executor === 'serial');
    if (serialRun) serialRun.tasksSummary = { count: 80, kept: 8 } as Run['tasksSummary'];
    assert.doesNotMatch(projectReport(thinned).words, /longest call/);
  });

  test('says the projection falls back from its peak when each worker costs more than it adds', () => {
    // A new user's walk: calls that sleep 40 ms and compute a little, 8 inputs, thread × 2, 4, 8 at
    // 1.97×, 3.61× and 5.29×; the fit's per-worker cost puts 16 tasks at a time under × 8.
    const measured: Record<number, number> = { 1: 1, 2: 1.97, 4: 3.61, 8: 5.29 };
    const projection = projectReport(sweep([2, 4, 8], (workers) => measured[workers], { waiting: true, executor: 'thread' }));
    assert.equal(projection.kind, 'projected');
    if (projection.kind !== 'projected') return;
    // Its band reaches past the 5.29× measured at 8: the words give the range, not a fall nor "about 3.85×".
    assert.match(projection.words, /^With 16 tasks at a time \(given more inputs than the 8 here\), thread would reach between 3\.\d+× and [\d.]+×: .*, which leaves open whether more than 8 tasks at a time \(5\.\d+×\) still add or already cost\./);
    // A band wholly under the best point is a fall.
    const falling: Record<number, number> = { 1: 1, 2: 1.9, 4: 3.3, 8: 4.2, 16: 3.6 };
    const fall = projectReport(sweep([2, 4, 8, 16], (workers) => falling[workers], { waiting: true, executor: 'thread' }));
    assert.match(fall.words, /^With 32 tasks at a time \(given more inputs than the 8 here\), thread would fall back to about [\d.]+× \([^)]*\) from about 4\.\d+× at 8 tasks at a time/);
    // Where the curve still climbs, it reaches.
    assert.match(projectReport(sweep([1, 2, 4, 8], amdahl(0.06))).words, /would reach about/);
  });

  test('projects waiting async calls with no cost per call in flight: flat from 8 to 16 is their cap, not a fall', () => {
    // A new user's 16 calls of a 60 ms timer and 13 ms of JavaScript each: async × 2, 4, 8, 16 at
    // 1.93×, 3.57×, 4.67×, 4.61×; had read "would fall back to about 2.95× at 32 … each worker adds
    // 0.9%". Measured with 64 inputs, 32 in flight held 5.9×.
    const measured: Record<number, number> = { 1: 1, 2: 1.93, 4: 3.57, 8: 4.67, 16: 4.61 };
    const projection = projectReport(sweep([2, 4, 8, 16], (workers) => measured[workers], { waiting: true, executor: 'async' }));
    assert.equal(projection.kind, 'projected');
    if (projection.kind !== 'projected') return;
    assert.equal(projection.overheadPerWorker, 0);
    const at32 = projection.points.find((point) => point.count === 32);
    assert.ok(at32 && at32.speedup >= 4.4 && at32.high >= 4.6, JSON.stringify(at32));
    assert.doesNotMatch(projection.words, /fall back|each worker adds/, projection.words);
    assert.match(projection.words, /the calls' own JavaScript on the one event loop, or something they share: one connection, a rate limit\), which caps it at 4\.\d+×/, projection.words);
  });

  test('is not drawn, and says so, when no model fits the measured counts', () => {
    const zigzag = (workers: number): number => (workers === 2 ? 1.9 : workers === 4 ? 1.1 : workers === 8 ? 3.5 : 1);
    const projection = projectReport(sweep([1, 2, 4, 8], zigzag));
    assert.equal(projection.kind, 'none');
    assert.match(projection.words, /no model of a serial part and a per-worker cost fits the measured counts/);
  });

  test('CPU work on a 2-core machine has too few counts up to the physical cores, and is not projected', () => {
    const projection = projectReport(sweep([1, 2, 4], amdahl(0.05), { physicalCores: 2 }));
    assert.equal(projection.kind, 'none');
    assert.match(projection.words, /this machine's 2 give 2 measured counts \(1, 2\); a fit needs 3/);
  });

  test('does not project async calls that compute off the event loop: Node\'s thread pool, not the cores, caps their gain', () => {
    const measured = sweep([1, 2, 4, 8], amdahl(0.05), { executor: 'async', physicalCores: 16 });
    const computing = projectReport({ ...measured, verdict: { ...measured.verdict, kind: 'gil-free' } });
    assert.equal(computing.kind, 'none');
    assert.match(computing.words, /Node's thread pool, whose size \(4 threads by default, UV_THREADPOOL_SIZE\) caps the gain/);
    const mixed = projectReport({ ...measured, verdict: { ...measured.verdict, kind: 'mixed' } });
    assert.doesNotMatch(mixed.words, /thread pool/, 'a mixed verdict\'s async calls are not said to run in the pool');
    const waiting = projectReport(sweep([1, 2, 4, 8], (workers) => workers * 0.98, { executor: 'async', waiting: true, physicalCores: 16 }));
    assert.notEqual(waiting.kind, 'none', 'async calls that wait are projected along their concurrency');
  });

  test('nothing to project when serial is recommended', () => {
    const report = sweep([1, 2], amdahl(0.9));
    assert.equal(projectReport({ ...report, verdict: { ...report.verdict, best: null } }).kind, 'none');
  });

  test('says there is no baseline, not that nothing beat serial, when serial did not run to the end', () => {
    const report = sweep([1, 2], amdahl(0.9));
    const runs = report.runs.map((run) => (run.executor === 'serial' ? { ...run, wallSeconds: null, error: { kind: 'timeout' as const, message: 'work did not finish within 3 s under serial.', hint: '' } } : run));
    const projection = projectReport({ ...report, runs, verdict: { ...report.verdict, best: null } });
    assert.equal(projection.kind, 'none');
    assert.match(projection.words, /serial did not run to the end, so there is no baseline/);
  });

  test('the fitted speedup of a model with no overhead is Amdahl\'s law', () => {
    assert.ok(Math.abs(fittedSpeedup({ model: 'amdahl', serialShare: 0.1, overhead: 0 }, 10) - 1 / (0.1 + 0.09)) < 1e-12);
    assert.equal(fittedSpeedup({ model: 'bottleneck', serialShare: 0.25, overhead: 0 }, 64), 4);
  });
});
