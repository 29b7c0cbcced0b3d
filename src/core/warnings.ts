// The warnings that change how a whole report reads, shared word for word by the CLI, the Results
// panel and the HTML export: other programs' load, a disturbed serial baseline, and output too
// large to keep.
import { runLabel, type Report, type Run } from '../shared/report';
import { formatBytes, formatSeconds } from './advice';
import { contentionWarning } from './contention';

/** Warnings about the report as a whole, most important first. */
export function reportWarnings(report: Pick<Report, 'runs' | 'machine' | 'target'>): string[] {
  const warnings: string[] = [];
  // Other programs' load changes what every speedup means: it goes first.
  const contention = contentionWarning(report);
  if (contention) warnings.push(contention);
  const baseline = slowBaselineWarning(report);
  if (baseline) warnings.push(baseline);
  const flood = outputFloodWarning(report);
  if (flood) warnings.push(flood);
  return warnings;
}

/** Output the function printed beyond what a report keeps: said once, with how much and where. */
export function outputFloodWarning(report: Pick<Report, 'runs' | 'target'>): string | null {
  const capped = report.runs.filter((run) => run.output.truncated);
  if (capped.length === 0) return null;
  const largest = capped.reduce((top, run) => (run.output.bytes > top.output.bytes ? run : top));
  const where = capped.length === 1 ? runLabel(largest) : `${runLabel(largest)} (and ${capped.length - 1} other configuration${capped.length === 2 ? '' : 's'})`;
  return (
    `${report.target.function} printed ${formatBytes(largest.output.bytes)} of output in ${where}; ` +
    'the copy in the report is capped to its beginning and end. Writing that much is part of the measured time: ' +
    'print less, or write to a file, to profile the work itself.'
  );
}

/** A one-worker pool on the calling process's own thread does serial's work plus a hand-off: this
 * much faster than serial means serial was held up, and every speedup is overstated. */
const SLOW_BASELINE = 1.25;

type Timed = Pick<Run, 'executor' | 'startMethod' | 'workers' | 'error' | 'wallSeconds'>;

/** Serial and the one-thread run that shows it was held up, or null when serial's time is believable. */
export function slowBaseline<T extends Timed>(runs: readonly T[]): { serial: T; single: T; factor: number } | null {
  const serial = runs.find((run) => run.executor === 'serial' && run.error === null && run.wallSeconds !== null);
  if (!serial?.wallSeconds) return null;
  const single = runs
    .filter((run) => (run.executor === 'thread' || run.executor === 'async') && run.workers === 1 && run.error === null && run.wallSeconds !== null && run.wallSeconds > 0)
    .sort((a, b) => (a.wallSeconds ?? 0) - (b.wallSeconds ?? 0))[0];
  if (!single?.wallSeconds || serial.wallSeconds < SLOW_BASELINE * single.wallSeconds) return null;
  return { serial, single, factor: serial.wallSeconds / single.wallSeconds };
}

/** Says when serial timed clearly slower than a one-worker thread pool (or one async call at a time). */
export function slowBaselineWarning(report: Pick<Report, 'runs'>): string | null {
  const slow = slowBaseline(report.runs);
  const serialWall = slow?.serial.wallSeconds;
  const singleWall = slow?.single.wallSeconds;
  if (!slow || !serialWall || !singleWall) return null;
  const factor = slow.factor;
  return (
    `Serial took ${formatSeconds(serialWall)}, ${factor.toFixed(1)}× as long as ${runLabel(slow.single)} (${formatSeconds(singleWall)}), ` +
    'which does the same work on one thread: something held serial up, so every speedup here may be overstated up to ' +
    `${factor.toFixed(1)}×. Profile again with more repeats, on a quieter machine.`
  );
}
