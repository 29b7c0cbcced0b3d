// The projection against speedups it was not fitted on: waiting work whose serial share is known by
// construction (a global lock held, then a wait; 5%, 10% and 25% serial), profiled with threads at
// 1–32 at a time, fitted on 1–4 and checked at 8, 16 and 32. README states the figures this pins
// (bench/projection.ts prints them). It measures: run it under the machine-wide lock.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { formatPercent, formatSpeedup } from '../../src/shared/format';
import { LOCK_WORKLOADS, profileLockWorkload, validate, type ValidationResult } from '../helpers/projectionValidation';
import { makeTempDir } from '../helpers/tempDir';

const lockDir = makeTempDir('pp-projection-lock-');
process.env.PARALLEL_PROFILER_LOCK_DIR ??= lockDir.path;
const temp = makeTempDir('pp-projection-');
after(() => {
  temp.remove();
  lockDir.remove();
});

/** The widest band (high ÷ low) the projection may give at 8–32 from 1–4: measured 8.2 at worst. */
const WIDEST_BAND = 10;

describe('the projection on workloads with a known serial share', { timeout: 900_000 }, () => {
  const results: ValidationResult[] = [];

  test('every speedup measured at 8, 16 and 32 threads lies within the band fitted on 1–4', async () => {
    for (const workload of LOCK_WORKLOADS) results.push(validate(workload, await profileLockWorkload(workload, temp)));
    const lines = results.flatMap((result) => result.checked.map((point) =>
      `serial ${formatPercent(result.serialShare)} at ${point.count}: measured ${formatSpeedup(point.measured)}, projected ${formatSpeedup(point.projected)} (${formatSpeedup(point.low)}–${formatSpeedup(point.high)}), centre off by ${formatPercent(point.error)}`));
    process.stdout.write(lines.map((line) => `# ${line}\n`).join(''));
    const checked = results.flatMap((result) => result.checked);
    assert.equal(checked.length, LOCK_WORKLOADS.length * 3, 'every workload was projected and measured at 8, 16 and 32');
    const outside = checked.filter((point) => point.measured < point.low || point.measured > point.high);
    assert.deepEqual(outside, [], lines.join('\n'));
  });

  test(`the band stays informative: at most ${WIDEST_BAND}× from its low to its high edge`, () => {
    const widest = Math.max(...results.flatMap((result) => result.checked.map((point) => point.high / point.low)));
    assert.ok(widest <= WIDEST_BAND, `widest band ${widest.toFixed(1)}×`);
  });
});
