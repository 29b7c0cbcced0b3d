// How the harness gives tasks their CPU seconds, run on the real python3 with scripted passes:
// serial's and threads' (parallel_profiler_worker's quick path) and processes' (the span buffer,
// run_sent and span_cpu). Each stretch of a thread's CPU between two readings goes to the tasks it
// ran, by duration, at most a task's duration, and a reading never lands on another pass's tasks.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const HARNESS_DIR = path.resolve(__dirname, '..', '..', 'src', 'runners', 'python');

/** Runs `body` with the harness's worker module imported as `w`; returns what it printed as JSON. */
function python<T>(body: string): T {
  const script = ['import json, sys, time', 'sys.path.insert(0, sys.argv[1])', 'import parallel_profiler_worker as w', body].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, HARNESS_DIR], { encoding: 'utf8', timeout: 30_000 })) as T;
}

// A task that waits `seconds` (long tasks read their thread's clock as they end).
const PASS = `
def one_pass(waits):
    me = w._get_ident()
    before = {me: time.thread_time()}
    results = [w.run_quick(index, seconds) for index, seconds in enumerate(waits)]
    after = {me: time.thread_time()}
    reads = w.take_quick_reads()
    outcomes = w.quick_outcomes(results, reads, {me: 7}, before, after)
    return [outcome.span[5] for outcome in outcomes], w.quick_cpu(before, after), [outcome.span[2] for outcome in outcomes]
`;

test("a reading taken in one pass is not taken for the next pass's, where the same task was short", () => {
  const [first, second] = python<[number[], number[]]>(`${PASS}
w.use_quick_tasks(time.sleep, 3)
first, _, _ = one_pass([0.0, 0.02, 0.0])
burn = time.thread_time()
while time.thread_time() - burn < 0.05:
    pass
second, _, _ = one_pass([0.0, 0.0, 0.0])
print(json.dumps([first, second]))`);
  assert.ok(first[1] < 0.005, `the task that waited 20 ms used ${first[1]} s of CPU`);
  // 50 ms computed between the passes: a leftover reading from the first pass would hand it to the second's tasks.
  for (const cpu of second) assert.ok(cpu >= 0 && cpu < 0.005, `a task of the second pass got ${cpu} s of CPU`);
});

test("the pass's CPU is its thread's over the pass, of which each task is given at most its duration, and each task is named by its thread's native id", () => {
  const [cpu, total, threads] = python<[number[], number, number[]]>(`${PASS}
def spin(seconds):
    began = time.thread_time()
    while time.thread_time() - began < seconds:
        pass
w.use_quick_tasks(spin, 4)
print(json.dumps(one_pass([0.0, 0.03, 0.0, 0.01])))`);
  const sum = cpu.reduce((a, b) => a + b, 0);
  assert.ok(sum <= total && sum >= 0.95 * total, `tasks ${sum} s, thread ${total} s`);
  assert.ok(cpu[1] >= 0.029 && cpu[3] >= 0.0095, `the computing tasks got ${cpu[1]} s and ${cpu[3]} s`);
  assert.deepEqual(threads, [7, 7, 7, 7]);
});

test('tasks that hand off more CPU than they run get their durations, the hand-off going to none of them', () => {
  const [cpu, total, durations] = python<[number[], number, number[]]>(`
w.use_quick_tasks(abs, 50)
me = w._get_ident()
before = {me: time.thread_time()}
results = []
for index in range(50):
    results.append(w.run_quick(index, -index))
    burn = time.thread_time()
    while time.thread_time() - burn < 0.0002:
        pass
after = {me: time.thread_time()}
outcomes = w.quick_outcomes(results, w.take_quick_reads(), {me: 7}, before, after)
print(json.dumps([[o.span[5] for o in outcomes], w.quick_cpu(before, after), [o.span[4] - o.span[3] for o in outcomes]]))`);
  cpu.forEach((seconds, index) => assert.ok(Math.abs(seconds - durations[index]) < 1e-12, `task ${index}: ${seconds} s of CPU in ${durations[index]} s`));
  assert.ok(total >= 0.01, `the thread computed 10 ms between the tasks: ${total} s`);
});

test('a thread without a clock reading leaves its tasks\' CPU unknown, and the pass\'s too', () => {
  const [cpu, total] = python<[(number | null)[], number | null]>(`
w.use_quick_tasks(abs, 2)
results = [w.run_quick(0, -1), w.run_quick(1, -2)]
reads = w.take_quick_reads()
outcomes = w.quick_outcomes(results, reads, {}, {}, {})
print(json.dumps([[o.span[5] for o in outcomes], w.quick_cpu({}, {})]))`);
  assert.deepEqual(cpu, [null, null]);
  assert.equal(total, null);
});

// The span buffer's path in one thread, as a process pool's worker runs it: `waits` in seconds,
// negative for computing that long; returns each task's CPU and the pass's CPU (span_check).
const BUFFER = `
from array import array
def task(seconds):
    if seconds >= 0:
        time.sleep(seconds)
        return 0
    began = time.thread_time()
    while time.thread_time() - began < -seconds:
        pass
    return 1
def buffer_pass(spans, waits):
    results = [w.run_sent(index, seconds) for index, seconds in enumerate(waits)]
    failure, total = w.span_check(results, spans)
    return [outcome.span[5] for outcome in w.span_outcomes(results, spans)], total
`;

test("on the span buffer's path, the CPU before a pass (the last pass's tail) is not put on the next pass's first task", () => {
  const [first, second] = python<[[number[], number], [number[], number]]>(`${BUFFER}
spans = array('d', bytes(8 * w.SPAN_FIELDS * 10))
w.use_tasks(task, spans)
# Pass 1 ends with 0.8 ms of computing tasks too short to read the clock: its tail, read by no one.
first = buffer_pass(spans, [0.002] + [-0.00009] * 9)
time.sleep(0.01)
# Pass 2 begins with a wait.
second = buffer_pass(spans, [0.001] + [-0.00009] * 9)
print(json.dumps([first, second]))`);
  assert.ok(second[0][0] < 0.3 * 0.001, `the waiting first task of pass 2 got ${second[0][0]} s of CPU`);
  for (const [cpu, total] of [first, second]) assert.ok(total >= 0 && cpu.every((seconds) => seconds === null || seconds >= 0), JSON.stringify([cpu, total]));
});

test("on the span buffer's path, a waiting task and a computing one of 0.5 ms read as such, and tasks after their thread's last reading get its last stretch's share", () => {
  const [cpu] = python<[number[], number]>(`${BUFFER}
spans = array('d', bytes(8 * w.SPAN_FIELDS * 8))
w.use_tasks(task, spans)
print(json.dumps(buffer_pass(spans, [0.0005, -0.0005] * 3 + [-0.00002, -0.00002])))`);
  for (let index = 0; index < 6; index++) {
    if (index % 2 === 0) assert.ok(cpu[index] < 0.0002, `waiting task ${index}: ${cpu[index]} s`);
    else assert.ok(cpu[index] >= 0.0004, `computing task ${index}: ${cpu[index]} s`);
  }
  assert.ok(cpu[6] !== null && cpu[7] !== null, 'the tail tasks have a share');
});
