// What a bigger machine would give: a fit of the measured sweep of the recommended executor,
// projected to 4, 8, 16, 32 and 64 cores (or, for waiting work, concurrent tasks), with a band.
// Pure, in src/shared: the panel draws it and the CLI prints it from the same numbers.
//
// Two models of the time at n workers, as a share of serial's, each with a per-worker overhead k:
//   Amdahl:     s + (1 − s)/n + k(n − 1)     (a serial part that runs alone)
//   bottleneck: max(s, 1/n) + k(n − 1)       (a serial part that overlaps the others' work, as a
//                                             lock or a dispatcher does: it caps the speedup at 1/s)
// Each is fitted for every serial share s on a grid (k by weighted least squares, relative errors).
// The projection is the best fit's; its band spans every fit of either model whose error is within
// the measurements' own noise of the best, widened by that error — so a sweep that has not yet
// shown where scaling stops gets a wide band, not a confident line. Where the band is more than 2×
// wide the figure given is its geometric middle, and the words give the range.

import { executorFamily, NODE_THREAD_POOL } from './executors';
import { formatPercent, formatSeconds, formatSpeedup } from './format';
import { callSpread } from './unevenCalls';
import { workCpuSeconds, type Report, type Run } from './report';

export const PROJECTED_COUNTS = [4, 8, 16, 32, 64] as const;
/** A projected speedup this far under the curve's peak is said as falling back from it. */
const FALLS_BACK = 0.97;
/** A fit whose relative RMS error over the measured counts is above this does not describe them. */
export const POOR_FIT_ERROR = 0.1;
/** Measured counts a fit needs: two parameters, and one more to check them against. */
export const MIN_COUNTS = 3;
/** A serial run computing less than this share of its wall is waiting work: the axis is concurrency. */
const WAITING_CPU_SHARE = 0.5;
/** The least noise assumed for the band, for repeats that happen to agree exactly. */
const MIN_NOISE = 0.02;
const GRID_STEPS = 400;
/** A band wider than this ratio (high ÷ low) is not summed up by its middle: the words give the range. */
export const CONFIDENT_RATIO = 2;
/** A per-worker cost below this (0.1% of serial) would read as 0.0%: not worth a clause. */
const VISIBLE_OVERHEAD = 0.001;

export type ProjectionModel = 'amdahl' | 'bottleneck';

export interface ProjectedPoint {
  count: number;
  speedup: number;
  low: number;
  high: number;
  /** Within the measured counts: a fit, not an extrapolation. */
  measured: boolean;
  /** The band is narrow enough (high ÷ low ≤ CONFIDENT_RATIO) for `speedup` to stand for it. */
  confident: boolean;
}

export type Projection =
  | {
      kind: 'projected';
      /** The configuration projected, e.g. "process (fork)". */
      name: string;
      executor: Run['executor'];
      startMethod: Run['startMethod'];
      axis: 'cores' | 'concurrency';
      model: ProjectionModel;
      serialShare: number;
      overheadPerWorker: number;
      /** Relative RMS error of the fit over the measured counts. */
      fitError: number;
      measuredCounts: number[];
      points: ProjectedPoint[];
      /** One sentence for people, e.g. "On 16 cores, process (fork) would reach about 9× (7–11×): 6% of the work is serial." */
      words: string;
    }
  | { kind: 'none'; words: string };

interface Point {
  workers: number;
  /** Wall ÷ serial wall, with the repeats' best and worst. */
  share: number;
  shareLow: number;
  shareHigh: number;
}

interface Fit {
  model: ProjectionModel;
  serialShare: number;
  overhead: number;
  error: number;
}

function base(model: ProjectionModel, serialShare: number, workers: number): number {
  return model === 'amdahl' ? serialShare + (1 - serialShare) / workers : Math.max(serialShare, 1 / workers);
}

/** The speedup a fit gives at `workers`. */
export function fittedSpeedup(fit: Pick<Fit, 'model' | 'serialShare' | 'overhead'>, workers: number): number {
  return 1 / (base(fit.model, fit.serialShare, workers) + fit.overhead * (workers - 1));
}

/** The best overhead for one model and serial share, and its error (relative RMS over the points);
 * none when each worker costs nothing to add (`perWorkerCost` false). */
function fitAt(model: ProjectionModel, serialShare: number, points: Point[], perWorkerCost = true): Fit {
  let numerator = 0;
  let denominator = 0;
  for (const point of points) {
    const slope = (point.workers - 1) / point.share;
    numerator += slope * ((point.share - base(model, serialShare, point.workers)) / point.share);
    denominator += slope * slope;
  }
  const overhead = perWorkerCost && denominator > 0 ? Math.max(0, numerator / denominator) : 0;
  const squares = points.map((point) => ((base(model, serialShare, point.workers) + overhead * (point.workers - 1) - point.share) / point.share) ** 2);
  return { model, serialShare, overhead, error: Math.sqrt(squares.reduce((a, b) => a + b, 0) / points.length) };
}

/** Every fit on the grid, both models. */
export function fitsOf(points: Point[], perWorkerCost = true): Fit[] {
  const fits: Fit[] = [];
  for (const model of ['amdahl', 'bottleneck'] as const) {
    for (let step = 0; step <= GRID_STEPS; step++) fits.push(fitAt(model, step / GRID_STEPS, points, perWorkerCost));
  }
  return fits;
}

function repeatRange(run: Run): { min: number; max: number } {
  const walls = run.repeats.filter((wall, index) => Number.isFinite(wall) && !run.outliers.includes(index));
  return walls.length > 0 ? { min: Math.min(...walls), max: Math.max(...walls) } : { min: run.wallSeconds as number, max: run.wallSeconds as number };
}

function isWaiting(report: Report, serial: Run): boolean {
  if (report.verdict.kind === 'io-bound') return true;
  // The programs the calls ran computed for them: waiting for them is not waiting work.
  const cpu = serial.cpuSeconds === null ? null : workCpuSeconds(serial);
  return cpu !== null && serial.wallSeconds !== null && cpu < WAITING_CPU_SHARE * serial.wallSeconds;
}

function nameOf(run: Pick<Run, 'executor' | 'startMethod'>): string {
  return run.startMethod ? `${run.executor} (${run.startMethod})` : run.executor;
}

/** The projection of a report's recommended executor, or a sentence saying why there is none. */
export function projectReport(report: Report): Projection {
  const best = report.verdict.best;
  const serial = report.runs.find((run) => run.executor === 'serial' && run.error === null && run.wallSeconds !== null && run.wallSeconds > 0);
  if (!serial) return { kind: 'none', words: 'No projection to bigger machines: serial did not run to the end, so there is no baseline to scale from.' };
  if (!best || best.executor === 'serial') return { kind: 'none', words: 'No projection to bigger machines: no executor beat serial here, so there is no scaling to extend.' };
  const waiting = isWaiting(report, serial);
  // Async calls that compute gain from Node's thread pool, whose size is a setting, not the cores.
  if (best.executor === 'async' && report.verdict.kind === 'gil-free') {
    return { kind: 'none', words: `No projection to bigger machines for async: their computing runs in Node's thread pool, whose size (${NODE_THREAD_POOL} threads by default, UV_THREADPOOL_SIZE) caps the gain however many cores there are.` };
  }
  const axis = waiting ? 'concurrency' : 'cores';
  const name = nameOf(best);
  const serialWall = serial.wallSeconds as number;
  const serialRange = repeatRange(serial);
  // One sweep: a run with its libraries' threads held is a measured fix beside it, not a point of it.
  const runs = report.runs.filter(
    (run) => run.executor === best.executor && run.startMethod === best.startMethod && (run.libraryThreads ?? null) === (best.libraryThreads ?? null) && run.error === null && run.wallSeconds !== null && run.wallSeconds > 0,
  );
  // CPU work beyond the physical cores measures the machine's limit, not the code's.
  const fitted = waiting || executorFamily(best.executor) === 'serial' ? runs : runs.filter((run) => run.workers <= report.machine.physicalCores);
  const points: Point[] = [
    { workers: 1, share: 1, shareLow: serialRange.min / serialWall, shareHigh: serialRange.max / serialWall },
    ...fitted.map((run) => {
      const range = repeatRange(run);
      return { workers: run.workers, share: (run.wallSeconds as number) / serialWall, shareLow: range.min / serialWall, shareHigh: range.max / serialWall };
    }),
  ];
  const counts = [...new Set(points.map((point) => point.workers))].sort((a, b) => a - b);
  if (counts.length < MIN_COUNTS) {
    return {
      kind: 'none',
      words: waiting
        ? `No projection for ${name}: it was measured at ${counts.length} concurrency level${counts.length === 1 ? '' : 's'} (${counts.join(', ')}), and a fit needs ${MIN_COUNTS}.`
        : `No projection to bigger machines for ${name}: CPU work is fitted only up to the physical cores, and this machine's ${report.machine.physicalCores} give ${counts.length} measured count${counts.length === 1 ? '' : 's'} (${counts.join(', ')}); a fit needs ${MIN_COUNTS}. Profile on a machine with at least 4 cores to project.`,
    };
  }
  // Another async call in flight starts no thread or process: what caps them is the calls' own
  // JavaScript, one at a time on the event loop — a part that runs one at a time, not a cost per
  // call (16 waiting calls that flattened from 8 to 16 in flight had been projected to fall back
  // from 4.9× to 3.0× at 32, "each worker adds 0.9%"; measured, 32 in flight held 5.9×).
  const fits = fitsOf(points, best.executor !== 'async');
  const bestFit = fits.reduce((a, b) => (b.error < a.error ? b : a));
  if (bestFit.error > POOR_FIT_ERROR) {
    const model = best.executor === 'async' ? 'a serial part' : 'a serial part and a per-worker cost';
    return { kind: 'none', words: `No projection for ${name}: no model of ${model} fits the measured counts (the best is off by ${formatPercent(bestFit.error)} on average), so a bigger machine cannot be predicted from them.` };
  }
  const spreads = points.map((point) => (point.shareHigh - point.shareLow) / 2 / point.share);
  const noise = Math.max(MIN_NOISE, spreads.reduce((a, b) => a + b, 0) / spreads.length);
  const plausible = fits.filter((fit) => fit.error <= bestFit.error + noise);
  const widen = bestFit.error + noise;
  const maxMeasured = Math.max(...counts);
  const projectedPoints = PROJECTED_COUNTS.map((count): ProjectedPoint => {
    const speedups = plausible.map((fit) => fittedSpeedup(fit, count));
    const low = Math.min(...speedups) * (1 - widen);
    const high = Math.max(...speedups) * (1 + widen);
    const confident = high <= CONFIDENT_RATIO * low;
    // A wide band means the fits disagree: the best of them is then a guess, the band's geometric middle a fairer one.
    const speedup = confident ? fittedSpeedup(bestFit, count) : Math.sqrt(low * high);
    return { count, speedup, low, high, measured: count <= maxMeasured, confident };
  });
  return {
    kind: 'projected',
    name,
    executor: best.executor,
    startMethod: best.startMethod,
    axis,
    model: bestFit.model,
    serialShare: bestFit.serialShare,
    overheadPerWorker: bestFit.overhead,
    fitError: bestFit.error,
    measuredCounts: counts,
    points: projectedPoints,
    words: projectionWords(name, axis, bestFit, projectedPoints, maxMeasured, report.target.inputs.count, best.executor === 'async', longestCall(serial)),
  };
}

/** Serial's longest call, scaled to its wall (unevenCalls.ts), with that wall — where it is well over
 * an even share of the calls (UNEVEN: no count of workers finishes before it) and every span was
 * kept (a report's thinned spans may have dropped it). */
function longestCall(serial: Run): { seconds: number; serialWall: number } | null {
  if (serial.tasksSummary || !serial.wallSeconds) return null;
  const spread = callSpread(serial.tasks, 1, serial.wallSeconds);
  if (!spread || spread.longestShare < UNEVEN / spread.calls) return null;
  return { seconds: spread.longestSeconds, serialWall: serial.wallSeconds };
}

/** A longest call at least this many times an even share of the calls is uneven. */
const UNEVEN = 2;
/** A fitted cap within this share under, or LONGEST_CALL_ABOVE over, serial's wall over its longest call is that call's. */
const LONGEST_CALL_BELOW = 0.2;
const LONGEST_CALL_ABOVE = 0.05;

function projectionWords(name: string, axis: 'cores' | 'concurrency', fit: Fit, points: ProjectedPoint[], maxMeasured: number, inputsCount: number, eventLoop: boolean, longest: { seconds: number; serialWall: number } | null): string {
  const example = points.find((point) => point.count === 16 && !point.measured) ?? points.find((point) => !point.measured) ?? points[points.length - 1];
  // More workers or tasks at a time than inputs need more inputs than this profile had.
  const more = example.count > inputsCount ? ` (given more inputs than the ${inputsCount} here)` : '';
  const where = axis === 'cores' ? `On ${example.count} cores` : `With ${example.count} tasks at a time${more}`;
  const range = `${formatSpeedup(example.low).slice(0, -1)}–${formatSpeedup(example.high)}`;
  const measured = maxMeasured === 1 ? '1 worker' : `1–${maxMeasured} ${axis === 'cores' ? 'workers' : 'tasks at a time'}`;
  if (!example.confident) {
    return `${where}, ${name} would reach between ${formatSpeedup(example.low)} and ${formatSpeedup(example.high)}: the ${measured} measured here fit both a small serial part and one that soon caps the speedup, so they do not yet show where scaling stops. Measure more ${axis === 'cores' ? 'workers' : 'tasks at a time'} to narrow it; the band is dashed beyond them.`;
  }
  const cap = formatSpeedup(1 / Math.max(fit.serialShare, 1e-9));
  // A cap the longest call explains is that call, not a lock: waits of 20 ms and two of 200 ms given
  // last, fitted to 38% "one at a time beside the rest (a lock or the hand-out of tasks)", 2.61×.
  const longestCap = longest && longest.seconds > 0 ? longest.serialWall / longest.seconds : null;
  const fittedCap = 1 / Math.max(fit.serialShare, 1e-9);
  // The bottleneck model's cap, near the longest call's and not past it: the projection never reads above the cap it names.
  const byLongest =
    fit.model === 'bottleneck' && longestCap !== null && fittedCap >= longestCap * (1 - LONGEST_CALL_BELOW) && fittedCap <= longestCap * (1 + LONGEST_CALL_ABOVE);
  const serialPart = byLongest && longest
    ? `its longest call, ${formatSeconds(longest.seconds)} of serial's ${formatSeconds(longest.serialWall)}, runs alone at the end whatever the count, which caps it at ${formatSpeedup(longestCap)} (split that input to go further)`
    : fit.model !== 'bottleneck'
      ? `${formatPercent(fit.serialShare)} of the work is serial`
      : eventLoop
        ? `${formatPercent(fit.serialShare)} of the work runs one call at a time beside the waits (the calls' own JavaScript on the one event loop, or something they share: one connection, a rate limit), which caps it at ${cap}`
        : `${formatPercent(fit.serialShare)} of the work runs one at a time beside the rest (a lock or the hand-out of tasks), which caps it at ${cap}`;
  const overhead = fit.overhead >= VISIBLE_OVERHEAD ? `, and each worker adds ${formatPercent(fit.overhead)} of the serial time` : '';
  // A per-worker cost turns the curve down: past its peak more workers give back what they gained.
  const peak = points.reduce((top, point) => (point.speedup > top.speedup ? point : top));
  // Said only when the whole band lies under the best point: a band reaching past it does not show a fall.
  const falls = peak.count < example.count && example.speedup < peak.speedup * FALLS_BACK && example.high < peak.speedup;
  const unit = axis === 'cores' ? 'workers' : 'tasks at a time';
  // A line under the best point with a band reaching past it: whether more add or cost is open.
  const open = !falls && peak.count < example.count && example.speedup < peak.speedup * FALLS_BACK;
  if (open) {
    return `${where}, ${name} would reach between ${formatSpeedup(example.low)} and ${formatSpeedup(example.high)}: ${serialPart}${overhead}, which leaves open whether more than ${peak.count} ${unit} (${formatSpeedup(peak.speedup)}) still add or already cost. Projected from ${measured} measured here; dashed beyond them.`;
  }
  const reach = falls ? `would fall back to about ${formatSpeedup(example.speedup)} (${range}) from about ${formatSpeedup(peak.speedup)} at ${peak.count} ${unit}` : `would reach about ${formatSpeedup(example.speedup)} (${range})`;
  return `${where}, ${name} ${reach}: ${serialPart}${overhead}. Projected from ${measured} measured here; dashed beyond them.`;
}
