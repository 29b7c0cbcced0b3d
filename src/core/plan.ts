// Which configurations to run, in which order: serial first, then every executor at each worker
// count, so a cancelled profile still holds comparable runs; and when to extend the thread sweep.

import { EXECUTORS } from '../shared/executors';
import { workCpuSeconds, type Executor } from '../shared/report';
import type { ConfigRequest, ExecutorChoice } from '../shared/runner';
import type { MeasuredRun } from './types';

export interface PlanOptions {
  /** Executors the runtime offers (serial may or may not be among them; it runs regardless). */
  executors: readonly ExecutorChoice[];
  logicalCores: number;
  physicalCores: number;
  /** The user's own worker counts; used exactly as given when present. */
  workers?: readonly number[];
  repeat: number;
  timeoutSeconds: number;
  chunksize: number | null;
  inputsCount: number;
}

function positiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * 1, 2, 4 … up to the logical cores, the physical cores, and one oversubscribed point at twice the
 * logical cores; every count is capped at the number of inputs (a worker without a task only costs).
 */
export function defaultWorkerCounts(logicalCores: number, physicalCores: number, inputsCount: number): number[] {
  const logical = Math.max(1, Math.floor(logicalCores) || 1);
  const counts: number[] = [];
  for (let count = 1; count <= logical; count *= 2) counts.push(count);
  counts.push(logical, logical * 2);
  if (positiveInteger(physicalCores)) counts.push(physicalCores);
  // Capping (rather than dropping) keeps the oversubscribed point whenever there are more inputs than cores.
  const cap = Math.max(1, Math.floor(inputsCount) || 1);
  return sortedUnique(counts.map((count) => Math.min(count, cap)));
}

/** The configurations to run, serial first and exactly once, then by worker count, threads before processes. */
export function planConfigs(options: PlanOptions): ConfigRequest[] {
  const chosen = (options.workers ?? []).filter(positiveInteger);
  const workerCounts =
    chosen.length > 0
      ? sortedUnique(chosen)
      : defaultWorkerCounts(options.logicalCores, options.physicalCores, options.inputsCount);
  const common = { repeat: options.repeat, timeoutSeconds: options.timeoutSeconds };

  const seen = new Set<string>();
  const parallel = options.executors
    .filter((choice) => choice.executor !== 'serial')
    .filter((choice) => {
      const key = `${choice.executor}/${choice.startMethod ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((choice, position) => ({ choice, position }))
    .sort((a, b) => rank(a.choice.executor) - rank(b.choice.executor) || a.position - b.position)
    .map(({ choice }) => choice);

  const configs: ConfigRequest[] = [{ executor: 'serial', startMethod: null, workers: 1, chunksize: null, ...common }];
  for (const workers of workerCounts) {
    for (const choice of parallel) {
      // A running cluster has a fixed size: its sweep tops out there (once, not once per larger count).
      const most = choice.maxWorkers;
      if (most !== undefined && workers > most && workerCounts.some((count) => count < workers && count >= most)) continue;
      configs.push({
        executor: choice.executor,
        startMethod: choice.startMethod,
        workers: most !== undefined ? Math.min(workers, most) : workers,
        chunksize: options.chunksize,
        ...common,
      });
    }
  }
  return configs;
}

/** Threads first, then processes: the cheap configurations come before the ones that start processes. */
function rank(executor: Executor): number {
  return EXECUTORS[executor].planOrder;
}

export type SweepRun = Pick<MeasuredRun, 'executor' | 'workers' | 'wallSeconds' | 'cpuSeconds' | 'processCpuSeconds' | 'childCpuSeconds' | 'error'>;

export interface SweepOptions {
  /** Every run measured so far (serial included). */
  runs: readonly SweepRun[];
  inputsCount: number;
  executor: 'thread' | 'async';
  /** Serial wall time; defaults to the serial run among `runs`. */
  serialWall?: number | null;
  /** Worker counts already tried for `executor`; defaults to those among `runs`. */
  tried?: readonly number[];
}

/** Below this share of wall time on the CPU, a task mostly waits and more threads can overlap it. */
const WAITING_CPU_SHARE = 0.3;
/** A doubling must improve the speedup by this factor to be worth another one. */
const WORTHWHILE_GAIN = 1.1;
const FIRST_EXTENSION = 8;

function usableWall(run: SweepRun | undefined): number | null {
  if (!run || run.error || run.wallSeconds === null || !(run.wallSeconds > 0)) return null;
  return run.wallSeconds;
}

/**
 * The next thread count to try when tasks mostly wait and the last doubling still paid
 * (8, 16, … up to the number of inputs); null when the sweep should stop. Async concurrency in
 * JavaScript is not bounded by workers, so it never extends.
 */
export function extendSweep(options: SweepOptions): number | null {
  const serial = options.runs.find((run) => run.executor === 'serial' && usableWall(run) !== null);
  const serialWall = options.serialWall ?? usableWall(serial);
  if (serialWall === null || serialWall === undefined || !(serialWall > 0)) return null;
  const serialCpu = serial ? workCpuSeconds(serial) : null;
  if (serialCpu === null || !Number.isFinite(serialCpu) || serialCpu / serialWall >= WAITING_CPU_SHARE) return null;

  const runs = options.runs.filter((run) => run.executor === options.executor);
  const tried = options.tried ?? runs.map((run) => run.workers);
  if (tried.length === 0) return null;
  const largest = Math.max(...tried);
  const lastWall = usableWall(runs.find((run) => run.workers === largest));
  if (lastWall === null) return null;

  const previous = runs
    .filter((run) => run.workers < largest && usableWall(run) !== null)
    .sort((a, b) => b.workers - a.workers)[0];
  const previousWall = usableWall(previous);
  // Without a smaller thread run, compare with serial (one worker, speedup 1).
  const previousSpeedup = previousWall === null ? 1 : serialWall / previousWall;
  if (serialWall / lastWall < previousSpeedup * WORTHWHILE_GAIN) return null;

  let next = FIRST_EXTENSION;
  while (next <= largest) next *= 2;
  next = Math.min(next, Math.floor(options.inputsCount));
  return next > largest ? next : null;
}
