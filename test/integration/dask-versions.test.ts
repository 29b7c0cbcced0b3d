// Dask's own version check on a running cluster whose worker has another toolz than the profiler's
// Python: a real worker started with a copy of toolz that reports a different version.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { profile } from '../../src/core/engine';
import { CoreSampler } from '../../src/core/sampler';
import { PythonRunner } from '../../src/runners/python/runner';
import { skipUnless, startCluster, SYSTEM_PYTHON, type TestCluster } from '../helpers/daskCluster';
import { fixture } from '../helpers/pythonFixtures';

const skip = skipUnless('distributed', 'toolz');

describe('a running Dask cluster with other package versions', { skip }, () => {
  let cluster: TestCluster;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pp-dask-versions-'));
  let realToolz = '';
  before(async () => {
    const info = execFileSync(SYSTEM_PYTHON, ['-c', 'import toolz, os; print(toolz.__version__); print(os.path.dirname(toolz.__file__))'], { encoding: 'utf8' }).trim().split('\n');
    realToolz = info[0];
    const copy = path.join(scratch, 'toolz');
    cpSync(info[1], copy, { recursive: true });
    const init = path.join(copy, '__init__.py');
    writeFileSync(init, `${readFileSync(init, 'utf8')}\n__version__ = "0.0.1-other"\n`);
    cluster = await startCluster(1, { PYTHONPATH: scratch });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the mismatch is named package by package, with the version here and on the workers', async () => {
    const sampler = new CoreSampler();
    const work = fixture('cluster_work.py');
    const report = await profile(
      { file: work, functionName: 'busy', cwd: scratch, inputs: '[2000] * 2', executable: SYSTEM_PYTHON, executors: ['dask'], repeat: 1, timeoutSeconds: 60, daskScheduler: cluster.scheduler.address },
      { signal: new AbortController().signal, sampler, runnerFor: () => new PythonRunner() },
    ).finally(() => sampler.dispose());
    const mismatch = report.runtime.daskCluster?.versionMismatches.find((each) => each.package === 'toolz');
    assert.deepEqual(mismatch, { package: 'toolz', here: realToolz, scheduler: realToolz, workers: ['0.0.1-other'] });
    const run = report.runs.find((each) => each.executor === 'dask');
    assert.ok(run?.warnings.some((warning) => warning.includes(`toolz is ${realToolz} here`) && warning.includes('0.0.1-other on the workers')), run?.warnings.join('\n'));
  });
});
