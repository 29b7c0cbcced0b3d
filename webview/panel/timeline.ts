// Per-task timeline of one run on a canvas: rows are workers, bars are tasks coloured by how much of
// their time was CPU. Drawn as one path per colour, so 10,000+ tasks stay fast; hover shows a task.
import { runLabel, type Run, type TaskSpan } from '../../src/shared/report';
import { availableWidth, prepareCanvas } from '../canvas';
import { h } from '../dom';
import { formatBytes, formatPercent, formatSeconds } from '../../src/shared/format';
import { canvasPalette, type CanvasPalette } from '../theme';
import { AXIS_HEIGHT, PLOT_LEFT, canvasFont, drawTimeTicks, timeAxis, type TimeAxis } from './timeAxis';

const TOP = 6;

type Shade = 'cpuHigh' | 'cpuMid' | 'cpuLow' | 'cpuUnknown';
const SHADES: { shade: Shade; label: string }[] = [
  { shade: 'cpuHigh', label: 'CPU ≥ 70% of the task' },
  { shade: 'cpuMid', label: 'CPU 30–70%' },
  { shade: 'cpuLow', label: 'CPU < 30% (waiting)' },
  { shade: 'cpuUnknown', label: 'CPU not measured' },
];

function shadeOf(task: TaskSpan): Shade {
  const duration = task.end - task.start;
  if (task.cpuSeconds === null || !(duration > 0)) return 'cpuUnknown';
  const share = task.cpuSeconds / duration;
  return share >= 0.7 ? 'cpuHigh' : share >= 0.3 ? 'cpuMid' : 'cpuLow';
}

interface Layout {
  axis: TimeAxis;
  rowHeight: number;
  width: number;
}

/** "1,200 tasks", or, for a run whose report kept only some spans, how many of how many and why. */
function taskCount(run: Run): string {
  const summary = run.tasksSummary;
  if (!summary || summary.count <= run.tasks.length) return `${run.tasks.length.toLocaleString('en')} tasks`;
  const count = summary.count.toLocaleString('en');
  return `${run.tasks.length.toLocaleString('en')} of ${count} tasks, spread evenly over the run: a report keeps only these, so gaps between bars also hold tasks left out (the figures above used all ${count})`;
}

export class TimelineView {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { class: 'pp-timeline', role: 'img', tabindex: 0 });
  private readonly tooltip = h('div', { class: 'pp-tooltip', role: 'tooltip', hidden: true });
  private readonly caption = h('p', { class: 'pp-caption' });
  private run: Run | null = null;
  /** Tasks of each worker row, sorted by start: the hover search is a binary search. */
  private rows: TaskSpan[][] = [];
  private layout: Layout | null = null;

  constructor() {
    const legend = h('ul', { class: 'pp-swatches', 'aria-label': 'Bar colours' });
    for (const { shade, label } of SHADES) legend.append(h('li', {}, h('span', { class: `pp-swatch pp-${shade}` }), label));
    this.element = h('figure', { class: 'pp-figure' }, h('div', { class: 'pp-canvas-box' }, this.canvas, this.tooltip), legend, this.caption);
    this.canvas.addEventListener('mousemove', (event) => this.hover(event));
    this.canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
  }

  show(run: Run): void {
    this.run = run;
    delete this.canvas.dataset.loading;
    const byWorker = new Map<number, TaskSpan[]>();
    for (const task of run.tasks) {
      const list = byWorker.get(task.worker);
      if (list) list.push(task);
      else byWorker.set(task.worker, [task]);
    }
    this.rows = [...byWorker.keys()].sort((a, b) => a - b).map((worker) => {
      const list = byWorker.get(worker) ?? [];
      return list.sort((a, b) => a.start - b.start);
    });
    this.canvas.dataset.run = run.id;
    this.canvas.dataset.taskCount = String(run.tasks.length);
    this.canvas.dataset.workerRows = String(this.rows.length);
    this.caption.textContent =
      run.tasks.length === 0
        ? `No tasks were recorded for ${run.id}${run.error ? ` (${run.error.kind})` : ''}.`
        : `${taskCount(run)} on ${this.rows.length} worker${this.rows.length === 1 ? '' : 's'}; shaded: pool start-up. Hover a bar for the task.`;
    this.tooltip.hidden = true;
    this.draw();
  }

  /** While a run's spans are on their way from the extension: an empty plot that says so. */
  showLoading(run: Run, count: number): void {
    this.show({ ...run, tasks: [] });
    this.canvas.dataset.loading = 'true';
    this.caption.textContent = `Loading the ${count.toLocaleString('en')} tasks of ${runLabel(run)}…`;
  }

  draw(): void {
    const run = this.run;
    if (!run || !this.element.isConnected) return;
    const began = performance.now();
    const palette = canvasPalette();
    const width = availableWidth(this.element);
    const rowCount = Math.max(1, this.rows.length);
    const rowHeight = rowCount > 24 ? 10 : rowCount > 8 ? 16 : 24;
    const plotBottom = TOP + rowCount * rowHeight;
    const context = prepareCanvas(this.canvas, width, plotBottom + AXIS_HEIGHT);
    context.font = canvasFont();
    const axis = timeAxis(run, width);
    this.layout = { axis, rowHeight, width };
    this.canvas.dataset.rowHeight = String(rowHeight);
    this.canvas.dataset.domain = `${axis.start},${axis.end}`;
    this.canvas.dataset.plotLeft = String(PLOT_LEFT);

    const startup = run.executor === 'serial' ? 0 : run.startupSeconds ?? 0;
    if (startup > 0) {
      const from = axis.scale(Math.max(axis.start, -startup));
      context.fillStyle = palette.startup;
      context.globalAlpha = 0.35;
      context.fillRect(from, TOP, Math.max(1, axis.scale(0) - from), plotBottom - TOP);
      context.globalAlpha = 1;
    }
    drawTimeTicks(context, axis, TOP, plotBottom, palette, true);
    this.drawRowLabels(context, palette, rowHeight);
    this.drawBars(context, palette, axis, rowHeight);
    this.canvas.setAttribute(
      'aria-label',
      `Timeline of ${run.id}: ${run.tasks.length} tasks on ${this.rows.length} workers, from ${formatSeconds(axis.start)} to ${formatSeconds(axis.end)}.`,
    );
    this.canvas.dataset.drawMs = (performance.now() - began).toFixed(2);
  }

  private drawRowLabels(context: CanvasRenderingContext2D, palette: CanvasPalette, rowHeight: number): void {
    context.fillStyle = palette.foreground;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    const every = rowHeight < 14 ? Math.ceil(14 / rowHeight) : 1;
    this.rows.forEach((tasks, row) => {
      if (row % every !== 0) return;
      // A Dask worker is named by its address (host:port), which says which host it is on.
      const address = tasks[0]?.workerAddress?.replace(/^\w+:\/\//, '');
      context.fillText(address ?? `worker ${tasks[0]?.worker ?? row}`, PLOT_LEFT - 8, TOP + row * rowHeight + rowHeight / 2, PLOT_LEFT - 12);
    });
  }

  private drawBars(context: CanvasRenderingContext2D, palette: CanvasPalette, axis: TimeAxis, rowHeight: number): void {
    const gap = rowHeight > 12 ? 3 : 1;
    const paths = new Map<Shade, Path2D>();
    this.rows.forEach((tasks, row) => {
      const y = TOP + row * rowHeight + gap;
      for (const task of tasks) {
        const shade = shadeOf(task);
        let path = paths.get(shade);
        if (!path) paths.set(shade, (path = new Path2D()));
        const x = axis.scale(task.start);
        const width = axis.scale(task.end) - x;
        // A pixel of gap keeps back-to-back tasks apart wherever they are wide enough to see.
        path.rect(x, y, width > 3 ? width - 1 : Math.max(1, width), rowHeight - 2 * gap);
      }
    });
    for (const [shade, path] of paths) {
      context.fillStyle = palette[shade];
      context.fill(path);
    }
  }

  private hover(event: MouseEvent): void {
    const layout = this.layout;
    if (!layout || this.rows.length === 0) return;
    const bounds = this.canvas.getBoundingClientRect();
    const x = event.clientX - bounds.left;
    const row = Math.floor((event.clientY - bounds.top - TOP) / layout.rowHeight);
    const tasks = this.rows[row];
    const task = tasks && taskAt(tasks, layout.axis.scale.invert(x), layout.axis.scale.invert(x + 2) - layout.axis.scale.invert(x));
    if (!task) {
      this.tooltip.hidden = true;
      return;
    }
    const duration = task.end - task.start;
    const cpu = task.cpuSeconds === null ? 'CPU not measured' : `CPU ${formatSeconds(task.cpuSeconds)} (${formatPercent(duration > 0 ? task.cpuSeconds / duration : null)})`;
    this.tooltip.replaceChildren(
      h('strong', {}, `task ${task.index}`),
      h('span', {}, `worker ${task.worker} · pid ${task.pid} · thread ${task.thread}`),
      ...(task.workerAddress ? [h('span', {}, `Dask worker ${task.workerAddress} on ${task.host ?? 'its host'}`)] : []),
      ...(task.bytesSent !== undefined || task.bytesReceived !== undefined
        ? [h('span', {}, `sent ${formatBytes(task.bytesSent)} · received ${formatBytes(task.bytesReceived)}`)]
        : []),
      h('span', {}, `start ${formatSeconds(task.start)} · duration ${formatSeconds(duration)}`),
      h('span', {}, cpu),
    );
    this.tooltip.hidden = false;
    const left = Math.min(x + 12, layout.width - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${event.clientY - bounds.top + 14}px`;
  }
}

/** The task under time `at` in one worker's sorted row, with `slack` seconds for bars thinner than a pixel. */
function taskAt(tasks: TaskSpan[], at: number, slack: number): TaskSpan | null {
  let low = 0;
  let high = tasks.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (tasks[middle].start <= at) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  for (const index of [found, found + 1]) {
    const task = tasks[index];
    if (task && task.start - slack <= at && at <= task.end + slack) return task;
  }
  return null;
}
