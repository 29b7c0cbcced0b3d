// What the Results panel's webview is sent: a large report goes without its task spans (the panel
// draws one run's timeline at a time and asks for that run's spans), so a report of 200,000 tasks
// does not cross to the webview, whole, each time the panel opens, shows again or reloads.
// No vscode import: tested with plain node.

import type { PanelState, TaskCounts } from '../shared/messages';
import type { Report, Run } from '../shared/report';

/** Above this many task spans in a report, the webview gets them one run at a time. */
export const LEAN_ABOVE_TASKS = 20_000;

function withoutTasks(report: Report): Report {
  return { ...report, runs: report.runs.map((run): Run => ({ ...run, tasks: [] })) };
}

function taskCounts(report: Report): TaskCounts {
  return Object.fromEntries(report.runs.map((run) => [run.id, run.tasks.length]));
}

/** The state as the webview needs it. The previous report's spans are never drawn, so never sent;
 * nor are the spans and core samples of the runs of a profile in progress (its table and chart need neither). */
export function leanState(state: PanelState, limit = LEAN_ABOVE_TASKS): PanelState {
  if (state.kind === 'running') return { ...state, runs: state.runs.map((run): Run => ({ ...run, tasks: [], coreSamples: { ...run.coreSamples, t: [], load: [] } })) };
  if (state.kind !== 'done') return state;
  const previous = state.previous ? withoutTasks(state.previous) : null;
  const large = state.report.runs.reduce((total, run) => total + run.tasks.length, 0) > limit;
  return large ? { ...state, report: withoutTasks(state.report), previous, taskCounts: taskCounts(state.report) } : { ...state, previous };
}

/** One run's spans, for the panel's `tasks` request; null when the report has no such run. */
export function runTasks(state: PanelState, runId: string): { reportCreatedAt: string; runId: string; tasks: Run['tasks'] } | null {
  const report = state.kind === 'done' ? state.report : null;
  const run = report?.runs.find((candidate) => candidate.id === runId);
  return report && run ? { reportCreatedAt: report.createdAt, runId, tasks: run.tasks } : null;
}
