// What a language runner offers the engine, and what one configuration's run hands back. Runners
// import only from src/shared; the engine is given its runner by the caller (CLI, extension, tests).

import type { CapturedOutput, Executor, Language, RunError, Runtime, ScriptImport, StartMethod, TaskSpan, WorkerLoad } from './report';

/** A failure before any configuration runs; the CLI maps `usage` to exit 2 and `busy` to 3. */
export class ProfileError extends Error {
  constructor(
    readonly kind: 'usage' | 'import' | 'interpreter' | 'inputs' | 'cancelled' | 'busy',
    message: string,
    readonly hint: string,
    readonly detail?: { file?: string; line?: number; traceback?: string },
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}

export interface FunctionInfo {
  name: string;
  line: number; // 1-based
  params: string[];
}

export interface Target {
  /** Absolute path of the user's script. */
  file: string;
  functionName: string;
  language: Language;
  /** Working directory the user's code sees (relative paths resolve against it). */
  cwd: string;
  /** Inputs expression; undefined = the module's PROFILE_INPUTS. */
  inputs?: string;
  /** Python interpreter or node executable to use; undefined = the runner's default lookup. */
  executable?: string;
  /** Address of an existing Dask scheduler; undefined = a local cluster. */
  daskScheduler?: string;
}

export interface ExecutorChoice {
  executor: Executor;
  startMethod: StartMethod | null;
  /** The most workers it can have (a running Dask cluster's size); the sweep tops out there. */
  maxWorkers?: number;
}

export interface Probe {
  runtime: Runtime;
  /** Top-level functions (Python) / exported functions (JS) that take arguments. */
  functions: FunctionInfo[];
  /** Resolved inputs: the expression used and how many calls it makes. */
  inputs: { expression: string; count: number };
  /** Executors this runtime can run (start methods expanded), serial first. */
  executors: ExecutorChoice[];
  /** Problems found before timing (e.g. the function cannot be pickled), by executor. */
  preflight: { executor: Executor; error: RunError }[];
  /** Python: how long importing the script took, and its own top-level work within that. */
  imported?: ScriptImport;
}

export interface ConfigRequest extends ExecutorChoice {
  workers: number;
  repeat: number;
  /** Calibration loops: each timing runs all the inputs this many times back to back and reports
   * one pass's mean wall and CPU (1 when absent). Set when serial alone was too short to time well. */
  loops?: number;
  /** With loops: stop a timing's passes once they lasted this long (seconds); a slow configuration's one pass suffices. */
  loopSeconds?: number;
  /** Stop repeating once one repeat took longer than this (seconds): a configuration many times
   * slower than serial needs no median to be judged slow. Null = always `repeat` times. */
  enoughSeconds?: number | null;
  chunksize: number | null;
  /** Hold each worker's numeric libraries (BLAS, OpenMP) to this many threads, through
   * OMP_NUM_THREADS and its kin in the harness's environment. Python only; absent = their own. */
  libraryThreads?: number | null;
  /** Run the harness on this one logical CPU (Linux, through taskset; ignored where it cannot be).
   * `compare OLD NEW` times both sides of a round's serial run on one CPU: on a shared host one CPU
   * can run at two thirds of the other's speed for seconds at a time, and a process's speed is its
   * CPU's. Absent or null = wherever the scheduler puts it. */
  cpu?: number | null;
  timeoutSeconds: number;
}

/** The environment variables numeric libraries read for their thread count: OpenMP, OpenBLAS, MKL,
 * BLIS, Apple's Accelerate and numexpr. Read once, when the library loads. */
export const LIBRARY_THREAD_VARIABLES = ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'BLIS_NUM_THREADS', 'VECLIB_MAXIMUM_THREADS', 'NUMEXPR_NUM_THREADS'] as const;

/** The environment that holds every numeric library to `threads` threads. */
export function libraryThreadsEnv(threads: number): Record<string, string> {
  return Object.fromEntries(LIBRARY_THREAD_VARIABLES.map((name) => [name, String(threads)]));
}

/**
 * Seconds the calibration loops may add to a configuration's time limit: a timing's passes stop
 * once they lasted `loopSeconds`, so loops add at most that per timing and for the warm-up pass
 * (plus the pass that crosses it, and one more where a pass run without the task wrapper crossed
 * it: serial's and threads' in Python) — the limit for a hang stays the user's --timeout, not `loops`
 * times it.
 */
export function loopAllowance(config: Pick<ConfigRequest, 'loops' | 'loopSeconds' | 'repeat'>): number {
  // One more for the warm-up pass a fresh harness makes before its timed passes.
  return (config.loops ?? 1) > 1 ? (config.repeat + 1) * (config.loopSeconds ?? 0) : 0;
}

/** What one fresh harness process measured for one configuration. */
export interface ConfigOutcome {
  startupSeconds: number | null;
  /** Wall time of every repeat, seconds. */
  walls: number[];
  /** Tasks of the kept (median) repeat, times relative to that repeat's first submit. */
  tasks: TaskSpan[];
  /** Monotonic clock (seconds, same clock as process.hrtime) of the kept repeat's first submit. */
  origin: number | null;
  processCpuSeconds: number | null;
  /** Seconds the function was ready to run but waited for a core (other load); null where unmeasured. */
  queuedSeconds: number | null;
  /** CPU of all the process's threads ÷ CPU of its busiest thread (serial runs); null where unmeasured. */
  threadParallelism: number | null;
  /** CPU seconds of the child processes the harness waited for during the kept timing (a program
   * the function ran); null or absent where not counted. */
  childCpuSeconds?: number | null;
  /** The kept timing's tasks' CPU seconds per pass, as its wall is (`tasks` are its last pass's: with
   * calibration loops one pass's CPU over the mean pass's wall is no share); absent: the tasks' sum. */
  taskCpuSeconds?: number | null;
  argBytes: number | null;
  resultBytes: number | null;
  /** Highest memory (PSS) of the harness and its workers together over the run, bytes; null or absent where not measured. */
  peakMemoryBytes?: number | null;
  output: CapturedOutput;
  warnings: string[];
  error: RunError | null;
  /** Dask: each worker's CPU from Dask's system monitor, relative to `origin`. */
  workerLoad?: WorkerLoad[];
}

export interface RunnerEvents {
  /** A repeat finished (for progress within a long configuration). */
  onRepeat?(repeat: number, of: number): void;
}

export interface LanguageRunner {
  readonly language: Language | 'javascript-or-typescript';
  /** Import the script, list its functions, resolve the inputs, describe the runtime. Throws ProfileError. */
  probe(target: Target, signal: AbortSignal): Promise<Probe>;
  /** Run one configuration in a fresh process; never throws for the user's failures (they go in `error`). */
  runConfig(target: Target, config: ConfigRequest, signal: AbortSignal, events?: RunnerEvents): Promise<ConfigOutcome>;
}

/** What every runner reports for a configuration that produced no measurement at all. */
export function failedOutcome(error: RunError | null): ConfigOutcome {
  return {
    startupSeconds: null,
    walls: [],
    tasks: [],
    origin: null,
    processCpuSeconds: null,
    queuedSeconds: null,
    threadParallelism: null,
    argBytes: null,
    resultBytes: null,
    output: { stdout: '', stderr: '', bytes: 0, truncated: false },
    warnings: [],
    error,
  };
}
