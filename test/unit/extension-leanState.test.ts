import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leanState, runTasks } from '../../src/extension/leanState';
import { isFromPanel, isToPanel, type PanelState } from '../../src/shared/messages';
import type { Report, TaskSpan } from '../../src/shared/report';
import { sampleReport, sampleRun } from './extension-fixtures';

function spans(count: number): TaskSpan[] {
  return Array.from({ length: count }, (_, index) => ({ index, worker: index % 2, pid: 1, thread: 1, start: index, end: index + 1, cpuSeconds: 1 }));
}

function reportWith(tasksPerRun: number, createdAt = '2025-01-02T03:04:05.678Z'): Report {
  const runs = [sampleRun('serial', null, 1, 1), sampleRun('process', 'fork', 2, 1.9)].map((run) => ({ ...run, tasks: spans(tasksPerRun) }));
  return sampleReport({ runs, best: { executor: 'process', startMethod: 'fork', workers: 2, speedup: 1.9 }, createdAt });
}

describe('what the Results panel webview is sent', () => {
  test('a small report goes whole; the previous report never carries its spans', () => {
    const report = reportWith(10);
    const previous = reportWith(10, '2025-01-01T00:00:00.000Z');
    const sent = leanState({ kind: 'done', report, previous }, 100);
    assert.ok(sent.kind === 'done');
    assert.equal(sent.report, report);
    assert.equal(sent.taskCounts, undefined);
    assert.deepEqual(sent.previous?.runs.map((run) => run.tasks.length), [0, 0]);
    assert.equal(previous.runs[0].tasks.length, 10, 'the stored previous report is not changed');
  });

  test('a large report goes without spans, with each run\'s count, and the full one stays for the requests', () => {
    const report = reportWith(60);
    const state: PanelState = { kind: 'done', report, previous: null };
    const sent = leanState(state, 100);
    assert.ok(sent.kind === 'done');
    assert.deepEqual(sent.report.runs.map((run) => run.tasks.length), [0, 0]);
    assert.deepEqual(sent.taskCounts, { 'serial/1': 60, 'process/fork/2': 60 });
    assert.equal(report.runs[1].tasks.length, 60);
    assert.deepEqual(runTasks(state, 'process/fork/2'), { reportCreatedAt: report.createdAt, runId: 'process/fork/2', tasks: report.runs[1].tasks });
    assert.equal(runTasks(state, 'thread/9'), null);
    assert.equal(runTasks({ kind: 'idle' }, 'serial/1'), null);
  });

  test('states without a report pass unchanged', () => {
    const failed: PanelState = { kind: 'failed', message: 'm', hint: 'h', detail: null };
    assert.equal(leanState(failed, 100), failed);
  });

  test('the runs of a profile in progress reach the panel without their spans and core samples', () => {
    const report = reportWith(60);
    const running: PanelState = { kind: 'running', file: '/a.py', functionName: 'f', current: 'thread × 2', runs: report.runs, cores: { logicalCores: 2, physicalCores: 2 }, elapsedSeconds: 3, leftSeconds: 10 };
    const sent = leanState(running);
    assert.ok(sent.kind === 'running');
    assert.deepEqual(sent.runs.map((run) => [run.id, run.tasks.length, run.coreSamples.t.length, run.speedup]), report.runs.map((run) => [run.id, 0, 0, run.speedup]));
    assert.equal(report.runs[1].tasks.length, 60, 'the state kept in the extension is not changed');
    assert.equal(isToPanel({ type: 'state', state: sent }), true);
  });

  test('the messages that carry spans are checked on arrival, both ways', () => {
    assert.equal(isFromPanel({ type: 'tasks', runId: 'process/fork/2' }), true);
    assert.equal(isFromPanel({ type: 'tasks', runId: 7 }), false);
    assert.equal(isFromPanel({ type: 'tasks', runId: 'x'.repeat(201) }), false);
    assert.equal(isToPanel({ type: 'tasks', reportCreatedAt: 'c', runId: 'serial/1', tasks: [] }), true);
    assert.equal(isToPanel({ type: 'tasks', reportCreatedAt: 'c', runId: 'serial/1', tasks: 'all' }), false);
    assert.equal(isToPanel({ type: 'state', state: { kind: 'done', taskCounts: [1] } }), false);
  });
});
