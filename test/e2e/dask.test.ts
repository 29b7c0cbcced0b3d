// The parallelProfiler.daskScheduler setting from the palette of a real VS Code: a real `dask
// scheduler` and two `dask worker` processes on loopback, count_primes profiled on them, and what
// the Results panel then shows of the cluster.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { skipUnless, startCluster, SYSTEM_PYTHON, type TestCluster } from '../helpers/daskCluster';
import { openSession, scenario, type Session } from './session';
import { answerInputBox, editorTab, openFile, pickQuickItem, readInputBox, runCommand, waitInFrames } from './workbench';

const skip = skipUnless('distributed');
const RUN_TIMEOUT_MS = 180_000;

describe('Profiling on a running Dask cluster from VS Code', { skip }, () => {
  let cluster: TestCluster | undefined;
  let session: Session | undefined;

  before(async () => {
    cluster = await startCluster(2);
    session = await openSession({
      trusted: true,
      settings: {
        'parallelProfiler.daskScheduler': cluster.scheduler.address,
        'parallelProfiler.pythonPath': SYSTEM_PYTHON,
        'parallelProfiler.executors': ['dask'],
        'parallelProfiler.repeat': 1,
      },
    });
  }, { timeout: 300_000 });

  after(async () => {
    await session?.close();
    await cluster?.stop();
  });

  test('with parallelProfiler.daskScheduler set, Profile parallel runs count_primes on the cluster\'s workers and the panel names the cluster', { timeout: RUN_TIMEOUT_MS + 60_000 }, async () => {
    const name = 'profile on a dask cluster';
    await scenario(session, name, async (s) => {
      const address = (cluster as TestCluster).scheduler.address;
      await openFile(s.page, 'primes.py');
      await runCommand(s.page, 'Parallel Profiler: Profile parallel');
      await pickQuickItem(s.page, 'choose a function', 'count_primes');
      await readInputBox(s.page, 'inputs for count_primes');
      await answerInputBox(s.page, 'inputs for count_primes', '[30_000] * 8');
      await editorTab(s.page, 'Parallel Profiler: count_primes').first().waitFor({ timeout: 60_000 });
      const card = await waitInFrames(s.page, '#pp-verdict, [data-state="failed"]', (text) => text.includes('count_primes') || text.includes('Profiling failed'), RUN_TIMEOUT_MS);
      await s.shot(name, 'verdict');
      assert.ok(!card.text.includes('Profiling failed'), card.text);
      const runs = await card.frame.locator('tr.pp-run').evaluateAll((rows) => rows.map((row) => ({ id: row.getAttribute('data-run'), failed: row.classList.contains('pp-failed') })));
      assert.deepEqual(runs.filter((run) => run.id?.startsWith('dask')).map((run) => run.id).sort(), ['dask/2'], 'the adaptive sweep starts at two workers and stops at the cluster size, two');
      assert.ok(runs.every((run) => !run.failed), JSON.stringify(runs));
      const environment = await waitInFrames(s.page, '.pp-environment', (text) => text.includes('Dask cluster'), 30_000);
      assert.ok(environment.text.includes(address), `the panel names the scheduler ${address}: ${environment.text}`);
      for (const worker of (cluster as TestCluster).workers) assert.ok(environment.text.includes(worker.address), `and its worker ${worker.address}`);
      await s.shot(name, 'environment');
    });
  });
});
