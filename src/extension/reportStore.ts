// Past reports in the workspace's storage folder: one JSON file per run, a folder per function,
// the newest ~20 kept, plus a small summary of the newest for the CodeLens.
// No vscode import (plain fs on a folder path): tested with plain node.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../shared/report';
import { MAX_REPORT_BYTES, parseReport, readReportFile } from '../core/reportFile';
import { summarize, type ReportSummary } from './comparison';

const SUMMARY_FILE = 'summary.json';
export const DEFAULT_KEEP = 20;
export { MAX_REPORT_BYTES, parseReport };
/** Folder name for one function of one file: readable, and unique through a hash of the path. */
export function reportKey(file: string, functionName: string): string {
  const hash = createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 12);
  const readable = `${path.basename(file)}-${functionName}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60);
  return `${readable}-${hash}`;
}

/** A sortable file name from the report's creation time; `sequence` separates same-millisecond runs. */
export function reportFileName(createdAt: string, sequence = 0): string {
  const stamp = createdAt.replace(/[:.]/g, '-');
  return `${stamp}-${String(sequence).padStart(3, '0')}.json`;
}

function isReportFile(name: string): boolean {
  return name.endsWith('.json') && name !== SUMMARY_FILE && !name.startsWith('.');
}

/** The report files to delete so that only the newest `keep` remain. */
export function namesToPrune(names: string[], keep: number): string[] {
  const reports = names.filter(isReportFile).sort();
  return reports.slice(0, Math.max(0, reports.length - keep));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ReportStore {
  private readonly summaries = new Map<string, ReportSummary | null>();

  constructor(
    readonly root: string,
    private readonly keep = DEFAULT_KEEP,
  ) {}

  folderOf(file: string, functionName: string): string {
    return path.join(this.root, reportKey(file, functionName));
  }

  /** Writes the report, refreshes the summary and prunes old reports; returns the report's path. */
  async save(report: Report): Promise<string> {
    const folder = this.folderOf(report.target.file, report.target.function);
    await makeFolder(folder);
    const existing = new Set(await readdir(folder));
    let sequence = 0;
    while (existing.has(reportFileName(report.createdAt, sequence))) sequence++;
    const target = path.join(folder, reportFileName(report.createdAt, sequence));
    await writeAtomically(target, JSON.stringify(report));
    const summary = summarize(report);
    await writeAtomically(path.join(folder, SUMMARY_FILE), JSON.stringify(summary));
    this.summaries.set(reportKey(report.target.file, report.target.function), summary);
    for (const name of namesToPrune([...existing, path.basename(target)], this.keep)) {
      await rm(path.join(folder, name), { force: true });
    }
    return target;
  }

  /** Paths of the stored reports of one function, newest first. */
  async history(file: string, functionName: string): Promise<string[]> {
    const folder = this.folderOf(file, functionName);
    const names = await readdir(folder).catch(() => [] as string[]);
    return names
      .filter(isReportFile)
      .sort()
      .reverse()
      .map((name) => path.join(folder, name));
  }

  async latest(file: string, functionName: string): Promise<Report | null> {
    for (const candidate of await this.history(file, functionName)) {
      // A file damaged by a crash mid-write is skipped, not fatal: the one before it still helps.
      const report = await this.load(candidate).catch(() => null);
      if (report) return report;
    }
    return null;
  }

  /** Reads a report file, refusing (with a sentence) one that is too large, not a file, or not a report. */
  load(file: string): Promise<Report> {
    return readReportFile(file);
  }

  /** The newest report's summary, from memory or its small file; null when never profiled. */
  async summary(file: string, functionName: string): Promise<ReportSummary | null> {
    const key = reportKey(file, functionName);
    if (this.summaries.has(key)) return this.summaries.get(key) ?? null;
    let summary: ReportSummary | null = null;
    try {
      const parsed: unknown = JSON.parse(await readFile(path.join(this.root, key, SUMMARY_FILE), 'utf8'));
      if (isRecord(parsed) && isRecord(parsed.verdict) && Array.isArray(parsed.executors)) summary = parsed as unknown as ReportSummary;
    } catch {
      summary = null;
    }
    this.summaries.set(key, summary);
    return summary;
  }
}

/**
 * mkdir -p that fails with the real reason: Node's recursive mkdir reports ENOENT where the cause
 * is a read-only disk or a missing permission, so the first missing folder is made on its own.
 */
async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    let first = folder;
    while (path.dirname(first) !== first && !(await stat(path.dirname(first)).then(() => true, () => false))) first = path.dirname(first);
    await mkdir(first);
    throw error;
  }
}

/** Write-then-rename, so a reader never sees half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    // A half-written file on a full disk would keep the disk full for the next save too.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
