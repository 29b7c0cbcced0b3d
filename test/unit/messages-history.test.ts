import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { historyEntry, isHistoryEntry } from '../../src/shared/history';
import { isFromPanel, isToPanel } from '../../src/shared/messages';
import { sampleReport, sampleRun } from './extension-fixtures';

const report = sampleReport({ runs: [sampleRun('serial', null, 1, 1), sampleRun('process', 'fork', 2, 1.9)], best: { executor: 'process', startMethod: 'fork', workers: 2, speedup: 1.9 } });

describe('history messages', () => {
  test('a comparison is asked for by two stored file names, never by a path', () => {
    assert.equal(isFromPanel({ type: 'compareHistory', older: '2025-01-01T00-00-00-000Z-000.json', newer: '2025-01-02T00-00-00-000Z-000.json' }), true);
    assert.equal(isFromPanel({ type: 'compareHistory', older: '../../secrets.json', newer: '2025-01-02T00-00-00-000Z-000.json' }), false);
    assert.equal(isFromPanel({ type: 'compareHistory', older: '/etc/passwd', newer: 'a.json' }), false);
    assert.equal(isFromPanel({ type: 'compareHistory', older: 'a.json' }), false);
  });

  test('the panel takes a history only of well-formed entries', () => {
    const entry = historyEntry(report, '2025-01-02T03-04-05-678Z-000.json');
    assert.equal(entry.recommended, 'process (fork) × 2');
    assert.equal(entry.serialWall, 1);
    assert.equal(isHistoryEntry(entry), true);
    assert.equal(isToPanel({ type: 'history', reportCreatedAt: report.createdAt, entries: [entry] }), true);
    assert.equal(isToPanel({ type: 'history', reportCreatedAt: report.createdAt, entries: [{ ...entry, speedup: 'fast' }] }), false);
    assert.equal(isToPanel({ type: 'historyComparison', older: 'a.json', newer: 'b.json', comparison: null, problem: 'These two cannot be compared.' }), true);
    assert.equal(isToPanel({ type: 'historyComparison', older: 'a.json', newer: 'b.json', comparison: 'yes', problem: null }), false);
  });
});
