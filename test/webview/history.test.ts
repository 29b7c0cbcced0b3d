// The Results panel's history and projection in headless Chromium: the stored reports listed oldest
// first with a trend chart, two picked with the keyboard and compared, and the projection drawn
// dashed beyond the measured counts (or said to be missing), in light and dark themes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { compareReports } from '../../src/shared/compare';
import { historyEntry } from '../../src/shared/history';
import type { Report } from '../../src/shared/report';
import { SCREENSHOTS, cspViolations, fixtureReports, postMessage, postState, posted, webviewSession } from './browser';

const web = webviewSession();
const reports = new Map(fixtureReports().map(({ name, report }) => [name, report]));
const sleepy = reports.get('io-bound-sleepy-requests.synthetic') as Report;
const primes = reports.get('cpu-bound-primes.synthetic') as Report;

/** Three stored runs of one function: the shown one last, an older one 25% slower. */
function storedRuns(report: Report): { reports: Report[]; ids: string[] } {
  const slower = (createdAt: string, factor: number, commit: string): Report => ({
    ...report,
    createdAt,
    provenance: { commit: commit.repeat(40), branch: 'main', dirty: false, path: 'examples/sleepy.py' },
    runs: report.runs.map((run) => ({
      ...run,
      wallSeconds: run.wallSeconds && run.wallSeconds * factor,
      repeats: run.repeats.map((wall) => wall * factor),
      wallSpread: run.wallSpread && { min: run.wallSpread.min * factor, max: run.wallSpread.max * factor },
      cpuSeconds: run.cpuSeconds && run.cpuSeconds * factor,
    })),
  });
  const all = [slower('2025-11-01T09:00:00.000Z', 1.25, 'a'), slower('2025-11-02T09:00:00.000Z', 1.1, 'b'), { ...report, provenance: { commit: 'c'.repeat(40), branch: 'main', dirty: true, path: 'examples/sleepy.py' } }];
  return { reports: all, ids: all.map((_, index) => `2025-11-0${index + 1}T09-00-00-000Z-000.json`) };
}

describe('history and projection in the Results panel', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`lists every stored run oldest first with a trend, and compares the two picked with the keyboard (${scheme})`, async () => {
      const { reports: stored, ids } = storedRuns(sleepy);
      const shown = stored[2];
      const { page, problems } = await web.vsCodePage('panel', { colorScheme: scheme });
      await postState(page, { kind: 'done', report: shown, previous: null });
      await page.waitForSelector('[data-state=done]');
      await postMessage(page, { type: 'history', reportCreatedAt: shown.createdAt, entries: stored.map((report, index) => historyEntry(report, ids[index])) });
      await page.waitForSelector('.pp-history[data-history="3"]');
      const dates = await page.locator('.pp-history-table tbody tr td:nth-child(2)').allTextContents();
      assert.equal(dates.length, 3);
      assert.deepEqual(dates.slice(0, 2).map((text) => text.slice(0, 10)), ['2025-11-01', '2025-11-02']);
      assert.match(dates[2], /\(shown\)/);
      assert.match(await page.locator('.pp-history-table tbody tr').nth(2).textContent() ?? '', /ccccccc\*/);
      assert.equal(await page.locator('.pp-history-trend .pp-history-wall circle').count(), 3);
      assert.equal(await page.locator('.pp-history-trend .pp-history-speedup circle').count(), 3);
      // The two newest are picked; swap the middle one for the oldest with Space, then compare with Enter.
      await page.locator(`input[data-history-id="${ids[1]}"]`).focus();
      await page.keyboard.press('Space');
      assert.equal(await page.locator('[data-action=compare-history]').getAttribute('disabled'), '');
      await page.locator(`input[data-history-id="${ids[0]}"]`).focus();
      await page.keyboard.press('Space');
      await page.locator('[data-action=compare-history]').focus();
      await page.keyboard.press('Enter');
      const requests = (await posted(page)).filter((message) => message.type === 'compareHistory');
      assert.deepEqual(requests, [{ type: 'compareHistory', older: ids[0], newer: ids[2] }]);
      const comparison = compareReports(stored[0], stored[2], { threshold: 0.1, otherLoadCores: 0.25 });
      await postMessage(page, { type: 'historyComparison', older: ids[0], newer: ids[2], comparison, problem: null });
      await page.waitForSelector('.pp-history-comparison');
      assert.match(await page.locator('.pp-history-comparison p').first().textContent() ?? '', /Code between them: aaaaaaa\.\.ccccccc \(uncommitted changes\)\./);
      const better = await page.locator('.pp-history-comparison tr.pp-change-better').count();
      assert.ok(better >= 1, 'the faster newer run is marked better');
      await page.locator('#pp-history').screenshot({ path: path.join(SCREENSHOTS, `history-${scheme}.png`) });
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(problems.consoleErrors, []);
      await page.close();
    });
  }

  test('a comparison the host refused is said as a sentence; a forged history message is ignored', async () => {
    const { reports: stored, ids } = storedRuns(sleepy);
    const { page } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report: stored[2], previous: null });
    await page.waitForSelector('[data-state=done]');
    await postMessage(page, { type: 'history', reportCreatedAt: stored[2].createdAt, entries: [{ id: '../x', createdAt: 1 }] });
    await postMessage(page, { type: 'history', reportCreatedAt: stored[2].createdAt, entries: stored.map((report, index) => historyEntry(report, ids[index])) });
    await page.waitForSelector('.pp-history[data-history="3"]');
    await page.locator('[data-action=compare-history]').click();
    await postMessage(page, { type: 'historyComparison', older: ids[1], newer: ids[2], comparison: null, problem: 'These two cannot be compared: the reports come from different machines.' });
    assert.match(await page.locator('.pp-history [role=alert]').textContent() ?? '', /different machines/);
    await page.close();
  });

  test('waiting work shows its projection dashed beyond the measured counts, with a band and in words', async () => {
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report: sleepy, previous: null });
    await page.waitForSelector('[data-state=done]');
    assert.ok(await page.locator('.pp-speedup g.pp-projection .pp-projection-line').count() >= 1);
    assert.equal(await page.locator('.pp-speedup g.pp-projection .pp-projection-band').count(), 1);
    const dash = await page.locator('.pp-speedup g.pp-projection .pp-projection-line').first().evaluate((node) => getComputedStyle(node).strokeDasharray);
    assert.notEqual(dash, 'none', 'the projection is dashed');
    assert.match(await page.locator('.pp-projection-words').textContent() ?? '', /^With 32 tasks at a time( \(given more inputs than the \d+ here\))?, thread would (reach (about|between)|fall back to about) .*×.*dashed beyond them\.$/);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  test('CPU work on a 2-core machine draws no projection and says why', async () => {
    const { page } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report: primes, previous: null });
    await page.waitForSelector('[data-state=done]');
    assert.equal(await page.locator('.pp-speedup g.pp-projection .pp-projection-line').count(), 0);
    assert.match(await page.locator('.pp-projection-words').textContent() ?? '', /No projection to bigger machines .*this machine's 2/);
    await page.close();
  });
});
