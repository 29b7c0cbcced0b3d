// Real reports for the webview tests: the engine itself profiles the bundled examples (and one
// broken fixture) with a short plan, so the panel is checked against what users actually get,
// beside the synthetic reports in test/fixtures/reports.
import path from 'node:path';
import { profile, type ProfileRequest } from '../../src/core/engine';
import { CoreSampler } from '../../src/core/sampler';
import { runnerFor } from '../../src/runners';
import type { Report } from '../../src/shared/report';
import { assertValidReport } from '../helpers/reportSchema';
import { ROOT } from './browser';

export interface EngineCase {
  name: string;
  /** Relative to the repository root. */
  file: string;
  functionName: string;
  /** undefined keeps the script's PROFILE_INPUTS. */
  inputs?: string;
}

/** One example per verdict a user meets, in each language, and a function that fails everywhere. */
export const ENGINE_CASES: EngineCase[] = [
  { name: 'primes.py count_primes', file: 'examples/primes.py', functionName: 'count_primes', inputs: '[30_000] * 4' },
  { name: 'sleepy_requests.py fetch', file: 'examples/sleepy_requests.py', functionName: 'fetch', inputs: 'range(8)' },
  { name: 'tiny_tasks.py square', file: 'examples/tiny_tasks.py', functionName: 'square', inputs: 'range(3_000)' },
  { name: 'js/cpu_loop.js countPrimes', file: 'examples/js/cpu_loop.js', functionName: 'countPrimes', inputs: 'Array(4).fill(100_000)' },
  { name: 'ts/wait.ts fetchRecord', file: 'examples/ts/wait.ts', functionName: 'fetchRecord' },
  { name: 'raises.py fails_on_odd (fails everywhere)', file: 'test/fixtures/python/raises.py', functionName: 'fails_on_odd', inputs: 'range(1, 6, 2)' },
];

/** Profiles one case with two worker counts and one repeat: enough for every chart and table. */
export async function engineReport(each: EngineCase): Promise<Report> {
  const file = path.join(ROOT, each.file);
  const request: ProfileRequest = {
    file,
    functionName: each.functionName,
    cwd: path.dirname(file),
    inputs: each.inputs,
    workers: [1, 2],
    repeat: 1,
    timeoutSeconds: 60,
  };
  const sampler = new CoreSampler();
  try {
    const report = await profile(request, { signal: new AbortController().signal, sampler, runnerFor });
    assertValidReport(report, `the engine's report of ${each.name}`);
    return report;
  } finally {
    sampler.dispose();
  }
}
