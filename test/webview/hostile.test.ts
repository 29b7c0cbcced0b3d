// Saved reports from elsewhere, as the Results panel draws them once Open Saved Report… accepted
// them: markup and script in every string field and absurd numbers draw as text and finite shapes,
// with no script run and no CSP violation; and a run of 100,000 task spans, summarised to the
// spans a report keeps, opens with a timeline that says it shows only some of them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { limitTaskSpans, TASK_SPANS_KEPT } from '../../src/core/spanLimit';
import { leanState } from '../../src/extension/leanState';
import { parseReport } from '../../src/core/reportStore';
import type { Report } from '../../src/shared/report';
import { hostileReport, payload } from '../helpers/hostileReports';
import { sampleReport, sampleRun } from '../unit/extension-fixtures';
import { SCREENSHOTS, buildWebview, cspViolations, launchBrowser, openReportPage, openVsCodePage, postState, type Browser, type PageProblems } from './browser';

let browser: Browser;
let built: Awaited<ReturnType<typeof buildWebview>>;

before(async () => {
  built = await buildWebview();
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  built?.cleanup();
});

async function assertNothingRan(page: Page, problems: PageProblems): Promise<void> {
  assert.deepEqual(await cspViolations(page), [], 'no securitypolicyviolation');
  assert.deepEqual(problems.pageErrors, [], 'no uncaught error');
  assert.deepEqual(problems.dialogs, [], 'no dialog');
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no script of the report ran');
  assert.equal(await page.locator('#app script, #app img, #app b, #app iframe').count(), 0, 'no element came from the report\'s text');
}

describe('a hostile saved report in the Results panel', () => {
  // The same path as Open Saved Report…: the host's check accepts it, so the panel must draw it.
  const report = parseReport(JSON.stringify(hostileReport()), 'hostile.json');

  test('draws markup in every string field as text and absurd numbers as finite shapes, running nothing', async () => {
    const { page, problems } = await openVsCodePage(browser, built.dist, 'panel');
    await postState(page, { kind: 'done', report, previous: null });
    await page.waitForSelector('[data-state=done]');
    assert.equal(await page.locator('#pp-verdict .pp-explanation').textContent(), report.verdict.explanation);
    assert.ok(report.verdict.explanation.startsWith('<script>'), 'the field really held markup');
    const text = (await page.locator('#app').textContent()) ?? '';
    assert.ok(text.includes(payload('s').slice(0, 30)), 'the markup shows as text');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'hostile-report-panel.png'), fullPage: true });
    await assertNothingRan(page, problems);
    await page.close();
  });

  test('the standalone HTML export of it runs nothing either', async () => {
    const { page, problems } = await openReportPage(browser, built.dist, report);
    await page.waitForSelector('[data-state=done]');
    assert.equal(await page.locator('#pp-verdict .pp-recommendation').textContent(), report.verdict.recommendation);
    await assertNothingRan(page, problems);
    await page.close();
  });
});

describe('a run of 100,000 task spans', () => {
  test('opens with the spans a report keeps, and the timeline says it shows only some of them', async (t) => {
    const many = sampleRun('thread', null, 8, 3);
    many.tasks = Array.from({ length: 100_000 }, (_, index) => ({
      index, worker: index % 8, pid: 4242, thread: 100 + (index % 8), start: Math.floor(index / 8) * 1e-4, end: Math.floor(index / 8) * 1e-4 + 9e-5, cpuSeconds: 8e-5,
    }));
    const report: Report = limitTaskSpans(sampleReport({ runs: [sampleRun('serial', null, 1, 1), many], best: { executor: 'thread', startMethod: null, workers: 8, speedup: 3 } }));
    const kept = report.runs[1];
    assert.equal(kept.tasks.length, TASK_SPANS_KEPT);
    assert.equal(kept.tasksSummary?.count, 100_000);
    const { page, problems } = await openVsCodePage(browser, built.dist, 'panel');
    // Timed inside the page, from the state message's arrival to the first frame after it is drawn:
    // handing a 1 MB argument to page.evaluate costs the test harness seconds the panel never pays.
    await page.evaluate(() => window.addEventListener('message', () => ((window as unknown as { __arrived: number }).__arrived = performance.now()), { capture: true, once: true }));
    await postState(page, leanState({ kind: 'done', report, previous: null }));
    await page.waitForSelector('[data-state=done]');
    const openMs = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now() - (window as unknown as { __arrived: number }).__arrived))));
    await page.locator(`tr[data-run="${kept.id}"]`).click();
    await page.waitForSelector(`canvas.pp-timeline[data-run="${kept.id}"][data-draw-ms]`);
    const drawMs = await page.locator('canvas.pp-timeline').getAttribute('data-draw-ms');
    t.diagnostic(`panel open, message to first frame: ${openMs.toFixed(0)} ms; timeline of ${TASK_SPANS_KEPT} spans drawn in ${drawMs} ms`);
    const timeline = page.locator('.pp-figure', { has: page.locator('canvas.pp-timeline') });
    const caption = (await timeline.locator('.pp-caption').textContent()) ?? '';
    assert.match(caption, /^10,000 of 100,000 tasks, spread evenly over the run: a report keeps only these, so gaps between bars also hold tasks left out \(the figures above used all 100,000\) on 8 workers/);
    await timeline.screenshot({ path: path.join(SCREENSHOTS, 'summarised-spans-timeline.png') });
    await assertNothingRan(page, problems);
    await page.close();
  });
});
