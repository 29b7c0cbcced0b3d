// Past reports, kept so that a function's history lasts: one JSON file per run in a folder per
// function, keyed by the project and the file's path inside it (not an absolute path, so a renamed
// checkout folder or a re-clone keeps the history), an index summarising every report, the newest
// `keep` kept, and the summary of the newest for the CodeLens. Folders of the first layout (named
// by a hash of the absolute path) are moved in when first asked for. A corrupt or foreign file is
// skipped with a warning. No vscode import (plain fs on folder paths): tested with plain node.

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../shared/report';
import { historyEntry, isHistoryEntry, type HistoryEntry } from '../shared/history';
import { MAX_REPORT_BYTES, parseReport, readReportFile } from './reportFile';
import { summarize, type ReportSummary } from '../shared/comparison';

const SUMMARY_FILE = 'summary.json';
const INDEX_FILE = 'index.json';
/** The index's own layout: a later one is rebuilt from the report files, never misread. */
const INDEX_LAYOUT = 2;
/** Reports kept per function unless the caller says otherwise (the extension's `history.keep` setting). */
export const DEFAULT_HISTORY_KEEP = 50;
export { MAX_REPORT_BYTES, parseReport };

/** Where a file lives in the user's terms: a stable name of its project and its path inside it. */
export interface Location {
  project: string;
  path: string;
}

export interface StoreOptions {
  /** How many reports of a function to keep (the setting, read at each save). */
  keep?: () => number;
  /** The project and path of a source file; by default its absolute path in no project. */
  locate?: (file: string) => Promise<Location>;
  /** Roots of the first layout (one folder per function, named by a hash of the absolute path). */
  legacyRoots?: string[];
  /** Told about each file skipped as corrupt or foreign, once per file. */
  onWarning?: (message: string) => void;
}

function slug(text: string, limit: number): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, limit);
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 12);
}

/** Folder name for one function of one file: readable, and unique through a hash of its location. */
export function reportKey(location: Location, functionName: string): string {
  const readable = slug(`${path.posix.basename(location.path)}-${functionName}`, 60);
  return path.join(`${slug(location.project, 40)}-${hashOf(location.project)}`, `${readable}-${hashOf(`${location.path}\0${functionName}`)}`);
}

/** The first layout's folder name (a hash of the absolute path), for moving old reports in. */
export function legacyReportKey(file: string, functionName: string): string {
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
  return name.endsWith('.json') && name !== SUMMARY_FILE && name !== INDEX_FILE && !name.startsWith('.');
}

/** The report files to delete so that only the newest `keep` remain. */
export function namesToPrune(names: string[], keep: number): string[] {
  const reports = names.filter(isReportFile).sort();
  return reports.slice(0, Math.max(0, reports.length - keep));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const noProject = async (file: string): Promise<Location> => ({ project: 'files', path: path.resolve(file) });

export class ReportStore {
  private readonly summaries = new Map<string, ReportSummary | null>();
  private readonly warned = new Set<string>();
  private readonly keep: () => number;
  private readonly locate: (file: string) => Promise<Location>;

  constructor(
    readonly root: string,
    private readonly options: StoreOptions = {},
  ) {
    this.keep = options.keep ?? (() => DEFAULT_HISTORY_KEEP);
    this.locate = options.locate ?? noProject;
  }

  /** The folder of one function's reports, with any reports of the first layout moved into it. */
  async folderOf(file: string, functionName: string): Promise<string> {
    const folder = path.join(this.root, reportKey(await this.locate(file), functionName));
    for (const legacyRoot of this.options.legacyRoots ?? []) await this.moveLegacy(path.join(legacyRoot, legacyReportKey(file, functionName)), folder);
    return folder;
  }

  /** Writes the report, refreshes the index and the summary, and prunes old reports; returns the report's path. */
  async save(report: Report): Promise<string> {
    const folder = await this.folderOf(report.target.file, report.target.function);
    await makeFolder(folder);
    const existing = new Set(await readdir(folder));
    let sequence = 0;
    while (existing.has(reportFileName(report.createdAt, sequence))) sequence++;
    const name = reportFileName(report.createdAt, sequence);
    const target = path.join(folder, name);
    await writeAtomically(target, JSON.stringify(report));
    const summary = summarize(report);
    await writeAtomically(path.join(folder, SUMMARY_FILE), JSON.stringify(summary));
    this.summaries.set(folder, summary);
    for (const old of namesToPrune([...existing, name], Math.max(1, this.keep()))) {
      await rm(path.join(folder, old), { force: true });
    }
    const known = (await this.readIndex(folder)).filter((entry) => entry.id !== name);
    await this.reconcile(folder, [...known, historyEntry(report, name)]);
    return target;
  }

  /** Paths of the stored reports of one function, newest first. */
  async history(file: string, functionName: string): Promise<string[]> {
    const folder = await this.folderOf(file, functionName);
    const names = await readdir(folder).catch(() => [] as string[]);
    return names
      .filter(isReportFile)
      .sort()
      .reverse()
      .map((name) => path.join(folder, name));
  }

  /** Every stored report of one function as the index has it, oldest first; corrupt files are left out. */
  async entries(file: string, functionName: string): Promise<HistoryEntry[]> {
    const folder = await this.folderOf(file, functionName);
    return this.reconcile(folder, await this.readIndex(folder));
  }

  /** The path of a stored report of one function by its id (file name), refusing any other name. */
  async reportPath(file: string, functionName: string, id: string): Promise<string> {
    if (!isReportFile(id) || id !== path.basename(id)) throw new Error(`"${id}" is not a stored report.`);
    return path.join(await this.folderOf(file, functionName), id);
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
    const folder = await this.folderOf(file, functionName);
    if (this.summaries.has(folder)) return this.summaries.get(folder) ?? null;
    let summary: ReportSummary | null = null;
    try {
      const parsed: unknown = JSON.parse(await readFile(path.join(folder, SUMMARY_FILE), 'utf8'));
      if (isRecord(parsed) && isRecord(parsed.verdict) && Array.isArray(parsed.executors)) summary = parsed as unknown as ReportSummary;
    } catch {
      summary = null;
    }
    this.summaries.set(folder, summary);
    return summary;
  }

  private async readIndex(folder: string): Promise<HistoryEntry[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(path.join(folder, INDEX_FILE), 'utf8'));
      if (isRecord(parsed) && parsed.layout === INDEX_LAYOUT && Array.isArray(parsed.entries)) return parsed.entries.filter(isHistoryEntry);
    } catch {
      // No index yet, or a damaged one: it is rebuilt from the report files.
    }
    return [];
  }

  /** The index made to match the folder: entries of pruned files dropped, files it lacks read and added. */
  private async reconcile(folder: string, known: HistoryEntry[]): Promise<HistoryEntry[]> {
    const names = (await readdir(folder).catch(() => [] as string[])).filter(isReportFile).sort();
    const byId = new Map(known.map((entry) => [entry.id, entry]));
    const entries: HistoryEntry[] = [];
    let changed = known.length !== names.length;
    for (const name of names) {
      const found = byId.get(name);
      if (found) {
        entries.push(found);
        continue;
      }
      changed = true;
      try {
        entries.push(historyEntry(await this.load(path.join(folder, name)), name));
      } catch (error) {
        this.warn(`${name}`, `Skipped a stored report that could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (changed && names.length > 0) {
      await writeAtomically(path.join(folder, INDEX_FILE), JSON.stringify({ layout: INDEX_LAYOUT, entries })).catch(() => undefined);
    }
    return entries;
  }

  private warn(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.onWarning?.(message);
  }

  /** Moves the report files of a first-layout folder into the new one, then removes the old folder. */
  private async moveLegacy(legacy: string, folder: string): Promise<void> {
    const names = await readdir(legacy).catch(() => null);
    if (names === null) return;
    await makeFolder(folder);
    for (const name of names.filter(isReportFile)) {
      const from = path.join(legacy, name);
      const to = path.join(folder, name);
      // Workspace and global storage may sit on different disks, where rename fails.
      await rename(from, to).catch(async () => {
        await copyFile(from, to);
        await unlink(from);
      });
    }
    await rm(path.join(legacy, SUMMARY_FILE), { force: true });
    await rmdir(legacy).catch(() => undefined);
    this.summaries.delete(folder);
    if (!(await stat(path.join(folder, SUMMARY_FILE)).then(() => true, () => false))) {
      const newest = names.filter(isReportFile).sort().reverse();
      for (const name of newest) {
        const report = await this.load(path.join(folder, name)).catch(() => null);
        if (report) {
          await writeAtomically(path.join(folder, SUMMARY_FILE), JSON.stringify(summarize(report)));
          break;
        }
      }
    }
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
