// One renderer per PanelState kind: idle, running, done, failed.
import type { PanelState } from '../../src/shared/messages';
import type { TaskSpan } from '../../src/shared/report';
import { button } from '../components';
import { h } from '../dom';
import type { PanelActions } from './actions';
import { createDoneView } from './doneView';
import { createRunningView } from './runningView';
import type { HistoryView } from './history';

export interface RenderContext {
  actions: PanelActions;
  /** The run the user selected last (restored after a reload). */
  selectedRunId: string | null;
  onSelect(runId: string): void;
}

export interface Rendered {
  element: HTMLElement;
  /** Redraws the canvases (after attaching, a resize or a theme change). */
  redraw(): void;
  /** One run's task spans, asked for because the report came without them. */
  tasksArrived?(runId: string, tasks: TaskSpan[]): void;
  /** Takes the next state of the same kind in place (keeping focus); false when it must be rendered anew. */
  update?(state: PanelState): boolean;
  /** The shown function's history view, when there is one. */
  history?: HistoryView | null;
}

type StateOf<K extends PanelState['kind']> = Extract<PanelState, { kind: K }>;

export function renderState(state: PanelState, context: RenderContext): Rendered {
  switch (state.kind) {
    case 'idle':
      return still(renderIdle());
    case 'running':
      return renderRunning(state, context);
    case 'done':
      return renderDone(state, context);
    case 'failed':
      return renderFailed(state, context);
  }
}

function still(element: HTMLElement): Rendered {
  return { element, redraw: () => undefined };
}

function renderIdle(): HTMLElement {
  return h(
    'div',
    { class: 'pp-idle', 'data-state': 'idle' },
    h('h1', {}, 'Parallel Profiler'),
    h('p', {}, 'No profile yet. Open a Python or JavaScript file, then run ', h('strong', {}, 'Profile parallel'),
      ' from the Command Palette, or click the ', h('strong', {}, 'Profile parallel'), ' CodeLens above a function.'),
  );
}

function renderRunning(state: StateOf<'running'>, context: RenderContext): Rendered {
  const view = createRunningView(state, context.actions);
  return {
    element: view.element,
    redraw: () => undefined,
    update: (next) => {
      if (next.kind !== 'running') return false;
      view.update(next);
      return true;
    },
  };
}

function renderDone(state: StateOf<'done'>, context: RenderContext): Rendered {
  const view = createDoneView(state.report, state.previous, context.actions, context.selectedRunId, context.onSelect, state.taskCounts ?? null);
  view.element.dataset.state = 'done';
  return view;
}

function renderFailed(state: StateOf<'failed'>, context: RenderContext): Rendered {
  const element = h(
    'div',
    { class: 'pp-failed-state', 'data-state': 'failed' },
    h('div', { class: 'pp-card pp-failure', role: 'alert' },
      h('h1', {}, 'Profiling failed'),
      h('p', { class: 'pp-failure-message' }, state.message),
      h('p', { class: 'pp-hint' }, h('strong', {}, 'What to do: '), state.hint),
      state.detail ? h('pre', { class: 'pp-detail' }, state.detail) : null),
  );
  if (context.actions.rerun) element.append(h('div', { class: 'pp-actions' }, button('Re-run', context.actions.rerun, { action: 'rerun' })));
  return still(element);
}
