// How evenly the usable CPUs run the same work at one moment: a short shell loop pinned to each of
// them at once (taskset), each timed from start to exit. On a shared host (a cloud VM, a container)
// another tenant can slow one CPU for tens of seconds without showing in /proc/stat: on the 2-core
// machine this was built on, one CPU ran the same loop 1.5–1.7× slower than the other for long
// stretches (bench/cpuSpeeds.ts). A process's speed is then the speed of the CPU it lands on. The
// loop is then timed once more alone on one CPU: in other phases both CPUs ran it at once 1.6×
// slower than one's usual time, and two processes of pure-Python work gained 1.05–1.15×.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { CpuSpeedReading } from '../shared/report';
import { canPinToCpu, pinnedCommand } from './cpuPinning';
import { parseCpuList } from './cpuLimits';

/** CPUs read at most: spread over the usable ones, enough to see one run slower than the rest. */
export const MAX_CPUS_READ = 8;
/** The loop: the shell's own arithmetic, about 60 ms in dash on this 2-core machine (longer in
 * bash) — long against the millisecond a shell takes to start, short against a profile. The two
 * readings of a profile, each timing it at once and then alone, cost about 0.3 s (a Node.js
 * process per CPU cost twice that). */
const LOOP = 'i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done';
const TIMEOUT_MS = 5_000;

/** Up to MAX_CPUS_READ of `cpus`, evenly spread (first and last included). */
export function cpusToRead(cpus: readonly number[]): number[] {
  if (cpus.length <= MAX_CPUS_READ) return [...cpus];
  return Array.from({ length: MAX_CPUS_READ }, (_, k) => cpus[Math.round((k * (cpus.length - 1)) / (MAX_CPUS_READ - 1))]);
}

/**
 * Times the same loop on each of (up to MAX_CPUS_READ of) `cpus` at once, each pinned to its CPU,
 * and returns each CPU's seconds, then (withAlone) the loop's seconds alone on the fastest of them;
 * null where pinning is not possible (not Linux, no taskset), with fewer than two CPUs, on CPUs of
 * different kinds (coresOfKinds), or when a loop failed or took too long.
 */
export async function readCpuSpeeds(cpus: readonly number[], at: CpuSpeedReading['at'], signal?: AbortSignal, withAlone = true): Promise<CpuSpeedReading | null> {
  const read = cpusToRead(cpus);
  if (read.length < 2 || !canPinToCpu() || signal?.aborted || coresOfKinds(read)) return null;
  const seconds = await Promise.all(read.map((cpu) => timeLoopOn(cpu, signal)));
  if (seconds.some((value) => value === null)) return null;
  const together = seconds as number[];
  // The same loop alone on the CPU that ran it fastest: all CPUs at once may each run slower than
  // one alone (a host that schedules them on one physical core's two threads, another tenant).
  // Not where two of them are one core's threads by design: those run slower together by nature,
  // which the core count already says (physicalCores).
  const alone = withAlone && !siblingsAmong(read) ? await timeLoopOn(read[together.indexOf(Math.min(...together))], signal) : null;
  return { at, cpus: read, seconds: together, ...(alone !== null ? { aloneSeconds: alone } : {}) };
}

/** Which of `cpus` ran the loop fastest now (a reading as readCpuSpeeds takes, not kept), or null
 * where they cannot be read. */
export async function fastestCpuNow(cpus: readonly number[], signal?: AbortSignal): Promise<number | null> {
  const reading = await readCpuSpeeds(cpus, 'start', signal, false);
  return reading ? reading.cpus[reading.seconds.indexOf(Math.min(...reading.seconds))] : null;
}

/** A number from a sysfs file of `cpu`, or null. */
function cpuFigure(cpu: number, file: string): number | null {
  try {
    const value = Number(readFileSync(`/sys/devices/system/cpu/cpu${cpu}/${file}`, 'utf8').trim());
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** Whether the CPUs are of different kinds by design (performance and efficiency cores: their
 * capacity or top frequency differ): there a slower CPU is the hardware, not another tenant, and no
 * reading is taken. */
export function coresOfKinds(cpus: readonly number[], figure: (cpu: number, file: string) => number | null = cpuFigure): boolean {
  for (const file of ['cpu_capacity', 'cpufreq/cpuinfo_max_freq']) {
    const figures = cpus.map((cpu) => figure(cpu, file)).filter((value): value is number => value !== null);
    if (figures.length > 1 && Math.max(...figures) > 1.05 * Math.min(...figures)) return true;
  }
  return false;
}

/** Whether two of `cpus` are threads of one physical core, by sysfs (topology/thread_siblings_list). */
export function siblingsAmong(cpus: readonly number[], siblingsOf: (cpu: number) => string | null = readSiblings): boolean {
  return cpus.some((cpu) => (parseCpuList(siblingsOf(cpu) ?? '') ?? []).some((other) => other !== cpu && cpus.includes(other)));
}

function readSiblings(cpu: number): string | null {
  try {
    return readFileSync(`/sys/devices/system/cpu/cpu${cpu}/topology/thread_siblings_list`, 'utf8');
  } catch {
    return null;
  }
}

/** The loop's wall time on `cpu`, from the parent: start-up is the same on every CPU. */
function timeLoopOn(cpu: number, signal?: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const [command, args] = pinnedCommand('/bin/sh', ['-c', LOOP], cpu);
    const began = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: 'ignore', signal, timeout: TIMEOUT_MS });
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      resolve(code === 0 && seconds > 0 ? seconds : null);
    });
  });
}
