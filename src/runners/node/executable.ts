// Which node runs the user's code: the one the user chose, else the node running us — except
// inside VS Code, where that is Electron: then a node on PATH, else Electron acting as node.
import { findOnPath } from '../../system/onPath';

export interface NodeCommand {
  command: string;
  /** Extra environment for the harness (ELECTRON_RUN_AS_NODE when Electron stands in for node). */
  env: NodeJS.ProcessEnv;
}

/** The first `node` on PATH (with the PATHEXT suffixes on Windows), or null. */
export function nodeOnPath(env: NodeJS.ProcessEnv = process.env): string | null {
  return findOnPath('node', env);
}

export function nodeCommand(executable: string | undefined): NodeCommand {
  if (executable) return { command: executable, env: {} };
  if (!process.versions.electron) return { command: process.execPath, env: {} };
  const onPath = nodeOnPath();
  if (onPath) return { command: onPath, env: {} };
  return { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
}
