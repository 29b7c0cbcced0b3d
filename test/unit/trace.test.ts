import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toChromeTrace, type TraceEvent } from '../../src/shared/trace';
import { runLabel } from '../../src/shared/report';
import { syntheticReport } from './exportFixture';

function ofPhase<P extends TraceEvent['ph']>(events: TraceEvent[], ph: P): Extract<TraceEvent, { ph: P }>[] {
  return events.filter((event): event is Extract<TraceEvent, { ph: P }> => event.ph === ph);
}

describe('toChromeTrace', () => {
  test('survives a JSON round trip with no NaN, Infinity or negative time', () => {
    const trace = toChromeTrace(syntheticReport());
    const text = JSON.stringify(trace);
    assert.doesNotMatch(text, /NaN|Infinity|undefined/);
    const parsed = JSON.parse(text) as typeof trace;
    assert.equal(parsed.displayTimeUnit, 'ms');
    assert.ok(Array.isArray(parsed.traceEvents) && parsed.traceEvents.length > 0);
    for (const event of parsed.traceEvents) {
      assert.equal(typeof event.name, 'string');
      assert.ok(Number.isInteger(event.pid) && event.pid > 0);
      assert.ok(Number.isInteger(event.tid) && event.tid >= 0);
      assert.ok(Number.isFinite(event.ts) && event.ts >= 0, `${event.name} at ${event.ts}`);
      if (event.ph === 'X') assert.ok(Number.isFinite(event.dur) && event.dur >= 0);
    }
    assert.equal(parsed.metadata.verdict, 'cpu-bound');
  });

  test('names one process per configuration after its label', () => {
    const report = syntheticReport();
    const { traceEvents } = toChromeTrace(report);
    const names = ofPhase(traceEvents, 'M').filter((event) => event.name === 'process_name');
    assert.deepEqual(
      names.map((event) => [event.pid, event.args.name]),
      report.runs.map((run, index) => [index + 1, runLabel(run)]),
    );
  });

  test('puts every task on its worker track with its pid, thread and CPU time', () => {
    const report = syntheticReport();
    const { traceEvents } = toChromeTrace(report);
    const tasks = ofPhase(traceEvents, 'X').filter((event) => event.cat === 'task');
    assert.equal(tasks.length, report.runs.reduce((sum, run) => sum + run.tasks.length, 0));
    report.runs.forEach((run, index) => {
      const pid = index + 1;
      const threadNames = ofPhase(traceEvents, 'M').filter((event) => event.pid === pid && event.name === 'thread_name');
      for (const task of run.tasks) {
        const event = tasks.find((candidate) => candidate.pid === pid && candidate.args.index === task.index);
        assert.ok(event, `task ${task.index} of ${run.id}`);
        assert.equal(event.tid, task.worker + 1);
        assert.deepEqual(event.args, { index: task.index, pid: task.pid, thread: task.thread, cpuSeconds: task.cpuSeconds });
        assert.ok(Math.abs(event.dur - (task.end - task.start) * 1e6) < 0.01);
        assert.ok(threadNames.some((name) => name.tid === event.tid && name.args.name === `worker ${task.worker}`));
      }
    });
  });

  test('draws one counter track per core from the core samples, closed at the end', () => {
    const report = syntheticReport();
    const { traceEvents } = toChromeTrace(report);
    const counters = ofPhase(traceEvents, 'C');
    report.runs.forEach((run, index) => {
      const mine = counters.filter((event) => event.pid === index + 1);
      const cores = run.coreSamples.load[0]?.length ?? 0;
      const samples = run.coreSamples.t.length;
      assert.equal(mine.length, samples === 0 ? 0 : (samples + 1) * cores);
      for (let core = 0; core < cores; core++) {
        const track = mine.filter((event) => event.name === `core ${core}`);
        assert.deepEqual(
          track.slice(0, samples).map((event) => event.args.load),
          run.coreSamples.load.map((row) => row[core]),
        );
        assert.equal(track.at(-1)?.args.load, 0);
      }
    });
    assert.ok(counters.every((event) => event.args.load >= 0 && event.args.load <= 100));
  });

  test('lays configurations one after another without overlap', () => {
    const report = syntheticReport();
    const { traceEvents } = toChromeTrace(report);
    const spans = report.runs.map((_, index) => {
      const times = traceEvents
        .filter((event) => event.pid === index + 1 && event.ph !== 'M')
        .flatMap((event) => (event.ph === 'X' ? [event.ts, event.ts + event.dur] : [event.ts]));
      return times.length ? { from: Math.min(...times), to: Math.max(...times) } : null;
    });
    let end = -1;
    for (const span of spans) {
      if (!span) continue;
      assert.ok(span.from > end, `a run starting at ${span.from} overlaps one ending at ${end}`);
      end = span.to;
    }
  });

  test('marks a failed configuration with its error on the run track', () => {
    const report = syntheticReport();
    const index = report.runs.findIndex((run) => run.error?.kind === 'bootstrap');
    const { traceEvents } = toChromeTrace(report);
    const errors = ofPhase(traceEvents, 'i').filter((event) => event.pid === index + 1);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].name, 'error: bootstrap');
    assert.equal(errors[0].args.message, report.runs[index].error?.message);
  });

  test('keeps a task with no CPU time as null rather than NaN', () => {
    const report = syntheticReport();
    report.runs[0].tasks[0].cpuSeconds = null;
    report.runs[0].coreSamples.load[0][0] = Number.NaN;
    const text = JSON.stringify(toChromeTrace(report));
    assert.doesNotMatch(text, /NaN/);
    assert.match(text, /"cpuSeconds":null/);
  });
});
