import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import os from 'node:os';
import { coreToPhysical, cpuBrand, getMachine, type CoreTopology } from '../../src/core/machine';
import {
  CoreSampler,
  LoadAverage,
  mergeSamples,
  coreLoadFromTicks,
  smoothSamples,
  monotonicSeconds,
  parseProcStat,
  readCpuTicks,
  toCoreSamples,
  type CoreLoad,
  type CpuTicks,
  type TimerHandle,
  recordingIntervalFor,
} from '../../src/core/sampler';

function ticks(busy: number, idle: number): CpuTicks {
  // Spread the busy time over every busy field so a field left out of the sum would show.
  return { user: busy * 0.4, nice: busy * 0.1, sys: busy * 0.3, irq: busy * 0.2, idle };
}

/** A fake interval timer and clock the test advances by hand. */
class FakeTime {
  seconds = 1000;
  callback: (() => void) | null = null;
  started = 0;
  cleared = 0;
  unrefed = 0;
  lastMs = 0;

  /** Recordings at the idle rate and unsmoothed, so each tick is one sample; the recording rate has its own tests. */
  readonly options = {
    recordingIntervalMs: 100,
    recordingWindow: 1,
    now: () => this.seconds,
    setInterval: (callback: () => void, ms: number): TimerHandle => {
      this.callback = callback;
      this.started++;
      this.lastMs = ms;
      return { unref: () => this.unrefed++ };
    },
    clearInterval: () => {
      this.callback = null;
      this.cleared++;
    },
  };

  tick(): void {
    this.seconds += 0.1;
    assert.ok(this.callback, 'the timer should be running');
    this.callback();
  }
}

/** Counters that advance by a scripted load per core on every read. */
function scriptedTicks(loads: number[][]): () => CpuTicks[] {
  let read = 0;
  const totals = loads[0].map(() => ({ busy: 0, idle: 0 }));
  return () => {
    const step = loads[Math.min(read, loads.length - 1)];
    read++;
    return step.map((load, core) => {
      totals[core] ??= { busy: 0, idle: 0 };
      totals[core].busy += load;
      totals[core].idle += 100 - load;
      return ticks(totals[core].busy, totals[core].idle);
    });
  };
}

describe('coreLoadFromTicks', () => {
  test('gives each core the busy share of the time between two readings', () => {
    const load = coreLoadFromTicks([ticks(100, 900), ticks(0, 0)], [ticks(150, 950), ticks(75, 25)]);
    assert.deepEqual(load, [50, 75]);
  });

  test('reads an idle core as 0 and a saturated core as 100', () => {
    assert.deepEqual(coreLoadFromTicks([ticks(10, 10), ticks(10, 10)], [ticks(10, 20), ticks(30, 10)]), [0, 100]);
  });

  test('reads a core whose counters did not move as 0, not NaN', () => {
    assert.deepEqual(coreLoadFromTicks([ticks(5, 5)], [ticks(5, 5)]), [0]);
  });

  test('clamps a counter that went backwards into 0..100', () => {
    const load = coreLoadFromTicks([ticks(100, 500), ticks(100, 500)], [ticks(150, 400), ticks(50, 550)]);
    assert.deepEqual(load, [100, 0]);
  });

  test('reads a core that was not there before as 0 and ignores a core that left', () => {
    assert.deepEqual(coreLoadFromTicks([ticks(0, 0)], [ticks(10, 10), ticks(10, 10)]), [50, 0]);
    assert.deepEqual(coreLoadFromTicks([ticks(0, 0), ticks(0, 0)], [ticks(10, 30)]), [25]);
  });

  test('treats non-finite counters as no progress', () => {
    const broken = { user: Number.NaN, nice: 0, sys: 0, irq: 0, idle: Number.POSITIVE_INFINITY };
    const load = coreLoadFromTicks([ticks(0, 0)], [broken]);
    assert.deepEqual(load, [0]);
  });
});

describe('CoreSampler', () => {
  test('starts its timer on the first subscriber, unrefs it, and stops it when the last one leaves', () => {
    const time = new FakeTime();
    const sampler = new CoreSampler({ ...time.options, readTicks: scriptedTicks([[0]]) });
    assert.equal(sampler.running, false);
    const first = sampler.subscribe(() => {});
    const second = sampler.subscribe(() => {});
    assert.equal(time.started, 1);
    assert.equal(time.unrefed, 1);
    assert.equal(time.lastMs, 100);
    first.dispose();
    assert.equal(sampler.running, true);
    assert.equal(time.cleared, 0);
    second.dispose();
    assert.equal(sampler.running, false);
    assert.equal(time.cleared, 1);
    second.dispose();
    assert.equal(time.cleared, 1, 'disposing twice stops the timer once');
  });

  test('sends every subscriber the load of each interval, stamped with the clock', () => {
    const time = new FakeTime();
    const sampler = new CoreSampler({ ...time.options, readTicks: scriptedTicks([[0, 0], [25, 100], [50, 0]]) });
    const seen: CoreLoad[] = [];
    const subscription = sampler.subscribe((sample) => seen.push(sample));
    time.tick();
    time.tick();
    subscription.dispose();
    assert.equal(seen.length, 2);
    assert.deepEqual(seen[0].load, [25, 100]);
    assert.deepEqual(seen[1].load, [50, 0]);
    assert.ok(Math.abs(seen[0].time - 1000.1) < 1e-9);
    assert.ok(Math.abs(seen[1].time - 1000.2) < 1e-9);
  });

  test('keeps only the samples taken while a recording was open', () => {
    const time = new FakeTime();
    const sampler = new CoreSampler({ ...time.options, readTicks: scriptedTicks([[0], [10], [20], [30], [40]]) });
    const live = sampler.subscribe(() => {});
    time.tick();
    const recording = sampler.record();
    time.tick();
    time.tick();
    const samples = recording.stop();
    time.tick();
    assert.deepEqual(samples.map((sample) => sample.load[0]), [20, 30]);
    assert.equal(recording.stop(), samples, 'stopping again returns the same samples');
    assert.equal(sampler.running, true, 'the live subscriber still listens');
    live.dispose();
    assert.equal(sampler.running, false);
  });

  test('samples every 10 ms while a recording is open and goes back to the idle rate for the live view after it', () => {
    const time = new FakeTime();
    const sampler = new CoreSampler({ ...time.options, recordingIntervalMs: 10, readTicks: scriptedTicks([[0], [10], [20], [30], [40]]) });
    const live = sampler.subscribe(() => {});
    assert.equal(time.lastMs, 100);
    time.tick();
    const recording = sampler.record();
    assert.equal(time.lastMs, 10, 'a recording speeds the shared timer up');
    assert.equal(sampler.intervalSeconds, 0.01, 'and its samples say so');
    time.tick();
    time.tick();
    assert.deepEqual(recording.stop().map((sample) => sample.load[0]), [20, 30], 'the baseline is kept across the change of rate');
    assert.equal(time.lastMs, 100, 'the live view keeps its own rate');
    assert.equal(sampler.running, true);
    live.dispose();
    assert.equal(sampler.running, false);
    sampler.record();
    assert.equal(time.lastMs, 10, 'a recording alone starts the timer at its rate');
  });

  test('a recorded sample is the load over the window of readings centred on it, weighted by the time each covers', () => {
    const at = (time: number, load: number) => ({ time, load: [load] });
    const smoothed = smoothSamples([at(0.01, 0), at(0.02, 100), at(0.03, 0), at(0.05, 100), at(0.06, 0)], 3, 0.01);
    // Centred on the third: 100 over 10 ms, 0 over 10 ms and 100 over 20 ms give 75.
    assert.deepEqual(smoothed.map((sample) => Math.round(sample.load[0] * 100) / 100), [50, 33.33, 75, 50, 66.67]);
    assert.deepEqual(smoothed.map((sample) => sample.time), [0.01, 0.02, 0.03, 0.05, 0.06], 'the cells stay where they were');
    assert.deepEqual(smoothSamples([at(0.01, 40)], 5, 0.01), [at(0.01, 40)]);
  });

  test('a view showing fewer samples than the sampler takes shows the load since its last one, weighted by time', () => {
    const average = new LoadAverage();
    average.add({ time: 1.0, load: [100, 0] });
    assert.deepEqual(average.take(), [100, 0], 'a first sample alone is shown as it is');
    average.add({ time: 1.01, load: [0, 100] });
    average.add({ time: 1.03, load: [100, 100] });
    average.add({ time: 1.04, load: [0, 0] });
    // 10 ms at 0, 20 ms at 100, 10 ms at 0 on the first core.
    assert.deepEqual(average.take().map((load) => Math.round(load)), [50, 75]);
    average.add({ time: 1.14, load: [30, 60] });
    assert.deepEqual(average.take().map((load) => Math.round(load)), [30, 60], 'each take starts afresh');
  });

  test('a run longer than 1000 recorded samples keeps coarser cells and says their interval', () => {
    const time = new FakeTime();
    const sampler = new CoreSampler({ ...time.options, recordingIntervalMs: 10, readTicks: scriptedTicks([[0], [100], [0], [100]]) });
    const recording = sampler.record();
    for (let tick = 0; tick < 2500; tick++) time.tick();
    const samples = recording.stop();
    assert.equal(samples.length, Math.ceil(2500 / 3), 'merged three by three');
    assert.ok(Math.abs(recording.intervalSeconds - 0.03) < 1e-12);
    const short = sampler.record();
    time.tick();
    short.stop();
    assert.equal(short.intervalSeconds, 0.01, 'a short run keeps every 10 ms sample');
    const at = (t: number, load: number) => ({ time: t, load: [load] });
    assert.deepEqual(mergeSamples([at(0.01, 0), at(0.02, 100), at(0.04, 100), at(0.05, 40)], 2, 0.01).map((sample) => [sample.time, Math.round(sample.load[0])]), [[0.02, 50], [0.05, 80]]);
  });

  test('takes a fresh baseline when the timer restarts, so a pause is not averaged in', () => {
    const time = new FakeTime();
    const counters = { busy: 0, idle: 0 };
    const sampler = new CoreSampler({ ...time.options, readTicks: () => [ticks(counters.busy, counters.idle)] });
    sampler.record().stop();
    counters.busy += 1000;
    const recording = sampler.record();
    counters.busy += 10;
    counters.idle += 90;
    time.tick();
    assert.deepEqual(recording.stop().map((sample) => sample.load[0]), [10]);
  });

  test('skips the interval in which the core count changed and resumes with the new count', () => {
    const time = new FakeTime();
    const readings = [[ticks(0, 0)], [ticks(5, 5)], [ticks(10, 10), ticks(0, 0)], [ticks(20, 10), ticks(10, 10)]];
    let read = 0;
    const sampler = new CoreSampler({ ...time.options, readTicks: () => readings[read++] });
    const recording = sampler.record();
    time.tick();
    time.tick();
    time.tick();
    assert.deepEqual(recording.stop().map((sample) => sample.load), [[50], [100, 50]]);
  });

  test('a failing read or a throwing listener does not stop the others', () => {
    const time = new FakeTime();
    const source = scriptedTicks([[0], [50], [60]]);
    let fail = false;
    const errors: unknown[] = [];
    const sampler = new CoreSampler({
      ...time.options,
      readTicks: () => {
        if (fail) throw new Error('no /proc');
        return source();
      },
      onListenerError: (error) => errors.push(error),
    });
    sampler.subscribe(() => {
      throw new Error('listener bug');
    });
    const recording = sampler.record();
    time.tick();
    fail = true;
    time.tick();
    fail = false;
    time.tick();
    time.tick();
    assert.deepEqual(recording.stop().map((sample) => sample.load[0]), [50, 60]);
    assert.equal(errors.length, 2);
  });

  test('a listener disposed by another during a tick receives nothing more', () => {
    const time = new FakeTime();
    const sampler = new CoreSampler({ ...time.options, readTicks: scriptedTicks([[0], [10]]) });
    let laterCalls = 0;
    sampler.subscribe(() => later.dispose());
    const later = sampler.subscribe(() => laterCalls++);
    time.tick();
    assert.equal(laterCalls, 0);
  });

  test('dispose stops the timer and refuses new subscribers', () => {
    const time = new FakeTime();
    const sampler = new CoreSampler({ ...time.options, readTicks: scriptedTicks([[0]]) });
    sampler.subscribe(() => {});
    sampler.dispose();
    assert.equal(sampler.running, false);
    assert.equal(time.cleared, 1);
    assert.throws(() => sampler.subscribe(() => {}), /disposed/);
  });

  test('samples the real machine through its default timer', async () => {
    const sampler = new CoreSampler({ intervalMs: 10 });
    // The sampler's own timer never holds the process open; this one keeps the test alive until a sample comes.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      const sample = await new Promise<CoreLoad>((resolve) => {
        const subscription = sampler.subscribe((first) => {
          subscription.dispose();
          resolve(first);
        });
      });
      assert.ok(sample.load.length > 0);
      assert.ok(sample.load.every((load) => load >= 0 && load <= 100));
      assert.ok(Math.abs(sample.time - monotonicSeconds()) < 60, 'stamped with the hrtime clock');
    } finally {
      clearInterval(keepAlive);
      sampler.dispose();
    }
  });

  test('a subscribed sampler does not keep a process from exiting', async () => {
    const script = `const { CoreSampler } = require(${JSON.stringify(require.resolve('../../src/core/sampler'))});
new CoreSampler().subscribe(() => {});`;
    const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', '-e', script], { timeout: 30_000 });
      child.on('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
    });
    assert.equal(signal, null, 'the process had to be killed: the timer kept it alive');
    assert.equal(code, 0);
  });
});

describe('toCoreSamples', () => {
  test('puts times relative to the origin and keeps the interval', () => {
    const samples = toCoreSamples(
      [
        { time: 99.9, load: [10, 20] },
        { time: 100.0, load: [30, 40] },
        { time: 100.1, load: [50, 60] },
      ],
      100,
      0.1,
    );
    assert.equal(samples.intervalSeconds, 0.1);
    assert.deepEqual(samples.t.map((t) => Math.round(t * 10) / 10), [-0.1, 0, 0.1]);
    assert.deepEqual(samples.load, [[10, 20], [30, 40], [50, 60]]);
  });

  test('pads rows to the widest so every row has a value for every core', () => {
    const samples = toCoreSamples([{ time: 1, load: [10] }, { time: 2, load: [10, 20, 30] }], 0, 0.1);
    assert.deepEqual(samples.load, [[10, 0, 0], [10, 20, 30]]);
  });

  test('gives empty series for no samples', () => {
    assert.deepEqual(toCoreSamples([], 5, 0.1), { intervalSeconds: 0.1, t: [], load: [] });
  });
});

describe('machine', () => {
  const topology = (pairs: [number, number][]) => (): CoreTopology[] =>
    pairs.map(([packageId, coreId]) => ({ packageId, coreId }));

  test('groups hyper-threads numbered N apart onto the same physical core', () => {
    const map = coreToPhysical({ logicalCores: 4, physicalCores: 2 }, 4, topology([[0, 0], [0, 1], [0, 0], [0, 1]]));
    assert.deepEqual(map, [0, 1, 0, 1]);
  });

  test('tells apart equal core ids on different packages', () => {
    const map = coreToPhysical({ logicalCores: 4, physicalCores: 4 }, 4, topology([[0, 0], [0, 1], [1, 0], [1, 1]]));
    assert.deepEqual(map, [0, 1, 2, 3]);
  });

  test('assumes contiguous siblings when the topology is unknown', () => {
    assert.deepEqual(coreToPhysical({ logicalCores: 8, physicalCores: 4 }, 8, () => null), [0, 0, 1, 1, 2, 2, 3, 3]);
    assert.deepEqual(coreToPhysical({ logicalCores: 3, physicalCores: 2 }, 3, () => null), [0, 0, 1]);
    assert.deepEqual(coreToPhysical({ logicalCores: 2, physicalCores: 2 }, 2, () => null), [0, 1]);
  });

  test('maps every core of this machine to a physical core below the logical count', () => {
    const map = coreToPhysical({ logicalCores: 2, physicalCores: 1 });
    assert.equal(map.length, 2);
    assert.ok(map.every((physical) => Number.isInteger(physical) && physical >= 0 && physical < 2));
  });

  test('describes this machine once per process, with counts the sampler agrees with', async () => {
    const first = getMachine();
    assert.equal(getMachine(), first, 'a second call reuses the first answer');
    const machine = await first;
    assert.equal(machine.logicalCores, os.cpus().length);
    assert.ok(machine.physicalCores >= 1 && machine.physicalCores <= machine.logicalCores);
    assert.ok(machine.memoryBytes > 0);
    assert.ok(machine.cpuBrand.length > 0);
    assert.equal(machine.platform, `${process.platform}-${process.arch}`);
    const physical = coreToPhysical(machine);
    assert.equal(new Set(physical).size, machine.physicalCores, 'topology and physical count agree');
  });

  test('names the CPU with its vendor once', () => {
    assert.equal(cpuBrand('AMD', 'EPYC', 'AMD EPYC'), 'AMD EPYC');
    assert.equal(cpuBrand('Intel', 'Intel Core i7', undefined), 'Intel Core i7');
    assert.equal(cpuBrand('', '', 'Apple M2'), 'Apple M2');
    assert.equal(cpuBrand(undefined, undefined, undefined), 'unknown CPU');
  });
});

describe('parseProcStat', () => {
  const stat = [
    'cpu  102246 1199 49976 85066 892 0 629 0 0 0',
    'cpu0 100 10 50 300 40 5 15 7 0 0',
    'cpu1 200 0 100 700 0 0 0 0 0 0',
    'intr 1195371 0 0',
    'ctxt 123',
  ].join('\n');

  test('reads one entry per core line and skips the all-cores total', () => {
    assert.equal(parseProcStat(stat).length, 2);
  });

  test('counts iowait as idle and softirq as busy, which os.cpus() leaves out', () => {
    const [core0] = parseProcStat(stat);
    assert.deepEqual(core0, { user: 1000, nice: 100, sys: 500, idle: 3400, irq: 200 });
  });

  test('a core waiting on disk reads mostly idle, not busy', () => {
    const before = parseProcStat('cpu0 0 0 0 0 0 0 0');
    const after = parseProcStat('cpu0 10 0 0 0 90 0 0');
    assert.deepEqual(coreLoadFromTicks(before, after), [10]);
  });

  test('agrees with os.cpus() on this machine about the core count', () => {
    assert.equal(readCpuTicks().length, os.cpus().length);
  });
});

describe('the recording interval', () => {
  test('gives a run its cells at the slowest rate that does, between 10 and 100 ms', () => {
    assert.equal(recordingIntervalFor(0.17), 10, 'a 0.17 s run: every tick');
    assert.equal(recordingIntervalFor(1), 50, 'a 1 s run: 20 cells of 50 ms');
    assert.equal(recordingIntervalFor(30), 100, 'a long run: the idle rate');
    assert.equal(recordingIntervalFor(null), 10, 'unknown (serial, the first run): every tick');
    assert.equal(recordingIntervalFor(Infinity), 100);
  });

  test('records at the interval chosen for the run and says it', () => {
    const sampler = new CoreSampler({ readTicks: () => [ticks(0, 0)], setInterval: () => ({}), clearInterval: () => undefined });
    const recording = sampler.record(1);
    assert.equal(recording.intervalSeconds, 0.05);
    recording.stop();
    sampler.dispose();
  });
});
