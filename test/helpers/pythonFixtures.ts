// Paths of the Python failure fixtures, the lines their markers point at, interpreters of a given
// version found on this machine, and a runner whose every probe and outcome is checked against the
// report schema.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfigRequest, ExecutorChoice, Target } from '../../src/shared/runner';
import { PythonRunner, type PythonRunnerOptions } from '../../src/runners/python/runner';
import { schemaChecked } from './reportSchema';

export const PYTHON_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'python');

export function fixture(...parts: string[]): string {
  return path.join(PYTHON_FIXTURES, ...parts);
}

/** The 1-based line of the fixture holding `# marker: NAME`. */
export function markedLine(file: string, name: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(`# marker: ${name}`));
  if (index < 0) throw new Error(`no "# marker: ${name}" in ${file}`);
  return index + 1;
}

export function pythonRunner(options?: PythonRunnerOptions): PythonRunner {
  return schemaChecked(new PythonRunner(options));
}

export function pythonTarget(file: string, functionName: string, more: Partial<Target> = {}): Target {
  return { file, functionName, language: 'python', cwd: path.dirname(file), ...more };
}

/** Small, fast configurations: 2 workers, one repeat. */
export function config(choice: ExecutorChoice, timeoutSeconds = 30, workers = 2): ConfigRequest {
  return { ...choice, workers: choice.executor === 'serial' ? 1 : workers, repeat: 1, chunksize: null, timeoutSeconds };
}

export const SERIAL: ExecutorChoice = { executor: 'serial', startMethod: null };
export const THREAD: ExecutorChoice = { executor: 'thread', startMethod: null };
export const FORK: ExecutorChoice = { executor: 'process', startMethod: 'fork' };
export const SPAWN: ExecutorChoice = { executor: 'process', startMethod: 'spawn' };
export const FORKSERVER: ExecutorChoice = { executor: 'process', startMethod: 'forkserver' };
export const POOL: ExecutorChoice = { executor: 'pool', startMethod: 'fork' };

export function choiceLabel(choice: ExecutorChoice): string {
  return choice.startMethod ? `${choice.executor}/${choice.startMethod}` : choice.executor;
}

/** [major, minor] of an interpreter, or null when it does not run. */
export function pythonVersion(executable: string): [number, number] | null {
  try {
    const text = execFileSync(executable, ['-c', 'import sys; print(sys.version_info[0], sys.version_info[1])'], {
      encoding: 'utf8',
      timeout: 15_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [major, minor] = text.trim().split(' ').map(Number);
    return Number.isInteger(major) && Number.isInteger(minor) ? [major, minor] : null;
  } catch {
    return null;
  }
}

function atLeast(version: [number, number] | null, wanted: [number, number]): boolean {
  return version !== null && (version[0] > wanted[0] || (version[0] === wanted[0] && version[1] >= wanted[1]));
}

/** Interpreters pyenv installed, when pyenv is there (their shims only work for the selected version). */
function pyenvInterpreters(): string[] {
  let root: string;
  try {
    root = execFileSync('pyenv', ['root'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return [];
  }
  const versions = path.join(root, 'versions');
  if (!existsSync(versions)) return [];
  return readdirSync(versions)
    .map((version) => path.join(versions, version, 'bin', 'python3'))
    .filter((candidate) => existsSync(candidate));
}

/** The default python3 when it is new enough, else another interpreter of at least `wanted`, else null. */
export function findPython(wanted: [number, number]): { executable: string; version: [number, number] } | null {
  for (const candidate of ['python3', `python${wanted[0]}.${wanted[1]}`, ...pyenvInterpreters()]) {
    const version = pythonVersion(candidate);
    if (version && atLeast(version, wanted)) return { executable: candidate, version };
  }
  return null;
}
