// Peak memory: reading a process's proportional set size, keeping a tree's highest total, and the
// verdict's sentence when recommended processes hold clearly more than serial.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { PeakMemory, processMemoryBytes } from '../../src/system/memory';
import { descendants, treeFromChildren } from '../../src/system/processTree';
import { memoryCostSentence } from '../../src/core/memoryCost';
import { analyse } from '../../src/core/analyse';
import { analysisInput } from './fixtures/synthetic';

describe('a process\'s memory', () => {
  test('is its proportional set size from smaps_rollup, counting shared pages once', () => {
    const read = (file: string): string => {
      if (file.endsWith('smaps_rollup')) return '00400000-7ffd [rollup]\nRss:              204800 kB\nPss:              102400 kB\nShared_Clean: 0 kB\n';
      throw new Error(`unexpected ${file}`);
    };
    assert.equal(processMemoryBytes(42, read), 102400 * 1024);
  });

  test('falls back to the resident set from statm on kernels without smaps_rollup, and is null for a process gone', () => {
    const statm = (file: string): string => {
      if (file.endsWith('statm')) return '5000 2500 300 10 0 800 0\n';
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    };
    assert.equal(processMemoryBytes(42, statm), 2500 * 4096);
    assert.equal(processMemoryBytes(42, () => { throw new Error('gone'); }), null);
  });

  test('of this very process is read from /proc on Linux', { skip: process.platform !== 'linux' && 'Linux only' }, () => {
    const bytes = processMemoryBytes(process.pid);
    assert.ok(bytes !== null && bytes > 1e6, String(bytes));
  });
});

describe('the peak of a process tree', () => {
  test('keeps the highest total over the samples, and is null before any sample found the tree', () => {
    let current = 0;
    // This process stands for the tree's root; any descendant of it (a test runner's helper) reads as gone.
    const peak = new PeakMemory(process.pid, undefined, (pid) => (pid === process.pid ? current : null));
    assert.equal(peak.peakBytes, null);
    for (const total of [100, 300, 200]) {
      current = total;
      peak.sample();
    }
    assert.equal(peak.peakBytes, 300);
  });

  test('takes the reading a harness took of its own tree between timings when it is the highest', () => {
    const peak = new PeakMemory(process.pid, undefined, (pid) => (pid === process.pid ? 200 : null));
    peak.offer(150);
    assert.equal(peak.peakBytes, 150);
    peak.sample();
    peak.offer(120);
    peak.offer(Number.NaN);
    assert.equal(peak.peakBytes, 200);
  });

  test("walks only the run's tree, from each thread's children list: a grandchild is found, a stranger is not", { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
    // A shell that starts a sleeping grandchild, beside a sleeping process of nobody's tree.
    const parent = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      let tree: number[] | null = [];
      for (let tries = 0; tries < 100 && (tree?.length ?? 0) < 2; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        tree = treeFromChildren(parent.pid as number);
      }
      assert.ok(tree, 'this kernel lists each thread\'s children');
      assert.equal(tree[0], parent.pid);
      assert.equal(tree.length, 2, `the shell and its sleep: ${tree.join(', ')}`);
      assert.ok(!tree.includes(stranger.pid as number));
      assert.deepEqual([...tree].sort(), [parent.pid as number, ...descendants(parent.pid as number)].sort());
    } finally {
      parent.kill('SIGKILL');
      stranger.kill('SIGKILL');
    }
  });

  test('stays null when no process of the tree could be read', () => {
    const peak = new PeakMemory(process.pid, undefined, () => null);
    peak.sample();
    assert.equal(peak.peakBytes, null);
  });
});

describe('memory beside the speedup in the verdict', () => {
  const runs = (processPeak: number) =>
    analyse(analysisInput([
      { executor: 'serial', wall: 2, cpu: 1.9 },
      { executor: 'thread', workers: 2, wall: 2, cpu: 1.9 },
      { executor: 'process', startMethod: 'spawn', workers: 2, wall: 1.05, cpu: 1.9 },
    ])).runs.map((run) => ({ ...run, peakMemoryBytes: run.executor === 'process' ? processPeak : 120e6 }));

  test('says how much more recommended processes held than serial, from 1.5× serial\'s peak', () => {
    const measured = runs(310e6);
    const sentence = memoryCostSentence(measured, { best: { executor: 'process', startMethod: 'spawn', workers: 2, speedup: 1.9 } });
    assert.ok(sentence);
    assert.match(sentence.explanation, /process \(spawn\) × 2 held 310 MB at its peak, 2\.58× serial's 120 MB/);
    assert.match(sentence.evidence, /peak memory: serial 120 MB, process \(spawn\) × 2 310 MB/);
  });

  test('says worker threads hold a heap each in the one process, not processes of their own', () => {
    const measured = analyse(analysisInput(
      [
        { executor: 'serial', wall: 0.92, cpu: 0.9 },
        { executor: 'async', workers: 2, wall: 0.97 },
        { executor: 'worker_threads', workers: 2, wall: 0.58, cpu: 0.9 },
      ],
      { language: 'javascript', functionName: 'roundtrip', file: '/home/user/roundtrip.mjs' },
    )).runs.map((run) => ({ ...run, peakMemoryBytes: run.executor === 'worker_threads' ? 248e6 : 131e6 }));
    const sentence = memoryCostSentence(measured, { best: { executor: 'worker_threads', startMethod: null, workers: 2, speedup: 1.59 } });
    assert.ok(sentence);
    assert.match(sentence.explanation, /each worker thread runs a JavaScript engine of its own \(a V8 isolate\) with its own heap/);
    assert.match(sentence.evidence, /\(1\.89×; the one process, every worker thread's heap in it\)/);
    assert.doesNotMatch(`${sentence.explanation} ${sentence.evidence}`, /interpreter|processes together/);
  });

  test("says Node's child processes are Node processes of their own, not interpreters", () => {
    const measured = analyse(analysisInput(
      [
        { executor: 'serial', wall: 0.92, cpu: 0.9 },
        { executor: 'async', workers: 2, wall: 0.97 },
        { executor: 'child_process', workers: 2, wall: 0.5 },
      ],
      { language: 'javascript', functionName: 'rehash', file: '/home/user/scrypt.mjs' },
    )).runs.map((run) => ({ ...run, peakMemoryBytes: run.executor === 'child_process' ? 248e6 : 131e6 }));
    const sentence = memoryCostSentence(measured, { best: { executor: 'child_process', startMethod: null, workers: 2, speedup: 1.84 } });
    assert.ok(sentence);
    assert.match(sentence.explanation, /each worker is a Node process of its own, with its own JavaScript engine, heap and copy of what it was sent/);
    assert.doesNotMatch(sentence.explanation, /interpreter/);
  });

  test("says fork's workers copy the pages they write to, and names the copying where fresh workers ran the calls faster", () => {
    // A walk's 2.5-million-entry catalog built at import: fork × 2 advised for its 27 ms start-up
    // (forkserver's took 2.38 s), its calls 15% slower than forkserver's, 1.13 GB at its peak.
    const peaks: Record<string, number> = { serial: 399e6, fork: 1132e6, forkserver: 1199e6 };
    const measured = analyse(analysisInput([
      { executor: 'serial', wall: 3.641, cpu: 3.6 },
      { executor: 'process', startMethod: 'fork', workers: 2, wall: 2.128, cpu: 3.9, startup: 0.027 },
      { executor: 'process', startMethod: 'forkserver', workers: 2, wall: 1.847, cpu: 3.6, startup: 2.38 },
    ])).runs.map((run) => ({ ...run, peakMemoryBytes: peaks[run.startMethod ?? 'serial'] }));
    const best = { executor: 'process' as const, startMethod: 'fork' as const, workers: 2, speedup: 1.71 };
    const sentence = memoryCostSentence(measured, { best });
    assert.ok(sentence);
    assert.match(sentence.explanation, /process \(fork\) × 2 held 1\.13 GB at its peak, 2\.84× serial's 399 MB, for its 1\.71×: each worker is an interpreter of its own with its own copy of what it was sent, and fork's workers start sharing the profiler's pages, copying each page they write to; Python writes to most objects it touches/);
    assert.match(sentence.explanation, /Its calls ran 15(\.\d)?% slower than under process \(forkserver\) × 2 \(2\.13 s against 1\.85 s\), whose workers build their own objects: copying the pages fork's workers write to as they touch the script's objects may be the cause\./);
    // Within the margin a start method is kept by (10%), the pace says nothing of copying.
    const alike = measured.map((run) => (run.startMethod === 'forkserver' ? { ...run, wallSeconds: 2.0, repeats: [1.98, 2.0, 2.02] } : run));
    assert.doesNotMatch(memoryCostSentence(alike, { best })?.explanation ?? '', /slower than under/);
    // Nor on one timing of forkserver's: it may be one burst of other load on fork's.
    const once = measured.map((run) => (run.startMethod === 'forkserver' ? { ...run, repeats: [1.847] } : run));
    assert.doesNotMatch(memoryCostSentence(once, { best })?.explanation ?? '', /slower than under/);
  });

  test('says nothing when processes held under 1.5× serial, threads are recommended, or memory was not measured', () => {
    const best = { executor: 'process' as const, startMethod: 'spawn' as const, workers: 2, speedup: 1.9 };
    assert.equal(memoryCostSentence(runs(150e6), { best }), null);
    // 1.5× and more, but under 100 MB more: two small interpreters beside one.
    const small = runs(200e6).map((run) => ({ ...run, peakMemoryBytes: run.executor === 'process' ? 33e6 : 21.7e6 }));
    assert.equal(memoryCostSentence(small, { best }), null);
    assert.equal(memoryCostSentence(runs(310e6), { best: { executor: 'thread', startMethod: null, workers: 2, speedup: 1 } }), null);
    const unmeasured = runs(310e6).map((run) => ({ ...run, peakMemoryBytes: null }));
    assert.equal(memoryCostSentence(unmeasured, { best }), null);
  });
});
