// When the advised code names its start method though it is the runtime's default: where another
// start method of the same pool measured clearly worse here, the advice rests on the start method,
// and a default is no promise (Linux's becomes forkserver in Python 3.14; macOS's became spawn in
// 3.8). A walk's script built a 2.5-million-entry catalog at import: fork × 2 was advised for its
// 27 ms start-up against forkserver's 2.38 s, and the code, written for the default, would have
// started forkserver's workers under 3.14.

import { formatPercent, formatSeconds } from '../shared/format';
import { runLabel, sameSetup, succeeded, type Run } from '../shared/report';
import { SAME_EXECUTOR_MARGIN } from './noise';
import type { Advice } from './snippets';

/** Another start method's start-up this much longer than the advised one's, as a share of the
 * advised run's wall (and STARTUP_FLOOR at least), is a cost the code would pay once per pool. */
const STARTUP_SHARE = 0.25;
const STARTUP_FLOOR = 0.1;

/** What another start method of the advised pool measured clearly worse (its start-up, or its calls
 * beyond the margin a start method is kept by), in words for the code's comment; null where none did. */
export function startMethodMatters(advised: Run | null, runs: readonly Run[]): string | null {
  if (!advised || advised.startMethod === null || !succeeded(advised)) return null;
  const wall = advised.wallSeconds;
  const start = advised.startupSeconds ?? 0;
  for (const other of runs) {
    if (!succeeded(other) || other.startMethod === null || other.startMethod === advised.startMethod || !sameSetup(other, advised, 'startMethod')) continue;
    const otherStart = other.startupSeconds ?? 0;
    if (otherStart - start >= Math.max(STARTUP_FLOOR, STARTUP_SHARE * wall)) {
      return `${runLabel(other)} took ${formatSeconds(otherStart)} to start against ${formatSeconds(start)}`;
    }
    if (other.wallSeconds > SAME_EXECUTOR_MARGIN * wall) {
      return `${runLabel(other)} ran the calls ${formatPercent(other.wallSeconds / wall - 1)} slower`;
    }
  }
  return null;
}

/** The advice with startMethodMatters set where it is the advised run's own. */
export function withStartMethodNamed(advice: Advice, advised: Run | null, runs: readonly Run[]): Advice {
  if (advice.kind !== 'run' || !advised || advice.executor !== advised.executor || advice.startMethod !== advised.startMethod || advice.workers !== advised.workers) return advice;
  const matters = startMethodMatters(advised, runs);
  return matters ? { ...advice, startMethodMatters: matters } : advice;
}
