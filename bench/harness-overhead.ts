// How much the profiler's measurement adds to what it measures: the wall PythonRunner.runConfig
// reports vs a bare executor.map on an equally warmed pool, interleaved in one run on this machine.
// Run: node --import tsx bench/harness-overhead.ts [--rounds 3] [--repeat 5] [--walls: print every timing]

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable } from './ratioTable';
import type { ConfigRequest, Target } from '../src/shared/runner';
import type { Executor, StartMethod } from '../src/shared/report';
import { PythonRunner } from '../src/runners/python/runner';
import { EXAMPLES, primesTarget } from '../test/helpers/examples';
import { LOOP_SECONDS, loopsFor } from '../src/core/certainty';

const BARE_SCRIPT = `
import gc, importlib.util, json, multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

path, name, function, inputs, executor, method, workers, repeat, loops, loop_seconds = json.loads(sys.argv[1])
sys.path.insert(0, os.path.dirname(path))
spec = importlib.util.spec_from_file_location(name, path)
module = importlib.util.module_from_spec(spec)
sys.modules[name] = module
spec.loader.exec_module(module)
fn, items = getattr(module, function), list(eval(inputs, vars(module)))

def warm(delay):
    time.sleep(delay)
    return os.getpid(), __import__("threading").get_native_id()

if __name__ == "__main__":
    if executor == "serial":
        pool = None
    elif executor == "thread":
        pool = ThreadPoolExecutor(workers)
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))
    seen, delay = set(), 0.01
    while pool and len(seen) < workers:
        seen.update(pool.map(warm, [delay] * workers))
        delay = min(delay * 2, 0.2)
    # As the harness times under calibration loops: passes back to back until loops or
    # loop_seconds, one pass's mean; the process's first pass a warm-up when it is short.
    # As the harness, it collects the garbage of the timing before out of the timed region.
    walls, warming = [], loops > 1
    for _ in range(repeat):
        gc.collect()
        wall = passes = 0
        while passes < loops and (passes == 0 or wall < loop_seconds):
            began = time.monotonic()
            list(pool.map(fn, items) if pool else map(fn, items))
            elapsed = time.monotonic() - began
            if warming:
                warming = False
                if elapsed < loop_seconds:
                    continue
            wall += elapsed
            passes += 1
        walls.append(wall / passes)
    if pool:
        pool.shutdown()
    print(json.dumps(walls))
`;

interface Case {
  workload: string;
  target: Target;
  executor: Executor;
  /** Time as a profile does (calibration loops where serial is short), or every pass on its own. */
  loops: boolean;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function bareWalls(python: string, script: string, target: Target, executor: Executor, method: StartMethod | null, repeat: number, loops: number): Promise<number[]> {
  const stem = path.basename(target.file, '.py');
  const job = [target.file, stem, target.functionName, target.inputs, executor, method, 2, repeat, loops, LOOP_SECONDS];
  return new Promise((resolve, reject) => {
    execFile(python, [script, JSON.stringify(job)], { cwd: target.cwd, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`bare run failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as number[]);
    });
  });
}

async function main(): Promise<void> {
  const rounds = option('--rounds', 3);
  const repeat = option('--repeat', 5);
  const runner = new PythonRunner();
  const never = new AbortController().signal;
  const primes = primesTarget('[30000] * 8');
  const tiny: Target = { ...primes, file: path.join(EXAMPLES, 'tiny_tasks.py'), functionName: 'square', inputs: 'range(3000)' };
  const probe = await runner.probe(primes, never);
  const method = probe.runtime.defaultStartMethod;
  const python = probe.runtime.executable;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pp-bench-'));
  const script = path.join(scratch, 'bare_map.py');
  writeFileSync(script, BARE_SCRIPT);

  const cases: Case[] = [
    { workload: 'tiny_tasks range(3000)', target: tiny, executor: 'serial', loops: true },
    { workload: 'primes [30000]*8', target: primes, executor: 'thread', loops: true },
    { workload: 'primes [30000]*8', target: primes, executor: 'process', loops: true },
    { workload: 'tiny_tasks range(3000)', target: tiny, executor: 'thread', loops: true },
    { workload: 'tiny_tasks range(3000)', target: tiny, executor: 'process', loops: true },
    { workload: 'tiny_tasks range(3000), one pass', target: tiny, executor: 'thread', loops: false },
  ];
  // A profile times a short function in calibration loops, set by its first serial run and set
  // again from serial's looped run when that needs half as many passes again (src/core/measure.ts).
  const loopsOf = new Map<Target, number>();
  const serialWall = async (target: Target, loops: number): Promise<number> => {
    const request: ConfigRequest = { executor: 'serial', startMethod: null, workers: 1, repeat: 3, chunksize: null, timeoutSeconds: 600, ...(loops > 1 ? { loops, loopSeconds: LOOP_SECONDS } : {}) };
    const outcome = await runner.runConfig(target, request, never);
    if (outcome.error) throw new Error(`serial run failed: ${outcome.error.message}`);
    return median(outcome.walls);
  };
  for (const target of [primes, tiny]) {
    const loops = loopsFor(await serialWall(target, 1));
    const again = loops > 1 ? loopsFor(await serialWall(target, loops)) : 1;
    loopsOf.set(target, again > Math.floor(1.5 * loops) ? again : loops);
  }
  console.log(`Python ${probe.runtime.version} (${python}), ${os.cpus().length} logical cores, default start method ${method}`);
  console.log(`${rounds} interleaved rounds × ${repeat} repeats per side per case, 2 workers but serial`);
  console.log(`Calibration loops as a profile sets them: primes up to ${loopsOf.get(primes)} passes, tiny_tasks up to ${loopsOf.get(tiny)} per timing, ${LOOP_SECONDS} s`);
  console.log('(one pass: every pass records its tasks\' spans, as where serial lasts 0.25 s or more: many inputs)\n');

  const rows: string[][] = [];
  try {
    for (const each of cases) {
      const startMethod = each.executor === 'process' ? method : null;
      const loops = each.loops ? (loopsOf.get(each.target) ?? 1) : 1;
      const request: ConfigRequest = { executor: each.executor, startMethod, workers: each.executor === 'serial' ? 1 : 2, repeat, chunksize: null, timeoutSeconds: 600, ...(loops > 1 ? { loops, loopSeconds: LOOP_SECONDS } : {}) };
      const profiled: number[] = [];
      const bare: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // Alternate which side goes first so drift in machine load hits both equally.
        const sides = [
          async () => {
            const outcome = await runner.runConfig(each.target, request, never);
            if (outcome.error) throw new Error(`profiled run failed: ${outcome.error.message}`);
            profiled.push(...outcome.walls);
          },
          async () => bare.push(...(await bareWalls(python, script, each.target, each.executor, startMethod, repeat, loops))),
        ];
        for (const side of round % 2 ? sides.reverse() : sides) await side();
      }
      if (process.argv.includes('--walls')) {
        // Every timing, sorted, to see the clusters two threads sharing the GIL fall into.
        const sorted = (walls: number[]) => [...walls].sort((a, b) => a - b).map((wall) => (wall * 1000).toPrecision(3)).join(' ');
        console.log(`${each.workload}, ${each.executor}\n  profiler: ${sorted(profiled)}\n  bare map: ${sorted(bare)}`);
      }
      const ratio = median(profiled) / median(bare);
      // The fastest repeat of each side is the one the machine disturbed least: their ratio is the
      // harness's own cost, where tiny tasks on threads make the medians mostly GIL scheduling noise.
      const fastestRatio = Math.min(...profiled) / Math.min(...bare);
      rows.push([
        each.workload,
        each.executor === 'serial' ? 'serial' : `${each.executor}${startMethod ? ` (${startMethod})` : ''} × 2`,
        (median(profiled) * 1000).toPrecision(3),
        (median(bare) * 1000).toPrecision(3),
        ratio.toFixed(3),
        fastestRatio.toFixed(3),
        ratio <= 1.05 ? 'yes' : 'NO',
      ]);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  printTable(['workload', 'executor', 'profiler ms', 'bare map ms', 'ratio', 'fastest ÷ fastest', 'ratio ≤ 1.05'], rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
