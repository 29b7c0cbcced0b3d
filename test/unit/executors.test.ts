// The executor table is the one description of every executor: these pin that the lists derived
// from it (the setting's enum, the CLI help, the plan's order, the verdict's ranking) cannot drift.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { EXECUTOR_NAMES, EXECUTORS, executorsFor, isExecutor } from '../../src/shared/executors';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the executor table', () => {
  test('the parallelProfiler.executors setting offers exactly the executors of the table', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const offered: string[] = manifest.contributes.configuration.properties['parallelProfiler.executors'].items.enum;
    assert.deepEqual([...offered].sort(), [...EXECUTOR_NAMES].sort());
  });

  test('the CLI help lists every parallel executor under its language', () => {
    const help = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--help'], { encoding: 'utf8' });
    const listed = (label: string) => new RegExp(`${label}: ([\\w,-]+)`).exec(help)?.[1].split(',') ?? [];
    assert.deepEqual(listed('Python'), executorsFor('python').filter((name) => name !== 'serial'));
    assert.deepEqual(listed('JavaScript/TypeScript'), executorsFor('javascript').filter((name) => name !== 'serial'));
  });

  test('ranks are a strict order: no two executors share a simplicity or a place in the plan, and serial comes first', () => {
    const simplicity = EXECUTOR_NAMES.map((name) => EXECUTORS[name].simplicity);
    const planOrder = EXECUTOR_NAMES.map((name) => EXECUTORS[name].planOrder);
    assert.equal(new Set(simplicity).size, EXECUTOR_NAMES.length);
    assert.equal(new Set(planOrder).size, EXECUTOR_NAMES.length);
    assert.equal(Math.min(...simplicity), EXECUTORS.serial.simplicity);
    assert.equal(Math.min(...planOrder), EXECUTORS.serial.planOrder);
  });

  test('facts agree with each other: out-of-process workers get copies, threads share memory, start methods belong to processes', () => {
    for (const name of EXECUTOR_NAMES) {
      const facts = EXECUTORS[name];
      if (facts.outOfProcess) assert.ok(facts.copiesData, `${name} runs out of process, so it copies data`);
      if (facts.family !== 'processes') assert.equal(facts.copiesData, false, `${name} shares memory`);
      if (facts.hasStartMethod) assert.equal(facts.outOfProcess, true, `${name} has a start method, so it starts processes`);
      assert.ok(facts.words && facts.api && facts.description, `${name} has its words`);
    }
  });

  test('subinterpreters copy each task\'s data like processes, although they run inside the harness process', () => {
    assert.equal(EXECUTORS.interpreter.copiesData, true);
    assert.equal(EXECUTORS.interpreter.outOfProcess, false);
  });

  test('each language offers serial and its own executors only', () => {
    assert.deepEqual(executorsFor('javascript'), ['serial', 'async', 'worker_threads', 'child_process']);
    assert.deepEqual(executorsFor('typescript'), executorsFor('javascript'));
    assert.ok(executorsFor('python').every((name) => EXECUTORS[name].language !== 'javascript'));
    assert.equal(isExecutor('thread'), true);
    assert.equal(isExecutor('toString'), false);
  });
});
