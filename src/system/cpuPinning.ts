// Pinning a process to one CPU: util-linux's taskset, on Linux. `compare OLD NEW` runs both sides
// of a round's serial timing on one CPU (see ConfigRequest.cpu in src/shared/runner.ts).

import { findOnPath } from './onPath';

let taskset: string | null | undefined;

/** taskset on PATH (Linux), or null. Looked up once. */
function findTaskset(): string | null {
  if (taskset === undefined) taskset = process.platform === 'linux' ? findOnPath('taskset') : null;
  return taskset;
}

/** Whether a process can be pinned to one CPU here. */
export function canPinToCpu(): boolean {
  return findTaskset() !== null;
}

/** The command under `taskset -c CPU` when a CPU is asked for and taskset is here, else unchanged.
 * taskset execs the command, so the pid (and the process group a kill relies on) stays the command's. */
export function pinnedCommand(command: string, args: string[], cpu: number | null | undefined): [string, string[]] {
  const tool = typeof cpu === 'number' && Number.isInteger(cpu) && cpu >= 0 ? findTaskset() : null;
  return tool ? [tool, ['-c', String(cpu), command, ...args]] : [command, args];
}
