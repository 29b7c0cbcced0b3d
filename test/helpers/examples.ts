// The bundled examples as targets, for the tests and the benchmarks that run them: one definition
// of each workload, so a test and a benchmark time the same thing.

import path from 'node:path';
import type { Target } from '../../src/shared/runner';

export const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** count_primes of examples/primes.py (pure-Python CPU work), run from examples/ on `inputs`. */
export function primesTarget(inputs: string): Target {
  return { file: path.join(EXAMPLES, 'primes.py'), functionName: 'count_primes', language: 'python', cwd: EXAMPLES, inputs };
}
