// The "Profile parallel" command: pick a function of the active file, confirm its inputs, save
// the file, and hand the request to the run queue. Also "run again" from the Results panel.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ProfileRequest } from '../core/engine';
import type { FunctionInfo } from '../shared/runner';
import type { Language } from '../shared/report';
import type { FunctionTarget } from './codeLens';
import { definesProfileInputs, languageFor, listFunctions } from './functionList';
import { chooseExecutable } from './interpreter';
import type { ProfileRuns } from './profileRuns';
import { readSettings, SECTION } from './settings';
import { explainUntrusted, isTrusted } from './trust';

const PROFILE_INPUTS = 'PROFILE_INPUTS';

/** What the command may be invoked with: a lens's target, or a file Uri from a context menu. */
function targetFrom(argument: unknown): { file: string; functionName?: string } | undefined {
  if (argument instanceof vscode.Uri) return { file: argument.fsPath };
  if (typeof argument !== 'object' || argument === null) return undefined;
  const candidate = argument as Partial<FunctionTarget>;
  if (typeof candidate.file !== 'string') return undefined;
  return { file: candidate.file, functionName: typeof candidate.functionName === 'string' ? candidate.functionName : undefined };
}

function inputsKey(file: string, functionName: string): string {
  return `parallelProfiler.inputs:${file}#${functionName}`;
}

export class ProfileCommand {
  constructor(
    private readonly runs: ProfileRuns,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async run(argument?: unknown): Promise<void> {
    if (!isTrusted()) return explainUntrusted();
    const target = targetFrom(argument);
    const document = target ? await vscode.workspace.openTextDocument(vscode.Uri.file(target.file)) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Open a Python, JavaScript or TypeScript file, then run Profile parallel.');
      return;
    }
    const language = languageFor(document.languageId, document.fileName);
    if (!language) {
      void vscode.window.showInformationMessage(`${path.basename(document.fileName)} is not a Python, JavaScript or TypeScript file: Parallel Profiler profiles a function of one of those.`);
      return;
    }
    const source = document.getText();
    const functions = listFunctions(source, language);
    const functionName = target?.functionName ?? (await this.pickFunction(functions, document, language));
    if (!functionName) return;
    const hasProfileInputs = definesProfileInputs(source, language);
    const inputs = await this.askInputs(document, functionName, language, hasProfileInputs);
    if (inputs === undefined) return;
    const file = await this.saved(document);
    if (!file) return;
    await this.memento.update(inputsKey(file, functionName), inputs);
    await this.start(file, functionName, language, inputs);
  }

  /** Runs a function again with the inputs it last ran with (from the Results panel). */
  async rerun(file: string, functionName: string, reportInputs: string): Promise<void> {
    if (!isTrusted()) return explainUntrusted();
    const language = languageFor('', file);
    if (!language) return;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.fsPath === file);
    if (open?.isDirty && !(await open.save())) {
      void vscode.window.showWarningMessage(`Could not save ${path.basename(file)}; it was not run again.`);
      return;
    }
    const inputs = this.memento.get<string>(inputsKey(file, functionName)) ?? (reportInputs === PROFILE_INPUTS ? '' : reportInputs);
    await this.start(file, functionName, language, inputs);
  }

  private async start(file: string, functionName: string, language: Language, inputs: string): Promise<void> {
    const uri = vscode.Uri.file(file);
    const settings = readSettings((key) => vscode.workspace.getConfiguration(SECTION, uri).get(key));
    const request: ProfileRequest = {
      file,
      functionName,
      cwd: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(file),
      inputs: inputs.trim() === '' ? undefined : inputs.trim(),
      executable: await chooseExecutable(language, uri, settings, this.log),
      executors: settings.executors,
      workers: settings.workers,
      repeat: settings.repeat,
      timeoutSeconds: settings.timeoutSeconds,
      chunksize: settings.chunksize,
      daskScheduler: settings.daskScheduler,
      thorough: settings.thorough,
      budgetSeconds: settings.budgetSeconds,
    };
    await this.runs.run(request, language);
  }

  private async pickFunction(functions: FunctionInfo[], document: vscode.TextDocument, language: Language): Promise<string | undefined> {
    const name = path.basename(document.fileName);
    if (functions.length === 0) {
      const kind = language === 'python' ? 'top-level function' : 'exported function';
      const example = language === 'python' ? 'def work(n): …' : 'export function work(n) { … }';
      void vscode.window.showWarningMessage(`${name} has no ${kind} that takes arguments. Parallel Profiler calls one function once per input, e.g. ${example}`);
      return undefined;
    }
    const items = functions.map((fn) => ({ label: fn.name, description: `(${fn.params.join(', ')})`, detail: `line ${fn.line}`, fn }));
    const cursorLine = vscode.window.activeTextEditor?.document === document ? vscode.window.activeTextEditor.selection.active.line + 1 : 0;
    // The function the cursor is in (the last one starting above it) is offered first.
    const underCursor = [...items].reverse().find((item) => item.fn.line <= cursorLine);
    const pick = vscode.window.createQuickPick<(typeof items)[number]>();
    pick.title = 'Profile parallel: choose a function';
    pick.placeholder = `Function of ${name} to run in parallel`;
    pick.items = items;
    if (underCursor) pick.activeItems = [underCursor];
    return new Promise((resolve) => {
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.label ?? pick.activeItems[0]?.label);
        pick.hide();
      });
      pick.onDidHide(() => {
        resolve(undefined);
        pick.dispose();
      });
      pick.show();
    });
  }

  /** The inputs expression; '' means the module's PROFILE_INPUTS; undefined when the user gave up. */
  private askInputs(document: vscode.TextDocument, functionName: string, language: Language, hasProfileInputs: boolean): Thenable<string | undefined> {
    const last = this.memento.get<string>(inputsKey(document.uri.fsPath, functionName));
    const what = language === 'python' ? 'A Python expression' : 'A JavaScript expression';
    const fallback = hasProfileInputs ? ` Leave empty to use ${PROFILE_INPUTS} from ${path.basename(document.fileName)}.` : '';
    return vscode.window.showInputBox({
      title: `Profile parallel: inputs for ${functionName}`,
      prompt: `${what} giving the list of inputs: one call of ${functionName}(item) per item.${fallback}`,
      value: last ?? '',
      placeHolder: language === 'python' ? 'e.g. [60_000] * 8  or  range(100)' : 'e.g. [1e6, 1e6, 1e6, 1e6]',
      ignoreFocusOut: true,
      validateInput: (value) =>
        value.trim() === '' && !hasProfileInputs ? `Give the inputs, or define ${PROFILE_INPUTS} in ${path.basename(document.fileName)}.` : undefined,
    });
  }

  /** Saves the document (untitled ones get a name) and returns its path, or undefined. */
  private async saved(document: vscode.TextDocument): Promise<string | undefined> {
    const name = path.basename(document.fileName);
    if (document.uri.scheme === 'file' && !document.isDirty) return document.uri.fsPath;
    if (document.uri.scheme !== 'file' && !document.isUntitled) {
      void vscode.window.showWarningMessage(`${name} is not a file on disk, so it cannot be run: save a copy first.`);
      return undefined;
    }
    const uri = await vscode.workspace.save(document.uri);
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(`${name} was not saved to disk, so it was not run: Parallel Profiler runs the file as saved.`);
      return undefined;
    }
    return uri.fsPath;
  }
}
