import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareReports, roundsNeeded, whyNotComparableReports } from '../../src/shared/compare';
import type { Report, Run } from '../../src/shared/report';
import { sampleReport, sampleRun } from './extension-fixtures';
import { comparisonText } from '../../src/core/compareText';

/** A run whose three repeats are `walls`, median first. */
function measured(run: Run, walls: [number, number, number]): Run {
  const sorted = [...walls].sort((a, b) => a - b);
  // Serial CPU work computes for nearly all of its wall.
  return { ...run, wallSeconds: sorted[1], cpuSeconds: sorted[1] * 0.98 * run.workers, repeats: walls, wallSpread: { min: sorted[0], max: sorted[2] } };
}

function report(serial: [number, number, number], process: [number, number, number], more: Partial<Report> = {}): Report {
  return {
    ...sampleReport({
      runs: [measured(sampleRun('serial', null, 1, 1), serial), measured(sampleRun('process', 'fork', 2, 1.9), process), sampleRun('thread', null, 2, 1)],
      best: { executor: 'process', startMethod: 'fork', workers: 2, speedup: 1.9 },
    }),
    ...more,
  };
}

const OPTIONS = { threshold: 0.1, otherLoadCores: 0.25 };
const base = report([1.0, 0.98, 1.03], [0.52, 0.5, 0.55], { provenance: { commit: 'a'.repeat(40), branch: 'main', dirty: false, path: 'src/work.py' } });

describe('comparing two reports', () => {
  test('a 20% slower serial and recommended configuration, beyond the noise, is a regression of both', () => {
    const slower = report([1.2, 1.19, 1.24], [0.62, 0.6, 0.66], { provenance: { commit: 'b'.repeat(40), branch: 'main', dirty: true, path: 'src/work.py' } });
    const comparison = compareReports(base, slower, OPTIONS);
    assert.deepEqual(comparison.regressions.map((entry) => entry.id), ['serial/1', 'process/fork/2']);
    assert.equal(comparison.commitRange, 'aaaaaaa..bbbbbbb (uncommitted changes)');
    assert.ok(Math.abs((comparison.regressions[0].change ?? 0) - 0.2) < 1e-9);
  });

  test('a parallel slowdown whose repeats overlap the old ones is within the noise, however large the medians differ', () => {
    const noisy = report([1.0, 0.98, 1.03], [0.7, 0.51, 0.75]);
    noisy.runs[1] = { ...noisy.runs[1], cpuSeconds: base.runs[1].cpuSeconds };
    const comparison = compareReports(base, noisy, OPTIONS);
    assert.equal(comparison.changes.find((entry) => entry.id === 'process/fork/2')?.direction, 'within-noise');
    assert.equal(comparison.regressions.length, 0);
  });

  test('serial CPU work slowed by other programs, with the same CPU seconds, is within the noise', () => {
    const loaded = report([2.0, 1.9, 2.2], [0.52, 0.5, 0.55]);
    loaded.runs[0] = { ...loaded.runs[0], cpuSeconds: base.runs[0].cpuSeconds };
    const serial = compareReports(base, loaded, OPTIONS).changes.find((entry) => entry.id === 'serial/1');
    assert.equal(serial?.measure, 'fastest');
    assert.equal(serial?.newFigure, base.runs[0].cpuSeconds, 'its CPU seconds, less than every timing');
    assert.equal(serial?.direction, 'within-noise');
  });

  test('serial CPU work is judged by its fastest timing, unless its own timings swung by more than the change', () => {
    // Steady timings: the fastest (or the CPU seconds, where less) is the code's own time.
    const slower = report([1.2, 1.19, 1.22], [0.62, 0.6, 0.66]);
    const steady = compareReports(base, slower, OPTIONS);
    const serial = steady.regressions.find((entry) => entry.id === 'serial/1');
    assert.equal(serial?.measure, 'fastest');
    assert.match(comparisonText(steady), /serial: fastest timing or CPU time 980 ms → 1\.18 s, \+20%/);
    // One timing of the same code on a slower CPU (1.2×) moves nothing: the fastest stays.
    const same = report([1.0, 1.22, 1.2], [0.52, 0.5, 0.55]);
    same.runs[0] = { ...same.runs[0], cpuSeconds: 1.18 };
    const sameSerial = compareReports(base, same, OPTIONS).changes.find((entry) => entry.id === 'serial/1');
    assert.equal(sameSerial?.newFigure, 1.0, 'the fastest timing, less than its CPU seconds');
    assert.equal(sameSerial?.direction, 'within-noise');
    // As on this 2-core host: the same code's timings in one profile read 943, 987, 944 and 613 ms —
    // the machine's speed swung 1.6× — and a change within that swing cannot be told from it.
    const swinging = report([0.943, 0.987, 0.613], [0.52, 0.5, 0.55]);
    swinging.runs[0] = { ...swinging.runs[0], cpuSeconds: 0.93 };
    const allSlow = report([0.952, 0.954, 0.973], [0.52, 0.5, 0.55]);
    const unjudged = compareReports(swinging, allSlow, OPTIONS);
    const entry = unjudged.changes.find((change) => change.id === 'serial/1');
    assert.equal(entry?.direction, 'uneven-cpus');
    assert.match(entry?.note ?? '', /serial's own timings varied 1\.61× within the old profile \(613 ms to 987 ms\): the same code ran at different speeds \(the machine, or its own first calls\), by more than the change/);
    assert.equal(unjudged.regressions.length, 0);
    // Twice as slow is more than the swing: judged.
    assert.ok(compareReports(swinging, report([1.3, 1.31, 1.32], [0.52, 0.5, 0.55]), OPTIONS).regressions.some((change) => change.id === 'serial/1'));
    // Swung in both profiles, each reached the fast state: serial's fastest timings are judged (a
    // 20% slower function is caught), every other configuration still is not.
    const slowerSwinging = report([1.13, 1.18, 0.736], [0.62, 0.6, 0.66]);
    slowerSwinging.runs[0] = { ...slowerSwinging.runs[0], cpuSeconds: 1.1 };
    const both = compareReports(swinging, slowerSwinging, OPTIONS);
    assert.deepEqual(both.regressions.map((change) => change.id), ['serial/1']);
    assert.ok(Math.abs((both.regressions[0].change ?? 0) - (0.736 / 0.613 - 1)) < 1e-9);
    assert.equal(both.changes.find((change) => change.id === 'process/fork/2')?.direction, 'uneven-cpus');
  });

  test('a pool whose tasks computed the same work slower, while serial did not change, is shown but not judged: slower CPUs or contention, not the code', () => {
    // As a clean run read it: process (fork) × 2's three timings, within one second, landed while
    // one CPU ran slower; serial (the code) was unchanged, the pool's tasks took 27% more CPU.
    const slowCpus = report([1.0, 0.98, 1.03], [0.66, 0.65, 0.68]);
    const comparison = compareReports(base, slowCpus, OPTIONS);
    const process = comparison.changes.find((entry) => entry.id === 'process/fork/2');
    assert.equal(process?.direction, 'uneven-cpus');
    assert.match(process?.note ?? '', /its tasks took 27% more CPU for the same work than in the old profile, beyond serial's change: the CPUs ran them slower, or its workers now contend/);
    assert.equal(comparison.regressions.length, 0);
    // A heavier hand-off on top of the slower CPUs: what the tasks' CPU leaves unexplained (+25%) is judged.
    const both = report([1.0, 0.98, 1.03], [0.85, 0.82, 0.86]);
    both.runs[1] = { ...both.runs[1], cpuSeconds: (slowCpus.runs[1].cpuSeconds as number) };
    assert.deepEqual(compareReports(base, both, OPTIONS).regressions.map((entry) => entry.id), ['process/fork/2']);
    // A heavier hand-off (larger arguments, a slower start) lengthens the wall, not the tasks' CPU: judged.
    const handOff = structuredClone(slowCpus);
    handOff.runs[1] = { ...handOff.runs[1], cpuSeconds: base.runs[1].cpuSeconds };
    assert.deepEqual(compareReports(base, handOff, OPTIONS).regressions.map((entry) => entry.id), ['process/fork/2']);
    // Tasks taking more than twice the CPU is more than a slow CPU explains (workers contending): judged.
    const contended = report([1.0, 0.98, 1.03], [1.3, 1.25, 1.35]);
    assert.deepEqual(compareReports(base, contended, OPTIONS).regressions.map((entry) => entry.id), ['process/fork/2']);
  });

  test('a wall time measured while other programs kept cores busy is not judged, and does not fail the gate', () => {
    const loaded = report([1.0, 0.98, 1.03], [1.0, 0.98, 1.1]);
    loaded.runs[1] = { ...loaded.runs[1], otherCores: 0.9 };
    const process = compareReports(base, loaded, OPTIONS).changes.find((entry) => entry.id === 'process/fork/2');
    assert.equal(process?.direction, 'other-load');
    assert.match(process?.note ?? '', /other programs kept 0\.9 cores busy/);
    assert.equal(process?.regression, false);
  });

  test('a report whose CPUs ran unevenly is not judged, names the CPUs, and does not fail the gate', () => {
    const slower = report([1.5, 1.48, 1.52], [0.75, 0.74, 0.78]);
    slower.machine = { ...slower.machine, cpuSpeeds: [{ at: 'start', cpus: [0, 1], seconds: [0.05, 0.03] }, { at: 'end', cpus: [0, 1], seconds: [0.03, 0.051] }] };
    const comparison = compareReports(base, slower, OPTIONS);
    const serial = comparison.changes.find((entry) => entry.id === 'serial/1');
    assert.equal(serial?.direction, 'uneven-cpus');
    // CPU 0 slow at the first reading, CPU 1 at the last: each named, not CPU 0 alone.
    assert.match(serial?.note ?? '', /one CPU took 1\.67× as long as another for the same work or more, not the same one each time: CPU 0 \(1\.67× CPU 1's time\) at the first reading, CPU 1 \(1\.70× CPU 0's time\) at the last reading in the new profile/);
    assert.equal(comparison.regressions.length, 0);
    assert.match(comparisonText(comparison), /not judged: uneven CPUs/);
    assert.match(comparisonText(comparison), /could not be judged: one CPU took 1\.67× as long as another .*compare OLD\.py NEW\.py/);
    const even = structuredClone(slower);
    even.machine.cpuSpeeds = [{ at: 'start', cpus: [0, 1], seconds: [0.031, 0.03] }, { at: 'end', cpus: [0, 1], seconds: [0.05, 0.03] }];
    assert.ok(compareReports(base, even, OPTIONS).regressions.some((entry) => entry.id === 'serial/1'), 'even in one of the two readings: judged as usual');
    const twice = report([2.0, 1.98, 2.03], [1.0, 0.98, 1.1]);
    twice.machine = slower.machine;
    assert.ok(compareReports(base, twice, OPTIONS).regressions.some((entry) => entry.id === 'serial/1'), 'twice as slow is more than CPUs 1.67× apart explain: judged');
  });

  test('a slowdown beyond the noise but under the threshold is marked worse without failing the gate', () => {
    const slightly = report([1.06, 1.05, 1.07], [0.52, 0.5, 0.55]);
    const comparison = compareReports(base, slightly, OPTIONS);
    assert.equal(comparison.changes.find((entry) => entry.id === 'serial/1')?.direction, 'worse');
    assert.equal(comparison.regressions.length, 0);
    assert.equal(compareReports(base, slightly, { ...OPTIONS, threshold: 0.02 }).regressions.length, 1);
  });

  test('a faster run beyond the noise is marked better, and a configuration that stopped working fails the gate', () => {
    const faster = report([0.8, 0.79, 0.82], [0.52, 0.5, 0.55]);
    assert.equal(compareReports(base, faster, OPTIONS).changes.find((entry) => entry.id === 'serial/1')?.direction, 'better');
    const broken = { ...base, runs: base.runs.map((run) => (run.id === 'process/fork/2' ? { ...run, wallSeconds: null, error: { kind: 'exception' as const, message: 'boom', hint: 'fix it' } } : run)) };
    assert.deepEqual(compareReports(base, broken, OPTIONS).regressions.map((entry) => entry.direction), ['failed']);
  });

  test('a slower configuration the old report did not recommend is shown as worse but does not fail the gate', () => {
    const threads = report([1.0, 0.98, 1.03], [0.52, 0.5, 0.55]);
    threads.runs[2] = measured(threads.runs[2], [2, 2.1, 2.2]);
    const comparison = compareReports(base, threads, OPTIONS);
    assert.equal(comparison.changes.find((entry) => entry.id === 'thread/2')?.direction, 'worse');
    assert.equal(comparison.regressions.length, 0);
  });

  test('refuses reports of another machine, other inputs or another function, saying which', () => {
    assert.match(whyNotComparableReports(base, { ...base, machine: { ...base.machine, logicalCores: 64 } }) ?? '', /different machines/);
    assert.match(whyNotComparableReports(base, { ...base, target: { ...base.target, inputs: { expression: 'range(3)', count: 3 } } }) ?? '', /other inputs/);
    assert.match(whyNotComparableReports(base, { ...base, target: { ...base.target, function: 'other' } }) ?? '', /different functions/);
    assert.equal(whyNotComparableReports(base, base), null);
  });

  test('two checkouts of one repository compare by the path inside it', () => {
    const elsewhere = { ...base, target: { ...base.target, file: '/home/ci/checkout/src/work.py' } };
    assert.equal(whyNotComparableReports(base, elsewhere), null);
  });
});

describe('comparing two scripts timed in alternating rounds', () => {
  /** A report of one serial run per side whose repeats are the rounds, as `compare OLD.py NEW.py` writes it. */
  function interleaved(rounds: number[], pairing = 'one-run'): Report {
    const serial = { ...sampleRun('serial', null, 1, 1), repeats: rounds, wallSeconds: [...rounds].sort((a, b) => a - b)[Math.floor(rounds.length / 2)], cpuSeconds: null, processCpuSeconds: null };
    const made = sampleReport({ runs: [serial], best: { executor: 'serial', startMethod: null, workers: 1, speedup: 1 } });
    return { ...made, settings: { ...made.settings, plan: 'interleaved', pairing } };
  }
  // The machine's speed drifted by half between rounds: both sides felt it alike.
  const drift = [1.0, 1.5, 1.0, 1.6, 1.05, 1.0, 1.45, 1.0, 1.02, 1.3, 1.0, 1.1, 1.0];

  test('the same code on a drifting machine is within the noise: each round pairs with the other side\'s', () => {
    const again = drift.map((wall, index) => wall * [1.02, 0.98, 1.01, 0.99, 1.0, 1.03, 0.97, 1.0, 1.01, 1.04, 1.02, 0.99, 1.01][index]);
    const comparison = compareReports(interleaved(drift), interleaved(again), OPTIONS);
    assert.equal(comparison.paired, true);
    assert.equal(comparison.changes[0].direction, 'within-noise');
    assert.equal(comparison.regressions.length, 0);
  });

  test('a 20% slower function on a drifting machine is a regression, even with a round held up on the old side', () => {
    const slower = drift.map((wall) => wall * 1.2);
    const comparison = compareReports(interleaved(drift), interleaved(slower), OPTIONS);
    assert.deepEqual(comparison.regressions.map((entry) => entry.id), ['serial/1']);
    assert.ok(Math.abs((comparison.regressions[0].change ?? 0) - 0.2) < 1e-9);
    const heldUp = [...drift];
    heldUp[2] = 1.4;
    assert.equal(compareReports(interleaved(heldUp), interleaved(slower), OPTIONS).regressions.length, 1, 'twelve of thirteen rounds slower still count');
    heldUp[5] = 1.5;
    assert.equal(compareReports(interleaved(heldUp), interleaved(slower), OPTIONS).regressions.length, 0, 'eleven of thirteen the same code reaches more than 1 time in 500');
  });

  test('needs the rounds a sign test needs: the same code leans so far one way at most 1 time in 500', () => {
    assert.deepEqual([8, 9, 11, 13, 17, 25, 39].map(roundsNeeded), [9, 9, 11, 12, 15, 21, 29]);
  });

  test('reports not timed in rounds, or in two different interleaved runs, are never paired round by round', () => {
    const plain = (rounds: number[]): Report => ({ ...interleaved(rounds), settings: { repeat: 5, timeoutSeconds: 120, plan: 'adaptive' } });
    const slower = drift.map((wall) => wall * 1.2);
    assert.equal(compareReports(plain(drift), plain(slower), OPTIONS).paired, false);
    const apart = compareReports(interleaved(drift, 'monday'), interleaved(slower, 'tuesday'), OPTIONS);
    assert.equal(apart.paired, false);
    // Judged as two plain reports, the drift hides the slowdown (serial's timings swung more than
    // the change: not judged): what pairing buys.
    assert.equal(apart.changes[0].direction, 'uneven-cpus');
    assert.match(apart.changes[0].note ?? '', /serial's own timings varied \d\.\d\d× within the (old|new) profile/);
    assert.equal(apart.regressions.length, 0);
  });

  test('too few rounds to reach the sign test\'s level are shown and not judged, however they lean', () => {
    const three = compareReports(interleaved([1, 1, 1]), interleaved([1.5, 1.5, 1.5]), OPTIONS);
    assert.equal(three.changes[0].direction, 'within-noise');
    assert.match(three.changes[0].note ?? '', /3 rounds timed on both sides: too few to judge/);
    assert.equal(three.regressions.length, 0);
  });
});
