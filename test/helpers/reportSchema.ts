// The report's JSON Schema for the tests: the published copy in schema/report.schema.json, a strict
// copy derived from it (no unknown field, no unknown kind), and assertions that every report, and
// every report part a runner returns, is valid under the strict copy.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ConfigOutcome, LanguageRunner } from '../../src/shared/runner';
import type { Report } from '../../src/shared/report';

export const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'schema', 'report.schema.json');

export type JsonSchema = { [keyword: string]: unknown };

export function publishedSchema(): JsonSchema {
  return JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as JsonSchema;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The published copy's way of saying "these kinds, or one added later": anyOf [{enum}, {type: string}]. */
function openEnum(node: JsonSchema): unknown[] | null {
  const branches = node.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return null;
  const known = branches.find((branch) => isSchema(branch) && Array.isArray(branch.enum));
  const any = branches.find((branch) => isSchema(branch) && branch.type === 'string' && Object.keys(branch).every((key) => key === 'type' || key === 'description'));
  return known && any ? ((known as JsonSchema).enum as unknown[]) : null;
}

function acceptsObjects(node: JsonSchema): boolean {
  return node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'));
}

/**
 * The copy the tests validate against, derived from the published one so there is one schema text:
 * every object with listed properties refuses others, and every open kind accepts only the listed ones.
 */
export function strictCopy(schema: JsonSchema): JsonSchema {
  const close = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(close);
    if (!isSchema(value)) return value;
    const node: JsonSchema = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, close(child)]));
    const known = openEnum(value);
    if (known) {
      delete node.anyOf;
      node.enum = known;
    }
    if (acceptsObjects(node) && isSchema(node.properties) && !isSchema(node.additionalProperties)) node.additionalProperties = false;
    return node;
  };
  return close(schema) as JsonSchema;
}

const STRICT_ID = 'strict-report';

function makeAjv(): Ajv {
  // strictNumbers: NaN and Infinity are invalid, as the report promises; allErrors: say every problem at once.
  const ajv = new Ajv({ allErrors: true, strict: true, strictNumbers: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

let strict: Ajv | null = null;
function strictAjv(): Ajv {
  if (!strict) {
    strict = makeAjv();
    strict.addSchema(strictCopy(publishedSchema()), STRICT_ID);
  }
  return strict;
}

/** A validator of the published copy (open objects and kinds), as a reader would use it. */
export function publishedValidator(): ValidateFunction {
  return makeAjv().compile(publishedSchema());
}

/** Ajv's errors as lines a person can act on: where in the report, and what is wrong there. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      const where = error.instancePath || '(the root)';
      const extra = 'additionalProperty' in error.params ? ` '${String(error.params.additionalProperty)}'` : '';
      const allowed = 'allowedValues' in error.params ? `: ${JSON.stringify(error.params.allowedValues)}` : '';
      return `${where} ${error.message ?? error.keyword}${extra}${allowed}`;
    })
    .join('\n');
}

function validateAs(definition: string | null, value: unknown, what: string): void {
  const ref = definition ? `${STRICT_ID}#/definitions/${definition}` : STRICT_ID;
  const validate = strictAjv().getSchema(ref);
  assert.ok(validate, `schema/report.schema.json has no ${definition ?? 'root'} schema`);
  if (!validate(value)) assert.fail(`${what} does not match schema/report.schema.json (strict copy):\n${describeErrors(validate.errors)}`);
}

/** Fails, listing every problem with its JSON path, unless `report` is a valid schema-1 report with nothing unknown. */
export function assertValidReport(report: unknown, what = 'the report'): asserts report is Report {
  validateAs(null, report, what);
}

/** The same check for one part of a report, e.g. 'Run', 'RunError', 'Runtime'. */
export function assertValidPart(definition: string, value: unknown, what = `the ${definition}`): void {
  validateAs(definition, value, what);
}

/** Reads a JSON report a test made (the CLI's --json, an export) and checks it against the schema. */
export function readReportFile(file: string): Report {
  assert.ok(existsSync(file), `the JSON report ${file} was written`);
  const report: unknown = JSON.parse(readFileSync(file, 'utf8'));
  assertValidReport(report, file);
  return report;
}

/** The report's JSON as the standalone HTML export embeds it (escaped so no text can end the element). */
export function embeddedReportJson(html: string): string {
  const open = '<script type="application/json" id="pp-report">';
  const start = html.indexOf(open);
  assert.ok(start >= 0, 'the page embeds a report');
  return html.slice(start + open.length, html.indexOf('</script>', start));
}

/** The parts of an outcome that go into the report unchanged: the spans, the output, the warnings, the error. */
export function assertValidOutcome(outcome: ConfigOutcome): void {
  outcome.tasks.forEach((task, index) => assertValidPart('TaskSpan', task, `task span #${index}`));
  assertValidPart('CapturedOutput', outcome.output, 'the captured output');
  assert.ok(outcome.warnings.every((warning) => typeof warning === 'string'), 'warnings are strings');
  if (outcome.error !== null) assertValidPart('RunError', outcome.error, 'the error');
}

/**
 * The same runner, its probe and runConfig wrapped so that every probed runtime, preflight error and
 * outcome is checked against the schema: what the real interpreters send is what the report carries.
 */
export function schemaChecked<R extends LanguageRunner>(runner: R): R {
  const probe = runner.probe.bind(runner);
  const runConfig = runner.runConfig.bind(runner);
  return Object.assign(runner, {
    probe: async (...args: Parameters<LanguageRunner['probe']>) => {
      const result = await probe(...args);
      assertValidPart('Runtime', result.runtime, 'the probed runtime');
      for (const refused of result.preflight) assertValidPart('RunError', refused.error, `the preflight error of ${refused.executor}`);
      return result;
    },
    runConfig: async (...args: Parameters<LanguageRunner['runConfig']>) => {
      const outcome = await runConfig(...args);
      assertValidOutcome(outcome);
      return outcome;
    },
  });
}
