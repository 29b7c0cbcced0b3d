// How noisy a measurement is, and which configurations the noise cannot tell apart.
//
// Method: a seeded percentile bootstrap of the ratio of medians. Each configuration's repeats
// (outliers included: the median is robust to them, and with three repeats leaving one out would
// hide the very noise the interval must show; of serial's, the ones pinned to the CPU read fastest
// when there are two or more, serialNoiseRepeats) are resampled with replacement, the two medians of
// a resample are divided, and the 2.5th and 97.5th percentiles of 2,000 such ratios bound a 95%
// interval. The generator is seeded with a constant, so the same repeats always give the same
// interval and a report can be reproduced. With three repeats on each side the interval comes down
// to (fastest ÷ slowest) … (slowest ÷ fastest) of the repeats: two configurations are "within the
// noise" of each other when their repeats overlap. More repeats narrow it.

import { EXECUTORS } from '../shared/executors';
import { fastestRun, type Run, type StartMethod } from '../shared/report';
import { median } from './stats';
import { leftOut } from './hazards';

/** Resamples per interval: enough for stable 2.5%/97.5% percentiles, cheap for a hundred runs. */
const RESAMPLES = 2000;
/** Two-sided 95%. */
const TAIL = 0.025;
/** Fixed seed: the same repeats give the same interval in every report. */
const SEED = 0x5eed1e55;
/** Configurations within this factor of the fastest are equally fast whatever the repeats say:
 * a gain this small is not worth a more complex executor or more workers. */
export const NEAR_FASTEST = 1.05;
/** Within one executor, a run within this factor of its fastest is as good a choice: fewer workers
 * or the default start method are not given up for a gain under 10%. Two configurations of one
 * executor that differ only in start method (a start-up cost) or in workers past the knee of the
 * sweep measure a few percent apart in either order from one profile to the next on a shared
 * machine; a margin the size of that drift keeps the recommendation where the principle puts it. */
export const SAME_EXECUTOR_MARGIN = 1.1;
/** Every finalist ends with at least this many repeats: fewer give no interval worth the name. */
export const MIN_REPEATS = 3;
/** More repeats than this per configuration cost more time than separating a few percent is worth. */
export const MAX_REPEATS = 10;
/** A pick this much slower than the fastest run (wall ratio) gives away too much to rest on the noise
 * of three timings: both get timings up to MAX_REPEATS, whatever three timings' spread estimates
 * they would need (three timings estimate a spread coarsely), and the adaptive plan takes them
 * past TARGET_MULTIPLE too when they could move the pick (timingsCouldMove). The budget is for the
 * last few percent; one stalled timing among three of a local server's thread × 8 (6.9× in the
 * other two) had the advice at thread × 2, 1.9×; serial's timings at 702–1100 ms under other load
 * had worker_threads × 2 at 1.27× (0.93–1.66) on CPU-bound JavaScript, and the advice at serial. */
export const WIDE_GAP = 1.25;
/** The most timings each a normal-theory estimate may ask of a WIDE_GAP pair for it to be timed up
 * to MAX_REPEATS: past it, ten timings could not come near separating them. */
const WIDE_ESTIMATE = 3 * MAX_REPEATS;
/** Standard error of a median ÷ that of a mean, for normal data (√(π/2)). */
const MEDIAN_SE = 1.2533;
/** A gap this many standard errors wide separates two configurations. */
const SEPARATING_SE = 2;

export interface Interval {
  low: number;
  high: number;
}

/** The repeats a timing's noise is judged on: every usable one (finite, above 0), outliers included. */
type Timed = Pick<Run, 'repeats' | 'wallSeconds'>;
type Candidate = Pick<Run, 'id' | 'executor' | 'startMethod' | 'workers' | 'repeats' | 'wallSeconds' | 'error'> &
  Partial<Pick<Run, 'cpuUtilization' | 'overheads' | 'libraryThreads' | 'startupSeconds'>>;

/** Two timings this close bound a configuration; further apart, a third settles which is off. */
const TIMINGS_AGREE = 0.05;

function usableTimings(walls: readonly number[]): number[] {
  return walls.filter((wall) => Number.isFinite(wall) && wall > 0);
}

/** A run's slowest usable timing ÷ its fastest (1 with fewer than two). */
export function timingSpread(walls: readonly number[]): number {
  const kept = usableTimings(walls);
  return kept.length < 2 ? 1 : Math.max(...kept) / Math.min(...kept);
}

/** Two usable timings or more, all within TIMINGS_AGREE of each other. */
export function timingsAgree(walls: readonly number[]): boolean {
  return usableTimings(walls).length >= 2 && timingSpread(walls) <= 1 + TIMINGS_AGREE;
}

/** Serial's two timings this far apart or more always get a third: the median of two is their mean,
 * so every speedup would read up to half of it off. Closer, a third is taken only where it could
 * change the verdict (adaptiveMeasure.ts), and the confidence says how far the figures may be off. */
export const SERIAL_FIGURE_OFF = 0.1;

/** Two serial timings within SERIAL_FIGURE_OFF of each other: a baseline the figures rest on, to half that. */
export function serialTimingsClose(walls: readonly number[]): boolean {
  return usableTimings(walls).length === 2 && timingSpread(walls) <= 1 + SERIAL_FIGURE_OFF;
}

/** More timings a result the answer rests on still wants: a second after one (one timing could be
 * one burst of other load), a third while two disagree, none once they agree or three were taken. */
export function timingsStillWanted(walls: readonly number[]): number {
  const count = usableTimings(walls).length;
  if (count < 2) return 1;
  return !timingsAgree(walls) && count < MIN_REPEATS ? MIN_REPEATS - count : 0;
}

export function noiseRepeats(run: Timed): number[] {
  const kept = usableTimings(run.repeats);
  // A report that kept no repeats (older harness, hand-written) still has its median.
  if (kept.length === 0 && run.wallSeconds !== null && run.wallSeconds > 0) return [run.wallSeconds];
  return kept;
}

/** mulberry32: small, fast and good enough for resampling; deterministic for a given seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function resampledMedian(values: readonly number[], random: () => number, scratch: number[]): number {
  for (let index = 0; index < values.length; index += 1) scratch[index] = values[Math.floor(random() * values.length)];
  scratch.length = values.length;
  scratch.sort((a, b) => a - b);
  const middle = Math.floor(scratch.length / 2);
  return scratch.length % 2 === 1 ? scratch[middle] : (scratch[middle - 1] + scratch[middle]) / 2;
}

/**
 * 95% interval of median(numerator) ÷ median(denominator) by the seeded bootstrap; null when
 * either side has fewer than two repeats (one repeat says nothing about its noise).
 */
export function ratioInterval(numerator: readonly number[], denominator: readonly number[]): Interval | null {
  if (numerator.length < 2 || denominator.length < 2) return null;
  const random = generator(SEED);
  const ratios: number[] = [];
  const top: number[] = [];
  const bottom: number[] = [];
  for (let sample = 0; sample < RESAMPLES; sample += 1) {
    ratios.push(resampledMedian(numerator, random, top) / resampledMedian(denominator, random, bottom));
  }
  ratios.sort((a, b) => a - b);
  const low = ratios[Math.floor(TAIL * RESAMPLES)];
  const high = ratios[Math.ceil((1 - TAIL) * RESAMPLES) - 1];
  return Number.isFinite(low) && Number.isFinite(high) ? { low, high } : null;
}

/** Serial's timings its noise is judged on: the pinned ones (Run.pinnedCpus) when two or more were
 * pinned, else every usable one. Serial's first timing runs wherever the scheduler puts it and its
 * later ones on the CPU read fastest just before: on CPUs of uneven speed the first measured that
 * CPU as much as the function, and resampled with the others it stretched a 2-core machine's
 * interval to "1.55× (1.54–2.61)". The swing itself stays in the report (wallSpread, timingSwing). */
export function serialNoiseRepeats(serial: Timed & Pick<Run, 'pinnedCpus'>): number[] {
  const pinned = serial.repeats.filter((wall, index) => typeof serial.pinnedCpus?.[index] === 'number' && Number.isFinite(wall) && wall > 0);
  return pinned.length >= 2 ? pinned : noiseRepeats(serial);
}

/** The speedup's interval: serial wall ÷ this wall, both from their repeats (serial's as
 * serialNoiseRepeats, unless the speedup itself — serial's median over every timing — falls outside
 * what the pinned ones give: a later timing left unpinned, as when no CPU could be read, then
 * belongs to serial's noise too). */
export function speedupInterval(serial: Timed & Pick<Run, 'pinnedCpus'>, run: Timed): Interval | null {
  const every = noiseRepeats(serial);
  const pinned = serialNoiseRepeats(serial);
  const interval = ratioInterval(pinned, noiseRepeats(run));
  if (!interval || pinned.length === every.length || serial.wallSeconds === null || run.wallSeconds === null) return interval;
  const speedup = serial.wallSeconds / run.wallSeconds;
  return speedup >= interval.low && speedup <= interval.high ? interval : ratioInterval(every, noiseRepeats(run));
}

function usable(run: Candidate): boolean {
  return run.error === null && run.wallSeconds !== null && run.wallSeconds > 0;
}

/** Whether `run` may be as fast as `fastest`: within 5%, or its repeats cannot exclude it. */
export function withinNoise(run: Timed, fastest: Timed): boolean {
  if (run.wallSeconds === null || fastest.wallSeconds === null) return false;
  if (run.wallSeconds <= fastest.wallSeconds * NEAR_FASTEST) return true;
  const interval = ratioInterval(noiseRepeats(run), noiseRepeats(fastest));
  return interval !== null && interval.low <= 1;
}

/** Whether `run` is as good a choice as `best`, a run of the same executor: within the noise, or
 * within SAME_EXECUTOR_MARGIN of it. */
export function asGoodWithin(run: Timed, best: Timed): boolean {
  if (run.wallSeconds === null || best.wallSeconds === null) return false;
  return run.wallSeconds <= best.wallSeconds * SAME_EXECUTOR_MARGIN || withinNoise(run, best);
}

/** Timed twice at least: one timing may be one burst of other load. */
export function timedTwice(run: Timed): boolean {
  return noiseRepeats(run).length >= 2;
}

/** Whether `run` ran the calls slower than `other`, of the same pool, beyond the margin a start
 * method is kept by and beyond the noise, on two timings each at least. */
export function clearlySlower(run: Timed, other: Timed): boolean {
  return timedTwice(run) && timedTwice(other) && !asGoodWithin(run, other);
}

/** Whether the recommendation stands level with the fastest run: within the same-executor margin
 * when they share an executor, within the noise otherwise. */
export function levelWith(recommendation: Candidate, fastest: Candidate): boolean {
  return recommendation.executor === fastest.executor ? asGoodWithin(recommendation, fastest) : withinNoise(recommendation, fastest);
}

/** Whether `run` is level with `other`: within the same-executor margin (or the noise) when both
 * are of one family, within the noise otherwise. */
function levelInFamily(run: Timed & Pick<Run, 'executor'>, other: Timed & Pick<Run, 'executor'>): boolean {
  return EXECUTORS[run.executor].family === EXECUTORS[other.executor].family ? asGoodWithin(run, other) : withinNoise(run, other);
}

/** The configurations a recommendation may name: those that ran, without one-worker pools when
 * serial ran (such a pool does serial's work plus a hand-off: faster only by chance). */
export function eligible<T extends Candidate>(runs: readonly T[]): T[] {
  const succeeded = runs.filter(usable);
  return succeeded.some((run) => run.executor === 'serial') ? succeeded.filter((run) => run.executor === 'serial' || run.workers > 1) : succeeded;
}

const fastestOf = fastestRun;

/** Start methods equally fast within the noise, after the platform's default: forkserver (a clean
 * server forks each worker: safe beside threads, unlike fork, and quicker to start than spawn; the
 * default on Linux from Python 3.14), then spawn, then fork. A fixed order, so that noise between
 * equals does not pick a different one each profile. */
const START_METHOD_PREFERENCE: readonly StartMethod[] = ['forkserver', 'spawn', 'fork'];

/** Where a start method stands among equally fast ones: 0 for none or the default, then START_METHOD_PREFERENCE. */
export function methodRank(startMethod: StartMethod | null, defaultStartMethod: StartMethod | null): number {
  return startMethod === null || startMethod === defaultStartMethod ? 0 : START_METHOD_PREFERENCE.indexOf(startMethod) + 1;
}

/** What a recommendation is chosen with: the runtime's default start method, and the physical cores
 * the work can use (null: unknown, no limit on the workers). */
export interface Choosing {
  defaultStartMethod: StartMethod | null;
  physicalCores?: number | null;
  /** Setups (hazards.ts setupKey) that hung elsewhere: never recommended. */
  unsafe?: ReadonlySet<string>;
}

/** Workers this busy (CPU ÷ wall × workers) compute: the cores are their limit, not waiting. */
const COMPUTING = 0.6;
/** A run that kept fewer cores than this busy in all (CPU ÷ wall) mostly waited. */
const WAITING_CORES = 0.5;

/**
 * The most a run over the cores can be faster than a computing run within them: by filling the
 * within-run's idle tail (its workers that finished while others still ran), 1 ÷ (1 − imbalance).
 * Null when the within-run waits (more workers overlap waiting without limit) or was not analysed.
 */
function gainMoreWorkersCanBring(within: Candidate): number | null {
  if (within.cpuUtilization === null || within.cpuUtilization === undefined || within.cpuUtilization < COMPUTING || !within.overheads) return null;
  return 1 / Math.max(0.05, 1 - within.overheads.imbalance);
}

/**
 * More workers than physical cores only when faster beyond the noise: a run over the cores stays a
 * candidate only while no run within them is level with it (within its noise, or within 10% for the
 * same family), or when it is as good as such a run of its executor and worker count (another start
 * method of a worker count shown to pay), both it and the best within them were timed at least twice unless the
 * work waits (one timing has no noise to be beyond: the adaptive plan then repeats it; work that
 * waits may show its gain on one timing each), and — when the best within the cores computes — its
 * gain is one that filling that run's idle tail could give. Work that waits (I/O) gains from many
 * workers beyond any noise and keeps them; computing work on more workers than cores can only share
 * the same cores, and a gain inside the noise is chance.
 */
function withinCoresUnlessFaster<T extends Candidate>(candidates: readonly T[], physicalCores: number | null | undefined): T[] {
  if (!physicalCores || physicalCores < 1) return [...candidates];
  const within = candidates.filter((run) => run.workers <= physicalCores);
  const bestWithin = fastestOf(within);
  if (!bestWithin) return [...candidates];
  // Work that waits gains from more workers than cores by overlapping its waits, and other load only
  // slows a timing: one timing each may show it (a cancelled profile's thread × 8 at 61 ms, timed
  // once, beside thread × 2 at 182 ms had left the advice at × 2). Computing work can only share the
  // cores: one timing of the best within them says nothing of its noise, and nothing is shown faster.
  // Waiting is judged on the cores the run kept busy in all, not per worker: threads the GIL holds
  // keep one core busy, half of each of two workers, and compute.
  const waits = typeof bestWithin.cpuUtilization === 'number' && bestWithin.cpuUtilization * bestWithin.workers < WAITING_CORES;
  const timedEnough = (run: T): boolean => waits || timedTwice(run);
  if (!timedEnough(bestWithin)) return within;
  // On busy cores more workers can only fill the idle tail: a gain beyond it is the machine's drift
  // between the two measurements, however tight each one's repeats.
  const possible = gainMoreWorkersCanBring(bestWithin);
  const explained = (run: T): boolean => possible === null || (run.wallSeconds as number) * possible * NEAR_FASTEST >= (bestWithin.wallSeconds as number);
  // Within a family (ProcessPoolExecutor and Pool alike) two profiles drift by the same-executor
  // margin: Pool × 4 6.8% ahead of process × 2 is no more shown than process × 4 9.8% ahead.
  const shown = candidates.filter((run) => run.workers > physicalCores && timedEnough(run) && within.every((inside) => !levelInFamily(inside, run)) && explained(run));
  // What more workers than cores pay for is the worker count: a start method of it as good as one
  // shown faster (fork × 4 8.5% ahead of fork × 2, beside forkserver × 4 10.8% ahead) is shown with it.
  const sibling = (run: T): boolean => timedEnough(run) && shown.some((other) => other.executor === run.executor && other.workers === run.workers && asGoodWithin(run, other));
  return candidates.filter((run) => run.workers <= physicalCores || shown.includes(run) || sibling(run));
}

/** Whether `run` finishes the inputs before `other`, start-up included, where the two differ only in
 * start method: the start method is chosen for the user's run, and one that saves 8 ms once started
 * but takes 67 ms longer to start (forkserver beside fork, a new user's 161 ms serial run) is no gain. */
export function startsAhead(run: Candidate, other: Candidate): boolean {
  if (run.executor !== other.executor || run.workers !== other.workers || run.startMethod === other.startMethod) return false;
  const a = run.startupSeconds;
  const b = other.startupSeconds;
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  return a + (run.wallSeconds as number) <= b + (other.wallSeconds as number);
}

/** The fastest of the candidates, and the recommendation among them (see recommended). */
function choose<T extends Candidate>(runs: readonly T[], choosing: Choosing): { fastest: T; pick: T; executorFastest: T } | null {
  const safe = eligible(runs).filter((run) => !leftOut(choosing.unsafe, run));
  const candidates = withinCoresUnlessFaster(safe, choosing.physicalCores);
  const fastest = fastestOf(candidates);
  if (!fastest) return null;
  // Within the noise of the fastest, and beaten beyond the noise by no run: runs level with the
  // fastest can differ in their noise (fork × 2 at 2.0× with one stalled timing of three, its
  // interval down to 0.67×, beside spawn × 2 at 2.0× twice), and serial within the noise of the
  // one is still clearly beaten by the other.
  // Within a family (ProcessPoolExecutor and Pool) the drift between two profiles is the same
  // executor's margin: Pool × 2 5.3% ahead of process × 2 in one profile of sort-records, behind
  // it in the next, is no reason to advise the less simple API.
  const close = candidates.filter(
    (run) => run === fastest || (levelInFamily(run, fastest) && candidates.every((other) => other === run || (other.wallSeconds as number) >= (run.wallSeconds as number) || levelInFamily(run, other))),
  );
  const simplest = Math.min(...close.map((run) => EXECUTORS[run.executor].simplicity));
  const own = candidates.filter((run) => EXECUTORS[run.executor].simplicity === simplest);
  const executorFastest = fastestOf(own) ?? fastest;
  const rank = (run: Candidate): number => methodRank(run.startMethod, choosing.defaultStartMethod);
  // Libraries left to their own threads need no environment set: a held run is named only when faster beyond the noise.
  const heldRank = (run: Candidate): number => (run.libraryThreads === null || run.libraryThreads === undefined ? 0 : 1);
  // As good as the executor's fastest, and beaten beyond the margin and the noise by no run of it:
  // a fastest whose timings stall now and then (a server's backlog overflowing at 8 connections:
  // 30 ms, or 0.5–1 s) has an interval wide enough to hold × 2 at 110 ms, while × 4 at 57 ms is
  // clearly faster than × 2.
  const pick = own
    .filter((run) => run === executorFastest || asGoodWithin(run, executorFastest) || startsAhead(run, executorFastest))
    .filter((run) => own.every((other) => other === run || (other.wallSeconds as number) >= (run.wallSeconds as number) || asGoodWithin(run, other) || startsAhead(run, other)))
    .sort((a, b) => a.workers - b.workers || rank(a) - rank(b) || heldRank(a) - heldRank(b) || (a.wallSeconds as number) - (b.wallSeconds as number))[0];
  return { fastest, pick, executorFastest };
}

/**
 * The configuration to recommend among `runs`, in two steps. First the executor: the simplest
 * whose best run is within the noise of the fastest. Then, within that executor, the fewest
 * workers within the noise or within 10% of its own fastest run (SAME_EXECUTOR_MARGIN), then the default start method (then
 * START_METHOD_PREFERENCE), then libraries on their own threads over held ones, then the faster. Runs with more workers than physical cores take part only when faster beyond the noise
 * than every run within the cores.
 */
export function recommended<T extends Candidate>(runs: readonly T[], choosing: Choosing): T | null {
  return choose(runs, choosing)?.pick ?? null;
}

/** Relative standard deviation of the repeats, robustly: 1.4826 × MAD ÷ median (half the range when the MAD is 0). */
function relativeSpread(values: readonly number[]): number {
  const centre = median(values);
  if (centre === null || centre <= 0 || values.length < 2) return 0;
  const mad = median(values.map((value) => Math.abs(value - centre))) ?? 0;
  const spread = mad > 0 ? 1.4826 * mad : (Math.max(...values) - Math.min(...values)) / 2;
  return spread / centre;
}

/** Whether more timings of the pick and of the fastest run could move the recommendation: with
 * both timed exactly at their medians (the least noise more timings could leave), the choice
 * differs. A run kept out for a reason timings cannot change (more workers than cores computing,
 * with a gain no idle tail explains) cannot. */
export function timingsCouldMove(runs: readonly Candidate[], choosing: Choosing): boolean {
  const chosen = choose(runs, choosing);
  const fastest = fastestOf(eligible(runs));
  if (!chosen || !fastest || fastest === chosen.pick) return false;
  const sharp = (run: Candidate): Candidate =>
    (run === chosen.pick || run === fastest) && run.wallSeconds !== null ? { ...run, repeats: [run.wallSeconds, run.wallSeconds, run.wallSeconds] } : run;
  return choose(runs.map(sharp), choosing)?.pick.id !== chosen.pick.id;
}

/** Whether the pick is WIDE_GAP slower than the fastest and more timings could move it (a wide gap
 * worth timings past the profile's aim): not for a fastest whose gain the verdict reads as noise
 * whatever its timings (`readAsNoise`). */
export function wideGapCouldMove<T extends Candidate>(pick: T, fastest: T, runs: readonly T[], choosing: Choosing, readAsNoise: (run: T) => boolean): boolean {
  if (pick.wallSeconds === null || fastest.wallSeconds === null) return false;
  return pick.wallSeconds >= WIDE_GAP * fastest.wallSeconds && !readAsNoise(fastest) && timingsCouldMove(runs, choosing);
}

/** Timings of a fastest run the pick settles: two, enough to show one slowed by a burst of other load. */
export const SETTLED_TIMINGS = 2;

/** Whether a pick stands against the fastest run whatever more repeats say of the last percent:
 * within NEAR_FASTEST of it, or within SAME_EXECUTOR_MARGIN for the same executor. */
export function settles(pick: Candidate, fastest: Candidate): boolean {
  if (pick.wallSeconds === null || fastest.wallSeconds === null) return false;
  return pick.wallSeconds <= fastest.wallSeconds * (pick.executor === fastest.executor ? SAME_EXECUTOR_MARGIN : NEAR_FASTEST);
}

export interface MoreRepeats {
  /** Run id (executor[/startMethod]/workers). */
  id: string;
  /** Repeats to add to this configuration before deciding. */
  moreRepeats: number;
}

/**
 * For the adaptive plan, between measurements: the finalists the noise cannot yet tell apart and
 * more repeats could, each with how many more repeats it needs. Finalists are the fastest run and
 * the one the recommendation would name (the simplest within the noise of the fastest); when they
 * differ by more than 5% yet overlap, both get the repeats a normal-theory estimate says would
 * separate them (if that stays within MAX_REPEATS — otherwise the simpler one stands, unless the
 * pick is WIDE_GAP slower, the estimate within WIDE_ESTIMATE, the fastest no run the verdict reads as
 * noise (`readAsNoise`) and timings could move the pick: then both get up to MAX_REPEATS). Every
 * finalist, and the serial baseline every speedup rests on, ends with at least MIN_REPEATS repeats;
 * a fastest run the pick settles (within 5%, or 10% for the same executor) is no finalist: the
 * pick stands whatever its further repeats say, and it gets SETTLED_TIMINGS.
 * Empty when nothing is left to measure. Pure: call it again after the repeats ran.
 */
export function undecided<T extends Candidate>(runs: readonly T[], choosing: Choosing, readAsNoise: (run: T) => boolean = () => false): MoreRepeats[] {
  const candidates = eligible(runs);
  // The fastest of all, more workers than cores included: repeats may show it faster beyond the noise.
  const fastest = fastestOf(candidates);
  const pick = choose(runs, choosing)?.pick;
  if (!fastest || !pick) return [];
  const wanted = new Map<string, number>();
  const ask = (run: Candidate, more: number): void => {
    if (more > 0) wanted.set(run.id, Math.max(wanted.get(run.id) ?? 0, more));
  };
  // A pick inside the margin (10% within one executor, 5% across) stands whatever more repeats say of
  // the last percent. (The margin alone: runs further apart but overlapping still get the repeats that can split them.)
  const settled = settles(pick, fastest);
  if (pick !== fastest && !settled) {
    const a = noiseRepeats(pick);
    const b = noiseRepeats(fastest);
    const gap = Math.log((pick.wallSeconds as number) / (fastest.wallSeconds as number));
    const variance = relativeSpread(a) ** 2 + relativeSpread(b) ** 2;
    // The estimate can say the repeats already suffice while the bootstrap still sees an overlap
    // (three repeats are a coarse interval): then two more each is the smallest step that helps.
    const estimate = Math.ceil(((SEPARATING_SE * MEDIAN_SE) ** 2 * variance) / gap ** 2);
    const needed = Math.max(estimate, MIN_REPEATS, Math.min(a.length, b.length) + 2);
    // A wide gap that timings could close is worth the most repeats even when the estimate wants
    // more (each timing is taken with a fresh look, and may separate them sooner than three
    // foretold), up to an estimate MAX_REPEATS cannot come near; not for a fastest whose gain the
    // verdict reads as noise whatever its timings.
    const wide = estimate <= WIDE_ESTIMATE && wideGapCouldMove(pick, fastest, runs, choosing, readAsNoise);
    if (estimate <= MAX_REPEATS || wide) {
      ask(pick, Math.min(needed, MAX_REPEATS) - a.length);
      ask(fastest, Math.min(needed, MAX_REPEATS) - b.length);
    }
  }
  const serial = candidates.find((run) => run.executor === 'serial');
  // A settled pick stands whatever the fastest's further repeats say of the last percent; the fastest
  // still gets a second timing, as other load only ever slows a timing: one slowed by a burst could
  // hide a fastest further ahead than the margin.
  const finalists = settled ? [pick] : [pick, fastest];
  for (const run of [...finalists, ...(serial ? [serial] : [])]) ask(run, MIN_REPEATS - noiseRepeats(run).length);
  if (settled) ask(fastest, SETTLED_TIMINGS - noiseRepeats(fastest).length);
  return [...wanted].map(([id, moreRepeats]) => ({ id, moreRepeats }));
}
