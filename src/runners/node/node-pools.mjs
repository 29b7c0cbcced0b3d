// Pools of worker threads or forked child processes for the harness: started and warmed before
// timing, tasks handed to the next free worker, and every failure turned into a typed error.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describeError } from './node-common.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** How long an idle worker may take to exit on request before it is killed. */
const STOP_GRACE_MS = 1000;
/** How long a stopped worker thread's output may take to pass on before the pool closes regardless. */
const STREAM_END_LIMIT_MS = 2000;

/** A task or pool failure with a RunError kind; the harness turns it into an error event. */
export class PoolFailure extends Error {
  constructor(kind, message, details = {}) {
    super(message);
    this.kind = kind;
    this.details = details;
  }
}

/** Resolves once `stream` has given out all its data (or failed, or after a bound: never hangs a close). */
function streamEnded(stream) {
  if (!stream || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, STREAM_END_LIMIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

function describeEnd(code, signal) {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/** Wraps a Worker or a ChildProcess behind one small interface. */
function startMember(kind, slot, options) {
  if (kind === 'worker_threads') {
    const worker = new Worker(path.join(HERE, 'node-worker.mjs'), { workerData: options });
    // At 'exit' the thread's last console output still sits in worker.stdout/stderr, on its way to
    // this process's own: exiting then would lose it, so the member has ended once both streams have.
    const exited = new Promise((resolve) => worker.once('exit', resolve)).then(async (code) => {
      await Promise.all([worker.stdout, worker.stderr].map((stream) => streamEnded(stream)));
      return code;
    });
    return {
      label: `worker thread ${slot + 1}`,
      send: (message) => worker.postMessage(message),
      on: (event, handler) => worker.on(event, handler),
      exited,
      kill: () => {
        void worker.terminate();
        return exited;
      },
    };
  }
  const child = fork(path.join(HERE, 'node-child.mjs'), [JSON.stringify(options)], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    label: `worker process ${slot + 1} (pid ${child.pid})`,
    send: (message) => child.send(message),
    // 'close' comes after the IPC channel is drained: a last message (the error that killed it) is not lost.
    on: (event, handler) => child.on(event === 'exit' ? 'close' : event, handler),
    exited,
    kill: () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

export class Pool {
  /** Starts `workers` members and resolves once each imported the module and answered a ping. */
  static async start(kind, workers, options) {
    const pool = new Pool(kind);
    try {
      await Promise.all(Array.from({ length: workers }, (_, slot) => pool.#startOne(slot, options)));
    } catch (failure) {
      await pool.close();
      throw failure;
    }
    return pool;
  }

  #kind;
  #members = [];
  #closing = false;
  /** The running repeat: settles on the last result or the first failure. */
  #repeat = null;

  constructor(kind) {
    this.#kind = kind;
  }

  #startOne(slot, options) {
    return new Promise((resolve, reject) => {
      const member = startMember(this.#kind, slot, options);
      const state = { member, slot, pid: null, thread: null, busy: null, ready: false };
      this.#members[slot] = state;
      const fail = (failure) => {
        if (!state.ready) reject(failure);
        else this.#fail(failure);
      };
      member.on('message', (message) => {
        if (message.type === 'ready') member.send({ type: 'ping' });
        else if (message.type === 'pong') {
          Object.assign(state, { pid: message.pid, thread: message.thread, ready: true });
          resolve();
        } else if (message.type === 'import-error') {
          fail(new PoolFailure('import', `${member.label} could not import the module: ${message.error.message}`, message.error));
        } else this.#onResult(state, message);
      });
      member.on('error', (error) => {
        if (this.#closing) return;
        // An uncaught error inside a worker thread (e.g. thrown from a timer) ends that thread.
        const described = describeError(error, options.bundleDir);
        if (described.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          const running = state.busy === null ? '' : ` while running input #${state.busy}`;
          fail(new PoolFailure('worker-crashed', `${member.label} ran out of memory${running}.`, { ...described, index: state.busy }));
        } else fail(new PoolFailure('exception', described.message, { ...described, index: state.busy, origin: 'uncaught' }));
      });
      member.on('exit', (code, signal) => {
        if (this.#closing) return;
        const running = state.busy === null ? '' : ` while running input #${state.busy}`;
        fail(
          new PoolFailure('worker-crashed', `${member.label} ${describeEnd(code, signal)}${running}.`, {
            exitCode: code,
            signal: signal ?? null,
            index: state.busy,
          }),
        );
      });
    });
  }

  #onResult(state, message) {
    const repeat = this.#repeat;
    if (message.type === 'uncaught') {
      this.#fail(new PoolFailure('exception', message.error.message, { ...message.error, index: state.busy, origin: message.origin }));
      return;
    }
    if (!repeat || state.busy !== message.index) return;
    state.busy = null;
    if (message.type === 'failed') {
      this.#fail(new PoolFailure('exception', message.error.message, { ...message.error, index: message.index }));
      return;
    }
    if (message.type === 'unclonable') {
      this.#fail(
        new PoolFailure(
          'unpicklable',
          `The result of input #${message.index} cannot be sent back from ${state.member.label}: ${message.message} (result: ${message.value}).`,
          { index: message.index },
        ),
      );
      return;
    }
    const { index, start, end, cpu, result } = message;
    repeat.records[index] = { index, worker: state.slot, pid: state.pid, thread: state.thread, start, end, cpu };
    repeat.results[index] = result;
    repeat.remaining -= 1;
    if (repeat.remaining === 0) {
      this.#repeat = null;
      repeat.resolve(repeat);
    } else this.#dispatch(state);
  }

  #dispatch(state) {
    const repeat = this.#repeat;
    if (!repeat || repeat.next >= repeat.inputs.length) return;
    const index = repeat.next++;
    state.busy = index;
    try {
      state.member.send({ type: 'task', index, input: repeat.inputs[index] });
    } catch (error) {
      state.busy = null;
      this.#fail(new PoolFailure('unpicklable', `Input #${index} cannot be sent to ${state.member.label}: ${error?.message ?? error}.`, { index }));
    }
  }

  #fail(failure) {
    const repeat = this.#repeat;
    this.#repeat = null;
    if (repeat) repeat.reject(failure);
    else if (!this.#closing) this.failure ??= failure;
  }

  /** One timed repeat: every input through the pool. Resolves with per-task records and the results. */
  run(inputs) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.#repeat = { inputs, next: 0, remaining: inputs.length, records: new Array(inputs.length), results: new Array(inputs.length), resolve, reject };
      for (const state of this.#members) this.#dispatch(state);
    });
  }

  /** Idle members exit on request, so a worker thread's buffered console output still arrives; busy ones are killed. */
  async close() {
    this.#closing = true;
    const stopOne = async ({ member, busy, ready }) => {
      if (busy !== null || !ready) return member.kill();
      try {
        member.send({ type: 'stop' });
      } catch {
        return member.kill();
      }
      const timer = setTimeout(() => void member.kill(), STOP_GRACE_MS);
      await member.exited;
      clearTimeout(timer);
    };
    await Promise.allSettled(this.#members.filter(Boolean).map(stopOne));
  }
}
