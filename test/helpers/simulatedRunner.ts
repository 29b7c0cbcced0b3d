// A simulated machine and workload for the plan's tests and the plan-size bench: a runner whose
// walls follow a model (CPU-bound work that threads cannot spread, or waiting work that any
// worker overlaps) on a machine of any size, so the plan can be studied for 128 cores on a
// 2-core box. It measures nothing; what it shows is how many timings a plan asks for.

import type { Machine, StartMethod } from '../../src/shared/report';
import { failedOutcome, type ConfigOutcome, type ConfigRequest, type ExecutorChoice, type LanguageRunner, type Probe } from '../../src/shared/runner';

/** `library`: each call runs on every core by itself (BLAS behind numpy); processes on the
 * library's own threads oversubscribe the cores and lose a tenth, held to a thread each they gain one. */
export type Workload = 'cpu-bound' | 'waiting' | 'library';

export interface SimulatedMachine {
  logicalCores: number;
  physicalCores: number;
}

export interface Simulation {
  machine: SimulatedMachine;
  workload: Workload;
  inputsCount: number;
  /** Seconds of one call. */
  taskSeconds: number;
  executors?: ExecutorChoice[];
  /** The runtime's default start method: fork (Linux up to Python 3.13) unless given. */
  defaultStartMethod?: StartMethod;
}

const PYTHON_EXECUTORS: ExecutorChoice[] = [
  { executor: 'serial', startMethod: null },
  { executor: 'thread', startMethod: null },
  { executor: 'process', startMethod: 'fork' },
  { executor: 'process', startMethod: 'spawn' },
  { executor: 'process', startMethod: 'forkserver' },
  { executor: 'pool', startMethod: 'fork' },
];

export function simulatedMachine(machine: SimulatedMachine): Machine {
  return { logicalCores: machine.logicalCores, physicalCores: machine.physicalCores, cpuBrand: 'simulated', memoryBytes: 64e9, platform: 'linux' };
}

/** How many calls can run at once: threads hold the GIL on CPU work; SMT siblings add a quarter of a core. */
function parallelism(simulation: Simulation, config: ConfigRequest): number {
  if (config.executor === 'serial') return 1;
  const workers = Math.min(config.workers, simulation.inputsCount);
  if (simulation.workload === 'waiting') return workers;
  if (config.executor === 'thread') return 1;
  const { physicalCores, logicalCores } = simulation.machine;
  const cores = physicalCores + 0.25 * (logicalCores - physicalCores);
  return Math.min(workers, cores);
}

export class SimulatedRunner implements LanguageRunner {
  readonly language = 'python' as const;
  /** Every configuration asked for, in order (repeats included in each). */
  readonly ran: ConfigRequest[] = [];

  constructor(private readonly simulation: Simulation) {}

  async probe(): Promise<Probe> {
    const defaultStartMethod: StartMethod = this.simulation.defaultStartMethod ?? 'fork';
    return {
      runtime: { executable: 'python3', version: '3.12.0', implementation: 'CPython', gilEnabled: true, startMethods: ['fork', 'spawn', 'forkserver'], defaultStartMethod, extras: {} },
      functions: [{ name: 'work', line: 1, params: ['n'] }],
      inputs: { expression: 'PROFILE_INPUTS', count: this.simulation.inputsCount },
      executors: this.simulation.executors ?? PYTHON_EXECUTORS,
      preflight: [],
    };
  }

  async runConfig(_target: unknown, config: ConfigRequest, signal: AbortSignal): Promise<ConfigOutcome> {
    this.ran.push(config);
    if (signal.aborted) return failedOutcome({ kind: 'cancelled', message: 'Cancelled.', hint: '' });
    const { inputsCount, taskSeconds, workload } = this.simulation;
    if (workload === 'library') return this.libraryOutcome(config);
    const lanes = parallelism(this.simulation, config);
    const wall = (inputsCount * taskSeconds) / lanes;
    const workers = config.executor === 'serial' ? 1 : Math.min(config.workers, inputsCount);
    // CPU time as the OS charges it: a busy SMT sibling is charged its whole wall, so CPU-bound
    // work reads as every running worker busy, however little each sibling adds.
    const running = config.executor === 'serial' || (config.executor === 'thread' && workload === 'cpu-bound') ? 1 : Math.min(workers, this.simulation.machine.logicalCores);
    const cpu = workload === 'waiting' ? inputsCount * taskSeconds * 0.02 : wall * running;
    // A sample of the tasks (the report keeps spans of a few); their CPU adds up to the whole run's.
    const spans = Math.min(inputsCount, 64);
    const tasks = Array.from({ length: spans }, (_, index) => ({
      index, worker: index % workers, pid: 100 + (index % workers), thread: 1, start: 0, end: taskSeconds, cpuSeconds: cpu / spans,
    }));
    const walls = Array.from({ length: config.repeat }, () => wall);
    // Serial computes on its one thread.
    return { ...failedOutcome(null), startupSeconds: 0.01, walls, tasks, origin: 0, processCpuSeconds: cpu, threadParallelism: config.executor === 'serial' ? 1 : null };
  }

  private libraryOutcome(config: ConfigRequest): ConfigOutcome {
    const { inputsCount, taskSeconds, machine } = this.simulation;
    const cores = machine.physicalCores;
    const held = typeof config.libraryThreads === 'number';
    const factor = config.executor === 'serial' ? 1 : config.executor === 'thread' ? 1.02 : held ? 0.9 : 1.1;
    const wall = ((inputsCount * taskSeconds) / cores) * factor;
    const workers = config.executor === 'serial' ? 1 : Math.min(config.workers, inputsCount);
    // The calling thread's CPU is a call's wall; the library's other threads show only in the process's CPU.
    const spans = Math.min(inputsCount, 64);
    const tasks = Array.from({ length: spans }, (_, index) => ({
      index, worker: index % workers, pid: 100 + (index % workers), thread: 1, start: 0, end: wall / spans, cpuSeconds: wall / spans,
    }));
    const inProcess = config.executor === 'serial' || config.executor === 'thread';
    // Repeats 1% apart, as a quiet machine gives them, so the intervals are real intervals.
    const walls = Array.from({ length: config.repeat }, (_, index) => wall * (1 + 0.01 * ((index % 3) - 1)));
    // Serial's library computes on every core: its threads together spend `cores` times its busiest's CPU.
    return { ...failedOutcome(null), startupSeconds: 0.01, walls, tasks, origin: 0, processCpuSeconds: inProcess ? wall * cores : 0.01, threadParallelism: config.executor === 'serial' ? cores : null };
  }

  /** Timings (repeats) asked for in all, and harness starts. */
  get timings(): number {
    return this.ran.reduce((sum, config) => sum + config.repeat, 0);
  }
}
