// The report: the contract between the engine, the CLI, the exports and the webview.
// schemaVersion 1 (ARCHITECTURE.md, schema/report.schema.json). Add fields freely; never rename without bumping the version.
// Numbers that cannot be measured are null, never NaN or Infinity.

export const SCHEMA_VERSION = 1 as const;

export type Language = 'python' | 'javascript' | 'typescript';

export type PythonExecutor =
  | 'serial'
  | 'thread'
  | 'process'
  | 'pool'
  | 'joblib-loky'
  | 'joblib-threading'
  | 'dask'
  | 'interpreter';
export type NodeExecutor = 'serial' | 'async' | 'worker_threads' | 'child_process';
export type Executor = PythonExecutor | NodeExecutor;

export type StartMethod = 'fork' | 'spawn' | 'forkserver';

export type VerdictKind =
  | 'cpu-bound'
  | 'io-bound'
  | 'gil-free'
  | 'overhead-bound'
  | 'internally-parallel'
  | 'mixed'
  | 'failed'
  // No verdict can be reached yet (cancelled before any parallel run, no serial baseline, nothing
  // measurable): the explanation says why and the recommendation what to do. Added within schema 1.
  | 'inconclusive';

export type ErrorKind =
  | 'exception' // the user's function raised / threw
  | 'worker-crashed' // a worker died: segfault, os._exit, OOM
  | 'crashed' // the harness itself died (e.g. segfault under threads or serial)
  | 'timeout'
  | 'unpicklable' // function, argument or result cannot be sent to a process
  | 'bootstrap' // spawn re-import started processes: missing __main__ guard
  | 'import' // the script failed to import / parse (with file:line)
  | 'exit' // the function called sys.exit() / process.exit()
  | 'interrupted' // the function raised KeyboardInterrupt
  | 'cancelled'
  | 'unavailable' // the executor cannot run here (module missing, Python too old)
  | 'skipped'; // not run: the serial baseline timed out, so nothing could be compared with it

export interface RunError {
  kind: ErrorKind;
  /** One sentence: what happened. */
  message: string;
  /** One sentence: what to do about it. */
  hint: string;
  /** The user's traceback / stack, when there is one. */
  traceback?: string;
  /** Where in the user's code, when known. */
  file?: string;
  line?: number;
  /** Signal name (SIGSEGV) or exit code of a dead worker or harness. */
  signal?: string | null;
  exitCode?: number | null;
}

export interface TaskSpan {
  index: number; // position of the input in the inputs list
  worker: number; // 0-based worker slot, in order of first appearance
  pid: number;
  thread: number; // thread id inside pid
  start: number; // seconds from the start of the timed run
  end: number;
  cpuSeconds: number | null; // CPU seconds of the task's thread for this task; a task of 0.25 ms or more reads its thread's clock as it ends; shorter ones share a stretch's readings, each at most its duration (README: the harness's own cost)
  /** Dask: the worker that ran the task (its address) and that worker's host, from Dask's task stream. */
  workerAddress?: string;
  host?: string;
  /** Dask: the task's input as pickled and sent to the worker, and its result as the worker held it. */
  bytesSent?: number | null;
  bytesReceived?: number | null;
}

export interface WorkerLoad {
  /** The worker's address and its host. */
  worker: string;
  host: string;
  /** Seconds relative to the same origin as the tasks, and the worker process's CPU percent at each. */
  t: number[];
  cpuPercent: number[];
}

/** What a report says about the spans it left out (see Run.tasksSummary). */
export interface TasksSummary {
  /** Spans the run recorded. */
  count: number;
  /** Spans kept in `tasks`. */
  kept: number;
  /** Duration of a task over all `count` spans, seconds. */
  durationSeconds: { min: number; median: number; max: number };
  /** CPU seconds of all `count` tasks; null when some were not measured. */
  cpuSeconds: number | null;
}

export interface CoreSamples {
  intervalSeconds: number;
  /** Seconds relative to the same origin as the tasks (may be negative: pool start-up). */
  t: number[];
  /** load[i][core]: percent busy (0..100) of each logical core at t[i]. */
  load: number[][];
}

export interface Overheads {
  /** Shares of the parallel run's (wall × workers) budget, each 0..1. */
  startup: number; // pool start-up ÷ (startup + wall)
  dispatch: number; // time not inside any task while work remained (queueing, pickling, messaging)
  imbalance: number; // idle tail: workers finished while others still ran
}

export interface CapturedOutput {
  stdout: string;
  stderr: string;
  /** Bytes the function wrote in total (before capping). */
  bytes: number;
  truncated: boolean;
}

export interface Run {
  /** Stable id: executor[/startMethod]/workers, e.g. "process/spawn/4". */
  id: string;
  executor: Executor;
  startMethod: StartMethod | null;
  workers: number;
  chunksize: number | null;
  /** Added within schema 1: the threads each worker's numeric libraries (BLAS, OpenMP) were held to
   * (OMP_NUM_THREADS and its kin), when a run was measured with them limited; absent otherwise. */
  libraryThreads?: number | null;
  /** Median wall time of the repeats (first submit to last result), seconds. */
  wallSeconds: number | null;
  wallSpread: { min: number; max: number } | null;
  /** Every repeat's wall time, in order; outliers flagged by index. */
  repeats: number[];
  outliers: number[];
  /** The pool's creation and each worker's first task, less the warm-up tasks' sleep; null or 0 for no pool. */
  startupSeconds: number | null;
  /** The tasks' CPU seconds in the kept (median) repeat, per pass under calibration loops as its wall is
   * (its `tasks` are its last pass's, whose own sum may differ). A configuration timed again in a
   * fresh harness pools its timings: the CPU of the measurement nearest the pooled median is then
   * taken at the pooled wall (its CPU ÷ its wall × the pooled wall), as are processCpuSeconds,
   * childCpuSeconds and queuedSeconds, so CPU ÷ wall stays one measurement's ratio. */
  cpuSeconds: number | null;
  /** CPU seconds of the harness process itself (all its threads) over the kept repeat, per pass under loops. */
  processCpuSeconds: number | null;
  /** Python: CPU seconds of the child processes the harness waited for during the kept repeat (per
   * pass under loops) — a program the function ran (subprocess.run) and what that program waited
   * for in turn; in-process executors only, not those a pool's workers ran. Its own work, never other programs' load. Added within schema 1: absent where not counted
   * (Windows, Node.js) and in reports written before it. */
  childCpuSeconds?: number | null;
  /** Serial runs on Linux: seconds the function was runnable but waited for a core because
   * other programs kept the cores busy. Null where not measured. */
  queuedSeconds: number | null;
  /** Serial runs on Linux: CPU of all the process's threads ÷ CPU of its busiest thread — 1 for
   * plain Python, about N when a library computes on N threads. Null where not measured. */
  threadParallelism: number | null;
  speedup: number | null; // serial wall ÷ this wall
  /** 95% interval of the speedup from the repeats of serial and of this run, outliers included
   * (seeded bootstrap of the ratio of medians, src/core/noise.ts; of serial's repeats, the ones
   * pinned to a CPU when two or more were and the speedup lies within what they give); null with
   * fewer than two repeats on either side.
   * Added within schema 1: older reports lack them. */
  speedupLow?: number | null;
  speedupHigh?: number | null;
  efficiency: number | null; // speedup ÷ workers
  cpuUtilization: number | null; // task CPU seconds ÷ (wall × workers)
  serialFraction: number | null; // Karp–Flatt, null for 1 worker
  /** Cores other programs kept busy during the kept repeat, from the sampled machine load minus
   * the run's own CPU (at least 0). Null for a failed run or with too few samples to tell. */
  otherCores: number | null;
  overheads: Overheads | null;
  argBytes: number | null; // total pickled / serialized size of the arguments
  resultBytes: number | null; // total size of the results
  /** Highest memory the configuration held, its harness and all its workers together (proportional
   * set size: pages forked workers share counted once), bytes. Added within schema 1: absent in older
   * reports; null where not measured (not Linux). */
  peakMemoryBytes?: number | null;
  /** Added within schema 1: the CPU each timing (`repeats`, in order) ran pinned to, null where the
   * system placed it; absent when none was pinned (serial's later timings on the CPU read fastest,
   * `compare OLD.py NEW.py`'s rounds). */
  pinnedCpus?: (number | null)[];
  tasks: TaskSpan[];
  /** Present when the run had more task spans than a report keeps: `tasks` then holds `kept` of
   * the `count` spans, spread evenly over the run; every figure above was computed from all of them. */
  tasksSummary?: TasksSummary;
  coreSamples: CoreSamples;
  /** Dask: each worker's CPU (its process, 100 = one core) from Dask's worker system monitor, on the tasks' clock. */
  workerLoad?: WorkerLoad[];
  output: CapturedOutput;
  warnings: string[];
  error: RunError | null;
}

/** What a warning is about; each code comes with its own advice. */
export type WarningCode =
  | 'cancelled-part-way' // the profile was cancelled: the verdict rests on the runs that finished
  | 'other-load' // other programs kept cores busy while the profile measured
  | 'slow-baseline' // serial was slower than a one-worker pool doing the same work
  | 'baseline-remeasured' // serial was measured twice for that reason, the faster kept
  | 'output-flood' // the function printed more than a report keeps
  | 'budget-left-out' // the time budget left configurations or repeats out
  | 'uneven-cpus' // one CPU ran the same work markedly slower than another (machine.cpuSpeeds)
  | 'shared-cpus' // the CPUs ran the same work markedly slower all at once than one alone (machine.cpuSpeeds)
  | 'slow-import' // the script's own top-level work is a visible share of the work, and fresh workers run it again
  | 'run-warning'; // a warning one or more runs reported (e.g. a Python warning raised while they ran)

export interface ProfileWarning {
  code: WarningCode;
  /** What was seen, with the numbers. */
  message: string;
  /** What to do about it. */
  advice: string;
  /** Ids of the runs it concerns; empty when it is about the whole report. */
  runs: string[];
}

/** How sure a verdict is: high when the recommendation is clear of the noise over enough repeats. */
export type VerdictConfidence = 'high' | 'medium' | 'low';

export interface Verdict {
  kind: VerdictKind;
  /** How sure the verdict is; its reasons end the explanation. Absent when nothing was compared
   * (inconclusive, failed) and in reports written before it (added within schema 1). */
  confidence?: VerdictConfidence;
  /** `chunksize` (added within schema 1): the batch size of the recommended run, null for the
   * executor's own; absent in older reports, which then match on the other three. */
  best: { executor: Executor; startMethod: StartMethod | null; workers: number; speedup: number; chunksize?: number | null; libraryThreads?: number | null } | null;
  /** Plain words a tutorial reader understands: why this verdict, with the numbers. */
  explanation: string;
  /** What to do, in words. */
  recommendation: string;
  /** Ready-to-paste code using the user's own function name. */
  code: string;
  /** The measurements that led here, one short line each. */
  evidence: string[];
}

export interface Machine {
  logicalCores: number;
  physicalCores: number;
  cpuBrand: string;
  memoryBytes: number;
  platform: string; // process.platform + arch, e.g. "linux-x64"
  /** The cores this process may use (CPU affinity, cgroup CPU quota), which the plan and the verdict
   * count on; logicalCores and physicalCores stay the machine's, as the core samples list them.
   * Added within schema 1: reports written before it lack it (read as the whole machine). */
  usable?: UsableCores;
  /** How evenly the usable CPUs ran the same short loop, pinned to each of them at once, at the
   * profile's start and end (src/system/cpuSpeeds.ts). Added within schema 1: absent where it could
   * not be read (not Linux, no taskset, one usable CPU) and in reports written before it. */
  cpuSpeeds?: CpuSpeedReading[];
}

export interface CpuSpeedReading {
  /** Read before the first configuration, or after the last. */
  at: 'start' | 'end';
  /** The logical CPU ids read (up to 8 of the usable ones). */
  cpus: number[];
  /** The same loop's seconds on each CPU of `cpus`, in that order, all running at once. */
  seconds: number[];
  /** The loop's seconds alone on the CPU of `cpus` that ran it fastest, the others idle (added
   * within schema 1; absent in older reports and where the timing failed). */
  aloneSeconds?: number;
}

/** The CPU readings when the profile took both (start and end) and each holds a positive time for
 * each of two or more CPUs; null otherwise (a cancelled profile, not read, a broken reading). */
function bothReadings(machine: Pick<Machine, 'cpuSpeeds'>): CpuSpeedReading[] | null {
  const readings = machine.cpuSpeeds ?? [];
  if (!readings.some((reading) => reading.at === 'start') || !readings.some((reading) => reading.at === 'end')) return null;
  const whole = ({ seconds, cpus }: CpuSpeedReading): boolean => seconds.length >= 2 && seconds.length === cpus.length && seconds.every((value) => Number.isFinite(value) && value > 0);
  return readings.every(whole) ? readings : null;
}

/** A CPU this much slower than another on the same loop makes a process's speed depend on where it lands. */
export const UNEVEN_CPUS = 1.25;

export interface UnevenCpus {
  /** The least uneven reading's slowest ÷ fastest CPU time. */
  ratio: number;
  slow: number;
  fast: number;
  /** Each reading's, in order, where the slowest CPU was not the same one in all of them (another
   * tenant moved from one CPU to the other): absent where it was. */
  readings?: { ratio: number; slow: number; fast: number }[];
}

/**
 * The CPUs ran unevenly: in both readings (machine.cpuSpeeds, before the first configuration and
 * after the last) the slowest CPU took UNEVEN_CPUS× as long as the fastest or more — one reading
 * alone is a 60 ms loop, which now and then reads 1.3× on even CPUs, while a tenant slowing one CPU
 * does so for tens of seconds. The less uneven reading gives the figures (slowest ÷ fastest, and
 * those two CPUs). Null when the CPUs ran evenly, were read once only (a cancelled profile), not
 * read, or a reading holds a time that is not a positive number.
 */
export function unevenCpus(machine: Pick<Machine, 'cpuSpeeds'>): UnevenCpus | null {
  let least: UnevenCpus | null = null;
  const readings: { ratio: number; slow: number; fast: number }[] = [];
  for (const { seconds, cpus } of bothReadings(machine) ?? []) {
    const slowest = seconds.indexOf(Math.max(...seconds));
    const fastest = seconds.indexOf(Math.min(...seconds));
    const ratio = seconds[slowest] / seconds[fastest];
    if (ratio < UNEVEN_CPUS) return null;
    readings.push({ ratio, slow: cpus[slowest], fast: cpus[fastest] });
    if (!least || ratio < least.ratio) least = { ratio, slow: cpus[slowest], fast: cpus[fastest] };
  }
  return least && readings.some((reading) => reading.slow !== least?.slow) ? { ...least, readings } : least;
}

/** Every CPU at once this much slower on the loop than one alone: they do not give their count. On
 * this 2-core host the fastest CPU at once read a median 1.09–1.11× its time alone, 90th percentile
 * 1.20–1.22×, at most 1.57× (bench/cpuSpeeds.ts, 150 readings; 144 in 72 corpus profiles), never two
 * readings in a row at 1.4× or more; in a phase where two processes of pure-Python work gained
 * 1.05–1.15× (each task's CPU time 1.8× its serial one), both CPUs at once took 1.6× a lone CPU's
 * usual time. */
export const SHARED_CPUS = 1.4;

export interface SharedCpus {
  /** The less slowed reading's fastest CPU time all at once ÷ its time alone. */
  slowdown: number;
  /** What the usable CPUs gave together in lone CPUs' worth of work, from that reading's CPUs (its
   * loop time alone ÷ each one's at once, averaged, times `of`): on more CPUs than were read (8 at
   * most), an estimate that the others fare like those read. */
  cores: number;
  /** The usable CPUs (the CPUs read when their count is not given). */
  of: number;
}

/**
 * The CPUs gave markedly less than their count together: in both readings (machine.cpuSpeeds)
 * even the fastest CPU ran the loop SHARED_CPUS× slower with all of them at once than alone — a
 * host that runs them on one physical core's threads, or another tenant taking turns with them,
 * which does not show as load. (CPUs that are one core's threads by design are read without a
 * time alone: see readCpuSpeeds.) Null when they did not, when a reading lacks its time alone
 * (older reports), or the CPUs were read once only.
 */
export function sharedCpus(machine: Pick<Machine, 'cpuSpeeds'> & Partial<Pick<Machine, 'logicalCores' | 'usable'>>): SharedCpus | null {
  const readings = bothReadings(machine);
  if (!readings) return null;
  let least: { slowdown: number; share: number; read: number } | null = null;
  for (const { seconds, aloneSeconds } of readings) {
    if (typeof aloneSeconds !== 'number' || !(aloneSeconds > 0)) return null;
    const slowdown = Math.min(...seconds) / aloneSeconds;
    if (slowdown < SHARED_CPUS) return null;
    const share = seconds.reduce((sum, each) => sum + Math.min(1, aloneSeconds / each), 0) / seconds.length;
    if (!least || slowdown < least.slowdown) least = { slowdown, share, read: seconds.length };
  }
  if (!least) return null;
  const of = machine.usable?.logicalCores ?? machine.logicalCores ?? least.read;
  return { slowdown: least.slowdown, cores: least.share * of, of };
}

/** "1.2×": the most computing work could gain on CPUs that gave `shared.cores` together (at least
 * 1×), in the precision sharedCpusWords gives their worth. */
export function sharedCpusCeiling(shared: SharedCpus): string {
  return `${Math.max(1, shared.cores).toFixed(1)}×`;
}

/** "the CPUs ran the same work 1.62× slower all at once than one alone, about 1.2 of 2 CPUs' worth". */
export function sharedCpusWords(shared: SharedCpus): string {
  return `the CPUs ran the same work ${shared.slowdown.toFixed(2)}× slower all at once than one alone, about ${shared.cores.toFixed(1)} of ${shared.of} CPUs' worth`;
}

/** How much of the ideal gain above one core these CPUs could give together, 0–1: 1 on CPUs of one
 * speed that keep it all at once; on CPUs uneven in both readings (unevenCpus), the fastest CPU's
 * work per second summed over them, less the one core serial needs, over the count less one — e.g.
 * 0.6 for two CPUs one of which took 1.67× as long (of the two readings, the one that reaches
 * further); on CPUs slowed all at once (sharedCpus), the worth it gives them, less one, over the
 * count less one — e.g. 0.2 for two CPUs each 1.67× slower at once than one alone. */
export function cpusReach(machine: Pick<Machine, 'cpuSpeeds'> & Partial<Pick<Machine, 'logicalCores' | 'usable'>>): number {
  // Slowed all at once: the reading sharedCpus gives its worth from, so that the gains asked and the
  // worth the words give agree.
  const shared = sharedCpus(machine);
  if (shared) return shared.of > 1 ? Math.min(1, Math.max(0, (shared.cores - 1) / (shared.of - 1))) : 1;
  if (!unevenCpus(machine)) return 1;
  let reach = 0;
  for (const { seconds } of machine.cpuSpeeds ?? []) {
    const fastest = Math.min(...seconds);
    const capacity = seconds.reduce((sum, each) => sum + fastest / each, 0);
    reach = Math.max(reach, (capacity - 1) / (seconds.length - 1));
  }
  return Math.min(1, Math.max(0, reach));
}

/** "CPU 0 took 1.63× as long as CPU 1 for the same work": one sentence for every surface. */
export function unevenCpusWords(uneven: UnevenCpus): string {
  if (uneven.readings) {
    // Not the same CPU each time: naming one would say the other was the fast one all along.
    const each = uneven.readings.map((reading, index) => `CPU ${reading.slow} (${reading.ratio.toFixed(2)}× CPU ${reading.fast}'s time) at the ${index === 0 ? 'first' : index === uneven.readings!.length - 1 ? 'last' : 'next'} reading`);
    return `one CPU took ${uneven.ratio.toFixed(2)}× as long as another for the same work or more, not the same one each time: ${each.join(', ')}`;
  }
  return `CPU ${uneven.slow} took ${uneven.ratio.toFixed(2)}× as long as CPU ${uneven.fast} for the same work`;
}

/** CPU seconds the function's work took in a run: its tasks' (unknown: the harness process's), and
 * the programs it ran and waited for (childCpuSeconds), which compute for it outside the
 * interpreter. Null when neither the tasks' nor the process's CPU is known. */
export function workCpuSeconds(run: Pick<Run, 'cpuSeconds' | 'processCpuSeconds' | 'childCpuSeconds'>): number | null {
  const own = ownCpuSeconds(run);
  return own === null ? null : own + childCpuOf(run);
}

/** The calls' own CPU seconds, outside the programs they ran: the tasks' CPU, else the process's. */
export function ownCpuSeconds(run: Pick<Run, 'cpuSeconds' | 'processCpuSeconds'>): number | null {
  return run.cpuSeconds ?? run.processCpuSeconds;
}

/** A run's childCpuSeconds, 0 where absent or not a number. */
export function childCpuOf(run: Pick<Run, 'childCpuSeconds'>): number {
  return typeof run.childCpuSeconds === 'number' && Number.isFinite(run.childCpuSeconds) ? run.childCpuSeconds : 0;
}

/** Slowest ÷ fastest of a run's timings, with the two (ratio 1 with fewer than two timings). The
 * same code on the same inputs timed UNEVEN_CPUS or more apart: the machine's speed swung. Flagged
 * outliers count: a timing far from the rest is the swing itself. */
export function timingSwing(run: Pick<Run, 'repeats'>): { ratio: number; min: number; max: number } {
  const walls = run.repeats.filter((wall) => Number.isFinite(wall) && wall > 0);
  if (walls.length < 2) return { ratio: 1, min: walls[0] ?? 0, max: walls[0] ?? 0 };
  const min = Math.min(...walls);
  const max = Math.max(...walls);
  return { ratio: max / min, min, max };
}

export interface UsableCores {
  /** Logical cores the profile counts on: the affinity's, lowered to the cgroup quota rounded up. */
  logicalCores: number;
  /** Physical cores among those logical ones (no more than logicalCores). */
  physicalCores: number;
  /** Logical core ids the process may run on (taskset, a container's cpuset); null where unknown. */
  affinity: number[] | null;
  /** The tightest cgroup CPU quota (cpu.max, or cpu.cfs_quota_us / cpu.cfs_period_us), in cores; null when none. */
  quotaCores: number | null;
  /** The file that set that quota; null when none. */
  quotaSource: string | null;
}

export interface Runtime {
  executable: string;
  version: string;
  implementation: string; // CPython, PyPy, node
  gilEnabled: boolean | null; // null where there is no GIL concept (Node)
  startMethods: StartMethod[];
  defaultStartMethod: StartMethod | null;
  /** Optional executors found installed, name → version (joblib, dask, ...). */
  extras: Record<string, string>;
  /** The running Dask cluster the dask executor used (--dask-scheduler), as the probe found it. */
  daskCluster?: DaskCluster;
  /** Python's own count of the CPUs: os.cpu_count(), len(os.sched_getaffinity(0)) and
   * os.process_cpu_count() (3.13+; PYTHON_CPU_COUNT overrides it), null where the interpreter
   * lacks one. Added within schema 1; Node runtimes and older reports lack it. */
  cpuCount?: { os: number | null; affinity: number | null; process: number | null };
}

export interface DaskCluster {
  scheduler: string;
  workers: { address: string; host: string; nthreads: number }[];
  /** The scheduler's dashboard as it announces it; only an http(s) address is ever opened. */
  dashboard: string | null;
  /** Dask's own version check: packages whose versions differ between here, scheduler and workers. */
  versionMismatches: { package: string; here: string; scheduler: string; workers: string[] }[];
}

/** The code a profile measured: the git repository holding the profiled file, as it was then. */
export interface Provenance {
  /** The checked-out commit (full hash); null in a repository without commits yet. */
  commit: string | null;
  /** The branch; null on a detached HEAD. */
  branch: string | null;
  /** Tracked files differed from the commit (untracked files do not count); null when git could not tell in time. */
  dirty: boolean | null;
  /** The profiled file's path inside the repository, with forward slashes. */
  path: string;
}

/** How long importing the script took in the probe (Python): in all, and of that the script's own
 * top-level work, not its import statements. Spawn and forkserver workers run that work again. */
export interface ScriptImport {
  seconds: number;
  ownSeconds: number;
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  createdAt: string; // ISO time
  /** complete: every planned configuration ran; partial: cancelled part-way. */
  status: 'complete' | 'partial';
  target: {
    file: string;
    function: string;
    language: Language;
    inputs: { expression: string; count: number };
    /** Python: the probe's import of the script, timed (added within schema 1). */
    imported?: ScriptImport;
  };
  settings: {
    /** Repeats of the configurations that decide the answer (adaptive), or of every configuration. */
    repeat: number;
    timeoutSeconds: number;
    /** How the configurations were chosen (added within schema 1; older reports: the full cross product). */
    plan?: 'adaptive' | 'thorough' | 'given-workers' | 'interleaved';
    /** Interleaved reports only: an id both sides of one `compare OLD.py NEW.py` share; only such a pair is judged round by round. */
    pairing?: string;
    /** The time budget the profile was asked to fit in, seconds. */
    budgetSeconds?: number;
    /** Calibration loops: serial alone was too short to time well, so each timing made up to this
     * many passes over the inputs (stopping after LOOP_SECONDS) and reports one pass's mean. */
    loops?: number;
  };
  machine: Machine;
  runtime: Runtime;
  runs: Run[];
  verdict: Verdict;
  /** Warnings about the report, most important first, each with its advice. Added within schema 1:
   * reports written before it lack the field (the extension fills it in when it opens one). The
   * strings in each run's `warnings` stay for readers of older reports. */
  warnings?: ProfileWarning[];
  /** Added within schema 1: the git commit, branch and dirty flag of the profiled file's repository;
   * absent when the file is not in a git repository (and in reports written before it existed). */
  provenance?: Provenance;
}

/** A configuration's id: executor[/startMethod]/workers, then /chunksize=N when it sent batches of N
 * and /library-threads=N when its numeric libraries were held to N threads per worker. */
export function runId(executor: Executor, startMethod: StartMethod | null, workers: number, chunksize: number | null = null, libraryThreads: number | null = null): string {
  const base = startMethod ? `${executor}/${startMethod}/${workers}` : `${executor}/${workers}`;
  const batched = chunksize === null ? base : `${base}/chunksize=${chunksize}`;
  return libraryThreads === null ? batched : `${batched}/library-threads=${libraryThreads}`;
}

/** Whether two runs are one executor's same setup (start method, worker count, chunksize, library
 * threads, absent read as none, as in runId) but for `except`. */
export function sameSetup(
  a: Pick<Run, 'executor' | 'startMethod' | 'workers' | 'chunksize' | 'libraryThreads'>,
  b: Pick<Run, 'executor' | 'startMethod' | 'workers' | 'chunksize' | 'libraryThreads'>,
  except: 'startMethod' | 'workers',
): boolean {
  return (
    a.executor === b.executor &&
    (except === 'startMethod' || a.startMethod === b.startMethod) &&
    (except === 'workers' || a.workers === b.workers) &&
    (a.chunksize ?? null) === (b.chunksize ?? null) &&
    (a.libraryThreads ?? null) === (b.libraryThreads ?? null)
  );
}

/** ", 1 library thread each" for a run measured with its numeric libraries' threads limited, else "". */
export function libraryThreadsLabel(libraryThreads: number | null | undefined): string {
  if (libraryThreads === null || libraryThreads === undefined) return '';
  return `, ${libraryThreads} library thread${libraryThreads === 1 ? '' : 's'} each`;
}

/** Human label for a configuration, e.g. "process (spawn) × 4", "pool (fork) × 2, chunksize 625". */
export function runLabel(run: Pick<Run, 'executor' | 'startMethod' | 'workers'> & { chunksize?: number | null; libraryThreads?: number | null }): string {
  const method = run.startMethod ? ` (${run.startMethod})` : '';
  const batches = run.chunksize !== null && run.chunksize !== undefined ? `, chunksize ${run.chunksize}` : '';
  return run.executor === 'serial' ? 'serial' : `${run.executor}${method} × ${run.workers}${batches}${libraryThreadsLabel(run.libraryThreads)}`;
}

/** Why a past report of the same function cannot be set beside this one run by run, or null when it
 * can: other inputs do other work, so their times say nothing about a change to the code. */
export function whyNotComparable(report: Pick<Report, 'target'>, previous: Pick<Report, 'target'>): string | null {
  const now = report.target;
  const before = previous.target;
  if (now.function !== before.function || now.file !== before.file) return `it profiled ${before.function} in another file`;
  if (now.inputs.expression !== before.inputs.expression || now.inputs.count !== before.inputs.count) {
    return `it used other inputs (${before.inputs.count} from ${before.inputs.expression})`;
  }
  return null;
}

/** The runs a warning concerns, as a prefix: "process (fork) × 2: ", "5 configurations: ", or "". */
export function warningWhere(warning: Pick<ProfileWarning, 'runs'>, runs: readonly Pick<Run, 'id' | 'executor' | 'startMethod' | 'workers'>[]): string {
  const labels = warning.runs.flatMap((id) => runs.filter((run) => run.id === id).map(runLabel));
  if (labels.length === 0) return '';
  return `${labels.length > 3 ? `${labels.length} configurations` : labels.join(', ')}: `;
}

/** A warning as one line: where, what was seen, what to do. */
export function warningText(warning: ProfileWarning, runs: readonly Pick<Run, 'id' | 'executor' | 'startMethod' | 'workers'>[]): string {
  return `${warningWhere(warning, runs)}${warning.message} ${warning.advice}`;
}

/** Whether `run` is the configuration the verdict recommends (the row every surface marks). */
export function isRecommendedRun(verdict: Pick<Verdict, 'best'>, run: Pick<Run, 'executor' | 'startMethod' | 'workers' | 'error'> & { chunksize?: number | null; libraryThreads?: number | null }): boolean {
  const best = verdict.best;
  if (best === null || run.error !== null || run.executor !== best.executor || run.startMethod !== best.startMethod || run.workers !== best.workers) return false;
  if ((run.libraryThreads ?? null) !== (best.libraryThreads ?? null)) return false;
  // Older reports name no chunksize: they match on the rest.
  return best.chunksize === undefined || (run.chunksize ?? null) === best.chunksize;
}

/** A run measured: it finished, with a wall to compare (no error, a positive wall). */
export type Measured = Run & { wallSeconds: number };

export function succeeded<T extends Pick<Run, 'error' | 'wallSeconds'>>(run: T): run is T & { wallSeconds: number } {
  return run.error === null && run.wallSeconds !== null && run.wallSeconds > 0;
}

/** The run with the highest speedup (the first of equals), or null. */
export function mostSpeedup(runs: readonly Run[]): Run | null {
  return runs.reduce<Run | null>((top, run) => (top === null || (run.speedup ?? 0) > (top.speedup ?? 0) ? run : top), null);
}

/** The runs of the same pool (executor, workers, chunksize, held library threads) under another
 * start method that finished: what a start method is weighed against. */
export function otherStartMethods<T extends Run>(run: Pick<Run, 'executor' | 'startMethod' | 'workers' | 'chunksize' | 'libraryThreads'>, runs: readonly T[]): (T & { wallSeconds: number })[] {
  return runs.filter((other): other is T & { wallSeconds: number } => other.startMethod !== null && other.startMethod !== run.startMethod && sameSetup(other, run, 'startMethod') && succeeded(other));
}

/** The fastest configuration measured, as the recommendation weighs them: successful, and no
 * one-worker pool when serial ran (it does serial's work plus a hand-off). Null when none ran. */
export function fastestRun<T extends Pick<Run, 'executor' | 'workers' | 'wallSeconds' | 'error'>>(runs: readonly T[]): T | null {
  const measured = runs.filter(succeeded);
  const serialRan = measured.some((run) => run.executor === 'serial');
  const judged = serialRan ? measured.filter((run) => run.executor === 'serial' || run.workers > 1) : measured;
  return judged.reduce<T | null>((top, run) => (top === null || (run.wallSeconds as number) < (top.wallSeconds as number) ? run : top), null);
}
