// The conversation with node-harness.mjs: the spec it is started with, and the JSON-line events
// it sends back on fd 3, read into one typed log per harness process.
import type { NodeExecutor, TaskSpan } from '../../shared/report';

export interface HarnessSpec {
  mode: 'probe' | 'run';
  moduleUrl: string;
  /** The temp folder of the compiled bundle, so its helper frames are not taken for the user's code. */
  bundleDir: string | null;
  /** The built-in TypeScript loader the harness and its workers register before importing, or null. */
  loaderUrl: string | null;
  /** Inputs expression; null = the module's PROFILE_INPUTS. */
  inputs: string | null;
  functionName: string;
  executor: NodeExecutor;
  workers: number;
  repeat: number;
  enoughSeconds?: number | null;
}

export interface ExportedFunction {
  name: string;
  params: string[];
  length: number;
}

export interface CloneProblem {
  executor: 'worker_threads' | 'child_process';
  problem: { index: number | null; message: string; value: string };
}

/**
 * An error event: `kind` is a RunError kind, `inputs` (the inputs could not be resolved) or
 * `loader` (this node cannot run the built-in TypeScript loader).
 */
export interface HarnessError {
  kind: string;
  name: string | null;
  message: string;
  traceback: string | null;
  file: string | null;
  line: number | null;
  index: number | null;
  exitCode: number | null;
  signal: string | null;
  /** 'uncaught' or 'unhandled-rejection' when the error escaped the function's own call. */
  origin: string | null;
}

export interface HarnessLog {
  version: string | null;
  functions: ExportedFunction[] | null;
  inputsCount: number | null;
  clones: CloneProblem[];
  startupSeconds: number | null;
  walls: number[];
  tasks: TaskSpan[];
  done: { origin: number; processCpuSeconds: number | null; taskCpuSeconds: number | null; queuedSeconds: number | null; argBytes: number | null; resultBytes: number | null } | null;
  error: HarnessError | null;
  /** process.exit(code) reached the harness before it finished. */
  exitCode: number | null;
}

export function emptyLog(): HarnessLog {
  return { version: null, functions: null, inputsCount: null, clones: [], startupSeconds: null, walls: [], tasks: [], done: null, error: null, exitCode: null };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function readTask(value: unknown): TaskSpan {
  const task = record(value);
  return {
    index: finite(task.index) ?? -1,
    worker: finite(task.worker) ?? 0,
    pid: finite(task.pid) ?? 0,
    thread: finite(task.thread) ?? 0,
    start: finite(task.start) ?? 0,
    end: finite(task.end) ?? 0,
    cpuSeconds: finite(task.cpuSeconds),
  };
}

function readError(event: Record<string, unknown>): HarnessError {
  return {
    kind: text(event.kind) ?? 'crashed',
    name: text(event.name),
    message: text(event.message) ?? 'no message',
    traceback: text(event.traceback),
    file: text(event.file),
    line: finite(event.line),
    index: finite(event.index),
    exitCode: finite(event.exitCode),
    signal: text(event.signal),
    origin: text(event.origin),
  };
}

/** Adds one event to the log; returns the repeat number when the event finished a repeat. */
export function addEvent(log: HarnessLog, event: Record<string, unknown>): { repeat: number; of: number } | null {
  switch (event.type) {
    case 'hello':
      log.version = text(event.version);
      return null;
    case 'probe':
      log.functions = list(event.functions).map((value) => {
        const fn = record(value);
        return { name: text(fn.name) ?? '', params: list(fn.params).map(String), length: finite(fn.length) ?? 0 };
      });
      log.inputsCount = finite(event.count);
      log.clones = list(event.preflight).map((value) => {
        const entry = record(value);
        const problem = record(entry.problem);
        return {
          executor: entry.executor === 'child_process' ? 'child_process' : 'worker_threads',
          problem: { index: finite(problem.index), message: text(problem.message) ?? '', value: text(problem.value) ?? '' },
        };
      });
      return null;
    case 'startup':
      log.startupSeconds = finite(event.seconds);
      return null;
    case 'repeat': {
      const wall = finite(event.wall);
      if (wall !== null) log.walls.push(wall);
      return { repeat: (finite(event.index) ?? 0) + 1, of: finite(event.of) ?? 1 };
    }
    case 'tasks':
      for (const task of list(event.tasks)) log.tasks.push(readTask(task));
      return null;
    case 'done':
      log.done = {
        origin: finite(event.origin) ?? 0,
        processCpuSeconds: finite(event.processCpuSeconds),
        taskCpuSeconds: (finite(event.taskCpuSeconds) ?? -1) >= 0 ? finite(event.taskCpuSeconds) : null,
        queuedSeconds: finite(event.queuedSeconds),
        argBytes: finite(event.argBytes),
        resultBytes: finite(event.resultBytes),
      };
      log.startupSeconds = finite(event.startupSeconds) ?? log.startupSeconds;
      return null;
    case 'error':
      log.error ??= readError(event);
      return null;
    case 'exit':
      log.exitCode = finite(event.code) ?? 0;
      return null;
    default:
      return null;
  }
}
