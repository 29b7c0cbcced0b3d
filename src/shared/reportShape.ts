// Checks that a parsed JSON value has the shape of a schemaVersion 1 report before anything draws
// it: a saved report may come from anywhere (another tool, another version, a hand edit, an
// attacker), and the panel must get either a report it can draw or a sentence saying which field
// is wrong. Only types and finiteness are checked: absurd but well-typed figures (a negative wall,
// 1e308 workers) are drawn as they are, which is safe because the panel never interprets a string.

import { EXECUTORS } from './executors';
import type { ErrorKind, StartMethod, VerdictKind, WarningCode } from './report';

type Check = (value: unknown, at: string) => string | null;

const START_METHODS: Record<StartMethod, true> = { fork: true, spawn: true, forkserver: true };
const VERDICT_KINDS: Record<VerdictKind, true> = {
  'cpu-bound': true, 'io-bound': true, 'gil-free': true, 'overhead-bound': true, 'internally-parallel': true, mixed: true, failed: true, inconclusive: true,
};
const ERROR_KINDS: Record<ErrorKind, true> = {
  exception: true, 'worker-crashed': true, crashed: true, timeout: true, unpicklable: true, bootstrap: true, import: true,
  exit: true, interrupted: true, cancelled: true, unavailable: true, skipped: true,
};
const WARNING_CODES: Record<WarningCode, true> = {
  'cancelled-part-way': true, 'other-load': true, 'slow-baseline': true, 'baseline-remeasured': true, 'output-flood': true, 'budget-left-out': true, 'uneven-cpus': true, 'shared-cpus': true, 'slow-import': true, 'run-warning': true,
};

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return `${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const number: Check = (value, at) => (typeof value === 'number' && Number.isFinite(value) ? null : `${at} is ${describe(value)}, not a number`);
const string: Check = (value, at) => (typeof value === 'string' ? null : `${at} is ${describe(value)}, not text`);
const boolean: Check = (value, at) => (typeof value === 'boolean' ? null : `${at} is ${describe(value)}, not true or false`);
const nullable = (check: Check): Check => (value, at) => (value === null ? null : check(value, at));
/** A field added after the first reports: older reports lack it, and that is fine. */
const optional = (check: Check): Check => (value, at) => (value === undefined ? null : check(value, at));
const oneOf = (allowed: Readonly<Record<string, unknown>>, what: string): Check => (value, at) =>
  typeof value === 'string' && Object.hasOwn(allowed, value) ? null : `${at} is ${describe(value)}, not ${what} this version knows`;

function list(check: Check): Check {
  return (value, at) => {
    if (!Array.isArray(value)) return `${at} is ${describe(value)}, not a list`;
    for (let index = 0; index < value.length; index++) {
      const problem = check(value[index], `${at}[${index}]`);
      if (problem) return problem;
    }
    return null;
  };
}

function object(fields: Record<string, Check>): Check {
  return (value, at) => {
    if (!isRecord(value)) return `${at} is ${describe(value)}, not an object`;
    for (const [name, check] of Object.entries(fields)) {
      const problem = check(value[name], at ? `${at}.${name}` : name);
      if (problem) return problem;
    }
    return null;
  };
}

const textRecord: Check = (value, at) => {
  if (!isRecord(value)) return `${at} is ${describe(value)}, not an object`;
  for (const [name, each] of Object.entries(value)) {
    const problem = string(each, `${at}.${name}`);
    if (problem) return problem;
  }
  return null;
};

const runError = object({
  kind: oneOf(ERROR_KINDS, 'an error kind'),
  message: string,
  hint: string,
  traceback: optional(string),
  file: optional(string),
  line: optional(number),
  signal: optional(nullable(string)),
  exitCode: optional(nullable(number)),
});

const run = object({
  id: string,
  executor: oneOf(EXECUTORS, 'an executor'),
  startMethod: nullable(oneOf(START_METHODS, 'a start method')),
  workers: number,
  chunksize: nullable(number),
  libraryThreads: optional(nullable(number)),
  wallSeconds: nullable(number),
  wallSpread: nullable(object({ min: number, max: number })),
  repeats: list(number),
  outliers: list(number),
  startupSeconds: nullable(number),
  cpuSeconds: nullable(number),
  processCpuSeconds: nullable(number),
  childCpuSeconds: optional(nullable(number)),
  queuedSeconds: optional(nullable(number)),
  threadParallelism: optional(nullable(number)),
  speedup: nullable(number),
  speedupLow: optional(nullable(number)),
  speedupHigh: optional(nullable(number)),
  efficiency: nullable(number),
  cpuUtilization: nullable(number),
  serialFraction: nullable(number),
  otherCores: optional(nullable(number)),
  overheads: nullable(object({ startup: number, dispatch: number, imbalance: number })),
  argBytes: nullable(number),
  resultBytes: nullable(number),
  peakMemoryBytes: optional(nullable(number)),
  pinnedCpus: optional(list(nullable(number))),
  tasks: list(object({ index: number, worker: number, pid: number, thread: number, start: number, end: number, cpuSeconds: nullable(number) })),
  tasksSummary: optional(object({ count: number, kept: number, durationSeconds: object({ min: number, median: number, max: number }), cpuSeconds: nullable(number) })),
  coreSamples: object({ intervalSeconds: number, t: list(number), load: list(list(number)) }),
  output: object({ stdout: string, stderr: string, bytes: number, truncated: boolean }),
  warnings: list(string),
  error: nullable(runError),
});

const report = object({
  tool: object({ name: string, version: string }),
  createdAt: string,
  status: oneOf({ complete: true, partial: true }, 'a status'),
  target: object({
    file: string,
    function: string,
    language: oneOf({ python: true, javascript: true, typescript: true }, 'a language'),
    inputs: object({ expression: string, count: number }),
    imported: optional(object({ seconds: number, ownSeconds: number })),
  }),
  settings: object({ repeat: number, timeoutSeconds: number, plan: optional(string), pairing: optional(string), budgetSeconds: optional(number), loops: optional(number) }),
  machine: object({
    logicalCores: number, physicalCores: number, cpuBrand: string, memoryBytes: number, platform: string,
    usable: optional(object({ logicalCores: number, physicalCores: number, affinity: nullable(list(number)), quotaCores: nullable(number), quotaSource: nullable(string) })),
    cpuSpeeds: optional(list(object({ at: oneOf({ start: true, end: true }, 'start or end'), cpus: list(number), seconds: list(number), aloneSeconds: optional(number) }))),
  }),
  runtime: object({
    executable: string,
    version: string,
    implementation: string,
    gilEnabled: nullable(boolean),
    startMethods: list(oneOf(START_METHODS, 'a start method')),
    defaultStartMethod: nullable(oneOf(START_METHODS, 'a start method')),
    extras: textRecord,
    cpuCount: optional(object({ os: nullable(number), affinity: nullable(number), process: nullable(number) })),
  }),
  runs: list(run),
  verdict: object({
    kind: oneOf(VERDICT_KINDS, 'a verdict'),
    confidence: optional(oneOf({ high: true, medium: true, low: true }, 'a confidence')),
    best: nullable(object({ executor: oneOf(EXECUTORS, 'an executor'), startMethod: nullable(oneOf(START_METHODS, 'a start method')), workers: number, speedup: number, chunksize: optional(nullable(number)), libraryThreads: optional(nullable(number)) })),
    explanation: string,
    recommendation: string,
    code: string,
    evidence: list(string),
  }),
  warnings: optional(list(object({ code: oneOf(WARNING_CODES, 'a warning code'), message: string, advice: string, runs: list(string) }))),
  provenance: optional(object({ commit: nullable(string), branch: nullable(string), dirty: nullable(boolean), path: string })),
});

/** The first field that does not fit a schemaVersion 1 report, as "runs[2].wallSeconds is "NaN", not a number"; null when it fits. */
export function reportShapeProblem(value: unknown): string | null {
  return report(value, '');
}
