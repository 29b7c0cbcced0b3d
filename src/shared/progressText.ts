// What a running profile says about itself on every surface (CLI live line, progress notification,
// status bar, Results panel): the configuration running, the time spent and roughly the time left.
// Progress reads in time, not "5 of 16": the plan grows while it runs.

import { formatDuration, formatTimeLeft } from './format';

export interface ProgressTiming {
  elapsedSeconds: number;
  /** Roughly the seconds left; null until the serial baseline says how long one pass takes. */
  leftSeconds: number | null;
}

/** "12 s elapsed, about 20 s left". */
export function timingText(timing: ProgressTiming): string {
  return `${formatDuration(timing.elapsedSeconds)} elapsed, ${formatTimeLeft(timing.leftSeconds)}`;
}

/** "process (fork) × 2 … 12 s elapsed, about 20 s left"; "starting … 2 s elapsed, …" before the first configuration. */
export function progressLine(current: string | null, timing: ProgressTiming): string {
  return `${current ?? 'starting'} … ${timingText(timing)}`;
}

/**
 * The time since the profile started and the time left as of now. The engine estimates the time
 * left after each configuration; between two estimates the time passing counts it down, so the
 * figure stays current while one long configuration runs (down to zero, never below).
 */
export class ProgressClock {
  private readonly started: number;
  private left: number | null = null;
  private leftSince: number;

  constructor(private readonly nowSeconds: () => number = () => performance.now() / 1000) {
    this.started = nowSeconds();
    this.leftSince = this.started;
  }

  /** A fresh estimate from the engine. */
  estimate(leftSeconds: number | null): void {
    this.left = leftSeconds;
    this.leftSince = this.nowSeconds();
  }

  timing(): ProgressTiming {
    const now = this.nowSeconds();
    return {
      elapsedSeconds: now - this.started,
      leftSeconds: this.left === null ? null : Math.max(0, this.left - (now - this.leftSince)),
    };
  }
}
