// How much data each task sends to a worker and back, as the workers' pipes carry it. Large
// results are what makes processes lose to threads, so the verdict, the evidence and the panel's
// overheads all say the size. The harness measures it once, on the serial run.
import { EXECUTORS } from './executors';
import type { Executor, Run } from './report';
import { formatBytes, isFiniteNumber } from './format';

export interface TaskData {
  /** Bytes per task, pickled (Python) or structured-cloned (Node); null when not measured. */
  argumentBytes: number | null;
  resultBytes: number | null;
}

/** From this much data per task on, copying it is named as a cost of its own. */
export const LARGE_TASK_DATA_BYTES = 1_000_000;

/** Whether the executor's workers get a copy of each task's data (threads and async calls share memory). */
export function copiesTaskData(executor: Executor): boolean {
  return EXECUTORS[executor].copiesData;
}

export function taskDataSizes(runs: readonly Pick<Run, 'argBytes' | 'resultBytes'>[], inputsCount: number): TaskData | null {
  const first = (pick: (run: Pick<Run, 'argBytes' | 'resultBytes'>) => number | null): number | null =>
    runs.map(pick).find(isFiniteNumber) ?? null;
  const args = first((run) => run.argBytes);
  const results = first((run) => run.resultBytes);
  if ((args === null && results === null) || !(inputsCount > 0)) return null;
  return { argumentBytes: args === null ? null : args / inputsCount, resultBytes: results === null ? null : results / inputsCount };
}

/** "arguments 5 B, results 20 MB" */
export function describeTaskData(data: TaskData): string {
  const parts: string[] = [];
  if (data.argumentBytes !== null) parts.push(`arguments ${formatBytes(data.argumentBytes)}`);
  if (data.resultBytes !== null) parts.push(`results ${formatBytes(data.resultBytes)}`);
  return parts.join(', ');
}

/** Bytes a task moves both ways, when that is large enough to cost time of its own; else null. */
export function largeTaskData(data: TaskData | null): number | null {
  if (!data) return null;
  const total = (data.argumentBytes ?? 0) + (data.resultBytes ?? 0);
  return total >= LARGE_TASK_DATA_BYTES ? total : null;
}
