// Numeric libraries that compute on several cores by themselves (BLAS behind numpy): whether the
// serial run shows one, the configuration that holds them to a thread per worker (measured once,
// issue 13's measured fix), and what that measurement showed, in words.

import { mostSpeedup, runLabel } from '../shared/report';
import type { Executor, Run, StartMethod } from '../shared/report';
import { formatSpeedupRange } from '../shared/format';
import type { Facts } from './verdictFacts';

/** Serial keeping more cores than this busy means the library already runs in parallel. */
export const INTERNAL_CORES = 1.3;
/** Serial runs shorter than this cannot tell a library's threads from the runtime's (JIT, GC) or
 * the harness's — unless, in Python, the calls themselves fill the run (TASKS_FILL_RUN). */
const MIN_INTERNAL_SECONDS = 0.25;
/** Share of a serial run's wall inside the calls above which its CPU is the function's, not the harness's. */
const TASKS_FILL_RUN = 0.8;

/** Whether the serial run shows the function's own code (a library under it) computing on several cores. */
export function libraryKeepsCores(facts: Facts): boolean {
  const serial = facts.serial;
  if (!serial || facts.serialCores === null || facts.serialCores <= INTERNAL_CORES) return false;
  // Over a short serial run a JavaScript runtime's own threads (JIT compilers, garbage collectors)
  // can outweigh the function. CPython has none that keeps a second core busy, so a short Python
  // run on several cores is the library's own threads (BLAS behind numpy) — when the calls fill the
  // run. Thousands of calls of a microsecond leave the harness's own bookkeeping the larger part
  // (examples/tiny_tasks.py: 1.3 cores over 53 ms with calls covering 9% of it).
  return (serial.wallSeconds !== null && serial.wallSeconds >= MIN_INTERNAL_SECONDS) || (facts.python && (facts.serialTaskShare ?? 0) >= TASKS_FILL_RUN);
}

export interface HeldThreadsConfig {
  executor: Executor;
  startMethod: StartMethod | null;
  workers: number;
  libraryThreads: number;
}

/** Executors whose workers the profiler starts itself and whose library threads it can hold through
 * the environment (joblib's loky holds them by itself; Dask's workers are the cluster's). */
const HOLDABLE: readonly Executor[] = ['process', 'pool'];

/**
 * Processes each running a library that starts a thread per core oversubscribe the cores (2 workers
 * × 2 BLAS threads on 2 cores). The layout a performance engineer tries instead: one worker per
 * physical core (fewer when there are fewer inputs), the cores shared out between them —
 * `cores ÷ workers` library threads each, one on most machines. Measured under the processes
 * executor that did best, and on threads where they ran: numpy releases the GIL in its BLAS and FFT
 * calls, and threads held so share the arrays instead of pickling them (a walk's FFTs: thread × 2
 * held to a BLAS thread each 138–146 ms by hand, processes × 2 so 142–179 ms, and the profile had
 * advised the processes, timing no held threads). Empty when the serial run shows no such library,
 * or nothing can be held.
 */
export function heldThreadsToMeasure(facts: Facts): HeldThreadsConfig[] {
  if (!facts.python || !libraryKeepsCores(facts)) return [];
  if (facts.ctx.runs.some((run) => typeof run.libraryThreads === 'number')) return [];
  // The verdict's machine is already the usable one (affinity, cgroup quota, the interpreter's view).
  const cores = Math.max(1, facts.ctx.machine.physicalCores);
  const workers = Math.min(cores, facts.ctx.inputsCount);
  if (workers < 2) return [];
  const libraryThreads = Math.max(1, Math.floor(cores / workers));
  const ran = (executor: Executor): Run[] => facts.ctx.runs.filter((run) => run.executor === executor && run.error === null && run.chunksize === null);
  const threads: HeldThreadsConfig[] = ran('thread').length > 0 ? [{ executor: 'thread', startMethod: null, workers, libraryThreads }] : [];
  const candidates = HOLDABLE.flatMap(ran);
  if (candidates.length === 0) return threads;
  const fastest = candidates.reduce((best, run) => ((run.speedup ?? 0) > (best.speedup ?? 0) ? run : best));
  return [...threads, { executor: fastest.executor, startMethod: fastest.startMethod, workers, libraryThreads }];
}

const speedupOf = (run: Run): string => formatSpeedupRange(run.speedup, run.speedupLow, run.speedupHigh);
const succeeded = (run: Run): boolean => run.error === null && run.speedup !== null;

/**
 * What holding the library threads did, measured: "Measured with each worker's numeric libraries
 * held to 1 thread (OMP_NUM_THREADS=1 and its kin): process (fork) × 2 reached 1.10× (1.05–1.15),
 * against 0.91× (0.88–0.93) with their own threads: holding them paid." Empty when not measured.
 */
export function heldThreadsSentence(facts: Facts): string {
  const held = facts.ctx.runs.filter((run) => typeof run.libraryThreads === 'number');
  if (held.length === 0) return '';
  const threads = held[0].libraryThreads as number;
  const how = `Measured with each worker's numeric libraries held to ${threads} thread${threads === 1 ? '' : 's'} (OMP_NUM_THREADS=${threads} and its kin)`;
  return `${how}: ${held.map((run) => heldRunClause(facts, run)).join('; ')}.`;
}

function heldRunClause(facts: Facts, held: Run): string {
  const label = runLabel({ ...held, libraryThreads: null });
  if (!succeeded(held)) return `${label} failed: ${(held.error?.message ?? 'no result').replace(/\.$/, '')}`;
  // Beside the runs of its own kind on the library's own threads: threads beside threads.
  const kind: readonly Executor[] = held.executor === 'thread' ? ['thread'] : HOLDABLE;
  const own = facts.ctx.runs.filter(
    (run) => typeof run.libraryThreads !== 'number' && run.chunksize === null && kind.includes(run.executor) && run.workers > 1 && succeeded(run),
  );
  const same = own.find((run) => run.executor === held.executor && run.startMethod === held.startMethod && run.workers === held.workers);
  const best = same ?? mostSpeedup(own);
  if (!best) return `${label} reached ${speedupOf(held)}`;
  const against = same ? `against ${speedupOf(same)} with their own threads` : `against ${speedupOf(best)} at ${runLabel(best)} with their own threads`;
  const low = held.speedupLow ?? held.speedup ?? 0;
  const high = held.speedupHigh ?? held.speedup ?? 0;
  const judged =
    low > (best.speedupHigh ?? best.speedup ?? 0)
      ? low > 1
        ? 'holding them paid'
        : `holding them paid against the ${held.executor === 'thread' ? 'threads' : 'processes'} with the library on its own threads, but not beyond serial's noise`
      : high < (best.speedupLow ?? best.speedup ?? 0)
        ? 'holding them cost time'
        : low > 1 && (best.speedupLow ?? best.speedup ?? 0) <= 1
          ? 'within the noise of each other, but only the held run gained on serial beyond its noise'
          : 'no difference beyond the noise';
  return `${label} reached ${speedupOf(held)}, ${against}: ${judged}`;
}
