// The extension's run queue under a day's use, through its own modules (activate, the Profile
// parallel command, the run queue, the Results panel, the report store) with a stand-in vscode and
// the real interpreter: a second profile in the same window offers cancel-and-start or wait; a
// profile in another window or the CLI makes it wait in its progress notification, with Cancel;
// and with nowhere to save, the results still show with a warning that they were not saved.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { holdLock } from '../helpers/lockHolder';
import { withNoLeftovers } from '../helpers/processWatch';
import { fixture } from '../helpers/pythonFixtures';
import { makeTempDir, waitFor } from '../helpers/tempDir';
import { fakeContext, installVscodeStub, setSetting, ui, vscodeApi } from '../helpers/vscodeStub';

installVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require('../../src/extension/extension') as typeof import('../../src/extension/extension');

const ROOT = path.resolve(__dirname, '..', '..');
const PRIMES = path.join(ROOT, 'examples', 'primes.py');
const scratch = makeTempDir('pp-ext-runs-');
const lockDir = scratch.file('lock');
const previousLockDir = process.env.PARALLEL_PROFILER_LOCK_DIR;
const CASE = { timeout: 120_000 };

function activateWith(storage: string): void {
  extension.activate(fakeContext(ROOT, storage) as never);
}

function profile(file: string, functionName: string, inputs: string): Promise<unknown> {
  ui.inputBox = () => inputs;
  return vscodeApi.commands.executeCommand('parallelProfiler.profile', { file, functionName });
}

before(() => {
  process.env.PARALLEL_PROFILER_LOCK_DIR = lockDir;
  setSetting('executors', ['thread']);
  setSetting('workers', [2]);
  setSetting('repeat', 1);
});
after(() => {
  if (previousLockDir === undefined) delete process.env.PARALLEL_PROFILER_LOCK_DIR;
  else process.env.PARALLEL_PROFILER_LOCK_DIR = previousLockDir;
  scratch.remove();
});

describe('two profiles in one window', () => {
  before(() => activateWith(scratch.file('one-window')));
  after(() => extension.deactivate());

  test('"Cancel It and Start" stops the first profile and runs the second', CASE, async () => {
    ui.reset();
    const started = scratch.file('nap-started');
    const first = profile(fixture('slow.py'), 'nap', JSON.stringify([started]));
    await waitFor(() => existsSync(started), 'the first profile to be running');
    ui.answer = (notification) => (notification.items.includes('Cancel It and Start') ? 'Cancel It and Start' : undefined);
    await Promise.all([first, profile(PRIMES, 'count_primes', '[3000]*4')]);
    const offer = ui.notifications.find((each) => each.items.includes('Wait'));
    assert.equal(offer?.text, 'nap is still being profiled. Cancel it and profile count_primes now, or wait until it finishes?');
    const state = ui.lastPanelState();
    assert.equal(state?.kind === 'done' && state.report.target.function, 'count_primes');
    assert.equal(ui.progress.length, 2);
    assert.ok(ui.progress.every((record) => record.done));
  });

  test('"Wait" starts the second profile only when the first has finished, and both complete', CASE, async () => {
    ui.reset();
    ui.answer = (notification) => (notification.items.includes('Wait') ? 'Wait' : undefined);
    const first = profile(PRIMES, 'count_primes', '[20000]*4');
    await waitFor(() => ui.progress.length === 1, 'the first profile to start');
    const second = profile(fixture('two_functions.py'), 'alpha', 'range(4)');
    await waitFor(() => ui.notifications.length > 0, 'the offer');
    assert.equal(ui.progress.length, 1, 'the second waits: no second progress yet');
    await first;
    await second;
    assert.equal(ui.progress.length, 2);
    const done = ui.panels.flatMap((panel) => panel.posted).flatMap((message) => (message.type === 'state' && message.state.kind === 'done' ? [message.state.report.target.function] : []));
    assert.deepEqual([...new Set(done)], ['count_primes', 'alpha'], 'first the one that ran, then the one that waited');
  });
});

describe('a profile in progress', () => {
  before(() => activateWith(scratch.file('in-progress')));
  after(() => extension.deactivate());

  test('says in its notification what runs, the time spent and about how long is left, and the panel shows each finished run before the verdict', CASE, async () => {
    ui.reset();
    await profile(PRIMES, 'count_primes', '[3000]*4');
    const messages = ui.progress[0]?.messages ?? [];
    assert.ok(messages.some((message) => /^serial … \d+ s elapsed, time left not known yet$/.test(message)), messages.join('\n'));
    assert.ok(messages.some((message) => /^thread × 2 … \d+ s elapsed, (about \d+ s|a few seconds) left$/.test(message)), messages.join('\n'));
    const states = ui.panels.flatMap((panel) => panel.posted).flatMap((message) => (message.type === 'state' ? [message.state] : []));
    const firstDone = states.findIndex((state) => state.kind === 'done');
    const before = states.slice(0, firstDone).flatMap((state) => (state.kind === 'running' ? [state] : []));
    assert.ok(firstDone > 0, 'the verdict comes');
    const grown = before.map((state) => state.runs.map((run) => run.id).join(','));
    assert.ok(grown.includes('serial/1'), `the panel showed serial alone before the verdict: ${grown.join(' | ')}`);
    assert.ok(grown.includes('serial/1,thread/2'), `then serial and threads: ${grown.join(' | ')}`);
    const withSpeedup = before.flatMap((state) => state.runs).find((run) => run.id === 'thread/2');
    assert.ok(withSpeedup && withSpeedup.speedup !== null && withSpeedup.speedup > 0, 'the finished rows carry their speedup');
    assert.ok(before.every((state) => state.runs.every((run) => run.tasks.length === 0)), 'without their task spans');
  });
});

describe('a profile running in another window or the CLI', () => {
  before(() => activateWith(scratch.file('other-window')));
  after(() => extension.deactivate());

  test('makes this one wait in its progress notification, saying for what, and Cancel gives up without running anything', CASE, async () => {
    ui.reset();
    const holder = await holdLock(lockDir, 'resize_images');
    try {
      const running = profile(PRIMES, 'count_primes', '[3000]*4');
      const progress = await waitFor(() => ui.progress.find((record) => record.messages.some((message) => message.startsWith('Waiting:'))), 'the waiting message');
      assert.ok(progress.cancellable, 'the notification offers Cancel');
      assert.match(progress.messages.find((message) => message.startsWith('Waiting:')) ?? '', /^Waiting: resize_images in other\.py is being profiled from the command line \(pid \d+ for \d+ s\); two profiles at once would take each other's cores and both measure wrong\. Starts when it ends; Cancel to give up\.$/);
      progress.cancel();
      await running;
      const state = ui.lastPanelState();
      assert.equal(state?.kind, 'failed');
      assert.equal(state?.kind === 'failed' && state.message, 'The profile was cancelled while it waited for another profile to finish.');
      assert.ok(!progress.messages.some((message) => message.includes(' elapsed, ')), 'no configuration ran');
    } finally {
      await holder.finish();
    }
  });

  test('starts by itself once the other profile ends', CASE, async () => {
    ui.reset();
    const holder = await holdLock(lockDir, 'resize_images');
    const running = profile(PRIMES, 'count_primes', '[3000]*4');
    await waitFor(() => ui.progress.some((record) => record.messages.some((message) => message.startsWith('Waiting:'))), 'the waiting message');
    await holder.finish();
    await running;
    assert.equal(ui.lastPanelState()?.kind, 'done');
  });
});

/** Mounts a tmpfs of `size` at a new folder (read-only with ro); null when this machine does not allow it. */
function mountTmpfs(options: string): { path: string; unmount(): void } | null {
  const where = scratch.file(`mount-${Math.random().toString(16).slice(2)}`);
  try {
    execFileSync('mkdir', ['-p', where]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', where], { stdio: 'pipe' });
  } catch {
    return null;
  }
  return { path: where, unmount: () => execFileSync('umount', ['-l', where]) };
}

const canMount = ((): string | false => {
  const probe = mountTmpfs('size=16k');
  if (!probe) return 'mounting a tmpfs needs root (or CAP_SYS_ADMIN), which this machine does not give the tests';
  probe.unmount();
  return false;
})();

describe('nowhere to save the report', () => {
  async function profileWithStorageOn(storage: string): Promise<void> {
    ui.reset();
    activateWith(storage);
    try {
      await withNoLeftovers(() => profile(PRIMES, 'count_primes', '[3000]*4'));
    } finally {
      await extension.deactivate();
    }
  }

  function assertShownButNotSaved(reason: RegExp): void {
    const state = ui.lastPanelState();
    assert.equal(state?.kind, 'done', 'the results still show');
    const warning = ui.notifications.find((each) => each.level === 'warning');
    assert.ok(warning, `a warning the user sees: ${JSON.stringify(ui.notifications)}`);
    assert.match(warning.text, /^The results of count_primes are shown but were not saved: /);
    assert.match(warning.text, reason);
    assert.match(warning.text, /use Export JSON in the Results panel to keep them\.$/);
  }

  test('a full disk: the results show and a warning says they were not saved, leaving no partial file', { ...CASE, skip: canMount }, async () => {
    const disk = mountTmpfs('size=64k');
    assert.ok(disk);
    try {
      // Fill it but for a few kB: room for the folders, not for the report.
      for (let index = 0; ; index++) {
        try {
          writeFileSync(path.join(disk.path, `filler-${index}`), Buffer.alloc(4096));
        } catch {
          break;
        }
      }
      execFileSync('rm', ['-f', path.join(disk.path, 'filler-0'), path.join(disk.path, 'filler-1')]);
      await profileWithStorageOn(disk.path);
      assertShownButNotSaved(/the disk holding the extension's storage is full\./);
      const left = execFileSync('find', [disk.path, '-name', '*.tmp'], { encoding: 'utf8' });
      assert.equal(left, '', 'no half-written report is left to keep the disk full');
    } finally {
      disk.unmount();
    }
  });

  test('a read-only storage folder: the results show and a warning says they were not saved', { ...CASE, skip: canMount }, async () => {
    const disk = mountTmpfs('size=64k');
    assert.ok(disk);
    try {
      // A storage folder that exists, as after earlier runs, on a disk since made read-only.
      execFileSync('mkdir', ['-p', path.join(disk.path, 'global', 'history')]);
      execFileSync('mount', ['-o', 'remount,ro', disk.path]);
      await profileWithStorageOn(disk.path);
      assertShownButNotSaved(/the extension's storage folder is on a read-only file system\./);
      assert.deepEqual(readdirSync(path.join(disk.path, 'global', 'history')), []);
    } finally {
      disk.unmount();
    }
  });
});
