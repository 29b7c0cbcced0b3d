// The engine: probe the script → plan the configurations → run each in a fresh harness process
// while the cores are sampled → analyse → one Report. Used alike by the CLI and the extension.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { SCHEMA_VERSION } from '../shared/report';
import { usableCoreCounts, usableCpuIds, withInterpreterView } from '../shared/usableCores';
import type { CpuSpeedReading, Executor, Language, Machine, Report } from '../shared/report';
import { ProfileError } from '../shared/runner';
import type { ConfigRequest, LanguageRunner, Probe, Target } from '../shared/runner';
import { advisedBatchingOf, analyse, heldLibraryThreadsOf } from './analyse';
import type { HeldThreadsConfig } from './libraryThreads';
import { batchSizesAround } from './snippets';
import { getMachine } from './machine';
import { gitProvenance } from '../system/gitProvenance';
import { fastestCpuNow, readCpuSpeeds } from '../system/cpuSpeeds';
import { Measurement, type MeasureProgress } from './measure';
import { extendSweep, planConfigs } from './plan';
import type { CoreSampler } from './sampler';
import { TOOL_NAME, TOOL_VERSION } from './version';
import { limitTaskSpans } from './spanLimit';
import { budgetWarning, profileWarnings } from './warnings';
import { AdaptiveMeasure } from './adaptiveMeasure';
import { librariesNotInstalled } from './notCompared';
import { capitalize } from './words';
import { describePlan } from './planText';

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
  /** Every executor at every worker count, each `repeat` times: the full cross product instead of the adaptive plan. */
  thorough?: boolean;
  /** Seconds the profile should fit in: the adaptive plan leaves out (and names) what would not fit. */
  budgetSeconds?: number | null;
}

/** How the configurations are chosen: adaptively, the full cross product, or at the user's own worker counts. */
export type PlanKind = 'adaptive' | 'thorough' | 'given-workers';

export function planKindOf(request: Pick<ProfileRequest, 'thorough' | 'workers'>): PlanKind {
  if (request.workers && request.workers.length > 0) return 'given-workers';
  return request.thorough ? 'thorough' : 'adaptive';
}

export type ProfileProgress = { type: 'probed'; total: number; probe: Probe } | MeasureProgress;

export interface ProfileOptions {
  signal: AbortSignal;
  sampler: CoreSampler;
  onProgress?(progress: ProfileProgress): void;
  /** The runner for the script's language, given by the caller (CLI, extension, tests): the engine
   * does not know the runners, they know only src/shared. */
  runnerFor(language: Language): LanguageRunner;
  /** The machine to plan for, instead of this one's (tests and the plan-size bench simulate others).
   * A simulated machine's CPUs are not read (machine.cpuSpeeds). */
  machine?: Machine;
}

export function languageOf(file: string): Language | null {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.py') return 'python';
  if (['.js', '.mjs', '.cjs'].includes(extension)) return 'javascript';
  if (['.ts', '.mts', '.cts'].includes(extension)) return 'typescript';
  return null;
}

export function checkRequest(request: ProfileRequest): Language {
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

/** Runs one extra configuration: through the adaptive plan's budget when there is one (a step that
 * does not fit is named as left out), else at once. */
type RunExtra = (config: ConfigRequest, words?: string) => Promise<unknown>;

/**
 * An overhead-bound verdict advises sending the inputs in batches: Pool.map at the advised worker
 * count with the advised chunksize, half and double it, each timed `--repeat` times, so the advice
 * stands on a measurement ("chunksize 625: 1.7×, measured") and the verdict can recommend a batch
 * size that paid. Python only (JavaScript's workers take no chunksize), never when the user chose
 * the executors without Pool or gave a chunksize of their own.
 */
async function measureAdvisedBatching(measurement: Measurement, runExtra: RunExtra, advice: { workers: number; batchSize: number } | null, probe: Probe, request: ProfileRequest): Promise<void> {
  if (!advice || !measurement.going || request.chunksize) return;
  const pool = chooseExecutors(probe, request.executors).filter((choice) => choice.executor === 'pool');
  const choice = pool.find((candidate) => candidate.startMethod === probe.runtime.defaultStartMethod) ?? pool[0];
  if (!choice) return;
  for (const chunksize of batchSizesAround(advice.batchSize, probe.inputs.count, advice.workers)) {
    if (!measurement.going) return;
    await runExtra({ executor: 'pool', startMethod: choice.startMethod, workers: advice.workers, repeat: request.repeat, timeoutSeconds: request.timeoutSeconds, chunksize });
  }
}

/**
 * A serial run whose library (BLAS behind numpy) computed on several cores: processes each starting
 * that many threads oversubscribe the cores. Threads and the best processes executor are timed with
 * the library held to its share of the cores per worker (OMP_NUM_THREADS and its kin), `--repeat`
 * times each, so the verdict can say what holding them gained. Not when the user gave the worker
 * counts.
 */
async function measureHeldLibraryThreads(measurement: Measurement, runExtra: RunExtra, held: readonly HeldThreadsConfig[], request: ProfileRequest): Promise<void> {
  if (request.workers?.length) return;
  for (const config of held) {
    if (!measurement.going) return;
    await runExtra({ ...config, repeat: request.repeat, timeoutSeconds: request.timeoutSeconds, chunksize: null });
  }
}

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

/** The engine's view of the request: the script as the runner sees it. */
export function targetOf(request: ProfileRequest, language: Language): Target {
  return {
    file: path.resolve(request.file),
    functionName: request.functionName,
    language,
    cwd: request.cwd,
    inputs: request.inputs,
    executable: request.executable,
    daskScheduler: request.daskScheduler,
  };
}

function planFor(request: ProfileRequest, probe: Probe, machine: Machine): ConfigRequest[] {
  return planConfigs({
    executors: chooseExecutors(probe, request.executors),
    // The cores this process may use (affinity, cgroup quota), not the host's.
    ...usableCoreCounts(machine),
    workers: request.workers && request.workers.length > 0 ? request.workers : undefined,
    repeat: request.repeat,
    timeoutSeconds: request.timeoutSeconds,
    chunksize: request.chunksize ?? null,
    inputsCount: probe.inputs.count,
  });
}

/** Phase 2: waiting work keeps scaling past the core count: extend the thread (or async) sweep while it pays. */
async function extendWaitingSweep(measurement: Measurement, plan: readonly ConfigRequest[], request: ProfileRequest, inputsCount: number): Promise<void> {
  if (request.workers?.length) return;
  for (const executor of ['thread', 'async'] as const) {
    const base = plan.find((config) => config.executor === executor);
    while (base && measurement.going) {
      const next = extendSweep({ runs: measurement.runs, inputsCount, executor });
      if (next === null) break;
      await measurement.runExtra({ ...base, workers: next });
    }
  }
}

/** The plan in words without running it (`--plan`): the script is imported to count its inputs, the function is not called. */
export async function describeProfilePlan(request: ProfileRequest, options: Pick<ProfileOptions, 'signal' | 'runnerFor'>): Promise<string> {
  const language = checkRequest(request);
  const runner = options.runnerFor(language);
  const [machine, probe] = await Promise.all([getMachine(), runner.probe(targetOf(request, language), options.signal)]);
  const kind = planKindOf(request);
  const notInstalled = librariesNotInstalled(language, probe, request.executors);
  const plan = describePlan({
    kind,
    functionName: request.functionName,
    inputsCount: probe.inputs.count,
    usableCores: usableCoreCounts(machine).logicalCores,
    repeat: request.repeat,
    defaultStartMethod: probe.runtime.defaultStartMethod,
    choices: chooseExecutors(probe, request.executors).filter((choice) => choice.executor !== 'serial'),
    configs: kind === 'adaptive' ? [] : planFor(request, probe, machine),
    budgetSeconds: request.budgetSeconds ?? null,
    chunksize: request.chunksize ?? null,
  });
  return notInstalled ? `${plan.replace(/\n$/, '')}\n${capitalize(notInstalled)}.\n` : plan;
}

export async function profile(request: ProfileRequest, options: ProfileOptions): Promise<Report> {
  const { signal, sampler, onProgress } = options;
  const language = checkRequest(request);
  const target = targetOf(request, language);
  const runner = options.runnerFor(language);
  const [hostMachine, probe, provenance] = await Promise.all([options.machine ?? getMachine(), runner.probe(target, signal), gitProvenance(target.file)]);
  const machine = withInterpreterView(hostMachine, probe.runtime);
  const planKind = planKindOf(request);
  const plan = planKind === 'adaptive' ? [] : planFor(request, probe, machine);
  // The CPUs' evenness and their speed all at once against one alone, read while nothing else of the
  // profile runs: before the first configuration and after the last (machine.cpuSpeeds; a warning
  // and a lower confidence when uneven or slowed all at once).
  const cpuSpeeds: CpuSpeedReading[] = [];
  // Not under a CPU quota smaller than the CPUs: loops at once would read the quota's throttling.
  const quota = machine.usable?.quotaCores ?? null;
  const usableCpus = usableCpuIds(machine);
  const cpus = options.machine || (quota !== null && quota < usableCpus.length) ? [] : usableCpus;
  const readSpeeds = async (at: CpuSpeedReading['at']): Promise<void> => {
    const reading = cpus.length > 1 && !signal.aborted ? await readCpuSpeeds(cpus, at, signal) : null;
    if (reading) cpuSpeeds.push(reading);
  };
  await readSpeeds('start');
  onProgress?.({ type: 'probed', total: plan.length, probe });

  const measurement = new Measurement(runner, target, probe, sampler, signal, plan, onProgress, usableCoreCounts(machine).logicalCores);
  // Serial's later timings run on the CPU read fastest just before (Measurement.serialCpu).
  measurement.fastestCpu = async () => (cpus.length > 1 && !signal.aborted ? fastestCpuNow(cpus, signal) : null);
  let adaptive: AdaptiveMeasure | null = null;
  if (planKind === 'adaptive') {
    adaptive = new AdaptiveMeasure(measurement, {
      choices: chooseExecutors(probe, request.executors).filter((choice) => choice.executor !== 'serial'),
      defaultStartMethod: probe.runtime.defaultStartMethod,
      usableCores: usableCoreCounts(machine).logicalCores,
      usableCpuIds: machine.usable?.affinity ?? null,
      physicalCores: usableCoreCounts(machine).physicalCores,
      inputsCount: probe.inputs.count,
      repeat: request.repeat,
      timeoutSeconds: request.timeoutSeconds,
      chunksize: request.chunksize ?? null,
      budgetSeconds: request.budgetSeconds ?? null,
      // The verdict as the report would give it now: the CPU readings so far (the start's) included.
      judge: (runs) => analyse({ ...analysisInputOf({ request, language, target, probe, machine: cpuSpeeds.length > 0 ? { ...machine, cpuSpeeds } : machine, measurement }), runs: [...runs] }).verdict,
    });
    await adaptive.run();
  } else {
    // As the adaptive plan does, serial is timed once more after the plan (its timings then span the
    // profile, not only its first seconds): counted in the time left until it ran.
    const serialConfig = plan.find((config) => config.executor === 'serial');
    let serialPending = serialConfig !== undefined;
    const timedAgain = (): boolean => (measurement.runs.find((run) => run.executor === 'serial')?.repeats.length ?? 0) > (serialConfig?.repeat ?? 0);
    measurement.projected = () => (serialPending && serialConfig && !timedAgain() ? [{ ...serialConfig, repeat: 1 }] : []);
    await measurement.runPlan();
    await extendWaitingSweep(measurement, plan, request, probe.inputs.count);
    await measurement.remeasureHeldUpSerial();
    if (measurement.going) await measurement.serialAgain();
    serialPending = false;
  }
  if (measurement.runs.length === 0 && measurement.cancelled) {
    throw new ProfileError('cancelled', 'The profile was cancelled before any configuration finished.', 'Run it again when you are ready.');
  }
  const analysisInput = () => analysisInputOf({ request, language, target, probe, machine, measurement });
  // The measured fixes count in the budget: past it they are named as left out, not run.
  const runExtra: RunExtra = adaptive ? (config, words) => (adaptive as AdaptiveMeasure).step(config, words) : (config) => measurement.runExtra(config);
  await measureAdvisedBatching(measurement, runExtra, advisedBatchingOf(analysisInput()), probe, request);
  await measureHeldLibraryThreads(measurement, runExtra, heldLibraryThreadsOf(analysisInput()), request);
  const leftOut = adaptive?.leftOut ?? [];
  measurement.fillCancelled();
  await readSpeeds('end');

  return assembleReport({ request, language, target, probe, machine: cpuSpeeds.length > 0 ? { ...machine, cpuSpeeds } : machine, planKind, provenance, measurement, leftOut, passedOver: adaptive?.passedOver ?? [] });
}

/** What the analysis reads of a measurement: the runs so far, with the script and the machine they ran on. */
function analysisInputOf(parts: { request: ProfileRequest; language: Language; target: Target; probe: Probe; machine: Machine; measurement: Measurement }) {
  const { request, language, target, probe, machine, measurement } = parts;
  return {
    language,
    file: target.file,
    functionName: request.functionName,
    inputsExpression: probe.inputs.expression,
    inputsCount: probe.inputs.count,
    machine,
    runtime: probe.runtime,
    runs: measurement.runs,
    loops: measurement.loops,
    timeoutSeconds: request.timeoutSeconds,
    repeat: request.repeat,
  };
}

/** What a finished measurement becomes: the analysed runs, the verdict and the warnings in one Report. */
export function assembleReport(parts: {
  request: ProfileRequest;
  language: Language;
  target: Target;
  probe: Probe;
  machine: Machine;
  planKind: PlanKind | 'interleaved';
  provenance: Report['provenance'] | null;
  measurement: Measurement;
  leftOut: readonly string[];
  /** What the adaptive plan passed over and why, one line each: the verdict's evidence says so. */
  passedOver?: readonly string[];
}): Report {
  const { request, language, target, probe, machine, planKind, provenance, measurement, leftOut } = parts;
  const { runs, verdict } = analyse(analysisInputOf(parts));
  const machineLine = verdict.evidence.findIndex((line) => line.startsWith('machine: '));
  // `compare` times only serial and the configuration it was given: nothing else was left uncompared.
  const notInstalled = planKind === 'interleaved' ? null : librariesNotInstalled(language, probe, request.executors);
  const notTimed = [...(parts.passedOver ?? []), ...(notInstalled ? [notInstalled] : [])];
  if (notTimed.length > 0) verdict.evidence.splice(machineLine < 0 ? verdict.evidence.length : machineLine, 0, ...notTimed);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    status: measurement.cancelled ? 'partial' : 'complete',
    target: { file: target.file, function: request.functionName, language, inputs: probe.inputs, ...(probe.imported ? { imported: probe.imported } : {}) },
    settings: {
      repeat: request.repeat,
      timeoutSeconds: request.timeoutSeconds,
      plan: planKind,
      ...(request.budgetSeconds ? { budgetSeconds: request.budgetSeconds } : {}),
      ...(measurement.loops > 1 ? { loops: measurement.loops } : {}),
    },
    machine,
    runtime: probe.runtime,
    runs,
    verdict,
    ...(provenance ? { provenance } : {}),
  };
  report.warnings = profileWarnings(report, measurement.notes);
  if (leftOut.length > 0) report.warnings.push(budgetWarning([...leftOut], request.budgetSeconds ?? 0));
  // Spans beyond a limit per run are summarised after the analysis used them all: every figure
  // rests on every task, and the report stays bounded on disk, in the panel and in the exports.
  return limitTaskSpans(report);
}
