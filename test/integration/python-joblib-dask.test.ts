// joblib (loky and threading) and a Dask LocalCluster for real, under Debian's system Python with
// python3-joblib and python3-distributed (scripts/python-extras-setup.sh installs them).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { after, describe, test } from 'node:test';
import type { ConfigOutcome, ConfigRequest } from '../../src/shared/runner';
import { RUN_MARKER_ENV } from '../../src/runners/harnessProcess';
import { pidsWithMarker } from '../../src/system/processTree';
import { PythonRunner } from '../../src/runners/python/runner';
import type { Executor } from '../../src/shared/report';
import { skipUnless, SYSTEM_PYTHON } from '../helpers/daskCluster';
import { fixture, pythonTarget } from '../helpers/pythonFixtures';

const skip = skipUnless('joblib', 'distributed');
const marker = `joblib-dask-test-${randomBytes(6).toString('hex')}`;
const runner = new PythonRunner({ env: { [RUN_MARKER_ENV]: marker } });
const never = new AbortController().signal;
const work = fixture('cluster_work.py');
const busy = pythonTarget(work, 'busy', { inputs: '[20000] * 8', executable: SYSTEM_PYTHON });
const waits = pythonTarget(work, 'waits', { inputs: '[0.2] * 8', executable: SYSTEM_PYTHON });

function config(executor: Executor, workers = 2): ConfigRequest {
  return { executor, startMethod: null, workers, repeat: 2, chunksize: null, timeoutSeconds: 60 };
}

function assertMeasured(outcome: ConfigOutcome, count: number): void {
  assert.equal(outcome.error, null, outcome.error?.message);
  assert.equal(outcome.walls.length, 2);
  assert.deepEqual(outcome.tasks.map((task) => task.index), [...Array(count).keys()]);
  for (const task of outcome.tasks) assert.ok(task.end >= task.start && task.cpuSeconds !== null);
}

const ownPid = (outcome: ConfigOutcome): Set<number> => new Set(outcome.tasks.map((task) => task.pid));

describe('joblib and Dask with the real libraries', { skip }, () => {
  after(() => assert.deepEqual(pidsWithMarker(marker), [], 'no process of the profiler is left behind'));

  test('the probe of the system Python offers joblib-loky, joblib-threading and dask', async () => {
    const probe = await runner.probe(busy, never);
    const offered = probe.executors.map((choice) => choice.executor);
    for (const executor of ['joblib-loky', 'joblib-threading', 'dask'] as const) assert.ok(offered.includes(executor), `${executor} in ${offered.join(', ')}`);
    assert.ok(probe.runtime.extras.joblib && probe.runtime.extras.distributed);
  });

  test('joblib with loky runs the CPU-bound tasks in two worker processes other than the harness', async () => {
    const outcome = await runner.runConfig(busy, config('joblib-loky'), never);
    assertMeasured(outcome, 8);
    assert.equal(ownPid(outcome).size, 2, 'two loky workers ran the tasks');
  });

  test("loky's workers import the script in start-up, not in the first timing: a script that builds 450 MB at import keeps its workers", async () => {
    // loky reads a worker's baseline memory after its first task and replaces a worker grown 300 MB
    // past it: with the import left to the first timed call, each worker was replaced mid-timing
    // ("A worker stopped while some jobs were given to the executor"), 0.21x against serial.
    const big = pythonTarget(fixture('big_import.py'), 'score', { inputs: '[400000] * 8', executable: SYSTEM_PYTHON });
    const outcome = await runner.runConfig(big, config('joblib-loky'), never);
    assertMeasured(outcome, 8);
    // Each timing is the calls' own time over two workers, not workers re-importing the script
    // (with the import left to the first call: 765 ms against the calls' 80 ms).
    const busyPerWorker = outcome.tasks.reduce((sum, task) => sum + (task.end - task.start), 0) / 2;
    const median = [...outcome.walls].sort((a, b) => a - b)[Math.floor((outcome.walls.length - 1) / 2)];
    assert.ok(median < 3 * busyPerWorker, `timings ${outcome.walls.map((wall) => wall.toFixed(3)).join(', ')} s against ${busyPerWorker.toFixed(3)} s of calls per worker`);
  });

  test("a joblib run leaves none of loky's semaphores or memmapping folders behind, and no notice of them in the output", { skip: !existsSync('/dev/shm') && 'no /dev/shm' }, async () => {
    const harnesses: number[] = [];
    const watched = new PythonRunner({ env: { [RUN_MARKER_ENV]: marker }, onHarnessStart: (pid) => harnesses.push(pid) });
    const outcome = await watched.runConfig(busy, config('joblib-loky'), never);
    assertMeasured(outcome, 8);
    assert.equal(harnesses.length, 1);
    // loky names both after the process that made them: sem.loky-<pid>-*, joblib_memmapping_folder_<pid>_*
    // (in /dev/shm when it has 2 GB free, else in the temp folder).
    const ours = (name: string): boolean => name.startsWith(`sem.loky-${harnesses[0]}-`) || name.startsWith(`joblib_memmapping_folder_${harnesses[0]}_`);
    const left = ['/dev/shm', os.tmpdir()].flatMap((folder) => readdirSync(folder).filter(ours));
    assert.deepEqual(left, []);
    assert.doesNotMatch(outcome.output.stderr, /resource_tracker/);
  });

  test('joblib with threading runs the waiting tasks on two threads of one process, overlapping them', async () => {
    const outcome = await runner.runConfig(waits, config('joblib-threading'), never);
    assertMeasured(outcome, 8);
    assert.equal(ownPid(outcome).size, 1);
    assert.equal(new Set(outcome.tasks.map((task) => task.thread)).size, 2);
    const wall = Math.min(...outcome.walls);
    assert.ok(wall < 8 * 0.2, `8 waits of 0.2 s on 2 threads overlap (${wall.toFixed(2)} s)`);
  });

  test('a Dask LocalCluster runs the tasks on its two workers, and the profiler shows none of its own dask warnings', async () => {
    const outcome = await runner.runConfig(busy, config('dask'), never);
    assertMeasured(outcome, 8);
    assert.equal(ownPid(outcome).size, 2, 'two LocalCluster workers ran the tasks');
    assert.equal(new Set(outcome.tasks.map((task) => task.workerAddress)).size, 2, "each task names its worker's address");
    assert.ok(outcome.tasks.every((task) => task.host && task.bytesSent !== undefined));
    assert.deepEqual(outcome.warnings.filter((warning) => /make_current|dask|distributed|tornado|Port \d+/i.test(warning)), []);
  });
});
