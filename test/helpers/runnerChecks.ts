// What the runner tests share: a signal that never aborts, the line a fixture marks, and the checks
// on a failure a runner reports (an error in the outcome, or a ProfileError before any run).

import assert from 'node:assert/strict';
import { ProfileError, type ConfigOutcome } from '../../src/shared/runner';
import type { ErrorKind, RunError } from '../../src/shared/report';

export function never(): AbortSignal {
  return new AbortController().signal;
}

/** The 1-based line of `source` that contains `needle`. */
export function lineOf(source: string, needle: string): number {
  return source.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

/** The outcome's error, required to be of `kind`, with a message and a hint a person can act on. */
export function expectError(outcome: ConfigOutcome, kind: ErrorKind): RunError {
  const error = outcome.error;
  assert.ok(error, `expected a '${kind}' error, the run succeeded with ${outcome.tasks.length} tasks`);
  assert.equal(error.kind, kind, `expected '${kind}', got '${error.kind}': ${error.message}`);
  assert.ok(error.message.trim().length > 0, 'the error has a message');
  assert.ok(error.hint.trim().length > 0, 'the error has a hint');
  return error;
}

/** The ProfileError `promise` rejects with, required to be of `kind` and to say what to do. */
export async function expectProfileError(promise: Promise<unknown>, kind: ProfileError['kind']): Promise<ProfileError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProfileError, `expected a ProfileError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ProfileError '${kind}', got '${error.kind}': ${error.message}`);
    assert.ok(error.hint.trim().length > 0, 'the ProfileError has a hint');
    return error;
  }
  assert.fail(`expected a ProfileError '${kind}', the call succeeded`);
}
