import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyse, computeOverheads, deriveRun, serialBaseline } from '../../src/core/analyse';
import type { TaskSpan } from '../../src/shared/report';
import { analysisInput, measured, nonFiniteNumbers, runError } from './fixtures/synthetic';

function close(actual: number | null, expected: number, message?: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, message ?? `expected ${expected}, got ${actual}`);
}

function task(worker: number, start: number, end: number, index = 0): TaskSpan {
  return { index, worker, pid: 1, thread: worker, start, end, cpuSeconds: null };
}

describe('derived numbers of a run', () => {
  test('speedup is serial wall ÷ wall and efficiency is speedup ÷ workers', () => {
    const run = deriveRun(measured({ executor: 'process', workers: 2, wall: 1.25 }), 2);
    close(run.speedup, 1.6);
    close(run.efficiency, 0.8);
  });

  test('the Karp–Flatt serial fraction is 0 for a perfect speedup and rises as it falls short', () => {
    close(deriveRun(measured({ executor: 'process', workers: 2, wall: 1 }), 2).serialFraction, 0);
    close(deriveRun(measured({ executor: 'process', workers: 2, wall: 1.25 }), 2).serialFraction, 0.25);
  });

  test('one worker has no Karp–Flatt serial fraction', () => {
    assert.equal(deriveRun(measured({ executor: 'thread', workers: 1, wall: 2 }), 2).serialFraction, null);
  });

  test('CPU utilization is task CPU ÷ (wall × workers), clamped to 1.5', () => {
    close(deriveRun(measured({ executor: 'thread', workers: 4, wall: 2, cpu: 4 }), 2).cpuUtilization, 0.5);
    close(deriveRun(measured({ executor: 'thread', workers: 1, wall: 1, cpu: 10 }), 2).cpuUtilization, 1.5);
    assert.equal(deriveRun(measured({ executor: 'thread', workers: 1, wall: 1, cpu: null }), 2).cpuUtilization, null);
  });

  test('a run with an error keeps it and has only null numbers', () => {
    const error = runError('timeout', 'The run took longer than 60 s.', 'Raise the timeout.');
    const run = deriveRun(measured({ executor: 'process', workers: 2, wall: 1, error }), 2);
    assert.deepEqual(run.error, error);
    assert.deepEqual(
      [run.speedup, run.efficiency, run.cpuUtilization, run.serialFraction, run.overheads],
      [null, null, null, null, null],
    );
  });

  test('a zero wall time gives null numbers, never Infinity', () => {
    const run = deriveRun(measured({ executor: 'thread', workers: 2, wall: 0 }), 2);
    assert.equal(run.speedup, null);
    assert.equal(run.cpuUtilization, null);
    assert.deepEqual(nonFiniteNumbers(run), []);
  });

  test('without a serial wall there is no speedup', () => {
    const run = deriveRun(measured({ executor: 'thread', workers: 2, wall: 1 }), null);
    assert.equal(run.speedup, null);
    assert.equal(run.efficiency, null);
  });
});

describe('overheads', () => {
  test('splits idle worker time into dispatch before the last start and an idle tail after it', () => {
    const overheads = computeOverheads({
      wallSeconds: 10,
      startupSeconds: 1,
      workers: 2,
      error: null,
      tasks: [task(0, 0, 4), task(0, 5, 9), task(1, 1, 6)],
    });
    assert.ok(overheads);
    close(overheads.startup, 1 / 11);
    // Before the last start (t=5): worker 0 idle 4..5, worker 1 idle 0..1; after the last end: 2 × 1 s.
    close(overheads.dispatch, 4 / 20);
    // Between the last start and the last end, worker 1 is idle from 6 to 9.
    close(overheads.imbalance, 3 / 20);
  });

  test('a worker that never ran a task counts as idle', () => {
    const overheads = computeOverheads({
      wallSeconds: 4,
      startupSeconds: null,
      workers: 2,
      error: null,
      tasks: [task(0, 0, 2), task(0, 2, 4)],
    });
    assert.ok(overheads);
    assert.equal(overheads.startup, 0);
    close(overheads.dispatch, 2 / 8);
    close(overheads.imbalance, 2 / 8);
  });

  test('overlapping spans on one worker are counted once', () => {
    const overheads = computeOverheads({
      wallSeconds: 2,
      startupSeconds: 0,
      workers: 1,
      error: null,
      tasks: [task(0, 0, 2), task(0, 0.5, 1.5)],
    });
    assert.ok(overheads);
    close(overheads.dispatch, 0);
    close(overheads.imbalance, 0);
  });

  test('are null without tasks', () => {
    assert.equal(computeOverheads({ wallSeconds: 1, startupSeconds: 0, workers: 1, error: null, tasks: [] }), null);
  });
});

describe('analyse', () => {
  test('measures every speedup against the first successful serial run', () => {
    const input = analysisInput([
      { executor: 'serial', wall: 2 },
      { executor: 'thread', workers: 2, wall: 2 },
      { executor: 'process', workers: 2, wall: 1 },
    ]);
    assert.equal(serialBaseline(input.runs)?.executor, 'serial');
    const { runs } = analyse(input);
    assert.deepEqual(runs.map((run) => run.speedup), [1, 1, 2]);
    assert.deepEqual(runs.map((run) => run.id), input.runs.map((run) => run.id));
  });

  test('keeps the runs in order with their errors next to good runs', () => {
    const error = runError('worker-crashed', 'A worker died with SIGSEGV.', 'Run serial to find the crash.');
    const { runs } = analyse(analysisInput([
      { executor: 'serial', wall: 2 },
      { executor: 'process', workers: 2, wall: null, error },
      { executor: 'process', workers: 4, wall: 1.1 },
    ]));
    assert.equal(runs[1].error?.kind, 'worker-crashed');
    assert.equal(runs[1].speedup, null);
    close(runs[2].speedup, 2 / 1.1);
  });

  test('gives null speedups, never NaN, when the serial run failed', () => {
    const result = analyse(analysisInput([
      { executor: 'serial', wall: null, error: runError('timeout', 'Serial took too long.', 'Raise the timeout.') },
      { executor: 'process', workers: 2, wall: 1 },
    ]));
    assert.equal(result.runs[1].speedup, null);
    assert.deepEqual(nonFiniteNumbers(result), []);
  });

  test('a zero serial wall gives no speedups and no NaN anywhere', () => {
    const result = analyse(analysisInput([
      { executor: 'serial', wall: 0 },
      { executor: 'thread', workers: 2, wall: 0 },
    ]));
    assert.ok(result.runs.every((run) => run.speedup === null));
    assert.deepEqual(nonFiniteNumbers(result), []);
  });
});
