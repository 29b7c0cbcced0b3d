import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyse, heldLibraryThreadsOf } from '../../src/core/analyse';
import { formatSeconds, formatSpeedup } from '../../src/shared/format';
import { batchSizeFor, batchSizesAround, moduleName } from '../../src/core/snippets';
import { executorFamily } from '../../src/shared/executors';
import { pickBest } from '../../src/core/verdictFacts';
import type { Verdict } from '../../src/shared/report';
import { assertValidPart } from '../helpers/reportSchema';
import * as scenarios from './fixtures/scenarios';
import { analysisInput, machine, nonFiniteNumbers, pythonRuntime, runError, type InputOptions, type RunSpec } from './fixtures/synthetic';

function verdictOf(scenario: scenarios.Scenario, options: InputOptions = {}): Verdict {
  const result = analyse(analysisInput(scenario.runs, { ...scenario.options, ...options }));
  assert.deepEqual(nonFiniteNumbers(result), [], 'no NaN or Infinity anywhere in the result');
  result.runs.forEach((run) => assertValidPart('Run', run, `run ${run.id}`));
  assertValidPart('Verdict', result.verdict);
  return result.verdict;
}

function verdictOfRuns(runs: RunSpec[], options: InputOptions = {}): Verdict {
  return verdictOf({ runs, options });
}

describe('verdict kinds from synthetic runs', () => {
  test('calls pure-Python work with flat threads and scaling processes cpu-bound', () => {
    const verdict = verdictOf(scenarios.cpuBound);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.deepEqual(
      { executor: verdict.best?.executor, startMethod: verdict.best?.startMethod, workers: verdict.best?.workers },
      { executor: 'process', startMethod: 'fork', workers: 2 },
    );
    assert.match(verdict.explanation, /Threads reached 0\.99× with 2 workers while processes \(fork\) reached 1\.90× with 2 workers/);
    assert.match(verdict.explanation, /GIL/);
    assert.match(verdict.recommendation, /ProcessPoolExecutor with 2 workers \(one per physical core\)/);
    assert.match(verdict.recommendation, /spawn/);
    assert.match(verdict.code, /from primes import count_primes, PROFILE_INPUTS/);
    assert.match(verdict.code, /ProcessPoolExecutor\(max_workers=2\)/);
    assert.match(verdict.code, /if __name__ == "__main__":/);
  });

  test('calls waiting work that threads overlap past the core count io-bound', () => {
    const verdict = verdictOf(scenarios.ioBound);
    assert.equal(verdict.kind, 'io-bound');
    assert.equal(verdict.best?.executor, 'thread');
    assert.equal(verdict.best?.workers, 16);
    assert.match(verdict.explanation, /mostly waits/);
    assert.match(verdict.explanation, /past the 2 logical cores/);
    assert.match(verdict.code, /inputs = range\(16\)/);
    assert.match(verdict.code, /ThreadPoolExecutor\(max_workers=16\)/);
  });

  test('suggests more threads when the largest count tried was still the best', () => {
    const verdict = verdictOf(scenarios.ioBound, { inputsCount: 64 });
    assert.match(verdict.recommendation, /or more: 16 was the largest count tried/);
  });

  test('calls CPU work whose threads keep several cores busy gil-free', () => {
    const verdict = verdictOf(scenarios.gilFree);
    assert.equal(verdict.kind, 'gil-free');
    assert.equal(verdict.best?.executor, 'thread');
    assert.equal(verdict.best?.workers, 2);
    assert.match(verdict.explanation, /releas/);
    assert.match(verdict.code, /ThreadPoolExecutor\(max_workers=2\)/);
  });

  // images.py in a clean-clone CI run: threads 1.32× with both cores busy, processes 1.39×.
  test('calls threads gil-free when they keep several cores busy and processes do no better, though neither reached 1.4×', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.538, cpu: 0.53 },
        { executor: 'thread', workers: 2, wall: 0.408, cpu: 0.8 },
        { executor: 'process', workers: 2, wall: 0.387 },
      ],
      scenarios.gilFree.options,
    );
    assert.equal(verdict.kind, 'gil-free');
    assert.equal(verdict.best?.executor, 'thread');
  });

  test('does not call threads gil-free when processes do clearly better than them', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 1, cpu: 1 },
        { executor: 'thread', workers: 2, wall: 0.76, cpu: 1.3 },
        { executor: 'process', workers: 2, wall: 0.52 },
      ],
      scenarios.gilFree.options,
    );
    assert.notEqual(verdict.kind, 'gil-free');
    assert.notEqual(verdict.best?.executor, 'thread');
  });

  // A new user's score_chunk: a Python loop of 62 ms beside 100 ms of numpy per call. Threads
  // keep 1.6 cores busy at 1.63×, processes reach 1.92×: part of the work holds the GIL.
  const partlyHeld: RunSpec[] = [
    { executor: 'serial', wall: 1.072, cpu: 1.07, repeats: [1.059, 1.085, 1.07] },
    { executor: 'thread', workers: 2, wall: 0.657, cpu: 1.05, repeats: [0.677, 0.638, 0.657] },
    { executor: 'process', workers: 2, wall: 0.559, repeats: [0.569, 0.549, 0.559] },
  ];

  test('calls threads that spread yet stay clearly behind processes mixed, and advises the processes', () => {
    const verdict = verdictOfRuns(partlyHeld, { functionName: 'score_chunk', file: '/home/user/mixed_numpy.py', inputsCount: 8 });
    assert.equal(verdict.kind, 'mixed', verdict.explanation);
    assert.equal(verdict.best?.executor, 'process');
    assert.match(verdict.explanation, /part of score_chunk's work releases the GIL .*, and part holds it/, verdict.explanation);
    assert.match(verdict.recommendation, /^Use ProcessPoolExecutor with 2 workers/);
  });

  test('reads threads clearly behind processes as no GIL matter on a free-threaded build', () => {
    const verdict = verdictOfRuns(partlyHeld, { runtime: { ...pythonRuntime, gilEnabled: false } });
    assert.doesNotMatch(verdict.explanation, /part holds it/, verdict.explanation);
  });

  test('reads threads that needed more CPU than serial for their gain as contending, not as a part holding the GIL', () => {
    // Threads kept 2.0 cores busy for 1.5×: 1.4 s of CPU for serial's 1.07 s of work.
    const contending: RunSpec[] = [partlyHeld[0], { executor: 'thread', workers: 2, wall: 0.714, cpu: 1.43, repeats: [0.72, 0.71, 0.714] }, partlyHeld[2]];
    const verdict = verdictOfRuns(contending, { functionName: 'score_chunk' });
    assert.equal(verdict.best?.executor, 'process', verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /part holds it/, verdict.explanation);
    assert.match(verdict.explanation, /not the GIL, which would hold them to one core, but contention/, verdict.explanation);
  });

  test('leaves processes ahead with their numeric libraries held to a thread to the held-threads reading', () => {
    const held: RunSpec[] = [...partlyHeld.slice(0, 2), { executor: 'process', workers: 2, wall: 0.65, repeats: [0.65, 0.66, 0.65] }, { executor: 'process', workers: 2, wall: 0.52, repeats: [0.52, 0.53, 0.52], libraryThreads: 1 }];
    const verdict = verdictOfRuns(held);
    assert.doesNotMatch(verdict.explanation, /part holds it/, verdict.explanation);
  });

  test('keeps threads gil-free when processes 1.2× ahead are within the noise of the threads', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 1.0, cpu: 1.0, repeats: [1.0, 1.3, 0.95] },
        { executor: 'thread', workers: 2, wall: 0.6, cpu: 1.0, repeats: [0.6, 0.8, 0.55] },
        { executor: 'process', workers: 2, wall: 0.5, repeats: [0.5, 0.75, 0.48] },
      ],
      { functionName: 'compress', file: '/home/user/blocks.py', inputsCount: 8 },
    );
    assert.equal(verdict.kind, 'gil-free', verdict.explanation);
    assert.equal(verdict.best?.executor, 'thread');
    assert.match(verdict.explanation, /Processes reached 2\.00×, no clear gain over threads/, verdict.explanation);
  });

  test('says processes clearly ahead of the threads, yet short of the margin that moves the advice, are ahead by how much, not "no clear gain"', () => {
    // A walk's hashing (hashlib over 256 KB slices): thread × 2 1.64×, thread × 4 1.81×, Pool × 2 1.95×
    // on three timings each had read "Processes reached 1.95×, no clear gain over threads".
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.281, cpu: 0.281, repeats: [0.281, 0.282] },
        { executor: 'thread', workers: 2, wall: 0.171, cpu: 0.29, repeats: [0.165, 0.171, 0.177] },
        { executor: 'thread', workers: 4, wall: 0.155, cpu: 0.29, repeats: [0.153, 0.155, 0.157] },
        { executor: 'pool', workers: 2, wall: 0.144, repeats: [0.142, 0.144, 0.146] },
      ],
      { functionName: 'h', file: '/home/user/hashing.py', inputsCount: 96 },
    );
    assert.equal(verdict.kind, 'gil-free', verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /no clear gain/, verdict.explanation);
    assert.match(verdict.explanation, /Processes reached 1\.95×, 7\.6% beyond threads' 1\.81×: short of the 15% that would pay for pickling/, verdict.explanation);
  });

  test('keeps threads that spread gil-free beside processes ahead only within the noise, without blaming their copies', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 1.0, cpu: 1.0, repeats: [1.0, 1.3, 0.95] },
        { executor: 'thread', workers: 2, wall: 0.6, cpu: 1.0, repeats: [0.6, 0.75, 0.58] },
        { executor: 'process', workers: 2, wall: 0.57, repeats: [0.57, 0.7, 0.55] },
      ],
      { functionName: 'compress', file: '/home/user/blocks.py', inputsCount: 8 },
    );
    assert.equal(verdict.kind, 'gil-free', verdict.explanation);
    assert.equal(verdict.best?.executor, 'thread');
    assert.doesNotMatch(verdict.explanation, /must pickle/, verdict.explanation);
    assert.match(verdict.explanation, /Processes reached 1\.75×, no clear gain over threads/, verdict.explanation);
  });

  test('asks gains of what uneven CPUs could give, not of whole cores: threads at 1.39× on two CPUs, one 1.67× slower, are gil-free', () => {
    // sqlite-query as profiled on this host while CPU 0 ran 1.67× slower than CPU 1 all along: the two
    // CPUs together could give 1.6×, and threads keeping both busy reached 1.39× of it.
    const runs: RunSpec[] = [
      { executor: 'serial', wall: 0.705, cpu: 0.71 },
      { executor: 'thread', workers: 2, wall: 0.509, cpu: 0.99 },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 0.455, cpu: 0.88 },
    ];
    const reading = (at: 'start' | 'end') => ({ at, cpus: [0, 1], seconds: [0.106, 0.0635] });
    const uneven = { ...machine(), cpuSpeeds: [reading('start'), reading('end')] };
    const verdict = verdictOfRuns(runs, { machine: uneven });
    assert.equal(verdict.kind, 'gil-free');
    assert.equal(verdict.best?.executor, 'thread');
    assert.equal(verdictOfRuns(runs).kind, 'mixed', 'on CPUs of one speed, 1.39× of 2× is neither');
    const once = { ...machine(), cpuSpeeds: [reading('start'), { at: 'end' as const, cpus: [0, 1], seconds: [0.064, 0.0635] }] };
    assert.equal(verdictOfRuns(runs, { machine: once }).kind, 'mixed', 'uneven in one reading only: the whole cores stand');
  });

  test('asks gains of what CPUs slowed all at once could give: processes at 1.16× on two CPUs each 1.6× slower together than alone are cpu-bound', () => {
    // uneven-tasks as profiled on this host in a phase when the shell loop took 0.11 s on both CPUs at
    // once against 0.068 s alone, and each task of the processes took 1.8× its serial CPU time.
    const runs: RunSpec[] = [
      { executor: 'serial', wall: 0.082, cpu: 0.081, repeats: [0.082, 0.081, 0.083] },
      { executor: 'thread', workers: 2, wall: 0.085, cpu: 0.083, repeats: [0.085, 0.084, 0.086] },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.075, cpu: 0.135, repeats: [0.075, 0.074, 0.076] },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 0.071, cpu: 0.13, repeats: [0.071, 0.07, 0.072] },
      { executor: 'pool', startMethod: 'fork', workers: 2, wall: 0.0705, cpu: 0.128, repeats: [0.0705, 0.07, 0.071] },
    ];
    const reading = (at: 'start' | 'end', together: number[]) => ({ at, cpus: [0, 1], seconds: together, aloneSeconds: 0.068 });
    const shared = { ...machine(), cpuSpeeds: [reading('start', [0.111, 0.107]), reading('end', [0.104, 0.099])] };
    const verdict = verdictOfRuns(runs, { machine: shared });
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(executorFamily(verdict.best?.executor ?? 'serial'), 'processes');
    assert.notEqual(verdict.confidence, 'high');
    assert.match(verdict.explanation, /stayed short of the 2× that 2 cores allow: the CPUs ran the same work 1\.\d\d× slower all at once than one alone, about 1\.3 of 2 CPUs' worth in this profile/);
    assert.equal(verdictOfRuns(runs).kind, 'mixed', 'on CPUs that keep their speed together, 1.16× of 2× is no clear gain');
    const calm = { ...machine(), cpuSpeeds: [reading('start', [0.111, 0.107]), reading('end', [0.074, 0.072])] };
    assert.equal(verdictOfRuns(runs, { machine: calm }).kind, 'mixed', 'slowed in one reading only: the whole cores stand');
  });

  test('names CPUs slowed all at once as why computing work gained nothing, not start-up or other programs', () => {
    // bigint-gil in the same phase: processes 1.07×, below any gain a timing can tell from serial.
    const runs: RunSpec[] = [
      { executor: 'serial', wall: 0.058, cpu: 0.058, repeats: [0.058, 0.058, 0.059] },
      { executor: 'thread', workers: 2, wall: 0.059, cpu: 0.058, repeats: [0.059, 0.058, 0.06] },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.0545, cpu: 0.1, repeats: [0.0545, 0.054, 0.055] },
    ];
    const reading = (at: 'start' | 'end') => ({ at, cpus: [0, 1], seconds: [0.111, 0.107], aloneSeconds: 0.066 });
    const verdict = verdictOfRuns(runs, { machine: { ...machine(), cpuSpeeds: [reading('start'), reading('end')] } });
    assert.equal(verdict.kind, 'mixed');
    assert.match(verdict.explanation, /no executor scaled: the CPUs ran the same work 1\.62× slower all at once than one alone, about 1\.2 of 2 CPUs' worth in this profile, so side by side computing work could not gain much more than 1\.2×/);
    assert.doesNotMatch(verdict.explanation, /start-up and data transfer/);
  });

  test('on CPUs slowed all at once, puts them beside what the runs measured: threads busy on both cores, processes flat', () => {
    const runs: RunSpec[] = [
      { executor: 'serial', wall: 0.5, cpu: 0.5, repeats: [0.5, 0.5, 0.51] },
      { executor: 'thread', workers: 2, wall: 0.5, cpu: 0.95, repeats: [0.5, 0.5, 0.51] },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.48, cpu: 0.9, repeats: [0.48, 0.48, 0.49] },
    ];
    const reading = (at: 'start' | 'end') => ({ at, cpus: [0, 1], seconds: [0.111, 0.107], aloneSeconds: 0.066 });
    const verdict = verdictOfRuns(runs, { machine: { ...machine(), cpuSpeeds: [reading('start'), reading('end')] } });
    assert.equal(verdict.kind, 'mixed');
    assert.match(verdict.explanation, /not the GIL.*\. Processes did not scale either: the CPUs ran the same work 1\.62× slower all at once than one alone/);
    assert.doesNotMatch(verdict.explanation, /memory bandwidth or another resource the whole machine shares/);
    assert.match(verdictOfRuns(runs).explanation, /memory bandwidth or another resource the whole machine shares/, 'without the readings, the guess stands');
  });

  test('names the free-threaded build when the GIL is disabled', () => {
    const verdict = verdictOf(scenarios.gilFree, { runtime: { ...pythonRuntime, gilEnabled: false } });
    assert.equal(verdict.kind, 'gil-free');
    assert.match(verdict.explanation, /free-threaded/);
  });

  test('calls tasks shorter than their dispatch overhead-bound and suggests a chunksize', () => {
    const verdict = verdictOf(scenarios.overheadBound);
    assert.equal(verdict.kind, 'overhead-bound');
    assert.equal(verdict.best?.executor, 'serial');
    assert.equal(verdict.best?.speedup, 1);
    const chunksize = batchSizeFor(20000, 2);
    assert.equal(chunksize, 2500);
    assert.match(verdict.recommendation, new RegExp(`pool\\.map\\(square, inputs, chunksize=${chunksize}\\)`));
    assert.match(verdict.code, /results = \[square\(x\) for x in PROFILE_INPUTS\]/);
    assert.match(verdict.code, /chunksize=2500/);
  });

  test('calls GIL-held work whose processes spend their time receiving big arguments overhead-bound, advising to send less', () => {
    // test/corpus/big_arguments.py as measured: 12 calls of 2.3 ms, each given 6.29 MB; processes
    // spent 97% of their worker time receiving it, threads took turns under the GIL.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.028, cpu: 0.028, tasks: 12, argBytes: 75.5e6, resultBytes: 180 },
        { executor: 'thread', workers: 2, wall: 0.029, cpu: 0.029, tasks: 12, busy: 0.5 },
        { executor: 'process', workers: 2, wall: 0.72, cpu: 0.028, tasks: 12, busy: 0.03 },
      ],
      { functionName: 'zero_bytes', file: '/home/user/big_arguments.py', inputsCount: 12 },
    );
    assert.equal(verdict.kind, 'overhead-bound');
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.explanation, /Handing each call to a process costs more than the call: process \(fork\) × 2 reached only 0\.04×, sending 6\.29 MB per call/);
    assert.match(verdict.explanation, /of their worker time went to receiving the work/);
    assert.match(verdict.explanation, /GIL held/);
    assert.match(verdict.recommendation, /send less per call/);
    assert.doesNotMatch(verdict.recommendation, /chunksize/, 'batching does not shrink what each call carries');
  });

  test('calls computing work overhead-bound where sending each call megabytes took most of what processes fell short by, though under half their time', () => {
    // A walk's CSV aggregation: 4 calls of 58 ms, each sent 6.46 MB of rows; processes × 2 at 0.86×
    // on 2 cores spent 45% of their worker time receiving the work. It had read "mixed: no single cause
    // dominates"; sending an index instead of the rows gained 1.65×.
    const specs: RunSpec[] = [
      { executor: 'serial', wall: 0.23, cpu: 0.23, tasks: 4, argBytes: 25.86e6, resultBytes: 196, repeats: [0.228, 0.23, 0.232] },
      { executor: 'thread', workers: 2, wall: 0.262, cpu: 0.24, tasks: 4 },
      { executor: 'process', startMethod: 'spawn', workers: 2, wall: 0.267, cpu: 0.23, tasks: 4, busy: 0.55 },
    ];
    const input = analysisInput(specs, { functionName: 'aggregate', file: '/home/user/agg_rows.py', inputsCount: 4 });
    const { verdict, runs } = analyse(input);
    const dispatch = runs.find((run) => run.executor === 'process')?.overheads?.dispatch ?? 0;
    assert.ok(dispatch > 0.3 && dispatch < 0.5, `under half the worker time (${dispatch})`);
    assert.equal(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.match(verdict.explanation, /Handing each call to a process costs more than the call: process \(spawn\) × 2 reached only 0\.86×, sending 6\.4\d MB per call \(arguments 6\.46 MB/);
    assert.match(verdict.recommendation, /send less per call/);
    // Small arguments: the same shortfall is no copying's.
    const small = analyse(analysisInput(specs.map((spec) => ({ ...spec, argBytes: spec.argBytes ? 4000 : undefined })), { functionName: 'aggregate', file: '/home/user/agg_rows.py', inputsCount: 4 })).verdict;
    assert.notEqual(small.kind, 'overhead-bound', small.explanation);
    // Processes that gained on serial, short of their cores (a review's catch): no "costs more than the call".
    const gained = specs.map((spec) => (spec.executor === 'process' ? { ...spec, wall: 0.184, busy: 0.6 } : spec));
    const fourCores = analyse(analysisInput(gained, { functionName: 'aggregate', file: '/home/user/agg_rows.py', inputsCount: 4, machine: machine(4, 4) })).verdict;
    assert.doesNotMatch(fourCores.explanation, /costs more than the call/, fourCores.explanation);
    // One core leaves nothing to share: not the copying's verdict either.
    const oneCore = analyse(analysisInput(specs, { functionName: 'aggregate', file: '/home/user/agg_rows.py', inputsCount: 4, machine: machine(1, 1) })).verdict;
    assert.doesNotMatch(oneCore.explanation, /Handing each call to a process costs more than the call/, oneCore.explanation);
  });

  test('does not blame the GIL for threads beside big results when they kept more than one core busy', () => {
    // Recorded: 12 calls each returning a 16 MB numpy array (numpy's generator fills it without the
    // GIL); processes spent 77% of their worker time on the hand-off, thread × 2 kept 1.4 cores busy.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.137, cpu: 0.137, tasks: 12, argBytes: 60, resultBytes: 192e6, repeats: [0.208, 0.147, 0.137, 0.137, 0.125] },
        { executor: 'thread', workers: 2, wall: 0.105, cpu: 0.147, tasks: 12, busy: 0.7, repeats: [0.105, 0.074, 0.212] },
        { executor: 'process', workers: 2, wall: 0.41, cpu: 0.13, tasks: 12, busy: 0.16 },
      ],
      { functionName: 'make', file: '/home/user/bigresult.py', inputsCount: 12 },
    );
    assert.equal(verdict.best?.executor, 'serial');
    assert.doesNotMatch(verdict.explanation, /GIL held/);
    assert.match(verdict.explanation, /threads kept 1\.4 cores busy .*not the GIL/);
    assert.match(verdict.explanation, /went to sending the results back/);
    assert.match(verdict.recommendation, /return less per call/);
  });

  test('keeps big arguments overhead-bound when threads on one core read a gain serial, never waiting, cannot give them', () => {
    // big_arguments.py in a clean-clone CI run: thread × 4 read 1.25× (CPU use 23%: 0.92 cores) while
    // serial kept 1.0 core busy: without more cores or waits to overlap, that gain is the noise.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.0417, cpu: 0.033, processCpu: 0.0417, tasks: 12, argBytes: 75.5e6, resultBytes: 180, repeats: [0.0411, 0.0417, 0.0424] },
        { executor: 'thread', workers: 2, wall: 0.038, cpu: 0.033, tasks: 12, busy: 0.9, repeats: [0.037, 0.038, 0.039] },
        { executor: 'thread', workers: 4, wall: 0.0334, cpu: 0.0307, tasks: 12, busy: 0.9, repeats: [0.0330, 0.0334, 0.0338] },
        { executor: 'pool', workers: 2, wall: 0.894, cpu: 0.03, tasks: 12, busy: 0.03 },
      ],
      { functionName: 'zero_bytes', file: '/home/user/big_arguments.py', inputsCount: 12 },
    );
    assert.equal(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.explanation, /Handing each call to a process costs more than the call/);
  });

  test('blames the bytes, not the hand-off of each message, for short calls that each return megabytes', () => {
    // Recorded in a new user's walk: 6 calls of 2.3 ms, each returning 5.24 MB; thread × 2 spent 81%
    // of its worker time waiting its turn, processes 0.14× at best. Batching saves a message, not a byte.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.0093, cpu: 0.0093, tasks: 6, argBytes: 90, resultBytes: 31.5e6, repeats: [0.0088, 0.0093, 0.0119] },
        { executor: 'thread', workers: 2, wall: 0.0105, cpu: 0.0093, tasks: 6, busy: 0.19, repeats: [0.0105, 0.0100, 0.0125] },
        { executor: 'process', workers: 2, wall: 0.0646, cpu: 0.009, tasks: 6, busy: 0.1 },
        { executor: 'pool', workers: 2, wall: 0.0883, cpu: 0.009, tasks: 6, busy: 0.1 },
      ],
      { functionName: 'make_blob', file: '/home/user/blobs.py', inputsCount: 6 },
    );
    assert.equal(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.explanation, /sending 5\.25 MB per call/);
    assert.match(verdict.recommendation, /return less per call/);
    assert.doesNotMatch(verdict.recommendation, /chunksize|batches/);
  });

  test('advises no batches when there are too few inputs for a message to carry more than one call', () => {
    // 6 short calls on 2 workers: tasks ÷ (4 × workers) rounds to one call per message.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.006, cpu: 0.006, tasks: 6, repeats: [0.006, 0.0061, 0.0059] },
        { executor: 'thread', workers: 2, wall: 0.012, cpu: 0.006, tasks: 6, busy: 0.3, repeats: [0.012, 0.011, 0.013] },
        { executor: 'process', workers: 2, wall: 0.05, cpu: 0.006, tasks: 6, busy: 0.1 },
      ],
      { functionName: 'score', file: '/home/user/scores.py', inputsCount: 6 },
    );
    assert.equal(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.recommendation, /too few calls to batch: 6 inputs over 2 workers/);
    assert.doesNotMatch(verdict.recommendation + verdict.code, /chunksize=1\b/);
  });

  test('measures the advised chunksize, half and double it, within one input and all of a worker\'s share', () => {
    assert.deepEqual(batchSizesAround(2500, 20000, 2), [1250, 2500, 5000]);
    assert.deepEqual(batchSizesAround(1, 8, 2), [1, 2]);
    assert.deepEqual(batchSizesAround(3, 8, 2), [2, 3, 4]);
  });

  test('measured batches that beat serial beyond the noise become the advice, with their chunksize in the code', () => {
    const verdict = verdictOfRuns(
      [
        ...scenarios.overheadBound.runs,
        { executor: 'pool', workers: 2, chunksize: 1250, wall: 0.014, cpu: 0.02, tasks: 20000, busy: 0.9 },
        { executor: 'pool', workers: 2, chunksize: 2500, wall: 0.012, cpu: 0.02, tasks: 20000, busy: 0.9 },
        { executor: 'pool', workers: 2, chunksize: 5000, wall: 0.0125, cpu: 0.02, tasks: 20000, busy: 0.9 },
      ],
      scenarios.overheadBound.options,
    );
    assert.equal(verdict.kind, 'overhead-bound');
    assert.deepEqual({ executor: verdict.best?.executor, workers: verdict.best?.workers, chunksize: verdict.best?.chunksize }, { executor: 'pool', workers: 2, chunksize: 2500 });
    assert.match(verdict.explanation, /pool \(fork\) × 2, chunksize 2500 reached 1\.67×/);
    assert.match(verdict.recommendation, /^Send the inputs in batches: pool\.map\(square, inputs, chunksize=2500\) with 2 workers\./);
    assert.match(verdict.recommendation, /Measured in batches: pool \(fork\) × 2 with chunksize 1250: 1\.43× \(1\.36–1\.50\); 2500: 1\.67× \(1\.59–1\.75\); 5000: 1\.60× \(1\.52–1\.68\)\./);
    assert.match(verdict.code, /chunksize=2500/);
  });

  test('measured batches that gain nothing beyond the noise and worth an executor leave tiny tasks overhead-bound, not mixed', () => {
    // test/corpus/small_tasks_batched.py in a corpus run: 2,400 calls of 14 µs; chunksize 125 at
    // 1.35× (0.97–2.13) had read "mixed", advising it; 250 at 1.24× beat serial beyond the noise
    // but by less than an executor must give.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.0333, cpu: 0.033, tasks: 2400, repeats: [0.034, 0.0428, 0.0333] },
        { executor: 'thread', workers: 2, wall: 0.175, cpu: 0.033, tasks: 2400, busy: 0.2, repeats: [0.15, 0.175, 0.208] },
        { executor: 'process', workers: 2, wall: 0.449, cpu: 0.033, tasks: 2400, busy: 0.03 },
        { executor: 'pool', workers: 2, wall: 0.0348, cpu: 0.033, tasks: 2400, busy: 0.8, repeats: [0.0348, 0.0351] },
        { executor: 'pool', workers: 2, chunksize: 125, wall: 0.0246, cpu: 0.033, tasks: 2400, busy: 0.8, repeats: [0.034, 0.0202, 0.0246] },
        { executor: 'pool', workers: 2, chunksize: 250, wall: 0.027, cpu: 0.033, tasks: 2400, busy: 0.8, repeats: [0.0268, 0.026, 0.0291] },
        { executor: 'pool', workers: 2, chunksize: 500, wall: 0.0306, cpu: 0.033, tasks: 2400, busy: 0.8, repeats: [0.0306, 0.0248, 0.0343] },
      ],
      { functionName: 'score', file: '/home/user/small_tasks_batched.py', inputsCount: 2400 },
    );
    assert.equal(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.recommendation, /^Stay serial: a plain loop is fastest, even in batches\. Measured in batches: pool \(fork\) × 2 with chunksize 125: /);
  });

  test('names the one long call that caps any gain, not start-up or data transfer', () => {
    // A new user's script: seven calls of 40 ms and one of 2.07 s, serial 2.46 s.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 2.46, cpu: 2.45, tasks: 8, durations: [0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 2.07], repeats: [2.46, 2.47, 2.45] },
        { executor: 'thread', workers: 2, wall: 2.5, durations: [0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 2.07], repeats: [2.5, 2.51, 2.49] },
        { executor: 'process', workers: 2, wall: 2.14, durations: [0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 2.07], repeats: [2.14, 2.15, 2.13] },
      ],
      { functionName: 'longest_chain', file: '/home/user/skewed.py', inputsCount: 8 },
    );
    assert.match(verdict.explanation, /one call takes 2\.07 s of serial's 2\.46 s \(84%\), and no worker count finishes before it, which caps any gain at 1\.19×/, verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /start-up and data transfer/);
  });

  test('reads computing work whose calls are uneven as scaling as far as their order allows, and advises the longest first', () => {
    // A new user's walk: five calls of 45 ms and one of 450 ms given last, serial 674 ms. On 2
    // workers the long call starts at 90 ms and runs alone: 540 ms at best, 1.25×. Processes measured
    // 1.19–1.26× and the verdict had read "no executor scaled: start-up and data transfer…", stay serial.
    const durations = [0.045, 0.045, 0.045, 0.045, 0.045, 0.449];
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.674, cpu: 0.672, tasks: 6, durations, repeats: [0.674, 0.674] },
        { executor: 'thread', workers: 2, wall: 0.652, cpu: 0.65, durations, repeats: [0.652, 0.655, 0.615] },
        { executor: 'process', workers: 2, wall: 0.556, durations, repeats: [0.564, 0.556, 0.533] },
      ],
      { functionName: 'simulate', file: '/home/user/uneven.py', inputsCount: 6 },
    );
    assert.equal(verdict.kind, 'cpu-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'process');
    assert.match(verdict.explanation, /stayed short of the 2× that 2 cores allow because the calls are uneven: the longest takes 449 ms of the calls' 674 ms \(67%\), and in the order given 2 workers cannot finish them all before about 539 ms, 1\.25× at most/, verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /start-up and data transfer|cores may be shared/);
    assert.match(verdict.recommendation, /Give simulate its longest inputs first \(sorted by their expected cost, largest first\): the calls could then finish in about 449 ms, up to about 1\.50×/, verdict.recommendation);
    assert.match(verdict.recommendation, /split the longest input \(its call took 449 ms of the calls' 674 ms\)/);
    assert.ok(verdict.evidence.some((line) => /^Karp–Flatt serial fraction at process \(fork\) × 2: [\d.]+ \(the idle tail, \d+% of the workers' time, counts in it\)$/.test(line)), verdict.evidence.join('\n'));
  });

  /** A new user's walk: ten waits of 20 ms and two of 200 ms given last, serial 602 ms, beside thread
   * × 2 and process × 2 at 2×, and the thread count `widest` at `wall`. */
  const unevenWaits = (widest: number, wall: number): Verdict => {
    const durations = [...Array.from({ length: 10 }, () => 0.02), 0.2, 0.2];
    return verdictOfRuns(
      [
        { executor: 'serial', wall: 0.602, cpu: 0.001, tasks: 12, durations, repeats: [0.602, 0.603] },
        { executor: 'thread', workers: 2, wall: 0.301, cpu: 0.001, durations, repeats: [0.301, 0.302, 0.3] },
        { executor: 'thread', workers: widest, wall, cpu: 0.001, durations, repeats: [wall, wall + 0.001, wall - 0.001] },
        { executor: 'process', workers: 2, wall: 0.31, cpu: 0.001, durations, repeats: [0.31, 0.312, 0.309] },
      ],
      { functionName: 'poll', file: '/home/user/sleepy.py', inputsCount: 12 },
    );
  };

  test('names waits of uneven lengths given longest last as the cap of a waiting pool, and advises the longest first', () => {
    // Measured: thread × 4 at 2.50×, × 8 at 2.73×, "38% … runs one at a time (a lock …)"; longest first gave 3.0× at 4.
    const verdict = unevenWaits(4, 0.241);
    assert.equal(verdict.kind, 'io-bound');
    assert.equal(verdict.best?.workers, 4);
    assert.match(verdict.explanation, /The calls are uneven: the longest takes 201 ms of the calls' 602 ms \(33%\), and in the order given 4 workers cannot finish them all before about 241 ms, 2\.50× at most\./, verdict.explanation);
    assert.match(verdict.recommendation, /Give poll its longest inputs first \(sorted by their expected cost, largest first\): the calls could then finish in about 201 ms, up to about 3\.00×/, verdict.recommendation);
  });

  test('says every configuration was slower than serial, not that none gained more than a loss', () => {
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: 1.0, cpu: 0.99 },
      { executor: 'thread', workers: 2, wall: 1.15, cpu: 1.0 },
      { executor: 'process', workers: 2, wall: 1.1 },
    ]);
    assert.equal(verdict.recommendation, 'Stay serial: every configuration was slower than serial (at best 0.91×).');
    // A loss inside the rounding and the last percent of noise is said as no gain.
    const even = verdictOfRuns([
      { executor: 'serial', wall: 1.0, cpu: 0.99 },
      { executor: 'thread', workers: 2, wall: 1.1, cpu: 1.0 },
      { executor: 'process', workers: 2, wall: 1.01 },
    ]);
    assert.equal(even.recommendation, 'Stay serial: no configuration gained more than 0.99×.');
  });

  test('says a long wait caps every count once every call is under way at once, and gives no order to change', () => {
    const verdict = unevenWaits(16, 0.202);
    assert.equal(verdict.best?.workers, 16);
    assert.match(verdict.explanation, /the longest takes 201 ms of the calls' 602 ms \(33%\), and with every call under way at once none finishes before it, 3\.00× at most/i, verdict.explanation);
    assert.doesNotMatch(verdict.recommendation, /longest inputs first/);
    assert.match(verdict.recommendation, /Split the longest input/);
  });

  test('asks three equal calls on 8 cores for the gain an executor must show, not less', () => {
    // Fewer inputs than cores lower nothing: three calls can still reach 3×.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.9, cpu: 0.89, tasks: 3, durations: [0.3, 0.3, 0.3], repeats: [0.9, 0.9] },
        { executor: 'thread', workers: 3, wall: 0.88, cpu: 0.88, durations: [0.3, 0.3, 0.3], repeats: [0.88, 0.89, 0.87] },
        { executor: 'process', workers: 3, wall: 0.8, durations: [0.78, 0.78, 0.78], repeats: [0.8, 0.81, 0.79] },
      ],
      { functionName: 'simulate', file: '/home/user/sim.py', inputsCount: 3, machine: machine(8, 8) },
    );
    assert.notEqual(verdict.kind, 'cpu-bound', verdict.explanation);
    assert.doesNotMatch(`${verdict.explanation} ${verdict.recommendation}`, /uneven|longest|spread evenly/);
  });

  test('does not read one call held up in serial alone as an uneven input', () => {
    // The last call's 500 ms in serial was a pause (a collection, a swap-in): under threads and
    // processes the same input took 100 ms like the others.
    const even = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 1.0, cpu: 0.99, tasks: 6, durations: [0.1, 0.1, 0.1, 0.1, 0.1, 0.5], repeats: [1.0, 1.0] },
        { executor: 'thread', workers: 2, wall: 0.61, cpu: 0.6, durations: even, repeats: [0.61, 0.62, 0.6] },
        { executor: 'process', workers: 2, wall: 0.31, durations: even, repeats: [0.31, 0.32, 0.3] },
      ],
      { functionName: 'simulate', file: '/home/user/sim.py', inputsCount: 6 },
    );
    assert.equal(verdict.kind, 'cpu-bound', verdict.explanation);
    assert.doesNotMatch(`${verdict.explanation} ${verdict.recommendation}`, /uneven|longest/, verdict.recommendation);
  });

  test("says processes behind threads paid for their hand-off only where it showed", () => {
    // A new user's bz2 calls on a busy machine: fork × 2 at a median of 1.21× (one timing at 1.95×),
    // 5-byte arguments, start-up and dispatch a few percent of its time.
    const cheap = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.635, cpu: 0.63 },
        { executor: 'thread', workers: 2, wall: 0.315, cpu: 0.62 },
        { executor: 'process', workers: 2, wall: 0.525, startup: 0.006, repeats: [0.525, 0.566, 0.325], argBytes: 80, resultBytes: 272 },
      ],
      { functionName: 'compress', file: '/home/user/bz2compress.py', inputsCount: 16 },
    );
    assert.equal(cheap.kind, 'gil-free');
    assert.match(cheap.explanation, /Processes reached 1\.21× \([\d.]+–[\d.]+\), no more than threads, which share memory instead of pickling every argument and result\./, cheap.explanation);
    assert.doesNotMatch(cheap.explanation, /must start and pickle/);
    // A start-up that took a visible share of the processes' time is what they paid.
    const costly = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.635, cpu: 0.63 },
        { executor: 'thread', workers: 2, wall: 0.315, cpu: 0.62 },
        { executor: 'process', workers: 2, wall: 0.4, startup: 0.2 },
      ],
      { functionName: 'compress', file: '/home/user/bz2compress.py', inputsCount: 16 },
    );
    assert.match(costly.explanation, /Processes reached 1\.59×: they must start and pickle every argument and result\./, costly.explanation);
  });

  test('does not count a half-waiting serial run\'s one computing thread as a core kept busy, nor give it a Karp–Flatt fraction', () => {
    // 60 ms of sleep beside 80 ms of Python per call: 0.56 cores, 4% of the wall queued behind other load.
    const input = analysisInput(
      [
        { executor: 'serial', wall: 1.77, cpu: 0.986, tasks: 12 },
        { executor: 'thread', workers: 4, wall: 1.08, cpu: 0.99, tasks: 12 },
        { executor: 'process', workers: 8, wall: 0.61, cpu: 1.0, tasks: 12 },
      ],
      { functionName: 'fetch_and_process', file: '/home/user/sleepcpu.py', inputsCount: 12 },
    );
    const runs = input.runs.map((run) => (run.executor === 'serial' ? { ...run, queuedSeconds: 0.073, threadParallelism: 1 } : run));
    const verdict = analyse({ ...input, runs }).verdict;
    const serialLine = verdict.evidence.find((line) => line.startsWith('serial: '));
    assert.ok(serialLine && !/kept [\d.]+ cores busy/.test(serialLine), serialLine);
    assert.ok(!verdict.evidence.some((line) => line.startsWith('Karp–Flatt')), verdict.evidence.join('\n'));
    // Eight workers on 2 cores: a worker's share of CPU is said with the cores the run kept busy.
    assert.ok(verdict.evidence.includes('processes: best 2.90× at process (fork) × 8; CPU utilization 20% per worker, 1.6 of 2 cores busy'), verdict.evidence.join('\n'));
    // Without the run queue's word, the threads' count still stands in for a starved process.
    const unknown = analyse({ ...input, runs: input.runs.map((run) => (run.executor === 'serial' ? { ...run, threadParallelism: 1 } : run)) }).verdict;
    assert.match(unknown.evidence.find((line) => line.startsWith('serial: ')) ?? '', /the process kept 1\.0 cores busy/);
    // Computing work keeps its Karp–Flatt fraction within the cores, not past them.
    assert.ok(verdictOf(scenarios.cpuBound).evidence.some((line) => line.startsWith('Karp–Flatt serial fraction at process (fork) × 2')));
    const pastTheCores = verdictOfRuns([
      { executor: 'serial', wall: 2, cpu: 1.96 },
      { executor: 'thread', workers: 2, wall: 2.02, cpu: 1.96 },
      { executor: 'process', workers: 4, wall: 1.1 },
    ]);
    assert.ok(!pastTheCores.evidence.some((line) => line.startsWith('Karp–Flatt')), pastTheCores.evidence.join('\n'));
    // Waiting work within the cores has none either.
    const waiting = verdictOfRuns([
      { executor: 'serial', wall: 2, cpu: 0.1 },
      { executor: 'thread', workers: 2, wall: 1.05, cpu: 0.1 },
      { executor: 'process', workers: 2, wall: 1.1, cpu: 0.1 },
    ]);
    assert.ok(!waiting.evidence.some((line) => line.startsWith('Karp–Flatt')), waiting.evidence.join('\n'));
  });

  test('says nothing of the calls\' order when they spread evenly over the cores', () => {
    const verdict = verdictOf(scenarios.cpuBound);
    assert.doesNotMatch(`${verdict.explanation} ${verdict.recommendation}`, /uneven|longest|spread evenly/);
  });

  test('blames the one long call, not a shared resource, when the calls mostly wait', () => {
    // One network wait of 174 ms beside eleven of under 1 ms: no lock or connection held them up.
    const durations = [0.0003, 0.0004, 0.0003, 0.174, 0.0003, 0.0003, 0.0006, 0.0003, 0.0002, 0.0003, 0.0003, 0.0002];
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.179, cpu: 0.01, tasks: 12, durations, repeats: [0.179, 0.18] },
        { executor: 'thread', workers: 8, wall: 0.176, cpu: 0.01, durations, repeats: [0.176, 0.177, 0.175] },
        { executor: 'process', workers: 2, wall: 0.178, cpu: 0.01, durations, repeats: [0.178, 0.179, 0.177] },
      ],
      { functionName: 'fetch', file: '/home/user/fetch.py', inputsCount: 12 },
    );
    assert.match(verdict.explanation, /one call takes 174 ms of serial's 179 ms \(97%\)/, verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /shared resource/);
  });

  test('blames the one long call, not the hand-off, when tiny calls sit beside it', () => {
    // A new user's walk (s06): eleven calls under 1 ms and one of 174 ms, serial 179 ms; the median
    // call of 0.3 ms had read 'overhead-bound' with 1.6% of the worker time in dispatch.
    const durations = [0.0003, 0.0004, 0.0003, 0.174, 0.0003, 0.0003, 0.0006, 0.0003, 0.0002, 0.0003, 0.0003, 0.0002];
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.179, cpu: 0.178, tasks: 12, durations, repeats: [0.179, 0.18] },
        { executor: 'thread', workers: 2, wall: 0.176, durations, repeats: [0.176, 0.177, 0.175] },
        { executor: 'process', workers: 2, wall: 0.172, durations, repeats: [0.172, 0.173, 0.171] },
      ],
      { functionName: 'pair_sum', file: '/home/user/uneven.py', inputsCount: 12 },
    );
    assert.notEqual(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.explanation, /^One call sets the pace: /, verdict.explanation);
    assert.match(verdict.explanation, /one call takes 174 ms of serial's 179 ms \(97%\), and no worker count finishes before it, which caps any gain at 1\.03×/);
  });

  test('takes one call held up once in serial (a collection, a cold start) for no long input', () => {
    // examples/js/small_tasks.mjs once: one call of 5.95 ms in a 7.5 ms serial run of tiny calls,
    // none over 50 µs under any executor: overhead-bound, not 'one call sets the pace'.
    const durations = [0.00595, ...Array.from({ length: 99 }, () => 0.000005)];
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.0075, cpu: 0.0074, tasks: 100, durations, repeats: [0.0078, 0.0075, 0.0073] },
        { executor: 'thread', workers: 2, wall: 0.03, busy: 0.05, tasks: 100, repeats: [0.03, 0.031, 0.029] },
        { executor: 'process', workers: 2, wall: 0.34, busy: 0.01, tasks: 100, repeats: [0.34, 0.35, 0.33] },
      ],
      { functionName: 'square', file: '/home/user/small.py', inputsCount: 100 },
    );
    assert.doesNotMatch(verdict.explanation, /one call takes/, verdict.explanation);
  });

  test('takes one call held up in serial for no long input when another run held up a different call', () => {
    // CI's examples/js/small_tasks.mjs: serial's first call held up 5.93 ms in a 6.9 ms run of calls
    // of 0.06 µs; the async calls' own pause held up call 57 for 4 ms: the same input was quick
    // there, so no input is long and the hand-off is what costs.
    const tiny = 0.00000006;
    const serialDurations = [0.00593, ...Array.from({ length: 1999 }, () => tiny)];
    const asyncDurations = Array.from({ length: 2000 }, (_, index) => (index === 57 ? 0.004 : tiny));
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.0069, cpu: 0.0068, processCpu: 0.0088, durations: serialDurations, repeats: [0.0071, 0.0069, 0.0068] },
        { executor: 'async', workers: 2, wall: 0.0082, cpu: null, processCpu: 0.009, durations: asyncDurations, repeats: [0.0082, 0.0083, 0.0081] },
        { executor: 'worker_threads', workers: 2, wall: 0.345, busy: 0.01, tasks: 2000, repeats: [0.345, 0.35, 0.34] },
      ],
      { language: 'javascript', functionName: 'square', file: '/home/user/small_tasks.mjs', inputsCount: 2000 },
    );
    assert.equal(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /one call takes/, verdict.explanation);
  });

  test('keeps one long input as the pace-setter when the same input is long under the other executors too', () => {
    const durations = [0.0003, 0.0004, 0.0003, 0.174, 0.0003, 0.0003, 0.0006, 0.0003, 0.0002, 0.0003, 0.0003, 0.0002];
    const others = durations.map((each, index) => (index === 7 ? 0.2 : each));
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.179, cpu: 0.178, tasks: 12, durations, repeats: [0.179, 0.18] },
        { executor: 'thread', workers: 2, wall: 0.176, durations, repeats: [0.176, 0.177, 0.175] },
        { executor: 'process', workers: 2, wall: 0.2, durations: others, repeats: [0.2, 0.2, 0.2] },
      ],
      { functionName: 'pair_sum', file: '/home/user/uneven.py', inputsCount: 12 },
    );
    assert.match(verdict.explanation, /^One call sets the pace: /, verdict.explanation);
  });

  test('does not call computing work partly waiting when its families fit no one cause', () => {
    // Threads on two busy cores at 1.2×, processes at 1.5×: no GIL signature, no waiting, and the
    // serial run at 95% CPU.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 1, cpu: 0.95, repeats: [1, 1.01, 0.99] },
        { executor: 'thread', workers: 2, wall: 0.83, busy: 0.9, repeats: [0.83, 0.84, 0.82] },
        { executor: 'process', workers: 2, wall: 0.66, repeats: [0.66, 0.67, 0.65] },
      ],
      { functionName: 'blend', file: '/home/user/blend.py', inputsCount: 8 },
    );
    assert.equal(verdict.kind, 'mixed', verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /waiting/);
    assert.match(verdict.explanation, /blend computes \(95% of its serial time on the CPU\), yet the gains measured fit no one cause/);
  });

  test('tiny tasks whose Pool.map batches gain nothing beyond the noise of serial are overhead-bound, not mixed', () => {
    // A new user's numpy script: 3,000 calls of 10 µs on 16-element arrays, as measured (loops of 9).
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.0309, cpu: 0.0291, tasks: 3000, repeats: [0.0299, 0.0309, 0.0313] },
        { executor: 'thread', workers: 2, wall: 0.0762, cpu: 0.0282, tasks: 3000, busy: 0.2, repeats: [0.0762, 0.0639, 0.1351] },
        { executor: 'process', workers: 2, wall: 0.1991, cpu: 0.0097, tasks: 3000, busy: 0.03 },
        { executor: 'process', startMethod: 'spawn', workers: 2, wall: 0.2896, cpu: 0.0171, tasks: 3000, busy: 0.03 },
        { executor: 'pool', workers: 2, wall: 0.0233, cpu: 0.031, tasks: 3000, busy: 0.7, repeats: [0.0233, 0.0327, 0.0212, 0.03, 0.0224] },
      ],
      { functionName: 'normalize', file: '/home/user/np_small.py', inputsCount: 3000 },
    );
    assert.equal(verdict.kind, 'overhead-bound', verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /waiting/);
  });

  test('tiny tasks that Pool.map\'s own batching speeds up are overhead-bound, advising Pool over one input per message', () => {
    // test/corpus/small_tasks_batched.py as measured: 2,000 calls of 13 µs.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.0265, cpu: 0.025, tasks: 2000 },
        { executor: 'thread', workers: 2, wall: 0.071, cpu: 0.025, tasks: 2000, busy: 0.2 },
        { executor: 'process', workers: 2, wall: 0.4, cpu: 0.025, tasks: 2000, busy: 0.03 },
        { executor: 'pool', workers: 2, wall: 0.0169, cpu: 0.025, tasks: 2000, busy: 0.8 },
      ],
      { functionName: 'score', file: '/home/user/small_tasks_batched.py', inputsCount: 2000 },
    );
    assert.equal(verdict.kind, 'overhead-bound');
    assert.deepEqual({ executor: verdict.best?.executor, workers: verdict.best?.workers, chunksize: verdict.best?.chunksize }, { executor: 'pool', workers: 2, chunksize: null });
    assert.match(verdict.explanation, /one input per message, the best run \(thread × 2\) reached 0\.37×; in batches, pool \(fork\) × 2 reached 1\.57×/);
    assert.match(verdict.recommendation, /Pool\.map with 2 workers batches them by itself/);
    assert.match(verdict.code, /Pool\(/);
  });

  test('measured batches that gain nothing are said beside the advice to stay serial', () => {
    const verdict = verdictOfRuns(
      [
        ...scenarios.overheadBound.runs,
        { executor: 'pool', workers: 2, chunksize: 1250, wall: 0.025, cpu: 0.02, tasks: 20000, busy: 0.9 },
        { executor: 'pool', workers: 2, chunksize: 2500, wall: 0.022, cpu: 0.02, tasks: 20000, busy: 0.9 },
      ],
      scenarios.overheadBound.options,
    );
    assert.equal(verdict.kind, 'overhead-bound');
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.recommendation, /^Stay serial: a plain loop is fastest, even in batches\. Measured in batches: pool \(fork\) × 2 with chunksize 1250: 0\.80× \([\d.]+–[\d.]+\); 2500: 0\.91× \([\d.]+–[\d.]+\)\./);
    // The run the explanation names is the best of those sending one call per message, and says so.
    assert.match(verdict.explanation, /the best parallel run sending one call per message, [^,]+, reached only [\d.]+× \(in batches, at best 0\.91×: pool \(fork\) × 2, chunksize 2500\)/);
  });

  test('calls a serial run that already keeps several cores busy internally-parallel', () => {
    const verdict = verdictOf(scenarios.internallyParallel);
    assert.equal(verdict.kind, 'internally-parallel');
    assert.match(verdict.explanation, /1\.9 cores busy/);
    assert.match(verdict.recommendation, /OMP_NUM_THREADS/);
    assert.match(verdict.recommendation, /threadpoolctl/);
  });

  test('asks to measure threads and processes with the library held to a thread per worker when serial shows BLAS on several cores', () => {
    const held = heldLibraryThreadsOf(analysisInput(scenarios.internallyParallel.runs, scenarios.internallyParallel.options));
    // Threads first: numpy releases the GIL in BLAS, and held threads share the arrays.
    assert.deepEqual(held, [
      { executor: 'thread', startMethod: null, workers: 2, libraryThreads: 1 },
      { executor: 'process', startMethod: 'fork', workers: 2, libraryThreads: 1 },
    ]);
    // Pure-Python work keeps one core: nothing to hold.
    assert.deepEqual(heldLibraryThreadsOf(analysisInput(scenarios.cpuBound.runs, scenarios.cpuBound.options)), []);
    // Measured once: with a held run in, nothing more is asked.
    const measured = [...scenarios.internallyParallel.runs, { executor: 'process' as const, workers: 2, wall: 1.9, cpu: 1.9, libraryThreads: 1 }];
    assert.deepEqual(heldLibraryThreadsOf(analysisInput(measured, scenarios.internallyParallel.options)), []);
  });

  test('advises threads held to a library thread each where they stand level with held processes: a walk\'s FFTs', () => {
    // spectra.py: serial 275 ms on 1.9 cores; held, thread × 2 and process (fork) × 2 alike, where
    // the profile had timed only the processes held and advised them.
    const runs: RunSpec[] = [
      { executor: 'serial', wall: 0.275, cpu: 0.52, processCpu: 0.52, repeats: [0.272, 0.275, 0.278] },
      { executor: 'thread', workers: 2, wall: 0.254, cpu: 0.52, repeats: [0.25, 0.254, 0.258] },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.584, cpu: 0.55, repeats: [0.58, 0.584, 0.59] },
      { executor: 'thread', workers: 2, wall: 0.156, cpu: 0.29, libraryThreads: 1, repeats: [0.152, 0.156, 0.16] },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.153, cpu: 0.29, libraryThreads: 1, repeats: [0.15, 0.153, 0.156] },
    ];
    const verdict = verdictOfRuns(runs, { functionName: 'spectrum', file: '/home/user/spectra.py' });
    assert.equal(verdict.kind, 'internally-parallel', verdict.explanation);
    assert.deepEqual([verdict.best?.executor, verdict.best?.libraryThreads], ['thread', 1], verdict.recommendation);
    assert.match(verdict.recommendation, /^Run 2 calls side by side on threads, each with the library held to 1 thread: thread × 2, 1 library thread each reached/);
    assert.match(verdict.code, /os\.environ\[name\] = "1"[\s\S]*ThreadPoolExecutor\(max_workers=2\)/);
    assert.match(verdict.explanation, /Measured with each worker's numeric libraries held to 1 thread \(OMP_NUM_THREADS=1 and its kin\): thread × 2 reached [\d.]+× \([\d.–]+\), against [\d.]+× \([\d.–]+\) with their own threads: holding them paid; process \(fork\) × 2 reached/);
    // Held processes clearly ahead keep the advice.
    const ahead = runs.map((run) => (run.executor === 'thread' && run.libraryThreads ? { ...run, wall: 0.21, repeats: [0.205, 0.21, 0.215] } : run));
    assert.equal(verdictOfRuns(ahead, { functionName: 'spectrum', file: '/home/user/spectra.py' }).best?.executor, 'process');
  });

  test('says what holding the library threads measured, and keeps the plain loop when it paid too little', () => {
    const runs = [
      ...scenarios.internallyParallel.runs.map((run) => ({ ...run, repeats: [run.wall as number, (run.wall as number) * 1.01, (run.wall as number) * 0.99] })),
      { executor: 'process' as const, workers: 2, wall: 1.8, cpu: 1.8, libraryThreads: 1, repeats: [1.8, 1.81, 1.79] },
    ];
    const verdict = verdictOfRuns(runs, scenarios.internallyParallel.options);
    assert.equal(verdict.kind, 'internally-parallel');
    assert.match(
      verdict.explanation,
      /Measured with each worker's numeric libraries held to 1 thread \(OMP_NUM_THREADS=1 and its kin\): process \(fork\) × 2 reached 1\.11× \([\d.–]+\), against 0\.95× \([\d.–]+\) with their own threads: holding them paid\./,
    );
    assert.equal(verdict.best?.executor, 'serial');
    assert.equal(verdict.best?.libraryThreads, undefined);
    // The figure of the runs on the library's own threads is named as such, and the held run is advice.
    assert.match(verdict.explanation, /With the library on its own threads, no executor went past 1\.05× \(thread × 2\)/);
    assert.match(verdict.recommendation, /^Keep one call at a time and let the library use the cores: held to a thread per worker, process \(fork\) × 2, 1 library thread each gained only 1\.11× \([\d.–]+\), less than the 1\.30× an executor must give/);
  });

  test('says only the held run gained on serial beyond its noise when it and the same run on the library\'s own threads overlap', () => {
    // Recorded (examples/matmul.py, corpus second profile): serial at 2.0 cores, process (spawn) × 2
    // at 0.97× (0.90–1.20) on the library's own threads, 1.44× (1.19–1.67) held to one thread each.
    const runs = [
      { executor: 'serial' as const, wall: 0.676, cpu: 0.663, processCpu: 1.326, repeats: [0.676, 0.72, 0.61] },
      { executor: 'thread' as const, workers: 2, wall: 0.572, cpu: 0.595, processCpu: 1.2, repeats: [0.572] },
      { executor: 'process' as const, startMethod: 'spawn' as const, workers: 2, wall: 0.697, cpu: 0.653, repeats: [0.697, 0.59, 0.75] },
      { executor: 'process' as const, startMethod: 'spawn' as const, workers: 2, wall: 0.4685, cpu: 0.84, libraryThreads: 1, repeats: [0.4685, 0.43, 0.52] },
    ];
    const verdict = verdictOfRuns(runs, scenarios.internallyParallel.options);
    assert.match(verdict.explanation, /with their own threads: within the noise of each other, but only the held run gained on serial beyond its noise\./, verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /no difference beyond the noise/);
  });

  test('recommends the held configuration, with code that sets the threads before numpy loads, when it gained beyond serial\'s noise', () => {
    const machine8 = machine(8, 8);
    const runs = [
      { executor: 'serial' as const, wall: 4, cpu: 3.8, processCpu: 15, repeats: [4, 4.02, 3.98] },
      { executor: 'thread' as const, workers: 8, wall: 3.9, cpu: 3.8, processCpu: 15, repeats: [3.9, 3.92, 3.88] },
      { executor: 'process' as const, workers: 8, wall: 4.4, cpu: 3.8, repeats: [4.4, 4.42, 4.38] },
      { executor: 'process' as const, workers: 8, wall: 1.0, cpu: 3.8, libraryThreads: 1, repeats: [1.0, 1.01, 0.99] },
    ];
    const verdict = verdictOfRuns(runs, { ...scenarios.internallyParallel.options, machine: machine8, inputsCount: 32 });
    // The workload is still a library on every core; holding it is the measured way to use them.
    assert.equal(verdict.kind, 'internally-parallel');
    assert.deepEqual({ executor: verdict.best?.executor, workers: verdict.best?.workers, libraryThreads: verdict.best?.libraryThreads }, { executor: 'process', workers: 8, libraryThreads: 1 });
    assert.match(verdict.explanation, /With the library on its own threads, no executor went past 1\.03× \(thread × 8\)/);
    assert.match(verdict.explanation, /holding them paid/);
    assert.match(verdict.recommendation, /^Run 8 calls side by side in processes, each with the library held to 1 thread: process \(fork\) × 8, 1 library thread each reached 4\.00× \([\d.–]+\) over serial, measured\. Set OMP_NUM_THREADS=1/);
    const lines = verdict.code.split('\n');
    const setsThreads = lines.findIndex((line) => /os\.environ\[name\] = "1"/.test(line));
    assert.ok(setsThreads >= 0 && lines.some((line) => /"OPENBLAS_NUM_THREADS"/.test(line)), verdict.code);
    assert.ok(setsThreads < lines.findIndex((line) => /^from matmul import/.test(line)), 'the threads are set before the module (and numpy) is imported');
  });

  test('is internally-parallel only while no executor helps', () => {
    const runs = scenarios.internallyParallel.runs.map((run) => (run.executor === 'process' ? { ...run, wall: 1.2 } : run));
    assert.notEqual(verdictOfRuns(runs, scenarios.internallyParallel.options).kind, 'internally-parallel');
  });

  test('explains a mixed result in words with the numbers and picks the fastest configuration', () => {
    const verdict = verdictOf(scenarios.mixed);
    assert.equal(verdict.kind, 'mixed');
    assert.match(verdict.explanation, /threads reached at best 1\.33×/);
    assert.match(verdict.explanation, /processes reached at best 1\.43×/);
    assert.equal(verdict.best?.executor, 'process');
    assert.match(verdict.code, /ProcessPoolExecutor/);
  });

  test('calls a function that errors everywhere failed, with the most common error and its hint', () => {
    const verdict = verdictOf(scenarios.failed);
    assert.equal(verdict.kind, 'failed');
    assert.equal(verdict.best, null);
    assert.match(verdict.explanation, /ValueError: negative input -1/);
    assert.equal(verdict.recommendation, 'Fix the function or its inputs: it raised for input 3.');
    assert.equal(verdict.code, '');
    assert.ok(verdict.evidence.some((line) => line.includes('bootstrap')));
  });
});

describe('verdicts from incomplete profiles', () => {
  test('still calls the work cpu-bound when processes could not run, and says why', () => {
    const verdict = verdictOf(scenarios.cpuBoundUnpicklable);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.explanation, /Processes could not run: Can't pickle/);
    assert.match(verdict.recommendation, /^Define the function with def at the top level/);
    // The code is the plain loop: the words say it is what runs until processes can.
    assert.match(verdict.recommendation, /one per physical core; until then, the plain loop below is what runs\.$/);
    assert.ok(verdict.evidence.some((line) => line.startsWith('process (fork) × 1: unpicklable')));
  });

  test("says why joblib's loky ran where ProcessPoolExecutor could not pickle the work", () => {
    const refused = runError('unpicklable', "The result of make_scaler cannot be pickled to return from a worker process (AttributeError: Can't pickle local object 'make_scaler.<locals>.<lambda>').", 'Return plain data.');
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: 2, cpu: 1.96 },
      { executor: 'thread', workers: 2, wall: 2.02, cpu: 1.96 },
      { executor: 'process', workers: 2, wall: null, error: refused },
      { executor: 'joblib-loky', workers: 2, wall: 1.05 },
    ]);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(verdict.best?.executor, 'joblib-loky');
    assert.match(verdict.explanation, /ProcessPoolExecutor failed \(the result of make_scaler cannot be pickled .*\)\. joblib\.Parallel \(loky\) pickles with cloudpickle, which also sends lambdas and functions defined inside others \(by value\), so it ran\./, verdict.explanation);
  });

  test('keeps its verdict when one run among good ones errored', () => {
    const runs: RunSpec[] = [
      ...scenarios.cpuBound.runs,
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: null, error: runError('timeout', 'The run took longer than 60 s.', 'Raise the timeout.') },
    ];
    const verdict = verdictOfRuns(runs, scenarios.cpuBound.options);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(verdict.best?.workers, 2);
    assert.ok(verdict.evidence.some((line) => line.includes('timeout')));
  });

  test('is inconclusive from the serial run alone, with a guess from its CPU share', () => {
    const verdict = verdictOfRuns([{ executor: 'serial', wall: 2, cpu: 0.02 }]);
    assert.equal(verdict.kind, 'inconclusive');
    assert.equal(verdict.best, null);
    assert.match(verdict.explanation, /Only the serial run finished/);
    assert.match(verdict.explanation, /threads would likely help/);
  });

  test('says the profile was cancelled, not that something must be fixed, when only serial finished before a cancel', () => {
    const cancelled = runError('cancelled', 'The profile was cancelled before this configuration finished.', 'Profile again to measure it.');
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: 2, cpu: 1.9 },
      { executor: 'thread', workers: 2, wall: null, error: cancelled },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: null, error: cancelled },
    ]);
    assert.equal(verdict.kind, 'inconclusive');
    assert.equal(verdict.best, null);
    assert.equal(verdict.code, '');
    assert.match(verdict.explanation, /^The profile was cancelled after the serial run \(2\.00 s\)/);
    assert.match(verdict.recommendation, /let it run to the end to compare threads and processes with serial/);
    assert.doesNotMatch(`${verdict.explanation} ${verdict.recommendation}`, /Fix what stopped/);
    // One evidence line for what the cancel left unmeasured, not one per executor.
    assert.deepEqual(verdict.evidence.filter((line) => /cancel/.test(line)), ['not run (cancelled): 2 configurations']);
  });

  test('works with a single repeat per configuration', () => {
    const runs = scenarios.cpuBound.runs.map((run) => ({ ...run, repeats: run.wall === null ? [] : [run.wall] }));
    assert.equal(verdictOfRuns(runs, scenarios.cpuBound.options).kind, 'cpu-bound');
  });

  test('is inconclusive without a baseline, and has no NaN, when the serial run failed', () => {
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: null, error: runError('timeout', 'Serial took longer than 60 s.', 'Raise the timeout.') },
      { executor: 'process', workers: 2, wall: 40 },
    ]);
    assert.equal(verdict.kind, 'inconclusive');
    assert.equal(verdict.best, null);
    assert.match(verdict.explanation, /no baseline/);
    assert.match(verdict.recommendation, /Raise the timeout\./);
  });

  test('is inconclusive when runs took no measurable time, and says to give it more work', () => {
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: 0 },
      { executor: 'thread', workers: 2, wall: 0 },
    ]);
    assert.equal(verdict.kind, 'inconclusive');
    assert.equal(verdict.best, null);
    assert.match(verdict.recommendation, /more or larger inputs/);
  });

  test('decides io-bound without CPU times when threads beat the core count', () => {
    const runs = scenarios.ioBound.runs.map((run) => ({ ...run, cpu: null, processCpu: null }));
    assert.equal(verdictOfRuns(runs, scenarios.ioBound.options).kind, 'io-bound');
  });

  test('calls it cpu-bound when processes clearly beat slower-than-serial threads on a busy machine, and says why they fell short', () => {
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: 0.405, cpu: 0.405 },
      { executor: 'thread', workers: 2, wall: 0.5, cpu: 0.4 },
      { executor: 'thread', workers: 4, wall: 0.55, cpu: 0.4 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.337, cpu: 0.53 },
    ]);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(verdict.best?.executor, 'process');
    assert.match(verdict.explanation, /other programs kept the cores busy/);
  });

  // Async calls share one thread: on tiny computing tasks their apparent gain is timing noise.
  const tinyJavaScriptTasks: { name: string; runs: RunSpec[]; says: RegExp }[] = [
    {
      name: 'when async calls only look a little faster on a noisy machine',
      says: /the best worker run, worker_threads × 4, reached only 0\.11×, .*\(queueing, serializing, messaging\)\.( Confidence: [^]*)?$/,
      runs: [
        { executor: 'serial', wall: 0.074, cpu: 0.068, tasks: 20000 },
        { executor: 'async', workers: 4, wall: 0.062, tasks: 20000 },
        { executor: 'worker_threads', workers: 4, wall: 0.66, tasks: 20000, busy: 0.05 },
      ],
    },
    {
      name: 'even when async calls happened to time 1.3x faster, and says that is noise',
      says: /the best worker run, worker_threads × 2, reached only 0\.09×.* Async calls share one thread, so their 1\.30× \(async × 4\) on computing calls this short is timing noise, not a gain\.( Confidence: [^]*)?$/,
      runs: [
        { executor: 'serial', wall: 0.0488, cpu: 0.0488, tasks: 20000 },
        { executor: 'async', workers: 4, wall: 0.0375, tasks: 20000 },
        { executor: 'worker_threads', workers: 2, wall: 0.54, tasks: 20000, busy: 0.05 },
      ],
    },
  ];
  for (const each of tinyJavaScriptTasks) {
    test(`calls tiny computing JavaScript tasks overhead-bound ${each.name}`, () => {
      const verdict = verdictOfRuns(each.runs, { language: 'javascript', functionName: 'square', file: '/home/user/small_tasks.mjs', inputsCount: 20000 });
      assert.equal(verdict.kind, 'overhead-bound');
      assert.match(verdict.explanation, each.says);
    });
  }

  test('calls BLAS work internally-parallel from its busy threads even when a loaded machine starved them', () => {
    // Serial got 2 s of process CPU in 2.5 s of wall, but both BLAS threads computed: parallelism 1.94.
    const input = analysisInput(
      [
        { executor: 'serial', wall: 2.5, cpu: 1.03, processCpu: 2.0 },
        { executor: 'thread', workers: 2, wall: 1.94, cpu: 1.05, processCpu: 1.74 },
      ],
      { functionName: 'matmul', file: '/home/user/matmul.py' },
    );
    input.runs[0] = { ...input.runs[0], threadParallelism: 1.94 };
    const verdict = analyse(input).verdict;
    assert.equal(verdict.kind, 'internally-parallel');
    // 2.0 s over 2.5 s is 0.8 of a core: the sentence says where 1.9 comes from.
    assert.match(verdict.explanation, /kept 1\.9 cores busy \(its threads computed side by side; process CPU 2\.00 s over 2\.50 s of wall time, other programs taking the rest\)/);
  });

  test('does not call a serial run internally parallel from its threads\' ratio when the process got a whole core and used no more', () => {
    // test/corpus/memory_copy.py as measured: CPU ÷ wall 0.97, yet CPU of all threads ÷ the busiest 1.36.
    const input = analysisInput(
      [
        { executor: 'serial', wall: 0.0147, cpu: 0.0135, processCpu: 0.0142 },
        { executor: 'thread', workers: 2, wall: 0.013, cpu: 0.0135, processCpu: 0.019 },
      ],
      { functionName: 'copy_scaled', file: '/home/user/memory_copy.py' },
    );
    input.runs[0] = { ...input.runs[0], threadParallelism: 1.36 };
    const verdict = analyse(input).verdict;
    assert.notEqual(verdict.kind, 'internally-parallel', verdict.explanation);
  });

  test('does not say a waiting serial run kept a core busy because its one thread did the little computing', () => {
    // sleepy_requests.py as measured: 2 ms of CPU in 1.6 s, all of it on the calling thread.
    const input = analysisInput(scenarios.ioBound.runs, scenarios.ioBound.options);
    input.runs[0] = { ...input.runs[0], processCpuSeconds: 0.021, threadParallelism: 1.0 };
    const verdict = analyse(input).verdict;
    assert.equal(verdict.kind, 'io-bound');
    const serialLine = verdict.evidence.find((line) => line.startsWith('serial:')) ?? '';
    assert.doesNotMatch(serialLine, /kept [\d.]+ cores busy/, serialLine);
  });

  test('calls a JavaScript CPU loop cpu-bound when workers scale, whatever async calls seemed to gain', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.618, cpu: 0.63 },
        // Async calls' CPU is the process's (no task's own is known): one core, the event loop's.
        { executor: 'async', workers: 4, wall: 0.386, cpu: null, processCpu: 0.39 },
        { executor: 'worker_threads', workers: 2, wall: 0.41 },
      ],
      { language: 'javascript', functionName: 'countPrimes', file: '/home/user/cpu_loop.js' },
    );
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(verdict.best?.executor, 'worker_threads');
  });

  test('advises async calls, not workers, when they compute on several cores off the event loop (crypto in Node\'s thread pool)', () => {
    // pbkdf2's callback form, 12 calls, profiled on 2 cores: the async calls' process CPU is the thread pool's.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.1315, cpu: 0.1275, processCpu: 0.1288 },
        { executor: 'async', workers: 2, wall: 0.0697, cpu: null, processCpu: 0.1289, repeats: [0.0697, 0.0602, 0.0795] },
        { executor: 'worker_threads', workers: 2, wall: 0.0827, cpu: null, processCpu: 0.1334, repeats: [0.0827, 0.0671, 0.0842] },
        { executor: 'worker_threads', workers: 4, wall: 0.0748, cpu: null, processCpu: 0.1459 },
        { executor: 'child_process', workers: 4, wall: 0.0752 },
      ],
      { language: 'javascript', functionName: 'stretchAsync', file: '/home/user/hash.mjs', inputsCount: 12 },
    );
    assert.equal(verdict.kind, 'gil-free', verdict.explanation);
    assert.deepEqual({ executor: verdict.best?.executor, workers: verdict.best?.workers }, { executor: 'async', workers: 2 });
    assert.match(verdict.explanation, /Async calls reached 1\.89× with 2 calls in flight, keeping 1\.8 cores busy: .* off the event loop, in Node's thread pool/);
    assert.doesNotMatch(verdict.explanation, /GIL|only overlap waiting/);
    assert.match(verdict.recommendation, /^Keep 2 calls in flight with Promise\.all, as the code below does/);
    assert.doesNotMatch(verdict.recommendation, /UV_THREADPOOL_SIZE/, 'two cores are within the pool\'s four threads');
    assert.ok(verdict.evidence.includes('async calls: best 1.89× at async × 2; the process kept 1.8 cores busy'), verdict.evidence.join('\n'));
    // Two calls in flight, as measured, not every input at once.
    assert.match(verdict.code, /await Promise\.all\(Array\.from\(\{ length: 2 \}, lane\)\)/);
    assert.match(verdict.code, /results\[index\] = await stretchAsync\(inputs\[index\]\)/);
  });

  test('advises async calls that spread off the event loop even when one of their timings was slowed to serial\'s pace', () => {
    // A new user's scrypt calls on a busy host: async at 1.05, 0.59 and 0.54 s beside serial's
    // 1.03–1.07 s had read "not beyond the noise", cpu-bound, child processes at 1.96× (1.01–2.04).
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 1.034, cpu: 1.02, processCpu: 1.02, repeats: [1.034, 1.072, 1.032] },
        { executor: 'async', workers: 2, wall: 0.586, cpu: null, processCpu: 1.1, repeats: [1.048, 0.586, 0.539] },
        { executor: 'worker_threads', workers: 2, wall: 1.032, cpu: null, processCpu: 1.0, repeats: [1.032] },
        { executor: 'child_process', workers: 2, wall: 0.528, repeats: [1.026, 0.528, 0.526] },
      ],
      { language: 'javascript', functionName: 'rehash', file: '/home/user/scrypt.mjs', inputsCount: 16 },
    );
    assert.equal(verdict.kind, 'gil-free', verdict.explanation);
    assert.equal(verdict.best?.executor, 'async');
    assert.match(verdict.explanation, /Workers reached 1\.96×, no clear gain over the calls, which need no worker started nor any copy sent\./, verdict.explanation);
    assert.doesNotMatch(verdict.explanation, /must be started and sent/);
  });

  test('names the thread pool\'s size when the machine has more cores than it has threads, and only then', () => {
    const runsOn = (inputsCount: number): Verdict =>
      verdictOfRuns(
        [
          { executor: 'serial', wall: 1.0, cpu: 0.98, processCpu: 0.99 },
          { executor: 'async', workers: 8, wall: 0.27, cpu: null, processCpu: 1.02 },
          { executor: 'worker_threads', workers: 8, wall: 0.26, cpu: null, processCpu: 1.05 },
        ],
        { language: 'javascript', functionName: 'stretchAsync', file: '/home/user/hash.mjs', inputsCount, machine: machine(16, 8) },
      );
    const many = runsOn(64);
    assert.equal(many.kind, 'gil-free', many.explanation);
    assert.match(many.recommendation, /runs 4 tasks at a time by default, fewer than the 16 cores this process may use: .* start node with UV_THREADPOOL_SIZE=16 in its environment, and profile again with it to see how many calls in flight it then takes\.$/);
    const ten = runsOn(10);
    assert.match(ten.recommendation, /UV_THREADPOOL_SIZE=10 in its environment, and profile again with it/, 'no more threads than calls');
    const few = runsOn(4);
    assert.equal(few.kind, 'gil-free', few.explanation);
    assert.doesNotMatch(few.recommendation, /UV_THREADPOOL_SIZE/, 'four calls fit the pool\'s four threads');
  });

  test('does not take the runtime\'s own threads, or a burst that slowed serial, for async calls computing off the event loop', () => {
    // An allocating loop: V8's collector keeps serial at 1.2 cores too; async calls "gained" 1.5x while serial was slowed.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.6, cpu: null, processCpu: 0.72 },
        { executor: 'async', workers: 2, wall: 0.4, cpu: null, processCpu: 0.5 },
        { executor: 'worker_threads', workers: 2, wall: 0.38, cpu: null, processCpu: 0.7 },
      ],
      { language: 'javascript', functionName: 'build', file: '/home/user/alloc.mjs' },
    );
    assert.notEqual(verdict.kind, 'gil-free', verdict.explanation);
    assert.equal(verdict.best?.executor, 'worker_threads');
  });

  test('does not read a gain inside serial\'s noise as async calls computing off the event loop, however many cores they kept busy', () => {
    // Serial's timings swung (one burst of other load): the async calls' 1.5x has an interval reaching below 1.
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.6, cpu: null, processCpu: 0.6, repeats: [0.6, 0.31, 0.62] },
        { executor: 'async', workers: 2, wall: 0.4, cpu: null, processCpu: 0.74, repeats: [0.4, 0.39, 0.66] },
        { executor: 'worker_threads', workers: 2, wall: 0.42, cpu: null, processCpu: 0.6 },
      ],
      { language: 'javascript', functionName: 'stretchAsync', file: '/home/user/hash.mjs' },
    );
    assert.notEqual(verdict.kind, 'gil-free', verdict.explanation);
  });

  test('advises workers over async calls that used several cores but gained clearly less, and says what the async calls showed', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 1.0, cpu: null, processCpu: 0.99, repeats: [1.0, 1.01, 0.99] },
        { executor: 'async', workers: 4, wall: 0.7, cpu: null, processCpu: 1.3, repeats: [0.7, 0.71, 0.69] },
        { executor: 'worker_threads', workers: 4, wall: 0.27, cpu: null, processCpu: 1.05, repeats: [0.27, 0.28, 0.27] },
      ],
      { language: 'javascript', functionName: 'mixedWork', file: '/home/user/mixed.mjs', machine: machine(4, 4) },
    );
    assert.equal(verdict.kind, 'cpu-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'worker_threads');
    assert.match(verdict.explanation, /its async calls kept 1\.9 cores busy \(work Node runs off the event loop, in its thread pool\) yet gained less than the workers/);
    assert.doesNotMatch(verdict.explanation, /only overlap waiting/);
  });

  test('keeps a JavaScript CPU loop cpu-bound when its async calls seemed faster yet kept one core busy', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.618, cpu: 0.63, processCpu: 0.63 },
        { executor: 'async', workers: 4, wall: 0.386, cpu: null, processCpu: 0.4 },
        { executor: 'worker_threads', workers: 2, wall: 0.33, cpu: null, processCpu: 0.64 },
      ],
      { language: 'javascript', functionName: 'countPrimes', file: '/home/user/cpu_loop.js' },
    );
    assert.equal(verdict.kind, 'cpu-bound', verdict.explanation);
    assert.equal(verdict.best?.executor, 'worker_threads');
  });

  test('does not mistake the runtime\'s own threads in a short serial run for an internally parallel library', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 0.03, cpu: 0.047, processCpu: 0.047, tasks: 20000 },
        { executor: 'async', workers: 2, wall: 0.043, tasks: 20000 },
        { executor: 'worker_threads', workers: 2, wall: 0.65, tasks: 20000, busy: 0.05 },
      ],
      { language: 'javascript', functionName: 'square', file: '/home/user/small_tasks.mjs', inputsCount: 20000 },
    );
    assert.equal(verdict.kind, 'overhead-bound');
  });

  test('calls it cpu-bound when threads kept under one core busy, though a loaded machine made them look 1.2x faster', () => {
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: 2.06, cpu: 2.06 },
      { executor: 'thread', workers: 2, wall: 1.7, cpu: 1.5 },
      { executor: 'process', startMethod: 'spawn', workers: 2, wall: 1.37, cpu: 1.53 },
    ]);
    assert.equal(verdict.kind, 'cpu-bound');
  });

  test('is mixed, not cpu-bound, on a single-core machine where nothing scales', () => {
    const verdict = verdictOfRuns(
      [
        { executor: 'serial', wall: 2, cpu: 1.96 },
        { executor: 'thread', workers: 2, wall: 2.05, cpu: 1.96 },
        { executor: 'process', workers: 2, wall: 2.1 },
      ],
      { machine: machine(1, 1) },
    );
    assert.equal(verdict.kind, 'mixed');
    assert.match(verdict.explanation, /single logical core/);
    assert.match(verdict.recommendation, /Stay serial/);
  });
});

describe('JavaScript verdicts', () => {
  test('keeps the waiting calls in flight advised, and says more may help when that was the largest count tried', () => {
    const waits = (most: number): RunSpec[] => [
      { executor: 'serial', wall: 1.16, cpu: 0.2, repeats: [1.16, 1.161, 1.159] },
      ...[2, 4, 8, 16].filter((workers) => workers <= most).map((workers): RunSpec => {
        const wall = workers >= 8 ? 0.25 : 1.16 / (workers * 0.95);
        return { executor: 'async', workers, wall, cpu: null, repeats: [wall, wall * 1.005, wall * 0.995] };
      }),
      { executor: 'worker_threads', workers: 2, wall: 0.6, repeats: [0.6, 0.61, 0.6] },
    ];
    const options = { language: 'javascript' as const, functionName: 'fetchAndScore', file: '/home/user/wait.mjs', inputsCount: 64 };
    const flat = verdictOfRuns(waits(16), options);
    assert.equal(flat.kind, 'io-bound', flat.explanation);
    assert.equal(flat.best?.workers, 8);
    assert.match(flat.recommendation, /^Keep 8 calls in flight and await them all, as the code below does \(each of 8 lanes starts the next input as its call settles; more in flight gained nothing clear here\)/);
    assert.match(flat.code, /Array\.from\(\{ length: 8 \}, lane\)/);
    const stopped = verdictOfRuns(waits(8), options);
    assert.match(stopped.recommendation, /or more: 8 was the largest count tried/, stopped.recommendation);
  });

  test('names an ES module file for advice that awaits at the top level', () => {
    const verdict = verdictOf(scenarios.jsIoBound);
    assert.equal(verdict.best?.executor, 'async', verdict.explanation);
    assert.match(verdict.code, /^\/\/ run\.mjs \(run\.mts for TypeScript\), next to your script: an ES module, where top-level await works\.\n/);
    assert.match(verdict.code, /await Promise\.all\(/);
  });

  test('recommends a worker_threads pool importing the module for CPU-bound exports', () => {
    const verdict = verdictOf(scenarios.jsCpuBound);
    assert.equal(verdict.kind, 'cpu-bound');
    assert.equal(verdict.best?.executor, 'worker_threads');
    assert.match(verdict.explanation, /Async calls reached 1\.00× .* worker threads reached 1\.90×/);
    assert.doesNotMatch(verdict.explanation, /GIL/);
    assert.match(verdict.code, /new Worker\(/);
    assert.match(verdict.code, /import \* as profiled from '\.\/fib\.mjs';\n.*\nconst \{ fib, PROFILE_INPUTS \} = \{ \.\.\.profiled\.default, \.\.\.profiled \};/);
  });

  test('recommends Promise.all for waiting exports', () => {
    const verdict = verdictOf(scenarios.jsIoBound);
    assert.equal(verdict.kind, 'io-bound');
    assert.equal(verdict.best?.executor, 'async');
    assert.match(verdict.recommendation, /await Promise\.all\(inputs\.map\(fetchStatus\)\)/);
    assert.match(verdict.code, /await Promise\.all\(inputs\.map\(\(input\) => fetchStatus\(input\)\)\)/);
    assert.match(verdict.code, /from '\.\/fetch-status\.js'/);
    assert.doesNotMatch(verdict.code, /ThreadPoolExecutor/);
  });

  test('recommends batching inputs per message for tiny exports', () => {
    const verdict = verdictOf(scenarios.jsOverheadBound);
    assert.equal(verdict.kind, 'overhead-bound');
    assert.match(verdict.recommendation, /125 inputs per message/);
    assert.match(verdict.code, /const batchSize = 125;/);
    assert.doesNotMatch(verdict.recommendation, /pool\.map/);
  });
});

describe('the best configuration the verdict names is the one it recommends', () => {
  test('gil-free names the threads it recommends, though a process run timed faster', () => {
    const verdict = verdictOfRuns([...scenarios.gilFree.runs, { executor: 'process', workers: 4, wall: 0.95 }], scenarios.gilFree.options);
    assert.equal(verdict.kind, 'gil-free');
    assert.deepEqual({ executor: verdict.best?.executor, workers: verdict.best?.workers }, { executor: 'thread', workers: 2 });
    assert.match(verdict.recommendation, /^Use ThreadPoolExecutor with 2 workers/);
  });

  test('io-bound names its threads, though processes timed faster', () => {
    const verdict = verdictOfRuns([...scenarios.ioBound.runs, { executor: 'process', workers: 16, wall: 0.24, cpu: 0.02, tasks: 16 }], scenarios.ioBound.options);
    assert.equal(verdict.kind, 'io-bound');
    assert.deepEqual({ executor: verdict.best?.executor, workers: verdict.best?.workers }, { executor: 'thread', workers: 16 });
  });

  test('internally-parallel names serial, whose one call at a time it recommends, over a thread run 5% faster', () => {
    const verdict = verdictOf(scenarios.internallyParallel);
    assert.equal(verdict.kind, 'internally-parallel');
    assert.deepEqual(verdict.best, { executor: 'serial', startMethod: null, workers: 1, speedup: 1, chunksize: null });
  });

  test('overhead-bound names serial when a parallel run gained a little by chance', () => {
    const runs = scenarios.overheadBound.runs.map((run) => (run.executor === 'thread' ? { ...run, wall: 0.017 } : run));
    const verdict = verdictOfRuns(runs, scenarios.overheadBound.options);
    assert.equal(verdict.kind, 'overhead-bound');
    assert.equal(verdict.best?.executor, 'serial');
    assert.match(verdict.recommendation, /^Stay serial/);
  });
});

describe('best configuration', () => {
  const { runs } = analyse(analysisInput([
    { executor: 'serial', wall: 2 },
    { executor: 'thread', workers: 8, wall: 0.5 },
    { executor: 'thread', workers: 16, wall: 0.49 },
    { executor: 'process', workers: 16, wall: 0.48 },
    { executor: 'process', startMethod: 'spawn', workers: 4, wall: 0.3 },
    { executor: 'process', startMethod: 'fork', workers: 4, wall: 0.31 },
  ]));

  test('is the fastest run, preferring the default start method and fewer workers within 5%', () => {
    assert.equal(pickBest(runs, { defaultStartMethod: 'fork' })?.id, 'process/fork/4');
    assert.equal(pickBest(runs, { defaultStartMethod: 'spawn' })?.id, 'process/spawn/4');
  });

  test('prefers the simpler executor and fewer workers when within 5%', () => {
    const close = runs.filter((run) => run.executor !== 'process' || run.workers === 16);
    assert.equal(pickBest(close, { defaultStartMethod: 'fork' })?.id, 'thread/8');
  });

  test('is null when nothing succeeded', () => {
    assert.equal(pickBest([], { defaultStartMethod: 'fork' }), null);
  });
});

describe('words and names', () => {
  test('groups executors into families', () => {
    assert.equal(executorFamily('serial'), 'serial');
    assert.equal(executorFamily('async'), 'threads');
    assert.equal(executorFamily('joblib-threading'), 'threads');
    assert.equal(executorFamily('worker_threads'), 'processes');
    assert.equal(executorFamily('pool'), 'processes');
  });

  test('derives the module from the file stem', () => {
    assert.equal(moduleName('/a/b/sleepy_requests.py', 'python'), 'sleepy_requests');
    assert.equal(moduleName('C:\\work\\fib.mjs', 'javascript'), './fib.mjs');
    assert.equal(moduleName('/src/fetch.ts', 'typescript'), './fetch.js');
    assert.equal(moduleName(undefined, 'python'), 'your_module');
  });

  test('formats speedups and durations for a reader', () => {
    assert.equal(formatSpeedup(1.904), '1.90×');
    assert.equal(formatSpeedup(12.44), '12.4×');
    assert.equal(formatSpeedup(0.049), '0.05×');
    // Threads over 20,000 calls of x * x against a plain loop: not "0.00×".
    assert.equal(formatSpeedup(0.00224), '0.0022×');
    assert.equal(formatSpeedup(0), '0.00×');
    assert.equal(formatSeconds(2.5), '2.50 s');
    assert.equal(formatSeconds(0.0123), '12.3 ms');
    assert.equal(formatSeconds(0.00000098), '0.98 µs');
  });
});

describe('the programs a function runs, in the evidence', () => {
  test("names the CPU of the programs serial ran and waited for, which is the function's own work", () => {
    const input = analysisInput([
      { executor: 'serial', wall: 0.64, cpu: 0.006, processCpu: 0.008 },
      { executor: 'thread', workers: 2, wall: 0.34, cpu: 0.006, processCpu: 0.01 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.37 },
    ]);
    input.runs[0] = { ...input.runs[0], childCpuSeconds: 0.6 };
    const { verdict } = analyse(input);
    assert.ok(verdict.evidence.some((line) => line.startsWith('serial: ') && line.includes('the programs it ran used 600 ms of CPU (0.9 cores)')), verdict.evidence.join('\n'));
  });

  test('changes nothing for a function that ran no program (children\'s CPU 0)', () => {
    const specs: RunSpec[] = [
      { executor: 'serial', wall: 1.2 },
      { executor: 'thread', workers: 2, wall: 1.25 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.65 },
    ];
    const without = analyse(analysisInput(specs));
    const input = analysisInput(specs);
    input.runs = input.runs.map((run) => (run.executor === 'process' ? run : { ...run, childCpuSeconds: 0 }));
    const withZero = analyse(input);
    assert.deepEqual(withZero.verdict, without.verdict);
    assert.deepEqual(withZero.runs.map((run) => run.cpuUtilization), without.runs.map((run) => run.cpuUtilization));
  });

  test('takes calls whose programs keep the cores busy for computing work outside the GIL: threads, each waiting for its program', () => {
    // test/corpus/subprocess_tool.py: each call runs a compressor for ~80 ms; the caller only waits.
    const input = analysisInput([
      { executor: 'serial', wall: 0.64, cpu: 0.006, processCpu: 0.008 },
      { executor: 'thread', workers: 2, wall: 0.34, cpu: 0.006, processCpu: 0.01 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 0.36, cpu: 0.01 },
    ]);
    input.runs[0] = { ...input.runs[0], childCpuSeconds: 0.62 };
    input.runs[1] = { ...input.runs[1], childCpuSeconds: 0.63 };
    const { verdict } = analyse(input);
    assert.equal(verdict.kind, 'gil-free', verdict.explanation);
    assert.equal(verdict.best?.executor, 'thread');
    assert.match(verdict.explanation, /the work runs in the programs it starts/);
  });
});

describe('data sent to workers in the evidence', () => {
  const runs = (resultBytes: number | null): RunSpec[] => [
    { executor: 'serial', wall: 1.6, argBytes: 800, resultBytes },
    { executor: 'thread', workers: 2, wall: 0.9, argBytes: 800 },
    { executor: 'process', startMethod: 'fork', workers: 2, wall: 1.4, argBytes: 800 },
  ];

  test('gives each task\'s pickled argument and result size, from the totals over the inputs', () => {
    const verdict = verdictOfRuns(runs(336_000_000), { inputsCount: 8 });
    assert.ok(verdict.evidence.includes('data per task (pickled): arguments 100 B, results 42 MB'), verdict.evidence.join('\n'));
  });

  test('says serialized for JavaScript and leaves out what was not measured', () => {
    const verdict = verdictOfRuns(runs(null).map((run) => ({ ...run, executor: run.executor === 'serial' ? 'serial' : run.executor === 'thread' ? 'async' : 'worker_threads', startMethod: null })), { language: 'javascript', inputsCount: 8 });
    assert.ok(verdict.evidence.includes('data per task (serialized): arguments 100 B'), verdict.evidence.join('\n'));
  });

  test('names the copying as the likely cause when computing work with megabytes per task did not scale', () => {
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: 0.5, cpu: 0.5, argBytes: 40, resultBytes: 160_000_072 },
      { executor: 'thread', workers: 2, wall: 0.5, cpu: 0.5, argBytes: 40 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 1.3, cpu: 0.5, argBytes: 40 },
    ], { inputsCount: 8 });
    assert.equal(verdict.kind, 'mixed');
    assert.match(verdict.explanation, /each task copies 20 MB to processes and back \(arguments 5 B, results 20 MB\)/);
  });

  test('keeps to the general words when each task moves little data', () => {
    const verdict = verdictOfRuns([
      { executor: 'serial', wall: 0.5, cpu: 0.5, argBytes: 40, resultBytes: 80 },
      { executor: 'thread', workers: 2, wall: 0.5, cpu: 0.5, argBytes: 40 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 1.3, cpu: 0.5, argBytes: 40 },
    ], { inputsCount: 8 });
    assert.match(verdict.explanation, /start-up and data transfer may cost as much as the work/);
    assert.doesNotMatch(verdict.explanation, /each task copies/);
  });

  test('has no data line when nothing was measured', () => {
    const verdict = verdictOfRuns(runs(null).map((run) => ({ ...run, argBytes: null })));
    assert.ok(!verdict.evidence.some((line) => line.startsWith('data per task')));
  });
});

describe('durations in verdict text', () => {
  test('write microseconds as plain numbers, never in exponent form', () => {
    assert.deepEqual([0.00013, 0.0000042, 0.0000999].map(formatSeconds), ['130 µs', '4.2 µs', '99.9 µs']);
  });
});
