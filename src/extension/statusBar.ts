// The status bar item that shows a profile in progress ("Profiling count_primes, about 20 s left"); clicking
// it brings back the Results panel. Hidden when nothing runs.
import * as vscode from 'vscode';
import { formatTimeLeft } from '../shared/format';
import { progressLine } from '../shared/progressText';
import type { RunActivity } from './profileRuns';

export class RunStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('parallelProfiler.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Parallel Profiler';
    this.item.command = 'parallelProfiler.showResults';
  }

  update(activity: RunActivity | null): void {
    void vscode.commands.executeCommand('setContext', 'parallelProfiler.running', activity !== null);
    if (!activity) {
      this.item.hide();
      return;
    }
    const left = activity.leftSeconds === null ? '' : `, ${formatTimeLeft(activity.leftSeconds)}`;
    // A still icon: a spinning one repaints the workbench many times a second, which on a machine
    // without a GPU takes CPU from the very work being measured.
    this.item.text = `$(pulse) Profiling ${activity.functionName}${left}`;
    this.item.tooltip = `Parallel Profiler: ${progressLine(activity.current, activity)}. Click to show the results.`;
    this.item.accessibilityInformation = {
      label: `Profiling ${activity.functionName}${left}. Show the results.`,
      role: 'button',
    };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
