// Ready-to-paste code for a recommendation, in the user's language, with the user's own function
// and module names.

import type { Executor, Language, StartMethod } from '../shared/report';
import { LIBRARY_THREAD_VARIABLES } from '../shared/runner';
import { baseName } from '../shared/format';

/** What the snippet must show. */
export type Advice =
  | { kind: 'serial' }
  /** Run one measured configuration. */
  | {
      kind: 'run';
      executor: Executor;
      startMethod: StartMethod | null;
      workers: number;
      chunksize: number | null;
      libraryThreads?: number | null;
      /** Another start method of the same pool measured clearly worse here, in how long it took to
       * start or to run the calls (startMethodMatters in verdict.ts): the code names the start method
       * even where it is the runtime's default, as a later Python may change that default (Linux's
       * becomes forkserver in 3.14). */
      startMethodMatters?: string | null;
    }
  /** Stay serial; show how to send inputs in batches should the work per call grow. */
  | { kind: 'batched'; workers: number; batchSize: number }
  /** One call at a time; the library underneath spreads each call over the cores. */
  | { kind: 'library-threads' };

export interface SnippetTarget {
  language: Language;
  functionName: string;
  /** The user's script; its file stem is the module the snippet imports. */
  file?: string;
  /** The inputs expression the profile used; undefined = the module's PROFILE_INPUTS. */
  inputsExpression?: string;
  /** The runtime's default start method: other methods are named explicitly in the code. */
  defaultStartMethod: StartMethod | null;
  /** How many inputs the profile ran: async calls advised at fewer in flight keep that many lanes. */
  inputsCount?: number;
}

/** Inputs per message so each worker gets about four batches: enough to balance, few enough to amortize. */
export function batchSizeFor(inputsCount: number, workers: number): number {
  return Math.max(1, Math.ceil(inputsCount / (4 * Math.max(1, workers))));
}

/** The chunksizes to measure around the advised one: half, it, and double, within 1 … inputs ÷ workers. */
export function batchSizesAround(batchSize: number, inputsCount: number, workers: number): number[] {
  const most = Math.max(1, Math.ceil(inputsCount / Math.max(1, workers)));
  const sizes = [Math.ceil(batchSize / 2), batchSize, batchSize * 2].map((size) => Math.min(most, Math.max(1, size)));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** The module to import: the script's file stem (Python) or its relative path (JavaScript). */
export function moduleName(file: string | undefined, language: Language): string {
  const base = (file ?? '').split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]+$/, '');
  if (language === 'python') return stem || 'your_module';
  if (!stem) return './your-module.js';
  // TypeScript is imported by its compiled name; plain JavaScript keeps its own extension.
  const extension = /\.(mjs|cjs|js)$/.exec(base)?.[0] ?? (/\.mts$/.test(base) ? '.mjs' : /\.cts$/.test(base) ? '.cjs' : '.js');
  return `./${stem}${extension}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** How the snippet refers to the inputs: an imported name, or an expression evaluated in place. */
function inputsOf(target: SnippetTarget): { name: string; imported: boolean } {
  const expression = target.inputsExpression?.trim() || 'PROFILE_INPUTS';
  return IDENTIFIER.test(expression) ? { name: expression, imported: true } : { name: expression, imported: false };
}

export function codeSnippet(target: SnippetTarget, advice: Advice): string {
  return target.language === 'python' ? pythonSnippet(target, advice) : javascriptSnippet(target, advice);
}

/** Python's builtins an inputs expression may use (3.8–3.13, lower case: the upper-case ones are exceptions and constants). */
const PYTHON_BUILTINS = new Set(
  ('abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod ' +
    'enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list ' +
    'locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum ' +
    'super tuple type vars zip True False None Ellipsis NotImplemented').split(' '),
);

/**
 * The script's names an inputs expression uses, to import beside the function: `gen_inputs(DATA, 3)`
 * → gen_inputs, DATA. Not attributes (`.x`), keyword arguments (`n=3`), names a comprehension or a
 * lambda binds, builtins or keywords, nor anything inside a string.
 */
export function pythonExpressionNames(expression: string): string[] {
  // Strings say nothing of names, but an f-string's fields are code: they are kept.
  const code = expression.replace(/([rbuf]{0,2})("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')/gi, (_, prefix: string, literal: string) =>
    /f/i.test(prefix) ? ` ${[...literal.replace(/\{\{|\}\}/g, '').matchAll(/\{([^{}]*)\}/g)].map((field) => field[1].split(/[!:](?![=])/)[0]).join(' ')} ` : ' ',
  );
  const bound = new Set<string>();
  const bind = (text: string): void => {
    for (const name of text.match(/[A-Za-z_]\w*/g) ?? []) bound.add(name);
  };
  // A comprehension's targets, starred ones included; a walrus's target.
  for (const match of code.matchAll(/\bfor\s+([\w\s,()*[\]]+?)\s+in\b|([A-Za-z_]\w*)\s*:=/g)) bind(match[1] ?? match[2]);
  // A lambda's parameters, not their defaults (lambda x, n=SCALE: … uses SCALE).
  for (const match of code.matchAll(/\blambda\b([^:]*):/g)) for (const parameter of match[1].split(',')) bind(/^\s*\**\s*([A-Za-z_]\w*)/.exec(parameter)?.[1] ?? '');
  const names: string[] = [];
  for (const match of code.matchAll(/(?<![\w.])([A-Za-z_]\w*)\b(?!\s*:?=(?!=))/g)) {
    const name = match[1];
    // Dunder names (__import__, __name__) are the interpreter's, never the script's to import.
    if (PYTHON_KEYWORDS.has(name) || PYTHON_BUILTINS.has(name) || /^__\w+__$/.test(name) || bound.has(name) || names.includes(name)) continue;
    names.push(name);
  }
  return names;
}

/** JavaScript's reserved words and literals: never a name to import. (get, set, of, static and
 * async are names too, but for their places in the syntax: see javascriptExpressionNames.) */
const JAVASCRIPT_KEYWORDS = new Set(
  ('await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof let new null return super switch this throw true try typeof var void while with yield').split(' '),
);

/** The globals of the language and of Node an inputs expression may use: never the script's exports
 * (importing one would shadow it with undefined). */
const JAVASCRIPT_GLOBALS = new Set(
  ('globalThis global undefined NaN Infinity Array ArrayBuffer Atomics BigInt BigInt64Array BigUint64Array Boolean DataView Date Error EvalError ' +
    'FinalizationRegistry Float16Array Float32Array Float64Array Function Int8Array Int16Array Int32Array Intl Iterator JSON Map Math Number Object ' +
    'Promise Proxy RangeError ReferenceError Reflect RegExp Set SharedArrayBuffer String Symbol SyntaxError TypeError URIError Uint8Array ' +
    'Uint8ClampedArray Uint16Array Uint32Array WeakMap WeakRef WeakSet AggregateError WebAssembly decodeURI decodeURIComponent encodeURI ' +
    'encodeURIComponent escape unescape eval isFinite isNaN parseFloat parseInt Buffer process console require module exports __dirname __filename ' +
    'setTimeout setInterval setImmediate clearTimeout clearInterval clearImmediate queueMicrotask structuredClone fetch Request Response Headers ' +
    'FormData crypto Crypto CryptoKey performance URL URLSearchParams TextEncoder TextDecoder AbortController AbortSignal Blob File atob btoa ' +
    'navigator DOMException Event EventTarget MessageChannel MessagePort MessageEvent BroadcastChannel ReadableStream WritableStream ' +
    'TransformStream CompressionStream DecompressionStream WebSocket').split(' '),
);

/** An expression in pieces, left to right: code, and what is no code (strings, comments, regular
 * expressions); a template literal's text is no code, its ${…} fields are. */
type Piece = { code: boolean; text: string; comment?: boolean };

const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/y;
const REGEX_LITERAL = /\/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+\/[a-z]*/y;
const STRINGS: Record<string, RegExp> = { '"': /"(?:\\.|[^"\\\n])*(?:"|$)/y, "'": /'(?:\\.|[^'\\\n])*(?:'|$)/y };
/** Words after which a slash starts a regular expression, not a division. */
const REGEX_AFTER = new Set(['return', 'typeof', 'case', 'in', 'of', 'void', 'await', 'yield', 'delete', 'instanceof', 'new', 'else', 'do']);

/** The text `pattern` (sticky) matches at `index`, or null. */
function matchAt(pattern: RegExp, text: string, index: number): string | null {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0] ?? null;
}

function javascriptPieces(expression: string): Piece[] {
  const pieces: Piece[] = [];
  let code = '';
  // Whether the last thing read ends an operand (a name, a literal, a closing bracket): a slash then divides.
  let operand = false;
  const flush = (): void => {
    if (code) pieces.push({ code: true, text: code });
    code = '';
  };
  const literal = (text: string, comment = false): void => {
    flush();
    pieces.push({ code: false, text, ...(comment ? { comment } : {}) });
  };
  let index = 0;
  while (index < expression.length) {
    const char = expression[index];
    if (char === '/') {
      const comment = matchAt(COMMENT, expression, index);
      if (comment) {
        literal(comment, true);
        index += comment.length;
        continue;
      }
      const word = operand ? /[A-Za-z_$][\w$]*$/.exec(code.trimEnd())?.[0] : undefined;
      const regex = !operand || (word !== undefined && REGEX_AFTER.has(word)) ? matchAt(REGEX_LITERAL, expression, index) : null;
      if (regex) {
        literal(regex);
        index += regex.length;
        operand = true;
        continue;
      }
    }
    if (char === '"' || char === "'") {
      const text = matchAt(STRINGS[char], expression, index) ?? char;
      literal(text);
      index += text.length;
      operand = true;
      continue;
    }
    if (char === '`') {
      flush();
      index = templatePieces(expression, index, pieces);
      operand = true;
      continue;
    }
    code += char;
    index += 1;
    if (!/\s/.test(char)) operand = /[\w$)\]}]/.test(char);
  }
  flush();
  return pieces;
}

/** Where a template's ${…} field that starts at `start` ends (its closing brace), braces counted
 * in its code only (not in its strings, comments or nested templates); the text's length if open. */
function fieldEnd(expression: string, start: number): number {
  let depth = 1;
  let index = start;
  while (index < expression.length) {
    const char = expression[index];
    const skipped =
      char === '"' || char === "'"
        ? matchAt(STRINGS[char], expression, index)
        : char === '/' && (expression[index + 1] === '/' || expression[index + 1] === '*')
          ? matchAt(COMMENT, expression, index)
          : null;
    if (skipped) {
      index += skipped.length;
      continue;
    }
    if (char === '`') {
      index = templatePieces(expression, index, []);
      continue;
    }
    if (char === '{') depth += 1;
    if (char === '}' && --depth === 0) return index;
    index += 1;
  }
  return expression.length;
}

/** A template literal from its opening backtick: its text as no code, each ${…} field's pieces.
 * Returns the index past its closing backtick (the text's length if it never closes). */
function templatePieces(expression: string, start: number, pieces: Piece[]): number {
  let index = start + 1;
  let text = '`';
  while (index < expression.length && expression[index] !== '`') {
    if (expression[index] === '\\') {
      text += expression.slice(index, index + 2);
      index += 2;
    } else if (expression.startsWith('${', index)) {
      pieces.push({ code: false, text: `${text}\${` });
      const end = fieldEnd(expression, index + 2);
      pieces.push(...javascriptPieces(expression.slice(index + 2, end)));
      text = end < expression.length ? '}' : '';
      index = end + 1;
    } else {
      text += expression[index];
      index += 1;
    }
  }
  pieces.push({ code: false, text: index < expression.length ? `${text}\`` : text });
  return index + 1;
}

/** The expression as code to write: comments dropped (a trailing // comment would swallow what
 * follows it), each left as the space or line break it stood for. */
function javascriptWithoutComments(expression: string): string {
  return javascriptPieces(expression)
    .map((piece) => (piece.comment ? (piece.text.includes('\n') ? '\n' : ' ') : piece.text))
    .join('')
    .trim();
}

/** The names a parameter list or declaration pattern binds: not its defaults (`n = SIZE` uses SIZE),
 * nor an object pattern's keys (`{ id: key }` binds key). */
function boundByPattern(pattern: string): string[] {
  let depth = 0;
  let kept = '';
  let skipping = false;
  let skippingDepth = 0;
  for (const char of pattern) {
    if ('([{'.includes(char)) depth += 1;
    if (')]}'.includes(char)) depth -= 1;
    if (skipping) {
      // A default ends at the next comma or closing bracket of its own level.
      if ((char === ',' && depth <= skippingDepth) || depth < skippingDepth) {
        skipping = false;
        kept += char;
      }
      continue;
    }
    if (char === '=') {
      skipping = true;
      skippingDepth = depth;
      continue;
    }
    kept += char;
  }
  return [...kept.matchAll(/([A-Za-z_$][\w$]*)(?![\w$]|\s*:)/g)].map((match) => match[1]);
}

/**
 * The script's exports an inputs expression uses, to import beside the function: `makeInputs(COUNT)`
 * → makeInputs, COUNT (the profiler evaluated it with every export in scope, so a free name that is
 * no global is an export). Not properties (`.x`, object keys, methods), names a function, its
 * parameters or a declaration binds, keywords or globals, nor anything inside a string, a comment
 * or a regular expression.
 */
export function javascriptExpressionNames(expression: string): string[] {
  const code = javascriptPieces(expression)
    .map((piece) => (piece.code ? piece.text : ' '))
    .join('')
    .replace(/\.\.\./g, ' ');
  const bound = new Set<string>();
  const bind = (names: string[]): void => names.forEach((name) => bound.add(name));
  // Arrow functions' parameters ((a, { b }) => …, x => …), a function's name and parameters, declarations.
  for (const match of code.matchAll(/\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*=>|([A-Za-z_$][\w$]*)\s*=>|\bfunction\b\s*\*?\s*([A-Za-z_$][\w$]*)?\s*\(([^()]*)\)|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*|\{[^}]*\}|\[[^\]]*\])|\bcatch\s*\(([^()]*)\)/g)) {
    if (match[1] !== undefined) bind(boundByPattern(match[1]));
    if (match[6] !== undefined) bind(boundByPattern(match[6]));
    if (match[2] !== undefined) bound.add(match[2]);
    if (match[3] !== undefined) bound.add(match[3]);
    if (match[4] !== undefined) bind(boundByPattern(match[4]));
    if (match[5] !== undefined) bind(boundByPattern(match[5]));
  }
  const names: string[] = [];
  for (const match of code.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)/g)) {
    const name = match[1];
    const at = match.index ?? 0;
    // The code around the name, a little of it: enough to place it, short enough to stay linear.
    const before = code.slice(Math.max(0, at - 200), at).trimEnd();
    const after = code.slice(at + name.length, at + name.length + 200).trimStart();
    // An object literal's key ({ size: 3 }), not a ternary's branch (a ? b : c); a method
    // ({ next() { … } }, get size() { … }, async *rows() { … }).
    if (/[{,]$/.test(before) && /^:/.test(after)) continue;
    if (/(?:[{,]|[{,]\s*(?:get|set|static|async)?\s*\*?)$/.test(before) && /^\([^()]*\)\s*\{/.test(after)) continue;
    // Words that are keywords only in their places: async before a function, of in a for loop,
    // get, set, static and async before a method's name.
    if (name === 'async' && /^(\(|function\b|[A-Za-z_$][\w$]*\s*=>)/.test(after)) continue;
    if (name === 'of' && /\bfor\s*(await\s*)?\([^;()]*$/.test(before)) continue;
    if ((name === 'get' || name === 'set' || name === 'static' || name === 'async') && /^\*?\s*[A-Za-z_$][\w$]*\s*\(/.test(after)) continue;
    if (JAVASCRIPT_KEYWORDS.has(name) || JAVASCRIPT_GLOBALS.has(name) || bound.has(name) || names.includes(name)) continue;
    names.push(name);
  }
  return names;
}

function pythonSnippet(target: SnippetTarget, advice: Advice): string {
  const fn = target.functionName;
  const inputs = inputsOf(target);
  // An expression evaluated in place needs the script's names it uses (gen_inputs() below).
  const used = inputs.imported ? [inputs.name] : pythonExpressionNames(inputs.name).filter((name) => name !== fn);
  const names = [fn, ...used].join(', ');
  const ref = inputs.imported ? inputs.name : 'inputs';
  const setup = inputs.imported ? [] : [`    inputs = ${inputs.name}`];
  const { imports, body } = pythonBody(target, advice, fn, ref);
  const held = advice.kind === 'run' ? heldLibraryThreads(advice) : [];
  const module = moduleName(target.file, 'python');
  const { before, from } = importableName(module)
    ? { before: [], from: [`from ${module} import ${names}`] }
    : {
        // "my script.py", "report.v2.py": no import statement can name it. Loaded by its path under a
        // Python name, registered so that spawned workers (which run this file's top level again)
        // find the function by that name when they unpickle it.
        before: ['import importlib.util', 'import os', 'import sys'],
        from: [
          `# No import statement can name "${pythonComment(module)}.py": it is loaded by its path, under the name ${pythonName(module)}.`,
          `spec = importlib.util.spec_from_file_location(${pythonString(pythonName(module))}, os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pythonString(`${module}.py`)}))`,
          'profiled_module = importlib.util.module_from_spec(spec)',
          'sys.modules[spec.name] = profiled_module',
          'spec.loader.exec_module(profiled_module)',
          `${names} = ${names.split(', ').map((name) => `profiled_module.${name}`).join(', ')}`,
        ],
      };
  const top = [...before, ...imports];
  return [...held, ...top, ...(top.length > 0 ? [''] : []), ...from, '', 'if __name__ == "__main__":', ...setup, ...body, ''].join('\n');
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** Whether an import statement can name the module: a Python identifier, not a keyword. */
function importableName(module: string): boolean {
  return /^[\p{XID_Start}_]\p{XID_Continue}*$/u.test(module) && !PYTHON_KEYWORDS.has(module);
}

/** A Python name for a file stem no import statement can spell: "my script" → my_script, "2024" → _2024. */
function pythonName(module: string): string {
  const name = module.replace(/[^\p{XID_Continue}]/gu, '_').replace(/^(?=[^\p{XID_Start}_])/u, '_');
  return PYTHON_KEYWORDS.has(name) ? `${name}_` : name;
}

/** A Python string literal (JSON's escapes are Python's for these). */
function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** Text for a one-line comment. */
function pythonComment(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** The lines that hold numeric libraries to the measured threads per worker: set before anything
 * imports numpy, since BLAS reads them once when it loads (workers inherit them). */
function heldLibraryThreads(run: Extract<Advice, { kind: 'run' }>): string[] {
  if (run.libraryThreads === null || run.libraryThreads === undefined) return [];
  const threads = run.libraryThreads;
  return [
    'import os',
    '',
    `# Before numpy loads: hold BLAS and OpenMP to ${threads} thread${threads === 1 ? '' : 's'} per worker, so the ${run.workers} workers`,
    "# do not each start a thread per core and fight over the same cores (measured: it paid).",
    `for name in (${LIBRARY_THREAD_VARIABLES.map((name) => `"${name}"`).join(', ')}):`,
    `    os.environ[name] = "${threads}"`,
    '',
  ];
}

function pythonBody(target: SnippetTarget, advice: Advice, fn: string, ref: string): { imports: string[]; body: string[] } {
  const loop = `    results = [${fn}(x) for x in ${ref}]`;
  switch (advice.kind) {
    case 'serial':
      return { imports: [], body: [loop] };
    case 'library-threads':
      return {
        imports: [],
        body: [
          '    # One call at a time: the library underneath already spreads each call over the cores.',
          '    # To cap its threads (to leave cores for other work), set OMP_NUM_THREADS=N before Python',
          '    # starts, or run the loop inside threadpoolctl.threadpool_limits(limits=N).',
          loop,
        ],
      };
    case 'batched':
      return {
        imports: [],
        body: [
          '    # Fastest here: a plain loop, because each call is shorter than handing it to a worker.',
          loop,
          '',
          `    # If each call grows heavier, send the inputs to processes ${advice.batchSize} at a time:`,
          '    # from multiprocessing import Pool',
          `    # with Pool(processes=${advice.workers}) as pool:`,
          `    #     results = pool.map(${fn}, ${ref}, chunksize=${advice.batchSize})`,
        ],
      };
    case 'run':
      return pythonRun(target, advice, fn, ref);
  }
}

function pythonRun(target: SnippetTarget, run: Extract<Advice, { kind: 'run' }>, fn: string, ref: string): { imports: string[]; body: string[] } {
  const w = run.workers;
  const chunk = run.chunksize !== null && run.chunksize > 1 ? `, chunksize=${run.chunksize}` : '';
  const matters = run.startMethod !== null && run.startMethod === target.defaultStartMethod ? run.startMethodMatters ?? null : null;
  const otherMethod = run.startMethod !== null && (run.startMethod !== target.defaultStartMethod || matters) ? run.startMethod : null;
  const context = otherMethod ? `, mp_context=multiprocessing.get_context("${otherMethod}")` : '';
  const named = matters ? [`    # ${run.startMethod} named, though it is the default here: ${pythonComment(matters)}; a later Python may start workers another way (forkserver on Linux from 3.14).`] : [];
  const guard = [...named, '    # Under spawn and forkserver every worker imports this file again: the guard keeps it from starting a pool too.'];
  switch (run.executor) {
    case 'serial':
      return pythonBody(target, { kind: 'serial' }, fn, ref);
    case 'thread':
      return {
        imports: ['from concurrent.futures import ThreadPoolExecutor'],
        body: [`    with ThreadPoolExecutor(max_workers=${w}) as pool:`, `        results = list(pool.map(${fn}, ${ref}))`],
      };
    case 'interpreter':
      return {
        imports: ['from concurrent.futures import InterpreterPoolExecutor  # Python 3.14+'],
        body: [`    with InterpreterPoolExecutor(max_workers=${w}) as pool:`, `        results = list(pool.map(${fn}, ${ref}${chunk}))`],
      };
    case 'process':
      return {
        imports: [...(otherMethod ? ['import multiprocessing'] : []), 'from concurrent.futures import ProcessPoolExecutor'],
        body: [...guard, `    with ProcessPoolExecutor(max_workers=${w}${context}) as pool:`, `        results = list(pool.map(${fn}, ${ref}${chunk}))`],
      };
    case 'pool':
      return {
        imports: [otherMethod ? 'import multiprocessing' : 'from multiprocessing import Pool'],
        body: [
          ...guard,
          `    with ${otherMethod ? `multiprocessing.get_context("${otherMethod}").Pool` : 'Pool'}(processes=${w}) as pool:`,
          `        results = pool.map(${fn}, ${ref}${chunk})`,
        ],
      };
    case 'joblib-loky':
    case 'joblib-threading':
      return {
        imports: ['from joblib import Parallel, delayed'],
        body: [`    results = Parallel(n_jobs=${w}${run.executor === 'joblib-threading' ? ', backend="threading"' : ''})(delayed(${fn})(x) for x in ${ref})`],
      };
    case 'dask':
      return {
        imports: ['from dask.distributed import Client, LocalCluster'],
        body: [
          `    with LocalCluster(n_workers=${w}, threads_per_worker=1) as cluster, Client(cluster) as client:`,
          // pure=False: equal inputs are still separate calls, as in the profile.
          `        results = client.gather(client.map(${fn}, list(${ref}), pure=False))`,
        ],
      };
    case 'async':
    case 'worker_threads':
    case 'child_process':
      // JavaScript executors never reach a Python snippet; a plain loop is the safe code.
      return pythonBody(target, { kind: 'serial' }, fn, ref);
  }
}

function javascriptSnippet(target: SnippetTarget, advice: Advice): string {
  const fn = target.functionName;
  const inputs = inputsOf(target);
  // An expression evaluated in place needs the exports it uses (makeInputs() below), and is awaited
  // as the profiler awaited it (an async function's inputs).
  const used = inputs.imported ? [inputs.name] : javascriptExpressionNames(inputs.name).filter((name) => name !== fn);
  const names = [fn, ...used].join(', ');
  // Worker threads and child processes the code starts load the module too: tsx's loader does not
  // reach a worker thread on every Node version (a new user's run under npx tsx on Node 20:
  // ERR_MODULE_NOT_FOUND for the .js name), so their code is run compiled.
  const startsWorkers = advice.kind === 'batched' || (advice.kind === 'run' && (advice.executor === 'worker_threads' || advice.executor === 'child_process'));
  const importLine = javascriptImport(target, names, startsWorkers);
  // The profiler awaits a name's value too (an export may be a promise of the inputs).
  const inputsValue = `await ${inputs.imported ? inputs.name : `(${javascriptWithoutComments(inputs.name)})`}`;
  // The code's own variables, renamed where an imported export has their name.
  const taken = new Set([fn, ...used]);
  const own = {
    inputs: taken.has('inputs') ? 'allInputs' : 'inputs',
    results: taken.has('results') ? 'allResults' : 'results',
    next: taken.has('next') ? 'nextInput' : 'next',
    lane: taken.has('lane') ? 'runLane' : 'lane',
    index: taken.has('index') ? 'position' : 'index',
  };
  const inputsLine = `const ${own.inputs} = Array.from(${inputsValue});`;
  const serialLines = [`const ${own.results} = [];`, `for (const input of ${own.inputs}) ${own.results}.push(await ${fn}(input));`];
  // These use top-level await, which only an ES module allows (a .ts file compiled as CommonJS
  // refused it in a new user's walk): the file name says so.
  const moduleHeader = '// run.mjs (run.mts for TypeScript), next to your script: an ES module, where top-level await works.';
  switch (advice.kind) {
    case 'serial':
      return [moduleHeader, importLine, '', inputsLine, ...serialLines, ''].join('\n');
    case 'library-threads':
      return [
        moduleHeader,
        importLine,
        '',
        '// One call at a time: the native code underneath already runs on several threads.',
        '// Its pool size is the library\'s own setting (UV_THREADPOOL_SIZE for libuv work such as crypto, zlib, fs).',
        inputsLine,
        ...serialLines,
        '',
      ].join('\n');
    case 'batched':
      return workerPool(target, 'worker_threads', advice.workers, advice.batchSize, importLine, inputsValue, own.inputs);
    case 'run':
      if (advice.executor === 'async') {
        if (target.inputsCount !== undefined && advice.workers < target.inputsCount) {
          // As measured: this many calls in flight, each lane starting the next input as its call settles.
          return [
            moduleHeader,
            importLine,
            '',
            inputsLine,
            `// ${advice.workers} calls in flight at a time, as measured: what each awaits overlaps, and each lane starts the next input as its call settles.`,
            `const ${own.results} = new Array(${own.inputs}.length);`,
            `let ${own.next} = 0;`,
            `const ${own.lane} = async () => {`,
            `  while (${own.next} < ${own.inputs}.length) {`,
            `    const ${own.index} = ${own.next}++;`,
            `    ${own.results}[${own.index}] = await ${fn}(${own.inputs}[${own.index}]);`,
            '  }',
            '};',
            `await Promise.all(Array.from({ length: ${advice.workers} }, ${own.lane}));`,
            '',
          ].join('\n');
        }
        return [moduleHeader, importLine, '', inputsLine, '// Every call starts at once: what each awaits (a reply, a timer, Node\'s thread pool) overlaps.', `const ${own.results} = await Promise.all(${own.inputs}.map((input) => ${fn}(input)));`, ''].join('\n');
      }
      if (advice.executor === 'worker_threads' || advice.executor === 'child_process') {
        return workerPool(target, advice.executor, advice.workers, advice.chunksize ?? 1, importLine, inputsValue, own.inputs);
      }
      return [importLine, '', inputsLine, ...serialLines, ''].join('\n');
  }
}

/**
 * The lines that import the function (and the inputs) from the user's file. TypeScript (ES syntax,
 * imported by its compiled name, which the lines say) by name; JavaScript as the profiler's runner
 * reads it (node-common.mjs loadExports): a default export's or module.exports' names under the
 * named exports — CommonJS names reach an import statement only where Node's scan of the file sees
 * them (`PROFILE_INPUTS: [...]` in an object literal it does not: 'Named export not found'), and a
 * module may export its function only inside a default object.
 */
function javascriptImport(target: SnippetTarget, names: string, startsWorkers = false): string {
  const module = moduleName(target.file, target.language);
  const base = baseName(target.file ?? '');
  const how = startsWorkers
    ? `compile it first (tsc, so that ${module.replace(/^\.\//, '')} sits beside this file) and run this file with node: the workers it starts load the module too, and tsx's loader does not reach a worker thread on every Node version`
    : 'compile it first (tsc), or run this file with npx tsx, which finds the .ts';
  const compiled = /\.[cm]?ts$/.test(base) ? [`// ${base} is imported by its compiled name: ${how}.`] : [];
  // TypeScript's own export syntax is ES, whatever it compiles to: named imports type-check and run.
  if (compiled.length > 0) return [...compiled, `import { ${names} } from '${module}';`].join('\n');
  return [
    `import * as profiled from '${module}';`,
    "// As the profiler read them: the named exports over a default export's (or module.exports') own.",
    `const { ${names} } = { ...profiled.default, ...profiled };`,
  ].join('\n');
}

/** A small self-contained pool: each worker imports the user's module once and takes batches by message. */
function workerPool(
  target: SnippetTarget,
  executor: 'worker_threads' | 'child_process',
  workers: number,
  batchSize: number,
  importLine: string,
  inputsExpression: string,
  inputs: string,
): string {
  const threads = executor === 'worker_threads';
  const fn = target.functionName;
  const main = threads ? 'isMainThread' : '!process.send';
  return [
    `// parallel.mjs, next to your script: ${fn} on ${workers} ${threads ? 'worker threads' : 'child processes'}, ${batchSize} input${batchSize === 1 ? '' : 's'} per message.`,
    threads ? "import { Worker, isMainThread, parentPort } from 'node:worker_threads';" : "import { fork } from 'node:child_process';",
    ...(threads ? [] : ["import { fileURLToPath } from 'node:url';"]),
    importLine,
    '',
    // Read outside the block below, whose names would shadow the exports the inputs use; once, not in each worker.
    `const ${inputs} = ${main} ? Array.from(${inputsExpression}) : [];`,
    '',
    `if (${main}) {`,
    `  const workers = ${workers};`,
    `  const batchSize = ${batchSize};`,
    `  const results = new Array(${inputs}.length);`,
    '  let next = 0;',
    '  const runWorker = () =>',
    '    new Promise((resolve, reject) => {',
    `      const worker = ${threads ? 'new Worker(new URL(import.meta.url))' : 'fork(fileURLToPath(import.meta.url))'};`,
    '      const sendNext = () => {',
    `        if (next >= ${inputs}.length) return void worker.${threads ? 'terminate()' : 'disconnect()'};`,
    '        const start = next;',
    '        next += batchSize;',
    `        worker.${threads ? 'postMessage' : 'send'}({ start, batch: ${inputs}.slice(start, next) });`,
    '      };',
    '      worker.on(\'message\', ({ start, output }) => {',
    '        output.forEach((value, offset) => (results[start + offset] = value));',
    '        sendNext();',
    '      });',
    "      worker.on('error', reject);",
    "      worker.on('exit', resolve);",
    '      sendNext();',
    '    });',
    '  await Promise.all(Array.from({ length: workers }, runWorker));',
    '  console.log(results);',
    '} else {',
    `  ${threads ? 'parentPort' : 'process'}.on('message', async ({ start, batch }) => {`,
    '    const output = [];',
    `    for (const input of batch) output.push(await ${fn}(input));`,
    `    ${threads ? 'parentPort.postMessage' : 'process.send'}({ start, output });`,
    '  });',
    '}',
    '',
  ].join('\n');
}
