// A profile in progress: what runs now, the time spent and roughly the time left, and the runs
// finished so far as the speedup chart and the table, growing. Updated in place, so a keyboard
// user's focus (Cancel) stays put, and each finished run is announced once to screen readers.
import type { RunningState } from '../../src/shared/messages';
import { runLabel, type Run } from '../../src/shared/report';
import { baseName, formatSpeedup } from '../../src/shared/format';
import { progressLine, timingText } from '../../src/shared/progressText';
import { button } from '../components';
import { h, section } from '../dom';
import type { PanelActions } from './actions';
import { RunTable } from './runTable';
import { renderSpeedupChart } from './speedupChart';

export interface RunningView {
  element: HTMLElement;
  update(state: RunningState): void;
}

/** What changes a row or the chart: a run added, or a figure moved (a serial measured again). */
function runsKey(state: RunningState): string {
  return JSON.stringify([state.cores, state.runs.map((run) => [run.id, run.speedup, run.wallSeconds, run.error?.kind ?? null])]);
}

/** "thread × 2 finished: 1.93× serial speed." — or why it failed. */
function finishedSentence(run: Run): string {
  if (run.error) return `${runLabel(run)} finished with an error: ${run.error.kind}.`;
  return `${runLabel(run)} finished: ${formatSpeedup(run.speedup)} the speed of serial.`;
}

export function createRunningView(first: RunningState, actions: PanelActions): RunningView {
  const title = h('h1', {});
  const where = h('p', { class: 'pp-muted' });
  const bar = h('progress', { max: 100, value: 0, 'aria-label': 'Share of the estimated profiling time spent' });
  // Not a live region: it changes every few seconds. Finished runs are announced below instead.
  const now = h('p', { class: 'pp-progress-text' });
  const announcer = h('p', { class: 'pp-visually-hidden', role: 'status', 'aria-live': 'polite' });
  const chartBox = h('div');
  const tableBox = h('div');
  const results = h('div', { class: 'pp-running-results' },
    section('pp-speedup', 'Speedup vs workers, so far', chartBox),
    section('pp-table', 'Finished so far', tableBox));
  const waiting = h('p', { class: 'pp-caption pp-running-waiting' }, 'Each configuration appears here as it finishes, the serial baseline first.');
  const element = h('div', { class: 'pp-running', 'data-state': 'running' }, title, where, bar, now);
  if (actions.cancel) element.append(h('div', { class: 'pp-actions' }, button('Cancel', actions.cancel, { secondary: true, action: 'cancel' })));
  element.append(announcer, waiting, results);

  let shownRuns: string | null = null;
  // The first state (a panel opened or reloaded part-way) announces nothing: only runs that finish while it is open.
  let announced: Set<string> | null = null;

  function update(state: RunningState): void {
    title.textContent = `Profiling ${state.functionName}`;
    where.textContent = `in ${baseName(state.file)}`;
    const total = state.leftSeconds === null ? null : state.elapsedSeconds + state.leftSeconds;
    bar.value = total ? Math.min(99, (100 * state.elapsedSeconds) / total) : 0;
    bar.setAttribute('aria-valuetext', timingText(state));
    now.textContent = state.current ? `Now: ${progressLine(state.current, state)}` : progressLine(null, state);
    const key = runsKey(state);
    if (key === shownRuns) return;
    shownRuns = key;
    waiting.hidden = state.runs.length > 0;
    results.hidden = state.runs.length === 0;
    chartBox.replaceChildren(renderSpeedupChart(state.runs, state.cores));
    tableBox.replaceChildren(new RunTable(state.runs, null, actions, null).element);
    const seen = announced;
    const fresh = seen ? state.runs.filter((run) => !seen.has(run.id)) : [];
    if (fresh.length > 0) announcer.textContent = fresh.map(finishedSentence).join(' ');
    announced = new Set(state.runs.map((run) => run.id));
  }

  update(first);
  return { element, update };
}
