// Measuring a plan, one configuration at a time in a fresh harness process while the cores are
// sampled: what has been measured, what was refused or skipped, and whether the user cancelled.

import { runId, runLabel } from '../shared/report';
import type { Executor, ProfileWarning, Run, RunError } from '../shared/report';
import { failedOutcome } from '../shared/runner';
import type { ConfigOutcome, ConfigRequest, LanguageRunner, Probe, Target } from '../shared/runner';
import { formatSeconds, formatSpeedup } from '../shared/format';
import { toCoreSamples, type CoreLoad, type CoreSampler } from './sampler';
import { deriveRun, serialBaseline } from './analyse';
import { estimateSecondsLeft } from './estimate';
import { median, summarizeWalls } from './stats';
import { LOOP_SECONDS, loopsFor } from './certainty';
import type { MeasuredRun } from './types';
import { slowBaseline } from './warnings';

export type MeasureProgress =
  | { type: 'config-start'; index: number; total: number; label: string }
  /** `again`: more repeats of a configuration already reported; `run` is it with every repeat so far. */
  | { type: 'config-end'; index: number; total: number; run: MeasuredRun; again?: boolean }
  /** After every configuration: the runs so far, analysed (speedups against serial), for results
   * that grow while the profile runs; the time spent and roughly how much is left (null before
   * the serial baseline says how long a pass takes). */
  | { type: 'measured'; runs: Run[]; elapsedSeconds: number; leftSeconds: number | null };

/** Why measuring stopped early, if it did. */
export type Stop =
  | { kind: 'measuring' }
  | { kind: 'cancelled' }
  /** Serial timed out: nothing to compare with, and the rest would each wait out the timeout too. */
  | { kind: 'serial-timed-out'; skipped: RunError };

/** The id of the run a configuration gives. */
export function configId(config: ConfigRequest): string {
  return runId(config.executor, config.startMethod, config.workers, config.chunksize, config.libraryThreads ?? null);
}

export function measuredRun(config: ConfigRequest, outcome: ConfigOutcome, samples: CoreLoad[], intervalSeconds: number): MeasuredRun {
  const summary = summarizeWalls(outcome.walls);
  const taskCpu = outcome.tasks.map((task) => task.cpuSeconds);
  // Per pass as the wall is, where the harness says (calibration loops); else the kept tasks' sum.
  const perPass = outcome.tasks.length > 0 && typeof outcome.taskCpuSeconds === 'number' && Number.isFinite(outcome.taskCpuSeconds) ? outcome.taskCpuSeconds : null;
  const cpuSeconds = perPass ?? (taskCpu.length > 0 && taskCpu.every((cpu) => cpu !== null) ? taskCpu.reduce((a, b) => a + (b ?? 0), 0) : null);
  const origin = outcome.origin ?? (samples.length > 0 ? samples[0].time : 0);
  return {
    id: configId(config),
    executor: config.executor,
    startMethod: config.startMethod,
    workers: config.workers,
    chunksize: config.chunksize,
    ...(typeof config.libraryThreads === 'number' ? { libraryThreads: config.libraryThreads } : {}),
    wallSeconds: outcome.error ? null : (summary?.median ?? null),
    wallSpread: outcome.error || !summary ? null : { min: summary.min, max: summary.max },
    repeats: outcome.walls,
    outliers: summary?.outliers ?? [],
    startupSeconds: outcome.startupSeconds,
    cpuSeconds,
    processCpuSeconds: outcome.processCpuSeconds,
    queuedSeconds: outcome.queuedSeconds,
    threadParallelism: outcome.threadParallelism,
    ...(typeof outcome.childCpuSeconds === 'number' ? { childCpuSeconds: outcome.childCpuSeconds } : {}),
    argBytes: outcome.argBytes,
    resultBytes: outcome.resultBytes,
    peakMemoryBytes: outcome.peakMemoryBytes ?? null,
    tasks: outcome.tasks,
    coreSamples: toCoreSamples(samples, origin, intervalSeconds),
    output: outcome.output,
    warnings: outcome.warnings,
    error: outcome.error,
    ...(outcome.workerLoad ? { workerLoad: outcome.workerLoad } : {}),
    ...(typeof config.cpu === 'number' ? { pinnedCpus: outcome.walls.map(() => config.cpu as number) } : {}),
  };
}

/** The CPUs of `first`'s timings and then `latest`'s, or none when neither was pinned. */
function pooledCpus(first: MeasuredRun, latest: MeasuredRun): { pinnedCpus?: (number | null)[] } {
  if (!first.pinnedCpus && !latest.pinnedCpus) return {};
  const of = (run: MeasuredRun): (number | null)[] => run.pinnedCpus ?? run.repeats.map(() => null);
  return { pinnedCpus: [...of(first), ...of(latest)] };
}

/** One measurement's CPU (and its time queued for a core) at another wall, so that CPU ÷ wall stays
 * that measurement's ratio: joblib's threads timed 0.524 s and 0.690 s, pooled at 0.607 s with the
 * second timing's 1.30 s of CPU, read 107% CPU use on two cores. */
function cpuAtWall(run: MeasuredRun, wall: number | null): Pick<MeasuredRun, 'cpuSeconds' | 'processCpuSeconds' | 'childCpuSeconds' | 'queuedSeconds'> {
  const own = run.wallSeconds;
  const factor = wall !== null && own !== null && own > 0 && wall > 0 ? wall / own : 1;
  const scaled = (value: number | null | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value * factor : (value ?? null));
  return {
    cpuSeconds: scaled(run.cpuSeconds),
    processCpuSeconds: scaled(run.processCpuSeconds),
    ...(run.childCpuSeconds === undefined ? {} : { childCpuSeconds: scaled(run.childCpuSeconds) }),
    queuedSeconds: scaled(run.queuedSeconds),
  };
}

/** A serial run whose threads together spent at most this many times its busiest thread's CPU
 * computes on one thread: pinning it to one CPU costs it nothing. A function that computes on more
 * (numpy's BLAS threads, a runtime's busy collector threads) is never pinned. */
const ONE_THREAD = 1.1;

/** Once the serial baseline is known, a repeat ten times slower (and over a second) settles it. */
function enoughSecondsFor(runs: readonly MeasuredRun[]): number | null {
  const serial = runs.find((run) => run.executor === 'serial' && run.wallSeconds !== null);
  return serial?.wallSeconds ? Math.max(1, 10 * serial.wallSeconds) : null;
}

/** Whether wall `a` is nearer `target` than wall `b` is, as a ratio (a null wall is never nearer). */
function nearer(a: number | null, b: number | null, target: number): boolean {
  if (a === null || !(a > 0)) return false;
  if (b === null || !(b > 0)) return true;
  return Math.abs(Math.log(a / target)) < Math.abs(Math.log(b / target));
}

export class Measurement {
  readonly runs: MeasuredRun[] = [];
  /** Warnings the measuring itself adds to a run, by run id. */
  readonly notes = new Map<string, ProfileWarning[]>();
  private readonly refused = new Set<Executor>();
  private stop: Stop = { kind: 'measuring' };
  private total: number;
  private readonly started = performance.now();
  /** Plan positions already run (or refused, or skipped). */
  private readonly done = new Set<number>();
  /** The request each measured run came from, by run id: more repeats re-run it. */
  private readonly requests = new Map<string, ConfigRequest>();
  /** The wall of the measurement each run's tasks and CPU come from (its own median), by run id:
   * pooled repeats move the run's wall, and the next pooling must weigh the measurement itself. */
  private readonly baseWalls = new Map<string, number | null>();
  /** Seconds each harness run took beyond its timings and start-up (launch, import, warm-up). */
  private readonly launches: number[] = [];
  /** Why the last addRepeats could not add its timing (a timeout, a crash), or null. */
  lastRepeatError: RunError | null = null;
  /** Passes over the inputs per timing at most (calibration loops): 1 until a short serial run sets more. */
  loops = 1;
  /** Configurations expected beyond the plan (the adaptive plan's next steps), for the time left and a partial report. */
  projected: () => readonly ConfigRequest[] = () => [];
  /** The CPU that runs the same work fastest now (a short reading), or null where the CPUs cannot be
   * read or pinned; null always: serial is never pinned (the engine sets it for a real machine). */
  fastestCpu: () => Promise<number | null> = async () => null;

  constructor(
    private readonly runner: LanguageRunner,
    private readonly target: Target,
    private readonly probe: Probe,
    private readonly sampler: CoreSampler,
    private readonly signal: AbortSignal,
    private readonly plan: readonly ConfigRequest[],
    private readonly onProgress?: (progress: MeasureProgress) => void,
    /** Cores the work can use at once, for the time-left estimate. */
    private readonly cores = 1,
    /** Whether a short serial run sets calibration loops (see certainty.loopsFor). */
    private readonly calibrating = true,
  ) {
    this.total = plan.length;
  }

  get cancelled(): boolean {
    return this.stop.kind === 'cancelled' || this.signal.aborted;
  }

  /** Still measuring: not cancelled, and serial left something to compare with. */
  get going(): boolean {
    return this.stop.kind === 'measuring' && !this.signal.aborted;
  }

  /** Phase 1: every configuration of the plan, in order, until cancelled. */
  async runPlan(): Promise<void> {
    for (const [index, config] of this.plan.entries()) {
      if (this.signal.aborted) this.stop = { kind: 'cancelled' };
      if (this.stop.kind === 'cancelled') return;
      await this.runOne(config, index);
    }
  }

  /** One configuration beyond the plan (a longer sweep, a second serial), counted in the progress total. */
  async runExtra(config: ConfigRequest): Promise<MeasuredRun | null> {
    this.total += 1;
    const before = this.runs.length;
    await this.runOne(config, this.total - 1);
    return this.runs.length > before ? this.runs[this.runs.length - 1] : null;
  }

  /** A configuration already measured, timed `more` times again in a fresh harness; its repeats
   * are pooled. The per-repeat details (tasks, CPU, core samples) come from whichever of the two
   * measurements sits nearer the pooled median, so CPU ÷ wall stays one measurement's ratio: a
   * first run held up by other load must not lend its CPU to a faster pooled wall. False when it
   * could not be. `cpu` pins this timing's harness to one CPU (ConfigRequest.cpu); without it, more
   * timings of serial run where serialCpu says. */
  async addRepeats(id: string, more: number, cpu?: number | null): Promise<boolean> {
    const first = this.runs.find((run) => run.id === id);
    const config = this.requests.get(id);
    this.lastRepeatError = null;
    if (!first || !config || first.error || !this.going || more < 1) return false;
    if (cpu === undefined && first.executor === 'serial') cpu = await this.serialCpu(first);
    this.total += 1;
    const index = this.total - 1;
    this.onProgress?.({ type: 'config-start', index, total: this.total, label: `${runLabel(config)}, ${more} more ${more === 1 ? 'repeat' : 'repeats'}` });
    const again = { ...config, repeat: more, enoughSeconds: null, ...(cpu === undefined ? {} : { cpu }) };
    const recording = this.sampler.record(estimateSecondsLeft({ remaining: [again], runs: this.runs, cores: this.cores }));
    const outcome = await this.timed(() => this.runner.runConfig(this.target, again, this.signal));
    const samples = recording.stop();
    if (outcome.error?.kind === 'cancelled' || this.signal.aborted) {
      this.stop = { kind: 'cancelled' };
      return false;
    }
    // A repeat that failed now while the first run worked (a flaky pool, a timeout under other
    // load) leaves the first timing alone: the failure is noise here, not the configuration's answer.
    if (outcome.error || outcome.walls.length === 0) {
      this.lastRepeatError = outcome.error;
      return false;
    }
    const latest = measuredRun(again, outcome, samples, recording.intervalSeconds);
    const walls = [...first.repeats, ...outcome.walls];
    const summary = summarizeWalls(walls);
    const pooledWall = summary?.median ?? first.wallSeconds;
    const firstWall = this.baseWalls.has(id) ? (this.baseWalls.get(id) ?? null) : first.wallSeconds;
    const base = pooledWall !== null && nearer(latest.wallSeconds, firstWall, pooledWall) ? latest : first;
    this.baseWalls.set(id, base === latest ? latest.wallSeconds : firstWall);
    const pooled: MeasuredRun = {
      ...base,
      ...cpuAtWall(base, pooledWall),
      repeats: walls,
      wallSeconds: pooledWall,
      wallSpread: summary ? { min: summary.min, max: summary.max } : first.wallSpread,
      outliers: summary?.outliers ?? [],
      warnings: [...new Set([...first.warnings, ...latest.warnings])],
      ...pooledCpus(first, latest),
    };
    this.runs[this.runs.indexOf(first)] = pooled;
    this.onProgress?.({ type: 'config-end', index, total: this.total, run: pooled, again: true });
    this.reportMeasured(index);
    return true;
  }

  /**
   * The CPU for another timing of serial: the one that ran a short loop fastest just before, when
   * serial computes on one thread; otherwise none (unpinned). On a shared host one CPU can run the
   * same code 1.5–1.7× slower than another for seconds at a time (src/system/cpuSpeeds.ts): a
   * baseline whose timings all landed there overstates every speedup, and a later report compared
   * with it hides a slowdown. With a timing on a CPU then at full speed, the fastest is the code's own.
   */
  private async serialCpu(serial: MeasuredRun): Promise<number | null> {
    if (serial.threadParallelism === null || serial.threadParallelism > ONE_THREAD) return null;
    return this.fastestCpu();
  }

  /** Serial timed once more, apart from its first timings (where serialCpu says): a profile's
   * serial timings then span it, one at least on a CPU read fastest just before. */
  async serialAgain(): Promise<boolean> {
    const serial = this.runs.find((run) => run.executor === 'serial' && run.error === null);
    return serial ? this.addRepeats(serial.id, 1) : false;
  }

  private async runOne(config: ConfigRequest, index: number): Promise<void> {
    const preflight = this.probe.preflight.find((problem) => problem.executor === config.executor);
    if (preflight) {
      // One row per refused executor is enough to explain it; its other worker counts would repeat it.
      if (!this.refused.has(config.executor)) this.runs.push(this.notRun(config, preflight.error));
      this.refused.add(config.executor);
      this.done.add(index);
      return;
    }
    if (this.stop.kind === 'serial-timed-out') {
      this.runs.push(this.notRun(config, this.stop.skipped));
      this.done.add(index);
      return;
    }
    this.onProgress?.({ type: 'config-start', index, total: this.total, label: runLabel(config) });
    let looped = this.looped(config);
    // Sampled as often as gives the run's heatmap its cells, from how long it should take.
    const recording = this.sampler.record(estimateSecondsLeft({ remaining: [looped], runs: this.runs, cores: this.cores }));
    let outcome = await this.timed(() => this.runner.runConfig(this.target, { ...looped, enoughSeconds: enoughSecondsFor(this.runs) }, this.signal));
    // Serial alone was too short to time well: it is timed again in loops, and so is every
    // configuration after it. Its first run recorded every task's span, a wrapper of 0.2 µs a
    // task in Python's harness, where the passes of a loop but the last run bare: for the tiniest
    // calls several times faster (square(x) over 20,000 inputs: 5.3 ms a pass, then 1.1 ms), so
    // loops set from the first run would end serial's timings far short of LOOP_SECONDS. They are
    // set once more from the looped run when it needs half as many passes again.
    for (let loops = this.loops > 1 ? null : this.loopsToTime(config, outcome, 1), times = 1; loops !== null; times++) {
      this.loops = loops;
      looped = this.looped(config);
      this.onProgress?.({ type: 'config-start', index, total: this.total, label: `${runLabel(config)}, ${loops} passes per timing` });
      outcome = await this.timed(() => this.runner.runConfig(this.target, { ...looped, enoughSeconds: null }, this.signal));
      loops = times < 2 ? this.loopsToTime(config, outcome, Math.floor(1.5 * loops)) : null;
    }
    const samples = recording.stop();
    if (outcome.error?.kind === 'cancelled' || this.signal.aborted) {
      this.stop = { kind: 'cancelled' };
      return;
    }
    const run = measuredRun(config, outcome, samples, recording.intervalSeconds);
    this.runs.push(run);
    this.requests.set(run.id, looped);
    if (config.executor === 'serial' && outcome.error?.kind === 'timeout') {
      this.stop = { kind: 'serial-timed-out', skipped: skippedAfterSerialTimeout(config.timeoutSeconds) };
    }
    this.onProgress?.({ type: 'config-end', index, total: this.total, run });
    this.reportMeasured(index);
  }

  /** The configuration as timed: with the calibration loops once serial set them. */
  looped(config: ConfigRequest): ConfigRequest {
    return this.loops > 1 ? { ...config, loops: this.loops, loopSeconds: LOOP_SECONDS } : config;
  }

  /** After a serial run too short to time well: the loops to time it in again (and every
   * configuration after it), when they are more than `fewest`. Null otherwise. */
  private loopsToTime(config: ConfigRequest, outcome: ConfigOutcome, fewest: number): number | null {
    if (!this.calibrating || config.executor !== 'serial' || outcome.error || this.signal.aborted) return null;
    const loops = loopsFor(summarizeWalls(outcome.walls)?.median ?? null);
    return loops > fewest ? loops : null;
  }

  /** Runs one harness and notes what it cost beyond the timings: the next estimates count it. */
  private async timed(run: () => Promise<ConfigOutcome>): Promise<ConfigOutcome> {
    const began = performance.now();
    const outcome = await run();
    if (!outcome.error) {
      const timed = outcome.walls.reduce((sum, wall) => sum + wall, 0) + (outcome.startupSeconds ?? 0);
      this.launches.push(Math.max(0, (performance.now() - began) / 1000 - timed));
    }
    return outcome;
  }

  /** What a harness run typically costs beyond its timings (the median so far; 0 before the first). */
  get launchSeconds(): number {
    return median(this.launches) ?? 0;
  }

  private reportMeasured(index: number): void {
    this.done.add(index);
    if (!this.onProgress) return;
    const baseline = serialBaseline(this.runs);
    const serialWall = baseline?.error === null ? baseline.wallSeconds : null;
    const remaining = [...this.plan.filter((_, index) => !this.done.has(index)), ...this.projected()].map((config) => this.looped(config));
    this.onProgress({
      type: 'measured',
      runs: this.runs.map((run) => deriveRun(run, serialWall)),
      elapsedSeconds: (performance.now() - this.started) / 1000,
      leftSeconds: estimateSecondsLeft({ remaining, runs: this.runs, cores: this.cores, launchSeconds: this.launchSeconds }),
    });
  }

  private notRun(config: ConfigRequest, error: RunError): MeasuredRun {
    return measuredRun(config, failedOutcome(error), [], this.sampler.intervalSeconds);
  }

  /**
   * Phase 3: serial runs first, while the editor opens its panel and progress: on a small machine
   * that can hold it up, and every speedup would be overstated. A one-thread run doing the same
   * work clearly faster gives it away; serial is then measured once more and the faster kept.
   */
  async remeasureHeldUpSerial(): Promise<void> {
    const slow = this.going ? slowBaseline(this.runs) : null;
    const config = this.plan.find((candidate) => candidate.executor === 'serial');
    if (!slow || !config) return;
    const first = slow.serial;
    const again = await this.runExtra(config);
    if (again === null || again === first) return;
    this.runs.splice(this.runs.indexOf(again), 1);
    if (again.error !== null || again.wallSeconds === null || first.wallSeconds === null) return;
    const kept = again.wallSeconds < first.wallSeconds ? again : first;
    const message =
      `measured twice, because ${runLabel(slow.single)} did the same work ${formatSpeedup(slow.factor)} faster than the first measurement: ` +
      `${formatSeconds(first.wallSeconds)}, then ${formatSeconds(again.wallSeconds)}; the faster (${formatSeconds(Math.min(first.wallSeconds, again.wallSeconds))}) is the baseline.`;
    kept.warnings = [...kept.warnings, message];
    this.notes.set(kept.id, [
      ...(this.notes.get(kept.id) ?? []),
      { code: 'baseline-remeasured', message, advice: 'Nothing to do: the faster measurement is the baseline; on a quiet machine the two agree.', runs: [kept.id] },
    ]);
    this.runs[this.runs.indexOf(first)] = kept;
  }

  /** Phase 4: a partial report says what it lacks: every planned configuration that did not finish. */
  fillCancelled(): void {
    if (!this.cancelled) return;
    const reported = new Set(this.runs.map((run) => run.id));
    const notRun: RunError = { kind: 'cancelled', message: 'The profile was cancelled before this configuration finished.', hint: 'Profile again to measure it.' };
    for (const config of [...this.plan, ...this.projected()]) {
      const id = configId(config);
      if (reported.has(id) || this.refused.has(config.executor)) continue;
      reported.add(id);
      this.runs.push(this.notRun(config, notRun));
    }
  }
}

function skippedAfterSerialTimeout(timeoutSeconds: number): RunError {
  return {
    kind: 'skipped',
    message: `Not run: serial did not finish within ${timeoutSeconds} s, so there is no baseline to compare with.`,
    hint: 'Fix what serial was stuck on (see its row), or raise the timeout (--timeout, or the parallelProfiler.timeoutSeconds setting), or profile fewer or smaller inputs.',
  };
}
