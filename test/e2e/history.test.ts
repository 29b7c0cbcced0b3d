// The history and the projection in a real VS Code (code-server in Chromium): a function of a git
// repository profiled twice, with a commit between, shows both runs in the Results panel's history
// (commits and all), compares them side by side, and draws its projection dashed beyond the
// measured concurrency. The screenshot is test-results/e2e/history-and-projection/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSession, scenario, type Session } from './session';
import { answerInputBox, editorTab, openFile, pickQuickItem, readInputBox, runCommand, waitInFrames } from './workbench';

const PROFILE_COMMAND = 'Parallel Profiler: Profile parallel';
const RUN_TIMEOUT_MS = 150_000;
const FUNCTION = 'hold_then_wait';
// 32 calls of 50 ms, 10% of each under one lock: threads scale to about 8 here, waiting work that
// the projection extends in concurrency, not cores.
const INPUTS = '[(0.005, 0.045)] * 32';
const settings = { 'parallelProfiler.repeat': 2, 'parallelProfiler.executors': ['thread'], 'parallelProfiler.workers': [1, 2, 4, 8] };

const source = mkdtempSync(path.join(os.tmpdir(), 'pp-e2e-history-src-'));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();
}

async function profileOnce(session: Session, name: string, run: number): Promise<string> {
  await openFile(session.page, 'lock_then_wait.py');
  await runCommand(session.page, PROFILE_COMMAND);
  await pickQuickItem(session.page, 'choose a function', FUNCTION);
  await readInputBox(session.page, `inputs for ${FUNCTION}`);
  await answerInputBox(session.page, `inputs for ${FUNCTION}`, INPUTS);
  await editorTab(session.page, `Parallel Profiler: ${FUNCTION}`).first().waitFor({ timeout: 60_000 });
  // The history lists this run once its report is saved and the panel has been told.
  const { text } = await waitInFrames(session.page, '.pp-history', (shown) => shown.includes(`${run} saved run`), RUN_TIMEOUT_MS);
  await session.shot(name, `run-${run}`);
  return text;
}

describe('history and projection in a real VS Code', () => {
  let session: Session | undefined;

  before(async () => {
    copyFileSync(path.join(__dirname, '..', 'fixtures', 'python', 'lock_then_wait.py'), path.join(source, 'lock_then_wait.py'));
    git(source, 'init', '-q');
    git(source, 'add', '.');
    git(source, 'commit', '-qm', 'first version');
    session = await openSession({ trusted: true, settings, workspaceFrom: [source] });
  }, { timeout: 300_000 });

  after(async () => {
    await session?.close();
    rmSync(source, { recursive: true, force: true });
  });

  test('two runs with a commit between show in the history, compare side by side, and the projection is dashed beyond the measured concurrency', { timeout: 2 * RUN_TIMEOUT_MS + 120_000 }, async () => {
    const name = 'history and projection';
    await scenario(session, name, async (s) => {
      const first = git(s.workspace, 'rev-parse', 'HEAD');
      await profileOnce(s, name, 1);
      writeFileSync(path.join(s.workspace, 'NOTES.md'), 'a change between the two runs\n');
      git(s.workspace, 'add', 'NOTES.md');
      git(s.workspace, 'commit', '-qm', 'second version');
      const second = git(s.workspace, 'rev-parse', 'HEAD');
      const history = await profileOnce(s, name, 2);
      assert.ok(history.includes(first.slice(0, 7)) && history.includes(second.slice(0, 7)), `both commits listed: ${history}`);
      assert.match(history, /thread × \d/, 'the recommended configuration is named');

      const { frame } = await waitInFrames(s.page, '.pp-history', (shown) => shown.includes('2 saved runs'), 10_000);
      // The two newest are picked already: compare them with the keyboard.
      await frame.locator('[data-action=compare-history]').focus();
      await s.page.keyboard.press('Enter');
      const comparison = await frame.locator('.pp-history-comparison').textContent({ timeout: 30_000 });
      assert.match(comparison ?? '', new RegExp(`Code between them: ${first.slice(0, 7)}\\.\\.${second.slice(0, 7)}`));
      assert.match(comparison ?? '', /serial/);

      const words = (await frame.locator('.pp-projection-words').textContent()) ?? '';
      assert.match(words, /^With \d+ tasks at a time( \(given more inputs than the \d+ here\))?, thread would (reach|fall back)/, words);
      assert.ok(await frame.locator('#pp-speedup g.pp-projection .pp-projection-line').count() >= 1, 'the projection is drawn');

      // A tall window shows the verdict, the dashed projection and the history in one picture.
      await s.page.setViewportSize({ width: 1280, height: 2000 });
      await frame.locator('#pp-speedup').scrollIntoViewIfNeeded();
      await s.shot(name, 'history-and-projection');
    });
  });
});
