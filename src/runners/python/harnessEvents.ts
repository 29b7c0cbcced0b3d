// The events harness.py writes on fd 3, checked and gathered into one record per harness process.
// Anything that does not have the expected shape is noted as a warning, never trusted.

import type { DaskCluster, ErrorKind, Executor, RunError, Runtime, ScriptImport, StartMethod, WorkerLoad } from '../../shared/report';
import type { ExecutorChoice, FunctionInfo } from '../../shared/runner';

/** One task as the harness reports it: absolute CLOCK_MONOTONIC seconds. */
export interface RawTask {
  index: number;
  pid: number;
  thread: number;
  start: number;
  end: number;
  cpuSeconds: number | null;
  /** Dask: the worker's address and host, the pickled input sent, the result's bytes. */
  workerAddress?: string;
  host?: string;
  bytesSent?: number | null;
  bytesReceived?: number | null;
}

export interface RepeatRecord {
  index: number;
  wall: number;
  firstSubmit: number;
  processCpu: number;
  /** Serial only: seconds the function was runnable but waited for a core (other load). */
  queued: number | null;
  /** Serial only: CPU of all threads ÷ CPU of the busiest one. */
  threadParallelism: number | null;
  /** CPU seconds of the child processes the harness waited for during the timing; null where not counted. */
  childCpu: number | null;
  /** The tasks' CPU seconds per pass, as `wall` is (its tasks are the last pass's); null where unknown. */
  taskCpu: number | null;
  tasks: RawTask[];
}

/** A RunError, or one of the probe-only kinds the harness uses before any configuration runs. */
export type HarnessError = Omit<RunError, 'kind'> & { kind: ErrorKind | 'usage' | 'inputs' };

export interface HarnessRecord {
  runtime: Runtime | null;
  functions: FunctionInfo[] | null;
  inputs: { expression: string; count: number } | null;
  imported: ScriptImport | null;
  executors: ExecutorChoice[] | null;
  preflight: { executor: Executor; error: RunError }[];
  error: HarnessError | null;
  startupSeconds: number | null;
  repeats: RepeatRecord[];
  argBytes: number | null;
  resultBytes: number | null;
  warnings: string[];
  done: boolean;
  /** Dask: each worker's CPU samples, absolute CLOCK_MONOTONIC seconds. */
  workerLoad?: WorkerLoad[];
}

export function emptyRecord(): HarnessRecord {
  return {
    runtime: null,
    functions: null,
    inputs: null,
    imported: null,
    executors: null,
    preflight: [],
    error: null,
    startupSeconds: null,
    repeats: [],
    argBytes: null,
    resultBytes: null,
    warnings: [],
    done: false,
  };
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOrNull = (value: unknown): number | null => (isNumber(value) ? value : null);

const START_METHODS: readonly StartMethod[] = ['fork', 'spawn', 'forkserver'];
const asStartMethod = (value: unknown): StartMethod | null =>
  START_METHODS.includes(value as StartMethod) ? (value as StartMethod) : null;

function toError(value: unknown): HarnessError | null {
  if (!isObject(value) || !isString(value.kind) || !isString(value.message)) return null;
  const error: HarnessError = {
    kind: value.kind as HarnessError['kind'],
    message: value.message,
    hint: isString(value.hint) ? value.hint : '',
  };
  if (isString(value.traceback)) error.traceback = value.traceback;
  if (isString(value.file)) error.file = value.file;
  if (isNumber(value.line)) error.line = value.line;
  if (isString(value.signal)) error.signal = value.signal;
  if (isNumber(value.exitCode)) error.exitCode = value.exitCode;
  return error;
}

function toTask(value: unknown): RawTask | null {
  if (!Array.isArray(value) || value.length < 6) return null;
  const [index, pid, thread, start, end, cpu, address, host, sent, received] = value as unknown[];
  if (!isNumber(index) || !isNumber(pid) || !isNumber(thread) || !isNumber(start) || !isNumber(end)) return null;
  const task: RawTask = { index, pid, thread, start, end, cpuSeconds: numberOrNull(cpu) };
  if (isString(address)) {
    task.workerAddress = address;
    task.host = isString(host) ? host : address;
    task.bytesSent = numberOrNull(sent);
    task.bytesReceived = numberOrNull(received);
  }
  return task;
}

function toWorkerLoad(value: unknown): WorkerLoad | null {
  if (!isObject(value) || !isString(value.worker) || !Array.isArray(value.t) || !Array.isArray(value.cpuPercent)) return null;
  const count = Math.min(value.t.length, value.cpuPercent.length);
  const t: number[] = [];
  const cpuPercent: number[] = [];
  for (let index = 0; index < count; index++) {
    const [time, cpu] = [value.t[index], value.cpuPercent[index]];
    if (isNumber(time) && isNumber(cpu)) {
      t.push(time);
      cpuPercent.push(cpu);
    }
  }
  return { worker: value.worker, host: isString(value.host) ? value.host : value.worker, t, cpuPercent };
}

function toRuntime(value: unknown): Runtime | null {
  if (!isObject(value) || !isString(value.executable) || !isString(value.version)) return null;
  const methods = Array.isArray(value.startMethods) ? value.startMethods.map(asStartMethod) : [];
  const extras: Record<string, string> = {};
  if (isObject(value.extras)) for (const [name, version] of Object.entries(value.extras)) extras[name] = String(version);
  return {
    executable: value.executable,
    version: value.version,
    implementation: isString(value.implementation) ? value.implementation : 'unknown',
    gilEnabled: typeof value.gilEnabled === 'boolean' ? value.gilEnabled : null,
    startMethods: methods.filter((method): method is StartMethod => method !== null),
    defaultStartMethod: asStartMethod(value.defaultStartMethod),
    extras,
    ...(isObject(value.daskCluster) ? { daskCluster: toDaskCluster(value.daskCluster) } : {}),
    ...(isObject(value.cpuCount) ? { cpuCount: toCpuCount(value.cpuCount) } : {}),
  };
}

function toCpuCount(value: Record<string, unknown>): NonNullable<Runtime['cpuCount']> {
  const count = (field: unknown): number | null => (isNumber(field) && Number.isInteger(field) && field > 0 ? field : null);
  return { os: count(value.os), affinity: count(value.affinity), process: count(value.process) };
}

function toDaskCluster(value: Record<string, unknown>): DaskCluster {
  const workers = Array.isArray(value.workers) ? value.workers.filter(isObject) : [];
  const mismatches = Array.isArray(value.versionMismatches) ? value.versionMismatches.filter(isObject) : [];
  return {
    scheduler: isString(value.scheduler) ? value.scheduler : '',
    workers: workers
      .filter((worker) => isString(worker.address))
      .map((worker) => ({
        address: worker.address as string,
        host: isString(worker.host) ? worker.host : (worker.address as string),
        nthreads: isNumber(worker.nthreads) ? worker.nthreads : 1,
      })),
    dashboard: isString(value.dashboard) ? value.dashboard : null,
    versionMismatches: mismatches.map((each) => ({
      package: String(each.package),
      here: String(each.here),
      scheduler: String(each.scheduler),
      workers: Array.isArray(each.workers) ? each.workers.map(String) : [],
    })),
  };
}

function toFunction(value: unknown): FunctionInfo | null {
  if (!isObject(value) || !isString(value.name) || !isNumber(value.line) || !Array.isArray(value.params)) return null;
  return { name: value.name, line: value.line, params: value.params.filter(isString) };
}

function toChoice(value: unknown): ExecutorChoice | null {
  if (!isObject(value) || !isString(value.executor)) return null;
  const choice: ExecutorChoice = { executor: value.executor as Executor, startMethod: asStartMethod(value.startMethod) };
  if (isNumber(value.maxWorkers) && value.maxWorkers >= 1) choice.maxWorkers = Math.floor(value.maxWorkers);
  return choice;
}

function present<T>(values: (T | null)[]): T[] {
  return values.filter((value): value is T => value !== null);
}

/** Fold one event into the record; returns the repeat just recorded, if the event was one. */
export function applyEvent(record: HarnessRecord, event: Record<string, unknown>): RepeatRecord | null {
  switch (event.type) {
    case 'runtime':
      record.runtime = toRuntime(event.runtime);
      break;
    case 'functions':
      record.functions = Array.isArray(event.functions) ? present(event.functions.map(toFunction)) : [];
      break;
    case 'inputs':
      if (isString(event.expression) && isNumber(event.count)) {
        record.inputs = { expression: event.expression, count: event.count };
      }
      break;
    case 'imported':
      if (isNumber(event.seconds) && isNumber(event.ownSeconds)) record.imported = { seconds: event.seconds, ownSeconds: event.ownSeconds };
      break;
    case 'executors':
      record.executors = Array.isArray(event.executors) ? present(event.executors.map(toChoice)) : [];
      break;
    case 'preflight': {
      const error = toError(event.error);
      if (isString(event.executor) && error && error.kind !== 'usage' && error.kind !== 'inputs') {
        record.preflight.push({ executor: event.executor as Executor, error: { ...error, kind: error.kind } });
      }
      break;
    }
    case 'error':
      record.error = toError(event.error) ?? { kind: 'crashed', message: 'The harness reported an unreadable error.', hint: '' };
      break;
    case 'startup':
      record.startupSeconds = numberOrNull(event.seconds);
      break;
    case 'repeat': {
      if (!isNumber(event.wall) || !isNumber(event.firstSubmit) || !Array.isArray(event.tasks)) break;
      const repeat: RepeatRecord = {
        index: isNumber(event.index) ? event.index : record.repeats.length,
        wall: event.wall,
        firstSubmit: event.firstSubmit,
        processCpu: isNumber(event.processCpu) ? event.processCpu : 0,
        queued: isNumber(event.queued) ? event.queued : null,
        threadParallelism: isNumber(event.threadParallelism) ? event.threadParallelism : null,
        childCpu: isNumber(event.childCpu) && event.childCpu >= 0 ? event.childCpu : null,
        taskCpu: isNumber(event.taskCpu) && event.taskCpu >= 0 ? event.taskCpu : null,
        tasks: present(event.tasks.map(toTask)),
      };
      record.repeats.push(repeat);
      return repeat;
    }
    case 'sizes':
      record.argBytes = numberOrNull(event.argBytes);
      record.resultBytes = numberOrNull(event.resultBytes);
      break;
    case 'workerLoad':
      record.workerLoad = Array.isArray(event.workers) ? present(event.workers.map(toWorkerLoad)) : [];
      break;
    case 'warning':
      if (isString(event.message)) record.warnings.push(event.message);
      break;
    case 'done':
      record.done = true;
      break;
    default:
      record.warnings.push(`unknown harness event: ${String(event.type)}`);
  }
  return null;
}
