// CodeLens above every function that can be profiled: "Profile parallel", and after a run the
// comparison from its last report (click to open the results).
import * as vscode from 'vscode';
import { lensTitle, lensTooltip } from '../shared/comparison';
import { languageFor, listFunctions } from './functionList';
import type { ReportStore } from '../core/reportStore';
import { isTrusted } from './trust';

export const CODE_LENS_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'typescript' },
];

/** Arguments the lenses pass to `parallelProfiler.profile` and `parallelProfiler.showReport`. */
export interface FunctionTarget {
  file: string;
  functionName: string;
}

export class ProfileCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly store: ReportStore,
    private readonly enabled: () => boolean,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.enabled()) return [];
    const language = languageFor(document.languageId, document.fileName);
    if (!language) return [];
    const file = document.uri.fsPath;
    const trusted = isTrusted();
    const lenses: vscode.CodeLens[] = [];
    for (const fn of listFunctions(document.getText(), language)) {
      if (token.isCancellationRequested) return [];
      const range = new vscode.Range(fn.line - 1, 0, fn.line - 1, 0);
      const target: FunctionTarget = { file, functionName: fn.name };
      lenses.push(
        new vscode.CodeLens(range, {
          title: trusted ? 'Profile parallel' : 'Profile parallel (trust this workspace to run)',
          tooltip: trusted
            ? `Run ${fn.name} under serial, threads and processes at several worker counts, and compare`
            : 'Parallel Profiler runs your code, so it only runs in a trusted workspace',
          command: 'parallelProfiler.profile',
          arguments: [target],
        }),
      );
      const summary = await this.store.summary(file, fn.name).catch(() => null);
      if (summary) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: lensTitle(summary),
            tooltip: lensTooltip(summary),
            command: 'parallelProfiler.showReport',
            arguments: [target],
          }),
        );
      }
    }
    return lenses;
  }
}
