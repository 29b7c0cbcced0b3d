// Derived numbers for every measured run (speedup, efficiency, CPU utilization, Karp–Flatt,
// overhead shares, other programs' load) and the verdict. Anything that cannot be computed is null, never NaN.

import { EXECUTORS } from '../shared/executors';
import { clusterCostSentence } from './clusterCost';
import { memoryCostSentence } from './memoryCost';
import { startupCostSentence } from './startupCost';
import { asUsableMachine } from '../shared/usableCores';
import { childCpuOf, type Overheads, type Run } from '../shared/report';
import type { AnalysisInput, AnalysisResult, MeasuredRun } from './types';
import { callsRunPrograms, otherCores } from './contention';
import { advisedBatching, decideVerdict, heldLibraryThreads } from './verdict';
import type { HeldThreadsConfig } from './libraryThreads';
import type { VerdictContext } from './verdictFacts';
import { speedupInterval } from './noise';
import { hazards, setupKey, type Hazard } from './hazards';
import { hangHint } from './verdictFailures';

/** What the code snippet needs beyond AnalysisInput; optional so older callers still compile. */
export interface SnippetSource {
  /** The user's script: its stem is the module the snippet imports. */
  file?: string;
  /** The inputs expression profiled; undefined = PROFILE_INPUTS. */
  inputsExpression?: string;
}

/** CPU utilization can exceed 1 a little (tasks using helper threads); more is a measurement error. */
const MAX_UTILIZATION = 1.5;

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function usableWall(run: Pick<MeasuredRun, 'error' | 'wallSeconds'>): number | null {
  if (run.error || run.wallSeconds === null || !Number.isFinite(run.wallSeconds) || run.wallSeconds <= 0) return null;
  return run.wallSeconds;
}

/** The serial run every speedup is measured against: the first serial run that succeeded. */
export function serialBaseline<T extends Pick<MeasuredRun, 'executor' | 'error' | 'wallSeconds'>>(runs: readonly T[]): T | null {
  return runs.find((run) => run.executor === 'serial' && usableWall(run) !== null) ?? null;
}

/** Total length of the union of intervals, each clipped to [from, to]. */
function coveredLength(intervals: readonly [number, number][], from: number, to: number): number {
  const clipped = intervals
    .map(([start, end]): [number, number] => [Math.max(start, from), Math.min(end, to)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = from;
  for (const [start, end] of clipped) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

/**
 * Splits the run's (wall × workers) budget. Dispatch: time a worker sat outside any task while
 * tasks were still being started, plus the wait after the last task ended (collecting results).
 * Imbalance: time a worker sat idle after the last task started while another still ran.
 * Null without task spans or wall time.
 */
export function computeOverheads(run: Pick<MeasuredRun, 'wallSeconds' | 'startupSeconds' | 'workers' | 'tasks' | 'error'>): Overheads | null {
  const wall = usableWall(run);
  const spans = run.tasks.filter((task) => Number.isFinite(task.start) && Number.isFinite(task.end));
  if (wall === null || spans.length === 0) return null;

  const byWorker = new Map<number, [number, number][]>();
  for (const task of spans) {
    const list = byWorker.get(task.worker) ?? [];
    list.push([task.start, Math.max(task.start, task.end)]);
    byWorker.set(task.worker, list);
  }
  // Loops, not Math.max(...spans): a spread of 100,000+ arguments overflows the stack.
  let lastEnd = -Infinity;
  let latestStart = -Infinity;
  for (const task of spans) {
    lastEnd = Math.max(lastEnd, task.end);
    latestStart = Math.max(latestStart, task.start);
  }
  // The kept repeat's spans can outlast the median wall a little; the timeline must hold them all.
  const horizon = Math.max(wall, lastEnd);
  const lastStart = clamp(latestStart, 0, horizon);
  const finished = clamp(lastEnd, lastStart, horizon);
  const workers = Math.max(1, run.workers, byWorker.size);

  let dispatchIdle = workers * (horizon - finished);
  let imbalanceIdle = 0;
  const timelines = [...byWorker.values()];
  for (let slot = 0; slot < workers; slot += 1) {
    // Workers that never ran a task are idle throughout: slots beyond the recorded ones count as empty.
    const intervals = timelines[slot] ?? [];
    dispatchIdle += lastStart - coveredLength(intervals, 0, lastStart);
    imbalanceIdle += finished - lastStart - coveredLength(intervals, lastStart, finished);
  }
  const budget = workers * horizon;
  const startup = run.startupSeconds !== null && Number.isFinite(run.startupSeconds) && run.startupSeconds > 0 ? run.startupSeconds : 0;
  return {
    // A run without start-up (serial, async) reports none or null: both mean no pool to start.
    startup: startup / (startup + wall),
    dispatch: clamp(dispatchIdle / budget, 0, 1),
    imbalance: clamp(imbalanceIdle / budget, 0, 1),
  };
}

/** The report's Run: the measured run with speedup, efficiency, utilization, Karp–Flatt, overheads and other load. */
export function deriveRun(run: MeasuredRun, serialWall: number | null, serial: MeasuredRun | null = null): Run {
  const wall = usableWall(run);
  const workers = Math.max(1, run.workers);
  const speedup = wall !== null && serialWall !== null && serialWall > 0 ? finite(serialWall / wall) : null;
  // The programs the calls ran and waited for computed for them (childCpuSeconds, in-process runs).
  const children = childCpuOf(run);
  const utilization =
    wall !== null && run.cpuSeconds !== null && Number.isFinite(run.cpuSeconds)
      ? clamp((run.cpuSeconds + children) / (wall * workers), 0, MAX_UTILIZATION)
      : null;
  // Karp–Flatt: the serial fraction that would explain this speedup on p workers.
  const serialFraction =
    speedup !== null && speedup > 0 && workers > 1 ? finite((1 / speedup - 1 / workers) / (1 - 1 / workers)) : null;
  // Serial against itself is 1 by definition: its noise is inside every other run's interval.
  const interval = speedup !== null && serial && run.executor !== 'serial' ? speedupInterval(serial, run) : null;
  return {
    ...run,
    speedup,
    speedupLow: interval ? interval.low : null,
    speedupHigh: interval ? interval.high : null,
    efficiency: speedup !== null ? speedup / workers : null,
    cpuUtilization: utilization,
    serialFraction,
    overheads: computeOverheads(run),
    // A pool's workers wait for the programs the calls run, whose CPU nothing counts: unknown.
    otherCores: EXECUTORS[run.executor].outOfProcess && callsRunPrograms(serial) ? null : otherCores(run),
  };
}

function derivedRuns(input: AnalysisInput): Run[] {
  const baseline = serialBaseline(input.runs);
  const serialWall = baseline ? usableWall(baseline) : null;
  return input.runs.map((run) => deriveRun(run, serialWall, baseline));
}

function verdictContext(input: AnalysisInput & SnippetSource, runs: Run[]): VerdictContext {
  return {
    language: input.language,
    functionName: input.functionName,
    inputsCount: input.inputsCount,
    machine: asUsableMachine(input.machine),
    runtime: input.runtime,
    runs,
    file: input.file,
    inputsExpression: input.inputsExpression,
    ...(input.loops && input.loops > 1 ? { loops: input.loops } : {}),
    ...(input.timeoutSeconds ? { timeoutSeconds: input.timeoutSeconds } : {}),
    ...(input.repeat ? { repeat: input.repeat } : {}),
  };
}

/** Between measuring and the final verdict: the batching an overhead-bound verdict would advise
 * (the engine measures it, so the advice rests on a measurement), or null. */
export function advisedBatchingOf(input: AnalysisInput & SnippetSource): { workers: number; batchSize: number } | null {
  return advisedBatching(verdictContext(input, derivedRuns(input)));
}

/** The held-library-threads configurations to measure (see verdict.heldLibraryThreads). */
export function heldLibraryThreadsOf(input: AnalysisInput & SnippetSource): HeldThreadsConfig[] {
  return heldLibraryThreads(verdictContext(input, derivedRuns(input)));
}

export function analyse(input: AnalysisInput & SnippetSource): AnalysisResult {
  const runs = derivedRuns(input);
  const verdict = decideVerdict(verdictContext(input, runs));
  const cluster = clusterCostSentence(runs, input.runtime);
  if (cluster) {
    verdict.explanation = `${verdict.explanation} ${cluster.explanation}`;
    verdict.evidence = [...verdict.evidence, cluster.evidence];
  }
  const memory = memoryCostSentence(runs, verdict);
  if (memory) {
    verdict.explanation = `${verdict.explanation} ${memory.explanation}`;
    verdict.evidence = [...verdict.evidence, memory.evidence];
  }
  const startup = startupCostSentence(runs, verdict, input.runtime, input.timeoutSeconds ?? null, input.repeat);
  if (startup) {
    verdict.recommendation = `${verdict.recommendation} ${startup.recommendation}`;
    verdict.evidence = [...verdict.evidence, startup.evidence];
  }
  return { runs: withHangHints(runs, hazards(runs, input.timeoutSeconds ?? null, input.repeat)), verdict };
}

/** The runs, a hung run's hint saying the hang the verdict named (verdictFailures.hangHint): every
 * run of several workers that timed out under the setup left out (pool (fork) × 2 beside the
 * process (fork) × 2 that showed the hang), once its pool had started — a start-up that timed out
 * keeps its hint on the script's top-level code. */
function withHangHints(runs: Run[], hung: readonly Hazard[]): Run[] {
  if (hung.length === 0) return runs;
  return runs.map((run) => {
    const hazard = run.error?.kind === 'timeout' && run.workers > 1 ? hung.find((each) => each.key === setupKey(run)) : undefined;
    const started = run.startupSeconds !== null && run.startupSeconds !== undefined;
    return hazard && started && run.error ? { ...run, error: { ...run.error, hint: hangHint(hazard, runs, run) } } : run;
  });
}
