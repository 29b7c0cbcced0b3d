// What a new user does in the workbench during the walkthrough, one gesture at a time: start a
// profile from the palette or a CodeLens, wait for the Results panel, read what it shows, press a
// notification's button. Only the UI is read: never the saved report files.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { clickCodeLens, editorTab, openFile, pickQuickItem, readInputBox, runCommand, waitInFrames } from './workbench';
import type { Shown } from './walkthroughCases';

export const PROFILE_COMMAND = 'Parallel Profiler: Profile parallel';
const CHOOSE_FUNCTION = 'choose a function';
const RESULTS_TAB = 'Parallel Profiler';
const CARD = '#pp-verdict, [data-state="failed"]';

/** Numbered screenshots, one folder per case. */
export class Shots {
  private readonly counters = new Map<string, number>();
  constructor(readonly root: string) {}

  dir(caseId: string): string {
    const dir = path.join(this.root, caseId);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  async take(page: Page, caseId: string, step: string): Promise<string> {
    const count = (this.counters.get(caseId) ?? 0) + 1;
    this.counters.set(caseId, count);
    const file = path.join(this.dir(caseId), `${String(count).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path: file });
    return file;
  }
}

/** The picker does not list the function: what it offered instead. */
export class NotOffered extends Error {
  constructor(readonly functionName: string, readonly offered: string[]) {
    super(`the function picker does not offer ${functionName}; it offers: ${offered.join(', ') || 'nothing'}`);
  }
}

/**
 * Closes every Results panel tab with its close button, as a user would (focusing the webview
 * first would send the next key presses into its frame instead of the workbench).
 */
export async function closeResultsPanel(page: Page): Promise<void> {
  const tabs = editorTab(page, RESULTS_TAB);
  for (let left = await tabs.count(); left > 0; left = await tabs.count()) {
    await tabs.first().hover();
    await tabs.first().locator('.tab-actions .action-label').first().click();
    await page.waitForFunction(
      ([selector, before]) => document.querySelectorAll(selector).length < before,
      [`.tabs-container .tab[aria-label^="${RESULTS_TAB}"]`, left] as const,
      { timeout: 30_000 },
    );
  }
}

/** Clears the notifications a previous step left, after cancelling a run still in progress. */
export async function settle(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  const progress = page.locator('.notifications-toasts .notification-toast', { hasText: /Profiling / });
  const cancel = progress.locator('.monaco-button', { hasText: /^Cancel$/ });
  if ((await cancel.count()) > 0) {
    await cancel.first().click().catch(() => undefined);
    await progress.first().waitFor({ state: 'hidden', timeout: 60_000 }).catch(() => undefined);
  }
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => page.keyboard.press('Escape'));
}

/**
 * Opens a workspace file with Quick Open; tries once more when the editor did not come up (right
 * after a window reload the first Quick Open can close without opening anything).
 */
export async function openFileAgain(page: Page, file: string): Promise<void> {
  try {
    await openFile(page, file);
  } catch {
    await page.keyboard.press('Escape');
    await page.locator('.part.editor').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await openFile(page, file);
  }
}

/** Palette → function picker → inputs box; resolves once the inputs were accepted (or refused). */
export async function startFromPalette(page: Page, file: string, functionName: string, inputs: string, onBox?: () => Promise<unknown>): Promise<string | null> {
  await openFileAgain(page, file);
  await runCommand(page, PROFILE_COMMAND);
  await page.locator('.quick-input-widget .quick-input-title', { hasText: CHOOSE_FUNCTION }).waitFor({ timeout: 30_000 });
  // The picker shows every function before any typing: read what it offers first.
  const offered = await page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents();
  if (!offered.some((label) => label.trim() === functionName)) {
    await page.keyboard.press('Escape');
    throw new NotOffered(functionName, offered.map((label) => label.trim()));
  }
  await pickQuickItem(page, CHOOSE_FUNCTION, functionName);
  return answerInputs(page, functionName, inputs, onBox);
}

/** Clicks the function's `Profile parallel` CodeLens, then answers the inputs box. */
export async function startFromLens(page: Page, file: string, functionName: string, inputs: string, onBox?: () => Promise<unknown>): Promise<string | null> {
  await openFileAgain(page, file);
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await clickCodeLens(page, 'Profile parallel');
  return answerInputs(page, functionName, inputs, onBox);
}

/**
 * Types `inputs` into the box and presses Enter. Returns null when the box closed (the run starts),
 * or the box's own message when it stayed open refusing the inputs (then it is dismissed).
 */
async function answerInputs(page: Page, functionName: string, inputs: string, onBox?: () => Promise<unknown>): Promise<string | null> {
  await readInputBox(page, `inputs for ${functionName}`);
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.fill(inputs);
  await onBox?.();
  await box.press('Enter');
  const closed = await box.waitFor({ state: 'hidden', timeout: 15_000 }).then(() => true, () => false);
  if (closed) return null;
  const message = (await page.locator('.quick-input-widget .quick-input-message').first().innerText().catch(() => '')).trim();
  await page.keyboard.press('Escape');
  return message || '(the box stayed open without a message)';
}

async function texts(frame: Frame, selector: string): Promise<string[]> {
  // innerText, not textContent: it separates blocks, so "20 MB" and the next line stay two words.
  const found = await frame.locator(selector).allInnerTexts().catch(() => [] as string[]);
  return found.map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

async function joined(frame: Frame, selector: string): Promise<string> {
  return (await texts(frame, selector)).join('\n');
}

/** Reads the Results panel's card and table from the frame that holds them. */
export async function readShown(frame: Frame): Promise<Shown> {
  const failed = (await frame.locator('[data-state="failed"]').count()) > 0;
  const badgeClass = (await frame.locator('#pp-verdict-heading .pp-badge').first().getAttribute('class', { timeout: 2_000 }).catch(() => null)) ?? '';
  const errorRows = await frame.locator('tr.pp-error-row').evaluateAll((rows) =>
    rows.map((row) => {
      const message = row.querySelector('.pp-error-message')?.textContent ?? '';
      const hint = row.querySelector('.pp-hint')?.textContent ?? '';
      return `${message} — ${hint}`.replace(/\s+/g, ' ').trim();
    }),
  ).catch(() => [] as string[]);
  return {
    state: failed ? 'failed' : 'done',
    kind: /pp-badge-([a-z-]+)/.exec(badgeClass)?.[1] ?? null,
    headline: await joined(frame, '#pp-verdict .pp-best'),
    explanation: await joined(frame, '#pp-verdict .pp-explanation'),
    partial: (await joined(frame, '#pp-verdict .pp-partial')) || null,
    warnings: await texts(frame, '#pp-verdict .pp-warnings li'),
    errorRows,
    errorText: await joined(frame, 'tr.pp-error-row'),
    statuses: await texts(frame, 'tr.pp-run td.pp-status'),
    message: await joined(frame, '.pp-failure .pp-failure-message'),
    hint: await joined(frame, '.pp-failure .pp-hint'),
    detail: await joined(frame, '.pp-failure .pp-detail'),
    reportText: await joined(frame, '#pp-verdict, #pp-speedup, #pp-table, #pp-run'),
    environment: await joined(frame, '#pp-environment'),
    notifications: [],
  };
}

/**
 * Waits for the Results panel to show the end of the run of `functionName` (verdict or failed
 * card), and returns it with the frame it is in. The caller closed the panel before starting, so
 * anything shown is this run's.
 */
export async function waitForOutcome(page: Page, functionName: string, timeoutMs: number): Promise<{ frame: Frame; shown: Shown }> {
  await editorTab(page, RESULTS_TAB).first().waitFor({ timeout: 60_000 });
  const card = await waitInFrames(page, CARD, (text) => text.includes(`${functionName} in `) || text.includes('Profiling failed'), timeoutMs);
  const shown = await readShown(card.frame);
  shown.notifications = await notifications(page);
  return { frame: card.frame, shown };
}

/**
 * Waits until the freshly opened Results panel draws something (its running state, or already
 * the end): returns what it drew, or null when it stayed blank for `timeoutMs`.
 */
export async function waitForPanelDrawn(page: Page, timeoutMs: number): Promise<string | null> {
  await editorTab(page, RESULTS_TAB).first().waitFor({ timeout: 60_000 });
  return waitInFrames(page, `[data-state="running"], ${CARD}`, () => true, timeoutMs).then(
    (found) => found.text.replace(/\s+/g, ' ').slice(0, 160),
    () => null,
  );
}

/** Error and warning notifications on screen now (the progress one excluded). */
export async function notifications(page: Page): Promise<string[]> {
  const messages = page.locator('.notifications-toasts .notification-list-item-message');
  const all = await messages.allTextContents().catch(() => [] as string[]);
  return all.map((text) => text.trim()).filter((text) => text && !/^Profiling \S+/.test(text));
}

/** Scrolls the panel to the run table so the next screenshot shows the failed rows. */
export async function scrollToTable(frame: Frame): Promise<void> {
  const table = frame.locator('#pp-table');
  if ((await table.count()) > 0) await table.first().scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => undefined);
}

/** The comparison CodeLens ("… best: …") above the function, once the editor of `file` has focus. */
export async function readComparisonLens(page: Page, file: string): Promise<string> {
  await editorTab(page, path.basename(file)).first().click();
  // VS Code asks the provider again only once the editor has focus.
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  const lens = page.locator('.editor-instance .codelens-decoration', { hasText: /best:/ });
  // Playwright counts the lens row as hidden (it sits in a zero-height view zone): wait for it in the DOM.
  await lens.first().waitFor({ state: 'attached', timeout: 30_000 });
  return ((await lens.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
