// A scripted "new user" walkthrough in a real VS Code (code-server + Chromium): every example from
// the palette and from its CodeLens, reload, cancel, the core view, then every failure case and a
// missing interpreter. Screenshots and summary.md go to test-results/walkthrough/.
// Run: node --import tsx test/e2e/walkthrough.ts [--only <substrings of case ids, comma-separated>]   (not part of CI)
import { cpSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeProcesses, ProcessWatch, type WatchedProcess } from '../helpers/processWatch';
import { readCoreBars } from './coreView';
import { openSession, type Session, type SessionOptions } from './session';
import { repoRoot } from './vsix';
import { EXAMPLES, FAILURES, MISSING_INTERPRETER, describeShown, type ExampleCase, type FailureCase, type Shown } from './walkthroughCases';
import {
  Shots, closeResultsPanel, readComparisonLens, readShown, scrollToTable, settle, startFromLens, startFromPalette, waitForOutcome, waitForPanelDrawn,
} from './walkthroughUi';
import { editorTab, runCommand, waitInFrames } from './workbench';

const OUT = path.join(repoRoot, 'test-results', 'walkthrough');
/** One run of the default plan (repeat 3, every executor, the whole worker sweep) on a busy 2-core machine. */
const RUN_TIMEOUT_MS = 600_000;
const FAILURE_TIMEOUT_MS = 360_000;
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'python');
/** A user who profiles a broken function shortens the plan. */
const FAILURE_SETTINGS = { 'parallelProfiler.timeoutSeconds': 10, 'parallelProfiler.workers': [1, 2], 'parallelProfiler.repeat': 1 };

interface Row { caseId: string; how: string; expected: string; shown: string; ok: boolean; problems: string[]; seconds: number }
interface StepResult { shown: string; problems: string[] }

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] ?? '' : null;
// --only a,b runs the cases whose id contains any of the comma-separated parts.
const selected = (caseId: string): boolean => only === null || only.split(',').some((part) => part !== '' && caseId.includes(part));
const rows: Row[] = [];
const shots = new Shots(OUT);
let current: Session | undefined;
/** The watch of the run in progress: on Ctrl+C its processes are ended by pid, even once orphaned. */
let activeWatch: ProcessWatch | undefined;

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function record(caseId: string, how: string, shown: Shown): void {
  writeFileSync(path.join(shots.dir(caseId), `shown-${how}.json`), JSON.stringify(shown, null, 2));
}

/** Runs one step; a failure saves the session's artifacts into the case folder and the walkthrough goes on. */
async function step(session: Session, caseId: string, how: string, expected: string, body: () => Promise<StepResult>): Promise<void> {
  const started = Date.now();
  let row: Omit<Row, 'seconds'>;
  try {
    const result = await body();
    row = { caseId, how, expected, shown: result.shown, ok: result.problems.length === 0, problems: result.problems };
  } catch (error) {
    const saved = await session.saveFailure(`walkthrough ${caseId} ${how}`, error).catch(() => null);
    if (saved) {
      cpSync(saved, path.join(shots.dir(caseId), `failure-${how}`), { recursive: true });
      rmSync(saved, { recursive: true, force: true });
    }
    row = { caseId, how, expected, shown: `(step failed) ${message(error)}`, ok: false, problems: [message(error)] };
  }
  const done: Row = { ...row, seconds: (Date.now() - started) / 1000 };
  rows.push(done);
  console.log(`${done.ok ? 'ok  ' : 'FAIL'} ${caseId} (${how}, ${done.seconds.toFixed(0)} s): ${done.shown}${done.problems.length ? `\n     problems: ${done.problems.join('; ')}` : ''}`);
  await settle(session.page).catch(() => undefined);
}

function killOurs(list: WatchedProcess[]): void {
  for (const each of list) {
    try {
      process.kill(each.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Runs `body` while watching the run's processes (they carry PARALLEL_PROFILER_RUN and descend from
 * code-server, our child); afterwards any still alive is a problem, and is ended by its pid.
 */
async function watched<T>(body: (watch: ProcessWatch) => Promise<T>): Promise<{ value: T; leftovers: string[] }> {
  const watch = ProcessWatch.start(1000);
  activeWatch = watch;
  try {
    const value = await body(watch);
    const left = await watch.stop(5000);
    killOurs(left);
    return { value, leftovers: left.length > 0 ? [`processes of the run alive 5 s after the panel showed the end:\n${describeProcesses(left)}`] : [] };
  } catch (error) {
    killOurs(await watch.stop(5000));
    throw error;
  } finally {
    activeWatch = undefined;
  }
}

async function profileExample(session: Session, example: ExampleCase, caseId: string, how: 'palette' | 'CodeLens'): Promise<StepResult> {
  const { page } = session;
  await closeResultsPanel(page);
  const { value: outcome, leftovers } = await watched(async () => {
    const start = how === 'palette' ? startFromPalette : startFromLens;
    const refusal = await start(page, example.file, example.functionName, '', () => shots.take(page, caseId, `${how}-inputs`));
    if (refusal !== null) throw new Error(`the inputs box refused empty inputs: ${refusal}`);
    const drawn = await waitForPanelDrawn(page, 30_000);
    await shots.take(page, caseId, `${how}-running`);
    return { drawn, ...(await waitForOutcome(page, example.functionName, RUN_TIMEOUT_MS)) };
  });
  await shots.take(page, caseId, `${how}-verdict`);
  record(caseId, how, outcome.shown);
  const problems = [...leftovers];
  if (outcome.drawn === null) problems.push('the Results panel stayed blank for 30 s after the run started');
  if (outcome.shown.kind !== example.expected) problems.push(`verdict ${outcome.shown.kind ?? outcome.shown.state}, expected ${example.expected}`);
  let shown = describeShown(outcome.shown);
  if (how === 'CodeLens') {
    const lens = await readComparisonLens(page, example.file).catch((error: unknown) => {
      problems.push(`no comparison CodeLens after the run: ${message(error)}`);
      return null;
    });
    await shots.take(page, caseId, 'lens-comparison');
    if (lens) shown += ` · lens: "${lens}"`;
  }
  return { shown, problems };
}

async function reloadRestoresPanel(session: Session): Promise<StepResult> {
  const { page } = session;
  if ((await editorTab(page, 'Parallel Profiler').count()) === 0) await profileExample(session, EXAMPLES[0], 'a-reload', 'palette');
  const before = await waitInFrames(page, '#pp-verdict .pp-target', () => true, 60_000);
  await shots.take(page, 'a-reload', 'before');
  // The window either reloads, or VS Code says in a dialog why it would not.
  const reloaded = page.waitForEvent('domcontentloaded', { timeout: 180_000 }).then(() => 'reloaded' as const, () => 'timeout' as const);
  const refused = page.locator('.monaco-dialog-box').first().waitFor({ timeout: 180_000 }).then(() => 'dialog' as const, () => 'timeout' as const);
  const clicked = Date.now();
  await runCommand(page, 'Developer: Reload Window');
  const first = await Promise.race([reloaded, refused]);
  if (first !== 'reloaded') {
    const said = first === 'dialog' ? (await page.locator('.monaco-dialog-box').first().innerText()).replace(/\s+/g, ' ') : 'nothing for 180 s';
    await shots.take(page, 'a-reload', 'reload-refused');
    await page.keyboard.press('Escape');
    throw new Error(`the window did not reload; VS Code said: ${said}`);
  }
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
  await editorTab(page, 'Parallel Profiler').first().waitFor({ timeout: 90_000 });
  const after = await waitInFrames(page, '#pp-verdict .pp-target, [data-state="failed"]', () => true, 90_000);
  await shots.take(page, 'a-reload', 'after');
  const shown = await readShown(after.frame);
  record('a-reload', 'reload', shown);
  const problems = after.text === before.text ? [] : [`before: "${before.text}", after: "${after.text}"`];
  const took = ((Date.now() - clicked) / 1000).toFixed(0);
  return { shown: `restored after ${took} s: ${after.text} — ${describeShown(shown)}`, problems };
}

async function cancelLeavesPartialReport(session: Session): Promise<StepResult> {
  const { page } = session;
  await closeResultsPanel(page);
  const watch = ProcessWatch.start(500);
  activeWatch = watch;
  try {
    const refusal = await startFromPalette(page, 'primes.py', 'count_primes', '[400_000] * 16', () => shots.take(page, 'a-cancel', 'inputs'));
    if (refusal !== null) throw new Error(`the inputs box refused the inputs: ${refusal}`);
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Profiling count_primes' });
    await toast.filter({ hasText: /\b2 of \d+/ }).first().waitFor({ timeout: RUN_TIMEOUT_MS });
    const progress = ((await toast.first().locator('.notification-list-item-message').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const aliveBefore = watch.sample().length;
    await shots.take(page, 'a-cancel', 'before-cancel');
    await toast.first().locator('.monaco-button', { hasText: /^Cancel$/ }).first().click();
    const clicked = Date.now();
    const left = await watch.waitUntilGone(60_000);
    const goneAfter = (Date.now() - clicked) / 1000;
    const outcome = await waitForOutcome(page, 'count_primes', 120_000);
    await shots.take(page, 'a-cancel', 'after-cancel');
    record('a-cancel', 'cancel', outcome.shown);
    const shown = outcome.shown;
    const problems = [
      ...(aliveBefore === 0 ? ['no process of the run was seen before the click: the measurement below means nothing'] : []),
      ...(left.length > 0 ? [`still alive 60 s after Cancel:\n${describeProcesses(left)}`] : []),
      ...(shown.partial || (shown.state === 'failed' && /cancel/i.test(shown.message)) ? [] : ['neither a partial report nor a cancelled message']),
    ];
    killOurs(left);
    const gone = left.length === 0 ? `all ${aliveBefore} processes gone ${goneAfter.toFixed(1)} s after the click` : `${left.length} left`;
    return { shown: `progress "${progress}" → Cancel: ${gone}; ${describeShown(shown)}`, problems };
  } finally {
    killOurs(await watch.stop(5000));
    activeWatch = undefined;
  }
}

async function coreViewShowsBars(session: Session): Promise<StepResult> {
  await runCommand(session.page, 'Parallel Profiler: Show Core Utilization');
  const bars = await readCoreBars(session.page, 60_000);
  await shots.take(session.page, 'a-core-view', 'view');
  const cores = os.cpus().length;
  const problems = bars.length === cores ? [] : [`${bars.length} bars for ${cores} logical cores`];
  return { shown: `${bars.length} bars, loads ${bars.map((bar) => `${bar.core}: ${bar.load ?? '-'}%`).join(', ')}`, problems };
}

async function profileFailure(session: Session, failure: FailureCase, caseId: string): Promise<StepResult> {
  const { page } = session;
  await closeResultsPanel(page);
  const { value: shown, leftovers } = await watched(async () => {
    const refusal = await startFromPalette(page, failure.file, failure.functionName, failure.inputs, () => shots.take(page, caseId, 'inputs'));
    if (refusal !== null) {
      await shots.take(page, caseId, 'input-box');
      return { ...emptyShown(), state: 'input-box' as const, message: refusal };
    }
    const outcome = await waitForOutcome(page, failure.functionName, FAILURE_TIMEOUT_MS);
    await shots.take(page, caseId, 'outcome');
    if (outcome.shown.state === 'done') {
      await scrollToTable(outcome.frame);
      await shots.take(page, caseId, 'table');
    }
    return outcome.shown;
  });
  record(caseId, 'palette', shown);
  const notified = shown.notifications.length > 0 ? ` · notification: ${shown.notifications[0]}` : '';
  return { shown: `${describeShown(shown)}${notified}`, problems: [...failure.problems(shown), ...leftovers] };
}

function emptyShown(): Shown {
  return {
    state: 'done', kind: null, headline: '', explanation: '', partial: null, warnings: [], errorRows: [], errorText: '', statuses: [],
    message: '', hint: '', detail: '', reportText: '', environment: '', notifications: [],
  };
}

/** Opens a session (retrying: another helper's edit may break the VSIX build for a minute), runs body, closes it. */
async function inSession(options: SessionOptions, caseIds: string[], body: (session: Session) => Promise<void>): Promise<void> {
  if (!caseIds.some(selected)) return;
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3 && !current; attempt++) {
    try {
      current = await openSession(options);
    } catch (error) {
      lastError = error;
      console.error(`session did not start (attempt ${attempt}): ${message(error)}`);
      if (attempt < 3) await new Promise((resolve) => setTimeout(resolve, 60_000));
    }
  }
  if (!current) {
    for (const caseId of caseIds.filter(selected)) rows.push({ caseId, how: '-', expected: '-', shown: `session did not start: ${message(lastError)}`, ok: false, problems: [], seconds: 0 });
    return;
  }
  try {
    await body(current);
  } finally {
    await current.close().catch(() => undefined);
    current = undefined;
  }
}

/** A run of some cases (--only) writes its own summary, so the full run's summary.md stays whole. */
const summaryPath = path.join(OUT, only === null ? 'summary.md' : `summary-only-${only.replace(/[^\w-]+/g, '_')}.md`);
const cell = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 600);

function writeSummary(startedAt: Date, loadStart: number[], loadEnd: number[]): void {
  const total = (Date.now() - startedAt.getTime()) / 1000;
  const load = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' / ');
  const lines = [
    '# Parallel Profiler walkthrough, as a new user',
    '',
    `Started ${startedAt.toISOString()}; total ${(total / 60).toFixed(1)} min; ${os.cpus().length} logical cores.`,
    `Load average (1 / 5 / 15 min) at start ${load(loadStart)}, at end ${load(loadEnd)}.${only !== null ? ` Only cases matching "${only}".` : ''}`,
    '',
    '- Session A (a-…): a copy of examples/ with the defaults a new user has (repeat 3, default executors, default worker sweep).',
    `- Session B (b-…): copies of test/fixtures/python with ${JSON.stringify(FAILURE_SETTINGS)}: a user who profiles a broken function would shorten the plan like this.`,
    '- Session C (c-…): `parallelProfiler.pythonPath: "/nonexistent/python3"`.',
    '',
    '| case | how started | expected | what the panel showed | ok? | seconds |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => {
      const ok = row.ok ? 'yes' : `**no**: ${row.problems.join('; ')}`;
      return `| ${row.caseId} | ${row.how} | ${cell(row.expected)} | ${cell(row.shown)} | ${cell(ok)} | ${row.seconds.toFixed(0)} |`;
    }),
    '',
    `Screenshots: test-results/walkthrough/<case>/ (numbered); shown-*.json hold everything read from the panel.`,
  ];
  writeFileSync(summaryPath, `${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadStart = os.loadavg();
  mkdirSync(OUT, { recursive: true });
  const exampleIds = EXAMPLES.map((example) => `a-${example.id}`);
  for (const caseId of [...exampleIds, 'a-reload', 'a-cancel', 'a-core-view', ...FAILURES.map((f) => `b-${f.id}`), `c-${MISSING_INTERPRETER.id}`]) {
    if (selected(caseId)) rmSync(path.join(OUT, caseId), { recursive: true, force: true });
  }

  await inSession({ trusted: true }, [...exampleIds, 'a-reload', 'a-cancel', 'a-core-view'], async (session) => {
    for (const example of EXAMPLES) {
      const caseId = `a-${example.id}`;
      if (!selected(caseId)) continue;
      const name = `${example.file} ${example.functionName}`;
      await step(session, caseId, 'palette', `${example.expected} (${name})`, () => profileExample(session, example, caseId, 'palette'));
      await step(session, caseId, 'CodeLens', `${example.expected} (${name})`, () => profileExample(session, example, caseId, 'CodeLens'));
    }
    if (selected('a-reload')) await step(session, 'a-reload', 'Developer: Reload Window', 'the Results panel comes back with its verdict', () => reloadRestoresPanel(session));
    if (selected('a-cancel')) await step(session, 'a-cancel', 'palette, then Cancel on the notification', 'partial report (or a cancelled message); no process left', () => cancelLeavesPartialReport(session));
    if (selected('a-core-view')) await step(session, 'a-core-view', 'palette: Show Core Utilization', `one bar per logical core (${os.cpus().length})`, () => coreViewShowsBars(session));
  });

  await inSession({ trusted: true, workspaceFrom: [FIXTURES], settings: FAILURE_SETTINGS }, FAILURES.map((f) => `b-${f.id}`), async (session) => {
    for (const failure of FAILURES) {
      const caseId = `b-${failure.id}`;
      if (!selected(caseId)) continue;
      const how = `palette, inputs \`${failure.inputs || '(empty)'}\``;
      await step(session, caseId, how, `${failure.file} ${failure.functionName}: ${failure.expected}`, () => profileFailure(session, failure, caseId));
    }
  });

  const missing = MISSING_INTERPRETER;
  const settings = { 'parallelProfiler.pythonPath': '/nonexistent/python3' };
  await inSession({ trusted: true, workspaceFrom: [FIXTURES], settings }, [`c-${missing.id}`], async (session) => {
    await step(session, `c-${missing.id}`, 'palette, inputs `(empty)`', missing.expected, () => profileFailure(session, missing, `c-${missing.id}`));
  });

  writeSummary(startedAt, loadStart, os.loadavg());
  console.log(`summary: ${summaryPath}`);
  process.exitCode = rows.some((row) => row.ok === false) ? 1 : 0;
}

// Ctrl+C: close the open session (code-server and Chromium by their pids) before leaving. Playwright
// may exit on SIGINT first: the exit hook then ends the run's processes (a harness outlives a killed
// extension host) and removes the session's temp folder.
process.on('exit', () => {
  if (activeWatch) killOurs(activeWatch.alive());
  if (current) rmSync(path.dirname(current.workspace), { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: closing the session`);
    void (current?.close() ?? Promise.resolve()).catch(() => undefined).finally(() => process.exit(130));
  });
}

main().catch(async (error: unknown) => {
  console.error(error);
  await current?.close().catch(() => undefined);
  process.exit(1);
});
