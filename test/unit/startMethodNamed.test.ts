// The advised code names its start method, though it is the runtime's default, where another start
// method of the same pool measured clearly worse here: a later Python may change the default
// (forkserver on Linux from 3.14), and the advice rests on the start method.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import { analysisInput, type RunSpec } from './fixtures/synthetic';

const verdictOf = (specs: readonly RunSpec[]) => analyse(analysisInput(specs)).verdict;

describe('the start method in the advised code', () => {
  test("is named where another start method took much longer to start: a walk's catalog built at import", () => {
    // fork × 2 advised for its 27 ms start-up against forkserver's 2.38 s (the calls 15% faster there).
    const specs: RunSpec[] = [
      { executor: 'serial', wall: 3.641, cpu: 3.6 },
      { executor: 'thread', workers: 2, wall: 3.509, cpu: 3.6, startup: 0.001 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 2.128, cpu: 3.9, startup: 0.027 },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 1.847, cpu: 3.6, startup: 2.38 },
    ];
    const verdict = verdictOf(specs);
    assert.deepEqual([verdict.best?.executor, verdict.best?.startMethod], ['process', 'fork'], verdict.explanation);
    assert.match(verdict.code, /with ProcessPoolExecutor\(max_workers=2, mp_context=multiprocessing\.get_context\("fork"\)\) as pool:/);
    assert.match(verdict.code, /^import multiprocessing$/m);
    assert.match(verdict.code, /# fork named, though it is the default here: process \(forkserver\) × 2 took 2\.38 s to start against 27(\.0)? ms; a later Python may start workers another way \(forkserver on Linux from 3\.14\)\./);
  });

  test('is named where another start method ran the calls slower beyond the margin', () => {
    const specs: RunSpec[] = [
      { executor: 'serial', wall: 2.0, cpu: 1.95 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 1.02, cpu: 1.95, startup: 0.01 },
      { executor: 'process', startMethod: 'spawn', workers: 2, wall: 1.3, cpu: 2.3, startup: 0.09 },
    ];
    const verdict = verdictOf(specs);
    assert.match(verdict.code, /# fork named, though it is the default here: process \(spawn\) × 2 ran the calls 27(\.\d)?% slower;/);
    assert.match(verdict.code, /get_context\("fork"\)/);
  });

  test('is left to the default on one timing of the slower start method, and on a start-up a fresh numpy import explains', () => {
    const specs: RunSpec[] = [
      { executor: 'serial', wall: 2.0, cpu: 1.95 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 1.02, cpu: 1.95, startup: 0.01 },
      { executor: 'process', startMethod: 'spawn', workers: 2, wall: 1.3, cpu: 2.3, startup: 0.09, repeats: [1.3] },
    ];
    assert.doesNotMatch(verdictOf(specs).code, /get_context|named, though/);
    // Each fresh worker imports numpy (0.3 s) on a 0.6 s run: paid once a pool, no reason to hold the code to fork.
    const numpy: RunSpec[] = [
      { executor: 'serial', wall: 1.2, cpu: 1.18 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.61, cpu: 1.2, startup: 0.01 },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 0.62, cpu: 1.2, startup: 0.31 },
    ];
    assert.doesNotMatch(verdictOf(numpy).code, /get_context|named, though/);
  });

  test('is left to the default where the start methods measured alike: pure-Python primes', () => {
    // Debian's Python, primes 8 × 150000: fork 5 ms to start, forkserver 47 ms, the calls within 4%.
    const specs: RunSpec[] = [
      { executor: 'serial', wall: 0.94, cpu: 0.93 },
      { executor: 'thread', workers: 2, wall: 0.98, cpu: 0.95, startup: 0.001 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.474, cpu: 0.94, startup: 0.005 },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 0.49, cpu: 0.94, startup: 0.047 },
    ];
    const verdict = verdictOf(specs);
    assert.deepEqual([verdict.best?.executor, verdict.best?.startMethod], ['process', 'fork']);
    assert.match(verdict.code, /with ProcessPoolExecutor\(max_workers=2\) as pool:/);
    assert.doesNotMatch(verdict.code, /get_context|named, though/);
  });
});
