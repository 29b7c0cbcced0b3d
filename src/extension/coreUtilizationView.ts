// The Core Utilization view: live per-core load while the view is visible (the shared sampler's
// timer runs only while someone listens), the machine's core layout, and the run in progress.
import type * as vscode from 'vscode';
import { LoadAverage, type CoreSampler, type Subscription } from '../core/sampler';
import { isFromCoreView, type ToCoreView } from '../shared/messages';
import { loadEngineModules } from './loadEngineModules';
import { loadWebview, type AssetRoots } from './webviewHtml';

export const CORE_VIEW_TYPE = 'parallelProfiler.coreUtilization';
/** Least time between two samples shown while a profile runs: at most 4 a second, against the sampler's 100 while it records. */
const RUNNING_POST_SECONDS = 0.25;

export interface ActivitySource {
  readonly label: string | null;
  readonly onDidChange: vscode.Event<string | null>;
}

export class CoreUtilizationView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private sampling: Subscription | undefined;
  private viewListeners: vscode.Disposable[] = [];
  private readonly activityListener: vscode.Disposable;

  constructor(
    private readonly roots: AssetRoots,
    private readonly sampler: CoreSampler,
    private readonly activity: ActivitySource,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.activityListener = activity.onDidChange((label) => this.post({ type: 'activity', label }));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    loadWebview(view.webview, this.roots, { title: 'Core Utilization', script: 'coreView.js', style: 'coreView.css' });
    this.viewListeners = [
      view.webview.onDidReceiveMessage((message: unknown) => {
        if (!isFromCoreView(message)) {
          this.log.warn(`Ignored an unexpected message from the Core Utilization view: ${JSON.stringify(message)?.slice(0, 200)}`);
          return;
        }
        void this.sendMachine();
        this.post({ type: 'activity', label: this.activity.label });
      }),
      view.onDidChangeVisibility(() => this.updateSampling()),
      view.onDidDispose(() => {
        if (this.view === view) this.disposeView();
      }),
    ];
    this.updateSampling();
  }

  dispose(): void {
    this.disposeView();
    this.activityListener.dispose();
  }

  /** Samples only while the view can be seen: a hidden view costs no timer at all. */
  private updateSampling(): void {
    const visible = this.view?.visible === true;
    if (visible && !this.sampling) {
      let postedAt = Number.NEGATIVE_INFINITY;
      const average = new LoadAverage();
      this.sampling = this.sampler.subscribe((sample) => {
        average.add(sample);
        // While a profile runs, every redraw takes CPU from the work being measured (VS Code without
        // a GPU draws in software): the view then shows a few samples a second instead of ten, each
        // the load since the one before (a single 10 ms reading of a recording says only 0 or 100%).
        if (this.activity.label !== null && sample.time - postedAt < RUNNING_POST_SECONDS) return;
        postedAt = sample.time;
        this.post({ type: 'load', time: sample.time, load: average.take() });
      });
    } else if (!visible && this.sampling) {
      this.sampling.dispose();
      this.sampling = undefined;
    }
  }

  private async sendMachine(): Promise<void> {
    try {
      const { getMachine, coreToPhysical } = await loadEngineModules();
      const machine = await getMachine();
      this.post({ type: 'machine', machine, coreToPhysical: coreToPhysical(machine) });
    } catch (error) {
      this.log.error(`Could not describe the machine: ${String(error)}`);
    }
  }

  private post(message: ToCoreView): void {
    void this.view?.webview.postMessage(message);
  }

  private disposeView(): void {
    this.sampling?.dispose();
    this.sampling = undefined;
    for (const listener of this.viewListeners) listener.dispose();
    this.viewListeners = [];
    this.view = undefined;
  }
}
