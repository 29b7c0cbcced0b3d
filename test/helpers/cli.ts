// Runs the built command line (bin/parallel-profiler.js over dist/cli.js) as a user would, and
// collects what it printed and how it ended.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'parallel-profiler.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in `cwd`; `whileRunning` may act on the live process (e.g. send SIGINT) before it
 * ends; `launcher` (e.g. ['taskset', '-c', '0']) starts node under another command.
 */
export function runCli(args: string[], cwd = ROOT, whileRunning?: (pid: number) => Promise<void>, launcher: readonly string[] = []): Promise<CliResult> {
  const [command, ...prefix] = [...launcher, process.execPath];
  return runCommand(command, [...prefix, BIN, ...args], cwd, whileRunning);
}

/** Runs the CLI under `flock lockFile` (util-linux), the lock held for this one run only. */
export function runCliLocked(lockFile: string, args: string[], cwd = ROOT): Promise<CliResult> {
  return runCommand('flock', [lockFile, process.execPath, BIN, ...args], cwd);
}

function runCommand(command: string, args: string[], cwd: string, whileRunning?: (pid: number) => Promise<void>): Promise<CliResult> {
  assert.ok(existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  if (!whileRunning || child.pid === undefined) return ended;
  const pid = child.pid;
  return whileRunning(pid).then(
    () => ended,
    (error) => {
      child.kill('SIGKILL');
      throw error;
    },
  );
}

/** The end of what the CLI printed, for a failing assertion's message. */
export function describeResult(result: CliResult): string {
  return `exit ${result.code} (signal ${result.signal})\nstdout:\n${result.stdout.slice(-2000)}\nstderr:\n${result.stderr.slice(-2000)}`;
}
