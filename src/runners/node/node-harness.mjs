// The Node harness, run by the user's node: imports their module, then either describes it
// (probe) or runs one configuration (run), speaking JSON lines on fd 3 so user prints never mix in.
// Usage: node node-harness.mjs '<spec as JSON>'   (HarnessSpec in src/runners/node/harnessEvents.ts)
import { existsSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { serialize } from 'node:v8';
import { CpuSplitter, LoaderUnavailable, cpuSecondsSince, describeError, loadExports, now, timedCall, useLoader } from './node-common.mjs';
import { Pool, PoolFailure } from './node-pools.mjs';
import { InputsError, firstUncloneable, listFunctions, resolveInputs } from './node-probe.mjs';

const CHANNEL_FD = 3;
const TASKS_PER_EVENT = 1000;
/** How long the user's queued output may take to reach the host before the harness exits anyway. */
const OUTPUT_FLUSH_LIMIT_MS = 5000;
const spec = JSON.parse(process.argv[2]);
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

/** Synchronous, so nothing is lost when the process exits right after; retries a full pipe. */
function emit(event) {
  const data = Buffer.from(`${JSON.stringify(event)}\n`);
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(CHANNEL_FD, data, offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pauseCell, 0, 0, 2);
    }
  }
}

let finished = false;
let pool = null;

/** Resolves once what was written to `stream` so far has left this process (at most OUTPUT_FLUSH_LIMIT_MS). */
function flushed(stream) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, OUTPUT_FLUSH_LIMIT_MS);
    // Writes complete in order: this one's callback runs after every earlier one went out.
    stream.write('', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function stopWith(event) {
  if (finished) return;
  finished = true;
  emit(event);
  await pool?.close();
  // The pipe to the host may be full: process.exit() would drop the user's output still queued.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(0);
}

function errorEvent(kind, error, extra = {}) {
  return { type: 'error', kind, ...describeError(error, spec.bundleDir), ...extra };
}

// The user's code ending the harness: process.exit() from the function, or nothing left to wait on.
process.on('exit', (code) => {
  if (!finished) emit({ type: 'exit', code });
});
process.on('beforeExit', () => {
  if (finished) return;
  void stopWith({
    type: 'error',
    kind: 'exception',
    name: null,
    message: 'a promise never settled, and nothing else was left to wait for',
    traceback: null,
    file: null,
    line: null,
    origin: 'unsettled',
  });
});
process.on('uncaughtException', (error) => void stopWith(errorEvent('exception', error, { origin: 'uncaught' })));
process.on('unhandledRejection', (reason) => void stopWith(errorEvent('exception', reason, { origin: 'unhandled-rejection' })));

function probe(exports, inputs) {
  const preflight = [
    { executor: 'worker_threads', problem: firstUncloneable(inputs, structuredClone) },
    { executor: 'child_process', problem: firstUncloneable(inputs, serialize) },
  ].filter((entry) => entry.problem !== null);
  emit({ type: 'probe', functions: listFunctions(exports), count: inputs.length, preflight });
}

class TaskError extends Error {
  constructor(index, cause) {
    super('task failed');
    this.index = index;
    this.cause = cause;
  }
}

async function callTask(fn, inputs, index) {
  try {
    return await timedCall(fn, inputs[index]);
  } catch (error) {
    throw new TaskError(index, error);
  }
}

/** async: up to `lanes` calls in flight on the main thread; each lane takes the next input when its call settles. */
async function runOnMainThread(fn, inputs, lanes) {
  const records = new Array(inputs.length);
  // One call at a time: the process's CPU is the call's. Concurrent calls share it: unknown per call.
  const splitter = lanes === 1 ? new CpuSplitter() : null;
  let next = 0;
  const lane = async (worker) => {
    while (next < inputs.length) {
      const index = next++;
      const { start, end } = await callTask(fn, inputs, index);
      records[index] = { index, worker, pid: process.pid, thread: 0, start, end, cpu: null };
      splitter?.add(records[index]);
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, worker) => lane(worker)));
  splitter?.flush();
  return { records, results: null };
}

/**
 * serial: a plain loop, as the user would write it — a call that returns a promise is awaited,
 * any other call continues synchronously, so tiny synchronous tasks pay no promise machinery.
 */
async function runSerial(fn, inputs) {
  const records = new Array(inputs.length);
  const splitter = new CpuSplitter();
  for (let index = 0; index < inputs.length; index++) {
    const start = now();
    try {
      const result = fn(inputs[index]);
      if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function') await result;
    } catch (error) {
      throw new TaskError(index, error);
    }
    records[index] = { index, worker: 0, pid: process.pid, thread: 0, start, end: now(), cpu: null };
    splitter.add(records[index]);
  }
  splitter.flush();
  return { records, results: null };
}

function runOnce(fn, inputs) {
  if (pool) return pool.run(inputs);
  if (spec.executor === 'serial') return runSerial(fn, inputs);
  return runOnMainThread(fn, inputs, spec.workers);
}

function serializedBytes(values) {
  let total = 0;
  for (const value of values) total += serialize(value).length;
  return total;
}

/** Tasks of one repeat relative to its first dispatch, worker slots numbered by first appearance. */
function relativeTasks(repeat) {
  const slots = new Map();
  for (const record of [...repeat.records].sort((a, b) => a.start - b.start)) {
    if (!slots.has(record.worker)) slots.set(record.worker, slots.size);
  }
  return repeat.records.map((record) => ({
    index: record.index,
    worker: slots.get(record.worker),
    pid: record.pid,
    thread: record.thread,
    start: record.start - repeat.origin,
    end: record.end - repeat.origin,
    cpuSeconds: record.cpu,
  }));
}

/** PSS of this process and its descendants together, bytes (a page shared with a child counted
 * once); null off Linux or without the kernel's children lists. Read here, between timings: read by
 * the profiler as the next timing began, its walk of /proc would run beside that timing. The twin
 * of treeFromChildren + PeakMemory in src/system (this file runs standalone in the user's Node). */
function treeMemoryBytes() {
  if (!existsSync(`/proc/${process.pid}/task/${process.pid}/children`)) return null;
  const pids = [process.pid];
  for (let at = 0; at < pids.length; at += 1) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pids[at]}/task`);
    } catch {
      continue; // ended while we looked
    }
    for (const task of tasks) {
      let listing = '';
      try {
        listing = readFileSync(`/proc/${pids[at]}/task/${task}/children`, 'latin1');
      } catch {
        continue;
      }
      for (const child of listing.split(' ')) {
        const id = Number(child);
        if (child !== '' && Number.isInteger(id) && !pids.includes(id)) pids.push(id);
      }
    }
  }
  let total = 0;
  for (const pid of pids) {
    try {
      const pss = /^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
      if (pss) total += Number(pss[1]) * 1024;
      else if (pid === process.pid) return null;
    } catch {
      if (pid === process.pid) return null;
    }
  }
  return total;
}

async function run(fn, inputs) {
  let startupSeconds = null;
  if (spec.executor === 'worker_threads' || spec.executor === 'child_process') {
    const before = now();
    pool = await Pool.start(spec.executor, spec.workers, {
      moduleUrl: spec.moduleUrl,
      loaderUrl: spec.loaderUrl,
      functionName: spec.functionName,
      bundleDir: spec.bundleDir,
    });
    startupSeconds = now() - before;
    emit({ type: 'startup', seconds: startupSeconds, memoryBytes: treeMemoryBytes() });
  }
  const argBytes = pool ? serializedBytes(inputs) : null;
  const repeats = [];
  let lastResults = null;
  // Serial calls run on this very thread: its run-queue wait is the time other load on the
  // machine kept the function from a core, which would otherwise look like waiting.
  const queueClock = spec.executor === 'serial' ? runQueueSeconds : () => null;
  // Calibration loops (as pyperf's): a timing runs all the inputs `loops` times back to back, each
  // pass dispatched and drained on its own, and reports one pass's mean wall and CPU, so a short
  // function's timing outlasts the machine's bursts of other load. Tasks: the last pass's.
  // Up to `loops` passes, stopping once they lasted `loopSeconds`: a slow configuration's one pass
  // is already long enough.
  const loops = Math.max(1, Math.floor(spec.loops ?? 1));
  const loopSeconds = spec.loopSeconds ?? 0;
  // In loops, this fresh process's first pass is a warm-up, untimed when it is short: it is cold
  // (JIT, memory first touched, caches filled), the passes after it warm, and the median of repeats
  // without loops reads the warm passes too. A pass as long as a timing counts.
  let warming = loops > 1;
  for (let index = 0; index < spec.repeat; index++) {
    const queuedBefore = queueClock();
    let total = 0;
    let passes = 0;
    let pass;
    let origin = now();
    let cpuSeconds = 0;
    // The tasks' own CPU, per pass as the wall is: the records kept are the last pass's.
    let taskCpu = 0;
    while (passes < loops && (passes === 0 || total < loopSeconds)) {
      const cpuAt = process.cpuUsage();
      origin = now();
      pass = await runOnce(fn, inputs);
      const elapsed = now() - origin;
      const used = cpuSecondsSince(cpuAt);
      if (warming) {
        warming = false;
        if (elapsed < loopSeconds) continue;
      }
      total += elapsed;
      cpuSeconds += used;
      if (taskCpu !== null) taskCpu = pass.records.every((record) => typeof record.cpu === 'number') ? taskCpu + pass.records.reduce((sum, record) => sum + record.cpu, 0) : null;
      passes += 1;
    }
    const { records, results } = pass;
    const wall = total / passes;
    const queuedAfter = queueClock();
    const queuedSeconds = queuedBefore !== null && queuedAfter !== null ? (queuedAfter - queuedBefore) / passes : null;
    repeats.push({ origin, wall, records, processCpuSeconds: cpuSeconds / passes, taskCpuSeconds: taskCpu === null ? null : taskCpu / passes, queuedSeconds });
    lastResults = results;
    emit({ type: 'repeat', index, of: spec.repeat, wall, memoryBytes: treeMemoryBytes() });
    // Outside the timed region: let rejections nobody handled surface before the run counts as done.
    await new Promise((resolve) => setImmediate(resolve));
    if (spec.enoughSeconds && wall > spec.enoughSeconds) break;
  }
  const byWall = repeats.map((_, index) => index).sort((a, b) => repeats[a].wall - repeats[b].wall);
  const kept = repeats[byWall[Math.floor((byWall.length - 1) / 2)]];
  const tasks = relativeTasks(kept);
  for (let from = 0; from < tasks.length; from += TASKS_PER_EVENT) {
    emit({ type: 'tasks', tasks: tasks.slice(from, from + TASKS_PER_EVENT) });
  }
  await stopWith({
    type: 'done',
    walls: repeats.map((repeat) => repeat.wall),
    startupSeconds,
    origin: kept.origin,
    processCpuSeconds: kept.processCpuSeconds,
    taskCpuSeconds: kept.taskCpuSeconds,
    queuedSeconds: kept.queuedSeconds,
    argBytes,
    // Results are the same every repeat for a deterministic function: sized from the last one.
    resultBytes: lastResults ? serializedBytes(lastResults) : null,
  });
}

/** Seconds this thread has spent runnable but waiting for a core (Linux schedstat), else null. */
function runQueueSeconds() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[1]) / 1e9;
  } catch {
    return null;
  }
}

function failureEvent(failure) {
  if (failure instanceof TaskError) return errorEvent('exception', failure.cause, { index: failure.index });
  if (failure instanceof PoolFailure) {
    const { name = null, traceback = null, file = null, line = null, index = null, exitCode = null, signal = null, origin = null } = failure.details;
    return { type: 'error', kind: failure.kind, name, message: failure.message, traceback, file, line, index, exitCode, signal, origin };
  }
  return errorEvent('crashed', failure);
}

/**
 * node keeps the file and line of an ES module's syntax error to itself (they are not in the
 * stack) until the error goes uncaught: then it prints them on stderr, where the runner reads them.
 */
function failImport(error) {
  const event = errorEvent('import', error);
  if (event.file !== null || event.name !== 'SyntaxError') return stopWith(event);
  finished = true;
  emit(event);
  process.removeAllListeners('uncaughtException');
  setImmediate(() => {
    throw error;
  });
}

async function main() {
  emit({ type: 'hello', version: process.version, pid: process.pid, execPath: process.execPath });
  try {
    await useLoader(spec.loaderUrl);
  } catch (error) {
    return stopWith(errorEvent(error instanceof LoaderUnavailable ? 'loader' : 'crashed', error));
  }
  let exports;
  try {
    exports = await loadExports(spec.moduleUrl);
  } catch (error) {
    return failImport(error);
  }
  let inputs;
  try {
    inputs = await resolveInputs(exports, spec.inputs, spec.bundleDir);
  } catch (error) {
    if (!(error instanceof InputsError)) throw error;
    return stopWith({ type: 'error', kind: 'inputs', name: 'InputsError', message: error.message, traceback: null, file: null, line: null });
  }
  if (spec.mode === 'probe') {
    probe(exports, inputs);
    return stopWith({ type: 'probed' });
  }
  const fn = exports[spec.functionName];
  if (typeof fn !== 'function') {
    const message = `the module exports no function named ${spec.functionName}`;
    return stopWith({ type: 'error', kind: 'import', name: 'UsageError', message, traceback: null, file: null, line: null });
  }
  try {
    await run(fn, inputs);
  } catch (failure) {
    await stopWith(failureEvent(failure));
  }
}

main().catch((error) => stopWith(errorEvent('crashed', error)));
