// A running Dask cluster failing mid-run: a worker killed, then the scheduler killed. This file has
// its own cluster (the tests break it on purpose), stopped by pid at the end.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProfileProgress, ProfileRequest } from '../../src/core/engine';
import { pidsWithMarker } from '../../src/system/processTree';
import type { Report } from '../../src/shared/report';
import { profileMarked, skipUnless, startCluster, SYSTEM_PYTHON, type TestCluster } from '../helpers/daskCluster';
import { fixture } from '../helpers/pythonFixtures';

const skip = skipUnless('distributed');
const marker = `dask-faults-test-${randomBytes(6).toString('hex')}`;
const work = fixture('cluster_work.py');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function run(req: ProfileRequest, onProgress: (progress: ProfileProgress) => void): Promise<Report> {
  return profileMarked(marker, req, onProgress);
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

describe('a running Dask cluster failing mid-run', { skip }, () => {
  let cluster: TestCluster;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pp-dask-faults-'));
  before(async () => {
    cluster = await startCluster(2);
  });
  after(async () => {
    assert.deepEqual(pidsWithMarker(marker), [], 'no process of the profiler is left behind');
    await cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("a worker killed mid-run ends that run as worker-crashed naming the worker's address; the other runs are measured", async () => {
    const directory = path.join(scratch, 'kill-worker');
    mkdirSync(directory);
    let armed = false;
    const killing = (async () => {
      await until(() => armed, 120_000, 'the × 2 run starting');
      writeFileSync(path.join(directory, 'arm'), '');
      const claimed = path.join(directory, 'claimed');
      await until(() => existsSync(claimed) && readFileSync(claimed, 'utf8').length > 0, 60_000, 'a worker claiming the task');
      const pid = Number(readFileSync(claimed, 'utf8'));
      const victim = cluster.workers.find((each) => each.pid === pid);
      assert.ok(victim, `pid ${pid} is one of the cluster's workers`);
      await cluster.kill(victim);
      return victim;
    })();
    const report = await run(
      { file: work, functionName: 'armed_wait', cwd: scratch, inputs: `[${JSON.stringify(directory)}] * 6`, executable: SYSTEM_PYTHON,
        executors: ['dask'], workers: [1, 2], repeat: 1, timeoutSeconds: 60, daskScheduler: cluster.scheduler.address },
      (progress) => {
        if (progress.type === 'config-start' && progress.label.startsWith('dask × 2')) armed = true;
      },
    );
    const victim = await killing;
    const byId = new Map(report.runs.map((each) => [each.id, each]));
    assert.equal(byId.get('serial/1')?.error, null);
    assert.equal(byId.get('dask/1')?.error, null, 'dask × 1 ran before the kill and is measured');
    const crashed = byId.get('dask/2')?.error;
    assert.equal(crashed?.kind, 'worker-crashed', crashed?.message);
    assert.ok(crashed?.message.includes(victim.address), `${crashed?.message} names ${victim.address}`);
    assert.deepEqual(cluster.liveWorkers(), cluster.workers.filter((each) => each !== victim).map((each) => each.address));
  });

  test('the scheduler killed mid-run gives a bounded error and keeps what was measured', async () => {
    const directory = path.join(scratch, 'kill-scheduler');
    mkdirSync(directory);
    let killedAt = 0;
    const killing = (async () => {
      const claimed = path.join(directory, 'claimed');
      await until(() => existsSync(claimed) && readFileSync(claimed, 'utf8').length > 0, 120_000, 'a task running on the cluster');
      await cluster.kill(cluster.scheduler);
      killedAt = Date.now();
    })();
    const report = await run(
      { file: work, functionName: 'armed_wait', cwd: scratch, inputs: `[${JSON.stringify(directory)}] * 4`, executable: SYSTEM_PYTHON,
        executors: ['dask'], workers: [1], repeat: 1, timeoutSeconds: 60, daskScheduler: cluster.scheduler.address },
      (progress) => {
        if (progress.type === 'config-start' && progress.label.startsWith('dask')) writeFileSync(path.join(directory, 'arm'), '');
      },
    );
    await killing;
    const endedAfter = (Date.now() - killedAt) / 1000;
    console.log(`# ended ${endedAfter.toFixed(1)} s after the scheduler died`);
    assert.ok(endedAfter < 15, `the profile ended ${endedAfter.toFixed(1)} s after the scheduler died`);
    assert.equal(report.runs.find((each) => each.id === 'serial/1')?.error, null, 'serial is kept');
    const lost = report.runs.find((each) => each.executor === 'dask')?.error;
    assert.equal(lost?.kind, 'crashed', lost?.message);
    assert.ok(lost?.message.includes(cluster.scheduler.address), lost?.message);
  });
});
