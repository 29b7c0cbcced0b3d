// Launches one harness process (any language): events as JSON lines on fd 3, the user's
// stdout/stderr drained and capped, and the whole process tree killed on timeout or cancel.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CapturedOutput } from '../shared/report';
import { pinnedCommand } from '../system/cpuPinning';
import { killTree, treePids } from '../system/processTree';
import { PeakMemory } from '../system/memory';

export const RUN_MARKER_ENV = 'PARALLEL_PROFILER_RUN';

export interface HarnessProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  /** Extra variables on top of process.env. A given PARALLEL_PROFILER_RUN is kept (tests use it). */
  env?: NodeJS.ProcessEnv;
  timeoutSeconds: number | null; // null = no timeout
  signal: AbortSignal; // abort = cancel
  /** Per stream (stdout, stderr); beyond it the head and a tail are kept and the rest counted. */
  outputCapBytes: number;
  onEvent(event: Record<string, unknown>): void;
  /** Called before the kill on timeout, with every pid of the tree (e.g. to request stack dumps). */
  onTimeout?(pids: number[]): Promise<void>;
  /** Restart the timeout clock when an event starts a new phase: return the seconds allowed from now on. */
  timeoutAfter?(event: Record<string, unknown>): number | undefined;
  /** Called once the process started, with its pid and the run's marker value. */
  onSpawn?(pid: number, marker: string): void;
  /** Sample the tree's memory (PSS) at these events' types (unless the event carries the harness's own
   * reading, `memoryBytes`) and every MEMORY_INTERVAL_MS; the peak is in the exit. */
  memoryAt?: readonly string[];
  /** Run the process, and every thread and child of it, on this one logical CPU (see ConfigRequest.cpu).
   * Linux with util-linux's taskset only; elsewhere, or without taskset, the process runs unpinned. */
  cpu?: number | null;
}

export interface HarnessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  output: CapturedOutput;
  channelErrors: string[];
  /** The PARALLEL_PROFILER_RUN value every process of this run carried. */
  marker: string;
  /** Highest PSS of the harness and its workers together, bytes; null when not sampled (not Linux, or not asked). */
  peakMemoryBytes: number | null;
}

/** Between event-driven samples, the tree's memory is read this often: a few reads of /proc a second. */
const MEMORY_INTERVAL_MS = 500;

/** How long onTimeout may take before the kill goes ahead regardless. */
const ON_TIMEOUT_LIMIT_MS = 5000;
/** After the harness exits, how long its pipes may stay open (held by a leftover child) before we give up on them. */
const PIPE_CLOSE_LIMIT_MS = 2000;

/** Keeps the first bytes and the last bytes of a stream, and counts everything. */
class CappedStream {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  total = 0;

  constructor(
    private readonly headCap: number,
    private readonly tailCap: number,
  ) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.headBytes < this.headCap) {
      const part = chunk.subarray(0, this.headCap - this.headBytes);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length === 0 || this.tailCap === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - this.tail[0].length >= this.tailCap) {
      this.tailBytes -= (this.tail.shift() as Buffer).length;
    }
  }

  get truncated(): boolean {
    return this.total > this.headCap + this.tailCap;
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tailAll = Buffer.concat(this.tail);
    if (!this.truncated) return head + tailAll.toString('utf8');
    const tail = tailAll.subarray(tailAll.length - this.tailCap).toString('utf8');
    const omitted = this.total - this.headCap - this.tailCap;
    return `${head}\n… [${omitted} bytes omitted] …\n${tail}`;
  }
}

/** Splits a byte stream into lines and parses each as a JSON object. */
function readEvents(stream: Readable, onEvent: (event: Record<string, unknown>) => void, errors: string[]): void {
  let pending: string[] = [];
  const handle = (line: string): void => {
    if (line.trim() === '') return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      errors.push(`malformed event line: ${line.slice(0, 200)}`);
      return;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      errors.push(`event is not an object: ${line.slice(0, 200)}`);
      return;
    }
    try {
      onEvent(event as Record<string, unknown>);
    } catch (error) {
      errors.push(`event handler failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    // Only the new chunk is searched: one repeat's event can be megabytes long.
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      handle(pending.join('') + chunk.slice(start, newline));
      pending = [];
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  });
  stream.on('end', () => handle(pending.join('')));
  stream.on('error', (error) => errors.push(`event channel error: ${error.message}`));
}

function emptyOutput(): CapturedOutput {
  return { stdout: '', stderr: '', bytes: 0, truncated: false };
}

export function runHarness(options: HarnessProcessOptions): Promise<HarnessExit> {
  const marker = options.env?.[RUN_MARKER_ENV] ?? randomBytes(12).toString('hex');
  if (options.signal.aborted) {
    const exit: HarnessExit = { code: null, signal: null, timedOut: false, cancelled: true, output: emptyOutput(), channelErrors: [], marker, peakMemoryBytes: null };
    return Promise.resolve(exit);
  }
  const tailCap = Math.floor(options.outputCapBytes / 4);
  const headCap = options.outputCapBytes - tailCap;
  const stdout = new CappedStream(headCap, tailCap);
  const stderr = new CappedStream(headCap, tailCap);
  const channelErrors: string[] = [];

  const [command, args] = pinnedCommand(options.command, options.args, options.cpu);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, [RUN_MARKER_ENV]: marker },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
    windowsHide: true,
  });

  return new Promise<HarnessExit>((resolve, reject) => {
    let timedOut = false;
    let cancelled = false;
    let exited = false;
    let stopping: Promise<unknown> | null = null;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let pipeTimer: NodeJS.Timeout | undefined;
    let cleanup: Promise<unknown> = Promise.resolve();

    const stop = (why: 'timeout' | 'cancel'): void => {
      if (stopping || exited || child.pid === undefined) return;
      const pid = child.pid;
      if (why === 'timeout') timedOut = true;
      else cancelled = true;
      stopping = (async () => {
        if (why === 'timeout' && options.onTimeout) {
          const limit = new Promise<void>((done) => setTimeout(done, ON_TIMEOUT_LIMIT_MS).unref());
          await Promise.race([options.onTimeout(treePids(pid, marker)).catch(() => undefined), limit]);
        }
        if (!exited) await killTree(pid, { marker });
      })();
    };

    let timer: NodeJS.Timeout | undefined;
    const armTimeout = (seconds: number | null): void => {
      clearTimeout(timer);
      timer = seconds === null ? undefined : setTimeout(() => stop('timeout'), seconds * 1000);
    };
    armTimeout(options.timeoutSeconds);
    const onAbort = (): void => stop('cancel');
    options.signal.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const channel = child.stdio[3] as Readable | null;
    const memory = options.memoryAt && child.pid !== undefined ? new PeakMemory(child.pid) : null;
    const memoryTimer = memory ? setInterval(() => memory.sample(), MEMORY_INTERVAL_MS) : undefined;
    memoryTimer?.unref();
    const onEvent = (event: Record<string, unknown>): void => {
      // At the end of a timing the workers still hold their data and results: the likeliest peak.
      // A harness that read its own tree's memory between timings says so (memoryBytes): read
      // from here, the walk of /proc would run beside the timing that starts next.
      if (memory && typeof event.memoryBytes === 'number') memory.offer(event.memoryBytes);
      else if (memory && !exited && typeof event.type === 'string' && options.memoryAt?.includes(event.type)) memory.sample();
      const next = options.timeoutAfter?.(event);
      if (next !== undefined && !exited && !stopping) armTimeout(next);
      options.onEvent(event);
    };
    if (channel) readEvents(channel, onEvent, channelErrors);

    if (child.pid !== undefined) options.onSpawn?.(child.pid, marker);

    child.on('error', (error) => {
      clearTimeout(timer);
      clearInterval(memoryTimer);
      options.signal.removeEventListener('abort', onAbort);
      if (!exited) reject(error);
    });

    child.on('exit', (code, signal) => {
      exited = true;
      clearInterval(memoryTimer);
      exitCode = code;
      exitSignal = signal;
      clearTimeout(timer);
      // Whatever the harness left behind (background children, orphans) dies with it.
      if (child.pid !== undefined) cleanup = killTree(child.pid, { marker, rootExited: true });
      pipeTimer = setTimeout(() => {
        channelErrors.push('the output pipes stayed open after the harness exited');
        for (const stream of [child.stdout, child.stderr, channel]) stream?.destroy();
      }, PIPE_CLOSE_LIMIT_MS);
    });

    child.on('close', () => {
      clearTimeout(pipeTimer);
      options.signal.removeEventListener('abort', onAbort);
      const finish = (): void => {
        const output: CapturedOutput = {
          stdout: stdout.text(),
          stderr: stderr.text(),
          bytes: stdout.total + stderr.total,
          truncated: stdout.truncated || stderr.truncated,
        };
        resolve({ code: exitCode, signal: exitSignal, timedOut, cancelled, output, channelErrors, marker, peakMemoryBytes: memory?.peakBytes ?? null });
      };
      // Resolve only once every process of the tree is confirmed gone.
      void Promise.all([stopping, cleanup]).then(finish, finish);
    });
  });
}
