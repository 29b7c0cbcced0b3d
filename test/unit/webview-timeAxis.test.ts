import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timeUnit } from '../../webview/panel/timeAxis';

describe('the time axis unit', () => {
  test('reads in µs, ms or seconds by the longer end of the axis', () => {
    assert.deepEqual(timeUnit({ start: 0, end: 0.00025 }), { factor: 1e6, name: 'µs' });
    assert.deepEqual(timeUnit({ start: -0.0165, end: 0.0002 }), { factor: 1e3, name: 'ms' });
    assert.deepEqual(timeUnit({ start: -0.2, end: 1.7 }), { factor: 1, name: 'seconds' });
  });
});
