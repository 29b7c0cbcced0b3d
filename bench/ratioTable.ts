// The table the overhead benches print: one row per workload, columns padded to fit, then the
// machine's load, which says how far to trust the figures above it.
import os from 'node:os';

export function printTable(header: readonly string[], rows: readonly string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log(`\nmachine load average now: ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
}
