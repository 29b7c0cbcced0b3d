// Per-core load of one run over time on a canvas: rows are logical cores, opacity is load %,
// on the same time axis as the timeline above it. A run on a Dask cluster adds one row per worker
// (its process CPU from Dask's system monitor, labelled host:port), so remote hosts show too.
import type { Run, WorkerLoad } from '../../src/shared/report';
import { availableWidth, prepareCanvas } from '../canvas';
import { h } from '../dom';
import { canvasPalette } from '../theme';
import { AXIS_HEIGHT, PLOT_LEFT, canvasFont, drawTimeTicks, timeAxis } from './timeAxis';

const TOP = 6;
/** Opacity steps: samples are batched into one path per step. */
const STEPS = 10;

export class HeatmapView {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { class: 'pp-heatmap', role: 'img' });
  private readonly caption = h('p', { class: 'pp-caption' });
  private run: Run | null = null;
  private cores = 0;
  private workers: WorkerLoad[] = [];

  constructor() {
    const legend = h('ul', { class: 'pp-swatches pp-heat-legend', 'aria-label': 'Load colours' });
    for (const load of [0, 25, 50, 75, 100]) {
      const swatch = h('span', { class: 'pp-swatch pp-heat' });
      swatch.style.opacity = String(Math.max(0.04, load / 100));
      legend.append(h('li', {}, swatch, `${load}%`));
    }
    this.element = h('figure', { class: 'pp-figure' }, h('div', { class: 'pp-canvas-box' }, this.canvas), legend, this.caption);
  }

  show(run: Run, logicalCores: number): void {
    this.run = run;
    const widest = run.coreSamples.load.reduce((most, row) => Math.max(most, row.length), 0);
    this.cores = Math.max(1, logicalCores, widest);
    this.workers = run.workerLoad ?? [];
    this.canvas.dataset.workerRows = this.workers.map((load) => load.worker).join(' ');
    this.canvas.dataset.run = run.id;
    this.canvas.dataset.coreCount = String(this.cores);
    this.canvas.dataset.sampleCount = String(run.coreSamples.t.length);
    this.caption.textContent =
      run.coreSamples.t.length === 0
        ? `No core samples were recorded for ${run.id}.`
        : `${run.coreSamples.t.length} samples every ${Math.round(run.coreSamples.intervalSeconds * 1000)} ms on ${this.cores} logical cores; darker = busier.`;
    if (this.workers.length > 0) {
      const hosts = new Set(this.workers.map((load) => load.host));
      this.caption.textContent += ` Below them, the ${this.workers.length} Dask workers on ${hosts.size} host${hosts.size === 1 ? '' : 's'} (${[...hosts].join(', ')}): each worker process's CPU from Dask's system monitor, sampled every 0.5 s.`;
    }
    this.draw();
  }

  draw(): void {
    const run = this.run;
    if (!run || !this.element.isConnected) return;
    const palette = canvasPalette();
    const width = availableWidth(this.element);
    const rows = this.cores + this.workers.length;
    const rowHeight = rows > 32 ? 6 : rows > 8 ? 12 : 20;
    const plotBottom = TOP + rows * rowHeight;
    const context = prepareCanvas(this.canvas, width, plotBottom + AXIS_HEIGHT);
    context.font = canvasFont();
    const axis = timeAxis(run, width);
    this.canvas.dataset.domain = `${axis.start},${axis.end}`;
    this.canvas.dataset.plotLeft = String(PLOT_LEFT);

    const { t, load, intervalSeconds } = run.coreSamples;
    const steps = Array.from({ length: STEPS }, () => new Path2D());
    for (let sample = 0; sample < t.length; sample++) {
      // A sample is the load averaged since the previous one (timers drift, so not always one interval).
      const x0 = axis.scale(sample > 0 ? t[sample - 1] : t[sample] - intervalSeconds);
      const x1 = axis.scale(t[sample]);
      const row = load[sample] ?? [];
      for (let core = 0; core < row.length; core++) {
        const step = Math.min(STEPS, Math.round((row[core] / 100) * STEPS));
        if (step > 0) steps[step - 1].rect(x0, TOP + core * rowHeight, Math.max(1, x1 - x0 + 0.5), rowHeight - 1);
      }
    }
    this.workers.forEach((load, offset) => {
      const y = TOP + (this.cores + offset) * rowHeight;
      for (let sample = 0; sample < load.t.length; sample++) {
        const x0 = axis.scale(sample > 0 ? load.t[sample - 1] : load.t[sample] - 0.5);
        const x1 = axis.scale(load.t[sample]);
        const step = Math.min(STEPS, Math.round((Math.min(100, load.cpuPercent[sample]) / 100) * STEPS));
        if (step > 0) steps[step - 1].rect(x0, y, Math.max(1, x1 - x0 + 0.5), rowHeight - 1);
      }
    });
    context.save();
    const [left, right] = axis.scale.range();
    context.beginPath();
    context.rect(left, TOP, right - left, plotBottom - TOP);
    context.clip();
    context.fillStyle = palette.heat;
    steps.forEach((path, index) => {
      context.globalAlpha = (index + 1) / STEPS;
      context.fill(path);
    });
    context.restore();

    drawTimeTicks(context, axis, TOP, plotBottom, palette, true);
    context.fillStyle = palette.foreground;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    const every = rowHeight < 12 ? Math.ceil(12 / rowHeight) : 1;
    for (let core = 0; core < this.cores; core += every) context.fillText(`cpu${core}`, PLOT_LEFT - 8, TOP + core * rowHeight + rowHeight / 2);
    this.workers.forEach((load, offset) => {
      // host:port fits the label column; the scheme adds nothing.
      context.fillText(load.worker.replace(/^\w+:\/\//, ''), PLOT_LEFT - 8, TOP + (this.cores + offset) * rowHeight + rowHeight / 2, PLOT_LEFT - 12);
    });
    const workers = this.workers.length > 0 ? ` and ${this.workers.length} Dask workers` : '';
    this.canvas.setAttribute('aria-label', `Per-core load of ${run.id} over time, ${this.cores} logical cores${workers}.`);
  }
}
