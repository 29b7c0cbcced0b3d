// `compare OLD.py NEW.py` on a scripted runner: the rounds alternate sides, only rounds both sides
// timed are paired, a configuration that fails on the new side where the old one worked is a
// regression, and the request is checked before anything runs.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { parseConfigId, profileInterleaved, type InterleavedRequest, type RoundsAdded } from '../../src/core/interleaved';
import { CoreSampler } from '../../src/core/sampler';
import { compareReports } from '../../src/shared/compare';
import { failedOutcome, ProfileError, type ConfigOutcome, type ConfigRequest, type Target } from '../../src/shared/runner';
import { SimulatedRunner, simulatedMachine } from '../helpers/simulatedRunner';
import { assertValidReport } from '../helpers/reportSchema';
import { makeTempDir } from '../helpers/tempDir';
import { canPinToCpu } from '../../src/system/cpuPinning';

const temp = makeTempDir('pp-interleaved-');
after(() => temp.remove());
const oldFile = temp.file('old.py');
const newFile = temp.file('new.py');
for (const file of [oldFile, newFile]) writeFileSync(file, 'def work(n):\n    return n\n');

type Fault = (side: 'old' | 'new', config: ConfigRequest, call: number) => ConfigOutcome | null;
/** How much slower a side's call runs than the simulated work (1 = as simulated). */
type Slowness = (side: 'old' | 'new', config: ConfigRequest, call: number) => number;

/** A simulated runner that notes which side ran in order and lets a test fail or slow a side's call. */
function runnerWith(fault: Fault = () => null, slowness: Slowness = () => 1) {
  const calls: string[] = [];
  const cpus: string[] = [];
  const counts = { old: 0, new: 0 };
  const runner = new (class extends SimulatedRunner {
    override async runConfig(target: Target, config: ConfigRequest, signal: AbortSignal) {
      const side = target.file === oldFile ? 'old' : 'new';
      calls.push(`${side}:${config.executor}`);
      cpus.push(`${side}:${config.executor}@${config.cpu ?? '-'}`);
      counts[side] += 1;
      const failed = fault(side, config, counts[side]);
      if (failed) return failed;
      const outcome = await super.runConfig(target, config, signal);
      const factor = slowness(side, config, counts[side]);
      return { ...outcome, walls: outcome.walls.map((wall) => wall * factor) };
    }
  })({ machine: { logicalCores: 2, physicalCores: 2 }, workload: 'cpu-bound', inputsCount: 8, taskSeconds: 0.05 });
  return { runner, calls, cpus };
}

const request = (configs: InterleavedRequest['configs'] = [], rounds = 9): InterleavedRequest => ({
  before: { file: oldFile, functionName: 'work', cwd: temp.path, repeat: rounds, timeoutSeconds: 10 },
  after: { file: newFile, functionName: 'work', cwd: temp.path, repeat: rounds, timeoutSeconds: 10 },
  rounds,
  configs,
});

async function compareWith(runner: SimulatedRunner, asked: InterleavedRequest, onMoreRounds?: (added: RoundsAdded) => void) {
  const sampler = new CoreSampler();
  try {
    const sides = await profileInterleaved(asked, { signal: new AbortController().signal, sampler, runnerFor: () => runner, machine: simulatedMachine({ logicalCores: 2, physicalCores: 2 }), onMoreRounds });
    assertValidReport(sides.before);
    assertValidReport(sides.after);
    return sides;
  } finally {
    sampler.dispose();
  }
}

const timedOut: ConfigOutcome = failedOutcome({ kind: 'timeout', message: 'work did not finish within 10 s.', hint: 'Look for a hang.' });

describe('two scripts timed in alternating rounds', () => {
  test('alternates the sides round by round and pairs every round of the same code', async () => {
    const { runner, calls } = runnerWith();
    const { before, after: now } = await compareWith(runner, request([{ executor: 'process', startMethod: 'fork', workers: 2 }]));
    assert.deepEqual(calls.slice(0, 8), ['old:serial', 'new:serial', 'old:process', 'new:process', 'new:serial', 'old:serial', 'new:process', 'old:process']);
    assert.equal(before.settings.plan, 'interleaved');
    assert.ok(before.settings.pairing && before.settings.pairing === now.settings.pairing, 'one pairing id');
    for (const report of [before, now]) assert.deepEqual(report.runs.map((run) => run.repeats.length), [9, 9]);
    const comparison = compareReports(before, now, { threshold: 0.1, otherLoadCores: 0.25 });
    assert.equal(comparison.paired, true);
    assert.equal(comparison.regressions.length, 0);
    assert.ok(comparison.changes.every((change) => change.gated), 'every configuration timed side by side is gated');
    // Only serial and the configuration given were asked for: no library reads as left uncompared.
    for (const report of [before, now]) assert.ok(!report.verdict.evidence.some((line) => line.startsWith('not compared:')), report.verdict.evidence.join('\n'));
  });

  test('both sides time a round\'s serial run on one CPU, each CPU two rounds (one begun by each side); parallel configurations run where the scheduler puts them', async () => {
    const { runner, cpus } = runnerWith();
    await compareWith(runner, request([{ executor: 'process', startMethod: 'fork', workers: 2 }]));
    if (!canPinToCpu()) {
      assert.ok(cpus.every((call) => call.endsWith('@-')), 'nothing pinned where taskset is missing');
      return;
    }
    assert.deepEqual(cpus.slice(0, 16), [
      'old:serial@0', 'new:serial@0', 'old:process@-', 'new:process@-',
      'new:serial@0', 'old:serial@0', 'new:process@-', 'old:process@-',
      'old:serial@1', 'new:serial@1', 'old:process@-', 'new:process@-',
      'new:serial@1', 'old:serial@1', 'new:process@-', 'old:process@-',
    ]);
  });

  test('a configuration that times out on the new side in a later round, having worked on the old, is a regression', async () => {
    const { runner } = runnerWith((side, config, call) => (side === 'new' && config.executor === 'process' && call > 4 ? timedOut : null));
    const { before, after: now } = await compareWith(runner, request([{ executor: 'process', startMethod: 'fork', workers: 2 }]));
    const failed = now.runs.find((run) => run.id === 'process/fork/2');
    assert.equal(failed?.error?.kind, 'timeout');
    const comparison = compareReports(before, now, { threshold: 0.1, otherLoadCores: 0.25 });
    assert.deepEqual(comparison.regressions.map((change) => [change.id, change.direction]), [['process/fork/2', 'failed']]);
  });

  test('keeps only the rounds both sides timed, so a round one side lost pairs nothing with the wrong round', async () => {
    // The old side's third serial call (round 3) times out; the new side's serial is timed every round.
    const { runner } = runnerWith((side, config, call) => (side === 'old' && config.executor === 'serial' && call === 3 ? timedOut : null));
    const { before, after: now } = await compareWith(runner, request());
    assert.equal(before.runs[0].repeats.length, 8, 'nine rounds, one lost');
    assert.equal(now.runs[0].repeats.length, 8);
    assert.equal(now.runs[0].error, null, 'the old side failing is no fault of the new one');
  });

  test('checks the request before anything runs: the rounds, configurations named twice, serial named', async () => {
    const { runner, calls } = runnerWith();
    await assert.rejects(compareWith(runner, request([], 3)), (error: ProfileError) => error.kind === 'usage' && /from 9 to 99/.test(error.message));
    const twice = [{ executor: 'thread' as const, startMethod: null, workers: 2 }, { executor: 'thread' as const, startMethod: null, workers: 2 }];
    await assert.rejects(compareWith(runner, request(twice)), /names thread\/2 twice/);
    await assert.rejects(compareWith(runner, request([{ executor: 'serial', startMethod: null, workers: 1 }])), /Serial is always timed/);
    await assert.rejects(compareWith(runner, request([{ executor: 'process', startMethod: 'nomethod' as never, workers: 2 }])), /does not offer process\/nomethod\/2/);
    assert.deepEqual(calls, [], 'nothing ran');
    assert.deepEqual(parseConfigId('process/fork/2'), { executor: 'process', startMethod: 'fork', workers: 2 });
    assert.deepEqual(parseConfigId('thread/4'), { executor: 'thread', startMethod: null, workers: 4 });
    assert.equal(parseConfigId('fast'), null);
    assert.equal(parseConfigId('process/fork/0'), null);
  });

  // A 50% slower function on a machine whose bursts of other load hit the old side of every third
  // of the first 13 rounds: 9 of 13 rounds lean slower, short of the sign test's 12, while the
  // median says +50%. The rounds after lean slower: 13 of 17 (15 needed), 17 of 21 (18), 21 of 25 (21).
  const slowerWithBursts: Slowness = (side, _config, call) => (side === 'new' ? 1.5 : call % 3 === 2 && call <= 13 ? 2 : 1);

  test('rounds that lean neither way while their median slowdown is past the threshold get more rounds, which decide', async () => {
    const { runner, calls } = runnerWith(undefined, slowerWithBursts);
    const added: RoundsAdded[] = [];
    const { before, after: now } = await compareWith(runner, request([], 13), (entry) => added.push(entry));
    assert.deepEqual(added.map((entry) => [entry.after, entry.more, entry.cap, entry.undecided.map((one) => [one.id, one.slower, one.rounds])]), [
      [13, 4, 39, [['serial/1', 9, 13]]],
      [17, 4, 39, [['serial/1', 13, 17]]],
      [21, 4, 39, [['serial/1', 17, 21]]],
    ]);
    assert.deepEqual(calls.slice(24, 30), ['old:serial', 'new:serial', 'new:serial', 'old:serial', 'old:serial', 'new:serial'], 'the added rounds go on alternating');
    assert.equal(now.runs[0].repeats.length, 25, 'thirteen rounds and three times four more');
    assert.equal(now.settings.repeat, 25);
    const comparison = compareReports(before, now, { threshold: 0.1, otherLoadCores: 0.25 });
    assert.deepEqual(comparison.regressions.map((change) => [change.id, change.direction]), [['serial/1', 'worse']]);
    assert.deepEqual(comparison.rounds, { timed: 25, needed: 21 });
  });

  test('the same code, a change under the threshold, or a gain get no more rounds than asked', async () => {
    for (const factor of [1, 1.05, 0.5]) {
      const { runner } = runnerWith(undefined, (side, _config, call) => (side === 'new' ? factor : call % 3 === 2 ? 2 : 1));
      const added: RoundsAdded[] = [];
      const { after: now } = await compareWith(runner, request([], 13), (entry) => added.push(entry));
      assert.deepEqual(added, [], `new side ${factor}× the old`);
      assert.equal(now.runs[0].repeats.length, 13);
    }
    const { runner } = runnerWith(undefined, slowerWithBursts);
    const added: RoundsAdded[] = [];
    await compareWith(runner, { ...request([], 13), threshold: 0.6 }, (entry) => added.push(entry));
    assert.deepEqual(added, [], 'a 50% slowdown under a 60% threshold fails nothing: no rounds for it');
  });

  test('rounds that never decide stop at three times the rounds asked for, pass, and say they were undecided', async () => {
    // Every other round's old side slowed past the change: the rounds split evenly however many there are.
    const { runner } = runnerWith(undefined, (side, _config, call) => (side === 'new' ? 1.5 : call % 2 === 0 ? 2 : 1));
    const added: RoundsAdded[] = [];
    const { before, after: now } = await compareWith(runner, request([], 13), (entry) => added.push(entry));
    assert.deepEqual(added.map((entry) => entry.after + entry.more), [17, 21, 25, 29, 33, 37, 39]);
    assert.equal(now.runs[0].repeats.length, 39);
    const comparison = compareReports(before, now, { threshold: 0.1, otherLoadCores: 0.25 });
    assert.deepEqual(comparison.regressions, []);
    assert.match(comparison.changes[0].note ?? '', /20 of 39 rounds slower, short of 29: undecided on this machine's drift/);
  });
});
