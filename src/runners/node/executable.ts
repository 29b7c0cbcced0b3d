// Which node runs the user's code: the one the user chose, else the node running us — except
// inside VS Code, where that is Electron: then a node on PATH, else Electron acting as node.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface NodeCommand {
  command: string;
  /** Extra environment for the harness (ELECTRON_RUN_AS_NODE when Electron stands in for node). */
  env: NodeJS.ProcessEnv;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `node` on PATH (with the PATHEXT suffixes on Windows), or null. */
export function nodeOnPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const suffixes = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const suffix of suffixes) {
      const candidate = path.join(dir, `node${suffix.toLowerCase()}`);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

export function nodeCommand(executable: string | undefined): NodeCommand {
  if (executable) return { command: executable, env: {} };
  if (!process.versions.electron) return { command: process.execPath, env: {} };
  const onPath = nodeOnPath();
  if (onPath) return { command: onPath, env: {} };
  return { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
}
