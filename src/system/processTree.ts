// Finding and killing every process of a run: the process group, every descendant (even those
// that called setsid and left the group) and every process carrying the run's marker variable.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const hasProc = existsSync('/proc/self/stat');

/** pid → parent pid of every live (non-zombie) process we can see. */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  if (!hasProc) {
    // macOS and other systems without /proc: ps lists the same relation.
    const lines = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat='], { encoding: 'utf8' }).split('\n');
    for (const line of lines) {
      const [pid, ppid, stat] = line.trim().split(/\s+/);
      if (pid && ppid && !stat?.startsWith('Z')) parents.set(Number(pid), Number(ppid));
    }
    return parents;
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat && stat.state !== 'Z') parents.set(Number(name), stat.ppid);
  }
  return parents;
}

/** A process's state letter, parent pid and process group from /proc/<pid>/stat; null once it is gone. */
export function readStat(pid: number): { state: string; ppid: number; pgrp: number; startTicks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name sits in parentheses and may itself contain spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Field 22, starttime: with the pid it names one process for good (pids are reused).
    return { state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]), startTicks: Number(fields[19]) };
  } catch {
    return null;
  }
}

/** Every live descendant of pid (children, grandchildren, ...), not pid itself. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [child, parent] of parentsByPid()) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      if (!found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** pid and its descendants from the kernel's own lists of each thread's children
 * (/proc/PID/task/TID/children): reads only this tree, where `descendants` reads every process of
 * the machine (3 ms for 66 processes, too much to do twice a second beside a timed run). null
 * where the kernel keeps no such lists. */
export function treeFromChildren(pid: number): number[] | null {
  if (!hasProc || !existsSync(`/proc/${process.pid}/task/${process.pid}/children`)) return null;
  const found = [pid];
  for (let at = 0; at < found.length; at += 1) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${found[at]}/task`);
    } catch {
      continue; // ended while we looked
    }
    for (const task of tasks) {
      let listing = '';
      try {
        listing = readFileSync(`/proc/${found[at]}/task/${task}/children`, 'latin1');
      } catch {
        continue;
      }
      for (const child of listing.split(' ')) {
        const id = Number(child);
        if (child !== '' && Number.isInteger(id) && !found.includes(id)) found.push(id);
      }
    }
  }
  return found;
}

/** Live processes of process group `group` (Linux only; [] elsewhere). A group's id is not reused
 * while any process is in it, so these are the group's for sure. */
export function groupMembers(group: number): number[] {
  if (!hasProc) return [];
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat && stat.pgrp === group && stat.state !== 'Z' && stat.state !== 'X') found.push(Number(name));
  }
  return found;
}

/** Live processes whose environment holds PARALLEL_PROFILER_RUN=marker (Linux only; [] elsewhere). */
export function pidsWithMarker(marker: string, variable = 'PARALLEL_PROFILER_RUN'): number[] {
  if (!hasProc) return [];
  const needle = Buffer.from(`${variable}=${marker}\0`);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`);
      // Zombies have an empty environ; they are gone for our purpose.
      if ((environ.indexOf(needle) === 0 || environ.includes(Buffer.concat([Buffer.from('\0'), needle]))) && isAlive(Number(name))) {
        found.push(Number(name));
      }
    } catch {
      // The process ended while we looked, or belongs to another user.
    }
  }
  return found;
}

/** True while pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  if (hasProc) {
    const stat = readStat(pid);
    return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return parentsByPid().has(pid);
  } catch {
    return false;
  }
}

/** pid, its descendants and (when given) every process carrying the marker. */
export function treePids(pid: number, marker?: string, rootExited = false): number[] {
  // Once the root has been reaped its pid may be reused: then only the marker is trustworthy.
  const pids = new Set<number>(rootExited ? [] : [pid, ...descendants(pid)]);
  if (marker) for (const other of pidsWithMarker(marker)) pids.add(other);
  return [...pids].filter(isAlive);
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone, or not ours.
  }
}

export interface KillTreeOptions {
  /** Also kill processes carrying PARALLEL_PROFILER_RUN=marker (double-forked orphans). */
  marker?: string;
  /** How long to keep killing and polling until every process is gone. */
  timeoutMs?: number;
  /** The root has exited and been reaped: kill its group and the marked processes only. */
  rootExited?: boolean;
}

/** How long a resource tracker may outlive the rest of its tree to clean up after it. */
const TRACKER_GRACE_MS = 1000;

/**
 * multiprocessing's and loky's resource trackers: each waits for every process that uses it to
 * be gone, then unlinks the named semaphores, shared memory and temporary folders they left
 * (/dev/shm/sem.mp-*, sem.loky-*, joblib_memmapping_folder_*). Killed with the rest, they leave
 * those behind for good. Linux only (reads /proc).
 */
export function isResourceTracker(pid: number): boolean {
  if (!hasProc) return false;
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    return /(resource|semaphore)_tracker import main/.test(command);
  } catch {
    return false;
  }
}

/**
 * SIGKILL the process group of pid, pid itself, every descendant and every marked process, and
 * repeat until none is left (a dying parent may still fork). Resource trackers are spared for a
 * moment, so that they clean up after the others once those are gone, then killed like the rest if
 * still there. Resolves with the pids still alive when the time ran out ([] = all gone).
 */
export async function killTree(pid: number, options: KillTreeOptions = {}): Promise<number[]> {
  const start = Date.now();
  let deadline = start + (options.timeoutMs ?? 2000);
  let graceGiven = false;
  for (;;) {
    // Collect before killing: once a parent dies its children are re-parented and lost to the walk.
    let pids = treePids(pid, options.marker, options.rootExited);
    const spared = Date.now() - start < TRACKER_GRACE_MS ? pids.filter(isResourceTracker) : [];
    if (spared.length > 0 && !graceGiven) {
      graceGiven = true;
      deadline += TRACKER_GRACE_MS;
    }
    // The group holds the trackers too: while one is spared, the group's other processes are killed
    // by pid (one that dropped the marker is found only there, and could hold a tracker's pipe open).
    if (spared.length === 0) sendSignal(-pid, 'SIGKILL');
    else pids = [...new Set([...pids, ...groupMembers(pid)])];
    for (const each of pids) if (!spared.includes(each)) sendSignal(each, 'SIGKILL');
    if (pids.length === 0) return [];
    if (Date.now() >= deadline) return pids;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Send a signal to every listed pid that is still alive (e.g. SIGUSR1 for stack dumps). */
export function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) if (isAlive(pid)) sendSignal(pid, signal);
}
