// A profile under `taskset -c 0` (one usable core on a bigger machine): the report records the
// affinity and Python's own view, the plan sweeps to the one usable core rather than the host's,
// and the verdict and the CLI say what they counted on.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { after, describe, test } from 'node:test';
import { ROOT, runCli } from '../helpers/cli';
import { withNoLeftovers } from '../helpers/processWatch';
import { readReportFile } from '../helpers/reportSchema';
import { makeTempDir } from '../helpers/tempDir';
import { nodeRunner, nodeTarget } from '../helpers/nodeFixtures';
import { config, pythonRunner, pythonTarget, SERIAL } from '../helpers/pythonFixtures';
import { never } from '../helpers/runnerChecks';
import { canPinToCpu } from '../../src/system/cpuPinning';
import { coresOfKinds, cpusToRead, MAX_CPUS_READ, readCpuSpeeds, siblingsAmong } from '../../src/system/cpuSpeeds';
import { parseCpuList } from '../../src/system/cpuLimits';

const output = makeTempDir('pp-usable-cores-');
after(() => output.remove());
process.env.PARALLEL_PROFILER_LOCK_DIR ??= output.file('lock');

const taskset = process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

describe('a profile limited to one core by CPU affinity', () => {
  test('plans and judges with one usable core, and records the affinity and Python\'s view', { skip: taskset ? false : 'needs Linux with taskset' }, async () => {
    const json = output.file('one-core.json');
    const args = ['profile', 'examples/primes.py', '--function', 'count_primes', '--inputs', '[30000]*4', '--executors', 'thread,process', '--repeat', '1', '--json', json, '--no-color'];
    // taskset in front narrows node and every process it starts, as a user's `taskset -c 0 parallel-profiler` would.
    const result = await withNoLeftovers(() => runCli(args, ROOT, undefined, ['taskset', '-c', '0']));
    assert.equal(result.code, 0, `${result.stderr}\n${result.stdout}`);
    const report = readReportFile(json);

    assert.equal(report.machine.logicalCores, os.cpus().length, 'the machine keeps its own count (the heatmap draws every core)');
    assert.deepEqual(report.machine.usable && { logical: report.machine.usable.logicalCores, physical: report.machine.usable.physicalCores, affinity: report.machine.usable.affinity },
      { logical: 1, physical: 1, affinity: [0] });
    assert.equal(report.runtime.cpuCount?.affinity, 1, 'Python sees the same single core');

    const workers = report.runs.map((run) => run.workers);
    assert.ok(Math.max(...workers) <= 2, `the sweep stops at twice the one usable core, not the host's ${os.cpus().length}: ${workers.join(', ')}`);
    assert.ok(report.verdict.evidence.includes('machine: 1 logical / 1 physical cores usable, set by CPU affinity 0'), report.verdict.evidence.join('\n'));
    assert.ok(!report.verdict.best || report.verdict.best.workers <= 2, `best: ${JSON.stringify(report.verdict.best)}`);
    assert.equal(report.machine.cpuSpeeds, undefined, 'one usable CPU has nothing to be uneven with');
    if (os.cpus().length > 1) assert.match(result.stdout, /of which this process may use 1 \(CPU affinity 0\)/);
  });
});

// `compare OLD NEW` pins each round's serial timings to one CPU (ConfigRequest.cpu): the harness,
// and the user's function in it, must then run on that CPU and no other.
describe('a run asked for one CPU', () => {
  const pinnable = taskset && os.cpus().length > 1;
  test('runs the Python harness and the function on that CPU only', { skip: pinnable ? false : 'needs Linux, taskset and two CPUs' }, async () => {
    assert.equal(canPinToCpu(), true);
    const seen = output.file('python-cpus.txt');
    const script = output.file('where.py');
    writeFileSync(script, `import os\n\ndef where(n):\n    with open(${JSON.stringify(seen)}, 'w') as out:\n        out.write(','.join(map(str, sorted(os.sched_getaffinity(0)))))\n    return n\n`);
    const outcome = await pythonRunner().runConfig(pythonTarget(script, 'where', { inputs: '[1]' }), { ...config(SERIAL), cpu: 1 }, never());
    assert.equal(outcome.error, null, JSON.stringify(outcome.error));
    assert.equal(readFileSync(seen, 'utf8'), '1');
  });

  test('runs the Node.js harness and the function on that CPU only', { skip: pinnable ? false : 'needs Linux, taskset and two CPUs' }, async () => {
    const seen = output.file('node-cpus.txt');
    const module = output.file('where.mjs');
    writeFileSync(module, `import { readFileSync, writeFileSync } from 'node:fs';\nexport function where(n) {\n  const line = readFileSync('/proc/self/status', 'utf8').split('\\n').find((text) => text.startsWith('Cpus_allowed_list'));\n  writeFileSync(${JSON.stringify(seen)}, line.split(':')[1].trim());\n  return n;\n}\n`);
    const outcome = await nodeRunner().runConfig(nodeTarget(module, 'where', '[1]'), { executor: 'serial', startMethod: null, workers: 1, repeat: 1, chunksize: null, timeoutSeconds: 30, cpu: 0 }, never());
    assert.equal(outcome.error, null, JSON.stringify(outcome.error));
    assert.equal(readFileSync(seen, 'utf8'), '0');
  });
});

describe('how evenly the CPUs run the same work', () => {
  test('reads each usable CPU\'s time for the same loop, pinned to it, at most eight spread over them, and one CPU\'s time alone', { skip: taskset && os.cpus().length > 1 ? false : 'needs Linux, taskset and two CPUs' }, async () => {
    const reading = await readCpuSpeeds([0, 1], 'start');
    assert.ok(reading, 'a reading');
    assert.deepEqual(reading.cpus, [0, 1]);
    assert.equal(reading.at, 'start');
    assert.ok(reading.seconds.every((seconds) => seconds > 0.001 && seconds < 2), reading.seconds.join(', '));
    assert.ok(reading.aloneSeconds !== undefined && reading.aloneSeconds > 0.001 && reading.aloneSeconds < 2, `the loop alone on one CPU: ${reading.aloneSeconds}`);
    assert.equal(await readCpuSpeeds([0], 'end'), null, 'one CPU is not compared with itself');
    const many = cpusToRead(Array.from({ length: 64 }, (_, cpu) => cpu));
    assert.equal(many.length, MAX_CPUS_READ);
    assert.deepEqual([many[0], many.at(-1)], [0, 63]);
    assert.equal(new Set(many).size, MAX_CPUS_READ);
  });

  test('takes no reading on CPUs of different kinds by design (performance and efficiency cores)', () => {
    const hybrid = (cpu: number, file: string) => (file === 'cpu_capacity' ? (cpu < 2 ? 1024 : 512) : null);
    assert.equal(coresOfKinds([0, 1, 2, 3], hybrid), true);
    assert.equal(coresOfKinds([0, 1], hybrid), false, 'two performance cores alike');
    const frequencies = (cpu: number, file: string) => (file === 'cpufreq/cpuinfo_max_freq' ? [5_000_000, 3_800_000][cpu] : null);
    assert.equal(coresOfKinds([0, 1], frequencies), true);
    assert.equal(coresOfKinds([0, 1], () => null), false, 'nothing known: read them');
  });

  test('times the loop alone only where no two CPUs read are one physical core\'s threads', () => {
    assert.deepEqual(parseCpuList('0-2,8\n'), [0, 1, 2, 8], 'sysfs lists read as the affinity\'s are');
    // Intel numbering on 4 cores / 8 threads: CPU n and n+4 share a core.
    const intel = (cpu: number) => `${cpu % 4},${(cpu % 4) + 4}`;
    assert.equal(siblingsAmong([0, 1, 2, 3], intel), false);
    assert.equal(siblingsAmong([0, 2, 4, 6], intel), true);
    // AMD numbering: n and n+1.
    const amd = (cpu: number) => `${cpu - (cpu % 2)}-${cpu - (cpu % 2) + 1}`;
    assert.equal(siblingsAmong([0, 2], amd), false);
    assert.equal(siblingsAmong([0, 1], amd), true);
    assert.equal(siblingsAmong([0, 1], (cpu) => String(cpu)), false, 'one thread per core, as this machine says of its own');
    assert.equal(siblingsAmong([0, 1], () => null), false, 'nothing known: time it');
  });
});
