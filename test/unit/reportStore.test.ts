import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { legacyReportKey, namesToPrune, parseReport, reportFileName, reportKey, ReportStore, type Location } from '../../src/core/reportStore';
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

  test('gives two files with the same function name different folders, and one file in two checkouts the same one', () => {
    const at = (project: string, file: string): Location => ({ project, path: file });
    assert.notEqual(reportKey(at('git-abc', 'a/work.py'), 'f'), reportKey(at('git-abc', 'b/work.py'), 'f'));
    assert.notEqual(reportKey(at('git-abc', 'a/work.py'), 'f'), reportKey(at('git-def', 'a/work.py'), 'f'));
    assert.equal(reportKey(at('git-abc', 'a/work.py'), 'f'), reportKey(at('git-abc', 'a/work.py'), 'f'));
    assert.match(reportKey(at('git-abc', 'src/my work.py'), 'f'), /^git-abc-[0-9a-f]{12}[\\/]my_work\.py-f-[0-9a-f]{12}$/);
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
    const store = new ReportStore(root, { keep: () => 3 });
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
    const folder = await store.folderOf('/d/z.py', 'g');
    await writeFile(path.join(folder, reportFileName('2025-03-02T00:00:00.000Z')), '{"schemaVersion": 1, "tar');
    assert.equal((await readdir(folder)).filter((name) => name !== 'summary.json' && name !== 'index.json').length, 2);
    assert.equal((await store.latest('/d/z.py', 'g'))?.createdAt, '2025-03-01T00:00:00.000Z');
  });
});

describe('a history that lasts', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'pp-history-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Files of one project, wherever its checkout sits: keyed by the path inside it. */
  const inProject = (checkout: string) => async (file: string): Promise<Location> => ({ project: 'git-1234', path: path.relative(checkout, file) });

  test('a renamed checkout folder keeps the history: reports are keyed by the path inside the project', async () => {
    const before = new ReportStore(path.join(root, 'renamed'), { locate: inProject('/home/me/project') });
    await before.save(sampleReport({ runs, best, file: '/home/me/project/src/work.py', functionName: 'f', createdAt: '2025-01-01T00:00:00.000Z' }));
    const after = new ReportStore(path.join(root, 'renamed'), { locate: inProject('/home/me/project-renamed') });
    await after.save(sampleReport({ runs, best, file: '/home/me/project-renamed/src/work.py', functionName: 'f', createdAt: '2025-01-02T00:00:00.000Z' }));
    const entries = await after.entries('/home/me/project-renamed/src/work.py', 'f');
    assert.deepEqual(entries.map((entry) => entry.createdAt), ['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z']);
    assert.equal(entries[0].recommended, 'process (fork) × 2');
    assert.equal(entries[0].serialWall, 1);
  });

  test('the index summarises every report oldest first, keeps to the setting, and skips a corrupt or foreign file with one warning', async () => {
    const warnings: string[] = [];
    let keep = 10;
    const store = new ReportStore(path.join(root, 'index'), { keep: () => keep, onWarning: (message) => warnings.push(message) });
    for (let day = 1; day <= 4; day++) await store.save(sampleReport({ runs, best, file: '/p/w.py', functionName: 'g', createdAt: `2025-01-0${day}T00:00:00.000Z` }));
    const folder = await store.folderOf('/p/w.py', 'g');
    await writeFile(path.join(folder, '2025-01-05T00-00-00-000Z-000.json'), '{"schemaVersion": 1, "tru');
    await writeFile(path.join(folder, '2025-01-06T00-00-00-000Z-000.json'), JSON.stringify({ name: 'someone else' }));
    const entries = await store.entries('/p/w.py', 'g');
    assert.equal(entries.length, 4);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /Skipped a stored report that could not be read: 2025-01-05T00-00-00-000Z-000\.json is not valid JSON\./);
    assert.match(warnings[1], /is not a Parallel Profiler report/);
    await store.entries('/p/w.py', 'g');
    assert.equal(warnings.length, 2, 'each file is warned about once');
    keep = 2;
    await store.save(sampleReport({ runs, best, file: '/p/w.py', functionName: 'g', createdAt: '2025-01-07T00:00:00.000Z' }));
    // The newest two files are kept (the foreign one among them, still skipped); the oldest are removed.
    assert.equal((await store.history('/p/w.py', 'g')).length, 2);
    assert.deepEqual((await store.entries('/p/w.py', 'g')).map((entry) => entry.createdAt), ['2025-01-07T00:00:00.000Z']);
  });

  test('reports of the first layout (a folder named by the absolute path) move into the new one and still open', async () => {
    const legacyRoot = path.join(root, 'legacy-workspace', 'reports');
    const legacyFolder = path.join(legacyRoot, legacyReportKey('/old/place/primes.py', 'count_primes'));
    await mkdir(legacyFolder, { recursive: true });
    const older = sampleReport({ runs, best, file: '/old/place/primes.py', createdAt: '2024-06-01T00:00:00.000Z' });
    delete (older as { warnings?: unknown }).warnings;
    await writeFile(path.join(legacyFolder, reportFileName(older.createdAt)), JSON.stringify(older));
    await writeFile(path.join(legacyFolder, 'summary.json'), '{}');
    const store = new ReportStore(path.join(root, 'migrated'), { legacyRoots: [legacyRoot] });
    const entries = await store.entries('/old/place/primes.py', 'count_primes');
    assert.deepEqual(entries.map((entry) => entry.createdAt), ['2024-06-01T00:00:00.000Z']);
    assert.equal((await store.latest('/old/place/primes.py', 'count_primes'))?.createdAt, '2024-06-01T00:00:00.000Z');
    assert.equal((await store.summary('/old/place/primes.py', 'count_primes'))?.createdAt, '2024-06-01T00:00:00.000Z');
    assert.deepEqual(await readdir(legacyRoot), [], 'the old folder is gone once moved');
  });

  test('refuses to open a stored report by a name that is not a report file of that function', async () => {
    const store = new ReportStore(path.join(root, 'ids'));
    await assert.rejects(store.reportPath('/p/w.py', 'g', '../../etc/passwd'), /is not a stored report/);
    await assert.rejects(store.reportPath('/p/w.py', 'g', 'index.json'), /is not a stored report/);
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
