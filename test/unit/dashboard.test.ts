import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeDashboardUrl } from '../../src/shared/dashboard';
import { isFromPanel } from '../../src/shared/messages';

test('a Dask dashboard opens only at an http(s) address', () => {
  assert.equal(safeDashboardUrl('http://127.0.0.1:8787/status'), 'http://127.0.0.1:8787/status');
  assert.equal(safeDashboardUrl('https://dask.example.org/status'), 'https://dask.example.org/status');
  for (const hostile of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'javascript:alert(1)', 'vscode://x', 'http://user:pw@host/', 'not a url', 42, null, undefined]) {
    assert.equal(safeDashboardUrl(hostile), null, String(hostile));
  }
});

test('the panel asks to open the dashboard without naming an address: the host reads it from the report', () => {
  assert.ok(isFromPanel({ type: 'openDashboard' }));
});
