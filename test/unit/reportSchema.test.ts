// schema/report.schema.json against src/shared/report.ts, the published copy against the strict one
// the tests use, the runner check, and the synthetic reports and scenarios against the strict copy.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { analyse } from '../../src/core/analyse';
import { failedOutcome } from '../../src/shared/runner';
import type { ConfigOutcome, ConfigRequest, LanguageRunner, Probe, Target } from '../../src/shared/runner';
import type { Report, Runtime } from '../../src/shared/report';
import { assertValidPart, assertValidReport, publishedSchema, publishedValidator, readReportFile, schemaChecked, strictCopy } from '../helpers/reportSchema';
import { shapeDifferences, shapeOfReportType, shapeOfSchema } from '../helpers/reportShape';
import { syntheticReport } from './exportFixture';
import { sampleReport, sampleRun } from './extension-fixtures';
import * as scenarios from './fixtures/scenarios';
import { analysisInput, pythonRuntime } from './fixtures/synthetic';

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

describe('a runner checked against the schema', () => {
  const runtime: Runtime = { ...pythonRuntime };
  const fake = (outcome: ConfigOutcome, probed: Probe): LanguageRunner => ({
    language: 'python',
    probe: async () => probed,
    runConfig: async () => outcome,
  });
  const probed: Probe = { runtime, functions: [], inputs: { expression: 'range(2)', count: 2 }, executors: [], preflight: [] };
  const target: Target = { file: '/x/work.py', functionName: 'work', language: 'python', cwd: '/x' };
  const config: ConfigRequest = { executor: 'serial', startMethod: null, workers: 1, repeat: 1, chunksize: null, timeoutSeconds: 5 };
  const signal = new AbortController().signal;

  test('passes what the report can carry through unchanged', async () => {
    const outcome = failedOutcome({ kind: 'timeout', message: 'It took too long.', hint: 'Raise the timeout.' });
    const runner = schemaChecked(fake(outcome, probed));
    assert.equal(await runner.runConfig(target, config, signal), outcome);
    assert.equal(await runner.probe(target, signal), probed);
  });

  test('fails on an outcome or a probe the report could not carry, saying where', async () => {
    const badKind = failedOutcome({ kind: 'oom' as 'crashed', message: 'Out of memory.', hint: 'Use fewer workers.' });
    await assert.rejects(schemaChecked(fake(badKind, probed)).runConfig(target, config, signal), /the error does not match[\s\S]*\/kind must be equal to one of the allowed values/);
    const extraField = { ...failedOutcome(null), tasks: [{ index: 0, worker: 0, pid: 1, thread: 1, start: 0, end: 1, cpuSeconds: null, gpu: 1 }] };
    await assert.rejects(schemaChecked(fake(extraField, probed)).runConfig(target, config, signal), /task span #0 does not match[\s\S]*additional properties 'gpu'/);
    const noExtras = { ...probed, runtime: { ...runtime, extras: undefined } as unknown as Runtime };
    await assert.rejects(schemaChecked(fake(failedOutcome(null), noExtras)).probe(target, signal), /the probed runtime does not match[\s\S]*required property 'extras'/);
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
