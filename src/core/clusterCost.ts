// On a running Dask cluster a task crosses the network both ways and is (de)serialized and
// scheduled: when that costs more per task than the task computes, the verdict says so in words.

import { runLabel, type Run, type Runtime } from '../shared/report';
import { formatBytes, formatSeconds } from '../shared/format';

export interface ClusterCost {
  /** Seconds of cluster overhead per task: the run's worker time not spent inside a task, per task. */
  perTask: number;
  /** Median seconds a task computed. */
  medianTask: number;
  medianSent: number | null;
  medianReceived: number | null;
  run: Run;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The cost of the fastest finished dask run on the cluster, when tasks were measured. */
export function clusterCost(runs: readonly Run[]): ClusterCost | null {
  const measured = runs
    .filter((run) => run.executor === 'dask' && run.error === null && run.wallSeconds !== null && run.tasks.length > 0)
    .sort((a, b) => (a.wallSeconds as number) - (b.wallSeconds as number));
  const run = measured[0];
  if (!run) return null;
  const durations = run.tasks.map((task) => Math.max(0, task.end - task.start));
  const busy = durations.reduce((sum, each) => sum + each, 0);
  const medianTask = median(durations) as number;
  const perTask = Math.max(0, (run.wallSeconds as number) * Math.max(1, run.workers) - busy) / run.tasks.length;
  const numbers = (values: (number | null | undefined)[]): number[] => values.filter((value): value is number => typeof value === 'number');
  return {
    perTask,
    medianTask,
    medianSent: median(numbers(run.tasks.map((task) => task.bytesSent))),
    medianReceived: median(numbers(run.tasks.map((task) => task.bytesReceived))),
    run,
  };
}

/** A sentence for the verdict and a line of evidence when the cluster's per-task cost exceeds the work, else null. */
export function clusterCostSentence(runs: readonly Run[], runtime: Runtime): { explanation: string; evidence: string } | null {
  const cluster = runtime.daskCluster;
  const cost = clusterCost(runs);
  if (!cluster || !cost || cost.perTask <= cost.medianTask) return null;
  const bytes = cost.medianSent !== null && cost.medianReceived !== null
    ? ` (${formatBytes(cost.medianSent)} sent and ${formatBytes(cost.medianReceived)} received per task)`
    : '';
  return {
    explanation: `On the Dask cluster at ${cluster.scheduler}, handing each task over the network (serialization, messages, scheduling${bytes}) cost about ${formatSeconds(cost.perTask)}, more than the ${formatSeconds(cost.medianTask)} each task computed: give each task more work (several inputs per call), or keep work this small on one machine.`,
    evidence: `${runLabel(cost.run)} on the cluster: ${formatSeconds(cost.perTask)} of network, serialization and scheduling per task vs ${formatSeconds(cost.medianTask)} of work`,
  };
}
