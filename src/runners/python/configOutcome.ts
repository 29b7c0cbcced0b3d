// Turns what one harness process reported (events + how it exited) into a ConfigOutcome:
// the kept (median) repeat, tasks on that repeat's clock, and an error for every way it can end.

import path from 'node:path';
import type { CapturedOutput, RunError, TaskSpan } from '../../shared/report';
import type { ConfigOutcome } from '../../shared/runner';
import type { HarnessExit } from '../harnessProcess';
import type { HarnessRecord, RawTask, RepeatRecord } from './harnessEvents';
import { formatDumps, stuckLocation, type StackDump } from './stackDumps';

/** The repeat whose wall is the median (the lower middle one for an even count). */
export function medianRepeat(repeats: RepeatRecord[]): RepeatRecord | null {
  if (repeats.length === 0) return null;
  const sorted = [...repeats].sort((a, b) => a.wall - b.wall);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Tasks relative to the repeat's first submit, workers numbered 0..n-1 by first appearance. */
export function toTaskSpans(tasks: RawTask[], origin: number): TaskSpan[] {
  // A pid is unique on one host only: tasks on a Dask cluster are told apart by their worker too.
  const slotKey = (task: RawTask): string => `${task.workerAddress ?? ''}:${task.pid}:${task.thread}`;
  const slots = new Map<string, number>();
  for (const task of [...tasks].sort((a, b) => a.start - b.start || a.index - b.index)) {
    const key = slotKey(task);
    if (!slots.has(key)) slots.set(key, slots.size);
  }
  return [...tasks]
    .sort((a, b) => a.index - b.index)
    .map((task) => {
      const span: TaskSpan = {
        index: task.index,
        worker: slots.get(slotKey(task)) as number,
        pid: task.pid,
        thread: task.thread,
        start: task.start - origin,
        end: task.end - origin,
        cpuSeconds: task.cpuSeconds,
      };
      if (task.workerAddress !== undefined) {
        span.workerAddress = task.workerAddress;
        span.host = task.host;
        span.bytesSent = task.bytesSent ?? null;
        span.bytesReceived = task.bytesReceived ?? null;
      }
      return span;
    });
}

export interface RunContext {
  /** Human label of the configuration, e.g. "process (spawn) × 4". */
  label: string;
  functionName: string;
  userFile: string;
  timeoutSeconds: number;
  /** Seconds the pool had to start before the timeout began to count. */
  startupAllowanceSeconds: number;
  harnessPid: number | null;
  dumps: StackDump[];
}

const NATIVE_CRASHES = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT']);

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

export function timeoutError(context: RunContext, duringStartup: boolean): RunError {
  const stuck = stuckLocation(context.dumps, context.userFile, context.harnessPid);
  const where = stuck ? `${path.basename(stuck.file)}:${stuck.line} (in ${stuck.functionName})` : null;
  const error: RunError = duringStartup
    ? {
        kind: 'timeout',
        message: `The workers of ${context.label} did not start within ${context.timeoutSeconds + context.startupAllowanceSeconds} s, so ${context.functionName} never ran.`,
        hint: where
          ? `Starting a worker got stuck at ${where}: move slow or blocking top-level code under if __name__ == "__main__": (what the function needs there, build on its first call instead).`
          : 'Look for slow or blocking top-level code in the script (workers re-import it under spawn and forkserver); the stack dumps show where each process waited.',
      }
    : {
        kind: 'timeout',
        message: `${context.functionName} did not finish within ${context.timeoutSeconds} s under ${context.label}.`,
        hint: where
          ? `It was running ${where} when stopped: raise the timeout if it is just slow, or look for an endless loop or a deadlock there.`
          : 'Raise the timeout if the function is just slow, or look for a deadlock; the stack dumps show where each process waited.',
      };
  if (context.dumps.length > 0) error.traceback = formatDumps(context.dumps, context.harnessPid);
  if (stuck) {
    error.file = stuck.file;
    error.line = stuck.line;
  }
  return error;
}

/** The harness died without reporting: a crash of the process that runs serial/thread tasks. */
export function crashedError(exit: HarnessExit, context: RunContext): RunError {
  const stderr = lastLines(exit.output.stderr, 30);
  if (exit.signal) {
    const native = NATIVE_CRASHES.has(exit.signal);
    return {
      kind: 'crashed',
      message: `The Python process running ${context.functionName} under ${context.label} was killed by ${exit.signal}.`,
      hint:
        exit.signal === 'SIGKILL'
          ? 'SIGKILL usually means the machine ran out of memory; try fewer workers or smaller inputs.'
          : native
            ? 'A native extension crashed and took the whole process down: the C code or library the function calls needs fixing (the captured stderr holds any trace it left).'
            : `Something sent ${exit.signal} to the process; find what does and stop it during profiling.`,
      traceback: stderr || undefined,
      signal: exit.signal,
      exitCode: null,
    };
  }
  return {
    kind: 'crashed',
    message: `The Python process running ${context.functionName} under ${context.label} exited with code ${exit.code} before reporting.`,
    hint: stderr
      ? 'The function or code it calls probably ended the process (os._exit() or a fatal error); the captured stderr says more.'
      : 'The function or code it calls probably ended the process (os._exit() or a fatal error): look for os._exit() in it, or a library that ends the process; nothing was written to stderr.',
    traceback: stderr || undefined,
    signal: null,
    exitCode: exit.code,
  };
}

export function cancelledError(context: RunContext): RunError {
  return {
    kind: 'cancelled',
    message: `Profiling was cancelled while ${context.label} was running.`,
    hint: 'Start the profile again to measure this configuration.',
  };
}

/** A warning raised in multiprocessing's or loky's resource_tracker.py, as Python prints it. */
const TRACKER_NOTICE = /resource_tracker\.py:\d+: UserWarning: resource_tracker: /;

/**
 * A resource tracker cleaning up after the harness (which leaves with os._exit, its workers
 * killed after it: see killTree) warns of the semaphores and folders it unlinks, and of any it
 * could not. Those are the profiler's leftovers, not the function's output: each such warning
 * and the source line printed under it are dropped.
 */
export function withoutTrackerNotices(stderr: string): string {
  if (!stderr.includes('resource_tracker: ')) return stderr;
  const lines = stderr.split('\n');
  const kept: string[] = [];
  for (let at = 0; at < lines.length; at += 1) {
    if (!TRACKER_NOTICE.test(lines[at])) kept.push(lines[at]);
    else if (/^\s+warnings\.warn\(/.test(lines[at + 1] ?? '')) at += 1;
  }
  return kept.join('\n');
}

export function buildOutcome(record: HarnessRecord, exit: HarnessExit, context: RunContext): ConfigOutcome {
  const kept = medianRepeat(record.repeats);
  let error: RunError | null = null;
  if (exit.cancelled) error = cancelledError(context);
  else if (exit.timedOut) error = timeoutError(context, record.startupSeconds === null);
  else if (record.error) {
    const { kind, ...rest } = record.error;
    // usage/inputs cannot happen after a successful probe; they still reach the user as words.
    error = { ...rest, kind: kind === 'usage' || kind === 'inputs' ? 'exception' : kind };
  } else if (!record.done) error = crashedError(exit, context);

  const output: CapturedOutput = exit.output;
  return {
    startupSeconds: record.startupSeconds,
    walls: record.repeats.map((repeat) => repeat.wall),
    tasks: kept ? toTaskSpans(kept.tasks, kept.firstSubmit) : [],
    origin: kept ? kept.firstSubmit : null,
    processCpuSeconds: kept ? kept.processCpu : null,
    queuedSeconds: kept ? kept.queued : null,
    threadParallelism: kept ? kept.threadParallelism : null,
    childCpuSeconds: kept ? kept.childCpu : null,
    taskCpuSeconds: kept ? kept.taskCpu : null,
    argBytes: record.argBytes,
    resultBytes: record.resultBytes,
    peakMemoryBytes: exit.peakMemoryBytes,
    output,
    warnings: [...record.warnings, ...exit.channelErrors],
    error,
    ...(record.workerLoad && record.workerLoad.length > 0 && kept
      ? { workerLoad: record.workerLoad.map((load) => ({ ...load, t: load.t.map((time) => time - kept.firstSubmit) })) }
      : {}),
  };
}
