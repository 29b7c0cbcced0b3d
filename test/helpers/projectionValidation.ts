// The projection checked on waiting work whose serial share is known by construction
// (test/fixtures/python/lock_then_wait.py): each workload is profiled with threads at 1–32 at a
// time, the projection is fitted on the 1–4 runs only, and its figures at 8, 16 and 32 are set
// against the speedups measured there. Shared by the test that pins the error and the bench that
// prints it.

import { readFileSync } from 'node:fs';
import { projectReport } from '../../src/shared/projection';
import type { Report } from '../../src/shared/report';
import { describeResult, runCli } from './cli';
import { fixture } from './pythonFixtures';
import type { TempDir } from './tempDir';

export interface LockWorkload {
  /** Seconds each call holds the global lock, then waits without it. */
  hold: number;
  wait: number;
  calls: number;
}

export const LOCK_WORKLOADS: LockWorkload[] = [
  { hold: 0.0025, wait: 0.0475, calls: 64 },
  { hold: 0.005, wait: 0.045, calls: 64 },
  { hold: 0.0125, wait: 0.0375, calls: 64 },
];

export const FITTED_COUNTS = [1, 2, 4];
export const CHECKED_COUNTS = [8, 16, 32];

export interface CheckedCount {
  count: number;
  measured: number;
  projected: number;
  low: number;
  high: number;
  /** |projected − measured| ÷ measured. */
  error: number;
}

export interface ValidationResult {
  workload: LockWorkload;
  serialShare: number;
  fittedShare: number | null;
  model: string | null;
  words: string;
  checked: CheckedCount[];
}

export async function profileLockWorkload(workload: LockWorkload, temp: TempDir): Promise<Report> {
  const json = temp.file(`lock-${workload.hold}-${workload.wait}.json`);
  const result = await runCli([
    'profile', fixture('lock_then_wait.py'), '--function', 'hold_then_wait',
    '--inputs', `[(${workload.hold}, ${workload.wait})] * ${workload.calls}`,
    '--executors', 'thread', '--workers', [...FITTED_COUNTS, ...CHECKED_COUNTS].join(','), '--repeat', '3', '--json', json, '--quiet',
  ]);
  if (result.code !== 0) throw new Error(`profiling the lock workload failed: ${describeResult(result)}`);
  return JSON.parse(readFileSync(json, 'utf8')) as Report;
}

/** The report as if only the fitted counts had been measured, recommending the largest of them. */
function fittedPart(report: Report): Report {
  const runs = report.runs.filter((run) => run.executor === 'serial' || FITTED_COUNTS.includes(run.workers));
  const top = runs.filter((run) => run.executor === 'thread' && run.speedup !== null).sort((a, b) => b.workers - a.workers)[0];
  return { ...report, runs, verdict: { ...report.verdict, best: top ? { executor: 'thread', startMethod: null, workers: top.workers, speedup: top.speedup as number } : null } };
}

export function validate(workload: LockWorkload, report: Report): ValidationResult {
  const projection = projectReport(fittedPart(report));
  const checked = CHECKED_COUNTS.flatMap((count): CheckedCount[] => {
    const run = report.runs.find((each) => each.executor === 'thread' && each.workers === count);
    const point = projection.kind === 'projected' ? projection.points.find((each) => each.count === count) : undefined;
    if (!run || run.speedup === null || !point) return [];
    return [{ count, measured: run.speedup, projected: point.speedup, low: point.low, high: point.high, error: Math.abs(point.speedup - run.speedup) / run.speedup }];
  });
  return {
    workload,
    serialShare: workload.hold / (workload.hold + workload.wait),
    fittedShare: projection.kind === 'projected' ? projection.serialShare : null,
    model: projection.kind === 'projected' ? projection.model : null,
    words: projection.words,
    checked,
  };
}
