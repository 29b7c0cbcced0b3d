// `npm run bench`: runs every benchmark in turn, each in its own node process so that one's
// timers and pools never disturb another's figures, and prints what each measured.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHES = [
  ['how evenly the host\'s CPUs run the same work now (read the rest against it)', 'cpuSpeeds.ts'],
  ['plan size on simulated machines: adaptive vs --thorough', 'planSize.ts'],
  ['the CI gate on real profiles: same code N of 10, a 20% slowdown caught', 'compareGate.ts'],
  ['time to verdict, and adaptive vs --thorough agreement (long: every example, 3 runs each)', 'timeToVerdict.ts'],
  ['harness overhead vs bare executor.map', 'harness-overhead.ts'],
  ['dask cluster: profiler vs bare client.map + gather', 'dask-cluster-overhead.ts'],
  ['core sampler cost', 'sampler.ts'],
  ['heatmap accuracy for each sampling interval and smoothing', 'samplerResolution.ts'],
  ['the host while a function floods its output', 'outputFlood.ts'],
  ['extension activation and bundle sizes', 'activation.ts'],
  ['timeline draw time', 'timeline.ts'],
  ['drawing the live Core Utilization view', 'coreView.ts'],
  ['Results panel message size for a large report', 'panelMessage.ts'],
  // The longest by far (every corpus case and example profiled twice, about an hour on 2 cores): last.
  ['verdict corpus and examples: agreement and repeatability', 'verdicts.ts', '--examples', '--twice'],
] as const;

let failed = 0;
for (const [title, file, ...args] of BENCHES) {
  process.stdout.write(`\n=== ${title} (bench/${file})\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`bench/${file} failed with exit code ${result.status ?? result.signal}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
