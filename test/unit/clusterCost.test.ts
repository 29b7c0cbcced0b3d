import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import type { DaskCluster } from '../../src/shared/report';
import { analysisInput, pythonRuntime } from './fixtures/synthetic';

const cluster: DaskCluster = {
  scheduler: 'tcp://10.0.0.5:8786',
  workers: [{ address: 'tcp://10.0.0.6:40000', host: '10.0.0.6', nthreads: 1 }, { address: 'tcp://10.0.0.7:40000', host: '10.0.0.7', nthreads: 1 }],
  dashboard: null,
  versionMismatches: [],
};

function withCluster(busy: number) {
  const input = analysisInput([
    { executor: 'serial', wall: 0.08, tasks: 8 },
    { executor: 'dask', workers: 2, wall: 0.2, tasks: 8, busy },
  ]);
  return analyse({ ...input, runtime: { ...pythonRuntime, daskCluster: cluster } });
}

test('the verdict says when handing tasks to the cluster costs more than they compute, naming the scheduler', () => {
  const { verdict } = withCluster(0.2);
  assert.match(verdict.explanation, /On the Dask cluster at tcp:\/\/10\.0\.0\.5:8786, handing each task over the network/);
  assert.ok(verdict.evidence.some((line) => /dask × 2 on the cluster: .* per task vs .* of work/.test(line)), verdict.evidence.join('\n'));
});

test('the verdict says nothing of the network when tasks compute longer than they cost to hand over', () => {
  const { verdict } = withCluster(0.95);
  assert.doesNotMatch(verdict.explanation, /Dask cluster/);
});

test('a LocalCluster run (no running cluster in the runtime) gets no network sentence', () => {
  const input = analysisInput([{ executor: 'serial', wall: 0.08 }, { executor: 'dask', workers: 2, wall: 0.2, busy: 0.2 }]);
  assert.doesNotMatch(analyse(input).verdict.explanation, /Dask cluster/);
});
