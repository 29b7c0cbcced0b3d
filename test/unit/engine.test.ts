// The engine's orchestration with a scripted runner: order of configurations, refused executors,
// the waiting-work sweep, cancellation and partial reports. No interpreter, no real processes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import path from 'node:path';
import { profile, type ProfileRequest } from '../../src/core/engine';
import { failedOutcome } from '../../src/shared/runner';
import { CoreSampler } from '../../src/core/sampler';
import { runnerFor } from '../../src/runners';
import { ProfileError, type ConfigOutcome, type ConfigRequest, type LanguageRunner, type Probe } from '../../src/shared/runner';
import type { Report, RunError } from '../../src/shared/report';
import { assertValidReport } from '../helpers/reportSchema';

const example = path.resolve(__dirname, '..', '..', 'examples', 'primes.py');

function probe(overrides: Partial<Probe> = {}): Probe {
  return {
    runtime: {
      executable: '/usr/bin/python3',
      version: '3.11.7',
      implementation: 'CPython',
      gilEnabled: true,
      startMethods: ['fork', 'spawn'],
      defaultStartMethod: 'fork',
      extras: {},
    },
    functions: [{ name: 'count_primes', line: 9, params: ['n'] }],
    inputs: { expression: 'PROFILE_INPUTS', count: 32 },
    executors: [
      { executor: 'serial', startMethod: null },
      { executor: 'thread', startMethod: null },
      { executor: 'process', startMethod: 'fork' },
    ],
    preflight: [],
    ...overrides,
  };
}

/** A runner whose every task takes `taskSeconds` of wall, spread ideally over the workers. */
class ScriptedRunner implements LanguageRunner {
  readonly language = 'python' as const;
  readonly ran: ConfigRequest[] = [];
  constructor(
    private readonly shape: { taskSeconds: number; cpuShare: number; probe?: Probe; onRun?(config: ConfigRequest): void },
  ) {}

  async probe(): Promise<Probe> {
    return this.shape.probe ?? probe();
  }

  async runConfig(_target: unknown, config: ConfigRequest, signal: AbortSignal): Promise<ConfigOutcome> {
    this.ran.push(config);
    this.shape.onRun?.(config);
    if (signal.aborted) return failedOutcome({ kind: 'cancelled', message: 'Cancelled.', hint: '' });
    const count = 32;
    const lanes = config.executor === 'serial' ? 1 : config.workers;
    const wall = (count / lanes) * this.shape.taskSeconds;
    const tasks = Array.from({ length: count }, (_, index) => {
      const lane = index % lanes;
      const start = Math.floor(index / lanes) * this.shape.taskSeconds;
      return { index, worker: lane, pid: 100 + lane, thread: 1, start, end: start + this.shape.taskSeconds, cpuSeconds: this.shape.taskSeconds * this.shape.cpuShare };
    });
    return { ...failedOutcome(null), startupSeconds: 0.01, walls: [wall, wall, wall], tasks, origin: 0, processCpuSeconds: wall * this.shape.cpuShare };
  }
}

/** profile(), and every report it makes checked against the report schema's strict copy. */
async function profileChecked(...args: Parameters<typeof profile>): Promise<Report> {
  const report = await profile(...args);
  assertValidReport(report);
  return report;
}

const request: ProfileRequest = { file: example, functionName: 'count_primes', cwd: path.dirname(example), repeat: 3, timeoutSeconds: 10 };

describe('profile', () => {
  test('runs serial first and every executor at every planned worker count', async () => {
    const runner = new ScriptedRunner({ taskSeconds: 0.01, cpuShare: 1 });
    const sampler = new CoreSampler();
    const report = await profileChecked({ ...request, workers: [1, 2] }, { signal: new AbortController().signal, sampler, runnerFor: () => runner });
    sampler.dispose();
    assert.deepEqual(runner.ran.map((config) => `${config.executor}/${config.workers}`), ['serial/1', 'thread/1', 'process/1', 'thread/2', 'process/2', 'serial/1'], 'serial once more at the end');
    assert.equal(report.status, 'complete');
    assert.equal(report.runs.length, 5);
    assert.equal(report.target.inputs.count, 32);
  });

  test("sets the calibration loops again from serial's looped run when its passes ran much faster than its first", async () => {
    // Serial's first run records every task's span: 5 ms a pass. In loops, the passes before the
    // last run bare: 1 ms (bare = 0.2), or 4 ms (bare = 0.8); or 1 ms in 50 loops and 0.2 ms in
    // more, where the loops are still set twice at most, the second time from a run that was made.
    const cases: [(loops: number) => number, number[]][] = [
      [() => 0.2, [1, 50, 250]],
      [() => 0.8, [1, 50]],
      [(loops) => (loops > 50 ? 0.04 : 0.2), [1, 50, 250]],
    ];
    for (const [bare, serialLoops] of cases) {
      const runner = new ScriptedRunner({ taskSeconds: 0.005 / 32, cpuShare: 1 });
      const scripted = runner.runConfig.bind(runner);
      runner.runConfig = async (target, config, signal) => {
        const outcome = await scripted(target, config, signal);
        const loops = config.loops ?? 1;
        return loops > 1 ? { ...outcome, walls: outcome.walls.map((wall) => wall * bare(loops)) } : outcome;
      };
      const sampler = new CoreSampler();
      const report = await profileChecked({ ...request, workers: [2] }, { signal: new AbortController().signal, sampler, runnerFor: () => runner });
      sampler.dispose();
      const loops = serialLoops[serialLoops.length - 1];
      assert.deepEqual(runner.ran.slice(0, serialLoops.length).map((config) => `${config.executor}/${config.loops ?? 1}`), serialLoops.map((each) => `serial/${each}`));
      assert.ok(runner.ran.slice(serialLoops.length).every((config) => config.loops === loops), `every later run in loops of ${loops}`);
      assert.equal(report.settings.loops, loops);
    }
  });

  test('lets configurations far slower than serial stop after one repeat', async () => {
    const runner = new ScriptedRunner({ taskSeconds: 0.05, cpuShare: 1 });
    const sampler = new CoreSampler();
    await profileChecked({ ...request, workers: [2] }, { signal: new AbortController().signal, sampler, runnerFor: () => runner });
    sampler.dispose();
    // Serial walls 32 × 0.05 = 1.6 s, so "enough" is 16 s; serial itself always runs every repeat.
    assert.deepEqual(runner.ran.map((config) => config.enoughSeconds ?? null), [null, 16, 16, null]);
  });

  test('reports the runs so far after every configuration, with speedups and a time left that ends at zero', async () => {
    const runner = new ScriptedRunner({ taskSeconds: 0.01, cpuShare: 1 });
    const sampler = new CoreSampler();
    const updates: { ids: string[]; speedups: (number | null)[]; left: number | null }[] = [];
    await profileChecked(
      { ...request, workers: [1, 2] },
      {
        signal: new AbortController().signal,
        sampler,
        runnerFor: () => runner,
        onProgress: (step) => {
          if (step.type === 'measured') updates.push({ ids: step.runs.map((run) => run.id), speedups: step.runs.map((run) => run.speedup), left: step.leftSeconds });
        },
      },
    );
    sampler.dispose();
    assert.deepEqual(updates.map((update) => update.ids.length), [1, 2, 3, 4, 5, 5], 'serial timed once more at the end: no new row');
    assert.deepEqual(updates[4].ids, ['serial/1', 'thread/1', 'process/fork/1', 'thread/2', 'process/fork/2']);
    // Scripted walls: serial 0.32 s, two workers 0.16 s.
    assert.equal(updates[4].speedups[3], 2);
    assert.ok(updates[0].left !== null && updates[0].left > 0, 'serial known: the rest can be estimated');
    assert.ok(updates.every((update, index) => index === 0 || (update.left ?? Infinity) <= (updates[index - 1].left ?? Infinity)));
    assert.equal(updates[5].left, 0);
  });

  test('reports a refused executor once and never runs it', async () => {
    const refusal: RunError = { kind: 'unpicklable', message: 'count_primes cannot be pickled.', hint: 'Move it to the top level.' };
    const runner = new ScriptedRunner({ taskSeconds: 0.01, cpuShare: 1, probe: probe({ preflight: [{ executor: 'process', error: refusal }] }) });
    const sampler = new CoreSampler();
    const report = await profileChecked({ ...request, workers: [1, 2, 4] }, { signal: new AbortController().signal, sampler, runnerFor: () => runner });
    sampler.dispose();
    assert.equal(runner.ran.some((config) => config.executor === 'process'), false);
    const refused = report.runs.filter((run) => run.executor === 'process');
    assert.equal(refused.length, 1);
    assert.equal(refused[0].error?.kind, 'unpicklable');
    assert.ok(report.runs.some((run) => run.executor === 'thread' && run.speedup !== null));
  });

  test('extends the thread sweep past the core count while waiting work keeps scaling', async () => {
    const runner = new ScriptedRunner({ taskSeconds: 0.1, cpuShare: 0.01 });
    const sampler = new CoreSampler();
    const report = await profileChecked(request, { signal: new AbortController().signal, sampler, runnerFor: () => runner });
    sampler.dispose();
    const threadCounts = report.runs.filter((run) => run.executor === 'thread').map((run) => run.workers);
    assert.ok(threadCounts.includes(8) && threadCounts.includes(16) && threadCounts.includes(32), `threads tried: ${threadCounts}`);
    assert.equal(report.verdict.kind, 'io-bound');
  });

  test('keeps what was measured when cancelled part-way, as a partial report', async () => {
    const controller = new AbortController();
    const runner = new ScriptedRunner({
      taskSeconds: 0.01,
      cpuShare: 1,
      onRun: (config) => {
        if (config.executor === 'process') controller.abort();
      },
    });
    const sampler = new CoreSampler();
    const report = await profileChecked({ ...request, workers: [1, 2] }, { signal: controller.signal, sampler, runnerFor: () => runner });
    sampler.dispose();
    assert.equal(report.status, 'partial');
    assert.deepEqual(
      report.runs.map((run) => `${run.id} ${run.error?.kind ?? 'measured'}`),
      ['serial/1 measured', 'thread/1 measured', 'process/fork/1 cancelled', 'thread/2 cancelled', 'process/fork/2 cancelled'],
    );
    assert.deepEqual(report.warnings?.[0], {
      code: 'cancelled-part-way',
      message: 'Cancelled part-way: 2 configurations ran; the verdict uses only those.',
      advice: 'Profile again to measure the rest.',
      runs: [],
    });
  });

  test('skips the other configurations once serial times out, and the verdict names the timeout', async () => {
    const runner = new (class extends ScriptedRunner {
      override async runConfig(target: unknown, config: ConfigRequest, signal: AbortSignal): Promise<ConfigOutcome> {
        if (config.executor !== 'serial') return super.runConfig(target, config, signal);
        this.ran.push(config);
        return failedOutcome({ kind: 'timeout', message: 'count_primes did not finish within 10 s under serial.', hint: 'It was running primes.py:14.' });
      }
    })({ taskSeconds: 0.01, cpuShare: 1 });
    const sampler = new CoreSampler();
    const report = await profileChecked(request, { signal: new AbortController().signal, sampler, runnerFor: () => runner });
    sampler.dispose();
    assert.deepEqual(runner.ran.map((config) => config.executor), ['serial'], 'nothing else waited out the timeout');
    assert.equal(report.runs[0].error?.kind, 'timeout');
    assert.ok(report.runs.length > 1 && report.runs.slice(1).every((run) => run.error?.kind === 'skipped'), 'every planned configuration is listed as skipped');
    assert.match(report.runs[1].error?.message ?? '', /serial did not finish within 10 s/);
    assert.equal(report.verdict.kind, 'failed');
    assert.match(report.verdict.explanation, /did not finish within 10 s under serial/);
    const others = report.runs.length - 1;
    assert.match(report.verdict.explanation, new RegExp(`failed in every configuration that ran \\(1 run; ${others} others not run\\)`), 'the skipped are not counted as failures');
  });

  // The first serial run is held up (the editor opening its panel on a small machine): it is measured
  // once more at the end, and the faster serial is the baseline; a believable serial is not measured
  // again (its one timing more after the plan, pooled with the kept one, comes either way).
  for (const { name, serialWalls, expected } of [
    { name: 'measures serial again when one thread did its work far faster, and keeps the faster', serialWalls: [0.64, 0.32], expected: { serialRuns: 3, wall: 0.32, speedup: 1 } },
    { name: 'keeps the first serial when the second is no faster, and says both', serialWalls: [0.64, 0.66, 0.64], expected: { serialRuns: 3, wall: 0.64, speedup: 2 } },
    { name: 'does not measure again a serial run that one thread does not beat (its one timing more after the plan comes either way)', serialWalls: [0.33], expected: { serialRuns: 2, wall: 0.33, speedup: 1.03 } },
  ]) {
    test(name, async () => {
      const walls = [...serialWalls];
      const runner = new (class extends ScriptedRunner {
        override async runConfig(target: unknown, config: ConfigRequest, signal: AbortSignal): Promise<ConfigOutcome> {
          const outcome = await super.runConfig(target, config, signal);
          if (config.executor !== 'serial') return outcome;
          const wall = walls.shift() ?? 0.32;
          return { ...outcome, walls: Array<number>(config.repeat).fill(wall) };
        }
      })({ taskSeconds: 0.01, cpuShare: 1 });
      const sampler = new CoreSampler();
      const report = await profileChecked({ ...request, workers: [1, 2] }, { signal: new AbortController().signal, sampler, runnerFor: () => runner });
      sampler.dispose();
      assert.equal(runner.ran.filter((config) => config.executor === 'serial').length, expected.serialRuns);
      const serial = report.runs.filter((run) => run.executor === 'serial');
      assert.equal(serial.length, 1, 'one serial row');
      assert.equal(report.runs[0], serial[0], 'serial stays first');
      assert.equal(serial[0].wallSeconds, expected.wall);
      const thread = report.runs.find((run) => run.id === 'thread/1');
      assert.ok(Math.abs((thread?.speedup ?? 0) - expected.speedup) < 0.01, `thread × 1 speedup ${thread?.speedup}`);
      const note = serial[0].warnings.find((warning) => warning.startsWith('measured twice'));
      if (expected.serialRuns === 3) assert.match(note ?? '', new RegExp(`${serialWalls[0] * 1000} ms, then ${serialWalls[1] * 1000} ms`));
      else assert.equal(note, undefined);
      // The same note, typed in the report's warnings with its own advice, concerning the serial row.
      const typed = report.warnings?.find((warning) => warning.code === 'baseline-remeasured');
      if (note) assert.deepEqual(typed && { message: typed.message, runs: typed.runs }, { message: note, runs: [serial[0].id] });
      else assert.equal(typed, undefined);
      if (typed) assert.match(typed.advice, /faster measurement is the baseline/);
    });
  }

  test('throws cancelled when nothing was measured yet', async () => {
    const controller = new AbortController();
    const runner = new ScriptedRunner({ taskSeconds: 0.01, cpuShare: 1, onRun: () => controller.abort() });
    const sampler = new CoreSampler();
    await assert.rejects(profileChecked(request, { signal: controller.signal, sampler, runnerFor: () => runner }), (error: unknown) => error instanceof ProfileError && error.kind === 'cancelled');
    sampler.dispose();
  });

  test('refuses an executor the runtime does not offer, naming those it does', async () => {
    const sampler = new CoreSampler();
    await assert.rejects(
      profileChecked({ ...request, executors: ['dask'] }, { signal: new AbortController().signal, sampler, runnerFor: () => new ScriptedRunner({ taskSeconds: 0.01, cpuShare: 1 }) }),
      (error: unknown) => error instanceof ProfileError && error.kind === 'usage' && /thread/.test(error.hint),
    );
    sampler.dispose();
  });

  test('refuses a file that is not Python or JavaScript', async () => {
    const sampler = new CoreSampler();
    await assert.rejects(
      profileChecked({ ...request, file: path.resolve(__dirname, '..', '..', 'README.md') }, { signal: new AbortController().signal, sampler, runnerFor }),
      (error: unknown) => error instanceof ProfileError && error.kind === 'usage',
    );
    sampler.dispose();
  });
});
