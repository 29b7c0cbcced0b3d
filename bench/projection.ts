// Prints how far the projection is from what was measured: waiting work with a known serial share
// (a global lock held, then a wait), fitted on 1–4 threads, checked against 8, 16 and 32.
// Run under the machine-wide lock: flock /tmp/pp-heavy.lock node --import tsx bench/projection.ts
import { formatPercent, formatSpeedup } from '../src/shared/format';
import { LOCK_WORKLOADS, profileLockWorkload, validate } from '../test/helpers/projectionValidation';
import { makeTempDir } from '../test/helpers/tempDir';
import { printTable } from './ratioTable';

async function main(): Promise<void> {
  const temp = makeTempDir('pp-bench-projection-');
  const rows: string[][] = [];
  const errors: number[] = [];
  try {
    for (const workload of LOCK_WORKLOADS) {
      const result = validate(workload, await profileLockWorkload(workload, temp));
      console.log(`serial ${formatPercent(result.serialShare)}: ${result.words}`);
      for (const point of result.checked) {
        errors.push(point.error);
        rows.push([
          formatPercent(result.serialShare), `${formatPercent(result.fittedShare)} (${result.model ?? '—'})`, String(point.count),
          formatSpeedup(point.measured), `${formatSpeedup(point.projected)} (${formatSpeedup(point.low).slice(0, -1)}–${formatSpeedup(point.high)})`,
          formatPercent(point.error), point.measured >= point.low && point.measured <= point.high ? 'yes' : 'no',
        ]);
      }
    }
  } finally {
    temp.remove();
  }
  printTable(['serial share', 'fitted (model)', 'threads', 'measured', 'projected (band)', 'error', 'in band'], rows);
  const sorted = [...errors].sort((a, b) => a - b);
  console.log(`error over ${errors.length} checked counts: median ${formatPercent(sorted[Math.floor(sorted.length / 2)])}, worst ${formatPercent(sorted[sorted.length - 1])}`);
}

void main();
