// Entry of the Results panel bundle: connects to its host, restores or receives the state, and
// renders it; canvases are redrawn on resize and on theme change.
import { isToPanel } from '../../src/shared/messages';
import { onThemeChange } from '../theme';
import { connectHost, type SavedView } from './host';
import { renderState, type Rendered } from './render';

const host = connectHost();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
root.classList.add('pp-panel');

let view: SavedView = host.initial;
let rendered: Rendered | null = null;

function show(next: SavedView): void {
  view = next;
  host.save(view);
  rendered = renderState(view.state, {
    actions: host.actions,
    selectedRunId: view.selectedRunId,
    onSelect: (runId) => {
      view = { ...view, selectedRunId: runId };
      host.save(view);
    },
  });
  root.replaceChildren(rendered.element);
  rendered.redraw();
  root.dataset.rendered = view.state.kind;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isToPanel(event.data)) return;
  if (event.data.type === 'tasks') {
    const shown = view.state.kind === 'done' ? view.state.report : null;
    if (shown?.createdAt === event.data.reportCreatedAt) rendered?.tasksArrived?.(event.data.runId, event.data.tasks);
    return;
  }
  if (event.data.type === 'history') {
    const shown = view.state.kind === 'done' ? view.state.report : null;
    if (shown?.createdAt === event.data.reportCreatedAt) rendered?.history?.show(event.data.entries);
    return;
  }
  if (event.data.type === 'historyComparison') {
    rendered?.history?.comparisonArrived(event.data.older, event.data.newer, event.data.comparison, event.data.problem);
    return;
  }
  const state = event.data.state;
  // A profile in progress is updated in place: a rebuilt panel every few seconds would drop the focus.
  if (rendered?.update?.(state)) {
    view = { state, selectedRunId: view.selectedRunId };
    host.save(view);
    return;
  }
  // A new report starts from its own best run; the same report keeps the user's selection, also
  // when it was too large to be saved and comes back from the extension after a reload.
  const shownAt = view.state.kind === 'done' ? view.state.report.createdAt : view.reportCreatedAt;
  const sameReport = state.kind === 'done' && state.report.createdAt === shownAt;
  show({ state, selectedRunId: sameReport ? view.selectedRunId : null });
});

let lastWidth = root.clientWidth;
new ResizeObserver(() => {
  if (root.clientWidth === lastWidth) return;
  lastWidth = root.clientWidth;
  rendered?.redraw();
}).observe(root);
onThemeChange(() => rendered?.redraw());

show(view);
host.announceReady();
