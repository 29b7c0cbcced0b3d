// A family of executors that failed while another configuration worked belongs in the verdict's
// words, not only in the evidence list: "Processes never finished: all 3 runs timed out at
// work.py:17; stay serial, or fix what hangs there first."

import { executorFamily } from '../shared/executors';
import { baseName } from '../shared/format';
import { runLabel, succeeded, type Run, type RunError } from '../shared/report';
import type { Hazard } from './hazards';
import { capitalize } from './words';
import { notRun, type Facts } from './verdictFacts';

export interface FamilyFailure {
  family: 'threads' | 'processes';
  /** The family's name in the user's language: threads/processes, or async calls/workers. */
  name: string;
  /** The most common error of its runs. */
  error: RunError;
  /** How many of its runs failed with a real error. */
  failedRuns: number;
}

function mostCommon(errors: readonly RunError[]): RunError {
  const counts = new Map<string, { error: RunError; count: number }>();
  for (const error of errors) {
    const key = `${error.kind}\u0000${error.message}`;
    const entry = counts.get(key) ?? { error, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].reduce((top, entry) => (entry.count > top.count ? entry : top)).error;
}

/** Families none of whose runs worked, with at least one real failure, while some other run worked. */
export function familyFailures(facts: Facts): FamilyFailure[] {
  const runs = facts.ctx.runs;
  const failures: FamilyFailure[] = [];
  for (const family of ['threads', 'processes'] as const) {
    const members = runs.filter((run) => executorFamily(run.executor) === family);
    const errors = members.flatMap((run) => (run.error && !notRun(run) ? [run.error] : []));
    const othersWorked = runs.some((run) => executorFamily(run.executor) !== family && succeeded(run));
    if (members.length === 0 || members.some(succeeded) || errors.length === 0 || !othersWorked) continue;
    failures.push({ family, name: facts.names[family], error: mostCommon(errors), failedRuns: errors.length });
  }
  return failures;
}

/** " at work.py:17", or "" when the error does not say where. */
export function where(error: RunError): string {
  if (!error.file) return '';
  return ` at ${baseName(error.file)}${error.line ? `:${error.line}` : ''}`;
}

function allOf(count: number): string {
  return count === 1 ? 'its one run' : `all ${count} of its runs`;
}

/** What happened to the family, in one sentence. */
export function failureSentence(failure: FamilyFailure): string {
  const { error, failedRuns } = failure;
  const name = capitalize(failure.name);
  switch (error.kind) {
    case 'timeout':
      return `${name} never finished: ${allOf(failedRuns)} timed out${where(error)}, while other configurations completed the same inputs.`;
    case 'worker-crashed':
    case 'crashed':
      return `${name} crashed: ${allOf(failedRuns)} lost a process (${error.message.replace(/\.$/, '')}).`;
    default:
      return `${name} could not run: ${error.message.replace(/\.$/, '')}.`;
  }
}

/** What to do about it, after the verdict's own advice (which never uses the failed family). */
export function failureAdvice(failure: FamilyFailure): string {
  const { error } = failure;
  if (error.kind === 'timeout') {
    const who = failure.family === 'processes' ? 'a child process' : 'a second thread';
    const cause = failure.family === 'processes' ? 'a lock copied while held, or a helper thread that child processes do not have' : 'a lock that one thread holds while waiting for another';
    const place = where(error);
    return `To use ${failure.name}, first fix what hangs${place}: it hung only under ${failure.name}, so look ${place ? 'there ' : ''}for a wait that ${who} never gets past (such as ${cause}).`;
  }
  return `To use ${failure.name}: ${error.hint}`;
}

/** Run labels in a list: "a", "a and b", "a, b and c". */
function listed(labels: readonly string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** The verdict's words for a setup that hung while the same inputs finished elsewhere (hazards.ts). */
export function hazardWords(hazard: Hazard, runs: readonly Run[], adviceStartMethod: Run['startMethod']): { explanation: string; recommendation: string } {
  const otherMethodsFinished = runs.some((run) => run.startMethod !== null && run.startMethod !== hazard.startMethod && succeeded(run));
  const error = hazard.failed[0].error as RunError;
  const labels = listed(hazard.failed.map(runLabel));
  const what = `never finished (timed out${where(error)})`;
  if (hazard.startMethod === 'fork') {
    const others = otherMethodsFinished ? 'while the same inputs finished under other start methods' : 'while other configurations finished the same inputs';
    const unmeasured = otherMethodsFinished ? '' : ' No other start method was measured: profile again with forkserver or spawn to see what processes give.';
    // Said of fork runs that finished only where one did (all of them hung: nothing finished by chance).
    const forkFinished = runs.some((run) => run.startMethod === 'fork' && succeeded(run));
    const chance = forkFinished ? ', so the runs under fork that finished may have done so by chance' : '';
    return {
      explanation: `${capitalize(labels)} ${what}, ${others}: a likely cause is that fork copies the parent as it was, with any lock its other threads held at that moment, and a worker can wait on one forever${chance}. The fork start method is left out of the advice.${unmeasured}`,
      recommendation: `Do not use the fork start method with this script (it hung here): use forkserver or spawn${adviceStartMethod && adviceStartMethod !== 'fork' ? ', as the code does' : ''}, or start the pool before the script starts any thread.`,
    };
  }
  const left = hazard.startMethod ? `the ${hazard.startMethod} start method` : `the ${hazard.failed[0].executor} executor`;
  return {
    explanation: `${capitalize(labels)} ${what}, while other configurations finished the same inputs: ${left} is left out of the advice.`,
    recommendation: `Before using ${left}, find what hangs${where(error)}.`,
  };
}

/** A hung run's hint once the verdict has named the hang: the harness wrote "raise the timeout if
 * it is just slow" before the other runs were known, and the runs that finished the same inputs
 * say it was not. */
export function hangHint(hazard: Hazard, runs: readonly Run[], run: Run): string {
  const error = run.error as RunError;
  const at = where(error);
  const stopped = at ? `It was${at} when stopped` : 'It was stopped';
  const dumps = error.traceback ? '; the stack dumps show where each process waited' : '';
  if (hazard.startMethod === 'fork') {
    const others = runs.some((other) => other.startMethod !== null && other.startMethod !== 'fork' && succeeded(other))
      ? 'while the same inputs finished under other start methods'
      : 'while other configurations finished the same inputs';
    return `${stopped}, ${others}: not a slow run but a likely hang, a worker waiting on a lock that fork copied while another thread held it (see the verdict). Use forkserver or spawn, or start the pool before the script starts any thread${dumps}.`;
  }
  return `${stopped}, while other configurations finished the same inputs: not a slow run but a likely hang (see the verdict). Look for an endless loop or a deadlock${at ? ' there' : ''}${dumps}.`;
}
