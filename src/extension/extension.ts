// Entry point: wires commands, CodeLens, the Results panel, the Core Utilization view and the
// status bar. Activation only registers things: the engine, systeminformation and the Python
// extension's API are loaded the first time they are needed.
import * as vscode from 'vscode';
import { CoreSampler } from '../core/sampler';
import { CODE_LENS_SELECTOR, ProfileCodeLens } from './codeLens';
import { CORE_VIEW_TYPE, CoreUtilizationView, type ActivitySource } from './coreUtilizationView';
import { ProfileCommand } from './profileCommand';
import { activityLabel, ProfileRuns } from './profileRuns';
import { ReportCommands } from './reportCommands';
import { ReportStore } from '../core/reportStore';
import { projectLocator } from '../core/projectLocation';
import { RESULTS_VIEW_TYPE, ResultsPanel } from './resultsPanel';
import { readSettings, SECTION } from './settings';
import { RunStatusBar } from './statusBar';
import type { AssetRoots } from './webviewHtml';

/** How long deactivation waits for a cancelled run to kill its processes. */
const STOP_WAIT_MS = 3000;

let shutdown: (() => Promise<void>) | undefined;

/** Wraps a command so that any failure reaches the user as a sentence, never an unhandled rejection. */
function guarded(log: vscode.LogOutputChannel, name: string, action: (...args: unknown[]) => Thenable<unknown> | void) {
  return async (...args: unknown[]): Promise<void> => {
    try {
      await action(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`${name} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
      void vscode.window.showErrorMessage(`Parallel Profiler: ${message}`);
    }
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Parallel Profiler', { log: true });
  // One sampler for the whole extension: the engine's recordings and the live view share its timer.
  const sampler = new CoreSampler({ onListenerError: (error) => log.error(`Core sampler listener failed: ${String(error)}`) });
  const roots: AssetRoots = { dist: vscode.Uri.joinPath(context.extensionUri, 'dist'), media: vscode.Uri.joinPath(context.extensionUri, 'media') };
  // Global storage: a renamed checkout folder or a re-clone gets a new workspace storage, and the
  // history must outlive both. Reports of the first layout, in workspace storage, are moved in.
  const store = new ReportStore(vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath, {
    keep: () => readSettings((key) => vscode.workspace.getConfiguration(SECTION).get(key)).historyKeep,
    locate: projectLocator((file) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath),
    legacyRoots: [vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'reports').fsPath],
    onWarning: (message) => log.warn(message),
  });

  const panel: ResultsPanel = new ResultsPanel(
    roots,
    context.workspaceState,
    store,
    { rerun: (file, functionName, inputs) => profileCommand.rerun(file, functionName, inputs), cancel: () => runs.cancel() },
    log,
  );
  const runs = new ProfileRuns(sampler, panel, store, log);
  const profileCommand = new ProfileCommand(runs, context.workspaceState, log);
  const reportCommands = new ReportCommands(panel, store, context.extensionUri, vscode.Uri.joinPath(context.globalStorageUri, 'examples'));
  const statusBar = new RunStatusBar();
  const codeLens = new ProfileCodeLens(store, () => readSettings((key) => vscode.workspace.getConfiguration(SECTION).get(key)).codeLensEnabled);
  const activity: ActivitySource = {
    get label() {
      return activityLabel(runs.activity);
    },
    onDidChange: (listener, thisArgs, disposables) =>
      runs.onDidChangeActivity((current) => listener.call(thisArgs, activityLabel(current)), undefined, disposables),
  };
  const coreView = new CoreUtilizationView(roots, sampler, activity, log);
  shutdown = async () => {
    if (runs.cancel()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_WAIT_MS);
        const ended = runs.onDidChangeActivity((current) => {
          if (current !== null) return;
          clearTimeout(timer);
          ended.dispose();
          resolve();
        });
      });
    }
    sampler.dispose();
  };

  const command = (id: string, action: (...args: unknown[]) => Thenable<unknown> | void) =>
    vscode.commands.registerCommand(id, guarded(log, id, action));

  context.subscriptions.push(
    log,
    { dispose: () => sampler.dispose() },
    panel,
    runs,
    statusBar,
    codeLens,
    coreView,
    runs.onDidChangeActivity((current) => statusBar.update(current)),
    runs.onDidFinish(() => codeLens.refresh()),
    command('parallelProfiler.profile', (argument) => profileCommand.run(argument)),
    command('parallelProfiler.showResults', () => panel.reveal()),
    command('parallelProfiler.cancel', () => {
      if (!runs.cancel()) void vscode.window.showInformationMessage('Nothing is being profiled right now.');
    }),
    command('parallelProfiler.showReport', (argument) => reportCommands.showReport(argument)),
    command('parallelProfiler.openReport', () => reportCommands.openReport()),
    command('parallelProfiler.openExample', () => reportCommands.openExample()),
    command('parallelProfiler.showCoreUtilization', () => vscode.commands.executeCommand(`${CORE_VIEW_TYPE}.focus`)),
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, { deserializeWebviewPanel: (restored) => panel.restore(restored) }),
    vscode.window.registerWebviewViewProvider(CORE_VIEW_TYPE, coreView),
    vscode.languages.registerCodeLensProvider(CODE_LENS_SELECTOR, codeLens),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.codeLens`)) codeLens.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => codeLens.refresh()),
  );
}

/** Cancels a run in progress, waits (briefly) for its processes to end, and stops the sampler. */
export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}
