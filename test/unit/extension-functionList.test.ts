import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { definesProfileInputs, languageFor, listFunctions } from '../../src/extension/functionList';

const names = (source: string, language: 'python' | 'javascript' | 'typescript') => listFunctions(source, language).map((f) => f.name);

describe('Python function list', () => {
  test('lists top-level defs that take arguments, with their line and parameters', () => {
    const source = ['import os', '', 'def count_primes(n):', '    return n', '', 'async def fetch(url, timeout=3):', '    pass', ''].join('\n');
    assert.deepEqual(listFunctions(source, 'python'), [
      { name: 'count_primes', line: 3, params: ['n'] },
      { name: 'fetch', line: 6, params: ['url', 'timeout'] },
    ]);
  });

  test('leaves out a def without parameters', () => {
    assert.deepEqual(names('def main():\n    pass\n\ndef work(x):\n    pass\n', 'python'), ['work']);
  });

  test('leaves out nested defs and class methods', () => {
    const source = [
      'class Pool:',
      '    def submit(self, task):',
      '        def inner(y):',
      '            return y',
      'def outer(x):',
      '    def helper(z):',
      '        return z',
      '    return helper(x)',
    ].join('\n');
    assert.deepEqual(names(source, 'python'), ['outer']);
  });

  test('finds a decorated function on the line of its def', () => {
    const source = '@functools.lru_cache(maxsize=None)\n@njit\ndef fib(n):\n    return n\n';
    assert.deepEqual(listFunctions(source, 'python'), [{ name: 'fib', line: 3, params: ['n'] }]);
  });

  test('reads default values with brackets, strings and commas', () => {
    const source = 'def f(a, b={"k": (1, 2)}, c="x, y", *args, d: dict[str, int] = {}, **kwargs) -> int:\n    pass\n';
    assert.deepEqual(listFunctions(source, 'python')[0].params, ['a', 'b', 'c', '*args', 'd', '**kwargs']);
  });

  test('does not count the * and / markers as parameters', () => {
    assert.deepEqual(names('def only_markers(*, /):\n    pass\ndef g(a, /, b, *, c):\n    pass\n', 'python'), ['g']);
    assert.deepEqual(listFunctions('def g(a, /, b, *, c):\n    pass\n', 'python')[0].params, ['a', 'b', 'c']);
  });

  test('reads a signature over several lines, with comments inside', () => {
    const source = 'def square(\n    x,  # the number\n    power=2,\n):\n    return x ** power\n';
    assert.deepEqual(listFunctions(source, 'python'), [{ name: 'square', line: 1, params: ['x', 'power'] }]);
  });

  test('ignores def inside strings, docstrings and comments', () => {
    const source = [
      '"""Module doc.',
      'def in_docstring(x):',
      '    pass',
      '"""',
      "TEMPLATE = '''",
      'def in_template(y): pass',
      "'''",
      '# def in_comment(z):',
      "s = 'def quoted(a): pass'",
      'def real(n):',
      '    return n',
    ].join('\n');
    assert.deepEqual(names(source, 'python'), ['real']);
  });

  test('keeps only the last definition of a name, as Python does', () => {
    const source = 'def work(a):\n    pass\n\ndef work(a, b):\n    pass\n';
    assert.deepEqual(listFunctions(source, 'python'), [{ name: 'work', line: 4, params: ['a', 'b'] }]);
  });

  test('lists a lambda bound to a top-level name, with its parameters', () => {
    const source = [
      'square = lambda x: x * x  # noqa: E731',
      'scaled: Callable = lambda x, k={"a": 1}: x * k["a"]',
      'no_args = lambda: 1',
      'table = {"f": lambda y: y}',
      'def f():',
      '    inner = lambda z: z',
      'total = sum(map(lambda w: w, []))',
    ].join('\n');
    assert.deepEqual(listFunctions(source, 'python'), [
      { name: 'square', line: 1, params: ['x'] },
      { name: 'scaled', line: 2, params: ['x', 'k'] },
    ]);
  });

  test('a def after a lambda of the same name replaces it, and the other way round', () => {
    assert.deepEqual(listFunctions('work = lambda a: a\ndef work(a, b):\n    pass\n', 'python'), [{ name: 'work', line: 2, params: ['a', 'b'] }]);
    assert.deepEqual(listFunctions('def work(a, b):\n    pass\nwork = lambda a: a\n', 'python'), [{ name: 'work', line: 3, params: ['a'] }]);
  });

  test('lists the example workloads', () => {
    const examples = path.join(import.meta.dirname, '..', '..', 'examples');
    assert.deepEqual(names(readFileSync(path.join(examples, 'primes.py'), 'utf8'), 'python'), ['count_primes']);
    assert.deepEqual(names(readFileSync(path.join(examples, 'tiny_tasks.py'), 'utf8'), 'python'), ['square']);
  });

  test('sees PROFILE_INPUTS only as a top-level assignment', () => {
    assert.equal(definesProfileInputs('PROFILE_INPUTS = [1, 2]\n', 'python'), true);
    assert.equal(definesProfileInputs('PROFILE_INPUTS: list[int] = [1]\n', 'python'), true);
    assert.equal(definesProfileInputs('if x:\n    PROFILE_INPUTS = [1]\n', 'python'), false);
    assert.equal(definesProfileInputs('"""\nPROFILE_INPUTS = [1]\n"""\n', 'python'), false);
    assert.equal(definesProfileInputs('PROFILE_INPUTS == 3\n', 'python'), false);
  });
});

describe('JavaScript and TypeScript function list', () => {
  test('lists exported function declarations and arrow constants that take arguments', () => {
    const source = [
      'export function countPrimes(n) { return n; }',
      'export async function fetchAll(urls, limit = 4) {}',
      'export const square = (x) => x * x;',
      'export const half = async x => x / 2;',
      'export const cube = function (x) { return x ** 3; };',
      'export function noArgs() {}',
      'function notExported(y) {}',
    ].join('\n');
    assert.deepEqual(listFunctions(source, 'javascript'), [
      { name: 'countPrimes', line: 1, params: ['n'] },
      { name: 'fetchAll', line: 2, params: ['urls', 'limit'] },
      { name: 'square', line: 3, params: ['x'] },
      { name: 'half', line: 4, params: ['x'] },
      { name: 'cube', line: 5, params: ['x'] },
    ]);
  });

  test('lists CommonJS exports assigned one by one', () => {
    const source = [
      'function work(n) { return n; }',
      'exports.work = work;',
      'exports.inline = function (a, b) { return a + b; };',
      'module.exports.arrow = (z) => z;',
      'exports.value = 3;',
    ].join('\n');
    assert.deepEqual(listFunctions(source, 'javascript'), [
      { name: 'work', line: 1, params: ['n'] },
      { name: 'inline', line: 3, params: ['a', 'b'] },
      { name: 'arrow', line: 4, params: ['z'] },
    ]);
  });

  test('lists the members of module.exports = { … }', () => {
    const source = [
      'const hash = (data) => data;',
      'function count(n) { return n; }',
      'function ready() {}',
      'module.exports = {',
      '  hash,',
      '  total: count,',
      '  ready,',
      '  inline(a) { return a; },',
      '  arrow: async (b, c) => b + c,',
      '  LIMIT: 3,',
      '};',
    ].join('\n');
    assert.deepEqual(listFunctions(source, 'javascript'), [
      { name: 'hash', line: 1, params: ['data'] },
      { name: 'total', line: 2, params: ['n'] },
      { name: 'inline', line: 8, params: ['a'] },
      { name: 'arrow', line: 9, params: ['b', 'c'] },
    ]);
  });

  test('reads TypeScript signatures with generics, types and default values', () => {
    const source = [
      'export function mapAll<T, U>(items: Map<string, T>, f: (item: T) => U = identity): U[] { return []; }',
      'export const score = async (input: { a: number; b: string }, weights: number[] = [1, 2]): Promise<number> => 1;',
      'export function withThis(this: Window, n: number) {}',
    ].join('\n');
    assert.deepEqual(listFunctions(source, 'typescript'), [
      { name: 'mapAll', line: 1, params: ['items', 'f'] },
      { name: 'score', line: 2, params: ['input', 'weights'] },
      { name: 'withThis', line: 3, params: ['n'] },
    ]);
  });

  test('follows export lists to the local declarations, but not re-exports', () => {
    const source = ['function work(n) {}', 'const other = (m) => m;', 'export { work, other as renamed };', "export { far } from './far';"].join('\n');
    assert.deepEqual(listFunctions(source, 'typescript'), [
      { name: 'work', line: 1, params: ['n'] },
      { name: 'renamed', line: 2, params: ['m'] },
    ]);
  });

  test('leaves out functions nested in blocks and exports written inside strings, comments, templates and regexes', () => {
    const source = [
      'if (ready) { exports.nested = function (a) {}; }',
      '// export function inComment(x) {}',
      '/* export function inBlock(x) {} */',
      "const s = 'export function inString(x) {}';",
      'const t = `export function inTemplate(x) { ${"}"} }`;',
      'const r = /export function inRegex\\(x\\) {/;',
      'export function real(n) { return `${n}`; }',
    ].join('\n');
    assert.deepEqual(names(source, 'javascript'), ['real']);
  });

  test('finds a multi-line signature and reports the line it starts on', () => {
    const source = '\n\nexport function work(\n  first,\n  second,\n) {}\n';
    assert.deepEqual(listFunctions(source, 'javascript'), [{ name: 'work', line: 3, params: ['first', 'second'] }]);
  });

  test('sees an exported PROFILE_INPUTS in each module style', () => {
    assert.equal(definesProfileInputs('export const PROFILE_INPUTS = [1, 2];', 'javascript'), true);
    assert.equal(definesProfileInputs('exports.PROFILE_INPUTS = [1, 2];', 'javascript'), true);
    assert.equal(definesProfileInputs('const PROFILE_INPUTS = [1];\nmodule.exports = { work, PROFILE_INPUTS };', 'javascript'), true);
    assert.equal(definesProfileInputs('const PROFILE_INPUTS = [1];', 'javascript'), false);
  });
});

describe('language of a file', () => {
  test('prefers the editor language id and falls back to the extension', () => {
    assert.equal(languageFor('python', 'x.txt'), 'python');
    assert.equal(languageFor('plaintext', '/a/b.mjs'), 'javascript');
    assert.equal(languageFor('plaintext', '/a/b.cts'), 'typescript');
    assert.equal(languageFor('plaintext', '/a/b.rb'), null);
  });
});
