// Peak memory per configuration, measured for real: the harness and its workers' proportional set
// size together. Spawned workers import the module again and each hold its 60 MB; forked workers
// share their parent's pages, which PSS counts once.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { fixture } from '../helpers/pythonFixtures';
import { readReportFile } from '../helpers/reportSchema';
import { makeTempDir } from '../helpers/tempDir';

const output = makeTempDir('pp-memory-');
after(() => output.remove());
process.env.PARALLEL_PROFILER_LOCK_DIR ??= output.file('lock');

const MB = 1e6;
const linux = process.platform === 'linux';

describe('peak memory per configuration', { skip: linux ? false : 'measured from /proc: Linux only' }, () => {
  test('counts every worker: spawned workers each hold their own copy, forked workers share the parent\'s pages', async () => {
    const json = output.file('memory.json');
    const csv = output.file('memory.csv');
    const result = await runCli(['profile', fixture('module_data.py'), '--function', 'count_block', '--executors', 'process', '--workers', '2', '--repeat', '1', '--json', json, '--csv', csv, '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    const report = readReportFile(json);
    const peak = (id: string): number => {
      const run = report.runs.find((candidate) => candidate.id === id);
      assert.ok(run && typeof run.peakMemoryBytes === 'number', `${id} has its peak memory`);
      return run.peakMemoryBytes as number;
    };
    const serial = peak('serial/1');
    assert.ok(serial >= 60 * MB, `serial holds the module's 60 MB: ${serial}`);
    const spawned = peak('process/spawn/2');
    assert.ok(spawned >= serial + 2 * 50 * MB, `two spawned workers add their own copies: serial ${serial}, spawn ${spawned}`);
    const forked = peak('process/fork/2');
    assert.ok(forked < spawned - 50 * MB, `forked workers share the parent's pages: fork ${forked}, spawn ${spawned}`);
    const header = readFileSync(csv, 'utf8').split(/\r?\n/)[0].split(',');
    assert.ok(header.includes('peakMemoryBytes'), header.join(','));
  });
});
