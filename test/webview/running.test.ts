// The Results panel while a profile runs, in headless Chromium: the runs finished so far as a table
// and a speedup chart that grow, what runs now and the time left, updated in place.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { RunningState } from '../../src/shared/messages';
import { runLabel, type Report } from '../../src/shared/report';
import { SCREENSHOTS, cspViolations, fixtureReports, postState, posted, webviewSession, type PageProblems } from './browser';
import { expectedSeries } from './expectations';

const web = webviewSession();

function primesReport(): Report {
  const found = fixtureReports().find((fixture) => fixture.name.startsWith('cpu-bound-primes'));
  assert.ok(found, 'the cpu-bound primes fixture report');
  return found.report;
}

/** The state the extension sends once `finished` runs of `report` are measured. */
function runningAfter(report: Report, finished: number, elapsedSeconds: number, leftSeconds: number | null): RunningState {
  const next = report.runs[finished];
  return {
    kind: 'running',
    file: report.target.file,
    functionName: report.target.function,
    current: next ? runLabel(next) : null,
    runs: report.runs.slice(0, finished),
    cores: { logicalCores: report.machine.logicalCores, physicalCores: report.machine.physicalCores },
    elapsedSeconds,
    leftSeconds,
  };
}

async function rowIds(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-state=running] tr[data-run]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-run')));
}

async function assertClean(page: Page, problems: PageProblems): Promise<void> {
  assert.deepEqual(await cspViolations(page), [], 'no securitypolicyviolation');
  assert.deepEqual(problems.consoleErrors, [], 'no console error');
  assert.deepEqual(problems.pageErrors, [], 'no uncaught error');
}

describe('the Results panel while a profile runs', () => {
  test('shows the runs finished so far as a table and a speedup chart, what runs now and about how long is left, in both themes', async () => {
    const report = primesReport();
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await web.vsCodePage('panel', { colorScheme: scheme });
      await postState(page, runningAfter(report, 0, 1, null));
      await page.waitForSelector('[data-state=running]');
      assert.match((await page.locator('.pp-progress-text').textContent()) ?? '', /… 1 s elapsed, time left not known yet$/);
      assert.equal(await page.locator('.pp-running-waiting').isVisible(), true, 'says the rows come as configurations finish');
      assert.deepEqual(await rowIds(page), []);

      const state = runningAfter(report, 5, 12, 21);
      await postState(page, state);
      await page.waitForFunction(() => document.querySelectorAll('[data-state=running] tr[data-run]').length === 5);
      assert.deepEqual(await rowIds(page), state.runs.map((run) => run.id));
      const series = await page.locator('.pp-speedup [data-series]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-series') ?? ''));
      assert.deepEqual(series.sort(), expectedSeries({ ...report, runs: state.runs }));
      assert.equal(await page.locator('.pp-progress-text').textContent(), `Now: ${state.current} … 12 s elapsed, about 20 s left`);
      assert.equal(await page.locator('[data-state=running] progress').getAttribute('aria-valuetext'), '12 s elapsed, about 20 s left');
      assert.equal(await page.locator('.pp-running-waiting').isVisible(), false);
      assert.equal(await page.locator('#pp-verdict').count(), 0, 'no verdict before the profile ends');
      const file = path.join(SCREENSHOTS, `running-rows-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot: ${file}`);
      await assertClean(page, problems);
      await page.close();
    }
  });

  test('grows in place: the focus stays on Cancel, each newly finished run is announced once, and Cancel still posts cancel', async () => {
    const report = primesReport();
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, runningAfter(report, 2, 4, 30));
    await page.waitForFunction(() => document.querySelectorAll('[data-state=running] tr[data-run]').length === 2);
    assert.equal(await page.locator('[role=status]').textContent(), '', 'runs finished before the panel opened are not announced');
    await page.locator('[data-action=cancel]').focus();
    await postState(page, runningAfter(report, 3, 6, 25));
    await page.waitForFunction(() => document.querySelectorAll('[data-state=running] tr[data-run]').length === 3);
    const third = report.runs[2];
    assert.equal(await page.locator('[role=status]').textContent(), `${runLabel(third)} finished: ${third.speedup?.toFixed(2)}× the speed of serial.`);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-action]')?.getAttribute('data-action')), 'cancel');
    // A tick: only the time moves; the rows and the announcement stay.
    await postState(page, runningAfter(report, 3, 8, 23));
    await page.waitForFunction(() => document.querySelector('.pp-progress-text')?.textContent?.includes('8 s elapsed'));
    assert.equal(await page.locator('[role=status]').textContent(), `${runLabel(third)} finished: ${third.speedup?.toFixed(2)}× the speed of serial.`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((message) => message.type === 'cancel'));
    assert.deepEqual((await posted(page)).at(-1), { type: 'cancel' });
    await assertClean(page, problems);
    await page.close();
  });

  test('ignores a running state of the older shape that counted configurations', async () => {
    const { page, problems } = await web.vsCodePage('panel');
    await page.waitForSelector('[data-state=idle]');
    await postState(page, { kind: 'running', file: '/a.py', functionName: 'f', done: 5, total: 16, current: null } as unknown as RunningState);
    await postState(page, runningAfter(primesReport(), 1, 2, 9));
    await page.waitForSelector('[data-state=running] tr[data-run]');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
