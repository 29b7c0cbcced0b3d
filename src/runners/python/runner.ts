// The Python language runner: probes a script and runs one configuration per fresh harness.py
// process under the user's interpreter, turning its events and exit into Probe / ConfigOutcome.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLabel } from '../../shared/report';
import {
  ProfileError,
  type ConfigOutcome,
  type ConfigRequest,
  type LanguageRunner,
  type Probe,
  type RunnerEvents,
  type Target,
  failedOutcome,
  libraryThreadsEnv,
  loopAllowance,
} from '../../shared/runner';
import { runHarness, type HarnessExit } from '../harnessProcess';
import { applyEvent, emptyRecord, type HarnessRecord } from './harnessEvents';
import { buildOutcome, cancelledError, withoutTrackerNotices, type RunContext } from './configOutcome';
import { InterpreterFinder } from './interpreter';
import { collectStackDumps, formatDumps, type StackDump } from './stackDumps';

// dirname(__filename) rather than __dirname: tsx defines only __filename when this file is loaded as ESM.
const HARNESS = path.join(path.dirname(__filename), 'harness.py');
const DUMP_DIR_ENV = 'PARALLEL_PROFILER_DUMP_DIR';
export const OUTPUT_CAP_BYTES = 1024 * 1024;
/**
 * Starting a pool (spawn re-imports the script in every worker) may take long on a busy machine; it
 * gets this much on top of the timeout, which then counts from the end of the warm-up.
 */
export const STARTUP_ALLOWANCE_SECONDS = 60;

export interface PythonRunnerOptions {
  /** Extra environment for every harness (e.g. PARALLEL_PROFILER_RUN to find the processes in tests). */
  env?: NodeJS.ProcessEnv;
  /** How long importing the script and resolving the inputs may take. */
  probeTimeoutSeconds?: number;
  /** Called when a harness process starts (progress display, tests). */
  onHarnessStart?(pid: number, marker: string): void;
  /** Seconds a pool may take to start on top of the timeout; default STARTUP_ALLOWANCE_SECONDS. */
  startupAllowanceSeconds?: number;
}

interface HarnessResult {
  record: HarnessRecord;
  exit: HarnessExit;
  pid: number | null;
  dumps: StackDump[];
}

export class PythonRunner implements LanguageRunner {
  readonly language = 'python' as const;
  private readonly interpreters = new InterpreterFinder();

  constructor(private readonly options: PythonRunnerOptions = {}) {}

  private get startupAllowance(): number {
    return this.options.startupAllowanceSeconds ?? STARTUP_ALLOWANCE_SECONDS;
  }

  async probe(target: Target, signal: AbortSignal): Promise<Probe> {
    const python = await this.interpreters.find(target.executable, signal);
    const timeoutSeconds = this.options.probeTimeoutSeconds ?? 120;
    const limits = { first: timeoutSeconds, afterStartup: null };
    const { record, exit, dumps } = await this.launch(python.executable, target, { mode: 'probe' }, limits, signal);
    const script = path.basename(target.file);
    if (exit.cancelled) throw new ProfileError('cancelled', 'Profiling was cancelled.', 'Start it again when you are ready.');
    if (exit.timedOut) {
      throw new ProfileError(
        'import',
        `Importing ${script} and resolving the inputs did not finish within ${timeoutSeconds} s.`,
        'Move slow work at the top of the script under if __name__ == "__main__":, or make the inputs cheaper to build.',
        { traceback: formatDumps(dumps, null) || undefined },
      );
    }
    if (record.error) {
      const { kind, message, hint, file, line, traceback } = record.error;
      const probeKind = kind === 'usage' || kind === 'inputs' || kind === 'import' ? kind : 'import';
      throw new ProfileError(probeKind, message, hint, { file, line, traceback });
    }
    if (!record.done || !record.runtime || !record.functions || !record.inputs || !record.executors) {
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      throw new ProfileError(
        'import',
        `Python ${how} while importing ${script}.`,
        'Run the script once by itself to see the crash; a native extension imported at the top may be at fault.',
        { traceback: exit.output.stderr.trim().split('\n').slice(-30).join('\n') || undefined },
      );
    }
    return {
      runtime: record.runtime,
      functions: record.functions,
      inputs: record.inputs,
      executors: record.executors,
      preflight: record.preflight,
      ...(record.imported ? { imported: record.imported } : {}),
    };
  }

  async runConfig(target: Target, config: ConfigRequest, signal: AbortSignal, events?: RunnerEvents): Promise<ConfigOutcome> {
    const context: RunContext = {
      label: runLabel(config),
      functionName: target.functionName,
      userFile: target.file,
      timeoutSeconds: config.timeoutSeconds,
      startupAllowanceSeconds: this.startupAllowance,
      harnessPid: null,
      dumps: [],
    };
    let executable: string;
    try {
      executable = (await this.interpreters.find(target.executable, signal)).executable;
    } catch (error) {
      if (error instanceof ProfileError && error.kind !== 'cancelled') {
        return failedOutcome({ kind: 'unavailable', message: error.message, hint: error.hint });
      }
      return failedOutcome(cancelledError(context));
    }
    const job = {
      mode: 'run',
      executor: config.executor,
      startMethod: config.startMethod,
      workers: config.workers,
      repeat: config.repeat,
      loops: config.loops ?? 1,
      loopSeconds: config.loopSeconds ?? 0,
      enoughSeconds: config.enoughSeconds ?? null,
      chunksize: config.chunksize,
      libraryThreads: config.libraryThreads ?? null,
      timeoutSeconds: config.timeoutSeconds,
    };
    const onRepeat = events?.onRepeat;
    let result: HarnessResult;
    try {
      const allowed = config.timeoutSeconds + loopAllowance(config);
      const limits = { first: allowed + this.startupAllowance, afterStartup: allowed };
      result = await this.launch(executable, target, job, limits, signal, (repeatIndex) =>
        onRepeat?.(repeatIndex + 1, config.repeat), config.cpu,
      );
    } catch (error) {
      return failedOutcome({
        kind: 'crashed',
        message: `Python (${executable}) could not be started for ${context.label}: ${error instanceof Error ? error.message : String(error)}.`,
        hint: 'Check that the interpreter still exists and that the working folder is readable.',
      });
    }
    return buildOutcome(result.record, result.exit, { ...context, harnessPid: result.pid, dumps: result.dumps });
  }

  private async launch(
    executable: string,
    target: Target,
    job: Record<string, unknown>,
    limits: { first: number; afterStartup: number | null },
    signal: AbortSignal,
    onRepeat?: (repeatIndex: number) => void,
    cpu?: number | null,
  ): Promise<HarnessResult> {
    const dumpDir = mkdtempSync(path.join(os.tmpdir(), 'parallel-profiler-'));
    const record = emptyRecord();
    let pid: number | null = null;
    let dumps: StackDump[] = [];
    const fullJob = {
      ...job,
      file: target.file,
      functionName: target.functionName,
      inputs: target.inputs ?? null,
      cwd: target.cwd,
      daskScheduler: target.daskScheduler ?? null,
    };
    try {
      const exit = await runHarness({
        command: executable,
        args: [HARNESS, JSON.stringify(fullJob)],
        cwd: target.cwd,
        // Held library threads are set before Python starts: BLAS reads them once, when numpy loads,
        // and fork's workers inherit the parent's library state.
        env: { ...this.options.env, ...(typeof job.libraryThreads === 'number' ? libraryThreadsEnv(job.libraryThreads) : {}), [DUMP_DIR_ENV]: dumpDir },
        timeoutSeconds: limits.first,
        timeoutAfter: (event) => (event.type === 'startup' && limits.afterStartup !== null ? limits.afterStartup : undefined),
        signal,
        outputCapBytes: OUTPUT_CAP_BYTES,
        onEvent: (event) => {
          const repeat = applyEvent(record, event);
          if (repeat) onRepeat?.(repeat.index);
        },
        onTimeout: async (pids) => {
          dumps = await collectStackDumps(pids, dumpDir);
        },
        onSpawn: (spawned, marker) => {
          pid = spawned;
          this.options.onHarnessStart?.(spawned, marker);
        },
        memoryAt: job.mode === 'run' ? ['startup', 'repeat'] : undefined,
        cpu,
      });
      return { record, exit: { ...exit, output: { ...exit.output, stderr: withoutTrackerNotices(exit.output.stderr) } }, pid, dumps };
    } finally {
      rmSync(dumpDir, { recursive: true, force: true });
    }
  }
}

