// In an untrusted workspace (code-server opens it in Restricted Mode), Profile parallel explains
// that it runs user code only in a trusted workspace, and runs nothing; a saved report still opens.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession, scenario, type Session } from './session';
import { repoRoot } from './vsix';
import { editorTab, openFile, quickInputSettled, readInputBox, runCommand, waitInFrames } from './workbench';

/** Python processes in code-server's session: any would be the user's script, run anyway. */
function pythonProcessesOf(session: Session): string[] {
  const listed = execFileSync('ps', ['-o', 'pid=,args=', '-s', String(session.serverPid)], { encoding: 'utf8' });
  return listed.split('\n').filter((line) => /python/.test(line));
}

describe('Parallel Profiler in an untrusted workspace', () => {
  let session: Session | undefined;

  before(async () => {
    session = await openSession({ trusted: false });
  }, { timeout: 300_000 });

  after(async () => {
    await session?.close();
  });

  test('Profile parallel explains that it only runs in a trusted workspace and runs nothing', { timeout: 120_000 }, async () => {
    const name = 'untrusted workspace';
    await scenario(session, name, async (s) => {
      await s.page.locator('.statusbar-item', { hasText: /Restricted Mode/ }).first().waitFor({ timeout: 30_000 });
      await openFile(s.page, 'primes.py');
      await s.shot(name, 'restricted-mode');
      await runCommand(s.page, 'Parallel Profiler: Profile parallel');
      const explanation = s.page.locator('.notifications-toasts .notification-list-item-message, .monaco-dialog-box .dialog-message-text', {
        hasText: /trust/i,
      });
      await explanation.first().waitFor({ timeout: 30_000 });
      await s.shot(name, 'explanation');
      const text = (await explanation.first().textContent()) ?? '';
      assert.match(text, /trusted workspace/i);
      // The palette that ran the command may still be in its close animation when the explanation
      // shows (a clean-clone run counted its 5 rows): wait for it to go, then look for a function pick.
      await quickInputSettled(s.page);
      assert.equal(await s.page.locator('.quick-input-widget .quick-input-title', { hasText: 'choose a function' }).filter({ visible: true }).count(), 0, 'no function was offered');
      assert.equal(await s.page.locator('.quick-input-widget .monaco-list-row').filter({ visible: true }).count(), 0, 'no quick pick is left open');
      assert.equal(await editorTab(s.page, 'Parallel Profiler:').count(), 0, 'no Results panel opened');
      assert.deepEqual(pythonProcessesOf(s), [], 'no python process was started');
    });
  });

  test('a saved report still opens in the Results panel', { timeout: 120_000 }, async () => {
    const name = 'untrusted saved report';
    await scenario(session, name, async (s) => {
      const saved = path.join(s.workspace, 'saved-report.json');
      copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'reports', 'cpu-bound-primes.synthetic.json'), saved);
      await runCommand(s.page, 'Parallel Profiler: Open Saved Report…');
      // code-server's open dialog is a quick input holding a path.
      await readInputBox(s.page, 'Open a Parallel Profiler report');
      const box = s.page.locator('.quick-input-widget .quick-input-box input');
      await box.fill(saved);
      await s.shot(name, 'open-dialog');
      await box.press('Enter');
      const { text } = await waitInFrames(s.page, '#pp-verdict', (shown) => shown.includes('count_primes'), 60_000);
      await s.shot(name, 'report');
      assert.match(text, /CPU-bound/);
      assert.deepEqual(pythonProcessesOf(s), [], 'opening a report runs nothing');
    });
  });
});
