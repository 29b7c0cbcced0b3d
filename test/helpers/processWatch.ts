// Finds every process a test started through the runner, even after it was re-parented, so a test
// can count them while they run and prove that none outlives the run. Linux only (/proc).
//
// Other helpers run tests on this machine at the same time, so "any process with
// PARALLEL_PROFILER_RUN" is not ours. Ownership is decided three ways, any one suffices:
//  1. an owner tag: while a watch is active, process.env carries PP_TEST_OWNER=<random>; the
//     harness is spawned with process.env spread into its environment, so the harness and every
//     descendant that keeps its environment carries the tag, even once orphaned;
//  2. a run marker (PARALLEL_PROFILER_RUN=<id>) seen on any process we own is ours for good, which
//     also covers a descendant that dropped the tag but kept the marker (never both dropped here);
//  3. a process carrying a run marker whose parent chain reaches this test process.
// Zombies do not count: they run nothing, and PID 1 in some sandboxes never reaps them.

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readStat } from '../../src/system/processTree';

export const OWNER_ENV = 'PP_TEST_OWNER';
const MARKER_ENV = 'PARALLEL_PROFILER_RUN';

export interface WatchedProcess {
  pid: number;
  ppid: number;
  marker: string | null;
  command: string;
}

interface ProcessRecord extends WatchedProcess {
  owner: string | null;
}


/** State and parent of a pid, null when it does not exist or is a zombie. */
export function liveStat(pid: number): { ppid: number } | null {
  const stat = readStat(pid);
  return stat && stat.state !== 'Z' && stat.state !== 'X' ? { ppid: stat.ppid } : null;
}

/** The command line of a live process, '' when it is gone or a zombie. */
export function commandOf(pid: number): string {
  if (!liveStat(pid)) return '';
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

function variable(environ: string[], name: string): string | null {
  const prefix = `${name}=`;
  const entry = environ.find((each) => each.startsWith(prefix));
  return entry === undefined ? null : entry.slice(prefix.length);
}

function allProcesses(): ProcessRecord[] {
  const found: ProcessRecord[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const stat = liveStat(pid);
    if (!stat) continue;
    let environ: string[];
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    } catch {
      continue;
    }
    found.push({
      pid,
      ppid: stat.ppid,
      marker: variable(environ, MARKER_ENV),
      owner: variable(environ, OWNER_ENV),
      command: '',
    });
  }
  return found;
}

export class ProcessWatch {
  readonly tag = randomBytes(8).toString('hex');
  /** Run markers seen on our processes. */
  readonly markers = new Set<string>();
  /** Every pid of ours seen at any sample. */
  readonly seenPids = new Set<number>();
  /** The most processes of ours alive at one sample. */
  maxAlive = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly previousTag: string | undefined;

  private constructor(intervalMs: number) {
    this.previousTag = process.env[OWNER_ENV];
    process.env[OWNER_ENV] = this.tag;
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Starts tagging runner processes spawned from now on and sampling them every intervalMs. */
  static start(intervalMs = 25): ProcessWatch {
    return new ProcessWatch(intervalMs);
  }

  /** Our processes alive now. */
  alive(): WatchedProcess[] {
    const everything = allProcesses();
    const parents = new Map(everything.map((each) => [each.pid, each.ppid]));
    const leadsHere = (pid: number): boolean => {
      for (let at = pid, hops = 0; at > 1 && hops < 64; hops++) {
        if (at === process.pid) return true;
        const parent = parents.get(at) ?? liveStat(at)?.ppid;
        if (parent === undefined) return false;
        at = parent;
      }
      return false;
    };
    const ours = everything.filter(
      (each) =>
        each.owner === this.tag ||
        (each.marker !== null && (this.markers.has(each.marker) || leadsHere(each.pid))),
    );
    for (const each of ours) if (each.marker !== null) this.markers.add(each.marker);
    return ours.map(({ pid, ppid, marker }) => ({ pid, ppid, marker, command: commandOf(pid) }));
  }

  sample(): WatchedProcess[] {
    const ours = this.alive();
    for (const each of ours) this.seenPids.add(each.pid);
    this.maxAlive = Math.max(this.maxAlive, ours.length);
    return ours;
  }

  /** Waits up to limitMs for every process of ours to be gone; returns the ones still alive. */
  async waitUntilGone(limitMs = 2000): Promise<WatchedProcess[]> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const left = this.alive();
      if (left.length === 0 || Date.now() >= deadline) return left;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops sampling and restores the environment; waits for our processes to go and returns the leftovers. */
  async stop(limitMs = 2000): Promise<WatchedProcess[]> {
    clearInterval(this.timer);
    this.sample();
    if (this.previousTag === undefined) delete process.env[OWNER_ENV];
    else process.env[OWNER_ENV] = this.previousTag;
    return this.waitUntilGone(limitMs);
  }
}

/** Readable list of leftover processes for an assertion message. */
export function describeProcesses(list: WatchedProcess[]): string {
  return list.map((each) => `pid ${each.pid} (parent ${each.ppid}, run ${each.marker ?? '-'}): ${each.command}`).join('\n');
}

/**
 * Runs body while watching, then requires every process it started through the runner to be gone
 * within limitMs. Leftovers are killed (by pid, they are ours) so one failing case cannot poison the next.
 */
export async function withNoLeftovers<T>(body: (watch: ProcessWatch) => Promise<T>, limitMs = 2000): Promise<T> {
  const watch = ProcessWatch.start();
  let result: T;
  try {
    result = await body(watch);
  } catch (error) {
    killAll(await watch.stop(limitMs));
    throw error;
  }
  const leftovers = await watch.stop(limitMs);
  if (leftovers.length > 0) {
    killAll(leftovers);
    throw new Error(`processes of the run were still alive ${limitMs} ms after it ended:\n${describeProcesses(leftovers)}`);
  }
  return result;
}

function killAll(list: WatchedProcess[]): void {
  for (const each of list) {
    try {
      process.kill(each.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
