// The wall-time table: one row per configuration with its spread, speedup, efficiency, CPU use and
// start-up; failed rows say why. A row is selectable by click, Enter or Space, and arrows move focus
// (in a finished report; while a profile runs there is nothing below to show for a row).
import type { Report, Run, Verdict } from '../../src/shared/report';
import { fastestRun, isRecommendedRun, runLabel } from '../../src/shared/report';
import { badge, button } from '../components';
import { h } from '../dom';
import { baseName, formatBytes, formatPercent, formatSeconds, formatSpeedup, formatSpeedupRange } from '../../src/shared/format';
import type { PanelActions } from './actions';

export class RunTable {
  readonly element: HTMLElement;
  private readonly rows = new Map<string, HTMLTableRowElement>();

  /** `onSelect` null: rows are not selectable (a profile in progress, nothing to show for a row). */
  constructor(
    runs: readonly Run[],
    previous: Report | null,
    actions: PanelActions,
    private readonly onSelect: ((runId: string) => void) | null,
    /** The finished report's verdict: its recommended row is marked, and the fastest named when it differs. */
    verdict: Pick<Verdict, 'best'> | null = null,
  ) {
    const previousRuns = new Map((previous?.runs ?? []).map((run) => [run.id, run]));
    // The answer first (speedup, then wall), so a half-width panel shows it without scrolling.
    const headers: [string, string][] = [
      ['Configuration', 'Executor, start method and workers'],
      ['Speedup', 'Serial wall time ÷ this wall time, with its 95% interval from the repeats'],
      ['Wall', 'Median wall time over the repeats, with the fastest and slowest under it'],
      ['Efficiency', 'Speedup ÷ workers'],
      ['CPU', 'CPU time ÷ (wall time × workers)'],
      ['Start-up', 'Time to start the pool before the first task'],
      ['Memory', 'Highest memory of the configuration, all its workers together (proportional set size: pages forked workers share counted once)'],
    ];
    if (previous) headers.push(['Previous', 'Wall time and speedup of the same configuration in the previous run']);
    headers.push(['Status', 'ok, or why the configuration failed']);
    const body = h('tbody');
    // While a profile runs there is no verdict yet: nothing is recommended, no row is singled out.
    const fastest = verdict ? fastestRun(runs) : null;
    for (const run of runs) {
      const row = this.buildRow(run, previous ? previousRuns.get(run.id) ?? null : undefined, verdict ? isRecommendedRun(verdict, run) : false, run === fastest);
      this.rows.set(run.id, row);
      body.append(row);
      if (run.error) {
        // The why of a failure gets the full width of the table, in a row under the run's numbers.
        const detail = h('tr', { class: 'pp-error-row', 'data-error-for': run.id }, h('td', { colspan: headers.length }, h('div', { class: 'pp-error-body' }, ...errorDetail(run, actions))));
        detail.addEventListener('click', (event) => {
          if (!(event.target as Element).closest('summary, vscode-button, pre')) this.onSelect?.(run.id);
        });
        body.append(detail);
      }
    }
    const table = h(
      'table',
      { class: 'pp-runs', 'aria-describedby': 'pp-runs-help' },
      h('thead', {}, h('tr', {}, ...headers.map(([text, title], index) => h('th', { scope: 'col', title, class: index > 0 && text !== 'Status' ? 'pp-num' : null }, text)))),
      body,
    );
    const help = onSelect ? 'Select a row to see its timeline, core load, overheads and output below.' : 'The configurations finished so far, in the order they ran.';
    this.element = h('div', {},
      h('p', { id: 'pp-runs-help', class: 'pp-caption' }, help),
      h('div', { class: 'pp-table-scroll' }, table));
  }

  select(runId: string): void {
    for (const [id, row] of this.rows) {
      row.classList.toggle('pp-selected', id === runId);
      row.setAttribute('aria-current', id === runId ? 'true' : 'false');
    }
  }

  private buildRow(run: Run, previous: Run | null | undefined, recommended: boolean, fastest: boolean): HTMLTableRowElement {
    const spread = run.wallSpread && run.repeats.length > 1 ? `${formatSeconds(run.wallSpread.min)} – ${formatSeconds(run.wallSpread.max)}` : run.repeats.length === 1 && run.error === null ? 'timed once' : null;
    const cells = [
      // A narrow panel may wrap the label, but never between × and the worker count.
      h('th', { scope: 'row' }, runLabel({ ...run, chunksize: null }).replace(/ × /g, '\u00a0×\u00a0'), run.chunksize ? h('span', { class: 'pp-muted pp-sub' }, `chunksize ${run.chunksize}`) : null,
        // The advice and the fastest measured differ when the fastest won only within the noise.
        recommended ? h('span', { class: 'pp-sub pp-recommended-mark' }, 'recommended') : fastest ? h('span', { class: 'pp-muted pp-sub' }, 'fastest measured') : null),
      h('td', { class: 'pp-num pp-speedup-cell' }, formatSpeedupRange(run.speedup, run.speedupLow, run.speedupHigh)),
      h('td', { class: 'pp-num' }, formatSeconds(run.wallSeconds), spread ? h('span', { class: 'pp-muted pp-sub', title: run.repeats.length > 1 ? 'fastest – slowest repeat' : 'one timing: no spread to read' }, spread) : null),
      h('td', { class: 'pp-num' }, formatPercent(run.efficiency)),
      h('td', { class: 'pp-num' }, formatPercent(run.cpuUtilization)),
      h('td', { class: 'pp-num' }, run.executor === 'serial' ? '—' : formatSeconds(run.startupSeconds)),
      h('td', { class: 'pp-num pp-memory-cell' }, formatBytes(run.peakMemoryBytes)),
    ];
    if (previous !== undefined) {
      cells.push(h('td', { class: 'pp-num pp-previous' }, previous ? `${formatSeconds(previous.wallSeconds)} · ${formatSpeedup(previous.speedup)}` : 'not run'));
    }
    cells.push(h('td', { class: 'pp-status' }, ...statusOf(run)));
    const className = run.error ? 'pp-run pp-failed' : recommended ? 'pp-run pp-recommended' : 'pp-run';
    const onSelect = this.onSelect;
    if (!onSelect) return h('tr', { 'data-run': run.id, class: className }, ...cells);
    const row = h('tr', { tabindex: 0, 'data-run': run.id, class: className, 'aria-current': 'false' }, ...cells);
    row.addEventListener('click', (event) => {
      if ((event.target as Element).closest('summary, vscode-button, a')) return;
      onSelect(run.id);
    });
    row.addEventListener('keydown', (event) => this.onKey(event, row, run.id, onSelect));
    return row;
  }

  private onKey(event: KeyboardEvent, row: HTMLTableRowElement, runId: string, onSelect: (runId: string) => void): void {
    if (event.target !== row) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(runId);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      if (next instanceof HTMLElement) next.focus();
    }
  }
}

function statusOf(run: Run): (Node | string)[] {
  const notes = run.warnings.length > 0 ? [h('span', { class: 'pp-warning-mark', title: run.warnings.join('\n') }, `⚠ ${run.warnings.length}`)] : [];
  return [run.error ? badge(run.error.kind, 'error') : 'ok', ...notes];
}

function errorDetail(run: Run, actions: PanelActions): (Node | string)[] {
  const error = run.error;
  if (!error) return [];
  const parts: (Node | string)[] = [
    h('p', { class: 'pp-error-message' }, h('strong', {}, `${runLabel(run)}: `), error.message),
    h('p', { class: 'pp-hint' }, error.hint),
  ];
  if (error.file && error.line && actions.openSource) {
    const { file, line } = error;
    const open = actions.openSource;
    parts.push(button(`Open ${baseName(file)}:${line}`, () => open(file, line), { secondary: true, action: 'open-source' }));
  } else if (error.file) {
    parts.push(h('p', { class: 'pp-muted' }, `${error.file}${error.line ? `:${error.line}` : ''}`));
  }
  const detail = [error.traceback, run.output.stderr].filter((text): text is string => Boolean(text && text.trim()));
  if (detail.length > 0) {
    const title = error.traceback ? 'Traceback' : 'Error output';
    const text = [...new Set(detail.map((part) => part.trimEnd()))].join('\n\n');
    parts.push(h('details', { class: 'pp-traceback' }, h('summary', {}, title), h('pre', {}, text)));
  }
  return parts;
}
