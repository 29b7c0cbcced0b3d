// How evenly the usable CPUs run the same work at one moment: a short fixed loop pinned to each of
// them at once (taskset), each timing its own loop. On a shared host (a cloud VM, a container)
// another tenant can slow one CPU for tens of seconds without showing in /proc/stat: on the 2-core
// machine this was built on, one CPU ran the same loop 1.5–1.7× slower than the other for long
// stretches (bench/cpuSpeeds.ts). A process's speed is then the speed of the CPU it lands on.

import { spawn } from 'node:child_process';
import type { CpuSpeedReading } from '../shared/report';
import { canPinToCpu, pinnedCommand } from './cpuPinning';

/** CPUs read at most: spread over the usable ones, enough to see one run slower than the rest. */
export const MAX_CPUS_READ = 8;
/** The loop's iterations: about 20 ms on this 2-core machine, long against start-up jitter, short against a profile. */
const LOOP = 300_000;
const SCRIPT = `const t = process.hrtime.bigint(); let s = 0; for (let i = 0; i < ${LOOP}; i++) s = (s + i * i) % 7; process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e9) + ' ' + s);`;
const TIMEOUT_MS = 5_000;

/** Up to MAX_CPUS_READ of `cpus`, evenly spread (first and last included). */
export function cpusToRead(cpus: readonly number[]): number[] {
  if (cpus.length <= MAX_CPUS_READ) return [...cpus];
  return Array.from({ length: MAX_CPUS_READ }, (_, k) => cpus[Math.round((k * (cpus.length - 1)) / (MAX_CPUS_READ - 1))]);
}

/**
 * Times the same loop on each of (up to MAX_CPUS_READ of) `cpus` at once, each pinned to its CPU,
 * and returns each CPU's seconds; null where pinning is not possible (not Linux, no taskset), with
 * fewer than two CPUs, or when a loop failed or took too long.
 */
export async function readCpuSpeeds(cpus: readonly number[], at: CpuSpeedReading['at'], signal?: AbortSignal): Promise<CpuSpeedReading | null> {
  const read = cpusToRead(cpus);
  if (read.length < 2 || !canPinToCpu() || signal?.aborted) return null;
  const seconds = await Promise.all(read.map((cpu) => timeLoopOn(cpu, signal)));
  if (seconds.some((value) => value === null)) return null;
  return { at, cpus: read, seconds: seconds as number[] };
}

function timeLoopOn(cpu: number, signal?: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const [command, args] = pinnedCommand(process.execPath, ['-e', SCRIPT], cpu);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], signal, timeout: TIMEOUT_MS, env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      const seconds = Number(out.split(' ')[0]);
      resolve(code === 0 && Number.isFinite(seconds) && seconds > 0 ? seconds : null);
    });
  });
}
