// The Results panel in headless Chromium, over every report in test/fixtures/reports and over real
// reports the engine makes of the examples: as a standalone HTML export and as a VS Code webview
// fed by state messages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { toCsv } from '../../src/shared/csv';
import { toChromeTrace } from '../../src/shared/trace';
import { profileWarnings } from '../../src/core/warnings';
import { isRecommendedRun, runLabel, type Report } from '../../src/shared/report';
import { formatBytes, formatSpeedupRange } from '../../src/shared/format';
import {
  SCREENSHOTS, cspViolations, fixtureReports, postMessage, postState, posted, webviewSession,
  type PageProblems,
} from './browser';
import { ENGINE_CASES, engineReport } from './engineReports';
import { expectedSeries, firstSelectedRun, heatmapRows } from './expectations';

const web = webviewSession();

async function waitForDone(page: Page, report: Report): Promise<void> {
  await page.waitForSelector('[data-state=done]');
  if (firstSelectedRun(report)) await page.waitForSelector('canvas.pp-timeline[data-draw-ms]');
}

async function assertClean(page: Page, problems: PageProblems): Promise<void> {
  assert.deepEqual(await cspViolations(page), [], 'no securitypolicyviolation');
  assert.deepEqual(problems.consoleErrors, [], 'no console error');
  assert.deepEqual(problems.pageErrors, [], 'no uncaught error');
  assert.deepEqual(problems.dialogs, [], 'no dialog (no user script ran)');
}

async function assertShowsReport(page: Page, report: Report): Promise<void> {
  assert.match((await page.locator('#pp-verdict-heading .pp-badge').getAttribute('class')) ?? '', new RegExp(`\\bpp-badge-${report.verdict.kind}\\b`));
  assert.equal(await page.locator('#pp-verdict .pp-explanation').textContent(), report.verdict.explanation);
  assert.equal(await page.locator('#pp-verdict .pp-recommendation').textContent(), report.verdict.recommendation);
  const series = await page.locator('.pp-speedup [data-series]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-series') ?? ''));
  assert.deepEqual(series.sort(), expectedSeries(report), 'one speedup line per executor');
  const rows = await page.locator('tr[data-run]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-run')));
  assert.deepEqual(rows, report.runs.map((run) => run.id), 'one table row per run, in order');
  const recommended = report.runs.filter((run) => isRecommendedRun(report.verdict, run)).map((run) => run.id);
  assert.deepEqual(await page.locator('tr.pp-recommended').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-run'))), recommended, 'the recommended row, and only it, is marked');
  for (const run of report.runs.filter((each) => each.speedupLow !== undefined && each.speedupLow !== null).slice(0, 3)) {
    assert.equal(await page.locator(`tr[data-run="${run.id}"] .pp-speedup-cell`).textContent(), formatSpeedupRange(run.speedup, run.speedupLow, run.speedupHigh), `${run.id} shows its interval`);
  }
  for (const run of report.runs.slice(0, 3)) {
    // Measured reports carry each configuration's peak memory; older and synthetic ones show a dash.
    assert.equal(await page.locator(`tr[data-run="${run.id}"] .pp-memory-cell`).textContent(), formatBytes(run.peakMemoryBytes), `${run.id} shows its peak memory`);
  }
  const selected = firstSelectedRun(report);
  if (!selected) return;
  const timeline = page.locator('canvas.pp-timeline');
  assert.equal(await timeline.getAttribute('data-run'), selected.id);
  assert.equal(Number(await timeline.getAttribute('data-task-count')), selected.tasks.length);
  assert.equal(Number(await page.locator('canvas.pp-heatmap').getAttribute('data-core-count')), heatmapRows(report, selected));
  assert.equal(await page.locator('canvas.pp-heatmap').getAttribute('data-domain'), await timeline.getAttribute('data-domain'), 'heatmap shares the timeline x axis');
  assert.equal(await page.locator(`tr[data-run="${selected.id}"]`).getAttribute('aria-current'), 'true');
  assert.equal(await page.locator('#app script').count(), 0, 'user text never becomes an element');
}

/** What every report must pass, synthetic or made by the engine; `get` gives it once it exists. */
function reportTests(name: string, get: () => Report): void {
  test('the standalone HTML export shows the verdict, a speedup line per executor, a row per run, the selected run and a heatmap row per core', async () => {
    const report = get();
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await web.reportPage(report, { colorScheme: scheme });
      await waitForDone(page, report);
      await assertShowsReport(page, report);
      await assertClean(page, problems);
      const file = path.join(SCREENSHOTS, `${name}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot: ${file}`);
      await page.close();
    }
  });

  test('the VS Code panel renders the same report from a state message and keeps it for a reload', async () => {
    const report = get();
    const { page, problems } = await web.vsCodePage('panel');
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await postState(page, { kind: 'done', report, previous: null });
    await waitForDone(page, report);
    await assertShowsReport(page, report);
    const saved = await page.evaluate(() => (window as unknown as { __state: { state: { kind: string }; reportCreatedAt?: string } }).__state);
    // Small reports are kept whole; a large one (10,000 tasks) only by its identity.
    if (JSON.stringify(report).length < 1_500_000) assert.equal(saved.state.kind, 'done');
    else assert.equal(saved.reportCreatedAt, report.createdAt);
    await assertClean(page, problems);
    await page.close();
  });

  test('Tab reaches the table rows and Enter selects one for the timeline', async (t) => {
    const report = get();
    const target = [...report.runs].reverse().find((run) => run.id !== firstSelectedRun(report)?.id);
    if (!target) return t.skip('a single run: nothing else to select');
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report, previous: null });
    await waitForDone(page, report);
    let focused: string | null = null;
    for (let presses = 0; presses < 200 && !focused; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('data-run') ?? null);
    }
    assert.ok(focused, 'a table row takes keyboard focus');
    await page.locator(`tr[data-run="${target.id}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`canvas.pp-timeline[data-run="${target.id}"]`);
    assert.equal(Number(await page.locator('canvas.pp-timeline').getAttribute('data-task-count')), target.tasks.length);
    assert.equal(await page.locator(`tr[data-run="${target.id}"]`).getAttribute('aria-current'), 'true');
    const saved = await page.evaluate(() => (window as unknown as { __state: { selectedRunId: string } }).__state);
    assert.equal(saved.selectedRunId, target.id);
    await assertClean(page, problems);
    await page.close();
  });
}

for (const { name, report } of fixtureReports()) describe(`report ${name}`, () => reportTests(name, () => report));

for (const each of ENGINE_CASES) {
  describe(`engine report of ${each.name}`, () => {
    let made: Report | undefined;
    before(async () => {
      made = await engineReport(each);
    }, { timeout: 240_000 });
    reportTests(`engine-${each.name.replace(/[^\w.]+/g, '-')}`, () => {
      assert.ok(made, 'the engine made a report');
      return made;
    });
  });
}

const reports = new Map(fixtureReports().map(({ name, report }) => [name, report]));
const primes = reports.get('cpu-bound-primes.synthetic');
const failing = reports.get('failed-runs-partial.synthetic');
const large = reports.get('overhead-bound-tiny-tasks-10000.synthetic');

describe('results panel behaviour', () => {
  test('a <script> in the user traceback and verdict stays visible text', { skip: !failing }, async () => {
    const report = failing as Report;
    const { page, problems } = await web.reportPage(report);
    await waitForDone(page, report);
    const failed = report.runs.find((run) => run.error?.traceback?.includes('<script>'));
    assert.ok(failed, 'the fixture has a traceback with a script tag');
    const detail = page.locator(`tr[data-error-for="${failed.id}"] details`);
    await detail.locator('summary').click();
    assert.equal(await detail.locator('pre').textContent(), failed.error?.traceback);
    assert.match((await page.locator('#pp-verdict').textContent()) ?? '', /<script>alert\(1\)<\/script>/);
    assert.equal(await page.locator('#app script').count(), 0);
    await page.locator('#pp-table').screenshot({ path: path.join(SCREENSHOTS, 'failed-runs-table.png') });
    await assertClean(page, problems);
    await page.close();
  });

  test('names a JavaScript gil-free verdict in JavaScript\'s words: off the event loop, not the GIL', { skip: !primes }, async () => {
    const python = primes as Report;
    for (const [language, name] of [['python', 'GIL-free'], ['javascript', 'off the event loop']] as const) {
      const report: Report = { ...python, target: { ...python.target, language }, verdict: { ...python.verdict, kind: 'gil-free' } };
      const { page, problems } = await web.vsCodePage('panel');
      await postState(page, { kind: 'done', report, previous: null });
      await waitForDone(page, report);
      const badge = page.locator('#pp-verdict-heading .pp-badge');
      assert.equal((await badge.textContent())?.trim(), name, `${language}'s badge`);
      assert.match((await badge.getAttribute('class')) ?? '', /\bpp-badge-gil-free\b/, 'the kind keeps its colour');
      await assertClean(page, problems);
      await page.close();
    }
  });

  test('a partial report says which configurations did not run', { skip: !failing }, async () => {
    const report = failing as Report;
    const { page } = await web.reportPage(report);
    await waitForDone(page, report);
    const cancelled = report.runs.filter((run) => run.error?.kind === 'cancelled');
    const note = (await page.locator('.pp-partial').textContent()) ?? '';
    for (const run of cancelled) assert.ok(note.includes(run.executor), `${run.id} listed as not run`);
    await page.close();
  });

  test('the previous run shows beside the new one in the verdict and the table', { skip: !primes }, async () => {
    const report = primes as Report;
    const previous: Report = { ...report, createdAt: '2025-11-22T10:00:00.000Z', runs: report.runs.map((run) => ({ ...run, wallSeconds: run.wallSeconds && run.wallSeconds * 1.25 })) };
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report, previous });
    await waitForDone(page, report);
    assert.match((await page.locator('.pp-compare').textContent()) ?? '', /^Previous run: .* → now .*/);
    assert.equal(await page.locator('th', { hasText: 'Previous' }).count(), 1);
    assert.equal(await page.locator('td.pp-previous').count(), report.runs.length);
    await assertClean(page, problems);
    await page.close();
  });

  test('a previous run with other inputs is named, not compared', { skip: !primes }, async () => {
    const report = primes as Report;
    const previous: Report = { ...report, createdAt: '2025-11-22T10:00:00.000Z', target: { ...report.target, inputs: { expression: 'range(4)', count: 4 } } };
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report, previous });
    await waitForDone(page, report);
    assert.equal(await page.locator('.pp-compare').textContent(), 'Previous run not compared: it used other inputs (4 from range(4)).');
    assert.equal(await page.locator('th', { hasText: 'Previous' }).count(), 0);
    assert.equal(await page.locator('td.pp-previous').count(), 0);
    await assertClean(page, problems);
    await page.close();
  });

  test('what the function printed shows under the selected run as text, and a capped flood is said in the warnings and there', { skip: !primes }, async () => {
    const quiet = primes as Report;
    const flooded = quiet.runs.find((run) => run.executor === 'process' && !run.error);
    assert.ok(flooded, 'the fixture has a process run');
    const stdout = `${'x'.repeat(2000)}\n<script>alert(1)</script>\n… [198998000 bytes omitted] …\n${'y'.repeat(1000)}`;
    const report: Report = {
      ...quiet,
      runs: quiet.runs.map((run) => run.id === flooded.id
        ? { ...run, output: { stdout, stderr: 'careful\n', bytes: 200_000_000, truncated: true } }
        : run.executor === 'serial' ? { ...run, argBytes: 40, resultBytes: 160_000_000 } : run),
    };
    // The engine stores a report's warnings; a report changed by hand gets them as the engine words them.
    report.warnings = profileWarnings(report);
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report, previous: null });
    await waitForDone(page, report);
    const warnings = await page.locator('.pp-warnings li').allTextContents();
    assert.ok(warnings.some((line) => line.startsWith(`count_primes printed 200 MB of output in ${runLabel(flooded)}; the copy in the report is capped to its beginning and end.`)), warnings.join('\n'));
    await page.locator(`tr[data-run="${flooded.id}"]`).click();
    await page.waitForSelector(`.pp-output[data-run="${flooded.id}"]`);
    assert.match((await page.locator('.pp-output-capped').textContent()) ?? '', /printed 200 MB while it ran\. That is more than a report keeps/);
    assert.equal(await page.locator('.pp-output [data-stream=stdout] pre').textContent(), stdout);
    assert.equal(await page.locator('.pp-output [data-stream=stderr] pre').textContent(), 'careful\n');
    assert.equal(await page.locator('#app script').count(), 0, 'printed markup stays text');
    assert.equal(await page.locator('.pp-task-data').textContent(), "Each task's data is copied to a worker and back: arguments 5 B, results 20 MB per task.");
    const serial = report.runs.find((run) => run.executor === 'serial');
    assert.ok(serial);
    await page.locator(`tr[data-run="${serial.id}"]`).click();
    await page.waitForSelector(`.pp-output[data-run="${serial.id}"]`);
    assert.equal(await page.locator('.pp-output').textContent(), `${runLabel(serial)} printed nothing to stdout or stderr.`);
    assert.equal(await page.locator('.pp-task-data').count(), 0, 'serial copies nothing');
    await assertClean(page, problems);
    await page.close();
  });

  test('a report measured while other programs took a core warns first, with the figure', { skip: !primes }, async () => {
    const quiet = primes as Report;
    const busy: Report = { ...quiet, runs: quiet.runs.map((run) => ({ ...run, otherCores: run.error ? null : 1.2 })) };
    busy.warnings = profileWarnings(busy);
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report: busy, previous: null });
    await waitForDone(page, busy);
    const first = (await page.locator('.pp-warnings li').first().textContent()) ?? '';
    assert.match(first, /^Other programs kept 1\.2 of \d+ cores busy during the measurement/);
    const calm: Report = { ...quiet, runs: quiet.runs.map((run) => ({ ...run, otherCores: 0 })) };
    calm.warnings = profileWarnings(calm);
    await postState(page, { kind: 'done', report: calm, previous: null });
    await page.waitForFunction(() => !document.querySelector('.pp-warnings li')?.textContent?.startsWith('Other programs'));
    await assertClean(page, problems);
    await page.close();
  });

  test('buttons post copy, export and rerun; foreign messages are ignored', { skip: !primes }, async () => {
    const report = primes as Report;
    const { page } = await web.vsCodePage('panel');
    await page.evaluate(() => window.postMessage({ type: 'state', state: { kind: 'bogus' } }, '*'));
    await page.evaluate(() => window.postMessage({ hello: 'world' }, '*'));
    await page.waitForSelector('[data-state=idle]');
    await postState(page, { kind: 'done', report, previous: null });
    await waitForDone(page, report);
    await page.locator('[data-action=copy]').click();
    for (const format of ['json', 'html', 'csv', 'trace']) await page.locator(`[data-action=export-${format}]`).click();
    await page.locator('[data-action=rerun]').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await posted(page), [
      { type: 'ready' },
      { type: 'copy', text: report.verdict.code },
      { type: 'export', format: 'json' },
      { type: 'export', format: 'html' },
      { type: 'export', format: 'csv' },
      { type: 'export', format: 'trace' },
      { type: 'rerun' },
    ]);
    await page.close();
  });

  test('Open file:line on a failed run posts openSource with the error location', { skip: !failing }, async () => {
    const report = failing as Report;
    const located = report.runs.find((run) => run.error?.file && run.error.line);
    assert.ok(located?.error?.file && located.error.line, 'the fixture has an error with a location');
    const { page } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report, previous: null });
    await waitForDone(page, report);
    await page.locator(`tr[data-error-for="${located.id}"] [data-action=open-source]`).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'openSource', file: located.error.file, line: located.error.line });
    await page.close();
  });

  test('a report from a running Dask cluster names it, and offers its dashboard only at an http(s) address', { skip: !primes }, async () => {
    const base = primes as Report;
    const cluster = (dashboard: string | null, port = 8786): Report => ({
      ...base,
      createdAt: new Date(Date.parse(base.createdAt) + port).toISOString(),
      runtime: {
        ...base.runtime,
        daskCluster: {
          scheduler: `tcp://10.0.0.5:${port}`,
          workers: [{ address: 'tcp://10.0.0.6:40001', host: '10.0.0.6', nthreads: 1 }, { address: 'tcp://10.0.0.7:40002', host: '10.0.0.7', nthreads: 2 }],
          dashboard,
          versionMismatches: [{ package: 'toolz', here: '0.12.0', scheduler: '0.12.0', workers: ['0.11.2'] }],
        },
      },
    });
    const { page } = await web.vsCodePage('panel');
    const safe = cluster('http://10.0.0.5:8787/status');
    await postState(page, { kind: 'done', report: safe, previous: null });
    await waitForDone(page, safe);
    const environment = (await page.locator('.pp-environment').textContent()) ?? '';
    assert.match(environment, /Dask cluster/);
    assert.match(environment, /tcp:\/\/10\.0\.0\.5:8786/);
    assert.match(environment, /2 on 2 hosts/);
    assert.match(environment, /0\.12\.0 here, 0\.12\.0 on the scheduler, 0\.11\.2 on the workers/);
    await page.locator('[data-action=open-dashboard]').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'openDashboard' }, 'the panel names no address: the host reads it from the report');
    for (const [index, hostile] of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'javascript:alert(1)'].entries()) {
      const port = 9000 + index;
      const report = cluster(hostile, port);
      await postState(page, { kind: 'done', report, previous: null });
      await page.waitForFunction((scheduler: string) => document.querySelector('.pp-environment')?.textContent?.includes(scheduler) === true, `tcp://10.0.0.5:${port}`);
      assert.equal(await page.locator('[data-action=open-dashboard]').count(), 0, `no dashboard button for ${hostile}`);
    }
    await page.close();
  });

  test('a report too large for the webview state keeps only the selection, which applies when the report comes back', { skip: !primes }, async () => {
    const small = primes as Report;
    // Pad the task lists past the saved-state limit, as a run of 200,000 tiny tasks does.
    const report: Report = { ...small, runs: small.runs.map((run) => ({ ...run, tasks: Array.from({ length: 400 }, () => run.tasks).flat() })) };
    const chosen = report.runs[report.runs.length - 1];
    const first = await web.vsCodePage('panel');
    await postState(first.page, { kind: 'done', report, previous: null });
    await waitForDone(first.page, report);
    await first.page.locator(`tr[data-run="${chosen.id}"]`).click();
    await first.page.waitForSelector(`canvas.pp-timeline[data-run="${chosen.id}"]`);
    const saved = await first.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.ok(JSON.stringify(saved).length < 10_000, 'the report itself is not in the saved state');
    assert.deepEqual(saved, { state: { kind: 'idle' }, selectedRunId: chosen.id, reportCreatedAt: report.createdAt });
    await first.page.close();
    // After the reload the extension sends the report again from its store.
    const second = await web.vsCodePage('panel', { saved });
    await postState(second.page, { kind: 'done', report, previous: null });
    await second.page.waitForSelector(`canvas.pp-timeline[data-run="${chosen.id}"]`);
    await assertClean(second.page, second.problems);
    await second.page.close();
  });

  test('a report sent without its spans asks for the selected run\'s, draws them when they come, and ignores another report\'s', { skip: !large }, async () => {
    const report = large as Report;
    const lean: Report = { ...report, runs: report.runs.map((run) => ({ ...run, tasks: [] })) };
    const taskCounts = Object.fromEntries(report.runs.map((run) => [run.id, run.tasks.length]));
    const first = firstSelectedRun(report);
    assert.ok(first && first.tasks.length > 0, 'the fixture has a run with tasks');
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report: lean, previous: null, taskCounts });
    await page.waitForSelector('canvas.pp-timeline[data-loading=true]');
    assert.match((await page.locator('.pp-figure .pp-caption').first().textContent()) ?? '', new RegExp(`^Loading the ${first.tasks.length.toLocaleString('en')} tasks of`));
    assert.deepEqual((await posted(page)).filter((message) => message.type === 'tasks'), [{ type: 'tasks', runId: first.id }]);
    await postMessage(page, { type: 'tasks', reportCreatedAt: 'another report', runId: first.id, tasks: first.tasks.slice(0, 3) });
    await postMessage(page, { type: 'tasks', reportCreatedAt: report.createdAt, runId: first.id, tasks: first.tasks });
    await page.waitForSelector(`canvas.pp-timeline[data-run="${first.id}"]:not([data-loading])`);
    assert.equal(Number(await page.locator('canvas.pp-timeline').getAttribute('data-task-count')), first.tasks.length);
    const other = report.runs.find((run) => run.id !== first.id && run.tasks.length > 0);
    assert.ok(other);
    await page.locator(`tr[data-run="${other.id}"]`).click();
    await page.waitForFunction((id) => (window as unknown as { __posted: { type: string; runId?: string }[] }).__posted.some((m) => m.type === 'tasks' && m.runId === id), other.id);
    await page.locator(`tr[data-run="${first.id}"]`).click();
    await page.waitForSelector(`canvas.pp-timeline[data-run="${first.id}"]:not([data-loading])`);
    assert.equal((await posted(page)).filter((message) => message.type === 'tasks' && message.runId === first.id).length, 1, 'spans that came once are kept');
    const saved = await page.evaluate(() => JSON.stringify((window as unknown as { __state: unknown }).__state).length);
    assert.ok(saved < JSON.stringify(report).length / 2, 'the spans that came are not added to the saved state');
    await assertClean(page, problems);
    await page.close();
  });

  test('a reload restores the saved report and selection without a message', { skip: !primes }, async () => {
    const report = primes as Report;
    const chosen = report.runs[report.runs.length - 1];
    const { page, problems } = await web.vsCodePage('panel', { saved: { state: { kind: 'done', report, previous: null }, selectedRunId: chosen.id } });
    await page.waitForSelector(`canvas.pp-timeline[data-run="${chosen.id}"]`);
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await assertClean(page, problems);
    await page.close();
  });

  test('running shows progress and Cancel posts cancel; idle says how to start', async () => {
    const { page, problems } = await web.vsCodePage('panel', { colorScheme: 'dark' });
    assert.match((await page.locator('[data-state=idle]').textContent()) ?? '', /Command Palette.*CodeLens/);
    await postState(page, { kind: 'running', file: '/home/ana/primes.py', functionName: 'count_primes', current: 'process (spawn) × 2', runs: [], cores: null, elapsedSeconds: 12, leftSeconds: 21 });
    await page.waitForSelector('[data-state=running]');
    assert.equal(await page.locator('.pp-progress-text').textContent(), 'Now: process (spawn) × 2 … 12 s elapsed, about 20 s left');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'running-dark.png') });
    await page.locator('[data-action=cancel]').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'cancel' });
    await assertClean(page, problems);
    await page.close();
  });

  test('failed shows the message, what to do, the detail as text, and a re-run button', async () => {
    const detail = 'Traceback (most recent call last):\n  File "x.py", line 1\nImportError: <script>alert(1)</script>';
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'failed', message: 'The script failed to import.', hint: 'Fix the import error in x.py:1 and run again.', detail });
    await page.waitForSelector('[data-state=failed]');
    assert.equal(await page.locator('.pp-failure-message').textContent(), 'The script failed to import.');
    assert.match((await page.locator('.pp-failure .pp-hint').textContent()) ?? '', /^What to do: Fix the import/);
    assert.equal(await page.locator('.pp-detail').textContent(), detail);
    assert.equal(await page.locator('[data-action=rerun]').count(), 1);
    assert.equal(await page.locator('tr[data-run]').count(), 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'failed-state-light.png'), fullPage: true });
    await assertClean(page, problems);
    await page.close();
  });

  test('the canvases redraw in the new colours when the theme changes', { skip: !primes }, async () => {
    const report = primes as Report;
    const { page, problems } = await web.vsCodePage('panel');
    await postState(page, { kind: 'done', report, previous: null });
    await waitForDone(page, report);
    const redPixels = () => page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.pp-timeline');
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 0) count++;
      return count;
    });
    assert.equal(await redPixels(), 0);
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-charts-blue', 'rgb(255, 0, 0)');
      document.body.className = 'vscode-high-contrast';
    });
    await page.waitForFunction(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.pp-timeline');
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) return false;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 0) return true;
      return false;
    });
    assert.ok((await redPixels()) > 0);
    await assertClean(page, problems);
    await page.close();
  });

  test('hovering a task bar shows its index, worker, pid, thread, start, duration and CPU', { skip: !large }, async () => {
    const report = large as Report;
    const run = report.runs.reduce((most, candidate) => (candidate.workers > most.workers ? candidate : most));
    const { page } = await web.vsCodePage('panel', { saved: { state: { kind: 'done', report, previous: null }, selectedRunId: run.id } });
    await page.waitForSelector(`canvas.pp-timeline[data-run="${run.id}"][data-task-count="${run.tasks.length}"]`);
    const task = run.tasks[Math.floor(run.tasks.length / 2)];
    const row = [...new Set(run.tasks.map((span) => span.worker))].sort((a, b) => a - b).indexOf(task.worker);
    const point = await page.locator('canvas.pp-timeline').evaluate((canvas, { span, row }) => {
      const [start, end] = (canvas.dataset.domain ?? '0,1').split(',').map(Number);
      const left = Number(canvas.dataset.plotLeft);
      const right = canvas.getBoundingClientRect().width - 16;
      const rowHeight = Number(canvas.dataset.rowHeight);
      return { x: left + (((span.start + span.end) / 2 - start) / (end - start)) * (right - left), y: 6 + row * rowHeight + rowHeight / 2 };
    }, { span: task, row });
    await page.locator('canvas.pp-timeline').hover({ position: point });
    const tooltip = page.locator('.pp-tooltip');
    await tooltip.waitFor({ state: 'visible' });
    const text = (await tooltip.textContent()) ?? '';
    assert.match(text, /^task \d+worker \d+ · pid \d+ · thread \d+start .* · duration .*CPU /);
    await page.close();
  });

  test('the standalone export downloads the report as JSON, CSV and trace, and as HTML that renders again', { skip: !primes }, async () => {
    const report = primes as Report;
    const { page } = await web.reportPage(report);
    await waitForDone(page, report);
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-json]').click()]);
    assert.deepEqual(JSON.parse(readFileSync(await json.path(), 'utf8')), report);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-csv]').click()]);
    assert.equal(readFileSync(await csv.path(), 'utf8'), toCsv(report));
    const [trace] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-trace]').click()]);
    assert.deepEqual(JSON.parse(readFileSync(await trace.path(), 'utf8')), JSON.parse(JSON.stringify(toChromeTrace(report))));
    const [html] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-html]').click()]);
    const saved = path.join(web.browser.pagesDir, 'saved-export.html');
    await html.saveAs(saved);
    const again = await web.browser.context.newPage();
    const violations: string[] = [];
    again.on('console', (message) => { if (message.type() === 'error') violations.push(message.text()); });
    await again.goto(`file://${saved}`);
    await waitForDone(again, report);
    assert.equal(await again.locator('tr[data-run]').count(), report.runs.length);
    assert.deepEqual(violations, []);
    await again.close();
    await page.close();
  });
});
