// What the verdict rules look at, gathered once from the analysed runs: the serial baseline, each
// family of executors at its best, the cores busy, the other load — and the evidence lines listing them.

import { executorFamily, type ExecutorFamily } from '../shared/executors';
import { recommended, type Choosing } from './noise';
import { childCpuOf, mostSpeedup, ownCpuSeconds, runLabel, succeeded, workCpuSeconds } from '../shared/report';
import type { Language, Measured, Run, RunError, Runtime } from '../shared/report';
import type { UsableMachine } from '../shared/usableCores';
import { formatCores, formatPercent, formatRatio, formatSeconds, formatSpeedup } from '../shared/format';
import type { SnippetTarget } from './snippets';
import { callsRunPrograms, contentionEvidence, contentionSummary, isContended, type ContentionSummary } from './contention';
import { median } from './stats';
import { hazards, leftOut, type Hazard } from './hazards';
import { callSpread, type CallSpread } from '../shared/unevenCalls';
import { INTERNAL_CORES } from './libraryThreads';
import { describeTaskData, taskDataSizes } from '../shared/taskData';

export interface VerdictContext {
  language: Language;
  functionName: string;
  inputsCount: number;
  /** The cores this process may use (asUsableMachine), not necessarily all the machine has. */
  machine: UsableMachine;
  runtime: Runtime;
  /** Calibration loops: most passes over the inputs per timing (1 or absent: one pass). */
  loops?: number;
  /** Analysed runs (speedup, utilization and overheads filled in). */
  runs: readonly Run[];
  /** The user's script, for the module name in the code snippet. */
  file?: string;
  /** The inputs expression profiled; undefined = PROFILE_INPUTS. */
  inputsExpression?: string;
  /** Each configuration's timeout, when known: a hang is told from a long run against it. */
  timeoutSeconds?: number;
  /** The `--repeat` setting: the most timings a launch asks for within its timeout (hazards.ts). */
  repeat?: number;
}

// Ratios, not times, like the thresholds the rules use (verdict.ts).
/** A serial process that got less than this many cores' CPU over its wall was starved by other load. */
const STARVED_BELOW = 0.9;
/** Below this share of its wall time on the CPU, a task mostly waits. */
export const WAITING = 0.3;
/** Workers idle this share of their time or more after the last call started: Karp–Flatt says so. */
const IDLE_TAIL_SHOWS = 0.2;
/** Serial work that kept its core busy at least this share of its wall computes. */
export const CPU_HEAVY = 0.6;
/** Threads keeping more than this many cores busy cannot be serialized by a GIL; JavaScript's async
 * calls this many times serial's busy cores ran work off the event loop. */
export const THREADS_BUSY_CORES = 1.2;

/** Whether JavaScript's async calls, which kept `asyncCores` busy, ran work off the event loop:
 * THREADS_BUSY_CORES times the cores serial's calls kept busy (`serialCores`; V8's collector and
 * compiler threads run beside serial too, and a short allocating loop reads 1.2 cores on its own). */
export function ranOffEventLoop(asyncCores: number | null, serialCores: number | null): boolean {
  return asyncCores !== null && asyncCores >= THREADS_BUSY_CORES * Math.max(1, serialCores ?? 1);
}

/** The configuration to recommend (src/core/noise.ts): the simplest executor whose best run is within
 * the noise of the fastest, then within it the fewest workers and the default start method within
 * the noise or 10% of its own fastest. */
export function pickBest(runs: readonly Run[], choosing: Choosing): Measured | null {
  return recommended(runs, choosing) as Measured | null;
}

/** Errors that only say a configuration was not run: the cause is another run's error. */
const FOLLOW_ON_ERRORS: ReadonlySet<RunError['kind']> = new Set(['skipped', 'cancelled']);

/** A configuration that was not run (skipped after serial timed out, cancelled): no failure of its own. */
export function notRun(run: Pick<Run, 'error'>): boolean {
  return run.error !== null && FOLLOW_ON_ERRORS.has(run.error.kind);
}

/** The most frequent error (by kind and message); the first seen wins a tie. */
export function mostCommonError(runs: readonly Run[]): RunError | null {
  const counts = new Map<string, { error: RunError; count: number }>();
  const causes = runs.some((run) => run.error && !FOLLOW_ON_ERRORS.has(run.error.kind));
  for (const run of runs) {
    if (!run.error || (causes && FOLLOW_ON_ERRORS.has(run.error.kind))) continue;
    const key = `${run.error.kind}\u0000${run.error.message}`;
    const entry = counts.get(key) ?? { error: run.error, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  let top: { error: RunError; count: number } | null = null;
  for (const entry of counts.values()) if (!top || entry.count > top.count) top = entry;
  return top?.error ?? null;
}

/** What one family of executors achieved, or why it never ran. */
export interface FamilyResult {
  /** Fastest within 5%, preferring the simpler configuration: the one to recommend. */
  best: Measured | null;
  /** The run with the highest speedup, and that speedup. */
  fastest: Run | null;
  top: number | null;
  failure: RunError | null;
}

function familyResult(runs: readonly Run[], family: ExecutorFamily, choosing: Choosing): FamilyResult {
  // A setup that hung elsewhere (hazards.ts) is no measure of what the family gives: its gains are
  // not quoted, nor its failure taken for the family's, and nothing is advised from it.
  const members = runs.filter((run) => executorFamily(run.executor) === family && !leftOut(choosing.unsafe, run));
  // A pool of one worker is not parallel: judge the family on its runs with several when there are any.
  const parallel = members.filter((run) => run.workers > 1 && succeeded(run));
  const judged = parallel.length > 0 ? parallel : members;
  const fastest = mostSpeedup(judged.filter((run) => succeeded(run) && run.speedup !== null));
  const best = pickBest(judged, choosing);
  return { best, fastest, top: fastest?.speedup ?? null, failure: best ? null : mostCommonError(members) };
}

function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || !(denominator > 0)) return null;
  const value = numerator / denominator;
  return Number.isFinite(value) ? value : null;
}

/** Cores the serial run kept busy: its process CPU over its wall — or, on a busy machine where
 * every thread got less of a core, how many of its threads computed (CPU of all ÷ the busiest).
 * That count only means cores for work that computes: a function that waits keeps none busy,
 * however its sliver of CPU is spread over threads. */
function serialCoresOf(run: Run): number | null {
  const cores = ratio(run.processCpuSeconds, run.wallSeconds) ?? sampledCores(run);
  if (run.threadParallelism === null) return cores;
  // The threads' ratio stands in for CPU ÷ wall only where other load starved the process below a
  // core: a process that got most of a core and still used no more than one did not compute on
  // several side by side, whatever share a helper thread took of it (memory_copy.py: CPU ÷ wall
  // 0.97, threads' ratio 1.36).
  if (cores !== null && cores >= STARVED_BELOW) return cores;
  const computing = ratio(run.processCpuSeconds, runnableWall(run));
  if (computing !== null && computing < WAITING) return cores;
  // Where the run queue says how long other load kept it off a core, a process that got a core
  // whenever it could run and still used less was waiting part of the time, not starved: 60 ms of
  // sleep beside 80 ms of Python per call, 0.56 cores with 4% of the wall queued, read "the
  // process kept 1.0 cores busy" from its one computing thread.
  // Only for a run whose threads' ratio says one thread computed: the run queue is the calling
  // thread's, and a library's own threads starved by other load are not in it.
  if (typeof run.queuedSeconds === 'number' && computing !== null && computing < STARVED_BELOW && run.threadParallelism <= INTERNAL_CORES) return cores;
  return Math.max(cores ?? 0, run.threadParallelism);
}

/** Serial wall minus the time other load kept the function off a core: on a busy machine a
 * computing function is often runnable yet waiting, which must not read as I/O waiting. */
function runnableWall(run: Run): number | null {
  if (run.wallSeconds === null) return null;
  const queued = run.queuedSeconds ?? 0;
  return queued > 0 && queued < run.wallSeconds ? run.wallSeconds - queued : run.wallSeconds;
}

/** Time inside the calls ÷ wall, at most 1; the spans a report left out are counted through
 * tasksSummary. Under calibration loops the spans are the last pass's, the one pass of Python's
 * serial and threads that runs in the task wrapper, slower than the bare passes the wall averages. */
function taskShareOf(run: Measured): number | null {
  if (run.tasks.length === 0) return null;
  let inside = 0;
  for (const task of run.tasks) if (task.end > task.start) inside += task.end - task.start;
  const scale = run.tasksSummary && run.tasksSummary.kept > 0 ? run.tasksSummary.count / run.tasksSummary.kept : 1;
  return Math.min(1, (inside * scale) / run.wallSeconds);
}

export function busyCores(run: Run): number | null {
  return ratio(workCpuSeconds(run), run.wallSeconds);
}

/** Median busy cores from the sampled load, used only when the process CPU time is unknown. */
function sampledCores(run: Run): number | null {
  return median(run.coreSamples.load.map((row) => row.reduce((sum, load) => sum + load, 0) / 100));
}

/** Everything the rules look at, gathered once. */
export interface Facts {
  ctx: VerdictContext;
  python: boolean;
  /** Family names in the user's language: threads/processes, or async calls/workers. */
  names: { threads: string; processes: string };
  serial: Measured | null;
  /** Task CPU seconds ÷ wall of the serial run: near 1 computes, near 0 waits. */
  serialCpuShare: number | null;
  /** Cores the serial process kept busy, all its threads counted. */
  serialCores: number | null;
  /** Share of the serial run's wall spent inside the calls (the rest is the harness's hand-offs). */
  serialTaskShare: number | null;
  threads: FamilyResult;
  processes: FamilyResult;
  bestParallel: Measured | null;
  medianTask: number | null;
  best: Measured | null;
  /** Load other programs put on the machine during the runs; null when no run could tell. */
  contention: ContentionSummary | null;
  snippet: SnippetTarget;
  /** How far serial's calls, in the order given, spread over the physical cores (unevenCalls.ts). */
  spread: CallSpread | null;
  /** Setups that hung while the same inputs finished elsewhere (hazards.ts). */
  hazards: Hazard[];
  /** How the recommendation is chosen, the setups of `hazards` left out. */
  choosing: Choosing;
}

export function gatherFacts(ctx: VerdictContext): Facts {
  const serial = ctx.runs.find((run): run is Measured => run.executor === 'serial' && succeeded(run)) ?? null;
  const defaultMethod = ctx.runtime.defaultStartMethod;
  const hung = hazards(ctx.runs, ctx.timeoutSeconds ?? null, ctx.repeat);
  const choosing: Choosing = { defaultStartMethod: defaultMethod, physicalCores: ctx.machine.physicalCores, unsafe: new Set(hung.map((hazard) => hazard.key)) };
  // The best run of several workers when there is one: a one-worker pool is not parallel.
  const pooled = ctx.runs.filter((run) => run.executor !== 'serial');
  const several = pooled.filter((run) => run.workers > 1 && succeeded(run));
  const bestParallel = pickBest(several.length > 0 ? several : pooled, choosing);
  const durations = (serial ?? bestParallel)?.tasks.map((task) => task.end - task.start) ?? [];
  const python = ctx.language === 'python';
  return {
    ctx,
    python,
    names: python ? { threads: 'threads', processes: 'processes' } : { threads: 'async calls', processes: 'workers' },
    serial,
    serialCpuShare: serial ? ratio(workCpuSeconds(serial), runnableWall(serial)) : null,
    serialCores: serial ? serialCoresOf(serial) : null,
    serialTaskShare: serial ? taskShareOf(serial) : null,
    threads: familyResult(ctx.runs, 'threads', choosing),
    processes: familyResult(ctx.runs, 'processes', choosing),
    bestParallel,
    medianTask: median(durations.filter((duration) => duration >= 0)),
    best: pickBest(ctx.runs, choosing),
    contention: contentionSummary(ctx.runs),
    snippet: { language: ctx.language, functionName: ctx.functionName, file: ctx.file, inputsExpression: ctx.inputsExpression, defaultStartMethod: defaultMethod, inputsCount: ctx.inputsCount },
    spread: serial ? callSpread(serial.tasks, Math.max(1, ctx.machine.physicalCores), serial.wallSeconds) : null,
    hazards: hung,
    choosing,
  };
}

// ---- evidence ----------------------------------------------------------------------------------

function familyLine(name: string, family: FamilyResult, logicalCores: number): string | null {
  const run = family.fastest;
  if (!run || family.top === null) return null;
  // Calls sharing one process (async, whose tasks' own CPU is unknown) show the cores the process kept
  // busy — where it kept any: waiting calls' tenth of a core says nothing "0.0" would not.
  const cores = run.cpuUtilization === null && run.executor === 'async' ? busyCores(run) : null;
  // More workers than cores: a worker's share says little of the machine ("15%" for process × 12
  // whose tasks kept 1.8 of 2 cores busy), the cores it kept busy say it.
  // Not for Dask, whose workers may compute on a cluster's cores elsewhere.
  const machineCores = run.cpuUtilization !== null && run.workers > logicalCores && run.executor !== 'dask' ? busyCores(run) : null;
  const utilization =
    run.cpuUtilization !== null
      ? `; CPU utilization ${formatPercent(run.cpuUtilization)}${machineCores !== null ? ` per worker, ${formatCores(machineCores)} of ${logicalCores} cores busy` : ''}`
      : cores !== null && cores >= 0.05
        ? `; the process kept ${formatCores(cores)} cores busy`
        : '';
  return `${name}: best ${formatSpeedup(family.top)} at ${runLabel(run)}${utilization}`;
}

/** The measured facts a person can check the verdict against, one line each. */
export function evidence(facts: Facts): string[] {
  const lines: string[] = [];
  const { serial, ctx, bestParallel: parallel } = facts;
  if (serial) {
    // The table's figure (the calls' CPU and their programs', over the wall), then what it leaves
    // out: the share in the programs they ran, and the wall other programs kept them off a core.
    const all = serial.cpuUtilization ?? ratio(workCpuSeconds(serial), serial.wallSeconds);
    const ownShare = ratio(ownCpuSeconds(serial), serial.wallSeconds);
    const runnable = ratio(workCpuSeconds(serial), runnableWall(serial));
    const programs = callsRunPrograms(serial) && ownShare !== null ? ` (${formatPercent(ownShare)} in the calls' own code)` : '';
    const waited = all !== null && runnable !== null && runnable <= 1 && runnable - all >= 0.05 ? `, ${formatPercent(runnable)} of the time other programs left it a core` : '';
    const cpu = all !== null ? `; task CPU ${formatPercent(all)} of wall${programs}${waited}` : '';
    // The process figure only adds news when threads other than the calling one worked too.
    const cores = facts.serialCores;
    const helpers = cores !== null && cores - (all ?? 0) > 0.1 ? `; the process kept ${formatCores(cores)} cores busy` : '';
    const loops = (facts.ctx.loops ?? 1) > 1 ? `; timed in loops of up to ${facts.ctx.loops} passes over the inputs, ${formatSeconds(serial.wallSeconds)} each being too short to time alone` : '';
    // A program the function ran kept cores busy outside the process: its own work, named.
    const children = callsRunPrograms(serial)
      ? `; the programs it ran used ${formatSeconds(childCpuOf(serial))} of CPU (${formatCores(childCpuOf(serial) / serial.wallSeconds)} cores)`
      : '';
    lines.push(`serial: ${formatSeconds(serial.wallSeconds)}${cpu}${helpers}${children}${loops}`);
  }
  for (const line of [familyLine(facts.names.threads, facts.threads, ctx.machine.logicalCores), familyLine(facts.names.processes, facts.processes, ctx.machine.logicalCores)]) if (line) lines.push(line);
  if (facts.medianTask !== null) lines.push(`median task: ${formatSeconds(facts.medianTask)}`);
  if (parallel?.overheads) {
    const { startup, dispatch, imbalance } = parallel.overheads;
    lines.push(`${runLabel(parallel)}: start-up ${formatPercent(startup)}, dispatch ${formatPercent(dispatch)}, idle tail ${formatPercent(imbalance)}`);
  }
  // Karp–Flatt only reads as a serial fraction when the run sped up at all, on work that computes
  // with no more workers than cores: waits overlap past the cores, and a "serial fraction" of 0.25
  // at process × 8 on 2 cores for calls half asleep says nothing of the code.
  const fraction = parallel?.serialFraction ?? null;
  const computes = facts.serialCpuShare !== null && facts.serialCpuShare >= CPU_HEAVY;
  if (parallel && fraction !== null && fraction >= 0 && fraction <= 1 && computes && parallel.workers <= ctx.machine.logicalCores) {
    // Workers idle at the end (uneven calls, a long one given last): that tail counts as "serial" here.
    const idle = parallel.overheads?.imbalance ?? 0;
    const tail = idle >= IDLE_TAIL_SHOWS ? ` (the idle tail, ${formatPercent(idle)} of the workers' time, counts in it)` : '';
    lines.push(`Karp–Flatt serial fraction at ${runLabel(parallel)}: ${formatRatio(fraction)}${tail}`);
  }
  const reported = new Set<string>();
  const notRun = new Map<RunError['kind'], number>();
  for (const run of ctx.runs) {
    const key = `${run.executor}/${run.startMethod ?? ''}`;
    if (!run.error) continue;
    // Configurations that only did not run share one line: their cause is another run's error or the cancel.
    if (FOLLOW_ON_ERRORS.has(run.error.kind)) notRun.set(run.error.kind, (notRun.get(run.error.kind) ?? 0) + 1);
    if (FOLLOW_ON_ERRORS.has(run.error.kind) || reported.has(key)) continue;
    reported.add(key);
    lines.push(`${runLabel(run)}: ${run.error.kind}: ${run.error.message}`);
  }
  for (const [kind, count] of notRun) lines.push(`not run (${kind}): ${count} configuration${count === 1 ? '' : 's'}`);
  const data = taskDataSizes(ctx.runs, ctx.inputsCount);
  if (data) lines.push(`data per task (${facts.python ? 'pickled' : 'serialized'}): ${describeTaskData(data)}`);
  if (isContended(facts.contention, ctx.machine.logicalCores)) lines.push(contentionEvidence(facts.contention, ctx.machine.logicalCores));
  const limit = ctx.machine.limitedBy ? ` usable, set by ${ctx.machine.limitedBy}` : '';
  lines.push(`machine: ${ctx.machine.logicalCores} logical / ${ctx.machine.physicalCores} physical cores${limit}`);
  return lines;
}
