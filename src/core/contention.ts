// How many cores other programs took while a configuration ran: the sampled machine load during
// the kept repeat minus the run's own CPU. The verdict, the CLI and the panel all word it from here.

import { EXECUTORS } from '../shared/executors';
import { childCpuOf, runLabel, type CoreSamples, type Executor, type Report, type Run } from '../shared/report';
import { formatCores as cores, isFiniteNumber } from '../shared/format';
import { median } from './stats';

/** A median other load from this many cores up skews the speedups enough to tell the user... */
export const NOTABLE_OTHER_CORES = 0.25;
/** ...or from this share of the cores on a large machine, where a little background load on many
 * cores adds up to a fraction of a core yet barely moves a speedup. */
const NOTABLE_OTHER_SHARE = 0.05;
/** Fewer samples than this inside the kept repeat say too little about the machine's load. */
const MIN_SAMPLES = 3;
/** In-process runs count their CPU exactly; from this many on, the summary is theirs alone (fewer
 * would let one brief burst of other load decide). */
const MIN_EXACT_RUNS = 3;
/** Float slack when deciding whether a sample's interval lies inside the repeat. */
const EDGE = 1e-9;

/** Executors whose tasks run in other processes: their CPU is not in the harness process's CPU. */
function outOfProcess(executor: Executor): boolean {
  return EXECUTORS[executor].outOfProcess;
}

export type ContentionInput = Pick<Run, 'executor' | 'workers' | 'error' | 'wallSeconds' | 'cpuSeconds' | 'processCpuSeconds' | 'childCpuSeconds' | 'tasks' | 'coreSamples'>;

/** CPU seconds the configuration itself used over the kept repeat; null when it cannot be told.
 * The programs the function ran (childCpuSeconds) are its own: a tool it calls that keeps a core
 * busy read as another program's load, "other programs kept 1.6 cores busy", and lowered the
 * verdict's confidence. */
export function ownCpuSeconds(run: Pick<Run, 'executor' | 'cpuSeconds' | 'processCpuSeconds' | 'childCpuSeconds'>): number | null {
  const harness = isFiniteNumber(run.processCpuSeconds) ? run.processCpuSeconds : null;
  const tasks = isFiniteNumber(run.cpuSeconds) ? run.cpuSeconds : null;
  const children = childCpuOf(run);
  if (outOfProcess(run.executor)) {
    // The workers' CPU is known only through the tasks': without it the workers' own computing
    // would read as other programs' load. The harness only hands out work, so unknown counts as 0.
    return tasks === null ? null : tasks + (harness ?? 0) + children;
  }
  // In-process tasks are part of the harness process's CPU; the larger figure covers both.
  if (harness === null) return tasks === null ? null : tasks + children;
  return (tasks === null ? harness : Math.max(harness, tasks)) + children;
}

/**
 * Worker seconds outside any task during [0, wall]: the most CPU out-of-process workers can have
 * spent beyond their tasks' (unpickling arguments, sending results), which no counter reports.
 */
function workerGapSeconds(run: Pick<Run, 'workers' | 'tasks'>, wall: number): number {
  let inTasks = 0;
  const workers = new Set<number>();
  for (const task of run.tasks) {
    workers.add(task.worker);
    if (isFiniteNumber(task.start) && isFiniteNumber(task.end)) inTasks += Math.max(0, Math.min(task.end, wall) - Math.max(task.start, 0));
  }
  return Math.max(0, Math.max(run.workers, workers.size) * wall - inTasks);
}

/**
 * Cores other programs kept busy during the kept repeat: the mean busy cores of the samples whose
 * interval lies inside [0, wall] (a sample averages the interval ending at its time), minus the
 * run's own CPU ÷ wall, at least 0. Null for a failed run, without wall or own CPU, or with fewer
 * than 3 samples in the window. Out-of-process workers whose run counts only their tasks' own CPU
 * (countsHandOffCpu false) may also have computed outside their tasks, so their time outside tasks
 * counts as their own: the figure is then a lower bound.
 */
export function otherCores(run: ContentionInput): number | null {
  const wall = run.wallSeconds;
  if (run.error || !isFiniteNumber(wall) || wall <= 0) return null;
  const counted = ownCpuSeconds(run);
  if (counted === null) return null;
  const own = outOfProcess(run.executor) && !EXECUTORS[run.executor].countsHandOffCpu ? counted + workerGapSeconds(run, wall) : counted;
  const busy = meanInRepeat(run.coreSamples, wall, (row) => row.reduce((sum, percent) => sum + (isFiniteNumber(percent) ? percent : 0), 0) / 100);
  if (busy === null) return null;
  const other = busy - own / wall;
  return Number.isFinite(other) ? Math.max(0, other) : null;
}

/**
 * Core time the usable CPUs left idle during the kept repeat, in cores: the mean over the samples
 * inside [0, wall] of each usable CPU's idle share (steal counts as neither busy nor idle, so a
 * core the host took away reads as busy, not as room). Null with fewer than 3 samples there.
 */
export function idleCores(run: Pick<Run, 'error' | 'wallSeconds'> & Partial<Pick<Run, 'coreSamples'>>, cpuIds: readonly number[] | null): number | null {
  const wall = run.wallSeconds;
  if (run.error || !isFiniteNumber(wall) || wall <= 0 || !run.coreSamples) return null;
  return meanInRepeat(run.coreSamples, wall, (row) =>
    (cpuIds ?? row.map((_, cpu) => cpu)).reduce((sum, cpu) => sum + (isFiniteNumber(row[cpu]) ? Math.max(0, 100 - row[cpu]) / 100 : 0), 0),
  );
}

/** The mean of `perSample` over the samples whose interval lies inside [0, wall] (a sample averages
 * the interval ending at its time); null with fewer than MIN_SAMPLES there. */
function meanInRepeat(samples: CoreSamples, wall: number, perSample: (row: number[]) => number): number | null {
  const { t, load, intervalSeconds } = samples;
  const interval = isFiniteNumber(intervalSeconds) && intervalSeconds > 0 ? intervalSeconds : 0;
  let total = 0;
  let count = 0;
  t.forEach((time, index) => {
    const row = load[index];
    if (!isFiniteNumber(time) || !row || time - interval < -EDGE || time > wall + EDGE) return;
    total += perSample(row);
    count += 1;
  });
  return count < MIN_SAMPLES ? null : total / count;
}

export interface ContentionSummary {
  /** Median other load over the runs it is taken from, in cores. */
  medianOtherCores: number;
  /** Of those runs, the one during which other programs took the most. */
  worst: { label: string; otherCores: number };
  /** How many runs the summary is taken from. */
  runsMeasured: number;
}

/** A run's stored figure; reports saved before the field existed are measured from their samples. */
function otherCoresOf(run: Run): number | null {
  const stored = (run as Partial<Pick<Run, 'otherCores'>>).otherCores;
  return stored === undefined ? otherCores(run) : stored;
}

/** A serial process this many cores busy (CPU ÷ wall) computed on threads besides the caller's. */
const THREADED_TASKS = 1.3;

/** Whether the tasks start threads of their own (BLAS behind numpy): the serial process kept more
 * than one core busy, which one calling thread cannot. (Its CPU against the tasks' would also count
 * the harness's own work between tiny or waiting calls.) */
function tasksStartThreads(runs: readonly Run[]): boolean {
  const serial = runs.find((run) => run.executor === 'serial' && run.error === null);
  if (!serial || !isFiniteNumber(serial.processCpuSeconds) || !isFiniteNumber(serial.wallSeconds) || serial.wallSeconds <= 0) return false;
  return serial.processCpuSeconds > THREADED_TASKS * serial.wallSeconds;
}

/** A serial run whose programs (childCpuSeconds) took this many cores ran programs that compute. */
const PROGRAMS_COMPUTE = 0.1;

/** Whether the calls run programs that compute (serial's childCpuSeconds): a pool's workers wait
 * for theirs, which the harness never counts, so an out-of-process run's other load cannot be told. */
export function callsRunPrograms(serial: Pick<Run, 'childCpuSeconds' | 'wallSeconds'> | null | undefined): boolean {
  if (!serial || !isFiniteNumber(serial.childCpuSeconds) || !isFiniteNumber(serial.wallSeconds) || serial.wallSeconds <= 0) return false;
  return serial.childCpuSeconds >= PROGRAMS_COMPUTE * serial.wallSeconds;
}

/**
 * The other load over the successful runs; null when no run could be measured. Runs whose tasks
 * ran in the harness process count all their CPU exactly, so when enough were measured the summary
 * is theirs alone: out-of-process workers whose tasks start threads (BLAS) report less CPU than they use.
 */
export function contentionSummary(runs: readonly Run[]): ContentionSummary | null {
  const all = runs
    .filter((run) => run.error === null)
    .map((run) => ({ run, value: otherCoresOf(run) }))
    .filter((entry): entry is { run: Run; value: number } => isFiniteNumber(entry.value));
  const exact = all.filter((entry) => !outOfProcess(entry.run.executor));
  // When the tasks start threads of their own, the out-of-process figures are their uncounted CPU,
  // not other programs: even one exact run says more (numpy_matmul_long: processes read 0.94–1.03
  // "other" cores on a quiet machine, serial and threads 0.06–0.08).
  const measured = exact.length >= MIN_EXACT_RUNS || (exact.length > 0 && tasksStartThreads(runs)) ? exact : all;
  const middle = median(measured.map((entry) => entry.value));
  if (middle === null) return null;
  const worst = measured.reduce((top, entry) => (entry.value > top.value ? entry : top));
  return { medianOtherCores: middle, worst: { label: runLabel(worst.run), otherCores: worst.value }, runsMeasured: measured.length };
}

/** The other load, in cores, from which the user is told: 0.25 on a laptop, 5% of a large machine's cores. */
export function notableOtherCores(logicalCores: number): number {
  return Math.max(NOTABLE_OTHER_CORES, NOTABLE_OTHER_SHARE * logicalCores);
}

/** True when the measured other load is large enough to change what the speedups mean. */
export function isContended(summary: ContentionSummary | null, logicalCores: number): summary is ContentionSummary {
  return summary !== null && summary.medianOtherCores >= notableOtherCores(logicalCores);
}

/** Evidence line: "other programs: 0.9 of 2 cores busy during the runs (median), worst 1.4 during process (fork) × 2". */
export function contentionEvidence(summary: ContentionSummary, logicalCores: number): string {
  return `other programs: ${cores(summary.medianOtherCores)} of ${logicalCores} cores busy during the runs (median), worst ${cores(summary.worst.otherCores)} during ${summary.worst.label}`;
}

/** The measured fact for a verdict sentence: "other programs kept 0.9 of the 2 cores busy while it ran: profile again on a quieter machine". */
export function contentionClause(summary: ContentionSummary, logicalCores: number): string {
  return `${otherLoadClause(summary, logicalCores)}: profile again on a quieter machine`;
}

/** The measured fact alone: "other programs kept 0.9 of the 2 cores busy while it ran". */
export function otherLoadClause(summary: ContentionSummary, logicalCores: number): string {
  return `other programs kept ${cores(summary.medianOtherCores)} of the ${logicalCores} cores busy while it ran`;
}

/** The report-level warning the CLI and the panel show, or null on a machine quiet enough. */
export function contentionWarning(report: Pick<Report, 'runs' | 'machine'>): string | null {
  const summary = contentionSummary(report.runs);
  if (!isContended(summary, report.machine.logicalCores)) return null;
  return `Other programs kept ${cores(summary.medianOtherCores)} of ${report.machine.logicalCores} cores busy during the measurement; speedups here are lower than this machine gives when quiet.`;
}
