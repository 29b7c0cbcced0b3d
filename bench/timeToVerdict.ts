// Time to a verdict, and whether the adaptive plan agrees with --thorough: every example in
// examples/, the two workloads of the issue that asked for it (primes 8 × 150000, 16 calls that
// each sleep 0.2 s), and the same with Debian's system Python where joblib and Dask are
// installed. Each profile is the CLI as a user runs it (default settings), timed from start to
// exit; the ratio is that time ÷ the serial wall of the same report. Profiles run one after
// another, adaptive and thorough interleaved, so the machine's drift touches both alike.
//
//   node --import tsx bench/timeToVerdict.ts [--runs 3] [--only primes,sleep] [--no-thorough] [--keep]
//
// --keep leaves every report in the temporary folder it names, to read or replay afterwards.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXECUTORS } from '../src/shared/executors';
import { formatSeconds } from '../src/shared/format';
import type { Report, Run } from '../src/shared/report';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'parallel-profiler.js');
const SYSTEM_PYTHON = '/usr/bin/python3';

interface Case {
  name: string;
  file: string;
  functionName: string;
  args?: string[];
}

const CASES: Case[] = [
  { name: 'primes 8 × 150000', file: 'examples/primes.py', functionName: 'count_primes', args: ['--inputs', '[150000]*8'] },
  { name: 'sleep 16 × 0.2 s', file: 'bench/workloads/sleep_calls.py', functionName: 'wait' },
  { name: 'examples/primes.py', file: 'examples/primes.py', functionName: 'count_primes' },
  { name: 'examples/hashing.py', file: 'examples/hashing.py', functionName: 'digest' },
  { name: 'examples/images.py', file: 'examples/images.py', functionName: 'convert' },
  { name: 'examples/inefficient_square.py', file: 'examples/inefficient_square.py', functionName: 'f2' },
  { name: 'examples/matmul.py', file: 'examples/matmul.py', functionName: 'matmul' },
  { name: 'examples/sleepy_requests.py', file: 'examples/sleepy_requests.py', functionName: 'fetch' },
  { name: 'examples/tiny_tasks.py', file: 'examples/tiny_tasks.py', functionName: 'square' },
  { name: 'examples/js/cpu_loop.js', file: 'examples/js/cpu_loop.js', functionName: 'countPrimes' },
  { name: 'examples/js/small_tasks.mjs', file: 'examples/js/small_tasks.mjs', functionName: 'square' },
  { name: 'examples/ts/wait.ts', file: 'examples/ts/wait.ts', functionName: 'fetchRecord' },
  { name: 'system Python: primes 8 × 150000', file: 'examples/primes.py', functionName: 'count_primes', args: ['--inputs', '[150000]*8', '--python', SYSTEM_PYTHON] },
  { name: 'system Python: sleep 16 × 0.2 s', file: 'bench/workloads/sleep_calls.py', functionName: 'wait', args: ['--python', SYSTEM_PYTHON] },
];

interface Profiled {
  seconds: number;
  report: Report;
}

/** Time to verdict ÷ serial wall; under 0.1 s of serial the profile's floor (start-ups, the
 * calibration loops' 0.25 s timings) is the figure, and a ratio to it says nothing. */
function ratioTo(seconds: number, serial: number): string {
  return serial >= 0.1 ? `${(seconds / serial).toFixed(1)}×` : 'floor';
}

function profileOnce(testCase: Case, extra: string[], dir: string): Profiled {
  const json = path.join(dir, `report-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const args = [BIN, 'profile', testCase.file, '--function', testCase.functionName, ...(testCase.args ?? []), ...extra, '--json', json, '--quiet', '--no-wait'];
  const began = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const seconds = (performance.now() - began) / 1000;
  if (!existsSync(json)) throw new Error(`${testCase.name}: no report (exit ${result.status}): ${result.stderr}`);
  return { seconds, report: JSON.parse(readFileSync(json, 'utf8')) as Report };
}

function serialWall(report: Report): number | null {
  return report.runs.find((run) => run.executor === 'serial' && run.error === null)?.wallSeconds ?? null;
}

function bestRun(report: Report): Run | undefined {
  const best = report.verdict.best;
  return best ? report.runs.find((run) => run.executor === best.executor && run.startMethod === best.startMethod && run.workers === best.workers) : undefined;
}

function speedupRange(report: Report, run: Run | undefined): [number, number] | null {
  const serial = serialWall(report);
  if (!run || !serial || !run.wallSpread) return null;
  return [serial / run.wallSpread.max, serial / run.wallSpread.min];
}

/** Same kind, same family, and each recommended worker count as fast as the other's recommendation within the measured spread. */
export function agree(adaptive: Report, thorough: Report): boolean {
  const a = adaptive.verdict.best;
  const t = thorough.verdict.best;
  if (adaptive.verdict.kind !== thorough.verdict.kind) return false;
  if (!a || !t) return a === t;
  if (EXECUTORS[a.executor].family !== EXECUTORS[t.executor].family) return false;
  if (a.workers === t.workers) return true;
  // The other report's run at this recommendation's count: within the noise of its own best.
  const overlaps = (report: Report, workers: number): boolean => {
    const best = speedupRange(report, bestRun(report));
    const same = report.runs.filter((run) => EXECUTORS[run.executor].family === EXECUTORS[a.executor].family && run.workers === workers);
    return same.some((run) => {
      const range = speedupRange(report, run);
      return range !== null && best !== null && range[1] >= best[0];
    });
  };
  return overlaps(thorough, a.workers) || overlaps(adaptive, t.workers);
}

function describeBest(report: Report): string {
  const best = report.verdict.best;
  return `${report.verdict.kind} ${best ? `${best.executor}${best.startMethod ? `/${best.startMethod}` : ''} × ${best.workers}` : '—'}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, only: { type: 'string' }, 'no-thorough': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } } });
  const runs = Math.max(1, Number(values.runs));
  const only = values.only?.split(',');
  const cases = CASES.filter((testCase) => !only || only.some((word) => testCase.name.includes(word)))
    .filter((testCase) => !testCase.args?.includes(SYSTEM_PYTHON) || existsSync(SYSTEM_PYTHON));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-ttv-'));
  let agreeing = 0;
  let compared = 0;
  console.log(`Time to verdict, default settings, ${runs} run(s) each; ratio = CLI wall ÷ serial wall of the same report`);
  console.log(['case', 'serial', 'adaptive', 'ratio', 'thorough', 'ratio', 'adaptive verdict', 'thorough verdict', 'agree'].map((cell, i) => `${cell.padEnd(i === 0 ? 36 : i >= 6 ? 30 : 10)} `).join(''));
  try {
    for (const testCase of cases) {
      const adaptive: Profiled[] = [];
      const thorough: Profiled[] = [];
      for (let index = 0; index < runs; index += 1) {
        adaptive.push(profileOnce(testCase, [], dir));
        if (!values['no-thorough']) thorough.push(profileOnce(testCase, ['--thorough'], dir));
      }
      const serial = median(adaptive.map((run) => serialWall(run.report) ?? NaN));
      const adaptiveSeconds = median(adaptive.map((run) => run.seconds));
      const thoroughSeconds = thorough.length ? median(thorough.map((run) => run.seconds)) : NaN;
      const agreements = thorough.map((run, index) => agree(adaptive[index].report, run.report));
      agreeing += agreements.filter(Boolean).length;
      compared += agreements.length;
      console.log(
        [
          testCase.name,
          formatSeconds(serial),
          `${adaptiveSeconds.toFixed(1)} s`,
          ratioTo(adaptiveSeconds, serial),
          thorough.length ? `${thoroughSeconds.toFixed(1)} s` : '—',
          thorough.length ? ratioTo(thoroughSeconds, serial) : '—',
          [...new Set(adaptive.map((run) => describeBest(run.report)))].join(' | '),
          [...new Set(thorough.map((run) => describeBest(run.report)))].join(' | ') || '—',
          thorough.length ? `${agreements.filter(Boolean).length} of ${agreements.length}` : '—',
        ]
          .map((cell, i) => `${cell.padEnd(i === 0 ? 36 : i >= 6 ? 30 : 10)} `)
          .join(''),
      );
    }
    if (compared > 0) console.log(`\nAdaptive and thorough agree (same kind, same family, worker count within the noise): ${agreeing} of ${compared}`);
  } finally {
    if (values.keep) console.log(`Reports kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
