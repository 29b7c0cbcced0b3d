// Numbers as people read them: seconds with a sensible unit, ratios as "1.9×", shares as percentages.

const DASH = '—';

export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0 s';
  if (magnitude < 1e-3) return `${significant(value * 1e6)} µs`;
  if (magnitude < 1) return `${significant(value * 1e3)} ms`;
  if (magnitude < 100) return `${value.toFixed(2)} s`;
  return `${value.toFixed(0)} s`;
}

/** Three significant digits without trailing zeros: 500, 13.8, 0.5. */
function significant(value: number): string {
  return String(Number(value.toPrecision(3)));
}

export function times(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

/** A share as a percentage; small shares keep a decimal so 0.2% does not read as 0%. */
export function percent(share: number | null | undefined, digits?: number): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  const places = digits ?? (Math.abs(share) < 0.1 && share !== 0 ? 1 : 0);
  return `${(share * 100).toFixed(places)}%`;
}

export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let amount = value;
  let unit = 0;
  while (amount >= 1024 && unit < units.length - 1) {
    amount /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? amount.toFixed(0) : amount.toFixed(1)} ${units[unit]}`;
}

/** The last path segment, for labels where the full path would not fit. */
export function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}
