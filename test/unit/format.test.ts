// One number format for the CLI, the Results panel, the HTML export and the CodeLens (ARCHITECTURE.md).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseName, formatBytes, formatCores, formatDuration, formatPercent, formatRatio, formatSeconds, formatSpeedup, formatSpeedupRange, formatTimeLeft } from '../../src/shared/format';

describe('one number format for every surface', () => {
  test('speedups keep two decimals below 10×, where the noise lives, and fewer above', () => {
    assert.deepEqual([1.904, 0.049, 1, 9.996, 12.44, 128.4].map(formatSpeedup), ['1.90×', '0.05×', '1.00×', '10.00×', '12.4×', '128×']);
  });

  test('a speedup with its range reads 1.93× (1.85–1.97), and without a range just the speedup', () => {
    assert.equal(formatSpeedupRange(1.931, 1.852, 1.968), '1.93× (1.85–1.97)');
    assert.equal(formatSpeedupRange(1.931, null, 1.968), '1.93×');
  });

  test('seconds read in µs, ms or s with three significant digits', () => {
    assert.deepEqual([0.00013, 0.0000042, 0.0000999, 0.0123, 2.5, 312.4].map(formatSeconds), ['130 µs', '4.2 µs', '99.9 µs', '12.3 ms', '2.50 s', '312 s']);
  });

  test('bytes use decimal units with three significant digits', () => {
    assert.deepEqual([28, 4100, 41_900_000, 20_000_000, 1.5e12].map(formatBytes), ['28 B', '4.1 kB', '41.9 MB', '20 MB', '1.5 TB']);
  });

  test('shares are whole percents, with a decimal below 10% so 0.2% does not read as 0%', () => {
    assert.deepEqual([0.96, 0.029, 0.002, 0].map((share) => formatPercent(share)), ['96%', '2.9%', '0.2%', '0%']);
    assert.equal(formatPercent(0.029, 0), '3%');
  });

  test('a value that was not measured is a dash, never NaN or Infinity', () => {
    for (const format of [formatSpeedup, formatSeconds, formatBytes, formatCores, formatRatio, (value: number | null) => formatPercent(value)]) {
      assert.deepEqual([null, undefined, Number.NaN, Number.POSITIVE_INFINITY].map((value) => format(value as number | null)), ['—', '—', '—', '—']);
    }
  });

  test('cores and plain ratios read 1.9 and 0.12; labels keep the file name only', () => {
    assert.equal(formatCores(1.94), '1.9');
    assert.equal(formatRatio(0.123), '0.12');
    assert.equal(baseName('C:\\work\\primes.py'), 'primes.py');
    assert.equal(baseName('/a/b/primes.py'), 'primes.py');
  });
});

describe('durations and time left', () => {
  test('says time spent in whole seconds, then minutes and seconds, then hours and minutes', () => {
    assert.deepEqual([0, 0.4, 12.4, 59.6, 65, 3599, 3720].map(formatDuration), ['0 s', '0 s', '12 s', '1 min 00 s', '1 min 05 s', '59 min 59 s', '1 h 02 min']);
  });

  test('rounds the time left as far as a rough estimate deserves, and says when it is not known yet', () => {
    assert.deepEqual([0, 4.9, 22, 58, 61, 170, 5000].map(formatTimeLeft), [
      'a few seconds left', 'a few seconds left', 'about 20 s left', 'about 1 min left', 'about 1 min left', 'about 3 min left', 'about 1 h 20 min left',
    ]);
    assert.equal(formatTimeLeft(null), 'time left not known yet');
    assert.equal(formatTimeLeft(Number.NaN), 'time left not known yet');
  });
});
