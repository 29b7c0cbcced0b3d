// The JavaScript/TypeScript runner with the real node: probing .js/.mjs/.cjs/.ts modules, every
// executor's task spans, and each way a user's function can fail, with nothing left running.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { ConfigOutcome, Target } from '../../src/shared/runner';
import { pidsWithMarker } from '../../src/system/processTree';
import type { NodeExecutor } from '../../src/shared/report';
import { fixtureFolder, nodeRunner, nodeTarget, runNode } from '../helpers/nodeFixtures';
import { withNoLeftovers } from '../helpers/processWatch';
import { expectError, expectProfileError, lineOf, never } from '../helpers/runnerChecks';

const ROOT = path.resolve(__dirname, '../..');
const LIMIT = { timeout: 60_000 };

const WORK_MJS = `// Fixture: one function per behaviour under test.
export function double(x) {
  return x * 2;
}
export async function later(x) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return x;
}
export function fails(x) {
  if (x === 3) throw new RangeError('input three is not allowed'); // THROWS
  return x;
}
export function quits(x) {
  process.exit(7);
}
export function hangs(x) {
  for (;;) {}
}
export function rejectsLater(x) {
  Promise.reject(new Error('nobody awaits me'));
  return x;
}
export function givesFunction(x) {
  return () => x;
}
export function throwsFromTimer(x) {
  setTimeout(() => {
    throw new TypeError(\`timer for \${x} went off\`); // TIMER THROWS
  }, 1);
  return new Promise((resolve) => setTimeout(resolve, 200));
}
export function talks(x) {
  for (let line = 0; line < 200; line++) console.log(\`input \${x} line \${line}\`);
  return x;
}
export const noParameters = () => 1;
export const SIZE = 3;
export const PROFILE_INPUTS = [1, 2, 3, 4, 5, 6];
`;

const COMMONJS_JS = `// Fixture: CommonJS with module.exports.
function triple(n) {
  return n * 3;
}
module.exports = { triple, PROFILE_INPUTS: [1, 2, 3] };
`;

const EXPORTS_CJS = `// Fixture: .cjs with exports.NAME.
exports.negate = function (n) {
  return -n;
};
exports.PROFILE_INPUTS = new Set([4, 5]);
`;

const ESM_IN_COMMONJS_FOLDER_JS = `// Fixture: ES module syntax in a .js file of a folder without "type": "module".
import { offset } from './offset.js';
export function shift(n) {
  return n + offset;
}
export const PROFILE_INPUTS = [7, 8];
`;

const TYPED_TS = `// Fixture: TypeScript with a relative import and a type error.
import { scale } from './scale';

const wrong: number = 'not a number';

export function scaled(value: number): number {
  return scale(value);
}

export function failsTyped(value: number): number {
  if (value > 1) {
    throw new Error(\`value \${value} is too big\`); // TS THROWS
  }
  return value;
}

export const PROFILE_INPUTS: number[] = [1, 2, 3];
`;

const BROKEN_TS = `// Fixture: a syntax error on line 4.
export function ok(x: number): number {
  return x;
  const = 5;
}
`;

const dir = fixtureFolder('pp-node-runner-', {
  'work.mjs': WORK_MJS,
  'commonjs.js': COMMONJS_JS,
  'exports.cjs': EXPORTS_CJS,
  'esm.js': ESM_IN_COMMONJS_FOLDER_JS,
  'offset.js': 'export const offset = 100;\n',
  'typed.ts': TYPED_TS,
  'scale.ts': 'export function scale(value: number): number {\n  return value * 10;\n}\n',
  'broken.ts': BROKEN_TS,
  'package.json': '{ "name": "fixtures", "private": true }\n',
});
const runner = nodeRunner();

function target(file: string, functionName: string, inputs?: string): Target {
  return nodeTarget(dir.file(file), functionName, inputs);
}

/** Two repeats: the spans and the output come from a run that repeated. */
function run(t: Target, executor: NodeExecutor, more: { timeoutSeconds?: number } = {}, using = runner): Promise<ConfigOutcome> {
  return runNode(using, t, executor, { repeat: 2, ...more });
}

describe('probing a module', () => {
  const cases = [
    { file: 'work.mjs', fn: 'double', functions: ['double', 'later', 'fails', 'quits', 'hangs', 'rejectsLater', 'givesFunction', 'throwsFromTimer', 'talks'], count: 6 },
    { file: 'commonjs.js', fn: 'triple', functions: ['triple'], count: 3 },
    { file: 'exports.cjs', fn: 'negate', functions: ['negate'], count: 2 },
    { file: 'esm.js', fn: 'shift', functions: ['shift'], count: 2 },
    { file: 'typed.ts', fn: 'scaled', functions: ['scaled', 'failsTyped'], count: 3 },
  ];
  for (const { file, fn, functions, count } of cases) {
    test(`lists the exported functions that take an argument, with lines, and counts PROFILE_INPUTS of ${file}`, LIMIT, async () => {
      const probe = await runner.probe(target(file, fn), never());
      assert.deepEqual(probe.functions.map((each) => each.name), functions);
      const first = probe.functions[0];
      const source = readFileSync(dir.file(file), 'utf8');
      assert.equal(source.split('\n')[first.line - 1].includes(first.name), true, `line ${first.line} names ${first.name}`);
      assert.deepEqual(probe.inputs, { expression: 'PROFILE_INPUTS', count });
      assert.deepEqual(probe.executors.map((each) => each.executor), ['serial', 'async', 'worker_threads', 'child_process']);
      assert.equal(probe.runtime.implementation, 'node');
      assert.equal(probe.runtime.version, process.versions.node);
      assert.deepEqual(probe.preflight, []);
    });
  }

  test('evaluates an inputs expression with the module exports in scope', LIMIT, async () => {
    const probe = await runner.probe(target('work.mjs', 'double', 'Array.from({ length: SIZE * 4 }, (_, i) => double(i))'), never());
    assert.deepEqual(probe.inputs, { expression: 'Array.from({ length: SIZE * 4 }, (_, i) => double(i))', count: 12 });
  });

  test('refuses an unknown function with a usage error that lists the exported ones', LIMIT, async () => {
    const error = await expectProfileError(runner.probe(target('work.mjs', 'tripple'), never()), 'usage');
    assert.match(error.message, /tripple/);
    assert.match(error.message, /double, later, fails/);
    assert.doesNotMatch(error.message, /noParameters/);
  });

  test('reports a syntax error as an import error with its file and line', LIMIT, async () => {
    const error = await expectProfileError(runner.probe(target('broken.ts', 'ok'), never()), 'import');
    assert.equal(error.detail?.file, dir.file('broken.ts'));
    assert.equal(error.detail?.line, 4);
    assert.match(error.message, /broken\.ts:4:/);
  });

  test('reports inputs that are not iterable as an inputs error', LIMIT, async () => {
    const error = await expectProfileError(runner.probe(target('work.mjs', 'double', 'SIZE'), never()), 'inputs');
    assert.match(error.message, /not a list or other iterable/);
  });

  test('refuses worker_threads and child_process before timing when an input cannot be cloned', LIMIT, async () => {
    const probe = await runner.probe(target('work.mjs', 'double', '[1, 2, () => 3]'), never());
    assert.deepEqual(probe.preflight.map((each) => [each.executor, each.error.kind]), [
      ['worker_threads', 'unpicklable'],
      ['child_process', 'unpicklable'],
    ]);
    assert.match(probe.preflight[0].error.message, /Input #2/);
  });
});

describe('running a configuration', () => {
  for (const executor of ['serial', 'async', 'worker_threads', 'child_process'] as const) {
    test(`${executor} returns a task span for every input on the shared monotonic clock`, LIMIT, async () => {
      const outcome = await run(target('work.mjs', 'later'), executor);
      assert.equal(outcome.error, null, outcome.error?.message);
      assert.equal(outcome.walls.length, 2);
      assert.deepEqual(outcome.tasks.map((task) => task.index).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5]);
      for (const task of outcome.tasks) assert.ok(task.start >= 0 && task.end >= task.start, `task ${task.index} has a span`);
      assert.ok(outcome.origin !== null && Math.abs(outcome.origin - Number(process.hrtime.bigint()) / 1e9) < 600, 'origin is on our hrtime clock');
      const pids = new Set(outcome.tasks.map((task) => task.pid));
      const threads = new Set(outcome.tasks.map((task) => `${task.pid}/${task.thread}`));
      const pooled = executor === 'worker_threads' || executor === 'child_process';
      assert.equal(outcome.startupSeconds === null, !pooled);
      assert.equal(outcome.argBytes === null, !pooled);
      if (executor === 'child_process') assert.equal(pids.size, 2, 'two worker processes ran the tasks');
      if (executor === 'worker_threads') assert.equal(threads.size, 2, 'two worker threads ran the tasks');
      if (executor === 'async') assert.ok(outcome.tasks.some((task) => task.worker === 1), 'two calls were in flight');
      const cpuKnown = executor === 'serial' || executor === 'child_process';
      assert.equal(outcome.tasks.every((task) => task.cpuSeconds !== null), cpuKnown);
    });
  }

  test("with calibration loops, serial's tasks' CPU is per pass as its wall is, never more than one thread's wall", LIMIT, async () => {
    // Prime counting of a few milliseconds a pass, 8 passes a timing: CPU summed over the passes
    // would be 8 walls. Tiny calls keep V8's collector and compiler threads busiest beside the calls
    // (the process read 150% of serial's wall): the calls' share of it is still at most their wall.
    const cases = [
      nodeTarget(path.join(ROOT, 'examples/js/cpu_loop.js'), 'countPrimes', 'Array(3).fill(30_000)'),
      nodeTarget(path.join(ROOT, 'examples/js/small_tasks.mjs'), 'square'),
    ];
    for (const each of cases) {
      const outcome = await runner.runConfig(each, { executor: 'serial', startMethod: null, workers: 1, repeat: 3, chunksize: null, timeoutSeconds: 30, loops: 8, loopSeconds: 60 }, never());
      assert.equal(outcome.error, null, outcome.error?.message);
      const keptWall = [...outcome.walls].sort((a, b) => a - b)[1];
      assert.equal(typeof outcome.taskCpuSeconds, 'number', "the harness reports the tasks' CPU per pass");
      const perPass = outcome.taskCpuSeconds as number;
      assert.ok(perPass > 0 && perPass <= keptWall * 1.05, `${each.functionName}: tasks' CPU ${perPass} s per pass against a ${keptWall} s wall`);
    }
  });

  test("counts child_process workers' memory with the harness's, read by the harness between timings", { ...LIMIT, skip: process.platform !== 'linux' && 'Linux only' }, async () => {
    const serial = await run(target('work.mjs', 'later'), 'serial');
    const children = await run(target('work.mjs', 'later'), 'child_process');
    assert.ok(serial.peakMemoryBytes && children.peakMemoryBytes, 'both measured');
    // Two more Node processes, each holding its own heap: well over one and a half times the harness alone.
    assert.ok(children.peakMemoryBytes > 1.5 * serial.peakMemoryBytes, `${children.peakMemoryBytes} against serial's ${serial.peakMemoryBytes}`);
  });

  test('captures every line worker threads print, none lost when the pool stops', LIMIT, async () => {
    const outcome = await run(target('work.mjs', 'talks'), 'worker_threads');
    assert.equal(outcome.error, null, outcome.error?.message);
    const lines = outcome.output.stdout.split('\n').filter((line) => line.startsWith('input '));
    assert.equal(lines.length, 6 * 200 * 2, 'two repeats of six inputs, 200 lines each');
  });

  test('runs TypeScript that has a type error, through its relative import', LIMIT, async () => {
    const outcome = await run(target('typed.ts', 'scaled'), 'worker_threads');
    assert.equal(outcome.error, null, outcome.error?.message);
    assert.equal(outcome.tasks.length, 3);
  });
});

describe('failures of the function', () => {
  test('reports a thrown error as an exception at the user file and line', LIMIT, async () => {
    for (const executor of ['serial', 'worker_threads', 'child_process'] as const) {
      const error = expectError(await run(target('work.mjs', 'fails'), executor), 'exception');
      assert.match(error.message, /RangeError: input three is not allowed on input #2/, executor);
      assert.equal(error.file, dir.file('work.mjs'), executor);
      assert.equal(error.line, lineOf(WORK_MJS, '// THROWS'), executor);
      assert.match(error.traceback ?? '', /work\.mjs:\d+/, executor);
      assert.doesNotMatch(error.traceback ?? '', /node-(harness|common|pools)\.mjs/, `${executor}: harness frames are hidden`);
    }
  });

  test('maps a TypeScript stack trace back to the .ts line', LIMIT, async () => {
    const error = expectError(await run(target('typed.ts', 'failsTyped'), 'child_process'), 'exception');
    assert.equal(error.file, dir.file('typed.ts'));
    assert.equal(error.line, lineOf(TYPED_TS, '// TS THROWS'));
  });

  test('reports process.exit in a worker as worker-crashed with its exit code', LIMIT, async () => {
    for (const executor of ['worker_threads', 'child_process'] as const) {
      const error = expectError(await run(target('work.mjs', 'quits'), executor), 'worker-crashed');
      assert.equal(error.exitCode, 7, executor);
    }
  });

  test('reports process.exit on the main thread as exit', LIMIT, async () => {
    const error = expectError(await run(target('work.mjs', 'quits'), 'serial'), 'exit');
    assert.equal(error.exitCode, 7);
  });

  test('reports an unhandled rejection as an exception', LIMIT, async () => {
    const error = expectError(await run(target('work.mjs', 'rejectsLater'), 'async'), 'exception');
    assert.match(error.message, /nobody awaits me/);
  });

  test('reports an error thrown from a timer inside a worker as an exception at its line', LIMIT, async () => {
    for (const executor of ['worker_threads', 'child_process'] as const) {
      const error = expectError(await run(target('work.mjs', 'throwsFromTimer'), executor), 'exception');
      assert.match(error.message, /TypeError: timer for \d went off/, executor);
      assert.equal(error.line, lineOf(WORK_MJS, '// TIMER THROWS'), executor);
    }
  });

  test('reports a result that cannot come back from a worker as unpicklable', LIMIT, async () => {
    const error = expectError(await run(target('work.mjs', 'givesFunction'), 'child_process'), 'unpicklable');
    assert.match(error.message, /result of input #\d+/);
  });

  test('stops a hanging function at the timeout and leaves no process running', LIMIT, async () => {
    const markers: string[] = [];
    const watched = nodeRunner({ onHarnessStart: (_pid, marker) => markers.push(marker) });
    await withNoLeftovers(async () => {
      const error = expectError(await run(target('work.mjs', 'hangs'), 'child_process', { timeoutSeconds: 3 }, watched), 'timeout');
      assert.match(error.message, /3 s/);
    });
    assert.equal(markers.length, 1);
    assert.deepEqual(pidsWithMarker(markers[0]), []);
  });

  test('reports a syntax error found at run time as an import error', LIMIT, async () => {
    const error = expectError(await run(target('broken.ts', 'ok'), 'serial'), 'import');
    assert.equal(error.line, 4);
  });
});

describe('the examples', () => {
  test('wait.ts imports its typed helper and profiles with a short inputs expression', LIMIT, async () => {
    const file = path.join(ROOT, 'examples/ts/wait.ts');
    const example: Target = { file, functionName: 'fetchRecord', language: 'typescript', cwd: ROOT, inputs: '[1, 2]' };
    const probe = await runner.probe(example, never());
    assert.equal(probe.inputs.count, 2);
    const outcome = await runNode(runner, example, 'async');
    assert.equal(outcome.error, null, outcome.error?.message);
    assert.equal(outcome.tasks.length, 2);
  });
});
