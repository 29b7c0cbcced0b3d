// How far the calls' own durations let a pool spread them: the first-free-worker schedule in the
// order given and longest first, from serial's spans.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callSpread, orderCaps, scheduleSeconds, spreadReach } from '../../src/shared/unevenCalls';

const spans = (durations: number[]) => {
  let clock = 0;
  return durations.map((duration, index) => {
    const span = { index, start: clock, end: clock + duration };
    clock += duration;
    return span;
  });
};

describe('the calls spread over workers', () => {
  test('gives each call in turn to the first worker free', () => {
    assert.equal(scheduleSeconds([1, 1, 1, 1], 2), 2);
    assert.equal(scheduleSeconds([1, 1, 1], 2), 2, 'three calls on two workers: one runs two');
    assert.equal(scheduleSeconds([1, 1, 1, 1, 1, 10], 2), 12, 'the long call given last starts when a worker is free at 2');
    assert.equal(scheduleSeconds([10, 1, 1, 1, 1, 1], 2), 10, 'given first, the short ones finish beside it');
    assert.equal(scheduleSeconds([3, 2], 8), 3);
    assert.equal(scheduleSeconds([], 4), 0);
  });

  test('stays cheap for 100,000 calls on 512 workers', () => {
    const durations = Array.from({ length: 100_000 }, (_, index) => 1 + (index % 7));
    const began = performance.now();
    const seconds = scheduleSeconds(durations, 512);
    assert.ok(seconds >= durations.reduce((a, b) => a + b, 0) / 512);
    assert.ok(performance.now() - began < 2000);
  });

  test('reads a long call given last as a cap that longest first lifts, in the order of the inputs', () => {
    // Spans listed out of order are put back in the inputs' order.
    const spread = callSpread(spans([1, 1, 1, 1, 1, 10]).reverse(), 2);
    assert.ok(spread);
    assert.ok(Math.abs(spread.inOrder - 15 / 12) < 1e-9, `${spread.inOrder}`);
    assert.ok(Math.abs(spread.longestFirst - 15 / 10) < 1e-9, `${spread.longestFirst}`);
    assert.equal(spread.longestSeconds, 10);
    assert.equal(spread.longestIndex, 5, 'the long call is the last input');
    assert.ok(Math.abs(spreadReach(spread) - 0.25) < 1e-9);
  });

  test('asks of fewer calls than workers only what the calls allow, and of a few more calls than workers nothing', () => {
    // Three equal calls on 8 workers spread as far as three can: no cap to name, the bar stays whole.
    const few = callSpread(spans([1, 1, 1]), 8);
    assert.equal(few?.inOrder, 3);
    assert.equal(spreadReach(few), 1);
    assert.equal(orderCaps(few), false);
    // Five equal calls on 2 workers: 1.67×, within a fifth of the 2 workers: not the order's cap.
    const five = callSpread(spans([1, 1, 1, 1, 1]), 2);
    assert.equal(orderCaps(five), false);
    assert.equal(orderCaps(callSpread(spans([1, 1, 1, 1, 1, 10]), 2)), true);
  });

  test("scales the calls' time up to serial's wall, so a cap is said of what a timing reads", () => {
    const spread = callSpread(spans([1, 1, 1, 1, 1, 10]), 2, 30);
    assert.ok(spread);
    assert.equal(spread.totalSeconds, 30);
    assert.equal(spread.longestSeconds, 20);
    assert.ok(Math.abs(spread.inOrder - 15 / 12) < 1e-9, 'the ratio is the same');
    assert.equal(callSpread(spans([1, 2]), 2, 1)?.totalSeconds, 3, 'a wall shorter than the calls leaves them as they are');
  });

  test('reads even calls as spreading fully, and has nothing to say of one call or one worker', () => {
    const even = callSpread(spans(Array.from({ length: 16 }, () => 1)), 4);
    assert.equal(even?.inOrder, 4);
    assert.equal(spreadReach(even), 1);
    assert.equal(callSpread(spans([5]), 2), null);
    assert.equal(spreadReach(callSpread(spans([1, 9]), 1)), 1, 'one worker: no spread to ask for');
    assert.equal(spreadReach(null), 1);
  });
});
