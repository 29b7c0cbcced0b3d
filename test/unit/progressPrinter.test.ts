import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProgressPrinter, type Stream } from '../../src/core/progressPrinter';
import type { ProfileProgress } from '../../src/core/engine';
import { formatTable, formatVerdict } from '../../src/core/table';
import { ProgressClock } from '../../src/shared/progressText';
import type { Report, Run } from '../../src/shared/report';
import { syntheticReport } from './exportFixture';

class Capture implements Stream {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

/** A clock the test moves by hand. */
function manualClock(): { clock: ProgressClock; advance(seconds: number): void } {
  let now = 0;
  return { clock: new ProgressClock(() => now), advance: (seconds) => (now += seconds) };
}

function printerFor(report: Report, terminal: { out: boolean; err: boolean }, quiet = false) {
  const out = new Capture(terminal.out);
  const err = new Capture(terminal.err);
  const { clock, advance } = manualClock();
  const printer = new ProgressPrinter(out, err, {
    quiet,
    color: false,
    width: 100,
    target: { file: report.target.file, functionName: report.target.function, repeat: report.settings.repeat, plan: 'adaptive' },
    machine: report.machine,
    clock,
  });
  return { printer, out, err, advance };
}

/** The events a profile of `report` sends: probed, then for each run its start, end and the runs so far. */
function replay(report: Report, printer: ProgressPrinter, advance: (seconds: number) => void, runs: readonly Run[] = report.runs): void {
  const probe = {
    runtime: report.runtime,
    functions: [],
    inputs: report.target.inputs,
    executors: [...new Map(report.runs.map((run) => [run.executor + run.startMethod, { executor: run.executor, startMethod: run.startMethod }])).values()],
    preflight: [],
  };
  const steps: ProfileProgress[] = [{ type: 'probed', total: runs.length, probe }];
  runs.forEach((run, index) => {
    steps.push({ type: 'config-start', index, total: runs.length, label: `${run.executor} × ${run.workers}` });
    steps.push({ type: 'measured', runs: runs.slice(0, index + 1), elapsedSeconds: index + 1, leftSeconds: runs.length - index - 1 });
  });
  for (const step of steps) {
    printer.onProgress(step);
    advance(1);
  }
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]|\r/g;

function rowCount(text: string, run: Run): number {
  const pattern = new RegExp(`^[* ] ${run.executor}\\s+${run.startMethod ?? '—'}\\s+${run.workers}\\s`);
  return text.replace(ANSI, '').split('\n').filter((line) => pattern.test(line)).length;
}

describe('ProgressPrinter', () => {
  test('on a terminal prints the heading and each row as its configuration finishes, before the verdict', () => {
    const report = syntheticReport();
    const { printer, out, advance } = printerFor(report, { out: true, err: true });
    replay(report, printer, advance, report.runs.slice(0, 3));
    assert.match(out.text, /^Parallel profile of /);
    for (const run of report.runs.slice(0, 3)) assert.equal(rowCount(out.text, run), 1, run.id);
    assert.equal(rowCount(out.text, report.runs[3]), 0, 'a run not measured yet is not printed');
    assert.doesNotMatch(out.text, /Verdict:/);
  });

  test('on a terminal prints every row once and the verdict with the recommendation, never the table twice', () => {
    const report = syntheticReport();
    const { printer, out, advance } = printerFor(report, { out: true, err: true });
    replay(report, printer, advance);
    printer.finish(report);
    for (const run of report.runs) assert.equal(rowCount(out.text, run), 1, run.id);
    assert.equal(out.text.match(/Executor\s+Start\s+Workers/g)?.length, 1);
    assert.match(out.text, /\* recommended: pool \(fork\) × 4, speedup 3\.90× over serial/);
    assert.match(out.text, /Verdict: /);
    assert.ok(out.text.indexOf('* best:') < out.text.indexOf('Verdict: '));
  });

  test('reprints, marked, only the rows whose figures moved after they were printed', () => {
    const report = syntheticReport();
    const { printer, out, advance } = printerFor(report, { out: true, err: true });
    replay(report, printer, advance);
    // The serial baseline measured again: the final report's speedups differ from the printed ones.
    const moved = report.runs.find((run) => run.id === 'pool/fork/4');
    assert.ok(moved);
    moved.speedup = 3.5;
    printer.finish(report);
    const after = out.text.slice(out.text.indexOf('Changed since printed above'));
    assert.match(after, /^Changed since printed above \(one row\):\n\* pool\s+fork\s+4\s.*3\.50×/);
    assert.equal(rowCount(out.text, moved), 2);
  });

  test('prints at the end the rows that never had a progress event (cancelled, skipped)', () => {
    const report = syntheticReport();
    const { printer, out, advance } = printerFor(report, { out: true, err: true });
    replay(report, printer, advance, report.runs.slice(0, 4));
    printer.finish(report);
    for (const run of report.runs) assert.equal(rowCount(out.text, run), 1, run.id);
    assert.doesNotMatch(out.text, /Changed since printed above/);
  });

  test('draws a live line with the configuration running, elapsed and time left on stderr, and clears it at the end', () => {
    const report = syntheticReport();
    const { printer, err, advance } = printerFor(report, { out: true, err: true });
    replay(report, printer, advance, report.runs.slice(0, 2));
    const last = err.text.split('\r\x1b[2K').filter(Boolean).at(-1);
    // Events a second apart: probed at 0 s, then start and runs so far for each; the last, at 4 s, left 0 s.
    assert.equal(last, 'thread × 1 … 4 s elapsed, a few seconds left');
    printer.finish(report);
    assert.ok(err.text.endsWith('\r\x1b[2K'), 'the live line is gone before the verdict');
  });

  test('keeps the time left current between two estimates', () => {
    const report = syntheticReport();
    const { printer, err, advance } = printerFor(report, { out: false, err: true });
    printer.onProgress({ type: 'config-start', index: 0, total: 2, label: 'serial' });
    printer.onProgress({ type: 'measured', runs: [report.runs[0]], elapsedSeconds: 3, leftSeconds: 40 });
    advance(15);
    printer.tick();
    assert.ok(err.text.endsWith('serial … 15 s elapsed, about 25 s left'), err.text);
  });

  test('piped, prints exactly what it printed before: the whole table, then the verdict, and no live line', () => {
    const report = syntheticReport();
    const { printer, out, err, advance } = printerFor(report, { out: false, err: false });
    replay(report, printer, advance);
    printer.finish(report);
    assert.equal(out.text, formatTable(report, { color: false, width: 100 }) + '\n' + formatVerdict(report, { color: false, width: 100 }));
    assert.equal(err.text, '');
  });

  test('with stdout piped but stderr on a terminal, shows the live line and prints the table only at the end', () => {
    const report = syntheticReport();
    const { printer, out, err, advance } = printerFor(report, { out: false, err: true });
    replay(report, printer, advance, report.runs.slice(0, 2));
    assert.equal(out.text, '');
    assert.match(err.text, /elapsed/);
    printer.finish(report);
    assert.equal(out.text, formatTable(report, { color: false, width: 100 }) + '\n' + formatVerdict(report, { color: false, width: 100 }));
  });

  test('with --quiet prints only the verdict line, even on a terminal', () => {
    const report = syntheticReport();
    const { printer, out, err, advance } = printerFor(report, { out: true, err: true }, true);
    replay(report, printer, advance);
    printer.tick();
    printer.finish(report);
    assert.equal(out.text, `${report.verdict.kind}: ${report.verdict.recommendation}\n`);
    assert.equal(err.text, '');
  });
});
