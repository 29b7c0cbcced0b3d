// Where the selected run's time went beyond the work itself: start-up, dispatch and imbalance,
// each as a share with a bar and the number.
import type { Run } from '../../src/shared/report';
import { runLabel } from '../../src/shared/report';
import { copiesTaskData, describeTaskData, type TaskData } from '../../src/shared/taskData';
import { h } from '../dom';
import { formatBytes, formatPercent, formatSeconds } from '../../src/shared/format';

const PARTS: { key: 'startup' | 'dispatch' | 'imbalance'; name: string; meaning: string }[] = [
  { key: 'startup', name: 'Start-up', meaning: 'starting the pool, before the first task' },
  { key: 'dispatch', name: 'Dispatch', meaning: 'outside any task while work remained: queueing, pickling, messaging' },
  { key: 'imbalance', name: 'Imbalance', meaning: 'idle tail: workers done while others still ran' },
];

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** On a Dask cluster each task names what crossed the network: the median sent and received. */
function clusterBytes(run: Run): HTMLElement | null {
  const sent = median(run.tasks.map((task) => task.bytesSent).filter((value): value is number => typeof value === 'number'));
  const received = median(run.tasks.map((task) => task.bytesReceived).filter((value): value is number => typeof value === 'number'));
  if (sent === null && received === null) return null;
  const hosts = new Set(run.tasks.map((task) => task.host).filter(Boolean));
  return h('p', { class: 'pp-caption pp-cluster-bytes' },
    `Over the network to the Dask workers (${hosts.size} host${hosts.size === 1 ? '' : 's'}), per task (median): ${formatBytes(sent)} sent, ${formatBytes(received)} received.`);
}

/** `data` is each task's argument and result size, measured once for the whole report. */
export function renderOverheads(run: Run, data: TaskData | null = null): HTMLElement {
  const box = h('div', { class: 'pp-overheads', 'data-run': run.id });
  const network = clusterBytes(run);
  const copied = network ?? (data && copiesTaskData(run.executor)
    ? h('p', { class: 'pp-caption pp-task-data' }, `Each task's data is copied to a worker and back: ${describeTaskData(data)} per task.`)
    : null);
  const overheads = run.overheads;
  // A busy machine makes a serial run wait for a core; the engine measures it so it is not read as I/O.
  const queued = run.queuedSeconds
    ? h('p', { class: 'pp-caption' }, `${runLabel(run)} waited ${formatSeconds(run.queuedSeconds)} for a free core while other programs kept the cores busy.`)
    : null;
  if (!overheads) {
    box.append(h('p', { class: 'pp-caption' }, run.error
      ? `${runLabel(run)} did not finish (${run.error.kind}), so its overheads are unknown.`
      : `${runLabel(run)} has no overheads to show.`), ...(queued ? [queued] : []), ...(copied ? [copied] : []));
    return box;
  }
  const list = h('dl', { class: 'pp-bars' });
  for (const part of PARTS) {
    const share = Math.max(0, Math.min(1, overheads[part.key]));
    const fill = h('span', { class: `pp-bar-fill pp-bar-${part.key}` });
    fill.style.width = `${(share * 100).toFixed(1)}%`;
    list.append(
      h('dt', {}, part.name),
      h('dd', {},
        h('span', { class: 'pp-bar', role: 'img', 'aria-label': `${part.name} ${formatPercent(share, 1)}` }, fill),
        h('span', { class: 'pp-bar-value' }, formatPercent(share, 1)),
        h('span', { class: 'pp-muted' }, part.meaning)),
    );
  }
  box.append(list);
  const budget = run.wallSeconds !== null ? run.wallSeconds * run.workers : null;
  box.append(h('p', { class: 'pp-caption' },
    `${runLabel(run)}: start-up ${formatSeconds(run.startupSeconds)}; dispatch and imbalance are shares of wall × workers (${formatSeconds(budget)}).`), ...(queued ? [queued] : []), ...(copied ? [copied] : []));
  return box;
}
