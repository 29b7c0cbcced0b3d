// Turns what a Node harness reported (or how it died) into the sentences the user reads: a
// RunError for one configuration, a ProfileError when even the probe could not finish.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProfileError } from '../../shared/runner';
import type { Executor, RunError } from '../../shared/report';
import type { HarnessExit } from '../harnessProcess';
import type { CloneProblem, HarnessError, HarnessLog } from './harnessEvents';

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function thrown(error: HarnessError): string {
  return error.name && !error.message.startsWith(error.name) ? `${error.name}: ${error.message}` : error.message;
}

function fixAt(error: HarnessError, otherwise: string): string {
  return error.file && error.line ? `Fix the error at ${path.basename(error.file)}:${error.line}; the stack trace shows how the call got there.` : otherwise;
}

/** The line of node's stderr that says what went wrong ("Error: Cannot find module …"), or ''. */
export function stderrGist(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^Node\.js v\d/.test(line));
  const error = lines.find((line) => /^[A-Z]\w*(Error|Exception)\b/.test(line));
  return (error ?? lines[lines.length - 1] ?? '').slice(0, 300);
}

function lastLine(stderr: string): string {
  const gist = stderrGist(stderr);
  return gist ? ` node said: ${gist}` : '';
}

/**
 * Fills in the file and line of a syntax error node printed on stderr (an ES module's: the
 * harness rethrows it uncaught for that), with the code line and caret node shows under it.
 */
export function locateSyntaxError(error: HarnessError | null, stderr: string): void {
  if (!error || error.file !== null || error.name !== 'SyntaxError') return;
  const lines = stderr.split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    const match = /^(file:\/\/.+|\/.+|[A-Za-z]:\\.+):(\d+)$/.exec(lines[index]);
    if (!match) continue;
    error.file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    error.line = Number(match[2]);
    const end = lines.findIndex((line, after) => after > index && line.startsWith('SyntaxError'));
    error.traceback = lines.slice(index, end < 0 ? index + 3 : end + 1).join('\n');
    return;
  }
}

/** "broken.mjs:4: SyntaxError: Unexpected token" for a syntax error whose place is known, else null. */
function syntaxErrorAt(error: HarnessError): string | null {
  if (error.name !== 'SyntaxError' || !error.file || !error.line) return null;
  return `${error.file}:${error.line}: ${thrown(error)}`;
}

const SYNTAX_HINT = 'Fix the syntax error at that line, then run the profile again.';
const LOADER_HINT = 'Install esbuild in your project (`npm i -D esbuild`) so TypeScript is compiled ahead of time, or use Node.js 20.6 or later.';

function where(error: HarnessError): Pick<RunError, 'traceback' | 'file' | 'line'> {
  return { traceback: error.traceback ?? undefined, file: error.file ?? undefined, line: error.line ?? undefined };
}

const UNCLONEABLE_HINT =
  'Only structured-cloneable data crosses to a worker (numbers, strings, arrays, plain objects, Map, Set, typed arrays): pass and return data, not functions, class instances with methods or open handles.';

const WORKER_DIED_HINT =
  'A worker dies when the function calls process.exit(), runs out of memory or crashes in native code: return or throw instead of exiting, and check the output for the cause.';

/** The RunError for an error event of a run harness. */
export function reportedError(error: HarnessError, functionName: string): RunError {
  const onInput = error.index === null ? '' : ` on input #${error.index}`;
  switch (error.kind) {
    case 'exception':
      if (error.origin === 'unhandled-rejection') {
        return {
          kind: 'exception',
          message: sentence(`A promise rejected with nothing handling it while ${functionName} ran: ${thrown(error)}`),
          hint: 'Await every promise the function starts, or give it a .catch(); an unhandled rejection ends a Node process.',
          ...where(error),
        };
      }
      if (error.origin === 'unsettled') {
        return {
          kind: 'exception',
          message: `The promise ${functionName} returned never settled: node had nothing left to wait for.`,
          hint: 'Make every path of the function resolve or reject (a forgotten resolve() or a callback that never fires leaves it pending).',
        };
      }
      if (error.origin === 'uncaught') {
        return {
          kind: 'exception',
          message: sentence(`An error escaped ${functionName} (from a timer, a callback or a promise nobody awaited): ${thrown(error)}`),
          hint: fixAt(error, 'Catch errors inside the callbacks, timers and promises the function starts.'),
          ...where(error),
        };
      }
      return {
        kind: 'exception',
        message: sentence(`${functionName} threw ${thrown(error)}${onInput}`),
        hint: fixAt(error, 'Make the function succeed on every input; the stack trace shows where it failed.'),
        ...where(error),
      };
    case 'worker-crashed':
      return { kind: 'worker-crashed', message: sentence(error.message), hint: WORKER_DIED_HINT, exitCode: error.exitCode, signal: error.signal, ...where(error) };
    case 'unpicklable':
      return {
        kind: 'unpicklable',
        message: sentence(error.message),
        hint: UNCLONEABLE_HINT,
      };
    case 'import': {
      const syntax = syntaxErrorAt(error);
      if (syntax) return { kind: 'import', message: sentence(`The script cannot be loaded: ${syntax}`), hint: SYNTAX_HINT, ...where(error) };
      return {
        kind: 'import',
        message: sentence(`The script failed to import: ${thrown(error)}`),
        hint: fixAt(error, 'Run the script with node once to see why it does not load.'),
        ...where(error),
      };
    }
    case 'loader':
      return { kind: 'unavailable', message: sentence(`TypeScript cannot be loaded by this node: ${error.message}`), hint: LOADER_HINT };
    case 'inputs':
      return {
        kind: 'exception',
        message: sentence(`The inputs could not be built: ${error.message}`),
        hint: 'Check the inputs expression or PROFILE_INPUTS.',
      };
    default:
      return {
        kind: 'crashed',
        message: sentence(`The profiling harness failed: ${thrown(error)}`),
        hint: 'This is a fault in Parallel Profiler rather than in your code; please report it with the stack trace.',
        ...where(error),
      };
  }
}

/** Preflight: an input that cannot be sent to this kind of worker. */
export function uncloneableInput(clone: CloneProblem): RunError {
  const { index, message, value } = clone.problem;
  const to = clone.executor === 'worker_threads' ? 'a worker thread' : 'a child process';
  const what = index === null ? `The inputs (${value})` : `Input #${index} (${value})`;
  return { kind: 'unpicklable', message: sentence(`${what} cannot be sent to ${to}: ${message}`), hint: UNCLONEABLE_HINT };
}

/** What a RunError sentence names: the function and the configuration, e.g. "worker_threads × 4". */
export interface RunContext {
  functionName: string;
  label: string;
  timeoutSeconds: number;
  /** The executor run, for what was stopped (worker threads live in the one process). */
  executor?: Executor;
}

/** What a timeout stopped: the processes of a child_process pool, the worker threads, or the one process. */
function stoppedWords(executor: Executor | undefined): string {
  if (executor === 'child_process') return 'every process it started was stopped';
  if (executor === 'worker_threads') return 'its worker threads were stopped with the process that ran them';
  return 'the process running it was stopped';
}

const NATIVE_CRASHES = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT']);

/** The RunError of one configuration's harness, or null when it finished. */
export function runError(log: HarnessLog, exit: HarnessExit, context: RunContext): RunError | null {
  const { functionName, label } = context;
  if (exit.cancelled) {
    return { kind: 'cancelled', message: `Profiling was cancelled while ${label} was running.`, hint: 'Start the profile again to measure this configuration.' };
  }
  if (exit.timedOut) {
    return {
      kind: 'timeout',
      message: `${functionName} did not finish within ${context.timeoutSeconds} s under ${label}; ${stoppedWords(context.executor)}.`,
      hint: 'If the function hangs (an endless loop, a promise that never settles) fix that; if it is only slow, raise the timeout or profile fewer inputs.',
    };
  }
  if (log.error) return reportedError(log.error, functionName);
  if (log.done) return null;
  if (log.exitCode !== null) {
    return {
      kind: 'exit',
      message: `${functionName} called process.exit(${log.exitCode}) under ${label}, which ended the profiling process.`,
      hint: 'Return a value or throw an error instead of exiting the process.',
      exitCode: log.exitCode,
    };
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return {
    kind: 'crashed',
    message: `The node process running ${functionName} under ${label} ${how} before it finished.`,
    hint:
      exit.signal === 'SIGKILL'
        ? 'SIGKILL usually means the machine ran out of memory; try fewer workers or smaller inputs.'
        : exit.signal && NATIVE_CRASHES.has(exit.signal)
          ? 'A native addon crashed and took the whole process down; child_process workers isolate such crashes, and the native code needs fixing.'
          : 'It may have run out of memory or crashed in native code; the captured output says more.',
    traceback: exit.output.stderr.trim().split('\n').slice(-30).join('\n') || undefined,
    signal: exit.signal,
    exitCode: exit.code,
  };
}

/** The ProfileError for a probe that did not finish (the script or its inputs could not be loaded). */
export function probeError(log: HarnessLog, exit: HarnessExit, file: string, timeoutSeconds: number): ProfileError {
  const name = path.basename(file);
  if (exit.cancelled) return new ProfileError('cancelled', `Loading ${name} was cancelled.`, 'Run the profile again when you are ready.');
  if (exit.timedOut) {
    return new ProfileError(
      'import',
      `Importing ${name} and building its inputs did not finish within ${timeoutSeconds} s.`,
      'Check for work at the top level of the module or an inputs expression that never ends.',
      { file },
    );
  }
  const error = log.error;
  if (error?.kind === 'inputs') {
    return new ProfileError(
      'inputs',
      sentence(`The inputs of ${name} could not be built: ${error.message}`),
      'Export PROFILE_INPUTS (one entry per call, e.g. `export const PROFILE_INPUTS = [1, 2, 3]`) or give an inputs expression such as [1, 2, 3] (the inputs box in VS Code, --inputs on the command line).',
    );
  }
  if (error?.kind === 'loader') {
    return new ProfileError('interpreter', sentence(`${name} is TypeScript, which this node cannot load without esbuild: ${error.message}`), LOADER_HINT);
  }
  const syntax = error && syntaxErrorAt(error);
  if (error && syntax) {
    return new ProfileError('import', sentence(`${name} cannot be loaded: ${syntax}`), SYNTAX_HINT, {
      file: error.file ?? file,
      line: error.line ?? undefined,
      traceback: error.traceback ?? undefined,
    });
  }
  if (error) {
    return new ProfileError('import', sentence(`${name} failed to import: ${thrown(error)}`), fixAt(error, `Run \`node ${name}\` once to see why it does not load.`), {
      file: error.file ?? file,
      line: error.line ?? undefined,
      traceback: error.traceback ?? undefined,
    });
  }
  const how =
    log.exitCode !== null
      ? `called process.exit(${log.exitCode}) while being imported`
      : exit.signal
        ? `killed node with ${exit.signal} while being imported`
        : `made node exit with code ${exit.code} while being imported`;
  return new ProfileError('import', `${name} ${how}.${lastLine(exit.output.stderr)}`, 'Keep top-level code free of process.exit(); put the script part under a check that it is the main module.', {
    file,
  });
}
