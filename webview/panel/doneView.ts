// The finished report, in reading order: verdict, speedup, table, then the selected run's timeline,
// core heatmap, overheads and output, the environment and the exports. Selecting a row redraws only 4–6.
import { taskDataSizes } from '../../src/core/taskData';
import type { Report } from '../../src/shared/report';
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
import { bestRun, renderVerdictCard } from './verdictCard';

const EXPORT_LABELS = { json: 'Export JSON', html: 'Export HTML', csv: 'Export CSV', trace: 'Export trace' } as const;

export interface DoneView {
  element: HTMLElement;
  /** Draws the canvases; call once the element is in the document, and again on resize or theme change. */
  redraw(): void;
  select(runId: string): void;
}

/** The run shown first: the remembered one, else the best, else the first that has tasks. */
export function defaultRunId(report: Report, remembered: string | null): string | null {
  if (remembered && report.runs.some((run) => run.id === remembered)) return remembered;
  return bestRun(report)?.id ?? report.runs.find((run) => run.tasks.length > 0)?.id ?? report.runs[0]?.id ?? null;
}

export function createDoneView(
  report: Report,
  previous: Report | null,
  actions: PanelActions,
  selected: string | null,
  onSelect: (runId: string) => void,
): DoneView {
  const timeline = new TimelineView();
  const heatmap = new HeatmapView();
  const overheadsBox = h('div');
  const outputBox = h('div');
  const taskData = taskDataSizes(report.runs, report.target.inputs.count);
  const selectedLabel = h('p', { class: 'pp-selected-label', 'aria-live': 'polite' });
  // A previous run with other inputs did other work: it is named, not compared.
  const comparable = previous && whyNotComparable(report, previous) === null ? previous : null;
  const table = new RunTable(report, comparable, actions, (runId) => {
    select(runId);
    onSelect(runId);
  });

  const exportBar = h('div', { class: 'pp-actions', role: 'toolbar', 'aria-label': 'Export' });
  for (const format of actions.exportFormats) {
    exportBar.append(button(EXPORT_LABELS[format], () => actions.exportAs(format), { secondary: true, action: `export-${format}` }));
  }
  if (actions.rerun) exportBar.append(button('Re-run', actions.rerun, { action: 'rerun' }));

  const element = h(
    'div',
    { class: 'pp-done' },
    renderVerdictCard(report, previous, actions),
    section('pp-speedup', 'Speedup vs workers', renderSpeedupChart(report.runs, report.machine)),
    section('pp-table', 'Wall time per configuration', table.element),
    section('pp-run', 'Selected run', selectedLabel,
      h('h3', {}, 'Tasks over time'), timeline.element,
      h('h3', {}, 'Core load over time'), heatmap.element,
      h('h3', {}, 'Overheads'), overheadsBox,
      h('h3', {}, 'Output'), outputBox),
    section('pp-environment', 'Environment', renderEnvironment(report)),
    section('pp-export', 'Export', exportBar),
  );

  function select(runId: string): void {
    const run = report.runs.find((candidate) => candidate.id === runId);
    if (!run) return;
    table.select(run.id);
    selectedLabel.textContent = `${runLabel(run)}${run.error ? ` — ${run.error.kind}` : ''} (select another row in the table above)`;
    timeline.show(run);
    heatmap.show(run, report.machine.logicalCores);
    overheadsBox.replaceChildren(renderOverheads(run, taskData));
    outputBox.replaceChildren(renderOutput(run));
  }

  const first = defaultRunId(report, selected);
  if (first) select(first);
  return {
    element,
    redraw: () => {
      timeline.draw();
      heatmap.draw();
    },
    select,
  };
}
