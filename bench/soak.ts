// `npm run soak`: the long runs that CI only samples. (1) 50 profiles in a row through the
// extension's own modules in one host process, printing the curve of heap, handles, timers, child
// processes and store size; (2) 1,000,000 tiny inputs through the CLI, printing the host's peak
// memory, the time and the report's size on disk; (3) a synthetic report of 100,000 task spans
// through the span limit and the report store. The last line is a one-line summary.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limitTaskSpans } from '../src/core/spanLimit';
import { ReportStore } from '../src/core/reportStore';
import type { Report } from '../src/shared/report';
import { sampleReport, sampleRun } from '../test/unit/extension-fixtures';
import { formatSample, runSoak } from '../test/helpers/soak';

const PROFILES = Number(process.env.PP_SOAK_PROFILES ?? 50);
const INPUTS = Number(process.env.PP_SOAK_INPUTS ?? 1_000_000);
const ROOT = path.resolve(__dirname, '..');

function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function soak(): Promise<string> {
  console.log(`== ${PROFILES} profiles in one extension host (Python and JavaScript alternating)`);
  const result = await runSoak(PROFILES, (sample) => console.log(formatSample(sample)));
  const settled = result.samples.slice(Math.min(5, result.samples.length - 1));
  const heapSlope = slope(settled.map((s) => ({ x: s.profile, y: s.heapMB * 1024 })));
  const maxChildren = Math.max(...result.samples.map((s) => s.children)) - result.before.children;
  const handlesFlat = settled.every((s) => JSON.stringify(s.resources) === JSON.stringify(settled[0].resources));
  const heaps = result.samples.map((s) => s.heapMB);
  console.log(`heap after profile 5: ${settled[0].heapMB.toFixed(1)} MB, after ${PROFILES}: ${heaps[heaps.length - 1].toFixed(1)} MB; slope after 5: ${heapSlope.toFixed(1)} kB/profile`);
  console.log(`handles flat after 5: ${handlesFlat}; timers between profiles: max ${Math.max(...result.samples.map((s) => s.timers))}; children left: max ${maxChildren}; after deactivate: ${JSON.stringify(result.after.resources)}`);
  console.log(`store: largest folder ${result.largestStoreFolder} files (limit ${result.keep} + summary), ${result.samples[result.samples.length - 1].storeMB.toFixed(2)} MB`);
  return `soak ${PROFILES} profiles in ${result.samples[result.samples.length - 1].seconds.toFixed(0)} s: heap ${settled[0].heapMB.toFixed(1)}→${heaps[heaps.length - 1].toFixed(1)} MB (${heapSlope.toFixed(0)} kB/profile), handles ${handlesFlat ? 'flat' : 'GROWING'}, children left ${maxChildren}, store ≤ ${result.largestStoreFolder} files/function`;
}

function millionInputs(): string {
  console.log(`\n== ${INPUTS.toLocaleString('en')} tiny inputs through the CLI (thread × 2, one repeat)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-million-'));
  try {
    const script = path.join(dir, 'tiny.py');
    writeFileSync(script, 'def tiny(x):\n    return x + 1\n');
    const json = path.join(dir, 'report.json');
    const started = performance.now();
    const run = spawnSync('/usr/bin/time', ['-f', 'PEAK_RSS_KB %M', process.execPath, path.join(ROOT, 'bin', 'parallel-profiler.js'), 'profile', script, '--function', 'tiny', '--inputs', `range(${INPUTS})`, '--executors', 'thread', '--workers', '2', '--repeat', '1', '--timeout', '900', '--json', json], {
      encoding: 'utf8',
      env: { ...process.env, PARALLEL_PROFILER_LOCK_DIR: path.join(dir, 'lock') },
      maxBuffer: 64 * 2 ** 20,
    });
    const seconds = (performance.now() - started) / 1000;
    const peak = Number(/PEAK_RSS_KB (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1024;
    if (run.status !== 0) throw new Error(`the CLI exited ${run.status}: ${run.stderr.slice(-2000)}`);
    const bytes = statSync(json).size;
    console.log(run.stdout.split('\n').slice(5, 10).join('\n'));
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    for (const each of report.runs) {
      console.log(`${each.id}: wall ${each.wallSeconds?.toFixed(1) ?? '-'} s, ${each.tasksSummary?.count ?? each.tasks.length} tasks (${each.tasks.length} kept)${each.error ? `, ${each.error.kind}: ${each.error.message}` : ''}`);
    }
    console.log(`verdict: ${report.verdict.kind}`);
    console.log(`host peak RSS ${peak.toFixed(0)} MB; ${seconds.toFixed(1)} s; report ${(bytes / 2 ** 20).toFixed(1)} MB`);
    return `1M inputs: peak ${peak.toFixed(0)} MB, ${seconds.toFixed(0)} s, report ${(bytes / 2 ** 20).toFixed(1)} MB`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bigSpans(): Promise<string> {
  console.log('\n== a report of 100,000 task spans in one run through the span limit and the store');
  const run = sampleRun('thread', null, 8, 3);
  run.tasks = Array.from({ length: 100_000 }, (_, index) => ({ index, worker: index % 8, pid: 1234, thread: 5678 + (index % 8), start: index * 1e-4, end: index * 1e-4 + 7e-4, cpuSeconds: 6e-4 }));
  const report = sampleReport({ runs: [sampleRun('serial', null, 1, 1), run], best: null });
  const full = Buffer.byteLength(JSON.stringify(report));
  const started = performance.now();
  const limited = limitTaskSpans(report);
  const limitMs = performance.now() - started;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-spans-'));
  try {
    const saved = await new ReportStore(dir).save(limited);
    const bytes = statSync(saved).size;
    console.log(`unlimited ${(full / 2 ** 20).toFixed(1)} MB → stored ${(bytes / 2 ** 20).toFixed(2)} MB (${limited.runs[1].tasks.length} of 100,000 spans kept, limit in ${limitMs.toFixed(0)} ms)`);
    return `100k spans: ${(full / 2 ** 20).toFixed(1)}→${(bytes / 2 ** 20).toFixed(2)} MB`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // PP_SOAK_PROFILES=0 skips the soak, PP_SOAK_INPUTS=0 the large run.
  const lines = [PROFILES > 0 ? await soak() : null, INPUTS > 0 ? millionInputs() : null, await bigSpans()].filter((line) => line !== null);
  console.log(`\n${lines.join(' | ')}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
