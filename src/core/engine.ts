// The engine: probe the script → plan the configurations → run each in a fresh harness process
// while the cores are sampled → analyse → one Report. Used alike by the CLI and the extension.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { NodeRunner } from '../runners/node/runner';
import { PythonRunner } from '../runners/python/runner';
import { runId, runLabel, SCHEMA_VERSION } from '../shared/report';
import type { Executor, Language, Report, RunError } from '../shared/report';
import { formatSeconds } from './advice';
import { analyse } from './analyse';
import { failedOutcome } from './outcome';
import { getMachine } from './machine';
import { extendSweep, planConfigs } from './plan';
import { toCoreSamples, type CoreLoad, type CoreSampler } from './sampler';
import { summarizeWalls } from './stats';
import { ProfileError } from './types';
import type { ConfigOutcome, ConfigRequest, LanguageRunner, MeasuredRun, Probe, Target } from './types';
import { TOOL_NAME, TOOL_VERSION } from './version';
import { slowBaseline } from './warnings';

export interface ProfileRequest {
  file: string;
  functionName: string;
  cwd: string;
  /** Inputs expression in the script's language; undefined = the module's PROFILE_INPUTS. */
  inputs?: string;
  executable?: string;
  executors?: Executor[];
  workers?: number[];
  repeat: number;
  timeoutSeconds: number;
  chunksize?: number | null;
  daskScheduler?: string;
}

export type ProfileProgress =
  | { type: 'probed'; total: number; probe: Probe }
  | { type: 'config-start'; index: number; total: number; label: string }
  | { type: 'config-end'; index: number; total: number; run: MeasuredRun };

export interface ProfileOptions {
  signal: AbortSignal;
  sampler: CoreSampler;
  onProgress?(progress: ProfileProgress): void;
  /** The language runner to use; by default the one for the file's language. */
  runner?: LanguageRunner;
}

export function languageOf(file: string): Language | null {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.py') return 'python';
  if (['.js', '.mjs', '.cjs'].includes(extension)) return 'javascript';
  if (['.ts', '.mts', '.cts'].includes(extension)) return 'typescript';
  return null;
}

function runnerFor(language: Language): LanguageRunner {
  if (language === 'python') return new PythonRunner();
  return new NodeRunner();
}

function checkRequest(request: ProfileRequest): Language {
  if (!existsSync(request.file) || !statSync(request.file).isFile()) {
    throw new ProfileError('usage', `There is no file at ${request.file}.`, 'Check the path: it is resolved against the current folder.');
  }
  const language = languageOf(request.file);
  if (!language) {
    throw new ProfileError(
      'usage',
      `${path.basename(request.file)} is not a Python or JavaScript/TypeScript file.`,
      'Profile a .py, .js, .mjs, .cjs or .ts file.',
    );
  }
  if (!Number.isInteger(request.repeat) || request.repeat < 1) {
    throw new ProfileError('usage', `The repeat count must be a whole number of at least 1, not ${request.repeat}.`, 'Use e.g. 3 (--repeat on the command line, the parallelProfiler.repeat setting in VS Code).');
  }
  if (!(request.timeoutSeconds > 0)) {
    throw new ProfileError('usage', `The timeout must be a positive number of seconds, not ${request.timeoutSeconds}.`, 'Use e.g. 120 (--timeout on the command line, the parallelProfiler.timeoutSeconds setting in VS Code).');
  }
  for (const workers of request.workers ?? []) {
    if (!Number.isInteger(workers) || workers < 1) {
      throw new ProfileError('usage', `Worker counts must be whole numbers of at least 1, not ${workers}.`, 'Use e.g. 1, 2, 4 (--workers on the command line, the parallelProfiler.workers setting in VS Code).');
    }
  }
  return language;
}

/** The executors to run: what the runtime offers, narrowed to what the user asked for. */
function chooseExecutors(probe: Probe, wanted: Executor[] | undefined): Probe['executors'] {
  if (!wanted || wanted.length === 0) return probe.executors;
  const offered = new Set(probe.executors.map((choice) => choice.executor));
  const unknown = wanted.filter((executor) => !offered.has(executor));
  if (unknown.length > 0) {
    throw new ProfileError(
      'usage',
      `Unknown or unavailable executor: ${unknown.join(', ')}.`,
      `This runtime offers: ${[...offered].join(', ')}.`,
    );
  }
  // serial is the baseline every speedup is measured against, so it always runs.
  return probe.executors.filter((choice) => choice.executor === 'serial' || wanted.includes(choice.executor));
}

function measuredRun(config: ConfigRequest, outcome: ConfigOutcome, samples: CoreLoad[], intervalSeconds: number): MeasuredRun {
  const summary = summarizeWalls(outcome.walls);
  const taskCpu = outcome.tasks.map((task) => task.cpuSeconds);
  const cpuSeconds = taskCpu.length > 0 && taskCpu.every((cpu) => cpu !== null) ? taskCpu.reduce((a, b) => a + (b ?? 0), 0) : null;
  const origin = outcome.origin ?? (samples.length > 0 ? samples[0].time : 0);
  return {
    id: runId(config.executor, config.startMethod, config.workers),
    executor: config.executor,
    startMethod: config.startMethod,
    workers: config.workers,
    chunksize: config.chunksize,
    wallSeconds: outcome.error ? null : (summary?.median ?? null),
    wallSpread: outcome.error || !summary ? null : { min: summary.min, max: summary.max },
    repeats: outcome.walls,
    outliers: summary?.outliers ?? [],
    startupSeconds: outcome.startupSeconds,
    cpuSeconds,
    processCpuSeconds: outcome.processCpuSeconds,
    queuedSeconds: outcome.queuedSeconds,
    threadParallelism: outcome.threadParallelism,
    argBytes: outcome.argBytes,
    resultBytes: outcome.resultBytes,
    tasks: outcome.tasks,
    coreSamples: toCoreSamples(samples, origin, intervalSeconds),
    output: outcome.output,
    warnings: outcome.warnings,
    error: outcome.error,
    ...(outcome.workerLoad ? { workerLoad: outcome.workerLoad } : {}),
  };
}

/** Once the serial baseline is known, a repeat ten times slower (and over a second) settles it. */
function enoughSecondsFor(runs: MeasuredRun[]): number | null {
  const serial = runs.find((run) => run.executor === 'serial' && run.wallSeconds !== null);
  return serial?.wallSeconds ? Math.max(1, 10 * serial.wallSeconds) : null;
}

function skippedAfterSerialTimeout(request: ProfileRequest): RunError {
  return {
    kind: 'skipped',
    message: `Not run: serial did not finish within ${request.timeoutSeconds} s, so there is no baseline to compare with.`,
    hint: 'Fix what serial was stuck on (see its row), or raise the timeout (--timeout, or the parallelProfiler.timeoutSeconds setting), or profile fewer or smaller inputs.',
  };
}

export async function profile(request: ProfileRequest, options: ProfileOptions): Promise<Report> {
  const { signal, sampler, onProgress } = options;
  const language = checkRequest(request);
  const target: Target = {
    file: path.resolve(request.file),
    functionName: request.functionName,
    language,
    cwd: request.cwd,
    inputs: request.inputs,
    executable: request.executable,
    daskScheduler: request.daskScheduler || undefined,
  };
  const runner = options.runner ?? runnerFor(language);
  const [machine, probe] = await Promise.all([getMachine(), runner.probe(target, signal)]);
  const executors = chooseExecutors(probe, request.executors);
  const configs = planConfigs({
    executors,
    logicalCores: machine.logicalCores,
    physicalCores: machine.physicalCores,
    workers: request.workers && request.workers.length > 0 ? request.workers : undefined,
    repeat: request.repeat,
    timeoutSeconds: request.timeoutSeconds,
    chunksize: request.chunksize ?? null,
    inputsCount: probe.inputs.count,
  });
  onProgress?.({ type: 'probed', total: configs.length, probe });

  const runs: MeasuredRun[] = [];
  const refusedExecutors = new Set<Executor>();
  let cancelled = false;
  // A serial run that timed out leaves nothing to compare with, and the function most likely hangs
  // (or takes longer) everywhere: the rest would each wait out the timeout for nothing.
  let skipReason: RunError | null = null;
  const runOne = async (config: ConfigRequest, index: number, total: number): Promise<void> => {
    const preflight = probe.preflight.find((problem) => problem.executor === config.executor);
    if (preflight) {
      // One row per refused executor is enough to explain it; its other worker counts would repeat it.
      if (!refusedExecutors.has(config.executor)) // A configuration the preflight already refused (e.g. unpicklable) is reported, not run.
        runs.push(measuredRun(config, failedOutcome(preflight.error), [], sampler.intervalSeconds));
      refusedExecutors.add(config.executor);
      return;
    }
    if (skipReason) {
      runs.push(measuredRun(config, failedOutcome(skipReason), [], sampler.intervalSeconds));
      return;
    }
    onProgress?.({ type: 'config-start', index, total, label: runLabel(config) });
    const recording = sampler.record();
    const outcome = await runner.runConfig(target, { ...config, enoughSeconds: enoughSecondsFor(runs) }, signal);
    const samples = recording.stop();
    if (outcome.error?.kind === 'cancelled' || signal.aborted) {
      cancelled = true;
      return;
    }
    const run = measuredRun(config, outcome, samples, sampler.intervalSeconds);
    runs.push(run);
    if (config.executor === 'serial' && outcome.error?.kind === 'timeout') skipReason = skippedAfterSerialTimeout(request);
    onProgress?.({ type: 'config-end', index, total, run });
  };

  let total = configs.length;
  for (const [index, config] of configs.entries()) {
    if (signal.aborted) {
      cancelled = true;
      break;
    }
    await runOne(config, index, total);
    if (cancelled) break;
  }
  // Waiting work keeps scaling past the core count: extend the thread (or async) sweep while it pays.
  for (const executor of ['thread', 'async'] as const) {
    const base = configs.find((config) => config.executor === executor);
    while (!cancelled && !skipReason && base && !signal.aborted && !request.workers?.length) {
      const next = extendSweep({ runs, inputsCount: probe.inputs.count, executor });
      if (next === null) break;
      total += 1;
      await runOne({ ...base, workers: next }, total - 1, total);
    }
  }
  // Serial runs first, while the editor opens its panel and progress: on a small machine that can
  // hold it up, and every speedup would be overstated. A one-thread run doing the same work clearly
  // faster gives it away; serial is then measured once more, and the faster of the two is kept.
  const slow = !cancelled && !skipReason && !signal.aborted ? slowBaseline(runs) : null;
  if (slow) {
    const first = slow.serial;
    const config = configs.find((candidate) => candidate.executor === 'serial');
    total += 1;
    if (config) await runOne(config, total - 1, total);
    const again = runs.length > 0 && runs[runs.length - 1] !== first && runs[runs.length - 1].executor === 'serial' ? runs.pop() : undefined;
    if (again && again.error === null && again.wallSeconds !== null && first.wallSeconds !== null) {
      const kept = again.wallSeconds < first.wallSeconds ? again : first;
      kept.warnings = [
        ...kept.warnings,
        `measured twice, because ${runLabel(slow.single)} did the same work ${slow.factor.toFixed(1)}× faster than the first measurement: ${formatSeconds(first.wallSeconds)}, then ${formatSeconds(again.wallSeconds)}; the faster (${formatSeconds(Math.min(first.wallSeconds, again.wallSeconds))}) is the baseline.`,
      ];
      runs[runs.indexOf(first)] = kept;
    }
  }
  if (signal.aborted) cancelled = true;
  if (runs.length === 0 && cancelled) {
    throw new ProfileError('cancelled', 'The profile was cancelled before any configuration finished.', 'Run it again when you are ready.');
  }
  if (cancelled) {
    // A partial report says what it lacks: every planned configuration that did not finish.
    const reported = new Set(runs.map((run) => run.id));
    for (const config of configs) {
      const id = runId(config.executor, config.startMethod, config.workers);
      if (reported.has(id) || refusedExecutors.has(config.executor)) continue;
      const notRun = { kind: 'cancelled' as const, message: 'The profile was cancelled before this configuration finished.', hint: 'Profile again to measure it.' };
      runs.push(measuredRun(config, failedOutcome(notRun), [], sampler.intervalSeconds));
    }
  }

  const { runs: analysedRuns, verdict } = analyse({
    language,
    file: target.file,
    functionName: request.functionName,
    inputsExpression: probe.inputs.expression,
    inputsCount: probe.inputs.count,
    machine,
    runtime: probe.runtime,
    runs,
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    status: cancelled ? 'partial' : 'complete',
    target: {
      file: target.file,
      function: request.functionName,
      language,
      inputs: probe.inputs,
    },
    settings: { repeat: request.repeat, timeoutSeconds: request.timeoutSeconds },
    machine,
    runtime: probe.runtime,
    runs: analysedRuns,
    verdict,
  };
}
