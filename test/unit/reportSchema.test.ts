// schema/report.schema.json against src/shared/report.ts, the published copy against the strict one
// the tests use, and the synthetic reports and scenarios against the strict copy.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import type { Report } from '../../src/shared/report';
import { assertValidPart, assertValidReport, publishedSchema, publishedValidator, readReportFile, strictCopy } from '../helpers/reportSchema';
import { shapeDifferences, shapeOfReportType, shapeOfSchema } from '../helpers/reportShape';
import { syntheticReport } from './exportFixture';
import { sampleReport, sampleRun } from './extension-fixtures';
import * as scenarios from './fixtures/scenarios';
import { analysisInput } from './fixtures/synthetic';

const FIXTURE_REPORTS = path.resolve(__dirname, '..', 'fixtures', 'reports');

/** A deep copy to change one thing in. */
function copy(report: Report): Report {
  return structuredClone(report);
}

describe('the report schema', () => {
  test('lists every field of the Report type in report.ts, with its optionality, nullability and kinds, and no other, at every depth', () => {
    const fromType = shapeOfReportType();
    assert.ok(fromType.some((line) => line.startsWith('runs[].tasks[].cpuSeconds: ')), 'the type walk reaches the task spans');
    assert.deepEqual(shapeDifferences(fromType, shapeOfSchema(strictCopy(publishedSchema()))), []);
  });

  test('the published copy lists the same fields, and every known kind, with unknown kinds also allowed', () => {
    const published = shapeOfSchema(publishedSchema());
    const strict = shapeOfSchema(strictCopy(publishedSchema()));
    const kinds = strict.filter((line) => / '/.test(line));
    assert.ok(kinds.length >= 8, 'the kinds, executors, start methods, language and status are listed');
    // Where a line lists kinds, the published one also accepts any string; nowhere else does it differ.
    const closed = published.map((line) => (/ '/.test(line) ? line.replace(/ \| string$| string \|(?= )/, '') : line));
    assert.deepEqual(closed, strict);
    assert.ok(kinds.every((line) => published.includes(line.replace(/: (.*)$/, (_, listed: string) => `: ${[...listed.split(' | '), 'string'].sort().join(' | ')}`))));
  });

  test('the strict copy refuses a field or a kind it does not list and names where it is', () => {
    const report = syntheticReport();
    assertValidReport(report);
    const extraField = copy(report);
    Object.assign(extraField.runs[2].tasks[0], { gpuSeconds: 1 });
    assert.throws(() => assertValidReport(extraField), /\/runs\/2\/tasks\/0 must NOT have additional properties 'gpuSeconds'/);
    const newKind = copy(report);
    newKind.runs[0].error = { kind: 'out-of-memory' as 'crashed', message: 'It ran out of memory.', hint: 'Use fewer workers.' };
    assert.throws(() => assertValidReport(newKind), /\/runs\/0\/error\/kind must be equal to one of the allowed values/);
    const missing = copy(report) as Partial<Report>;
    delete missing.machine;
    assert.throws(() => assertValidReport(missing), /must have required property 'machine'/);
  });

  test('the strict copy refuses NaN and Infinity, which a report never holds', () => {
    const report = copy(syntheticReport());
    report.runs[1].speedup = Number.NaN;
    report.runs[2].efficiency = Number.POSITIVE_INFINITY;
    assert.throws(() => assertValidReport(report), (error: Error) => /\/runs\/1\/speedup/.test(error.message) && /\/runs\/2\/efficiency/.test(error.message));
  });

  test('the published copy accepts a later schema-1 report with new fields and new kinds, and refuses schemaVersion 2', () => {
    const validate = publishedValidator();
    const later = copy(syntheticReport()) as Report & { commit?: string };
    later.commit = 'c43dd14';
    Object.assign(later.runs[2].tasks[0], { gpuSeconds: 1 });
    later.runs[0].error = { kind: 'out-of-memory' as 'crashed', message: 'It ran out of memory.', hint: 'Use fewer workers.' };
    later.runs[1].executor = 'cluster' as 'thread';
    later.verdict.kind = 'memory-bound' as 'mixed';
    assert.ok(validate(later), JSON.stringify(validate.errors));
    assert.equal(validate({ ...syntheticReport(), schemaVersion: 2 }), false);
    assert.equal(validate({ ...syntheticReport(), runs: 'none' }), false, 'a known field of the wrong type is still refused');
  });
});

describe('the synthetic reports the tests use match the strict schema', () => {
  const files = readdirSync(FIXTURE_REPORTS).filter((name) => name.endsWith('.json'));
  test('test/fixtures/reports holds reports', () => assert.ok(files.length >= 4, files.join(', ')));
  for (const name of files) {
    test(`test/fixtures/reports/${name}`, () => {
      readReportFile(path.join(FIXTURE_REPORTS, name));
    });
  }

  test('the export fixture and the extension sample report', () => {
    assertValidReport(syntheticReport(), 'syntheticReport()');
    assertValidReport(sampleReport({ runs: [sampleRun('serial', null, 1, 1), sampleRun('process', 'spawn', 2, null)], best: null }), 'sampleReport()');
  });

  const analysable = Object.entries(scenarios).filter((entry): entry is [string, scenarios.Scenario] => 'runs' in entry[1]);
  for (const [name, scenario] of analysable) {
    test(`the ${name} scenario, analysed, gives runs and a verdict the report can carry`, () => {
      const { runs, verdict } = analyse(analysisInput(scenario.runs, scenario.options));
      runs.forEach((run) => assertValidPart('Run', run, `${name}: run ${run.id}`));
      assertValidPart('Verdict', verdict, `${name}: the verdict`);
    });
  }
});
