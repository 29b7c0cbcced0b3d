// A real Dask cluster on loopback for the integration tests: `dask scheduler` and `dask worker`
// processes of Debian's system Python, started and stopped by pid. Also decides whether the real
// joblib/Dask tests can run: they skip with a reason only when the library is missing and CI is not set.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { profile, type ProfileProgress, type ProfileRequest } from '../../src/core/engine';
import { CoreSampler } from '../../src/core/sampler';
import { RUN_MARKER_ENV } from '../../src/runners/harnessProcess';
import { PythonRunner } from '../../src/runners/python/runner';
import type { Report } from '../../src/shared/report';

/** The interpreter Debian's python3-joblib and python3-distributed are installed for. */
export const SYSTEM_PYTHON = process.env.PP_EXTRAS_PYTHON ?? '/usr/bin/python3';

/** undefined when `modules` import in SYSTEM_PYTHON; else the reason the tests skip. Throws under CI=true. */
export function skipUnless(...modules: string[]): string | undefined {
  const check = spawnSync(SYSTEM_PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8', timeout: 60_000 });
  if (check.status === 0) return undefined;
  const reason = `${modules.join(' and ')} cannot be imported by ${SYSTEM_PYTHON} (${(check.stderr || String(check.error ?? '')).trim().split('\n').pop()}); run scripts/python-extras-setup.sh`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  return reason;
}

export interface DaskProcess {
  pid: number;
  /** tcp://127.0.0.1:PORT */
  address: string;
  child: ChildProcess;
}

export interface TestCluster {
  scheduler: DaskProcess;
  workers: DaskProcess[];
  /** Kills one process by pid (SIGKILL) and waits until it is gone. */
  kill(process: DaskProcess): Promise<void>;
  /** Stops every process still running (SIGTERM, then SIGKILL) and removes the scratch folder. */
  stop(): Promise<void>;
  /** Addresses of the workers the scheduler has now (asked by a fresh client). */
  liveWorkers(): string[];
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s:\n${seen.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        child.stdout?.off('data', onData);
        child.stderr?.resume();
        child.stdout?.resume();
        resolve(match[1]);
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with code ${code}:\n${seen.slice(-2000)}`));
    });
  });
}

function gone(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a scheduler and `workers` single-threaded workers (no nanny: one pid each) on 127.0.0.1;
 * `workerEnv` adds to the workers' environment (e.g. a PYTHONPATH with other package versions). */
export async function startCluster(workers = 2, workerEnv: NodeJS.ProcessEnv = {}): Promise<TestCluster> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pp-dask-cluster-'));
  const started: DaskProcess[] = [];
  const launch = (args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess =>
    spawn(SYSTEM_PYTHON, ['-m', 'dask', ...args], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const schedulerFile = path.join(scratch, 'scheduler.json');
  const child = launch(['scheduler', '--host', '127.0.0.1', '--port', '0', '--no-dashboard', '--scheduler-file', schedulerFile]);
  try {
    const address = await waitForLine(child, /Scheduler at:\s+(tcp:\/\/\S+)/, 'dask scheduler', 60_000);
    const scheduler = { pid: child.pid as number, address, child };
    started.push(scheduler);
    const workerProcesses = await Promise.all(
      Array.from({ length: workers }, async () => {
        const worker = launch([
          'worker', address, '--nthreads', '1', '--no-nanny', '--no-dashboard', '--host', '127.0.0.1',
          '--local-directory', scratch, '--death-timeout', '60',
        ], workerEnv);
        started.push({ pid: worker.pid as number, address: '', child: worker });
        const workerAddress = await waitForLine(worker, /Start worker at:\s+(tcp:\/\/\S+)/, 'dask worker', 60_000);
        await waitForLine(worker, /Registered to:\s+(tcp:\/\/\S+)/, 'dask worker registration', 60_000).catch(() => '');
        return { pid: worker.pid as number, address: workerAddress, child: worker };
      }),
    );
    const cluster: TestCluster = {
      scheduler,
      workers: workerProcesses,
      async kill(each) {
        each.child.kill('SIGKILL');
        await gone(each.child);
      },
      async stop() {
        const all = [...workerProcesses, scheduler];
        for (const each of all) each.child.kill('SIGTERM');
        const deadline = setTimeout(() => all.forEach((each) => each.child.kill('SIGKILL')), 10_000);
        await Promise.all(all.map((each) => gone(each.child)));
        clearTimeout(deadline);
        rmSync(scratch, { recursive: true, force: true });
      },
      liveWorkers() {
        const script = 'import sys; from distributed import Client; c = Client(sys.argv[1], timeout=10); print("\\n".join(sorted(c.scheduler_info()["workers"]))); c.close()';
        const result = spawnSync(SYSTEM_PYTHON, ['-W', 'ignore', '-c', script, scheduler.address], { encoding: 'utf8', timeout: 60_000 });
        if (result.status !== 0) throw new Error(`asking ${scheduler.address} for its workers failed: ${result.stderr}`);
        return result.stdout.split('\n').filter(Boolean);
      },
    };
    return cluster;
  } catch (error) {
    for (const each of [{ child }, ...started]) each.child.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** Profiles through the real engine and Python runner, every harness tagged with `marker` so that
 * a test can check afterwards that none of the profiler's processes is left. */
export async function profileMarked(marker: string, request: ProfileRequest, onProgress?: (progress: ProfileProgress) => void): Promise<Report> {
  const sampler = new CoreSampler();
  try {
    const runner = new PythonRunner({ env: { [RUN_MARKER_ENV]: marker } });
    return await profile(request, { signal: new AbortController().signal, sampler, runnerFor: () => runner, onProgress });
  } finally {
    sampler.dispose();
  }
}
