// Small, valid reports for the extension's unit tests.
import type { Executor, Report, Run, StartMethod, Verdict } from '../../src/shared/report';
import { assertValidReport } from '../helpers/reportSchema';
import { pythonRuntime } from './fixtures/synthetic';

export function sampleRun(executor: Executor, startMethod: StartMethod | null, workers: number, speedup: number | null): Run {
  return {
    id: startMethod ? `${executor}/${startMethod}/${workers}` : `${executor}/${workers}`,
    executor,
    startMethod,
    workers,
    chunksize: null,
    wallSeconds: speedup ? 1 / speedup : null,
    wallSpread: speedup ? { min: 0.9 / speedup, max: 1.1 / speedup } : null,
    repeats: speedup ? [1 / speedup] : [],
    outliers: [],
    startupSeconds: 0.01,
    cpuSeconds: 1,
    processCpuSeconds: 1,
    queuedSeconds: null,
    threadParallelism: null,
    speedup,
    efficiency: speedup ? speedup / workers : null,
    cpuUtilization: 0.9,
    serialFraction: null,
    overheads: null,
    otherCores: null,
    argBytes: 10,
    resultBytes: 10,
    tasks: [],
    coreSamples: { intervalSeconds: 0.1, t: [], load: [] },
    output: { stdout: '', stderr: '', bytes: 0, truncated: false },
    warnings: [],
    error: null,
  };
}

export function sampleReport(options: {
  runs: Run[];
  best: Verdict['best'];
  kind?: Verdict['kind'];
  file?: string;
  functionName?: string;
  createdAt?: string;
}): Report {
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'parallel-profiler', version: '0.1.0' },
    createdAt: options.createdAt ?? '2025-01-02T03:04:05.678Z',
    status: 'complete',
    target: {
      file: options.file ?? '/work/examples/primes.py',
      function: options.functionName ?? 'count_primes',
      language: 'python',
      inputs: { expression: '[60_000] * 8', count: 8 },
    },
    settings: { repeat: 3, timeoutSeconds: 120 },
    machine: { logicalCores: 2, physicalCores: 2, cpuBrand: 'Test CPU', memoryBytes: 2 ** 34, platform: 'linux-x64' },
    runtime: pythonRuntime,
    runs: options.runs,
    verdict: {
      kind: options.kind ?? 'cpu-bound',
      best: options.best,
      explanation: 'Threads stay at 1.0× because the GIL runs one thread at a time.',
      recommendation: 'Use a process pool with 2 workers.',
      code: 'with ProcessPoolExecutor(2) as pool: ...',
      evidence: [],
    },
  };
  assertValidReport(report, 'sampleReport()');
  return report;
}
