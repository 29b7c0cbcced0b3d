// Which Python or Node runs the user's code: the `parallelProfiler.pythonPath`/`nodePath` setting
// when set, else (Python) the Python extension's active environment, else the runner's own PATH
// lookup (python3/python, node).
import * as vscode from 'vscode';
import type { Language } from '../shared/report';
import type { Settings } from './settings';

const PYTHON_EXTENSION_ID = 'ms-python.python';

/** The interpreter to pass to the engine, or undefined to let the runner search PATH. */
export async function chooseExecutable(language: Language, resource: vscode.Uri, settings: Settings, log: vscode.LogOutputChannel): Promise<string | undefined> {
  if (language !== 'python') return settings.nodePath;
  if (settings.pythonPath) return settings.pythonPath;
  return pythonExtensionInterpreter(resource, log);
}

async function pythonExtensionInterpreter(resource: vscode.Uri, log: vscode.LogOutputChannel): Promise<string | undefined> {
  // Optional: only asked when installed, and loaded only now, so activation never waits on it.
  if (!vscode.extensions.getExtension(PYTHON_EXTENSION_ID)) return undefined;
  try {
    const { PythonExtension } = await import('@vscode/python-extension');
    const api = await PythonExtension.api();
    const active = api.environments.getActiveEnvironmentPath(resource);
    const environment = await api.environments.resolveEnvironment(active);
    const executable = environment?.executable.uri?.fsPath;
    if (executable) log.info(`Using the Python extension's interpreter: ${executable}`);
    return executable;
  } catch (error) {
    log.warn(`The Python extension did not give an interpreter (${String(error)}); falling back to PATH.`);
    return undefined;
  }
}

/** The setting that picks the interpreter for a language, for an "Open Settings" button. */
export function interpreterSetting(language: Language): string {
  return language === 'python' ? 'parallelProfiler.pythonPath' : 'parallelProfiler.nodePath';
}
