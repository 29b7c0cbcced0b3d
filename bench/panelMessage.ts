// How much the Results panel's webview is sent for a large report: the whole report against the
// lean state (no task spans, fetched one run at a time), with the time to serialize each. The
// report is shaped like js/small_tasks.mjs's: 12 configurations of 20,000 tasks.
// Run: node --import tsx bench/panelMessage.ts
import { performance } from 'node:perf_hooks';
import { leanState, runTasks } from '../src/extension/leanState';
import type { PanelState } from '../src/shared/messages';
import type { TaskSpan } from '../src/shared/report';
import { sampleReport, sampleRun } from '../test/unit/extension-fixtures';

const RUNS = 12;
const TASKS = 20_000;

function spans(): TaskSpan[] {
  return Array.from({ length: TASKS }, (_, index) => ({
    index, worker: index % 4, pid: 4242, thread: 140_000_000 + (index % 4), start: index * 1.2345e-5, end: index * 1.2345e-5 + 6.1e-8, cpuSeconds: 5.9e-8,
  }));
}

const runs = Array.from({ length: RUNS }, (_, index) => ({ ...sampleRun('worker_threads', null, index + 1, 0.1), id: `worker_threads/${index + 1}`, tasks: spans() }));
const report = sampleReport({ runs, best: null });
const state: PanelState = { kind: 'done', report, previous: null };

function measure(label: string, make: () => unknown): number {
  const began = performance.now();
  const text = JSON.stringify(make());
  const ms = performance.now() - began;
  console.log(`${label.padEnd(34)} ${(text.length / 1e6).toFixed(2).padStart(7)} MB  serialized in ${ms.toFixed(0)} ms`);
  return text.length;
}

const full = measure('whole report (before)', () => ({ type: 'state', state }));
const lean = measure('lean state (sent on open/reload)', () => ({ type: 'state', state: leanState(state) }));
measure('one run\'s spans (on selecting it)', () => ({ type: 'tasks', ...runTasks(state, 'worker_threads/1') }));
console.log(`lean state ÷ whole report: ${(lean / full).toFixed(4)}`);
