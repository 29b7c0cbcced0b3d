// The cores a process may use: the CPU affinity and the cgroup CPU quota read from fixture trees of
// /proc/self and /sys/fs/cgroup (v1, v2, "max", nothing readable), and what the plan, the verdict's
// context and the CLI make of them.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { usableCores, type CoreTopology } from '../../src/core/machine';
import { defaultWorkerCounts } from '../../src/core/plan';
import type { Machine } from '../../src/shared/report';
import { asUsableMachine, coreLimitWords, coresPhrase, cpuListText, usableCoreCounts, withInterpreterView } from '../../src/shared/usableCores';
import { parseCfsQuota, parseCpuList, parseCpuMax, parseProcCgroup, readCpuLimits } from '../../src/system/cpuLimits';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'cgroup');

/** Reads absolute paths inside one fixture tree, as if it were the root file system. */
function fixture(name: string): (file: string) => string | null {
  return (file) => {
    try {
      return readFileSync(path.join(FIXTURES, name, file), 'utf8');
    } catch {
      return null;
    }
  };
}

const host: Machine = { logicalCores: 8, physicalCores: 4, cpuBrand: 'Test CPU', memoryBytes: 1e9, platform: 'linux-x64' };
/** Intel numbering: logical core i and i + 4 are the two threads of physical core i. */
const intelTopology = (logical: number): CoreTopology[] => Array.from({ length: logical }, (_, cpu) => ({ packageId: 0, coreId: cpu % 4 }));

describe('reading the CPU affinity and the cgroup quota', () => {
  test('a cgroup v2 quota set on an ancestor slice applies, and the tightest one on the way to the root wins', () => {
    assert.deepEqual(readCpuLimits(fixture('v2-slice')), {
      affinity: [0, 1, 2, 3, 4, 5, 6, 7],
      quotaCores: 1.5,
      quotaSource: '/sys/fs/cgroup/user.slice/cpu.max',
    });
  });

  test('a container in a cgroup namespace finds its quota at the top of its own mount, and its cpuset in the affinity', () => {
    assert.deepEqual(readCpuLimits(fixture('v2-container')), { affinity: [0, 2], quotaCores: 2, quotaSource: '/sys/fs/cgroup/cpu.max' });
  });

  test('"max" in every cpu.max means no quota', () => {
    assert.deepEqual(readCpuLimits(fixture('v2-max')), { affinity: [0, 1, 2, 3], quotaCores: null, quotaSource: null });
  });

  test('a cgroup v1 quota is cfs_quota_us over cfs_period_us, under the mount of the hierarchy carrying cpu', () => {
    assert.deepEqual(readCpuLimits(fixture('v1-docker')), {
      affinity: Array.from({ length: 64 }, (_, id) => id),
      quotaCores: 2,
      quotaSource: '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us',
    });
  });

  test('a v1 quota of -1 on a hybrid host (v1 controllers beside an empty unified mount) means no quota', () => {
    assert.deepEqual(readCpuLimits(fixture('v1-unlimited')), { affinity: [0, 1], quotaCores: null, quotaSource: null });
  });

  test('without /proc or cgroup files nothing is known, and nothing is guessed', () => {
    assert.deepEqual(readCpuLimits(fixture('missing')), { affinity: null, quotaCores: null, quotaSource: null });
  });

  test('the parsers read the kernel formats and refuse what is not one', () => {
    assert.deepEqual(parseCpuList('0-2,5,7-8\n'), [0, 1, 2, 5, 7, 8]);
    assert.equal(parseCpuList(''), null);
    assert.equal(parseCpuList('3-1'), null);
    assert.equal(parseCpuList('zero'), null);
    assert.equal(parseCpuMax('max 100000'), null);
    assert.equal(parseCpuMax('50000 100000'), 0.5);
    assert.equal(parseCfsQuota('-1', '100000'), null);
    assert.equal(parseCfsQuota('250000\n', '100000\n'), 2.5);
    assert.deepEqual(parseProcCgroup('4:cpu,cpuacct:/docker/a:b\n0::/\n'), [
      { controllers: ['cpu', 'cpuacct'], path: '/docker/a:b' },
      { controllers: [], path: '/' },
    ]);
  });
});

describe('the usable cores of a machine', () => {
  test('taskset to one core leaves one logical and one physical core', () => {
    assert.deepEqual(usableCores(host, { affinity: [0], quotaCores: null, quotaSource: null }, 8, intelTopology), {
      logicalCores: 1, physicalCores: 1, affinity: [0], quotaCores: null, quotaSource: null,
    });
  });

  test('two hyper-threads of one physical core count as one physical core', () => {
    const usable = usableCores(host, { affinity: [1, 5], quotaCores: null, quotaSource: null }, 8, intelTopology);
    assert.equal(usable.logicalCores, 2);
    assert.equal(usable.physicalCores, 1);
  });

  test('a quota of 1.5 cores is rounded up to 2 logical cores', () => {
    const usable = usableCores(host, { affinity: null, quotaCores: 1.5, quotaSource: '/sys/fs/cgroup/cpu.max' }, 8, intelTopology);
    assert.equal(usable.logicalCores, 2);
    assert.equal(usable.physicalCores, 2);
  });

  test('without affinity or quota the whole machine is usable', () => {
    const usable = usableCores(host, { affinity: null, quotaCores: null, quotaSource: null }, 8, intelTopology);
    assert.deepEqual(usableCoreCounts({ ...host, usable }), { logicalCores: 8, physicalCores: 4 });
    assert.equal(coreLimitWords({ ...host, usable }), null);
  });

  test('a report written before the field existed reads as the whole machine', () => {
    assert.deepEqual(usableCoreCounts(host), { logicalCores: 8, physicalCores: 4 });
    assert.deepEqual(asUsableMachine(host), host);
  });

  test('the plan sweeps to the usable cores, not the host\'s: a 2-CPU container on a 64-core host tops out at 4 workers', () => {
    const container: Machine = { ...host, logicalCores: 64, physicalCores: 32 };
    const usable = usableCores(container, readCpuLimits(fixture('v1-docker')), 64);
    const counts = usableCoreCounts({ ...container, usable });
    assert.deepEqual(defaultWorkerCounts(counts.logicalCores, counts.physicalCores, 100), [1, 2, 4]);
  });

  test('the interpreter\'s narrower affinity lowers the usable cores; a wider one changes nothing', () => {
    const machine: Machine = { ...host, usable: usableCores(host, { affinity: null, quotaCores: null, quotaSource: null }, 8, intelTopology) };
    const narrowed = withInterpreterView(machine, { cpuCount: { os: 8, affinity: 2, process: 2 } });
    assert.deepEqual(usableCoreCounts(narrowed), { logicalCores: 2, physicalCores: 2 });
    assert.equal(coreLimitWords(narrowed), "the interpreter's CPU affinity");
    assert.equal(withInterpreterView(machine, { cpuCount: { os: 8, affinity: 8, process: 8 } }), machine);
    assert.equal(withInterpreterView(machine, {}), machine);
  });

  test('the verdict\'s machine counts the usable cores and says what limits them', () => {
    const machine: Machine = { ...host, usable: usableCores(host, { affinity: [0], quotaCores: 3, quotaSource: 'x' }, 8, intelTopology) };
    const seen = asUsableMachine(machine);
    assert.equal(seen.logicalCores, 1);
    assert.equal(seen.limitedBy, 'CPU affinity 0 and a cgroup CPU quota of 3 cores');
    assert.equal(coresPhrase(seen), 'This process may use 1 logical core (1 physical), set by CPU affinity 0 and a cgroup CPU quota of 3 cores');
    assert.equal(coresPhrase(asUsableMachine(host)), 'This machine has 4 physical and 8 logical cores');
    assert.equal(cpuListText([0, 1, 2, 5, 7, 8]), '0-2,5,7-8');
  });
});
