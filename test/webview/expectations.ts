// What a rendered report must show, derived from the report itself so every fixture (synthetic or
// a real engine report dropped into test/fixtures/reports) is checked the same way.
import type { Report, Run } from '../../src/shared/report';

/** One line per executor (and start method) that has at least one speedup. */
export function expectedSeries(report: Report): string[] {
  const names = new Set<string>();
  for (const run of report.runs) {
    if (run.speedup !== null) names.add(run.startMethod ? `${run.executor} (${run.startMethod})` : run.executor);
  }
  return [...names].sort();
}

/** The run the panel selects first: the verdict's best, else the first with tasks, else the first. */
export function firstSelectedRun(report: Report): Run | null {
  const best = report.verdict.best;
  const bestRun = best && report.runs.find((run) => run.executor === best.executor && run.startMethod === best.startMethod && run.workers === best.workers);
  return bestRun ?? report.runs.find((run) => run.tasks.length > 0) ?? report.runs[0] ?? null;
}

export function heatmapRows(report: Report, run: Run): number {
  const widest = run.coreSamples.load.reduce((most, row) => Math.max(most, row.length), 0);
  return Math.max(1, report.machine.logicalCores, widest);
}
