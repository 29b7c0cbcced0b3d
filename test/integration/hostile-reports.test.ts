// Saved reports from elsewhere (Open Saved Report…): each hostile file gets a sentence saying what
// is wrong with it, quickly, or it is a report the panel can draw safely (see
// test/webview/hostile.test.ts); and the size limit sits above the largest report the profiler writes.
// Runs through the extension's own "Open Saved Report…" command with a stand-in vscode module.

import assert from 'node:assert/strict';
import { closeSync, openSync, ftruncateSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fakeContext, installVscodeStub, ui, vscodeApi } from '../helpers/vscodeStub';
import { makeTempDir } from '../helpers/tempDir';
import { hostileReport } from '../helpers/hostileReports';
import { worstCaseReport } from '../helpers/worstCaseReport';

installVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require('../../src/extension/extension') as typeof import('../../src/extension/extension');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MAX_REPORT_BYTES } = require('../../src/core/reportStore') as typeof import('../../src/core/reportStore');

const ROOT = path.resolve(__dirname, '..', '..');
const scratch = makeTempDir('pp-hostile-');
const valid = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/reports/cpu-bound-primes.synthetic.json'), 'utf8')) as Record<string, unknown>;

before(() => extension.activate(fakeContext(ROOT, scratch.file('storage')) as never));
after(async () => {
  await extension.deactivate();
  scratch.remove();
});

/** Opens `file` with Open Saved Report…; returns the error the user saw, or null when the panel showed it. */
async function openSaved(file: string): Promise<string | null> {
  ui.reset();
  ui.openDialog = () => file;
  await vscodeApi.commands.executeCommand('parallelProfiler.openReport');
  await new Promise((resolve) => setImmediate(resolve));
  const errors = ui.notifications.filter((each) => each.level === 'error');
  if (errors.length > 0) return errors.map((each) => each.text).join('\n');
  assert.equal(ui.lastPanelState()?.kind, 'done', 'without an error, the report is shown');
  return null;
}

function write(name: string, text: string): string {
  const file = scratch.file(name);
  writeFileSync(file, text);
  return file;
}

describe('Open Saved Report… with a hostile file', () => {
  test('malformed JSON is refused with its name and why', async () => {
    assert.equal(await openSaved(write('broken.json', '{"schemaVersion": 1, "runs": [')), 'Parallel Profiler: broken.json is not valid JSON.');
  });

  test('a report of another schema version says which version it is and which this one reads', async () => {
    const message = await openSaved(write('future.json', JSON.stringify({ ...valid, schemaVersion: 2 })));
    assert.equal(message, 'Parallel Profiler: future.json is a report of schema version 2; this version reads version 1.');
  });

  test('JSON that is not a report at all says so', async () => {
    assert.equal(await openSaved(write('package.json', '{"name": "x", "version": "1.0.0"}')), 'Parallel Profiler: package.json is not a Parallel Profiler report.');
    assert.equal(await openSaved(write('list.json', '[1, 2, 3]')), 'Parallel Profiler: list.json is not a Parallel Profiler report.');
  });

  test('"NaN" where a number belongs names the field', async () => {
    const report = structuredClone(valid) as { runs: Record<string, unknown>[] };
    report.runs[1].wallSeconds = 'NaN';
    const message = await openSaved(write('nan.json', JSON.stringify(report)));
    assert.equal(message, 'Parallel Profiler: nan.json is not a report this version can show: runs[1].wallSeconds is "NaN", not a number.');
  });

  test('an executor this version does not know is named, not drawn', async () => {
    const report = structuredClone(valid) as { runs: Record<string, unknown>[] };
    report.runs[0].executor = '<img src=x onerror=alert(1)>';
    const message = await openSaved(write('executor.json', JSON.stringify(report)));
    assert.match(message ?? '', /runs\[0\]\.executor is "<img src=x onerror=alert\(1\)>", not an executor this version knows\.$/);
  });

  test('markup in every string field and absurd but well-typed numbers open in the panel (drawn as text there)', async () => {
    assert.equal(await openSaved(write('hostile.json', JSON.stringify(hostileReport()))), null);
  });

  test('a 500 MB file is refused at once, by its size, without being read', async () => {
    const file = scratch.file('huge.json');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 500 * 1024 * 1024); // sparse: no disk used
    closeSync(fd);
    const heapBefore = process.memoryUsage().heapUsed;
    const message = await openSaved(file);
    assert.equal(message, 'Parallel Profiler: huge.json is 500 MB, larger than any report Parallel Profiler writes (at most 448 MB), so it was not opened.');
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 50 * 1024 * 1024, 'the file was not read into memory');
  });

  test('a directory named like a report is refused', async () => {
    const folder = makeTempDir('pp-dir-report-');
    try {
      assert.equal(await openSaved(folder.path), `Parallel Profiler: ${path.basename(folder.path)} is not a file.`);
    } finally {
      folder.remove();
    }
  });
});

describe('the report size limit', () => {
  test('sits above the largest report the profiler writes and below a 500 MB file', () => {
    const { report, runs } = worstCaseReport();
    assert.equal(runs, 89, 'the default plan on 64 logical cores, every Python executor');
    // Run by run, as JSON.stringify(report) would write them, without holding one 400 MB string.
    const bytes = Buffer.byteLength(JSON.stringify({ ...report, runs: [] })) + report.runs.reduce((total, run) => total + Buffer.byteLength(JSON.stringify(run)) + 1, -1);
    assert.ok(bytes < MAX_REPORT_BYTES, `the largest report (${(bytes / 1024 / 1024).toFixed(0)} MB) opens`);
    assert.ok(MAX_REPORT_BYTES < 500 * 1024 * 1024);
  });
});
