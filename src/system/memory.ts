// Memory of a process tree, as the kernel accounts it: the proportional set size (PSS) of each
// process, so a page that forked workers still share is counted once between them, not once per
// worker as RSS would. Linux only (/proc); elsewhere nothing is measured and the report says so.

import { existsSync, readFileSync } from 'node:fs';
import { treeFromChildren, treePids } from './processTree';

/** Bytes of one process's PSS from /proc/PID/smaps_rollup, else its RSS from statm; null when gone or not Linux. */
export function processMemoryBytes(pid: number, read: (file: string) => string = (file) => readFileSync(file, 'latin1')): number | null {
  try {
    const rollup = /^Pss:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/smaps_rollup`));
    if (rollup) return Number(rollup[1]) * 1024;
  } catch {
    // Kernels before 4.14 have no smaps_rollup: fall back to the resident set.
  }
  try {
    const resident = Number(read(`/proc/${pid}/statm`).split(' ')[1]);
    return Number.isFinite(resident) ? resident * PAGE_BYTES : null;
  } catch {
    return null;
  }
}

/** Whether this system has /proc to read memory from (elsewhere listing the tree would run ps each time, for nothing). */
const hasProcMemory = existsSync('/proc/self/statm');

/** The page size statm counts in: 4 KiB on the platforms /proc exists on that this runs on. */
const PAGE_BYTES = 4096;

/** The highest memory a process tree held together over the samples taken of it. */
export class PeakMemory {
  private highest: number | null = null;

  constructor(
    private readonly root: number,
    private readonly marker?: string,
    private readonly measure: (pid: number) => number | null = processMemoryBytes,
  ) {}

  /** Sums the tree's memory now and keeps it if it is the highest yet. */
  sample(): void {
    if (!hasProcMemory) return;
    let total = 0;
    let counted = 0;
    const tree = this.marker === undefined ? treeFromChildren(this.root) : null;
    for (const pid of tree ?? treePids(this.root, this.marker)) {
      const bytes = this.measure(pid);
      if (bytes === null) continue;
      total += bytes;
      counted += 1;
    }
    if (counted > 0) this.keep(total);
  }

  /** A reading the process tree took of itself (between timings, off the timed region). */
  offer(bytes: number): void {
    if (Number.isFinite(bytes) && bytes > 0) this.keep(bytes);
  }

  private keep(bytes: number): void {
    if (this.highest === null || bytes > this.highest) this.highest = bytes;
  }

  /** Bytes at the highest sample, or null when no sample found the tree. */
  get peakBytes(): number | null {
    return this.highest;
  }
}
