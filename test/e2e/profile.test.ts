// Profiles the examples from the command palette of a real VS Code (code-server in Chromium) and
// reads what a person would see: the Results panel's verdict, the CodeLens, the Core Utilization view.
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSession, scenario, extensionId, type Session } from './session';
import {
  answerInputBox,
  clickCodeLens,
  readCodeLens,
  editorTab,
  openFile,
  openPalette,
  pickQuickItem,
  quickPickRow,
  readInputBox,
  runCommand,
  waitInFrames,
} from './workbench';
import { readCoreBars, waitForCoreBarsToChange } from './coreView';

const PROFILE_COMMAND = 'Parallel Profiler: Profile parallel';
/** The title of the extension's function picker. */
const CHOOSE_FUNCTION = 'choose a function';
/** A run of the whole plan, from the palette to a drawn verdict, on a busy 2-core machine. */
const RUN_TIMEOUT_MS = 150_000;

// Worker counts that still show whether processes beat threads, and three repeats: the median
// of three shrugs off a moment when the shared machine (or the workbench itself) took a core.
const settings = {
  'parallelProfiler.repeat': 3,
  'parallelProfiler.workers': [1, 2],
};

interface Verdict {
  /** The verdict kind, read from the badge's `pp-badge-<kind>` class. */
  kind: string;
  /** The whole card as a person reads it. */
  text: string;
}

/**
 * Profiles `functionName` of the open file from the palette, answering the inputs box with
 * `inputs`, and returns the verdict the Results panel shows.
 */
async function profileFromPalette(
  session: Session,
  testName: string,
  functionName: string,
  inputs: string,
  options: WaitOptions = {},
): Promise<{ verdict: Verdict; inputsPrompt: string; progress: string }> {
  await runCommand(session.page, PROFILE_COMMAND);
  await pickQuickItem(session.page, CHOOSE_FUNCTION, functionName);
  return answerAndWait(session, testName, functionName, inputs, options);
}

interface WaitOptions {
  /** Also wait, before the verdict, for the panel to show a finished row while the profile still runs, and screenshot it. */
  rowBeforeVerdict?: boolean;
}

const RUNNING_ROW = '[data-state="running"] tr[data-run]';

/** Waits for the running panel's first finished row and screenshots it; the panel must still be running after the shot. */
async function shootRowBeforeVerdict(session: Session, testName: string, functionName: string): Promise<string> {
  const { page } = session;
  const { frame } = await waitInFrames(page, RUNNING_ROW, () => true, 60_000);
  const file = await session.shot(testName, 'running-with-rows');
  const rows = await frame.locator(RUNNING_ROW).count();
  assert.ok(rows >= 1, 'the panel was still running, with a finished row, after the screenshot');
  assert.equal(await frame.locator('#pp-verdict').count(), 0, 'no verdict yet');
  assert.match((await frame.locator('[data-state="running"] .pp-progress-text').textContent()) ?? '', /\d+ s elapsed, (about .* left|a few seconds left|time left not known yet)$/);
  assert.match((await frame.locator('[data-state="running"] h1').textContent()) ?? '', new RegExp(`Profiling ${functionName}`));
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: `Profiling ${functionName}` });
  assert.match((await toast.first().textContent()) ?? '', /\d+ s elapsed, /, 'the notification reads in time');
  return file;
}

/** Answers the inputs box of `functionName`, then waits for the run's verdict in the Results panel. */
async function answerAndWait(
  session: Session,
  testName: string,
  functionName: string,
  inputs: string,
  options: WaitOptions = {},
): Promise<{ verdict: Verdict; inputsPrompt: string; progress: string }> {
  const { page } = session;
  const box = await readInputBox(page, `inputs for ${functionName}`);
  await session.shot(testName, 'inputs');
  await answerInputBox(page, `inputs for ${functionName}`, inputs);
  await editorTab(page, `Parallel Profiler: ${functionName}`).first().waitFor({ timeout: 60_000 });
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: `Profiling ${functionName}` });
  const progress = await toast.first().textContent({ timeout: 30_000 }).catch(() => '(no progress notification seen)');
  // The panel says what runs while it runs (a short run may already be done: then its verdict shows).
  await waitInFrames(page, '[data-state="running"], #pp-verdict, [data-state="failed"]', (text) => text.includes(functionName), 60_000);
  await session.shot(testName, 'running');
  if (options.rowBeforeVerdict) console.log(`screenshot with a finished row before the verdict: ${await shootRowBeforeVerdict(session, testName, functionName)}`);
  // A failed run shows its own card: stop there with its words instead of waiting out the timeout.
  const card = await waitInFrames(
    page,
    '#pp-verdict, [data-state="failed"]',
    (text) => text.includes(functionName) || text.includes('Profiling failed'),
    RUN_TIMEOUT_MS,
  );
  if (card.text.includes('Profiling failed')) throw new Error(`the Results panel shows a failure: ${card.text}`);
  const badgeClass = (await card.frame.locator('#pp-verdict-heading .pp-badge').first().getAttribute('class')) ?? '';
  await session.shot(testName, 'verdict');
  const kind = /pp-badge-([a-z-]+)/.exec(badgeClass)?.[1] ?? `(no kind in class "${badgeClass}")`;
  return { verdict: { kind, text: card.text }, inputsPrompt: `${box.title} ${box.prompt}`, progress: progress ?? '' };
}

describe('Parallel Profiler in a real VS Code', () => {
  let session: Session | undefined;

  before(async () => {
    session = await openSession({ trusted: true, settings });
  }, { timeout: 300_000 });

  after(async () => {
    await session?.close();
  });

  test('the installed extension offers Profile parallel in the command palette', { timeout: 120_000 }, async () => {
    const name = 'palette offers profile parallel';
    await scenario(session, name, async (s) => {
      assert.ok(s.installedExtensions.includes(extensionId), `installed: ${s.installedExtensions.join(', ')}`);
      await s.shot(name, 'workbench');
      await openFile(s.page, 'primes.py');
      await openPalette(s.page, 'Profile parallel');
      await quickPickRow(s.page, PROFILE_COMMAND).first().waitFor({ timeout: 30_000 });
      await s.shot(name, 'palette');
      await s.page.keyboard.press('Escape');
    });
  });

  test('profiling count_primes from the palette ends in a cpu-bound verdict', { timeout: RUN_TIMEOUT_MS + 60_000 }, async () => {
    const name = 'profile count_primes';
    await scenario(session, name, async (s) => {
      await openFile(s.page, 'primes.py');
      // Tasks of ~0.3 s each (PROFILE_INPUTS has ~0.1 s): pool start-up stays a small share, so
      // processes pay off clearly even on a 2-core machine that is not quite idle.
      // While it runs, the panel shows the finished runs before the verdict (issue 12).
      const { verdict, inputsPrompt, progress } = await profileFromPalette(s, name, 'count_primes', '[150_000] * 8', { rowBeforeVerdict: true });
      assert.match(inputsPrompt, /PROFILE_INPUTS/, 'the inputs box offers the script\'s PROFILE_INPUTS');
      assert.match(progress, /Profiling count_primes/);
      assert.equal(verdict.kind, 'cpu-bound', verdict.text);
      assert.match(verdict.text, /CPU-bound/);
      assert.match(verdict.text, /8 inputs \(\[150_000\] \* 8\)/);
    });
  });

  test('the CodeLens above count_primes compares threads and processes after the run', { timeout: 60_000 }, async () => {
    const name = 'codelens after run';
    await scenario(session, name, async (s) => {
      await openFile(s.page, 'primes.py');
      // VS Code asks the provider again only once the editor has focus.
      await s.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      const lens = s.page.locator('.codelens-decoration', { hasText: /best:/ });
      // Playwright counts the lens row as hidden (it sits in a zero-height view zone): wait for it in the DOM.
      await lens.first().waitFor({ state: 'attached', timeout: 30_000 });
      const text = (await lens.first().textContent()) ?? '';
      await s.shot(name, 'codelens');
      assert.match(text, /thread\S*\s+\d+(\.\d+)?×/);
      assert.match(text, /process\S*\s+\d+(\.\d+)?×/);
      assert.match(text, /best:\s*\S+/);
    });
  });

  test('Export HTML in the Results panel saves a page that holds the verdict', { timeout: 90_000 }, async () => {
    const name = 'export html';
    await scenario(session, name, async (s) => {
      await editorTab(s.page, 'Parallel Profiler: count_primes').first().click();
      const { frame } = await waitInFrames(s.page, '#pp-verdict', (text) => text.includes('count_primes'), 30_000);
      await frame.locator('[data-action="export-html"]').click();
      // code-server's save dialog is a quick input: it shows the folder first, then fills in the name.
      await readInputBox(s.page, 'Export HTML page');
      await s.page.waitForFunction(() => {
        const input = document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input');
        return input?.value.endsWith('/count_primes.parallel-profile.html') ?? false;
      }, undefined, { timeout: 30_000 });
      await s.shot(name, 'save-dialog');
      await s.page.keyboard.press('Enter');
      const saved = s.page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'Saved the HTML page to count_primes.parallel-profile.html' });
      await saved.first().waitFor({ timeout: 30_000 });
      await s.shot(name, 'saved');
      const html = readFileSync(path.join(s.workspace, 'count_primes.parallel-profile.html'), 'utf8');
      assert.match(html, /Content-Security-Policy/);
      assert.match(html, /count_primes/);
      assert.match(html, /"verdict":\{"kind":"[a-z-]+"/, 'the report is embedded for the page to render');
    });
  });

  test('the next Profile parallel of count_primes pre-fills the inputs it was last run with', { timeout: 60_000 }, async () => {
    const name = 'inputs remembered';
    await scenario(session, name, async (s) => {
      await openFile(s.page, 'primes.py');
      await runCommand(s.page, PROFILE_COMMAND);
      await pickQuickItem(s.page, CHOOSE_FUNCTION, 'count_primes');
      const box = await readInputBox(s.page, 'inputs for count_primes');
      await s.shot(name, 'inputs-prefilled');
      await s.page.keyboard.press('Escape');
      assert.equal(box.value, '[150_000] * 8');
    });
  });

  test('the Core Utilization view draws one live bar per logical core', { timeout: 90_000 }, async () => {
    const name = 'core utilization view';
    await scenario(session, name, async (s) => {
      await runCommand(s.page, 'Parallel Profiler: Show Core Utilization');
      const bars = await readCoreBars(s.page, 30_000);
      await s.shot(name, 'view');
      assert.equal(bars.length, os.cpus().length);
      // A busy core makes the change visible even on an idle machine; it ends itself after 30 s.
      const burner = spawn(process.execPath, ['-e', 'const end = Date.now() + 30000; while (Date.now() < end);'], { stdio: 'ignore' });
      try {
        await waitForCoreBarsToChange(s.page, bars, 45_000);
        await s.shot(name, 'view-later');
      } finally {
        burner.kill('SIGKILL');
      }
      // Hidden, the view stops sampling and drawing: a live view would take CPU from later profiles.
      await runCommand(s.page, 'View: Hide Panel');
    });
  });

  test('profiling the TypeScript fetchRecord from the palette ends in an io-bound verdict', { timeout: RUN_TIMEOUT_MS + 60_000 }, async () => {
    const name = 'profile typescript fetchRecord';
    await scenario(session, name, async (s) => {
      await openFile(s.page, 'ts/wait.ts');
      const { verdict } = await profileFromPalette(s, name, 'fetchRecord', '');
      assert.equal(verdict.kind, 'io-bound', verdict.text);
    });
  });

  test('clicking Profile parallel above the JavaScript countPrimes ends in a cpu-bound verdict', { timeout: RUN_TIMEOUT_MS + 60_000 }, async () => {
    const name = 'codelens javascript countPrimes';
    await scenario(session, name, async (s) => {
      await openFile(s.page, 'js/cpu_loop.js');
      await clickCodeLens(s.page, 'Profile parallel');
      const { verdict, inputsPrompt } = await answerAndWait(s, name, 'countPrimes', '');
      assert.match(inputsPrompt, /JavaScript expression/);
      assert.equal(verdict.kind, 'cpu-bound', verdict.text);
      assert.match(verdict.text, /worker_threads|child_process/);
      // Back in the editor, the lens now carries the comparison.
      await editorTab(s.page, 'cpu_loop.js').first().click();
      // VS Code asks the provider again only once the editor has focus.
      await s.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first().click();
      const lens = await readCodeLens(s.page, 'best:');
      await s.shot(name, 'codelens-after');
      assert.match(lens, /(worker_threads|child_process)\s+\d+(\.\d+)?×/);
    });
  });
});
