// A start method (or executor) that hung or lost a worker in one configuration while the same inputs
// finished elsewhere is left out of the advice, and the verdict says why.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import { analysisInput, runError, type RunSpec } from './fixtures/synthetic';

/** The harness's hint for a timeout with a stack dump, written before the other runs were known. */
const HARNESS_HINT = 'It was running forklock.py:16 (in score) when stopped: raise the timeout if it is just slow, or look for an endless loop or a deadlock there.';
const hung = (label: string) => ({ ...runError('timeout', `score did not finish within 8 s under ${label}.`, HARNESS_HINT), file: '/home/user/project/forklock.py', line: 16, traceback: 'Thread 0x7f (most recent call first):\n  File "forklock.py", line 16 in score' });

describe('a setup that hung where the same inputs finished elsewhere', () => {
  // s14 of a new user's walk: a lock a thread started at import holds 5 ms of every 6; fork × 2 finished
  // by chance in the profile, the advised fork code then hung in 8 runs of 8.
  const specs: RunSpec[] = [
    { executor: 'serial', wall: 0.068, cpu: 0.066 },
    { executor: 'thread', workers: 2, wall: 0.062, cpu: 0.066, startup: 0.001 },
    { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.034, cpu: 0.066, startup: 0.006 },
    { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 0.036, cpu: 0.066, startup: 0.07 },
    { executor: 'pool', startMethod: 'fork', workers: 2, wall: null, startup: 0.008, error: hung('pool (fork) × 2') },
  ];

  test('is never advised, and the verdict names the hang and its cause', () => {
    const { verdict, runs } = analyse(analysisInput(specs));
    // The run's own hint, written before the others finished, no longer says "raise the timeout".
    const hint = runs.find((run) => run.executor === 'pool')?.error?.hint ?? '';
    assert.equal(hint, 'It was at forklock.py:16 when stopped, while the same inputs finished under other start methods: not a slow run but a likely hang, a worker waiting on a lock that fork copied while another thread held it (see the verdict). Use forkserver or spawn, or start the pool before the script starts any thread; the stack dumps show where each process waited.');
    assert.doesNotMatch(hint, /raise the timeout/i);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.deepEqual([verdict.best?.executor, verdict.best?.startMethod], ['process', 'forkserver']);
    assert.match(verdict.explanation, /Pool \(fork\) × 2 never finished \(timed out at forklock\.py:16\), while the same inputs finished under other start methods: a likely cause is that fork copies the parent as it was/);
    assert.match(verdict.explanation, /wait on one forever, so the runs under fork that finished may have done so by chance\. The fork start method is left out of the advice\./, 'fork × 2 finished');
    assert.match(verdict.recommendation, /Do not use the fork start method with this script \(it hung here\): use forkserver or spawn, as the code does/);
    // Every fork run hung: none finished by chance.
    const allHung = analyse(analysisInput(specs.map((spec) => (spec.startMethod === 'fork' ? { ...spec, wall: null, error: hung('process (fork) × 2') } : spec)))).verdict;
    assert.match(allHung.explanation, /wait on one forever\. The fork start method is left out of the advice\./, allHung.explanation);
    assert.doesNotMatch(allHung.explanation, /by chance/);
    assert.match(verdict.code, /get_context\("forkserver"\)|mp_context/);
    assert.doesNotMatch(verdict.recommendation, /process \(fork\) × 2 finishes first/, 'nor offered for one run alone');
  });

  test('leaves a one-worker pool timed out by size alone, and a family that never finished, to the other rules', () => {
    const oneWorker = analyse(analysisInput([...specs.slice(0, 4), { executor: 'pool', startMethod: 'fork', workers: 1, wall: null, error: hung('pool (fork) × 1') }])).verdict;
    assert.deepEqual([oneWorker.best?.executor, oneWorker.best?.startMethod], ['process', 'fork']);
    assert.doesNotMatch(oneWorker.explanation, /left out of the advice/);
    const allHung = analyse(analysisInput([
      specs[0],
      specs[1],
      { executor: 'process', startMethod: 'fork', workers: 2, wall: null, error: hung('process (fork) × 2') },
      { executor: 'process', startMethod: 'spawn', workers: 2, wall: null, error: hung('process (spawn) × 2') },
    ])).verdict;
    assert.match(allHung.explanation, /Processes could not run: score did not finish within 8 s/);
    assert.doesNotMatch(allHung.explanation, /start method is left out/);
  });

  test('is no hazard when the timeout could have caught a slow run by size: the family took over a thirtieth of it per pass', () => {
    const input = analysisInput(specs);
    const slowRuns = analyse({ ...input, timeoutSeconds: 0.5 });
    assert.equal(slowRuns.runs.find((run) => run.executor === 'pool')?.error?.hint, HARNESS_HINT, "the harness's hint kept where no hang is named");
    const slow = slowRuns.verdict;
    assert.doesNotMatch(slow.explanation, /left out of the advice/);
    assert.deepEqual([slow.best?.executor, slow.best?.startMethod], ['process', 'fork']);
    const hang = analyse({ ...input, timeoutSeconds: 8 }).verdict;
    assert.match(hang.explanation, /The fork start method is left out of the advice\./);
  });

  test("keeps a start-up timeout's hint, and says a hang without fork's cause where no start method was to blame", () => {
    // A pool that never started (no start-up reported): its hint is on the script's top-level code.
    const neverStarted = specs.map((spec) => (spec.executor === 'pool' ? { ...spec, startup: null, error: { ...hung('pool (fork) × 2'), hint: 'Starting a worker got stuck at forklock.py:3 (in <module>): …' } } : spec));
    assert.match(analyse(analysisInput(neverStarted)).runs.find((run) => run.executor === 'pool')?.error?.hint ?? '', /^Starting a worker got stuck/);
    // Threads have no start method: the executor is to blame, and no dump was taken.
    const threads: RunSpec[] = [
      { executor: 'serial', wall: 0.068, cpu: 0.066 },
      { executor: 'thread', workers: 2, wall: 0.06, cpu: 0.066, startup: 0.001 },
      { executor: 'thread', workers: 4, wall: null, startup: 0.001, error: { ...runError('timeout', 'score did not finish within 8 s under thread × 4.', 'Raise the timeout if the function is just slow, or look for a deadlock; the stack dumps show where each process waited.') } },
    ];
    const hint = analyse(analysisInput(threads)).runs.find((run) => run.workers === 4)?.error?.hint;
    assert.equal(hint, 'It was stopped, while other configurations finished the same inputs: not a slow run but a likely hang (see the verdict). Look for an endless loop or a deadlock.');
    // Fork the only start method measured: fork's cause, not "other start methods".
    const forkOnly = specs.filter((spec) => spec.startMethod !== 'forkserver');
    assert.match(analyse(analysisInput(forkOnly)).runs.find((run) => run.executor === 'pool')?.error?.hint ?? '', /^It was at forklock\.py:16 when stopped, while other configurations finished the same inputs: not a slow run but a likely hang, a worker waiting on a lock that fork copied/);
  });

  test('is no hazard at --repeat 30 where the family took over a three-hundredth of the timeout per pass: thirty timings a launch at a tenth of it each time out by size', () => {
    // Each launch ran thirty timings: a pool 8 times as slow as fork × 2 (34 ms a pass, 0.27 s)
    // times out at 8 s by size, and the rule asks ten times; at three timings a launch the same
    // 34 ms is a hang (above).
    const thirty = specs.map((spec) => (spec.wall === null ? spec : { ...spec, repeats: Array.from({ length: 30 }, () => spec.wall as number) }));
    const slow = analyse({ ...analysisInput(thirty), timeoutSeconds: 8, repeat: 30 }).verdict;
    assert.doesNotMatch(slow.explanation, /left out of the advice/, slow.explanation);
    assert.deepEqual([slow.best?.executor, slow.best?.startMethod], ['process', 'fork']);
    const hang = analyse({ ...analysisInput(thirty), timeoutSeconds: 12, repeat: 30 }).verdict;
    assert.match(hang.explanation, /The fork start method is left out of the advice\./, 'a pass in a three-hundredth of 12 s');
    // The adaptive plan's finalists take many timings over several launches, each launch one: the
    // --repeat setting (3), not the timings a run took, bounds a launch's.
    assert.match(analyse({ ...analysisInput(thirty), timeoutSeconds: 8, repeat: 3 }).verdict.explanation, /The fork start method is left out of the advice\./);
  });

  test("is a hang when the same pool under another start method finished a pass in a tenth of the time the hung run had once started, though the family rule's thirtieth was not met", () => {
    // A walk's script (a thread started at import holds a lock): fork × 2 hung at a 20 s timeout, its
    // pool started in 6 ms; forkserver × 2 finished in 1.26 s, a sixteenth of it.
    const walk: RunSpec[] = [
      { executor: 'serial', wall: 2.35, cpu: 2.3 },
      { executor: 'thread', workers: 2, wall: 2.1, cpu: 2.3, startup: 0.001 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: null, startup: 0.006, error: hung('process (fork) × 2') },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 1.26, cpu: 2.4, startup: 0.06 },
    ];
    const verdict = analyse({ ...analysisInput(walk), timeoutSeconds: 20 }).verdict;
    assert.match(verdict.explanation, /The fork start method is left out of the advice\./, verdict.explanation);
    // Pool (fork) × 2 hung too, with no Pool under another start method to show it: the start
    // method left out, its hint says the hang as well.
    const withPool = [...walk, { executor: 'pool' as const, startMethod: 'fork' as const, workers: 2, wall: null, startup: 0.007, error: hung('pool (fork) × 2') }];
    const poolHint = analyse({ ...analysisInput(withPool), timeoutSeconds: 20 }).runs.find((run) => run.executor === 'pool')?.error?.hint ?? '';
    assert.match(poolHint, /^It was at forklock\.py:16 when stopped, while the same inputs finished under other start methods: not a slow run but a likely hang/);
    assert.match(verdict.recommendation, /Do not use the fork start method with this script \(it hung here\)/);
    // The calls have the whole timeout from the pool's start-up on: a long start-up changes nothing.
    const slowStart = walk.map((spec) => (spec.startMethod === 'fork' ? { ...spec, startup: 15 } : spec));
    assert.match(analyse({ ...analysisInput(slowStart), timeoutSeconds: 20 }).verdict.explanation, /The fork start method is left out of the advice\./);
    // Not where the sibling took over a tenth of the timeout (1.26 s of 10 s), where the hung run's
    // pool never reported its start-up (it may have hung starting), nor where it finished a timing
    // (--repeat 10 at 1.05× forkserver's pace: slow, not hung).
    assert.doesNotMatch(analyse({ ...analysisInput(walk), timeoutSeconds: 10 }).verdict.explanation, /left out of the advice/);
    const neverStarted = walk.map((spec) => (spec.startMethod === 'fork' ? { ...spec, startup: null } : spec));
    assert.doesNotMatch(analyse({ ...analysisInput(neverStarted), timeoutSeconds: 20 }).verdict.explanation, /left out of the advice/);
    const timedSome = walk.map((spec) => (spec.startMethod === 'fork' ? { ...spec, repeats: [1.32, 1.33] } : spec));
    assert.doesNotMatch(analyse({ ...analysisInput(timedSome), timeoutSeconds: 20 }).verdict.explanation, /left out of the advice/);
  });

  test('advises no process at all when fork was the only start method measured, and says to measure another', () => {
    const onlyFork = analyse({ ...analysisInput([specs[0], specs[1], specs[2], specs[4]]), timeoutSeconds: 8 }).verdict;
    assert.notEqual(onlyFork.best?.executor, 'process');
    assert.notEqual(onlyFork.best?.executor, 'pool');
    assert.match(onlyFork.explanation, /No other start method was measured: profile again with forkserver or spawn/);
    assert.doesNotMatch(onlyFork.explanation, /process \(fork\) × 2, at/, 'the run left out is no rival in the confidence line');
  });
});

