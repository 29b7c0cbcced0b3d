// The command line facing a failing function: the exit code says what happened (0 report, 1 failed
// everywhere, 2 usage, 130 interrupted), the JSON report carries each configuration's error, and
// no process outlives the command. Runs the built CLI (npm run build) with the real interpreter.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import type { ErrorKind } from '../../src/shared/report';
import { describeResult, runCli } from '../helpers/cli';
import { withNoLeftovers } from '../helpers/processWatch';
import { fixture } from '../helpers/pythonFixtures';
import { readReportFile } from '../helpers/reportSchema';
import { makeTempDir, waitFor, type TempDir } from '../helpers/tempDir';

const CASE_LIMIT = { timeout: 180_000 };
// Its own profiling lock: other test runs on this machine neither wait for these profiles nor hold them up.
const lockDir = makeTempDir('pp-cli-lock-');
process.env.PARALLEL_PROFILER_LOCK_DIR ??= lockDir.path;
after(() => lockDir.remove());

function profileArgs(file: string, fn: string, inputs: string, json: string, more: string[] = []): string[] {
  return ['profile', file, '--function', fn, '--inputs', inputs, '--executors', 'serial,thread', '--workers', '2', '--repeat', '1', '--timeout', '3', '--json', json, ...more];
}

async function inTemp<T>(body: (temp: TempDir) => Promise<T>): Promise<T> {
  const temp = makeTempDir('pp-cli-');
  try {
    return await body(temp);
  } finally {
    temp.remove();
  }
}

describe('the CLI when the function fails', () => {
  const failingEverywhere: { name: string; file: string; fn: string; inputs: string; kinds: ErrorKind[] }[] = [
    { name: 'raises', file: 'raises.py', fn: 'fails_on_odd', inputs: 'range(4)', kinds: ['exception'] },
    { name: 'segfaults', file: 'segfault.py', fn: 'crash_on_one', inputs: 'range(3)', kinds: ['crashed'] },
    // After serial times out the rest are skipped, not each left to wait out the timeout.
    { name: 'deadlocks', file: 'hangs.py', fn: 'deadlock', inputs: 'range(2)', kinds: ['timeout', 'skipped'] },
    { name: 'calls sys.exit(2)', file: 'sys_exit.py', fn: 'exit_softly', inputs: 'range(3)', kinds: ['exit'] },
  ];
  for (const each of failingEverywhere) {
    test(`exits 1 with a failed verdict and every error in the JSON when the function ${each.name} everywhere`, CASE_LIMIT, () =>
      inTemp((temp) =>
        withNoLeftovers(async () => {
          const json = temp.file('report.json');
          const result = await runCli(profileArgs(fixture(each.file), each.fn, each.inputs, json), temp.path);
          assert.equal(result.code, 1, describeResult(result));
          const report = readReportFile(json);
          assert.equal(report.verdict.kind, 'failed');
          assert.deepEqual(report.runs.map((run) => run.executor), ['serial', 'thread']);
          for (const run of report.runs) {
            assert.ok(run.error && each.kinds.includes(run.error.kind), `${run.id}: ${JSON.stringify(run.error)}`);
          }
          assert.equal(report.runs[0].error?.kind, each.kinds[0], 'serial shows the cause');
        }),
      ),
    );
  }

  test('exits 0 and still measures serial and threads when only processes cannot pickle the function', CASE_LIMIT, () =>
    inTemp((temp) =>
      withNoLeftovers(async () => {
        const json = temp.file('report.json');
        const args = profileArgs(fixture('unpicklable.py'), 'square', 'range(4)', json, ['--executors', 'serial,thread,process']);
        const result = await runCli(args, temp.path);
        assert.equal(result.code, 0, describeResult(result));
        const report = readReportFile(json);
        assert.notEqual(report.verdict.kind, 'failed');
        const byExecutor = (executor: string) => report.runs.filter((run) => run.executor === executor);
        for (const run of [...byExecutor('serial'), ...byExecutor('thread')]) assert.equal(run.error, null, run.id);
        const processRuns = byExecutor('process');
        assert.ok(processRuns.length > 0, 'process configurations are in the report');
        for (const run of processRuns) assert.equal(run.error?.kind, 'unpicklable', run.id);
      }),
    ),
  );
});

describe('the CLI when the command is wrong', () => {
  const usage: { name: string; args: (json: string) => string[]; says: RegExp[] }[] = [
    {
      name: 'an unknown function, listing the ones that exist',
      args: (json) => profileArgs(fixture('two_functions.py'), 'gamma', 'range(2)', json),
      says: [/gamma/, /alpha/, /beta/],
    },
    {
      name: 'an async def, with a plain function that runs it',
      args: (json) => profileArgs(fixture('not_plain_functions.py'), 'fetch', '[1, 2]', json),
      says: [/fetch in not_plain_functions\.py is an async def/, /asyncio\.run\(fetch\(item\)\)/, /plain/],
    },
    {
      name: 'a generator, with a function that consumes it',
      args: (json) => profileArgs(fixture('not_plain_functions.py'), 'numbers', '[1, 2]', json),
      says: [/is a generator/, /list\(numbers\(item\)\)/],
    },
    {
      name: 'a function of no argument',
      args: (json) => profileArgs(fixture('not_plain_functions.py'), 'no_argument', '[1, 2]', json),
      says: [/no_argument in not_plain_functions\.py takes no argument/],
    },
    {
      name: 'a function imported from another module',
      args: (json) => profileArgs(fixture('not_plain_functions.py'), 'dumps', '[1, 2]', json),
      says: [/dumps in not_plain_functions\.py is imported from json/, /def dumps_here\(item\)/],
    },
    {
      name: 'a missing script',
      args: (json) => profileArgs(fixture('no_such_script.py'), 'alpha', 'range(2)', json),
      says: [/no_such_script\.py/],
    },
    {
      name: 'an unknown flag',
      args: (json) => [...profileArgs(fixture('two_functions.py'), 'alpha', 'range(2)', json), '--wrokers', '2'],
      says: [/wrokers/],
    },
    {
      name: 'an inputs expression that does not parse',
      args: (json) => profileArgs(fixture('two_functions.py'), 'alpha', 'range(', json),
      says: [/never closed|SyntaxError/],
    },
  ];
  for (const each of usage) {
    test(`exits 2 and says what is wrong for ${each.name}`, CASE_LIMIT, () =>
      inTemp((temp) =>
        withNoLeftovers(async () => {
          const result = await runCli(each.args(temp.file('report.json')), temp.path);
          assert.equal(result.code, 2, describeResult(result));
          for (const pattern of each.says) assert.match(result.stderr, pattern, describeResult(result));
        }),
      ),
    );
  }

  test('exits 1 and names the line when the script does not import', CASE_LIMIT, () =>
    inTemp((temp) =>
      withNoLeftovers(async () => {
        const result = await runCli(profileArgs(fixture('syntax_error.py'), 'fine', 'range(2)', temp.file('report.json')), temp.path);
        assert.equal(result.code, 1, describeResult(result));
        assert.match(result.stderr, /syntax_error\.py.*8|line 8/, describeResult(result));
      }),
    ),
  );

  test('exits 2 and tells how to choose an interpreter when it is missing', CASE_LIMIT, () =>
    inTemp((temp) =>
      withNoLeftovers(async () => {
        const args = profileArgs(fixture('two_functions.py'), 'alpha', 'range(2)', temp.file('report.json'), ['--python', '/nonexistent/python3']);
        const result = await runCli(args, temp.path);
        assert.equal(result.code, 2, describeResult(result));
        assert.match(result.stderr, /\/nonexistent\/python3/, describeResult(result));
        assert.match(result.stderr, /--python/, describeResult(result));
      }),
    ),
  );
});

describe('the CLI on Ctrl+C', () => {
  test('stops during the serial baseline, exits 130 and leaves no process behind', CASE_LIMIT, () =>
    inTemp((temp) =>
      withNoLeftovers(async (watch) => {
        const started = temp.file('started-0');
        const args = profileArgs(fixture('slow.py'), 'nap', JSON.stringify([started]), temp.file('report.json'), ['--timeout', '120']);
        const result = await runCli(args, temp.path, async (pid) => {
          await waitFor(() => existsSync(started), 'the serial task to start');
          process.kill(pid, 'SIGINT');
        });
        assert.equal(result.code, 130, describeResult(result));
        assert.match(result.stderr, /cancel|interrupt/i, describeResult(result));
        assert.ok(watch.seenPids.size > 0, 'the watch saw the run');
      }),
    ),
  );

  test('stops during threads, exits 130 and writes a partial report with the serial run', CASE_LIMIT, () =>
    inTemp((temp) =>
      withNoLeftovers(async () => {
        const json = temp.file('report.json');
        const started = [temp.file('started-0'), temp.file('started-1')];
        const args = profileArgs(fixture('slow.py'), 'nap_off_main_thread', JSON.stringify(started), json, ['--timeout', '120']);
        const result = await runCli(args, temp.path, async (pid) => {
          await waitFor(() => started.every((file) => existsSync(file)), 'the thread tasks to start');
          process.kill(pid, 'SIGINT');
        });
        assert.equal(result.code, 130, describeResult(result));
        const report = readReportFile(json);
        assert.equal(report.status, 'partial');
        const serial = report.runs.find((run) => run.executor === 'serial');
        assert.ok(serial && serial.error === null, `the serial run was kept: ${JSON.stringify(serial?.error)}`);
      }),
    ),
  );
});
