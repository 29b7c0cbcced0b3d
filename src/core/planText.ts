// The plan in words, before anything runs (`--plan`): which configurations, how many timings, and
// how many times the function will be called at most — what a user whose function has side
// effects (writes files, calls a service) must know before profiling it.

import { EXECUTORS } from '../shared/executors';
import { runLabel } from '../shared/report';
import type { ExecutorChoice } from '../shared/runner';
import type { StartMethod } from '../shared/report';
import { comparisonCount, familyRepresentatives, firstSweepCount, MOST_WORKERS } from './adaptivePlan';
import { comparisonOrder, freshStartMethodTimed, NEGLIGIBLE_DISPATCH, poolMayBePassedOver, standsInForFresh } from './passedOver';
import { MAX_REPEATS as MOST_TIMINGS, SAME_EXECUTOR_MARGIN } from './noise';
import type { PlanKind } from './engine';
import type { ConfigRequest } from '../shared/runner';

export interface PlanTextInput {
  kind: PlanKind;
  functionName: string;
  inputsCount: number;
  usableCores: number;
  repeat: number;
  defaultStartMethod: StartMethod | null;
  /** The executors to measure, serial excluded. */
  choices: readonly ExecutorChoice[];
  /** The fixed plan (thorough, given workers); empty for the adaptive one. */
  configs: readonly ConfigRequest[];
  budgetSeconds: number | null;
  /** The chunksize asked for (`--chunksize`), or null or absent for each pool's own. */
  chunksize?: number | null;
}

/** Worker counts a representative's sweep can reach: 2, 4, … up to the inputs and the cluster's size. */
function sweepCounts(choice: ExecutorChoice, inputsCount: number): number[] {
  const cap = Math.min(Math.floor(inputsCount) || 1, choice.maxWorkers ?? Infinity, MOST_WORKERS);
  const counts: number[] = [];
  for (let count = firstSweepCount(inputsCount, choice.maxWorkers); ; count = Math.min(count * 2, cap)) {
    counts.push(count);
    if (count >= cap) return counts;
  }
}

/** The sweep's counts after the first, a count that is not a doubling said for what capped it ("4,
 * then 6: one worker per input"; a walk read "doubling (4, 6)"). */
function doublings(counts: readonly number[], inputsCount: number): string {
  const rest = counts.slice(1).map((count, index) => {
    const before = counts[index];
    if (count >= 2 * before) return String(count);
    return `then ${count}${count === Math.floor(inputsCount) ? ': one worker per input' : ': the most it takes'}`;
  });
  return rest.join(', ') || 'no more';
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Timings the measured fixes may add after the plan (engine.ts): Pool.map at up to three
 * chunksizes when the verdict would advise batching, and threads and processes with their
 * libraries' threads held when serial keeps several cores busy by itself (not at worker counts
 * given): `heldWhat` names those the choices allow. */
function fixTimings(input: PlanTextInput): { batches: number; held: number; heldWhat: string } {
  const pool = input.choices.some((choice) => choice.executor === 'pool');
  const threads = input.choices.some((choice) => choice.executor === 'thread');
  const processes = input.choices.some((choice) => choice.executor === 'process' || choice.executor === 'pool');
  const kinds = input.kind === 'given-workers' ? [] : [...(threads ? ['threads'] : []), ...(processes ? ['processes'] : [])];
  return { batches: pool ? 3 * input.repeat : 0, held: kinds.length * input.repeat, heldWhat: kinds.join(' and ') };
}

/** At most this many calls of the function: every timing runs it once per input. */
export function mostCalls(input: PlanTextInput): number {
  const n = input.inputsCount;
  const fixes = fixTimings(input);
  const fixCalls = (fixes.batches + fixes.held) * n;
  if (input.kind !== 'adaptive') {
    // Serial once more after the plan; the waiting-work sweep may add thread counts, and a held-up serial one more timing.
    const serialAgain = input.configs.some((config) => config.executor === 'serial') ? n : 0;
    return input.configs.reduce((sum, config) => sum + config.repeat * n, 0) + serialAgain + fixCalls;
  }
  const representatives = familyRepresentatives(input.choices, input.defaultStartMethod);
  const sweep = representatives.reduce((sum, choice) => sum + sweepCounts(choice, n).length, 0);
  const others = input.choices.length - representatives.length;
  // Serial's three timings; the two finalists up to the most timings the noise may ask for.
  const finalists = 2 * (Math.max(MOST_TIMINGS, input.repeat) - 1);
  return (3 + sweep + others + finalists) * n + fixCalls;
}

export function describePlan(input: PlanTextInput): string {
  const lines: string[] = [];
  const n = input.inputsCount;
  const calls = plural(n, 'call');
  if (input.kind === 'adaptive') {
    const representatives = familyRepresentatives(input.choices, input.defaultStartMethod);
    const others = input.choices.filter((choice) => !representatives.includes(choice));
    lines.push(`Adaptive plan for ${input.functionName} over ${plural(n, 'input')} on ${plural(input.usableCores, 'usable core')}:`);
    lines.push(`  1. serial, timed once (${calls}); timed again apart from the first, and a third time if the two differ by more than 5% and that could change the verdict (always past 10%)`);
    // The steps after the sweep are numbered as they come: with no other executor, none is timed once.
    let step = 3;
    // One step, a line for each family's executor under it: the sweeps run one after the other.
    if (representatives.length > 1) lines.push('  2. the worker sweep, one executor per family:');
    for (const choice of representatives) {
      const counts = sweepCounts(choice, n);
      lines.push(
        `${representatives.length > 1 ? '     - ' : '  2. '}${runLabel({ ...choice, workers: counts[0] }).replace(/ × \d+$/, '')}: timed once at ${counts[0]} workers, then doubling (${doublings(counts, n)}) while the last doubling paid ` +
          `and, past the ${plural(input.usableCores, 'usable core')}, while cores stood idle`,
      );
    }
    if (others.length > 0) {
      const where = comparisonCount([], input.usableCores, n);
      const name = (choice: ExecutorChoice): string => runLabel({ ...choice, workers: 1 }).replace(/ × 1$/, '');
      // Threads of the same interpreter as the threads swept show nothing new when those kept one core busy.
      const sameThreads = representatives.find((choice) => EXECUTORS[choice.executor].family === 'threads');
      const held = sameThreads ? others.filter((choice) => EXECUTORS[choice.executor].family === 'threads' && !EXECUTORS[choice.executor].outOfProcess) : [];
      const unless: string[] = [];
      if (sameThreads && held.length > 0) unless.push(`${held.map(name).join(', ')} not when ${name(sameThreads)} kept one core busy: its threads would compute one at a time too`);
      const ordered = comparisonOrder(others, input.defaultStartMethod);
      unless.push(...passOverWords(ordered, input, name));
      lines.push(`  ${step++}. timed once each where its family did best (${where} workers if the sweep gives no better count): ${ordered.map(name).join(', ')}${unless.length > 0 ? ` (${unless.join('; ')})` : ''}`);
    }
    lines.push(`  ${step++}. the recommended and the fastest configurations, timed until each has ${plural(Math.max(3, input.repeat), 'timing')}, more (up to 10) while the noise could still tell them apart and the profile is within 8× the serial wall`);
    lines.push('No pool of one worker is timed: it does serial\'s work plus a hand-off. --thorough times every executor at every count.');
  } else {
    const label = input.kind === 'thorough' ? 'Thorough plan (every executor at every count)' : 'Plan at the worker counts given';
    lines.push(`${label} for ${input.functionName} over ${plural(n, 'input')}: ${plural(input.configs.length, 'configuration')}, each timed ${plural(input.configs[0]?.repeat ?? input.repeat, 'time')}:`);
    for (const config of input.configs) lines.push(`  ${runLabel(config)}`);
    if (input.configs.some((config) => config.executor === 'serial')) lines.push(`Then serial once more (${calls}), apart from its first timings.`);
    if (input.kind === 'thorough') lines.push('Waiting work extends the thread sweep while it pays; a held-up serial is timed once more.');
  }
  const fixes = fixTimings(input);
  if (fixes.batches > 0) lines.push(`Only when the verdict would advise sending the inputs in batches: Pool.map at three chunksizes around the advised one, ${plural(input.repeat, 'timing')} each.`);
  if (fixes.held > 0) lines.push(`Only when serial keeps several cores busy by itself (BLAS behind numpy): ${fixes.heldWhat} with each worker's library held to its share of the cores, ${plural(input.repeat, 'timing')}${fixes.heldWhat.includes(' and ') ? ' each' : ''}.`);
  if (input.budgetSeconds !== null) lines.push(`Budget: ${input.budgetSeconds} s; what would not fit is left out and named in the report.`);
  lines.push(`${input.functionName} will be called at most ${mostCalls(input)} times${input.kind === 'adaptive' ? ' (fewer when a sweep stops early)' : ''}; nothing else calls it (the script is imported to count the inputs).`);
  return lines.join('\n') + '\n';
}

/** The plan's words for passOverReason (passedOver.ts): which of the others runs already timed may stand for. */
function passOverWords(others: readonly ExecutorChoice[], input: PlanTextInput, name: (choice: ExecutorChoice) => string): string[] {
  const offered = (executor: ExecutorChoice['executor'], startMethod: StartMethod | null): boolean => input.choices.some((choice) => choice.executor === executor && choice.startMethod === startMethod);
  const fresh = freshStartMethodTimed(input.defaultStartMethod);
  const words: string[] = [];
  const standIns = others.filter((choice) => standsInForFresh(choice, input.defaultStartMethod) && offered(choice.executor, fresh) && offered(choice.executor, 'fork'));
  if (standIns.length > 0) {
    words.push(`${standIns.map(name).join(', ')} not where fork and ${fresh} ran the same executor at that count within ${Math.round((SAME_EXECUTOR_MARGIN - 1) * 100)}% of each other and none of its runs failed: its workers differ from theirs only in how they start`);
  }
  const pools = others.filter((choice) => poolMayBePassedOver(choice, input.chunksize ?? null) && offered('process', choice.startMethod));
  if (pools.length > 0) {
    words.push(`${pools.map(name).join(', ')} not where Pool.map would hand out one input at a time (at most 4 inputs a worker) and ProcessPoolExecutor's dispatch took ${NEGLIGIBLE_DISPATCH * 100}% of its worker time or less`);
  }
  return words;
}
