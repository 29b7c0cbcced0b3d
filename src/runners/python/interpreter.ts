// Finds the Python interpreter to run: the one the user chose, else python3, else python on PATH;
// resolved to its real sys.executable once (launchers such as pyenv shims cost a second per start).

import { execFile } from 'node:child_process';
import { ProfileError } from '../../shared/runner';

export interface PythonInterpreter {
  /** sys.executable of the interpreter: launch this, not the shim or alias the user named. */
  executable: string;
  version: [number, number, number];
}

const MINIMUM: [number, number] = [3, 8];
const ASK = 'import sys, json; print(json.dumps([sys.executable, list(sys.version_info[:3])]))';

type Attempt = { ok: true; interpreter: PythonInterpreter } | { ok: false; why: string };

function ask(command: string, signal: AbortSignal): Promise<Attempt> {
  return new Promise((resolve) => {
    execFile(command, ['-c', ASK], { timeout: 30_000, signal, windowsHide: true }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        resolve({ ok: false, why: code === 'ENOENT' ? 'not found' : `did not run (${error.message.split('\n')[0]})` });
        return;
      }
      try {
        const [executable, version] = JSON.parse(stdout.trim().split('\n').pop() ?? '') as [string, number[]];
        const [major, minor, micro] = version;
        if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
          resolve({ ok: false, why: `is Python ${version.join('.')}, older than ${MINIMUM.join('.')}` });
          return;
        }
        resolve({ ok: true, interpreter: { executable: executable || command, version: [major, minor, micro] } });
      } catch {
        resolve({ ok: false, why: `did not answer like Python 3 (${stdout.trim().slice(0, 80)})` });
      }
    });
  });
}

/** Caches the lookup per requested command, for the life of one runner. */
export class InterpreterFinder {
  private readonly found = new Map<string, Promise<Attempt>>();

  async find(explicit: string | undefined, signal: AbortSignal): Promise<PythonInterpreter> {
    const candidates = explicit ? [explicit] : ['python3', 'python'];
    const failures: string[] = [];
    for (const candidate of candidates) {
      let attempt = this.found.get(candidate);
      if (!attempt) {
        attempt = ask(candidate, signal);
        this.found.set(candidate, attempt);
      }
      const result = await attempt;
      if (signal.aborted) {
        this.found.delete(candidate);
        throw new ProfileError('cancelled', 'Profiling was cancelled.', 'Start it again when you are ready.');
      }
      if (result.ok) return result.interpreter;
      failures.push(`${candidate} ${result.why}`);
    }
    throw new ProfileError(
      'interpreter',
      `No usable Python ${MINIMUM.join('.')}+ was found: ${failures.join('; ')}.`,
      'Install Python 3.8 or newer, or point to one with --python PATH (CLI) or the parallelProfiler.pythonPath setting (VS Code).',
    );
  }
}
