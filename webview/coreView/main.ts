// Entry of the Core Utilization view: live per-core load grouped by physical core, the core counts,
// the CPU, a 30 s history per core, and which profile run is executing now.
import { isToCoreView, type FromCoreView, type ToCoreView } from '../../src/shared/messages';
import type { Machine } from '../../src/shared/report';
import { h } from '../dom';
import { onThemeChange } from '../theme';
import { CoreBars } from './coreBars';
import { LoadHistory } from './history';

interface VsCodeApi {
  postMessage(message: FromCoreView): void;
}

const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
const vscode = typeof acquire === 'function' ? acquire() : null;

const counts = h('p', { class: 'pp-core-counts' }, 'Waiting for the first sample…');
const brand = h('p', { class: 'pp-muted pp-brand' });
const activity = h('p', { class: 'pp-activity', 'aria-live': 'polite', 'data-activity': 'idle' }, 'idle');
const bars = new CoreBars();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
root.classList.add('pp-core-view');
root.replaceChildren(h('header', {}, counts, brand, activity), bars.element);

let machine: Machine | null = null;
let coreToPhysical: number[] = [];
const history = new LoadHistory();
let pending = false;

function relayout(logicalCores: number): void {
  bars.layout(machine, coreToPhysical, logicalCores);
  counts.textContent = machine
    ? `${machine.logicalCores} logical / ${machine.physicalCores} physical`
    : `${logicalCores} logical cores`;
  brand.textContent = machine?.cpuBrand ?? '';
}

function redraw(): void {
  pending = false;
  bars.update(history.latest, history.all);
}

function scheduleRedraw(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(redraw);
}

function receive(message: ToCoreView): void {
  switch (message.type) {
    case 'machine':
      machine = message.machine;
      coreToPhysical = message.coreToPhysical;
      relayout(Math.max(message.machine.logicalCores, message.coreToPhysical.length));
      break;
    case 'load':
      history.add({ time: message.time, load: message.load });
      // Samples can arrive before the machine: lay the bars out from the sample's width meanwhile.
      if (bars.coreCount < message.load.length) relayout(message.load.length);
      break;
    case 'activity':
      activity.textContent = message.label ? `Running: ${message.label}` : 'idle';
      activity.dataset.activity = message.label ? 'running' : 'idle';
      break;
  }
  scheduleRedraw();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isToCoreView(event.data)) receive(event.data);
});
onThemeChange(scheduleRedraw);
new ResizeObserver(scheduleRedraw).observe(root);
vscode?.postMessage({ type: 'ready' });
