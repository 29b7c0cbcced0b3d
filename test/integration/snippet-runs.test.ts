// The code a verdict suggests is meant to be pasted and run: run it with the real interpreter,
// beside scripts whose names an import statement cannot spell.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { codeSnippet, type Advice } from '../../src/core/snippets';
import { makeTempDir } from '../helpers/tempDir';

const SCRIPT = ['def square(n):', '    return n * n', '', 'PROFILE_INPUTS = list(range(6))', 'LIMIT = 6', '', 'def gen_inputs(limit):', '    yield from range(limit)', ''].join('\n');

/** Writes `name` with SCRIPT and the snippet for `advice` beside it (printing its results), runs it. */
function runSnippet(name: string, advice: Advice, inputsExpression?: string): { status: number | null; stdout: string; stderr: string; code: string } {
  const dir = makeTempDir('pp-snippet-');
  try {
    writeFileSync(dir.file(name), SCRIPT);
    const code = codeSnippet({ language: 'python', functionName: 'square', file: dir.file(name), defaultStartMethod: 'fork', inputsExpression }, advice);
    // The snippet's last line inside the guard collects the results; print them to check.
    writeFileSync(dir.file('run_it.py'), `${code}    print(sorted(results))\n`);
    const run = spawnSync('python3', ['run_it.py'], { cwd: dir.path, encoding: 'utf8', timeout: 60_000 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, code };
  } finally {
    dir.remove();
  }
}

const SPAWNED: Advice = { kind: 'run', executor: 'process', startMethod: 'spawn', workers: 2, chunksize: null };
const SPAWNED_JS: Advice = { kind: 'run', executor: 'worker_threads', startMethod: null, workers: 2, chunksize: null };
const ASYNC_JS: Advice = { kind: 'run', executor: 'async', startMethod: null, workers: 6, chunksize: null };

describe('suggested code runs as written', () => {
  for (const name of ['my script.py', '2024-report.py', 'class.py', 'report.v2.py', 'data².py']) {
    test(`imports "${name}" by its file name, processes under spawn included`, () => {
      const run = runSnippet(name, SPAWNED);
      assert.equal(run.status, 0, `${run.code}\n${run.stderr}`);
      assert.equal(run.stdout.trim(), '[0, 1, 4, 9, 16, 25]');
      assert.match(run.code, /importlib\.util\.spec_from_file_location\(/);
    });
  }

  test('imports a script with a Python name by an import statement', () => {
    const run = runSnippet('squares.py', SPAWNED);
    assert.equal(run.status, 0, `${run.code}\n${run.stderr}`);
    assert.equal(run.stdout.trim(), '[0, 1, 4, 9, 16, 25]');
    assert.match(run.code, /^from squares import square, PROFILE_INPUTS$/m);
  });

  test('imports the script\'s names an inputs expression uses, by an import statement or by the file\'s path', () => {
    // A new user's --inputs "gen_inputs()": the code imported only the function, NameError: gen_inputs.
    for (const name of ['squares.py', 'my script.py']) {
      const run = runSnippet(name, SPAWNED, 'gen_inputs(LIMIT)');
      assert.equal(run.status, 0, `${run.code}\n${run.stderr}`);
      assert.equal(run.stdout.trim(), '[0, 1, 4, 9, 16, 25]');
      assert.match(run.code, /square, gen_inputs, LIMIT/);
    }
  });
});

/** JavaScript: the script's exports as written by hand, each form Node loads differently. */
const JS_SCRIPTS: Record<string, { source: string; packageType?: 'module' }> = {
  // module.exports with an array literal: Node's scan of the file does not see PROFILE_INPUTS.
  'squares.cjs': { source: 'function square(n) { return n * n; }\nmodule.exports = { square, PROFILE_INPUTS: [0, 1, 2, 3, 4, 5] };\n' },
  'squares.js': { source: 'exports.square = (n) => n * n;\nmodule.exports.PROFILE_INPUTS = Array.from({ length: 6 }, (_, i) => i);\n' },
  'esm.js': { source: 'export const square = (n) => n * n;\nexport const PROFILE_INPUTS = [0, 1, 2, 3, 4, 5];\nexport default { note: "a default export beside the named ones" };\n', packageType: 'module' },
  'squares.mjs': { source: 'export function square(n) { return n * n; }\nexport const PROFILE_INPUTS = [0, 1, 2, 3, 4, 5];\n' },
  // The function only inside a default object, the inputs named beside it.
  'default-object.mjs': { source: 'const square = (n) => n * n;\nexport const PROFILE_INPUTS = [0, 1, 2, 3, 4, 5];\nexport default { square };\n' },
};

/** Writes `name` with `source` and the snippet for it beside it (ending with its results printed),
 * runs it with Node (JavaScript, as run.mjs) or tsx (TypeScript, as run.mts), and returns both. */
function runScriptSnippet(
  language: 'javascript' | 'typescript',
  name: string,
  source: string,
  advice: Advice,
  options: { inputsExpression?: string; packageType?: 'module'; inputsCount?: number; functionName?: string } = {},
): { code: string; status: number | null; stdout: string; stderr: string } {
  const dir = makeTempDir('pp-snippet-js-');
  try {
    writeFileSync(dir.file(name), source);
    if (options.packageType) writeFileSync(dir.file('package.json'), JSON.stringify({ type: options.packageType }));
    const code = codeSnippet({ language, functionName: options.functionName ?? 'square', file: dir.file(name), defaultStartMethod: null, inputsExpression: options.inputsExpression, inputsCount: options.inputsCount }, advice);
    // The pools print their results; the others end with them in `results`.
    const runFile = language === 'typescript' ? 'run.mts' : 'run.mjs';
    writeFileSync(dir.file(runFile), code.includes('console.log(results)') ? code : `${code}console.log(results);\n`);
    const command = language === 'typescript' ? path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx') : process.execPath;
    const run = spawnSync(command, [runFile], { cwd: dir.path, encoding: 'utf8', timeout: 60_000 });
    return { code, status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    dir.remove();
  }
}

/** The snippet ran and printed the squares of 0–5. */
function assertSquares(run: ReturnType<typeof runScriptSnippet>): void {
  assert.equal(run.status, 0, `${run.code}\n${run.stderr}`);
  assert.match(run.stdout, /\[ 0, 1, 4, 9, 16, 25 \]/, `${run.code}\n${run.stdout}`);
}

describe('suggested JavaScript runs as written', () => {
  for (const [name, script] of Object.entries(JS_SCRIPTS)) {
    for (const advice of [SPAWNED_JS, ASYNC_JS]) {
      test(`imports ${name}${script.packageType ? ' (package type module)' : ''} under ${advice.kind === 'run' ? advice.executor : advice.kind}`, () => {
        assertSquares(runScriptSnippet('javascript', name, script.source, advice, { packageType: script.packageType }));
      });
    }
  }
});

test('suggested async code keeps the calls in flight the profile advised, fewer than the inputs, results in order', () => {
  // A new user's walk: async × 8 advised for 16 inputs, and the code started all 16 at once.
  const source = [
    'let inFlight = 0;',
    'let most = 0;',
    'export async function square(n) {',
    '  most = Math.max(most, ++inFlight);',
    '  await new Promise((resolve) => setTimeout(resolve, 5 + (n % 3) * 5));',
    '  inFlight -= 1;',
    '  return n * n;',
    '}',
    'export const PROFILE_INPUTS = [0, 1, 2, 3, 4, 5];',
    "process.on('exit', () => console.log(`most in flight: ${most}`));",
    '',
  ].join('\n');
  const run = runScriptSnippet('javascript', 'lanes.mjs', source, { kind: 'run', executor: 'async', startMethod: null, workers: 2, chunksize: null }, { inputsCount: 6 });
  assertSquares(run);
  assert.match(run.stdout, /most in flight: 2\n/, run.code);
});

test("suggested async lanes keep their own names apart from a function the script calls next, lane or index", () => {
  for (const name of ['next', 'lane', 'index']) {
    const source = `export async function ${name}(n) { await new Promise((resolve) => setTimeout(resolve, 1)); return n * n; }\nexport const PROFILE_INPUTS = [0, 1, 2, 3, 4, 5];\n`;
    assertSquares(runScriptSnippet('javascript', `${name}.mjs`, source, { kind: 'run', executor: 'async', startMethod: null, workers: 2, chunksize: null }, { inputsCount: 6, functionName: name }));
  }
});

describe('suggested JavaScript imports the exports an inputs expression uses', () => {
  // A new user's walk: --inputs "makeInputs()" gave code that imported only the function (ReferenceError).
  const scripts: Record<string, string> = {
    'inputs.mjs': 'export const square = (n) => n * n;\nexport const COUNT = 6;\nexport const inputs = [0, 1, 2, 3, 4, 5, 6, 7];\nexport function makeInputs(count) { return Array.from({ length: count }, (_, i) => i); }\nexport async function loadInputs() { return makeInputs(COUNT); }\n',
    'inputs.cjs': 'const square = (n) => n * n;\nconst makeInputs = (count) => Array.from({ length: count }, (_, i) => i);\nmodule.exports = { square, COUNT: 6, inputs: [0, 1, 2, 3, 4, 5, 6, 7], makeInputs, loadInputs: async () => makeInputs(6) };\n',
  };
  for (const [name, source] of Object.entries(scripts)) {
    for (const inputsExpression of ['makeInputs(COUNT)', 'loadInputs()', "inputs.slice(0, COUNT) // an export named like the code's own variable"]) {
      for (const advice of [SPAWNED_JS, ASYNC_JS]) {
        test(`${name}, inputs ${inputsExpression}, under ${advice.kind === 'run' ? advice.executor : advice.kind}`, () => {
          assertSquares(runScriptSnippet('javascript', name, source, advice, { inputsExpression }));
        });
      }
    }
  }

  test('a TypeScript script, inputs makeInputs(COUNT), under tsx', () => {
    const source = 'export const square = (n: number): number => n * n;\nexport const COUNT = 6;\nexport const makeInputs = (count: number): number[] => Array.from({ length: count }, (_, i) => i);\n';
    const run = runScriptSnippet('typescript', 'squares.ts', source, ASYNC_JS, { inputsExpression: 'makeInputs(COUNT)' });
    assert.match(run.code, /import \{ square, makeInputs, COUNT \} from '\.\/squares\.js';/);
    assertSquares(run);
  });
});

test('suggested code for a TypeScript export runs under tsx, which finds the .ts by its compiled name', () => {
  const source = 'export const square = (n: number): number => n * n;\nexport const PROFILE_INPUTS: number[] = [0, 1, 2, 3, 4, 5];\n';
  const run = runScriptSnippet('typescript', 'squares.ts', source, ASYNC_JS);
  assert.match(run.code, /squares\.ts is imported by its compiled name: compile it first \(tsc\), or run this file with npx tsx/);
  assertSquares(run);
});

test('suggested worker-thread code for a TypeScript export says to run it compiled, and runs so', () => {
  // A new user's walk: the worker pool's code run with npx tsx on Node 20 failed (the worker thread
  // did not get tsx's loader: ERR_MODULE_NOT_FOUND for squares.js).
  const dir = makeTempDir('pp-snippet-ts-workers-');
  try {
    writeFileSync(dir.file('squares.ts'), 'export const square = (n: number): number => n * n;\nexport const PROFILE_INPUTS: number[] = [0, 1, 2, 3, 4, 5];\n');
    const code = codeSnippet({ language: 'typescript', functionName: 'square', file: dir.file('squares.ts'), defaultStartMethod: null }, SPAWNED_JS);
    // As the code's first line names it, parallel.mjs, with the module compiled beside it.
    assert.match(code, /^\/\/ parallel\.mjs, next to your script/);
    assert.match(code, /squares\.ts is imported by its compiled name: compile it first \(tsc, so that squares\.js sits beside this file\) and run this file with node/);
    assert.doesNotMatch(code, /npx tsx/);
    writeFileSync(dir.file('parallel.mjs'), code);
    const tsc = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsc');
    const compiled = spawnSync(tsc, ['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(__dirname, '..', '..', 'node_modules', '@types'), '--skipLibCheck', 'squares.ts'], { cwd: dir.path, encoding: 'utf8', timeout: 60_000 });
    assert.equal(compiled.status, 0, `${code}\n${compiled.stdout}${compiled.stderr}`);
    const run = spawnSync(process.execPath, ['parallel.mjs'], { cwd: dir.path, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, `${code}\n${run.stderr}`);
    assert.match(run.stdout, /\[ 0, 1, 4, 9, 16, 25 \]/, `${code}\n${run.stdout}`);
  } finally {
    dir.remove();
  }
});
