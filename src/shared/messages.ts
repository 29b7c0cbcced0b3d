// The typed message protocol between the extension host and its webviews, one union per
// direction. Both bundles import this file. Everything that arrives is checked before use.

import type { Machine, Report, TaskSpan } from './report';
import type { Comparison } from './compare';
import { isHistoryEntry, type HistoryEntry } from './history';

export type ExportFormat = 'json' | 'html' | 'csv' | 'trace';

/** What the Results panel shows: one renderer per kind. */
export type PanelState =
  | { kind: 'idle' }
  | {
      kind: 'running';
      file: string;
      functionName: string;
      /** Configurations finished / planned, and the one running now. */
      done: number;
      total: number;
      current: string | null;
    }
  | { kind: 'done'; report: Report; previous: Report | null; taskCounts?: TaskCounts }
  | {
      kind: 'failed';
      message: string;
      hint: string;
      /** Extra detail (traceback) shown as text. */
      detail: string | null;
    };

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
  return kind === 'idle' || kind === 'running' || kind === 'done' || kind === 'failed';
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
