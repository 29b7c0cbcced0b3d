// One line of a function's history: what the store's index keeps of each saved report, so the
// Results panel can list every run and chart it without reading megabytes of task spans.

import { runLabel, type Report } from './report';

export interface HistoryEntry {
  /** The report's file name in the store; the panel asks for a comparison by it. */
  id: string;
  createdAt: string;
  status: Report['status'];
  commit: string | null;
  branch: string | null;
  dirty: boolean | null;
  verdictKind: string;
  /** The recommended configuration, e.g. "process (fork) × 2", or "serial". */
  recommended: string;
  /** Its speedup over serial; 1 when serial is recommended, null when nothing was measured. */
  speedup: number | null;
  /** The fastest measured speedup of any configuration. */
  bestSpeedup: number | null;
  serialWall: number | null;
}

export function historyEntry(report: Report, id: string): HistoryEntry {
  const serial = report.runs.find((run) => run.executor === 'serial' && run.error === null);
  const best = report.verdict.best;
  const speedups = report.runs.map((run) => run.speedup).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  return {
    id,
    createdAt: report.createdAt,
    status: report.status,
    commit: report.provenance?.commit ?? null,
    branch: report.provenance?.branch ?? null,
    dirty: report.provenance?.dirty ?? null,
    verdictKind: report.verdict.kind,
    recommended: best ? runLabel(best) : 'serial',
    speedup: best ? best.speedup : serial ? 1 : null,
    bestSpeedup: speedups.length > 0 ? Math.max(...speedups) : null,
    serialWall: serial?.wallSeconds ?? null,
  };
}

const isText = (value: unknown): boolean => typeof value === 'string';
const isTextOrNull = (value: unknown): boolean => value === null || typeof value === 'string';
const isNumberOrNull = (value: unknown): boolean => value === null || (typeof value === 'number' && Number.isFinite(value));

/** Checks an entry read from an index file or a message: a hand-edited index must not reach the panel unchecked. */
export function isHistoryEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  return (
    isText(entry.id) && isText(entry.createdAt) && isText(entry.status) && isTextOrNull(entry.commit) && isTextOrNull(entry.branch) &&
    (entry.dirty === null || typeof entry.dirty === 'boolean') && isText(entry.verdictKind) && isText(entry.recommended) &&
    isNumberOrNull(entry.speedup) && isNumberOrNull(entry.bestSpeedup) && isNumberOrNull(entry.serialWall)
  );
}
