// The verdict corpus (test/corpus/manifest.json): its cases, profiling one through the real CLI
// and interpreter, and judging the verdict against what a performance engineer expects. One
// definition for the CI test (quick cases) and `npm run verdicts` (all of them, and repeatability).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { executorFamily, type ExecutorFamily } from '../../src/shared/executors';
import { formatCores, formatSeconds, formatSpeedup } from '../../src/shared/format';
import { sharedCpus, unevenCpus, type Report, type Run, type VerdictKind, type WarningCode } from '../../src/shared/report';
import { readCpuSpeeds } from '../../src/system/cpuSpeeds';
import { ROOT, runCli, runCliLocked } from './cli';
import { readReportFile } from './reportSchema';

export const MANIFEST = path.join(ROOT, 'test', 'corpus', 'manifest.json');

export interface CorpusCase {
  id: string;
  /** Relative to the repository root. */
  file: string;
  function: string;
  /** Every verdict kind that is right for it on this 2-core machine. */
  kinds: VerdictKind[];
  /** Every executor family the recommendation may name ('serial' when staying serial is the advice). */
  families: ExecutorFamily[];
  reason: string;
  /** Serial run under 0.3 s on a quiet core: run in CI. */
  quick: boolean;
  /** CLI arguments beyond the defaults, e.g. ["--executors", "thread,process"]. */
  args?: string[];
  /** A disagreement measured with today's rules that another change is to fix: what was measured and why. */
  knownDisagreement?: string;
  /** The processes family counts too when the advice holds each worker's numeric library to a
   * thread (measured faster than serial beyond the noise): a library product split over threads
   * waits for its slowest thread, so a slow or busy core can hand the gain to processes side by side. */
  heldThreads?: boolean;
}

export interface Manifest {
  cases: CorpusCase[];
  examples: CorpusCase[];
}

const FAMILIES: readonly string[] = ['serial', 'threads', 'processes'];

/** The manifest, checked field by field so that a typo fails loudly instead of never matching. */
export function readManifest(file = MANIFEST): Manifest {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { cases?: unknown; examples?: unknown };
  const check = (list: unknown, where: string): CorpusCase[] => {
    if (!Array.isArray(list)) throw new Error(`${file}: "${where}" is not a list`);
    return list.map((entry: CorpusCase, index) => {
      const at = `${file}: ${where}[${index}] (${entry?.id ?? 'no id'})`;
      if (typeof entry.id !== 'string' || typeof entry.file !== 'string' || typeof entry.function !== 'string') throw new Error(`${at}: id, file and function must be strings`);
      if (!Array.isArray(entry.kinds) || entry.kinds.length === 0) throw new Error(`${at}: kinds must list at least one verdict kind`);
      if (!Array.isArray(entry.families) || entry.families.length === 0 || entry.families.some((family) => !FAMILIES.includes(family))) {
        throw new Error(`${at}: families must list some of ${FAMILIES.join(', ')}`);
      }
      if (typeof entry.reason !== 'string' || entry.reason.length < 20) throw new Error(`${at}: the reason must say why`);
      if (typeof entry.quick !== 'boolean') throw new Error(`${at}: quick must be true or false`);
      if (entry.heldThreads !== undefined && typeof entry.heldThreads !== 'boolean') throw new Error(`${at}: heldThreads must be true or false`);
      return entry;
    });
  };
  const cases = check(raw.cases, 'cases');
  const examples = check(raw.examples ?? [], 'examples');
  const ids = [...cases, ...examples].map((entry) => entry.id);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) throw new Error(`${file}: ids appear twice: ${repeated.join(', ')}`);
  return { cases, examples };
}

/** What the verdict said, reduced to what the corpus compares. */
export interface Outcome {
  kind: VerdictKind;
  /** The recommended executor's family; null when the verdict names no configuration. */
  family: ExecutorFamily | null;
  /** Threads the advice holds each worker's numeric library to; null when left to its own. */
  libraryThreads: number | null;
  /** The recommended configuration, e.g. "process/fork/2"; "none" when there is none. */
  config: string;
  /** Wall time of the profile, seconds (the whole CLI run, waiting for a lock included). */
  profileSeconds: number | null;
  serialSeconds: number | null;
  report: Report;
}

export interface ProfileFailure {
  error: string;
}

/**
 * Profiles one case with the built CLI and the real interpreter; the report goes to `json`. With
 * `lockFile`, the profile runs under `flock lockFile` (the machine-wide measurement lock), taken
 * for this one profile only, so a long corpus run never holds other measurements up for long.
 */
export async function profileCase(entry: CorpusCase, json: string, extraArgs: string[] = [], lockFile?: string): Promise<Outcome | ProfileFailure> {
  const args = ['profile', entry.file, '--function', entry.function, '--json', json, '--quiet', ...(entry.args ?? []), ...extraArgs];
  const started = performance.now();
  const result = await (lockFile ? runCliLocked(lockFile, args) : runCli(args));
  const profileSeconds = (performance.now() - started) / 1000;
  if (result.code !== 0) return { error: `exit ${result.code ?? result.signal}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}` };
  return outcomeOf(readReportFile(json), profileSeconds);
}

/** A saved report's outcome (`profileSeconds` null when the profile was not timed here). */
export function outcomeOf(report: Report, profileSeconds: number | null = null): Outcome {
  const best = report.verdict.best;
  const serial = report.runs.find((run) => run.executor === 'serial' && run.wallSeconds !== null);
  return {
    kind: report.verdict.kind,
    family: best ? executorFamily(best.executor) : null,
    libraryThreads: typeof best?.libraryThreads === 'number' ? best.libraryThreads : null,
    config: best ? [best.executor, best.startMethod, best.workers, typeof best.libraryThreads === 'number' ? `library-threads=${best.libraryThreads}` : null].filter((part) => part !== null).join('/') : 'none',
    profileSeconds,
    serialSeconds: serial?.wallSeconds ?? null,
    report,
  };
}

export function isFailure(outcome: Outcome | ProfileFailure): outcome is ProfileFailure {
  return 'error' in outcome;
}

/**
 * Whether the report itself doubts its measurement: other programs kept the cores busy while it
 * measured, or its CPUs ran at uneven speeds (warnings that advise profiling again later), or the
 * verdict rates itself below high confidence. The tests that judge verdicts on this shared machine
 * then do what a user would: profile again, up to PROFILE_ATTEMPTS in all.
 */
export function measuredOnBusyMachine(report: Report): boolean {
  return !measuredQuietly(report) || (report.verdict.confidence !== undefined && report.verdict.confidence !== 'high');
}

/** The warnings of a machine that was not quiet: other programs' load, CPUs at uneven speeds, CPUs
 * slowed all at once. */
export const NOT_QUIET: readonly WarningCode[] = ['other-load', 'uneven-cpus', 'shared-cpus'];

/** The report's warnings of a machine that was not quiet (NOT_QUIET), by code. */
export function notQuietWarnings(report: Report): WarningCode[] {
  return (report.warnings ?? []).map((warning) => warning.code).filter((code) => NOT_QUIET.includes(code));
}

/** Whether the report saw a quiet machine (none of the NOT_QUIET warnings). Issue 13's
 * repeatability is asked of profiles on a quiet machine. */
export function measuredQuietly(report: Report): boolean {
  return notQuietWarnings(report).length === 0;
}

/** How long a retry waits at most for the CPUs to run evenly, and at full speed together, again. */
const EVEN_WAIT_SECONDS = 30;

/**
 * Before profiling again after a report that found the CPUs uneven or slowed all at once: what its
 * warning advises, "profile again later". Reads the CPUs (the profile's own reading) every second
 * until two readings in a row are even and not slowed all at once, for at most EVEN_WAIT_SECONDS;
 * says how long it waited. Returns at once when the report found them neither.
 */
export async function waitForEvenCpus(report: Report): Promise<void> {
  if (!unevenCpus(report.machine) && !sharedCpus(report.machine)) return;
  const cpus = report.machine.cpuSpeeds?.[0]?.cpus ?? [];
  const began = performance.now();
  let even = 0;
  while (even < 2 && performance.now() - began < EVEN_WAIT_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const reading = await readCpuSpeeds(cpus, 'start');
    // One reading, taken as both: uneven, or slowed all at once against its own time alone.
    even = reading && !unevenCpus({ cpuSpeeds: [reading, { ...reading, at: 'end' }] }) && !sharedCpus({ cpuSpeeds: [reading, { ...reading, at: 'end' }] }) ? even + 1 : 0;
  }
  process.stdout.write(`# the CPUs ran unevenly or slowed all at once; waited ${formatSeconds((performance.now() - began) / 1000)} for ${even >= 2 ? 'them to run evenly and at full speed together' : 'them, in vain'}\n`);
}

/** Profiles of one case at most, while each doubts its measurement and disagrees. */
export const PROFILE_ATTEMPTS = 3;

/** Whether the verdict is one the case accepts: an accepted kind and an accepted family. */
export function agrees(entry: CorpusCase, outcome: Outcome): boolean {
  if (!entry.kinds.includes(outcome.kind) || outcome.family === null) return false;
  return entry.families.includes(outcome.family) || (entry.heldThreads === true && outcome.family === 'processes' && outcome.libraryThreads !== null);
}

function fastest(runs: Run[]): Run | null {
  return runs.reduce<Run | null>((best, run) => (run.speedup !== null && (best === null || (best.speedup ?? 0) < run.speedup) ? run : best), null);
}

/** The measurements a rules author needs to see why a verdict came out as it did, one line each. */
export function evidence(outcome: Outcome): string[] {
  const { report } = outcome;
  const serial = report.runs.find((run) => run.executor === 'serial');
  const row = (label: string, run: Run | null): string =>
    run
      ? `${label}: ${run.id} ${formatSpeedup(run.speedup)} (wall ${formatSeconds(run.wallSeconds)}, CPU use ${run.cpuUtilization === null ? '—' : `${Math.round(run.cpuUtilization * 100)}%`}${run.error ? `, ${run.error.kind}` : ''})`
      : `${label}: none measured`;
  const failed = report.runs.filter((run) => run.error).map((run) => `${run.id} ${run.error?.kind}`);
  return [
    `verdict ${report.verdict.kind}, best ${outcome.config}: ${report.verdict.explanation.split(/(?<=\.)\s/)[0]}`,
    `serial: wall ${formatSeconds(serial?.wallSeconds)}, repeats ${serial?.repeats.map((value) => formatSeconds(value)).join(' ') ?? '—'}, cores busy ${formatCores(serial?.threadParallelism)}`,
    row('fastest threads', fastest(report.runs.filter((run) => executorFamily(run.executor) === 'threads'))),
    row('fastest processes', fastest(report.runs.filter((run) => executorFamily(run.executor) === 'processes'))),
    ...(failed.length > 0 ? [`failed: ${failed.join(', ')}`] : []),
    ...(report.warnings ?? []).map((warning) => `warning ${warning.code}: ${warning.message}`),
  ];
}
