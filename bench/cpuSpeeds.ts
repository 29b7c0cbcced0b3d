// How evenly this host's CPUs run the same work, now: the same pure-Python loop pinned to each CPU
// in turn (taskset), round after round, and each round's slowest ÷ fastest CPU. On the shared
// 2-core machine this was built on, one CPU ran the loop 1.5–1.7× slower than the other for tens of
// seconds at a time (other tenants of the host, invisible in /proc/stat): a process's speed is then
// the speed of the CPU it lands on. Read before trusting a figure measured on the same host.
// A Python loop, one CPU after another (what Python work sees); a profile's own readings are a shell
// loop on every CPU at once (src/system/cpuSpeeds.ts).
// Then the profile's own reading, READINGS times: the shell loop on every CPU at once and alone on
// the fastest, and how much slower the fastest CPU ran it at once (sharedCpus: SHARED_CPUS or more
// in both of a profile's readings warns shared-cpus), alone and in two readings in a row.
// Usage: node --import tsx bench/cpuSpeeds.ts [ROUNDS] [READINGS]   (Linux with taskset)
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { SHARED_CPUS, UNEVEN_CPUS as UNEVEN } from '../src/shared/report';
import { canPinToCpu } from '../src/system/cpuPinning';
import { cpusToRead, readCpuSpeeds } from '../src/system/cpuSpeeds';

const rounds = Number(process.argv[2] ?? 30);
if (!canPinToCpu()) {
  console.log('taskset is not here (Linux with util-linux): nothing to measure');
  process.exit(0);
}
const cpus = Array.from({ length: Math.min(os.cpus().length, 8) }, (_, cpu) => cpu);
const loop = 'import time\nt = time.perf_counter()\ns = 0\nfor i in range(1_000_000):\n    s += i * i % 7\nprint(time.perf_counter() - t)';
const spreads: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Each round starts on the next CPU, so no CPU always goes first.
  const order = cpus.map((_, k) => cpus[(k + round) % cpus.length]);
  const seconds = new Map<number, number>();
  for (const cpu of order) {
    const run = spawnSync('taskset', ['-c', String(cpu), 'python3', '-c', loop], { encoding: 'utf8' });
    const took = Number(run.stdout.trim());
    if (run.status !== 0 || !Number.isFinite(took) || took <= 0) {
      console.error(`the loop on cpu${cpu} failed (exit ${run.status}): ${run.stderr.trim()}`);
      process.exit(1);
    }
    seconds.set(cpu, took);
  }
  const times = cpus.map((cpu) => seconds.get(cpu) as number);
  const spread = Math.max(...times) / Math.min(...times);
  spreads.push(spread);
  console.log(`round ${String(round + 1).padStart(2)}: ${cpus.map((cpu, k) => `cpu${cpu} ${(times[k] * 1000).toFixed(0)} ms`).join('  ')}  slowest ÷ fastest ${spread.toFixed(2)}${spread >= UNEVEN ? '  uneven' : ''}`);
}
const uneven = spreads.filter((spread) => spread >= UNEVEN).length;
spreads.sort((a, b) => a - b);
console.log(`\n${uneven} of ${rounds} rounds had a CPU taking ${UNEVEN}× as long as another or more; slowest ÷ fastest median ${spreads[Math.floor(spreads.length / 2)].toFixed(2)}, max ${spreads[spreads.length - 1].toFixed(2)}`);

void (async () => {
  const readings = Number(process.argv[3] ?? 60);
  const slowdowns: number[] = [];
  for (let k = 0; k < readings; k++) {
    const reading = await readCpuSpeeds(cpusToRead(os.cpus().map((_, cpu) => cpu)), 'start');
    if (reading?.aloneSeconds) slowdowns.push(Math.min(...reading.seconds) / reading.aloneSeconds);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (slowdowns.length === 0) {
    console.log('\nno time alone was read: one CPU, CPUs that are one core\'s threads or of different kinds, or a loop that failed');
  } else {
    const inRow = slowdowns.slice(1).filter((value, k) => value >= SHARED_CPUS && slowdowns[k] >= SHARED_CPUS).length;
    const sorted = [...slowdowns].sort((a, b) => a - b);
    const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))].toFixed(2);
    console.log(`\nThe fastest CPU at once ÷ alone, ${slowdowns.length} readings: median ${at(0.5)}, 90th percentile ${at(0.9)}, max ${at(1)}; ${slowdowns.filter((value) => value >= SHARED_CPUS).length} at ${SHARED_CPUS}× or more, ${inRow} of ${slowdowns.length - 1} pairs in a row both`);
  }
})();
