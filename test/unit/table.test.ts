import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSeconds } from '../../src/shared/format';
import { formatTable, formatVerdict, formatWall, headerLines, wrap } from '../../src/core/table';
import type { Report } from '../../src/shared/report';
import { syntheticReport } from './exportFixture';

const ANSI = /\x1b\[[0-9;]*m/g;

function rowOf(text: string, executor: string, startMethod: string, workers: number): string | undefined {
  const pattern = new RegExp(`^[* ] ${executor}\\s+${startMethod}\\s+${workers}\\s`);
  return text.split('\n').find((line) => pattern.test(line));
}

describe('formatTable', () => {
  test('lists every run with its executor, start method and workers', () => {
    const report = syntheticReport();
    const text = formatTable(report, { color: false });
    for (const run of report.runs) {
      assert.ok(rowOf(text, run.executor, run.startMethod ?? '—', run.workers), `row for ${run.id}`);
    }
  });

  test('marks the recommended configuration, and only it, and names the fastest measured when it differs', () => {
    const report = syntheticReport();
    const text = formatTable(report, { color: false });
    const marked = text.split('\n').filter((line) => line.startsWith('* ') && !line.startsWith('* recommended'));
    assert.deepEqual(marked, [rowOf(text, 'pool', 'fork', 4)]);
    assert.match(text, /\* recommended: pool \(fork\) × 4, speedup 3\.90× over serial/);
    assert.match(text, /fastest measured: process \(fork\) × 8, speedup 4\.10×/);
  });

  test('shows each speedup with the interval its repeats allow', () => {
    const report = syntheticReport();
    const run = report.runs.find((candidate) => candidate.id === 'pool/fork/4');
    assert.ok(run);
    run.speedupLow = 3.791;
    run.speedupHigh = 4.012;
    const text = formatTable(report, { color: false });
    assert.match(rowOf(text, 'pool', 'fork', 4) ?? '', /3\.90× \(3\.79–4\.01\)/);
    assert.match(text, /\* recommended: pool \(fork\) × 4, speedup 3\.90× \(3\.79–4\.01\) over serial/);
  });

  test('shows wall time with its spread, speedup, efficiency and CPU use', () => {
    const report = syntheticReport();
    const run = report.runs.find((candidate) => candidate.id === 'process/fork/4');
    assert.ok(run && run.wallSeconds !== null);
    run.wallSeconds = 0.412;
    run.wallSpread = { min: 0.4, max: 0.424 };
    run.speedup = 1.92;
    run.efficiency = 0.96;
    run.cpuUtilization = 0.97;
    const row = rowOf(formatTable(report, { color: false, width: 160 }), 'process', 'fork', 4);
    assert.match(row ?? '', /412 ms ±2\.9%\s+1\.92×\s+96%\s+97%/);
  });

  test('prints the kind and message of a failed run under its row', () => {
    const report = syntheticReport();
    const lines = formatTable(report, { color: false }).split('\n');
    const row = lines.findIndex((line) => /^\s+joblib-loky\s/.test(line));
    assert.match(lines[row + 1], /^\s+error \(unavailable\): joblib is not installed in \/usr\/bin\/python3\.$/);
    assert.match(lines.join('\n'), /2 of 21 configurations failed\./);
  });

  test('drops columns to fit a terminal, but keeps every column for output to a file or a pipe', () => {
    const report = syntheticReport();
    const wide = report.runs.find((run) => run.error === null && run.executor === 'pool');
    assert.ok(wide);
    wide.chunksize = 625;
    wide.libraryThreads = 1;
    const header = (text: string) => text.split('\n').find((line) => /Executor/.test(line)) ?? '';
    const narrow = header(formatTable(report, { color: false, width: 100 }));
    assert.doesNotMatch(narrow, /Memory/, 'a 100-column terminal has no room for every column beside a wide Workers cell');
    const piped = header(formatTable(report, { color: false, width: 100, columns: Number.POSITIVE_INFINITY }));
    for (const column of ['Efficiency', 'CPU use', 'Start-up', 'Memory']) assert.match(piped, new RegExp(column));
  });

  test('counts configurations skipped or cancelled as not run, not as failed', () => {
    const report = syntheticReport();
    const [first, second, third] = report.runs.filter((run) => run.error === null && run.executor !== 'serial');
    const notRunError = (kind: 'skipped' | 'cancelled') => ({ kind, message: 'Not run.', hint: '' });
    first.error = notRunError('skipped');
    second.error = notRunError('skipped');
    third.error = notRunError('cancelled');
    const text = formatTable(report, { color: false });
    assert.match(text, /2 of 21 configurations failed; 3 not run \(skipped, cancelled\)\./);
    for (const run of report.runs) if (run.error && run.error.kind !== 'skipped' && run.error.kind !== 'cancelled') run.error = null;
    assert.match(formatTable(report, { color: false }), /3 of 21 configurations not run \(skipped, cancelled\)\./);
    assert.doesNotMatch(formatTable(report, { color: false }), /failed/);
  });

  test('never prints NaN, undefined or null, even for runs with nothing measured', () => {
    const report = syntheticReport();
    report.runs[1].speedup = Number.NaN;
    report.runs[2].wallSpread = null;
    report.runs[3].startupSeconds = null;
    const text = formatTable(report, { color: false }) + formatVerdict(report, { color: false });
    assert.doesNotMatch(text, /NaN|undefined|null|Infinity/);
  });

  test('keeps every line within the width and drops optional columns to fit', () => {
    const report = syntheticReport();
    const wide = formatTable(report, { color: false, width: 120 });
    const narrow = formatTable(report, { color: false, width: 72 });
    assert.match(wide, /Start-up/);
    assert.doesNotMatch(narrow, /Start-up/);
    for (const line of narrow.split('\n')) assert.ok(line.length <= 72, `too long: ${line}`);
    report.runs[0].error = { kind: 'exception', message: 'word '.repeat(80), hint: '' };
    const errorLines = formatTable(report, { color: false, width: 72 }).split('\n').filter((line) => /^ {4}\S/.test(line));
    assert.ok(errorLines.every((line) => line.length <= 72));
    assert.match(errorLines[1], /^ {4}word .*\.\.\.$/, 'a long message is cut after two lines');
    assert.doesNotMatch(errorLines[2] ?? '', /^ {4}word/);
    for (const line of formatVerdict(report, { color: false, width: 72 }).split('\n')) {
      const isCode = line.startsWith('        ');
      assert.ok(isCode || line.length <= 72, `too long: ${line}`);
    }
  });

  test('adds ANSI colour only when asked, with the same text underneath', () => {
    const report = syntheticReport();
    const plain = formatTable(report, { color: false });
    const coloured = formatTable(report, { color: true });
    assert.doesNotMatch(plain, ANSI);
    assert.match(coloured, ANSI);
    assert.equal(coloured.replace(ANSI, ''), plain);
    assert.equal(formatVerdict(report, { color: true }).replace(ANSI, ''), formatVerdict(report, { color: false }));
  });

  test('wraps the machine line instead of cutting it, so a long CPU name never hides the cores this process may use', () => {
    const report = syntheticReport();
    report.machine = {
      ...report.machine,
      cpuBrand: 'Intel(R) Xeon(R) Platinum 8375C Processor @ 2.90GHz',
      usable: { logicalCores: 1, physicalCores: 1, affinity: [0], quotaCores: null, quotaSource: null },
    };
    const lines = headerLines(report, false, 80);
    for (const line of lines.slice(1)) assert.ok(line.length <= 80, `too long: ${line}`);
    assert.ok(lines.some((line) => line.includes('of which this process may use 1 (CPU affinity 0), linux-x64')), lines.join('\n'));
  });

  test('says under the adaptive plan that only the finalists get the repeats, and the repeats of every row otherwise', () => {
    const report = syntheticReport();
    const second = (plan: Report['settings']['plan'], repeat: number): string => headerLines({ ...report, settings: { ...report.settings, plan, repeat } }, false, 200)[1];
    assert.match(second('adaptive', 3), /, adaptive plan, the finalists timed 3 or more times, the rest fewer$/);
    assert.match(second('adaptive', 1), /, adaptive plan, each configuration timed once$/);
    assert.match(second('thorough', 3), /, 3 repeats$/);
    assert.match(second(undefined, 1), /, 1 repeat$/, 'a report older than the plans');
  });

  test('says so when no configuration ran', () => {
    const report: Report = { ...syntheticReport(), runs: [] };
    assert.match(formatTable(report, { color: false }), /no configuration ran/);
  });
});

describe('formatVerdict', () => {
  test('leads with the verdict kind and the best configuration', () => {
    const text = formatVerdict(syntheticReport(), { color: false });
    assert.match(text.split('\n')[0], /^Verdict: cpu-bound - best: pool \(fork\) × 4 \(3\.90×\)$/);
  });

  test('gives the explanation, the recommendation, the indented code and the evidence', () => {
    const report = syntheticReport();
    const text = formatVerdict(report, { color: false });
    assert.match(text, /the GIL lets one thread run Python at a time/);
    assert.match(text, /What to do\n {2}Use a process pool/);
    assert.match(text, /\n {4}from multiprocessing import Pool\n\n {4}if __name__ == "__main__":\n {8}with Pool\(4\) as pool:/);
    for (const evidence of report.verdict.evidence.slice(0, 2)) assert.ok(text.includes(`  - ${evidence}`));
  });

  test('lists each warning once with the configurations that raised it', () => {
    const report = syntheticReport();
    report.status = 'partial';
    const text = formatVerdict(report, { color: false });
    const warnings = text.slice(text.indexOf('Warnings'));
    assert.match(warnings, /! Cancelled part-way/);
    assert.equal(warnings.match(/oversubscribed/g)?.length, 1);
    assert.match(warnings, /thread × 16, process \(fork\) × 16, process \(forkserver\) × 16: 16 workers/);
  });

  test('says once, naming the largest, when captured output was capped', () => {
    const report = syntheticReport();
    report.runs[1].output = { stdout: 'a\n… [9 bytes omitted] …\nb', stderr: '', bytes: 200_000_000, truncated: true };
    report.runs[2].output = { stdout: 'a', stderr: '', bytes: 300_000_000, truncated: true };
    report.runs[3].output = { stdout: 'short', stderr: '', bytes: 5, truncated: false };
    const warnings = formatVerdict(report, { color: false, width: 400 }).split('Warnings')[1];
    const flood = warnings.split('\n').filter((line) => line.includes('of output'));
    assert.deepEqual(flood, [`  ! ${report.target.function} printed 300 MB of output in thread × 2 (and 1 other configuration); the copy in the report is capped to its beginning and end. Writing that much is part of the measured time: print less, or write to a file, to profile the work itself.`]);
    report.runs[1].output.truncated = false;
    report.runs[2].output.truncated = false;
    assert.doesNotMatch(formatVerdict(report, { color: false }), /of output/);
  });

  test('warns when serial timed far slower than one thread doing the same work, and not when close', () => {
    const report = syntheticReport();
    const [serial, oneThread] = report.runs;
    assert.equal(`${serial.executor} ${oneThread.executor} ${oneThread.workers}`, 'serial thread 1');
    serial.wallSeconds = 0.944;
    oneThread.wallSeconds = 0.636;
    const warnings = formatVerdict(report, { color: false, width: 400 }).split('Warnings')[1] ?? '';
    assert.match(warnings, /! Serial took 944 ms, 1\.48× as long as thread × 1 \(636 ms\), which does the same work on one thread: something held serial up/);
    oneThread.wallSeconds = 0.85;
    assert.doesNotMatch(formatVerdict(report, { color: false, width: 400 }), /held serial up/);
  });

  test('shows a failed verdict without a best configuration', () => {
    const report = syntheticReport();
    report.verdict = { ...report.verdict, kind: 'failed', best: null, code: '', evidence: [] };
    const text = formatVerdict(report, { color: false });
    assert.equal(text.split('\n')[0], 'Verdict: failed');
    assert.doesNotMatch(text, /Evidence/);
  });
});

describe('number formats', () => {
  test('seconds keep three significant figures in the unit that suits them, and an unmeasured value is a dash', () => {
    assert.deepEqual(
      [123.4, 12.34, 2.4, 0.412, 0.02, 0.00462, 0.000125, 0, null].map(formatSeconds),
      ['123 s', '12.34 s', '2.40 s', '412 ms', '20 ms', '4.62 ms', '125 µs', '0 s', '—'],
    );
  });

  test('a single repeat shows no spread', () => {
    assert.equal(formatWall({ wallSeconds: 1.5, wallSpread: { min: 1.5, max: 1.5 }, repeats: [1.5] }), '1.50 s once', 'one timing says so');
    assert.equal(formatWall({ wallSeconds: null, wallSpread: null, repeats: [] }), '—');
  });

  test('wraps words to the width with the indent on every line', () => {
    assert.deepEqual(wrap('one two three four five', 16, '  '), ['  one two three', '  four five']);
    assert.deepEqual(wrap('a\n\nb', 20), ['a', '', 'b']);
  });
});
