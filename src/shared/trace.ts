// The report as a Chrome trace (JSON object format), which Perfetto and chrome://tracing open:
// a process per configuration, laid one after another in time, a track per worker, a counter per core.

import { runLabel, type Report, type Run } from './report';

type Args = Record<string, string | number | boolean | null>;

interface EventBase {
  name: string;
  pid: number;
  tid: number;
  /** Microseconds. */
  ts: number;
}

export type TraceEvent =
  | (EventBase & { ph: 'M'; args: Args })
  | (EventBase & { ph: 'X'; cat: string; dur: number; args: Args })
  | (EventBase & { ph: 'C'; args: { load: number } })
  | (EventBase & { ph: 'i'; s: 'p'; args: Args });

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

/** Track of the run itself (its timed span, its error); worker tracks follow from 1. */
const RUN_TID = 0;
/** Space between two configurations, as a share of the longer one, so runs read as separate blocks. */
const GAP_SHARE = 0.1;
const MIN_GAP_SECONDS = 0.001;

function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function micros(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e3;
}

/** The run's extent in its own seconds (0 = first submit of the kept repeat), samples included. */
function extent(run: Run): { from: number; to: number } {
  let from = 0;
  let to = finite(run.wallSeconds) ?? 0;
  for (const task of run.tasks) {
    from = Math.min(from, finite(task.start) ?? 0);
    to = Math.max(to, finite(task.end) ?? 0);
  }
  const interval = finite(run.coreSamples.intervalSeconds) ?? 0;
  for (const t of run.coreSamples.t) {
    const time = finite(t);
    if (time === null) continue;
    from = Math.min(from, time - interval);
    to = Math.max(to, time);
  }
  return { from, to };
}

function runEvents(run: Run, pid: number, offset: number): TraceEvent[] {
  const at = (seconds: number) => micros(offset + seconds);
  const label = runLabel(run);
  const events: TraceEvent[] = [
    { ph: 'M', name: 'process_name', pid, tid: RUN_TID, ts: 0, args: { name: label } },
    { ph: 'M', name: 'process_sort_index', pid, tid: RUN_TID, ts: 0, args: { sort_index: pid } },
    { ph: 'M', name: 'thread_name', pid, tid: RUN_TID, ts: 0, args: { name: 'run' } },
  ];
  const wall = finite(run.wallSeconds);
  if (wall !== null) {
    events.push({
      ph: 'X',
      cat: 'run',
      name: `${label} (timed repeat)`,
      pid,
      tid: RUN_TID,
      ts: at(0),
      dur: micros(Math.max(0, wall)),
      args: {
        id: run.id,
        wallSeconds: wall,
        startupSeconds: finite(run.startupSeconds),
        speedup: finite(run.speedup),
        efficiency: finite(run.efficiency),
        cpuUtilization: finite(run.cpuUtilization),
        otherCores: finite(run.otherCores),
      },
    });
  }
  if (run.error) {
    events.push({
      ph: 'i',
      s: 'p',
      name: `error: ${run.error.kind}`,
      pid,
      tid: RUN_TID,
      ts: at(0),
      args: { message: run.error.message, hint: run.error.hint },
    });
  }

  const workers = [...new Set(run.tasks.map((task) => task.worker))].sort((a, b) => a - b);
  for (const worker of workers) {
    const tid = worker + 1;
    events.push(
      { ph: 'M', name: 'thread_name', pid, tid, ts: 0, args: { name: `worker ${worker}` } },
      { ph: 'M', name: 'thread_sort_index', pid, tid, ts: 0, args: { sort_index: tid } },
    );
  }
  for (const task of run.tasks) {
    const start = finite(task.start) ?? 0;
    const end = finite(task.end) ?? start;
    events.push({
      ph: 'X',
      cat: 'task',
      name: `task ${task.index}`,
      pid,
      tid: task.worker + 1,
      ts: at(start),
      dur: micros(Math.max(0, end - start)),
      args: { index: task.index, pid: task.pid, thread: task.thread, cpuSeconds: finite(task.cpuSeconds) },
    });
  }

  const { t, load } = run.coreSamples;
  const interval = finite(run.coreSamples.intervalSeconds) ?? 0;
  const cores = load.reduce((widest, row) => Math.max(widest, row.length), 0);
  let last: number | null = null;
  for (let index = 0; index < t.length; index++) {
    const time = finite(t[index]);
    if (time === null) continue;
    // A sample is the average over the interval ending at its time; a counter holds from its ts on.
    const ts = at(time - interval);
    for (let core = 0; core < cores; core++) {
      events.push({ ph: 'C', name: `core ${core}`, pid, tid: RUN_TID, ts, args: { load: finite(load[index]?.[core]) ?? 0 } });
    }
    last = time;
  }
  // Close each counter, or Perfetto draws the last load on across every later configuration.
  if (last !== null) {
    for (let core = 0; core < cores; core++) {
      events.push({ ph: 'C', name: `core ${core}`, pid, tid: RUN_TID, ts: at(last), args: { load: 0 } });
    }
  }
  return events;
}

export function toChromeTrace(report: Report): ChromeTrace {
  const traceEvents: TraceEvent[] = [];
  const extents = report.runs.map(extent);
  const gap = Math.max(MIN_GAP_SECONDS, GAP_SHARE * Math.max(0, ...extents.map(({ from, to }) => to - from)));
  let cursor = 0;
  report.runs.forEach((run, index) => {
    const { from, to } = extents[index];
    // Shift the run so its earliest moment (a sample during pool start-up, say) lands on the cursor.
    // One push per event: spreading a run of 100,000+ spans into push() overflows the stack.
    for (const event of runEvents(run, index + 1, cursor - from)) traceEvents.push(event);
    cursor += to - from + gap;
  });
  return {
    traceEvents,
    displayTimeUnit: 'ms',
    metadata: {
      tool: `${report.tool.name} ${report.tool.version}`,
      createdAt: report.createdAt,
      target: `${report.target.function} in ${report.target.file}`,
      inputs: report.target.inputs.count,
      machine: report.machine,
      runtime: `${report.runtime.implementation} ${report.runtime.version}`,
      verdict: report.verdict.kind,
      best: report.verdict.best ? runLabel(report.verdict.best) : null,
    },
  };
}
