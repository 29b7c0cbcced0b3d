// How sure the verdict is, from the same measurements: how many repeats, how long the serial run,
// how wide the recommended run's interval, whether another configuration's interval reaches it,
// whether other programs took the cores, and whether the CPUs ran at uneven speeds or slower all at
// once than one alone.

import { fastestRun, runLabel, sharedCpus, timingSwing, UNEVEN_CPUS, unevenCpus, unevenCpusWords, type Run, type VerdictConfidence } from '../shared/report';
import { formatPercent, formatSeconds, formatSpeedup, formatSpeedupRange } from '../shared/format';
import { isContended } from './contention';
import { leftOut, setupKey } from './hazards';
import { startsAhead, noiseRepeats, MIN_REPEATS, levelWith, NEAR_FASTEST, SAME_EXECUTOR_MARGIN, serialTimingsClose, timingsAgree } from './noise';
import { CPU_HEAVY, type Facts } from './verdictFacts';
import type { Measured } from '../shared/report';
import { usableCoreCounts } from '../shared/usableCores';
import { familyFailures } from './verdictFailures';
import { plural } from './words';

/** Serial runs shorter than this spread by more than 10% between repeats on the 2-core machine the
 * rules were tuned on (bench/shortRuns.ts: 14–62% at 40–100 ms, 3–6% from 125 ms): too short to
 * separate configurations a few tens of percent apart. The adaptive plan repeats the inputs below it. */
export const SHORT_SERIAL_SECONDS = 0.1;
/** A speedup whose interval reaches below this may be no gain at all (verdict.ts's HELPS). */
const HELPS = 1.3;
/** Computing work on one core gains at most a core per worker; past this share of them, the
 * baseline was slowed, not the work split better than the cores. */
const PAST_THE_CORES = 1.1;
/** Serial on at most this many cores computes on one. */
const ONE_CORE = 1.2;

export interface Certainty {
  level: VerdictConfidence;
  /** One sentence for the explanation, starting with the level. */
  sentence: string;
}

function range(run: Run): string {
  return formatSpeedupRange(run.speedup, run.speedupLow, run.speedupHigh);
}

export function certaintyOf(facts: Facts, recommended: Measured | null): Certainty | null {
  const { serial, ctx } = facts;
  if (!serial || !recommended) return null;
  const doubts: string[] = [];
  let level: VerdictConfidence = 'high';
  const lower = (to: VerdictConfidence): void => {
    if (to === 'low' || level === 'high') level = to;
  };

  // Two timings of serial that agree within 5% bound the baseline (the adaptive plan takes them apart
  // and times it a third time only when they disagree).
  const serialTimings = noiseRepeats(serial);
  // Two within a tenth of each other the plan left at two because a third could not change the
  // verdict: they bound the baseline too, and the figures may be off by up to half their gap.
  const serialClose = serialTimings.length < MIN_REPEATS && !timingsAgree(serialTimings) && serialTimingsClose(serialTimings);
  const serialBounded = serialTimings.length >= MIN_REPEATS || timingsAgree(serialTimings) || serialClose;
  if (serialClose) {
    const gap = Math.max(...serialTimings) / Math.min(...serialTimings) - 1;
    lower('medium');
    doubts.push(`serial's two timings are ${formatPercent(gap)} apart, so each speedup may read up to ${formatPercent(gap / 2)} off`);
  }
  const recommendedTimings = noiseRepeats(recommended).length;
  const recommendedBounded = recommended.executor === 'serial' ? serialBounded : recommendedTimings >= MIN_REPEATS;
  if (!serialBounded || !recommendedBounded) {
    const short = serialBounded ? { count: recommendedTimings, of: runLabel(recommended) } : { count: serialTimings.length, of: 'serial' };
    lower('low');
    doubts.push(`only ${short.count} usable repeat${short.count === 1 ? '' : 's'} of ${short.of}, too few to know the noise`);
  }
  // Calibration loops made each timing last LOOP_SECONDS however short one pass is.
  if (serial.wallSeconds < SHORT_SERIAL_SECONDS && (ctx.loops ?? 1) <= 1) {
    lower('low');
    doubts.push(`serial took only ${formatSeconds(serial.wallSeconds)}, shorter than the ${formatSeconds(SHORT_SERIAL_SECONDS)} its repeats need to agree within 10%`);
  }
  if (isContended(facts.contention, ctx.machine.logicalCores)) {
    lower('medium');
    doubts.push('other programs kept cores busy while it measured');
  }
  const uneven = unevenCpus(ctx.machine);
  if (uneven) {
    lower('medium');
    doubts.push(unevenCpusWords(uneven));
  }
  // The explanation or the warning gives the figures.
  if (sharedCpus(ctx.machine)) {
    lower('medium');
    doubts.push('the CPUs gave less than their count together');
  }
  // A family that could not run at all was not measured: what it would gain is unknown.
  for (const failure of familyFailures(facts)) {
    lower('medium');
    const what = failure.error.kind === 'timeout' ? 'never finished' : failure.error.kind === 'crashed' || failure.error.kind === 'worker-crashed' ? 'crashed' : 'could not run';
    doubts.push(`${failure.name} ${what}, so what they would gain is not measured`);
  }
  // The same code on the same inputs timed this far apart: the baseline under every speedup moved
  // with the machine (on this 2-core host: 943, 987, 944 and 613 ms in one profile), or with the
  // code's own first calls (numpy work whose first call in a fresh process took 0.3–0.5 s, not
  // 0.13 s, in about half the launches: 1.45, 1.19 and 1.06 s for the same pass).
  const swing = timingSwing(serial);
  if (swing.ratio >= UNEVEN_CPUS) {
    lower('medium');
    doubts.push(`serial's own timings varied ${swing.ratio.toFixed(2)}× (${formatSeconds(swing.min)} to ${formatSeconds(swing.max)}): the same code on the same inputs ran at different speeds — other load or a slower CPU, or calls that cost more in some processes than in others (a first call that touches memory or sets up state in a fresh process)`);
  }
  // A serial run computing on one core is beaten at most a core per worker: a larger gain says
  // serial's median was slowed (a slow CPU, other load), and its fastest timing tells more.
  const cores = Math.min(recommended.workers, usableCoreCounts(ctx.machine).logicalCores);
  const computesOnOne = (facts.serialCpuShare ?? 0) >= CPU_HEAVY && facts.serialCores !== null && facts.serialCores <= ONE_CORE;
  if (recommended.executor !== 'serial' && computesOnOne && recommended.speedup !== null && recommended.speedup > cores * PAST_THE_CORES) {
    const fastestSerial = Math.min(...noiseRepeats(serial));
    const againstFastest = fastestSerial / recommended.wallSeconds;
    const past = `${formatSpeedup(recommended.speedup)} is more than ${plural(cores, 'core')} can give work that computes on one`;
    if (againstFastest <= cores * PAST_THE_CORES) {
      lower('low');
      doubts.push(`${past}, so serial's median (${formatSeconds(serial.wallSeconds)}) was slowed: against its fastest timing (${formatSeconds(fastestSerial)}), ${runLabel(recommended)} gains ${formatSpeedup(againstFastest)}`);
    } else {
      // Even serial's fastest timing leaves the gain past the cores: serial ran on a slower CPU
      // throughout, or the split data fits caches the whole did not.
      lower('medium');
      doubts.push(`${past}, even against serial's fastest timing: serial may have run on a slower CPU throughout, or each worker's share fits caches the whole did not`);
    }
  }
  if (recommended.executor !== 'serial' && recommended.speedupLow !== null && recommended.speedupLow !== undefined && recommended.speedupLow < HELPS) {
    lower('medium');
    doubts.push(`the gain of ${runLabel(recommended)}, ${range(recommended)}, may be as small as ${formatSpeedup(recommended.speedupLow)}`);
  }
  // A setup that hung elsewhere is never advised (hazards.ts): its speed is no reason for doubt.
  const fastest = fastestRun(ctx.runs.filter((run) => !leftOut(facts.choosing.unsafe, run)));
  const fastestOfAll = fastestRun(ctx.runs);
  const notAdvised = fastestOfAll && fastestOfAll !== fastest ? ` but for the ${setupKey(fastestOfAll)} left out` : '';
  const tied = fastest !== null && fastest !== recommended && levelWith(recommended, fastest);
  if (recommended.executor === 'serial') {
    // The run whose interval reaches highest: the one serial is least sure to match.
    const rival = ctx.runs
      .filter((run) => run.executor !== 'serial' && run.workers > 1 && run.error === null && !leftOut(facts.choosing.unsafe, run) && (run.speedupHigh ?? 0) >= HELPS)
      .reduce<Run | null>((top, run) => (top === null || (run.speedupHigh ?? 0) > (top.speedupHigh ?? 0) ? run : top), null);
    if (rival) {
      lower('medium');
      // The fastest measured is named below with its interval: say it once.
      if (!(tied && rival === fastest)) doubts.push(`${runLabel(rival)}, at ${range(rival)}, might gain up to ${formatSpeedup(rival.speedupHigh)}`);
    }
  }

  const startsFirst = !tied && fastest !== null && fastest !== recommended && startsAhead(recommended, fastest);
  const tie = tied && fastest
    ? ` The fastest measured${notAdvised}, ${runLabel(fastest)} at ${range(fastest)}, is within the noise or ${Math.round(((fastest.executor === recommended.executor ? SAME_EXECUTOR_MARGIN : NEAR_FASTEST) - 1) * 100)}% of ${runLabel(recommended)}, so the simpler configuration is advised.`
    : startsFirst && fastest
      ? ` The fastest measured once started${notAdvised}, ${runLabel(fastest)} at ${range(fastest)}, took ${formatSeconds(fastest.startupSeconds)} to start against ${formatSeconds(recommended.startupSeconds)}: with start-up, ${runLabel(recommended)} finishes the run first, so it is advised.`
      : '';
  if (doubts.length === 0 && level === 'high') {
    return { level, sentence: `Confidence: high — ${runLabel(recommended)} ${recommended.executor === 'serial' ? `is not beaten by ${formatSpeedup(HELPS)} or more even at the top of the noise` : `at ${range(recommended)} is clear of the noise`} over ${noiseRepeats(serial).length} repeats of serial.${tie}` };
  }
  if (doubts.length === 0) return { level, sentence: `Confidence: ${level} —${tie.replace(' The fastest', ' the fastest')}` };
  return { level, sentence: `Confidence: ${level} — ${doubts.join('; ')}.${tie}` };
}

/** A timing this long outlasts the bursts of other load a shared machine has (tens of ms): a
 * 25 ms burst moves it by 10% at most. Serial runs shorter than this are timed in loops. */
export const LOOP_SECONDS = 0.25;
/** Most passes per timing: a function this fast is measured by other means (timeit). */
const MAX_LOOPS = 1000;

/**
 * After the first serial run: how many passes over the inputs each timing may make (calibration
 * loops, as pyperf and hyperfine calibrate theirs) so that serial's timing lasts LOOP_SECONDS — 1
 * when it already does or was not measured. Every configuration then times up to that many
 * passes, stopping once LOOP_SECONDS have passed, and reports one pass's mean: the same work
 * per pass, dispatch and tail included, as the user's single run over the inputs.
 */
export function loopsFor(serialWallSeconds: number | null): number {
  if (serialWallSeconds === null || !Number.isFinite(serialWallSeconds) || serialWallSeconds >= LOOP_SECONDS) return 1;
  if (serialWallSeconds <= 0) return MAX_LOOPS;
  return Math.min(MAX_LOOPS, Math.ceil(LOOP_SECONDS / serialWallSeconds));
}
