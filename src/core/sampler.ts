// Per-core CPU load every 100 ms from the kernel's tick counters (/proc/stat on Linux, os.cpus()
// elsewhere), one shared timer for every consumer: the live core view and each run's recording.

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
}

/** What the timer functions return; Node's Timeout has unref(), a fake one need not. */
export interface TimerHandle {
  unref?(): unknown;
}

export interface CoreSamplerOptions {
  intervalMs?: number;
  readTicks?: () => CpuTicks[];
  /** Seconds on a monotonic clock. */
  now?: () => number;
  setInterval?: (callback: () => void, ms: number) => TimerHandle;
  clearInterval?: (handle: TimerHandle) => void;
  /** Where a listener's exception goes; one faulty listener must not stop the others or the timer. */
  onListenerError?: (error: unknown) => void;
}

export const DEFAULT_SAMPLE_INTERVAL_MS = 100;

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

/**
 * The per-core head of /proc/stat: one read into a reused buffer, decoding only the lines before
 * "intr" (which alone can be kilobytes). os.cpus() reads /proc/cpuinfo too, and costs more.
 */
function readProcStatHead(): string {
  statBuffer ??= Buffer.allocUnsafe(64 * 1024);
  const fd = openSync('/proc/stat', 'r');
  let length: number;
  try {
    length = readSync(fd, statBuffer, 0, statBuffer.length, 0);
  } finally {
    closeSync(fd);
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
    this.readTicks = options.readTicks ?? readCpuTicks;
    this.now = options.now ?? monotonicSeconds;
    this.startTimer = options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
    this.stopTimer = options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
    this.onListenerError = options.onListenerError ?? ((error) => console.error('core sampler listener failed:', error));
  }

  get intervalSeconds(): number {
    return this.intervalMs / 1000;
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

  record(): Recording {
    const samples: CoreLoad[] = [];
    const subscription = this.subscribe((sample) => samples.push(sample));
    return {
      stop: () => {
        subscription.dispose();
        return samples;
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.previous = this.safeRead();
    const timer = this.startTimer(() => this.tick(), this.intervalMs);
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
