import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { namesToPrune, parseReport, reportFileName, reportKey, ReportStore } from '../../src/extension/reportStore';
import { sampleReport, sampleRun } from './extension-fixtures';

const runs = [sampleRun('serial', null, 1, 1), sampleRun('process', 'fork', 2, 1.9)];
const best = { executor: 'process' as const, startMethod: 'fork' as const, workers: 2, speedup: 1.9 };

describe('report store pruning', () => {
  test('keeps the newest reports and prunes the oldest, ignoring the summary and temporary files', () => {
    const names = ['2025-01-03T00-00-00-000Z-000.json', 'summary.json', '2025-01-01T00-00-00-000Z-000.json', '2025-01-02T00-00-00-000Z-000.json', 'x.json.12.tmp'];
    assert.deepEqual(namesToPrune(names, 2), ['2025-01-01T00-00-00-000Z-000.json']);
    assert.deepEqual(namesToPrune(names, 20), []);
  });

  test('orders same-millisecond reports by their sequence number', () => {
    const first = reportFileName('2025-01-01T00:00:00.000Z', 0);
    const second = reportFileName('2025-01-01T00:00:00.000Z', 1);
    assert.deepEqual(namesToPrune([second, first], 1), [first]);
  });

  test('gives two files with the same function name different folders', () => {
    assert.notEqual(reportKey('/a/work.py', 'f'), reportKey('/b/work.py', 'f'));
    assert.match(reportKey('/a/my work.py', 'f'), /^my_work\.py-f-[0-9a-f]{12}$/);
  });
});

describe('report store on disk', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'pp-store-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('returns the newest report of a function and keeps only the configured number', async () => {
    const store = new ReportStore(root, 3);
    for (let day = 1; day <= 5; day++) {
      await store.save(sampleReport({ runs, best, createdAt: `2025-01-0${day}T00:00:00.000Z` }));
    }
    const history = await store.history('/work/examples/primes.py', 'count_primes');
    assert.equal(history.length, 3);
    assert.equal((await store.latest('/work/examples/primes.py', 'count_primes'))?.createdAt, '2025-01-05T00:00:00.000Z');
    assert.equal(await store.latest('/work/examples/primes.py', 'other'), null);
  });

  test('serves the summary of the newest report to a fresh store, from its small file', async () => {
    await new ReportStore(root).save(sampleReport({ runs, best, file: '/x/y.py', functionName: 'work', createdAt: '2025-02-01T00:00:00.000Z' }));
    const summary = await new ReportStore(root).summary('/x/y.py', 'work');
    assert.equal(summary?.createdAt, '2025-02-01T00:00:00.000Z');
    assert.equal(summary?.verdict.best?.executor, 'process');
    assert.equal(await new ReportStore(root).summary('/x/y.py', 'never'), null);
  });

  test('skips a damaged newest file and returns the one before it', async () => {
    const store = new ReportStore(root);
    await store.save(sampleReport({ runs, best, file: '/d/z.py', functionName: 'g', createdAt: '2025-03-01T00:00:00.000Z' }));
    const folder = store.folderOf('/d/z.py', 'g');
    await writeFile(path.join(folder, reportFileName('2025-03-02T00:00:00.000Z')), '{"schemaVersion": 1, "tar');
    assert.equal((await readdir(folder)).filter((name) => name !== 'summary.json').length, 2);
    assert.equal((await store.latest('/d/z.py', 'g'))?.createdAt, '2025-03-01T00:00:00.000Z');
  });
});

describe('report parsing', () => {
  test('refuses JSON that is not a report, or a report of another schema version, with a sentence', () => {
    assert.throws(() => parseReport('nope', 'a.json'), /a\.json is not valid JSON\./);
    assert.throws(() => parseReport('{"hello": 1}', 'a.json'), /a\.json is not a Parallel Profiler report\./);
    const future = { ...sampleReport({ runs, best }), schemaVersion: 2 };
    assert.throws(() => parseReport(JSON.stringify(future), 'a.json'), /schema version 2/);
    assert.equal(parseReport(JSON.stringify(sampleReport({ runs, best }))).target.function, 'count_primes');
  });

  test('a report saved before warnings were stored opens with them worded as the engine words them', () => {
    const older = sampleReport({ runs: runs.map((run) => (run.executor === 'serial' ? { ...run, warnings: ['fork() was called while threads ran'] } : run)), best });
    delete older.warnings;
    const opened = parseReport(JSON.stringify(older));
    assert.deepEqual(opened.warnings, [
      { code: 'run-warning', message: 'fork() was called while threads ran', advice: 'It was raised while that configuration ran and may explain an unusual figure in its row.', runs: ['serial/1'] },
    ]);
  });

  test('keeps the warnings a report stored, and refuses warnings of the wrong shape naming the field', () => {
    const stored = { ...sampleReport({ runs, best }), warnings: [{ code: 'other-load', message: 'm', advice: 'a', runs: [] }] };
    assert.deepEqual(parseReport(JSON.stringify(stored)).warnings, stored.warnings);
    const broken = { ...stored, warnings: [{ code: 'other-load', message: '<b>m</b>', advice: 7, runs: [] }] };
    assert.throws(() => parseReport(JSON.stringify(broken), 'a.json'), /a\.json is not a report this version can show: warnings\[0\]\.advice is 7, not text/);
  });
});
