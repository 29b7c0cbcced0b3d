// The time axis the timeline and the heatmap share, so a task and the core load under it line up:
// same domain, same left margin, same width.
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { Run } from '../../src/shared/report';
import type { CanvasPalette } from '../theme';

export const PLOT_LEFT = 92;
export const PLOT_RIGHT = 16;
export const AXIS_HEIGHT = 34;

export interface TimeAxis {
  scale: ScaleLinear<number, number>;
  start: number;
  end: number;
}

/**
 * From pool start-up to the last task (or the wall time), in seconds. Core samples are drawn
 * clipped to it: a 100 ms sample must not squeeze a 30 ms run into a corner. Only a run without
 * tasks or wall time falls back to the span of its samples.
 */
export function timeDomain(run: Run): [number, number] {
  let start = 0;
  let end = run.wallSeconds ?? 0;
  if (run.startupSeconds && run.executor !== 'serial') start = Math.min(start, -run.startupSeconds);
  for (const task of run.tasks) {
    if (task.start < start) start = task.start;
    if (task.end > end) end = task.end;
  }
  const samples = run.coreSamples.t;
  if (!(end > 0) && samples.length > 0) {
    start = Math.min(start, samples[0] - run.coreSamples.intervalSeconds);
    end = Math.max(end, samples[samples.length - 1]);
  }
  if (!(end > start)) end = start + 1;
  return [start, end];
}

export function timeAxis(run: Run, width: number): TimeAxis {
  const [start, end] = timeDomain(run);
  const scale = scaleLinear().domain([start, end]).range([PLOT_LEFT, Math.max(PLOT_LEFT + 1, width - PLOT_RIGHT)]);
  return { scale, start, end };
}

/** Vertical grid lines over [top, bottom] and second labels under `bottom`. */
export function drawTimeTicks(
  context: CanvasRenderingContext2D,
  axis: TimeAxis,
  top: number,
  bottom: number,
  palette: CanvasPalette,
  withLabels: boolean,
): void {
  const ticks = axis.scale.ticks(Math.max(2, Math.floor((axis.scale.range()[1] - PLOT_LEFT) / 90)));
  // Labels in the unit the run's length reads in: "5 µs", not "0.000005".
  const unit = timeUnit(axis);
  const inUnit = axis.scale.copy().domain(axis.scale.domain().map((value) => value * unit.factor));
  const formatInUnit = inUnit.tickFormat(ticks.length);
  const format = (tick: number): string => formatInUnit(tick * unit.factor);
  context.save();
  context.strokeStyle = palette.grid;
  context.globalAlpha = 0.6;
  context.lineWidth = 1;
  context.beginPath();
  for (const tick of ticks) {
    const x = Math.round(axis.scale(tick)) + 0.5;
    context.moveTo(x, top);
    context.lineTo(x, bottom + (withLabels ? 4 : 0));
  }
  context.stroke();
  context.restore();
  if (!withLabels) return;
  context.fillStyle = palette.foreground;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const tick of ticks) context.fillText(format(tick), axis.scale(tick), bottom + 6);
  context.fillStyle = palette.muted;
  context.textAlign = 'left';
  context.fillText(unit.name, 4, bottom + 6);
}

/** Seconds, milliseconds or microseconds, by the larger end of the axis. */
export function timeUnit(axis: Pick<TimeAxis, 'start' | 'end'>): { factor: number; name: string } {
  const span = Math.max(Math.abs(axis.start), Math.abs(axis.end));
  if (span < 1e-3) return { factor: 1e6, name: 'µs' };
  if (span < 1) return { factor: 1e3, name: 'ms' };
  return { factor: 1, name: 'seconds' };
}

export function canvasFont(): string {
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  return `12px ${family}`;
}
