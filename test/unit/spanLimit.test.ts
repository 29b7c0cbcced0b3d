import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { limitTaskSpans, spreadSpans } from '../../src/core/spanLimit';
import type { TaskSpan } from '../../src/shared/report';
import { sampleReport, sampleRun } from './extension-fixtures';

function spans(count: number, lastToEnd = -1): TaskSpan[] {
  return Array.from({ length: count }, (_, index) => ({
    index, worker: index % 4, pid: 7, thread: index % 4, start: index * 0.01, end: index === lastToEnd ? 1e6 : index * 0.01 + 0.02, cpuSeconds: index === 3 ? null : 0.01,
  }));
}

describe('the span limit of a report', () => {
  test('keeps exactly the limit, in input order, with the first and last to start and the last to end', () => {
    const kept = spreadSpans(spans(100_000, 5), 1000);
    assert.equal(kept.length, 1000);
    assert.deepEqual(kept.map((task) => task.index), [...kept.map((task) => task.index)].sort((a, b) => a - b));
    for (const index of [0, 5, 99_999]) assert.ok(kept.some((task) => task.index === index), `span ${index} kept`);
    assert.equal(spreadSpans(spans(100_000, 99_999), 1000).length, 1000, 'also when the last to end is the last to start');
  });

  test('spreads the kept spans over the whole run rather than its start', () => {
    const starts = spreadSpans(spans(50_000), 100).map((task) => task.start);
    const gaps = starts.slice(1).map((start, index) => start - starts[index]);
    assert.ok(Math.max(...gaps) < 2 * (500 / 99), `even spacing: largest gap ${Math.max(...gaps)} s`);
  });

  test('summarises every span of a run over the limit and leaves the others as they are', () => {
    const many = { ...sampleRun('thread', null, 4, 2), tasks: spans(25) };
    const few = { ...sampleRun('serial', null, 1, 1), tasks: spans(5) };
    const report = limitTaskSpans(sampleReport({ runs: [few, many], best: null }), 10);
    assert.equal(report.runs[0], few);
    assert.equal(report.runs[1].tasks.length, 10);
    const summary = report.runs[1].tasksSummary;
    assert.deepEqual({ count: summary?.count, kept: summary?.kept, cpuSeconds: summary?.cpuSeconds }, { count: 25, kept: 10, cpuSeconds: null }, 'one task\'s CPU was not measured');
    for (const duration of Object.values(summary?.durationSeconds ?? {})) assert.ok(Math.abs(duration - 0.02) < 1e-9);
    const under = sampleReport({ runs: [few], best: null });
    assert.equal(limitTaskSpans(under, 10), under, 'a report under the limit is returned as it is');
  });
});
