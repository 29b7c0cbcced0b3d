// The two homes of the panel: a VS Code webview (messages to the extension, state kept by VS Code)
// or a standalone HTML export (report embedded in the page, exports done in the browser).
import { isToPanel, type FromPanel, type PanelState } from '../../src/shared/messages';
import type { Report } from '../../src/shared/report';
import type { PanelActions } from './actions';
import { standaloneActions } from './standalone';

interface VsCodeApi {
  postMessage(message: FromPanel): void;
  getState(): unknown;
  setState(state: SavedView): void;
}

/** What survives a reload of the webview. */
export interface SavedView {
  state: PanelState;
  selectedRunId: string | null;
  /** Set when a report too large to keep here was left out of `state`: the extension sends it
   * again from its report store, and the selection applies if it is still this report. */
  reportCreatedAt?: string;
}

/** VS Code serializes the webview state on every setState and stores it with the window: a report of
 * 200,000 tasks (45 MB) made Reload Window fail. Larger states keep only the selection. */
const MAX_SAVED_CHARS = 2_000_000;

export interface PanelHost {
  actions: PanelActions;
  /** The view to show first: restored, embedded, or idle. */
  initial: SavedView;
  save(view: SavedView): void;
  /** Tells the extension the page is listening (VS Code only). */
  announceReady(): void;
}

export function connectHost(): PanelHost {
  const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
  return typeof acquire === 'function' ? vsCodeHost(acquire()) : standaloneHost();
}

function vsCodeHost(vscode: VsCodeApi): PanelHost {
  const post = (message: FromPanel) => vscode.postMessage(message);
  // Measured once per state, not on every selection change.
  let measured: PanelState | null = null;
  let fits = true;
  const save = (view: SavedView): void => {
    if (view.state !== measured) {
      measured = view.state;
      fits = view.state.kind === 'idle' || view.state.kind === 'running' || JSON.stringify(view.state).length <= MAX_SAVED_CHARS;
    }
    if (fits) {
      vscode.setState(view);
      return;
    }
    const report = view.state.kind === 'done' ? view.state.report : null;
    vscode.setState({ state: { kind: 'idle' }, selectedRunId: view.selectedRunId, reportCreatedAt: report?.createdAt });
  };
  return {
    actions: {
      copy: (text) => post({ type: 'copy', text }),
      exportAs: (format) => post({ type: 'export', format }),
      exportFormats: ['json', 'html', 'csv', 'trace'],
      rerun: () => post({ type: 'rerun' }),
      cancel: () => post({ type: 'cancel' }),
      openSource: (file, line) => post({ type: 'openSource', file, line }),
      openDashboard: () => post({ type: 'openDashboard' }),
      requestTasks: (runId) => post({ type: 'tasks', runId }),
      compareHistory: (older, newer) => post({ type: 'compareHistory', older, newer }),
    },
    initial: restore(vscode.getState()) ?? { state: { kind: 'idle' }, selectedRunId: null },
    save,
    announceReady: () => post({ type: 'ready' }),
  };
}

function restore(saved: unknown): SavedView | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const { state, selectedRunId, reportCreatedAt } = saved as Partial<SavedView>;
  if (!isToPanel({ type: 'state', state })) return null;
  return {
    state: state as PanelState,
    selectedRunId: typeof selectedRunId === 'string' ? selectedRunId : null,
    ...(typeof reportCreatedAt === 'string' ? { reportCreatedAt } : {}),
  };
}

function standaloneHost(): PanelHost {
  const report = embeddedReport();
  const state: PanelState = report ? { kind: 'done', report, previous: null } : { kind: 'idle' };
  return {
    actions: standaloneActions(report),
    initial: { state, selectedRunId: null },
    save: () => undefined,
    announceReady: () => undefined,
  };
}

/** The report renderReportHtml embedded as JSON; null when absent or not a schema-1 report. */
function embeddedReport(): Report | null {
  const text = document.getElementById('pp-report')?.textContent;
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    const candidate = value as Partial<Report>;
    return candidate && candidate.schemaVersion === 1 && Array.isArray(candidate.runs) ? (value as Report) : null;
  } catch {
    return null;
  }
}
