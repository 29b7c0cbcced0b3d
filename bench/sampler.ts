// What sampling per-core load costs the extension host: CoreSampler (/proc/stat, or os.cpus) at the
// live view's 10 Hz and at the 100 Hz it records a run with, against systeminformation's
// currentLoad() at 10 Hz, each beside an idle baseline measured the same way.
// Run: node --import tsx bench/sampler.ts [--seconds 10]

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as si from 'systeminformation';
import { CoreSampler, RECORDING_INTERVAL_MS, RECORDING_WINDOW, readCpuTicks, readOsCpusTicks, type CpuTicks } from '../src/core/sampler';

/** A sampling strategy under test: starts at 10 Hz, and on stop says how many samples it got. */
interface Contender {
  name: string;
  start(): { stop(): number };
  /** One reading since reset: longest and mean synchronous stretch, ms. */
  reads(): ReadSummary;
  reset(): void;
}

interface CpuFigures {
  /** This process (user + system), percent of one core. */
  selfPercent: number;
  /** Reaped children (the shells si spawns), percent of one core; null off Linux. */
  childrenPercent: number | null;
  samples: number;
}

interface LatencyFigures {
  loopMaxMs: number;
  loopP99Ms: number;
  driftMaxMs: number;
  readMaxMs: number;
  readMeanMs: number;
}

const secondsFlag = process.argv.indexOf('--seconds');
const seconds = secondsFlag > 0 ? Number(process.argv[secondsFlag + 1]) : 10;
const CLOCK_TICKS_PER_SECOND = 100;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** cutime + cstime of /proc/self/stat: CPU of children this process waited for (execSync's shells). */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

interface ReadSummary {
  maxMs: number;
  meanMs: number;
}

const idle: Contender = { name: 'idle', start: () => ({ stop: () => 0 }), reads: () => ({ maxMs: 0, meanMs: 0 }), reset: () => {} };

/** Durations of single readings. */
class ReadTimes {
  private max = 0;
  private total = 0;
  private count = 0;
  add(ms: number): void {
    this.max = Math.max(this.max, ms);
    this.total += ms;
    this.count++;
  }
  summary(): ReadSummary {
    return { maxMs: this.max, meanMs: this.count ? this.total / this.count : 0 };
  }
  reset(): void {
    this.max = this.total = this.count = 0;
  }
}

/** `recording`: the sampler as a run is measured (record(), every RECORDING_INTERVAL_MS, smoothed); else the live view's subscription. */
function coreSamplerContender(name: string, read: () => CpuTicks[], recording = false): Contender {
  const times = new ReadTimes();
  const sampler = new CoreSampler({
    intervalMs: 100,
    readTicks: () => {
      const before = performance.now();
      const ticks = read();
      times.add(performance.now() - before);
      return ticks;
    },
  });
  return {
    name,
    start: () => {
      if (recording) {
        const open = sampler.record();
        return { stop: () => open.stop().length };
      }
      let samples = 0;
      const subscription = sampler.subscribe(() => samples++);
      return {
        stop: () => {
          subscription.dispose();
          return samples;
        },
      };
    },
    reads: () => times.summary(),
    reset: () => times.reset(),
  };
}

function currentLoadContender(): Contender {
  const times = new ReadTimes();
  return {
    name: 'si.currentLoad()',
    start: () => {
      let samples = 0;
      const timer = setInterval(() => {
        const before = performance.now();
        // The /proc/stat read is an execSync inside currentLoad's first tick, so call-to-result bounds the block.
        si.currentLoad().then(() => {
          times.add(performance.now() - before);
          samples++;
        });
      }, 100);
      return {
        stop: () => {
          clearInterval(timer);
          return samples;
        },
      };
    },
    reads: () => times.summary(),
    reset: () => times.reset(),
  };
}

async function measureCpu(contender: Contender): Promise<CpuFigures> {
  const childrenBefore = childrenCpuSeconds();
  const before = process.cpuUsage();
  const wallBefore = performance.now();
  const phase = contender.start();
  await sleep(seconds * 1000);
  const samples = phase.stop();
  const used = process.cpuUsage(before);
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const childrenAfter = childrenCpuSeconds();
  return {
    selfPercent: (100 * (used.user + used.system)) / 1e6 / wallSeconds,
    childrenPercent:
      childrenBefore === null || childrenAfter === null ? null : (100 * (childrenAfter - childrenBefore)) / wallSeconds,
    samples,
  };
}

/** Same phase with the probes on: an event-loop-delay histogram and a 1 ms interval whose lateness is tracked. */
async function measureLatency(contender: Contender): Promise<LatencyFigures> {
  contender.reset();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let driftMaxMs = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    driftMaxMs = Math.max(driftMaxMs, now - last - 1);
    last = now;
  }, 1);
  histogram.enable();
  const phase = contender.start();
  await sleep(seconds * 1000);
  phase.stop();
  histogram.disable();
  clearInterval(probe);
  return {
    loopMaxMs: histogram.max / 1e6,
    loopP99Ms: histogram.percentile(99) / 1e6,
    driftMaxMs,
    readMaxMs: contender.reads().maxMs,
    readMeanMs: contender.reads().meanMs,
  };
}

/** Wall and process CPU of one reading, averaged over `count` back-to-back readings after a warm-up. */
function readingCost(read: () => CpuTicks[], count: number): { wallMicros: number; cpuMicros: number } {
  for (let warm = 0; warm < 100; warm++) read();
  const cpuBefore = process.cpuUsage();
  const before = performance.now();
  for (let reading = 0; reading < count; reading++) read();
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMicros: ((performance.now() - before) * 1000) / count, cpuMicros: (cpu.user + cpu.system) / count };
}

function cell(value: number | null, digits: number, width = 10): string {
  return (value === null ? '-' : value.toFixed(digits)).padStart(width);
}

async function main(): Promise<void> {
  console.log(`${os.cpus().length} logical cores, load average ${os.loadavg()[0].toFixed(2)}, ${seconds} s per phase, Node ${process.version}`);
  const contenders = [
    idle,
    coreSamplerContender('CoreSampler (default)', readCpuTicks),
    coreSamplerContender(`CoreSampler recording`, readCpuTicks, true),
    coreSamplerContender('CoreSampler (os.cpus)', readOsCpusTicks),
    currentLoadContender(),
  ];

  // A tight loop resolves the CPU of one reading far below what a 10 Hz phase can on a noisy machine.
  console.log('\nOne reading, 2000 in a row');
  console.log(`${'reader'.padEnd(24)}${'wall us'.padStart(10)}${'CPU us'.padStart(10)}${'% core @10Hz'.padStart(14)}${'% core @100Hz'.padStart(15)}`);
  for (const [name, read] of [['/proc/stat (default)', readCpuTicks], ['os.cpus()', readOsCpusTicks]] as const) {
    const figures = readingCost(read, 2000);
    console.log(
      `${name.padEnd(24)}${cell(figures.wallMicros, 1)}${cell(figures.cpuMicros, 1)}${cell((figures.cpuMicros * 10) / 1e4, 3, 14)}${cell((figures.cpuMicros * 100) / 1e4, 3, 15)}`,
    );
  }

  console.log('\nCPU cost (no probes running)');
  const cpu = new Map<Contender, CpuFigures>();
  for (const contender of [...contenders, idle]) {
    const figures = await measureCpu(contender);
    const previous = cpu.get(contender);
    // idle runs first and last; average the two so drift in the machine's load cancels.
    cpu.set(
      contender,
      previous
        ? {
            selfPercent: (previous.selfPercent + figures.selfPercent) / 2,
            childrenPercent:
              previous.childrenPercent === null || figures.childrenPercent === null
                ? null
                : (previous.childrenPercent + figures.childrenPercent) / 2,
            samples: 0,
          }
        : figures,
    );
  }
  const baseline = cpu.get(idle) as CpuFigures;
  console.log(`${'contender'.padEnd(24)}${'self %'.padStart(10)}${'children %'.padStart(12)}${'- idle %'.padStart(10)}${'samples'.padStart(9)}`);
  for (const contender of contenders) {
    const figures = cpu.get(contender) as CpuFigures;
    const total = figures.selfPercent + (figures.childrenPercent ?? 0);
    const idleTotal = baseline.selfPercent + (baseline.childrenPercent ?? 0);
    console.log(
      `${contender.name.padEnd(24)}${cell(figures.selfPercent, 3)}${cell(figures.childrenPercent, 3, 12)}${cell(total - idleTotal, 3)}${String(figures.samples).padStart(9)}`,
    );
  }

  console.log('\nEvent-loop blocking (probes on), ms');
  console.log(`${'contender'.padEnd(24)}${'read mean'.padStart(10)}${'read max'.padStart(10)}${'loop max'.padStart(10)}${'loop p99'.padStart(10)}${'drift max'.padStart(11)}`);
  for (const contender of contenders) {
    const figures = await measureLatency(contender);
    console.log(
      `${contender.name.padEnd(24)}${cell(contender === idle ? null : figures.readMeanMs, 3)}${cell(contender === idle ? null : figures.readMaxMs, 2)}${cell(figures.loopMaxMs, 2)}${cell(figures.loopP99Ms, 2)}${cell(figures.driftMaxMs, 2, 11)}`,
    );
  }
  console.log(
    '\nread mean/max = one reading (the block the sampler itself causes); loop/drift max also include the OS\n' +
      'descheduling this process on a busy machine, so compare them with the idle row.\n' +
      'CoreSampler (default) reads /proc/stat on Linux, os.cpus() elsewhere, every 100 ms for the live view;\n' +
      `CoreSampler recording is the same reader every ${RECORDING_INTERVAL_MS} ms (smoothed over ${RECORDING_WINDOW}), while a run is measured.\n` +
      'Targets for CoreSampler: < 0.5 % of one core above idle, recording included; a block <= 1-2 ms.\n' +
      'si.currentLoad() caches for 200 ms, so at 10 Hz only every other call reads /proc/stat (its samples are 5 Hz).',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
