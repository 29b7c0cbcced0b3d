import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mean, median, outlierIndices, summarizeWalls } from '../../src/core/stats';

describe('median and mean', () => {
  test('the median of an odd count is the middle value', () => {
    assert.equal(median([3, 1, 2]), 2);
  });

  test('the median of an even count averages the two middle values', () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  test('median and mean of nothing are null, not NaN', () => {
    assert.equal(median([]), null);
    assert.equal(mean([]), null);
  });

  test('non-finite values are ignored by median and mean', () => {
    assert.equal(median([1, Number.NaN, 3, Number.POSITIVE_INFINITY]), 2);
    assert.equal(mean([1, Number.NaN, 3]), 2);
  });
});

describe('summarizeWalls', () => {
  test('returns null for no repeats', () => {
    assert.equal(summarizeWalls([]), null);
  });

  test('a single repeat is its own median, min and max', () => {
    assert.deepEqual(summarizeWalls([1.25]), { median: 1.25, min: 1.25, max: 1.25, outliers: [] });
  });

  test('identical timings (MAD = 0) flag no outliers', () => {
    assert.deepEqual(summarizeWalls([0.5, 0.5, 0.5, 0.5]), { median: 0.5, min: 0.5, max: 0.5, outliers: [] });
    assert.deepEqual(outlierIndices([1, 1, 1, 1, 100]), []);
  });

  test('flags a far slower repeat and leaves it out of the median', () => {
    const summary = summarizeWalls([1.0, 1.01, 0.99, 1.02, 0.98, 5.0]);
    assert.ok(summary);
    assert.deepEqual(summary.outliers, [5]);
    assert.equal(summary.median, 1.0);
    // The spread still shows what was measured, outlier included.
    assert.equal(summary.max, 5.0);
    assert.equal(summary.min, 0.98);
  });

  test('keeps repeats within the modified Z-score cut-off', () => {
    const summary = summarizeWalls([1.0, 1.1, 0.9, 1.05, 0.95]);
    assert.ok(summary);
    assert.deepEqual(summary.outliers, []);
    assert.equal(summary.median, 1.0);
  });

  test('reports negative and non-finite repeats as outliers and ignores them', () => {
    const summary = summarizeWalls([2, Number.NaN, -1, 4]);
    assert.ok(summary);
    assert.deepEqual(summary.outliers, [1, 2]);
    assert.equal(summary.median, 3);
    assert.equal(summary.min, 2);
    assert.equal(summary.max, 4);
  });

  test('returns null when no repeat is usable', () => {
    assert.equal(summarizeWalls([Number.NaN, Number.POSITIVE_INFINITY]), null);
  });

  test('a zero wall time is a valid repeat', () => {
    assert.deepEqual(summarizeWalls([0, 0]), { median: 0, min: 0, max: 0, outliers: [] });
  });
});
