// A way of running that hung or lost a worker in one configuration while the same inputs finished
// elsewhere is a hazard, not bad luck: fork copies the parent as it is, with locks its other
// threads held at that moment, and a worker can wait on one forever — the profiler's own runs under
// fork may finish by chance while the user's next run hangs. Such a setup (a start method, or an
// executor without one) is left out of the recommendation, and the verdict says why.

import { EXECUTORS } from '../shared/executors';
import type { Run, RunError } from '../shared/report';

/** The errors that say the setup itself is unsafe: a hang, or a worker that died. */
const HAZARDS: ReadonlySet<RunError['kind']> = new Set(['timeout', 'worker-crashed']);

/** What a hang is blamed on: the start method when there is one, else the executor. */
export function setupKey(run: Pick<Run, 'executor' | 'startMethod'>): string {
  return run.startMethod ? `start method ${run.startMethod}` : `executor ${run.executor}`;
}

export interface Hazard {
  key: string;
  /** The start method, or null when the executor itself is left out. */
  startMethod: Run['startMethod'];
  /** The runs of several workers that hung or lost a worker. */
  failed: Run[];
}

function finished(run: Run): boolean {
  return run.error === null && run.wallSeconds !== null && run.wallSeconds > 0;
}

/**
 * Setups that hung or lost a worker with several workers while a run of another setup (serial
 * included) finished the same inputs. A one-worker pool that timed out is left alone: it does
 * serial's whole work, and a timeout set near serial's wall catches it by size, not by a hang.
 * A family none of whose runs finished is verdictFailures' to name.
 */
export function hazards(runs: readonly Run[]): Hazard[] {
  const found = new Map<string, Hazard>();
  for (const run of runs) {
    if (run.workers < 2 || !run.error || !HAZARDS.has(run.error.kind) || run.executor === 'serial') continue;
    const key = setupKey(run);
    const family = EXECUTORS[run.executor].family;
    const familyFinished = runs.some((other) => EXECUTORS[other.executor].family === family && finished(other));
    const elsewhere = runs.some((other) => setupKey(other) !== key && finished(other));
    if (!familyFinished || !elsewhere) continue;
    const hazard = found.get(key) ?? { key, startMethod: run.startMethod, failed: [] };
    hazard.failed.push(run);
    found.set(key, hazard);
  }
  return [...found.values()];
}

export function unsafeSetups(runs: readonly Run[]): ReadonlySet<string> {
  return new Set(hazards(runs).map((hazard) => hazard.key));
}
