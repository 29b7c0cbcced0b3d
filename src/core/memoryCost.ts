// What processes cost in memory, beside what they gain in speed: each worker is its own
// interpreter with its own copy of the data it was sent (or, under fork, of the pages it wrote).
// Said in the verdict when the recommended processes held clearly more than serial did.

import { EXECUTORS, executorFamily } from '../shared/executors';
import { formatBytes, formatPercent, formatSeconds, formatSpeedup } from '../shared/format';
import { isRecommendedRun, otherStartMethods, runLabel, type Executor, type Run, type Verdict } from '../shared/report';
import { clearlySlower, timedTwice } from './noise';

/** From this many times serial's peak the extra memory is worth a sentence... */
export const MEMORY_NOTABLE = 1.5;
/** ...and from this much more: two interpreters of 15 MB beside serial's one read 2× and cost
 * nothing a user would notice (a walk's word counter: "21.7 MB … 1.52×"). */
export const MEMORY_NOTABLE_BYTES = 100e6;

export function memoryCostSentence(runs: readonly Run[], verdict: Pick<Verdict, 'best'>): { explanation: string; evidence: string } | null {
  const serial = runs.find((run) => run.executor === 'serial' && run.error === null);
  const chosen = runs.find((run) => run.error === null && isRecommendedRun(verdict, run));
  if (!serial || !chosen || executorFamily(chosen.executor) !== 'processes') return null;
  const base = serial.peakMemoryBytes;
  const peak = chosen.peakMemoryBytes;
  if (typeof base !== 'number' || typeof peak !== 'number' || !(base > 0) || peak < MEMORY_NOTABLE * base || peak - base < MEMORY_NOTABLE_BYTES) return null;
  const times = peak / base;
  const words = workerWords(chosen.executor, chosen.startMethod);
  return {
    explanation: `In memory, ${runLabel(chosen)} held ${formatBytes(peak)} at its peak, ${formatSpeedup(times)} serial's ${formatBytes(base)}, for its ${formatSpeedup(chosen.speedup)}: ${words.own}.${forkCopies(runs, chosen)}`,
    evidence: `peak memory: serial ${formatBytes(base)}, ${runLabel(chosen)} ${formatBytes(peak)} (${formatSpeedup(times)}; ${words.counted})`,
  };
}

/**
 * Under fork, the calls' pace beside the same pool's under a start method whose workers start
 * afresh, where fork's was slower beyond the margin a start method is kept by and the noise (two
 * timings each at least): a page a fork worker writes to is first copied (a fault and a 4 KB copy),
 * and Python writes to most objects it touches (their reference counts; not the immortal ones of
 * 3.12 on), so calls that read a large structure the script built copy it piece by piece, while
 * fresh workers write to pages of their own. No page fault is counted here: "may be the cause". A walk's 2.5-million-entry catalog: fork
 * × 2 ran its calls 15% slower than forkserver × 2, 88,000 minor page faults in its workers.
 */
function forkCopies(runs: readonly Run[], chosen: Run): string {
  if (chosen.startMethod !== 'fork' || chosen.wallSeconds === null) return '';
  const fresh = otherStartMethods(chosen, runs)
    .filter(timedTwice)
    .sort((a, b) => a.wallSeconds - b.wallSeconds)[0];
  if (!fresh || !clearlySlower(chosen, fresh)) return '';
  const slower = chosen.wallSeconds / fresh.wallSeconds - 1;
  return ` Its calls ran ${formatPercent(slower)} slower than under ${runLabel(fresh)} (${formatSeconds(chosen.wallSeconds)} against ${formatSeconds(fresh.wallSeconds)}), whose workers build their own objects: copying the pages fork's workers write to as they touch the script's objects may be the cause.`;
}

/** What each worker holds of its own, and what the peak counted, by where the workers run. */
function workerWords(executor: Executor, startMethod: Run['startMethod'] = null): { own: string; counted: string } {
  if (startMethod === 'fork') {
    return {
      own: "each worker is an interpreter of its own with its own copy of what it was sent, and fork's workers start sharing the profiler's pages, copying each page they write to; Python writes to most objects it touches (their reference counts)",
      counted: 'all its processes together, pages they share counted once',
    };
  }
  if (executor === 'child_process') {
    return { own: 'each worker is a Node process of its own, with its own JavaScript engine, heap and copy of what it was sent', counted: 'all its processes together, pages they share counted once' };
  }
  if (EXECUTORS[executor].outOfProcess) {
    return { own: 'each worker is an interpreter of its own with its own copy of what it was sent', counted: 'all its processes together, pages they share counted once' };
  }
  if (executor === 'worker_threads') {
    return { own: "each worker thread runs a JavaScript engine of its own (a V8 isolate) with its own heap and its own copy of what it was sent", counted: 'the one process, every worker thread\'s heap in it' };
  }
  return { own: 'each worker is an interpreter of its own with its own modules and its own copy of what it was sent', counted: 'the one process, every interpreter in it' };
}
