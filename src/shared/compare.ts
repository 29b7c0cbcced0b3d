// Two reports of the same function set side by side, configuration by configuration: how each wall
// time changed, whether the change is beyond the noise the repeats show, and whether it is a
// regression the CI gate fails on. Pure: the CLI, the extension and the panel share it.
//
// The noise rule. Wall times: a configuration changed beyond the noise when the ranges of its
// repeats do not overlap — every new repeat slower than every old one (worse), or every new repeat
// faster (better); with three repeats each, identical code gives disjoint ranges in one direction
// with a chance of 1 in 20, and the threshold (default 10%) on the change of the medians leaves out
// the small shifts. A wall time measured while other programs kept cores busy (the run's
// `otherCores` at or above the caller's limit) is not judged: the load, not the code, may have
// moved it. The serial baseline of CPU work is judged by its fastest timing (or its CPU seconds where
// less: a wait for a core lengthens every timing, not the CPU) when both runs timed it at least
// twice, else by its CPU seconds (steadier than its wall): beyond the noise when the change exceeds
// the relative spread of the steadier run's repeats (for the fastest, of its timings within 1.25× of
// it). Changes within the swing of serial's own timings are not judged (machineNote). The fastest, because on a shared host other
// tenants and other programs only ever add time: one CPU of the machine this was built on ran
// the same Python 1.5–1.7× slower than the other for seconds at a time, unseen in /proc/stat, and a
// baseline whose timings all landed there read a 20% slower function as 20% faster. The profile
// times serial again on the CPU that ran a short loop fastest just before (engine.ts), so one of
// its timings at least ran on a CPU then at full speed. A
// configuration measured once has no range: its change counts only past the threshold. Two reports
// timed in alternating rounds (`compare OLD.py NEW.py`, settings.plan "interleaved") are judged by
// their paired rounds instead: worse when enough rounds' new ÷ old were above 1 that the same code
// would lean so far one way in at most 1 in 500 comparisons (12 of 13 rounds), whatever the
// machine did between rounds. A gate that fails the same code one time in ten fails every tenth
// pull request for nothing; the level is strict, and rounds that cannot decide are followed by more
// (src/core/interleaved.ts) rather than judged on too few. Each look at the rounds (13, 17, … up to
// 39) is held to that level, so the same code fails at most 8 × 1/500, 1 time in 60, even in the
// worst case; and more rounds are only timed while the median change is past the threshold, which
// the same code rarely reaches.

import { formatChange, formatCores, formatSeconds, shortCommit } from './format';
import { EXECUTORS } from './executors';
import { isRecommendedRun, runLabel, timingSwing, UNEVEN_CPUS, unevenCpus, unevenCpusWords, type Report, type Run, type UnevenCpus } from './report';

/** The smallest slowdown the gate fails on unless told otherwise, as a share of the old median. */
export const DEFAULT_THRESHOLD = 0.1;

export type ChangeDirection = 'better' | 'worse' | 'within-noise' | 'other-load' | 'uneven-cpus' | 'added' | 'removed' | 'failed';

export interface CompareOptions {
  /** The smallest slowdown the gate fails on, as a share of the old figure. */
  threshold: number;
  /** Other programs' load (cores) from which a wall time is not judged: the engine's NOTABLE_OTHER_CORES. */
  otherLoadCores: number;
  /** Both reports timed in alternating rounds (`compare OLD.py NEW.py`): repeat i of one pairs with repeat i of the other. */
  paired?: boolean;
  /** Either report read its CPUs uneven (machine.cpuSpeeds): why, and the most uneven ratio. A change
   * that CPU speed could explain (no larger than that ratio) is then not judged. */
  unevenCpus?: { note: string; ratio: number; fastestCompares?: boolean } | null;
  /** New ÷ old of the code's own cost, as serial's judged figure gives it; null when serial was not
   * judged on CPU work. A parallel run is then checked against it (cpusSlowedTasks). */
  codeRatio?: number | null;
}

/** The chance, for the same code, that so many rounds all lean one way (the sign test): at most this. */
const SIGN_TEST_LEVEL = 0.002;

/** The fewest of `rounds` paired rounds that must lean one way for a direction: the smallest k with
 * P(at least k of `rounds` fair coin flips) ≤ SIGN_TEST_LEVEL — 9 of 9, 12 of 13, 15 of 17, 29 of 39.
 * Rounds against the rest are allowed for: on a shared machine a burst of other load can hit one
 * side of a round and not the other. */
export function roundsNeeded(rounds: number): number {
  let tail = 0;
  let combinations = 1;
  const total = 2 ** rounds;
  // Walk k down from `rounds`, adding C(rounds, k) to the tail while it stays within the level.
  for (let k = rounds; k >= 1; k--) {
    if (k < rounds) combinations = (combinations * (k + 1)) / (rounds - k);
    if ((tail + combinations) / total > SIGN_TEST_LEVEL) return k + 1;
    tail += combinations;
  }
  return 1;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Which way paired ratios (new ÷ old, one per round) lean: 'worse' or 'better' when at least
 * roundsNeeded of them do (a sign test), 'within-noise' when neither side has that many, 'too-few'
 * when no count of these rounds could show a direction at the sign test's level. */
export function pairedDirection(ratios: readonly number[]): 'worse' | 'better' | 'within-noise' | 'too-few' {
  const needed = roundsNeeded(ratios.length);
  if (needed > ratios.length) return 'too-few';
  if (ratios.filter((ratio) => ratio > 1).length >= needed) return 'worse';
  if (ratios.filter((ratio) => ratio < 1).length >= needed) return 'better';
  return 'within-noise';
}

/** The median of paired ratios, less one: the change the gate compares with its threshold. */
export function pairedChange(ratios: readonly number[]): number {
  return median(ratios) - 1;
}

/**
 * Whether more rounds could still decide: the rounds lean neither way at the sign test's level,
 * yet their median slowdown is past the threshold — a regression the gate would fail on, hidden by
 * rounds a burst of other load hit on one side. The same code rarely has a median change past the
 * threshold, so the extra rounds go almost only to real changes. (A gain fails nothing: no rounds for it.)
 */
export function pairedUndecided(ratios: readonly number[], threshold: number): boolean {
  const direction = pairedDirection(ratios);
  return (direction === 'within-noise' || direction === 'too-few') && pairedChange(ratios) > threshold;
}

/** New ÷ old of each round both sides timed, or null when a wall is missing or not above 0. */
export function pairedRatios(old: readonly number[], now: readonly number[]): number[] | null {
  if (old.length !== now.length) return null;
  const ratios = old.map((wall, index) => now[index] / wall).filter((ratio) => Number.isFinite(ratio) && ratio > 0);
  return ratios.length === old.length ? ratios : null;
}

/**
 * The paired judgement of interleaved rounds: each round's new ÷ old, timed side by side, so the
 * machine's drift between rounds falls on both. Worse when at least roundsNeeded of the rounds were
 * slower (a sign test: 12 of 13 by default); the change is the median ratio. Null when the rounds cannot be paired.
 */
function pairedJudgement(before: Run, after: Run, threshold: number): Judgement | null {
  if (before.repeats.length < 2) return null;
  const ratios = pairedRatios(before.repeats, after.repeats);
  if (!ratios) return null;
  const direction = pairedDirection(ratios);
  // Too few rounds to show a direction at the sign test's level: the change is shown, not judged.
  if (direction === 'too-few') return { direction: 'within-noise', change: pairedChange(ratios), measure: 'wall', note: `${ratios.length} rounds timed on both sides: too few to judge` };
  // Rounds that lean neither way while the median says slower past the threshold: the machine
  // swung more than the change, even after the rounds added for it. Passed, and said.
  if (pairedUndecided(ratios, threshold)) {
    const slower = ratios.filter((ratio) => ratio > 1).length;
    return { direction, change: pairedChange(ratios), measure: 'wall', note: `${slower} of ${ratios.length} rounds slower, short of ${roundsNeeded(ratios.length)}: undecided on this machine's drift; compare again on a quieter one` };
  }
  return { direction, change: pairedChange(ratios), measure: 'wall', note: null };
}

/** A serial run whose tasks computed at least this share of its wall is CPU work, judged by its CPU seconds. */
const CPU_WORK_SHARE = 0.5;

export interface ConfigChange {
  id: string;
  label: string;
  oldWall: number | null;
  newWall: number | null;
  oldSpeedup: number | null;
  newSpeedup: number | null;
  /** new ÷ old − 1 of the figure judged (`measure`): +0.2 is 20% slower. */
  change: number | null;
  /** What was compared: wall seconds; for the serial run of CPU work its fastest timing or its
   * tasks' CPU seconds, the lesser (timed at least twice on both sides), else its CPU seconds. */
  measure: 'wall' | 'cpu' | 'fastest';
  /** The figures compared (seconds of `measure`): old, then new; null when not both measured. */
  oldFigure: number | null;
  newFigure: number | null;
  /** Why a change was not judged, e.g. "other programs kept 0.9 cores busy"; null otherwise. */
  note: string | null;
  direction: ChangeDirection;
  /** The gate looks at this configuration: serial (the code itself) and the configuration the old report recommended. */
  gated: boolean;
  /** Worse beyond the noise and by more than the threshold, on a gated configuration. */
  regression: boolean;
}

export interface ReportIdentity {
  createdAt: string;
  commit: string | null;
  branch: string | null;
  dirty: boolean | null;
  recommended: string;
}

export interface Comparison {
  old: ReportIdentity;
  new: ReportIdentity;
  /** e.g. `1a2b3c4..5d6e7f8`, `1a2b3c4 (same commit)`; null when a report has no commit. */
  commitRange: string | null;
  threshold: number;
  changes: ConfigChange[];
  regressions: ConfigChange[];
  /** What else differs that a reader should know (interpreter version). */
  notes: string[];
  /** Both sides timed in alternating rounds and judged round by round. */
  paired: boolean;
  /** Paired: the rounds of serial both sides timed, and how many of them must lean one way. */
  rounds: { timed: number; needed: number } | null;
}

function sameFile(a: Report, b: Report): boolean {
  // Inside a repository the file is known by its path there, so a baseline from another checkout compares.
  if (a.provenance && b.provenance) return a.provenance.path === b.provenance.path;
  return a.target.file === b.target.file;
}

/** Why two reports cannot be compared run by run (another machine, function or inputs), or null. */
export function whyNotComparableReports(before: Report, after: Report): string | null {
  if (before.target.function !== after.target.function || !sameFile(before, after)) {
    return `the reports profiled different functions (${before.target.function} in ${before.provenance?.path ?? before.target.file}, ${after.target.function} in ${after.provenance?.path ?? after.target.file})`;
  }
  const inputs = (report: Report): string => `${report.target.inputs.count} from ${report.target.inputs.expression}`;
  if (inputs(before) !== inputs(after)) return `the reports used other inputs (${inputs(before)}, then ${inputs(after)}): other work takes other times`;
  const machine = (report: Report): string => `${report.machine.cpuBrand}, ${report.machine.logicalCores} logical / ${report.machine.physicalCores} physical cores, ${report.machine.platform}`;
  if (machine(before) !== machine(after)) return `the reports come from different machines (${machine(before)}, then ${machine(after)}): their times say nothing about the code`;
  return null;
}

function recommendedId(report: Report): string {
  const best = report.verdict.best;
  const serial = report.runs.find((run) => run.executor === 'serial');
  if (!best) return serial?.id ?? 'serial/1';
  return report.runs.find((run) => isRecommendedRun(report.verdict, run))?.id ?? serial?.id ?? 'serial/1';
}

function identity(report: Report): ReportIdentity {
  const id = recommendedId(report);
  const run = report.runs.find((each) => each.id === id);
  return {
    createdAt: report.createdAt,
    commit: report.provenance?.commit ?? null,
    branch: report.provenance?.branch ?? null,
    dirty: report.provenance?.dirty ?? null,
    recommended: run ? runLabel(run) : 'serial',
  };
}

const usable = (run: Run | undefined): run is Run => run !== undefined && run.error === null && run.wallSeconds !== null && run.wallSeconds > 0;

function rangeOf(run: Run): { min: number; max: number } {
  const walls = run.repeats.filter((wall, index) => Number.isFinite(wall) && !run.outliers.includes(index));
  if (walls.length > 0) return { min: Math.min(...walls), max: Math.max(...walls) };
  return run.wallSpread ?? { min: run.wallSeconds as number, max: run.wallSeconds as number };
}

function relativeSpread(run: Run): number {
  const range = rangeOf(run);
  return (range.max - range.min) / (run.wallSeconds as number);
}

/** The relative spread of the timings near the fastest (within UNEVEN_CPUS of it): the noise of
 * the fastest timing. A machine that swung adds timings far above it, which say nothing of it. */
function fastSpread(run: Run): number {
  const walls = run.repeats.filter((wall) => Number.isFinite(wall) && wall > 0);
  const fastest = Math.min(...walls);
  const near = walls.filter((wall) => wall < UNEVEN_CPUS * fastest);
  return (Math.max(...near) - fastest) / fastest;
}

function isCpuWork(run: Run): boolean {
  return (run.cpuSeconds as number) >= CPU_WORK_SHARE * (run.wallSeconds as number);
}

interface Judgement {
  direction: 'better' | 'worse' | 'within-noise' | 'other-load' | 'uneven-cpus';
  change: number;
  measure: ConfigChange['measure'];
  note: string | null;
}

/** The figure of `run` judged as `measure`, in seconds. 'fastest': the least of its fastest timing
 * and its tasks' CPU seconds — both bound the code's own time from above (a slow CPU lengthens
 * both, waiting for a core only the wall), so the lesser is the tighter. */
function figureOf(run: Run, measure: ConfigChange['measure']): number {
  if (measure === 'fastest') return Math.min(...run.repeats.filter((wall) => Number.isFinite(wall) && wall > 0), run.cpuSeconds ?? Infinity);
  return (measure === 'cpu' ? run.cpuSeconds : run.wallSeconds) as number;
}

/**
 * Why a parallel run's change may be the CPUs', not the code's, or null: its tasks took more CPU
 * for the same work than before (or less), while serial — the code's own cost — did not change as
 * much, and that accounts for half the wall's change or more. A code change slows serial and the
 * tasks alike; heavier hand-offs (pickling, start-up) lengthen the wall, not the tasks' CPU. Tasks
 * that compute slower than the code does ran on slower CPUs — or contended with each other, which
 * one profile cannot tell apart (two scripts in alternating rounds can): so the change is shown, not
 * judged, unless it is more than slow CPUs can explain (MOST_CPU_SLOWDOWN). On the shared 2-core
 * machine this was built on, a process pool's three timings, all within one second, once landed
 * while one CPU ran slower, and read the same code 32% slower.
 */
function cpusSlowedTasks(before: Run, after: Run, change: number, options: CompareOptions): string | null {
  const [beforeCpu, afterCpu] = [tasksOwnCpu(before), tasksOwnCpu(after)];
  if (before.executor === 'serial' || !options.codeRatio || beforeCpu === null || afterCpu === null || beforeCpu <= 0) return null;
  // Only for CPU work: a few milliseconds of CPU in waiting tasks move by more than their share.
  if (!isCpuWork(before) || !isCpuWork(after)) return null;
  const tasks = afterCpu / beforeCpu / options.codeRatio - 1;
  const sameWay = Math.sign(tasks) === Math.sign(change);
  if (!sameWay || Math.abs(tasks) < options.threshold / 2) return null;
  // More than slower CPUs can explain: workers that now contend (a lock spun on, memory traffic) — judged.
  if (Math.max(1 + tasks, 1 / (1 + tasks)) > MOST_CPU_SLOWDOWN) return null;
  // What the tasks' CPU does not explain (a heavier hand-off beside slower CPUs): judged when past the threshold.
  if (Math.abs((1 + change) / (1 + tasks) - 1) > options.threshold) return null;
  const which = tasks > 0 ? 'more' : 'less';
  const cause = tasks > 0 ? 'the CPUs ran them slower, or its workers now contend for something' : 'the CPUs ran the old profile\'s slower';
  return `its tasks took ${Math.round(Math.abs(tasks) * 100)}% ${which} CPU for the same work than in the old profile, beyond serial's change: ${cause}`;
}

/**
 * The CPU of a run's tasks themselves: where the run's CPU counts the hand-off between tasks too
 * (countsHandOffCpu: a process's unpickling and pickling), the sum of its tasks' own (each at most
 * its duration), over all its tasks where the report kept only some spans.
 */
function tasksOwnCpu(run: Run): number | null {
  if (!EXECUTORS[run.executor].countsHandOffCpu) return run.cpuSeconds;
  if (run.tasksSummary) return run.tasksSummary.cpuSeconds;
  if (run.tasks.length === 0 || run.tasks.some((task) => task.cpuSeconds === null)) return run.cpuSeconds;
  return run.tasks.reduce((sum, task) => sum + (task.cpuSeconds as number), 0);
}

/** The most a slow CPU lengthened the same work on the machine this was built on (1.9×, bench/cpuSpeeds.ts), rounded up. */
const MOST_CPU_SLOWDOWN = 2;

/** Timed at least twice (finite walls above 0): its fastest timing is a figure of its own. */
const timedTwice = (run: Run): boolean => run.repeats.filter((wall) => Number.isFinite(wall) && wall > 0).length >= 2;

/** Whether the change between two measured runs of one configuration lies beyond the noise. */
export function judgeChange(before: Run, after: Run, options: CompareOptions): Judgement {
  const paired = options.paired ? pairedJudgement(before, after, options.threshold) : null;
  if (paired) return paired;
  const load = Math.max(before.otherCores ?? 0, after.otherCores ?? 0);
  // Either run computing most of its wall makes it CPU work: the other may have waited for a core.
  const cpuKnown = (run: Run): boolean => run.executor === 'serial' && run.cpuSeconds !== null && run.cpuSeconds > 0;
  const cpu = cpuKnown(before) && cpuKnown(after) && (isCpuWork(before) || isCpuWork(after));
  const measure = cpu && timedTwice(before) && timedTwice(after) ? 'fastest' : cpu ? 'cpu' : 'wall';
  const change = figureOf(after, measure) / figureOf(before, measure) - 1;
  if (load >= options.otherLoadCores) {
    // Measured on a shared 2-core machine: a loaded run's CPU seconds rose by a third too (caches, the
    // hypervisor), so neither wall nor CPU time of a loaded run is judged.
    return { direction: 'other-load', change, measure, note: `other programs kept ${formatCores(load)} cores busy while it ran` };
  }
  const fastestCompares = measure === 'fastest' && options.unevenCpus?.fastestCompares === true;
  if (options.unevenCpus && !fastestCompares && Math.max(1 + change, 1 / (1 + change)) <= options.unevenCpus.ratio) {
    // One CPU ran the same work markedly slower than another: each time depends on the CPU its
    // process landed on, which two profiles minutes apart do not share. A change larger than the
    // CPUs' own ratio is more than where it ran can explain, and is judged as usual.
    return { direction: 'uneven-cpus', change, measure, note: options.unevenCpus.note };
  }
  const slowed = measure === 'wall' ? cpusSlowedTasks(before, after, change, options) : null;
  if (slowed) return { direction: 'uneven-cpus', change, measure, note: slowed };
  if (measure !== 'wall') {
    const spread = measure === 'fastest' ? fastSpread : relativeSpread;
    const noise = Math.min(spread(before), spread(after));
    const direction = change > noise ? 'worse' : change < -noise ? 'better' : 'within-noise';
    return { direction, change, measure, note: null };
  }
  if (before.repeats.length < 2 || after.repeats.length < 2) {
    return { direction: change > options.threshold ? 'worse' : change < -options.threshold ? 'better' : 'within-noise', change, measure: 'wall', note: null };
  }
  const old = rangeOf(before);
  const now = rangeOf(after);
  const direction = now.min > old.max ? 'worse' : now.max < old.min ? 'better' : 'within-noise';
  return { direction, change, measure: 'wall', note: null };
}

function commitRange(old: ReportIdentity, now: ReportIdentity): string | null {
  if (!old.commit || !now.commit) return null;
  const dirty = (entry: ReportIdentity): string => (entry.dirty ? ' (uncommitted changes)' : '');
  if (old.commit === now.commit) return `${shortCommit(now.commit)} (same commit)${dirty(old) || dirty(now) ? ', uncommitted changes' : ''}`;
  return `${shortCommit(old.commit)}${dirty(old)}..${shortCommit(now.commit)}${dirty(now)}`;
}

/** Why either report's CPUs ran unevenly ("CPU 0 took 1.63× as long as CPU 1 for the same work in the
 * old profile"), with the larger ratio; null when neither did. */
function unevenCpusNote(before: Report, after: Report): { note: string; ratio: number } | null {
  const sides = [
    { uneven: unevenCpus(before.machine), which: 'old' },
    { uneven: unevenCpus(after.machine), which: 'new' },
  ].filter((side) => side.uneven !== null);
  if (sides.length === 0) return null;
  return {
    note: sides.map((side) => `${unevenCpusWords(side.uneven as UnevenCpus)} in the ${side.which} profile`).join(', and '),
    ratio: Math.max(...sides.map((side) => (side.uneven as UnevenCpus).ratio)),
  };
}

/**
 * Why either report's machine swung while it ran, by serial's own timings, or null: the same code
 * on the same inputs timed UNEVEN_CPUS or more apart within one profile, so its speed — and every
 * configuration's — depended on when each ran. On the shared 2-core machine this was built on, the
 * host slowed both CPUs by 1.5× for seconds at a time: a profile's serial timings read 943, 987,
 * 944 and 613 ms, and the next profile's, all slow, read the same code 55% slower (its process pool
 * 21% slower). Serial's timings show the swing as it touches this very code, which the CPU readings'
 * shell loop does not always: hashing in C did not slow where Python and the shell did.
 */
function swungSerialNote(before: Report, after: Report): MachineNote | null {
  const sides = [
    { serial: before.runs.find((run) => run.executor === 'serial'), which: 'old' },
    { serial: after.runs.find((run) => run.executor === 'serial'), which: 'new' },
  ]
    .map((side) => ({ ...side, swing: side.serial ? timingSwing(side.serial) : null }))
    .filter((side) => side.swing !== null && side.swing.ratio >= UNEVEN_CPUS)
    .sort((a, b) => (b.swing?.ratio ?? 0) - (a.swing?.ratio ?? 0));
  const widest = sides[0];
  if (!widest?.swing) return null;
  const { ratio, min, max } = widest.swing;
  // Both swung: each saw the machine fast as well as slow, so their fastest timings compare.
  return { note: `serial's own timings varied ${ratio.toFixed(2)}× within the ${widest.which} profile (${formatSeconds(min)} to ${formatSeconds(max)}): the same code ran at different speeds (the machine, or its own first calls), by more than the change`, ratio, fastestCompares: sides.length === 2 };
}

/** Why a change could be the machine's, and how far it could move one: see machineNote. */
interface MachineNote {
  note: string;
  ratio: number;
  /** Serial's timings swung in both profiles: each reached the machine's fast state, and serial's
   * fastest timings are judged as usual (the guard still holds every other configuration). */
  fastestCompares?: boolean;
}

/** Why a change could be the machine's, the more uneven of the CPUs' readings and serial's swing. */
function machineNote(before: Report, after: Report): MachineNote | null {
  const notes: MachineNote[] = [unevenCpusNote(before, after), swungSerialNote(before, after)].filter((note) => note !== null);
  return notes.sort((a, b) => b.ratio - a.ratio)[0] ?? null;
}

/** New ÷ old of the code's own cost: serial's judged figure when it is CPU work (fastest timing or
 * CPU seconds), else null. */
function codeRatioOf(before: Report, after: Report, options: CompareOptions): number | null {
  const old = before.runs.find((run) => run.executor === 'serial');
  const now = after.runs.find((run) => run.executor === 'serial');
  if (!usable(old) || !usable(now)) return null;
  const judged = judgeChange(old, now, { ...options, paired: false, codeRatio: null });
  // Not from a serial run that was itself not judged (other load, uneven CPUs): its figure is not the code's.
  if (judged.measure === 'wall' || judged.direction === 'other-load' || judged.direction === 'uneven-cpus') return null;
  return 1 + judged.change;
}

export function compareReports(before: Report, after: Report, options: CompareOptions): Comparison {
  const threshold = options.threshold;
  // Round by round only for the two sides of one interleaved run, which share a pairing id.
  const paired =
    options.paired ??
    (before.settings.plan === 'interleaved' && after.settings.plan === 'interleaved' && before.settings.pairing !== undefined && before.settings.pairing === after.settings.pairing);
  const gatedIds = new Set(['serial/1', recommendedId(before)]);
  const unevenCpus = paired ? null : machineNote(before, after);
  const ids = [...new Set([...before.runs.map((run) => run.id), ...after.runs.map((run) => run.id)])];
  const codeRatio = paired ? null : codeRatioOf(before, after, { ...options, unevenCpus });
  const changes = ids.map((id): ConfigChange => {
    const old = before.runs.find((run) => run.id === id);
    const now = after.runs.find((run) => run.id === id);
    const label = runLabel((now ?? old) as Run);
    let direction: ChangeDirection;
    let change: number | null = null;
    let measure: ConfigChange['measure'] = 'wall';
    let note: string | null = null;
    let figures: [number | null, number | null] = [null, null];
    if (usable(old) && usable(now)) {
      ({ direction, change, measure, note } = judgeChange(old, now, { ...options, paired, unevenCpus, codeRatio }));
      figures = [figureOf(old, measure), figureOf(now, measure)];
    } else if (usable(old)) direction = now ? 'failed' : 'removed';
    else direction = usable(now) ? 'added' : 'failed';
    // Side by side, every configuration was one the user chose to time: each is gated.
    const gated = paired || gatedIds.has(id) || (old?.executor === 'serial' && now?.executor === 'serial');
    const regression = gated && ((direction === 'worse' && change !== null && change > threshold) || (direction === 'failed' && usable(old)));
    return {
      id,
      label,
      oldWall: old?.wallSeconds ?? null,
      newWall: now?.wallSeconds ?? null,
      oldSpeedup: old?.speedup ?? null,
      newSpeedup: now?.speedup ?? null,
      change,
      measure,
      oldFigure: figures[0],
      newFigure: figures[1],
      note,
      direction,
      gated,
      regression,
    };
  });
  const notes: string[] = [];
  if (before.runtime.version !== after.runtime.version) notes.push(`The interpreter changed: ${before.runtime.version}, then ${after.runtime.version}.`);
  if (before.status === 'partial' || after.status === 'partial') notes.push('A report is partial (cancelled part-way): configurations it lacks are listed as added or removed.');
  const old = identity(before);
  const now = identity(after);
  const serialRounds = paired ? Math.min(before.runs.find((run) => run.executor === 'serial')?.repeats.length ?? 0, after.runs.find((run) => run.executor === 'serial')?.repeats.length ?? 0) : 0;
  const rounds = paired ? { timed: serialRounds, needed: roundsNeeded(serialRounds) } : null;
  return { old, new: now, commitRange: commitRange(old, now), threshold, changes, regressions: changes.filter((entry) => entry.regression), notes, paired, rounds };
}

/** What a figure is, before it in a sentence ("fastest timing or CPU time 0.65 s → 0.78 s"). */
export const MEASURE_WORDS: Record<ConfigChange['measure'], string> = { wall: '', cpu: 'CPU time ', fastest: 'fastest timing or CPU time ' };

/** One line per regression, e.g. `serial: 1.20 s → 1.45 s (+21%), beyond the noise`. */
export function regressionLines(comparison: Comparison): string[] {
  return comparison.regressions.map((entry) =>
    entry.direction === 'failed'
      ? `${entry.label}: worked before (${formatSeconds(entry.oldWall)}), fails now`
      : `${entry.label}: ${MEASURE_WORDS[entry.measure]}${formatSeconds(entry.oldFigure ?? entry.oldWall)} → ${formatSeconds(entry.newFigure ?? entry.newWall)}, ${comparison.paired ? 'median round ' : ''}${formatChange(entry.change)}, beyond the noise and the ${formatChange(comparison.threshold).slice(1)} threshold`,
  );
}
