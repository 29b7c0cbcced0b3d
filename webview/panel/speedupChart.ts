// Speedup against workers as an SVG: one line per executor (and start method), the ideal
// speedup = workers, and markers at the physical and logical core counts.
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleLog } from 'd3-scale';
import { select } from 'd3-selection';
import { area, line } from 'd3-shape';
import type { Machine, Run } from '../../src/shared/report';
import type { Projection } from '../../src/shared/projection';
import { h } from '../dom';
import { formatSpeedup } from '../../src/shared/format';

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { top: 16, right: 24, bottom: 48, left: 56 };
const PALETTE_SIZE = 6;
const DASHES = 3;

export interface Series {
  /** e.g. "process (spawn)", "thread", "serial". */
  name: string;
  points: { workers: number; speedup: number; runId: string }[];
}

export function seriesOf(runs: Run[]): Series[] {
  const byName = new Map<string, Series>();
  for (const run of runs) {
    if (run.speedup === null) continue;
    // Held library threads are a series of their own: two points at one worker count would read as one line's noise.
    const held = typeof run.libraryThreads === 'number' ? `, ${run.libraryThreads} library thread${run.libraryThreads === 1 ? '' : 's'}` : '';
    const name = `${run.startMethod ? `${run.executor} (${run.startMethod})` : run.executor}${held}`;
    let series = byName.get(name);
    if (!series) byName.set(name, (series = { name, points: [] }));
    series.points.push({ workers: run.workers, speedup: run.speedup, runId: run.id });
  }
  for (const series of byName.values()) series.points.sort((a, b) => a.workers - b.workers);
  return [...byName.values()];
}

function seriesClass(index: number): string {
  return `pp-series pp-c${index % PALETTE_SIZE} pp-d${Math.floor(index / PALETTE_SIZE) % DASHES}`;
}

/** `machine` null: the core counts are not known yet (a profile just started), and are not marked. */
export function renderSpeedupChart(runs: Run[], machine: Pick<Machine, 'logicalCores' | 'physicalCores'> | null, projection: Projection | null = null): HTMLElement {
  const series = seriesOf(runs);
  const skipped = runs.filter((run) => run.speedup === null).length;
  const figure = h('figure', { class: 'pp-figure pp-speedup' });
  if (series.length === 0) {
    figure.append(h('p', { class: 'pp-caption' }, 'No configuration finished, so there is no speedup to plot.'));
    return figure;
  }
  const workers = series.flatMap((s) => s.points.map((p) => p.workers));
  const cores = machine ? [machine.logicalCores, machine.physicalCores] : [];
  const projected = projection?.kind === 'projected' ? projection : null;
  const beyond = projected ? projected.points.filter((point) => !point.measured) : [];
  const maxWorkers = Math.max(2, ...workers, ...cores, ...beyond.map((point) => point.count));
  const maxSpeedup = Math.max(...series.flatMap((s) => s.points.map((p) => p.speedup)), ...beyond.map((point) => point.high));
  const maxIdeal = Math.max(...workers);
  const x = scaleLog().base(2).domain([1, maxWorkers]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, maxSpeedup, maxIdeal) * 1.08])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);

  const svgNode = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const svg = select(svgNode)
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('role', 'img')
    .attr('aria-label', `Speedup against workers for ${series.length} executors, with the ideal line${projected && beyond.length > 0 ? ` and ${projected.name} projected to ${Math.max(...beyond.map((point) => point.count))}` : ''}.`);

  const tickValues = [...new Set([...workers, ...cores, ...beyond.map((point) => point.count)])].sort((a, b) => a - b);
  svg.append('g').attr('class', 'pp-axis').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`)
    .call(axisBottom(x).tickValues(tickValues).tickFormat((value) => String(value)));
  svg.append('g').attr('class', 'pp-axis').attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(6).tickFormat((value) => `${value}×`));
  svg.append('text').attr('class', 'pp-axis-label').attr('x', (MARGIN.left + WIDTH - MARGIN.right) / 2).attr('y', HEIGHT - 10)
    .attr('text-anchor', 'middle').text('workers');
  svg.append('text').attr('class', 'pp-axis-label').attr('transform', `translate(14,${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').text('speedup vs serial');

  const markers = !machine ? []
    : machine.physicalCores === machine.logicalCores
    ? [{ at: machine.logicalCores, label: `${machine.logicalCores} cores (physical = logical)` }]
    : [
        { at: machine.physicalCores, label: `${machine.physicalCores} physical` },
        { at: machine.logicalCores, label: `${machine.logicalCores} logical` },
      ];
  markers.forEach((marker, index) => {
    const group = svg.append('g').attr('class', 'pp-core-marker');
    group.append('line').attr('x1', x(marker.at)).attr('x2', x(marker.at)).attr('y1', MARGIN.top).attr('y2', HEIGHT - MARGIN.bottom);
    // Labels sit on the roomier side of their line, so one near the y axis does not run over it.
    const leftHalf = x(marker.at) < (MARGIN.left + WIDTH - MARGIN.right) / 2;
    group.append('text').attr('x', x(marker.at) + (leftHalf ? 4 : -4)).attr('y', MARGIN.top + 10 + index * 14)
      .attr('text-anchor', leftHalf ? 'start' : 'end').text(marker.label);
  });

  const idealEnd = Math.min(maxWorkers, y.domain()[1]);
  svg.append('path').attr('class', 'pp-ideal')
    .attr('d', line<number>().x((w) => x(w)).y((w) => y(w))([1, idealEnd]) ?? '');

  const path = line<Series['points'][number]>().x((p) => x(p.workers)).y((p) => y(p.speedup));
  series.forEach((entry, index) => {
    const group = svg.append('g').attr('class', seriesClass(index)).attr('data-series', entry.name);
    group.append('path').attr('class', 'pp-series-line').attr('d', path(entry.points) ?? '');
    group.selectAll('circle').data(entry.points).join('circle')
      .attr('cx', (p) => x(p.workers)).attr('cy', (p) => y(p.speedup)).attr('r', 3.5)
      .append('title').text((p) => `${entry.name} × ${p.workers}: ${formatSpeedup(p.speedup)}`);
  });

  const projectedIndex = projected ? series.findIndex((entry) => entry.name === projected.name) : -1;
  if (projected && beyond.length > 0) {
    // From the last measured point of the projected executor, so the dashes continue its line.
    const measuredSeries = series[projectedIndex];
    const last = measuredSeries?.points.filter((point) => point.workers <= Math.max(...projected.measuredCounts)).at(-1);
    const start = last ? [{ count: last.workers, speedup: last.speedup, low: last.speedup, high: last.speedup }] : [];
    const points = [...start, ...beyond];
    const group = svg.append('g').attr('class', `pp-projection ${seriesClass(Math.max(0, projectedIndex))}`).attr('data-projection', projected.name);
    group.append('path').attr('class', 'pp-projection-band')
      .attr('d', area<(typeof points)[number]>().x((p) => x(p.count)).y0((p) => y(Math.max(0, p.low))).y1((p) => y(p.high))(points) ?? '');
    // A band too wide for its middle to mean much is drawn by its dashed edges instead.
    const edges = beyond.every((point) => point.confident) ? (['speedup'] as const) : (['low', 'high'] as const);
    for (const edge of edges) {
      group.append('path').attr('class', 'pp-projection-line').attr('data-edge', edge)
        .attr('d', line<(typeof points)[number]>().x((p) => x(p.count)).y((p) => y(Math.max(0, p[edge])))(points) ?? '');
    }
    group.selectAll('rect').data(beyond.filter((point) => point.confident)).join('rect')
      .attr('x', (p) => x(p.count) - 3).attr('y', (p) => y(p.speedup) - 3).attr('width', 6).attr('height', 6)
      .append('title').text((p) => `projected at ${p.count}: ${formatSpeedup(p.speedup)} (${formatSpeedup(p.low).slice(0, -1)}–${formatSpeedup(p.high)})`);
  }

  const legend = h('ul', { class: 'pp-legend', 'aria-label': 'Legend' });
  series.forEach((entry, index) => {
    const best = entry.points.reduce((a, b) => (b.speedup > a.speedup ? b : a));
    legend.append(h('li', { class: seriesClass(index) }, swatch(false), `${entry.name} (best ${formatSpeedup(best.speedup)} at ${best.workers})`));
  });
  legend.append(h('li', { class: 'pp-ideal-key' }, swatch(true), 'ideal: speedup = workers'));
  if (projected && beyond.length > 0) {
    legend.append(h('li', { class: `pp-projection-key ${seriesClass(Math.max(0, projectedIndex))}` }, swatch(false, true),
      `${projected.name} projected beyond the measured ${projected.axis === 'cores' ? 'workers' : 'concurrency'}, with its band`));
  }
  figure.append(svgNode, legend);
  if (projection) figure.append(h('p', { class: 'pp-projection-words', 'data-projection': projection.kind }, projection.words));
  if (skipped > 0) figure.append(h('p', { class: 'pp-caption' }, `${skipped} configuration${skipped === 1 ? '' : 's'} without a speedup (failed or cancelled) not drawn.`));
  return figure;
}

function swatch(ideal: boolean, projection = false): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  select(svg).attr('class', 'pp-legend-swatch').attr('viewBox', '0 0 24 10').attr('aria-hidden', 'true')
    .append('line').attr('class', projection ? 'pp-projection-line' : ideal ? 'pp-ideal' : 'pp-series-line').attr('x1', 0).attr('x2', 24).attr('y1', 5).attr('y2', 5);
  return svg;
}
