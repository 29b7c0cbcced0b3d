// The warning that a script does work of its own when imported: workers started afresh (spawn,
// forkserver, joblib's loky, Dask, sub-interpreters) import it again, and their pools' start-up
// shows it. Library imports are nothing a user can move, so only the script's own top level counts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { profileWarnings, slowImportWarning } from '../../src/core/warnings';
import type { Report, ScriptImport } from '../../src/shared/report';
import { analysisInput, reportOf as reportAround, type RunSpec } from './fixtures/synthetic';

/** A report of a cpu-bound script whose serial run took `serialWall`, imported as given. */
function reportOf(imported: ScriptImport | undefined, serialWall = 0.06, spawnStartup = 1.7): Report {
  const specs: RunSpec[] = [
    { executor: 'serial', wall: serialWall },
    { executor: 'process', startMethod: 'fork', workers: 2, wall: serialWall / 1.8, startup: 0.02 },
    { executor: 'process', startMethod: 'forkserver', workers: 2, wall: serialWall / 1.1, startup: spawnStartup },
  ];
  const input = analysisInput(specs, { functionName: 'score', file: '/home/user/tables/topwork.py' });
  return reportAround(input, { inputs: { expression: '[200000]*8', count: 8 }, ...(imported ? { imported } : {}) });
}

describe('a script that does work of its own when imported', () => {
  test('is warned about with its figures, against serial and the fresh pool that showed it', () => {
    const warning = slowImportWarning(reportOf({ seconds: 1.52, ownSeconds: 1.22 }));
    assert.ok(warning, 'a warning');
    assert.equal(warning.code, 'slow-import');
    assert.match(warning.message, /Importing topwork\.py does 1\.22 s of work of its own at the top level, 20\.3× serial's whole run \(60(\.0)? ms\)/);
    assert.match(warning.message, /beside 300 ms of import statements/);
    assert.match(warning.message, /process \(forkserver\) × 2 took 1\.70 s to start here/);
    assert.match(warning.advice, /If the function does not use what that work builds, move it under if __name__ == "__main__":/);
    // Work the function reads cannot go under the guard (a fresh worker never runs it): built on first use.
    assert.match(warning.advice, /If it does \(a table, a model\), build it on first use instead \(a function the calls go through, cached with functools\.lru_cache\(maxsize=None\)\)/);
    assert.match(warning.advice, /under fork, call that function once before starting the pool and the workers inherit it built/);
    assert.ok(profileWarnings(reportOf({ seconds: 1.52, ownSeconds: 1.22 })).some((each) => each.code === 'slow-import'), 'among the report warnings');
  });

  test('is not warned about when the import time is its import statements (numpy, pandas)', () => {
    assert.equal(slowImportWarning(reportOf({ seconds: 0.9, ownSeconds: 0.002 })), null);
  });

  test('is not warned about when its own work is small beside the function\'s', () => {
    // 0.3 s at import beside 8 s of work: workers redoing it cost under a tenth of the run.
    assert.equal(slowImportWarning(reportOf({ seconds: 0.35, ownSeconds: 0.3 }, 8)), null);
    assert.ok(slowImportWarning(reportOf({ seconds: 0.35, ownSeconds: 0.3 }, 2)), 'but is at 2 s of work');
  });

  test('reads nothing into reports written before the import was timed', () => {
    assert.equal(slowImportWarning(reportOf(undefined)), null);
  });
});
