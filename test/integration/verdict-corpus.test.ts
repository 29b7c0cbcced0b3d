// The quick cases of the verdict corpus (test/corpus/manifest.json), profiled through the real CLI
// with the real interpreter, get a verdict kind and an executor family a performance engineer
// accepts on this machine. A case marked as a known disagreement runs as a todo that names it.
// The full corpus and its repeatability are in `npm run verdicts` (bench/verdicts.ts).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { withNoLeftovers } from '../helpers/processWatch';
import { makeTempDir } from '../helpers/tempDir';
import { agrees, evidence, isFailure, measuredOnBusyMachine, PROFILE_ATTEMPTS, profileCase, readManifest, waitForEvenCpus } from '../helpers/verdictCorpus';

const output = makeTempDir('pp-verdict-corpus-');
after(() => output.remove());
// PP_VERDICT_CORPUS_REPORTS=DIR keeps each case's report as DIR/<id>.json, e.g. for
// `npm run verdicts -- --summarise` to compare with an earlier run (repeatability).
const keep = process.env.PP_VERDICT_CORPUS_REPORTS;
// Its own profiling lock: other test runs on this machine neither wait for these profiles nor hold them up.
process.env.PARALLEL_PROFILER_LOCK_DIR ??= output.file('lock');

const quick = readManifest().cases.filter((entry) => entry.quick);

describe('verdicts on the quick cases of the verdict corpus', () => {
  for (const entry of quick) {
    const expected = `${entry.kinds.join(' or ')}, recommending ${entry.families.join(' or ')}`;
    test(`${entry.id} (${entry.function} in ${entry.file}) is ${expected}`, entry.knownDisagreement ? { todo: entry.knownDisagreement } : {}, async () => {
      const json = keep ? path.join(keep, `${entry.id}.json`) : output.file(`${entry.id}.json`);
      let outcome = await withNoLeftovers(() => profileCase(entry, json));
      // Disagreeing while the report doubts its own measurement (other load, or less than high
      // confidence): profiled again, as a user would, up to PROFILE_ATTEMPTS in all. Each is printed.
      for (let attempt = 1; attempt < PROFILE_ATTEMPTS && !isFailure(outcome) && !agrees(entry, outcome) && measuredOnBusyMachine(outcome.report); attempt++) {
        process.stdout.write(`# ${entry.id}: the report doubts its measurement (${outcome.kind}, ${outcome.config}, confidence ${outcome.report.verdict.confidence ?? '—'}); profiling again\n`);
        await waitForEvenCpus(outcome.report);
        outcome = await withNoLeftovers(() => profileCase(entry, json));
      }
      assert.ok(!isFailure(outcome), isFailure(outcome) ? outcome.error : '');
      const failures = outcome.report.runs.filter((run) => run.error).map((run) => `${run.id}: ${run.error?.kind} ${run.error?.message}`);
      assert.deepEqual(failures, [], 'no configuration failed');
      assert.ok(agrees(entry, outcome), `expected ${expected} because: ${entry.reason}\ngot ${outcome.kind}, ${outcome.family ?? 'no'} family (${outcome.config})\n${evidence(outcome).join('\n')}`);
    });
  }
});
