// What starting the recommended pool costs beside what it saves: speedups leave start-up out (the
// pool is started and warmed before timing, as a program that keeps one pool would), so a pool that
// takes longer to start than it saves over serial gains only when it is reused. Said in the
// recommendation, with what a single run over these inputs should use instead.

import { formatSeconds } from '../shared/format';
import { leftOut, unsafeSetups } from './hazards';
import { isRecommendedRun, runLabel, succeeded, type Run, type Runtime, type Verdict } from '../shared/report';

/** Another configuration is named for one run alone only when, start-up included, it finishes
 * clearly before serial: within a tenth of serial's wall it is no better than serial on a shared machine. */
const CLEARLY_BEFORE_SERIAL = 0.9;

interface Finished {
  run: Run;
  wall: number;
  startup: number;
}

function finished(run: Run): Finished | null {
  if (!succeeded(run)) return null;
  const startup = run.startupSeconds !== null && Number.isFinite(run.startupSeconds) && run.startupSeconds > 0 ? run.startupSeconds : 0;
  return { run, wall: run.wallSeconds, startup };
}

/** The recommendation's sentence and an evidence line when the recommended pool's start-up is at
 * least what it saves over serial, else null. A running Dask cluster is not started by the user's
 * program: its cost per task is clusterCost's. */
export function startupCostSentence(runs: readonly Run[], verdict: Pick<Verdict, 'best'>, runtime: Pick<Runtime, 'daskCluster'>, timeoutSeconds: number | null = null, repeat?: number): { recommendation: string; evidence: string } | null {
  const chosen = runs.map((run) => (isRecommendedRun(verdict, run) && run.executor !== 'serial' ? finished(run) : null)).find((each) => each !== null);
  if (!chosen || (chosen.run.executor === 'dask' && runtime.daskCluster) || chosen.run.speedup === null || !(chosen.run.speedup > 1) || chosen.startup === 0) return null;
  // The baseline every speedup rests on (serial, or its faster timing when it was measured again).
  const serialWall = chosen.wall * chosen.run.speedup;
  const saved = serialWall - chosen.wall;
  if (chosen.startup < saved) return null;
  const reuses = Math.floor(chosen.startup / saved) + 1;
  // A setup that hung elsewhere is no way to run them once either.
  const unsafe = unsafeSetups(runs, timeoutSeconds, repeat);
  const pool = chosen.run.executor === 'dask' ? 'cluster' : 'pool';
  const oneOff = runs
    .map(finished)
    .filter((each): each is Finished => each !== null && each.run.executor !== 'serial' && each.run.workers > 1 && !leftOut(unsafe, each.run) && each.startup + each.wall <= CLEARLY_BEFORE_SERIAL * serialWall)
    .sort((a, b) => a.startup + a.wall - (b.startup + b.wall))[0];
  const alone = oneOff
    ? `${runLabel(oneOff.run)} finishes first, start-up included (${formatSeconds(oneOff.startup + oneOff.wall)} against serial's ${formatSeconds(serialWall)})`
    : `serial finishes first (${formatSeconds(serialWall)}, against ${formatSeconds(chosen.startup + chosen.wall)} with the ${pool}'s start-up)`;
  return {
    recommendation: `Its ${pool} took ${formatSeconds(chosen.startup)} to start, more than the ${formatSeconds(saved)} it saves over serial on these inputs: start it once and reuse it for every batch (over ${reuses} or more runs like this one it gains); for one run over these inputs alone, ${alone}.`,
    evidence: `start-up beside the gain: ${runLabel(chosen.run)} took ${formatSeconds(chosen.startup)} to start and saves ${formatSeconds(saved)} per run over the inputs (serial ${formatSeconds(serialWall)}, ${formatSeconds(chosen.wall)} once started)`,
  };
}
