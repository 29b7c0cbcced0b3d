// Workspace trust: Parallel Profiler runs the user's code, so nothing runs in an untrusted
// workspace; the user gets the reason and a way to change it instead.
import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Explains why nothing runs, with a button to the trust editor; resolves when the user answered. */
export async function explainUntrusted(): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    'Parallel Profiler runs your code, so it only runs in a trusted workspace. Saved reports still open.',
    MANAGE_TRUST,
  );
  if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
}
