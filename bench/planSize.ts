// Plan size on simulated machines: how many timed runs the adaptive plan asks for on 2 to 128
// logical cores (with and without SMT), for CPU-bound and waiting work, beside the thorough cross
// product. The runner is simulated (test/helpers/simulatedRunner.ts): this counts timings, it
// measures nothing. The adaptive count should grow with log2(cores), the thorough one with
// executors × counts.

import path from 'node:path';
import { profile } from '../src/core/engine';
import { CoreSampler } from '../src/core/sampler';
import { SimulatedRunner, simulatedMachine, type Workload } from '../test/helpers/simulatedRunner';

const MACHINES = [
  { logicalCores: 2, physicalCores: 2 },
  { logicalCores: 2, physicalCores: 1 },
  { logicalCores: 8, physicalCores: 8 },
  { logicalCores: 8, physicalCores: 4 },
  { logicalCores: 32, physicalCores: 32 },
  { logicalCores: 32, physicalCores: 16 },
  { logicalCores: 128, physicalCores: 128 },
  { logicalCores: 128, physicalCores: 64 },
];

export async function planSize(workload: Workload, machine: (typeof MACHINES)[number], thorough: boolean): Promise<{ runs: number; timings: number; best: string }> {
  const runner = new SimulatedRunner({ machine, workload, inputsCount: 1024, taskSeconds: 0.01 });
  const sampler = new CoreSampler();
  try {
    const report = await profile(
      { file: path.resolve(__dirname, '..', 'examples', 'primes.py'), functionName: 'work', cwd: process.cwd(), repeat: 3, timeoutSeconds: 10, thorough },
      { signal: new AbortController().signal, sampler, runnerFor: () => runner, machine: simulatedMachine(machine) },
    );
    const best = report.verdict.best;
    return { runs: runner.ran.length, timings: runner.timings, best: best ? `${best.executor} × ${best.workers}` : '—' };
  } finally {
    sampler.dispose();
  }
}

async function main(): Promise<void> {
  console.log('Plan size on simulated machines (1024 inputs, --repeat 3): timed runs, adaptive vs --thorough');
  console.log(['workload', 'logical', 'physical', 'log2', 'adaptive', 'thorough', 'adaptive best', 'thorough best'].map((cell) => cell.padEnd(15)).join(''));
  for (const workload of ['cpu-bound', 'waiting'] as const) {
    for (const machine of MACHINES) {
      const adaptive = await planSize(workload, machine, false);
      const thorough = await planSize(workload, machine, true);
      console.log(
        [workload, machine.logicalCores, machine.physicalCores, Math.log2(machine.logicalCores), adaptive.timings, thorough.timings, adaptive.best, thorough.best]
          .map((cell) => String(cell).padEnd(15))
          .join(''),
      );
    }
  }
}

if (require.main === module) void main();
