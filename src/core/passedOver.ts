// The configurations of the "every other executor once" step whose timing would repeat one already
// taken, and the evidence line that says why each was not timed. Pure: the adaptive measure
// (adaptiveMeasure.ts) asks before each step, the plan's words (planText.ts) say the same rules.
//
// A timing starts once the pool has started and every worker has run a task (harness.py: start()
// and warm() before the timed map), so two configurations that differ only in how their workers
// start, or only in how the same calls are handed to the same kind of workers, time alike.

import { formatPercent } from '../shared/format';
import { runLabel, type Overheads, type StartMethod } from '../shared/report';
import type { ExecutorChoice } from '../shared/runner';
import { wallOf, type Timed } from './adaptivePlan';
import { SAME_EXECUTOR_MARGIN } from './noise';

/** Start methods whose workers begin from an interpreter started afresh (spawn each, forkserver
 * forked from one such server): they share none of the profiler's memory, as fork's do. */
const FRESH_START: readonly StartMethod[] = ['forkserver', 'spawn'];
/** ProcessPoolExecutor's dispatch (time its workers sat outside a task while calls were handed
 * out, and the wait for the last results) took at most this share of its worker time: another way
 * of handing out the same calls one at a time cannot move the wall beyond the noise. */
export const NEGLIGIBLE_DISPATCH = 0.02;

/** Of the fresh start methods, the one timed: the platform's default when it is one (spawn on
 * macOS and Windows, forkserver on Linux from Python 3.14), else forkserver, the one advised among
 * equals (noise.ts START_METHOD_PREFERENCE). */
export function freshStartMethodTimed(defaultStartMethod: StartMethod | null): StartMethod {
  return defaultStartMethod !== null && FRESH_START.includes(defaultStartMethod) ? defaultStartMethod : 'forkserver';
}

/** The other fresh start method: what fork's and the timed fresh one's runs may stand for. */
export function standsInForFresh(choice: Pick<ExecutorChoice, 'startMethod'>, defaultStartMethod: StartMethod | null): boolean {
  return choice.startMethod !== null && choice.startMethod !== freshStartMethodTimed(defaultStartMethod) && FRESH_START.includes(choice.startMethod);
}

/** Whether Pool may be passed over at all: only with its own chunksize (`--chunksize` sends both pools the same batches, timed). */
export function poolMayBePassedOver(choice: Pick<ExecutorChoice, 'executor'>, chunksize: number | null): boolean {
  return choice.executor === 'pool' && chunksize === null;
}

/** The other executors in the order they are compared: as given, each stand-in moved after the
 * last configuration of its executor, so the runs it may stand for are timed first. */
export function comparisonOrder(others: readonly ExecutorChoice[], defaultStartMethod: StartMethod | null): ExecutorChoice[] {
  const ordered = others.filter((choice) => !standsInForFresh(choice, defaultStartMethod));
  for (const standIn of others.filter((choice) => standsInForFresh(choice, defaultStartMethod))) {
    const last = ordered.map((choice) => choice.executor).lastIndexOf(standIn.executor);
    ordered.splice(last + 1, 0, standIn);
  }
  return ordered;
}

export interface PassOverContext {
  defaultStartMethod: StartMethod | null;
  inputsCount: number;
  /** The chunksize asked for (`--chunksize`), or null for each pool's own. */
  chunksize: number | null;
}

type Compared = Timed & { overheads?: Overheads | null; chunksize?: number | null; libraryThreads?: number | null };

/**
 * Why timing `choice` at `workers` would repeat what runs already timed show, as the verdict's
 * evidence line, or null when it could show something new:
 * - the fresh start method not timed (spawn beside forkserver on Linux) where fork's run and the
 *   timed fresh one's, of the same executor at that count, ran the calls within the margin the
 *   advice keeps a start method by (SAME_EXECUTOR_MARGIN), and no run of that executor failed: a
 *   worker sharing the profiler's memory (fork) and one sharing none ran alike, so sharing cost
 *   nothing, and a hang or crash under one start method keeps the other timed;
 * - `multiprocessing.Pool` where its `map` hands each worker one input at a time (its chunks hold
 *   one input up to 4 inputs a worker), as ProcessPoolExecutor does, and ProcessPoolExecutor under
 *   the same start method at that count spent at most NEGLIGIBLE_DISPATCH of its worker time on
 *   dispatch: the same kind of workers run the same calls handed out the same way.
 */
export function passOverReason(choice: ExecutorChoice, workers: number, runs: readonly Compared[], context: PassOverContext): string | null {
  const label = runLabel({ ...choice, workers });
  const timedAt = (executor: ExecutorChoice['executor'], startMethod: StartMethod | null): Compared | undefined =>
    runs.find((run) => run.executor === executor && run.startMethod === startMethod && run.workers === workers && (run.chunksize ?? null) === null && (run.libraryThreads ?? null) === null && wallOf(run) !== null);
  if (standsInForFresh(choice, context.defaultStartMethod)) {
    const fresh = timedAt(choice.executor, freshStartMethodTimed(context.defaultStartMethod));
    const forked = timedAt(choice.executor, 'fork');
    const failed = runs.some((run) => run.executor === choice.executor && run.error !== null);
    if (fresh && forked && !failed) {
      const [fast, slow] = [wallOf(fresh) as number, wallOf(forked) as number].sort((a, b) => a - b);
      if (slow <= fast * SAME_EXECUTOR_MARGIN) {
        return `${label}: not timed, as ${runLabel(forked)}, whose workers share the profiler's memory, and ${runLabel(fresh)}, whose workers share none of it, ` +
          `ran the calls within ${formatPercent(slow / fast - 1)} of each other in their timings so far and no run of ${choice.executor} failed: ${choice.startMethod}'s workers differ from theirs in how they start, and a timing begins only once the workers have started`;
      }
    }
  }
  if (poolMayBePassedOver(choice, context.chunksize) && context.inputsCount <= 4 * workers) {
    const twin = timedAt('process', choice.startMethod);
    const dispatch = twin?.overheads?.dispatch;
    if (twin && typeof dispatch === 'number' && dispatch <= NEGLIGIBLE_DISPATCH) {
      return `${label}: not timed, as Pool.map would hand out its ${context.inputsCount} inputs one at a time, as ProcessPoolExecutor does, to workers started as those of ${runLabel(twin)} were, ` +
        `whose dispatch had taken ${formatPercent(dispatch)} of the worker time by then: too little for another way of handing out to show`;
    }
  }
  return null;
}
