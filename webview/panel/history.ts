// The function's history: every stored report oldest to newest (date, commit, recommended
// configuration, its speedup, serial wall), a small chart of serial wall and best speedup over the
// runs, and any two picked with their checkboxes set side by side, configuration by configuration.
import { scaleLinear, scalePoint } from 'd3-scale';
import { select } from 'd3-selection';
import { line } from 'd3-shape';
import type { Comparison, ConfigChange } from '../../src/shared/compare';
import { formatChange, formatSeconds, formatSpeedup, shortCommit } from '../../src/shared/format';
import type { HistoryEntry } from '../../src/shared/history';
import { button } from '../components';
import { h } from '../dom';

const WIDTH = 640;
const HEIGHT = 96;
const MARGIN = { top: 10, right: 56, bottom: 20, left: 56 };

function when(createdAt: string): string {
  return createdAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

function commitText(entry: HistoryEntry): string {
  if (!entry.commit) return '—';
  return `${shortCommit(entry.commit)}${entry.dirty ? '*' : ''}`;
}

/** Serial wall and best speedup over the runs, as two lines on one small SVG with an axis each. */
function renderTrend(entries: HistoryEntry[]): SVGSVGElement {
  const svgNode = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const svg = select(svgNode).attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`).attr('class', 'pp-history-trend').attr('role', 'img')
    .attr('aria-label', `Serial wall and best speedup over ${entries.length} runs, oldest on the left.`);
  const x = scalePoint<number>().domain(entries.map((_, index) => index)).range([MARGIN.left, WIDTH - MARGIN.right]).padding(0.5);
  const walls = entries.map((entry) => entry.serialWall ?? NaN);
  const speedups = entries.map((entry) => entry.bestSpeedup ?? NaN);
  const finite = (values: number[]): number[] => values.filter(Number.isFinite);
  const wallScale = scaleLinear().domain([0, Math.max(1e-9, ...finite(walls)) * 1.1]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const speedupScale = scaleLinear().domain([0, Math.max(1, ...finite(speedups)) * 1.1]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const draw = (values: number[], scale: typeof wallScale, kind: string): void => {
    const group = svg.append('g').attr('class', `pp-history-${kind}`);
    group.append('path').attr('class', 'pp-history-line')
      .attr('d', line<number>().defined(Number.isFinite).x((_, index) => x(index) ?? 0).y((value) => scale(value))(values) ?? '');
    group.selectAll('circle').data(values.map((value, index) => ({ value, index })).filter((point) => Number.isFinite(point.value))).join('circle')
      .attr('cx', (point) => x(point.index) ?? 0).attr('cy', (point) => scale(point.value)).attr('r', 3)
      .append('title').text((point) => `${when(entries[point.index].createdAt)}: ${kind === 'wall' ? `serial ${formatSeconds(point.value)}` : `best ${formatSpeedup(point.value)}`}`);
  };
  draw(walls, wallScale, 'wall');
  draw(speedups, speedupScale, 'speedup');
  svg.append('text').attr('class', 'pp-history-wall pp-axis-label').attr('x', 4).attr('y', MARGIN.top + 8).text(formatSeconds(wallScale.domain()[1]));
  svg.append('text').attr('class', 'pp-history-speedup pp-axis-label').attr('x', WIDTH - 4).attr('y', MARGIN.top + 8).attr('text-anchor', 'end').text(formatSpeedup(speedupScale.domain()[1]));
  svg.append('line').attr('class', 'pp-history-base').attr('x1', MARGIN.left).attr('x2', WIDTH - MARGIN.right).attr('y1', HEIGHT - MARGIN.bottom).attr('y2', HEIGHT - MARGIN.bottom);
  return svgNode;
}

const MARKS: Record<ConfigChange['direction'], string> = {
  better: 'better',
  worse: 'worse',
  'within-noise': 'within noise',
  'other-load': 'not judged (other load)',
  'uneven-cpus': 'not judged (uneven CPUs)',
  added: 'new',
  removed: 'not run in the newer',
  failed: 'fails',
};

function renderComparison(comparison: Comparison): HTMLElement {
  const head = h('tr', {}, ...['configuration', 'older', 'newer', 'change', 'speedup', ''].map((title) => h('th', { scope: 'col' }, title)));
  const rows = comparison.changes.map((entry) =>
    h('tr', { class: `pp-change-${entry.direction}`, 'data-config': entry.id },
      h('th', { scope: 'row' }, entry.label),
      h('td', {}, formatSeconds(entry.oldWall)),
      h('td', {}, `→ ${formatSeconds(entry.newWall)}`),
      h('td', {}, `${formatChange(entry.change)}${entry.measure === 'cpu' ? ' CPU' : ''}`),
      h('td', {}, `${formatSpeedup(entry.oldSpeedup)} → ${formatSpeedup(entry.newSpeedup)}`),
      h('td', { class: 'pp-change-mark', title: entry.note ?? '' }, MARKS[entry.direction])));
  const range = comparison.commitRange ? `Code between them: ${comparison.commitRange}.` : 'No commit recorded for one of them (not in a git repository, or an older report).';
  return h('div', { class: 'pp-history-comparison', 'aria-live': 'polite' },
    h('p', {}, `${when(comparison.old.createdAt)} (recommended ${comparison.old.recommended}) → ${when(comparison.new.createdAt)} (recommended ${comparison.new.recommended}). ${range}`),
    h('table', { class: 'pp-table' }, h('thead', {}, head), h('tbody', {}, ...rows)),
    h('p', { class: 'pp-caption' }, 'Better or worse: the ranges of the repeats do not overlap (serial CPU work: its CPU time moved beyond the repeats\' spread). A run measured while other programs kept cores busy is not judged.'),
    ...comparison.notes.map((note) => h('p', { class: 'pp-caption' }, note)));
}

export class HistoryView {
  readonly element = h('div', { class: 'pp-history', 'data-history': 'loading' }, h('p', { class: 'pp-muted' }, 'Reading the history of this function…'));
  private entries: HistoryEntry[] = [];
  private readonly picked = new Set<string>();
  private readonly result = h('div');

  constructor(
    private readonly currentCreatedAt: string,
    private readonly compare: ((older: string, newer: string) => void) | null,
  ) {}

  show(entries: HistoryEntry[]): void {
    this.entries = entries;
    this.element.dataset.history = String(entries.length);
    if (entries.length === 0) {
      this.element.replaceChildren(h('p', { class: 'pp-muted' }, 'This report is not in the history (it was opened from a file, or not saved).'));
      return;
    }
    // The two newest are picked first: the usual question is "what did my last change do?".
    this.picked.clear();
    for (const entry of entries.slice(-2)) this.picked.add(entry.id);
    const head = h('tr', {}, ...['compare', 'date', 'commit', 'recommended', 'its speedup', 'serial wall'].map((title) => h('th', { scope: 'col' }, title)));
    const rows = entries.map((entry) => {
      const box = h('input', { type: 'checkbox', 'aria-label': `Compare the run of ${when(entry.createdAt)}`, 'data-history-id': entry.id });
      box.checked = this.picked.has(entry.id);
      box.addEventListener('change', () => {
        if (box.checked) this.picked.add(entry.id);
        else this.picked.delete(entry.id);
        this.updateButton();
      });
      const current = entry.createdAt === this.currentCreatedAt;
      return h('tr', { class: current ? 'pp-history-current' : '' },
        h('td', {}, box),
        h('td', {}, when(entry.createdAt), current ? ' (shown)' : '', entry.status === 'partial' ? ' (partial)' : ''),
        h('td', { title: entry.commit ? `${entry.commit}${entry.branch ? ` on ${entry.branch}` : ''}${entry.dirty ? ', with uncommitted changes' : ''}` : 'not in a git repository' }, commitText(entry)),
        h('td', {}, entry.recommended),
        h('td', {}, formatSpeedup(entry.speedup)),
        h('td', {}, formatSeconds(entry.serialWall)));
    });
    const children: (Node | string)[] = [
      h('table', { class: 'pp-table pp-history-table' }, h('caption', {}, `${entries.length} saved run${entries.length === 1 ? '' : 's'} of this function, oldest first (* uncommitted changes)`), h('thead', {}, head), h('tbody', {}, ...rows)),
    ];
    if (entries.length > 1) {
      children.push(
        h('figure', { class: 'pp-figure' }, renderTrend(entries),
          h('figcaption', { class: 'pp-legend' }, h('span', { class: 'pp-history-wall' }, '● serial wall (left scale)'), ' ', h('span', { class: 'pp-history-speedup' }, '● best speedup (right scale)'))),
      );
    }
    if (this.compare && entries.length > 1) {
      this.compareButton = button('Compare the two picked', () => this.requestComparison(), { action: 'compare-history' });
      children.push(h('div', { class: 'pp-actions' }, this.compareButton), this.result);
    }
    this.element.replaceChildren(...children);
    this.updateButton();
  }

  private compareButton: HTMLElement | null = null;

  private updateButton(): void {
    if (!this.compareButton) return;
    const ready = this.picked.size === 2;
    this.compareButton.toggleAttribute('disabled', !ready);
    if (!ready) this.result.replaceChildren(h('p', { class: 'pp-muted' }, 'Pick exactly two runs to compare them.'));
  }

  private requestComparison(): void {
    if (this.picked.size !== 2 || !this.compare) return;
    // Oldest first, whatever order they were picked in.
    const [older, newer] = this.entries.filter((entry) => this.picked.has(entry.id)).map((entry) => entry.id);
    this.result.replaceChildren(h('p', { class: 'pp-muted' }, 'Comparing…'));
    this.compare(older, newer);
  }

  comparisonArrived(older: string, newer: string, comparison: Comparison | null, problem: string | null): void {
    const [pickedOlder, pickedNewer] = this.entries.filter((entry) => this.picked.has(entry.id)).map((entry) => entry.id);
    if (older !== pickedOlder || newer !== pickedNewer) return;
    this.result.replaceChildren(comparison ? renderComparison(comparison) : h('p', { role: 'alert' }, problem ?? 'These two cannot be compared.'));
  }
}
