// Shared by the Node harness, its worker threads and its child processes: loading the user's
// module, timing one call on the cross-process monotonic clock, and describing errors.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';

const HARNESS_DIR = path.dirname(fileURLToPath(import.meta.url));
const HARNESS_FILES = ['node-common.mjs', 'node-harness.mjs', 'node-pools.mjs', 'node-probe.mjs', 'node-worker.mjs', 'node-child.mjs'];

/** Seconds on CLOCK_MONOTONIC: the same clock in every process, and the parent's sampler's. */
export function now() {
  return Number(process.hrtime.bigint()) / 1e9;
}

export function cpuSecondsSince(before) {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

function cpuSecondsBetween(before, after) {
  return (after.user - before.user + after.system - before.system) / 1e6;
}

/**
 * Per-task CPU for tasks that run one at a time in this process. process.cpuUsage() costs
 * microseconds, as much as a tiny task: it is read once per window of at least `windowSeconds`,
 * and the window's CPU, at most its wall, is shared among its tasks by their wall time.
 */
export class CpuSplitter {
  #windowSeconds;
  #since = process.cpuUsage();
  #windowStart = now();
  #pending = [];

  constructor(windowSeconds = 0.001) {
    this.#windowSeconds = windowSeconds;
  }

  /** Adds a finished task record ({start, end}); its `cpu` is set when its window closes. */
  add(record) {
    this.#pending.push(record);
    if (record.end - this.#windowStart >= this.#windowSeconds) this.flush();
  }

  flush() {
    if (this.#pending.length === 0) return;
    const current = process.cpuUsage();
    const at = now();
    // The process's CPU counts V8's own threads too (its collector, its compiler), busy beside the
    // calls: 150% of a serial run of tiny calls. The calling thread ran no longer than the window.
    const cpu = Math.min(cpuSecondsBetween(this.#since, current), Math.max(0, at - this.#windowStart));
    const wall = this.#pending.reduce((total, record) => total + (record.end - record.start), 0);
    for (const record of this.#pending) {
      record.cpu = wall > 0 ? (cpu * (record.end - record.start)) / wall : cpu / this.#pending.length;
    }
    this.#since = current;
    this.#windowStart = at;
    this.#pending = [];
  }
}

/** The built-in TypeScript loader could not be set up in this node. */
export class LoaderUnavailable extends Error {}

/**
 * Registers the built-in TypeScript loader in this thread before the user's module is imported:
 * its module hooks for import, its require() hook for CommonJS. Workers do not inherit module
 * hooks on every node version, so each worker registers them too (a second registration is harmless).
 */
export async function useLoader(loaderUrl) {
  if (!loaderUrl) return;
  const { register } = await import('node:module');
  if (typeof register !== 'function') {
    throw new LoaderUnavailable(`node ${process.version} cannot register module hooks (module.register needs Node.js 20.6 or later)`);
  }
  register(loaderUrl);
  (await import(loaderUrl)).installRequireHook();
}

/** The module's exports as one object: ES named exports, plus the properties of a CommonJS module.exports. */
export async function loadExports(moduleUrl) {
  const namespace = await import(moduleUrl);
  const exports = {};
  const fallback = namespace.default;
  if (fallback !== null && typeof fallback === 'object') Object.assign(exports, fallback);
  for (const key of Object.keys(namespace)) {
    if (key === 'module.exports') continue;
    if (key === 'default' && typeof fallback !== 'function') continue;
    exports[key] = namespace[key];
  }
  return exports;
}

/** Short, single-line rendering of a user's value for error messages. */
export function describeValue(value) {
  const text = inspect(value, { depth: 2, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 60 });
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function isHarnessFrame(line) {
  return /^\s+at /.test(line) && HARNESS_FILES.some((name) => line.includes(path.join(HARNESS_DIR, name)) || line.includes(`/${name}:`));
}

/** "file:line:column" (or "file:line" with `column` false) as an absolute file path and line, or null. */
function parseLocation(text, column = true) {
  const match = (column ? /^(.*):(\d+):(\d+)$/ : /^(.*):(\d+)$/).exec(text.trim());
  if (!match) return null;
  let file = match[1];
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      return null;
    }
  }
  if (!path.isAbsolute(file)) return null;
  return { file, line: Number(match[2]) };
}

function frameLocation(line) {
  const inner = /\((.*)\)\s*$/.exec(line)?.[1] ?? line.replace(/^\s*at\s+(async\s+)?/, '');
  return parseLocation(inner);
}

/**
 * The error as plain data: its stack without the harness's own frames, and the first frame in
 * the user's code (not in node_modules, not in the compiled bundle's helpers) as file and line.
 */
export function describeError(error, bundleDir) {
  if (!(error instanceof Error) && !(error !== null && typeof error === 'object' && typeof error.stack === 'string')) {
    return { name: typeof error, message: `threw a non-Error value: ${describeValue(error)}`, traceback: null, file: null, line: null };
  }
  const lines = String(error.stack ?? `${error.name}: ${error.message}`).split('\n');
  // Frames below the first harness frame are the harness calling the user: plumbing, not their code.
  const cut = lines.findIndex(isHarnessFrame);
  const kept = cut < 0 ? lines : lines.slice(0, cut);
  const locations = kept.filter((line) => /^\s+at /.test(line)).map(frameLocation).filter((where) => where !== null);
  const inUserCode = locations.filter(
    (where) => !where.file.includes(`${path.sep}node_modules${path.sep}`) && !(bundleDir && where.file.startsWith(bundleDir)),
  );
  // A CommonJS syntax error's stack starts with the file and line, then the code line and a caret under it.
  const header = parseLocation(lines[0], false);
  const where = header ?? inUserCode[0] ?? locations[0] ?? null;
  return {
    name: String(error.name ?? 'Error'),
    message: String(error.message ?? error),
    traceback: kept.join('\n'),
    file: where?.file ?? null,
    line: where?.line ?? null,
    code: typeof error.code === 'string' ? error.code : null,
  };
}

/** One call, awaited when it returns a promise; start/end on the shared clock. Throws what the call throws. */
export async function timedCall(fn, input) {
  const start = now();
  let result = fn(input);
  if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function') {
    result = await result;
  }
  const end = now();
  return { start, end, result };
}

/**
 * The worker side of a pool (a worker thread or a child process): import the module, answer the
 * ping, then run one task at a time. `channel.send` throws when a value cannot be cloned.
 */
export async function serveTasks(options, channel) {
  const { moduleUrl, loaderUrl, functionName, bundleDir, measureCpu, thread } = options;
  let fn;
  try {
    await useLoader(loaderUrl);
    fn = (await loadExports(moduleUrl))[functionName];
    if (typeof fn !== 'function') throw new Error(`${functionName} is not an exported function in the worker`);
  } catch (error) {
    channel.send({ type: 'import-error', error: describeError(error, bundleDir) });
    return;
  }
  let lastCpu = process.cpuUsage();
  channel.onMessage(async (message) => {
    if (message.type === 'stop') process.exit(0);
    if (message.type === 'ping') {
      channel.send({ type: 'pong', pid: process.pid, thread });
      return;
    }
    if (message.type !== 'task') return;
    const { index } = message;
    let outcome;
    try {
      outcome = await timedCall(fn, message.input);
    } catch (error) {
      channel.send({ type: 'failed', index, error: describeError(error, bundleDir) });
      return;
    }
    const { start, end, result } = outcome;
    // One reading per task (since the previous one): it also counts receiving this task's input.
    let cpu = null;
    if (measureCpu) {
      const current = process.cpuUsage();
      cpu = cpuSecondsBetween(lastCpu, current);
      lastCpu = current;
    }
    try {
      channel.send({ type: 'done', index, start, end, cpu, result });
    } catch (error) {
      channel.send({ type: 'unclonable', index, message: String(error?.message ?? error), value: describeValue(result) });
    }
  });
  channel.send({ type: 'ready' });
}
