// Robust summaries of repeated timings: the median of the repeats that are not outliers, and
// which repeats are outliers (modified Z-score on the median absolute deviation, as hyperfine does).

/** Modified Z-scores above this mark an outlier (Iglewicz and Hoaglin's usual cut-off). */
const OUTLIER_Z = 3.5;
/** Scales the MAD so the score reads like a standard score for normal data. */
const MAD_SCALE = 0.6745;

export interface WallSummary {
  /** Median of the repeats that are not outliers, seconds. */
  median: number;
  /** Fastest and slowest measured repeat (outliers included: the spread the user really saw). */
  min: number;
  max: number;
  /** Indices into the given walls of repeats left out of the median (outliers or unusable values). */
  outliers: number[];
}

/** Median of finite values; null when there are none. */
export function median(values: readonly number[]): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Arithmetic mean of finite values; null when there are none. */
export function mean(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  return finite.reduce((sum, value) => sum + value, 0) / finite.length;
}

/** Indices of the outliers among `values` by modified Z-score; none when the MAD is 0. */
export function outlierIndices(values: readonly number[]): number[] {
  const centre = median(values);
  if (centre === null) return [];
  const mad = median(values.map((value) => Math.abs(value - centre)));
  // With more than half the repeats identical the MAD is 0 and every score would be infinite:
  // identical timings are the best case, not a reason to throw repeats away.
  if (mad === null || mad === 0) return [];
  const indices: number[] = [];
  values.forEach((value, index) => {
    if (Math.abs((MAD_SCALE * (value - centre)) / mad) > OUTLIER_Z) indices.push(index);
  });
  return indices;
}

/**
 * Summarizes the wall times of one configuration's repeats. Negative or non-finite values (a clock
 * that went wrong) are reported as outliers and ignored; null when no usable repeat remains.
 */
export function summarizeWalls(walls: readonly number[]): WallSummary | null {
  const usable: { value: number; index: number }[] = [];
  const unusable: number[] = [];
  walls.forEach((value, index) => {
    if (Number.isFinite(value) && value >= 0) usable.push({ value, index });
    else unusable.push(index);
  });
  if (usable.length === 0) return null;

  const values = usable.map((sample) => sample.value);
  const outlierSet = new Set(outlierIndices(values).map((position) => usable[position].index));
  const kept = usable.filter((sample) => !outlierSet.has(sample.index)).map((sample) => sample.value);
  // At least half the samples lie within one MAD of the median, so `kept` is never empty.
  const centre = median(kept);
  if (centre === null) return null;
  return {
    median: centre,
    min: Math.min(...values),
    max: Math.max(...values),
    outliers: [...outlierSet, ...unusable].sort((a, b) => a - b),
  };
}
