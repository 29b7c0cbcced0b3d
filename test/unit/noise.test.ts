import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_REPEATS, MIN_REPEATS, noiseRepeats, ratioInterval, recommended, speedupInterval, timingsAgree, timingsCouldMove, timingSpread, timingsStillWanted, undecided, withinNoise } from '../../src/core/noise';
import { analyse } from '../../src/core/analyse';
import { analysisInput, measured, type RunSpec } from './fixtures/synthetic';

/** Repeats spread the way a quiet 2-core machine spreads them: about ±2% around the median. */
function around(wall: number, spread = 0.02): number[] {
  return [wall * (1 - spread), wall, wall * (1 + spread)];
}

function run(spec: RunSpec) {
  return measured({ ...spec, repeats: spec.repeats ?? (spec.wall === null ? [] : around(spec.wall)) });
}

describe('the speedup interval', () => {
  test('is the same for the same repeats every time (seeded)', () => {
    const a = [1.01, 0.98, 1.03, 1.0, 0.99];
    const b = [0.52, 0.5, 0.55, 0.51, 0.49];
    assert.deepEqual(ratioInterval(a, b), ratioInterval(a, b));
  });

  test('holds the ratio of the medians and narrows with more repeats', () => {
    const three = ratioInterval([1.0, 0.97, 1.04], [0.5, 0.48, 0.53]);
    const nine = ratioInterval([1.0, 0.97, 1.04, 1.01, 0.99, 1.02, 0.98, 1.0, 1.01], [0.5, 0.48, 0.53, 0.51, 0.49, 0.5, 0.52, 0.5, 0.49]);
    assert.ok(three && nine);
    for (const interval of [three, nine]) assert.ok(interval.low <= 2 && interval.high >= 2, JSON.stringify(interval));
    assert.ok(nine.high - nine.low < three.high - three.low, `${JSON.stringify(nine)} narrower than ${JSON.stringify(three)}`);
  });

  test('is unknown with a single repeat on either side', () => {
    assert.equal(ratioInterval([1], [0.5, 0.51]), null);
    assert.equal(ratioInterval([1, 1.01], [0.5]), null);
  });

  test('keeps outlier repeats, which are the noise, and leaves out only unusable ones', () => {
    assert.deepEqual(noiseRepeats({ repeats: [1, 9, 1.1, Number.NaN, -1], wallSeconds: 1.05 }), [1, 9, 1.1]);
  });

  test('is not narrowed by a repeat the median left out as an outlier', () => {
    // Serial repeats as measured for json-parse on a loaded machine: 0.0706 was flagged an outlier.
    const interval = ratioInterval([0.0706, 0.0612, 0.0611], [0.06, 0.06, 0.06]);
    assert.ok(interval && interval.high >= 0.0706 / 0.06 - 1e-9, JSON.stringify(interval));
  });

  test('draws on serial\'s pinned timings when two or more were pinned, not the first that ran wherever the scheduler put it', () => {
    // Profiled with system Python on this host while CPU 1 ran 1.57× slower: serial's first timing
    // landed there, its next two ran pinned to CPU 0; process (fork) × 2 on both CPUs.
    const serial = { repeats: [1.909, 1.134, 1.133], wallSeconds: 1.134, pinnedCpus: [null, 0, 0] };
    const fork = { repeats: [0.7314, 0.7329, 0.734], wallSeconds: 0.7329 };
    const pinned = speedupInterval(serial, fork);
    assert.ok(pinned && pinned.low > 1.5 && pinned.high < 1.6, JSON.stringify(pinned));
    // Unpinned (a BLAS or Node.js serial, no taskset), every timing is the noise, the swing too.
    const unpinned = speedupInterval({ ...serial, pinnedCpus: undefined }, fork);
    assert.ok(unpinned && unpinned.high > 2.5, JSON.stringify(unpinned));
    // One pinned timing is not enough to stand for serial alone.
    const onePinned = speedupInterval({ repeats: [1.909, 1.134], wallSeconds: 1.52, pinnedCpus: [null, 0] }, fork);
    assert.ok(onePinned && onePinned.high > 2.5, JSON.stringify(onePinned));
  });

  test('falls back on every serial timing when the speedup lies outside what the pinned ones give', () => {
    // Two unpinned timings (no CPU could be read for the second) and two pinned ones, slower.
    const serial = { repeats: [1.0, 1.0, 1.3, 1.31], wallSeconds: 1.15, pinnedCpus: [null, null, 0, 0] };
    const run = { repeats: [0.5, 0.5, 0.5], wallSeconds: 0.5 };
    const interval = speedupInterval(serial, run);
    assert.ok(interval && interval.low <= 2.3 && interval.high >= 2.3, JSON.stringify(interval));
  });

  test('is reported on every analysed run beside its speedup', () => {
    const result = analyse(analysisInput([{ executor: 'serial', wall: 2 }, { executor: 'process', workers: 2, wall: 1 }]));
    const process = result.runs[1];
    assert.ok(process.speedupLow !== null && process.speedupLow !== undefined && process.speedupLow < 2);
    assert.ok(process.speedupHigh !== null && process.speedupHigh !== undefined && process.speedupHigh > 2);
  });
});

describe('the recommended configuration', () => {
  // Issue 13's first slip: pure-Python prime counting on 2 cores, every parallel run within the noise.
  const primes = (spread: number) => [
    run({ executor: 'serial', wall: 3.7, repeats: around(3.7, spread) }),
    run({ executor: 'process', startMethod: 'fork', workers: 2, wall: 3.7 / 1.85, repeats: around(3.7 / 1.85, spread) }),
    run({ executor: 'process', startMethod: 'fork', workers: 4, wall: 3.7 / 1.89, repeats: around(3.7 / 1.89, spread) }),
    run({ executor: 'process', startMethod: 'forkserver', workers: 2, wall: 3.7 / 1.97, repeats: around(3.7 / 1.97, spread) }),
    run({ executor: 'pool', startMethod: 'fork', workers: 2, wall: 3.7 / 1.97, repeats: around(3.7 / 1.97, spread) }),
  ];

  test('is the simplest executor and the fewest workers within the noise of the fastest, not the noisiest winner', () => {
    // Repeats ±4%: all four parallel runs overlap, so the default start method with 2 workers.
    assert.equal(recommended(primes(0.04), { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/2');
  });

  test('names a run with its library threads held only when it is faster beyond the noise than the same run without', () => {
    const runs = (heldWall: number) => [
      run({ executor: 'serial', wall: 2 }),
      run({ executor: 'process', startMethod: 'fork', workers: 2, wall: 1.9 }),
      run({ executor: 'process', startMethod: 'fork', workers: 2, wall: heldWall, libraryThreads: 1 }),
    ];
    const choosing = { defaultStartMethod: 'fork' as const, physicalCores: 2 };
    assert.equal(recommended(runs(1.88), choosing)?.id, 'process/fork/2', 'within the noise: no environment to set');
    assert.equal(recommended(runs(1.2), choosing)?.id, 'process/fork/2/library-threads=1');
  });

  test('never takes more workers than cores, nor another start method, for a gain under 10%, however tight the repeats', () => {
    // Repeats ±2%: fork × 2 is slower than forkserver × 2 beyond the noise, but by 6%: the default
    // start method stands; fork × 4 is not faster than it beyond the noise.
    assert.equal(recommended(primes(0.02), { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/2');
  });

  test('takes another start method or more workers when one is faster by more than 10% beyond the noise', () => {
    const spread = 0.02;
    const runs = [
      run({ executor: 'serial', wall: 4, repeats: around(4, spread) }),
      run({ executor: 'process', startMethod: 'fork', workers: 2, wall: 2.5, repeats: around(2.5, spread) }),
      run({ executor: 'process', startMethod: 'forkserver', workers: 2, wall: 2.1, repeats: around(2.1, spread) }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/forkserver/2');
    const waiting = [
      run({ executor: 'serial', wall: 4, repeats: around(4, spread) }),
      run({ executor: 'thread', workers: 8, wall: 0.6, repeats: around(0.6, spread) }),
      run({ executor: 'thread', workers: 16, wall: 0.5, repeats: around(0.5, spread) }),
      run({ executor: 'thread', workers: 32, wall: 0.47, repeats: around(0.47, spread) }),
    ];
    assert.equal(recommended(waiting, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'thread/16', '16 beat 8 by 20%, 32 beat 16 by 6%');
  });

  test('gives more workers than cores when they were faster beyond the noise', () => {
    const runs = [
      run({ executor: 'serial', wall: 4 }),
      run({ executor: 'process', workers: 2, wall: 2.2 }),
      run({ executor: 'process', workers: 4, wall: 1.6 }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/4');
  });

  test('takes the fewest workers within the noise of the executor\'s own fastest run, not only of the fastest of all', () => {
    // The shape of a CI run of primes on 2 cores: Pool × 4 fastest and clear of Process × 2, Process
    // × 4 within the noise of Pool × 4, and Process × 2 within the noise of Process × 4.
    const runs = [
      run({ executor: 'serial', wall: 0.3, repeats: [0.3, 0.3, 0.31] }),
      run({ executor: 'process', workers: 2, wall: 0.152, repeats: [0.15, 0.152, 0.16] }),
      run({ executor: 'process', workers: 4, wall: 0.134, repeats: [0.127, 0.134, 0.151] }),
      run({ executor: 'pool', workers: 2, wall: 0.155, repeats: [0.15, 0.155, 0.158] }),
      run({ executor: 'pool', workers: 4, wall: 0.128, repeats: [0.126, 0.128, 0.129] }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork' })?.id, 'process/fork/2');
  });

  test('drops more workers than cores when a run within the cores is within their noise, even of another executor', () => {
    const runs = [
      run({ executor: 'serial', wall: 0.3, repeats: [0.3, 0.3, 0.31] }),
      run({ executor: 'process', workers: 2, wall: 0.162, repeats: [0.16, 0.162, 0.165] }),
      run({ executor: 'process', workers: 4, wall: 0.142, repeats: [0.14, 0.142, 0.15] }),
      run({ executor: 'pool', workers: 2, wall: 0.145, repeats: [0.138, 0.145, 0.15] }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork' })?.id, 'process/fork/4', 'with no core count, the simplest executor');
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'pool/fork/2');
  });

  test('takes more workers than cores under the default start method once another start method showed that worker count pays', () => {
    // uneven-tasks on 2 cores, 2026-12-04: forkserver × 4 10.8% ahead of fork × 2, fork × 4 8.5%
    // ahead: the advice was forkserver × 4, the start method picking the worker count.
    const runs = [
      run({ executor: 'serial', wall: 0.0678, repeats: [0.0674, 0.0758, 0.0682] }),
      run({ executor: 'process', workers: 2, wall: 0.0421, repeats: [0.0418, 0.0425] }),
      run({ executor: 'process', workers: 4, wall: 0.0388, repeats: [0.0388, 0.0396, 0.0385] }),
      run({ executor: 'process', startMethod: 'forkserver', workers: 4, wall: 0.038, repeats: [0.0383, 0.0377, 0.038] }),
      run({ executor: 'process', startMethod: 'spawn', workers: 4, wall: 0.0392, repeats: [0.0392] }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/4');
  });

  test('takes the default start method when it finishes the run first, start-up included, though another is faster once started', () => {
    // A new user's walk (s02): forkserver × 2 at 82.1 ms once started but 72.6 ms to start, fork × 2
    // at 90.4 ms after 5 ms: 10% faster once started, 60 ms slower over the run.
    const runs = [
      run({ executor: 'serial', wall: 0.161 }),
      run({ executor: 'process', workers: 2, wall: 0.0904, startup: 0.00505 }),
      run({ executor: 'process', startMethod: 'forkserver', workers: 2, wall: 0.0821, startup: 0.0726 }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/2');
    const long = [
      run({ executor: 'serial', wall: 16.1 }),
      run({ executor: 'process', workers: 2, wall: 9.04, startup: 0.00505 }),
      run({ executor: 'process', startMethod: 'forkserver', workers: 2, wall: 8.21, startup: 0.0726 }),
    ];
    assert.equal(recommended(long, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/forkserver/2', 'where the run is long, its gain once started pays the start-up');
  });

  test('advises ProcessPoolExecutor over a Pool under 10% faster, beyond the noise or not', () => {
    // sort-records, 2026-12-04: Pool × 2 5.3% ahead of process × 2, the repeats apart, in one
    // profile; process × 2 ahead in the next.
    const runs = [
      run({ executor: 'serial', wall: 0.0754, repeats: [0.0763, 0.0746] }),
      run({ executor: 'process', workers: 2, wall: 0.0437, repeats: [0.0426, 0.0437, 0.0448] }),
      run({ executor: 'pool', workers: 2, wall: 0.0415, repeats: [0.0398, 0.0415, 0.042] }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/2');
  });

  test('keeps Pool to the same 10% as ProcessPoolExecutor before giving it more workers than cores', () => {
    // uneven-tasks on 2 cores, 2026-12-04: Pool × 4 6.8% ahead of process × 2 (and beyond its noise)
    // was advised, while process × 4, 9.8% ahead, was not.
    const runs = [
      run({ executor: 'serial', wall: 0.0687, repeats: [0.0699, 0.0675] }),
      run({ executor: 'process', workers: 2, wall: 0.0426, repeats: [0.0422, 0.043] }),
      run({ executor: 'process', workers: 4, wall: 0.0388, repeats: [0.0405, 0.0377, 0.0388] }),
      run({ executor: 'pool', workers: 4, wall: 0.0399, repeats: [0.0385, 0.0399, 0.0414] }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/2');
  });

  test('takes no more workers than cores while the best run within the cores has a single timing, and asks to repeat it', () => {
    // hashlib on an 8 MB buffer, 2 cores: thread × 4 timed three times, thread × 2 once, 6% apart.
    const runs = [
      run({ executor: 'serial', wall: 0.042, repeats: [0.042, 0.041] }),
      run({ executor: 'thread', workers: 2, wall: 0.0245, repeats: [0.0245] }),
      run({ executor: 'thread', workers: 4, wall: 0.023, repeats: [0.023, 0.0231, 0.0229] }),
    ];
    const choosing = { defaultStartMethod: 'fork' as const, physicalCores: 2 };
    assert.equal(recommended(runs, choosing)?.id, 'thread/2');
    assert.ok(undecided(runs, choosing).some((want) => want.id === 'thread/2' && want.moreRepeats >= 2), JSON.stringify(undecided(runs, choosing)));
  });

  test('among start methods within the noise of each other, after the default, takes forkserver, then spawn, whichever edged ahead', () => {
    // bigint-gil profiled twice: spawn and forkserver traded places within the noise, fork slower beyond it.
    const runs = (spawnWall: number, forkserverWall: number) => [
      run({ executor: 'serial', wall: 0.06 }),
      run({ executor: 'process', startMethod: 'fork', workers: 2, wall: 0.048 }),
      run({ executor: 'process', startMethod: 'spawn', workers: 2, wall: spawnWall }),
      run({ executor: 'process', startMethod: 'forkserver', workers: 2, wall: forkserverWall }),
    ];
    const choosing = { defaultStartMethod: 'fork' as const, physicalCores: 2 };
    assert.equal(recommended(runs(0.042, 0.043), choosing)?.id, 'process/forkserver/2');
    assert.equal(recommended(runs(0.043, 0.042), choosing)?.id, 'process/forkserver/2');
    assert.equal(recommended(runs(0.043, 0.042), { defaultStartMethod: 'spawn', physicalCores: 2 })?.id, 'process/spawn/2', 'the default first');
  });

  test('takes no more workers than cores on a single timing of them, however fast', () => {
    // regex-logs: fork × 8 timed once at 0.061 s; fork × 2 timed three times, 0.052–0.073 s.
    const runs = [
      run({ executor: 'serial', wall: 0.083, repeats: [0.083, 0.082] }),
      run({ executor: 'process', workers: 2, wall: 0.066, repeats: [0.066, 0.052, 0.073] }),
      run({ executor: 'process', workers: 8, wall: 0.061, repeats: [0.061] }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/2');
  });

  test('on busy cores takes more workers only for a gain that filling the idle tail could give: a larger one is drift', () => {
    // nbody on 2 cores: spawn × 8 11% ahead of fork × 2, beyond each one's repeats, while fork × 2's
    // workers were busy to the end (1% idle tail): 8 processes cannot compute faster on 2 cores.
    const busy = { cpuUtilization: 0.9, overheads: { startup: 0.1, dispatch: 0.02, imbalance: 0.01 } };
    const uneven = { cpuUtilization: 0.75, overheads: { startup: 0.1, dispatch: 0.02, imbalance: 0.25 } };
    const runs = (within: typeof busy) => [
      { ...run({ executor: 'serial', wall: 0.499, repeats: [0.492, 0.505] }), ...busy },
      { ...run({ executor: 'process', workers: 2, wall: 0.28, repeats: [0.298, 0.268, 0.28] }), ...within },
      { ...run({ executor: 'process', startMethod: 'spawn', workers: 8, wall: 0.251, repeats: [0.22, 0.251, 0.255] }), ...busy },
    ];
    const choosing = { defaultStartMethod: 'fork' as const, physicalCores: 2 };
    assert.equal(recommended(runs(busy), choosing)?.id, 'process/fork/2');
    assert.equal(recommended(runs(uneven), choosing)?.id, 'process/spawn/8', 'a quarter of the time idle at the tail: more workers can fill it');
  });

  test('takes more workers than cores for waiting work on one timing each, but not for computing work', () => {
    // A cancelled profile of calls that sleep 40 ms and then compute a little (6.6% CPU), each count
    // timed once: thread × 8 at 61 ms beside thread × 2 at 182 ms had left the advice at × 2.
    const waiting = { cpuUtilization: 0.07, overheads: { startup: 0.01, dispatch: 0.02, imbalance: 0.05 } };
    const computing = { cpuUtilization: 0.95, overheads: { startup: 0.01, dispatch: 0.02, imbalance: 0.05 } };
    const runs = (how: typeof waiting) => [
      { ...run({ executor: 'serial', wall: 0.343, repeats: [0.343] }), ...how },
      { ...run({ executor: 'thread', workers: 2, wall: 0.182, repeats: [0.182] }), ...how },
      { ...run({ executor: 'thread', workers: 4, wall: 0.0965, repeats: [0.0965] }), ...how },
      { ...run({ executor: 'thread', workers: 8, wall: 0.0611, repeats: [0.0611] }), ...how },
    ];
    const choosing = { defaultStartMethod: 'fork' as const, physicalCores: 2 };
    assert.equal(recommended(runs(waiting), choosing)?.id, 'thread/8');
    assert.equal(recommended(runs(computing), choosing)?.id, 'thread/2', 'one timing of the best within the cores: nothing over them is shown faster');
    // Threads the GIL holds keep one core busy in all, half of each of two: they compute, not wait.
    const held = (workers: number, wall: number) => ({ ...run({ executor: 'thread', workers, wall, repeats: [wall] }), cpuUtilization: 1 / workers, overheads: computing.overheads });
    const gil = [{ ...run({ executor: 'serial', wall: 1, repeats: [1] }), ...computing }, held(2, 0.98), held(8, 0.85)];
    assert.equal(recommended(gil, choosing)?.id, 'serial/1', 'GIL-held threads: one timing of × 8 shows nothing faster than × 2, which serial matches');
  });

  test('chooses the executor first, then the fewest workers within the noise of that executor\'s own fastest run', () => {
    // Threads waiting on I/O: 16 beat 8 beyond the noise; 32 add nothing beyond 16.
    const runs = [
      run({ executor: 'serial', wall: 4 }),
      run({ executor: 'thread', workers: 8, wall: 0.52 }),
      run({ executor: 'thread', workers: 16, wall: 0.27 }),
      run({ executor: 'thread', workers: 32, wall: 0.26 }),
      run({ executor: 'process', workers: 32, wall: 0.25 }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'thread/16');
  });

  test('stays serial when no parallel run beat serial beyond the noise', () => {
    const runs = [
      run({ executor: 'serial', wall: 1, repeats: [0.9, 1.0, 1.12] }),
      run({ executor: 'process', workers: 2, wall: 0.93, repeats: [0.85, 0.93, 1.0] }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'serial/1');
  });

  test('counts a gain of under 5% as none even when the repeats are tight', () => {
    const a = run({ executor: 'thread', workers: 2, wall: 1.03, repeats: [1.03, 1.03, 1.03] });
    const b = run({ executor: 'thread', workers: 4, wall: 1.0, repeats: [1.0, 1.0, 1.0] });
    assert.equal(withinNoise(a, b), true);
  });
});

describe('the fewest workers, beaten by no run of their executor', () => {
  test('advises thread × 4 over thread × 2, which it clearly beats, though both are within the noise of a thread × 8 that stalls now and then', () => {
    // Recorded (corpus local-server): thread × 8 at 30 ms or 0.53–1.03 s (its backlog overflowing).
    const runs = [
      run({ executor: 'serial', wall: 0.211, repeats: [0.211, 0.212] }),
      run({ executor: 'thread', workers: 2, wall: 0.1095, repeats: [0.11, 0.11, 0.108, 0.11, 0.11, 0.108, 0.109, 0.108, 0.109, 0.11] }),
      run({ executor: 'thread', workers: 4, wall: 0.057, repeats: [0.057, 0.058, 0.0565] }),
      run({ executor: 'thread', workers: 8, wall: 0.0305, repeats: [0.531, 0.03, 0.031, 0.0301, 1.032, 0.0302, 0.0303, 0.536, 0.545, 0.0304] }),
    ];
    // On 8 cores, every count within them: × 2 is as good as × 8 by the noise, but × 4 beats it.
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 8 })?.id, 'thread/4');
  });
});

describe('undecided: what the adaptive plan should repeat', () => {
  test('asks for nothing when the fastest is also the recommendation and every finalist has three repeats', () => {
    const runs = [run({ executor: 'serial', wall: 4 }), run({ executor: 'process', workers: 2, wall: 2 }), run({ executor: 'thread', workers: 2, wall: 4 })];
    assert.deepEqual(undecided(runs, { defaultStartMethod: 'fork', physicalCores: 2 }), []);
  });

  test('brings every finalist and the serial baseline up to three repeats', () => {
    const runs = [
      run({ executor: 'serial', wall: 4, repeats: [4] }),
      run({ executor: 'process', workers: 2, wall: 2, repeats: [2.0, 2.02] }),
    ];
    assert.deepEqual(undecided(runs, { defaultStartMethod: 'fork', physicalCores: 2 }), [
      { id: 'process/fork/2', moreRepeats: MIN_REPEATS - 2 },
      { id: 'serial/1', moreRepeats: MIN_REPEATS - 1 },
    ]);
  });

  test('asks for repeats of the recommendation and the fastest when noise alone joins them', () => {
    // 8% apart, repeats overlapping: a few more repeats can tell whether Pool really beats ProcessPoolExecutor.
    const runs = [
      run({ executor: 'serial', wall: 4 }),
      run({ executor: 'process', workers: 2, wall: 2.16, repeats: [2.08, 2.16, 2.22] }),
      run({ executor: 'pool', workers: 2, wall: 2.0, repeats: [1.97, 2.0, 2.1] }),
    ];
    const more = undecided(runs, { defaultStartMethod: 'fork', physicalCores: 2 });
    assert.deepEqual(more.map((entry) => entry.id).sort(), ['pool/fork/2', 'process/fork/2']);
    for (const entry of more) assert.ok(entry.moreRepeats >= 1 && entry.moreRepeats <= MAX_REPEATS - 3, JSON.stringify(entry));
  });

  test('asks for no repeats to split two runs of one executor under 10% apart: the fewer workers stand either way', () => {
    const runs = [
      run({ executor: 'serial', wall: 4, repeats: [4, 4, 4] }),
      run({ executor: 'process', workers: 2, wall: 2.16, repeats: [2.08, 2.16, 2.22] }),
      run({ executor: 'process', workers: 4, wall: 2.0, repeats: [1.97, 2.0, 2.1] }),
    ];
    assert.deepEqual(undecided(runs, { defaultStartMethod: 'fork', physicalCores: 2 }), []);
  });

  test('gives up on a gap the budget of repeats cannot resolve: the simpler configuration stands', () => {
    const runs = [
      run({ executor: 'serial', wall: 4 }),
      run({ executor: 'process', workers: 2, wall: 2.16, repeats: [1.6, 2.16, 2.9] }),
      run({ executor: 'process', workers: 4, wall: 2.0, repeats: [1.5, 2.0, 2.7] }),
    ];
    assert.deepEqual(undecided(runs, { defaultStartMethod: 'fork', physicalCores: 2 }), []);
  });

  test('keeps timing serial and a run a quarter faster however many timings three of them foretell, up to the most worth spending', () => {
    // Serial at 702–1100 ms under other load beside worker_threads × 2 at 580–1020 ms: the estimate
    // wants 18 timings each, and giving up left the advice at serial on CPU-bound work.
    const runs = [
      run({ executor: 'serial', wall: 0.954, repeats: [0.702, 0.954, 1.1] }),
      run({ executor: 'worker_threads', workers: 2, wall: 0.75, repeats: [0.58, 0.75, 1.02] }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: null, physicalCores: 2 })?.id, 'serial/1', 'within the noise of serial so far');
    assert.deepEqual(undecided(runs, { defaultStartMethod: null, physicalCores: 2 }), [
      { id: 'serial/1', moreRepeats: MAX_REPEATS - 3 },
      { id: 'worker_threads/2', moreRepeats: MAX_REPEATS - 3 },
    ]);
  });

  test('does not time a quarter-faster run whose gain the verdict reads as noise past what the estimate allows', () => {
    // Async calls on computing JavaScript: one thread runs them all, whatever their timings say.
    const runs = [
      run({ executor: 'serial', wall: 0.954, repeats: [0.702, 0.954, 1.1] }),
      run({ executor: 'async', workers: 2, wall: 0.75, repeats: [0.58, 0.75, 1.02] }),
    ];
    assert.deepEqual(undecided(runs, { defaultStartMethod: null, physicalCores: 2 }, (candidate) => candidate.executor === 'async'), []);
  });

  test('does not time a quarter-faster run up to the most when even that could not come near separating them', () => {
    // Timings spread over 3× on each side: the estimate asks far more than ten each.
    const runs = [
      run({ executor: 'serial', wall: 1.0, repeats: [0.5, 1.0, 1.6] }),
      run({ executor: 'worker_threads', workers: 2, wall: 0.78, repeats: [0.3, 0.78, 1.3] }),
    ];
    assert.deepEqual(undecided(runs, { defaultStartMethod: null, physicalCores: 2 }), []);
  });

  test('stops asking once the finalists reach the most repeats worth spending', () => {
    const ten = (wall: number) => Array.from({ length: MAX_REPEATS }, (_, index) => wall * (0.8 + (index % 5) * 0.1));
    const runs = [
      run({ executor: 'serial', wall: 4 }),
      run({ executor: 'process', workers: 2, wall: 2.16, repeats: ten(2.16) }),
      run({ executor: 'process', workers: 4, wall: 2.0, repeats: ten(2.0) }),
    ];
    assert.equal(recommended(runs, { defaultStartMethod: 'fork', physicalCores: 2 })?.id, 'process/fork/2', 'still within the noise of the fastest');
    assert.deepEqual(undecided(runs, { defaultStartMethod: 'fork', physicalCores: 2 }), []);
  });

  test('never asks to repeat a failed configuration', () => {
    const runs = [
      run({ executor: 'serial', wall: 4 }),
      run({ executor: 'process', workers: 2, wall: null, repeats: [], error: { kind: 'timeout', message: 'timed out', hint: 'fix it' } }),
      run({ executor: 'thread', workers: 2, wall: 4.1 }),
    ];
    assert.deepEqual(undecided(runs, { defaultStartMethod: 'fork', physicalCores: 2 }), []);
  });
});

describe('whether more timings could move the recommendation', () => {
  const choosing = { defaultStartMethod: 'fork' as const, physicalCores: 2 };

  test('yes, when the fastest is within the noise of a much slower pick only by one stalled timing', () => {
    const runs = analyse(analysisInput([
      { executor: 'serial', wall: 0.21, cpu: 0.01 },
      { executor: 'thread', workers: 2, wall: 0.108, cpu: 0.01, repeats: [0.108, 0.109, 0.11] },
      { executor: 'thread', workers: 8, wall: 0.032, cpu: 0.01, repeats: [0.032, 0.54, 0.033] },
    ])).runs;
    assert.equal(recommended(runs, choosing)?.workers, 2, 'the stall holds the advice at 2 workers');
    assert.equal(timingsCouldMove(runs, choosing), true);
  });

  test('no, when the fastest is kept out by a gain its idle tail cannot explain, which no timing changes', () => {
    // CPU work on 2 cores: × 2 kept its cores busy to the end, yet × 8 read 1.4× faster.
    const runs = analyse(analysisInput([
      { executor: 'serial', wall: 2 },
      { executor: 'process', workers: 2, wall: 1.05 },
      { executor: 'process', workers: 8, wall: 0.75 },
    ])).runs;
    assert.equal(recommended(runs, choosing)?.workers, 2);
    assert.equal(timingsCouldMove(runs, choosing), false);
  });

  test('no, when the pick is the fastest', () => {
    const runs = analyse(analysisInput([{ executor: 'serial', wall: 2 }, { executor: 'process', workers: 2, wall: 1.05 }])).runs;
    assert.equal(timingsCouldMove(runs, choosing), false);
  });
});

describe('the timings a result the answer rests on still wants', () => {
  test('a second after one, a third while two disagree by more than 5%, none once they agree', () => {
    assert.equal(timingsStillWanted([1.0]), 1);
    assert.equal(timingsStillWanted([1.0, 1.04]), 0);
    assert.equal(timingsStillWanted([1.0, 1.1]), 1);
    assert.equal(timingsStillWanted([1.0, 1.1, 1.3]), 0);
  });

  test('counts only usable timings: a lost one (NaN, 0) neither agrees nor counts', () => {
    assert.equal(timingsAgree([1.0, Number.NaN]), false);
    assert.equal(timingsAgree([0, 1.0]), false);
    assert.equal(timingsStillWanted([1.0, Number.NaN]), 1);
    assert.equal(timingsStillWanted([1.0, 1.2, Number.NaN]), 1);
  });

  test('spread is the slowest usable timing over the fastest, 1 for fewer than two', () => {
    assert.equal(timingSpread([2]), 1);
    assert.equal(timingSpread([2, 3, Number.NaN, 0]), 1.5);
  });
});
