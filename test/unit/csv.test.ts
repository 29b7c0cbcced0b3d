import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvField, toCsv } from '../../src/shared/csv';
import { syntheticReport } from './exportFixture';

/** A strict RFC 4180 reader, to check that what toCsv writes reads back as the same values. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        field += '"';
        at++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      assert.equal(field, '', 'a quote may only open a field');
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[at + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      at++;
    } else {
      assert.notEqual(char, '\n', 'a bare line feed outside quotes breaks the record');
      field += char;
    }
  }
  assert.equal(quoted, false, 'every quoted field is closed');
  assert.equal(field + row.join(''), '', 'the file ends with a line break');
  return rows;
}

describe('toCsv', () => {
  test('writes a header and one row per run, every row as wide as the header', () => {
    const report = syntheticReport();
    const rows = parseCsv(toCsv(report));
    assert.deepEqual(rows[0], [
      'id', 'executor', 'startMethod', 'workers', 'wallSeconds', 'wallMin', 'wallMax', 'startupSeconds',
      'cpuSeconds', 'speedup', 'efficiency', 'cpuUtilization', 'serialFraction', 'errorKind', 'errorMessage', 'otherCores', 'speedupLow', 'speedupHigh', 'peakMemoryBytes', 'libraryThreads',
    ]);
    assert.equal(rows.length, report.runs.length + 1);
    for (const row of rows) assert.equal(row.length, rows[0].length);
    assert.deepEqual(rows.slice(1).map((row) => row[0]), report.runs.map((run) => run.id));
  });

  test('writes numbers at full precision so scripts can recompute from them', () => {
    const report = syntheticReport();
    const rows = parseCsv(toCsv(report));
    const run = report.runs[8];
    const row = rows[9];
    assert.equal(Number(row[4]), run.wallSeconds);
    assert.equal(Number(row[9]), run.speedup);
    assert.equal(Number(row[3]), run.workers);
  });

  test('leaves null measurements empty and fills the error columns of a failed run', () => {
    const report = syntheticReport();
    const rows = parseCsv(toCsv(report));
    const failedIndex = report.runs.findIndex((run) => run.error?.kind === 'bootstrap');
    const row = rows[failedIndex + 1];
    assert.deepEqual(row.slice(4, 13), ['', '', '', '', '', '', '', '', '']);
    assert.equal(row[13], 'bootstrap');
    assert.equal(row[14], report.runs[failedIndex].error?.message);
    assert.equal(rows[1][2], '', 'serial has no start method');
    assert.equal(rows[1][12], '', 'serial has no serial fraction');
  });

  test('quotes messages with commas, quotes and line breaks so they read back unchanged', () => {
    const report = syntheticReport();
    const message = 'ValueError: bad "input", line 3\nTraceback follows,\r\nand more';
    report.runs[0].error = { kind: 'exception', message, hint: 'Fix the input.' };
    const rows = parseCsv(toCsv(report));
    assert.equal(rows.length, report.runs.length + 1);
    assert.equal(rows[1][14], message);
  });

  test('quotes only the fields that need it', () => {
    assert.equal(csvField('plain text'), 'plain text');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(Number.NaN), '');
    assert.equal(csvField(0), '0');
  });
});
