// When the advised code names fork though it is the runtime's default: where another start method
// of the same pool measured clearly worse here, the advice rests on fork, and the default is no
// promise (Linux's becomes forkserver in Python 3.14). A walk's script built a 2.5-million-entry
// catalog at import: fork × 2 was advised for its 27 ms start-up against forkserver's 2.38 s, and
// the code, written for the default, would have started forkserver's workers under 3.14. Only fork:
// the other start methods are already what later Pythons default to.

import { formatPercent, formatSeconds } from '../shared/format';
import { otherStartMethods, runLabel, succeeded, type Run } from '../shared/report';
import { clearlySlower } from './noise';
import type { Advice } from './snippets';

/** Another start method's start-up this much longer than fork's, and at least this share of the
 * advised run's wall, is a cost the user's program pays once per pool that fork spares: a pool
 * that imports numpy in each fresh worker (0.1–0.3 s) is no reason to hold a script to fork, a
 * script that builds seconds of data at import is. */
const STARTUP_GAP = 0.5;
const STARTUP_SHARE = 0.25;

/** What another start method of the advised fork pool measured clearly worse (its start-up, or its
 * calls beyond the margin and the noise), in words for the code's comment; null where none did. */
export function startMethodMatters(advised: Run | null, runs: readonly Run[]): string | null {
  if (!advised || advised.startMethod !== 'fork' || !succeeded(advised)) return null;
  const wall = advised.wallSeconds;
  const start = advised.startupSeconds;
  for (const other of otherStartMethods(advised, runs)) {
    const otherStart = other.startupSeconds;
    if (typeof start === 'number' && typeof otherStart === 'number' && otherStart - start >= Math.max(STARTUP_GAP, STARTUP_SHARE * wall)) {
      return `${runLabel(other)} took ${formatSeconds(otherStart)} to start against ${formatSeconds(start)}`;
    }
    if (clearlySlower(other, advised)) {
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
