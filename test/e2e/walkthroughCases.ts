// The walkthrough's case table: which function a new user profiles, with what inputs, and what the
// Results panel must then show; plus what a panel showed, as read from its webview, and how to say it.

/** Everything the Results panel (or the inputs box) showed at the end of one run. */
export interface Shown {
  /** done: a report with a verdict card; failed: the "Profiling failed" card; input-box: the box refused the inputs. */
  state: 'done' | 'failed' | 'input-box';
  /** The verdict badge's kind (done), else null. */
  kind: string | null;
  /** The verdict headline ("Best: … — 1.9× in 2.1 s"). */
  headline: string;
  explanation: string;
  /** The partial-report note, when the run was cancelled part-way. */
  partial: string | null;
  warnings: string[];
  /** One line per failed configuration: "label: message — hint". */
  errorRows: string[];
  /** The full text of the error rows, tracebacks included (they sit in a collapsed <details>). */
  errorText: string;
  /** The Status cell of every configuration row ("ok", or the error kind, with "⚠ n" for warnings). */
  statuses: string[];
  /** The failed card's message, "What to do" hint and detail (file:line, traceback). */
  message: string;
  hint: string;
  detail: string;
  /** Text of the verdict card, the speedup, table and selected-run sections (not the environment). */
  reportText: string;
  /** The Environment section's text (interpreter version, settings). */
  environment: string;
  /** Error or warning notifications that were on screen after the run. */
  notifications: string[];
}

export interface ExampleCase {
  id: string;
  file: string;
  functionName: string;
  expected: string;
}

/** Every example a new user finds in the examples folder, profiled with its own PROFILE_INPUTS. */
export const EXAMPLES: ExampleCase[] = [
  { id: 'primes', file: 'primes.py', functionName: 'count_primes', expected: 'cpu-bound' },
  { id: 'inefficient-square', file: 'inefficient_square.py', functionName: 'f2', expected: 'cpu-bound' },
  { id: 'sleepy-requests', file: 'sleepy_requests.py', functionName: 'fetch', expected: 'io-bound' },
  { id: 'hashing', file: 'hashing.py', functionName: 'digest', expected: 'gil-free' },
  { id: 'images', file: 'images.py', functionName: 'convert', expected: 'gil-free' },
  { id: 'tiny-tasks', file: 'tiny_tasks.py', functionName: 'square', expected: 'overhead-bound' },
  { id: 'matmul', file: 'matmul.py', functionName: 'matmul', expected: 'internally-parallel' },
  { id: 'js-cpu-loop', file: 'js/cpu_loop.js', functionName: 'countPrimes', expected: 'cpu-bound' },
  { id: 'ts-wait', file: 'ts/wait.ts', functionName: 'fetchRecord', expected: 'io-bound' },
  { id: 'js-small-tasks', file: 'js/small_tasks.mjs', functionName: 'square', expected: 'overhead-bound' },
];

export interface FailureCase {
  id: string;
  /** Path inside the workspace, as typed into Quick Open. */
  file: string;
  functionName: string;
  /** Typed into the inputs box ('' keeps the script's PROFILE_INPUTS). */
  inputs: string;
  expected: string;
  /** What is wrong with what was shown; empty when it is what a user needs. */
  problems(shown: Shown): string[];
}

const allText = (shown: Shown): string =>
  [shown.headline, shown.explanation, shown.partial ?? '', ...shown.warnings, shown.errorText, shown.message, shown.hint, shown.detail].join('\n');

const statusKinds = (shown: Shown): string[] => shown.statuses.map((status) => status.replace(/⚠.*$/, '').trim());

function need(condition: boolean, problem: string): string[] {
  return condition ? [] : [problem];
}

/** Some configuration failed with one of `kinds`, and the panel's words match every pattern. */
function runErrors(kinds: string[], ...patterns: RegExp[]): (shown: Shown) => string[] {
  return (shown) => {
    if (shown.state !== 'done') return [`expected a report with failed configurations, the panel is ${shown.state}: ${shown.message}`];
    const seen = statusKinds(shown);
    return [
      ...need(seen.some((kind) => kinds.includes(kind)), `no configuration failed as ${kinds.join(' or ')} (statuses: ${seen.join(', ')})`),
      ...patterns.flatMap((pattern) => need(pattern.test(allText(shown)), `the panel never says ${pattern}`)),
    ];
  };
}

/** Every configuration ran to the end and the verdict is not "failed". */
function completes(shown: Shown): string[] {
  if (shown.state !== 'done') return [`expected a finished report, the panel is ${shown.state}: ${shown.message}`];
  const failedRows = statusKinds(shown).filter((kind) => kind !== 'ok');
  return [
    ...need(shown.kind !== null && shown.kind !== 'failed', `verdict ${shown.kind}`),
    ...need(failedRows.length === 0, `configurations failed: ${failedRows.join(', ')}`),
  ];
}

/** The "Profiling failed" card, whose words match every pattern. */
function failedCard(...patterns: RegExp[]): (shown: Shown) => string[] {
  return (shown) => {
    if (shown.state !== 'failed') return [`expected the failed card, the panel is ${shown.state} (${shown.kind ?? ''})`];
    return [
      ...need(shown.hint.trim().length > 0, 'the failed card has no "What to do" hint'),
      ...patterns.flatMap((pattern) => need(pattern.test(allText(shown)), `the failed card never says ${pattern}`)),
    ];
  };
}

/** The Python version the report ran with, from the Environment section, e.g. [3, 11]. */
export function pythonVersion(shown: Shown): [number, number] | null {
  const match = /Python (\d+)\.(\d+)/.exec(shown.environment);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** Session B: a user's broken functions, copied from test/fixtures/python. */
export const FAILURES: FailureCase[] = [
  {
    id: 'raises', file: 'raises.py', functionName: 'fails_on_odd', inputs: 'range(4)',
    expected: 'exception naming raises.py and a line',
    problems: runErrors(['exception'], /ValueError|odd input/, /raises\.py/, /raises\.py(:|", line )\d+/),
  },
  {
    id: 'segfault', file: 'segfault.py', functionName: 'crash_on_one', inputs: 'range(3)',
    expected: 'worker-crashed / crashed with the signal; the other configurations still listed',
    problems: (shown) => [
      ...runErrors(['worker-crashed', 'crashed'], /SIGSEGV|segmentation|signal 11/i)(shown),
      ...need(shown.statuses.length > 1, `only ${shown.statuses.length} configuration listed`),
    ],
  },
  {
    id: 'os-exit', file: 'os_exit.py', functionName: 'exit_hard', inputs: 'range(3)',
    expected: 'worker-crashed / crashed with exit code 3',
    problems: runErrors(['worker-crashed', 'crashed'], /\b3\b/),
  },
  {
    id: 'sys-exit', file: 'sys_exit.py', functionName: 'exit_softly', inputs: 'range(3)',
    expected: 'exit, naming sys.exit and status 2',
    problems: runErrors(['exit'], /sys\.exit|SystemExit/, /\b2\b/),
  },
  {
    id: 'keyboard-interrupt', file: 'keyboard_interrupt.py', functionName: 'interrupted', inputs: 'range(3)',
    expected: 'interrupted',
    problems: runErrors(['interrupted'], /KeyboardInterrupt|interrupt/i),
  },
  {
    id: 'hangs', file: 'hangs.py', functionName: 'busy_loop', inputs: 'range(2)',
    expected: 'timeout showing where it was stuck (busy_loop in hangs.py)',
    problems: runErrors(['timeout'], /busy_loop/, /hangs\.py/),
  },
  {
    id: 'pool-at-import', file: 'pool_at_import.py', functionName: 'work_func', inputs: 'range(4)',
    expected: 'bootstrap naming the __main__ guard',
    problems: runErrors(['bootstrap'], /__name__ == ["']__main__["']/),
  },
  {
    id: 'unpicklable-function', file: 'unpicklable.py', functionName: 'square', inputs: 'range(4)',
    expected: 'square (a lambda): unpicklable for processes; serial and thread still measured',
    problems: (shown) => [
      ...runErrors(['unpicklable'], /pickl/i)(shown),
      ...need(statusKinds(shown).filter((kind) => kind === 'ok').length >= 2, `serial and threads not both measured (statuses: ${shown.statuses.join(', ')})`),
    ],
  },
  {
    id: 'unpicklable-result', file: 'unpicklable.py', functionName: 'returns_lock', inputs: 'range(4)',
    expected: 'unpicklable for processes; serial and thread still measured',
    problems: (shown) => [
      ...runErrors(['unpicklable'], /pickl/i)(shown),
      ...need(statusKinds(shown).filter((kind) => kind === 'ok').length >= 2, `serial and threads not both measured (statuses: ${shown.statuses.join(', ')})`),
    ],
  },
  {
    id: 'output-flood', file: 'output_flood.py', functionName: 'shout', inputs: 'range(8)',
    expected: 'completes; the output shown as capped',
    problems: (shown) => [...completes(shown), ...need(/truncat|capped|\bcut\b/i.test(shown.reportText), 'the panel never says the output was capped')],
  },
  {
    id: 'huge-results', file: 'huge_results.py', functionName: 'big_blob', inputs: 'range(8)',
    expected: 'completes; result sizes shown',
    problems: (shown) => [...completes(shown), ...need(/\d\s?(k|M|G)i?B\b/.test(shown.reportText), 'no result or argument size (kB/MB) anywhere in the report')],
  },
  {
    id: 'thread-at-import', file: 'thread_at_import.py', functionName: 'square', inputs: 'range(4)',
    expected: 'completes; the fork-with-threads warning visible (CPython ≥ 3.12 only)',
    problems: (shown) => {
      const version = pythonVersion(shown);
      const warns = shown.warnings.some((line) => /fork/.test(line) && /thread/.test(line));
      // CPython 3.11 forks a threaded process without a word: only 3.12+ warns.
      const expectWarning = version === null || version[0] > 3 || (version[0] === 3 && version[1] >= 12);
      return [...completes(shown), ...need(!expectWarning || warns, 'no fork-with-threads warning among the warnings')];
    },
  },
  {
    id: 'syntax-error', file: 'syntax_error.py', functionName: 'broken', inputs: 'range(2)',
    expected: 'import error with file and line',
    problems: failedCard(/syntax_error\.py/, /syntax_error\.py(:|", line )\d+|line \d+/, /SyntaxError|expected ':'/),
  },
  {
    id: 'import-raises', file: 'import_raises.py', functionName: 'square', inputs: 'range(2)',
    expected: 'import error with the line',
    problems: failedCard(/import_raises\.py/, /import_raises\.py(:|", line )\d+|line \d+/, /FileNotFoundError|settings\.toml/),
  },
  {
    id: 'bad-inputs', file: 'two_functions.py', functionName: 'alpha', inputs: 'range(',
    expected: 'the input box or an error says the expression is bad',
    problems: (shown) =>
      shown.state === 'input-box'
        ? need(shown.message.trim().length > 0, 'the input box refused the inputs without a word')
        : failedCard(/range\(|never closed|SyntaxError|unexpected EOF/i, /input/i)(shown),
  },
  {
    id: 'dir-with-spaces', file: 'données.py', functionName: 'doubled_plus_one', inputs: '',
    expected: 'works from "dir with spaces/ünï" (imports its neighbour)',
    problems: completes,
  },
];

/** Session C: the interpreter setting points nowhere. */
export const MISSING_INTERPRETER: FailureCase = {
  id: 'interpreter-missing', file: 'two_functions.py', functionName: 'alpha', inputs: '',
  expected: 'names /nonexistent/python3 and the parallelProfiler.pythonPath setting',
  problems: failedCard(/\/nonexistent\/python3/, /parallelProfiler\.pythonPath|Python: Path|python path/i),
};

function firstSentence(text: string): string {
  return /^.*?[.!?](?=\s|$)/s.exec(text.trim())?.[0] ?? text.trim();
}

/** What the panel showed, in a line for the summary table. */
export function describeShown(shown: Shown): string {
  if (shown.state === 'input-box') return `input box: ${shown.message}`;
  if (shown.state === 'failed') {
    const partial = shown.kind ? ` (partial report: ${shown.kind})` : '';
    return `failed card: ${firstSentence(shown.message)} — ${/^What to do/i.test(shown.hint) ? '' : 'What to do: '}${shown.hint}${partial}`;
  }
  const parts = [`${shown.kind}: ${firstSentence(shown.explanation)}`];
  if (shown.partial) parts.push(shown.partial);
  const kinds = shown.statuses.map((status) => status.replace(/⚠.*$/, '').trim());
  const failed = kinds.filter((kind) => kind !== 'ok');
  if (failed.length > 0) parts.push(`${failed.length} of ${kinds.length} configurations failed; first: ${shown.errorRows[0] ?? failed[0]}`);
  if (shown.warnings.length > 0) parts.push(`warnings: ${shown.warnings.slice(0, 2).join(' / ')}`);
  return parts.join(' · ');
}
