// The command line while a profile runs. On a terminal: the table's header, then each row as its
// configuration finishes (stdout), and a live line (stderr) with the configuration running, the
// time spent and roughly the time left. Piped or --quiet output is what it always was: the whole
// table and the verdict at the end (or the verdict line alone), nothing in between.

import type { Machine, Report, Run } from '../shared/report';
import { ProgressClock, progressLine } from '../shared/progressText';
import type { PlanKind, ProfileProgress } from './engine';
import { columnHeaderLines, formatTable, formatVerdict, headerLines, isBest, layoutForRowsToCome, runLines, startsGroup, tableFooterLines, type TableLayout } from './table';

/** Where the printer writes: process.stdout and process.stderr, or a test's capture. */
export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface PrinterOptions {
  quiet: boolean;
  color: boolean;
  /** Terminal columns. */
  width: number;
  /** Columns the table may use (TextOptions.columns): Infinity when the output is no terminal. */
  columns?: number;
  /** What the heading names before the report exists. */
  target: { file: string; functionName: string; repeat: number; plan: PlanKind };
  machine: Machine;
  clock?: ProgressClock;
}

const CLEAR_LINE = '\r\x1b[2K';

export class ProgressPrinter {
  /** Rows are printed as their configurations finish: stdout is a terminal a person watches. */
  readonly rowsAsTheyFinish: boolean;
  /** The live line is drawn: stderr is a terminal. */
  readonly liveLine: boolean;
  private readonly clock: ProgressClock;
  private layout: TableLayout | null = null;
  /** The text printed for each run, by run id, to tell at the end which rows changed since. */
  private readonly printed = new Map<string, string>();
  private lastPrinted: Run | null = null;
  private current: string | null = null;
  private lineShown = false;

  constructor(private readonly out: Stream, private readonly err: Stream, private readonly options: PrinterOptions) {
    this.rowsAsTheyFinish = !options.quiet && Boolean(out.isTTY);
    this.liveLine = !options.quiet && Boolean(err.isTTY);
    this.clock = options.clock ?? new ProgressClock();
  }

  readonly onProgress = (step: ProfileProgress): void => {
    if (step.type === 'probed') this.printHeading(step.probe);
    else if (step.type === 'config-start') this.current = step.label;
    else if (step.type === 'measured') {
      this.clock.estimate(step.leftSeconds);
      this.printNewRows(step.runs);
    }
    this.tick();
  };

  /** Redraws the live line with the time as of now; the CLI calls it every second. */
  tick(): void {
    if (!this.liveLine) return;
    // One character short of the width: a line that fills the terminal wraps, and \r would clear only its tail.
    const text = progressLine(this.current, this.clock.timing()).slice(0, Math.max(10, this.options.width - 1));
    this.err.write(CLEAR_LINE + text);
    this.lineShown = true;
  }

  /** Removes the live line (before the end, an error or an interruption is printed). */
  clear(): void {
    if (!this.lineShown) return;
    this.err.write(CLEAR_LINE);
    this.lineShown = false;
  }

  /** The rest of the output once the report is made. */
  finish(report: Report): void {
    this.clear();
    const format = { color: this.options.color, width: this.options.width, columns: this.options.columns };
    if (this.options.quiet) {
      this.out.write(`${report.verdict.kind}: ${report.verdict.recommendation}\n`);
      return;
    }
    if (!this.rowsAsTheyFinish || !this.layout) {
      this.out.write(formatTable(report, format) + '\n');
      this.out.write(formatVerdict(report, format));
      return;
    }
    const lines = [...this.rowsNotPrinted(report.runs, this.layout), ...this.rowsChanged(report, this.layout), ...tableFooterLines(report, format)];
    if (report.status === 'partial') lines.push('Partial report: cancelled part-way; the configurations that did not run are listed as cancelled.');
    this.out.write(lines.join('\n') + '\n\n');
    this.out.write(formatVerdict(report, format));
  }

  private printHeading(probe: Extract<ProfileProgress, { type: 'probed' }>['probe']): void {
    if (!this.rowsAsTheyFinish) return;
    const { target, machine, color, width, columns } = this.options;
    this.layout = layoutForRowsToCome(probe.executors, { color, width, columns });
    const heading = headerLines(
      {
        target: { file: target.file, function: target.functionName, inputs: probe.inputs },
        runtime: probe.runtime,
        machine,
        settings: { repeat: target.repeat, plan: target.plan },
        status: 'complete',
      },
      color,
      width,
    );
    this.write([...heading, '', ...columnHeaderLines(this.layout)]);
  }

  private printNewRows(runs: readonly Run[]): void {
    if (!this.layout) return;
    const lines = this.rowsNotPrinted(runs, this.layout);
    if (lines.length > 0) this.write(lines);
  }

  /** Rows of runs not printed yet, in the order they ran; each is remembered as printed. */
  private rowsNotPrinted(runs: readonly Run[], layout: TableLayout): string[] {
    const lines: string[] = [];
    for (const run of runs) {
      if (this.printed.has(run.id)) continue;
      const row = runLines(run, layout, false);
      this.printed.set(run.id, row.join('\n'));
      if (startsGroup(this.lastPrinted, run)) lines.push('');
      this.lastPrinted = run;
      lines.push(...row);
    }
    return lines;
  }

  /** Rows whose figures moved after they were printed (a serial baseline measured again moves every
   * speedup), the recommended one marked: the rest of the table is not printed a second time. */
  private rowsChanged(report: Report, layout: TableLayout): string[] {
    const changed = report.runs.filter((run) => runLines(run, layout, false).join('\n') !== this.printed.get(run.id));
    const best = report.runs.find((run) => isBest(report, run));
    const lines: string[] = [];
    if (changed.length > 0) {
      lines.push('', `Changed since printed above (${changed.length === 1 ? 'one row' : `${changed.length} rows`}):`);
      for (const run of changed) lines.push(...runLines(run, layout, run === best));
    }
    return lines;
  }

  /** Rows go to stdout; the live line on stderr is lifted off the terminal while they print. */
  private write(lines: string[]): void {
    const hadLine = this.lineShown;
    this.clear();
    this.out.write(lines.join('\n') + '\n');
    if (hadLine) this.tick();
  }
}
