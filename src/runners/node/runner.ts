// The JavaScript/TypeScript runner: prepares the user's module (a TypeScript compiler only when
// node cannot load it as it is), then probes it or runs one configuration per fresh node-harness.mjs process.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ProfileError,
  type ConfigOutcome,
  type ConfigRequest,
  type ExecutorChoice,
  type FunctionInfo,
  type LanguageRunner,
  type Probe,
  type RunnerEvents,
  type Target,
  failedOutcome,
  loopAllowance,
} from '../../shared/runner';
import { executorsFor } from '../../shared/executors';
import { runLabel, type NodeExecutor } from '../../shared/report';
import { runHarness, type HarnessExit } from '../harnessProcess';
import { prepareModule, type PreparedModule } from './compile';
import type { CompilerSource } from './compilers';
import { locateSyntaxError, probeError, runError, stderrGist, uncloneableInput } from './errors';
import { nodeCommand } from './executable';
import { exportLine } from './exportLines';
import { addEvent, emptyLog, type HarnessLog, type HarnessSpec } from './harnessEvents';

const HARNESS = path.join(__dirname, 'node-harness.mjs');
const OUTPUT_CAP_BYTES = 1024 * 1024;
const OLDEST_NODE = 18;
const EXECUTORS = executorsFor('javascript') as NodeExecutor[];

export interface NodeRunnerOptions {
  /** Extra environment for every harness (e.g. PARALLEL_PROFILER_RUN to find the processes in tests). */
  env?: NodeJS.ProcessEnv;
  /** How long importing the script and resolving the inputs may take, seconds. */
  probeTimeoutSeconds?: number;
  /** Where TypeScript compilers are looked for, in order; default: DEFAULT_COMPILER_SOURCES. */
  compilers?: readonly CompilerSource[];
  /** Called when a harness process starts (progress display, tests). */
  onHarnessStart?(pid: number, marker: string): void;
}

interface Launched {
  log: HarnessLog;
  exit: HarnessExit;
  command: string;
  electron: boolean;
}


function unknownFunction(file: string, functionName: string, functions: FunctionInfo[]): ProfileError {
  const name = path.basename(file);
  if (functions.length === 0) {
    return new ProfileError(
      'usage',
      `${name} exports no function that takes an argument, so there is no ${functionName} to profile.`,
      'Export the function to profile, e.g. `export function work(input) { … }`, and give it one parameter: it is called once per input.',
    );
  }
  const listed = functions.map((fn) => fn.name).join(', ');
  return new ProfileError(
    'usage',
    `${name} exports no function named ${functionName} that takes an argument; it exports: ${listed}.`,
    `Profile one of those (e.g. ${functions[0].name}), or export ${functionName} with one parameter.`,
  );
}

export class NodeRunner implements LanguageRunner {
  readonly language = 'javascript-or-typescript' as const;

  constructor(private readonly options: NodeRunnerOptions = {}) {}

  async probe(target: Target, signal: AbortSignal): Promise<Probe> {
    const prepared = await prepareModule(target.file, this.options.compilers);
    const timeoutSeconds = this.options.probeTimeoutSeconds ?? 120;
    let launched: Launched;
    try {
      launched = await this.launch(target, prepared, { mode: 'probe' }, timeoutSeconds, signal);
    } finally {
      await prepared.dispose();
    }
    const { log, exit, command, electron } = launched;
    const major = Number(/^v?(\d+)/.exec(log.version ?? '')?.[1]);
    if (log.version === null && !exit.cancelled && !exit.timedOut) {
      const stderr = stderrGist(exit.output.stderr);
      throw new ProfileError('interpreter', `${command} could not run the profiling harness${stderr ? `: ${stderr}` : '.'}`, `Use Node.js ${OLDEST_NODE} or later.`);
    }
    if (major < OLDEST_NODE) {
      throw new ProfileError('interpreter', `${command} is Node.js ${log.version}; profiling needs ${OLDEST_NODE} or later.`, `Install Node.js ${OLDEST_NODE}+ or choose a newer node executable.`);
    }
    if (!log.functions || log.inputsCount === null) throw probeError(log, exit, target.file, timeoutSeconds);

    const source = await readFile(target.file, 'utf8');
    const functions: FunctionInfo[] = log.functions
      .map((fn) => ({ name: fn.name, line: exportLine(source, fn.name), params: fn.params }))
      .sort((a, b) => a.line - b.line || a.name.localeCompare(b.name));
    if (target.functionName && !functions.some((fn) => fn.name === target.functionName)) {
      throw unknownFunction(target.file, target.functionName, functions);
    }
    if (log.inputsCount === 0) {
      throw new ProfileError('inputs', `The inputs of ${path.basename(target.file)} are empty: there is nothing to run.`, 'Give at least one input (better: several, one per call).');
    }
    const executors: ExecutorChoice[] = EXECUTORS.map((executor) => ({ executor, startMethod: null }));
    return {
      runtime: {
        executable: command,
        version: (log.version ?? '').replace(/^v/, ''),
        implementation: electron ? 'node (Electron)' : 'node',
        gilEnabled: null,
        startMethods: [],
        defaultStartMethod: null,
        extras: {},
      },
      functions,
      inputs: { expression: target.inputs ?? 'PROFILE_INPUTS', count: log.inputsCount },
      executors,
      preflight: log.clones.map((clone) => ({ executor: clone.executor, error: uncloneableInput(clone) })),
    };
  }

  async runConfig(target: Target, config: ConfigRequest, signal: AbortSignal, events?: RunnerEvents): Promise<ConfigOutcome> {
    const label = runLabel(config);
    if (!(EXECUTORS as string[]).includes(config.executor)) {
      return failedOutcome({ kind: 'unavailable', message: `${config.executor} is not a Node.js executor.`, hint: `Use one of: ${EXECUTORS.join(', ')}.` });
    }
    let prepared: PreparedModule;
    try {
      prepared = await prepareModule(target.file, this.options.compilers);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      return failedOutcome({ kind: error.kind === 'import' ? 'import' : 'unavailable', message: error.message, hint: error.hint, file: error.detail?.file, line: error.detail?.line, traceback: error.detail?.traceback });
    }
    const spec = { mode: 'run' as const, executor: config.executor as NodeExecutor, workers: config.workers, repeat: config.repeat, loops: config.loops ?? 1, loopSeconds: config.loopSeconds ?? 0, enoughSeconds: config.enoughSeconds ?? null };
    let launched: Launched;
    try {
      launched = await this.launch(target, prepared, spec, config.timeoutSeconds + loopAllowance(config), signal, events?.onRepeat, config.cpu);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      return failedOutcome({ kind: 'crashed', message: error.message, hint: error.hint });
    } finally {
      await prepared.dispose();
    }
    const { log, exit } = launched;
    const error = runError(log, exit, { functionName: target.functionName, label, timeoutSeconds: config.timeoutSeconds, executor: config.executor });
    return {
      startupSeconds: log.startupSeconds,
      walls: log.walls,
      tasks: error ? [] : log.tasks,
      origin: log.done?.origin ?? null,
      processCpuSeconds: log.done?.processCpuSeconds ?? null,
      taskCpuSeconds: log.done?.taskCpuSeconds ?? null,
      queuedSeconds: log.done?.queuedSeconds ?? null,
      threadParallelism: null,
      argBytes: log.done?.argBytes ?? null,
      resultBytes: log.done?.resultBytes ?? null,
      peakMemoryBytes: exit.peakMemoryBytes,
      output: exit.output,
      warnings: exit.channelErrors.map((problem) => `The harness's event channel reported: ${problem}`),
      error,
    };
  }

  private async launch(
    target: Target,
    prepared: PreparedModule,
    job: Pick<HarnessSpec, 'mode'> & Partial<HarnessSpec>,
    timeoutSeconds: number,
    signal: AbortSignal,
    onRepeat?: RunnerEvents['onRepeat'],
    cpu?: number | null,
  ): Promise<Launched> {
    const { command, env } = nodeCommand(target.executable);
    const spec: HarnessSpec = {
      moduleUrl: prepared.moduleUrl,
      bundleDir: prepared.bundleDir,
      loaderUrl: prepared.loaderUrl,
      inputs: target.inputs ?? null,
      functionName: target.functionName,
      executor: 'serial',
      workers: 1,
      repeat: 1,
      ...job,
    };
    // Compiled TypeScript: map stack traces back to the user's own lines and columns.
    const flags = prepared.compiler ? ['--enable-source-maps'] : [];
    const log = emptyLog();
    try {
      const exit = await runHarness({
        command,
        args: [...flags, HARNESS, JSON.stringify(spec)],
        cwd: target.cwd,
        env: { ...this.options.env, ...env },
        timeoutSeconds,
        signal,
        outputCapBytes: OUTPUT_CAP_BYTES,
        onEvent: (event) => {
          const progress = addEvent(log, event);
          if (progress) onRepeat?.(progress.repeat, progress.of);
        },
        onSpawn: (pid, marker) => this.options.onHarnessStart?.(pid, marker),
        memoryAt: spec.mode === 'run' ? ['startup', 'repeat'] : undefined,
        cpu,
      });
      locateSyntaxError(log.error, exit.output.stderr);
      return { log, exit, command, electron: env.ELECTRON_RUN_AS_NODE === '1' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProfileError('interpreter', `node could not be started (${command}): ${reason}.`, `Install Node.js ${OLDEST_NODE} or later, or choose the node executable to use.`);
    }
  }
}
