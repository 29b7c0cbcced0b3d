// The `parallelProfiler.*` settings, read into one typed value and checked, so a hand-edited
// settings.json with a wrong type falls back to the default instead of reaching the engine.
// Only vscode *types* here: the checks are plain functions of the raw values.

import { isExecutor } from '../shared/executors';
import type { Executor } from '../shared/report';

export const SECTION = 'parallelProfiler';
/** Reports kept per function unless the setting says otherwise: a few months of daily profiles. */
export { DEFAULT_HISTORY_KEEP } from '../core/reportStore';
import { DEFAULT_HISTORY_KEEP } from '../core/reportStore';

export interface Settings {
  pythonPath: string | undefined;
  nodePath: string | undefined;
  executors: Executor[] | undefined;
  workers: number[] | undefined;
  repeat: number;
  timeoutSeconds: number;
  chunksize: number | null;
  daskScheduler: string | undefined;
  codeLensEnabled: boolean;
  thorough: boolean;
  budgetSeconds: number | null;
  /** Reports kept per function; the oldest are removed beyond it. */
  historyKeep: number;
}


/** Reads one setting by its key under `parallelProfiler.` (e.g. "codeLens.enabled"). */
export type SettingReader = (key: string) => unknown;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
}

export function readSettings(read: SettingReader): Settings {
  const executors = Array.isArray(read('executors'))
    ? (read('executors') as unknown[]).filter(isExecutor)
    : [];
  const workers = Array.isArray(read('workers'))
    ? (read('workers') as unknown[]).filter((count): count is number => typeof count === 'number' && Number.isInteger(count) && count >= 1)
    : [];
  const timeout = read('timeoutSeconds');
  const chunksize = read('chunksize');
  const budget = read('budgetSeconds');
  return {
    pythonPath: text(read('pythonPath')),
    nodePath: text(read('nodePath')),
    executors: executors.length > 0 ? executors : undefined,
    workers: workers.length > 0 ? [...new Set(workers)].sort((a, b) => a - b) : undefined,
    repeat: positiveInteger(read('repeat'), 3),
    timeoutSeconds: typeof timeout === 'number' && timeout > 0 ? timeout : 120,
    chunksize: typeof chunksize === 'number' && Number.isInteger(chunksize) && chunksize >= 1 ? chunksize : null,
    daskScheduler: text(read('daskScheduler')),
    codeLensEnabled: read('codeLens.enabled') !== false,
    thorough: read('thorough') === true,
    budgetSeconds: typeof budget === 'number' && Number.isFinite(budget) && budget > 0 ? budget : null,
    historyKeep: positiveInteger(read('history.keep'), DEFAULT_HISTORY_KEEP),
  };
}
