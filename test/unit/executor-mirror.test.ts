// The Python harness keeps its own copy of the executor facts it needs (which executors pickle, which
// have a start method): this runs the real python3 to read that copy and compares it with EXECUTORS.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { EXECUTORS, EXECUTOR_NAMES } from '../../src/shared/executors';

const HARNESS_DIR = path.resolve(__dirname, '..', '..', 'src', 'runners', 'python');

interface HarnessFacts {
  family: string;
  copies_data: boolean;
  out_of_process: boolean;
  has_start_method: boolean;
}

function harnessFacts(): Record<string, HarnessFacts> {
  const script = 'import json, sys; sys.path.insert(0, sys.argv[1]); import parallel_profiler_executors as e; print(json.dumps(e.EXECUTOR_FACTS))';
  return JSON.parse(execFileSync('python3', ['-c', script, HARNESS_DIR], { encoding: 'utf8', timeout: 30_000 })) as Record<string, HarnessFacts>;
}

test("the harness's EXECUTOR_FACTS names serial and every Python executor of the TypeScript table, with the same facts", () => {
  const python = harnessFacts();
  const expected = Object.fromEntries(
    EXECUTOR_NAMES.filter((name) => EXECUTORS[name].language === 'python' || EXECUTORS[name].language === 'any').map((name) => {
      const facts = EXECUTORS[name];
      return [name, { family: facts.family, copies_data: facts.copiesData, out_of_process: facts.outOfProcess, has_start_method: facts.hasStartMethod }];
    }),
  );
  assert.deepEqual(Object.keys(python).sort(), Object.keys(expected).sort(), 'the same executors on both sides');
  assert.deepEqual(python, expected);
});

test('the harness pickles the function and inputs for exactly the executors that copy data', () => {
  const script = 'import json, sys; sys.path.insert(0, sys.argv[1]); import parallel_profiler_executors as e; print(json.dumps(sorted(e.COPIES_DATA)))';
  const copies = JSON.parse(execFileSync('python3', ['-c', script, HARNESS_DIR], { encoding: 'utf8', timeout: 30_000 })) as string[];
  const expected = EXECUTOR_NAMES.filter((name) => EXECUTORS[name].language === 'python' && EXECUTORS[name].copiesData).sort();
  assert.deepEqual(copies, expected);
  assert.ok(copies.includes('interpreter'), 'subinterpreters receive pickled data too');
});
