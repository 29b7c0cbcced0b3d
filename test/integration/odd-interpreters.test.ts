// Interpreters as users really have them, through the built CLI: one whose site customisation
// prints at start-up, a PYTHONSTARTUP file, a venv made without pip, a Python 2 first on PATH, and
// Pythons older than the harness supports. Each either works or ends with a sentence saying
// which interpreter was unusable and how to choose another. Real interpreters where pyenv has
// them (2.7, 3.7); a stand-in that answers like Python 2.7 where it does not.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Report } from '../../src/shared/report';
import { withNoLeftovers } from '../helpers/processWatch';
import { fixture } from '../helpers/pythonFixtures';
import { makeTempDir } from '../helpers/tempDir';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'parallel-profiler.js');
const PRIMES = path.join(ROOT, 'examples', 'primes.py');
const CASE = { timeout: 120_000 };
const scratch = makeTempDir('pp-odd-python-');
after(() => scratch.remove());

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  report: Report | null;
}

function profilePrimes(extraArgs: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const json = scratch.file(`report-${Math.random().toString(16).slice(2)}.json`);
  const args = [BIN, 'profile', PRIMES, '--function', 'count_primes', '--inputs', '[3000]*4', '--executors', 'thread,process', '--workers', '2', '--repeat', '1', '--json', json, ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARALLEL_PROFILER_LOCK_DIR: scratch.file('lock'), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, report: existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Report) : null })),
  );
}

function assertWorked(result: CliResult): Report {
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.report, 'a report was written');
  assert.ok(result.report.runs.every((run) => run.error === null), JSON.stringify(result.report.runs.map((run) => run.error)));
  return result.report;
}

/** A pyenv-installed interpreter of this version, or null. */
function pyenvPython(version: string): string | null {
  try {
    const root = execFileSync('pyenv', ['root'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const found = path.join(root, 'versions', version, 'bin', `python${version.split('.').slice(0, 2).join('.')}`);
    return existsSync(found) ? found : null;
  } catch {
    return null;
  }
}

/** Python 2.7: the real one if installed, else a stand-in that answers -c like it would. */
function python2(): string {
  const real = pyenvPython('2.7.18');
  if (real) return real;
  const standIn = scratch.file('python2-stand-in');
  writeFileSync(standIn, `#!/bin/sh\n# Answers like Python 2.7.18: the version probe, and a SyntaxError for a Python 3 script.\ncase "$1" in\n  -c) echo '["/usr/bin/python2.7", [2, 7, 18]]';;\n  *) echo '  File "x", line 1' >&2; echo 'SyntaxError: invalid syntax' >&2; exit 1;;\nesac\n`);
  chmodSync(standIn, 0o755);
  return standIn;
}

/** A folder to put first on PATH holding `names`, each a link to `target`. */
function pathWith(target: string, names: string[]): string {
  const dir = scratch.file(`path-${names.join('-')}-${Math.random().toString(16).slice(2)}`);
  mkdirSync(dir);
  for (const name of names) symlinkSync(target, path.join(dir, name));
  return `${dir}${path.delimiter}${process.env.PATH ?? ''}`;
}

describe('odd interpreters', () => {
  test('a site customisation that prints at start-up does not disturb the profile, and its output is the run\'s', CASE, async () => {
    const site = scratch.file('site');
    mkdirSync(site);
    writeFileSync(path.join(site, 'sitecustomize.py'), 'import sys\nprint("hello from sitecustomize")\nprint("and on stderr", file=sys.stderr)\n');
    const result = await withNoLeftovers(() => profilePrimes([], { PYTHONPATH: site }));
    const report = assertWorked(result);
    assert.match(report.runs.find((run) => run.executor === 'serial')?.output.stdout ?? '', /hello from sitecustomize/, 'the harness really ran with it');
  });

  test('a PYTHONSTARTUP file that prints and exits is not run for a profile', CASE, async () => {
    const startup = scratch.file('startup.py');
    writeFileSync(startup, 'print("interactive start-up")\nraise SystemExit(3)\n');
    assertWorked(await withNoLeftovers(() => profilePrimes([], { PYTHONSTARTUP: startup })));
  });

  test('a venv made without pip runs the profile with the venv\'s own interpreter', CASE, async () => {
    const venv = scratch.file('venv');
    execFileSync('python3', ['-m', 'venv', '--without-pip', venv], { stdio: 'pipe' });
    const report = assertWorked(await withNoLeftovers(() => profilePrimes(['--python', path.join(venv, 'bin', 'python')])));
    assert.ok(report.runtime.executable.startsWith(venv), `the venv's interpreter, not the one it was made from: ${report.runtime.executable}`);
  });

  test('with a Python 2 as `python` first on PATH, python3 is still chosen and works', CASE, async () => {
    const report = assertWorked(await profilePrimes([], { PATH: pathWith(python2(), ['python']) }));
    assert.equal(report.runtime.version.split('.')[0], '3');
  });

  test('with only a Python 2 on PATH (as python3 and python), the CLI exits 2 naming what it found and how to choose', CASE, async () => {
    const result = await profilePrimes([], { PATH: pathWith(python2(), ['python3', 'python']) });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /No usable Python 3\.8\+ was found: python3 is Python 2\.7\.18, older than 3\.8; python is Python 2\.7\.18, older than 3\.8\./);
    assert.match(result.stderr, /Install Python 3\.8 or newer, or point to one with --python PATH/);
  });

  const python37 = pyenvPython('3.7.16');
  test('a Python older than the harness supports (3.7) is named with its version', CASE, async () => {
    let executable = python37;
    if (!executable) {
      // No real 3.7 here: the stand-in that says it is 3.6 answers the same way.
      executable = scratch.file('python-old');
      copyFileSync(fixture('fake_old_python.py'), executable);
      chmodSync(executable, 0o755);
    }
    const result = await profilePrimes(['--python', executable]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`No usable Python 3\\.8\\+ was found: ${executable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is Python 3\\.[67]\\.\\d+, older than 3\\.8\\.`));
  });

  const python38 = pyenvPython('3.8.18');
  test('the oldest Python the harness supports (3.8) profiles', { ...CASE, skip: python38 ? false : 'no Python 3.8 installed (pyenv versions 3.8.18)' }, async () => {
    const report = assertWorked(await withNoLeftovers(() => profilePrimes(['--python', python38 as string])));
    assert.match(report.runtime.version, /^3\.8\./);
  });
});
