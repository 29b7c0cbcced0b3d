// What profiling on a running Dask cluster adds to the work itself: the wall PythonRunner.runConfig
// reports for dask × 2 against a bare client.map + gather of the same function on the same cluster
// (same two workers, warmed), interleaved in one run, for 10 ms tasks and for the primes example.
// Needs Debian's python3-distributed (scripts/python-extras-setup.sh).
// Run: node --import tsx bench/dask-cluster-overhead.ts [--rounds 3] [--repeat 5]

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable } from './ratioTable';
import type { ConfigRequest, Target } from '../src/shared/runner';
import { PythonRunner } from '../src/runners/python/runner';
import { skipUnless, startCluster, SYSTEM_PYTHON } from '../test/helpers/daskCluster';

// The bare side does what a user would: connect, ship the script, map the function over the
// inputs on the same two workers, gather; timed per repeat after one warm-up map.
const BARE_SCRIPT = `
import importlib.util, json, os, sys, time, warnings
warnings.simplefilter("ignore")
from distributed import Client
address, path, function, inputs, workers, repeat = json.loads(sys.argv[1])
sys.path.insert(0, os.path.dirname(path))
name = os.path.splitext(os.path.basename(path))[0]
spec = importlib.util.spec_from_file_location(name, path)
module = importlib.util.module_from_spec(spec)
sys.modules[name] = module
spec.loader.exec_module(module)
fn, items = getattr(module, function), list(eval(inputs, vars(module)))
client = Client(address)
client.upload_file(path)
chosen = sorted(client.scheduler_info()["workers"])[:workers]
client.gather(client.map(fn, items, pure=False, workers=chosen))
walls = []
for _ in range(repeat):
    began = time.monotonic()
    client.gather(client.map(fn, items, pure=False, workers=chosen, allow_other_workers=False))
    walls.append(time.monotonic() - began)
client.close()
print(json.dumps(walls))
`;

const TEN_MS_SCRIPT = `
import time

def ten_ms(x):
    """A task that computes for 10 ms."""
    end = time.perf_counter() + 0.010
    while time.perf_counter() < end:
        pass
    return x
`;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function bareWalls(script: string, address: string, target: Target, repeat: number): Promise<number[]> {
  const job = [address, target.file, target.functionName, target.inputs, 2, repeat];
  return new Promise((resolve, reject) => {
    execFile(SYSTEM_PYTHON, [script, JSON.stringify(job)], { cwd: target.cwd, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`bare run failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as number[]);
    });
  });
}

async function main(): Promise<void> {
  const missing = skipUnless('distributed');
  if (missing) {
    console.log(`skipped: ${missing}`);
    return;
  }
  const rounds = option('--rounds', 3);
  const repeat = option('--repeat', 5);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pp-bench-dask-'));
  const bare = path.join(scratch, 'bare_dask_map.py');
  writeFileSync(bare, BARE_SCRIPT);
  writeFileSync(path.join(scratch, 'ten_ms_tasks.py'), TEN_MS_SCRIPT);
  const examples = path.resolve(__dirname, '../examples');
  const cases: { workload: string; target: Target }[] = [
    { workload: '10 ms tasks × 40', target: { file: path.join(scratch, 'ten_ms_tasks.py'), functionName: 'ten_ms', language: 'python', cwd: scratch, inputs: 'range(40)', executable: SYSTEM_PYTHON } },
    { workload: 'primes [30000]*8', target: { file: path.join(examples, 'primes.py'), functionName: 'count_primes', language: 'python', cwd: examples, inputs: '[30000] * 8', executable: SYSTEM_PYTHON } },
  ];
  const cluster = await startCluster(2);
  const runner = new PythonRunner();
  const never = new AbortController().signal;
  const rows: string[][] = [];
  try {
    console.log(`dask cluster ${cluster.scheduler.address}: 2 single-threaded workers on loopback, ${os.cpus().length} logical cores`);
    console.log(`${rounds} interleaved rounds × ${repeat} repeats per side per case, dask × 2\n`);
    for (const each of cases) {
      const target = { ...each.target, daskScheduler: cluster.scheduler.address };
      const request: ConfigRequest = { executor: 'dask', startMethod: null, workers: 2, repeat, chunksize: null, timeoutSeconds: 600 };
      const profiled: number[] = [];
      const bareSide: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // Alternate which side goes first so drift in machine load hits both equally.
        const sides = [
          async () => {
            const outcome = await runner.runConfig(target, request, never);
            if (outcome.error) throw new Error(`profiled run failed: ${outcome.error.message}`);
            profiled.push(...outcome.walls);
          },
          async () => bareSide.push(...(await bareWalls(bare, cluster.scheduler.address, each.target, repeat))),
        ];
        for (const side of round % 2 ? sides.reverse() : sides) await side();
      }
      const ratio = median(profiled) / median(bareSide);
      rows.push([
        each.workload,
        (median(profiled) * 1000).toFixed(1),
        (median(bareSide) * 1000).toFixed(1),
        ratio.toFixed(3),
        (Math.min(...profiled) / Math.min(...bareSide)).toFixed(3),
        ratio <= 1.05 ? 'yes' : 'NO',
      ]);
    }
  } finally {
    await cluster.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  printTable(['workload', 'profiler ms', 'bare map+gather ms', 'ratio', 'fastest ÷ fastest', 'ratio ≤ 1.05'], rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
