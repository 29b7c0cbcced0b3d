// The report's warnings, each a code, a message and its advice (as hyperfine's carry theirs): a
// cancelled profile, other programs' load, a disturbed serial baseline, output too large to keep,
// and what the runs reported. The engine stores them in the report; every surface reads them there.
import { runLabel, sharedCpus, sharedCpusCeiling, sharedCpusWords, unevenCpus, unevenCpusWords, type ProfileWarning, type Report, type Run } from '../shared/report';
import { EXECUTORS } from '../shared/executors';
import { baseName, formatBytes, formatSeconds, formatSpeedup } from '../shared/format';
import { contentionWarning } from './contention';
import { serialBaseline } from './analyse';

/** Warnings of the runs the engine itself adds (e.g. serial measured twice), by run id. */
export type EngineNotes = ReadonlyMap<string, readonly ProfileWarning[]>;

/**
 * Every warning of a report, most important first, each with its advice: a cancelled profile and
 * other programs' load change what every figure means and go first; then a held-up baseline, an
 * output flood, and what the runs themselves reported, each message once with the runs it came from.
 */
export function profileWarnings(report: Pick<Report, 'runs' | 'machine' | 'target' | 'status'>, notes: EngineNotes = new Map()): ProfileWarning[] {
  const warnings: ProfileWarning[] = [];
  if (report.status === 'partial') {
    warnings.push({
      code: 'cancelled-part-way',
      message: `Cancelled part-way: ${report.runs.filter((run) => run.error?.kind !== 'cancelled').length} configurations ran; the verdict uses only those.`,
      advice: 'Profile again to measure the rest.',
      runs: [],
    });
  }
  const contention = contentionWarning(report);
  if (contention) {
    warnings.push({ code: 'other-load', message: contention, advice: 'Close what else is running, or profile again at a quieter moment.', runs: [] });
  }
  const uneven = unevenCpusWarning(report);
  if (uneven) warnings.push(uneven);
  const shared = sharedCpusWarning(report);
  if (shared) warnings.push(shared);
  const baseline = slowBaselineWarning(report);
  if (baseline) warnings.push(baseline);
  const slowImport = slowImportWarning(report);
  if (slowImport) warnings.push(slowImport);
  const flood = outputFloodWarning(report);
  if (flood) warnings.push(flood);
  warnings.push(...runWarnings(report.runs, notes));
  return warnings;
}

/** One CPU ran the same loop markedly slower than another (machine.cpuSpeeds): every timing then
 * depends on where its processes landed, which no repeat within one profile can average out. */
export function unevenCpusWarning(report: Pick<Report, 'machine'>): ProfileWarning | null {
  const uneven = unevenCpus(report.machine);
  if (!uneven) return null;
  return {
    code: 'uneven-cpus',
    message: `The CPUs ran at uneven speeds: ${unevenCpusWords(uneven)}, read before the first configuration and again after the last. Each figure then depends on the CPU its processes ran on, and the speedups may fall short of what this machine gives when even. Something else kept ${uneven.readings ? 'those CPUs busy in turn' : 'that CPU busy'}: another program here, or on a shared host (a cloud VM, a container) another tenant, which does not show as load.`,
    advice: 'Profile again later and compare; on a shared host, a dedicated machine or instance gives steadier figures.',
    runs: [],
  };
}

/** Every CPU at once ran the same loop markedly slower than one alone (machine.cpuSpeeds): workers
 * side by side get less than a core each, and no executor can show the gain the core count promises
 * on computing work. */
export function sharedCpusWarning(report: Pick<Report, 'machine'>): ProfileWarning | null {
  const shared = sharedCpus(report.machine);
  if (!shared) return null;
  return {
    code: 'shared-cpus',
    message: `Read before the first configuration and again after the last, ${sharedCpusWords(shared)}: they gave less than their count together. While that lasts, workers side by side each get less than a core, and computing work cannot gain much more than ${sharedCpusCeiling(shared)} however it is split (waiting work still overlaps). A host that runs these CPUs on one physical core's two threads, or another tenant taking turns with them, does this without showing as load; on a machine of your own, CPUs that clock lower when all are busy (turbo, heat) do it too.`,
    advice: 'Profile again later and compare; on a shared host, a dedicated machine or instance gives the figures its cores promise.',
    runs: [],
  };
}

/** What the runs reported, each message once with every run it came from. */
function runWarnings(runs: readonly Run[], notes: EngineNotes): ProfileWarning[] {
  const byMessage = new Map<string, ProfileWarning>();
  for (const run of runs) {
    const known = notes.get(run.id) ?? [];
    for (const message of run.warnings) {
      const note = known.find((candidate) => candidate.message === message);
      const entry = byMessage.get(message) ?? {
        code: note?.code ?? 'run-warning',
        message,
        advice: note?.advice ?? 'It was raised while that configuration ran and may explain an unusual figure in its row.',
        runs: [],
      };
      entry.runs.push(run.id);
      byMessage.set(message, entry);
    }
  }
  return [...byMessage.values()];
}

/** Output the function printed beyond what a report keeps: said once, with how much and where. */
export function outputFloodWarning(report: Pick<Report, 'runs' | 'target'>): ProfileWarning | null {
  const capped = report.runs.filter((run) => run.output.truncated);
  if (capped.length === 0) return null;
  const largest = capped.reduce((top, run) => (run.output.bytes > top.output.bytes ? run : top));
  const where = capped.length === 1 ? runLabel(largest) : `${runLabel(largest)} (and ${capped.length - 1} other configuration${capped.length === 2 ? '' : 's'})`;
  return {
    code: 'output-flood',
    message: `${report.target.function} printed ${formatBytes(largest.output.bytes)} of output in ${where}; the copy in the report is capped to its beginning and end.`,
    advice: 'Writing that much is part of the measured time: print less, or write to a file, to profile the work itself.',
    runs: [],
  };
}

/** A one-worker pool on the calling process's own thread does serial's work plus a hand-off: this
 * much faster than serial means serial was held up, and every speedup is overstated. */
const SLOW_BASELINE = 1.25;

type Timed = Pick<Run, 'executor' | 'startMethod' | 'workers' | 'error' | 'wallSeconds'>;

/** Serial and the one-thread run that shows it was held up, or null when serial's time is believable. */
export function slowBaseline<T extends Timed>(runs: readonly T[]): { serial: T; single: T; factor: number } | null {
  const serial = serialBaseline(runs);
  if (!serial?.wallSeconds) return null;
  const single = runs
    .filter((run) => (run.executor === 'thread' || run.executor === 'async') && run.workers === 1 && run.error === null && run.wallSeconds !== null && run.wallSeconds > 0)
    .sort((a, b) => (a.wallSeconds ?? 0) - (b.wallSeconds ?? 0))[0];
  if (!single?.wallSeconds || serial.wallSeconds < SLOW_BASELINE * single.wallSeconds) return null;
  return { serial, single, factor: serial.wallSeconds / single.wallSeconds };
}

/** Says when serial timed clearly slower than a one-worker thread pool (or one async call at a time). */
export function slowBaselineWarning(report: Pick<Report, 'runs'>): ProfileWarning | null {
  const slow = slowBaseline(report.runs);
  const serialWall = slow?.serial.wallSeconds;
  const singleWall = slow?.single.wallSeconds;
  if (!slow || !serialWall || !singleWall) return null;
  const factor = slow.factor;
  return {
    code: 'slow-baseline',
    message:
      `Serial took ${formatSeconds(serialWall)}, ${formatSpeedup(factor)} as long as ${runLabel(slow.single)} (${formatSeconds(singleWall)}), ` +
      `which does the same work on one thread: something held serial up, so every speedup here may be overstated up to ${formatSpeedup(factor)}.`,
    advice: 'Profile again with more repeats, on a quieter machine.',
    runs: [],
  };
}

/** Own top-level work below this is lost beside starting an interpreter at all (about 0.1 s). */
const SLOW_IMPORT_SECONDS = 0.1;
/** ...and below this share of serial's wall, workers that run it again cost little beside the work. */
const SLOW_IMPORT_SHARE = 0.1;

/** Pools whose workers start afresh, so that each imports the script again: the processes family
 * (sub-interpreters too) under any start method but fork. */
function reimports(run: Pick<Run, 'executor' | 'startMethod'>): boolean {
  return EXECUTORS[run.executor].family === 'processes' && run.startMethod !== 'fork';
}

/** The script does work of its own when imported (not its import statements: a library's import is
 * nothing the user can move), as much as a tenth of serial's whole run or more: every worker a
 * fresh process pool starts runs it again, and the pool's start-up shows it. */
export function slowImportWarning(report: Pick<Report, 'runs' | 'target'>): ProfileWarning | null {
  const imported = report.target.imported;
  if (!imported || imported.ownSeconds < SLOW_IMPORT_SECONDS) return null;
  const serial = serialBaseline(report.runs);
  const serialWall = serial?.wallSeconds ?? null;
  if (serialWall !== null && imported.ownSeconds < SLOW_IMPORT_SHARE * serialWall) return null;
  const fresh = report.runs
    .filter((run) => reimports(run) && run.error === null && run.startupSeconds !== null)
    .sort((a, b) => (b.startupSeconds ?? 0) - (a.startupSeconds ?? 0))[0];
  const importsSeconds = imported.seconds - imported.ownSeconds;
  const besides = importsSeconds >= 0.05 && importsSeconds >= 0.1 * imported.seconds ? `, beside ${formatSeconds(importsSeconds)} of import statements` : '';
  const share = serialWall !== null ? `, ${formatSpeedup(imported.ownSeconds / serialWall)} serial's whole run (${formatSeconds(serialWall)})` : '';
  const shown = fresh?.startupSeconds ? ` (${runLabel(fresh)} took ${formatSeconds(fresh.startupSeconds)} to start here)` : '';
  return {
    code: 'slow-import',
    message:
      `Importing ${baseName(report.target.file)} does ${formatSeconds(imported.ownSeconds)} of work of its own at the top level${share}${besides}: every worker started afresh (spawn, forkserver, joblib's loky, Dask, sub-interpreters) imports the script and does it again${shown}.`,
    // Under the guard only what the function does not use: a worker started afresh never runs the
    // guarded block, so a table the function reads from there is missing in it (NameError).
    advice:
      `If the function does not use what that work builds, move it under if __name__ == "__main__": so that workers import only definitions. ` +
      `If it does (a table, a model), build it on first use instead (a function the calls go through, cached with functools.lru_cache(maxsize=None)), so that each worker builds it once when it needs it; ` +
      `under fork, call that function once before starting the pool and the workers inherit it built instead of redoing it.`,
    runs: [],
  };
}

/** What a budget left out, named, so the user knows what the verdict did not see. */
export function budgetWarning(leftOut: readonly string[], budgetSeconds: number): ProfileWarning {
  return {
    code: 'budget-left-out',
    message: `To fit the ${formatSeconds(budgetSeconds)} budget, the profile left out: ${leftOut.join('; ')}.`,
    advice: 'The verdict rests on what was measured. Raise the budget (--budget, or the parallelProfiler.budgetSeconds setting) or remove it to measure the rest.',
    runs: [],
  };
}
