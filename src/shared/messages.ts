// The typed message protocol between the extension host and its webviews, one union per
// direction. Both bundles import this file. Everything that arrives is checked before use.

import type { Machine, Report, TaskSpan } from './report';

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
  | { type: 'tasks'; reportCreatedAt: string; runId: string; tasks: TaskSpan[] };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'export'; format: ExportFormat }
  | { type: 'copy'; text: string }
  | { type: 'openSource'; file: string; line: number }
  /** Open the shown report's Dask dashboard; the host reads (and checks) the address itself. */
  | { type: 'openDashboard' }
  | { type: 'rerun' }
  | { type: 'cancel' }
  | { type: 'tasks'; runId: string };

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

export function isFromCoreView(value: unknown): value is FromCoreView {
  return isRecord(value) && value.type === 'ready';
}

/** The webview side checks what the host sends, too: a stale or foreign message is ignored. */
export function isToPanel(value: unknown): value is ToPanel {
  if (!isRecord(value)) return false;
  if (value.type === 'tasks') {
    return typeof value.reportCreatedAt === 'string' && typeof value.runId === 'string' && Array.isArray(value.tasks);
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
