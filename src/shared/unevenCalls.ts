// How far the calls' own durations let a pool of workers spread them: a pool hands each next input
// to the first worker free (executor.map, Pool.map with chunks of one, a worker pool), so a long call
// given last runs alone while the other workers sit idle, and no number of cores finishes before
// the longest call. Read from serial's calls, one after another on one core: the work each input is.
//
// Why: five calls of 45 ms and one of 450 ms given last on 2 workers cannot finish before 540 ms,
// 1.25× at most, where 2 cores "allow" 2×. Processes measured 1.19–1.26× and the verdict read the
// work as not scaling ("start-up and data transfer may cost as much as the work", stay serial); the
// same inputs given longest first finished with the longest call, 1.58×.
//
// The figures are in serial's wall, as speedups are: the calls' time is scaled up by the time serial
// spent between them (the harness's own loop), so "at most" is said of what a timing could read.

import type { TaskSpan } from './report';

export interface CallSpread {
  /** Workers the calls are spread over. */
  workers: number;
  /** The most any pool of `workers` can gain on these calls in the order given: serial's wall over
   * the time the first-free-worker schedule needs (scaled to serial's wall). */
  inOrder: number;
  /** The same with the calls given longest first. */
  longestFirst: number;
  /** The longest call: its input's index, its seconds, and its share of all the calls' time. */
  longestIndex: number;
  longestSeconds: number;
  longestShare: number;
  /** The calls' time in all (scaled to serial's wall), and how many there are. */
  totalSeconds: number;
  calls: number;
}

/** Seconds until the last call ends when each call in turn goes to the first worker free. */
export function scheduleSeconds(durations: readonly number[], workers: number): number {
  const lanes = Math.max(1, Math.floor(workers));
  // A binary min-heap of the workers' free times: 100,000 calls on 512 workers stay cheap.
  const heap: number[] = [];
  let end = 0;
  for (const duration of durations) {
    if (heap.length < lanes) {
      heap.push(0);
      siftUp(heap, heap.length - 1);
    }
    const start = heap[0];
    const finish = start + Math.max(0, duration);
    heap[0] = finish;
    siftDown(heap, 0);
    if (finish > end) end = finish;
  }
  return end;
}

function siftUp(heap: number[], index: number): void {
  let child = index;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (heap[parent] <= heap[child]) return;
    [heap[parent], heap[child]] = [heap[child], heap[parent]];
    child = parent;
  }
}

function siftDown(heap: number[], index: number): void {
  let parent = index;
  for (;;) {
    const left = 2 * parent + 1;
    const right = left + 1;
    let smallest = parent;
    if (left < heap.length && heap[left] < heap[smallest]) smallest = left;
    if (right < heap.length && heap[right] < heap[smallest]) smallest = right;
    if (smallest === parent) return;
    [heap[parent], heap[smallest]] = [heap[smallest], heap[parent]];
    parent = smallest;
  }
}

/** The calls' spread over `workers`, from serial's spans (in the order the inputs were given) and
 * its wall (the spans' time is scaled up to it; without one, the spans' own sum), or null with
 * fewer than two spans, spans that add up to no time, or no worker. */
export function callSpread(tasks: readonly Pick<TaskSpan, 'index' | 'start' | 'end'>[], workers: number, wallSeconds?: number | null): CallSpread | null {
  const calls = [...tasks].filter((task) => Number.isFinite(task.start) && Number.isFinite(task.end)).sort((a, b) => a.index - b.index);
  const spans = calls.map((task) => Math.max(0, task.end - task.start));
  const sum = spans.reduce((total, each) => total + each, 0);
  if (spans.length < 2 || !(sum > 0) || workers < 1) return null;
  const scale = typeof wallSeconds === 'number' && wallSeconds > sum ? wallSeconds / sum : 1;
  const durations = spans.map((each) => each * scale);
  const total = sum * scale;
  let at = 0;
  durations.forEach((each, position) => {
    if (each > durations[at]) at = position;
  });
  const longest = durations[at];
  return {
    workers,
    longestIndex: calls[at].index,
    inOrder: total / scheduleSeconds(durations, workers),
    longestFirst: total / scheduleSeconds([...durations].sort((a, b) => b - a), workers),
    longestSeconds: longest,
    longestShare: longest / total,
    totalSeconds: total,
    calls: durations.length,
  };
}

/** Calls whose order alone keeps their workers a fifth or more short of their count (or of the
 * calls', when fewer): the order, not the cores, is what caps a gain. */
export const ORDER_SHORT = 0.8;

/** The workers these calls could keep busy at once: the workers, or the calls when fewer. */
export function lanesOf(spread: CallSpread): number {
  return Math.min(spread.workers, spread.calls);
}

/** Whether the calls' order caps what their workers could gain (ORDER_SHORT). */
export function orderCaps(spread: CallSpread | null): spread is CallSpread {
  return spread !== null && lanesOf(spread) >= 2 && spread.inOrder < ORDER_SHORT * lanesOf(spread);
}

/** The share of the extra lanes (workers, or calls when fewer, less one) these calls can use in the
 * order given: 1 when they spread evenly over them, 0 when one call is all of the work. */
export function spreadReach(spread: CallSpread | null): number {
  if (!spread || lanesOf(spread) < 2) return 1;
  return Math.min(1, Math.max(0, (spread.inOrder - 1) / (lanesOf(spread) - 1)));
}
