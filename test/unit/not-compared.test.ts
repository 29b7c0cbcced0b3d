import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { librariesNotInstalled } from '../../src/core/notCompared';
import type { ExecutorChoice } from '../../src/shared/runner';

const runtime = { executable: '/usr/bin/python3', version: '3.11.2', implementation: 'CPython', gilEnabled: true, startMethods: ['fork' as const], defaultStartMethod: 'fork' as const, extras: {} };
const offering = (...executors: ExecutorChoice['executor'][]) => ({ runtime, executors: executors.map((executor) => ({ executor, startMethod: null })) });

describe('the libraries a profile could not compare', () => {
  test('names joblib and Dask when neither is installed for the interpreter, with the command that installs them there', () => {
    const line = librariesNotInstalled('python', offering('serial', 'thread', 'process'), undefined);
    assert.equal(line, 'not compared: joblib and Dask\'s distributed scheduler, not installed for /usr/bin/python3 (Python 3.11.2); install them there (for instance /usr/bin/python3 -m pip install joblib "dask[distributed]", in a virtual environment if that Python is the system\'s) or profile with an interpreter that has them');
  });

  test('names only the one missing', () => {
    assert.match(librariesNotInstalled('python', offering('serial', 'joblib-loky', 'joblib-threading'), undefined) ?? '', /^not compared: Dask's distributed scheduler, not installed .* install it there \(for instance \/usr\/bin\/python3 -m pip install "dask\[distributed\]"/);
    // A path with a space is quoted in the command.
    const spaced = { ...offering('serial', 'joblib-loky'), runtime: { ...runtime, executable: 'C:\\Program Files\\Python311\\python.exe' } };
    assert.match(librariesNotInstalled('python', spaced, undefined) ?? '', /for instance "C:\\Program Files\\Python311\\python\.exe" -m pip install/);
  });

  test('says nothing when both are installed, for JavaScript, or when the user chose the executors', () => {
    assert.equal(librariesNotInstalled('python', offering('serial', 'joblib-loky', 'dask'), undefined), null);
    assert.equal(librariesNotInstalled('javascript', offering('serial', 'async'), undefined), null);
    assert.equal(librariesNotInstalled('python', offering('serial', 'process'), ['process']), null);
  });
});
