// The adaptive plan, measured: serial once as calibration; the worker sweep of one executor per
// family; every other executor once where its family did best; serial again (two timings apart
// show a held-up or drifting baseline); then more repeats only for the configurations that decide
// the answer. Within a budget, the lowest-priority steps are left out and named.

import { EXECUTORS, executorFamily } from '../shared/executors';
import { fastestRun, isRecommendedRun, runId, runLabel, sameSetup, workCpuSeconds, type Run, type StartMethod, type Verdict } from '../shared/report';
import type { ConfigRequest, ExecutorChoice } from '../shared/runner';
import { deriveRun, serialBaseline } from './analyse';
import { choiceKey, comparisonCount, familyRepresentatives, finalistRepeats, firstSweepCount, idealSpeedup, nextSweepCount, type RepeatWant } from './adaptivePlan';
import { unsafeSetups } from './hazards';
import { methodRank, MIN_REPEATS, noiseRepeats, SAME_EXECUTOR_MARGIN, SERIAL_FIGURE_OFF, SETTLED_TIMINGS, settles, timingsAgree, timingSpread, timingsStillWanted, undecided, wideGapCouldMove, type Choosing } from './noise';
import { estimateSecondsLeft } from './estimate';
import { comparisonOrder, passOverReason } from './passedOver';
import type { Measurement } from './measure';
import { busyCores, CPU_HEAVY, pickBest, ranOffEventLoop } from './verdictFacts';
import type { MeasuredRun } from './types';

export interface AdaptiveSetup {
  /** The executors to measure, serial excluded. */
  choices: readonly ExecutorChoice[];
  defaultStartMethod: StartMethod | null;
  usableCores: number;
  /** The logical CPUs this process may use (CPU affinity); null or absent for all. */
  usableCpuIds?: readonly number[] | null;
  /** Physical cores the work can use: more workers only when faster beyond the noise. */
  physicalCores: number;
  inputsCount: number;
  /** Repeats of the configurations that decide the answer (the `--repeat` setting). */
  repeat: number;
  timeoutSeconds: number;
  chunksize: number | null;
  /** Seconds the whole profile should fit in, or null for no limit. */
  budgetSeconds: number | null;
  /** The verdict the runs would give: a timing is skipped only when what it could show leaves its
   * kind and advised configuration as they are. Absent: no timing is skipped so. */
  judge?: (runs: readonly MeasuredRun[]) => Pick<Verdict, 'kind' | 'best'>;
}

/** The profile's aim, in serial walls: repeats that only separate two candidates within the noise stop past it. */
const TARGET_MULTIPLE = 8;
/** A simpler executor's best run this close to the advised one (wall ratio) is timed as often before
 * it is passed over: one timing on a shared machine is off by 5–15% often enough (a burst of other
 * load) to swap two executors that measure alike. */
const RETIME_CLOSE = 1.15;
/** More workers of one executor cost their start-up and hand-off, not a doubled wall: a sweep step
 * this many times as long as the count before it is more likely one stalled timing (a connection
 * retried, a burst of other load) than the workload, and one timing cannot tell. A local server's
 * thread × 8 stalled once at 0.54 s against thread × 4's 0.058 s (0.038 s in another profile). */
const STALLED = 2;

/** Most extra timings for the finalists, each one timing and a fresh look at what is still wanted:
 * what one timing measured can make the next unneeded. */
const MOST_TIMINGS = 24;

/** A run whose threads kept one core busy all along (CPU ÷ wall) while no other program took a core's
 * share (QUIET_OTHER_CORES) was held to one core by itself (the GIL): another timing cannot move it.
 * Threads squeezed onto one core by other load read the same CPU ÷ wall, and get their second timing. */
const ONE_CORE = { low: 0.9, high: 1.1 };
const QUIET_OTHER_CORES = 0.5;

export function keptOneCore(run: Pick<Run, 'cpuSeconds' | 'processCpuSeconds' | 'childCpuSeconds' | 'wallSeconds' | 'otherCores'>): boolean {
  const cpu = workCpuSeconds(run);
  if (cpu === null || run.wallSeconds === null || run.wallSeconds <= 0) return false;
  if (run.otherCores === null || run.otherCores === undefined || run.otherCores >= QUIET_OTHER_CORES) return false;
  const cores = cpu / run.wallSeconds;
  return cores >= ONE_CORE.low && cores <= ONE_CORE.high;
}

export class AdaptiveMeasure {
  /** What the budget left out, as the user reads it ("process (spawn) × 2", "2 more repeats of thread × 4"). */
  readonly leftOut: string[] = [];
  /** What the plan passed over because its family's timings already show what it would, and why:
   * one line each, for the verdict's evidence. */
  readonly passedOver: string[] = [];
  /** The configurations passed over (choiceKey): neither expected in the time left nor listed as cancelled. */
  private readonly passedOverKeys = new Set<string>();
  private readonly started = performance.now();
  private finalistsDone = false;

  constructor(
    private readonly measurement: Measurement,
    private readonly setup: AdaptiveSetup,
  ) {
    measurement.projected = () => this.projected();
  }

  private config(choice: ExecutorChoice, workers: number, repeat = 1): ConfigRequest {
    return { executor: choice.executor, startMethod: choice.startMethod, workers, repeat, timeoutSeconds: this.setup.timeoutSeconds, chunksize: this.setup.chunksize };
  }

  private serialConfig(repeat = 1): ConfigRequest {
    return { executor: 'serial', startMethod: null, workers: 1, repeat, timeoutSeconds: this.setup.timeoutSeconds, chunksize: null };
  }

  private get representatives(): ExecutorChoice[] {
    return familyRepresentatives(this.setup.choices, this.setup.defaultStartMethod);
  }

  private runsOf(choice: ExecutorChoice): Run[] {
    return this.analysed().filter((run) => choiceKey(run) === choiceKey(choice));
  }

  /** The runs so far with their speedups; `supposing` replaces a run's timings (what a further timing could show). */
  private analysed(supposing?: Supposed): Run[] {
    const runs = supposing ? this.supposing(supposing) : this.measurement.runs;
    const baseline = serialBaseline(runs);
    const serialWall = baseline?.error === null ? baseline.wallSeconds : null;
    return runs.map((run) => deriveRun(run, serialWall));
  }

  /** The measured runs with one run's timings as a further timing might leave them. */
  private supposing({ id, repeats, wallSeconds }: Supposed): MeasuredRun[] {
    return this.measurement.runs.map((run) => (run.id === id ? { ...run, repeats, wallSeconds } : run));
  }

  private serialWall(): number | null {
    const baseline = serialBaseline(this.measurement.runs);
    return baseline?.error === null ? baseline.wallSeconds : null;
  }

  /** Runs a step when the budget allows it; otherwise names it as left out. The engine's measured
   * fixes (batches, held library threads) go through it too, so they count in the budget. A step
   * that explores (a sweep's later counts, the other executors) must leave room in the budget for
   * the timings the answer rests on (`reserve`). */
  async step(config: ConfigRequest, words = runLabel(config), explores = false): Promise<boolean> {
    if (!this.measurement.going) return false;
    if (!this.fits([config, ...(explores ? this.reserve() : [])])) {
      this.leftOut.push(words);
      return false;
    }
    await this.measurement.runExtra(config);
    return true;
  }

  private fits(configs: readonly ConfigRequest[]): boolean {
    if (this.setup.budgetSeconds === null) return true;
    const cost = estimateSecondsLeft({ remaining: configs.map((config) => this.measurement.looped(config)), runs: this.measurement.runs, cores: this.setup.usableCores, launchSeconds: this.measurement.launchSeconds }) ?? 0;
    return this.spentSeconds() + cost <= this.setup.budgetSeconds;
  }

  /** The timings the answer rests on, kept free of exploring steps under a budget: serial's second
   * timing and the fastest run so far up to MIN_REPEATS (each timing its own launch). `--budget 4`
   * on a 45 ms function had swept processes to × 8 on 2 cores and then left out the advised run's
   * repeats, its confidence low on one timing. */
  private reserve(): ConfigRequest[] {
    const serial = this.measurement.runs.find((run) => run.executor === 'serial' && run.error === null);
    const fastest = fastestCandidate(this.analysed().filter((run) => run.executor !== 'serial'));
    const serialMore = serial && serial.repeats.length < 2 ? [this.serialConfig()] : [];
    const more = fastest ? Math.max(0, Math.min(MIN_REPEATS, this.setup.repeat) - fastest.repeats.length) : 0;
    return [...serialMore, ...(fastest ? Array.from({ length: more }, () => this.configOf(fastest)) : [])];
  }

  /** Seconds spent: the clock, or what the runs themselves took when that is more (their timings
   * and start-ups; a simulated runner takes no time on the clock). */
  private spentSeconds(): number {
    const timed = this.measurement.runs.reduce((sum, run) => sum + run.repeats.reduce((a, b) => a + b, 0) + (run.startupSeconds ?? 0), 0);
    return Math.max((performance.now() - this.started) / 1000, timed);
  }

  async run(): Promise<void> {
    await this.measurement.runExtra(this.serialConfig());
    if (this.serialWall() === null) {
      // No baseline: each executor once still says whether it runs at all (after a serial timeout
      // the measurement lists each as skipped instead of waiting out the timeout again).
      for (const choice of this.setup.choices) {
        if (this.measurement.cancelled) return;
        await this.measurement.runExtra(this.config(choice, firstSweepCount(this.setup.inputsCount, choice.maxWorkers)));
      }
      return;
    }
    await this.sweep();
    await this.compareOthers();
    await this.serialAgain();
    await this.repeatFinalists();
  }

  /** Phase 1: each family's representative, doubling the workers while it pays. */
  private async sweep(): Promise<void> {
    for (const choice of this.representatives) {
      let workers: number | null = firstSweepCount(this.setup.inputsCount, choice.maxWorkers);
      const first = workers;
      while (workers !== null && this.measurement.going) {
        if (!(await this.step(this.config(choice, workers), undefined, workers !== first))) break;
        await this.retimeStall(choice, workers);
        workers = this.nextCount(choice);
      }
    }
  }

  /** A sweep step that took more than STALLED × as long as the count before it, timed once, is timed
   * again (a third time while its two disagree) before the sweep decides on it. */
  private async retimeStall(choice: ExecutorChoice, workers: number): Promise<void> {
    for (let timing = 1; timing < MIN_REPEATS && this.measurement.going; timing += 1) {
      const runs = this.runsOf(choice);
      const current = runs.find((run) => run.workers === workers && run.error === null);
      const before = runs.filter((run) => run.workers < workers && run.error === null && run.wallSeconds !== null).sort((a, b) => b.workers - a.workers)[0];
      if (!current || !before || current.wallSeconds === null || current.wallSeconds <= STALLED * (before.wallSeconds as number)) return;
      if (timingsStillWanted(current.repeats) === 0) return;
      const config = this.configOf(current);
      if (!this.fits([config])) return;
      if (!(await this.measurement.addRepeats(current.id, 1))) return;
    }
  }

  private nextCount(choice: ExecutorChoice): number | null {
    const serialWall = this.serialWall();
    if (serialWall === null) return null;
    return nextSweepCount({
      choice,
      runs: this.runsOf(choice),
      serialWall,
      usableCores: this.setup.usableCores,
      usableCpuIds: this.setup.usableCpuIds ?? null,
      inputsCount: this.setup.inputsCount,
      bestSimplerSpeedup: this.bestSpeedupBefore(choice),
      serialBusyCores: this.serialBusyCores(),
    });
  }

  private serialBusyCores(): number | null {
    const baseline = serialBaseline(this.measurement.runs);
    const cpu = baseline && baseline.error === null ? workCpuSeconds(baseline) : null;
    return cpu !== null && baseline?.wallSeconds ? cpu / baseline.wallSeconds : null;
  }

  /** The best speedup of the families swept before this one (the simpler ones); 1 for the first. */
  private bestSpeedupBefore(choice: ExecutorChoice): number {
    const earlier = this.representatives.slice(0, this.representatives.findIndex((candidate) => choiceKey(candidate) === choiceKey(choice)));
    const speedups = earlier.flatMap((candidate) => this.runsOf(candidate).map((run) => run.speedup ?? 0));
    return Math.max(1, ...speedups);
  }

  /** Phase 2: every other executor once, where its family's representative did best — but threads
   * of the same interpreter as a representative held to one core, and executors whose timing would
   * repeat what runs already timed show (passedOver.ts). */
  private async compareOthers(): Promise<void> {
    for (const choice of this.others()) {
      if (!this.measurement.going) return;
      const workers = this.countFor(choice);
      const held = this.heldToOneCore(choice);
      if (held) {
        this.passedOverKeys.add(choiceKey(choice));
        this.passedOver.push(
          `${runLabel({ ...choice, workers })}: not timed, as ${runLabel(held)} kept one core busy (its threads computed one at a time) and ${EXECUTORS[choice.executor].api} runs the calls on threads of the same interpreter`,
        );
        continue;
      }
      const reason = passOverReason(choice, workers, this.analysed(), this.setup);
      if (reason) {
        this.passedOverKeys.add(choiceKey(choice));
        this.passedOver.push(reason);
        continue;
      }
      await this.step(this.config(choice, workers), undefined, true);
    }
  }

  private others(): ExecutorChoice[] {
    const swept = new Set(this.representatives.map(choiceKey));
    return comparisonOrder(this.setup.choices.filter((choice) => choice.executor !== 'serial' && !swept.has(choiceKey(choice))), this.setup.defaultStartMethod);
  }

  /**
   * The family representative's run that shows its threads held to one core, when `choice` runs the
   * calls on threads of the same interpreter (joblib's threading backend beside ThreadPoolExecutor):
   * its threads wait on the same lock, so a timing would show one core's work again at a pass's cost
   * (a full serial wall: 0.9 s of pure-Python prime counting, as joblib was also imported). Every
   * timing of the representative must show it (`keptOneCore`: one core busy, the machine quiet).
   */
  private heldToOneCore(choice: ExecutorChoice): Run | null {
    if (familyOf(choice) !== 'threads' || EXECUTORS[choice.executor].outOfProcess) return null;
    // Serial computed on a core all along: threads at one core then computed one at a time (work
    // that waits half the time keeps one core busy with two threads, and gains).
    const serialCores = this.serialBusyCores();
    if (serialCores === null || serialCores < ONE_CORE.low) return null;
    const representative = this.representatives.find((candidate) => sameFamily(candidate, choice) && choiceKey(candidate) !== choiceKey(choice));
    const runs = representative ? this.runsOf(representative).filter((run) => run.error === null && run.workers > 1) : [];
    if (runs.length === 0 || !runs.every(keptOneCore)) return null;
    // Named by the count the other executor would have run at, where that was timed.
    const workers = this.countFor(choice);
    return runs.find((run) => run.workers === workers) ?? runs[runs.length - 1];
  }

  private countFor(choice: ExecutorChoice): number {
    const representative = this.representatives.find((candidate) => choiceKey(candidate) !== choiceKey(choice) && sameFamily(candidate, choice));
    return comparisonCount(representative ? this.runsOf(representative) : [], this.setup.usableCores, this.setup.inputsCount, choice.maxWorkers);
  }

  /** Phase 3: serial timed again, apart from the first (a held-up or drifting baseline shows as
   * two timings that disagree), on the CPU read fastest when it computes on one thread (as its
   * third timing, which comes with the finalists' and only when the two disagree). */
  private async serialAgain(): Promise<void> {
    const serial = this.measurement.runs.find((run) => run.executor === 'serial' && run.error === null);
    if (!serial || !this.measurement.going) return;
    if (!this.fits([this.serialConfig()])) {
      this.leftOut.push('a second timing of serial');
      return;
    }
    await this.measurement.serialAgain();
  }

  /** Phase 4: the configurations that decide the answer — the recommended, the fastest and the
   * serial baseline — brought up to the repeats asked for, and more while the noise could still
   * separate the two (`undecided` in noise.ts says how many). One timing a step, then a fresh look;
   * the wanted configurations take their timings in turn, the one timed longest ago first (A, B, C,
   * A, B, C, as `compare` alternates its rounds): a slow spell of a shared host then falls on each
   * of them, not on all of one configuration's timings taken back to back (fork read 1.3–1.6×
   * slower than spawn over three such timings in one profile, as fast in the next). Among those
   * not yet timed here, the simpler configurations the advice is weighed against start, as their
   * timings can move the advice and end the need for the others'. */
  private async repeatFinalists(): Promise<void> {
    this.finalistsDone = true;
    const leftOut = new Set<string>();
    /** The step each configuration was last timed at. */
    const timedAt = new Map<string, number>();
    const most = Math.max(MOST_TIMINGS, 2 * this.setup.repeat + MOST_TIMINGS / 2);
    for (let step = 0; step < most && this.measurement.going; ) {
      const open = this.finalistWants().filter((candidate) => !leftOut.has(candidate.id));
      const want = open.reduce<RepeatWant | undefined>((pick, candidate) => (pick === undefined || (timedAt.get(candidate.id) ?? -1) < (timedAt.get(pick.id) ?? -1) ? candidate : pick), undefined);
      const run = want && this.measurement.runs.find((candidate) => candidate.id === want.id);
      if (!want || !run) return;
      // The want's timings as the launches they are (each its own start-up): all of them, or none.
      if (!this.fits(Array.from({ length: want.more }, () => this.configOf(run)))) {
        leftOut.add(want.id);
        this.leftOut.push(`${want.more} more ${want.more === 1 ? 'timing' : 'timings'} of ${runLabel(run)}`);
        continue;
      }
      // Alone in wanting timings, a configuration takes them in one launch: nothing to alternate
      // with, and each launch costs a start-up (0.02–0.4 s).
      const timings = open.length === 1 ? want.more : 1;
      timedAt.set(want.id, step);
      step += timings;
      // A repeat that failed (a flaky timing, kept as noise) ends this configuration's wants, not the others'.
      if (!(await this.measurement.addRepeats(want.id, timings))) leftOut.add(want.id);
    }
  }

  /**
   * Per configuration, the most repeats any rule asks for: `--repeat` timings for the recommended
   * and the fastest; serial a third timing only when its two disagree (two that agree within 5%
   * already bound the baseline); and the noise module's repeats to separate two candidates only
   * while the profile stays within TARGET_MULTIPLE × the serial wall (or its --budget): past it,
   * the verdict says the two are within the noise and advises the simpler — unless the pick is a
   * quarter slower than the fastest or more and more timings could move it (WIDE_GAP). Each family's best
   * and fastest (threads', processes') are what the verdict's kind rests on: one timing could be
   * one burst of other load, so each gets a second, and a third when the two disagree. A start
   * method other than the default is recommended only over the start methods ranked before it
   * timed as often, and an executor only over a close simpler one timed as often (within
   * RETIME_CLOSE, the spread of the advised run's own timings or, in its family, of serial's; past
   * TARGET_MULTIPLE too), and so are the advised executor's other worker counts (fewer when close,
   * more when faster beyond SAME_EXECUTOR_MARGIN); those come first.
   * A run whose two timings disagree gets a third when its faster one, as its median, would change
   * the advice or be the fastest beyond the margin (a third moves a median of two no further).
   * Threads that kept one core busy on a quiet machine are not timed again, and a fastest run
   * the advice stands against whatever its repeats say (within 5%, or 10% for the same executor)
   * only twice. Nor is a run timed again for its family or as a settled fastest when even timings
   * at its ideal would leave the verdict as it is (`standsAtIdeal`).
   */
  private finalistWants(): RepeatWant[] {
    const analysed = this.analysed();
    const best = pickBest(analysed, this.choosing());
    // A fastest run the advice stands against whatever its further repeats say (settles) needs only a second timing.
    const fastest = fastestCandidate(analysed);
    const settled = best !== null && fastest !== null && best !== fastest && settles(best, fastest) ? fastest : null;
    // Its second timing looks for a fastest further ahead than one burst of other load let it show:
    // none when even its ideal gain would leave the advice as it is.
    const standsAtIdeal = this.standsAtIdeal(best);
    const settledTimings = settled && standsAtIdeal(settled) ? 1 : SETTLED_TIMINGS;
    const required = new Map(
      finalistRepeats(this.measurement.runs, best?.id ?? null, this.setup.repeat)
        .map((want) => ({ ...want, more: want.id === settled?.id ? Math.min(want.more, settledTimings - noiseRepeats(settled).length) : want.more }))
        .filter((want) => want.more > 0)
        .map((want): [string, number] => [want.id, want.more]),
    );
    const serial = this.measurement.runs.find((run) => run.executor === 'serial' && run.error === null);
    const wants = new Map(required);
    // Measured first: the simpler configurations the advice is weighed against.
    const first = new Map<string, number>();
    const separating = this.setup.budgetSeconds !== null || this.spentSeconds() <= TARGET_MULTIPLE * (this.serialWall() ?? 0);
    // Past the aim too when the pick is WIDE_GAP slower than the fastest and timings could move it.
    const wide = best !== null && fastest !== null && wideGapCouldMove(best, fastest, analysed, this.choosing(), this.readAsNoise);
    for (const want of undecided(analysed, this.choosing(), this.readAsNoise)) {
      if (serial && want.id === serial.id && (timingsAgree(serial.repeats) || !this.serialThirdCouldMove(serial))) continue;
      if (want.id === settled?.id && noiseRepeats(settled).length >= settledTimings) continue;
      const more = separating || wide ? want.moreRepeats : Math.min(want.moreRepeats, required.get(want.id) ?? (want.id === serial?.id ? want.moreRepeats : 0));
      if (more > 0) wants.set(want.id, Math.max(wants.get(want.id) ?? 0, more));
    }
    // Timed as often as the advised run (up to MIN_REPEATS): the default start method always, others
    // when close to it — within RETIME_CLOSE, or within the spread the advised run's own timings
    // showed (its slowest ÷ its fastest), or serial's (the machine's own speed over the profile:
    // serial is timed at its start, middle and end): one more timing could land either side of it.
    // Serial's spread widens "close" only within the advised run's family (which pool, which start
    // method): threads against processes is the family rules' comparison. Past the time the plan
    // aims at too: one timing against three is no comparison, and a sub-second function is past
    // that aim before its finalists (pools start in a few tenths of a second). ProcessPoolExecutor
    // timed once at 532 ms beside Pool's 369–423 ms, while serial's timings went from 1066 to
    // 526 ms, had handed the advice to Pool.
    const ownSpread = Math.max(RETIME_CLOSE, best ? timingSpread(best.repeats) : 1);
    const machineSpread = Math.max(ownSpread, serial ? timingSpread(serial.repeats) : 1);
    const asOften = (run: Run | null, always: boolean): void => {
      if (!run || !best || best.wallSeconds === null || run.wallSeconds === null) return;
      const close = best.wallSeconds * (executorFamily(run.executor) === executorFamily(best.executor) ? machineSpread : ownSpread);
      if (!always && run.wallSeconds > close) return;
      const more = Math.min(MIN_REPEATS, best.repeats.length) - run.repeats.length;
      if (more > 0) first.set(run.id, Math.max(first.get(run.id) ?? 0, more));
    };
    // Another start method than the default is advised only over the start methods before it (the
    // default first) timed as often: start methods differ in start-up (outside the timings), so one
    // timing each is a coin toss of noise.
    if (best && best.startMethod !== null && best.startMethod !== this.setup.defaultStartMethod) {
      const rank = methodRank(best.startMethod, this.setup.defaultStartMethod);
      for (const sibling of analysed) {
        if (sameSetup(sibling, best, 'startMethod') && sibling.error === null && sibling.startMethod !== null && methodRank(sibling.startMethod, this.setup.defaultStartMethod) < rank) {
          asOften(sibling, sibling.startMethod === this.setup.defaultStartMethod);
        }
      }
    }
    // Other worker counts of the advised executor are passed over only on as many timings too: one
    // timing has no noise to be within or beyond. Fewer workers when close (the advised run's own
    // spread may hold them); more workers whenever faster beyond the margin — past the physical
    // cores they count only once timed twice (thread × 4 at 57 ms, timed once, was passed over for
    // thread × 2 at 110 ms, within the noise of a thread × 8 whose timings stalled to 0.5–1 s).
    if (best && best.wallSeconds !== null) {
      for (const run of analysed) {
        if (!sameSetup(run, best, 'workers') || run === best || run.workers < 2 || run.error !== null || run.wallSeconds === null) continue;
        if (run.workers < best.workers) asOften(run, false);
        else if (run.wallSeconds * SAME_EXECUTOR_MARGIN < best.wallSeconds) asOften(run, true);
      }
    }
    // A simpler executor is passed over only on as many timings as the one advised: its best run,
    // if close, is timed as often — one slow timing of ProcessPoolExecutor must not hand the
    // recommendation to Pool.
    if (best) {
      for (const executor of new Set(analysed.map((run) => run.executor))) {
        if (EXECUTORS[executor].simplicity >= EXECUTORS[best.executor].simplicity || executor === 'serial') continue;
        const own = analysed.filter((run) => run.executor === executor && run.workers > 1 && run.error === null && run.chunksize === best.chunksize && run.wallSeconds !== null);
        asOften(fastestRun(own), false);
      }
    }
    // The family's fastest too: its gain is the family's top, which the kind reads (thread × 4 at
    // 603 and 980 ms beside serial's 1 s had threads at 1.26× on GIL-bound work, and the kind at mixed).
    for (const family of ['threads', 'processes'] as const) {
      const members = analysed.filter((run) => executorFamily(run.executor) === family && run.workers > 1 && run.error === null);
      for (const run of new Set([pickBest(members, this.choosing()), fastestRun(members)])) {
        // Threads that kept one core busy were neither held up nor parallel: another timing cannot move them.
        if (!run || (family === 'threads' && keptOneCore(run))) continue;
        // Nor a run that even at its ideal gain would leave the advice as it is (fork × 2 at 1.98× on
        // 2 cores beside spawn × 2 at 1.88×; processes × 2 beside threads × 16 on waiting work).
        if (standsAtIdeal(run)) continue;
        const more = timingsStillWanted(run.repeats);
        if (more > 0) wants.set(run.id, Math.max(wants.get(run.id) ?? 0, more));
      }
    }
    // Two timings apart: one was slowed (other load only ever slows a timing), and a third at most
    // brings the median down to the faster one. Timed again when that would change the answer — the
    // advice, or a fastest beyond the margin — and only then: a stalled timing of the advised fork × 2
    // put its median out of the running; one of a local server's thread × 16 put it at 9× its other
    // timing and the advice at thread × 8. (A fastest within the margin of the advice stays at two.)
    for (const run of analysed) {
      if (run.error !== null || run.workers < 2 || wants.has(run.id) || first.has(run.id)) continue;
      if (noiseRepeats(run).length === 2 && !timingsAgree(run.repeats) && this.thirdCouldMove(run, best)) wants.set(run.id, 1);
    }
    for (const [id, more] of first) {
      first.set(id, Math.max(more, wants.get(id) ?? 0));
      wants.delete(id);
    }
    return [...first, ...wants].map(([id, more]) => ({ id, more }));
  }

  /** A run whose gain the verdict reads as noise whatever its timings: async calls on computing
   * JavaScript (one thread runs them all) unless they kept several cores busy (work off the event
   * loop, in Node's thread pool: the verdict reads that gain), threads held to one core (keptOneCore, the GIL). */
  private readonly readAsNoise = (run: Run): boolean => {
    if (executorFamily(run.executor) !== 'threads') return false;
    if (keptOneCore(run)) return true;
    const serialCores = this.serialBusyCores() ?? 0;
    return run.executor === 'async' && serialCores >= CPU_HEAVY && !ranOffEventLoop(busyCores(run), serialCores);
  };

  /**
   * Whether the verdict stands whatever further timings of a run read, up to its ideal: serial's
   * fastest timing over the most the run could gain (`idealSpeedup`: its workers, the cores they
   * can use for computing work), the fastest any timing could read but by serial's own noise, which
   * its fastest timing allows for. The run's timings are supposed to settle there (its median at
   * the ideal, or at its fastest timing when that is faster still), and the verdict — its kind and
   * the configuration it advises, as `judge` reads them — must be the same as now. Then another
   * timing costs a pass over the inputs and cannot change the answer (spawn × 2 at 1.88× beside the
   * advised fork × 2 at 1.98× on 2 cores; processes × 2 beside thread × 16 on waiting work). Never
   * for the plan's pick or the run the verdict advises, for more workers than physical cores (a
   * count past them is advised only once timed twice), nor without a bound (a Dask cluster).
   * Returns the test for `best`, with the verdict as it stands read once.
   */
  private standsAtIdeal(best: Run | null): (run: Run) => boolean {
    const judge = this.setup.judge;
    const serial = serialBaseline(this.measurement.runs);
    const serialTimings = serial && serial.error === null ? noiseRepeats(serial) : [];
    if (!judge || !best || serialTimings.length === 0) return () => false;
    const fastestSerial = Math.min(...serialTimings);
    const serialBusy = this.serialBusyCores();
    const choosing = this.choosing();
    let now: Pick<Verdict, 'kind' | 'best'> | undefined;
    return (run) => {
      const timings = noiseRepeats(run);
      if (run.id === best.id || run.error !== null || timings.length === 0 || run.workers > this.setup.physicalCores) return false;
      const ideal = idealSpeedup(run, this.setup.usableCores, serialBusy);
      if (!Number.isFinite(ideal) || !(fastestSerial > 0)) return false;
      const supposed = Math.min(fastestSerial / ideal, ...timings);
      // As many timings there as it has: its median settles at the ideal.
      const repeats = [...timings, ...timings.map(() => supposed), supposed];
      // The cheap test first: the pick among the runs as the plan reads them.
      if (pickBest(this.analysed({ id: run.id, repeats, wallSeconds: supposed }), choosing)?.id !== best.id) return false;
      now ??= judge(this.measurement.runs);
      // The run the verdict advises (threads' best for waiting work, where processes ran faster) keeps its timings.
      if (isRecommendedRun(now, run)) return false;
      const then = judge(this.supposing({ id: run.id, repeats, wallSeconds: supposed }));
      return verdictKey(then) === verdictKey(now);
    };
  }

  /**
   * Whether serial's third timing could change the verdict: its two timings disagree, and a third
   * can only make either of them the median — the baseline every speedup is read against. When the
   * verdict (its kind and advised configuration, as `judge` reads them) is the same with either,
   * a third timing costs a whole serial pass for nothing: the first timing of a fresh process ran
   * 3–6% slower than the second in half the profiles of 1.1 s of prime counting, and its third
   * timing took the profile from 7.4 to 8.6 serial walls with the same answer.
   */
  private serialThirdCouldMove(serial: MeasuredRun): boolean {
    const judge = this.setup.judge;
    const timings = serial.repeats;
    if (!judge || timings.length !== 2) return true;
    // Two timings further apart put every speedup's figure off by more than half the margin the
    // advice allows (a first timing held up 30% by the editor opening its panel): the third is taken.
    if (Math.max(...timings) > Math.min(...timings) * (1 + SERIAL_FIGURE_OFF)) return true;
    const now = verdictKey(judge(this.measurement.runs));
    return [Math.min(...timings), Math.max(...timings)].some(
      (landing) => verdictKey(judge(this.supposing({ id: serial.id, repeats: [...timings, landing], wallSeconds: landing }))) !== now,
    );
  }

  /** Whether a third timing of `run`, landing on its faster timing (as far as a third moves a
   * median of two), would change the advice or make it the fastest beyond the margin. */
  private thirdCouldMove(run: Run, best: Run | null): boolean {
    const timings = noiseRepeats(run);
    const faster = Math.min(...timings);
    const supposed = this.analysed({ id: run.id, repeats: [...timings, faster], wallSeconds: faster });
    const pick = pickBest(supposed, this.choosing());
    if (pick?.id !== best?.id) return true;
    const fastest = fastestCandidate(supposed);
    return pick !== null && fastest !== null && fastest.id === run.id && pick.id !== run.id && !settles(pick, fastest);
  }

  private choosing(): Choosing {
    return { defaultStartMethod: this.setup.defaultStartMethod, physicalCores: this.setup.physicalCores, unsafe: unsafeSetups(this.analysed(), this.setup.timeoutSeconds, this.setup.repeat) };
  }

  private configOf(run: Pick<Run, 'executor' | 'startMethod' | 'workers'>): ConfigRequest {
    return run.executor === 'serial' ? this.serialConfig() : this.config(run, run.workers);
  }

  /** What is still expected to run, for the time left: the rest of the sweep at the usable cores,
   * the other executors once, serial once more and the finalists' repeats. */
  private projected(): ConfigRequest[] {
    const measured = new Set(this.measurement.runs.map((run) => run.id));
    const expected: ConfigRequest[] = [];
    const cores = Math.max(1, Math.min(this.setup.usableCores, this.setup.inputsCount));
    for (const choice of this.representatives) {
      const runs = this.runsOf(choice);
      if (runs.length === 0) expected.push(this.config(choice, firstSweepCount(this.setup.inputsCount, choice.maxWorkers)));
    }
    for (const choice of this.others()) {
      if (this.passedOverKeys.has(choiceKey(choice)) || this.heldToOneCore(choice)) continue;
      const workers = Math.min(cores, choice.maxWorkers ?? cores);
      if (!measured.has(runId(choice.executor, choice.startMethod, workers, this.setup.chunksize)) && !this.runsOf(choice).length) expected.push(this.config(choice, workers));
    }
    const serial = this.measurement.runs.find((run) => run.executor === 'serial');
    if (serial && serial.repeats.length < 2) expected.push(this.serialConfig());
    // The finalists: the fastest so far, timed until it has its repeats (the recommendation too, often the same).
    const finalist = this.setup.repeat - 1;
    if (finalist > 0 && !this.finalistsDone) {
      const fastest = this.measurement.runs
        .filter((run) => run.error === null && run.wallSeconds !== null && run.executor !== 'serial')
        .sort((a, b) => (a.wallSeconds as number) - (b.wallSeconds as number))[0];
      const representative = this.representatives[this.representatives.length - 1];
      // One launch a timing, each with its start-up: the finalists' timings alternate.
      const next = fastest ? this.configOf(fastest) : representative ? this.config(representative, cores) : null;
      if (next) for (let timing = 0; timing < finalist; timing += 1) expected.push(next);
    }
    return expected;
  }
}

/** One run's timings as a further timing might leave them. */
interface Supposed {
  id: string;
  repeats: number[];
  wallSeconds: number;
}

/** A verdict as the plan compares two: its kind and the configuration it advises, by its run id. */
function verdictKey(verdict: Pick<Verdict, 'kind' | 'best'>): string {
  const best = verdict.best;
  return `${verdict.kind} ${best ? runId(best.executor, best.startMethod, best.workers, best.chunksize ?? null, best.libraryThreads ?? null) : 'none'}`;
}

/** The fastest run the advice could name: serial or a pool of two workers or more, that ran. */
function fastestCandidate(runs: readonly Run[]): Run | null {
  return fastestRun(runs.filter((run) => run.error === null && (run.executor === 'serial' || run.workers > 1)));
}

function sameFamily(a: ExecutorChoice, b: ExecutorChoice): boolean {
  return familyOf(a) === familyOf(b);
}

function familyOf(choice: ExecutorChoice): string {
  return EXECUTORS[choice.executor].family;
}
