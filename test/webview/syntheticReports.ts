// Writes the synthetic sample reports in test/fixtures/reports (marked .synthetic.json) from a small
// deterministic simulation: list scheduling of the tasks over workers, the GIL as a slowdown of
// threads, cores shared by processes, and load samples averaged over each 100 ms interval.
// Run: node --import tsx test/webview/syntheticReports.ts   (real engine reports sit beside them)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Executor, Machine, Report, Run, RunError, Runtime, StartMethod, TaskSpan } from '../../src/shared/report';
import { runId } from '../../src/shared/report';
import { assertValidReport } from '../helpers/reportSchema';

let seed = 12345;
function rand(): number { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }
const jitter = (x: number, f: number) => x * (1 + (rand() * 2 - 1) * f);
let digits = 1e6;
const r6 = (x: number) => Math.round(x * digits) / digits;
const r3 = (x: number) => Math.round(x * 1e3) / 1e3;

interface Sim {
  executor: Executor; startMethod: StartMethod | null; workers: number; chunksize?: number | null;
  mode: 'serial' | 'gil' | 'proc' | 'wait';
  startup: number; gap: number; // dispatch gap per task
  error?: RunError | null; warnings?: string[]; stdout?: string; stderr?: string;
}

function simulate(sim: Sim, durations: number[], cpuShare: number, cores: number, basePid: number) {
  const w = sim.workers;
  const free = new Array(w).fill(0);
  const tasks: TaskSpan[] = [];
  const slow = sim.mode === 'proc' ? Math.max(1, w / cores) : sim.mode === 'gil' ? Math.min(w, durations.length) : 1;
  const pids = Array.from({ length: w }, (_, i) => (sim.mode === 'proc' ? basePid + 1 + i : basePid));
  const threads = Array.from({ length: w }, (_, i) => (sim.mode === 'proc' ? 139_872_341_000_000 + i * 4096 : 139_872_000_000_000 + (i + 1) * 8_392_704));
  durations.forEach((d, index) => {
    let k = 0; for (let i = 1; i < w; i++) if (free[i] < free[k]) k = i;
    const start = free[k] + jitter(sim.gap, 0.4);
    const wall = sim.mode === 'wait' ? d : d * jitter(slow, 0.03);
    const end = start + wall;
    free[k] = end;
    tasks.push({ index, worker: k, pid: pids[k], thread: threads[k], start: r6(start), end: r6(end), cpuSeconds: r6(sim.mode === 'wait' ? jitter(d * cpuShare, 0.3) : d * cpuShare * jitter(1, 0.02)) });
  });
  // worker slots in order of first appearance
  const order: number[] = []; for (const t of tasks) if (!order.includes(t.worker)) order.push(t.worker);
  for (const t of tasks) t.worker = order.indexOf(t.worker);
  const wall = Math.max(...tasks.map((t) => t.end)) + sim.gap;
  return { tasks, wall };
}

function coreSamples(tasks: TaskSpan[], wall: number, startup: number, cores: number, busyPerTask: number) {
  const interval = 0.1; const t: number[] = []; const load: number[][] = [];
  for (let time = -Math.ceil(startup / interval) * interval; time <= wall + interval; time += interval) {
    // the load of a sample is the average over the interval that ends at its time
    const from = time - interval;
    let covered = 0;
    for (const k of tasks) covered += Math.max(0, Math.min(k.end, time) - Math.max(k.start, from));
    let busy = Math.min(cores, (covered / interval) * busyPerTask);
    if (time < 0 && time > -startup - interval) busy = Math.min(cores, 0.6 * cores);
    const row: number[] = [];
    for (let c = 0; c < cores; c++) {
      const share = Math.max(0, Math.min(1, busy - c + (c === 0 ? 0 : 0.15 * rand())));
      row.push(Math.round(Math.max(0, Math.min(100, share * 100 * jitter(0.97, 0.03) + 2 + 3 * rand())) * 10) / 10);
    }
    // the scheduler migrates a single busy thread between cores: rotate the busy slot now and then
    const shift = Math.floor(time / 0.7) % cores; const rot = row.slice(shift).concat(row.slice(0, shift));
    t.push(r3(time)); load.push(rot);
  }
  return { intervalSeconds: interval, t, load };
}

function makeRun(sim: Sim, durations: number[], cpuShare: number, cores: number, busyPerTask: number, basePid: number, serialWall: number | null, repeat: number): Run {
  if (sim.error && sim.error.kind !== 'exception') {
    return { id: runId(sim.executor, sim.startMethod, sim.workers), executor: sim.executor, startMethod: sim.startMethod, workers: sim.workers, chunksize: sim.chunksize ?? null,
      wallSeconds: null, wallSpread: null, repeats: [], outliers: [], startupSeconds: sim.error.kind === 'cancelled' ? null : r6(sim.startup), cpuSeconds: null, processCpuSeconds: null, queuedSeconds: null, threadParallelism: null,
      speedup: null, efficiency: null, cpuUtilization: null, serialFraction: null, overheads: null, otherCores: null, argBytes: null, resultBytes: null, tasks: [],
      coreSamples: { intervalSeconds: 0.1, t: [], load: [] }, output: { stdout: sim.stdout ?? '', stderr: sim.stderr ?? '', bytes: (sim.stdout ?? '').length + (sim.stderr ?? '').length, truncated: false },
      warnings: sim.warnings ?? [], error: sim.error };
  }
  let { tasks, wall } = simulate(sim, durations, cpuShare, cores, basePid);
  if (sim.error) { const cut = Math.floor(tasks.length / 2); tasks = tasks.slice(0, cut); wall = Math.max(...tasks.map((t) => t.end)); }
  const repeats = Array.from({ length: repeat }, () => r6(jitter(wall, 0.03))); repeats[Math.floor(repeat / 2)] = r6(wall);
  const sorted = [...repeats].sort((a, b) => a - b);
  const cpu = tasks.reduce((s, k) => s + (k.cpuSeconds ?? 0), 0);
  const speedup = sim.executor === 'serial' ? 1 : serialWall && !sim.error ? serialWall / wall : null;
  const p = sim.workers;
  const busy = tasks.reduce((s, k) => s + (k.end - k.start), 0);
  const lastEnd = new Array(p).fill(0); for (const k of tasks) lastEnd[k.worker] = Math.max(lastEnd[k.worker], k.end);
  const idleTail = lastEnd.reduce((s, e) => s + (wall - e), 0);
  const budget = wall * p;
  return {
    id: runId(sim.executor, sim.startMethod, sim.workers), executor: sim.executor, startMethod: sim.startMethod, workers: p, chunksize: sim.chunksize ?? null,
    wallSeconds: sim.error ? null : r6(wall), wallSpread: sim.error ? null : { min: sorted[0], max: sorted[sorted.length - 1] }, repeats: sim.error ? [] : repeats, outliers: [],
    startupSeconds: sim.executor === 'serial' ? 0 : r6(sim.startup), cpuSeconds: r6(cpu), processCpuSeconds: r6(cpu * 1.03 + 0.01), queuedSeconds: sim.executor === 'serial' ? r6(wall * 0.004) : null,  threadParallelism: sim.executor === 'serial' ? 1 : null,
    speedup: speedup === null ? null : r3(speedup), efficiency: speedup === null ? null : r3(speedup / p),
    cpuUtilization: sim.error ? null : r3(cpu / budget), serialFraction: speedup === null || p === 1 ? null : r3((1 / speedup - 1 / p) / (1 - 1 / p)),
    overheads: sim.error ? null : { startup: r3(sim.startup / (sim.startup + wall)), dispatch: r3(Math.max(0, (budget - busy - idleTail) / budget)), imbalance: r3(idleTail / budget) },
    otherCores: null,
    argBytes: sim.mode === 'proc' ? durations.length * 21 : null, resultBytes: sim.mode === 'proc' ? durations.length * 16 : null,
    tasks, coreSamples: coreSamples(tasks, wall, sim.executor === 'serial' ? 0 : sim.startup, cores, busyPerTask),
    output: { stdout: sim.stdout ?? '', stderr: sim.stderr ?? '', bytes: (sim.stdout ?? '').length + (sim.stderr ?? '').length, truncated: false },
    warnings: sim.warnings ?? [], error: sim.error ?? null,
  };
}

function base(file: string, fn: string, expression: string, count: number, machine: Machine, runtime: Runtime): Omit<Report, 'runs' | 'verdict' | 'status'> {
  return { schemaVersion: 1, tool: { name: 'parallel-profiler', version: '0.1.0' }, createdAt: '2025-11-23T18:40:00.000Z',
    target: { file, function: fn, language: 'python', inputs: { expression, count } }, settings: { repeat: 3, timeoutSeconds: 120 }, machine, runtime };
}
const py311: Runtime = { executable: '/usr/local/bin/python3', version: '3.11.7', implementation: 'CPython', gilEnabled: true, startMethods: ['fork', 'spawn', 'forkserver'], defaultStartMethod: 'fork', extras: {} };
const epyc: Machine = { logicalCores: 2, physicalCores: 2, cpuBrand: 'AMD EPYC', memoryBytes: 25_276_026_880, platform: 'linux-x64' };
const laptop: Machine = { logicalCores: 8, physicalCores: 4, cpuBrand: 'Intel® Core™ i7-10510U', memoryBytes: 17_053_417_472, platform: 'linux-x64' };
const out = path.resolve(import.meta.dirname, '../fixtures/reports');
mkdirSync(out, { recursive: true });
/** Writes a fixture only when the report schema's strict copy accepts it. */
function save(name: string, report: Report, indent?: number): void {
  assertValidReport(report, name);
  writeFileSync(path.join(out, name), JSON.stringify(report, null, indent));
}
const startups: Record<StartMethod, number> = { fork: 0.012, spawn: 0.164, forkserver: 0.081 };

// 1. cpu-bound primes on 2 cores
{
  const durations = Array.from({ length: 8 }, () => jitter(0.212, 0.03));
  const sims: Sim[] = [{ executor: 'serial', startMethod: null, workers: 1, mode: 'serial', startup: 0, gap: 0.00004 }];
  for (const w of [1, 2, 4]) sims.push({ executor: 'thread', startMethod: null, workers: w, mode: 'gil', startup: 0.0004, gap: 0.0001 });
  for (const m of ['fork', 'spawn', 'forkserver'] as StartMethod[]) for (const w of [1, 2, 4]) sims.push({ executor: 'process', startMethod: m, workers: w, mode: 'proc', startup: startups[m] * (1 + 0.15 * (w - 1)), gap: 0.0007 });
  for (const w of [1, 2, 4]) sims.push({ executor: 'pool', startMethod: null, workers: w, chunksize: 1, mode: 'proc', startup: 0.011 * (1 + 0.15 * (w - 1)), gap: 0.0005 });
  sims[sims.length - 1].warnings = ['4 workers on 2 logical cores: oversubscribed, the workers take turns on the cores.'];
  const serial = makeRun(sims[0], durations, 0.995, 2, 1, 41_200, null, 3);
  const runs = [serial, ...sims.slice(1).map((s, i) => makeRun(s, durations, 0.99, 2, 1, 41_210 + i * 10, serial.wallSeconds, 3))];
  const best = runs.filter((r) => r.speedup !== null).sort((a, b) => (b.speedup ?? 0) - (a.speedup ?? 0))[0];
  const thread2 = runs.find((r) => r.id === 'thread/2')!;
  const report: Report = { ...base('/work/main/examples/primes.py', 'count_primes', 'PROFILE_INPUTS', 8, epyc, py311), status: 'complete', runs,
    verdict: { kind: 'cpu-bound', best: { executor: best.executor, startMethod: best.startMethod, workers: best.workers, speedup: best.speedup! },
      explanation: `count_primes keeps one core busy for the whole call: its CPU time is ${(serial.cpuSeconds! / serial.wallSeconds! * 100).toFixed(0)}% of its wall time. Threads share one GIL, so 2 threads ran at ${thread2.speedup!.toFixed(2)}×; separate processes each have their own interpreter and reached ${best.speedup!.toFixed(2)}× on 2 physical cores.`,
      recommendation: `Use a ProcessPoolExecutor with ${best.workers} workers (one per physical core). More workers than cores only adds switching.`,
      code: `import multiprocessing\nfrom concurrent.futures import ProcessPoolExecutor\n\nif __name__ == "__main__":\n    context = multiprocessing.get_context("${best.startMethod}")\n    with ProcessPoolExecutor(max_workers=${best.workers}, mp_context=context) as pool:\n        results = list(pool.map(count_primes, PROFILE_INPUTS))`,
      evidence: [`serial: CPU ${(serial.cpuSeconds! / serial.wallSeconds! * 100).toFixed(0)}% of wall`, `thread × 2: ${thread2.speedup!.toFixed(2)}× (the GIL serializes the threads)`, `${best.id}: ${best.speedup!.toFixed(2)}×, efficiency ${(best.efficiency! * 100).toFixed(0)}%`, `4 workers on 2 cores: no further gain`] } };
  save('cpu-bound-primes.synthetic.json', report, 1);
}

// 2. io-bound sleepy requests on an 8/4 laptop
{
  const durations = Array.from({ length: 16 }, () => jitter(0.2505, 0.004));
  const sims: Sim[] = [{ executor: 'serial', startMethod: null, workers: 1, mode: 'wait', startup: 0, gap: 0.00005 }];
  for (const w of [2, 4, 8, 16]) sims.push({ executor: 'thread', startMethod: null, workers: w, mode: 'wait', startup: 0.0005, gap: 0.00015 });
  for (const w of [2, 4, 8]) sims.push({ executor: 'process', startMethod: 'fork', workers: w, mode: 'wait', startup: 0.014 * (1 + 0.2 * (w - 1)), gap: 0.0008 });
  const serial = makeRun(sims[0], durations, 0.002, 8, 0.01, 7_700, null, 3);
  const runs = [serial, ...sims.slice(1).map((s, i) => makeRun(s, durations, 0.003, 8, 0.02, 7_710 + i * 20, serial.wallSeconds, 3))];
  const best = runs.filter((r) => r.speedup !== null).sort((a, b) => (b.speedup ?? 0) - (a.speedup ?? 0))[0];
  const report: Report = { ...base('/work/main/examples/sleepy_requests.py', 'fetch', 'PROFILE_INPUTS', 16, laptop, { ...py311, version: '3.12.3', executable: '/home/ana/.venvs/scrape/bin/python' }), status: 'complete', runs,
    verdict: { kind: 'io-bound', best: { executor: best.executor, startMethod: best.startMethod, workers: best.workers, speedup: best.speedup! },
      explanation: `fetch spends almost all of its time waiting: its CPU time is ${(serial.cpuSeconds! / serial.wallSeconds! * 100).toFixed(1)}% of its wall time. A waiting thread holds neither a core nor the GIL, so threads overlap the waits: ${best.workers} threads reached ${best.speedup!.toFixed(1)}× on ${laptop.logicalCores} logical cores.`,
      recommendation: `Use a ThreadPoolExecutor with one thread per concurrent request (${best.workers} here); processes add start-up cost and give nothing more.`,
      code: `from concurrent.futures import ThreadPoolExecutor\n\nwith ThreadPoolExecutor(max_workers=${best.workers}) as pool:\n    results = list(pool.map(fetch, PROFILE_INPUTS))`,
      evidence: ['serial: CPU 0.2% of wall', `thread × 16: ${best.speedup!.toFixed(1)}×, more than the 8 logical cores`, 'process (fork) × 8: the same waits plus start-up'] } };
  save('io-bound-sleepy-requests.synthetic.json', report, 1);
}

// 3. failed runs, partial (cancelled), and hostile text in the user's output
{
  const durations = Array.from({ length: 12 }, () => jitter(0.034, 0.2));
  const hostile = "<script>alert(1)</script>";
  const tb = `Traceback (most recent call last):\n  File "/home/ana/scripts/scrape_titles.py", line 14, in extract_title\n    return PARSER.feed(page).title\n  File "/home/ana/scripts/scrape_titles.py", line 9, in feed\n    raise ValueError(f"unexpected tag {tag!r} at offset {pos}")\nValueError: unexpected tag '${hostile}' at offset 17`;
  const sims: Sim[] = [
    { executor: 'serial', startMethod: null, workers: 1, mode: 'serial', startup: 0, gap: 0.00005 },
    { executor: 'thread', startMethod: null, workers: 2, mode: 'wait', startup: 0.0004, gap: 0.0001 },
    { executor: 'thread', startMethod: null, workers: 4, mode: 'wait', startup: 0.0005, gap: 0.0001, stdout: `parsing page 3: ${hostile}\n`, stderr: `${tb}\n`,
      error: { kind: 'exception', message: `extract_title raised ValueError: unexpected tag '${hostile}' at offset 17.`, hint: 'The function shares the module-level PARSER between threads; create one parser per call or guard it with a lock.', traceback: tb, file: '/home/ana/scripts/scrape_titles.py', line: 9 } },
    { executor: 'process', startMethod: 'fork', workers: 2, mode: 'proc', startup: 0.013, gap: 0.0007,
      error: { kind: 'worker-crashed', message: 'A worker process died with SIGSEGV while running extract_title.', hint: 'A C extension crashed after fork; try the spawn or forkserver start method, or import the extension inside the function.', signal: 'SIGSEGV', exitCode: -11 } },
    { executor: 'process', startMethod: 'spawn', workers: 2, mode: 'proc', startup: 0.17, gap: 0.0007, stderr: 'RuntimeError: An attempt has been made to start a new process before the current process has finished its bootstrapping phase.\n',
      error: { kind: 'bootstrap', message: 'Starting workers with spawn re-imported scrape_titles.py, which started processes again at import time.', hint: 'Put the code that starts the pool under if __name__ == "__main__": in scrape_titles.py.', file: '/home/ana/scripts/scrape_titles.py', line: 31 } },
    { executor: 'process', startMethod: 'forkserver', workers: 2, mode: 'proc', startup: 0.08, gap: 0.0007,
      error: { kind: 'cancelled', message: 'The profile was cancelled before this configuration ran.', hint: 'Run the profile again to measure it.' } },
  ];
  const serial = makeRun(sims[0], durations, 0.3, 2, 0.3, 5_100, null, 3);
  const runs = [serial, ...sims.slice(1).map((s, i) => makeRun(s, durations, 0.3, 2, 0.3, 5_110 + i * 10, serial.wallSeconds, 3))];
  const t2 = runs[1];
  const report: Report = { ...base('/home/ana/scripts/scrape_titles.py', 'extract_title', 'PAGES', 12, epyc, py311), status: 'partial', runs,
    verdict: { kind: 'mixed', best: { executor: t2.executor, startMethod: null, workers: 2, speedup: t2.speedup! },
      explanation: `Only serial and thread × 2 finished. thread × 2 ran at ${t2.speedup!.toFixed(2)}×; thread × 4 raised ValueError: unexpected tag '${hostile}', the fork workers crashed and spawn hit the missing main guard.`,
      recommendation: 'Fix the shared parser and the main guard, then profile again: the numbers so far are too few for a verdict.',
      code: `if __name__ == "__main__":\n    from concurrent.futures import ThreadPoolExecutor\n    with ThreadPoolExecutor(max_workers=2) as pool:\n        results = list(pool.map(extract_title, PAGES))`,
      evidence: [`thread × 2: ${t2.speedup!.toFixed(2)}×`, 'thread × 4: exception', 'process (fork) × 2: worker crashed (SIGSEGV)', 'process (spawn) × 2: bootstrap error', 'process (forkserver) × 2: cancelled'] } };
  save('failed-runs-partial.synthetic.json', report, 1);
}

// 4. 10,000 tiny tasks
{
  digits = 1e7;
  const n = 10_000;
  const durations = Array.from({ length: n }, () => jitter(0.0000021, 0.3));
  const sims: Sim[] = [
    { executor: 'serial', startMethod: null, workers: 1, mode: 'serial', startup: 0, gap: 0.0000012 },
    { executor: 'thread', startMethod: null, workers: 2, mode: 'gil', startup: 0.0004, gap: 0.000046 },
    { executor: 'process', startMethod: 'fork', workers: 2, mode: 'proc', startup: 0.015, gap: 0.00011 },
  ];
  const serial = makeRun(sims[0], durations, 0.9, 2, 1, 9_001, null, 3);
  const runs = [serial, ...sims.slice(1).map((s, i) => makeRun(s, durations, 0.6, 2, 0.3, 9_010 + i * 10, serial.wallSeconds, 3))];
  const report: Report = { ...base('/work/main/examples/tiny_tasks.py', 'square', 'range(10_000)', n, epyc, py311), status: 'complete', runs,
    verdict: { kind: 'overhead-bound', best: { executor: 'serial', startMethod: null, workers: 1, speedup: 1 },
      explanation: `Each call of square takes about 2 µs, but handing it to a worker costs far more: process (fork) × 2 ran at ${runs[2].speedup!.toFixed(2)}× and thread × 2 at ${runs[1].speedup!.toFixed(2)}×.`,
      recommendation: 'Keep it serial, or send the inputs in large batches (chunksize in the thousands) so each hand-off carries real work.',
      code: 'results = [square(x) for x in range(10_000)]',
      evidence: ['task median 2.1 µs', `dispatch share of process (fork) × 2: ${(runs[2].overheads!.dispatch * 100).toFixed(0)}%`, 'parallel slower than serial at every worker count'] } };
  save('overhead-bound-tiny-tasks-10000.synthetic.json', report);
}
console.log(`wrote the synthetic reports to ${out}`);
