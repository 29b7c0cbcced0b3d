// The verdict: which kind of workload this is, the best configuration, and why — decided on ratios
// (speedups, CPU shares) so a noisy machine or a run that could not start never breaks the answer.

import { cpusReach, mostSpeedup, ownCpuSeconds, runLabel, sharedCpus, sharedCpusCeiling, sharedCpusWords, succeeded, workCpuSeconds } from '../shared/report';
import type { Executor, Machine, Measured, Run, RunError, Verdict, VerdictKind } from '../shared/report';
import { formatBytes, formatCores, formatPercent, formatSeconds, formatSpeedup, formatSpeedupRange } from '../shared/format';
import { batchSizeFor, codeSnippet, moduleName, type Advice } from './snippets';
import { capitalize, executorApi, period, plural, reached, sentence, workersWords } from './words';
import { contentionClause, isContended, otherLoadClause, type ContentionSummary } from './contention';
import { describeTaskData, largeTaskData, taskDataSizes } from '../shared/taskData';
import { coresPhrase } from '../shared/usableCores';
import { familyFailures, failureAdvice, failureSentence, hazardWords } from './verdictFailures';
import { certaintyOf } from './certainty';
import { withStartMethodNamed } from './startMethodNamed';
import { executorFamily, NODE_THREAD_POOL } from '../shared/executors';
import { heldThreadsSentence, heldThreadsToMeasure, libraryKeepsCores, type HeldThreadsConfig } from './libraryThreads';
import {
  CPU_HEAVY, THREADS_BUSY_CORES, WAITING, busyCores, evidence, ranOffEventLoop, gatherFacts, mostCommonError, notRun, pickBest, type Facts, type FamilyResult, type VerdictContext,
} from './verdictFacts';
import { withinNoise } from './noise';
import { callSpread, lanesOf, ORDER_SHORT, orderCaps, spreadReach, type CallSpread } from '../shared/unevenCalls';

// Thresholds are ratios, not times: they hold on a 2-core laptop and a 64-core server alike.
/** A speedup at least this large means an executor helps. */
const HELPS = 1.3;
/** A best speedup at most this large is no gain at all on a noisy machine. */
const NO_GAIN = 1.1;
/** Threads at most this fast are held back (GIL, one event loop). */
const THREADS_FLAT = 1.2;
const TINY_TASK_SECONDS = 0.001;
const HIGH_DISPATCH = 0.5;
const IO_SCALES = 1.5;
const GIL_FREE_SPEEDUP = 1.4;
/** Processes within this factor of threads' best gain nothing over them. */
const THREADS_MATCH = 1.1;
/** A serial process at least this busy (CPU ÷ wall) never waited: it was on a core all along. */
const NEVER_WAITED = 0.9;
/** Processes at least this much faster than GIL-bound threads are clearly ahead. */
const PROCESSES_AHEAD = 1.15;

/** A decided kind before the shared parts (best, evidence, code) are added. */
interface Decision {
  kind: VerdictKind;
  explanation: string;
  recommendation: string;
  advice: Advice | null;
  /** The configuration the verdict recommends (the headline names it), when it is not simply the fastest measured. */
  best?: Measured;
  /** Nothing to recommend (inconclusive): verdict.best is null. */
  noBest?: true;
}

export function decideVerdict(ctx: VerdictContext): Verdict {
  const facts = gatherFacts(ctx);
  const decision = withFailures(facts, decide(facts));
  const held = heldThreadsSentence(facts);
  if (held && !decision.explanation.includes(held)) decision.explanation = sentence(decision.explanation, held);
  if (decision.kind !== 'failed') {
    for (const hazard of facts.hazards) {
      const words = hazardWords(hazard, facts.ctx.runs, decision.advice?.kind === 'run' ? decision.advice.startMethod : null);
      decision.explanation = sentence(decision.explanation, words.explanation);
      decision.recommendation = sentence(decision.recommendation, words.recommendation);
    }
  }
  const best = decision.noBest ? null : (decision.best ?? facts.best);
  if (best && typeof best.libraryThreads === 'number' && decision.advice?.kind === 'run' && !decision.recommendation.includes('OMP_NUM_THREADS')) {
    const threads = best.libraryThreads;
    decision.recommendation = sentence(
      decision.recommendation,
      `Hold each worker's numeric libraries to ${threads} thread${threads === 1 ? '' : 's'}, as measured: set OMP_NUM_THREADS=${threads} and its kin before numpy loads, as the code does (or use ${threadpoolLimits(best.executor)}).`,
    );
  }
  const certainty = decision.kind === 'failed' || decision.kind === 'inconclusive' ? null : certaintyOf(facts, best);
  return {
    kind: decision.kind,
    ...(certainty ? { confidence: certainty.level } : {}),
    best: best && best.speedup !== null ? { executor: best.executor, startMethod: best.startMethod, workers: best.workers, speedup: best.speedup, chunksize: best.chunksize ?? null, ...(typeof best.libraryThreads === 'number' ? { libraryThreads: best.libraryThreads } : {}) } : null,
    explanation: certainty ? sentence(decision.explanation, certainty.sentence) : decision.explanation,
    recommendation: decision.recommendation,
    code: decision.advice ? codeSnippet(facts.snippet, withStartMethodNamed(decision.advice, best, facts.ctx.runs)) : '',
    evidence: evidence(facts),
  };
}

/** The batching an overhead-bound verdict advises (workers, inputs per message), for the engine to
 * measure before the final verdict; null for any other verdict. */
export function advisedBatching(ctx: VerdictContext): { workers: number; batchSize: number } | null {
  const facts = gatherFacts(ctx);
  const decision = withFailures(facts, decide(facts));
  return decision.kind === 'overhead-bound' && decision.advice?.kind === 'batched' ? { workers: decision.advice.workers, batchSize: decision.advice.batchSize } : null;
}

/** The configuration that holds numeric libraries to a thread per worker, for the engine to measure
 * before the final verdict when the serial run shows such a library on several cores; else null. */
export function heldLibraryThreads(ctx: VerdictContext): HeldThreadsConfig[] {
  return heldThreadsToMeasure(gatherFacts(ctx));
}

/** Runs that sent the inputs in batches: a chunksize given, or Pool.map's own (about tasks ÷ (4 × workers)). */
function batchedRuns(facts: Facts): Measured[] {
  return facts.ctx.runs.filter(
    (run): run is Measured => (run.chunksize !== null || run.executor === 'pool') && run.executor !== 'serial' && run.error === null && run.wallSeconds !== null && run.wallSeconds > 0,
  );
}

/** Runs given a chunksize: the batch sizes measured for an overhead-bound verdict (or the user's). */
function chunkedRuns(facts: Facts): Measured[] {
  return batchedRuns(facts).filter((run) => run.chunksize !== null);
}

/** The fastest run that sent its inputs in batches (a chunksize, or Pool.map's own), or null. */
function fastestBatched(facts: Facts): Run | null {
  return mostSpeedup(batchedRuns(facts));
}

/** The fastest parallel run that sent one input per message (no chunksize, not Pool.map), or null. */
function bestOneByOne(facts: Facts): Run | null {
  const inBatches = new Set<Run>(batchedRuns(facts));
  return mostSpeedup(facts.ctx.runs.filter((run) => run.executor !== 'serial' && run.workers > 1 && run.error === null && run.speedup !== null && !inBatches.has(run)));
}

/** A batched run that beat serial beyond the noise by a gain worth an executor, where one input
 * per message gained nothing: batching, not parallelism alone, made the difference. Null otherwise. */
function batchedWinner(facts: Facts): Measured | null {
  const oneByOne = bestOneByOne(facts);
  if (oneByOne && (oneByOne.speedup ?? 0) >= HELPS) return null;
  const winners = batchedRuns(facts).filter((run) => (run.speedup ?? 0) >= HELPS && aboveSerial(run));
  return winners.length > 0 ? pickBest(winners, facts.choosing) : null;
}

/** "Measured in batches: pool (fork) × 2 with chunksize 625: 0.81×; 1250: 0.93×." — empty when none was. */
function batchesMeasured(facts: Facts): string {
  const runs = chunkedRuns(facts).sort((a, b) => (a.chunksize as number) - (b.chunksize as number));
  if (runs.length === 0) return '';
  const first = runs[0];
  const sameExecutor = runs.every((run) => run.executor === first.executor && run.startMethod === first.startMethod && run.workers === first.workers);
  const figures = sameExecutor
    ? `${runLabel({ ...first, chunksize: null })} with chunksize ${runs.map((run) => `${run.chunksize}: ${formatSpeedupRange(run.speedup, run.speedupLow, run.speedupHigh)}`).join('; ')}`
    : runs.map((run) => `${runLabel(run)}: ${formatSpeedupRange(run.speedup, run.speedupLow, run.speedupHigh)}`).join('; ');
  return `Measured in batches: ${figures}.`;
}

/** A family that failed while other configurations worked is part of the explanation and the
 * advice, and the code never uses it. Decisions that already named the failure are left as they are. */
function withFailures(facts: Facts, decision: Decision): Decision {
  const failures = familyFailures(facts);
  if (failures.length === 0 || decision.kind === 'failed') return decision;
  const failedFamilies = new Set(failures.map((failure) => failure.family));
  let { explanation, recommendation, advice } = decision;
  for (const failure of failures) {
    if (!explanation.includes(failure.error.message)) explanation = sentence(explanation, failureSentence(failure));
    if (!recommendation.includes(failure.error.hint)) recommendation = sentence(recommendation, failureAdvice(failure));
  }
  const usesFailed =
    (advice?.kind === 'run' && failedFamilies.has(executorFamily(advice.executor) as 'threads' | 'processes')) ||
    // Batched advice sends the inputs to processes (workers in JavaScript).
    (advice?.kind === 'batched' && failedFamilies.has('processes'));
  if (usesFailed) advice = { kind: 'serial' };
  return { ...decision, explanation, recommendation, advice };
}

function decide(facts: Facts): Decision {
  const { ctx, serial, best, bestParallel } = facts;
  if (ctx.runs.every((run) => run.error !== null)) return failed(facts);
  if (!best) return unmeasurable(facts);
  if (!serial) return noBaseline(facts, best);
  const cpu = facts.serialCpuShare;
  const threadsTop = facts.threads.top;
  const processesTop = facts.processes.top;
  const top = bestParallel ? Math.max(threadsTop ?? 0, processesTop ?? 0) : null;

  // A serial run that already fills (nearly) every core leaves nothing to gain: smaller "gains" are noise.
  const fillsMachine = facts.serialCores !== null && facts.serialCores >= 0.9 * ctx.machine.logicalCores;
  // Whether the library leaves room for an executor is judged on its own threads: a run with them
  // held is that verdict's measured fix, not a sign of another cause.
  const ownTop = libraryHeldRuns(facts).length === 0 ? top : topOnOwnThreads(facts);
  if (libraryKeepsCores(facts) && (ownTop === null || ownTop < HELPS || (fillsMachine && ownTop < IO_SCALES))) {
    return internallyParallel(facts, serial, ownTop);
  }
  if (!bestParallel || top === null) return onlySerial(facts, serial);
  // Tiny tasks that gain less than an executor must to be worth it: the hand-off is the cost.
  const handOff = handOffOf(facts) ?? { run: bestParallel, top, byWorkers: false };
  // Tiny tasks sent in batches (measured when the advice was to batch): when batching beat serial
  // beyond the noise, it is the answer to the hand-off's cost.
  const batched = facts.python ? batchedWinner(facts) : null;
  if (batched && tasksAreTiny(facts)) return overheadBoundBatched(facts, batched);
  const handedOff = facts.processes.fastest;
  // Batches that won nothing beyond the noise and worth an executor (batchedWinner) leave the
  // overhead-bound verdict standing: the best of their timings alone is no gain. So do the batch
  // sizes measured as that verdict's fix (chunksize 125 at 1.35× (0.97–2.13) had turned 14 µs calls
  // "mixed", advising it) and Pool.map's own batches (3,000 numpy calls of 10 µs: Pool at 1.33×
  // (0.95–1.47) beside threads at 0.40× and processes at 0.15× read "mixed … partly waiting" at
  // 94% CPU, and no batch size was measured).
  const oneByOne = facts.python && batchedRuns(facts).length > 0 ? bestOneByOne(facts) : null;
  const judged = oneByOne && oneByOne.speedup !== null && oneByOne.speedup < HELPS ? { run: oneByOne, top: oneByOne.speedup, byWorkers: false } : handOff;
  // One call most of serial's run caps any gain, whatever the hand-off costs: small calls beside it
  // are not the cause (a call of 0.17 s among eleven of 0.3 ms read 'overhead-bound', dispatch 1.6%).
  if (judged.top < HELPS && tasksAreTiny(facts) && oneCallCaps(facts) === null) {
    // Short calls that each move a megabyte or more: the bytes are the cost, which batching does not
    // amortize (it saves a message per call, not a byte): 6 calls of 2.3 ms each returning 5.2 MB
    // had advised batches of one call each.
    const copies =
      facts.python && handedOff && processesTop !== null && processesTop < HELPS && (handedOff.overheads?.dispatch ?? 0) >= HIGH_DISPATCH &&
      largeTaskData(taskDataSizes(ctx.runs, ctx.inputsCount)) !== null;
    const inBatches = judged.run === oneByOne ? fastestBatched(facts) : null;
    return copies ? copyBound(facts, handedOff, processesTop) : overheadBound(facts, judged.run, judged.top, judged.byWorkers ? facts.threads : null, inBatches);
  }
  // Computing work the GIL holds (threads flat) whose processes spent most of their worker time
  // receiving it, not computing: the hand-off (big arguments pickled per call) costs more than the
  // work. That is the hand-off's verdict, not "no single cause".
  if (
    facts.python && handedOff && processesTop !== null && processesTop < HELPS && cpu !== null && cpu >= CPU_HEAVY &&
    threadsGainNothing(facts) && handOffDominates(facts, handedOff, processesTop)
  ) {
    return copyBound(facts, handedOff, processesTop);
  }
  // Without CPU times, a speedup beyond the core count is proof enough of waiting.
  const waits = cpu !== null ? cpu < WAITING : top > ctx.machine.logicalCores;
  if (waits && top > IO_SCALES) return ioBound(facts, serial, facts.threads.best ?? bestParallel);

  const threadCores = facts.threads.fastest ? busyCores(facts.threads.fastest) : null;
  const computes = cpu !== null && cpu >= CPU_HEAVY;
  // On CPUs that ran the same work at different speeds all along, or each slower all at once than
  // one alone, all of them together give less than their count (two CPUs, one 1.67× slower: 1.6×,
  // not 2×; two each 1.6× slower at once: 1.25×): the gains that tell computing families apart are
  // asked of what these CPUs could give (cpusReach), not of whole cores.
  // So are they of calls that cannot spread evenly over the cores (a long call given last runs
  // alone): the gain their order allows (spreadReach), not the cores' count — where the calls given
  // longest first could gain what an executor must (else one call sets the pace: oneCallCaps).
  const order = cappingOrder(facts, ctx.machine.physicalCores);
  const reach = cpusReach(ctx.machine) * (order !== null && order.longestFirst >= HELPS ? spreadReach(order) : 1);
  const gilFreeAt = Math.max(NO_GAIN, 1 + (GIL_FREE_SPEEDUP - 1) * reach);
  const helpsAt = Math.max(NO_GAIN, 1 + (HELPS - 1) * reach);
  // Threads that keep several cores busy and do as well as processes are not held by the GIL:
  // whatever caps both (other load, memory) is shared, and threads copy nothing.
  const threadsMatchProcesses = threadsTop !== null && threadsTop >= helpsAt && (processesTop === null || processesTop <= threadsTop * THREADS_MATCH || gilLeavesRoom(facts, processesTop));
  // In JavaScript the same reading holds for async calls: calls that keep several cores busy and gain
  // run their work off the event loop (Node's thread pool for crypto, zlib and fs; a native addon's
  // threads). pbkdf2's callback form at 1.89× with two calls in flight, 1.85 cores busy, had read
  // cpu-bound and advised worker_threads at 1.59×, "async calls only overlap waiting".
  if (
    facts.threads.best && threadsTop !== null && (threadsTop >= gilFreeAt || threadsMatchProcesses) && threadCores !== null && threadCores >= THREADS_BUSY_CORES && computes &&
    (threadsTop >= HELPS || beyondSerialNoise(facts.threads)) && (facts.python || asyncSpreads(facts, threadCores, threadsTop, processesTop))
  ) {
    // Threads that run side by side yet stay clearly behind processes, which the noise puts ahead
    // too: part of the work releases the GIL, part holds it (a Python loop beside numpy: threads
    // 1.63× keeping 1.6 cores busy, processes 1.92×, had read gil-free and advised threads).
    const ahead = facts.python ? processesAheadOfSpreadingThreads(facts) : null;
    // Threads that burnt clearly more CPU than their gain shows contend (a lock in C code, the
    // allocator): that is the cause processes escape, not a part holding the GIL.
    if (ahead) return threadsBurnMoreThanTheyGain(facts) ? cpuBound(facts, ahead) : partlyGilFree(facts, facts.threads.best, ahead);
    return gilFree(facts, facts.threads.best);
  }
  // Threads held back: flat, or (on a noisy machine) a little above flat yet never more than one
  // core busy and clearly beaten by processes.
  // In JavaScript the "threads" family is async calls on one event loop: computing work that did not
  // show itself off the event loop (asyncSpreads, above) cannot spread there.
  const threadsHeldBack =
    !facts.python ||
    threadsTop === null ||
    threadsTop <= THREADS_FLAT ||
    // Threads that never kept more than one core busy are serialized by the GIL whatever their
    // timing says on a busy machine; processes only need to do clearly better.
    (threadCores !== null && threadCores < THREADS_BUSY_CORES && processesTop !== null && processesTop >= threadsTop * PROCESSES_AHEAD);
  if (computes && threadsHeldBack && !tasksAreTiny(facts)) {
    // On a busy or shared machine processes may gain less than the cores allow; they still clearly
    // beat the held-back threads, which is the cpu-bound signature.
    const processesWin =
      processesTop !== null &&
      (processesTop >= helpsAt || (processesTop > NO_GAIN && processesTop >= (threadsTop ?? 1) * HELPS)) &&
      (processesTop >= HELPS || beyondSerialNoise(facts.processes));
    if (facts.processes.best && processesWin) return cpuBound(facts, facts.processes.best);
    if (!facts.processes.best && facts.processes.failure) return cpuBoundWithoutProcesses(facts, facts.processes.failure);
  }
  // Computing work that gained nothing while other programs took a notable share of the cores says
  // nothing of the work: what the cores had left could not show a gain (a generator pipeline at
  // 0.98–1.21× with 0.6 of 2 cores taken had read "mixed … no single cause", then cpu-bound at
  // 1.83× on a quiet machine).
  if (computes && top < HELPS && ctx.machine.logicalCores > 1 && isContended(facts.contention, ctx.machine.logicalCores) && loadHidesGain(top, facts.contention, ctx.machine.logicalCores) && oneCallCaps(facts) === null) {
    return busyMachine(facts, serial, facts.contention);
  }
  return mixed(facts, best, top);
}

/**
 * Whether the cores other programs took could hide the gain: the best measured, scaled to the
 * whole of the cores (its gain on the cores left), would be what an executor must show. 0.3 of 16
 * cores taken hides nothing; 0.6 of 2 hides a 1.21× that the whole two would make 1.7×.
 */
function loadHidesGain(top: number, contention: ContentionSummary, cores: number): boolean {
  const left = cores - contention.medianOtherCores;
  return left <= 1 || top * (cores / left) >= HELPS;
}

/** "threads reached at best 0.91× (thread × 2); processes reached at best 1.21× (…)": the families that ran. */
function familiesReached(facts: Facts): string[] {
  const parts: string[] = [];
  for (const [name, family] of [[facts.names.threads, facts.threads], [facts.names.processes, facts.processes]] as const) {
    // A family that failed is said by withFailures, with where and what to do.
    if (family.fastest && family.top !== null) parts.push(`${name} reached at best ${formatSpeedup(family.top)} (${runLabel(family.fastest)})`);
  }
  return parts;
}

/** Computing work measured on cores other programs kept busy, which gained nothing: the verdict waits for a quieter machine. */
function busyMachine(facts: Facts, serial: Measured, contention: ContentionSummary): Decision {
  const { functionName, machine } = facts.ctx;
  const parts = familiesReached(facts);
  const ran = [facts.threads, facts.processes].filter((family) => family.fastest !== null).length;
  const which = ran === 2 || ran === 0 ? `${facts.names.threads} or ${facts.names.processes} scale` : facts.threads.fastest ? `${facts.names.threads} scale` : `${facts.names.processes} scale`;
  return {
    kind: 'inconclusive',
    explanation: sentence(
      `${functionName} computes${cpuShareWords(facts)}${parts.length > 0 ? `, and ${parts.join('; ')}` : ''}, but ${otherLoadClause(contention, machine.logicalCores)}, and ${formatCores(contention.worst.otherCores)} during ${contention.worst.label}.`,
      `What the cores had left could not show whether ${which}, so no kind is given.`,
    ),
    recommendation: `Profile ${functionName} again when the machine is quieter (the programs using the cores have finished or are closed). Until then, keep the plain loop: serial took ${formatSeconds(serial.wallSeconds)}, and nothing here beat it by ${formatSpeedup(HELPS)} or more.`,
    advice: null,
    noBest: true,
  };
}

/**
 * JavaScript's async calls spread computing work over the cores (it runs off the event loop) only
 * when the evidence is the pool's, not the runtime's: they kept more cores busy than serial's own
 * calls did (ranOffEventLoop), their gain is beyond serial's noise (a burst of load that slowed
 * serial fakes one), and the workers did not beat them beyond the margin and the noise: every worker
 * thread shares the one thread pool, so workers clearly ahead mean the work is JavaScript's own.
 */
function asyncSpreads(facts: Facts, asyncCores: number, asyncTop: number, workersTop: number | null): boolean {
  if (!ranOffEventLoop(asyncCores, facts.serialCores)) return false;
  // A gain an executor must show, on most of the calls' timings, is no burst that slowed serial even
  // where one timing was slowed to serial's pace: scrypt's async calls at 1.05, 0.59 and 0.54 s beside
  // serial's 1.03–1.07 s (other programs on a core) read "not beyond the noise" and advised child
  // processes at 1.96× (1.01–2.04).
  if (!beyondSerialNoise(facts.threads) && !(asyncTop >= HELPS && mostTimingsAhead(facts.threads.fastest, facts.serial))) return false;
  const calls = facts.threads.fastest;
  const workers = facts.processes.fastest;
  return workersTop === null || !calls || !workers || workersTop < asyncTop * PROCESSES_AHEAD || withinNoise(calls, workers);
}

/** Whether more than half of a run's timings were faster than serial's fastest. */
function mostTimingsAhead(run: Pick<Run, 'repeats'> | null, serial: Pick<Run, 'repeats'> | null): boolean {
  if (!run || !serial || serial.repeats.length === 0 || run.repeats.length < 2) return false;
  const fastestSerial = Math.min(...serial.repeats);
  return run.repeats.filter((timing) => timing < fastestSerial).length * 2 > run.repeats.length;
}

/** Whether a family gained on serial beyond the noise: its advised or its fastest run has a speedup
 * interval above 1 (a run timed once has none: its speedup alone counts). Asked of gains under
 * HELPS, which are a family's signature only when proven: beating a family that a burst of other
 * load slowed is no gain on serial (on one usable core, processes at 1.14× (0.62–1.30) beside
 * threads slowed to 0.65× had read as cpu-bound). A larger gain beside a flat family is the
 * signature even when serial's own timings swung (worker_threads 1.54× (0.77–2.30) beside async
 * calls at 0.93×, serial 675 ms to 1.13 s): the confidence line says how far to trust it. */
function beyondSerialNoise(family: FamilyResult): boolean {
  return [family.best, family.fastest].some((run) => run !== null && aboveSerial(run));
}

/** A run's gain on serial is beyond the noise: its speedup interval lies above 1, or it has none
 * (timed once: its speedup alone counts). */
function aboveSerial(run: Pick<Measured, 'speedupLow'>): boolean {
  return run.speedupLow === null || run.speedupLow === undefined || run.speedupLow > 1;
}

/** The run whose hand-off the verdict judges, with its speedup, where the best parallel run cannot:
 * on JavaScript computing work async calls share one thread, so their "gain" is timing noise and
 * their dispatch the calls queueing for that thread (0.7 of their time "dispatching" beside
 * worker_threads × 2 at 2% read 106 ms calls as tiny); only the fastest worker pool says what a
 * hand-off costs. Null elsewhere. */
function handOffOf(facts: Facts): { run: Run; top: number; byWorkers: true } | null {
  const cpu = facts.serialCpuShare;
  const workers = facts.processes.fastest;
  const top = facts.processes.top;
  if (facts.python || cpu === null || cpu < CPU_HEAVY || workers === null || top === null) return null;
  return { run: workers, top, byWorkers: true };
}

function tasksAreTiny(facts: Facts): boolean {
  if (facts.medianTask !== null && facts.medianTask < TINY_TASK_SECONDS) return true;
  const overheads = (handOffOf(facts)?.run ?? facts.bestParallel)?.overheads;
  // Start-up is paid once per pool, outside the timed wall: only dispatch says the tasks are small.
  return overheads !== null && overheads !== undefined && overheads.dispatch >= HIGH_DISPATCH;
}

/** "Processes could not run: <why>." — empty when nothing failed. */
function couldNotRun(name: string, failure: RunError | null): string {
  return failure ? period(`${capitalize(name)} could not run: ${failure.message}`) : '';
}

function cpuShareWords(facts: Facts): string {
  if (facts.serialCpuShare === null) return '';
  const inPrograms = programsDoTheWork(facts);
  const where = inPrograms !== null ? `, ${formatPercent(Math.min(1, inPrograms))} in the programs it ran` : '';
  // The table's CPU use is over the whole wall; the share here leaves out the time other programs
  // kept the function off a core, which is no waiting of its own: said where the two differ.
  const table = facts.serial?.cpuUtilization ?? null;
  const counted = table !== null && Math.abs(Math.min(1, facts.serialCpuShare) - table) >= 0.05 ? ', counting only the time other programs left it a core' : '';
  return ` (${formatPercent(Math.min(1, facts.serialCpuShare))} of its serial time on the CPU${counted}${where})`;
}

/** Whether the GIL leaves threads room to gain what processes did: the calls' programs do the work,
 * and the calls' own Python — all the GIL can hold — takes a share of serial's wall small enough
 * (1 ÷ share at least processes' gain, Amdahl). Processes ahead of threads that kept cores busy
 * running programs is then their noise, not the GIL (subprocess calls: threads 1.36×, their
 * programs' CPU 28% above serial's for the same work, beside processes at 1.76×, the calls' own
 * CPU under 1% of the wall). */
function gilLeavesRoom(facts: Facts, processesTop: number): boolean {
  const serial = facts.serial;
  if (!serial || programsDoTheWork(facts) === null || !(serial.wallSeconds > 0)) return false;
  const own = ownCpuSeconds(serial);
  if (typeof own !== 'number' || !Number.isFinite(own)) return false;
  return own <= 0 || serial.wallSeconds / own >= processesTop;
}

/** The programs a function runs do its work when they took this share of its CPU or more. */
const PROGRAMS_DO_THE_WORK = 0.5;

/** Serial's CPU in the programs it ran and waited for, over its wall, when they did its work
 * (PROGRAMS_DO_THE_WORK of its CPU share, above 0); null otherwise or when not counted. */
function programsDoTheWork(facts: Facts): number | null {
  const serial = facts.serial;
  if (!serial || typeof serial.childCpuSeconds !== 'number' || !(serial.wallSeconds > 0) || facts.serialCpuShare === null) return null;
  const share = serial.childCpuSeconds / serial.wallSeconds;
  return share > 0 && share >= PROGRAMS_DO_THE_WORK * facts.serialCpuShare ? share : null;
}

function runAdvice(run: Pick<Run, 'executor' | 'startMethod' | 'workers' | 'chunksize' | 'libraryThreads'>): Advice {
  return { kind: 'run', executor: run.executor, startMethod: run.startMethod, workers: run.workers, chunksize: run.chunksize, libraryThreads: run.libraryThreads ?? null };
}

// ---- one function per kind ---------------------------------------------------------------------

function failed(facts: Facts): Decision {
  const { runs, functionName } = facts.ctx;
  const error = mostCommonError(runs);
  if (!error) {
    return { kind: 'failed', explanation: `No configuration of ${functionName} ran.`, recommendation: 'Run the profile again.', advice: null };
  }
  const where = error.file ? ` (${error.file}${error.line ? `:${error.line}` : ''})` : '';
  const skipped = runs.filter(notRun).length;
  return {
    kind: 'failed',
    explanation: period(`${functionName} failed in every configuration ${skipped > 0 ? `that ran (${plural(runs.length - skipped, 'run')}; ${plural(skipped, 'other')} not run)` : `(${plural(runs.length, 'run')})`}. The most common error (${error.kind}): ${where ? error.message.replace(/\.$/, '') : error.message}${where}`),
    recommendation: error.hint,
    advice: null,
  };
}

/** Runs that finished without error in no measurable time: there is nothing worth sharing out. */
function unmeasurable(facts: Facts): Decision {
  return {
    kind: 'inconclusive',
    explanation: `${facts.ctx.functionName} finished all its inputs in no measurable time, so no configuration can be told apart from another.`,
    recommendation: `Give it more or larger inputs (or the same inputs many times, e.g. --inputs "${facts.python ? 'list(PROFILE_INPUTS) * 100' : 'Array(100).fill(PROFILE_INPUTS).flat()'}") so serial takes at least a few tenths of a second, and profile again.`,
    advice: null,
    noBest: true,
  };
}

function noBaseline(facts: Facts, fastest: Measured): Decision {
  const serialRun = facts.ctx.runs.find((run) => run.executor === 'serial');
  const why = serialRun?.error ? `: ${serialRun.error.message}` : '';
  return {
    kind: 'inconclusive',
    explanation: sentence(
      period(`The serial run did not finish${why}`),
      `Without it there is no baseline to measure speedup against, so no configuration can be recommended. The fastest configuration was ${runLabel(fastest)} at ${formatSeconds(fastest.wallSeconds)}.`,
    ),
    recommendation: serialRun?.error ? sentence(period(serialRun.error.hint), 'Then profile again to compare against serial.') : 'Profile again with serial included.',
    advice: null,
    noBest: true,
  };
}

function onlySerial(facts: Facts, serial: Measured): Decision {
  const parallel = facts.ctx.runs.filter((run) => run.executor !== 'serial');
  const cancelled = parallel.length > 0 && parallel.every((run) => run.error?.kind === 'cancelled');
  const guess =
    facts.serialCpuShare !== null && facts.serialCpuShare < WAITING
      ? `${facts.ctx.functionName} mostly waits${cpuShareWords(facts)}, so ${facts.python ? 'threads' : 'concurrent async calls'} would likely help.`
      : '';
  if (cancelled) {
    return {
      kind: 'inconclusive',
      explanation: sentence(
        `The profile was cancelled after the serial run (${formatSeconds(serial.wallSeconds)}), before any parallel configuration finished, so nothing can be compared yet.`,
        guess,
      ),
      recommendation: `Profile ${facts.ctx.functionName} again and let it run to the end to compare ${facts.names.threads} and ${facts.names.processes} with serial.`,
      advice: null,
      noBest: true,
    };
  }
  return {
    kind: 'inconclusive',
    explanation: sentence(
      `Only the serial run finished (${formatSeconds(serial.wallSeconds)}); no parallel configuration produced a result, so nothing can be compared.`,
      couldNotRun(facts.names.threads, facts.threads.failure),
      couldNotRun(facts.names.processes, facts.processes.failure),
      guess,
    ),
    recommendation: 'Fix what stopped the parallel runs, or let the profile run to the end, and profile again.',
    advice: null,
    noBest: true,
  };
}

/** Where threadpoolctl holds the library threads instead of the variables: around a thread pool (its
 * threads share the library), in each worker of a process pool. */
function threadpoolLimits(executor: Executor): string {
  return `threadpoolctl.threadpool_limits ${executor === 'thread' ? 'around the pool' : 'in each worker'}`;
}

/** Parallel runs measured with their numeric libraries' threads held (plan step 7). */
function libraryHeldRuns(facts: Facts): Measured[] {
  return facts.ctx.runs.filter((run): run is Measured => typeof run.libraryThreads === 'number' && run.executor !== 'serial' && succeeded(run));
}

/** Parallel runs on the libraries' own threads (several workers), fastest first. */
function ownThreadRuns(facts: Facts): Measured[] {
  return facts.ctx.runs
    .filter((run): run is Measured => typeof run.libraryThreads !== 'number' && run.executor !== 'serial' && run.workers > 1 && succeeded(run) && run.speedup !== null)
    .sort((a, b) => (b.speedup ?? 0) - (a.speedup ?? 0));
}

function topOnOwnThreads(facts: Facts): number | null {
  return ownThreadRuns(facts)[0]?.speedup ?? null;
}

function internallyParallel(facts: Facts, serial: Measured, top: number | null): Decision {
  const { functionName, machine } = facts.ctx;
  const cores = formatCores(facts.serialCores ?? 0);
  // On a loaded machine the count of threads computing side by side can exceed CPU ÷ wall: say so,
  // or the figures in brackets would not add up to the cores named.
  const byThreads = serial.processCpuSeconds !== null && (facts.serialCores ?? 0) - serial.processCpuSeconds / serial.wallSeconds > 0.1;
  const measured =
    serial.processCpuSeconds === null
      ? ''
      : ` (${byThreads ? 'its threads computed side by side; ' : ''}process CPU ${formatSeconds(serial.processCpuSeconds)} over ${formatSeconds(serial.wallSeconds)} of wall time${byThreads ? ', other programs taking the rest' : ''})`;
  const library = facts.python ? 'the library under it (BLAS behind numpy, or other native threads)' : 'native code under it (an addon or the libuv thread pool)';
  // The figure is of the runs on the library's own threads: the held run has a sentence of its own.
  const held = libraryHeldRuns(facts);
  const topRun = ownThreadRuns(facts)[0] ?? null;
  const noHelp =
    top === null || topRun === null
      ? 'An executor on top would compete with those threads for the same cores.'
      : `${held.length > 0 ? 'With the library on its own threads, no' : 'No'} executor went past ${formatSpeedup(topRun.speedup)} (${runLabel(topRun)}): each worker competes with the library's own threads for the same ${machine.logicalCores} logical cores.`;
  const explanation = sentence(`Serial ${functionName} already kept ${cores} cores busy${measured}: ${library} runs on several cores by itself.`, noHelp);
  // Held to a thread per worker, processes that beat serial beyond the noise by a gain worth an
  // executor are the measured way to use the cores: the recommendation, with code that holds them.
  // Fastest first.
  const beyondSerial = held.filter((run) => (run.speedupLow ?? 0) > 1).sort((a, b) => (b.speedup ?? 0) - (a.speedup ?? 0));
  // The fastest held run, or threads held so where they stand level with it: simpler, and they
  // share the arrays instead of pickling them.
  const winners = beyondSerial.filter((run) => (run.speedup ?? 0) >= HELPS);
  const onThreads = winners.find((run) => run.executor === 'thread');
  const winner = onThreads && (onThreads === winners[0] || withinNoise(onThreads, winners[0])) ? onThreads : winners[0];
  if (winner) {
    const threads = winner.libraryThreads as number;
    const where = winner.executor === 'thread' ? 'on threads' : 'in processes';
    return {
      kind: 'internally-parallel',
      explanation,
      recommendation: `Run ${winner.workers} calls side by side ${where}, each with the library held to ${threads} thread${threads === 1 ? '' : 's'}: ${runLabel(winner)} reached ${formatSpeedupRange(winner.speedup, winner.speedupLow, winner.speedupHigh)} over serial, measured. Set OMP_NUM_THREADS=${threads} and its kin before numpy loads, as the code does (or use ${threadpoolLimits(winner.executor)}); without that, each ${winner.executor === 'thread' ? 'call' : 'worker'} starts a thread per core.`,
      advice: runAdvice(winner),
      best: winner,
    };
  }
  const small = beyondSerial[0];
  const verdictWords = small
    ? `Keep one call at a time and let the library use the cores: held to a thread per worker, ${runLabel(small)} gained only ${formatSpeedupRange(small.speedup, small.speedupLow, small.speedupHigh)}, less than the ${formatSpeedup(HELPS)} an executor must give to be worth its ${small.executor === 'thread' ? 'threads' : 'processes'}.`
    : 'No executor helps: keep one call at a time and let the library use the cores.';
  const control = facts.python
    ? "control the library's own threads (OMP_NUM_THREADS, MKL_NUM_THREADS or threadpoolctl), e.g. N workers × (cores ÷ N) threads each"
    : "control the native library's own thread pool (UV_THREADPOOL_SIZE for libuv work, or the library's thread option)";
  return {
    kind: 'internally-parallel',
    explanation,
    recommendation: `${verdictWords} To share the machine or run calls side by side, ${control}.`,
    advice: { kind: 'library-threads' },
    best: serial,
  };
}

/** `sameThread` is JavaScript's async family when it was set aside: its calls share one thread, so a
 * "gain" on computing work this short is timing noise and is said to be. `inBatches`: the fastest
 * batched run, where `parallel` is the best sending one call per message (a walk had read "the
 * best parallel run, thread × 2, reached only 0.07×" beside Pool's batches at 0.75×). */
function overheadBound(facts: Facts, parallel: Run, top: number, sameThread: FamilyResult | null, inBatches: Run | null = null): Decision {
  const { functionName, inputsCount, machine } = facts.ctx;
  const task = facts.medianTask !== null ? `Each call of ${functionName} takes about ${formatSeconds(facts.medianTask)}` : `The calls of ${functionName} are short`;
  const copying = facts.python ? 'pickling' : 'serializing';
  const dispatch = parallel.overheads ? `, and ${formatPercent(parallel.overheads.dispatch)} of its worker time went to dispatch (queueing, ${copying}, messaging)` : '';
  const noise = sameThread?.fastest && sameThread.top !== null && sameThread.top >= HELPS
    ? ` ${capitalize(facts.names.threads)} share one thread, so their ${formatSpeedup(sameThread.top)} (${runLabel(sameThread.fastest)}) on computing calls this short is timing noise, not a gain.`
    : '';
  const batched = inBatches?.speedup !== null && inBatches?.speedup !== undefined ? ` (in batches, at best ${formatSpeedup(inBatches.speedup)}: ${runLabel(inBatches)})` : '';
  const which = inBatches ? `${sameThread ? 'worker' : 'parallel'} run sending one call per message` : `${sameThread ? 'worker' : 'parallel'} run`;
  const workers = Math.max(2, machine.physicalCores);
  const batch = batchSizeFor(inputsCount, workers);
  // Advice to batch the inputs to processes (workers) that never worked would send the user into the failure.
  if (familyFailures(facts).some((failure) => failure.family === 'processes')) {
    return {
      kind: 'overhead-bound',
      explanation: `${task}, less than handing a task to a worker costs: the best ${which}, ${runLabel(parallel)}, reached only ${formatSpeedup(top)}${batched}${dispatch}.`,
      recommendation: 'Stay serial: a plain loop is fastest.',
      advice: { kind: 'serial' },
      best: facts.serial ?? undefined,
    };
  }
  // Too few inputs to batch: a message per worker's share would still carry one call.
  if (batch < 2) {
    return {
      kind: 'overhead-bound',
      explanation: `${task}, less than handing a task to a worker costs: the best ${which}, ${runLabel(parallel)}, reached only ${formatSpeedup(top)}${batched}${dispatch}.${noise}`,
      recommendation: `Stay serial: a plain loop is fastest. There are too few calls to batch: ${plural(inputsCount, 'input')} over ${workers} workers, in the four or so messages per worker that keep them all busy to the end, is one call per message. A parallel run pays only once each call costs more than its hand-off.`,
      advice: { kind: 'serial' },
      best: facts.serial ?? undefined,
    };
  }
  const measured = batchesMeasured(facts);
  return {
    kind: 'overhead-bound',
    explanation: `${task}, less than handing a task to a worker costs: the best ${which}, ${runLabel(parallel)}, reached only ${formatSpeedup(top)}${batched}${dispatch}.${noise}`,
    recommendation: facts.python
      ? measured
        ? `Stay serial: a plain loop is fastest, even in batches. ${measured} If the work per call grows, send the inputs in batches so one message carries many calls: pool.map(${functionName}, inputs, chunksize=${batch}) (about tasks ÷ (4 × workers)).`
        : `Stay serial: a plain loop is fastest. If the work per call grows, send the inputs in batches so one message carries many calls: pool.map(${functionName}, inputs, chunksize=${batch}) (about tasks ÷ (4 × workers)).`
      : `Stay serial: a plain loop is fastest. If the work per call grows, use workers and send about ${batch} inputs per message rather than one, as below.`,
    advice: { kind: 'batched', workers, batchSize: batch },
    // The advice is to stay serial: a parallel run a little faster by chance is not the best.
    best: facts.serial ?? undefined,
  };
}

/** Threads flat, or a little above flat with an interval that reaches no gain at all. */
function threadsGainNothing(facts: Facts): boolean {
  const { top, fastest } = facts.threads;
  if (top === null || top <= THREADS_FLAT) return true;
  // A gain needs more cores or overlapped waits. A serial process on a core all along never waited,
  // so threads that kept no more than one core busy cannot have gained but by the noise
  // (big_arguments.py in a CI run: thread × 4 read 1.25× at 0.92 cores busy, serial 1.0 busy).
  const threadCores = fastest ? busyCores(fastest) : null;
  if (facts.serialCores !== null && facts.serialCores >= NEVER_WAITED && threadCores !== null && threadCores <= THREADS_BUSY_CORES) return true;
  const low = fastest?.speedupLow;
  return low !== null && low !== undefined && low <= 1;
}

/** Of what processes fell short of the gain their cores allow, at least this share went to receiving
 * the work, for calls that each move a megabyte or more: the bytes are the cause. */
const DISPATCH_OF_SHORTFALL = 0.5;

/**
 * Whether the hand-off is what kept processes from gaining: half their worker time or more went to
 * it, or — each call moving a megabyte or more — at least half of what they fell short by. A walk's
 * CSV aggregation sent 6.46 MB of rows with each of 4 calls: processes × 2 at 0.86× on 2 cores,
 * 45% of their worker time receiving the work (imbalance 6%, start-up 0%), read "mixed: no single
 * cause dominates" before; sending an index instead gained 1.65×.
 */
function handOffDominates(facts: Facts, processes: Run, top: number): boolean {
  const dispatch = processes.overheads?.dispatch ?? 0;
  if (dispatch >= HIGH_DISPATCH) return true;
  // Processes that lost to serial on cores they could share (a gain that fell short is not "costs
  // more than the call"; one core leaves nothing to share: mixed's words say so).
  const ideal = Math.min(processes.workers, Math.max(1, facts.ctx.machine.physicalCores), facts.ctx.inputsCount);
  if (ideal < 2 || top >= 1) return false;
  const shortfall = 1 - top / ideal;
  return dispatch >= DISPATCH_OF_SHORTFALL * shortfall && largeTaskData(taskDataSizes(facts.ctx.runs, facts.ctx.inputsCount)) !== null;
}

/** Processes lost to the hand-off of each call's data, threads to the GIL: serial, and send less. */
function copyBound(facts: Facts, processes: Run, top: number): Decision {
  const { ctx } = facts;
  const { functionName } = ctx;
  const data = taskDataSizes(ctx.runs, ctx.inputsCount);
  const large = largeTaskData(data);
  const sent = large !== null && data ? `, sending ${formatBytes(large)} per call (${describeTaskData(data)})` : '';
  // Which way the bytes go: results bigger than the arguments are sent back, not received.
  const sendsBack = data !== null && (data.resultBytes ?? 0) > (data.argumentBytes ?? 0);
  const dispatch = processes.overheads
    ? `: ${formatPercent(processes.overheads.dispatch)} of their worker time went to ${sendsBack ? 'sending the results back' : 'receiving the work'} (pickling, piping, unpickling)`
    : '';
  // The GIL only when the threads never kept more than one core busy: busier threads contend on something else.
  const contended = threadsContend(facts);
  const threads =
    facts.threads.top === null ? ''
    : contended ? ` Threads gained nothing either: ${contended}.`
    : (facts.serialCpuShare ?? 0) >= CPU_HEAVY ? ` Threads reached ${formatSpeedup(facts.threads.top)}: ${functionName} computes with the GIL held, so they take turns.`
    : ` Threads reached ${formatSpeedup(facts.threads.top)}.`;
  return {
    kind: 'overhead-bound',
    explanation: `Handing each call to a process costs more than the call: ${runLabel(processes)} reached only ${formatSpeedup(top)}${sent}${dispatch}.${threads}`,
    recommendation: sendsBack
      ? `Stay serial: a plain loop is fastest. To use processes, return less per call: reduce the result in the worker (a sum, a summary, the few rows needed), or write it where the caller can read it (a file, multiprocessing.shared_memory) and return its name instead of pickling it back.`
      : `Stay serial: a plain loop is fastest. To use processes, send less per call: let each worker load or inherit the data (a file path, multiprocessing.shared_memory, or data made at module level before a fork) instead of pickling it with every call.`,
    advice: { kind: 'serial' },
    best: facts.serial ?? undefined,
  };
}

/** Tiny tasks whose hand-off cost batching paid off, measured: send the inputs in batches. */
function overheadBoundBatched(facts: Facts, batched: Measured): Decision {
  const { functionName } = facts.ctx;
  const task = facts.medianTask !== null ? `Each call of ${functionName} takes about ${formatSeconds(facts.medianTask)}` : `The calls of ${functionName} are short`;
  const oneByOne = bestOneByOne(facts);
  const single = oneByOne ? ` one input per message, the best run (${runLabel(oneByOne)}) reached ${formatSpeedup(oneByOne.speedup)}; in batches,` : '';
  return {
    kind: 'overhead-bound',
    explanation: `${task}, less than handing it to a worker costs: with${single} ${runLabel(batched)} reached ${formatSpeedupRange(batched.speedup, batched.speedupLow, batched.speedupHigh)}, measured. One message carrying many calls pays the hand-off once per batch.`,
    recommendation: batched.chunksize !== null
      ? `Send the inputs in batches: pool.map(${functionName}, inputs, chunksize=${batched.chunksize}) with ${batched.workers} workers. ${batchesMeasured(facts)}`.trim()
      : `Send the inputs in batches: multiprocessing Pool.map with ${batched.workers} workers batches them by itself (about tasks ÷ (4 × workers) per message), unlike ProcessPoolExecutor.map, which sends one input per message unless given a chunksize. ${batchesMeasured(facts)}`.trim(),
    advice: runAdvice(batched),
    best: batched,
  };
}

function ioBound(facts: Facts, serial: Measured, scaling: Measured): Decision {
  const { functionName, machine, inputsCount } = facts.ctx;
  const past = scaling.workers > machine.logicalCores ? `, past the ${machine.logicalCores} logical cores` : '';
  const cpuSeconds = workCpuSeconds(serial);
  const share = facts.serialCpuShare;
  const waits =
    share !== null && cpuSeconds !== null
      ? `${functionName} spent ${formatPercent(Math.min(1, share))} of its serial time on the CPU (${formatSeconds(cpuSeconds)} of ${formatSeconds(serial.wallSeconds)}): it mostly waits.`
      : `${functionName} sped up beyond the core count, which only waiting work can do.`;
  // Waits of uneven lengths given in an order that leaves the longest last: the order caps the gain.
  const order = orderWords(facts, scaling.workers, scaling.speedup, true);
  const capped = order?.because ? `${capitalize(order.because)}.` : '';
  if (!facts.python) {
    return {
      kind: 'io-bound',
      explanation: sentence(waits, `Waiting calls overlap on the one event loop: ${reached(scaling)}${past}.`, capped),
      recommendation: sentence(
        scaling.workers < inputsCount
          ? `Keep ${workersWords(scaling)} and await them all, as the code below does (each of ${scaling.workers} lanes starts the next input as its call settles; ${
              scaling.workers >= Math.max(...facts.ctx.runs.filter((run) => run.executor === 'async' && succeeded(run)).map((run) => run.workers))
                ? `or more: ${scaling.workers} was the largest count tried`
                : 'more in flight gained nothing clear here'
            }). Waiting needs no worker threads.`
          : `Start the calls together and await them all: await Promise.all(inputs.map(${functionName})). Waiting needs no worker threads.`,
        order?.advice ?? '',
      ),
      advice: { kind: 'run', executor: 'async', startMethod: null, workers: scaling.workers, chunksize: null },
      best: scaling,
    };
  }
  const threads = facts.threads.best;
  const triedThreads = facts.ctx.runs.filter((run) => run.executor === 'thread').map((run) => run.workers);
  const workers = scaling.workers;
  const more = threads && workers === Math.max(...triedThreads) && workers < inputsCount ? ` (or more: ${workers} was the largest count tried)` : '';
  const via = threads
    ? `A waiting thread holds no core and releases the GIL, so ${reached(threads)}${past}.`
    : sentence(`${capitalize(reached(scaling))}${past}; threads would overlap the waits as well, without starting processes.`, couldNotRun('threads', facts.threads.failure));
  return {
    kind: 'io-bound',
    explanation: sentence(waits, via, capped),
    recommendation: sentence(`Use ThreadPoolExecutor with ${plural(workers, 'worker')}${more}. Threads are enough for waiting work: no processes to start and nothing to pickle.`, order?.advice ?? ''),
    advice: { kind: 'run', executor: 'thread', startMethod: null, workers, chunksize: null },
    best: scaling,
  };
}

function gilFree(facts: Facts, threads: Measured): Decision {
  const cores = formatCores(busyCores(threads) ?? 0);
  if (!facts.python) return offEventLoop(facts, threads, cores);
  const noGil =
    programsDoTheWork(facts) !== null
      ? 'the work runs in the programs it starts, and a thread waiting for its program does not hold the GIL'
      : facts.ctx.runtime.gilEnabled === false
        ? 'this Python is a free-threaded build, without the GIL'
        : 'the GIL is released while C code such as hashlib, zlib or numpy does the work';
  const threadsTop = facts.threads.top ?? threads.speedup ?? 0;
  // The threads' fastest run, which the advised one may trade a little of for fewer workers.
  const threadsFastest = facts.threads.fastest ?? threads;
  const processesTop = facts.processes.top;
  const processesFastest = facts.processes.fastest;
  // Processes a little ahead within the noise of the threads' fastest gained nothing clear; behind, they paid for their
  // start-up and copies; ahead beyond the noise (a free-threaded build, programs doing the work)
  // they are only named.
  // Behind threads, processes paid for their start-up and copies where those were a visible share
  // of their time; else their timings only say they did no better (one timing of fork × 2 at 1.95×
  // beside a median of 1.21× on a busy machine, 5-byte arguments, had read "they must start and
  // pickle every argument and result").
  const handOff = processesFastest?.overheads ? processesFastest.overheads.startup + processesFastest.overheads.dispatch : 0;
  const paid = handOff >= HAND_OFF_SHOWS || largeTaskData(taskDataSizes(facts.ctx.runs, facts.ctx.inputsCount)) !== null;
  const processes =
    processesTop === null || !processesFastest
      ? ''
      : processesTop <= threadsTop
        ? paid
          ? `Processes reached ${formatSpeedup(processesTop)}: they must start and pickle every argument and result.`
          : `Processes reached ${formatSpeedupRange(processesTop, processesFastest.speedupLow, processesFastest.speedupHigh)}, no more than threads, which share memory instead of pickling every argument and result.`
        : withinNoise(threadsFastest, processesFastest)
          ? `Processes reached ${formatSpeedup(processesTop)}, no clear gain over threads, which share memory instead of pickling every argument and result.`
          : processesTop < threadsTop * PROCESSES_AHEAD
            ? `Processes reached ${formatSpeedup(processesTop)}, ${formatPercent(processesTop / threadsTop - 1)} beyond threads' ${formatSpeedup(threadsTop)}: short of the ${formatPercent(PROCESSES_AHEAD - 1)} that would pay for pickling every argument and result, which threads share.`
            : `Processes reached ${formatSpeedup(processesTop)}.`;
  return {
    kind: 'gil-free',
    explanation: sentence(
      `${capitalize(reached(threads))}, keeping ${cores} cores busy: ${facts.ctx.functionName} computes${cpuShareWords(facts)}, yet its threads run at the same time because ${noGil}.`,
      processes,
    ),
    recommendation: sentence(`Use ThreadPoolExecutor with ${plural(threads.workers, 'worker')}: threads run in parallel here and share memory, so nothing is pickled or copied.`, orderWords(facts, threads.workers, threads.speedup)?.advice ?? ''),
    advice: runAdvice(threads),
    best: threads,
  };
}

/** The processes run the verdict advises when they are ahead of threads that spread over cores by
 * PROCESSES_AHEAD or more, the noise-aware pick (facts.best) being theirs; null otherwise. Not when
 * the programs the calls run do the work, nor without a GIL: the GIL is not what holds threads back there. */
function processesAheadOfSpreadingThreads(facts: Facts): Measured | null {
  const best = facts.best;
  const threadsTop = facts.threads.top;
  if (!best || best.speedup === null || threadsTop === null || executorFamily(best.executor) !== 'processes') return null;
  if (programsDoTheWork(facts) !== null || facts.ctx.runtime.gilEnabled === false) return null;
  // A numeric library's own threads (held per worker, or already busy in serial) make the gap one
  // of oversubscribed cores; a Dask cluster may hold cores this machine does not.
  if (typeof best.libraryThreads === 'number' || libraryKeepsCores(facts) || best.executor === 'dask') return null;
  return best.speedup >= threadsTop * PROCESSES_AHEAD ? best : null;
}

/** Threads whose CPU ÷ wall exceeds their gain by PROCESSES_AHEAD: they needed that much more CPU
 * than serial for the same work (kept 2.0 cores busy for 1.5×), which is contention, not the GIL. */
function threadsBurnMoreThanTheyGain(facts: Facts): boolean {
  const cores = threadCoresOf(facts);
  const top = facts.threads.top;
  return cores !== null && top !== null && top > 0 && cores > top * PROCESSES_AHEAD;
}

/** Threads that ran side by side, yet processes clearly further: part of the work releases the GIL
 * (C code), part holds it (Python code), and only processes run that part on several cores. */
function partlyGilFree(facts: Facts, threads: Measured, processes: Measured): Decision {
  // The cores the threads kept busy where they were fastest, as the rule read them.
  const cores = formatCores(threadCoresOf(facts) ?? busyCores(threads) ?? 0);
  const advised = cpuBound(facts, processes);
  return {
    kind: 'mixed',
    explanation: sentence(
      `${capitalize(reached(threads))}, keeping ${cores} cores busy, while ${reached(processes)}: part of ${facts.ctx.functionName}'s work releases the GIL (C code such as numpy, hashlib or zlib), so its threads ran side by side there, and part holds it (its Python code), which only processes run on separate cores.`,
      shortOfCores(processes, facts.ctx.machine, facts.contention, facts),
    ),
    recommendation: advised.recommendation,
    advice: advised.advice,
    best: processes,
  };
}

/** JavaScript's gil-free: async calls that compute in parallel, because the work runs off the one
 * event loop — in Node's thread pool (libuv: crypto, zlib, fs; UV_THREADPOOL_SIZE threads, 4 by
 * default) or a native addon's own threads. Nothing needs a worker or a copy. */
function offEventLoop(facts: Facts, calls: Measured, cores: string): Decision {
  // Workers as fast or faster were so within the noise (else the calls would not be advised): no cost to blame.
  const workersTop = facts.processes.top;
  const workers =
    workersTop === null
      ? ''
      : workersTop < (calls.speedup ?? 0)
        ? `${capitalize(facts.names.processes)} reached ${formatSpeedup(workersTop)}, but each must be started and sent every argument and result.`
        : `${capitalize(facts.names.processes)} reached ${formatSpeedup(workersTop)}, no clear gain over the calls, which need no worker started nor any copy sent.`;
  // Past its pool's threads the work queues: with more usable cores, and more calls than threads,
  // the pool is the limit, and as many threads as both allow lift it.
  const usable = facts.ctx.machine.logicalCores;
  const size = Math.min(usable, facts.ctx.inputsCount);
  const poolNote =
    size > NODE_THREAD_POOL
      ? ` Node's thread pool runs ${NODE_THREAD_POOL} tasks at a time by default, fewer than the ${usable} cores this process may use: for crypto, zlib or fs work, start node with UV_THREADPOOL_SIZE=${size} in its environment, and profile again with it to see how many calls in flight it then takes.`
      : '';
  return {
    kind: 'gil-free',
    explanation: sentence(
      `${capitalize(reached(calls))}, keeping ${cores} cores busy: ${facts.ctx.functionName} computes${cpuShareWords(facts)}, yet its calls run at the same time because the work runs off the event loop, in Node's thread pool (crypto, zlib, fs) or a native addon's own threads.`,
      workers,
    ),
    recommendation: `${calls.workers < facts.ctx.inputsCount ? `Keep ${workersWords(calls)} with Promise.all, as the code below does` : 'Start the calls together with Promise.all'} (async calls reached ${formatSpeedup(calls.speedup)} with ${workersWords(calls)}): the work already runs on several cores outside JavaScript, so no worker needs to be started or sent a copy.${poolNote}`,
    advice: runAdvice(calls),
    best: calls,
  };
}

/** "Threads reached 1.0× with 2 workers" — or why there is no thread figure. */
function threadsPart(facts: Facts): string {
  const { threads, names } = facts;
  if (threads.fastest) return capitalize(reached(threads.fastest));
  if (threads.failure) return `${capitalize(names.threads)} could not run (${threads.failure.message})`;
  return `${capitalize(names.threads)} were not measured`;
}

/** Cores the fastest thread run kept busy with its tasks (task CPU ÷ wall); null when not measured. */
function threadCoresOf(facts: Facts): number | null {
  return facts.threads.fastest ? busyCores(facts.threads.fastest) : null;
}

/** Threads that kept more than one core busy were not serialized by a GIL: what held them, in words. */
function threadsContend(facts: Facts): string | null {
  const run = facts.threads.fastest;
  const cores = threadCoresOf(facts);
  if (!facts.python || !run || cores === null || cores < THREADS_BUSY_CORES) return null;
  const perThread = run.cpuUtilization !== null ? ` (${formatPercent(Math.min(1, run.cpuUtilization))} CPU per thread)` : '';
  return `its threads kept ${formatCores(cores)} cores busy${perThread} yet reached only ${formatSpeedup(facts.threads.top)}: not the GIL, which would hold them to one core, but contention on something else in the process — a lock inside C code, the memory allocator, or memory bandwidth`;
}

function whyThreadsStall(facts: Facts): string {
  if (!facts.python) {
    const cores = threadCoresOf(facts);
    // Async calls that kept several cores busy ran work off the event loop, yet gained less than the workers.
    if (ranOffEventLoop(cores, facts.serialCores) && cores !== null && (facts.processes.top ?? 0) > (facts.threads.top ?? 0)) {
      return `and its async calls kept ${formatCores(cores)} cores busy (work Node runs off the event loop, in its thread pool) yet gained less than the workers, each of which runs its own event loop on its own core`;
    }
    // Async calls that showed no work off the event loop: JavaScript's own computing, one call at a time.
    return 'and JavaScript runs one call at a time per thread; async calls only overlap waiting. Each worker runs its own event loop on its own core';
  }
  const contended = threadsContend(facts);
  if (contended) return `but ${contended}. Each process has its own allocator and locks, so processes compute on separate cores`;
  const cores = threadCoresOf(facts);
  // Blame the GIL with the measurement that shows it, when there is one.
  const measured = cores !== null ? `its threads never kept more than ${formatCores(Math.max(1, cores))} core busy: ` : '';
  return `and ${measured}the GIL lets only one thread run Python at a time. Each process has its own interpreter and GIL, so processes compute on separate cores`;
}

function cpuBound(facts: Facts, processes: Measured): Decision {
  const { functionName, machine, runtime } = facts.ctx;
  const physical = processes.workers === machine.physicalCores ? ' (one per physical core)' : '';
  const method = processes.startMethod && processes.startMethod !== runtime.defaultStartMethod ? `, using the ${processes.startMethod} start method` : '';
  const module = moduleName(facts.ctx.file, facts.ctx.language);
  const guard = facts.python
    ? `Under spawn (the default on macOS and Windows) and forkserver, every worker imports ${module}.py again, so create the pool inside an if __name__ == "__main__": block.`
    : `Each worker imports ${module} once and takes its inputs by message.`;
  return {
    kind: 'cpu-bound',
    explanation: sentence(
      `${threadsPart(facts)} while ${reached(processes)}: ${functionName} keeps the CPU busy${cpuShareWords(facts)}, ${whyThreadsStall(facts)}.`,
      `${coresPhrase(machine)}.`,
      shortOfCores(processes, machine, facts.contention, facts),
      cloudpickleWords(facts, processes),
    ),
    recommendation: sentence(`Use ${executorApi(processes.executor)} with ${plural(processes.workers, 'worker')}${physical}${method}.`, orderWords(facts, processes.workers, processes.speedup)?.advice ?? '', guard),
    advice: runAdvice(processes),
    // Threads or async calls that seemed as fast were noise: the GIL or the one event loop holds them.
    best: processes,
  };
}

/** Why joblib's loky or Dask is advised where the simpler process pools could not send the work:
 * they pickle with cloudpickle, which sends lambdas and functions defined inside others by value. */
function cloudpickleWords(facts: Facts, advised: Measured): string {
  if (advised.executor !== 'joblib-loky' && advised.executor !== 'dask') return '';
  // Executors none of whose runs succeeded: one that ran under another start method did not fail.
  const refused = facts.ctx.runs.filter(
    (run) => (run.executor === 'process' || run.executor === 'pool') && run.error?.kind === 'unpicklable' && !facts.ctx.runs.some((other) => other.executor === run.executor && succeeded(other)),
  );
  if (refused.length === 0) return '';
  const names = [...new Set(refused.map((run) => executorApi(run.executor)))].join(' and ');
  const message = (refused[0].error?.message ?? '').replace(/\.$/, '');
  return `${names} failed (${message.charAt(0).toLowerCase()}${message.slice(1)}). ${executorApi(advised.executor)} pickles with cloudpickle, which also sends lambdas and functions defined inside others (by value), so it ran.`;
}

/** A best gain under this is a loss beyond the rounding and the last percent of noise. */
const SLOWER = 0.95;

/** Start-up and dispatch together this share of a pool's time or more: what it paid shows. */
const HAND_OFF_SHOWS = 0.1;

/** Longest first must gain at least this much on the order given to be worth advising. */
const LONGEST_FIRST_GAINS = 1.1;
/** A speedup this far past what the calls' order allows was not capped by it: the cap is not named. */
const PAST_THE_CAP = 1.05;

/** The calls' spread over `workers` (at most the physical cores), when their order caps the gain
 * (orderCaps) and the longest input is long wherever it ran: a serial call held up once is no uneven input. */
function cappingOrder(facts: Facts, workers: number, waits = false): CallSpread | null {
  const serial = facts.serial;
  // Computing calls spread over the cores; waiting ones over the workers, which need no core to wait.
  const lanes = waits ? workers : Math.min(workers, facts.ctx.machine.physicalCores);
  if (!serial || lanes < 2) return null;
  const spread = facts.spread?.workers === lanes ? facts.spread : callSpread(serial.tasks, lanes, serial.wallSeconds);
  return orderCaps(spread) && longWherever(facts, spread.longestIndex, spread.longestSeconds) ? spread : null;
}

/**
 * Why the calls themselves cap the gain of `workers` (cappingOrder): a long call given last runs
 * alone, or there are too few calls to go round — with the advice to give the inputs longest first
 * where that gains, and to split a call longer than a worker's even share. `because` is null when
 * the measured gain is past the cap (the order was not what held it) or well short of it (something
 * else was).
 */
function orderWords(facts: Facts, workers: number, measured: number | null, waits = false): { because: string | null; advice: string } | null {
  const spread = cappingOrder(facts, workers, waits);
  if (!spread) return null;
  const lanes = lanesOf(spread);
  const makespan = spread.totalSeconds / spread.inOrder;
  const oneLong = spread.longestShare > 1 / lanes;
  const explains = measured !== null && measured >= ORDER_SHORT * spread.inOrder && measured <= PAST_THE_CAP * spread.inOrder;
  // Async calls are in flight, not on workers; with a lane for every call the order no longer matters.
  const unit = (count: number): string => (facts.python ? plural(count, 'worker') : plural(count, 'call') + ' in flight');
  const longest = `the calls are uneven: the longest takes ${formatSeconds(spread.longestSeconds)} of the calls' ${formatSeconds(spread.totalSeconds)} (${formatPercent(spread.longestShare)})`;
  const because = !explains
    ? null
    : spread.workers >= spread.calls
      ? `${longest}, and with every call under way at once none finishes before it, ${formatSpeedup(spread.inOrder)} at most`
      : oneLong
        ? `${longest}, and in the order given ${unit(lanes)} cannot finish them all before about ${formatSeconds(makespan)}, ${formatSpeedup(spread.inOrder)} at most`
        : `${plural(spread.calls, 'call')} of these sizes cannot spread evenly over ${unit(lanes)}: in the order given they take about ${formatSeconds(makespan)} at least, ${formatSpeedup(spread.inOrder)} at most`;
  const gains = spread.longestFirst >= spread.inOrder * LONGEST_FIRST_GAINS && (measured === null || spread.longestFirst > measured * LONGEST_FIRST_GAINS);
  const first = gains
    ? `Give ${facts.ctx.functionName} its longest inputs first (sorted by their expected cost, largest first): the calls could then finish in about ${formatSeconds(spread.totalSeconds / spread.longestFirst)}, up to about ${formatSpeedup(spread.longestFirst)}`
    : '';
  const split = oneLong ? `split the longest input (its call took ${formatSeconds(spread.longestSeconds)} of the calls' ${formatSeconds(spread.totalSeconds)}) into smaller ones so that it spreads too` : '';
  const advice = first && split ? `${first}; or ${split}.` : first ? `${first}.` : split ? `${capitalize(split)}.` : '';
  return { because, advice };
}

/** A word on why processes stayed well short of the cores they had, when they did. */
function shortOfCores(processes: Measured, machine: Machine, contention: ContentionSummary | null, facts: Facts): string {
  const possible = Math.min(processes.workers, machine.physicalCores);
  if (processes.speedup === null || possible < 2 || processes.speedup >= 0.7 * possible) return '';
  const short = `They stayed short of the ${possible}× that ${possible} cores allow`;
  // The calls' own sizes first, where the run came near what they allow.
  const because = orderWords(facts, processes.workers, processes.speedup)?.because;
  if (because) return `${short} because ${because}.`;
  return otherShortfall(short, processes, machine, contention);
}

function otherShortfall(short: string, processes: Measured, machine: Machine, contention: ContentionSummary | null): string {
  const possible = Math.min(processes.workers, machine.physicalCores);
  const shared = sharedCpus(machine);
  if (isContended(contention, machine.logicalCores)) {
    return `${short}, and ${contentionClause(contention, machine.logicalCores)} for the full figure.${shared ? ` Besides, ${sharedCpusWords(shared)} in this profile.` : ''}`;
  }
  if (shared) return `${short}: ${sharedCpusWords(shared)} in this profile. On cores that keep their speed side by side, expect nearer ${possible}×.`;
  if (contention) return `${short} although other programs left the cores free: the cores may be shared (hyper-threads, a virtual machine), or start-up and data transfer took part of the gain.`;
  return `${short}: other programs kept the cores busy, or the cores are shared (hyper-threads, a virtual machine) — profile again on a quiet machine for the full figure.`;
}

/** CPU-heavy work that threads cannot speed up, and processes could not run (e.g. unpicklable). */
function cpuBoundWithoutProcesses(facts: Facts, failure: RunError): Decision {
  const { functionName, machine } = facts.ctx;
  const workers = Math.max(1, machine.physicalCores);
  const executor: Executor = facts.python ? 'process' : 'worker_threads';
  return {
    kind: 'cpu-bound',
    explanation: sentence(
      `${threadsPart(facts)}: ${functionName} keeps the CPU busy${cpuShareWords(facts)}, ${whyThreadsStall(facts)}.`,
      couldNotRun(facts.names.processes, failure),
    ),
    recommendation: sentence(period(failure.hint), `Then use ${executorApi(executor)} with ${plural(workers, 'worker')}, one per physical core; until then, the plain loop below is what runs.`),
    advice: { kind: 'run', executor, startMethod: null, workers, chunksize: null },
  };
}

function mixed(facts: Facts, best: Measured, top: number | null): Decision {
  const { functionName, machine } = facts.ctx;
  const parts = familiesReached(facts);
  const order = top !== null && top > 0 ? orderWords(facts, machine.physicalCores, top) : null;
  const cpu = facts.serialCpuShare;
  const gain = top ?? 1;
  let reason = '';
  const oneCall = gain < HELPS && machine.logicalCores > 1 ? oneCallCaps(facts) : null;
  const capped = oneCall !== null;
  if (oneCall !== null && cpu !== null && cpu < WAITING) {
    // Waiting or computing, one call most of the run caps the gain: no shared resource to blame.
    reason = `${functionName}${cpuShareWords(facts)} gained from no executor${oneCall}.`;
  } else if (cpu !== null && cpu < WAITING) {
    reason = `${functionName} mostly waits${cpuShareWords(facts)}, yet more workers did not overlap the waits: they may queue on one shared resource (a lock, a single connection, a rate limit).`;
  } else if (gain < HELPS && machine.logicalCores <= 1) {
    reason = machine.limitedBy
      ? `This process may use a single logical core (set by ${machine.limitedBy}), so nothing can run side by side.`
      : 'This machine has a single logical core, so nothing can run side by side.';
  } else if (gain < HELPS) {
    reason = `${functionName} computes${cpuShareWords(facts)}, but no executor scaled${noScaleCause(facts)}.`;
  } else if (cpu !== null && cpu < CPU_HEAVY) {
    reason = `${functionName} spends ${formatPercent(Math.min(1, cpu))} of its serial time on the CPU: partly computing, partly waiting.`;
  } else if (cpu !== null) {
    // Computing work whose families' gains fit none of the signatures: no waiting to speak of.
    reason = `${functionName} computes${cpuShareWords(facts)}, yet the gains measured fit no one cause (the GIL, the hand-off, waits) well enough to name it.`;
  }
  const helps = best.executor !== 'serial' && best.speedup !== null && best.speedup >= HELPS;
  return {
    kind: 'mixed',
    // One call that caps any gain is a single cause: the opening says so instead of 'no single cause'.
    explanation: sentence(parts.length > 0 ? `${capped ? 'One call sets the pace' : 'No single cause dominates'}: ${parts.join('; ')}.` : capped ? '' : 'No single cause dominates.', reason),
    recommendation: helps
      ? `Use ${executorApi(best.executor)} with ${workersWords(best)} (${formatSpeedupRange(best.speedup, best.speedupLow, best.speedupHigh)}).`
      : gain >= HELPS
        ? `Stay serial: the best gain measured, ${formatSpeedup(gain)}, is within the noise of serial.`
        : machine.logicalCores <= 1 && (cpu === null || cpu >= WAITING)
          ? `Stay serial here: no configuration gained more than ${formatSpeedup(gain)}, and one core leaves nothing to share. To see what parallel runs would give, profile where the process may use more cores${machine.limitedBy ? ` than ${machine.limitedBy} allows` : ''}.`
          : sentence(
              gain < SLOWER ? `Stay serial: every configuration was slower than serial (at best ${formatSpeedup(gain)}).` : `Stay serial: no configuration gained more than ${formatSpeedup(gain)}.`,
              // Calls whose order held the gain back: what to change before profiling again.
              order?.because && order.advice ? `Or ${order.advice.charAt(0).toLowerCase()}${order.advice.slice(1)}` : '',
            ),
    advice: helps ? runAdvice(best) : { kind: 'serial' },
    best: helps ? best : (facts.serial ?? best),
  };
}

/** One call that takes so much of serial's run that no worker count can finish much before it: the
 * gain is capped at serial's wall ÷ that call, under what an executor must give. Null otherwise. */
function oneCallCaps(facts: Facts): string | null {
  const serial = facts.serial;
  if (!serial || serial.wallSeconds === null || serial.wallSeconds <= 0 || serial.tasks.length < 2) return null;
  const slowest = serial.tasks.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const longest = slowest.end - slowest.start;
  const cap = serial.wallSeconds / longest;
  if (!(longest > 0) || cap >= HELPS) return null;
  if (!longWherever(facts, slowest.index, longest)) return null;
  return (
    `: one call takes ${formatSeconds(longest)} of serial's ${formatSeconds(serial.wallSeconds)} (${formatPercent(Math.min(1, longest / serial.wallSeconds))}), ` +
    `and no worker count finishes before it, which caps any gain at ${formatSpeedup(cap)}. Split that input into smaller ones to spread it, or stay serial`
  );
}

/**
 * Whether serial's call of input `index`, `longest` seconds, is long wherever that input ran: one
 * call held up once (a garbage collection, a cold JIT: 5.95 ms of a 7.5 ms serial run of 20,000
 * calls of 0.06 µs) is no long input. The same input is looked for under the other executors;
 * another call held up there (the runs' own collections) is no sign this input is long. True when
 * no pool of several workers recorded its calls.
 */
function longWherever(facts: Facts, index: number, longest: number): boolean {
  const parallel = facts.ctx.runs.filter((run) => run.executor !== 'serial' && run.workers > 1 && succeeded(run) && run.tasks.length > 0);
  const sameInput = parallel.flatMap((run) => run.tasks.filter((task) => task.index === index));
  const elsewhere = sameInput.length > 0 ? sameInput : parallel.flatMap((run) => run.tasks);
  return parallel.length === 0 || elsewhere.some((task) => task.end - task.start >= longest / 2);
}

/** Why computing work did not scale: what was measured (threads contending, other load, large
 * per-task data, CPUs slowed all at once), and the guesses only where nothing was. */
function noScaleCause(facts: Facts): string {
  const { contention, ctx } = facts;
  const capped = oneCallCaps(facts);
  if (capped) return capped;
  const top = Math.max(facts.threads.top ?? 0, facts.processes.top ?? 0);
  const order = orderWords(facts, ctx.machine.physicalCores, top > 0 ? top : null);
  if (order?.because) return `, because ${order.because}`;
  const shared = sharedCpus(ctx.machine);
  const sharedClause = shared
    ? `${sharedCpusWords(shared)} in this profile, so side by side computing work could not gain much more than ${sharedCpusCeiling(shared)}`
    : null;
  const andShared = sharedClause ? `; and ${sharedClause}` : '';
  const contended = threadsContend(facts);
  if (contended && !isContended(contention, ctx.machine.logicalCores)) {
    // Separate processes have their own locks and allocators; what they still share is the machine's memory.
    const processesFlat = facts.processes.top !== null && facts.processes.top < HELPS;
    if (processesFlat && sharedClause) return `: ${contended}. Processes did not scale either: ${sharedClause}`;
    return `: ${contended}${processesFlat ? '. Processes did not scale either, which points at memory bandwidth or another resource the whole machine shares' : ''}${andShared}`;
  }
  if (isContended(contention, ctx.machine.logicalCores)) {
    return `, and ${contentionClause(contention, ctx.machine.logicalCores)}${sharedClause ? `. Besides, ${sharedClause}` : '. Start-up and data transfer may also cost as much as the work'}`;
  }
  const data = taskDataSizes(ctx.runs, ctx.inputsCount);
  const large = largeTaskData(data);
  if (large !== null && data) {
    return `: each task copies ${formatBytes(large)} to ${facts.names.processes} and back (${describeTaskData(data)}), which can cost as much as the work itself${andShared}`;
  }
  if (sharedClause) return `: ${sharedClause}. Profile again when the CPUs keep their speed together`;
  const transfer = ': start-up and data transfer may cost as much as the work';
  return contention ? transfer : `${transfer}, or other programs kept the cores busy`;
}
