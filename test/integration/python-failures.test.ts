// Every way a user's Python function can fail, as a table of cases run with the real interpreter:
// each must end as a clear error in the outcome, later configurations must still run, and no
// process of the run may remain afterwards (see test/helpers/processWatch.ts for how "ours" is told).

import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { ConfigOutcome, ExecutorChoice, Target } from '../../src/shared/runner';
import type { ErrorKind, RunError } from '../../src/shared/report';
import { commandOf, describeProcesses, withNoLeftovers } from '../helpers/processWatch';
import { readStat } from '../../src/system/processTree';
import {
  FORK,
  FORKSERVER,
  POOL,
  SERIAL,
  SPAWN,
  THREAD,
  choiceLabel,
  config,
  findPython,
  fixture,
  markedLine,
  pythonRunner,
  pythonTarget,
  pythonVersion,
} from '../helpers/pythonFixtures';
import { expectError, expectProfileError, never } from '../helpers/runnerChecks';
import { makeTempDir, waitFor } from '../helpers/tempDir';

const runner = pythonRunner();
const CASE_LIMIT = { timeout: 120_000 };

function runOnce(target: Target, choice: ExecutorChoice, timeoutSeconds = 30, signal = never()): Promise<ConfigOutcome> {
  return runner.runConfig(target, config(choice, timeoutSeconds), signal);
}

function errorText(error: RunError): string {
  return [error.message, error.hint, error.traceback ?? ''].join('\n');
}

function expectSuccess(outcome: ConfigOutcome, tasks: number): void {
  assert.equal(outcome.error, null, `expected success, got ${outcome.error?.kind}: ${outcome.error?.message}`);
  assert.equal(outcome.tasks.length, tasks);
}

/** True while pid runs `sleep 1000` (a zombie or a reused pid does not count). */
function sleeperAlive(pid: number): boolean {
  return commandOf(pid).includes('sleep 1000');
}

describe('a function that raises', () => {
  const file = fixture('raises.py');
  const line = markedLine(file, 'raises');
  for (const choice of [SERIAL, THREAD, FORK, SPAWN]) {
    test(`is reported as exception with the user's file and line under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const outcome = await runOnce(pythonTarget(file, 'fails_on_odd', { inputs: 'range(4)' }), choice);
        const error = expectError(outcome, 'exception');
        assert.match(error.message, /ValueError|odd input/);
        // The first pass over the inputs failed: the input alone is the cause, and the hint says so.
        assert.match(error.message, /on input #1 \(1\) at raises\.py:/);
        assert.doesNotMatch(error.hint, /earlier pass/);
        assert.match(error.traceback ?? '', new RegExp(`raises\\.py", line ${line}, in fails_on_odd`));
        if (error.line !== undefined) assert.equal(error.line, line);
        if (error.file !== undefined) assert.equal(path.basename(error.file), 'raises.py');
      }),
    );
  }
});

describe('a function that raises only in a later pass of a timing', () => {
  const file = fixture('raises.py');
  const line = markedLine(file, 'fails-later');
  for (const choice of [SERIAL, THREAD]) {
    // Under calibration loops the passes before a timing's last run the bare function: the map's
    // first failure, in input order, still names its input, file and line.
    test(`is reported as exception naming its input under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const target = pythonTarget(file, 'fails_after_two_passes', { inputs: 'range(4)' });
        const outcome = await runner.runConfig(target, { ...config(choice), loops: 10, loopSeconds: 60 }, never());
        const error = expectError(outcome, 'exception');
        assert.match(error.message, /fails_after_two_passes raised ValueError: failed on a later pass on input #2 \(2\) at raises\.py:/);
        // It had returned on input 2 in the warm-up pass and the pass after: not the input's fault alone.
        assert.match(error.hint, /^The same call returned in 2 earlier passes over the inputs before this one, so the failure depends on more than the input/);
        assert.match(error.traceback ?? '', new RegExp(`^Traceback[^\\n]*\\n  File "[^"]*raises\\.py", line ${line}, in fails_after_two_passes`));
        assert.equal(error.line, line);
      }),
    );
    test(`reports a StopIteration it raises once in a later pass as exception naming its input under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const target = pythonTarget(file, 'stops_once', { inputs: 'range(4)' });
        const outcome = await runner.runConfig(target, { ...config(choice), loops: 10, loopSeconds: 60 }, never());
        const error = expectError(outcome, 'exception');
        if (choice === SERIAL) {
          // A builtin map took it for the inputs' end: where it was raised is gone with it.
          assert.match(error.message, /stops_once raised StopIteration: it ended a pass over the inputs early, as map\(\) takes it for the inputs' end on input #2 \(2\)\./);
        } else {
          // A pool's map made it a RuntimeError: the StopIteration under it keeps its traceback.
          assert.match(error.message, /stops_once raised StopIteration: stopped early on input #2 \(2\) at raises\.py:/);
          assert.equal(error.line, markedLine(file, 'stops-once'));
        }
      }),
    );
    test(`reports the RuntimeError of its own generator run dry as a RuntimeError under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const target = pythonTarget(file, 'generator_runs_dry', { inputs: 'range(4)' });
        const outcome = await runner.runConfig(target, { ...config(choice), loops: 10, loopSeconds: 60 }, never());
        const error = expectError(outcome, 'exception');
        assert.match(error.message, /generator_runs_dry raised RuntimeError: generator raised StopIteration on input #2 \(2\) at raises\.py:/);
        assert.equal(error.line, markedLine(file, 'runs-dry'));
      }),
    );
  }
});

describe('a process that dies', () => {
  const segfault = fixture('segfault.py');
  const hardExit = fixture('os_exit.py');
  // Which worker died is read from racing pool internals, so the fork cases are tried a few times.
  const cases: { name: string; file: string; fn: string; choice: ExecutorChoice; kind: ErrorKind; signal?: string; exitCode?: number; attempts?: number }[] = [
    { name: 'reports a segfaulting worker as worker-crashed with SIGSEGV under process/fork', file: segfault, fn: 'crash_on_one', choice: FORK, kind: 'worker-crashed', signal: 'SIGSEGV', attempts: 3 },
    { name: 'reports a segfaulting worker as worker-crashed with SIGSEGV under process/spawn', file: segfault, fn: 'crash_on_one', choice: SPAWN, kind: 'worker-crashed', signal: 'SIGSEGV', attempts: 2 },
    { name: 'reports a segfault under threads as a crashed harness with SIGSEGV', file: segfault, fn: 'crash_on_one', choice: THREAD, kind: 'crashed', signal: 'SIGSEGV' },
    { name: 'reports a segfault under serial as a crashed harness with SIGSEGV', file: segfault, fn: 'crash_on_one', choice: SERIAL, kind: 'crashed', signal: 'SIGSEGV' },
    { name: 'reports os._exit(3) in a worker as worker-crashed with exit code 3', file: hardExit, fn: 'exit_hard', choice: FORK, kind: 'worker-crashed', exitCode: 3, attempts: 3 },
    { name: 'reports os._exit(3) under threads as a crashed harness with exit code 3', file: hardExit, fn: 'exit_hard', choice: THREAD, kind: 'crashed', exitCode: 3 },
    { name: 'reports os._exit(3) under serial as a crashed harness with exit code 3', file: hardExit, fn: 'exit_hard', choice: SERIAL, kind: 'crashed', exitCode: 3 },
  ];
  for (const each of cases) {
    test(`${each.name}, and the next configuration still runs`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        for (let attempt = 1; attempt <= (each.attempts ?? 1); attempt++) {
          const outcome = await runOnce(pythonTarget(each.file, each.fn, { inputs: 'range(3)' }), each.choice);
          const error = expectError(outcome, each.kind);
          const seen = `attempt ${attempt}: ${error.message}`;
          if (each.signal) assert.equal(error.signal, each.signal, seen);
          if (each.exitCode !== undefined) assert.equal(error.exitCode, each.exitCode, seen);
        }
        const next = await runOnce(pythonTarget(segfault, 'healthy', { inputs: 'range(3)' }), each.choice);
        expectSuccess(next, 3);
      }),
    );
  }
});

describe('a function that exits or is interrupted', () => {
  const softExit = fixture('sys_exit.py');
  for (const choice of [SERIAL, THREAD, FORK, SPAWN, POOL]) {
    test(`reports sys.exit(2) as exit under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const outcome = await runOnce(pythonTarget(softExit, 'exit_softly', { inputs: 'range(3)' }), choice, 15);
        const error = expectError(outcome, 'exit');
        assert.match(errorText(error), /sys\.exit|SystemExit/);
        assert.match(errorText(error), /\b2\b/, 'the exit status 2 is named');
      }),
    );
  }
  const interrupt = fixture('keyboard_interrupt.py');
  for (const choice of [SERIAL, THREAD, FORK]) {
    test(`reports a KeyboardInterrupt raised by the function as interrupted under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const outcome = await runOnce(pythonTarget(interrupt, 'interrupted', { inputs: 'range(3)' }), choice, 15);
        expectError(outcome, 'interrupted');
      }),
    );
  }
});

describe('a function that never returns', () => {
  const file = fixture('hangs.py');
  const cases: { fn: string; choice: ExecutorChoice }[] = [
    { fn: 'deadlock', choice: SERIAL },
    { fn: 'deadlock', choice: THREAD },
    { fn: 'deadlock', choice: FORK },
    { fn: 'wait_forever', choice: THREAD },
    { fn: 'wait_forever', choice: SPAWN },
    { fn: 'busy_loop', choice: SERIAL },
    { fn: 'busy_loop', choice: FORK },
  ];
  for (const { fn, choice } of cases) {
    test(`reports ${fn} as timeout showing where it was stuck under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async (watch) => {
        const outcome = await runOnce(pythonTarget(file, fn, { inputs: 'range(2)' }), choice, 2);
        const error = expectError(outcome, 'timeout');
        const text = errorText(error);
        assert.ok(text.includes(fn), `the stack dump names ${fn}:\n${text}`);
        assert.ok(text.includes('hangs.py'), `the stack dump names the fixture file:\n${text}`);
        assert.ok(watch.seenPids.size > 0, 'the watch saw the run');
      }),
    );
  }
  // Start-up has its own allowance on top of the timeout; a short one keeps this case quick.
  test('reports workers stuck importing the script as a start-up timeout pointing at the import line', CASE_LIMIT, () =>
    withNoLeftovers(async () => {
      const slow = fixture('slow_worker_import.py');
      const quickStart = pythonRunner({ startupAllowanceSeconds: 5 });
      const outcome = await quickStart.runConfig(pythonTarget(slow, 'square', { inputs: 'range(2)' }), config(SPAWN, 5), never());
      const error = expectError(outcome, 'timeout');
      assert.match(error.message, /start|import/i, 'the message says the pool never started, not that square hung');
      assert.ok(
        errorText(error).includes(`slow_worker_import.py", line ${markedLine(slow, 'worker import')}`),
        `the workers' stack dumps show the import line:\n${errorText(error)}`,
      );
    }),
  );
});

describe('a hanging task that started its own processes', () => {
  const file = fixture('spawns_children.py');
  const cases: { fn: string; choice: ExecutorChoice; ending: 'timeout' | 'abort'; tasks: number }[] = [
    { fn: 'sleeper_then_hang', choice: FORK, ending: 'timeout', tasks: 2 },
    { fn: 'sleeper_then_hang', choice: FORK, ending: 'abort', tasks: 2 },
    { fn: 'sleeper_then_hang', choice: THREAD, ending: 'abort', tasks: 2 },
    { fn: 'detached_sleeper_then_hang', choice: SPAWN, ending: 'timeout', tasks: 2 },
    { fn: 'detached_sleeper_then_hang', choice: SERIAL, ending: 'abort', tasks: 1 },
  ];
  for (const { fn, choice, ending, tasks } of cases) {
    test(`leaves no grandchild behind after ${ending === 'timeout' ? 'a timeout' : 'an abort'} (${fn}, ${choiceLabel(choice)})`, CASE_LIMIT, async () => {
      const temp = makeTempDir();
      try {
        await withNoLeftovers(async () => {
          const pidFiles = Array.from({ length: tasks }, (_, index) => temp.file(`task-${index}.pids`));
          const controller = new AbortController();
          const target = pythonTarget(file, fn, { inputs: JSON.stringify(pidFiles) });
          const running = runOnce(target, choice, ending === 'timeout' ? 3 : 60, controller.signal);
          const started = await waitFor(
            () => pidFiles.every((each) => existsSync(each)) && pidFiles.map((each) => readFileSync(each, 'utf8').trim().split(' ').map(Number)),
            'every task to start its sleeper',
          );
          const sleepers = started.map(([, sleeper]) => sleeper);
          // Popen returns once exec has begun, before the kernel has set up the new command line:
          // /proc/<pid>/cmdline reads empty for that moment (a third of the time right after
          // Popen here, and for longer on a loaded machine), so the test waits for it to show.
          await waitFor(() => sleepers.every(sleeperAlive), 'the sleepers to run while the task hangs', 5000).catch(() => {
            assert.fail(`the sleepers run while the task hangs: ${sleepers.map((pid) => `${pid}: ${JSON.stringify(commandOf(pid))} ${JSON.stringify(readStat(pid))}`).join('; ')}`);
          });
          if (ending === 'abort') controller.abort();
          const outcome = await running;
          expectError(outcome, ending === 'timeout' ? 'timeout' : 'cancelled');
          const left = await waitFor(() => sleepers.every((pid) => !sleeperAlive(pid)), 'the sleepers to die', 2000).catch(() => false);
          assert.ok(left, `sleepers still alive: ${sleepers.filter(sleeperAlive).join(', ')}`);
        });
      } finally {
        temp.remove();
      }
    });
  }
});

describe('a script that starts a Pool at import time without a main guard', () => {
  const file = fixture('pool_at_import.py');
  for (const choice of [SPAWN, FORKSERVER]) {
    test(`is reported as bootstrap naming the guard under ${choiceLabel(choice)}, with a bounded number of processes`, CASE_LIMIT, () =>
      withNoLeftovers(async (watch) => {
        const outcome = await runOnce(pythonTarget(file, 'work_func', { inputs: 'range(4)' }), choice, 30);
        const error = expectError(outcome, 'bootstrap');
        assert.match(errorText(error), /if __name__ == ["']__main__["']/);
        // harness + its pool (2) + resource tracker/fork server + 2 workers each with a pool of 2, with room to spare.
        assert.ok(watch.maxAlive <= 16, `at most 16 processes at once, saw ${watch.maxAlive}`);
        assert.ok(watch.seenPids.size <= 48, `no respawn storm, saw ${watch.seenPids.size} processes in all`);
      }),
    );
  }
  test('still runs serially', CASE_LIMIT, () =>
    withNoLeftovers(async () => {
      expectSuccess(await runOnce(pythonTarget(file, 'work_func', { inputs: 'range(4)' }), SERIAL), 4);
    }),
  );
});

describe('something that cannot be pickled', () => {
  const file = fixture('unpicklable.py');
  for (const fn of ['square', 'identity', 'add_three']) {
    test(`flags ${fn} as unpicklable for processes before timing, while serial and threads measure it`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const target = pythonTarget(file, fn, { inputs: 'range(2)' });
        const probe = await runner.probe(target, never());
        const flagged = probe.preflight.filter((each) => each.executor === 'process');
        assert.ok(flagged.length > 0, `the probe's preflight flags process: ${JSON.stringify(probe.preflight)}`);
        for (const each of flagged) assert.equal(each.error.kind, 'unpicklable');
        for (const choice of [FORK, SPAWN]) {
          const error = expectError(await runOnce(target, choice), 'unpicklable');
          assert.match(errorText(error), /pickl/i);
        }
        for (const choice of [SERIAL, THREAD]) expectSuccess(await runOnce(target, choice), 2);
      }),
    );
  }
  for (const fn of ['returns_lock', 'returns_generator']) {
    test(`reports a result that cannot be pickled (${fn}) as unpicklable for processes only`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const target = pythonTarget(file, fn, { inputs: 'range(2)' });
        for (const choice of [FORK, POOL]) {
          const error = expectError(await runOnce(target, choice), 'unpicklable');
          assert.match(errorText(error), /pickl/i);
        }
        for (const choice of [SERIAL, THREAD]) expectSuccess(await runOnce(target, choice), 2);
      }),
    );
  }
});

describe('a function with a lot of output or big results', () => {
  const printed = 8 * 25 * 1_000_000;
  for (const choice of [SERIAL, FORK]) {
    test(`caps a 200 MB output flood and counts every byte under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const outcome = await runOnce(pythonTarget(fixture('output_flood.py'), 'shout', { inputs: 'range(8)' }), choice, 60);
        expectSuccess(outcome, 8);
        assert.equal(outcome.output.truncated, true);
        assert.equal(outcome.output.bytes, printed, 'bytes counts every byte printed, no more');
        assert.ok(outcome.output.stdout.length < 8_000_000, `the kept stdout is capped (${outcome.output.stdout.length})`);
      }),
    );
  }
  for (const choice of [SERIAL, FORK]) {
    test(`keeps 8 results of 20 MB in the harness under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        const outcome = await runOnce(pythonTarget(fixture('huge_results.py'), 'big_blob', { inputs: 'range(8)' }), choice, 60);
        expectSuccess(outcome, 8);
        if (choice === SERIAL) assert.ok((outcome.resultBytes ?? 0) >= 8 * 20_000_000, `resultBytes ${outcome.resultBytes}`);
        const size = JSON.stringify(outcome).length;
        assert.ok(size < 256 * 1024, `the outcome stays small (${size} characters of JSON)`);
      }),
    );
  }
});

describe('forking a process that already runs threads', () => {
  const python = findPython([3, 12]);
  const reason = `needs Python 3.12+ for the fork-with-threads DeprecationWarning; found only ${pythonVersion('python3')?.join('.') ?? 'no python3'}`;
  test('passes the DeprecationWarning about fork with threads on to warnings', { ...CASE_LIMIT, skip: python ? false : reason }, () =>
    withNoLeftovers(async () => {
      const target = pythonTarget(fixture('thread_at_import.py'), 'square', { inputs: 'range(4)', executable: python?.executable });
      const outcome = await runOnce(target, FORK);
      expectSuccess(outcome, 4);
      const warning = outcome.warnings.find((each) => /multi-threaded/.test(each) && /fork/.test(each));
      assert.ok(warning, `a fork-with-threads warning in ${JSON.stringify(outcome.warnings)}`);
    }),
  );
});

describe('a script that cannot be imported', () => {
  test('reports a syntax error as an import error with file and line', CASE_LIMIT, () =>
    withNoLeftovers(async () => {
      const file = fixture('syntax_error.py');
      const error = await expectProfileError(runner.probe(pythonTarget(file, 'fine', { inputs: 'range(2)' }), never()), 'import');
      assert.equal(error.detail?.line, markedLine(file, 'syntax'));
      assert.equal(path.basename(error.detail?.file ?? ''), 'syntax_error.py');
      assert.match(`${error.message}\n${error.detail?.traceback ?? ''}`, /SyntaxError|expected ':'/);
    }),
  );
  test('reports an exception at import time as an import error with the line', CASE_LIMIT, () =>
    withNoLeftovers(async () => {
      const file = fixture('import_raises.py');
      const error = await expectProfileError(runner.probe(pythonTarget(file, 'square', { inputs: 'range(2)' }), never()), 'import');
      assert.equal(error.detail?.line, markedLine(file, 'import raises'));
      assert.match(`${error.message}\n${error.detail?.traceback ?? ''}`, /FileNotFoundError|settings\.toml/);
    }),
  );
});

describe('an interpreter that cannot be used', () => {
  test('names what was tried and how to choose another when the interpreter is missing', CASE_LIMIT, () =>
    withNoLeftovers(async () => {
      const target = pythonTarget(fixture('two_functions.py'), 'alpha', { executable: '/nonexistent/python3' });
      const error = await expectProfileError(runner.probe(target, never()), 'interpreter');
      assert.match(error.message, /\/nonexistent\/python3/);
      assert.match(error.hint, /--python/);
      assert.match(error.hint, /parallelProfiler\.pythonPath/);
    }),
  );
  test('says the interpreter is too old when it reports Python 3.6', CASE_LIMIT, async () => {
    const temp = makeTempDir();
    try {
      const standIn = temp.file('python3.6');
      copyFileSync(fixture('fake_old_python.py'), standIn);
      chmodSync(standIn, 0o755);
      await withNoLeftovers(async () => {
        const target = pythonTarget(fixture('two_functions.py'), 'alpha', { executable: standIn });
        const error = await expectProfileError(runner.probe(target, never()), 'interpreter');
        assert.match(error.message, /3\.6/);
        assert.match(error.hint, /--python/);
      });
    } finally {
      temp.remove();
    }
  });
});

describe('inputs or a function name that do not fit the script', () => {
  const file = fixture('two_functions.py');
  test("reports an inputs expression that does not parse with Python's own error", CASE_LIMIT, () =>
    withNoLeftovers(async () => {
      const error = await expectProfileError(runner.probe(pythonTarget(file, 'alpha', { inputs: 'range(' }), never()), 'inputs');
      assert.match(`${error.message}\n${error.detail?.traceback ?? ''}`, /never closed|unexpected EOF|SyntaxError/);
    }),
  );
  test('reports an unknown function as a usage error listing the functions that exist', CASE_LIMIT, () =>
    withNoLeftovers(async () => {
      const error = await expectProfileError(runner.probe(pythonTarget(file, 'gamma'), never()), 'usage');
      assert.match(error.message, /gamma/);
      assert.match(`${error.message}\n${error.hint}`, /alpha/);
      assert.match(`${error.message}\n${error.hint}`, /beta/);
    }),
  );
});

describe('cancelling', () => {
  const file = fixture('slow.py');
  for (const choice of [SERIAL, THREAD, SPAWN, FORKSERVER]) {
    test(`stops a run mid-way as cancelled and ends every process within 2 s under ${choiceLabel(choice)}`, CASE_LIMIT, async () => {
      const temp = makeTempDir();
      try {
        await withNoLeftovers(async (watch) => {
          const tasks = choice === SERIAL ? 1 : 2;
          const startedFiles = Array.from({ length: tasks }, (_, index) => temp.file(`started-${index}`));
          const controller = new AbortController();
          const running = runOnce(pythonTarget(file, 'nap', { inputs: JSON.stringify(startedFiles) }), choice, 120, controller.signal);
          await waitFor(() => startedFiles.every((each) => existsSync(each)), 'the tasks to start');
          controller.abort();
          const gone = watch.waitUntilGone(2000);
          expectError(await running, 'cancelled');
          const left = await gone;
          assert.deepEqual(left, [], `alive 2 s after the abort:\n${describeProcesses(left)}`);
        });
      } finally {
        temp.remove();
      }
    });
  }
  test('stops a probe that is still importing the script as a cancelled ProfileError', CASE_LIMIT, () =>
    withNoLeftovers(async (watch) => {
      const controller = new AbortController();
      const probing = runner.probe(pythonTarget(fixture('slow_import.py'), 'square', { inputs: 'range(2)' }), controller.signal);
      await waitFor(() => watch.alive().some((each) => /python/.test(each.command)), 'the probe to start python');
      controller.abort();
      const gone = watch.waitUntilGone(2000);
      await expectProfileError(probing, 'cancelled');
      const left = await gone;
      assert.deepEqual(left, [], `alive 2 s after the abort:\n${describeProcesses(left)}`);
    }),
  );
});

describe('a script at an awkward path', () => {
  const file = fixture('dir with spaces', 'ünï', 'données.py');
  test('is probed through a path with spaces and non-ASCII characters, in a folder that is not a package', CASE_LIMIT, () =>
    withNoLeftovers(async () => {
      const probe = await runner.probe(pythonTarget(file, 'doubled_plus_one'), never());
      assert.ok(probe.functions.some((each) => each.name === 'doubled_plus_one'));
      assert.equal(probe.inputs.count, 6);
      assert.deepEqual(probe.preflight, []);
    }),
  );
  for (const choice of [SERIAL, THREAD, SPAWN, FORKSERVER]) {
    test(`runs from that path under ${choiceLabel(choice)}`, CASE_LIMIT, () =>
      withNoLeftovers(async () => {
        expectSuccess(await runOnce(pythonTarget(file, 'doubled_plus_one'), choice), 6);
      }),
    );
  }
});
