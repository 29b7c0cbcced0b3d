// Runs one profile at a time in the workspace: progress notification (cancellable), the Results
// panel's running → done/failed states, saving the report, and telling the user what went wrong.
import * as vscode from 'vscode';
import type { ProfileProgress, ProfileRequest } from '../core/engine';
import type { Lock } from '../core/machineLock';
import type { CoreSampler } from '../core/sampler';
import type { RunningCores, RunningState } from '../shared/messages';
import { ProgressClock, progressLine, type ProgressTiming } from '../shared/progressText';
import { formatTimeLeft } from '../shared/format';
import type { Language, Report, Run } from '../shared/report';
import { interpreterSetting } from './interpreter';
import type { ReportStore } from '../core/reportStore';
import { loadEngineModules } from './loadEngineModules';
import type { ResultsPanel } from './resultsPanel';

/** What is running now, for the status bar, the panel and the Core Utilization view. */
export interface RunActivity extends ProgressTiming {
  file: string;
  functionName: string;
  /** Label of the configuration running now, e.g. "process (spawn) × 2"; null while probing. */
  current: string | null;
  /** The runs finished so far, analysed against serial. */
  runs: Run[];
  cores: RunningCores | null;
}

interface ActiveRun {
  request: ProfileRequest;
  controller: AbortController;
  finished: Promise<void>;
  activity: RunActivity;
  clock: ProgressClock;
  /** How far the notification's bar has been moved, in percent: it only moves forward. */
  reportedPercent: number;
}

/** Elapsed time and time left are redrawn this often between two configurations: every redraw
 * repaints the notification, the status bar and the panel, and on a machine without a GPU that
 * takes CPU from the very work being measured, so not every second. */
const TICK_MS = 2000;

const CANCEL_AND_START = 'Cancel It and Start';
const WAIT = 'Wait';

export function activityLabel(activity: RunActivity | null): string | null {
  if (!activity) return null;
  if (!activity.current) return `${activity.functionName}: starting…`;
  return `${activity.functionName}: ${activity.current} — ${formatTimeLeft(activity.leftSeconds)}`;
}

export class ProfileRuns implements vscode.Disposable {
  private active: ActiveRun | null = null;
  private readonly activityChanged = new vscode.EventEmitter<RunActivity | null>();
  private readonly finishedEmitter = new vscode.EventEmitter<Report>();
  /** Fires on every progress step, and with null when the run ends. */
  readonly onDidChangeActivity = this.activityChanged.event;
  /** Fires after a report was saved (complete or partial). */
  readonly onDidFinish = this.finishedEmitter.event;

  constructor(
    private readonly sampler: CoreSampler,
    private readonly panel: ResultsPanel,
    private readonly store: ReportStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get activity(): RunActivity | null {
    return this.active?.activity ?? null;
  }

  /** Aborts the run in progress (the engine kills its process tree); false when nothing runs. */
  cancel(): boolean {
    if (!this.active) return false;
    this.active.controller.abort();
    return true;
  }

  dispose(): void {
    this.cancel();
    this.activityChanged.dispose();
    this.finishedEmitter.dispose();
  }

  /** Profiles after asking what to do about a run already in progress; never rejects. */
  async run(request: ProfileRequest, language: Language): Promise<void> {
    if (this.active) {
      const running = this.active;
      const choice = await vscode.window.showInformationMessage(
        `${running.request.functionName} is still being profiled. Cancel it and profile ${request.functionName} now, or wait until it finishes?`,
        CANCEL_AND_START,
        WAIT,
      );
      if (choice === undefined) return;
      if (choice === CANCEL_AND_START) running.controller.abort();
      // Several requests may be waiting: each starts only when nothing else has started first.
      while (this.active) {
        const waitingOn: ActiveRun = this.active;
        vscode.window.setStatusBarMessage(`Parallel Profiler: ${request.functionName} waits for ${waitingOn.request.functionName}`, waitingOn.finished);
        await waitingOn.finished;
      }
    }
    await this.execute(request, language);
  }

  private async execute(request: ProfileRequest, language: Language): Promise<void> {
    let finish: () => void = () => undefined;
    const active: ActiveRun = {
      request,
      controller: new AbortController(),
      finished: new Promise<void>((resolve) => (finish = resolve)),
      activity: { file: request.file, functionName: request.functionName, current: null, runs: [], cores: null, elapsedSeconds: 0, leftSeconds: null },
      clock: new ProgressClock(),
      reportedPercent: 0,
    };
    this.active = active;
    this.activityChanged.fire(active.activity);
    this.showRunning(active.activity, true);
    this.log.info(`Profiling ${request.functionName} in ${request.file} (${request.executable ?? 'interpreter from PATH'})`);
    try {
      const previousPath = (await this.store.history(request.file, request.functionName).catch(() => []))[0] ?? null;
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Profiling ${request.functionName}`, cancellable: true },
        async (progress, token) => {
          const cancelled = token.onCancellationRequested(() => active.controller.abort());
          // A determinate bar from the start: the infinite one animates for the whole run and, without
          // a GPU, costs the measured work a good share of a core.
          progress.report({ increment: 0 });
          let lock: Lock | null = null;
          let ticking: NodeJS.Timeout | undefined;
          try {
            const { profile, runnerFor, acquireMachineLock, describeHolder, getMachine } = await loadEngineModules();
            // Another window or the CLI may be profiling: wait for it, saying so, with Cancel at hand.
            lock = await acquireMachineLock(
              { from: 'VS Code', functionName: request.functionName, file: request.file },
              { signal: active.controller.signal, onWait: (holder) => progress.report({ message: `Waiting: ${describeHolder(holder)}. Starts when it ends; Cancel to give up.` }) },
            );
            // The time counts from here: waiting for another profile is not this one's time.
            active.clock = new ProgressClock();
            ticking = setInterval(() => this.showProgress(active, progress), TICK_MS);
            // Described once per process (the engine asks too); the speedup chart marks the core counts.
            void getMachine().then(({ logicalCores, physicalCores }) => (active.activity.cores = { logicalCores, physicalCores }), () => undefined);
            return await profile(request, {
              signal: active.controller.signal,
              sampler: this.sampler,
              runnerFor,
              onProgress: (step) => this.onProgress(active, step, progress),
            });
          } finally {
            clearInterval(ticking);
            await lock?.release();
            cancelled.dispose();
          }
        },
      );
      await this.finishWithReport(report, previousPath);
    } catch (error) {
      this.fail(error, request, language);
    } finally {
      this.active = null;
      this.activityChanged.fire(null);
      finish();
    }
  }

  private onProgress(active: ActiveRun, step: ProfileProgress, progress: vscode.Progress<{ message?: string; increment?: number }>): void {
    if (step.type === 'config-start') active.activity.current = step.label;
    else if (step.type === 'measured') {
      active.clock.estimate(step.leftSeconds);
      active.activity.runs = step.runs;
    } else return;
    this.showProgress(active, progress);
  }

  /** The notification, the status bar, the Core Utilization view and the panel, as of now. */
  private showProgress(active: ActiveRun, progress: vscode.Progress<{ message?: string; increment?: number }>): void {
    const activity = active.activity;
    Object.assign(activity, active.clock.timing());
    // The bar shows the share of the estimated total time spent; it never moves back when the estimate grows.
    const total = activity.leftSeconds === null ? null : activity.elapsedSeconds + activity.leftSeconds;
    const percent = total ? Math.min(99, (100 * activity.elapsedSeconds) / total) : 0;
    const increment = Math.max(0, percent - active.reportedPercent);
    active.reportedPercent += increment;
    // Every report carries the message: one without may clear the configuration's name from the notification.
    progress.report({ message: progressLine(activity.current, activity), increment });
    this.activityChanged.fire(activity);
    this.showRunning(activity, false);
  }

  private showRunning(activity: RunActivity, reveal: boolean): void {
    const state: RunningState = {
      kind: 'running',
      file: activity.file,
      functionName: activity.functionName,
      current: activity.current,
      runs: activity.runs,
      cores: activity.cores,
      elapsedSeconds: activity.elapsedSeconds,
      leftSeconds: activity.leftSeconds,
    };
    if (reveal) this.panel.show(state);
    else this.panel.update(state);
  }

  private async finishWithReport(report: Report, previousPath: string | null): Promise<void> {
    const previous = previousPath ? await this.store.load(previousPath).catch(() => null) : null;
    let savedPath: string | null = null;
    try {
      savedPath = await this.store.save(report);
    } catch (error) {
      this.log.error(`Could not save the report in ${this.store.root}: ${String(error)}`);
      // The results still show; the user must learn that they will not come back after a reload.
      void vscode.window.showWarningMessage(
        `The results of ${report.target.function} are shown but were not saved: ${whyNotSaved(error)}. They will be missing from its history and CodeLens: use Export JSON in the Results panel to keep them.`,
      );
    }
    this.panel.show({ kind: 'done', report, previous }, { report: savedPath, previous: previous ? previousPath : null });
    this.finishedEmitter.fire(report);
    const name = report.target.function;
    if (report.verdict.kind === 'failed') {
      const error = report.runs.find((run) => run.error)?.error;
      const detail = error ? ` ${error.message} ${error.hint}` : '';
      void vscode.window.showWarningMessage(`${name} failed in every configuration.${detail}`, 'Show Results').then((choice) => {
        if (choice) void this.panel.reveal();
      });
    } else if (report.status === 'partial') {
      const finished = report.runs.filter((run) => run.error?.kind !== 'cancelled').length;
      vscode.window.setStatusBarMessage(`Parallel Profiler: cancelled; showing the ${finished} of ${report.runs.length} configurations of ${name} that finished`, 8000);
    }
  }

  private fail(error: unknown, request: ProfileRequest, language: Language): void {
    const profileError = asProfileError(error);
    if (!profileError) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Profiling ${request.functionName} failed unexpectedly: ${error instanceof Error ? (error.stack ?? message) : message}`);
      this.panel.show({ kind: 'failed', message: `Parallel Profiler stopped unexpectedly: ${message}`, hint: 'The Parallel Profiler output has the details; please report it.', detail: null });
      void vscode.window.showErrorMessage(`Parallel Profiler stopped unexpectedly: ${message}`, 'Show Log').then((choice) => {
        if (choice) this.log.show();
      });
      return;
    }
    const where = profileError.detail?.file ? `${profileError.detail.file}${profileError.detail.line ? `:${profileError.detail.line}` : ''}` : null;
    const detail = [where, profileError.detail?.traceback].filter(Boolean).join('\n') || null;
    this.panel.show({ kind: 'failed', message: profileError.message, hint: profileError.hint, detail });
    this.log.warn(`${profileError.kind}: ${profileError.message} ${profileError.hint}`);
    if (profileError.kind === 'cancelled') {
      vscode.window.setStatusBarMessage(`Parallel Profiler: ${profileError.message}`, 8000);
      return;
    }
    // Each kind of failure offers the one place where the user fixes it.
    const buttons = profileError.kind === 'interpreter' ? ['Open Settings']
      : profileError.kind === 'inputs' ? ['Edit Inputs']
      : profileError.detail?.file ? ['Open File'] : [];
    void vscode.window.showErrorMessage(`${profileError.message} ${profileError.hint}`, ...buttons).then(async (choice) => {
      if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', interpreterSetting(language));
      if (choice === 'Edit Inputs') await vscode.commands.executeCommand('parallelProfiler.profile', { file: request.file, functionName: request.functionName });
      if (choice === 'Open File' && profileError.detail?.file) {
        const line = Math.max(0, (profileError.detail.line ?? 1) - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(profileError.detail.file), { selection: new vscode.Range(line, 0, line, 0) });
      }
    });
  }
}

/** Why the report store could not write, in the user's words. */
export function whyNotSaved(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk holding the extension\'s storage is full';
  if (code === 'EROFS') return 'the extension\'s storage folder is on a read-only file system';
  if (code === 'EACCES' || code === 'EPERM') return 'the extension\'s storage folder is not writable';
  // mkdir -p reports ENOENT when a parent cannot be made (e.g. on a read-only disk).
  if (code === 'ENOENT') return 'the extension\'s storage folder could not be created';
  return error instanceof Error ? error.message : String(error);
}

interface ProfileErrorShape {
  kind: string;
  message: string;
  hint: string;
  detail?: { file?: string; line?: number; traceback?: string };
}

/** The engine's ProfileError, recognised by shape so a second copy of the class still counts. */
function asProfileError(error: unknown): ProfileErrorShape | null {
  if (!(error instanceof Error) || error.name !== 'ProfileError') return null;
  const candidate = error as Error & Partial<ProfileErrorShape>;
  return typeof candidate.kind === 'string' && typeof candidate.hint === 'string' ? (candidate as ProfileErrorShape) : null;
}
