// Profiling on a running Dask cluster, as a user who outgrew one machine does: a real `dask scheduler`
// and two `dask worker` processes on 127.0.0.1 (one cluster for this file), the engine pointed at it.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ProfileProgress, ProfileRequest } from '../../src/core/engine';
import { pidsWithMarker } from '../../src/system/processTree';
import type { Report, Run } from '../../src/shared/report';
import { closedPort, profileMarked, skipUnless, startCluster, SYSTEM_PYTHON, type TestCluster } from '../helpers/daskCluster';
import { fixture, markedLine } from '../helpers/pythonFixtures';

const skip = skipUnless('distributed');
const marker = `dask-cluster-test-${randomBytes(6).toString('hex')}`;
const work = fixture('cluster_work.py');

function request(functionName: string, inputs: string, daskScheduler: string, more: Partial<ProfileRequest> = {}): ProfileRequest {
  return {
    file: work, functionName, cwd: process.cwd(), inputs, executable: SYSTEM_PYTHON,
    executors: ['dask'], repeat: 2, timeoutSeconds: 60, daskScheduler, ...more,
  };
}

async function run(req: ProfileRequest, onProgress?: (progress: ProfileProgress) => void): Promise<Report> {
  return profileMarked(marker, req, onProgress);
}

const daskRuns = (report: Report): Run[] => report.runs.filter((each) => each.executor === 'dask');

describe('profiling on a running Dask cluster', { skip }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startCluster(2);
  });
  after(async () => {
    assert.deepEqual(pidsWithMarker(marker), [], 'no process of the profiler is left behind');
    await cluster?.stop();
  });

  test('a CPU-bound function runs on subsets of the cluster (× 1, × 2, never more than its 2 workers), each task naming its worker and host', async () => {
    // Worker counts given (as --workers): × 4 is asked for, the cluster has 2.
    const report = await run(request('busy', '[20000] * 8', cluster.scheduler.address, { workers: [1, 2, 4] }));
    const runs = daskRuns(report);
    assert.deepEqual(runs.map((each) => each.workers), [1, 2], 'the sweep tops out at the cluster size');
    const addresses = cluster.workers.map((each) => each.address).sort();
    for (const each of runs) {
      assert.equal(each.error, null, each.error?.message);
      const used = new Set(each.tasks.map((task) => task.workerAddress));
      assert.equal(used.size, each.workers, `${each.id} ran on exactly ${each.workers} of the cluster's workers`);
      for (const address of used) assert.ok(addresses.includes(address as string), `${address} is one of ${addresses.join(', ')}`);
      assert.ok(each.tasks.every((task) => task.host === '127.0.0.1' && typeof task.bytesSent === 'number' && typeof task.bytesReceived === 'number'));
      assert.deepEqual(each.warnings, [], 'no warning of the profiler\'s own dask use is shown as the user\'s');
      assert.deepEqual(each.workerLoad?.map((load) => load.worker).sort(), [...used].sort(), "each worker's CPU from Dask's system monitor");
      assert.ok(each.workerLoad?.every((load) => load.host === '127.0.0.1' && load.t.length > 0 && load.t.length === load.cpuPercent.length));
      assert.ok(each.workerLoad?.some((load) => load.cpuPercent.some((cpu) => cpu > 0)), 'the busy workers show CPU');
    }
    assert.deepEqual(report.runtime.daskCluster?.workers.map((each) => each.address).sort(), addresses);
    assert.equal(report.runtime.daskCluster?.scheduler, cluster.scheduler.address);
    assert.deepEqual(cluster.liveWorkers(), addresses, "the user's cluster is left running with its workers");
  });

  test('a waiting function overlaps its waits on two workers of the cluster', async () => {
    const report = await run(request('waits', '[0.25] * 8', cluster.scheduler.address, { workers: [1, 2] }));
    const [one, two] = daskRuns(report);
    assert.equal(one.error, null, one.error?.message);
    assert.equal(two.error, null, two.error?.message);
    assert.ok(one.wallSeconds !== null && one.wallSeconds >= 8 * 0.25, `one worker waits 8 × 0.25 s in turn (${one.wallSeconds})`);
    assert.ok(two.wallSeconds !== null && two.wallSeconds < one.wallSeconds, `two workers overlap: ${two.wallSeconds} < ${one.wallSeconds}`);
  });

  test('an unreachable scheduler address ends within 10 s with a message naming it', async () => {
    const address = `tcp://127.0.0.1:${await closedPort()}`;
    const began = Date.now();
    let probed = Number.NaN;
    const report = await run(request('busy', '[2000] * 4', address, { repeat: 1 }), (progress) => {
      if (progress.type === 'probed') probed = (Date.now() - began) / 1000;
    });
    const [refused] = daskRuns(report);
    assert.equal(refused.error?.kind, 'unavailable');
    assert.ok(refused.error?.message.includes(address), refused.error?.message);
    // The harness measures how long it tried the address; the probe around it (starting Python and
    // importing dask on a machine shared with other tests) must not hang either.
    const tried = Number(/No Dask scheduler answered at \S+ within (\d+(?:\.\d+)?) s/.exec(refused.error?.message ?? '')?.[1]);
    assert.ok(tried <= 10, `the harness gave up on ${address} after ${tried} s`);
    assert.ok(probed < 30, `starting Python, importing the script and trying ${address} took ${probed.toFixed(1)} s`);
    assert.equal(daskRuns(report).length, 1, 'one row explains it; no worker count tries again');
    assert.equal(report.runs.find((each) => each.executor === 'serial')?.error, null, 'serial is still measured');
  });

  test('a stuck task times out with the line it was stuck on, and the cluster keeps running', async () => {
    const report = await run(request('stuck', '[20] * 2', cluster.scheduler.address, { repeat: 1, timeoutSeconds: 6, workers: [1] }));
    const [stuck] = daskRuns(report);
    assert.equal(stuck.error?.kind, 'timeout', stuck.error?.message);
    assert.equal(stuck.error?.line, markedLine(work, 'stuck'));
    assert.match(stuck.error?.message ?? '', /cluster_work\.py:\d+ \(in stuck\)/);
    assert.match(stuck.error?.traceback ?? '', /worker tcp:\/\/127\.0\.0\.1:\d+/);
    assert.equal(cluster.liveWorkers().length, 2, "the user's workers are still there");
  });
});
