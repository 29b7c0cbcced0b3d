// Commands that only read: show a function's last results (from its CodeLens), open a saved
// report file, bring back the Results panel, and open an example to try. They work in an
// untrusted workspace too, since nothing here runs the user's code.
import { constants as fsConstants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { FunctionTarget } from './codeLens';
import { firstDocLine } from './functionList';
import type { ReportStore } from '../core/reportStore';
import type { ResultsPanel } from './resultsPanel';

function isFunctionTarget(value: unknown): value is FunctionTarget {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<FunctionTarget>;
  return typeof candidate.file === 'string' && typeof candidate.functionName === 'string';
}

const EXAMPLE = /\.(py|js|mjs|cjs|ts)$/;

export class ReportCommands {
  constructor(
    private readonly panel: ResultsPanel,
    private readonly store: ReportStore,
    private readonly extensionUri: vscode.Uri,
    private readonly exampleFolder: vscode.Uri,
  ) {}

  /** The newest stored report of a function, compared with the one before it. */
  async showReport(argument: unknown): Promise<void> {
    if (!isFunctionTarget(argument)) return this.panel.reveal();
    const [latest, before] = await this.store.history(argument.file, argument.functionName);
    if (!latest) {
      void vscode.window.showInformationMessage(`${argument.functionName} has no saved results yet: run Profile parallel first.`);
      return;
    }
    const report = await this.store.load(latest);
    const previous = before ? await this.store.load(before).catch(() => null) : null;
    this.panel.show({ kind: 'done', report, previous }, { report: latest, previous: previous ? before : null });
  }

  async openReport(): Promise<void> {
    const [file] =
      (await vscode.window.showOpenDialog({
        title: 'Open a Parallel Profiler report',
        canSelectMany: false,
        filters: { 'Parallel Profiler report': ['json'] },
        openLabel: 'Open Report',
      })) ?? [];
    if (!file) return;
    const report = await this.store.load(file.fsPath);
    this.panel.show({ kind: 'done', report, previous: null }, { report: file.fsPath, previous: null });
  }

  /**
   * Copies the shipped examples into the extension's storage (so edits never touch the install,
   * and an example's relative imports still resolve) and opens the one the user picks. A copy the
   * user already has is left as it is.
   */
  async openExample(): Promise<void> {
    const shipped = vscode.Uri.joinPath(this.extensionUri, 'examples').fsPath;
    const files = await exampleFiles(shipped);
    const items = await Promise.all(
      files.map(async (file) => ({ label: file, detail: firstDocLine(await readFile(path.join(shipped, file), 'utf8')) })),
    );
    const choice = await vscode.window.showQuickPick(items, { title: 'Parallel Profiler: open an example', placeHolder: 'A workload to profile' });
    if (!choice) return;
    const copies = this.exampleFolder.fsPath;
    for (const file of files) {
      const copy = path.join(copies, file);
      await mkdir(path.dirname(copy), { recursive: true });
      await copyFile(path.join(shipped, file), copy, fsConstants.COPYFILE_EXCL).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(copies, choice.label)));
  }
}

/** Example scripts under `folder`, as relative paths, one level of subfolders deep. */
async function exampleFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isFile() && EXAMPLE.test(entry.name)) found.push(entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== '__pycache__') {
      for (const name of await readdir(path.join(folder, entry.name))) if (EXAMPLE.test(name)) found.push(`${entry.name}/${name}`);
    }
  }
  return found.sort();
}
