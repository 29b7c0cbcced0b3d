// The finished report, in reading order: verdict, speedup, table, then the selected run's timeline,
// core heatmap, overheads and output, the environment and the exports. Selecting a row redraws only 4–6.
import { taskDataSizes } from '../../src/shared/taskData';
import { projectReport } from '../../src/shared/projection';
import type { TaskCounts } from '../../src/shared/messages';
import type { Report, Run, TaskSpan } from '../../src/shared/report';
import { runLabel, whyNotComparable } from '../../src/shared/report';
import { button } from '../components';
import { h, section } from '../dom';
import type { PanelActions } from './actions';
import { renderEnvironment } from './environment';
import { HeatmapView } from './heatmap';
import { renderOutput } from './output';
import { renderOverheads } from './overheads';
import { RunTable } from './runTable';
import { renderSpeedupChart } from './speedupChart';
import { TimelineView } from './timeline';
import { HistoryView } from './history';
import { bestRun, renderVerdictCard } from './verdictCard';

const EXPORT_LABELS = { json: 'Export JSON', html: 'Export HTML', csv: 'Export CSV', trace: 'Export trace' } as const;

export interface DoneView {
  element: HTMLElement;
  /** Draws the canvases; call once the element is in the document, and again on resize or theme change. */
  redraw(): void;
  select(runId: string): void;
  /** One run's task spans, for a report that came without them (`taskCounts`). */
  tasksArrived(runId: string, tasks: TaskSpan[]): void;
  /** The function's stored reports, and a comparison of two of them. */
  history: HistoryView | null;
}

/** The run shown first: the remembered one, else the best, else the first that has tasks. */
export function defaultRunId(report: Report, remembered: string | null, taskCounts: TaskCounts | null = null): string | null {
  if (remembered && report.runs.some((run) => run.id === remembered)) return remembered;
  const count = (run: Run): number => taskCounts?.[run.id] ?? run.tasks.length;
  return bestRun(report)?.id ?? report.runs.find((run) => count(run) > 0)?.id ?? report.runs[0]?.id ?? null;
}

/** `taskCounts` is set when the report came without its task spans: they are asked for run by run. */
export function createDoneView(
  report: Report,
  previous: Report | null,
  actions: PanelActions,
  selected: string | null,
  onSelect: (runId: string) => void,
  taskCounts: TaskCounts | null = null,
): DoneView {
  const arrived = new Map<string, TaskSpan[]>();
  let shownRunId: string | null = null;
  const timeline = new TimelineView();
  const heatmap = new HeatmapView();
  const overheadsBox = h('div');
  const outputBox = h('div');
  const taskData = taskDataSizes(report.runs, report.target.inputs.count);
  const selectedLabel = h('p', { class: 'pp-selected-label', 'aria-live': 'polite' });
  // A previous run with other inputs did other work: it is named, not compared.
  const comparable = previous && whyNotComparable(report, previous) === null ? previous : null;
  const table = new RunTable(
    report.runs,
    comparable,
    actions,
    (runId) => {
      select(runId);
      onSelect(runId);
    },
    report.verdict,
  );

  // The history comes from the store, in VS Code only: a standalone export has none.
  const history = actions.compareHistory ? new HistoryView(report.createdAt, actions.compareHistory) : null;

  const exportBar = h('div', { class: 'pp-actions', role: 'toolbar', 'aria-label': 'Export' });
  for (const format of actions.exportFormats) {
    exportBar.append(button(EXPORT_LABELS[format], () => actions.exportAs(format), { secondary: true, action: `export-${format}` }));
  }
  if (actions.rerun) exportBar.append(button('Re-run', actions.rerun, { action: 'rerun' }));

  const element = h(
    'div',
    { class: 'pp-done' },
    renderVerdictCard(report, previous, actions),
    section('pp-speedup', 'Speedup vs workers', renderSpeedupChart(report.runs, report.machine, projectReport(report))),
    section('pp-table', 'Wall time per configuration', table.element),
    history ? section('pp-history', 'History of this function', history.element) : null,
    section('pp-run', 'Selected run', selectedLabel,
      h('h3', {}, 'Tasks over time'), timeline.element,
      h('h3', {}, 'Core load over time'), heatmap.element,
      h('h3', {}, 'Overheads'), overheadsBox,
      h('h3', {}, 'Output'), outputBox),
    section('pp-environment', 'Environment', renderEnvironment(report, actions)),
    section('pp-export', 'Export', exportBar),
  );

  /** The run with its spans: its own, or the ones the host sent; null while they are on their way. */
  function withTasks(run: Run): Run | null {
    const expected = taskCounts?.[run.id] ?? 0;
    if (!taskCounts || expected === 0 || run.tasks.length > 0) return run;
    const tasks = arrived.get(run.id);
    return tasks ? { ...run, tasks } : null;
  }

  function select(runId: string): void {
    const found = report.runs.find((candidate) => candidate.id === runId);
    if (!found) return;
    shownRunId = found.id;
    table.select(found.id);
    selectedLabel.textContent = `${runLabel(found)}${found.error ? ` — ${found.error.kind}` : ''} (select another row in the table above)`;
    const run = withTasks(found);
    if (run) timeline.show(run);
    else {
      timeline.showLoading(found, taskCounts?.[found.id] ?? 0);
      actions.requestTasks?.(found.id);
    }
    heatmap.show(run ?? found, report.machine.logicalCores);
    overheadsBox.replaceChildren(renderOverheads(found, taskData));
    outputBox.replaceChildren(renderOutput(found));
  }

  const first = defaultRunId(report, selected, taskCounts);
  if (first) select(first);
  return {
    element,
    redraw: () => {
      timeline.draw();
      heatmap.draw();
    },
    select,
    history,
    tasksArrived: (runId, tasks) => {
      arrived.set(runId, tasks);
      if (runId !== shownRunId) return;
      const run = report.runs.find((candidate) => candidate.id === runId);
      if (!run) return;
      timeline.show({ ...run, tasks });
      heatmap.show({ ...run, tasks }, report.machine.logicalCores);
    },
  };
}
