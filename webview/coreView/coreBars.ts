// The per-core bars, logical cores grouped under their physical core ("core 0: cpu0 cpu1"), each
// with its percentage and a sparkline of the last 30 s.
import { formatPercent } from '../../src/shared/format';
import type { Machine } from '../../src/shared/report';
import { prepareCanvas } from '../canvas';
import { h } from '../dom';
import { cssColor } from '../theme';
import { drawSparkline, type Sample } from './history';

const SPARK_HEIGHT = 18;

interface CoreRow {
  core: number;
  bar: HTMLElement;
  fill: HTMLElement;
  value: HTMLElement;
  spark: HTMLCanvasElement;
}

export class CoreBars {
  readonly element = h('div', { class: 'pp-cores' });
  /** Rows in display order (grouped by physical core), each knowing its logical core. */
  private rows: CoreRow[] = [];

  /** Rebuilds the groups for a machine; logical cores missing from coreToPhysical get their own group. */
  layout(machine: Machine | null, coreToPhysical: number[], logicalCores: number): void {
    const groups = new Map<number, number[]>();
    for (let core = 0; core < logicalCores; core++) {
      const physical = coreToPhysical[core] ?? core;
      const members = groups.get(physical);
      if (members) members.push(core);
      else groups.set(physical, [core]);
    }
    this.rows = [];
    const sections = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([physical, cores]) =>
      h('section', { class: 'pp-physical', 'data-physical': physical, 'aria-label': `physical core ${physical}` },
        h('h3', {}, `core ${physical}: ${cores.map((core) => `cpu${core}`).join(' ')}`),
        ...cores.map((core) => this.buildRow(core))));
    this.element.replaceChildren(...sections);
    this.element.dataset.logical = String(logicalCores);
    this.element.dataset.physical = String(machine?.physicalCores ?? groups.size);
  }

  get coreCount(): number {
    return this.rows.length;
  }

  update(latest: Sample | null, history: readonly Sample[]): void {
    const line = cssColor('--vscode-charts-blue', '#1a85ff');
    const frame = cssColor('--vscode-charts-lines', 'rgba(128, 128, 128, 0.5)');
    for (const row of this.rows) {
      const core = row.core;
      const load = latest?.load[core];
      const known = typeof load === 'number' && Number.isFinite(load);
      const percent = known ? Math.round(Math.max(0, Math.min(100, load))) : 0;
      row.fill.style.width = `${percent}%`;
      row.value.textContent = known ? formatPercent(percent / 100, 0) : formatPercent(null);
      row.bar.setAttribute('aria-valuenow', String(percent));
      row.bar.setAttribute('aria-label', known ? `cpu${core} ${formatPercent(percent / 100, 0)}` : `cpu${core} no sample yet`);
      row.bar.classList.toggle('pp-hot', percent >= 85);
      const width = Math.max(40, row.spark.parentElement?.clientWidth ?? 120);
      const context = prepareCanvas(row.spark, width, SPARK_HEIGHT);
      drawSparkline(context, history, core, width, SPARK_HEIGHT, { line, fill: line, frame });
    }
  }

  private buildRow(core: number): HTMLElement {
    const fill = h('span', { class: 'pp-core-fill' });
    const bar = h('div', {
      class: 'pp-core-bar',
      'data-core': core,
      role: 'meter',
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': 0,
      'aria-label': `cpu${core} no sample yet`,
    }, fill);
    const value = h('span', { class: 'pp-core-value' }, '—');
    const spark = h('canvas', { class: 'pp-spark', 'aria-hidden': 'true' });
    this.rows.push({ core, bar, fill, value, spark });
    return h('div', { class: 'pp-core-row' }, h('span', { class: 'pp-core-name' }, `cpu${core}`), bar, value, h('div', { class: 'pp-spark-box', title: 'last 30 s' }, spark));
  }
}
