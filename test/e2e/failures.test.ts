// A user's broken function in a real VS Code (code-server in Chromium): each failure ends in the
// Results panel with what to do, the progress notification ends, a closed panel cancels nothing,
// the Core Utilization view keeps working, and nothing reaches the extension host as an error.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PYTHON_FIXTURES, markedLine } from '../helpers/pythonFixtures';
import { readCoreBars } from './coreView';
import { openSession, scenario, type Session } from './session';
import { repoRoot } from './vsix';
import { closeResultsPanel, startFromPalette, waitForOutcome } from './walkthroughUi';
import { editorTab, runCommand, waitInFrames } from './workbench';

/** A user who profiles a broken function shortens the plan like this. */
const settings = { 'parallelProfiler.timeoutSeconds': 10, 'parallelProfiler.workers': [1, 2], 'parallelProfiler.repeat': 1 };
const RUN_TIMEOUT_MS = 180_000;

const toast = (session: Session, text: string) => session.page.locator('.notifications-toasts .notification-toast', { hasText: text });
/** The progress notification of a run of `functionName` ("Profiling f: thread × 2 … 12 s elapsed, about 20 s left"). */
const progressOf = (session: Session, functionName: string) =>
  session.page.locator('.notifications-toasts .notification-list-item-message', { hasText: `Profiling ${functionName}` });

/** Clears what earlier tests left in the notification area: at most three toasts show at once. */
async function clearNotifications(session: Session): Promise<void> {
  await runCommand(session.page, 'Notifications: Clear All Notifications');
  await session.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 });
}

/**
 * With no Results panel and no notification left from an earlier test, starts `functionName` of
 * `file` from the palette; fails the test if the inputs box refuses `inputs`.
 */
async function start(session: Session, file: string, functionName: string, inputs: string): Promise<void> {
  await closeResultsPanel(session.page);
  await clearNotifications(session);
  const refusal = await startFromPalette(session.page, file, functionName, inputs);
  assert.equal(refusal, null, `the inputs box refused ${inputs}`);
}

/** Every log file under `dir`, depth first. */
function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? logFiles(full) : name.endsWith('.log') ? [full] : [];
  });
}

/** Entries of VS Code's logs at level error that come from this extension (an unhandled rejection names its bundle). */
function extensionErrors(logsDir: string): string[] {
  return logFiles(logsDir).flatMap((file) => {
    const ours = file.includes('parallel-profiler');
    // An entry starts with a timestamp; its stack follows on the next lines.
    const entries = readFileSync(file, 'utf8').split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/);
    return entries.filter((entry) => /^\S+ \S+ \[error\]/.test(entry) && (ours || entry.includes('parallel-profiler'))).map((entry) => `${path.basename(file)}: ${entry.slice(0, 600)}`);
  });
}

describe('Parallel Profiler facing broken functions in a real VS Code', () => {
  let session: Session | undefined;

  before(async () => {
    session = await openSession({ trusted: true, settings, workspaceFrom: [path.join(repoRoot, 'examples'), PYTHON_FIXTURES] });
  }, { timeout: 300_000 });

  after(async () => {
    await session?.close();
  });

  test('a script that does not parse shows the failed card with its file and line, and Open File goes there', { timeout: 120_000 }, async () => {
    const name = 'syntax error';
    await scenario(session, name, async (s) => {
      await start(s, 'syntax_error.py', 'broken', 'range(2)');
      const { shown } = await waitForOutcome(s.page, 'broken', RUN_TIMEOUT_MS);
      await s.shot(name, 'failed-card');
      const line = markedLine(path.join(PYTHON_FIXTURES, 'syntax_error.py'), 'syntax');
      assert.equal(shown.state, 'failed', `the failed card, not ${shown.state} ${shown.kind}`);
      assert.match(`${shown.message}\n${shown.detail}`, new RegExp(`syntax_error\\.py:${line}\\b`));
      assert.ok(shown.hint.trim().length > 0, 'the card says what to do');
      await progressOf(s, 'broken').first().waitFor({ state: 'detached', timeout: 30_000 });
      const error = toast(s, 'syntax_error.py');
      await error.first().waitFor({ timeout: 30_000 });
      await error.first().locator('.monaco-button', { hasText: /^Open File$/ }).click();
      await editorTab(s.page, 'syntax_error.py').first().waitFor({ timeout: 30_000 });
      await s.page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line},`) }).first().waitFor({ timeout: 30_000 });
      await s.shot(name, 'opened-at-line');
    });
  });

  test('a function that raises everywhere ends in a failed verdict with the traceback at the user\'s line', { timeout: RUN_TIMEOUT_MS + 60_000 }, async () => {
    const name = 'raises everywhere';
    await scenario(session, name, async (s) => {
      await start(s, 'raises.py', 'fails_on_odd', 'range(1, 6, 2)');
      const { shown } = await waitForOutcome(s.page, 'fails_on_odd', RUN_TIMEOUT_MS);
      await s.shot(name, 'failed-verdict');
      const line = markedLine(path.join(PYTHON_FIXTURES, 'raises.py'), 'raises');
      assert.equal(shown.kind, 'failed');
      assert.ok(shown.statuses.length > 1, `every configuration is listed: ${shown.statuses.join(', ')}`);
      assert.deepEqual([...new Set(shown.statuses.map((status) => status.replace(/⚠.*$/, '').trim()))], ['exception']);
      assert.match(shown.errorText, /ValueError: odd input 1 is not supported/);
      assert.match(shown.errorText, new RegExp(`at raises\\.py:${line}\\b`));
      assert.match(shown.errorText, new RegExp(`Open raises\\.py:${line}\\b`), 'each row has a button to the line');
      await toast(s, 'fails_on_odd failed in every configuration').first().waitFor({ timeout: 30_000 });
      await progressOf(s, 'fails_on_odd').first().waitFor({ state: 'detached', timeout: 30_000 });
    });
  });

  test('closing the Results panel during a run cancels nothing, and the results open in a new panel', { timeout: RUN_TIMEOUT_MS + 60_000 }, async () => {
    const name = 'panel closed mid-run';
    await scenario(session, name, async (s) => {
      await start(s, 'primes.py', 'count_primes', '[100_000] * 8');
      await waitInFrames(s.page, '[data-state="running"]', (text) => text.includes('count_primes'), 60_000);
      await s.shot(name, 'running');
      await closeResultsPanel(s.page);
      await progressOf(s, 'count_primes').first().waitFor({ timeout: 10_000 });
      await s.shot(name, 'closed-still-running');
      // The run goes on and reopens the panel when it is done.
      await editorTab(s.page, 'Parallel Profiler: count_primes').first().waitFor({ timeout: RUN_TIMEOUT_MS });
      const { shown } = await waitForOutcome(s.page, 'count_primes', 60_000);
      await s.shot(name, 'reopened');
      assert.equal(shown.state, 'done');
      assert.equal(shown.partial, null, 'a complete report, not a cancelled one');
      assert.deepEqual([...new Set(shown.statuses.map((status) => status.replace(/⚠.*$/, '').trim()))], ['ok']);
    });
  });

  test('afterwards the Core Utilization view still draws a bar per core and the extension logged no error', { timeout: 90_000 }, async () => {
    const name = 'core view after failures';
    await scenario(session, name, async (s) => {
      await runCommand(s.page, 'Parallel Profiler: Show Core Utilization');
      const bars = await readCoreBars(s.page, 30_000);
      await s.shot(name, 'view');
      assert.equal(bars.length, os.cpus().length);
      await runCommand(s.page, 'View: Hide Panel');
      assert.deepEqual(extensionErrors(s.logsDir), [], 'no error from Parallel Profiler in the VS Code logs');
    });
  });
});
