// The command line: same engine as the extension, no vscode. Prints the table and the verdict,
// writes the exports, and exits 0 (report), 1 (the function failed everywhere), 2 (usage error).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { executorsFor } from './shared/executors';
import type { Executor, Language, Report } from './shared/report';
import { toCsv } from './shared/csv';
import { describeProfilePlan, languageOf, planKindOf, profile, type ProfileRequest } from './core/engine';
import { runnerFor } from './runners';
import { acquireMachineLock, describeHolder, type Lock } from './core/machineLock';
import { loadReportAssets, renderReportHtml } from './core/html';
import { packageRoot } from './core/packageRoot';
import { CoreSampler } from './core/sampler';
import { getMachine } from './core/machine';
import { ProgressPrinter } from './core/progressPrinter';
import { toChromeTrace } from './shared/trace';
import { ProfileError } from './shared/runner';
import { TOOL_VERSION } from './core/version';
import { readReportFile } from './core/reportFile';
import { NOTABLE_OTHER_CORES } from './core/contention';
import { compareReports, DEFAULT_THRESHOLD, whyNotComparableReports } from './shared/compare';
import { comparisonJson, comparisonMarkdown, comparisonText, moreRoundsText } from './core/compareText';
import { projectReport } from './shared/projection';
import { ReportStore } from './core/reportStore';
import { projectLocator } from './core/projectLocation';
import { defaultStoreRoot, historyJson, historyText } from './core/historyText';
import { DEFAULT_ROUNDS, parseConfigId, profileInterleaved, type InterleavedRequest } from './core/interleaved';

const EXIT_REPORT = 0;
const EXIT_FAILED_EVERYWHERE = 1;
const EXIT_USAGE = 2;
const EXIT_BUSY = 3;
const EXIT_REGRESSION = 3;
/** compare OLD.py NEW.py with --no-wait while another profile runs: not 3, which is compare's regression. */
const EXIT_COMPARE_BUSY = 4;
const EXIT_INTERRUPTED = 130;

/** The live line's elapsed time counts in whole seconds: redrawn once a second. */
const TICK_MS = 1000;

/** The parallel executors a language offers, as --executors takes them. */
function parallelExecutors(language: Language): string {
  return executorsFor(language).filter((executor) => executor !== 'serial').join(',');
}

const HELP = `parallel-profiler ${TOOL_VERSION} — threads or processes, and how many?

Usage:
  parallel-profiler profile FILE --function NAME [options]
  parallel-profiler compare OLD.json NEW.json [--threshold PCT] [--json | --markdown]
  parallel-profiler compare OLD.py NEW.py --function NAME [--rounds N] [--config ID,…] [options]
  parallel-profiler history FILE --function NAME [--store DIR] [--json]

Runs NAME from FILE over its inputs under serial, threads, processes (each start method) and more,
at several worker counts, samples every core, prints a table and a verdict. The plan is adaptive:
serial first, the worker sweep under one executor per family while doubling pays, every other
executor once where its family did best, more timings only for the configurations that decide.

Options:
  --function NAME     the function to profile (required)
                        e.g. --function count_primes
  --inputs EXPR       the inputs: an expression in the script's language, evaluated in the
                      script's module; each item is one call. Default: the module's PROFILE_INPUTS.
                        e.g. --inputs "[150000]*8"    (Python)
                             --inputs "Array.from({length: 8}, () => 3e7)"   (JavaScript)
  --executors LIST    comma-separated executors (serial always runs as the baseline)
                        Python: ${parallelExecutors('python')}
                        JavaScript/TypeScript: ${parallelExecutors('javascript')}
                        e.g. --executors thread,process
  --workers LIST      run every executor at exactly these worker counts, each --repeat times,
                      instead of the adaptive plan e.g. --workers 1,2,4
  --repeat N          timings of the configurations that decide the answer (the recommended and
                      the fastest); the median is reported (default 3). With --thorough or
                      --workers: timings of every configuration
  --thorough          every executor at every worker count (1, 2, 4… to the logical cores, the
                      physical cores and 2× logical), each --repeat times: slower, for comparison
  --budget SECONDS    fit the profile in about this many seconds; what would not fit is left out
                      and named in the report e.g. --budget 60
  --plan              print the plan and how many times the function will be called, and exit
                      without calling it (the script is imported to count its inputs)
  --timeout SECONDS   time limit per configuration (default 120) e.g. --timeout 30
  --chunksize N       chunksize for multiprocessing.Pool.map (default: Pool's own)
  --python PATH       the Python interpreter (default: python3 on PATH, then python)
  --node PATH         the node executable for JavaScript/TypeScript (default: this node)
  --dask-scheduler ADDRESS  use an existing dask scheduler instead of a LocalCluster
  --json FILE         write the report as JSON (schemaVersion 1)
  --html FILE         write a self-contained HTML report (the Results panel, offline)
  --trace FILE        write a Chrome trace (open in https://ui.perfetto.dev or chrome://tracing)
  --csv FILE          write one row per configuration as CSV
  --save              keep the report in the history store (see history below)
  --store DIR         the history store (default: $PARALLEL_PROFILER_STORE, else
                      $XDG_DATA_HOME/parallel-profiler/history, else ~/.local/share/…)
  --no-wait           when another profile runs on this machine, stop (exit 3) instead of
                      waiting for it: two at once would measure each other
  --quiet             print only the verdict line
  --no-color          no ANSI colours (also: NO_COLOR=1)
  -h, --help          this help
  -v, --version       the version

Exit codes: 0 report produced; 1 the function failed in every configuration (or the script could
not be imported); 2 usage error (incl. bad inputs, no usable interpreter); 3 another profile was
running on this machine and --no-wait was given; 130 interrupted (Ctrl+C; the partial report is
still written).

compare: sets two reports of the same function, inputs and machine side by side, each
configuration old → new. Exit 0 without a regression; 3 when serial or the configuration the old
report recommended got slower beyond the noise (the ranges of the repeats do not overlap) and by
more than --threshold percent (default ${DEFAULT_THRESHOLD * 100}); 2 when the reports cannot be compared
(another machine, function or inputs) or cannot be read. --json or --markdown (for a pull-request
comment) change what is printed.

compare OLD.py NEW.py: the baseline and the change timed in one run, in alternating rounds (old
then new, new then old…; --rounds, default ${DEFAULT_ROUNDS}): serial, and each --config given as
executor/start method/workers (e.g. --config process/fork/2). Whatever the machine does between
rounds falls on both sides, so a shared CI runner whose speed drifts between two profiles still
tells a slowdown from the same code. A configuration regressed when so many rounds' new ÷ old were
above 1 that the same code would do so at most 1 time in 500 (12 of 13 rounds) and the median ratio
exceeds --threshold; rounds that lean neither way while their median change is past --threshold
are followed by 4 more at a time, up to three times --rounds (a burst of other load hitting one
side of some rounds delays the answer rather than hiding the change). Every configuration
timed is gated. Takes --function, --inputs, --python/--node, --timeout, --threshold,
--json/--markdown, --quiet and --no-wait as above; --old-report FILE and --new-report FILE keep both
sides' JSON reports. Exit codes: 0 no regression; 3 a regression (a configuration slower beyond the
noise and the threshold, or one that worked before and fails now); 1 a script could not be
imported; 2 usage errors; 4 another profile was running and --no-wait was given; 130 interrupted.

history: every report of NAME in FILE saved with --save, oldest to newest — date, commit (+ for
uncommitted changes), verdict, recommended configuration, its speedup, the serial wall — and the
report files, to hand two of them to compare. Reports are keyed by the repository (its first commit)
and the file's path inside it, so a renamed or re-cloned checkout keeps its history; the newest 50
of each function are kept. --json prints the entries as JSON.

Example:
  parallel-profiler profile examples/primes.py --function count_primes --inputs "[60000]*8" --html report.html
`;

class UsageError extends Error {}

interface CliOptions {
  request: ProfileRequest;
  json?: string;
  html?: string;
  trace?: string;
  csv?: string;
  quiet: boolean;
  color: boolean;
  wait: boolean;
  /** Print the plan and exit. */
  plan: boolean;
  /** The history store to save the report in, or undefined not to save it. */
  saveTo?: string;
}

function parseList(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${flag} needs a comma-separated list, e.g. ${flag} 1,2,4`);
  return items;
}

function parseNumber(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new UsageError(`${flag} takes a positive ${integer ? 'whole ' : ''}number, not "${value}".`);
  }
  return number;
}

function parseCommandLine(argv: string[]): CliOptions | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      function: { type: 'string' },
      inputs: { type: 'string' },
      executors: { type: 'string' },
      workers: { type: 'string' },
      repeat: { type: 'string' },
      timeout: { type: 'string' },
      chunksize: { type: 'string' },
      python: { type: 'string' },
      node: { type: 'string' },
      'dask-scheduler': { type: 'string' },
      json: { type: 'string' },
      html: { type: 'string' },
      trace: { type: 'string' },
      csv: { type: 'string' },
      save: { type: 'boolean', default: false },
      store: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      thorough: { type: 'boolean', default: false },
      budget: { type: 'string' },
      plan: { type: 'boolean', default: false },
      'no-wait': { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, file, ...rest] = positionals;
  if (command !== 'profile') {
    throw new UsageError(command ? `Unknown command "${command}". The commands are "profile", "compare" and "history".` : 'Missing the command: parallel-profiler profile FILE --function NAME');
  }
  if (!file) throw new UsageError('Missing the script to profile: parallel-profiler profile FILE --function NAME');
  if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}". Quote expressions, e.g. --inputs "range(16)".`);
  if (!values.function) throw new UsageError('Missing --function NAME: the function of the script to profile.');
  if (values.store && !values.save) throw new UsageError('--store names where --save keeps the report: give --save too.');
  const language = languageOf(file);
  const workers = parseList(values.workers, '--workers')?.map((item) => parseNumber(item, '--workers', true) as number);
  return {
    request: {
      file: path.resolve(file),
      functionName: values.function,
      cwd: process.cwd(),
      inputs: values.inputs,
      executable: language === 'python' ? values.python : values.node,
      executors: parseList(values.executors, '--executors') as Executor[] | undefined,
      workers,
      repeat: parseNumber(values.repeat, '--repeat', true) ?? 3,
      timeoutSeconds: parseNumber(values.timeout, '--timeout', false) ?? 120,
      chunksize: parseNumber(values.chunksize, '--chunksize', true) ?? null,
      daskScheduler: values['dask-scheduler'],
      thorough: values.thorough,
      budgetSeconds: parseNumber(values.budget, '--budget', false) ?? null,
    },
    plan: values.plan,
    saveTo: values.save ? (values.store ? path.resolve(values.store) : defaultStoreRoot()) : undefined,
    json: values.json,
    html: values.html,
    trace: values.trace,
    csv: values.csv,
    quiet: values.quiet,
    wait: !values['no-wait'],
    color: !values['no-color'] && !process.env.NO_COLOR && Boolean(process.stdout.isTTY),
  };
}

function writeFile(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
}

/** Indented JSON a person can read, except for a large report: indenting multiplies the size of
 * its span and sample arrays about threefold, past the 512 MB V8 can hold as one string. */
const INDENT_BELOW_BYTES = 32 * 1024 * 1024;

function reportJson(report: Report): string {
  const compact = JSON.stringify(report);
  return (compact.length < INDENT_BELOW_BYTES ? JSON.stringify(report, null, 2) : compact) + '\n';
}

function writeExports(report: Report, options: CliOptions): string[] {
  const written: string[] = [];
  if (options.json) {
    writeFile(options.json, reportJson(report));
    written.push(`JSON report: ${options.json}`);
  }
  if (options.html) {
    const root = packageRoot(__dirname);
    writeFile(options.html, renderReportHtml(report, loadReportAssets(path.join(root, 'dist'), path.join(root, 'media'))));
    written.push(`HTML report: ${options.html}`);
  }
  if (options.trace) {
    writeFile(options.trace, JSON.stringify(toChromeTrace(report)));
    written.push(`Trace (open in ui.perfetto.dev): ${options.trace}`);
  }
  if (options.csv) {
    writeFile(options.csv, toCsv(report));
    written.push(`CSV: ${options.csv}`);
  }
  return written;
}

async function printPlan(request: ProfileRequest, signal: AbortSignal): Promise<number> {
  try {
    process.stdout.write(await describeProfilePlan(request, { signal, runnerFor }));
    return EXIT_REPORT;
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    process.stderr.write(`parallel-profiler: ${error.message}\n${error.hint}\n`);
    return error.kind === 'import' ? EXIT_FAILED_EVERYWHERE : EXIT_USAGE;
  }
}

const COMPARE_OPTIONS = {
  threshold: { type: 'string' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  // Two scripts, timed in alternating rounds:
  function: { type: 'string' },
  inputs: { type: 'string' },
  rounds: { type: 'string' },
  config: { type: 'string' },
  python: { type: 'string' },
  node: { type: 'string' },
  timeout: { type: 'string' },
  'old-report': { type: 'string' },
  'new-report': { type: 'string' },
  quiet: { type: 'boolean' },
  'no-wait': { type: 'boolean' },
} as const;

type CompareValues = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: typeof COMPARE_OPTIONS }>>['values'];

/** `compare OLD NEW`: the CI gate, on two JSON reports or on two scripts timed in alternating
 * rounds. Every way it cannot compare is a usage error (2). */
async function compareCommand(argv: string[]): Promise<number> {
  let values: CompareValues;
  let files: string[];
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: COMPARE_OPTIONS });
    values = parsed.values;
    files = parsed.positionals.slice(1);
    if (files.length !== 2) throw new UsageError('compare takes two reports or two scripts: parallel-profiler compare OLD.json NEW.json, or compare OLD.py NEW.py --function NAME');
    if (values.json && values.markdown) throw new UsageError('Choose one of --json and --markdown.');
  } catch (error) {
    process.stderr.write(`parallel-profiler: ${(error as Error).message}\nRun parallel-profiler --help for the options.\n`);
    return EXIT_USAGE;
  }
  const threshold = values.threshold === undefined ? DEFAULT_THRESHOLD : Number(values.threshold) / 100;
  if (!Number.isFinite(threshold) || threshold < 0) {
    process.stderr.write(`parallel-profiler: --threshold takes a percentage of 0 or more, e.g. --threshold 10, not "${values.threshold}".\n`);
    return EXIT_USAGE;
  }
  const scripts = files.filter((file) => languageOf(file) !== null);
  if (scripts.length === 2) return compareScripts(files as [string, string], values, threshold);
  const scriptOnly = (['function', 'inputs', 'rounds', 'config', 'python', 'node', 'timeout', 'old-report', 'new-report', 'no-wait'] as const).filter((name) => values[name] !== undefined);
  if (scripts.length === 0 && scriptOnly.length > 0) {
    process.stderr.write(`parallel-profiler: --${scriptOnly[0]} is for comparing two scripts; two reports were given, which are compared as they are.\n`);
    return EXIT_USAGE;
  }
  if (scripts.length === 1) {
    process.stderr.write('parallel-profiler: cannot compare a script with a report: give two JSON reports written by --json, or two scripts.\n');
    return EXIT_USAGE;
  }
  const reports = [];
  for (const file of files) {
    try {
      reports.push(await readReportFile(file));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} does not exist.` : (error as Error).message;
      process.stderr.write(`parallel-profiler: cannot compare: ${reason} Give two JSON reports written by --json.\n`);
      return EXIT_USAGE;
    }
  }
  const [before, after] = reports;
  const why = whyNotComparableReports(before, after);
  if (why) {
    process.stderr.write(`parallel-profiler: cannot compare: ${why}. Profile the baseline and the change on one machine with the same inputs.\n`);
    return EXIT_USAGE;
  }
  const comparison = compareReports(before, after, { threshold, otherLoadCores: NOTABLE_OTHER_CORES });
  process.stdout.write(values.json ? comparisonJson(comparison) : values.markdown ? comparisonMarkdown(comparison) : comparisonText(comparison));
  return comparison.regressions.length > 0 ? EXIT_REGRESSION : EXIT_REPORT;
}

/** Says why a profile (or an interleaved comparison) could not be made, and the exit code for it.
 * `busy`: another profile held the machine and --no-wait was given (compare's 3 is a regression). */
function exitForProfileError(error: ProfileError, exits: { busy: number; traceback: boolean }): number {
  process.stderr.write(`parallel-profiler: ${error.message}\n${error.hint}\n`);
  if (exits.traceback && error.detail?.traceback) process.stderr.write(`\n${error.detail.traceback.trimEnd()}\n`);
  if (error.kind === 'cancelled') return EXIT_INTERRUPTED;
  if (error.kind === 'busy') return exits.busy;
  // A missing interpreter is fixed on the command line (--python), like any other usage error.
  return error.kind === 'import' ? EXIT_FAILED_EVERYWHERE : EXIT_USAGE;
}

/** `compare OLD.py NEW.py --function NAME`: serial (and each --config) of both scripts timed in
 * alternating rounds, so the machine's drift falls on both sides; then the gate on the pairs. */
async function compareScripts(files: [string, string], values: CompareValues, threshold: number): Promise<number> {
  let request: InterleavedRequest;
  try {
    if (!values.function) throw new UsageError('Missing --function NAME: the function both scripts define.');
    const rounds = parseNumber(values.rounds, '--rounds', true) ?? DEFAULT_ROUNDS;
    const configs = (parseList(values.config, '--config') ?? []).map((id) => {
      const config = parseConfigId(id);
      if (!config) throw new UsageError(`--config takes configurations as executor/start method/workers, e.g. process/fork/2 or thread/4, not "${id}".`);
      return config;
    });
    const side = (file: string): ProfileRequest => ({
      file: path.resolve(file),
      functionName: values.function as string,
      cwd: process.cwd(),
      inputs: values.inputs,
      executable: languageOf(file) === 'python' ? values.python : values.node,
      repeat: rounds,
      timeoutSeconds: parseNumber(values.timeout, '--timeout', false) ?? 120,
    });
    request = { before: side(files[0]), after: side(files[1]), rounds, configs, threshold };
  } catch (error) {
    process.stderr.write(`parallel-profiler: ${(error as Error).message}\nRun parallel-profiler --help for the options.\n`);
    return EXIT_USAGE;
  }
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const sampler = new CoreSampler();
  let lock: Lock | null = null;
  try {
    lock = await acquireMachineLock(
      { from: 'the command line', functionName: request.after.functionName, file: request.after.file },
      {
        signal: controller.signal,
        noWait: Boolean(values['no-wait']),
        onWait: (holder) => process.stderr.write(`Waiting: ${describeHolder(holder)}. This comparison starts when it ends (Ctrl+C to give up; --no-wait not to wait).\n`),
      },
    );
    const { before, after } = await profileInterleaved(request, {
      signal: controller.signal,
      sampler,
      runnerFor,
      onRound: (round, rounds) => {
        if (!values.quiet) process.stderr.write(`Round ${round} of ${rounds}: ${round % 2 === 1 ? 'old, then new' : 'new, then old'}\n`);
      },
      onMoreRounds: (added) => {
        if (!values.quiet) process.stderr.write(`${moreRoundsText(added)}\n`);
      },
    });
    if (values['old-report']) writeFile(values['old-report'], reportJson(before));
    if (values['new-report']) writeFile(values['new-report'], reportJson(after));
    const comparison = compareReports(before, after, { threshold, otherLoadCores: NOTABLE_OTHER_CORES });
    process.stdout.write(values.json ? comparisonJson(comparison) : values.markdown ? comparisonMarkdown(comparison) : comparisonText(comparison));
    if (before.status === 'partial' || after.status === 'partial') return EXIT_INTERRUPTED;
    return comparison.regressions.length > 0 ? EXIT_REGRESSION : EXIT_REPORT;
  } catch (error) {
    if (error instanceof ProfileError) return exitForProfileError(error, { busy: EXIT_COMPARE_BUSY, traceback: false });
    throw error;
  } finally {
    await lock?.release();
    sampler.dispose();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

/** The history store at a folder, keyed like the extension's: repository and path inside it. */
function storeAt(root: string): ReportStore {
  return new ReportStore(root, {
    locate: projectLocator(() => undefined),
    onWarning: (message) => process.stderr.write(`parallel-profiler: ${message}\n`),
  });
}

/** `history FILE --function NAME`: the saved reports of one function, oldest first. */
async function historyCommand(argv: string[]): Promise<number> {
  let values: { function?: string; store?: string; json?: boolean };
  let file: string;
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { function: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } },
    });
    values = parsed.values;
    const files = parsed.positionals.slice(1);
    if (files.length !== 1) throw new UsageError('history takes one script: parallel-profiler history FILE --function NAME');
    if (!values.function) throw new UsageError('Missing --function NAME: the function whose history to list.');
    file = files[0];
  } catch (error) {
    process.stderr.write(`parallel-profiler: ${(error as Error).message}\nRun parallel-profiler --help for the options.\n`);
    return EXIT_USAGE;
  }
  const root = values.store ? path.resolve(values.store) : defaultStoreRoot();
  const store = storeAt(root);
  const absolute = path.resolve(file);
  const functionName = values.function as string;
  const entries = await store.entries(absolute, functionName);
  const saved = await Promise.all(entries.map(async (entry) => ({ entry, file: await store.reportPath(absolute, functionName, entry.id) })));
  process.stdout.write(values.json ? historyJson(saved) : historyText(saved, { functionName, file, store: root }));
  return EXIT_REPORT;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'compare') return compareCommand(argv);
  if (argv[0] === 'history') return historyCommand(argv);
  let options: CliOptions | 'help' | 'version';
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    process.stderr.write(`parallel-profiler: ${(error as Error).message}\nRun parallel-profiler --help for the options.\n`);
    return EXIT_USAGE;
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return EXIT_REPORT;
  }
  if (options === 'version') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT_REPORT;
  }

  const controller = new AbortController();
  if (options.plan) return printPlan(options.request, controller.signal);
  let interrupted = false;
  let printer: ProgressPrinter | null = null;
  const onInterrupt = (): void => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    printer?.clear();
    process.stderr.write('\nInterrupted: stopping the run and keeping what was measured (Ctrl+C again to quit now)…\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const sampler = new CoreSampler();
  let ticking: NodeJS.Timeout | undefined;
  let lock: Lock | null = null;
  try {
    lock = await acquireMachineLock(
      { from: 'the command line', functionName: options.request.functionName, file: options.request.file },
      {
        signal: controller.signal,
        noWait: !options.wait,
        // Said even with --quiet: a run that sits still for minutes must say what it waits for.
        onWait: (holder) => process.stderr.write(`Waiting: ${describeHolder(holder)}. This profile starts when it ends (Ctrl+C to give up; --no-wait not to wait).\n`),
      },
    );
    const { request } = options;
    printer = new ProgressPrinter(process.stdout, process.stderr, {
      quiet: options.quiet,
      color: options.color,
      width: process.stdout.columns || process.stderr.columns || 100,
      // Written to a file or a pipe, the table keeps every column: no terminal cuts its lines.
      columns: process.stdout.isTTY ? undefined : Number.POSITIVE_INFINITY,
      target: { file: request.file, functionName: request.functionName, repeat: request.repeat, plan: planKindOf(request) },
      // The engine asks for it too; it is described once per process.
      machine: await getMachine(),
    });
    if (printer.liveLine) {
      const live = printer;
      ticking = setInterval(() => live.tick(), TICK_MS);
      ticking.unref();
    }
    const report = await profile(request, { signal: controller.signal, sampler, onProgress: printer.onProgress, runnerFor });
    clearInterval(ticking);
    printer.finish(report);
    if (!options.quiet) process.stdout.write(`\n${projectReport(report).words}\n`);
    for (const line of writeExports(report, options)) process.stderr.write(`${line}\n`);
    if (options.saveTo) process.stderr.write(`Saved in the history: ${await storeAt(options.saveTo).save(report)}\n`);
    if (report.status === 'partial') return EXIT_INTERRUPTED;
    return report.verdict.kind === 'failed' ? EXIT_FAILED_EVERYWHERE : EXIT_REPORT;
  } catch (error) {
    clearInterval(ticking);
    printer?.clear();
    if (error instanceof ProfileError) return exitForProfileError(error, { busy: EXIT_BUSY, traceback: true });
    throw error;
  } finally {
    await lock?.release();
    sampler.dispose();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`parallel-profiler: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.stderr.write('Please report this with the command you ran.\n');
    process.exitCode = EXIT_FAILED_EVERYWHERE;
  },
);
