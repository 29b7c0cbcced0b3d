// The slips issue 13 found on workloads written elsewhere, as recorded runs: each rule checked on the
// figures that fooled it. The same slips run for real in test/integration/verdict-slips.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import { executorFamily } from '../../src/shared/executors';
import type { Machine, Verdict } from '../../src/shared/report';
import { assertValidPart } from '../helpers/reportSchema';
import { analysisInput, machine, runError, type InputOptions, type RunSpec } from './fixtures/synthetic';

function verdictOf(runs: RunSpec[], options: InputOptions = {}): Verdict {
  const verdict = analyse(analysisInput(runs, options)).verdict;
  assertValidPart('Verdict', verdict);
  return verdict;
}

const hang = (method: 'fork' | 'spawn' | 'forkserver') => ({
  executor: 'process' as const,
  startMethod: method,
  workers: 2,
  wall: null,
  error: {
    ...runError('timeout', `checksum did not finish within 3 s under process (${method}) × 2.`, 'It was running hangs_in_children.py:17 (in checksum) when stopped: raise the timeout if it is just slow, or look for an endless loop or a deadlock there.'),
    file: '/home/user/hangs_in_children.py',
    line: 17,
  },
});

describe('issue 13 slips, on recorded runs', () => {
  test('a hang in child processes is in the explanation and the advice, and nothing recommends processes', () => {
    const verdict = verdictOf(
      [
        { executor: 'serial', wall: 0.006, cpu: 0.0053, tasks: 400 },
        { executor: 'thread', workers: 2, wall: 0.0083, tasks: 400, busy: 0.25 },
        hang('fork'),
        hang('spawn'),
        hang('forkserver'),
      ],
      { functionName: 'checksum', file: '/home/user/hangs_in_children.py', inputsCount: 400 },
    );
    assert.equal(verdict.kind, 'overhead-bound');
    assert.match(verdict.explanation, /Processes never finished: all 3 of its runs timed out at hangs_in_children\.py:17/);
    assert.match(verdict.recommendation, /first fix what hangs at hangs_in_children\.py:17/);
    assert.doesNotMatch(verdict.recommendation, /pool\.map|Pool/);
    assert.doesNotMatch(verdict.code, /Pool|ProcessPool/);
    assert.notEqual(executorFamily(verdict.best?.executor ?? 'serial'), 'processes');
  });

  test('when processes timed out and threads worked, threads are the advice and the hang is named', () => {
    const verdict = verdictOf(
      [
        { executor: 'serial', wall: 2, cpu: 0.05 },
        { executor: 'thread', workers: 4, wall: 0.52, cpu: 0.05 },
        hang('fork'),
      ],
      { functionName: 'checksum', file: '/home/user/hangs_in_children.py' },
    );
    assert.equal(verdict.kind, 'io-bound');
    assert.equal(verdict.best?.executor, 'thread');
    assert.match(verdict.explanation, /Processes never finished: its one run timed out at hangs_in_children\.py:17/);
    assert.match(verdict.recommendation, /^Use ThreadPoolExecutor.*To use processes, first fix what hangs at hangs_in_children\.py:17/s);
  });

  test('unpicklable processes leave code that runs: the fix is advised, the failed executor is not used', () => {
    const unpicklable = runError('unpicklable', "Can't pickle <function <lambda>>: it is not defined at the top level of its module.", 'Define the function with def at the top level of the module.');
    const verdict = verdictOf([
      { executor: 'serial', wall: 2, cpu: 1.96 },
      { executor: 'thread', workers: 2, wall: 2.02, cpu: 1.96 },
      { executor: 'process', workers: 2, wall: null, error: unpicklable },
    ]);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.match(verdict.recommendation, /Define the function with def at the top level/);
    assert.doesNotMatch(verdict.code, /ProcessPoolExecutor|Pool\(/);
    // Serial stands against what ran, not against processes, which were never measured.
    assert.notEqual(verdict.confidence, 'high');
    assert.match(verdict.explanation, /processes could not run, so what they would gain is not measured/);
  });

  test('a short numpy run keeping two cores busy is internally parallel, not mixed', () => {
    // Recorded: serial 0.19 s, process CPU 0.38 s (2.0 cores), no executor faster.
    const verdict = verdictOf(
      [
        { executor: 'serial', wall: 0.19, cpu: 0.37, processCpu: 0.38, tasks: 4 },
        { executor: 'thread', workers: 2, wall: 0.2, cpu: 0.38, processCpu: 0.39, tasks: 4 },
        { executor: 'process', workers: 2, wall: 0.31, cpu: 0.4, tasks: 4 },
      ],
      { functionName: 'matmul', file: '/home/user/matmul.py', inputsCount: 4 },
    );
    assert.equal(verdict.kind, 'internally-parallel');
    assert.match(verdict.explanation, /already kept 2\.0 cores busy/);
  });

  test('a short run of thousands of microsecond calls is not internally parallel: the harness, not the function, used the second core', () => {
    // Recorded (examples/tiny_tasks.py on a loaded machine): serial 53.5 ms, process CPU 71.8 ms, calls 9% of the wall.
    const verdict = verdictOf(
      [
        { executor: 'serial', wall: 0.0535, cpu: 0.017, processCpu: 0.0718, tasks: 2000, busy: 0.09 },
        { executor: 'thread', workers: 4, wall: 0.49, tasks: 2000, busy: 0.01 },
        { executor: 'pool', workers: 2, wall: 0.081, tasks: 2000, busy: 0.01 },
      ],
      { functionName: 'square', file: '/home/user/tiny_tasks.py', inputsCount: 2000 },
    );
    assert.equal(verdict.kind, 'overhead-bound');
  });

  test('threads that keep every core busy yet gain nothing are blamed on contention, not the GIL', () => {
    const verdict = verdictOf([
      { executor: 'serial', wall: 2, cpu: 1.96 },
      { executor: 'thread', workers: 2, wall: 2.0, cpu: 3.8 },
      { executor: 'process', workers: 2, wall: 1.05 },
    ]);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.match(verdict.explanation, /threads kept 1\.9 cores busy \(95% CPU per thread\) yet reached only 1\.00×: not the GIL/);
    assert.match(verdict.explanation, /a lock inside C code, the memory allocator, or memory bandwidth/);
    assert.doesNotMatch(verdict.explanation, /the GIL lets only one thread/);
  });

  test('blames the GIL with the measurement when threads never kept more than one core busy', () => {
    const verdict = verdictOf([
      { executor: 'serial', wall: 2, cpu: 1.96 },
      { executor: 'thread', workers: 2, wall: 2.02, cpu: 1.97 },
      { executor: 'process', workers: 2, wall: 1.05 },
    ]);
    assert.match(verdict.explanation, /its threads never kept more than 1\.0 core busy: the GIL lets only one thread run Python at a time/);
  });
});

describe('calls whose programs do the work', () => {
  /** Recorded (corpus subprocess-tool, 2-core host): the programs' CPU under thread × 2 ran 28%
   * above serial's for the same work, thread × 2 1.36×, processes 1.62–1.76×. `ownCpu`, when given,
   * is the calls' own Python in every run (recorded: under 1% of the wall). */
  function subprocessToolRuns(ownCpu?: number): RunSpec[] {
    const runs: RunSpec[] = [
      { executor: 'serial', wall: 0.522, cpu: 0.004, childCpu: 0.518, repeats: [0.525, 0.519] },
      { executor: 'thread', workers: 2, wall: 0.383, cpu: 0.006, childCpu: 0.665, repeats: [0.312, 0.38, 0.385] },
      { executor: 'process', workers: 2, wall: 0.323, cpu: 0.008, repeats: [0.288, 0.397, 0.323] },
      { executor: 'process', startMethod: 'spawn', workers: 2, wall: 0.297, cpu: 0.006, repeats: [0.308, 0.285] },
      { executor: 'pool', workers: 2, wall: 0.395, cpu: 0.006, repeats: [0.271, 0.396, 0.395] },
    ];
    return ownCpu === undefined ? runs : runs.map((run) => ({ ...run, cpu: ownCpu }));
  }

  test('advise threads when processes measured ahead: the calls hold the GIL for under 1% of the wall', () => {
    const verdict = verdictOf(subprocessToolRuns(), { functionName: 'run_tool' });
    assert.equal(verdict.kind, 'gil-free', verdict.explanation);
    assert.equal(verdict.best?.executor, 'thread');
    assert.match(verdict.explanation, /programs it starts/);
  });

  test('stay mixed when the calls\' own Python is a large share of the wall: the GIL can hold threads there', () => {
    // The same figures with the calls parsing the programs' output in Python for 60% of the wall.
    const verdict = verdictOf(subprocessToolRuns(0.31), { functionName: 'run_tool' });
    assert.notEqual(verdict.kind, 'gil-free', verdict.explanation);
  });
});

describe('mixed advice within the noise', () => {
  test('on one usable core, processes a little ahead of slow threads but within the noise of serial are not cpu-bound advice', () => {
    // Recorded under taskset -c 0 on a noisy 2-core host: thread × 2 timed once slowed to 0.65×,
    // process (fork) × 2 at 1.14× (0.62–1.30). Processes "beat" the threads, not serial.
    const oneCore: Machine = { ...machine(), usable: { logicalCores: 1, physicalCores: 1, affinity: [0], quotaCores: null, quotaSource: null } };
    const verdict = verdictOf(
      [
        { executor: 'serial', wall: 0.686, cpu: 0.68, repeats: [0.781, 0.686, 0.588] },
        { executor: 'thread', workers: 2, wall: 1.054, cpu: 0.68, repeats: [1.054] },
        { executor: 'process', workers: 2, wall: 0.602, cpu: 0.68, repeats: [0.953, 0.599, 0.602] },
        { executor: 'process', startMethod: 'spawn', workers: 2, wall: 1.065, cpu: 0.68, repeats: [1.065] },
      ],
      { functionName: 'count_primes', machine: oneCore },
    );
    assert.notEqual(verdict.kind, 'cpu-bound');
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.explanation, /single logical core/);
    assert.match(verdict.recommendation, /^Stay serial here: .*one core leaves nothing to share.*more cores than CPU affinity 0 allows/);
  });

  test('keeps a clear gain beside a flat family as the cpu-bound signature when serial\'s own timings swung', () => {
    // Recorded in the e2e suite on a noisy host (JavaScript countPrimes): serial 675 ms to 1.13 s,
    // async × 2 0.93×, worker_threads × 2 1.54× (0.77–2.30). The interval says how sure, not what kind.
    const verdict = verdictOf(
      [
        { executor: 'serial', wall: 0.83, cpu: 0.8, repeats: [0.83, 0.675, 1.13] },
        { executor: 'async', workers: 2, wall: 0.89, cpu: 0.8, repeats: [0.89] },
        { executor: 'worker_threads', workers: 2, wall: 0.539, cpu: 0.8, repeats: [0.44, 0.539, 0.87] },
      ],
      { language: 'javascript', functionName: 'countPrimes' },
    );
    assert.equal(verdict.kind, 'cpu-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'worker_threads');
  });

  test('does not call 100 ms JavaScript calls tiny from the async calls\' queueing for their one thread', () => {
    // Recorded under two bursty programs (examples/js/cpu_loop.js): serial 807 ms to 1.18 s, async × 2
    // at 1.11× with 70% of its time "dispatching", worker_threads × 2 at 1.21× with 2%.
    const verdict = verdictOf(
      [
        { executor: 'serial', wall: 0.868, cpu: 0.86, repeats: [0.807, 1.18, 0.868] },
        { executor: 'async', workers: 2, wall: 0.784, cpu: 0.78, repeats: [0.784, 1.151, 0.701], busy: 0.3 },
        { executor: 'worker_threads', workers: 2, wall: 0.72, cpu: 0.9, repeats: [0.465, 0.841, 0.72] },
        { executor: 'child_process', workers: 2, wall: 0.88, cpu: 0.9, repeats: [0.88] },
      ],
      { language: 'javascript', functionName: 'countPrimes' },
    );
    assert.notEqual(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /less than handing a task to a worker costs/);
  });

  test('stays serial, saying why, when the best gain is within the noise of serial', () => {
    const verdict = verdictOf([
      // Half computing, half waiting: neither family's signature, so the rules weigh the gain itself.
      { executor: 'serial', wall: 0.164, cpu: 0.08, repeats: [0.12, 0.164, 0.2] },
      { executor: 'thread', workers: 2, wall: 0.17, cpu: 0.08, repeats: [0.165, 0.17, 0.176] },
      { executor: 'process', workers: 2, wall: 0.118, cpu: 0.08, repeats: [0.07, 0.118, 0.25] },
    ]);
    assert.equal(verdict.kind, 'mixed');
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.recommendation, /^Stay serial: the best gain measured, 1\.39×, is within the noise of serial\.$/);
  });
});
