// Two profiles on one machine measure each other: the machine-wide lock makes the second wait (or,
// with --no-wait, stop and say why), and a holder that crashed never blocks anyone.
// The holders are real separate processes; the CLI is the built one (npm run build).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { acquireMachineLock, tryLock, type LockHolder } from '../../src/core/machineLock';
import { readStat } from '../../src/system/processTree';
import { holdLock } from '../helpers/lockHolder';
import { makeTempDir } from '../helpers/tempDir';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'parallel-profiler.js');
const scratch = makeTempDir('pp-lock-');
after(() => scratch.remove());
let folders = 0;
const freshDir = (): string => scratch.file(`lock-${folders++}`);
const request = { from: 'the command line', functionName: 'mine', file: '/here/mine.py' };

function runCli(args: string[], lockDir: string, onStderr?: (text: string) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARALLEL_PROFILER_LOCK_DIR: lockDir } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
    onStderr?.(stderr);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the machine-wide profiling lock', () => {
  test('makes a second profile wait for the first, names what it waits for, and lets it start once the first ends', async () => {
    const dir = freshDir();
    const holder = await holdLock(dir, 'count_primes');
    const waitedFor: LockHolder[] = [];
    let finishedAt = 0;
    const acquiring = acquireMachineLock(request, { signal: new AbortController().signal, dir, pollMs: 50, onWait: (who) => waitedFor.push(who) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(waitedFor.length, 1, 'the wait is announced once, not on every poll');
    assert.equal(waitedFor[0].pid, holder.pid);
    assert.equal(waitedFor[0].functionName, 'count_primes');
    finishedAt = Date.now();
    await holder.finish();
    const lock = await acquiring;
    assert.ok(Date.now() >= finishedAt, 'the lock was taken only after the holder finished');
    assert.ok('heldBy' in (await tryLock(request, dir)), 'the lock is now held by this process');
    await lock.release();
    const again = await tryLock(request, dir);
    assert.ok(!('heldBy' in again), 'released: the next profile takes it at once');
    await again.release();
  });

  test('is taken at once when its holder crashed and left the lock file behind', async () => {
    const dir = freshDir();
    const holder = await holdLock(dir);
    assert.ok('heldBy' in (await tryLock(request, dir)));
    await holder.crash();
    const lock = await tryLock(request, dir);
    assert.ok(!('heldBy' in lock), 'a lock whose process is gone is stale');
    await lock.release();
  });

  test('treats a lock whose pid now belongs to a later process, or an unreadable lock file, as stale', async () => {
    const dir = freshDir();
    const mine = readStat(process.pid);
    assert.ok(mine, 'this test reads /proc');
    const reused = { pid: process.pid, startTicks: mine.startTicks - 1, from: 'VS Code', functionName: 'old', file: '/x.py', since: new Date().toISOString() };
    await tryLock(request, dir).then((lock) => ('heldBy' in lock ? null : lock.release()));
    writeFileSync(path.join(dir, 'profile.lock'), JSON.stringify(reused));
    const taken = await tryLock(request, dir);
    assert.ok(!('heldBy' in taken), 'same pid, other start time: not the holder any more');
    await taken.release();

    writeFileSync(path.join(dir, 'profile.lock'), JSON.stringify({ ...reused, startTicks: mine.startTicks }));
    const busy = await tryLock(request, dir);
    assert.ok('heldBy' in busy, 'same pid and start time: the holder is alive');
    writeFileSync(path.join(dir, 'profile.lock'), '{"pid": ');
    const afterGarbage = await tryLock(request, dir);
    assert.ok(!('heldBy' in afterGarbage), 'a half-written lock file does not block');
    await afterGarbage.release();
  });

  test('stops waiting when the profile is cancelled', async () => {
    const dir = freshDir();
    const holder = await holdLock(dir);
    const controller = new AbortController();
    const acquiring = acquireMachineLock(request, { signal: controller.signal, dir, pollMs: 50 });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(acquiring, (error: Error & { kind?: string }) => error.kind === 'cancelled' && /waited for another profile/.test(error.message));
    await holder.finish();
  });
});

describe('the command line with another profile running', () => {
  const args = ['profile', 'examples/primes.py', '--function', 'count_primes', '--inputs', '[2000]*4', '--executors', 'thread', '--workers', '2', '--repeat', '1'];

  test('with --no-wait, exits 3 and says which profile holds the machine and why it did not run', async () => {
    const dir = freshDir();
    const holder = await holdLock(dir, 'resize_images');
    try {
      const result = await runCli([...args, '--no-wait'], dir);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /Not profiled: resize_images in other\.py is being profiled from the command line \(pid \d+/);
      assert.match(result.stderr, /two profiles at once would take each other's cores/);
      assert.equal(result.stdout, '', 'nothing was measured');
    } finally {
      await holder.finish();
    }
  });

  test('waits with a visible message and profiles once the other profile ends', async () => {
    const dir = freshDir();
    const holder = await holdLock(dir, 'resize_images');
    let sawWaiting = false;
    const running = runCli(args, dir, (stderr) => {
      if (!sawWaiting && stderr.includes('Waiting: resize_images')) {
        sawWaiting = true;
        setTimeout(() => void holder.finish(), 300);
      }
    });
    const result = await running;
    assert.ok(sawWaiting, `the wait was announced: ${result.stderr}`);
    assert.match(result.stderr, /This profile starts when it ends \(Ctrl\+C to give up; --no-wait not to wait\)/);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Verdict:/);
  });
});
