// How well the heatmap shows what a core did, for each way of sampling it: a child pinned to one
// core runs a known pattern of busy and idle stretches (5-60 ms, as a short run's tasks are), the
// sampler records its core every 10 ms, and every choice of interval and smoothing is compared with
// the pattern on the same 10 ms grid (what a reader sees at each moment). This chose
// RECORDING_INTERVAL_MS and RECORDING_WINDOW in src/core/sampler.ts.
// Run: node --import tsx bench/samplerResolution.ts [--seconds 4] [--rounds 3]

import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import { CoreSampler, smoothSamples, type CoreLoad } from '../src/core/sampler';
import { printTable } from './ratioTable';

const PATTERN = `
import json, random, sys, time
random.seed(int(sys.argv[2]))
end = time.monotonic() + float(sys.argv[1])
busy = []
while time.monotonic() < end:
    start = time.monotonic()
    stop = start + random.uniform(0.005, 0.06)
    while time.monotonic() < stop:
        pass
    busy.append((start, time.monotonic()))
    time.sleep(random.uniform(0.005, 0.06))
print(json.dumps(busy))
`;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** Percent of [from, to] the pattern kept the core busy. */
function truth(busy: readonly [number, number][], from: number, to: number): number {
  let covered = 0;
  for (const [start, end] of busy) covered += Math.max(0, Math.min(end, to) - Math.max(start, from));
  return to > from ? (100 * covered) / (to - from) : 0;
}

/** Raw 10 ms samples summed into cells of `every` samples each: the load a slower sampler would read. */
function coarser(samples: readonly CoreLoad[], every: number): CoreLoad[] {
  const cells: CoreLoad[] = [];
  for (let at = every - 1; at < samples.length; at += every) {
    const group = samples.slice(at - every + 1, at + 1);
    const load = group[0].load.map((_, core) => group.reduce((sum, sample) => sum + sample.load[core], 0) / group.length);
    cells.push({ time: samples[at].time, load });
  }
  return cells;
}

interface Choice {
  name: string;
  intervalMs: number;
  show(raw: CoreLoad[]): CoreLoad[];
}

const choices: Choice[] = [
  ...[1, 3, 5, 7, 9].map((window) => ({
    name: window === 1 ? '10 ms, raw' : `10 ms, over ${window} readings (${window * 10} ms)`,
    intervalMs: 10,
    show: (raw: CoreLoad[]) => smoothSamples(raw, window, 0.01),
  })),
  ...[2, 3, 5, 10].map((every) => ({ name: `${every * 10} ms, raw`, intervalMs: every * 10, show: (raw: CoreLoad[]) => coarser(raw, every) })),
];

/** Mean and 90th percentile of |shown − true| over the 10 ms slots the recording covers. */
function errors(raw: readonly CoreLoad[], shown: readonly CoreLoad[], core: number, busy: readonly [number, number][]): number[] {
  const result: number[] = [];
  let cell = 0;
  for (let slot = 1; slot < raw.length; slot++) {
    const from = raw[slot - 1].time;
    const to = raw[slot].time;
    while (cell < shown.length - 1 && shown[cell].time < to - 1e-6) cell++;
    if (shown[cell].time < to - 1e-6) break;
    result.push(Math.abs(shown[cell].load[core] - truth(busy, from, to)));
  }
  return result;
}

async function recordPattern(python: string, seconds: number, seed: number, core: number): Promise<{ raw: CoreLoad[]; busy: [number, number][] }> {
  const sampler = new CoreSampler({ recordingIntervalMs: 10, recordingWindow: 1 });
  const recording = sampler.record();
  const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const [command, ...args] = pinned ? ['taskset', '-c', String(core), python] : [python];
  const child = spawn(command, [...args, '-c', PATTERN, String(seconds), String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  await new Promise((resolve) => child.on('close', resolve));
  const raw = recording.stop();
  sampler.dispose();
  return { raw, busy: JSON.parse(out) as [number, number][] };
}

async function main(): Promise<void> {
  const seconds = option('--seconds', 4);
  const rounds = option('--rounds', 3);
  const python = process.env.PYTHON ?? 'python3';
  const core = os.cpus().length - 1;
  console.log(`${os.cpus().length} logical cores; a pattern of 5-60 ms busy/idle stretches pinned to core ${core}, ${rounds} × ${seconds} s`);
  const all = new Map<Choice, number[]>(choices.map((choice) => [choice, []]));
  for (let round = 0; round < rounds; round++) {
    const { raw, busy } = await recordPattern(python, seconds, round + 1, core);
    for (const choice of choices) all.get(choice)?.push(...errors(raw, choice.show(raw), core, busy));
  }
  const rows = choices.map((choice) => {
    const values = [...(all.get(choice) ?? [])].sort((a, b) => a - b);
    const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    const p90 = values[Math.floor(values.length * 0.9)] ?? 0;
    return [choice.name, String(Math.floor(170 / choice.intervalMs)), mean.toFixed(1), p90.toFixed(1)];
  });
  printTable(['samples shown', 'cells in a 0.17 s run', 'mean |error| (points)', '90th pct |error|'], rows);
  console.log('error: the shown load of each 10 ms slot minus the share of it the pattern kept the core busy, in percentage points;\nother programs on that core add to every row alike.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
