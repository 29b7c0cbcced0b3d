// Keeps a report's size bounded: a run of 1,000,000 tiny tasks would otherwise write ~440 MB of
// spans. Beyond TASK_SPANS_KEPT spans a run keeps an even spread of them (first and last to start,
// last to end included, so the timeline still covers the whole run) and a summary of all of them.
// Called on the finished report, after analysis: every derived figure used all the spans.

import type { Report, Run, TasksSummary, TaskSpan } from '../shared/report';

/**
 * Spans one run keeps in a report. 10,000 draw in the panel's timeline in well under a second, and
 * at about 110 bytes of JSON each keep a run's spans near 1.1 MB on disk.
 */
export const TASK_SPANS_KEPT = 10_000;

function summarize(tasks: readonly TaskSpan[]): TasksSummary['durationSeconds'] & { cpuSeconds: number | null } {
  const durations = new Float64Array(tasks.length);
  let cpuSeconds: number | null = 0;
  tasks.forEach((task, index) => {
    durations[index] = Math.max(0, task.end - task.start);
    cpuSeconds = cpuSeconds === null || task.cpuSeconds === null ? null : cpuSeconds + task.cpuSeconds;
  });
  durations.sort();
  const middle = durations.length >> 1;
  const median = durations.length % 2 === 1 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2;
  return { min: durations[0], median, max: durations[durations.length - 1], cpuSeconds };
}

/** `kept` spans of `tasks`, evenly spread in start order, plus the last to end; in index order. */
export function spreadSpans(tasks: readonly TaskSpan[], kept: number): TaskSpan[] {
  if (tasks.length <= kept) return [...tasks];
  const byStart = [...tasks].sort((a, b) => a.start - b.start || a.index - b.index);
  const chosen = new Set<TaskSpan>();
  let lastToEnd = byStart[0];
  for (const task of byStart) if (task.end > lastToEnd.end) lastToEnd = task;
  chosen.add(lastToEnd);
  // kept - 1 evenly spaced picks from the first to the last start; with the last to end, kept in all.
  const step = (byStart.length - 1) / Math.max(1, kept - 2);
  for (let slot = 0; slot <= kept - 2; slot++) chosen.add(byStart[Math.min(byStart.length - 1, Math.round(slot * step))]);
  // The last to end may also be the last to start: then one more, next to the first.
  for (let index = 1; chosen.size < kept; index++) chosen.add(byStart[index]);
  return [...chosen].sort((a, b) => a.index - b.index);
}

function limitRun(run: Run, kept: number): Run {
  if (run.tasks.length <= kept) return run;
  const { cpuSeconds, ...durationSeconds } = summarize(run.tasks);
  const tasks = spreadSpans(run.tasks, kept);
  return { ...run, tasks, tasksSummary: { count: run.tasks.length, kept: tasks.length, durationSeconds, cpuSeconds } };
}

/** The report with each run's spans bounded; the same object when no run is over the limit. */
export function limitTaskSpans(report: Report, kept = TASK_SPANS_KEPT): Report {
  if (report.runs.every((run) => run.tasks.length <= kept)) return report;
  return { ...report, runs: report.runs.map((run) => limitRun(run, kept)) };
}
