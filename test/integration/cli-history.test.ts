// The CLI's history: `profile --save` keeps each report in a store keyed like the extension's, and
// `history FILE --function NAME` lists them oldest first with the files `compare` takes.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tempDir';

const output = makeTempDir('pp-cli-history-');
after(() => output.remove());
process.env.PARALLEL_PROFILER_LOCK_DIR ??= output.file('lock');

const store = output.file('store');
const quick = ['--inputs', '[20_000] * 4', '--executors', 'thread', '--workers', '2', '--repeat', '1', '--quiet'];

describe('the history on the command line', () => {
  test('lists every report saved with --save, oldest first, with the files compare takes', async () => {
    for (let run = 0; run < 2; run += 1) {
      const result = await runCli(['profile', 'examples/primes.py', '--function', 'count_primes', ...quick, '--save', '--store', store]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Saved in the history: .+\.json/);
    }
    const listed = await runCli(['history', 'examples/primes.py', '--function', 'count_primes', '--store', store, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const entries = JSON.parse(listed.stdout) as Array<{ createdAt: string; file: string; recommended: string; commit: string | null }>;
    assert.equal(entries.length, 2);
    assert.ok(entries[0].createdAt < entries[1].createdAt, 'oldest first');
    for (const entry of entries) assert.ok(existsSync(entry.file), entry.file);

    const table = await runCli(['history', 'examples/primes.py', '--function', 'count_primes', '--store', store]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^#\s+date \(UTC\)\s+commit\s+verdict\s+recommended\s+speedup\s+serial wall\s+report/m);
    assert.equal(table.stdout.split('\n').filter((line) => /^\d+\s/.test(line)).length, 2, table.stdout);
    assert.match(table.stdout, /parallel-profiler compare \S+\.json \S+\.json/);

    // The gate takes the two files as they are: the same code, so no usage error.
    const compared = await runCli(['compare', entries[0].file, entries[1].file]);
    assert.ok(compared.code === 0 || compared.code === 3, `compare exit ${compared.code}: ${compared.stderr}`);
  });

  test('says how to keep a report when nothing was saved for the function', async () => {
    const result = await runCli(['history', 'examples/primes.py', '--function', 'never_profiled', '--store', store]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /No saved reports of never_profiled in examples\/primes\.py/);
    assert.match(result.stdout, /--save/);
  });

  test('refuses a history without its function, and --store without --save, as usage errors', async () => {
    const noFunction = await runCli(['history', 'examples/primes.py', '--store', store]);
    assert.equal(noFunction.code, 2);
    assert.match(noFunction.stderr, /Missing --function NAME/);
    const storeAlone = await runCli(['profile', 'examples/primes.py', '--function', 'count_primes', '--store', store]);
    assert.equal(storeAlone.code, 2);
    assert.match(storeAlone.stderr, /give --save too/);
  });
});
