// The baseline and the change timed in one run, round by round: `compare OLD.py NEW.py`. Two
// profiles taken one after the other on a shared machine can differ by half in the same code's CPU
// time (the host's other tenants come and go), more than any slowdown worth catching. Timed in
// alternating rounds — old then new, new then old — whatever the machine does falls on both sides
// alike, and each round's new ÷ old is a paired ratio the gate can judge (src/shared/compare.ts).

import path from 'node:path';
import { runId, type Executor, type Report, type StartMethod } from '../shared/report';
import { ProfileError, type ConfigRequest } from '../shared/runner';
import { usableCoreCounts, withInterpreterView } from '../shared/usableCores';
import { gitProvenance } from '../system/gitProvenance';
import { assembleReport, checkRequest, targetOf, type ProfileOptions, type ProfileRequest } from './engine';
import { getMachine } from './machine';
import { Measurement } from './measure';

/** Rounds unless told otherwise: 7 of 9 leaning one way is a 1-in-11 chance for the same code, and
 * leaves room for two rounds a burst of other load hit on one side only (measured here: such bursts
 * last about a second, the length of a round). */
export const DEFAULT_ROUNDS = 9;

export interface InterleavedRequest {
  /** The baseline script and the changed one: the same function name, inputs and interpreter. */
  before: ProfileRequest;
  after: ProfileRequest;
  /** Rounds: each configuration timed once per side per round. */
  rounds: number;
  /** Parallel configurations to time beside serial (serial always runs), e.g. process (fork) × 2. */
  configs: { executor: Executor; startMethod: StartMethod | null; workers: number }[];
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
  options: ProfileOptions & { onRound?(round: number, rounds: number): void },
): Promise<{ before: Report; after: Report }> {
  const { signal, sampler, onProgress } = options;
  if (!Number.isInteger(request.rounds) || request.rounds < 2) {
    throw new ProfileError('usage', `The rounds must be a whole number of at least 2, not ${request.rounds}.`, 'Use e.g. --rounds 5: more rounds tell smaller changes apart.');
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
  for (let round = 0; round < request.rounds; round++) {
    options.onRound?.(round + 1, request.rounds);
    // Old then new, then new then old: a drift within a round favours neither side.
    const order = round % 2 === 0 ? measured : [...measured].reverse();
    for (const config of configs) {
      for (const side of order) {
        if (!side.measurement.going) continue;
        if (round === 0) await side.measurement.runExtra(config);
        else await side.measurement.addRepeats(runId(config.executor, config.startMethod, config.workers), 1);
        if (round === 0 && side === measured[0]) measured[1].measurement.loops = measured[0].measurement.loops;
      }
    }
  }
  if (measured.some((side) => side.measurement.runs.length === 0) && signal.aborted) {
    throw new ProfileError('cancelled', 'The comparison was cancelled before both sides were measured.', 'Run it again when you are ready.');
  }
  const [before, after] = measured.map((side) =>
    assembleReport({ ...side, request: { ...side.request, repeat: request.rounds }, language, planKind: 'interleaved', leftOut: [] }),
  );
  return { before, after };
}
