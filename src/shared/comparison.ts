// The one-line comparison a CodeLens shows above a profiled function, from a small summary of its
// last report (kept beside the report so a lens never parses megabytes of task spans).
// No vscode import: tested with plain node.

import { formatSpeedup } from './format';
import type { Executor, Report, StartMethod, VerdictKind } from './report';
import { libraryThreadsLabel } from './report';

export interface ExecutorBest {
  executor: Executor;
  startMethod: StartMethod | null;
  workers: number;
  speedup: number;
  /** The threads per worker its numeric libraries were held to, when the recommended run held them. */
  libraryThreads?: number | null;
}

export interface ReportSummary {
  createdAt: string;
  status: Report['status'];
  functionName: string;
  verdict: { kind: VerdictKind; explanation: string; recommendation: string; best: ExecutorBest | null };
  /** The fastest successful run of each parallel executor with several workers (else with one), in the report's order. */
  executors: ExecutorBest[];
  /** The first failure, for a lens over a function that failed everywhere. */
  firstError: string | null;
}

/** Most executors a lens names; more would not fit above a function. */
const LENS_EXECUTORS = 4;

export function summarize(report: Report): ReportSummary {
  const best = new Map<Executor, ExecutorBest>();
  for (const run of report.runs) {
    if (run.executor === 'serial' || run.error || run.speedup === null || !Number.isFinite(run.speedup)) continue;
    const current = best.get(run.executor);
    // As in the verdict, a one-worker pool is not parallel: it stands for its executor only when
    // that executor has no successful run with several workers.
    const better = !current
      || (run.workers > 1 && current.workers === 1)
      || ((run.workers > 1) === (current.workers > 1) && run.speedup > current.speedup);
    if (better) best.set(run.executor, { executor: run.executor, startMethod: run.startMethod, workers: run.workers, speedup: run.speedup });
  }
  const failed = report.runs.find((run) => run.error);
  return {
    createdAt: report.createdAt,
    status: report.status,
    functionName: report.target.function,
    verdict: {
      kind: report.verdict.kind,
      explanation: report.verdict.explanation,
      recommendation: report.verdict.recommendation,
      best: report.verdict.best,
    },
    executors: [...best.values()],
    firstError: failed?.error ? failed.error.message : null,
  };
}

function workersText(workers: number): string {
  return workers === 1 ? '1 worker' : `${workers} workers`;
}

/** e.g. `thread 1.0× · process 1.9× (2 workers) · best: process`. */
export function lensTitle(summary: ReportSummary): string {
  const partial = summary.status === 'partial' ? ' (partial)' : '';
  if (summary.verdict.kind === 'failed') {
    return `failed everywhere${summary.firstError ? `: ${shorten(summary.firstError, 80)}` : ''}${partial}`;
  }
  // Nothing recommended yet: say why (its first sentence), not a "best" the profile never found.
  if (summary.verdict.kind === 'inconclusive') {
    return `inconclusive: ${shorten(firstSentence(summary.verdict.explanation), 80)}${partial}`;
  }
  let shown = summary.executors;
  if (shown.length > LENS_EXECUTORS) {
    // Keep the fastest few, but in the report's order so lenses over different functions line up.
    const fastest = new Set([...shown].sort((a, b) => b.speedup - a.speedup).slice(0, LENS_EXECUTORS));
    shown = shown.filter((entry) => fastest.has(entry));
  }
  const best = summary.verdict.best;
  const parts = shown.map((entry) => {
    const isBest = best !== null && best.executor === entry.executor;
    const speedup = isBest ? best.speedup : entry.speedup;
    const workers = isBest ? best.workers : entry.workers;
    return `${entry.executor} ${formatSpeedup(speedup)}${isBest ? ` (${workersText(workers)}${libraryThreadsLabel(best.libraryThreads)})` : ''}`;
  });
  parts.push(best ? `best: ${best.executor}` : 'best: serial');
  return parts.join(' · ') + partial;
}

export function lensTooltip(summary: ReportSummary): string {
  const when = summary.createdAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  const best = summary.verdict.best;
  const bestLine = best
    ? `Best: ${best.executor}${best.startMethod ? ` (${best.startMethod})` : ''} with ${workersText(best.workers)}${libraryThreadsLabel(best.libraryThreads)}, ${formatSpeedup(best.speedup)} faster than serial.`
    : summary.verdict.kind === 'inconclusive' || summary.verdict.kind === 'failed'
      ? 'No configuration recommended yet.'
      : 'Best: serial — no executor beat it.';
  return [
    `${summary.verdict.kind}: ${summary.verdict.explanation}`,
    bestLine,
    summary.verdict.recommendation,
    `Profiled ${when}${summary.status === 'partial' ? ' (cancelled part-way)' : ''}. Click to open the results.`,
  ]
    .filter((line) => line.trim() !== '')
    .join('\n\n');
}

function firstSentence(text: string): string {
  const end = text.search(/[.:](\s|$)/);
  return end > 0 ? text.slice(0, end) : text;
}

function shorten(text: string, limit: number): string {
  const line = text.split('\n')[0];
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
}
