// The largest report the profiler writes, for the report size limit: the default plan on a machine
// of 64 logical cores with every Python executor, each run's task spans at the limit a report keeps
// (passed through limitTaskSpans), both output streams at their cap, and two minutes (the default
// timeout) of core samples at 10 Hz — each number at full double precision, as the engine writes them.
import { planConfigs } from '../../src/core/plan';
import { limitTaskSpans, TASK_SPANS_KEPT } from '../../src/core/spanLimit';
import type { ExecutorChoice } from '../../src/shared/runner';
import { OUTPUT_CAP_BYTES } from '../../src/runners/python/runner';
import type { Executor, Report } from '../../src/shared/report';
import { sampleReport, sampleRun } from '../unit/extension-fixtures';

const PYTHON_EXECUTORS: Executor[] = ['serial', 'thread', 'process', 'pool', 'joblib-loky', 'joblib-threading', 'dask', 'interpreter'];
const CORES = 64;
const DEFAULT_TIMEOUT_SECONDS = 120;

export function worstCaseReport(): { report: Report; runs: number } {
  const executors: ExecutorChoice[] = PYTHON_EXECUTORS.flatMap((executor) =>
    executor === 'process' || executor === 'pool'
      ? (['fork', 'spawn', 'forkserver'] as const).map((startMethod) => ({ executor, startMethod }))
      : [{ executor, startMethod: null } as ExecutorChoice],
  );
  const configs = planConfigs({ executors, logicalCores: CORES, physicalCores: CORES / 2, repeat: 3, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, chunksize: null, inputsCount: 1_000_000 });
  const line = 'processed item 123456 of 1000000: result=0.1234567890123\n';
  const capped = line.repeat(Math.ceil(OUTPUT_CAP_BYTES / line.length)).slice(0, OUTPUT_CAP_BYTES);
  const samples = DEFAULT_TIMEOUT_SECONDS * 10;
  const runs = configs.map((config) => {
    const run = sampleRun(config.executor, config.startMethod, config.workers, 1.2345678901234567);
    run.tasks = Array.from({ length: TASK_SPANS_KEPT * 2 }, (_, index) => ({
      index: 999_000 + index, worker: index % 128, pid: 4_194_303, thread: 140_737_488_355_327,
      start: 123.45678901234567 + index / 3, end: 123.56789012345678 + index / 3, cpuSeconds: 0.012345678901234567,
    }));
    run.coreSamples = {
      intervalSeconds: 0.1,
      t: Array.from({ length: samples }, (_, index) => index * 0.1 + 0.012345678901234),
      load: Array.from({ length: samples }, () => Array.from({ length: CORES }, (_, core) => 66.66666666666667 - core / 7)),
    };
    run.output = { stdout: capped, stderr: capped, bytes: 1e12, truncated: true };
    return run;
  });
  return { report: limitTaskSpans(sampleReport({ runs, best: null })), runs: configs.length };
}
