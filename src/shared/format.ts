// Numbers as people read them, in one place for every surface: the CLI table and verdict, the
// Results panel, the HTML export and the CodeLens show the same digits and the same units.
// A value that was not measured reads as a dash, never "NaN" or "Infinity".

const DASH = '—';

/** A number that can be shown and computed with: not null, undefined, NaN or ±Infinity. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Three significant digits without trailing zeros: 500, 13.8, 0.5. */
function significant(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** 1.93×, 12.4×, 128×: two decimals below 10 (where the noise lives), fewer above. */
export function formatSpeedup(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return DASH;
  const magnitude = Math.abs(value);
  // A pool far slower than a plain loop over tiny calls: two figures, not "0.00×".
  if (magnitude > 0 && magnitude < 0.01) return `${value.toPrecision(2)}×`;
  return `${value.toFixed(magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0)}×`;
}

/** A speedup with the range its repeats allow: 1.93× (1.85–1.97). */
export function formatSpeedupRange(value: number | null | undefined, low: number | null | undefined, high: number | null | undefined): string {
  const speedup = formatSpeedup(value);
  if (!isFiniteNumber(value) || !isFiniteNumber(low) || !isFiniteNumber(high)) return speedup;
  return `${speedup} (${formatSpeedup(low).slice(0, -1)}–${formatSpeedup(high).slice(0, -1)})`;
}

/** 130 µs, 13.8 ms, 1.25 s, 312 s. */
export function formatSeconds(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return DASH;
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0 s';
  if (magnitude < 1e-3) return `${significant(value * 1e6)} µs`;
  if (magnitude < 1) return `${significant(value * 1e3)} ms`;
  if (magnitude < 100) return `${value.toFixed(2)} s`;
  return `${value.toFixed(0)} s`;
}

/** A share as a percentage; small shares keep a decimal so 0.2% does not read as 0%. */
export function formatPercent(share: number | null | undefined, digits?: number): string {
  if (!isFiniteNumber(share)) return DASH;
  const places = digits ?? (Math.abs(share) < 0.1 && share !== 0 ? 1 : 0);
  return `${(share * 100).toFixed(places)}%`;
}

/** Decimal units with three significant digits, as file managers show sizes: 28 B, 4.1 kB, 41.9 MB, 20 MB. */
export function formatBytes(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return DASH;
  if (Math.abs(value) < 1000) return `${Math.round(value)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let amount = value / 1000;
  let unit = 0;
  while (Math.abs(amount) >= 1000 && unit < units.length - 1) {
    amount /= 1000;
    unit += 1;
  }
  return `${significant(amount)} ${units[unit]}`;
}

/** Cores (busy, other load): one decimal, e.g. 1.9. */
export function formatCores(value: number | null | undefined): string {
  return isFiniteNumber(value) ? value.toFixed(1) : DASH;
}

/** A ratio that is not a speedup (a factor slower, a fraction): two decimals, e.g. 0.12. */
export function formatRatio(value: number | null | undefined): string {
  return isFiniteNumber(value) ? value.toFixed(2) : DASH;
}

/** The last path segment, for labels where the full path would not fit. */
export function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

/** Time spent, as a clock reads it: 0 s, 12 s, 1 min 05 s, 1 h 02 min. Whole seconds: progress, not a measurement. */
export function formatDuration(seconds: number | null | undefined): string {
  if (!isFiniteNumber(seconds)) return DASH;
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Seconds below which an estimate is said as "a few seconds": closer than the estimate can tell. */
const FEW_SECONDS = 5;

/** An estimate of the time left, rounded as far as it deserves: "about 20 s", "about 3 min"; null reads as not yet known. */
export function formatTimeLeft(seconds: number | null | undefined): string {
  if (!isFiniteNumber(seconds)) return 'time left not known yet';
  if (seconds < FEW_SECONDS) return 'a few seconds left';
  const fives = Math.round(seconds / 5) * 5;
  if (fives < 60) return `about ${fives} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${formatDuration(Math.round(seconds / 600) * 600)} left`;
}

/** A relative change with its sign, as a share: +20%, −4.1%, 0%. */
export function formatChange(change: number | null | undefined): string {
  if (!isFiniteNumber(change)) return DASH;
  const text = formatPercent(Math.abs(change));
  return change > 0 ? `+${text}` : change < 0 ? `−${text}` : text;
}

/** A commit hash as people quote it: its first 7 characters. */
export function shortCommit(commit: string | null | undefined): string {
  return commit ? commit.slice(0, 7) : DASH;
}

/** How often the configurations were timed: under the adaptive plan only the finalists get the
 * repeats asked for (more when still too close), the rest fewer. */
export function formatTimings(settings: { repeat: number; plan?: string }): string {
  const { repeat, plan } = settings;
  if (plan !== 'adaptive') return `${repeat} repeat${repeat === 1 ? '' : 's'}`;
  return repeat === 1 ? 'adaptive plan, each configuration timed once' : `adaptive plan, the finalists timed ${repeat} or more times, the rest fewer`;
}
