// One profile at a time on this machine: two profiles running together take each other's cores
// and both measure nonsense. A lock file in a per-user folder of the temp directory holds the
// holder's pid and process start time, so VS Code windows and the CLI see each other, and a holder
// that crashed (its pid gone, or reused by another process) never blocks anyone.
// No vscode import: the CLI and the extension both call it around profile().

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { link, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readStat } from '../system/processTree';
import { ProfileError } from '../shared/runner';

/** Overrides the lock folder (tests keep their locks apart from other runs on the machine). */
export const LOCK_DIR_ENV = 'PARALLEL_PROFILER_LOCK_DIR';
const LOCK_FILE = 'profile.lock';
/** How often a waiting profile looks again: short enough that the wait ends promptly after the holder. */
const POLL_MS = 250;

/** Who holds the lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  /** The holder's start time in clock ticks since boot (Linux), to tell a reused pid from the holder. */
  startTicks: number | null;
  /** Where the profile was started: 'the command line' or 'VS Code'. */
  from: string;
  functionName: string;
  file: string;
  /** ISO time the lock was taken. */
  since: string;
}

export type LockRequest = Pick<LockHolder, 'from' | 'functionName' | 'file'>;

export interface Lock {
  readonly path: string;
  release(): Promise<void>;
}

export function defaultLockDir(): string {
  const fromEnv = process.env[LOCK_DIR_ENV];
  if (fromEnv) return fromEnv;
  // Per user: another user's profile cannot be waited out or removed, and must not block this one.
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `parallel-profiler-${user}`);
}

function startTicksOf(pid: number): number | null {
  return readStat(pid)?.startTicks ?? null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else — alive, and not ours to judge.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    return {
      pid: value.pid,
      startTicks: typeof value.startTicks === 'number' ? value.startTicks : null,
      from: typeof value.from === 'string' ? value.from : 'another program',
      functionName: typeof value.functionName === 'string' ? value.functionName : '?',
      file: typeof value.file === 'string' ? value.file : '?',
      since: typeof value.since === 'string' ? value.since : '',
    };
  } catch {
    return null;
  }
}

/** A holder is stale when its process is gone, is a zombie, or the pid now belongs to a later process. */
export function isStale(holder: LockHolder): boolean {
  if (!isAlive(holder.pid)) return true;
  const stat = readStat(holder.pid);
  if (stat && (stat.state === 'Z' || stat.state === 'X')) return true;
  return holder.startTicks !== null && stat !== null && stat.startTicks !== holder.startTicks;
}

/** The sentence a waiting profile shows: who holds the machine, and why waiting is right. */
export function describeHolder(holder: LockHolder, now = Date.now()): string {
  const started = Date.parse(holder.since);
  const age = Number.isFinite(started) ? ` for ${Math.max(0, Math.round((now - started) / 1000))} s` : '';
  return `${holder.functionName} in ${path.basename(holder.file)} is being profiled from ${holder.from} (pid ${holder.pid}${age}); two profiles at once would take each other's cores and both measure wrong`;
}

async function readHolder(file: string): Promise<LockHolder | null | 'missing'> {
  try {
    return parseHolder(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/**
 * Takes the lock if it is free (or stale) and returns it; otherwise returns who holds it.
 * The lock file is written in full under a private name and then hard-linked into place, so it
 * appears atomically and complete; link fails if another process got there first.
 */
export async function tryLock(request: LockRequest, dir = defaultLockDir()): Promise<Lock | { heldBy: LockHolder }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, startTicks: startTicksOf(process.pid), ...request, since: new Date().toISOString() };
  const mine = path.join(dir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(mine, JSON.stringify(holder), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(mine, file);
        return ownedLock(file, holder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readHolder(file);
      if (current === 'missing') continue;
      // An unreadable lock file is from a holder that crashed mid-write (or not ours): treat it as stale.
      if (current !== null && !isStale(current)) return { heldBy: current };
      await breakStale(file, current);
    }
    throw new ProfileError('usage', `Could not take the profiling lock ${file}: it keeps changing.`, `Another program is rewriting it; delete ${file} if no profile is running.`);
  } finally {
    await rm(mine, { force: true });
  }
}

/**
 * Removes a stale lock without removing a fresh one that replaced it in the meantime: the file is
 * first renamed to a private name (atomic), then checked to be the stale one; a fresh one taken by
 * mistake is put back (link fails only if yet another holder has appeared, which then wins).
 */
async function breakStale(file: string, stale: LockHolder | null): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  const same = moved !== 'missing' && (moved === null ? stale === null : stale !== null && moved.pid === stale.pid && moved.since === stale.since);
  if (!same) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
}

function ownedLock(file: string, holder: LockHolder): Lock {
  let released = false;
  return {
    path: file,
    async release() {
      if (released) return;
      released = true;
      // Only our own lock is removed: a lock that was (wrongly) broken and retaken stays with its holder.
      const current = await readHolder(file).catch(() => null);
      if (current !== null && current !== 'missing' && current.pid === holder.pid && current.since === holder.since) {
        await unlink(file).catch(() => undefined);
      }
    },
  };
}

export interface WaitOptions {
  signal: AbortSignal;
  /** Called when the lock is busy, and again whenever its holder changes. */
  onWait?(holder: LockHolder): void;
  /** Do not wait: fail with a ProfileError saying who holds the machine. */
  noWait?: boolean;
  dir?: string;
  pollMs?: number;
}

/** Takes the lock, waiting (and telling onWait who for) until it is free; cancelled by the signal. */
export async function acquireMachineLock(request: LockRequest, options: WaitOptions): Promise<Lock> {
  let last: string | null = null;
  for (;;) {
    if (options.signal.aborted) {
      throw new ProfileError('cancelled', 'The profile was cancelled while it waited for another profile to finish.', 'Run it again when the other profile is done.');
    }
    const result = await tryLock(request, options.dir);
    if (!('heldBy' in result)) return result;
    if (options.noWait) {
      throw new ProfileError('busy', `Not profiled: ${describeHolder(result.heldBy)}.`, 'Run it again when that profile has finished, or leave out --no-wait to wait for it.');
    }
    const key = `${result.heldBy.pid}:${result.heldBy.since}`;
    if (key !== last) options.onWait?.(result.heldBy);
    last = key;
    await sleep(options.pollMs ?? POLL_MS, options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
