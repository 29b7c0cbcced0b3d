// How long the rest of a profile will take: each configuration still to run costs its repeats of
// the serial wall divided by the cores it can use, plus its start-up as measured on runs like it.
// Rough on purpose (it is said as "about"), and recomputed after every configuration.

import { EXECUTORS } from '../shared/executors';
import { runId } from '../shared/report';
import type { ConfigRequest } from '../shared/runner';
import type { MeasuredRun } from './types';

export interface EstimateInput {
  /** Configurations planned but not yet run. */
  remaining: readonly ConfigRequest[];
  runs: readonly MeasuredRun[];
  /** Cores the work can use at once. */
  cores: number;
  /** Seconds each configuration costs beyond its timings and its pool's start-up: starting the
   * harness, importing the script, warming the pool (measured so far; 0 when unknown). */
  launchSeconds?: number;
}

function serialWall(runs: readonly MeasuredRun[]): number | null {
  const serial = runs.find((run) => run.executor === 'serial' && run.error === null && run.wallSeconds !== null);
  return serial?.wallSeconds ?? null;
}

/** Start-up seconds of the runs measured so far, by executor family: the best guess for the next of its kind. */
function startupByFamily(runs: readonly MeasuredRun[]): Map<string, number> {
  const startup = new Map<string, number>();
  for (const run of runs) {
    if (run.startupSeconds === null || !Number.isFinite(run.startupSeconds)) continue;
    const family = EXECUTORS[run.executor].family;
    startup.set(family, Math.max(startup.get(family) ?? 0, run.startupSeconds));
  }
  return startup;
}

/** Seconds left, or null before the serial baseline says how long one pass takes. */
export function estimateSecondsLeft(input: EstimateInput): number | null {
  const serial = serialWall(input.runs);
  if (serial === null) return null;
  const startup = startupByFamily(input.runs);
  const cores = Math.max(1, Math.floor(input.cores) || 1);
  const launch = input.launchSeconds ?? 0;
  let seconds = 0;
  const measured = new Map(input.runs.filter((run) => run.error === null && run.wallSeconds !== null).map((run) => [run.id, run.wallSeconds as number]));
  for (const config of input.remaining) {
    // More timings of a configuration already measured cost what it took.
    const known = measured.get(runId(config.executor, config.startMethod, config.workers, config.chunksize));
    if (known !== undefined) {
      seconds += config.repeat * (config.loops ?? 1) * known + (startup.get(EXECUTORS[config.executor].family) ?? 0) + launch;
      continue;
    }
    const parallelism = config.executor === 'serial' ? 1 : Math.min(config.workers, cores);
    seconds += config.repeat * (config.loops ?? 1) * (serial / parallelism) + (startup.get(EXECUTORS[config.executor].family) ?? 0) + launch;
  }
  return seconds;
}
