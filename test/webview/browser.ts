// Shared by the webview tests and bench/timeline.ts: bundles the two webview entry points, starts
// headless Chromium, and opens the Results panel either as a standalone HTML report or as a fake
// VS Code webview (acquireVsCodeApi recorded in window.__posted / window.__state). A test file gets
// all of that from one webviewSession().

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadReportAssets, renderReportHtml } from '../../src/core/html';
import type { PanelState } from '../../src/shared/messages';
import type { Report } from '../../src/shared/report';
import { readReportFile } from '../helpers/reportSchema';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/reports');
export const SCREENSHOTS = path.join(ROOT, 'test-results/webview');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function fixtureReports(): { name: string; report: Report }[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name: name.replace(/\.json$/, ''), report: readReportFile(path.join(FIXTURES, name)) }));
}

/**
 * Bundles the webviews with the options esbuild.mjs uses for them, into a private directory: the
 * tests neither depend on the other targets compiling nor race other builds writing dist/.
 */
export async function buildWebview(minify = false): Promise<{ dist: string; cleanup(): void }> {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'pp-webview-dist-'));
  await Promise.all(
    [['webview/panel/main.ts', 'panel.js'], ['webview/coreView/main.ts', 'coreView.js']].map(([entry, name]) =>
      esbuild.build({
        absWorkingDir: ROOT, entryPoints: [entry], outfile: path.join(dist, name), bundle: true, platform: 'browser',
        format: 'iife', target: 'es2022', minify, legalComments: 'none', logLevel: 'silent',
      }),
    ),
  );
  return { dist, cleanup: () => rmSync(dist, { recursive: true, force: true }) };
}

export interface Browser {
  context: BrowserContext;
  /** A temp directory for pages, removed by close(). */
  pagesDir: string;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'pp-chromium-'));
  const pagesDir = mkdtempSync(path.join(os.tmpdir(), 'pp-pages-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1100, height: 900 }, acceptDownloads: true,
  });
  return {
    context,
    pagesDir,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(pagesDir, { recursive: true, force: true });
    },
  };
}

/** Everything a page reported that a test must see as a failure. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
}

async function watch(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const store = window as unknown as { __cspViolations: string[] };
    store.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      store.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
    });
  });
  return problems;
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
}

/** The standalone export (renderReportHtml) opened from a file:// URL. */
export async function openReportPage(browser: Browser, dist: string, report: Report, options: OpenOptions = {}) {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
  const problems = await watch(page);
  const file = path.join(browser.pagesDir, `report-${randomBytes(4).toString('hex')}.html`);
  writeFileSync(file, renderReportHtml(report, loadReportAssets(dist, path.join(ROOT, 'media'))));
  await page.goto(pathToFileURL(file).href);
  return { page, problems, file };
}

/**
 * A page shaped like the extension's webview shell (external script and stylesheet, nonce-only
 * scripts, no inline styles) with a recording acquireVsCodeApi. `saved` plays VS Code's getState().
 */
export async function openVsCodePage(
  browser: Browser,
  dist: string,
  view: 'panel' | 'coreView',
  options: OpenOptions & { saved?: unknown } = {},
) {
  const page = await browser.context.newPage();
  const scheme = options.colorScheme ?? 'light';
  await page.emulateMedia({ colorScheme: scheme });
  const problems = await watch(page);
  const nonce = randomBytes(16).toString('base64');
  const styles = ['theme', view].map((sheet) => `<link rel="stylesheet" href="${pathToFileURL(path.join(ROOT, 'media', `${sheet}.css`)).href}">`).join('');
  const js = pathToFileURL(path.join(dist, `${view}.js`)).href;
  const csp = `default-src 'none'; img-src file: data:; style-src file:; script-src 'nonce-${nonce}'; font-src file:`;
  const fake = `
    window.__posted = [];
    window.__state = ${JSON.stringify(options.saved ?? null).replace(/</g, '\\u003c')};
    window.acquireVsCodeApi = () => ({
      postMessage: (message) => window.__posted.push(message),
      getState: () => window.__state,
      setState: (state) => { window.__state = state; },
    });`;
  const html = `<!DOCTYPE html>
<html lang="en" class="pp-standalone"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
${styles}<title>${view}</title></head>
<body class="vscode-${scheme}"><div id="app"></div>
<script nonce="${nonce}">${fake}</script>
<script nonce="${nonce}" src="${js}"></script></body></html>`;
  const file = path.join(browser.pagesDir, `${view}-${randomBytes(4).toString('hex')}.html`);
  writeFileSync(file, html);
  await page.goto(pathToFileURL(file).href);
  return { page, problems };
}

/** One test file's bundles and browser: ready once its before() ran, closed and removed after it. */
export interface WebviewSession {
  readonly browser: Browser;
  readonly dist: string;
  reportPage(report: Report, options?: OpenOptions): ReturnType<typeof openReportPage>;
  vsCodePage(view: 'panel' | 'coreView', options?: OpenOptions & { saved?: unknown }): ReturnType<typeof openVsCodePage>;
}

export function webviewSession(): WebviewSession {
  let built: Awaited<ReturnType<typeof buildWebview>> | undefined;
  let launched: Browser | undefined;
  before(async () => {
    built = await buildWebview();
    launched = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await launched?.close();
    built?.cleanup();
  });
  const ready = (): { browser: Browser; dist: string } => {
    if (!launched || !built) throw new Error('the webview session is used before its before() hook ran');
    return { browser: launched, dist: built.dist };
  };
  return {
    get browser() {
      return ready().browser;
    },
    get dist() {
      return ready().dist;
    },
    reportPage: (report, options) => openReportPage(ready().browser, ready().dist, report, options),
    vsCodePage: (view, options) => openVsCodePage(ready().browser, ready().dist, view, options),
  };
}

export async function postMessage(page: Page, message: unknown): Promise<void> {
  await page.evaluate((data) => window.postMessage(data, '*'), message);
}

export async function postState(page: Page, state: PanelState): Promise<void> {
  await postMessage(page, { type: 'state', state });
}

export async function posted(page: Page): Promise<{ type: string; [key: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}
