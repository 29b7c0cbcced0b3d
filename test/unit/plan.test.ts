import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultWorkerCounts, extendSweep, planConfigs, type PlanOptions } from '../../src/core/plan';
import type { ExecutorChoice } from '../../src/shared/runner';
import { measured, type RunSpec } from './fixtures/synthetic';

const pythonExecutors: ExecutorChoice[] = [
  { executor: 'serial', startMethod: null },
  { executor: 'process', startMethod: 'fork' },
  { executor: 'process', startMethod: 'spawn' },
  { executor: 'thread', startMethod: null },
];

function options(overrides: Partial<PlanOptions> = {}): PlanOptions {
  return {
    executors: pythonExecutors,
    logicalCores: 2,
    physicalCores: 2,
    repeat: 3,
    timeoutSeconds: 60,
    chunksize: null,
    inputsCount: 100,
    ...overrides,
  };
}

describe('default worker counts', () => {
  test('on 2 logical / 2 physical cores sweeps 1, 2 and the oversubscribed 4', () => {
    assert.deepEqual(defaultWorkerCounts(2, 2, 100), [1, 2, 4]);
  });

  test('on 8 logical / 4 physical cores includes the physical count and 2× logical', () => {
    assert.deepEqual(defaultWorkerCounts(8, 4, 100), [1, 2, 4, 8, 16]);
  });

  test('adds the logical and physical counts when they are not powers of two', () => {
    assert.deepEqual(defaultWorkerCounts(12, 6, 100), [1, 2, 4, 6, 8, 12, 24]);
  });

  test('caps every count at the number of inputs, keeping one point above the logical cores', () => {
    assert.deepEqual(defaultWorkerCounts(8, 4, 12), [1, 2, 4, 8, 12]);
    assert.deepEqual(defaultWorkerCounts(8, 4, 3), [1, 2, 3]);
  });

  test('survives nonsense core counts', () => {
    assert.deepEqual(defaultWorkerCounts(0, 0, 0), [1]);
  });
});

describe('planConfigs', () => {
  test('runs serial first and exactly once, even when serial is among the executors', () => {
    const configs = planConfigs(options());
    assert.equal(configs[0].executor, 'serial');
    assert.equal(configs[0].workers, 1);
    assert.equal(configs.filter((config) => config.executor === 'serial').length, 1);
  });

  test('orders by worker count, threads before processes at each count', () => {
    const labels = planConfigs(options()).map((config) => `${config.executor}${config.startMethod ? `/${config.startMethod}` : ''}/${config.workers}`);
    assert.deepEqual(labels, [
      'serial/1',
      'thread/1', 'process/fork/1', 'process/spawn/1',
      'thread/2', 'process/fork/2', 'process/spawn/2',
      'thread/4', 'process/fork/4', 'process/spawn/4',
    ]);
  });

  test("uses exactly the user's worker counts, deduplicated and sorted", () => {
    const counts = planConfigs(options({ workers: [3, 1, 3, 64] }))
      .filter((config) => config.executor === 'thread')
      .map((config) => config.workers);
    assert.deepEqual(counts, [1, 3, 64]);
  });

  test('caps the default sweep at the number of inputs', () => {
    const counts = new Set(planConfigs(options({ logicalCores: 8, physicalCores: 4, inputsCount: 5 })).map((config) => config.workers));
    assert.deepEqual([...counts].sort((a, b) => a - b), [1, 2, 4, 5]);
  });

  test('passes repeat, timeout and chunksize to every parallel configuration, none to serial', () => {
    const configs = planConfigs(options({ chunksize: 16, repeat: 5, timeoutSeconds: 9 }));
    assert.equal(configs[0].chunksize, null);
    for (const config of configs) {
      assert.equal(config.repeat, 5);
      assert.equal(config.timeoutSeconds, 9);
    }
    assert.ok(configs.slice(1).every((config) => config.chunksize === 16));
  });

  test('plans only serial when the runtime offers nothing else', () => {
    assert.deepEqual(
      planConfigs(options({ executors: [] })).map((config) => config.executor),
      ['serial'],
    );
  });

  test('puts async before worker_threads and child_process for JavaScript', () => {
    const configs = planConfigs(options({
      executors: [
        { executor: 'child_process', startMethod: null },
        { executor: 'worker_threads', startMethod: null },
        { executor: 'async', startMethod: null },
      ],
      workers: [2],
    }));
    assert.deepEqual(configs.map((config) => config.executor), ['serial', 'async', 'worker_threads', 'child_process']);
  });
});

describe('extendSweep', () => {
  // Waiting tasks: 16 s of serial wall time, almost no CPU.
  const waiting = (threadWalls: Record<number, number | 'error'>): RunSpec[] => [
    { executor: 'serial', wall: 16, cpu: 0.05 },
    ...Object.entries(threadWalls).map(([workers, wall]): RunSpec =>
      wall === 'error'
        ? { executor: 'thread', workers: Number(workers), wall: null, error: { kind: 'timeout', message: 'Timed out.', hint: 'Raise the timeout.' } }
        : { executor: 'thread', workers: Number(workers), wall, cpu: 0.05 },
    ),
    { executor: 'process', workers: 4, wall: 4.5, cpu: 0.05 },
  ];

  test('asks for 8 threads when waiting tasks still scaled at the last doubling', () => {
    const runs = waiting({ 1: 16, 2: 8, 4: 4 }).map(measured);
    assert.equal(extendSweep({ runs, inputsCount: 64, executor: 'thread' }), 8);
  });

  test('keeps doubling to 16 while the speedup keeps growing', () => {
    const runs = waiting({ 1: 16, 2: 8, 4: 4, 8: 2 }).map(measured);
    assert.equal(extendSweep({ runs, inputsCount: 64, executor: 'thread' }), 16);
  });

  test('stops when the last doubling improved the speedup by less than 10%', () => {
    const runs = waiting({ 1: 16, 2: 8, 4: 4, 8: 3.8 }).map(measured);
    assert.equal(extendSweep({ runs, inputsCount: 64, executor: 'thread' }), null);
  });

  test('stops at the number of inputs', () => {
    const capped = waiting({ 1: 16, 2: 8, 4: 4, 8: 2 }).map(measured);
    assert.equal(extendSweep({ runs: capped, inputsCount: 12, executor: 'thread' }), 12);
    const done = waiting({ 1: 16, 2: 8, 4: 4, 8: 2, 12: 1.4 }).map(measured);
    assert.equal(extendSweep({ runs: done, inputsCount: 12, executor: 'thread' }), null);
  });

  test('does not extend when the tasks keep the CPU busy', () => {
    const runs: RunSpec[] = [
      { executor: 'serial', wall: 16, cpu: 15.5 },
      { executor: 'thread', workers: 2, wall: 8 },
      { executor: 'thread', workers: 4, wall: 4 },
    ];
    assert.equal(extendSweep({ runs: runs.map(measured), inputsCount: 64, executor: 'thread' }), null);
  });

  test('does not extend past a thread run that failed', () => {
    const runs = waiting({ 1: 16, 2: 8, 4: 'error' }).map(measured);
    assert.equal(extendSweep({ runs, inputsCount: 64, executor: 'thread' }), null);
  });

  test('extends JavaScript async like threads: its workers are the calls in flight', () => {
    const runs = waiting({ 1: 16, 2: 8, 4: 4 })
      .map((spec): RunSpec => (spec.executor === 'thread' ? { ...spec, executor: 'async' } : spec))
      .map(measured);
    assert.equal(extendSweep({ runs, inputsCount: 64, executor: 'async' }), 8);
    assert.equal(extendSweep({ runs, inputsCount: 64, executor: 'thread' }), null);
  });

  test('does nothing without a serial baseline', () => {
    const runs = waiting({ 1: 16, 2: 8, 4: 4 }).slice(1).map(measured);
    assert.equal(extendSweep({ runs, inputsCount: 64, executor: 'thread' }), null);
  });

  test('honours an explicit serial wall and tried list', () => {
    const runs = waiting({ 2: 8, 4: 4 }).map(measured);
    assert.equal(extendSweep({ runs, serialWall: 16, tried: [2, 4], inputsCount: 64, executor: 'thread' }), 8);
  });
});

describe('an executor with a fixed size (a running Dask cluster)', () => {
  const executors: ExecutorChoice[] = [
    { executor: 'serial', startMethod: null },
    { executor: 'thread', startMethod: null },
    { executor: 'dask', startMethod: null, maxWorkers: 3 },
  ];

  test('tops out at the cluster size, once, while the other executors sweep on', () => {
    const configs = planConfigs(options({ executors, logicalCores: 4, physicalCores: 4 }));
    assert.deepEqual(configs.filter((c) => c.executor === 'dask').map((c) => c.workers), [1, 2, 3]);
    assert.deepEqual(configs.filter((c) => c.executor === 'thread').map((c) => c.workers), [1, 2, 4, 8]);
  });

  test('never asks for more workers than the cluster has, even when the user does', () => {
    const configs = planConfigs(options({ executors: [{ executor: 'dask', startMethod: null, maxWorkers: 2 }], workers: [1, 2, 4] }));
    assert.deepEqual(configs.filter((c) => c.executor === 'dask').map((c) => c.workers), [1, 2]);
  });
});
