// Measures, in headless Chromium, how long the Results panel takes to draw the per-task timeline
// of the largest fixture report (10,000 tasks), and how big the panel bundle is.
// Run: node --import tsx bench/timeline.ts   (targets: draw < 300 ms, bundle < 400 KB)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Report, Run } from '../src/shared/report';
import { buildWebview, fixtureReports, launchBrowser, openVsCodePage } from '../test/webview/browser';

const REDRAWS = 15;
const DRAW_TARGET_MS = 300;
const BUNDLE_TARGET_BYTES = 400 * 1024;

function largestRun(): { name: string; report: Report; run: Run } {
  let best: { name: string; report: Report; run: Run } | null = null;
  for (const { name, report } of fixtureReports()) {
    for (const run of report.runs) {
      if (!best || run.tasks.length > best.run.tasks.length || (run.tasks.length === best.run.tasks.length && run.workers > best.run.workers)) best = { name, report, run };
    }
  }
  if (!best) throw new Error('no fixture report in test/fixtures/reports');
  return best;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function sizes(file: string): string {
  const bytes = readFileSync(file);
  return `${(bytes.length / 1024).toFixed(1)} KB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip`;
}

async function main(): Promise<void> {
  const { name, report, run } = largestRun();
  const production = await buildWebview(true);
  const development = await buildWebview(false);
  const browser = await launchBrowser();
  try {
    const { page } = await openVsCodePage(browser, production.dist, 'panel');
    // From the message's arrival to the timeline drawn, measured in the page. The arrival itself
    // (window.postMessage cloning a multi-megabyte report in this harness) is reported apart.
    const render = await page.evaluate(async ({ state, runId }) => {
      const began = performance.now();
      let received = 0;
      window.addEventListener('message', () => (received = performance.now()), { capture: true, once: true });
      window.postMessage({ type: 'state', state }, '*');
      while (!(document.querySelector('canvas.pp-timeline')?.getAttribute('data-task-count') && document.querySelector(`tr[data-run="${runId}"]`))) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      return { deliveryMs: received - began, renderMs: performance.now() - received };
    }, { state: { kind: 'done', report, previous: null }, runId: run.id });
    await page.locator(`tr[data-run="${run.id}"]`).click();
    await page.waitForSelector(`canvas.pp-timeline[data-run="${run.id}"][data-task-count="${run.tasks.length}"]`);
    const draws: number[] = [Number(await page.locator('canvas.pp-timeline').getAttribute('data-draw-ms'))];
    for (let i = 0; i < REDRAWS; i++) {
      // A theme change redraws every canvas; two frames later the draw has happened.
      draws.push(await page.evaluate(async (dark) => {
        document.body.className = dark ? 'vscode-dark' : 'vscode-light';
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return Number(document.querySelector('canvas.pp-timeline')?.getAttribute('data-draw-ms'));
      }, i % 2 === 0));
    }
    const drawMedian = median(draws);
    const bundle = readFileSync(path.join(production.dist, 'panel.js'));
    console.log(`report: ${name}, run ${run.id}: ${run.tasks.length} tasks on ${run.workers} workers`);
    console.log(`timeline draw (in page, performance.now): first ${draws[0].toFixed(1)} ms, median of ${draws.length} ${drawMedian.toFixed(1)} ms, max ${Math.max(...draws).toFixed(1)} ms — target < ${DRAW_TARGET_MS} ms: ${drawMedian < DRAW_TARGET_MS ? 'met' : 'MISSED'}`);
    console.log(`whole panel render, message received → table, charts and timeline drawn: ${render.renderMs.toFixed(0)} ms (delivering the ${(JSON.stringify(report).length / 1e6).toFixed(1)} MB message itself: ${render.deliveryMs.toFixed(0)} ms)`);
    console.log(`panel bundle, production (minified): ${sizes(path.join(production.dist, 'panel.js'))} — target < 400 KB: ${bundle.length < BUNDLE_TARGET_BYTES ? 'met' : 'MISSED'}`);
    console.log(`panel bundle, development: ${sizes(path.join(development.dist, 'panel.js'))}`);
    console.log(`core view bundle, production: ${sizes(path.join(production.dist, 'coreView.js'))}`);
    await page.close();
  } finally {
    await browser.close();
    production.cleanup();
    development.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
