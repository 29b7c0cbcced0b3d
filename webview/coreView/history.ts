// The last ~30 s of load per logical core, for the sparklines. Times are seconds on the sampler's
// monotonic clock (CoreLoad.time), so only differences matter.

export const HISTORY_SECONDS = 30;
/** A cap in case samples arrive faster than 10 Hz. */
const MAX_SAMPLES = 600;

export interface Sample {
  time: number;
  load: number[];
}

export class LoadHistory {
  private samples: Sample[] = [];

  add(sample: Sample): void {
    const last = this.samples[this.samples.length - 1];
    // A clock that goes back means the sampler restarted: old points no longer share its origin.
    if (last && sample.time < last.time) this.samples = [];
    this.samples.push(sample);
    const oldest = sample.time - HISTORY_SECONDS;
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop].time < oldest || this.samples.length - drop > MAX_SAMPLES)) drop++;
    if (drop > 0) this.samples = this.samples.slice(drop);
  }

  get all(): readonly Sample[] {
    return this.samples;
  }

  get latest(): Sample | null {
    return this.samples[this.samples.length - 1] ?? null;
  }
}

/** Draws one core's history, newest at the right edge, over a fixed 30 s window. */
export function drawSparkline(
  context: CanvasRenderingContext2D,
  samples: readonly Sample[],
  core: number,
  width: number,
  height: number,
  colors: { line: string; fill: string; frame: string },
): void {
  // The frame shows the full 30 s window even before it has filled.
  context.fillStyle = colors.frame;
  context.fillRect(0, height - 1, width, 1);
  const newest = samples[samples.length - 1];
  if (!newest) return;
  const x = (time: number) => width - ((newest.time - time) / HISTORY_SECONDS) * width;
  const y = (load: number) => height - 1 - (Math.max(0, Math.min(100, load)) / 100) * (height - 2);
  context.beginPath();
  samples.forEach((sample, index) => {
    const px = x(sample.time);
    const py = y(sample.load[core] ?? 0);
    if (index === 0) context.moveTo(px, py);
    else context.lineTo(px, py);
  });
  context.strokeStyle = colors.line;
  context.lineWidth = 1;
  context.stroke();
  context.lineTo(x(newest.time), height);
  context.lineTo(x(samples[0].time), height);
  context.closePath();
  context.fillStyle = colors.fill;
  context.globalAlpha = 0.25;
  context.fill();
  context.globalAlpha = 1;
}
