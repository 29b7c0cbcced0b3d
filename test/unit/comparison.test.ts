import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lensTitle, lensTooltip, summarize } from '../../src/shared/comparison';
import { sampleReport, sampleRun } from './extension-fixtures';

describe('CodeLens comparison', () => {
  test('names each executor by its best speedup, the workers of the best, and the best executor', () => {
    const report = sampleReport({
      runs: [
        sampleRun('serial', null, 1, 1),
        sampleRun('thread', null, 1, 0.98),
        sampleRun('thread', null, 2, 1.02),
        sampleRun('process', 'fork', 1, 0.97),
        sampleRun('process', 'fork', 2, 1.9),
        sampleRun('process', 'spawn', 2, 1.7),
      ],
      best: { executor: 'process', startMethod: 'fork', workers: 2, speedup: 1.9 },
    });
    assert.equal(lensTitle(summarize(report)), 'thread 1.02× · process 1.90× (2 workers) · best: process');
  });

  test('gives each executor its figure with several workers, as the verdict does, even when one worker was faster', () => {
    const report = sampleReport({
      runs: [
        sampleRun('serial', null, 1, 1),
        sampleRun('thread', null, 1, 1.01),
        sampleRun('thread', null, 2, 0.69),
        sampleRun('thread', null, 4, 0.9),
        sampleRun('process', 'fork', 1, 0.99),
        sampleRun('process', 'fork', 4, 1.9),
        sampleRun('joblib-loky', null, 1, 0.94),
      ],
      best: { executor: 'process', startMethod: 'fork', workers: 4, speedup: 1.9 },
    });
    assert.equal(lensTitle(summarize(report)), 'thread 0.90× · process 1.90× (4 workers) · joblib-loky 0.94× · best: process');
  });

  test('leaves out failed runs and says serial when nothing beat it', () => {
    const failing = sampleRun('process', 'spawn', 2, null);
    failing.error = { kind: 'unpicklable', message: 'The function cannot be pickled.', hint: 'Define it at top level.' };
    const report = sampleReport({ runs: [sampleRun('serial', null, 1, 1), sampleRun('thread', null, 2, 0.6), failing], best: null, kind: 'overhead-bound' });
    assert.equal(lensTitle(summarize(report)), 'thread 0.60× · best: serial');
  });

  test('says an inconclusive profile is inconclusive and why, never naming a best', () => {
    const report = sampleReport({ runs: [sampleRun('serial', null, 1, 1)], best: null, kind: 'inconclusive' });
    report.verdict.explanation = 'The profile was cancelled after the serial run (2.00 s), before any parallel configuration finished, so nothing can be compared yet.';
    const title = lensTitle(summarize(report));
    assert.equal(title, 'inconclusive: The profile was cancelled after the serial run (2.00 s), before any parallel co…');
    assert.doesNotMatch(lensTooltip(summarize(report)), /Best: serial/);
  });

  test('says the function failed everywhere, with the first error', () => {
    const failing = sampleRun('serial', null, 1, null);
    failing.error = { kind: 'exception', message: 'ZeroDivisionError: division by zero', hint: 'Fix the function.' };
    const report = sampleReport({ runs: [failing], best: null, kind: 'failed' });
    assert.equal(lensTitle(summarize(report)), 'failed everywhere: ZeroDivisionError: division by zero');
  });

  test('marks a report cancelled part-way as partial', () => {
    const report = sampleReport({ runs: [sampleRun('serial', null, 1, 1), sampleRun('thread', null, 2, 1.8)], best: { executor: 'thread', startMethod: null, workers: 2, speedup: 1.8 }, kind: 'io-bound' });
    report.status = 'partial';
    assert.equal(lensTitle(summarize(report)), 'thread 1.80× (2 workers) · best: thread (partial)');
  });

  test('shows at most four executors, the fastest, in report order', () => {
    const report = sampleReport({
      runs: [
        sampleRun('serial', null, 1, 1),
        sampleRun('thread', null, 2, 1.1),
        sampleRun('process', 'fork', 2, 1.9),
        sampleRun('pool', 'fork', 2, 1.8),
        sampleRun('joblib-loky', null, 2, 1.5),
        sampleRun('joblib-threading', null, 2, 0.9),
      ],
      best: { executor: 'process', startMethod: 'fork', workers: 2, speedup: 1.9 },
    });
    assert.equal(lensTitle(summarize(report)), 'thread 1.10× · process 1.90× (2 workers) · pool 1.80× · joblib-loky 1.50× · best: process');
  });

  test('the tooltip gives the verdict kind with its explanation and the best configuration', () => {
    const report = sampleReport({
      runs: [sampleRun('serial', null, 1, 1), sampleRun('process', 'spawn', 2, 1.9)],
      best: { executor: 'process', startMethod: 'spawn', workers: 2, speedup: 1.9 },
    });
    const tooltip = lensTooltip(summarize(report));
    assert.match(tooltip, /^cpu-bound: Threads stay at 1\.0×/);
    assert.match(tooltip, /Best: process \(spawn\) with 2 workers, 1\.90× faster than serial\./);
    assert.match(tooltip, /Profiled 2025-01-02 03:04:05 UTC\./);
  });
});
