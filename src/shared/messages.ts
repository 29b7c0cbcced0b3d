// The typed message protocol between the extension host and its webviews, one union per
// direction. Both bundles import this file. Everything that arrives is checked before use.

import type { Machine, Report, Run, TaskSpan } from './report';
import type { Comparison } from './compare';
import { isHistoryEntry, type HistoryEntry } from './history';

export type ExportFormat = 'json' | 'html' | 'csv' | 'trace';

/** What the Results panel shows: one renderer per kind. */
export type PanelState =
  | { kind: 'idle' }
  | RunningState
  | { kind: 'done'; report: Report; previous: Report | null; taskCounts?: TaskCounts }
  | {
      kind: 'failed';
      message: string;
      hint: string;
      /** Extra detail (traceback) shown as text. */
      detail: string | null;
    };

/** A profile in progress: what runs now, the time spent and left, and the runs finished so far (a
 * table and a speedup chart that grow). Progress reads in time: the plan may grow while it runs. */
export interface RunningState {
  kind: 'running';
  file: string;
  functionName: string;
  /** The configuration running now, e.g. "process (spawn) × 2"; null while starting. */
  current: string | null;
  /** The runs finished so far, analysed against serial; sent without task spans and core samples. */
  runs: Run[];
  /** The core counts the speedup chart marks; null until known. */
  cores: RunningCores | null;
  elapsedSeconds: number;
  /** Roughly the seconds left; null until the serial baseline says how long a pass takes. */
  leftSeconds: number | null;
}

export type RunningCores = Pick<Machine, 'logicalCores' | 'physicalCores'>;

/** Set on a state whose report came without its task spans (a large report): each run's task count
 * by run id. The panel asks for one run's spans when it draws that run's timeline. */
export type TaskCounts = Record<string, number>;

export type ToPanel =
  | { type: 'state'; state: PanelState }
  /** The task spans of one run of the report created at `reportCreatedAt`. */
  | { type: 'tasks'; reportCreatedAt: string; runId: string; tasks: TaskSpan[] }
  /** Every stored report of the shown report's function, oldest first. */
  | { type: 'history'; reportCreatedAt: string; entries: HistoryEntry[] }
  /** Two stored reports side by side, or why they cannot be. */
  | { type: 'historyComparison'; older: string; newer: string; comparison: Comparison | null; problem: string | null };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'export'; format: ExportFormat }
  | { type: 'copy'; text: string }
  | { type: 'openSource'; file: string; line: number }
  /** Open the shown report's Dask dashboard; the host reads (and checks) the address itself. */
  | { type: 'openDashboard' }
  | { type: 'rerun' }
  | { type: 'cancel' }
  | { type: 'tasks'; runId: string }
  /** Compare two stored reports of the shown function, by their ids in the history. */
  | { type: 'compareHistory'; older: string; newer: string };

export type ToCoreView =
  | { type: 'machine'; machine: Machine; coreToPhysical: number[] }
  /** time: seconds on the sampler's monotonic clock; load: % busy of each logical core. */
  | { type: 'load'; time: number; load: number[] }
  | { type: 'activity'; label: string | null };

export type FromCoreView = { type: 'ready' };

const EXPORT_FORMATS: readonly string[] = ['json', 'html', 'csv', 'trace'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isFromPanel(value: unknown): value is FromPanel {
  if (!isRecord(value) || typeof value.type !== 'string') return false;
  switch (value.type) {
    case 'ready':
    case 'rerun':
    case 'cancel':
    case 'openDashboard':
      return true;
    case 'export':
      return typeof value.format === 'string' && EXPORT_FORMATS.includes(value.format);
    case 'copy':
      return typeof value.text === 'string' && value.text.length <= 1_000_000;
    case 'tasks':
      return typeof value.runId === 'string' && value.runId.length <= 200;
    case 'compareHistory':
      return isHistoryId(value.older) && isHistoryId(value.newer);
    case 'openSource':
      return (
        typeof value.file === 'string' &&
        typeof value.line === 'number' &&
        Number.isInteger(value.line) &&
        value.line >= 1
      );
    default:
      return false;
  }
}

/** A stored report's id: a plain file name, never a path. */
function isHistoryId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100 && /^[A-Za-z0-9_.-]+\.json$/.test(value);
}

export function isFromCoreView(value: unknown): value is FromCoreView {
  return isRecord(value) && value.type === 'ready';
}

/** The webview side checks what the host sends, too: a stale or foreign message is ignored. */
export function isToPanel(value: unknown): value is ToPanel {
  if (!isRecord(value)) return false;
  if (value.type === 'tasks') {
    return typeof value.reportCreatedAt === 'string' && typeof value.runId === 'string' && Array.isArray(value.tasks);
  }
  if (value.type === 'history') {
    return typeof value.reportCreatedAt === 'string' && Array.isArray(value.entries) && value.entries.every(isHistoryEntry);
  }
  if (value.type === 'historyComparison') {
    return isHistoryId(value.older) && isHistoryId(value.newer) && (value.problem === null || typeof value.problem === 'string') &&
      (value.comparison === null || (isRecord(value.comparison) && Array.isArray(value.comparison.changes)));
  }
  if (value.type !== 'state' || !isRecord(value.state)) return false;
  const kind = value.state.kind;
  if (value.state.taskCounts !== undefined && !isRecord(value.state.taskCounts)) return false;
  if (kind === 'running') return isRunningState(value.state);
  return kind === 'idle' || kind === 'done' || kind === 'failed';
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A run as the running panel reads it: its label, numbers and error are read; the rest stays opaque. */
function isRunningRow(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.executor === 'string' &&
    (value.startMethod === null || typeof value.startMethod === 'string') &&
    isCount(value.workers) &&
    (value.speedup === null || (typeof value.speedup === 'number' && Number.isFinite(value.speedup))) &&
    Array.isArray(value.repeats) &&
    Array.isArray(value.warnings) &&
    (value.error === null || isRecord(value.error))
  );
}

/** The running state field by field: a stale message from an older build (done/total) is ignored, not half-drawn. */
export function isRunningState(value: Record<string, unknown>): value is Record<string, unknown> & RunningState {
  const cores = value.cores;
  return (
    value.kind === 'running' &&
    typeof value.file === 'string' &&
    typeof value.functionName === 'string' &&
    (value.current === null || typeof value.current === 'string') &&
    Array.isArray(value.runs) &&
    value.runs.every(isRunningRow) &&
    (cores === null || (isRecord(cores) && isCount(cores.logicalCores) && isCount(cores.physicalCores))) &&
    isSeconds(value.elapsedSeconds) &&
    (value.leftSeconds === null || isSeconds(value.leftSeconds))
  );
}

export function isToCoreView(value: unknown): value is ToCoreView {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'machine':
      return isRecord(value.machine) && Array.isArray(value.coreToPhysical);
    case 'load':
      return typeof value.time === 'number' && Array.isArray(value.load);
    case 'activity':
      return value.label === null || typeof value.label === 'string';
    default:
      return false;
  }
}
