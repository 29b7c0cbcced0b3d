// The words every verdict sentence uses: the executors as the user knows them, workers, counts,
// and how sentences are joined. Numbers are formatted by src/shared/format.ts.

import { EXECUTORS } from '../shared/executors';
import { formatSpeedup } from '../shared/format';
import type { Executor, Run } from '../shared/report';

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Ends a sentence built around a message that may or may not end with a full stop. */
export function period(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Joins the non-empty sentences. */
export function sentence(...parts: string[]): string {
  return parts.filter((part) => part.length > 0).join(' ');
}

/** The executor as the user knows it, e.g. "processes (spawn)", "worker threads". */
export function executorWords(run: Pick<Run, 'executor' | 'startMethod'>): string {
  const method = run.startMethod ? ` (${run.startMethod})` : '';
  return `${EXECUTORS[run.executor].words}${method}`;
}

/** The API a recommendation names. */
export function executorApi(executor: Executor): string {
  return EXECUTORS[executor].api;
}

/** "2 workers", or for async "2 calls in flight" (async has no workers, only concurrency). */
export function workersWords(run: Pick<Run, 'executor' | 'workers'>): string {
  return run.executor === 'async' ? `${run.workers} calls in flight` : plural(run.workers, 'worker');
}

/** "processes (fork) reached 1.93× with 2 workers". */
export function reached(run: Pick<Run, 'executor' | 'startMethod' | 'workers' | 'speedup'>): string {
  return `${executorWords(run)} reached ${formatSpeedup(run.speedup)} with ${workersWords(run)}`;
}

