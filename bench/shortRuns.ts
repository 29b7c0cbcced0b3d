// How short a serial run can be and still give a confident verdict: pure-Python prime counting and
// a numpy matrix product (BLAS on several threads), each profiled twice at growing input sizes.
// For each size it prints the serial wall, the cores the serial process kept busy, how far the
// repeats spread (serial, and the widest parallel run), the verdict kind and the recommended
// configuration of each of the two profiles. The threshold is the shortest serial wall from which
// the verdict, the recommendation and the cores reading agree between the two profiles and the
// spread stays small. Run: npm run build && node --import tsx bench/shortRuns.ts
// (under the shared lock on a shared machine: flock /tmp/pp-heavy.lock …).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../test/helpers/cli';
import { runLabel, type Report, type Run } from '../src/shared/report';
import { formatCores, formatPercent, formatSeconds } from '../src/shared/format';
import { printTable } from './ratioTable';

interface Workload {
  name: string;
  file: string;
  functionName: string;
  /** Inputs expressions from very short to long. */
  sizes: string[];
}

const WORKLOADS: Workload[] = [
  { name: 'primes (pure Python)', file: 'examples/primes.py', functionName: 'count_primes', sizes: ['[2_000] * 8', '[8_000] * 8', '[20_000] * 8', '[40_000] * 8', '[60_000] * 8'] },
  { name: 'matmul (numpy, BLAS threads)', file: 'examples/matmul.py', functionName: 'matmul', sizes: ['range(1)', 'range(2)', 'range(4)', 'range(8)'] },
];

const PROFILES_PER_SIZE = 2;

function spread(run: Run): number | null {
  if (run.wallSeconds === null || run.wallSeconds <= 0 || run.repeats.length < 2) return null;
  return (Math.max(...run.repeats) - Math.min(...run.repeats)) / run.wallSeconds;
}

function serialCores(run: Run): number | null {
  if (run.wallSeconds === null || run.processCpuSeconds === null) return null;
  return Math.max(run.processCpuSeconds / run.wallSeconds, run.threadParallelism ?? 0);
}

async function profile(dir: string, workload: Workload, inputs: string, index: number): Promise<Report> {
  const json = path.join(dir, `${workload.functionName}-${index}.json`);
  const result = await runCli(['profile', workload.file, '--function', workload.functionName, '--inputs', inputs, '--executors', 'thread,process', '--workers', '2', '--json', json, '--quiet']);
  if (result.code !== 0) throw new Error(`${workload.file} ${inputs}: exit ${result.code}\n${result.stderr}`);
  return JSON.parse(readFileSync(json, 'utf8')) as Report;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-short-'));
  process.env.PARALLEL_PROFILER_LOCK_DIR ??= path.join(dir, 'lock');
  const rows: string[][] = [];
  try {
    for (const workload of WORKLOADS) {
      for (const inputs of workload.sizes) {
        const reports: Report[] = [];
        for (let index = 0; index < PROFILES_PER_SIZE; index += 1) reports.push(await profile(dir, workload, inputs, index));
        const serial = reports.map((report) => report.runs.find((run) => run.executor === 'serial' && run.error === null) ?? null);
        const widest = reports.map((report) => Math.max(0, ...report.runs.filter((run) => run.executor !== 'serial').map((run) => spread(run) ?? 0)));
        const verdicts = reports.map((report) => `${report.verdict.kind} ${report.verdict.best ? runLabel(report.verdict.best) : '—'}`);
        rows.push([
          workload.name,
          inputs,
          serial.map((run) => formatSeconds(run?.wallSeconds)).join(' / '),
          serial.map((run) => formatCores(run ? serialCores(run) : null)).join(' / '),
          serial.map((run) => formatPercent(run ? spread(run) : null)).join(' / '),
          widest.map((value) => formatPercent(value)).join(' / '),
          verdicts[0] === verdicts[1] ? `same: ${verdicts[0]}` : verdicts.join(' | '),
        ]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(['workload', 'inputs', 'serial wall', 'serial cores', 'serial spread', 'widest parallel spread', 'verdicts (2 profiles)'], rows);
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
