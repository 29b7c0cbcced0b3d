// The CLI's stdout: the runs as an aligned plain-text table, then the verdict in words.
// Layout is spaces and dashes only; ANSI colour is added when the caller says the terminal has it.

import { fastestRun, isRecommendedRun, runLabel, warningText, type Machine, type Report, type Run } from '../shared/report';
import { coreLimitWords, usableCoreCounts } from '../shared/usableCores';
import { formatBytes, formatPercent, formatSeconds, formatSpeedup, formatSpeedupRange, formatTimings, isFiniteNumber } from '../shared/format';
import { profileWarnings } from './warnings';
import { notRun } from './verdictFacts';

export interface TextOptions {
  color: boolean;
  /** Terminal columns; long lines are cut or wrapped to fit. */
  width?: number;
  /** Columns the table's optional columns must fit in: the terminal's (the default, `width`), or
   * Infinity where no terminal cuts the lines (output to a file or a pipe: every column shown). */
  columns?: number;
}

const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';
const ANSI: Record<Style, string> = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' };

function paint(text: string, color: boolean, ...styles: Style[]): string {
  if (!color || styles.length === 0 || text === '') return text;
  return `\x1b[${styles.map((style) => ANSI[style]).join(';')}m${text}\x1b[0m`;
}

/** Median wall time with the widest deviation of any repeat from it, e.g. "0.412 s ±3%"; a run timed
 * once says so ("1.14 s once"): beside runs timed three times, its one figure has no spread to read. */
export function formatWall(run: Pick<Run, 'wallSeconds' | 'wallSpread' | 'repeats'> & Partial<Pick<Run, 'error'>>): string {
  const wall = run.wallSeconds;
  if (!isFiniteNumber(wall)) return formatSeconds(wall);
  if (run.repeats.length === 1 && !run.error) return `${formatSeconds(wall)} once`;
  const spread = run.wallSpread;
  if (!spread || run.repeats.length < 2 || wall <= 0 || !isFiniteNumber(spread.min) || !isFiniteNumber(spread.max)) {
    return formatSeconds(wall);
  }
  const deviation = Math.max(spread.max - wall, wall - spread.min) / wall;
  return `${formatSeconds(wall)} ±${formatPercent(deviation)}`;
}

interface Column {
  header: string;
  align: 'left' | 'right';
  cell(run: Run): string;
  /** Dropped when the terminal is too narrow: the lower the number, the longer it stays. */
  optional?: number;
}

/** "2", "2 (chunksize 625)", "2 (1 library thread)": the workers and how they were sent the work. */
function workersCell(run: Run): string {
  const notes = [
    ...(run.chunksize ? [`chunksize ${run.chunksize}`] : []),
    ...(typeof run.libraryThreads === 'number' ? [`${run.libraryThreads} library thread${run.libraryThreads === 1 ? '' : 's'}`] : []),
  ];
  return notes.length > 0 ? `${run.workers} (${notes.join(', ')})` : String(run.workers);
}

const COLUMNS: Column[] = [
  { header: 'Executor', align: 'left', cell: (run) => run.executor },
  { header: 'Start', align: 'left', cell: (run) => run.startMethod ?? '—' },
  { header: 'Workers', align: 'right', cell: workersCell },
  { header: 'Wall (median)', align: 'right', cell: formatWall },
  { header: 'Speedup', align: 'right', cell: speedupCell },
  // The speedup's interval matters more than efficiency (speedup ÷ workers) when the terminal is narrow.
  // Efficiency is the speedup ÷ workers: the first to go.
  { header: 'Efficiency', align: 'right', cell: (run) => formatPercent(run.efficiency), optional: 4 },
  { header: 'CPU use', align: 'right', cell: (run) => formatPercent(run.cpuUtilization), optional: 1 },
  { header: 'Start-up', align: 'right', cell: (run) => formatSeconds(run.startupSeconds), optional: 2 },
  { header: 'Memory', align: 'right', cell: (run) => formatBytes(run.peakMemoryBytes), optional: 3 },
];

const GAP = '  ';
const MARK_WIDTH = 2;

function pad(text: string, width: number, align: 'left' | 'right'): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/** Cut a line to `width` characters, marking the cut. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 3))}...`;
}

/** Word-wrap to `width`, every line starting with `indent`; blank lines and explicit breaks are kept. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const room = Math.max(10, width - indent.length);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > room) {
        lines.push(indent + line);
        line = '';
      }
      line = line ? `${line} ${word}` : word;
    }
    lines.push(line ? indent + line : '');
  }
  return lines;
}

export function isBest(report: Report, run: Run): boolean {
  return isRecommendedRun(report.verdict, run);
}

/** The speedup with the interval its repeats allow, e.g. "1.93× (1.85–1.97)". */
export function speedupCell(run: Pick<Run, 'speedup' | 'speedupLow' | 'speedupHigh'>): string {
  return formatSpeedupRange(run.speedup, run.speedupLow, run.speedupHigh);
}

/** What the lines above the table name; known before the report is. */
export interface Heading {
  target: Pick<Report['target'], 'file' | 'function' | 'inputs'>;
  runtime: Report['runtime'];
  machine: Report['machine'];
  settings: Pick<Report['settings'], 'repeat' | 'plan'>;
  status: Report['status'];
}


/** The lines above the table: what was profiled, with what, on what machine. */
export function headerLines(report: Heading, color: boolean, width: number): string[] {
  const { target, runtime, machine, settings } = report;
  const gil = runtime.gilEnabled === null ? '' : runtime.gilEnabled ? ', GIL on' : ', GIL off';
  const method = runtime.defaultStartMethod ? `, default start method ${runtime.defaultStartMethod}` : '';
  const status = report.status === 'partial' ? ' (partial: cancelled part-way)' : '';
  return [
    paint(fit(`Parallel profile of ${target.function} in ${target.file}${status}`, width), color, 'bold'),
    fit(
      `${target.inputs.count} inputs (${target.inputs.expression}), ${formatTimings(settings)}`,
      width,
    ),
    fit(`${runtime.implementation} ${runtime.version}${gil}${method}`, width),
    // Wrapped, not cut: the cores this process may use are what every speedup below is read against.
    ...wrapPhrases([`${machine.cpuBrand}, ${machine.logicalCores} logical / ${machine.physicalCores} physical cores`, usableWords(machine), machine.platform], width),
  ];
}

/** "of which this process may use 1 (CPU affinity 0)" when fewer cores are usable, else null. */
function usableWords(machine: Machine): string | null {
  const limit = coreLimitWords(machine);
  return limit ? `of which this process may use ${usableCoreCounts(machine).logicalCores} (${limit})` : null;
}

/** Phrases joined with ", ", a new line between two phrases where the next would pass the width
 * (a phrase longer than the width is word-wrapped): "(CPU affinity 0)" is never split. */
function wrapPhrases(phrases: readonly (string | null)[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const present = phrases.filter((phrase): phrase is string => Boolean(phrase));
  for (const [index, phrase] of present.entries()) {
    const piece = index < present.length - 1 ? `${phrase},` : phrase;
    if (line && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = '';
    }
    if (piece.length > width) {
      const wrapped = wrap(piece, width);
      lines.push(...wrapped.slice(0, -1));
      line = wrapped[wrapped.length - 1] ?? '';
    } else line = line ? `${line} ${piece}` : piece;
  }
  if (line) lines.push(line);
  return lines;
}

/** Column widths and which optional columns fit: fixed before the first row is printed when rows come one by one. */
export interface TableLayout {
  widths: number[];
  shown: boolean[];
  /** Terminal columns. */
  width: number;
  color: boolean;
}

function layoutFor(widths: number[], options: TextOptions): TableLayout {
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  const room = Math.max(width, options.columns ?? width);
  // Keep the essential columns; add optional ones, most useful first, while they fit.
  let used = MARK_WIDTH + COLUMNS.reduce((sum, column, index) => sum + (column.optional ? 0 : widths[index] + GAP.length), 0);
  const shown = COLUMNS.map((column) => !column.optional);
  const byUse = COLUMNS.map((column, index) => ({ column, index })).filter(({ column }) => column.optional).sort((a, b) => (a.column.optional as number) - (b.column.optional as number));
  for (const { index } of byUse) {
    if (used + widths[index] + GAP.length > room) continue;
    used += widths[index] + GAP.length;
    shown[index] = true;
  }
  return { widths, shown, width, color: options.color };
}

/** The layout of a finished table: each column as wide as its widest cell. */
function layoutOfRuns(runs: readonly Run[], options: TextOptions): TableLayout {
  const cells = runs.map((run) => COLUMNS.map((column) => column.cell(run)));
  return layoutFor(COLUMNS.map((column, index) => Math.max(column.header.length, ...cells.map((row) => row[index].length))), options);
}

/** The layout of a table printed row by row: the headers' widths, and the executors and start methods that may come. */
export function layoutForRowsToCome(names: readonly { executor: string; startMethod: string | null }[], options: TextOptions): TableLayout {
  const widths = COLUMNS.map((column) => column.header.length);
  widths[0] = Math.max(widths[0], ...names.map((name) => name.executor.length));
  widths[1] = Math.max(widths[1], ...names.map((name) => (name.startMethod ?? '—').length));
  return layoutFor(widths, options);
}

function layoutLine(layout: TableLayout, values: string[]): string {
  return values
    .map((value, index) => (layout.shown[index] ? pad(value, layout.widths[index], COLUMNS[index].align) : null))
    .filter((value): value is string => value !== null)
    .join(GAP)
    .trimEnd();
}

/** The column titles and the rule under them. */
export function columnHeaderLines(layout: TableLayout): string[] {
  const header = layoutLine(layout, COLUMNS.map((column) => column.header));
  return [paint(' '.repeat(MARK_WIDTH) + header, layout.color, 'bold'), ' '.repeat(MARK_WIDTH) + '-'.repeat(header.length)];
}

/** One run's row (marked `*` when it is the recommended one), and for a failed run why, under it. */
export function runLines(run: Run, layout: TableLayout, best: boolean): string[] {
  const { color, width } = layout;
  const lines: string[] = [];
  const row = (best ? '* ' : '  ') + layoutLine(layout, COLUMNS.map((column) => column.cell(run)));
  if (best) lines.push(paint(row, color, 'green', 'bold'));
  else if (run.error) lines.push(paint(row, color, 'dim'));
  else if (isFiniteNumber(run.speedup) && run.speedup < 1) lines.push(paint(row, color, 'yellow'));
  else lines.push(row);
  if (run.error) {
    // Two lines hold the usual one-sentence message; the JSON report keeps all of it.
    const text = `error (${run.error.kind}): ${run.error.message.replace(/\s+/g, ' ').trim()}`;
    const wrapped = wrap(text, width, '    ');
    if (wrapped.length > 2) {
      const rest = wrapped.slice(1).map((part) => part.trim()).join(' ');
      wrapped.splice(1, wrapped.length - 1, `    ${fit(rest, width - 4)}`);
    }
    for (const text of wrapped) lines.push(paint(text, color, 'red'));
  }
  return lines;
}

/** The engine runs every executor at one worker count before the next count: a blank line between counts. */
export function startsGroup(previous: Pick<Run, 'workers'> | null, run: Pick<Run, 'workers'>): boolean {
  return previous !== null && previous.workers !== run.workers;
}

/** Under the table: the recommended configuration and how many failed. */
export function tableFooterLines(report: Report, options: TextOptions): string[] {
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  const { color } = options;
  const lines: string[] = [];
  if (report.runs.length === 0) lines.push('  (no configuration ran)');
  const best = report.verdict.best;
  lines.push('');
  if (best) {
    const recommended = report.runs.find((run) => isBest(report, run));
    const speedup = recommended ? speedupCell(recommended) : formatSpeedup(best.speedup);
    lines.push(paint(fit(`* recommended: ${runLabel(best)}, speedup ${speedup} over serial`, width), color, 'green'));
    // The fastest measured may differ: within the noise, the simpler configuration is the advice.
    const fastest = fastestRun(report.runs);
    if (fastest && !isBest(report, fastest)) {
      lines.push(fit(`  fastest measured: ${runLabel(fastest)}, speedup ${speedupCell(fastest)}`, width));
    }
  }
  // Configurations not run (skipped after serial timed out, cancelled) are no failures of their own.
  const skipped = report.runs.filter(notRun);
  const failed = report.runs.filter((run) => run.error !== null).length - skipped.length;
  const notRunWords = skipped.length > 0 ? `${skipped.length} not run (${[...new Set(skipped.map((run) => run.error?.kind))].join(', ')})` : '';
  if (failed > 0) {
    lines.push(paint(`${failed} of ${report.runs.length} configurations failed${notRunWords ? `; ${notRunWords}` : ''}.`, color, 'red'));
  } else if (notRunWords) {
    lines.push(`${skipped.length} of ${report.runs.length} configurations ${notRunWords.replace(/^\d+ /, '')}.`);
  }
  return lines;
}

/** The runs, one row each, in the order they ran, a blank line between worker counts; the verdict's best configuration is marked with `*`. */
export function formatTable(report: Report, options: TextOptions): string {
  const layout = layoutOfRuns(report.runs, options);
  const lines = [...headerLines(report, options.color, layout.width), '', ...columnHeaderLines(layout)];
  let previous: Run | null = null;
  for (const run of report.runs) {
    if (startsGroup(previous, run)) lines.push('');
    previous = run;
    lines.push(...runLines(run, layout, isBest(report, run)));
  }
  lines.push(...tableFooterLines(report, options));
  return lines.join('\n') + '\n';
}

/** The report's warnings as lines of text; a report written before they were stored gets them computed. */
function collectWarnings(report: Report): string[] {
  return (report.warnings ?? profileWarnings(report)).map((warning) => warningText(warning, report.runs));
}

/** The verdict as a headline, its reasons, what to do (with the code to paste), evidence and warnings. */
export function formatVerdict(report: Report, options: TextOptions): string {
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  const { color } = options;
  const { verdict } = report;
  const best = verdict.best ? ` - best: ${runLabel(verdict.best)} (${formatSpeedup(verdict.best.speedup)})` : '';
  const lines = [
    paint(`Verdict: ${verdict.kind}`, color, 'bold', verdict.kind === 'failed' ? 'red' : verdict.kind === 'inconclusive' ? 'yellow' : 'cyan') +
      paint(fit(best, width - 9 - verdict.kind.length), color, 'bold'),
    ...wrap(verdict.explanation, width, '  '),
  ];
  if (verdict.recommendation.trim()) {
    lines.push('', paint('What to do', color, 'bold'), ...wrap(verdict.recommendation, width, '  '));
  }
  if (verdict.code.trim()) {
    lines.push('', ...verdict.code.replace(/\s+$/, '').split('\n').map((code) => paint(`    ${code}`.trimEnd(), color, 'cyan')));
  }
  if (verdict.evidence.length > 0) {
    lines.push('', paint('Evidence', color, 'bold'));
    for (const evidence of verdict.evidence) lines.push(...wrap(evidence, width, '    ').map(hang('  - ')));
  }
  const warnings = collectWarnings(report);
  if (warnings.length > 0) {
    lines.push('', paint('Warnings', color, 'bold', 'yellow'));
    for (const warning of warnings) {
      lines.push(...wrap(warning, width, '    ').map(hang('  ! ')).map((text) => paint(text, color, 'yellow')));
    }
  }
  return lines.join('\n') + '\n';
}

/** Turn the first line's indent into a bullet, keeping continuation lines aligned under its text. */
function hang(bullet: string): (line: string, index: number) => string {
  return (line, index) => (index === 0 ? bullet + line.trimStart() : line);
}
