import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isToPanel, type RunningState } from '../../src/shared/messages';
import { sampleRun } from './extension-fixtures';

function running(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const state: RunningState = {
    kind: 'running',
    file: '/home/ana/primes.py',
    functionName: 'count_primes',
    current: 'process (fork) × 2',
    runs: [sampleRun('serial', null, 1, 1), sampleRun('thread', null, 2, 0.98)],
    cores: { logicalCores: 2, physicalCores: 2 },
    elapsedSeconds: 12.3,
    leftSeconds: 20,
  };
  return { ...state, ...overrides };
}

const accepts = (state: Record<string, unknown>): boolean => isToPanel({ type: 'state', state });

describe('the running state as the Results panel checks it on arrival', () => {
  test('accepts a profile in progress with its finished runs, before and after the time left and the cores are known', () => {
    assert.equal(accepts(running()), true);
    assert.equal(accepts(running({ runs: [], current: null, leftSeconds: null, cores: null, elapsedSeconds: 0 })), true);
  });

  test('ignores the older shape that counted configurations instead of time', () => {
    assert.equal(accepts({ kind: 'running', file: '/a.py', functionName: 'f', done: 5, total: 16, current: null }), false);
  });

  const broken: [string, Record<string, unknown>][] = [
    ['runs that are not a list', { runs: 'all' }],
    ['a run without an id', { runs: [{ ...sampleRun('serial', null, 1, 1), id: undefined }] }],
    ['a run with zero workers', { runs: [{ ...sampleRun('thread', null, 1, 1), workers: 0 }] }],
    ['a run whose speedup is not a number', { runs: [{ ...sampleRun('thread', null, 2, 1), speedup: '2×' }] }],
    ['a run whose error is a string', { runs: [{ ...sampleRun('thread', null, 2, 1), error: 'boom' }] }],
    ['a negative elapsed time', { elapsedSeconds: -1 }],
    ['an elapsed time that is not finite', { elapsedSeconds: Number.POSITIVE_INFINITY }],
    ['a time left that is not a number', { leftSeconds: 'soon' }],
    ['a time left of NaN', { leftSeconds: Number.NaN }],
    ['no cores', { cores: { logicalCores: 0, physicalCores: 0 } }],
    ['a current configuration that is not text', { current: 3 }],
    ['no function name', { functionName: undefined }],
  ];
  for (const [what, overrides] of broken) {
    test(`ignores a running state with ${what}`, () => {
      assert.equal(accepts(running(overrides)), false);
    });
  }
});
