// The warnings that change how a whole report reads, shared word for word by the CLI, the Results
// panel and the HTML export: other programs' load, and output too large to keep.
import { runLabel, type Report } from '../shared/report';
import { formatBytes } from './advice';
import { contentionWarning } from './contention';

/** Warnings about the report as a whole, most important first. */
export function reportWarnings(report: Pick<Report, 'runs' | 'machine' | 'target'>): string[] {
  const warnings: string[] = [];
  // Other programs' load changes what every speedup means: it goes first.
  const contention = contentionWarning(report);
  if (contention) warnings.push(contention);
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
    'the report keeps only its beginning and end. Writing that much is part of the measured time: ' +
    'print less, or write to a file, to profile the work itself.'
  );
}
