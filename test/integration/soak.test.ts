// Profiles in a row in one extension host leave nothing growing: after the first two, the open
// handles, timers and child processes are what they were, the heap is flat, nothing runs after
// deactivation, and the report store keeps at most its limit per function. CI runs 5 profiles
// (PP_SOAK_PROFILES to change); `npm run soak` runs 50 and prints the curve.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSample, runSoak } from '../helpers/soak';

const PROFILES = Number(process.env.PP_SOAK_PROFILES ?? 5);
const WARM_UP = 2;
/** Heap a soak may gain after warm-up: a leak of anything drawn (a panel, a report, the sampler's
 * buffers) gains megabytes over a few profiles; the idle heap wanders by a few hundred kB. */
const HEAP_SLACK_MB = 2;

test(`${PROFILES} profiles in a row leave the host's handles, timers, child processes, heap and report store flat`, { timeout: PROFILES * 60_000 }, async (t) => {
  const result = await runSoak(PROFILES, (sample) => t.diagnostic(formatSample(sample)));
  const warm = result.samples[WARM_UP - 1];
  for (const sample of result.samples.slice(WARM_UP)) {
    assert.deepEqual(sample.resources, warm.resources, `open handles after profile ${sample.profile} match those after profile ${WARM_UP}`);
    assert.equal(sample.timers, 0, 'no timer runs between profiles (the core sampler stops when nobody listens)');
    assert.equal(sample.children, result.before.children, `no process of profile ${sample.profile} is left running`);
    assert.ok(sample.heapMB <= warm.heapMB + HEAP_SLACK_MB, `heap after profile ${sample.profile}: ${sample.heapMB.toFixed(1)} MB, after ${WARM_UP}: ${warm.heapMB.toFixed(1)} MB`);
  }
  assert.ok(result.largestStoreFolder <= result.keep + 2, `the store keeps at most ${result.keep} reports, an index and a summary per function, not ${result.largestStoreFolder} files`);
  assert.deepEqual(result.after.resources, result.before.resources, 'after deactivation only what was open before activation is open');
  assert.equal(result.after.children, result.before.children);
});
