// Where a timed-out run was stuck: every process of the run that registered faulthandler writes
// all its threads' stacks to <dump dir>/<pid>.txt on SIGUSR1; we read them before the kill.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { signalAll } from '../../system/processTree';

export interface StackDump {
  pid: number;
  text: string;
}

const SETTLE_LIMIT_MS = 1000;
const POLL_MS = 50;

function dumpFile(dir: string, pid: number): string {
  return path.join(dir, `${pid}.txt`);
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Signal the processes that registered a dump handler (the others would die of SIGUSR1 and turn
 * a hang into a crash) and wait until their dumps stop growing.
 */
export async function collectStackDumps(pids: number[], dir: string): Promise<StackDump[]> {
  const listening = pids.filter((pid) => existsSync(dumpFile(dir, pid)));
  const before = new Map(listening.map((pid) => [pid, sizeOf(dumpFile(dir, pid))]));
  signalAll(listening, 'SIGUSR1');
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let previous = '';
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const sizes = listening.map((pid) => sizeOf(dumpFile(dir, pid)));
    const allWrote = listening.every((pid, i) => sizes[i] > (before.get(pid) ?? 0));
    const key = sizes.join(',');
    if (allWrote && key === previous) break;
    previous = key;
  }
  const dumps: StackDump[] = [];
  for (const pid of listening) {
    try {
      const text = readFileSync(dumpFile(dir, pid), 'utf8').slice(before.get(pid) ?? 0).trim();
      if (text) dumps.push({ pid, text });
    } catch {
      // The process vanished with its dump unwritten.
    }
  }
  return dumps;
}

/** The harness's module that calls the user's function in a task: a thread with a frame of it was running one. */
const TASK_RUNNER = 'parallel_profiler_worker.py';

/** One thread's frames from a faulthandler dump, most recent call first. */
function threadsOf(text: string): { file: string; line: number; functionName: string }[][] {
  return text
    .split(/^(?=(?:Current thread|Thread) 0x[0-9a-f]+)/im)
    .map((block) => [...block.matchAll(/^\s*File "(.*)", line (\d+) in (\S+)/gm)].map((match) => ({ file: match[1], line: Number(match[2]), functionName: match[3] })))
    .filter((frames) => frames.length > 0);
}

/**
 * The innermost frame inside the user's script, e.g. { file, line: 14, functionName: 'count_primes' },
 * of the thread most likely stuck: one running a task, in a worker before the harness (whose own
 * threads of the user's, a refresher started at import say, are alive but not what hung), then
 * any thread in the user's code, workers first.
 */
export function stuckLocation(
  dumps: StackDump[],
  userFile: string,
  harnessPid: number | null = null,
): { file: string; line: number; functionName: string } | null {
  const wanted = path.resolve(userFile);
  let best: { rank: number; frame: { file: string; line: number; functionName: string } } | null = null;
  for (const dump of dumps) {
    for (const frames of threadsOf(dump.text)) {
      // faulthandler lists the most recent call first, so the first matching frame is the innermost.
      const frame = frames.find((each) => path.resolve(each.file) === wanted);
      if (!frame) continue;
      const runsTask = frames.some((each) => path.basename(each.file) === TASK_RUNNER);
      const rank = (runsTask ? 0 : 1) + (dump.pid === harnessPid ? 2 : 0);
      if (best === null || rank < best.rank) best = { rank, frame };
    }
  }
  return best?.frame ?? null;
}

export function formatDumps(dumps: StackDump[], harnessPid: number | null): string {
  return dumps
    .map((dump) => `Process ${dump.pid}${dump.pid === harnessPid ? ' (harness)' : ' (worker)'}:\n${dump.text}`)
    .join('\n\n');
}
