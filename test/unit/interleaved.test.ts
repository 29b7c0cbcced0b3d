// `compare OLD.py NEW.py` on a scripted runner: the rounds alternate sides, only rounds both sides
// timed are paired, a configuration that fails on the new side where the old one worked is a
// regression, and the request is checked before anything runs.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { parseConfigId, profileInterleaved, type InterleavedRequest } from '../../src/core/interleaved';
import { CoreSampler } from '../../src/core/sampler';
import { compareReports } from '../../src/shared/compare';
import { failedOutcome, ProfileError, type ConfigOutcome, type ConfigRequest, type Target } from '../../src/shared/runner';
import { SimulatedRunner, simulatedMachine } from '../helpers/simulatedRunner';
import { assertValidReport } from '../helpers/reportSchema';
import { makeTempDir } from '../helpers/tempDir';

const temp = makeTempDir('pp-interleaved-');
after(() => temp.remove());
const oldFile = temp.file('old.py');
const newFile = temp.file('new.py');
for (const file of [oldFile, newFile]) writeFileSync(file, 'def work(n):\n    return n\n');

type Fault = (side: 'old' | 'new', config: ConfigRequest, call: number) => ConfigOutcome | null;

/** A simulated runner that notes which side ran in order and lets a test fail a side's call. */
function runnerWith(fault: Fault = () => null) {
  const calls: string[] = [];
  const counts = { old: 0, new: 0 };
  const runner = new (class extends SimulatedRunner {
    override async runConfig(target: Target, config: ConfigRequest, signal: AbortSignal) {
      const side = target.file === oldFile ? 'old' : 'new';
      calls.push(`${side}:${config.executor}`);
      counts[side] += 1;
      return fault(side, config, counts[side]) ?? super.runConfig(target, config, signal);
    }
  })({ machine: { logicalCores: 2, physicalCores: 2 }, workload: 'cpu-bound', inputsCount: 8, taskSeconds: 0.05 });
  return { runner, calls };
}

const request = (configs: InterleavedRequest['configs'] = [], rounds = 5): InterleavedRequest => ({
  before: { file: oldFile, functionName: 'work', cwd: temp.path, repeat: rounds, timeoutSeconds: 10 },
  after: { file: newFile, functionName: 'work', cwd: temp.path, repeat: rounds, timeoutSeconds: 10 },
  rounds,
  configs,
});

async function compareWith(runner: SimulatedRunner, asked: InterleavedRequest) {
  const sampler = new CoreSampler();
  try {
    const sides = await profileInterleaved(asked, { signal: new AbortController().signal, sampler, runnerFor: () => runner, machine: simulatedMachine({ logicalCores: 2, physicalCores: 2 }) });
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
    for (const report of [before, now]) assert.deepEqual(report.runs.map((run) => run.repeats.length), [5, 5]);
    const comparison = compareReports(before, now, { threshold: 0.1, otherLoadCores: 0.25 });
    assert.equal(comparison.paired, true);
    assert.equal(comparison.regressions.length, 0);
    assert.ok(comparison.changes.every((change) => change.gated), 'every configuration timed side by side is gated');
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
    assert.equal(before.runs[0].repeats.length, 4);
    assert.equal(now.runs[0].repeats.length, 4);
    assert.equal(now.runs[0].error, null, 'the old side failing is no fault of the new one');
  });

  test('checks the request before anything runs: the rounds, configurations named twice, serial named', async () => {
    const { runner, calls } = runnerWith();
    await assert.rejects(compareWith(runner, request([], 3)), (error: ProfileError) => error.kind === 'usage' && /from 4 to 99/.test(error.message));
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
});
