// A function's history on the command line (`parallel-profiler history`): every saved report,
// oldest to newest, as the Results panel's history lists them, with the file to hand to `compare`.

import os from 'node:os';
import path from 'node:path';
import type { HistoryEntry } from '../shared/history';
import { formatSeconds, formatSpeedup, shortCommit } from '../shared/format';

/** Where the CLI keeps saved reports: PARALLEL_PROFILER_STORE, else the XDG data folder. */
export function defaultStoreRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PARALLEL_PROFILER_STORE) return path.resolve(env.PARALLEL_PROFILER_STORE);
  const data = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(data, 'parallel-profiler', 'history');
}

export interface SavedReport {
  entry: HistoryEntry;
  /** The report file, for `compare`. */
  file: string;
}

const HEADER = ['#', 'date (UTC)', 'commit', 'verdict', 'recommended', 'speedup', 'serial wall', 'report'];

function commitCell(entry: HistoryEntry): string {
  if (!entry.commit) return '–';
  return `${shortCommit(entry.commit)}${entry.dirty ? '+' : ''}${entry.branch ? ` (${entry.branch})` : ''}`;
}

function dateCell(entry: HistoryEntry): string {
  return entry.createdAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, '');
}

export function historyText(saved: readonly SavedReport[], what: { functionName: string; file: string; store: string }): string {
  if (saved.length === 0) {
    return `No saved reports of ${what.functionName} in ${what.file} in ${what.store}.\nProfile with --save to keep one: parallel-profiler profile ${what.file} --function ${what.functionName} --save\n`;
  }
  const rows = [
    HEADER,
    ...saved.map(({ entry, file }, index) => [
      String(index + 1),
      dateCell(entry),
      commitCell(entry),
      `${entry.verdictKind}${entry.status === 'partial' ? ' (partial)' : ''}`,
      entry.recommended,
      formatSpeedup(entry.speedup),
      formatSeconds(entry.serialWall),
      file,
    ]),
  ];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const lines = rows.map((cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  const notes = ['', 'commit: + marks uncommitted changes. Compare two: parallel-profiler compare OLD.json NEW.json'];
  if (saved.length >= 2) notes.push(`e.g. the last two: parallel-profiler compare ${saved[saved.length - 2].file} ${saved[saved.length - 1].file}`);
  return [...lines, ...notes].join('\n') + '\n';
}

export function historyJson(saved: readonly SavedReport[]): string {
  return JSON.stringify(saved.map(({ entry, file }) => ({ ...entry, file })), null, 2) + '\n';
}
