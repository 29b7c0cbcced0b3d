// The baseline and the change timed in one run, round by round: `compare OLD.py NEW.py`. Two
// profiles taken one after the other on a shared machine can differ by half in the same code's CPU
// time (the host's other tenants come and go), more than any slowdown worth catching. Timed in
// alternating rounds — old then new, new then old — whatever the machine does falls on both sides
// alike, and each round's new ÷ old is a paired ratio the gate can judge (src/shared/compare.ts).

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_THRESHOLD, pairedChange, pairedRatios, pairedUndecided } from '../shared/compare';
import { runId, type Executor, type Report, type RunError, type StartMethod } from '../shared/report';
import { ProfileError, type ConfigRequest } from '../shared/runner';
import { canPinToCpu } from '../system/cpuPinning';
import { usableCoreCounts, usableCpuIds, withInterpreterView } from '../shared/usableCores';
import { gitProvenance } from '../system/gitProvenance';
import { assembleReport, checkRequest, targetOf, type ProfileOptions, type ProfileRequest } from './engine';
import { getMachine } from './machine';
import { Measurement } from './measure';
import type { MeasuredRun } from './types';
import { summarizeWalls } from './stats';

/** Rounds unless told otherwise: 12 of 13 leaning one way is a 1-in-585 chance for the same code,
 * and leaves room for one round a burst of other load hit on one side only; more such rounds are
 * met with more rounds (EXTRA_ROUNDS). */
export const DEFAULT_ROUNDS = 13;
/** Fewer rounds cannot show a direction at the sign test's level (9 of 9 is 1 in 512 for the same code). */
export const MIN_ROUNDS = 9;
export const MAX_ROUNDS = 99;
/** While undecided (see pairedUndecided), rounds are added in blocks of this many — even, so a block
 * starts as many rounds with the old side as with the new — up to ROUNDS_CAP times the rounds asked
 * for (and MAX_ROUNDS; the last block is shorter when the cap comes first). */
export const EXTRA_ROUNDS = 4;
export const ROUNDS_CAP = 3;

export interface InterleavedRequest {
  /** The baseline script and the changed one: the same function name, inputs and interpreter. */
  before: ProfileRequest;
  after: ProfileRequest;
  /** Rounds: each configuration timed once per side per round. */
  rounds: number;
  /** Parallel configurations to time beside serial (serial always runs), e.g. process (fork) × 2. */
  configs: { executor: Executor; startMethod: StartMethod | null; workers: number }[];
  /** The gate's threshold (a share of the old figure): a configuration whose rounds lean neither way
   * while their median change is past it gets more rounds, up to ROUNDS_CAP × rounds. Default DEFAULT_THRESHOLD. */
  threshold?: number;
}

/** Why rounds were added: the configurations still undecided after `rounds`, each with its rounds and median change. */
export interface RoundsAdded {
  after: number;
  more: number;
  cap: number;
  undecided: { id: string; slower: number; rounds: number; change: number }[];
}

/** Parses "process/fork/2", "thread/4", "pool/spawn/2" (a run's id) into a configuration. */
export function parseConfigId(id: string): InterleavedRequest['configs'][number] | null {
  const parts = id.trim().split('/');
  const workers = Number(parts.at(-1));
  if (parts.length < 2 || parts.length > 3 || !Number.isInteger(workers) || workers < 1) return null;
  return { executor: parts[0] as Executor, startMethod: parts.length === 3 ? (parts[1] as StartMethod) : null, workers };
}

/**
 * Times serial and the given configurations of both scripts in `rounds` alternating rounds and
 * returns the two reports, each with one timing per round in round order (`settings.plan`
 * "interleaved"), for compareReports. Usage errors (other languages, an executor the runtime does
 * not offer, inputs of another count) are ProfileErrors of kind "usage".
 */
export async function profileInterleaved(
  request: InterleavedRequest,
  options: ProfileOptions & { onRound?(round: number, rounds: number): void; onMoreRounds?(added: RoundsAdded): void },
): Promise<{ before: Report; after: Report }> {
  const { signal, sampler, onProgress } = options;
  if (!Number.isInteger(request.rounds) || request.rounds < MIN_ROUNDS || request.rounds > MAX_ROUNDS) {
    throw new ProfileError('usage', `The rounds must be a whole number from ${MIN_ROUNDS} to ${MAX_ROUNDS}, not ${request.rounds}.`, `Use e.g. --rounds ${DEFAULT_ROUNDS}: fewer cannot tell a change from the noise, more tell smaller changes apart.`);
  }
  const asked = request.configs.map((config) => runId(config.executor, config.startMethod, config.workers));
  const twice = asked.find((id, index) => asked.indexOf(id) !== index);
  if (twice) throw new ProfileError('usage', `--config names ${twice} twice.`, 'Name each configuration once.');
  if (request.configs.some((config) => config.executor === 'serial')) {
    throw new ProfileError('usage', 'Serial is always timed: --config names the parallel configurations beside it.', 'Leave serial out, e.g. --config process/fork/2.');
  }
  const languages = [checkRequest(request.before), checkRequest(request.after)];
  if (languages[0] !== languages[1]) {
    throw new ProfileError('usage', `${path.basename(request.before.file)} and ${path.basename(request.after.file)} are in different languages.`, 'Compare two versions of the same script.');
  }
  const language = languages[0];
  const runner = options.runnerFor(language);
  const sides = [request.before, request.after].map((side) => ({ request: side, target: targetOf(side, language) }));
  const [hostMachine, ...probes] = await Promise.all([options.machine ?? getMachine(), ...sides.map((side) => runner.probe(side.target, signal))]);
  if (probes[0].inputs.count !== probes[1].inputs.count || probes[0].inputs.expression !== probes[1].inputs.expression) {
    throw new ProfileError(
      'usage',
      `The two scripts give other inputs (${probes[0].inputs.count} from ${probes[0].inputs.expression}, then ${probes[1].inputs.count} from ${probes[1].inputs.expression}): other work takes other times.`,
      'Give the same --inputs for both, or keep PROFILE_INPUTS the same.',
    );
  }
  const configs: ConfigRequest[] = [
    { executor: 'serial', startMethod: null, workers: 1, repeat: 1, timeoutSeconds: request.after.timeoutSeconds, chunksize: null },
    ...request.configs.map((config) => ({ ...config, repeat: 1, timeoutSeconds: request.after.timeoutSeconds, chunksize: null })),
  ];
  for (const config of configs) {
    const offered = probes[1].executors.some((choice) => choice.executor === config.executor && choice.startMethod === config.startMethod);
    if (!offered) {
      const choices = probes[1].executors.map((choice) => runId(choice.executor, choice.startMethod, 2)).join(', ');
      throw new ProfileError('usage', `This runtime does not offer ${runId(config.executor, config.startMethod, config.workers)}.`, `Name a configuration as executor/start method/workers, e.g. one of: ${choices}.`);
    }
  }
  const provenances = await Promise.all(sides.map((side) => gitProvenance(side.target.file)));
  const measured = sides.map((side, index) => {
    const machine = withInterpreterView(hostMachine, probes[index].runtime);
    // The old side's first serial timing sets the calibration loops for both: each timing of either
    // side then makes the same passes, so neither has a warm-up the other lacks.
    const measurement = new Measurement(runner, side.target, probes[index], sampler, signal, [], onProgress, usableCoreCounts(machine).logicalCores, index === 0);
    return { ...side, probe: probes[index], machine, measurement, provenance: provenances[index] };
  });
  onProgress?.({ type: 'probed', total: configs.length * 2 * request.rounds, probe: probes[1] });
  // Which rounds gave each side a timing of each configuration, and why one could not.
  const tracks = measured.map(() => new Map<string, RoundTrack>());
  const ids = configs.map((config) => runId(config.executor, config.startMethod, config.workers));
  const threshold = request.threshold ?? DEFAULT_THRESHOLD;
  const cap = Math.min(MAX_ROUNDS, ROUNDS_CAP * request.rounds);
  // Serial runs on one CPU per round, the same for both sides, the next CPU every two rounds: on a
  // shared host one CPU can run a process at two thirds of the other's speed for seconds at a time,
  // so a round's two serial timings are a pair only when they ran on the same CPU.
  const cpus = usableCpuIds(hostMachine);
  // Two rounds per CPU, one starting with each side, so no CPU always times the same side first.
  const cpuFor = (config: ConfigRequest, round: number): number | null => (config.executor === 'serial' && canPinToCpu() && cpus.length > 1 ? cpus[Math.floor(round / 2) % cpus.length] : null);
  let planned = request.rounds;
  /** Rounds both sides began: what the reports say was timed when a cancel cuts the plan short. */
  let timed = 0;
  for (let round = 0; round < planned; round++) {
    if (!measured.every((side) => side.measurement.going)) break;
    options.onRound?.(round + 1, planned);
    timed = round + 1;
    // Old then new, then new then old: a drift within a round favours neither side.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const [at, config] of configs.entries()) {
      const id = ids[at];
      for (const index of order) {
        const { measurement } = measured[index];
        const track = tracks[index].get(id) ?? { rounds: [], failure: null };
        tracks[index].set(id, track);
        if (!measurement.going) continue;
        const cpu = cpuFor(config, round);
        if (round === 0) {
          const run = await measurement.runExtra({ ...config, cpu });
          if (run && run.error === null && run.repeats.length > 0) track.rounds.push(round);
          else if (run?.error) track.failure = run.error;
        } else if (await measurement.addRepeats(id, 1, cpu)) track.rounds.push(round);
        else track.failure ??= measurement.lastRepeatError;
        if (round === 0 && index === 0) measured[1].measurement.loops = measured[0].measurement.loops;
      }
    }
    // The rounds asked for are done: while a configuration's rounds lean neither way but its median
    // change is past the threshold, a burst of other load may be hiding a change: time more rounds.
    if (round + 1 === planned && planned < cap && measured.every((side) => side.measurement.going)) {
      const undecided = ids.flatMap((id) => {
        // A configuration that failed on either side is judged on that: more rounds cannot change it.
        if (tracks.some((track) => track.get(id)?.failure)) return [];
        const ratios = roundRatios(id, measured.map((side) => side.measurement), tracks);
        return ratios.length > 0 && pairedUndecided(ratios, threshold) ? [{ id, slower: ratios.filter((ratio) => ratio > 1).length, rounds: ratios.length, change: pairedChange(ratios) }] : [];
      });
      if (undecided.length > 0) {
        const more = Math.min(EXTRA_ROUNDS, cap - planned);
        options.onMoreRounds?.({ after: planned, more, cap, undecided });
        planned += more;
        onProgress?.({ type: 'probed', total: configs.length * 2 * planned, probe: probes[1] });
      }
    }
  }
  if (measured.some((side) => side.measurement.runs.length === 0) && signal.aborted) {
    throw new ProfileError('cancelled', 'The comparison was cancelled before both sides were measured.', 'Run it again when you are ready.');
  }
  for (const id of ids) pairRounds(id, measured.map((side) => side.measurement), tracks);
  // Both reports carry one id: only reports of the same interleaved run are paired round by round.
  const pairing = randomBytes(6).toString('hex');
  const [before, after] = measured.map((side) => {
    const report = assembleReport({ ...side, request: { ...side.request, repeat: timed }, language, planKind: 'interleaved', leftOut: [] });
    report.settings.pairing = pairing;
    return report;
  });
  return { before, after };
}

interface RoundTrack {
  /** Rounds whose timing this side's run holds, in the order of its repeats. */
  rounds: number[];
  /** Why a round gave no timing (the first such failure), or null. */
  failure: RunError | null;
}

/** Each round both sides timed of one configuration, new ÷ old, in round order (pairedRatios' rule). */
function roundRatios(id: string, measurements: Measurement[], tracks: Map<string, RoundTrack>[]): number[] {
  const walls = measurements.map((measurement, index) => {
    const run = measurement.runs.find((candidate) => candidate.id === id);
    const track = tracks[index].get(id);
    if (!run || !track || run.error !== null || track.rounds.length !== run.repeats.length) return new Map<number, number>();
    return new Map(track.rounds.map((round, k) => [round, run.repeats[k]]));
  });
  const common = [...walls[0].keys()].filter((round) => walls[1].has(round));
  return pairedRatios(common.map((round) => walls[0].get(round) as number), common.map((round) => walls[1].get(round) as number)) ?? [];
}

/**
 * Keeps of each side's run only the rounds both sides timed, so repeat i of one pairs with repeat i
 * of the other; and a configuration the old side timed in every round it ran but the new side
 * could not (a timeout, a crash) ends failed on the new side: the gate counts that as a regression.
 */
function pairRounds(id: string, measurements: Measurement[], tracks: Map<string, RoundTrack>[]): void {
  const [old, now] = tracks.map((track) => track.get(id) ?? { rounds: [], failure: null });
  const common = old.rounds.filter((round) => now.rounds.includes(round));
  measurements.forEach((measurement, index) => {
    const at = measurement.runs.findIndex((run) => run.id === id);
    if (at < 0) return;
    const run = measurement.runs[at];
    const track = index === 0 ? old : now;
    const paired = track.rounds.length === run.repeats.length;
    const repeats = paired ? run.repeats.filter((_, k) => common.includes(track.rounds[k])) : run.repeats;
    // pinnedCpus stays in step with the repeats it names.
    const pinned = paired && run.pinnedCpus && run.pinnedCpus.length === run.repeats.length ? { pinnedCpus: run.pinnedCpus.filter((_, k) => common.includes(track.rounds[k])) } : {};
    const summary = summarizeWalls(repeats);
    let kept: MeasuredRun = { ...run, ...pinned, repeats, wallSeconds: run.error ? null : (summary?.median ?? null), wallSpread: summary ? { min: summary.min, max: summary.max } : null, outliers: summary?.outliers ?? [] };
    if (index === 1 && now.failure && !old.failure && kept.error === null) kept = { ...kept, error: now.failure, wallSeconds: null, wallSpread: null };
    measurement.runs[at] = kept;
  });
}
