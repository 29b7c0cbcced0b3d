// What processes cost in memory, beside what they gain in speed: each worker is its own
// interpreter with its own copy of the data it was sent (or, under fork, of the pages it wrote).
// Said in the verdict when the recommended processes held clearly more than serial did.

import { EXECUTORS, executorFamily } from '../shared/executors';
import { formatBytes, formatSpeedup } from '../shared/format';
import { isRecommendedRun, runLabel, type Executor, type Run, type Verdict } from '../shared/report';

/** From this many times serial's peak the extra memory is worth a sentence. */
export const MEMORY_NOTABLE = 1.5;

export function memoryCostSentence(runs: readonly Run[], verdict: Pick<Verdict, 'best'>): { explanation: string; evidence: string } | null {
  const serial = runs.find((run) => run.executor === 'serial' && run.error === null);
  const chosen = runs.find((run) => run.error === null && isRecommendedRun(verdict, run));
  if (!serial || !chosen || executorFamily(chosen.executor) !== 'processes') return null;
  const base = serial.peakMemoryBytes;
  const peak = chosen.peakMemoryBytes;
  if (typeof base !== 'number' || typeof peak !== 'number' || !(base > 0) || peak < MEMORY_NOTABLE * base) return null;
  const times = peak / base;
  const words = workerWords(chosen.executor);
  return {
    explanation: `In memory, ${runLabel(chosen)} held ${formatBytes(peak)} at its peak, ${formatSpeedup(times)} serial's ${formatBytes(base)}, for its ${formatSpeedup(chosen.speedup)}: ${words.own}.`,
    evidence: `peak memory: serial ${formatBytes(base)}, ${runLabel(chosen)} ${formatBytes(peak)} (${formatSpeedup(times)}; ${words.counted})`,
  };
}

/** What each worker holds of its own, and what the peak counted, by where the workers run. */
function workerWords(executor: Executor): { own: string; counted: string } {
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
