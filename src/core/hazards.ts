// A way of running that hung in one configuration while the same inputs finished
// elsewhere is a hazard, not bad luck: fork copies the parent as it is, with locks its other
// threads held at that moment, and a worker can wait on one forever — the profiler's own runs under
// fork may finish by chance while the user's next run hangs. Such a setup (a start method, or an
// executor without one) is left out of the recommendation, and the verdict says why.

import { EXECUTORS } from '../shared/executors';
import { otherStartMethods, succeeded, type Run } from '../shared/report';

/** A run of the same family that finished a pass in at most the timeout over this many times the
 * timings a launch runs makes a timeout a hang, not size: the one that timed out would have been
 * ten times slower over its timings. (A worker killed for memory at 8 workers beside 2 that
 * finished is no start method's hazard: only hangs are.) */
const HANG_FACTOR = 10;
/** The timings a launch runs, counted as at least three (a thirtieth of the timeout). A run that
 * timed out is a configuration's first launch (a failed further timing is dropped, not recorded),
 * which asks for the `--repeat` setting's timings at most (the adaptive plan's sweep one; under
 * `--thorough` and `--workers`, and the engine's measured fixes, `--repeat`): with `--repeat 30`
 * a pool 8 times as slow as its family's quickest run at a three-hundredth of the timeout a pass
 * times out by size, without a hang. */
const TIMINGS_A_LAUNCH = 3;
/** The same executor at the same count under another start method finished a pass in at most this
 * share of the timeout, and the hung run finished no timing in it (the runner gives the calls the
 * whole timeout from the pool's start-up on): each of its timings would have been over ten times
 * slower than the same pool's under another start method, and a start method changes how the
 * workers start, not the calls. A walk's script with a lock a thread started at import: fork × 2
 * hung at a 20 s timeout while forkserver × 2 finished in 1.26 s, and the verdict said nothing of
 * fork (the family rule asks a thirtieth of the timeout). */
const SIBLING_HANG_SHARE = 1 / 10;

/** What a hang is blamed on: the start method when there is one, else the executor. */
export function setupKey(run: Pick<Run, 'executor' | 'startMethod'>): string {
  return run.startMethod ? `start method ${run.startMethod}` : `executor ${run.executor}`;
}

export interface Hazard {
  key: string;
  /** The start method, or null when the executor itself is left out. */
  startMethod: Run['startMethod'];
  /** The runs of several workers that hung. */
  failed: Run[];
}

/**
 * Setups that hung (timed out) with several workers while a run of another setup (serial
 * included) finished the same inputs, and one of the same family a pass in a thirtieth of the
 * timeout (when it is known; less with more timings a launch), or — the hung run's pool started and finished no timing — the same
 * executor at the same count under another start method a pass in a tenth of the timeout. A
 * one-worker pool that timed out is left alone: it does serial's whole work, and a timeout set near serial's wall catches it by size, not by a hang.
 * A family none of whose runs finished is verdictFailures' to name.
 */
export function hazards(runs: readonly Run[], timeoutSeconds: number | null = null, repeat = TIMINGS_A_LAUNCH): Hazard[] {
  const found = new Map<string, Hazard>();
  const timings = Math.max(TIMINGS_A_LAUNCH, repeat);
  for (const run of runs) {
    if (run.workers < 2 || run.error?.kind !== 'timeout' || run.executor === 'serial') continue;
    const key = setupKey(run);
    const family = EXECUTORS[run.executor].family;
    const quick = (other: Run): boolean => timeoutSeconds === null || (other.wallSeconds as number) <= timeoutSeconds / (HANG_FACTOR * timings);
    const familyFinished = runs.some((other) => EXECUTORS[other.executor].family === family && succeeded(other) && quick(other));
    // Its pool started (the start-up arrived before the timeout), and it finished no timing after.
    const started = run.startupSeconds !== null && run.startupSeconds !== undefined;
    const siblingFinished =
      timeoutSeconds !== null &&
      started &&
      run.repeats.length === 0 &&
      otherStartMethods(run, runs).some((other) => other.wallSeconds <= SIBLING_HANG_SHARE * timeoutSeconds);
    const elsewhere = runs.some((other) => setupKey(other) !== key && succeeded(other));
    if (!(familyFinished || siblingFinished) || !elsewhere) continue;
    const hazard = found.get(key) ?? { key, startMethod: run.startMethod, failed: [] };
    hazard.failed.push(run);
    found.set(key, hazard);
  }
  return [...found.values()];
}

/** Whether the run's setup is among those left out as unsafe. */
export function leftOut(unsafe: ReadonlySet<string> | undefined, run: Pick<Run, 'executor' | 'startMethod'>): boolean {
  return unsafe?.has(setupKey(run)) ?? false;
}

export function unsafeSetups(runs: readonly Run[], timeoutSeconds: number | null = null, repeat = TIMINGS_A_LAUNCH): ReadonlySet<string> {
  return new Set(hazards(runs, timeoutSeconds, repeat).map((hazard) => hazard.key));
}
