// Other programs' load during the runs: measured from synthetic per-core samples, summarised for a
// report, and worded in the verdict, the CLI text, the CSV and the trace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import { contentionSummary, contentionWarning, otherCores, ownCpuSeconds } from '../../src/core/contention';
import { toCsv } from '../../src/shared/csv';
import { formatVerdict } from '../../src/core/table';
import { toChromeTrace } from '../../src/shared/trace';
import type { MeasuredRun } from '../../src/core/types';
import type { Report } from '../../src/shared/report';
import { analysisInput, measured, nonFiniteNumbers, reportOf as reportAround, runError, type RunSpec } from './fixtures/synthetic';

const INTERVAL = 0.1;
const CORES = 2;

/** Samples every 0.1 s across the run's wall, the machine busy with the run's own CPU plus `other` cores. */
function withLoad(run: MeasuredRun, other: number, outside: { before?: number; after?: number } = {}): MeasuredRun {
  const wall = run.wallSeconds ?? 0;
  const own = (ownCpuSeconds(run) ?? 0) / (wall || 1);
  const row = (busy: number) => Array.from({ length: CORES }, (_, core) => Math.min(100, Math.max(0, (busy - core) * 100)));
  const t: number[] = [];
  const load: number[][] = [];
  const sample = (time: number, busy: number) => {
    t.push(time);
    load.push(row(busy));
  };
  // Start-up before the first submit (the sample at 0.05 still averages time before it) and the
  // pool shutting down after the last result.
  if (outside.before !== undefined) for (const time of [-0.3, -0.2, -0.1, 0, 0.05]) sample(time, outside.before);
  for (let index = 1; index * INTERVAL <= wall + 1e-9; index += 1) sample(index * INTERVAL, own + other);
  if (outside.after !== undefined) for (const time of [wall + 0.05, wall + 0.1, wall + 0.2]) sample(time, outside.after);
  return { ...run, coreSamples: { intervalSeconds: INTERVAL, t, load } };
}

function run(spec: RunSpec, other: number | null): MeasuredRun {
  const plain = measured(spec);
  return other === null ? plain : withLoad(plain, other);
}

/** A report around analysed runs, as the engine writes it. */
function reportOf(specs: RunSpec[], others: (number | null)[]): Report {
  const input = analysisInput(specs, { functionName: 'count_primes', file: '/home/user/examples/primes.py' });
  input.runs = input.runs.map((measuredRun, index) => (others[index] === null ? measuredRun : withLoad(measuredRun, others[index] ?? 0)));
  return reportAround(input);
}

describe('cores other programs kept busy during one run', () => {
  test('is about zero on a quiet machine, where the samples show only the run itself', () => {
    const value = otherCores(run({ executor: 'serial', wall: 2, cpu: 1.96 }, 0));
    assert.ok(value !== null && value < 0.02, `got ${value}`);
  });

  test('counts one extra busy core beside a serial run as one core of other load', () => {
    const value = otherCores(run({ executor: 'serial', wall: 2, cpu: 1.96 }, 1));
    assert.ok(value !== null && Math.abs(value - 1) < 0.02, `got ${value}`);
  });

  test('counts the CPU of process workers as the run own, not as other programs', () => {
    // The harness only hands out work; the two workers compute outside it.
    const pool = measured({ executor: 'process', workers: 2, wall: 1, cpu: 1.6, processCpu: 0.3 });
    const loaded = withLoad(pool, 0);
    assert.ok(Math.abs((ownCpuSeconds(pool) ?? 0) - 1.9) < 1e-9);
    const value = otherCores(loaded);
    assert.ok(value !== null && value < 0.02, `got ${value}`);
    // In-process executors already count their tasks in the harness CPU: adding them would double it.
    assert.equal(ownCpuSeconds(measured({ executor: 'thread', workers: 2, wall: 1, cpu: 0.9, processCpu: 1 })), 1);
  });

  test("counts the programs the function ran as the run's own, not as other programs", () => {
    // Each call runs a compressor that keeps a core busy while the caller waits (test/corpus/subprocess_tool.py).
    const waiting = measured({ executor: 'thread', workers: 2, wall: 1, cpu: 0.01, processCpu: 0.02 });
    const samples = withLoad({ ...waiting, childCpuSeconds: 1.9 }, 0).coreSamples;
    const value = otherCores({ ...waiting, childCpuSeconds: 1.9, coreSamples: samples });
    assert.ok(value !== null && value < 0.02, `got ${value}`);
    // Without the children's CPU the same samples read as two cores of other programs.
    const blind = otherCores({ ...waiting, coreSamples: samples });
    assert.ok(blind !== null && Math.abs(blind - 1.9) < 0.02, `got ${blind}`);
  });

  test('cannot tell the other load of a process run whose workers reported no CPU', () => {
    const blind = withLoad(measured({ executor: 'process', workers: 2, wall: 1, cpu: null, processCpu: 0.02 }), 0);
    assert.equal(otherCores(blind), null);
  });

  test('is null with fewer than three samples inside the timed repeat', () => {
    const short = withLoad(measured({ executor: 'serial', wall: 0.25, cpu: 0.24 }), 1);
    assert.equal(short.coreSamples.t.length, 2);
    assert.equal(otherCores(short), null);
    const longer = withLoad(measured({ executor: 'serial', wall: 0.3, cpu: 0.29 }), 1);
    assert.ok(otherCores(longer) !== null);
  });

  test('ignores samples taken before the first submit or after the last result', () => {
    const plain = measured({ executor: 'process', workers: 2, wall: 1, cpu: 1.9, processCpu: 0.02 });
    const busyEdges = withLoad(plain, 0, { before: 2, after: 2 });
    assert.ok(busyEdges.coreSamples.t.some((time) => time < 0) && busyEdges.coreSamples.t.some((time) => time > 1));
    const value = otherCores(busyEdges);
    assert.ok(value !== null && value < 0.02, `got ${value}`);
  });

  test('is null for a failed run and zero, never negative, when the samples read low', () => {
    const failed = withLoad(measured({ executor: 'process', workers: 2, wall: 1, error: runError('exception', 'ValueError', 'Fix it.') }), 1);
    assert.equal(otherCores(failed), null);
    const low = withLoad(measured({ executor: 'serial', wall: 2, cpu: 1.96 }), -0.5);
    assert.equal(otherCores(low), 0);
  });
});

describe('other programs in the report', () => {
  // A CPU-bound function on a busy 2-core machine: processes lose to serial.
  const busySpecs: RunSpec[] = [
    { executor: 'serial', wall: 2, cpu: 1.96 },
    { executor: 'thread', workers: 1, wall: 2.02, cpu: 1.96 },
    { executor: 'thread', workers: 2, wall: 2.05, cpu: 1.96 },
    { executor: 'process', workers: 2, wall: 2.7, cpu: 1.96, processCpu: 0.02 },
  ];
  const busyLoads = [0.9, 0.9, 1.0, 0.9];

  test('stores each run its measured other load and summarises the median and the worst run', () => {
    const report = reportOf(busySpecs, busyLoads);
    assert.deepEqual(report.runs.map((each) => each.otherCores?.toFixed(1)), ['0.9', '0.9', '1.0', '0.9']);
    const summary = contentionSummary(report.runs);
    assert.equal(summary?.runsMeasured, 3, 'the runs whose CPU the harness counts exactly');
    assert.equal(summary?.medianOtherCores.toFixed(1), '0.9');
    assert.equal(summary?.worst.label, 'thread × 2');
    assert.deepEqual(nonFiniteNumbers(report), []);
  });

  test('gives no kind when processes of a CPU-bound function reached only 0.74× while other programs took the cores, and says so', () => {
    const report = reportOf(busySpecs, busyLoads);
    const { verdict } = report;
    assert.equal(report.runs[3].speedup?.toFixed(2), '0.74');
    assert.equal(verdict.kind, 'inconclusive');
    assert.equal(verdict.best, null);
    assert.match(verdict.explanation, /but other programs kept 0\.9 of the 2 cores busy while it ran, and 1\.0 during thread × 2\. What the cores had left could not show whether threads or processes scale, so no kind is given\./, verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /No single cause|start-up and data transfer/);
    assert.match(verdict.recommendation, /^Profile count_primes again when the machine is quieter/, verdict.recommendation);
    assert.ok(verdict.evidence.includes('other programs: 0.9 of 2 cores busy during the runs (median), worst 1.0 during thread × 2'), verdict.evidence.join('\n'));
  });

  test('keeps the old guess when the same runs carry no samples', () => {
    const report = reportOf(busySpecs, [null, null, null, null]);
    assert.deepEqual(report.runs.map((each) => each.otherCores), [null, null, null, null]);
    assert.equal(report.verdict.kind, 'mixed');
    assert.match(report.verdict.explanation, /no executor scaled: start-up and data transfer may cost as much as the work, or other programs kept the cores busy\./);
    assert.ok(!report.verdict.evidence.some((line) => line.startsWith('other programs')));
    assert.equal(contentionWarning(report), null);
  });

  test('drops the guess about other programs when the machine was measured quiet', () => {
    const report = reportOf(busySpecs, [0, 0.05, 0, 0]);
    assert.match(report.verdict.explanation, /no executor scaled: start-up and data transfer may cost as much as the work\./);
    assert.doesNotMatch(report.verdict.explanation, /other programs/);
    assert.equal(contentionWarning(report), null);
    assert.doesNotMatch(formatVerdict(report, { color: false }), /Other programs kept/);
  });

  test('states the measured load when CPU-bound processes stayed short of the cores', () => {
    const specs: RunSpec[] = [
      { executor: 'serial', wall: 2, cpu: 1.96 },
      { executor: 'thread', workers: 2, wall: 2.05, cpu: 1.96 },
      { executor: 'process', workers: 2, wall: 1.5, cpu: 1.96, processCpu: 0.02 },
    ];
    const busy = reportOf(specs, [0.8, 0.8, 0.8]);
    assert.equal(busy.verdict.kind, 'cpu-bound');
    assert.match(busy.verdict.explanation, /stayed short of the 2× that 2 cores allow, and other programs kept 0\.8 of the 2 cores busy while it ran/);
    const quiet = reportOf(specs, [0, 0, 0]);
    assert.match(quiet.verdict.explanation, /stayed short of the 2× that 2 cores allow although other programs left the cores free/);
    const unmeasured = reportOf(specs, [null, null, null]);
    assert.match(unmeasured.verdict.explanation, /stayed short of the 2× that 2 cores allow: other programs kept the cores busy, or the cores are shared/);
  });

  test('takes the summary from three or more in-process runs, whose CPU is counted exactly', () => {
    // Process workers whose tasks start threads (BLAS) use more CPU than their tasks report.
    const report = reportOf(busySpecs, [0.1, 0.1, 0.15, 1]);
    assert.equal(contentionSummary(report.runs)?.medianOtherCores.toFixed(1), '0.1');
    assert.equal(contentionWarning(report), null);
    // With fewer, one brief burst beside a single exact run must not decide: every run counts.
    const fewer = reportOf(busySpecs.slice(1), [0.6, 0.1, 0.1]);
    assert.equal(contentionSummary(fewer.runs)?.runsMeasured, 3);
    assert.equal(contentionSummary(fewer.runs)?.medianOtherCores.toFixed(1), '0.1');
  });

  test('takes the summary from the in-process runs alone, and no figure from a pool, when the calls run programs', () => {
    // test/corpus/subprocess_tool.py on a quiet machine: a pool's workers wait for the programs the
    // calls run, whose CPU the harness never counts — their samples read as 1.4–1.9 other cores.
    const input = analysisInput([
      { executor: 'serial', wall: 0.65, cpu: 0.006, processCpu: 0.007 },
      { executor: 'thread', workers: 2, wall: 0.37, cpu: 0.007, processCpu: 0.009 },
      { executor: 'process', workers: 2, wall: 0.38, cpu: 0.025, processCpu: 0.006 },
    ]);
    input.runs[0] = withLoad({ ...input.runs[0], childCpuSeconds: 0.64 }, 0);
    input.runs[1] = withLoad({ ...input.runs[1], childCpuSeconds: 0.69 }, 0);
    input.runs[2] = withLoad(input.runs[2], 1.8);
    const { runs } = analyse(input);
    assert.equal(runs[2].otherCores, null, 'the pool\'s other load cannot be told');
    const summary = contentionSummary(runs);
    assert.ok(summary && summary.runsMeasured === 2 && summary.medianOtherCores < 0.05, JSON.stringify(summary));
  });

  test("does not count process workers' time between tiny tasks twice: their run's CPU already has the hand-off", () => {
    // ProcessPoolExecutor's run CPU is its workers' threads' over the pass (the span buffer's readings),
    // unpickling and messaging between tasks included: another program's 0.6 of a core stays in sight.
    const tiny = measured({ executor: 'process', workers: 2, wall: 1, cpu: 0.8, processCpu: 0.3, busy: 0.1, tasks: 200 });
    const other = otherCores(withLoad(tiny, 0.6));
    assert.ok(other !== null && Math.abs(other - 0.6) < 0.02, `got ${other}`);
  });

  test('takes the summary from the in-process runs alone when serial shows the tasks starting threads (BLAS)', () => {
    // Serial's process used twice its tasks' thread CPU: process workers' BLAS threads go uncounted.
    const blas: RunSpec[] = [
      { executor: 'serial', wall: 1.14, cpu: 1.1, processCpu: 2.2 },
      { executor: 'thread', workers: 2, wall: 1.24, cpu: 1.2, processCpu: 2.4 },
      { executor: 'process', workers: 2, wall: 1.39, cpu: 1.28, processCpu: 0.02 },
      { executor: 'process', startMethod: 'spawn', workers: 2, wall: 1.37, cpu: 1.23, processCpu: 0.01 },
      { executor: 'pool', workers: 2, wall: 1.27, cpu: 1.26, processCpu: 0.02 },
    ];
    const report = reportOf(blas, [0.06, 0.08, 1, 1.03, 0.94]);
    assert.equal(contentionSummary(report.runs)?.runsMeasured, 2);
    assert.ok((contentionSummary(report.runs)?.medianOtherCores ?? 1) < 0.1);
    assert.equal(contentionWarning(report), null);
  });

  test('counts the time loky workers spent between tiny tasks as theirs, not as other programs', () => {
    // Workers inside tasks a tenth of the time: unpickling and messaging between them uses CPU that
    // loky's per-task readings do not report.
    const tiny = measured({ executor: 'joblib-loky', workers: 2, wall: 1, cpu: 0.2, processCpu: 0.3, busy: 0.1, tasks: 200 });
    const dispatching = otherCores(withLoad(tiny, 0.6));
    assert.ok(dispatching !== null && dispatching < 0.02, `got ${dispatching}`);
    // Workers that fill their time with tasks leave no such doubt: the extra core is other programs'.
    const full = measured({ executor: 'joblib-loky', workers: 2, wall: 1, cpu: 0.95, processCpu: 0.02, busy: 0.98, tasks: 8 });
    const contended = otherCores(withLoad(full, 1));
    assert.ok(contended !== null && Math.abs(contended - 0.96) < 0.02, `got ${contended}`);
  });

  test('warns in the CLI text first, in the words every surface shares', () => {
    const report = reportOf(busySpecs, busyLoads);
    const warning = contentionWarning(report);
    assert.equal(warning, 'Other programs kept 0.9 of 2 cores busy during the measurement; speedups here are lower than this machine gives when quiet.');
    const text = formatVerdict(report, { color: false, width: 400 });
    const warnings = text.slice(text.indexOf('Warnings'));
    assert.equal(warnings.split('\n')[1], `  ! ${warning} Close what else is running, or profile again at a quieter moment.`);
  });

  test('tells nothing on a large machine whose background load is a small share of its cores', () => {
    const input = analysisInput(busySpecs, { machine: { logicalCores: 16, physicalCores: 8, cpuBrand: 'Synthetic CPU', memoryBytes: 2 ** 34, platform: 'linux-x64' } });
    const runs = analyse({ ...input, runs: input.runs.map((each) => withLoad(each, 0.5)) }).runs;
    assert.equal(contentionWarning({ runs, machine: input.machine }), null);
    assert.ok(contentionWarning({ runs, machine: { ...input.machine, logicalCores: 4 } }) !== null);
  });

  test('measures reports saved before the field existed from their samples', () => {
    const report = reportOf(busySpecs, busyLoads);
    const older = { ...report, runs: report.runs.map(({ otherCores: _dropped, ...rest }) => rest) } as unknown as Report;
    assert.equal(contentionSummary(older.runs)?.medianOtherCores.toFixed(1), '0.9');
  });

  test('carries each run other load into the CSV and the trace', () => {
    const report = reportOf(busySpecs, [0.9, null, 1.0, 0.4]);
    const rows = toCsv(report).trimEnd().split('\r\n').map((line) => line.split(','));
    const column = rows[0].indexOf('otherCores');
    assert.ok(column >= 0);
    assert.deepEqual(rows.slice(1).map((row) => (row[column] === '' ? '' : Number(row[column]).toFixed(1))), ['0.9', '', '1.0', '0.4']);
    const spans = toChromeTrace(report).traceEvents.filter((event) => event.ph === 'X' && event.cat === 'run');
    assert.deepEqual(spans.map((event) => (event.ph === 'X' ? event.args.otherCores : undefined)), report.runs.map((each) => each.otherCores));
  });
});
