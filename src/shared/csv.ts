// The report as CSV, one row per configuration, for spreadsheets and scripts (RFC 4180: CRLF
// line ends, a field quoted when it holds a comma, a quote or a line break; null is an empty cell).

import type { Report, Run } from './report';

type Cell = string | number | null;

const COLUMNS: [header: string, value: (run: Run) => Cell][] = [
  ['id', (run) => run.id],
  ['executor', (run) => run.executor],
  ['startMethod', (run) => run.startMethod],
  ['workers', (run) => run.workers],
  ['wallSeconds', (run) => run.wallSeconds],
  ['wallMin', (run) => run.wallSpread?.min ?? null],
  ['wallMax', (run) => run.wallSpread?.max ?? null],
  ['startupSeconds', (run) => run.startupSeconds],
  ['cpuSeconds', (run) => run.cpuSeconds],
  ['speedup', (run) => run.speedup],
  ['efficiency', (run) => run.efficiency],
  ['cpuUtilization', (run) => run.cpuUtilization],
  ['serialFraction', (run) => run.serialFraction],
  ['errorKind', (run) => run.error?.kind ?? null],
  ['errorMessage', (run) => run.error?.message ?? null],
  // Last, so scripts reading the earlier columns by position keep working. Reports saved before
  // the field existed lack it: an empty cell, as for any unmeasured value.
  ['otherCores', (run) => run.otherCores ?? null],
  // The speedup's 95% interval from the repeats (added later, so also last).
  ['speedupLow', (run) => run.speedupLow ?? null],
  ['speedupHigh', (run) => run.speedupHigh ?? null],
  // Peak memory of the configuration, all its workers together (added later, so also last).
  ['peakMemoryBytes', (run) => run.peakMemoryBytes ?? null],
  // The threads each worker's numeric libraries were held to, when measured so (added later, so also last).
  ['libraryThreads', (run) => run.libraryThreads ?? null],
];

export function csvField(value: Cell): string {
  // The schema promises no NaN/Infinity; an empty cell still beats a word a spreadsheet cannot sum.
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(report: Report): string {
  const rows = [
    COLUMNS.map(([header]) => header),
    ...report.runs.map((run) => COLUMNS.map(([, value]) => csvField(value(run)))),
  ];
  return rows.map((row) => row.join(',')).join('\r\n') + '\r\n';
}
