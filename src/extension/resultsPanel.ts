// The Results panel: one WebviewPanel beside the editor, showing the PanelState; re-sends the
// state whenever the webview says `ready` (it is not kept alive while hidden) and comes back
// after a window reload from what was last shown.
import * as vscode from 'vscode';
import { isFromPanel, type FromPanel, type PanelState, type ToPanel } from '../shared/messages';
import { safeDashboardUrl } from '../shared/dashboard';
import type { Report } from '../shared/report';
import { exportReport } from './exportReport';
import { compareReports, DEFAULT_THRESHOLD, whyNotComparableReports, type Comparison } from '../shared/compare';
import { NOTABLE_OTHER_CORES } from '../core/contention';
import { leanState, runTasks } from './leanState';
import type { ReportStore } from '../core/reportStore';
import { loadWebview, webviewOptions, type AssetRoots } from './webviewHtml';

export const RESULTS_VIEW_TYPE = 'parallelProfiler.results';
const PERSISTED_KEY = 'parallelProfiler.resultsPanel';

/** Where the reports behind a `done` or `failed` state are stored, so a reload can read them back. */
export interface SavedReports {
  report: string | null;
  previous: string | null;
}

/** What survives a window reload: file paths, never the (large) reports themselves. */
type PersistedState =
  | { kind: 'done'; functionName: string; report: string; previous: string | null }
  | { kind: 'failed'; functionName: string | null; message: string; hint: string; detail: string | null };

export interface PanelActions {
  rerun(file: string, functionName: string, inputs: string): Promise<void>;
  cancel(): void;
}

function reportOf(state: PanelState): Report | null {
  return state.kind === 'done' ? state.report : null;
}

export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelListeners: vscode.Disposable[] = [];
  private state: PanelState = { kind: 'idle' };
  private functionName: string | null = null;

  constructor(
    private readonly roots: AssetRoots,
    private readonly memento: vscode.Memento,
    private readonly store: ReportStore,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): PanelState {
    return this.state;
  }

  /** Shows the state, opening the panel beside the editor if it is closed. */
  show(state: PanelState, saved?: SavedReports): void {
    this.setState(state);
    if (saved !== undefined || state.kind === 'failed') void this.persist(state, saved ?? { report: null, previous: null });
    if (this.panel) this.panel.reveal(undefined, true);
    else this.open();
    void vscode.commands.executeCommand('setContext', 'parallelProfiler.hasReport', reportOf(state) !== null);
  }

  /** Updates the state in an open panel; a closed panel stays closed (progress does not reopen it). */
  update(state: PanelState): void {
    this.setState(state);
  }

  /** Opens or focuses the panel; an empty one first gets what was last shown before a reload. */
  async reveal(): Promise<void> {
    if (this.state.kind === 'idle') this.setState(await this.readPersisted());
    if (this.panel) this.panel.reveal(undefined, false);
    else this.open();
  }

  /** Adopts a panel VS Code restored after a reload, and fills it with what was last shown. */
  async restore(panel: vscode.WebviewPanel): Promise<void> {
    this.panel?.dispose();
    this.adopt(panel);
    if (this.state.kind === 'idle') this.setState(await this.readPersisted());
    else this.post();
    void vscode.commands.executeCommand('setContext', 'parallelProfiler.hasReport', reportOf(this.state) !== null);
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposePanelListeners();
  }

  private setState(state: PanelState): void {
    this.state = state;
    if (state.kind === 'running') this.functionName = state.functionName;
    else if (state.kind === 'done') this.functionName = state.report.target.function;
    if (this.panel) this.panel.title = this.title();
    this.post();
  }

  private title(): string {
    return this.functionName ? `Parallel Profiler: ${this.functionName}` : 'Parallel Profiler';
  }

  private open(): void {
    const panel = vscode.window.createWebviewPanel(
      RESULTS_VIEW_TYPE,
      this.title(),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...webviewOptions(this.roots), retainContextWhenHidden: false, enableFindWidget: true },
    );
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.disposePanelListeners();
    this.panel = panel;
    panel.title = this.title();
    panel.iconPath = { light: vscode.Uri.joinPath(this.roots.media, 'cores-light.svg'), dark: vscode.Uri.joinPath(this.roots.media, 'cores-dark.svg') };
    loadWebview(panel.webview, this.roots, { title: 'Parallel Profiler results', script: 'panel.js', style: 'panel.css' });
    this.panelListeners = [
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (!isFromPanel(message)) {
          this.log.warn(`Ignored an unexpected message from the Results panel: ${JSON.stringify(message)?.slice(0, 200)}`);
          return;
        }
        this.handle(message).catch((error: unknown) => {
          this.log.error(`Results panel action ${message.type} failed: ${String(error)}`);
          void vscode.window.showErrorMessage(`Parallel Profiler could not ${message.type}: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
      // Closing the panel cancels nothing: a running profile goes on and reopens it when done.
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        this.disposePanelListeners();
      }),
    ];
  }

  private disposePanelListeners(): void {
    for (const listener of this.panelListeners) listener.dispose();
    this.panelListeners = [];
  }

  private post(): void {
    const message: ToPanel = { type: 'state', state: leanState(this.state) };
    void this.panel?.webview.postMessage(message);
    void this.postHistory();
  }

  /** Every stored report of the shown function follows the state, read from the store's index. */
  private async postHistory(): Promise<void> {
    const report = reportOf(this.state);
    if (!report || !this.panel) return;
    try {
      const entries = await this.store.entries(report.target.file, report.target.function);
      void this.panel?.webview.postMessage({ type: 'history', reportCreatedAt: report.createdAt, entries } satisfies ToPanel);
    } catch (error) {
      this.log.warn(`Could not read the history of ${report.target.function}: ${String(error)}`);
    }
  }

  private async compareHistory(older: string, newer: string): Promise<void> {
    const report = reportOf(this.state);
    if (!report) return;
    const answer = (comparison: Comparison | null, problem: string | null): void =>
      void this.panel?.webview.postMessage({ type: 'historyComparison', older, newer, comparison, problem } satisfies ToPanel);
    try {
      // Ids are file names in the shown function's folder only: the store refuses anything else.
      const [before, after] = await Promise.all([older, newer].map(async (id) => this.store.load(await this.store.reportPath(report.target.file, report.target.function, id))));
      const why = whyNotComparableReports(before, after);
      answer(why ? null : compareReports(before, after, { threshold: DEFAULT_THRESHOLD, otherLoadCores: NOTABLE_OTHER_CORES }), why ? `These two cannot be compared: ${why}.` : null);
    } catch (error) {
      answer(null, `These two cannot be compared: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async handle(message: FromPanel): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post();
        return;
      case 'export': {
        const report = reportOf(this.state);
        if (!report) {
          void vscode.window.showInformationMessage('There is no report to export yet.');
          return;
        }
        await exportReport(report, message.format, this.roots);
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage('Parallel Profiler: copied to the clipboard', 3000);
        return;
      case 'openDashboard': {
        // The address comes from the report shown, never from the message, and only http(s) opens.
        const url = safeDashboardUrl(reportOf(this.state)?.runtime.daskCluster?.dashboard);
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
        else void vscode.window.showInformationMessage('This report names no http(s) address for a Dask dashboard.');
        return;
      }
      case 'openSource': {
        const line = message.line - 1;
        await vscode.window.showTextDocument(vscode.Uri.file(message.file), {
          viewColumn: vscode.ViewColumn.One,
          selection: new vscode.Range(line, 0, line, 0),
        });
        return;
      }
      case 'rerun': {
        if (this.state.kind === 'running') {
          void vscode.window.showInformationMessage(`${this.state.functionName} is being profiled now; cancel it to start again.`);
          return;
        }
        const target = this.rerunTarget();
        if (!target) {
          void vscode.window.showInformationMessage('Nothing to run again yet: run Profile parallel first.');
          return;
        }
        await this.actions.rerun(target.file, target.functionName, target.inputs);
        return;
      }
      case 'cancel':
        this.actions.cancel();
        return;
      case 'compareHistory':
        await this.compareHistory(message.older, message.newer);
        return;
      case 'tasks': {
        // A request for a report no longer shown gets nothing: the panel asks again for the new one.
        const found = runTasks(this.state, message.runId);
        if (found) void this.panel?.webview.postMessage({ type: 'tasks', ...found } satisfies ToPanel);
        return;
      }
    }
  }

  private rerunTarget(): { file: string; functionName: string; inputs: string } | null {
    const report = reportOf(this.state);
    return report ? { file: report.target.file, functionName: report.target.function, inputs: report.target.inputs.expression } : null;
  }

  private async persist(state: PanelState, saved: SavedReports): Promise<void> {
    let persisted: PersistedState | undefined;
    if (state.kind === 'done' && saved.report) {
      persisted = { kind: 'done', functionName: state.report.target.function, report: saved.report, previous: saved.previous };
    } else if (state.kind === 'failed') {
      persisted = { kind: 'failed', functionName: this.functionName, message: state.message, hint: state.hint, detail: state.detail };
    }
    if (persisted) await this.memento.update(PERSISTED_KEY, persisted);
  }

  private async readPersisted(): Promise<PanelState> {
    const persisted = this.memento.get<PersistedState>(PERSISTED_KEY);
    if (!persisted) return { kind: 'idle' };
    this.functionName = persisted.functionName;
    try {
      if (persisted.kind === 'done') {
        const report = await this.store.load(persisted.report);
        const previous = persisted.previous ? await this.store.load(persisted.previous).catch(() => null) : null;
        return { kind: 'done', report, previous };
      }
      return { kind: 'failed', message: persisted.message, hint: persisted.hint, detail: persisted.detail };
    } catch (error) {
      // The report was pruned or deleted since: an empty panel is honest, a stale error is not.
      this.log.info(`Could not restore the last results: ${String(error)}`);
      return { kind: 'idle' };
    }
  }
}
