import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import { LOOP_SECONDS, loopsFor } from '../../src/core/certainty';
import * as scenarios from './fixtures/scenarios';
import { analysisInput, machine, type RunSpec } from './fixtures/synthetic';
import { sharedCpusWarning, unevenCpusWarning } from '../../src/core/warnings';
import { cpusReach, sharedCpus, unevenCpus } from '../../src/shared/report';

function verdictOf(runs: RunSpec[]) {
  return analyse(analysisInput(runs)).verdict;
}

describe('how sure the verdict is', () => {
  test('is high when the recommendation is clear of the noise over three repeats', () => {
    const verdict = verdictOf(scenarios.cpuBound.runs);
    assert.equal(verdict.confidence, 'high');
    assert.match(verdict.explanation, /Confidence: high — process \(fork\) × 2 at 1\.90× \(\d\.\d\d–\d\.\d\d\) is clear of the noise over 3 repeats of serial\.$/);
  });

  test('is low with a single repeat, and says so', () => {
    const runs = scenarios.cpuBound.runs.map((run) => ({ ...run, repeats: run.wall === null ? [] : [run.wall] }));
    const verdict = verdictOf(runs);
    assert.equal(verdict.confidence, 'low');
    assert.match(verdict.explanation, /Confidence: low — only 1 usable repeat of serial, too few to know the noise/);
  });

  test("stays high on serial's two timings taken apart when they agree within 5%, as the adaptive plan leaves them", () => {
    const runs = scenarios.cpuBound.runs.map((run) => (run.executor === 'serial' && run.wall !== null ? { ...run, repeats: [run.wall, run.wall * 1.03] } : run));
    assert.equal(verdictOf(runs).confidence, 'high');
    const apart = scenarios.cpuBound.runs.map((run) => (run.executor === 'serial' && run.wall !== null ? { ...run, repeats: [run.wall, run.wall * 1.12] } : run));
    assert.match(verdictOf(apart).explanation, /Confidence: low — only 2 usable repeats of serial, too few to know the noise/);
  });

  test("is medium on serial's two timings 5–10% apart, as the plan leaves them where a third could not change the verdict, and says how far the figures may be off", () => {
    const close = scenarios.cpuBound.runs.map((run) => (run.executor === 'serial' && run.wall !== null ? { ...run, repeats: [run.wall, run.wall * 1.06] } : run));
    const verdict = verdictOf(close);
    assert.equal(verdict.confidence, 'medium');
    assert.match(verdict.explanation, /Confidence: medium — serial's two timings are 6\.0% apart, so each speedup may read up to 3\.0% off/, verdict.explanation);
  });

  test('is low when serial is shorter than the measured threshold', () => {
    const scale = 0.05 / 2;
    const runs = scenarios.cpuBound.runs.map((run) => ({ ...run, wall: run.wall === null ? null : run.wall * scale, cpu: run.cpu === undefined || run.cpu === null ? run.cpu : run.cpu * scale }));
    const verdict = verdictOf(runs);
    assert.equal(verdict.confidence, 'low');
    assert.match(verdict.explanation, /serial took only 50 ms, shorter than the 100 ms/);
  });

  test('is medium when the recommended gain could be no gain at all', () => {
    const verdict = verdictOf([
      { executor: 'serial', wall: 2, cpu: 1.96, repeats: [1.9, 2, 2.3] },
      { executor: 'thread', workers: 2, wall: 2.02, cpu: 1.97 },
      { executor: 'process', workers: 2, wall: 1.4, repeats: [1.25, 1.4, 1.62] },
    ]);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(verdict.confidence, 'medium');
    assert.match(verdict.explanation, /the gain of process \(fork\) × 2, 1\.43× \(1\.\d\d–1\.\d\d\), may be as small as 1\.\d\d×/);
  });

  test('names the fastest measured when a simpler configuration within its noise is advised', () => {
    const verdict = verdictOf([
      { executor: 'serial', wall: 4, cpu: 3.9, repeats: [3.9, 4, 4.1] },
      { executor: 'thread', workers: 2, wall: 4.05, cpu: 3.9 },
      { executor: 'process', workers: 2, wall: 2.1, repeats: [2.0, 2.1, 2.2] },
      { executor: 'process', workers: 4, wall: 2.05, repeats: [1.95, 2.05, 2.15] },
    ]);
    assert.equal(verdict.best?.workers, 2);
    assert.match(verdict.explanation, /The fastest measured, process \(fork\) × 4 at 1\.95× \(.*\), is within the noise or 10% of process \(fork\) × 2/);
  });

  test('is medium when one CPU ran the same work a quarter slower than another, and says which', () => {
    const uneven = { ...machine(), cpuSpeeds: [{ at: 'start' as const, cpus: [0, 1], seconds: [0.05, 0.03] }, { at: 'end' as const, cpus: [0, 1], seconds: [0.049, 0.03] }] };
    const verdict = analyse(analysisInput(scenarios.cpuBound.runs, { machine: uneven })).verdict;
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(verdict.confidence, 'medium');
    assert.match(verdict.explanation, /CPU 0 took 1\.63× as long as CPU 1 for the same work/);
    const warning = unevenCpusWarning({ machine: uneven });
    assert.equal(warning?.code, 'uneven-cpus');
    assert.match(warning?.message ?? '', /CPU 0 took 1\.63× as long as CPU 1 for the same work, read before the first configuration and again after the last/);
    assert.equal(unevenCpus({ cpuSpeeds: [uneven.cpuSpeeds[0]] }), null, 'one reading alone (a cancelled profile) is not enough');
    assert.equal(unevenCpus({ cpuSpeeds: [uneven.cpuSpeeds[0], { at: 'end', cpus: [0, 1], seconds: [0, 0.03] }] }), null, 'a reading that is not a positive time');
  });

  test('says each reading\'s slow CPU where it was not the same one both times', () => {
    // A walk's profile: CPU 1 slow before the first configuration, CPU 0 after the last; the
    // warning had named CPU 0 alone, as if CPU 1 had been the fast one all along.
    const moved = { ...machine(), cpuSpeeds: [{ at: 'start' as const, cpus: [0, 1], seconds: [0.0455, 0.0653] }, { at: 'end' as const, cpus: [0, 1], seconds: [0.0674, 0.0503] }] };
    const warning = unevenCpusWarning({ machine: moved });
    assert.match(warning?.message ?? '', /one CPU took 1\.34× as long as another for the same work or more, not the same one each time: CPU 1 \(1\.44× CPU 0's time\) at the first reading, CPU 0 \(1\.34× CPU 1's time\) at the last reading, read before the first configuration and again after the last/);
    assert.match(warning?.message ?? '', /Something else kept those CPUs busy in turn/);
    assert.doesNotMatch(warning?.message ?? '', /CPU 0 took 1\.34× as long as CPU 1/);
  });

  test('stays high when the CPUs ran within a quarter of each other in either reading, or were not read', () => {
    // One 60 ms reading now and then reads 1.3× on even CPUs; a tenant slowing a CPU shows in both.
    const once = { ...machine(), cpuSpeeds: [{ at: 'start' as const, cpus: [0, 1], seconds: [0.078, 0.06] }, { at: 'end' as const, cpus: [0, 1], seconds: [0.061, 0.06] }] };
    assert.equal(unevenCpus(once), null);
    const even = { ...machine(), cpuSpeeds: [{ at: 'start' as const, cpus: [0, 1, 2, 3], seconds: [0.03, 0.033, 0.036, 0.031] }] };
    assert.equal(unevenCpus(even), null);
    assert.equal(unevenCpusWarning({ machine: even }), null);
    assert.equal(analyse(analysisInput(scenarios.cpuBound.runs, { machine: even })).verdict.confidence, 'high');
    assert.equal(unevenCpus(machine()), null, 'a report written before the readings');
  });

  test('is medium when every CPU ran the same work 1.4× slower or more at once than one alone, in both readings, and warns of it', () => {
    const reading = (at: 'start' | 'end', together: number[], alone?: number) => ({ at, cpus: [0, 1], seconds: together, ...(alone !== undefined ? { aloneSeconds: alone } : {}) });
    const shared = { ...machine(), cpuSpeeds: [reading('start', [0.11, 0.1], 0.066), reading('end', [0.105, 0.1], 0.065)] };
    const found = sharedCpus(shared);
    assert.equal(found?.of, 2);
    assert.ok(Math.abs((found?.slowdown ?? 0) - 0.1 / 0.066) < 1e-9, 'the less slowed reading, by its fastest CPU');
    assert.ok(Math.abs((found?.cores ?? 0) - (0.066 / 0.11 + 0.066 / 0.1)) < 1e-9);
    assert.equal(sharedCpus({ ...shared, logicalCores: 64, usable: undefined })?.of, 64, 'the worth of every usable CPU, from those read');
    const oneSlow = { ...machine(), cpuSpeeds: [reading('start', [0.067, 0.121], 0.067), reading('end', [0.068, 0.12], 0.067)] };
    assert.equal(sharedCpus(oneSlow), null, 'one CPU slowed, the other not: uneven, not shared');
    assert.ok(Math.abs(cpusReach(shared) - (0.066 / 0.11 + 0.066 / 0.1 - 1)) < 1e-9, 'the reading whose worth the words give, a lone CPU its measure');
    const verdict = analyse(analysisInput(scenarios.cpuBound.runs, { machine: shared })).verdict;
    assert.equal(verdict.confidence, 'medium');
    assert.match(verdict.explanation, /Confidence: medium — .*the CPUs gave less than their count together/);
    const warning = sharedCpusWarning({ machine: shared });
    assert.equal(warning?.code, 'shared-cpus');
    assert.match(warning?.message ?? '', /computing work cannot gain much more than 1\.3× however it is split/);
    // As calm on this host: 1.08–1.17× at once; one reading slowed; readings of older reports.
    const calm = { ...machine(), cpuSpeeds: [reading('start', [0.063, 0.064], 0.058), reading('end', [0.067, 0.067], 0.057)] };
    assert.equal(sharedCpus(calm), null);
    assert.equal(cpusReach(calm), 1);
    assert.equal(sharedCpus({ cpuSpeeds: [reading('start', [0.11, 0.1], 0.066), reading('end', [0.07, 0.068], 0.065)] }), null, 'slowed in one reading only');
    assert.equal(sharedCpus({ cpuSpeeds: [reading('start', [0.11, 0.1], 0.066)] }), null, 'one reading alone (a cancelled profile)');
    assert.equal(sharedCpus({ cpuSpeeds: [reading('start', [0.11, 0.1]), reading('end', [0.11, 0.1])] }), null, 'no time alone (a report written before it)');
    assert.equal(sharedCpusWarning({ machine: calm }), null);
  });

  test('is at most medium when serial\'s own timings varied a quarter or more, naming them', () => {
    // As on this 2-core host: the machine slowed both CPUs for seconds, and serial's timings read 2.9, 3.0 and 2 s.
    const runs = scenarios.cpuBound.runs.map((run) => (run.executor === 'serial' ? { ...run, wall: 2.05, repeats: [2.05, 3.0, 2.0] } : run));
    const verdict = verdictOf(runs);
    assert.equal(verdict.confidence, 'medium');
    assert.match(verdict.explanation, /serial's own timings varied 1\.50× \(2\.00 s to 3\.00 s\): the same code on the same inputs ran at different speeds — other load or a slower CPU, or calls that cost more in some processes/);
    const steady = scenarios.cpuBound.runs.map((run) => (run.executor === 'serial' ? { ...run, repeats: [2.0, 2.1, 1.95] } : run));
    assert.doesNotMatch(verdictOf(steady).explanation, /own timings varied/);
  });

  test('is low, and gives the gain against serial\'s fastest timing, when computing work gained more than a core per worker', () => {
    // Serial's median slowed (2.9 s of timings 2.9, 3.0 and 2.0 s) under processes × 2 at about 1 s:
    // 2.8× on 2 cores from work that computes on one (a new user's walk read 2.92× on a Monte Carlo loop).
    const runs = scenarios.cpuBound.runs.map((run) => (run.executor === 'serial' ? { ...run, wall: 2.9, repeats: [2.9, 3.0, 2.0] } : run));
    const verdict = verdictOf(runs);
    assert.equal(verdict.confidence, 'low');
    assert.match(verdict.explanation, /× is more than 2 cores can give work that computes on one, so serial's median \(2\.90 s\) was slowed: against its fastest timing \(2\.00 s\), process \(fork\) × 2 gains 1\.\d\d×/);
    assert.doesNotMatch(verdictOf(scenarios.cpuBound.runs).explanation, /more than 2 cores can give/);
    // Serial's timings agree and the gain is still past the cores: no claim that serial was slowed.
    const steady = scenarios.cpuBound.runs.map((run) => (run.executor === 'serial' ? { ...run, wall: 2.9, repeats: [2.9, 2.95, 2.85] } : run));
    const past = verdictOf(steady);
    assert.equal(past.confidence, 'medium');
    assert.match(past.explanation, /more than 2 cores can give work that computes on one, even against serial's fastest timing/);
    assert.doesNotMatch(past.explanation, /was slowed/);
  });

  test('is not given when nothing was compared', () => {
    assert.equal(verdictOf([{ executor: 'serial', wall: 2, cpu: 1.9 }]).confidence, undefined);
  });
});

describe('calibration loops for a short serial run', () => {
  test('times enough passes for serial to last LOOP_SECONDS, and one pass above it', () => {
    assert.equal(loopsFor(LOOP_SECONDS), 1);
    assert.equal(loopsFor(2), 1);
    assert.equal(loopsFor(0.06), Math.ceil(LOOP_SECONDS / 0.06));
    assert.equal(loopsFor(null), 1);
  });

  test('caps the passes for a function too fast to time', () => {
    assert.equal(loopsFor(0), 1000);
    assert.equal(loopsFor(1e-9), 1000);
  });
});
