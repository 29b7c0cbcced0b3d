// The Python runner against the real interpreter and the examples: probing, every executor,
// the spans it returns, cleanup of every process, and paths with spaces and non-ASCII letters.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ConfigOutcome, ConfigRequest, Target } from '../../src/shared/runner';
import type { StartMethod } from '../../src/shared/report';
import { RUN_MARKER_ENV, runHarness } from '../../src/runners/harnessProcess';
import { pidsWithMarker } from '../../src/system/processTree';
import { EXAMPLES, primesTarget } from '../helpers/examples';
import { fixture, pythonRunner, pythonTarget } from '../helpers/pythonFixtures';

const marker = `python-runner-test-${randomBytes(6).toString('hex')}`;
const runner = pythonRunner({ env: { [RUN_MARKER_ENV]: marker } });
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pp-python-runner-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const never = new AbortController().signal;
const primes = primesTarget('[20000] * 4');

function config(executor: ConfigRequest['executor'], startMethod: StartMethod | null, workers = 2): ConfigRequest {
  return { executor, startMethod, workers, repeat: 3, chunksize: null, timeoutSeconds: 120 };
}

/** Checks the invariants every successful outcome keeps, for `count` inputs. */
function assertSpans(outcome: ConfigOutcome, count: number, workers: number): void {
  assert.equal(outcome.error, null, outcome.error?.message);
  assert.equal(outcome.walls.length, 3);
  assert.deepEqual(outcome.tasks.map((task) => task.index), [...Array(count).keys()]);
  const keptWall = [...outcome.walls].sort((a, b) => a - b)[1];
  const slots = new Set(outcome.tasks.map((task) => task.worker));
  assert.ok(slots.size <= workers, `used ${slots.size} worker slots with ${workers} workers`);
  assert.deepEqual([...slots].sort(), [...Array(slots.size).keys()], 'workers are numbered 0..n-1');
  for (const task of outcome.tasks) {
    assert.ok(task.start >= 0 && task.start <= task.end && task.end <= keptWall, `task ${task.index} lies inside [0, ${keptWall}]`);
    assert.ok(task.cpuSeconds !== null && task.cpuSeconds > 0);
  }
  assert.equal(typeof outcome.origin, 'number');
  assert.ok(outcome.startupSeconds !== null && outcome.startupSeconds >= 0);
  assert.ok(outcome.argBytes !== null && outcome.argBytes > 0);
}

describe('PythonRunner', () => {
  test('probe lists the functions, the inputs, the start methods and the executors of a script', async () => {
    const probe = await runner.probe(primes, never);
    assert.deepEqual(probe.functions, [{ name: 'count_primes', line: 8, params: ['n'] }]);
    assert.deepEqual(probe.inputs, { expression: '[20000] * 4', count: 4 });
    assert.equal(probe.runtime.implementation, 'CPython');
    assert.ok(probe.runtime.startMethods.includes('spawn'));
    assert.ok(probe.runtime.defaultStartMethod !== null && probe.runtime.startMethods.includes(probe.runtime.defaultStartMethod));
    assert.deepEqual(probe.executors.slice(0, 2), [
      { executor: 'serial', startMethod: null },
      { executor: 'thread', startMethod: null },
    ]);
    for (const method of probe.runtime.startMethods) {
      assert.ok(probe.executors.some((choice) => choice.executor === 'process' && choice.startMethod === method));
    }
    assert.deepEqual(probe.preflight, []);
  });

  test('probe lists an installed joblib by its metadata without importing it; one that then fails to import ends its runs as unavailable', async () => {
    // A joblib whose build is broken: its metadata says 9.9, its import raises.
    const site = path.join(scratch, 'broken-site');
    mkdirSync(path.join(site, 'joblib'), { recursive: true });
    mkdirSync(path.join(site, 'joblib-9.9.dist-info'), { recursive: true });
    writeFileSync(path.join(site, 'joblib', '__init__.py'), 'raise ImportError("this joblib build is broken")\n');
    writeFileSync(path.join(site, 'joblib-9.9.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: joblib\nVersion: 9.9\n');
    const broken = pythonRunner({ env: { [RUN_MARKER_ENV]: marker, PYTHONPATH: site } });
    const probe = await broken.probe(primes, never);
    assert.equal(probe.runtime.extras.joblib, '9.9', 'read from the metadata: the import would have raised');
    assert.ok(probe.executors.some((choice) => choice.executor === 'joblib-loky'));
    const outcome = await broken.runConfig(primes, { ...config('joblib-loky', null), repeat: 1 }, never);
    assert.equal(outcome.error?.kind, 'unavailable', outcome.error?.message);
    assert.match(outcome.error?.message ?? '', /this joblib build is broken/);
  });

  test('probe falls back to PROFILE_INPUTS when no inputs are given', async () => {
    const probe = await runner.probe({ ...primes, inputs: undefined }, never);
    assert.deepEqual(probe.inputs, { expression: 'PROFILE_INPUTS', count: 8 });
  });

  test("probe times the script's import, telling its own top-level work from its import statements", async () => {
    const script = path.join(scratch, 'work_at_import.py');
    // A module of its own that takes 0.3 s to import, then 0.2 s of the script's own work.
    writeFileSync(path.join(scratch, 'slow_library.py'), 'import time\ntime.sleep(0.3)\n');
    writeFileSync(script, 'import time\nimport slow_library\n\nTABLE = time.sleep(0.2)\n\n\ndef f(x):\n    return x\n');
    const probe = await runner.probe(pythonTarget(script, 'f', { inputs: 'range(2)' }), never);
    assert.ok(probe.imported, 'the import was timed');
    assert.ok(probe.imported.seconds >= 0.5, `all of it: ${probe.imported.seconds}`);
    assert.ok(probe.imported.ownSeconds >= 0.2, `its own work: ${probe.imported.ownSeconds}`);
    assert.ok(probe.imported.seconds - probe.imported.ownSeconds >= 0.3, `the library's import is not its own: ${JSON.stringify(probe.imported)}`);
  });

  test('probe names the functions that exist when the requested one does not', async () => {
    await assert.rejects(runner.probe({ ...primes, functionName: 'count_primez' }, never), (error: Error & { kind?: string }) => {
      assert.equal(error.kind, 'usage');
      assert.match(error.message, /count_primes/);
      return true;
    });
  });

  test('serial runs every input in the harness process and measures result sizes', async () => {
    const outcome = await runner.runConfig(primes, config('serial', null, 1), never);
    assertSpans(outcome, 4, 1);
    assert.ok(outcome.resultBytes !== null && outcome.resultBytes > 0);
  });

  test("with calibration loops, serial's tasks' CPU is per pass as its wall is, never more than one thread's wall", async () => {
    // Each timing makes up to 6 passes: the spans sent are the last pass's, the wall the passes' mean.
    const outcome = await runner.runConfig(primes, { ...config('serial', null, 1), loops: 6, loopSeconds: 60 }, never);
    assert.equal(outcome.error, null, outcome.error?.message);
    assert.equal(outcome.walls.length, 3);
    // The last pass's spans, which may outlast the passes' mean wall: assertSpans' bound does not hold here.
    assert.deepEqual(outcome.tasks.map((task) => task.index), [0, 1, 2, 3]);
    const keptWall = [...outcome.walls].sort((a, b) => a - b)[1];
    assert.equal(typeof outcome.taskCpuSeconds, 'number', 'the harness reports the tasks\' CPU per pass');
    const perPass = outcome.taskCpuSeconds as number;
    // One thread computes: its CPU per pass cannot exceed the pass's wall, but for the 1 ms windows its
    // CPU is read in (a window's unread tail moves to the next pass).
    assert.ok(perPass > 0 && perPass <= keptWall * 1.05 + 0.002, `tasks' CPU ${perPass} s per pass against a ${keptWall} s wall`);
  });

  // Threads run bare only where a pool thread's CPU clock can be read from outside it (Linux).
  for (const executor of ['serial', 'thread'] as const) {
    const skip = executor === 'thread' && process.platform !== 'linux' && 'threads keep the task wrapper off Linux';
    /** Who called the fixture's function, a block of 3 lines per pass over range(3). */
    const passes = async (fn: string, loopSeconds: number, repeat: number): Promise<string[]> => {
      const log = path.join(scratch, `callers-${executor}-${fn}.log`);
      const counting = pythonRunner({ env: { PP_CALLERS_LOG: log } });
      const target = pythonTarget(fixture('callers.py'), fn, { inputs: 'range(3)' });
      const outcome = await counting.runConfig(target, { ...config(executor, null, 2), repeat, loops: 4, loopSeconds }, never);
      assert.equal(outcome.error, null, outcome.error?.message);
      assert.deepEqual(outcome.tasks.map((task) => task.index), [0, 1, 2]);
      assert.equal(outcome.walls.length, repeat);
      const callers = readFileSync(log, 'utf8').trim().split('\n');
      assert.equal(callers.length % 3, 0);
      return Array.from({ length: callers.length / 3 }, (_, pass) => {
        const block = new Set(callers.slice(3 * pass, 3 * pass + 3));
        assert.equal(block.size, 1, `pass ${pass} ran its calls one way: ${[...block]}`);
        return [...block][0] === 'run_quick' ? 'wrapped' : 'bare';
      });
    };

    test(`with calibration loops, ${executor}'s timings run the bare function but in the pass whose spans are sent`, { skip }, async () => {
      // 3 timings of 4 passes after one warm-up pass: the warm-up and each timing's last pass run
      // in the task wrapper (run_quick), the others as a bare map runs the function.
      const timing = ['bare', 'bare', 'bare', 'wrapped'];
      assert.deepEqual(await passes('note_caller', 60, 3), ['wrapped', ...timing, ...timing, ...timing]);
    });

    test(`a bare pass of ${executor} that ends its timing unforeseen is followed by one in the wrapper`, { skip }, async () => {
      // The warm-up (1 ms calls) is short; the next pass, foreseen short too, runs bare and takes
      // 150 ms a call, past the timing's 0.2 s: one more pass, in the wrapper, gives the spans.
      assert.deepEqual(await passes('note_caller_slow_second_pass', 0.2, 1), ['wrapped', 'bare', 'wrapped']);
    });
  }

  test("serial's first timing waits for the threads a library left busy at import, and does not count their CPU as the function's", async () => {
    const target = pythonTarget(fixture('busy_after_import.py'), 'add_up');
    const outcome = await runner.runConfig(target, config('serial', null, 1), never);
    assert.equal(outcome.error, null, outcome.error?.message);
    // The CPU is the median timing's.
    const wall = [...outcome.walls].sort((a, b) => a - b)[1];
    assert.ok(outcome.processCpuSeconds !== null && outcome.processCpuSeconds < 1.2 * wall, `serial on one thread used ${outcome.processCpuSeconds} s of CPU in ${wall} s`);
  });

  test('counts the CPU of the programs the function runs and waits for as its children\'s, beside its own', { skip: process.platform === 'win32' && 'Windows does not count the CPU of child processes' }, async () => {
    const tool = pythonTarget(path.resolve(__dirname, '..', 'corpus', 'subprocess_tool.py'), 'run_tool', { inputs: 'range(2)' });
    const outcome = await runner.runConfig(tool, config('serial', null, 1), never);
    assert.equal(outcome.error, null, outcome.error?.message);
    const wall = [...outcome.walls].sort((a, b) => a - b)[1];
    assert.ok(outcome.childCpuSeconds !== null && outcome.childCpuSeconds !== undefined && outcome.childCpuSeconds > 0.5 * wall, `children used ${outcome.childCpuSeconds} s of CPU in ${wall} s`);
    assert.ok(outcome.processCpuSeconds !== null && outcome.processCpuSeconds < 0.2 * wall, `the caller itself only waits: ${outcome.processCpuSeconds} s`);
    const plain = await runner.runConfig(primes, config('serial', null, 1), never);
    assert.equal(plain.childCpuSeconds, 0, 'a function that runs no program has no children\'s CPU');
  });

  test('thread runs every input on up to two threads of one process', async () => {
    const outcome = await runner.runConfig(primes, config('thread', null), never);
    assertSpans(outcome, 4, 2);
    assert.equal(new Set(outcome.tasks.map((task) => task.pid)).size, 1);
  });

  test('on serial, threads, processes and Pool, a task that waits shows little CPU and one that computes its own, each from its thread\'s clock', async () => {
    const target = pythonTarget(fixture('wait_or_compute.py'), 'wait_or_compute');
    for (const executor of ['serial', 'thread', 'process', 'pool'] as const) {
      const method = executor === 'process' || executor === 'pool' ? 'fork' : null;
      const outcome = await runner.runConfig(target, config(executor, method, executor === 'serial' ? 1 : 2), never);
      assertSpans(outcome, 6, executor === 'serial' ? 1 : 2);
      for (const task of outcome.tasks) {
        const cpu = task.cpuSeconds as number;
        if (task.index % 2 === 0) assert.ok(cpu < 0.3 * (task.end - task.start), `${executor}: waiting task ${task.index} used ${cpu} s of CPU in ${task.end - task.start} s`);
        else assert.ok(cpu >= 0.035 && cpu < 0.06, `${executor}: computing task ${task.index} used ${cpu} s of CPU, 0.04 s its own`);
      }
    }
  });

  test('process runs every input in worker processes under each start method', async () => {
    const probe = await runner.probe(primes, never);
    for (const method of probe.runtime.startMethods) {
      const outcome = await runner.runConfig(primes, config('process', method), never);
      assertSpans(outcome, 4, 2);
      assert.ok(outcome.tasks.every((task) => task.thread > 0));
    }
  });

  test('pool runs every input through multiprocessing.Pool.map with an explicit chunksize', async () => {
    const outcome = await runner.runConfig(primes, { ...config('pool', 'fork'), chunksize: 2 }, never);
    assertSpans(outcome, 4, 2);
  });

  test('holds the numeric libraries of the harness and of every worker to the threads asked, through their environment', async () => {
    const target: Target = { ...primes, file: path.join(__dirname, '..', 'fixtures', 'python', 'library_threads.py'), functionName: 'threads_seen', inputs: undefined };
    for (const startMethod of ['fork', 'spawn'] as const) {
      const held = await runner.runConfig(target, { ...config('process', startMethod), repeat: 1, libraryThreads: 1 }, never);
      assert.equal(held.error, null, held.error?.message);
      const lines = held.output.stdout.split('\n').filter((line) => line.startsWith('library threads:'));
      assert.ok(lines.length >= 4, held.output.stdout);
      assert.ok(lines.every((line) => line === 'library threads: 1 1 1'), `${startMethod}: ${held.output.stdout}`);
    }
    const own = await runner.runConfig(target, { ...config('process', 'fork'), repeat: 1 }, never);
    const users = ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'].map((name) => process.env[name] ?? 'None').join(' ');
    assert.ok(own.output.stdout.split('\n').filter((line) => line.startsWith('library threads:')).every((line) => line === `library threads: ${users}`), `without the request the environment is the user's: ${own.output.stdout}`);
  });

  test('reports progress after each repeat', async () => {
    const seen: string[] = [];
    await runner.runConfig(primes, config('thread', null), never, { onRepeat: (repeat, of) => seen.push(`${repeat}/${of}`) });
    assert.deepEqual(seen, ['1/3', '2/3', '3/3']);
  });

  test('a harness leaves no process of its run behind', async () => {
    await runner.runConfig(primes, config('process', 'forkserver'), never);
    await runner.runConfig(primes, config('pool', 'spawn'), never);
    assert.deepEqual(pidsWithMarker(marker), []);
  });

  test("leaves no multiprocessing folder in the temp folder, whether the harness ended or was killed at a timeout", async () => {
    const temp = path.join(scratch, 'temp');
    mkdirSync(temp);
    const inTemp = pythonRunner({ env: { [RUN_MARKER_ENV]: marker, TMPDIR: temp } });
    const spins = path.join(scratch, 'spins_forever.py');
    writeFileSync(spins, 'import time\n\ndef spin(x):\n    while True:\n        time.sleep(0.01)\n');
    const done = await inTemp.runConfig(primes, config('process', 'forkserver'), never);
    assert.equal(done.error, null, done.error?.message);
    const killed = await inTemp.runConfig({ ...primes, file: spins, functionName: 'spin', cwd: scratch, inputs: 'range(2)' }, { ...config('process', 'forkserver'), timeoutSeconds: 2 }, never);
    assert.equal(killed.error?.kind, 'timeout');
    assert.deepEqual(readdirSync(temp), []);
  });

  test('a function killed at its timeout leaves no named semaphore behind: the resource tracker outlives it long enough to unlink them', { skip: !existsSync('/dev/shm') && 'no /dev/shm' }, async () => {
    const target = pythonTarget(fixture('holds_semaphore.py'), 'hold', { inputs: 'range(1)' });
    const outcome = await runner.runConfig(target, { ...config('serial', null, 1), repeat: 1, timeoutSeconds: 2 }, never);
    assert.equal(outcome.error?.kind, 'timeout');
    const name = /semaphore: \/(\S+)/.exec(outcome.output.stdout)?.[1];
    assert.ok(name, outcome.output.stdout);
    assert.equal(existsSync(`/dev/shm/sem.${name}`), false, `sem.${name} is still in /dev/shm`);
    assert.doesNotMatch(outcome.output.stderr, /resource_tracker/, 'the tracker\'s notice about our leftovers is not the function\'s output');
    assert.deepEqual(pidsWithMarker(marker), []);
  });

  test('cancelling mid-run kills every process of the run and reports cancelled', async () => {
    const controller = new AbortController();
    const sleepy: Target = { ...primes, file: path.join(EXAMPLES, 'sleepy_requests.py'), functionName: 'fetch', inputs: 'range(8)' };
    const outcome = await runner.runConfig(sleepy, { ...config('process', 'spawn'), repeat: 5 }, controller.signal, {
      onRepeat: () => controller.abort(),
    });
    assert.equal(outcome.error?.kind, 'cancelled');
    assert.equal(outcome.walls.length, 1);
    assert.deepEqual(pidsWithMarker(marker), []);
  });

  test('a hang times out with the line it was stuck on and leaves nothing running', async () => {
    const file = path.join(scratch, 'spins.py');
    writeFileSync(file, 'import time\n\ndef spin(x):\n    while True:\n        time.sleep(0.01)\n');
    const target: Target = { ...primes, file, functionName: 'spin', cwd: scratch, inputs: 'range(2)' };
    const outcome = await runner.runConfig(target, { ...config('process', 'fork'), timeoutSeconds: 2 }, never);
    assert.equal(outcome.error?.kind, 'timeout');
    assert.equal(outcome.error?.line, 5);
    assert.match(outcome.error?.hint ?? '', /spins\.py:5/);
    assert.deepEqual(pidsWithMarker(marker), []);
  });

  test('runs a script whose path has spaces and non-ASCII letters, under spawn too', async () => {
    const folder = path.join(scratch, 'dir with spaces', 'ünïcode');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'prïmes copy.py');
    copyFileSync(path.join(EXAMPLES, 'primes.py'), file);
    const target: Target = { ...primes, file, cwd: folder };
    const probe = await runner.probe(target, never);
    assert.equal(probe.inputs.count, 4);
    assertSpans(await runner.runConfig(target, config('process', 'spawn'), never), 4, 2);
    assertSpans(await runner.runConfig(target, config('pool', 'forkserver'), never), 4, 2);
  });

  test("captures the function's prints and caps them with a truncation marker", async () => {
    const file = path.join(scratch, 'chatty.py');
    writeFileSync(file, 'import sys\n\ndef chat(n):\n    sys.stdout.write("x" * n)\n    print("done ü", file=sys.stderr)\n    return n\n');
    const target: Target = { ...primes, file, functionName: 'chat', cwd: scratch, inputs: '[1_000_000] * 2' };
    const outcome = await runner.runConfig(target, { ...config('serial', null, 1), repeat: 1 }, never);
    assert.equal(outcome.error, null);
    assert.equal(outcome.output.truncated, true);
    assert.ok(outcome.output.bytes >= 2_000_000);
    assert.match(outcome.output.stdout, /bytes omitted/);
    assert.ok(outcome.output.stdout.length < 1.1 * 1024 * 1024);
    assert.match(outcome.output.stderr, /done ü/);
  });
});

describe('runHarness', () => {
  test('kills children that left the process group when the run is cancelled', async () => {
    const script = [
      'import os, subprocess, sys, time',
      'subprocess.Popen([sys.executable, "-c", "import os, time; os.setsid(); time.sleep(60)"])',
      'os.write(3, b\'{"type": "started"}\\nnot json\\n\')',
      'time.sleep(60)',
    ].join('\n');
    const events: Record<string, unknown>[] = [];
    const controller = new AbortController();
    const ownMarker = `${marker}-tree`;
    const exit = await runHarness({
      command: 'python3',
      args: ['-c', script],
      cwd: scratch,
      env: { [RUN_MARKER_ENV]: ownMarker },
      timeoutSeconds: null,
      signal: controller.signal,
      outputCapBytes: 1024,
      onEvent: (event) => {
        events.push(event);
        // The malformed line after this event proves the channel outlives bad input.
        setTimeout(() => controller.abort(), 200);
      },
    });
    assert.equal(exit.cancelled, true);
    assert.equal(exit.signal, 'SIGKILL');
    assert.deepEqual(events, [{ type: 'started' }]);
    assert.equal(exit.channelErrors.length, 1);
    assert.deepEqual(pidsWithMarker(ownMarker), []);
  });
});
