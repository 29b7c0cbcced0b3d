// Per-core CPU load from the kernel's tick counters (/proc/stat on Linux, os.cpus() elsewhere), one
// shared timer for every consumer: every 100 ms for the live core view, every 10 ms while a run is
// recorded, so even a 0.17 s run lines up with its tasks (see RECORDING_INTERVAL_MS).

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import os from 'node:os';
import type { CoreSamples } from '../shared/report';

/**
 * Cumulative time a logical core spent in each state since boot, in ms (the shape of
 * os.cpus()[i].times). Only ratios of deltas are used, so the unit need not be exact.
 */
export interface CpuTicks {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
}

export interface CoreLoad {
  /**
   * Seconds on the process.hrtime clock (monotonic; equals Python's time.monotonic on Linux)
   * when the counters were read. The load is the average over the interval that ends here.
   */
  time: number;
  /** Percent busy (0..100) per logical core. */
  load: number[];
}

export interface Subscription {
  dispose(): void;
}

export interface Recording {
  /** Ends the recording and returns its samples; later calls return the same samples. */
  stop(): CoreLoad[];
  /** The time between the samples stop() returned (a long run's are merged into coarser cells). */
  readonly intervalSeconds: number;
}

/** What the timer functions return; Node's Timeout has unref(), a fake one need not. */
export interface TimerHandle {
  unref?(): unknown;
}

export interface CoreSamplerOptions {
  /** The rate while only live subscribers listen (the Core Utilization view). */
  intervalMs?: number;
  /** The rate while a recording is open. */
  recordingIntervalMs?: number;
  /** Each recorded sample is the load over this many readings centred on it (odd; 1 = raw). */
  recordingWindow?: number;
  readTicks?: () => CpuTicks[];
  /** Seconds on a monotonic clock. */
  now?: () => number;
  setInterval?: (callback: () => void, ms: number) => TimerHandle;
  clearInterval?: (handle: TimerHandle) => void;
  /** Where a listener's exception goes; one faulty listener must not stop the others or the timer. */
  onListenerError?: (error: unknown) => void;
}

export const DEFAULT_SAMPLE_INTERVAL_MS = 100;

/**
 * While a configuration runs, the counters are read every 10 ms, so a 0.17 s run gets 17 cells
 * (at 100 ms it got 5, too coarse to line up with its tasks). The kernel counts in 10 ms ticks
 * (USER_HZ), so a single 10 ms reading can only say 0% or 100%. `bench/samplerResolution.ts` runs a
 * known pattern of 5-60 ms busy and idle stretches on one core and compares each choice with it
 * on a 10 ms grid: raw 10 ms readings were closest on average (mean error 17.9 points), smoothing
 * over 3 or 5 readings further off (22.9, 31.9) though with fewer cells far off (90th percentile
 * 66 and 62 points against 92), and 20 ms cells (23.3) too coarse for 15 cells. So the window is
 * 1 (raw); smoothSamples stays for the bench and for a machine where that comparison comes out
 * the other way.
 */
export const RECORDING_INTERVAL_MS = 10;
export const RECORDING_WINDOW = 1;
/** Cells wanted per run: at least 15 line up with its tasks; 20 leave room for a run shorter than expected. */
export const CELLS_PER_RUN = 20;

/**
 * The recording interval for a run expected to take `expectedSeconds`: as slow as still gives it
 * CELLS_PER_RUN cells, between the fastest (10 ms) and the idle rate (100 ms), in whole 10 ms
 * ticks. Reading the counters costs about 32 µs (`bench/sampler.ts`): 0.3% of a core at 100 Hz,
 * so only runs under 0.2 s are sampled that fast; a 1 s run is sampled every 50 ms.
 */
export function recordingIntervalFor(expectedSeconds: number | null | undefined, fastestMs = RECORDING_INTERVAL_MS, slowestMs = DEFAULT_SAMPLE_INTERVAL_MS): number {
  if (expectedSeconds === null || expectedSeconds === undefined || !(expectedSeconds > 0)) return fastestMs;
  const ms = Math.floor((expectedSeconds * 1000) / CELLS_PER_RUN / fastestMs) * fastestMs;
  return Math.min(slowestMs, Math.max(fastestMs, ms));
}
/** A run longer than this many recorded samples (10 s) keeps coarser cells, so a report stays the size it was. */
export const MAX_RECORDED_CELLS = 1000;

/** The process.hrtime clock in seconds: the same CLOCK_MONOTONIC the Python harness stamps tasks with. */
export function monotonicSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Linux reports /proc/stat in USER_HZ, which is 100 on every architecture it runs on. */
const MS_PER_USER_HZ_TICK = 10;

/**
 * The per-core lines of /proc/stat as CpuTicks. Unlike os.cpus(), which drops iowait and softirq,
 * iowait counts as idle (the core had nothing to run) and softirq as busy; steal counts as neither.
 */
export function parseProcStat(text: string): CpuTicks[] {
  const cores: CpuTicks[] = [];
  for (const line of text.split('\n')) {
    const match = /^cpu\d+\s+(.*)$/.exec(line);
    if (!match) continue;
    const [user, nice, sys, idle, iowait = 0, irq = 0, softirq = 0] = match[1].trim().split(/\s+/).map(Number);
    cores.push({
      user: user * MS_PER_USER_HZ_TICK,
      nice: nice * MS_PER_USER_HZ_TICK,
      sys: sys * MS_PER_USER_HZ_TICK,
      idle: (idle + iowait) * MS_PER_USER_HZ_TICK,
      irq: (irq + softirq) * MS_PER_USER_HZ_TICK,
    });
  }
  return cores;
}

export function readOsCpusTicks(): CpuTicks[] {
  return os.cpus().map((cpu) => cpu.times);
}

let statBuffer: Buffer | null = null;
/** Kept open: a read at offset 0 makes the kernel write the file afresh, and at 100 readings a
 * second while a run is recorded, opening and closing it each time cost two system calls more. */
let statFd: number | null = null;

/**
 * The per-core head of /proc/stat: one read into a reused buffer, decoding only the lines before
 * "intr" (which alone can be kilobytes). os.cpus() reads /proc/cpuinfo too, and costs more.
 */
function readProcStatHead(): string {
  statBuffer ??= Buffer.allocUnsafe(64 * 1024);
  let length: number;
  try {
    statFd ??= openSync('/proc/stat', 'r');
    length = readSync(statFd, statBuffer, 0, statBuffer.length, 0);
  } catch (error) {
    const stale = statFd;
    statFd = null;
    if (stale !== null) {
      try {
        closeSync(stale);
      } catch {
        // Already gone; the next reading opens it again.
      }
    }
    throw error;
  }
  const end = statBuffer.indexOf('\nintr', 0, 'latin1');
  if (end >= 0 && end < length) return statBuffer.toString('latin1', 0, end);
  // Hundreds of cores overflow the buffer: read the whole file rather than lose the last ones.
  return length === statBuffer.length ? readFileSync('/proc/stat', 'latin1') : statBuffer.toString('latin1', 0, length);
}

/** /proc/stat on Linux (cheap, iowait counted right), os.cpus() elsewhere or when it fails. */
export function readCpuTicks(): CpuTicks[] {
  if (process.platform === 'linux') {
    try {
      const cores = parseProcStat(readProcStatHead());
      if (cores.length > 0) return cores;
    } catch {
      // Restricted sandboxes hide /proc; os.cpus() may still answer.
    }
  }
  return readOsCpusTicks();
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function busyOf(ticks: CpuTicks): number {
  return finite(ticks.user) + finite(ticks.nice) + finite(ticks.sys) + finite(ticks.irq);
}

/**
 * Percent busy per core between two readings. A core with no previous reading reads 0; a counter
 * that went backwards (seen on some VMs for idle) counts as no progress, so the result is always
 * a number in 0..100.
 */
export function coreLoadFromTicks(prev: CpuTicks[], next: CpuTicks[]): number[] {
  return next.map((after, core) => {
    const before = prev[core];
    if (!before) return 0;
    const busy = Math.max(0, busyOf(after) - busyOf(before));
    const idle = Math.max(0, finite(after.idle) - finite(before.idle));
    const total = busy + idle;
    if (total <= 0) return 0;
    return Math.min(100, Math.max(0, (100 * busy) / total));
  });
}

/**
 * Each sample replaced by the load over the `window` samples centred on it, weighted by the time
 * each covers (a late timer covers more); at the edges the window is what there is. Sums of
 * load × time over the whole recording stay nearly the same, so other-load figures hold.
 */
export function smoothSamples(samples: readonly CoreLoad[], window: number, intervalSeconds: number): CoreLoad[] {
  const half = Math.max(0, Math.floor(window / 2));
  if (half === 0 || samples.length < 2) return [...samples];
  const spans = samples.map((sample, at) => (at === 0 ? intervalSeconds : Math.max(0, sample.time - samples[at - 1].time)));
  return samples.map((sample, at) => {
    const from = Math.max(0, at - half);
    const to = Math.min(samples.length - 1, at + half);
    const cores = sample.load.length;
    const load = new Array<number>(cores).fill(0);
    let total = 0;
    for (let other = from; other <= to; other++) {
      total += spans[other];
      for (let core = 0; core < cores; core++) load[core] += spans[other] * (samples[other].load[core] ?? 0);
    }
    return { time: sample.time, load: total > 0 ? load.map((busy) => busy / total) : [...sample.load] };
  });
}

/** Every `every` consecutive samples merged into one cell at the last one's time, weighted by the time each covers. */
export function mergeSamples(samples: readonly CoreLoad[], every: number, intervalSeconds: number): CoreLoad[] {
  if (every <= 1) return [...samples];
  const merged: CoreLoad[] = [];
  for (let first = 0; first < samples.length; first += every) {
    const group = samples.slice(first, first + every);
    const average = new LoadAverage();
    // The group's first sample covers the time since the sample before it.
    average.add({ time: first > 0 ? samples[first - 1].time : group[0].time - intervalSeconds, load: group[0].load });
    for (const sample of group) average.add(sample);
    merged.push({ time: group[group.length - 1].time, load: average.take() });
  }
  return merged;
}

/**
 * The load over several samples, weighted by the time each covers: what a view that shows fewer
 * samples than the sampler takes (4 a second while a run records at 100) should show, rather than
 * the last 10 ms reading, which is only ever 0% or 100%.
 */
export class LoadAverage {
  private sums: number[] = [];
  private span = 0;
  private last: number | null = null;
  private latest: number[] = [];

  add(sample: CoreLoad): void {
    // The very first sample's span is unknown; it is shown alone if nothing follows it.
    const weight = this.last === null ? 0 : Math.max(0, sample.time - this.last);
    this.last = sample.time;
    this.latest = sample.load;
    sample.load.forEach((load, core) => (this.sums[core] = (this.sums[core] ?? 0) + load * weight));
    this.span += weight;
  }

  /** The average since the last take(), and a fresh start. */
  take(): number[] {
    const load = this.span > 0 ? this.latest.map((_, core) => (this.sums[core] ?? 0) / this.span) : [...this.latest];
    this.sums = [];
    this.span = 0;
    return load;
  }
}

/**
 * The report's shape for a recording: times relative to `origin` (the kept repeat's first submit,
 * same clock), rows padded with 0 to the widest row so a core that went offline reads idle.
 */
export function toCoreSamples(samples: CoreLoad[], origin: number, intervalSeconds: number): CoreSamples {
  const cores = samples.reduce((widest, sample) => Math.max(widest, sample.load.length), 0);
  return {
    intervalSeconds,
    t: samples.map((sample) => sample.time - origin),
    load: samples.map((sample) => Array.from({ length: cores }, (_, core) => sample.load[core] ?? 0)),
  };
}

export class CoreSampler {
  readonly intervalMs: number;
  readonly recordingIntervalMs: number;
  private readonly recordingWindow: number;
  private recordings = 0;
  private timerMs = 0;
  /** The open recording's interval. */
  private recordingMs = RECORDING_INTERVAL_MS;
  private readonly readTicks: () => CpuTicks[];
  private readonly now: () => number;
  private readonly startTimer: (callback: () => void, ms: number) => TimerHandle;
  private readonly stopTimer: (handle: TimerHandle) => void;
  private readonly onListenerError: (error: unknown) => void;
  private readonly listeners = new Set<(sample: CoreLoad) => void>();
  private timer: TimerHandle | null = null;
  private previous: CpuTicks[] | null = null;
  private disposed = false;

  constructor(options: CoreSamplerOptions = {}) {
    this.intervalMs = options.intervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
    this.recordingIntervalMs = options.recordingIntervalMs ?? RECORDING_INTERVAL_MS;
    this.recordingWindow = options.recordingWindow ?? RECORDING_WINDOW;
    this.readTicks = options.readTicks ?? readCpuTicks;
    this.now = options.now ?? monotonicSeconds;
    this.startTimer = options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
    this.stopTimer = options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
    this.onListenerError = options.onListenerError ?? ((error) => console.error('core sampler listener failed:', error));
  }

  /** The interval of a recording's samples, as the report's coreSamples.intervalSeconds says it. */
  get intervalSeconds(): number {
    return this.recordingIntervalMs / 1000;
  }

  /** True while the timer runs, i.e. while anyone listens. */
  get running(): boolean {
    return this.timer !== null;
  }

  subscribe(listener: (sample: CoreLoad) => void): Subscription {
    if (this.disposed) throw new Error('The core sampler was disposed; create a new one.');
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry = (sample: CoreLoad) => listener(sample);
    this.listeners.add(entry);
    if (!this.timer) this.start();
    return {
      dispose: () => {
        if (!this.listeners.delete(entry)) return;
        if (this.listeners.size === 0) this.stop();
      },
    };
  }

  /** Records the cores until stop(); `expectedSeconds`, the run's expected length, sets how often
   * (recordingIntervalFor): fast for a short run, at the idle rate for a long one. */
  record(expectedSeconds?: number | null): Recording {
    const samples: CoreLoad[] = [];
    this.recordings++;
    this.recordingMs = recordingIntervalFor(expectedSeconds, this.recordingIntervalMs, this.intervalMs);
    const subscription = this.subscribe((sample) => samples.push(sample));
    this.keepPace();
    let result: CoreLoad[] | null = null;
    let every = 1;
    const interval = this.recordingMs / 1000;
    return {
      stop: () => {
        if (result) return result;
        this.recordings--;
        subscription.dispose();
        this.keepPace();
        every = Math.max(1, Math.ceil(samples.length / MAX_RECORDED_CELLS));
        result = mergeSamples(smoothSamples(samples, this.recordingWindow, interval), every, interval);
        return result;
      },
      get intervalSeconds() {
        return interval * every;
      },
    };
  }

  /** The timer's rate follows who listens: fast while a recording is open, else the idle rate. */
  private keepPace(): void {
    const wanted = this.recordings > 0 ? this.recordingMs : this.intervalMs;
    if (!this.timer || this.timerMs === wanted) return;
    // The last reading stays the baseline: the next sample covers the time since it.
    this.stopTimer(this.timer);
    this.timer = this.startTimer(() => this.tick(), wanted);
    this.timer.unref?.();
    this.timerMs = wanted;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.previous = this.safeRead();
    this.timerMs = this.recordings > 0 ? this.recordingMs : this.intervalMs;
    const timer = this.startTimer(() => this.tick(), this.timerMs);
    // Sampling is a side activity: it must never keep the CLI or a test process alive.
    timer.unref?.();
    this.timer = timer;
  }

  private stop(): void {
    if (this.timer) this.stopTimer(this.timer);
    this.timer = null;
    this.previous = null;
  }

  private safeRead(): CpuTicks[] | null {
    try {
      return this.readTicks();
    } catch {
      return null;
    }
  }

  private tick(): void {
    const ticks = this.safeRead();
    const time = this.now();
    const previous = this.previous;
    this.previous = ticks;
    // Cores were hot-plugged (os.cpus lists online cores only, so indices shift) or the read
    // failed: this interval has no meaningful delta, so start afresh from this reading.
    if (!ticks || !previous || previous.length !== ticks.length) return;
    const sample: CoreLoad = { time, load: coreLoadFromTicks(previous, ticks) };
    for (const listener of [...this.listeners]) {
      // A listener may dispose another during this loop; a disposed one gets nothing more.
      if (!this.listeners.has(listener)) continue;
      try {
        listener(sample);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
