// A family of executors that failed while another configuration worked belongs in the verdict's
// words, not only in the evidence list: "Processes never finished: all 3 runs timed out at
// work.py:17; stay serial, or fix what hangs there first."

import { executorFamily } from '../shared/executors';
import { baseName } from '../shared/format';
import type { Run, RunError } from '../shared/report';
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

function works(run: Run): boolean {
  return run.error === null && run.wallSeconds !== null && run.wallSeconds > 0;
}

/** Families none of whose runs worked, with at least one real failure, while some other run worked. */
export function familyFailures(facts: Facts): FamilyFailure[] {
  const runs = facts.ctx.runs;
  const failures: FamilyFailure[] = [];
  for (const family of ['threads', 'processes'] as const) {
    const members = runs.filter((run) => executorFamily(run.executor) === family);
    const errors = members.flatMap((run) => (run.error && !notRun(run) ? [run.error] : []));
    const othersWorked = runs.some((run) => executorFamily(run.executor) !== family && works(run));
    if (members.length === 0 || members.some(works) || errors.length === 0 || !othersWorked) continue;
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
    return `To use ${failure.name}, first fix what hangs${where(error)}: a wait that ${who} never gets past (${cause}).`;
  }
  return `To use ${failure.name}: ${error.hint}`;
}
