// The adaptive plan's decisions, pure: which executor stands for each family in the worker sweep,
// when the sweep stops, where the other executors are compared, and which configurations get
// more repeats. The engine (engine.ts) measures what these ask for, one configuration at a time.
//
// Why this shape: a profile costs what its configurations cost, and most of the cross product
// says nothing new. The worker count is a question for one executor per family (threads;
// processes under the platform's default start method); the other start methods, Pool, joblib
// and dask mostly differ in start-up and hand-off cost, which one run at the counts that matter
// shows; and the repeats that decide between two candidates are only needed for those candidates.

import { EXECUTORS, type ExecutorFamily } from '../shared/executors';
import { workCpuSeconds, type StartMethod } from '../shared/report';
import type { ExecutorChoice } from '../shared/runner';
import type { MeasuredRun } from './types';
import { idleCores } from './contention';

/** A doubling of the workers must improve the speedup by this factor to be worth the next one. */
export const WORTHWHILE_DOUBLING = 1.1;
/** Past the usable cores, more workers can only fill idle core time: at this share busy, there is none. */
const CORES_FULL = 0.9;
/** A run whose own CPU filled at least this share of its cores computes: when the cores it did not
 * fill were taken by other programs or the host (none stood idle), more workers have no room. */
const COMPUTES = 0.5;
/** No sweep goes past this many workers, whatever the inputs (a waiting workload of 100 000 calls). */
export const MOST_WORKERS = 512;

export type Timed = Pick<MeasuredRun, 'executor' | 'startMethod' | 'workers' | 'wallSeconds' | 'cpuSeconds' | 'processCpuSeconds' | 'childCpuSeconds' | 'error'> &
  Partial<Pick<MeasuredRun, 'coreSamples'>>;

export function wallOf(run: Timed | undefined): number | null {
  if (!run || run.error || run.wallSeconds === null || !(run.wallSeconds > 0)) return null;
  return run.wallSeconds;
}

export function choiceKey(choice: Pick<ExecutorChoice, 'executor' | 'startMethod'>): string {
  return `${choice.executor}/${choice.startMethod ?? ''}`;
}

/** The simplest executor of each family (its default start method first), families in plan order. */
export function familyRepresentatives(choices: readonly ExecutorChoice[], defaultStartMethod: StartMethod | null): ExecutorChoice[] {
  const best = new Map<ExecutorFamily, ExecutorChoice>();
  const score = (choice: ExecutorChoice): number =>
    EXECUTORS[choice.executor].simplicity * 2 + Number(choice.startMethod !== null && choice.startMethod !== defaultStartMethod);
  for (const choice of choices) {
    const family = EXECUTORS[choice.executor].family;
    if (family === 'serial') continue;
    const held = best.get(family);
    if (!held || score(choice) < score(held)) best.set(family, choice);
  }
  return [...best.values()].sort((a, b) => EXECUTORS[a.executor].planOrder - EXECUTORS[b.executor].planOrder);
}

/** The first worker count of a sweep: two (one worker says nothing a serial run does not), or one when there is one input. */
export function firstSweepCount(inputsCount: number, maxWorkers?: number): number {
  return Math.max(1, Math.min(2, Math.floor(inputsCount) || 1, maxWorkers ?? Infinity));
}

export interface SweepState {
  choice: ExecutorChoice;
  /** This executor's runs so far, by worker count. */
  runs: readonly Timed[];
  serialWall: number;
  usableCores: number;
  /** The logical CPUs this process may use (their idle time is the room more workers could fill); null for all. */
  usableCpuIds?: readonly number[] | null;
  inputsCount: number;
  /** The best speedup any simpler family reached: a family that cannot beat it by more than the noise stops. */
  bestSimplerSpeedup: number;
  /** Cores serial kept busy (its work CPU ÷ wall); null or absent when not measured. */
  serialBusyCores?: number | null;
}

/**
 * The next worker count to try for a family's representative, or null to stop: the sweep doubles
 * while the last doubling paid; past the usable cores only while cores stood idle (the work waits,
 * so more workers can overlap it); never past the inputs, the cluster's size, or where even an
 * ideal speedup could not beat a simpler family's.
 */
export function nextSweepCount(state: SweepState): number | null {
  const byCount = [...state.runs].sort((a, b) => a.workers - b.workers);
  const last = byCount[byCount.length - 1];
  const lastWall = wallOf(last);
  if (!last || lastWall === null) return null;
  const count = last.workers;
  const cap = Math.min(Math.floor(state.inputsCount) || 1, state.choice.maxWorkers ?? Infinity, MOST_WORKERS);
  if (count >= cap) return null;

  const previous = byCount.filter((run) => run.workers < count && wallOf(run) !== null).pop();
  const previousSpeedup = previous ? state.serialWall / (wallOf(previous) as number) : 1;
  const speedup = state.serialWall / lastWall;
  if (speedup < previousSpeedup * WORTHWHILE_DOUBLING) return null;

  const next = Math.min(count * 2, cap);
  if (next > state.usableCores) {
    // The programs the tasks ran count: cores they kept busy did not stand idle.
    const cpu = workCpuSeconds(last);
    const busyCores = cpu !== null && Number.isFinite(cpu) ? cpu / lastWall : null;
    const cores = Math.min(count, state.usableCores);
    if (busyCores === null || busyCores >= CORES_FULL * cores) return null;
    // A gain without the CPU to explain it: the run kept no more cores busy than serial did, so its
    // speedup is the baseline's noise, not room to fill (one usable core with another program on
    // it: fork × 2 read 1.22× at 0.49 cores beside serial's 0.50, and the sweep went to × 4).
    const serialBusy = state.serialBusyCores;
    if (typeof serialBusy === 'number' && serialBusy > 0 && busyCores < serialBusy * WORTHWHILE_DOUBLING) return null;
    // Computing work that left no core idle was held back by other programs or the host taking
    // core time (a shared machine's steal reads as a run at 0.7 cores of 1), not by waiting.
    const idle = idleCores(last, state.usableCpuIds ?? null);
    if (busyCores >= COMPUTES * cores && idle !== null && idle < (1 - CORES_FULL) * cores) return null;
  }
  // Even a perfect next step (speedup = workers) could not beat a simpler family beyond the noise.
  if (next <= state.bestSimplerSpeedup * WORTHWHILE_DOUBLING) return null;
  return next;
}

/**
 * The most a run could gain over serial, whatever further timings read: its worker count, and for
 * work that computes, the cores those workers can use over the share of serial's time spent on
 * the CPU (Amdahl's bound for the computing part; the waiting part overlaps without a core).
 * Unbounded for Dask.
 */
export function idealSpeedup(run: Pick<Timed, 'executor' | 'workers'>, usableCores: number, serialBusyCores: number | null): number {
  const workers = Math.max(1, run.workers);
  // A Dask worker may run several tasks at once (its nthreads), on a cluster's cores elsewhere: no bound.
  if (run.executor === 'dask') return Infinity;
  if (serialBusyCores === null || !(serialBusyCores > 0)) return workers;
  const share = Math.min(1, serialBusyCores);
  return Math.min(workers, Math.min(workers, Math.max(1, usableCores)) / share);
}

/** Where a family's other executors are compared: at the worker count its representative did best. */
export function comparisonCount(representativeRuns: readonly Timed[], usableCores: number, inputsCount: number, maxWorkers?: number): number {
  let best: { workers: number; wall: number } | null = null;
  for (const run of representativeRuns) {
    const wall = wallOf(run);
    if (wall !== null && (!best || wall < best.wall)) best = { workers: run.workers, wall };
  }
  // The representative never worked: compare where the cores are, so the others can show they do.
  const count = best?.workers ?? Math.max(2, usableCores);
  return Math.max(1, Math.min(count, Math.floor(inputsCount) || 1, maxWorkers ?? Infinity));
}

export interface RepeatWant {
  id: string;
  /** Repeats to add to what the configuration has. */
  more: number;
}

/**
 * The configurations whose repeats decide the answer: the recommended one and the fastest
 * measured (when they differ, more repeats show whether the fastest is faster beyond the noise),
 * each brought up to `repeat` repeats. Every other configuration keeps its one timing.
 */
export function finalistRepeats(runs: readonly MeasuredRun[], recommendedId: string | null, repeat: number): RepeatWant[] {
  const measured = runs.filter((run) => wallOf(run) !== null);
  const fastest = measured
    .filter((run) => run.executor === 'serial' || run.workers > 1)
    .sort((a, b) => (a.wallSeconds as number) - (b.wallSeconds as number))[0];
  const ids = [...new Set([recommendedId, fastest?.id].filter((id): id is string => Boolean(id)))];
  const wants: RepeatWant[] = [];
  for (const id of ids) {
    const run = measured.find((candidate) => candidate.id === id);
    const more = run ? repeat - run.repeats.length : 0;
    if (more > 0) wants.push({ id, more });
  }
  return wants;
}
