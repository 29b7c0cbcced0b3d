// Reads a saved report: the size limit, the JSON, the schema version and the shape, each refused
// with a sentence naming the problem. The extension's store and the CLI's compare both read here.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SCHEMA_VERSION, type Report } from '../shared/report';
import { reportShapeProblem } from '../shared/reportShape';
import { profileWarnings } from './warnings';

/**
 * The largest file read as a report: above the largest report the profiler writes (the default
 * plan on 64 cores, 89 runs, each with 10,000 spans, both output streams at their 1 MB cap and
 * two minutes of core samples: about 422 MB, test/integration/hostile-reports.test.ts), and below
 * the 512 MB V8 cannot hold as one string.
 */
export const MAX_REPORT_BYTES = 448 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads report JSON, refusing anything that is not a schemaVersion 1 report with a sentence. */
export function parseReport(text: string, source = 'This file'): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not valid JSON.`);
  }
  if (!isRecord(value) || !isRecord(value.target) || !Array.isArray(value.runs) || !isRecord(value.verdict)) {
    throw new Error(`${source} is not a Parallel Profiler report.`);
  }
  if (value.schemaVersion !== SCHEMA_VERSION) {
    throw new Error(`${source} is a report of schema version ${String(value.schemaVersion)}; this version reads version ${SCHEMA_VERSION}.`);
  }
  const problem = reportShapeProblem(value);
  if (problem) throw new Error(`${source} is not a report this version can show: ${problem}.`);
  return withWarnings(value as unknown as Report);
}

/** A report written before warnings were stored gets them computed, so every surface reads them in one place. */
function withWarnings(report: Report): Report {
  if (Array.isArray(report.warnings)) return report;
  try {
    return { ...report, warnings: profileWarnings(report) };
  } catch {
    // A report too malformed to word its warnings still opens; its rows say what they can.
    return { ...report, warnings: [] };
  }
}

/** Reads a report file, refusing (with a sentence) one that is too large, not a file, or not a report. */
export async function readReportFile(file: string): Promise<Report> {
  const name = path.basename(file);
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`${name} is not a file.`);
  if (info.size > MAX_REPORT_BYTES) {
    const megabytes = (bytes: number): string => `${Math.round(bytes / 1024 / 1024).toLocaleString('en')} MB`;
    throw new Error(`${name} is ${megabytes(info.size)}, larger than any report Parallel Profiler writes (at most ${megabytes(MAX_REPORT_BYTES)}), so it was not opened.`);
  }
  return parseReport(await readFile(file, 'utf8'), name);
}
