// One end-to-end session: a temp copy of examples/ as the workspace, code-server with the packaged
// extension installed, and Chromium on the workbench. Saves step screenshots, and on failure the
// logs, into test-results/e2e/<test>/.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { assertCodeServerInstalled, runCodeServerCli, serverDirs, startCodeServer, type RunningServer } from './codeServer';
import { ensureVsix, repoRoot } from './vsix';
import { launchBrowser, openWorkbench, type OpenBrowser } from './workbench';

export const extensionId = 'parallel-profiler.parallel-profiler';
export const resultsRoot = path.join(repoRoot, 'test-results', 'e2e');

export interface SessionOptions {
  /** false leaves workspace trust on: code-server then opens the folder in Restricted Mode. */
  trusted: boolean;
  /** Written to the workspace's .vscode/settings.json. */
  settings?: Record<string, unknown>;
  /** Folders whose contents, in order, make up the workspace instead of a copy of examples/. */
  workspaceFrom?: string[];
}

export interface Session {
  page: Page;
  workspace: string;
  serverUrl: string;
  /** code-server's pid, also its process group and session: the extension host and its children are in it. */
  serverPid: number;
  /** What the extensions CLI listed after installing the VSIX. */
  installedExtensions: string[];
  /** VS Code's logs: the extension host's and each extension's output channel, by session start. */
  logsDir: string;
  /** Saves a screenshot of the current step for the test `testName`. */
  shot(testName: string, step: string): Promise<string>;
  /** Saves the screenshot, code-server logs and console log of a failed test, and returns the folder. */
  saveFailure(testName: string, error: unknown): Promise<string>;
  close(): Promise<void>;
}

export function artifactDir(testName: string): string {
  const slug = testName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
  const dir = path.join(resultsRoot, slug);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const workbenchSettings = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
};

function copyIfPresent(from: string, to: string): void {
  if (existsSync(from)) cpSync(from, to, { recursive: true, force: true });
}

export async function openSession(options: SessionOptions): Promise<Session> {
  assertCodeServerInstalled();
  const vsix = ensureVsix();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pp-e2e-'));
  const workspace = path.join(root, 'workspace');
  for (const folder of options.workspaceFrom ?? [path.join(repoRoot, 'examples')]) cpSync(folder, workspace, { recursive: true });
  if (options.settings) {
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(options.settings, null, 2));
  }
  const dirs = serverDirs(path.join(root, 'server'));
  // The chat side bar would take a third of every screenshot; nothing here uses it.
  mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify(workbenchSettings, null, 2));

  let server: RunningServer | undefined;
  let browser: OpenBrowser | undefined;
  const stepCounters = new Map<string, number>();

  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await runCodeServerCli(dirs, ['--install-extension', vsix, '--force']);
    const listed = await runCodeServerCli(dirs, ['--list-extensions']);
    const installedExtensions = listed.split('\n').map((line) => line.trim()).filter((line) => /^[\w-]+\.[\w-]+$/.test(line));
    server = await startCodeServer(dirs, { workspace, trusted: options.trusted });
    browser = await launchBrowser(dirs.env);
    const page = browser.page;
    const openBrowser = browser;
    await openWorkbench(page, server.url, workspace);

    return {
      page,
      workspace,
      serverUrl: server.url,
      serverPid: server.pid,
      installedExtensions,
      logsDir: path.join(dirs.userDataDir, 'logs'),
      async shot(testName, step) {
        const count = (stepCounters.get(testName) ?? 0) + 1;
        stepCounters.set(testName, count);
        const file = path.join(artifactDir(testName), `${String(count).padStart(2, '0')}-${step}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async saveFailure(testName, error) {
        const dir = artifactDir(testName);
        await page.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => undefined);
        writeFileSync(path.join(dir, 'error.txt'), error instanceof Error ? (error.stack ?? error.message) : String(error));
        writeFileSync(path.join(dir, 'console.log'), openBrowser.consoleLines.join('\n'));
        copyIfPresent(dirs.logFile, path.join(dir, 'code-server.log'));
        // VS Code's own logs: the extension host, the remote agent, and each extension's output channel.
        copyIfPresent(path.join(dirs.userDataDir, 'logs'), path.join(dir, 'vscode-logs'));
        return dir;
      },
      close,
    };
  } catch (error) {
    const dir = artifactDir('session-start');
    writeFileSync(path.join(dir, 'error.txt'), error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (browser) {
      await browser.page.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => undefined);
      writeFileSync(path.join(dir, 'console.log'), browser.consoleLines.join('\n'));
    }
    copyIfPresent(dirs.logFile, path.join(dir, 'code-server.log'));
    console.error(`e2e session failed to start; artifacts in ${dir}`);
    await close();
    throw error;
  }
}

/**
 * Runs one step of a scenario: on failure saves the artifacts and prints where they are, then
 * fails the test with the original error.
 */
export async function scenario(session: Session | undefined, testName: string, body: (session: Session) => Promise<void>): Promise<void> {
  if (!session) throw new Error('the e2e session did not start (see the error of the first test)');
  // A folder left by an earlier run would mix its failure files with this run's screenshots.
  rmSync(artifactDir(testName), { recursive: true, force: true });
  try {
    await body(session);
    console.log(`e2e screenshots: ${artifactDir(testName)}`);
  } catch (error) {
    const dir = await session.saveFailure(testName, error).catch((saveError: unknown) => `(could not save artifacts: ${String(saveError)})`);
    console.error(`e2e failure artifacts: ${dir}`);
    // A quick input or dialog left open would fail the next test too: close it.
    await session.page.keyboard.press('Escape').catch(() => undefined);
    await session.page.keyboard.press('Escape').catch(() => undefined);
    throw error;
  }
}
