// One table describes every executor: its family, what it costs, its words and the API it names.
// Every list, rank and switch in the engine, the CLI, the extension and the webview derives from
// it; the Python harness keeps a mirror (parallel_profiler_executors.py EXECUTOR_FACTS) that a
// test checks against this table. Adding an executor is one entry here plus its harness code.

import type { Executor, Language } from './report';

/**
 * How an executor shares the machine: `threads` share one interpreter or event loop (thread,
 * joblib threading, JS async); `processes` run code on separate cores each (processes, pools,
 * subinterpreters, dask, and in JavaScript worker_threads and child_process).
 */
export type ExecutorFamily = 'serial' | 'threads' | 'processes';

/** What it costs to start a worker: none (serial, async), a thread, an interpreter or process, or a cluster. */
export type StartCost = 'none' | 'thread' | 'process' | 'cluster';

export interface ExecutorFacts {
  language: Language | 'any';
  family: ExecutorFamily;
  /** Workers get a copy of each task's arguments and results (pickled or structured-cloned). */
  copiesData: boolean;
  /** Tasks run in other processes: their CPU is not in the harness process's own CPU time. */
  outOfProcess: boolean;
  startCost: StartCost;
  /** Simpler first: when two configurations are equally fast, the simpler one is the better advice. */
  simplicity: number;
  /** Order in the plan: cheap configurations run before the ones that start processes. */
  planOrder: number;
  /** Whether the start method (fork, spawn, forkserver) is one of its settings. */
  hasStartMethod: boolean;
  /**
   * Whether a run's CPU is its workers' threads' over each pass, the hand-off between tasks included
   * (the Python harness's span buffer and thread clocks: serial, threads, processes, Pool); else the
   * tasks' own CPU only, each task reading its own (per-task tuples: joblib, Dask, subinterpreters,
   * and the Node runner's executors).
   */
  countsHandOffCpu: boolean;
  /** The executor as the user knows it, plural, e.g. "processes", "worker threads". */
  words: string;
  /** The API a recommendation names, e.g. "ProcessPoolExecutor". */
  api: string;
  /** The setting's and the CLI's one-line description. */
  description: string;
}

/** Threads Node's libuv pool runs crypto, zlib and fs work on by default (UV_THREADPOOL_SIZE): the
 * most async calls that compute off the event loop can keep busy unless the environment says more. */
export const NODE_THREAD_POOL = 4;

export const EXECUTORS: Readonly<Record<Executor, ExecutorFacts>> = {
  serial: {
    language: 'any', family: 'serial', copiesData: false, outOfProcess: false, startCost: 'none',
    simplicity: 0, planOrder: 0, hasStartMethod: false, countsHandOffCpu: true,
    words: 'serial', api: 'a plain loop', description: 'one call after another: the baseline every speedup is measured against',
  },
  thread: {
    language: 'python', family: 'threads', copiesData: false, outOfProcess: false, startCost: 'thread',
    simplicity: 1, planOrder: 1, hasStartMethod: false, countsHandOffCpu: true,
    words: 'threads', api: 'ThreadPoolExecutor', description: 'concurrent.futures.ThreadPoolExecutor',
  },
  async: {
    language: 'javascript', family: 'threads', copiesData: false, outOfProcess: false, startCost: 'none',
    simplicity: 2, planOrder: 3, hasStartMethod: false, countsHandOffCpu: false,
    words: 'async calls', api: 'Promise.all', description: 'calls started together on the one event loop (Promise.all)',
  },
  'joblib-threading': {
    language: 'python', family: 'threads', copiesData: false, outOfProcess: false, startCost: 'thread',
    simplicity: 3, planOrder: 2, hasStartMethod: false, countsHandOffCpu: false,
    words: 'joblib threads', api: 'joblib.Parallel (threading)', description: 'joblib.Parallel with the threading backend',
  },
  process: {
    language: 'python', family: 'processes', copiesData: true, outOfProcess: true, startCost: 'process',
    simplicity: 4, planOrder: 5, hasStartMethod: true, countsHandOffCpu: true,
    words: 'processes', api: 'ProcessPoolExecutor', description: 'concurrent.futures.ProcessPoolExecutor, under each start method',
  },
  pool: {
    language: 'python', family: 'processes', copiesData: true, outOfProcess: true, startCost: 'process',
    simplicity: 5, planOrder: 6, hasStartMethod: true, countsHandOffCpu: true,
    words: 'multiprocessing.Pool', api: 'multiprocessing.Pool', description: 'multiprocessing.Pool, under each start method',
  },
  interpreter: {
    language: 'python', family: 'processes', copiesData: true, outOfProcess: false, startCost: 'process',
    simplicity: 6, planOrder: 4, hasStartMethod: false, countsHandOffCpu: false,
    words: 'subinterpreters', api: 'InterpreterPoolExecutor', description: 'concurrent.futures.InterpreterPoolExecutor (Python 3.14+)',
  },
  'joblib-loky': {
    language: 'python', family: 'processes', copiesData: true, outOfProcess: true, startCost: 'process',
    simplicity: 7, planOrder: 7, hasStartMethod: false, countsHandOffCpu: false,
    words: 'joblib (loky) processes', api: 'joblib.Parallel (loky)', description: 'joblib.Parallel with the loky process backend',
  },
  worker_threads: {
    language: 'javascript', family: 'processes', copiesData: true, outOfProcess: false, startCost: 'thread',
    simplicity: 8, planOrder: 8, hasStartMethod: false, countsHandOffCpu: false,
    words: 'worker threads', api: 'a worker_threads pool', description: 'a pool of node:worker_threads, each with its own event loop',
  },
  child_process: {
    language: 'javascript', family: 'processes', copiesData: true, outOfProcess: true, startCost: 'process',
    simplicity: 9, planOrder: 9, hasStartMethod: false, countsHandOffCpu: false,
    words: 'child processes', api: 'a child_process pool', description: 'a pool of node:child_process forks',
  },
  dask: {
    language: 'python', family: 'processes', copiesData: true, outOfProcess: true, startCost: 'cluster',
    simplicity: 10, planOrder: 10, hasStartMethod: false, countsHandOffCpu: false,
    words: 'dask workers', api: 'a dask LocalCluster', description: 'dask.distributed: a LocalCluster, or an existing scheduler',
  },
};

/** Every executor, in the table's order. */
export const EXECUTOR_NAMES = Object.keys(EXECUTORS) as Executor[];

export function isExecutor(name: unknown): name is Executor {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EXECUTORS, name);
}

export function executorFamily(executor: Executor): ExecutorFamily {
  return EXECUTORS[executor].family;
}

/** The executors a language's runner can offer, serial first, in the table's order. */
export function executorsFor(language: Language): Executor[] {
  const runtime = language === 'python' ? 'python' : 'javascript';
  return EXECUTOR_NAMES.filter((name) => EXECUTORS[name].language === 'any' || EXECUTORS[name].language === runtime);
}
