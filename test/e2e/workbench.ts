// Drives the VS Code workbench in Debian's Chromium: launch, the command palette, quick picks,
// editor tabs, and reading webview content, which lives in nested iframes.
import { chromium, type BrowserServer, type Frame, type Locator, type Page } from 'playwright-core';

export const chromiumPath = process.env.PP_E2E_CHROMIUM ?? '/usr/bin/chromium';

// Without the networking flags Chromium keeps dialling Google on a closed network.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface OpenBrowser {
  page: Page;
  pid: number;
  /** Everything the page printed to its console, in order. */
  consoleLines: string[];
  close(): Promise<void>;
}

/** Launches Chromium as a server we hold the process of, so that it is stopped by its own pid. */
export async function launchBrowser(env: NodeJS.ProcessEnv): Promise<OpenBrowser> {
  // Playwright gives each launch a fresh temporary --user-data-dir of its own.
  const server: BrowserServer = await chromium.launchServer({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    env: env as Record<string, string>,
  });
  const pid = server.process().pid!;
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    // Generous: the machine is shared, and a loaded 2-core box draws the workbench slowly.
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.stack ?? error.message}`));
    return {
      page,
      pid,
      consoleLines,
      async close() {
        await browser.close().catch(() => undefined);
        await server.close().catch(() => server.kill());
      },
    };
  } catch (error) {
    await server.kill();
    throw error;
  }
}

/** Opens the workbench on a folder and resolves once the workbench and its editor area are drawn. */
export async function openWorkbench(page: Page, url: string, folder: string): Promise<void> {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
  await page.locator('.part.editor').waitFor({ state: 'visible', timeout: 60_000 });
  // The status bar's remote indicator appears once the window is connected to the server.
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
}

const quickInput = (page: Page): Locator => page.locator('.quick-input-widget');
const quickInputBox = (page: Page): Locator => quickInput(page).locator('.quick-input-box input');

/** A row of the open quick pick whose label is exactly `label` (palette rows may hold "similar commands"). */
export function quickPickRow(page: Page, label: string): Locator {
  return quickInput(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) });
}

/** Opens the command palette with F1 (Ctrl+Shift+P is taken by the chat input) and types `text`. */
/**
 * Waits until no quick input is in its close animation. VS Code marks the closing widget `inert`
 * until the animation ends; a palette opened in that window reuses the widget and stays inert (a
 * clean-clone run timed out filling the palette right after Quick Open had closed).
 */
export async function quickInputSettled(page: Page): Promise<void> {
  await page.locator('.quick-input-widget[inert]').waitFor({ state: 'detached', timeout: 10_000 });
}

export async function openPalette(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Escape');
  await quickInputSettled(page);
  await page.keyboard.press('F1');
  await quickInputBox(page).waitFor({ state: 'visible' });
  await quickInputBox(page).fill(`>${text}`);
}

/** Runs a palette command by its exact title as shown ("Category: Title"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await openPalette(page, title);
  const row = quickPickRow(page, title);
  await row.first().waitFor({ state: 'visible', timeout: 30_000 });
  await row.first().click();
}

/**
 * Picks the row labelled `label` from the quick pick titled `title` (the palette's own box stays on
 * screen until the extension's pick replaces it: waiting on the title keeps the typing out of it).
 */
export async function pickQuickItem(page: Page, title: string, label: string): Promise<void> {
  await quickInputTitled(page, title).waitFor({ state: 'visible', timeout: 30_000 });
  await quickInputBox(page).fill(label);
  const row = quickPickRow(page, label);
  await row.first().waitFor({ state: 'visible', timeout: 30_000 });
  await row.first().click();
}

/** The quick input's title bar once it reads `title` (a substring). */
function quickInputTitled(page: Page, title: string): Locator {
  return quickInput(page).locator('.quick-input-title', { hasText: title });
}

/** The input box on screen: its title, prompt and pre-filled value. */
export async function readInputBox(page: Page, title: string): Promise<{ title: string; value: string; prompt: string }> {
  // The previous quick pick shares the same input element: wait until this box's title is drawn.
  await quickInputTitled(page, title).waitFor({ state: 'visible', timeout: 30_000 });
  await quickInputBox(page).waitFor({ state: 'visible' });
  const shownTitle = await quickInput(page).locator('.quick-input-title').first().innerText();
  const value = await quickInputBox(page).inputValue();
  const prompt = await quickInput(page).locator('.quick-input-message').first().innerText();
  return { title: shownTitle, value, prompt };
}

/** Types `value` into the input box titled `title` and submits it. The box shares its element with
 * the quick pick before it and is pre-filled when it opens: filling before its title is drawn would
 * type into the closing pick, and the pre-filled value would be submitted instead. */
export async function answerInputBox(page: Page, title: string, value: string): Promise<void> {
  await quickInputTitled(page, title).waitFor({ state: 'visible', timeout: 30_000 });
  await quickInputBox(page).fill(value);
  await quickInputBox(page).press('Enter');
  await quickInputBox(page).waitFor({ state: 'hidden' });
}

/** Opens a workspace file with Quick Open and waits until its editor has focus. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop()!;
  await page.keyboard.press('Escape');
  await quickInputSettled(page);
  await page.keyboard.press('Control+P');
  await quickInputBox(page).waitFor({ state: 'visible' });
  await quickInputBox(page).fill(relativePath);
  await quickPickRow(page, name).first().waitFor({ state: 'visible', timeout: 30_000 });
  await quickInputBox(page).press('Enter');
  // The focused group must show the file: the palette offers "Profile parallel" only while a
  // Python or JavaScript editor has focus (editorLangId), and with the Results panel's group
  // focused, a tab of the file in the other group is not enough (a clean-clone run found the
  // command missing from the palette that way).
  const editor = page.locator(`.editor-group-container.active:has(.tab.active[aria-label^="${name}"]) .monaco-editor .view-lines`).first();
  try {
    await editor.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    // Quick Open typed from inside a webview (the Results panel's buttons keep focus there) may
    // reveal the file in the other group without focusing it (a clean-clone run: primes.py shown
    // on the left, the panel's group still active). Clicking the file's tab is what a user does.
    await page.locator(`.tabs-container .tab[aria-label^="${name}"]`).first().click();
    await editor.waitFor({ state: 'visible', timeout: 20_000 });
  }
  // Focus by the editor's own input element, not a click: a click could land on a CodeLens and
  // start a profile, and a fixed point of the lines can lie outside the view when the editor is
  // scrolled (a clean-clone run: primes.py scrolled to its last line, the click refused).
  await page
    .locator('.editor-group-container.active .monaco-editor textarea.inputarea, .editor-group-container.active .monaco-editor .native-edit-context')
    .first()
    .focus();
  await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 10_000 });
}

/** An editor tab (a text file or a webview panel) by the start of its title. */
export function editorTab(page: Page, title: string): Locator {
  return page.locator(`.tabs-container .tab[aria-label^="${title.replace(/"/g, '\\"')}"]`);
}

/**
 * Waits until some frame of the page holds an element matching `selector` whose text satisfies
 * `accept`, and returns that frame and text. Webviews nest an iframe inside an iframe.
 */
export async function waitInFrames(
  page: Page,
  selector: string,
  accept: (text: string) => boolean,
  timeoutMs: number,
): Promise<{ frame: Frame; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let lastSeen: string[] = [];
  while (Date.now() < deadline) {
    lastSeen = [];
    for (const frame of page.frames()) {
      const texts = await frame
        .locator(selector)
        .allTextContents()
        .catch(() => [] as string[]);
      for (const text of texts) {
        lastSeen.push(text.trim());
        if (accept(text)) return { frame, text: text.trim() };
      }
    }
    // Re-scan when the page changes (a frame attached or navigated), or at the latest in 500 ms.
    await Promise.race([
      page.waitForEvent('frameattached', { timeout: 500 }).catch(() => undefined),
      page.waitForEvent('framenavigated', { timeout: 500 }).catch(() => undefined),
    ]);
  }
  throw new Error(`no frame showed ${selector} as expected within ${timeoutMs} ms; last seen: ${JSON.stringify(lastSeen)}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Clicks the CodeLens whose text includes `text` in the active editor group, as a mouse would.
 * CodeLens rows are view zones that shift while the editor lays out, and a finished run redraws
 * them (a link found before the redraw stays detached): so the link is looked up afresh on every
 * poll, and clicked once it is the element under its own centre (VS Code runs a lens on the
 * editor's mouse-up, not on a DOM click). Another editor group may show lenses of its own file.
 */
export async function clickCodeLens(page: Page, text: string): Promise<void> {
  const point = await page.waitForFunction((label) => {
    const links = document.querySelectorAll('.editor-group-container.active .editor-instance .codelens-decoration a');
    for (const link of links) {
      if (!(link.textContent ?? '').includes(label)) continue;
      const box = link.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const x = box.left + Math.min(20, box.width / 2);
      const y = box.top + box.height / 2;
      if (document.elementFromPoint(x, y) === link) return { x, y };
    }
    return null;
  }, text, { timeout: 60_000 });
  const { x, y } = (await point.jsonValue())!;
  await page.mouse.click(x, y);
}

/** The text of the first CodeLens in the active editor group that includes `text`, once drawn. */
export async function readCodeLens(page: Page, text: string): Promise<string> {
  const found = await page.waitForFunction((label) => {
    for (const lens of document.querySelectorAll('.editor-group-container.active .editor-instance .codelens-decoration')) {
      const shown = lens.textContent ?? '';
      if (shown.includes(label)) return shown;
    }
    return null;
  }, text, { timeout: 30_000 });
  return (await found.jsonValue())!;
}
