// Where a timed-out run was stuck, read from faulthandler's dumps of every process of the run.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stuckLocation } from '../../src/runners/python/stackDumps';

const USER = '/home/user/project/lookup.py';

/** s13 of a new user's walk: a refresher thread started at import sleeps under a lock in the
 * harness, while the forked worker that inherited the lock held waits on it in the task. */
const harness = {
  pid: 100,
  text: [
    'Thread 0x00007f2875b2c6c0 (most recent call first):',
    `  File "${USER}", line 9 in _refresher`,
    '  File "/usr/lib/python3.11/threading.py", line 982 in run',
    '',
    'Current thread 0x00007f2876b2d740 (most recent call first):',
    '  File "/usr/lib/python3.11/concurrent/futures/_base.py", line 320 in wait',
    '  File "/opt/pp/harness.py", line 480 in run',
  ].join('\n'),
};
const worker = {
  pid: 101,
  text: [
    'Current thread 0x00007f2876b2d740 (most recent call first):',
    `  File "${USER}", line 16 in lookup`,
    '  File "/opt/pp/parallel_profiler_worker.py", line 250 in run_sent',
    '  File "/usr/lib/python3.11/concurrent/futures/process.py", line 246 in _process_worker',
  ].join('\n'),
};

describe('where a timed-out run was stuck', () => {
  test('is the task a worker was running, not a thread of the script alive in the harness', () => {
    assert.deepEqual(stuckLocation([harness, worker], USER, 100), { file: USER, line: 16, functionName: 'lookup' });
  });

  test('is the harness thread running the task under threads, before the script\'s own threads', () => {
    const threads = {
      pid: 100,
      text: `${harness.text}\n\nThread 0x00007f2870000000 (most recent call first):\n  File "${USER}", line 16 in lookup\n  File "/opt/pp/parallel_profiler_worker.py", line 250 in run_sent\n`,
    };
    assert.deepEqual(stuckLocation([threads], USER, 100), { file: USER, line: 16, functionName: 'lookup' });
  });

  test('falls back to any frame of the script (a worker stuck importing it), and is null when none is', () => {
    const importing = { pid: 102, text: `Current thread 0x1 (most recent call first):\n  File "${USER}", line 3 in <module>\n  File "<frozen importlib._bootstrap>", line 241 in _call_with_frames_removed\n` };
    assert.deepEqual(stuckLocation([harness, importing], USER, 100), { file: USER, line: 3, functionName: '<module>' });
    assert.equal(stuckLocation([{ pid: 5, text: 'Current thread 0x1 (most recent call first):\n  File "/x/other.py", line 1 in f\n' }], USER, 5), null);
  });
});
