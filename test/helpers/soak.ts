// A day of use in one extension host: profiles in a row through the extension's own modules
// (activate, the Profile parallel command, the run queue, the Results panel, the report store, the
// shared core sampler) with a stand-in vscode and the real interpreters, measuring after each
// profile what a leak would grow: the host's heap (after a full GC), its open handles and timers,
// its child processes, and the report store on disk. Used by test/integration/soak.test.ts (a
// short run in CI) and bench/soak.ts (`npm run soak`, 50 profiles).

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { descendants } from '../../src/system/processTree';
import { makeTempDir } from './tempDir';
import { fakeContext, installVscodeStub, setSetting, ui, vscodeApi } from './vscodeStub';

installVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require('../../src/extension/extension') as typeof import('../../src/extension/extension');

const ROOT = path.resolve(__dirname, '..', '..');

/** Alternating Python and JavaScript, each on two executors of its own, small enough for seconds a profile. */
const WORKLOADS = [
  { file: path.join(ROOT, 'examples', 'primes.py'), functionName: 'count_primes', inputs: '[4000]*4', executors: ['thread', 'process'] },
  { file: path.join(ROOT, 'examples', 'js', 'cpu_loop.js'), functionName: 'countPrimes', inputs: '[20000, 20000, 20000, 20000]', executors: ['worker_threads', 'child_process'] },
];

export interface SoakSample {
  profile: number;
  seconds: number;
  heapMB: number;
  rssMB: number;
  /** Open handles by type, as process.getActiveResourcesInfo() lists them (requests in flight left out). */
  resources: Record<string, number>;
  timers: number;
  children: number;
  storeFiles: number;
  storeMB: number;
  verdict: string;
}

export interface SoakResult {
  before: SoakSample;
  samples: SoakSample[];
  /** After deactivate: what the extension left behind. */
  after: SoakSample;
  keep: number;
  largestStoreFolder: number;
}

function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  // Handles only: a request (FSReqCallback…) in flight at the moment of counting is not a leak.
  for (const type of process.getActiveResourcesInfo()) if (!/Req/.test(type)) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Files and bytes under the store's root (a folder per project, in it a folder per function). */
function storeSize(root: string): { files: number; bytes: number; largestFolder: number } {
  let files = 0;
  let bytes = 0;
  let largestFolder = 0;
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    const plain = entries.filter((entry) => entry.isFile());
    largestFolder = Math.max(largestFolder, plain.length);
    for (const entry of plain) {
      files += 1;
      bytes += statSync(path.join(folder, entry.name)).size;
    }
    for (const entry of entries) if (entry.isDirectory()) walk(path.join(folder, entry.name));
  };
  walk(root);
  return { files, bytes, largestFolder };
}

export async function runSoak(profiles: number, onSample?: (sample: SoakSample) => void): Promise<SoakResult> {
  const gc = fullGc();
  const scratch = makeTempDir('pp-soak-');
  const lockDir = process.env.PARALLEL_PROFILER_LOCK_DIR;
  process.env.PARALLEL_PROFILER_LOCK_DIR = scratch.file('lock');
  const storeRoot = scratch.file(path.join('storage', 'global', 'history'));
  const started = performance.now();
  let largestStoreFolder = 0;
  const sample = async (profile: number, verdict: string): Promise<SoakSample> => {
    // Let closing pipes and exit callbacks run before counting what is still open.
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    const memory = process.memoryUsage();
    const resources = countResources();
    const store = storeSize(storeRoot);
    largestStoreFolder = Math.max(largestStoreFolder, store.largestFolder);
    const taken: SoakSample = {
      profile,
      seconds: (performance.now() - started) / 1000,
      heapMB: memory.heapUsed / 2 ** 20,
      rssMB: memory.rss / 2 ** 20,
      resources,
      timers: resources.Timeout ?? 0,
      children: descendants(process.pid).length,
      storeFiles: store.files,
      storeMB: store.bytes / 2 ** 20,
      verdict,
    };
    onSample?.(taken);
    return taken;
  };
  try {
    setSetting('workers', [2]);
    setSetting('repeat', 1);
    const before = await sample(0, '');
    extension.activate(fakeContext(ROOT, scratch.file('storage')) as never);
    const samples: SoakSample[] = [];
    for (let profile = 1; profile <= profiles; profile++) {
      const workload = WORKLOADS[(profile - 1) % WORKLOADS.length];
      ui.reset();
      setSetting('executors', workload.executors);
      ui.inputBox = () => workload.inputs;
      await vscodeApi.commands.executeCommand('parallelProfiler.profile', { file: workload.file, functionName: workload.functionName });
      const state = ui.lastPanelState();
      if (state?.kind !== 'done') throw new Error(`profile ${profile} did not end with results: ${JSON.stringify(state ?? ui.notifications).slice(0, 500)}`);
      samples.push(await sample(profile, `${workload.functionName}: ${state.report.verdict.kind}`));
    }
    await extension.deactivate();
    const after = await sample(profiles + 1, '');
    const { DEFAULT_HISTORY_KEEP: DEFAULT_KEEP } = await import('../../src/extension/settings');
    return { before, samples, after, keep: DEFAULT_KEEP, largestStoreFolder };
  } finally {
    if (lockDir === undefined) delete process.env.PARALLEL_PROFILER_LOCK_DIR;
    else process.env.PARALLEL_PROFILER_LOCK_DIR = lockDir;
    scratch.remove();
  }
}

/** One line per sample: the curve a reader checks for growth. */
export function formatSample(sample: SoakSample): string {
  const resources = Object.entries(sample.resources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `${type}:${count}`)
    .join(' ');
  return `${String(sample.profile).padStart(3)}  ${sample.seconds.toFixed(0).padStart(5)} s  heap ${sample.heapMB.toFixed(1).padStart(6)} MB  rss ${sample.rssMB.toFixed(0).padStart(4)} MB  timers ${sample.timers}  children ${sample.children}  store ${sample.storeFiles} files ${sample.storeMB.toFixed(2)} MB  [${resources}]  ${sample.verdict}`;
}
