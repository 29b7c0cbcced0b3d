// A pool that takes longer to start than it saves: the recommendation says to reuse it, and what a
// single run over the inputs should use instead.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import { analysisInput, type RunSpec } from './fixtures/synthetic';

const verdictOf = (specs: RunSpec[]) => analyse(analysisInput(specs)).verdict;

describe('start-up beside the gain in the verdict', () => {
  test('a recommended pool slower to start than it saves is advised for reuse, and the one run alone goes to the quicker-starting pool', () => {
    const verdict = verdictOf([
      { executor: 'serial', wall: 0.09, cpu: 0.088 },
      { executor: 'thread', workers: 2, wall: 0.092, cpu: 0.088, startup: 0.001 },
      { executor: 'pool', startMethod: 'fork', workers: 2, wall: 0.07, cpu: 0.088, startup: 0.008 },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 0.05, cpu: 0.088, startup: 0.065 },
    ]);
    assert.equal(verdict.best?.startMethod, 'forkserver', 'the fastest once started stays the recommendation');
    assert.match(verdict.recommendation, /Its pool took 65 ms to start, more than the 40 ms it saves over serial on these inputs: start it once and reuse it for every batch \(over 2 or more runs like this one it gains\)/);
    assert.match(verdict.recommendation, /for one run over these inputs alone, pool \(fork\) × 2 finishes first, start-up included \(78 ms against serial's 90 ms\)/);
    assert.ok(verdict.evidence.some((line) => /start-up beside the gain: process \(forkserver\) × 2 took 65 ms to start and saves 40 ms/.test(line)), verdict.evidence.join('\n'));
  });

  test('names serial for one run alone when nothing else finishes clearly before it, start-up included', () => {
    const verdict = verdictOf([
      { executor: 'serial', wall: 0.3, cpu: 0.29 },
      { executor: 'thread', workers: 2, wall: 0.31, cpu: 0.29, startup: 0.001 },
      { executor: 'joblib-loky', workers: 2, wall: 0.16, cpu: 0.29, startup: 0.37 },
    ]);
    assert.equal(verdict.best?.executor, 'joblib-loky');
    assert.match(verdict.recommendation, /Its pool took 370 ms to start, more than the 140 ms it saves/);
    assert.match(verdict.recommendation, /over 3 or more runs like this one it gains\); for one run over these inputs alone, serial finishes first \(300 ms, against 530 ms with the pool's start-up\)/);
  });

  test('says nothing when start-up is below what the pool saves, or threads start in no time', () => {
    const quick = verdictOf([
      { executor: 'serial', wall: 1.2, cpu: 1.15 },
      { executor: 'thread', workers: 2, wall: 1.22, cpu: 1.15, startup: 0.001 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.62, cpu: 1.15, startup: 0.02 },
    ]);
    assert.equal(quick.best?.executor, 'process');
    assert.doesNotMatch(quick.recommendation, /to start, more than/);
    assert.ok(!quick.evidence.some((line) => line.startsWith('start-up beside the gain')));
    const threads = verdictOf([
      { executor: 'serial', wall: 0.2, cpu: 0.02 },
      { executor: 'thread', workers: 8, wall: 0.03, cpu: 0.02, startup: 0.0005 },
    ]);
    assert.equal(threads.best?.executor, 'thread');
    assert.doesNotMatch(threads.recommendation, /to start, more than/);
  });
});

describe('the start method chosen for the run, start-up counted', () => {
  test('says why the default start method is advised beside one faster once started', () => {
    const verdict = verdictOf([
      { executor: 'serial', wall: 0.161, cpu: 0.16, repeats: [0.161, 0.162, 0.16] },
      { executor: 'thread', workers: 2, wall: 0.16, cpu: 0.16, startup: 0.0007 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.0904, cpu: 0.16, startup: 0.00505, repeats: [0.0904, 0.091, 0.0898] },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 0.0821, cpu: 0.16, startup: 0.0726, repeats: [0.0821, 0.0825, 0.0818] },
    ]);
    assert.deepEqual([verdict.best?.executor, verdict.best?.startMethod], ['process', 'fork']);
    assert.match(verdict.explanation, /The fastest measured once started, process \(forkserver\) × 2 at 1\.96× \([\d.–]+\), took 72\.6 ms to start against 5\.05 ms: with start-up, process \(fork\) × 2 finishes the run first, so it is advised\./, verdict.explanation);
  });
});
