// The output a Python run captured is the function's: notices the profiler's own clean-up caused
// are not part of it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutTrackerNotices } from '../../src/runners/python/configOutcome';

describe("a Python run's captured stderr", () => {
  test("drops the resource trackers' notices of what they cleaned up or could not, with the source line printed under each", () => {
    const stderr = [
      'user line 1',
      "/usr/lib/python3.11/multiprocessing/resource_tracker.py:224: UserWarning: resource_tracker: There appear to be 5 leaked semaphore objects to clean up at shutdown",
      "  warnings.warn('resource_tracker: There appear to be %d '",
      '/usr/lib/python3/dist-packages/joblib/externals/loky/backend/resource_tracker.py:310: UserWarning: resource_tracker: There appear to be 1 leaked folder objects to clean up at shutdown',
      '  warnings.warn(',
      "/x/lib/python3.13/multiprocessing/resource_tracker.py:276: UserWarning: resource_tracker: There appear to be 2 leaked semaphore objects to clean up at shutdown: {'/mp-a', '/mp-b'}",
      '  warnings.warn(',
      "/usr/lib/python3.11/multiprocessing/resource_tracker.py:237: UserWarning: resource_tracker: '/psm_1f2e': [Errno 2] No such file or directory: '/psm_1f2e'",
      "  warnings.warn('resource_tracker: %r: %s' % (name, e))",
      'user line 2',
      '',
    ].join('\n');
    assert.equal(withoutTrackerNotices(stderr), 'user line 1\nuser line 2\n');
  });

  test("keeps the function's own lines, a mention of resource_tracker included, as they are", () => {
    const stderr = 'Traceback (most recent call last):\n  File "a.py", line 3\nprint("resource_tracker: There appear to be some")\n  warnings.warn(\n';
    assert.equal(withoutTrackerNotices(stderr), stderr);
  });
});
