// The code a verdict suggests is meant to be pasted and run: run it with the real interpreter,
// beside scripts whose names an import statement cannot spell.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { codeSnippet, type Advice } from '../../src/core/snippets';
import { makeTempDir } from '../helpers/tempDir';

const SCRIPT = ['def square(n):', '    return n * n', '', 'PROFILE_INPUTS = list(range(6))', ''].join('\n');

/** Writes `name` with SCRIPT and the snippet for `advice` beside it (printing its results), runs it. */
function runSnippet(name: string, advice: Advice): { status: number | null; stdout: string; stderr: string; code: string } {
  const dir = makeTempDir('pp-snippet-');
  try {
    writeFileSync(dir.file(name), SCRIPT);
    const code = codeSnippet({ language: 'python', functionName: 'square', file: dir.file(name), defaultStartMethod: 'fork' }, advice);
    // The snippet's last line inside the guard collects the results; print them to check.
    writeFileSync(dir.file('run_it.py'), `${code}    print(sorted(results))\n`);
    const run = spawnSync('python3', ['run_it.py'], { cwd: dir.path, encoding: 'utf8', timeout: 60_000 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, code };
  } finally {
    dir.remove();
  }
}

const SPAWNED: Advice = { kind: 'run', executor: 'process', startMethod: 'spawn', workers: 2, chunksize: null };

describe('suggested code runs as written', () => {
  for (const name of ['my script.py', '2024-report.py', 'class.py', 'report.v2.py', 'data².py']) {
    test(`imports "${name}" by its file name, processes under spawn included`, () => {
      const run = runSnippet(name, SPAWNED);
      assert.equal(run.status, 0, `${run.code}\n${run.stderr}`);
      assert.equal(run.stdout.trim(), '[0, 1, 4, 9, 16, 25]');
      assert.match(run.code, /importlib\.util\.spec_from_file_location\(/);
    });
  }

  test('imports a script with a Python name by an import statement', () => {
    const run = runSnippet('squares.py', SPAWNED);
    assert.equal(run.status, 0, `${run.code}\n${run.stderr}`);
    assert.equal(run.stdout.trim(), '[0, 1, 4, 9, 16, 25]');
    assert.match(run.code, /^from squares import square, PROFILE_INPUTS$/m);
  });
});
