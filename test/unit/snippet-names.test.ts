// The script's names an inputs expression uses, imported beside the function in the suggested code.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { javascriptExpressionNames, pythonExpressionNames } from '../../src/core/snippets';

describe('the names an inputs expression takes from the script', () => {
  const cases: [string, string[]][] = [
    ['gen_inputs()', ['gen_inputs']],
    ['list(range(10))', []],
    ['[x * 2 for x in DATA if x > LIMIT]', ['DATA', 'LIMIT']],
    ['load("data.csv", n=N)', ['load', 'N']],
    ['sorted(ITEMS, key=lambda item: item.size)', ['ITEMS']],
    ['[f"{PREFIX}{i}" for i in range(N)]', ['PREFIX', 'N']],
    ['list(map(lambda x, n=SCALE: x * n, DATA))', ['SCALE', 'DATA']],
    ['[y for x in DATA if (y := f(x))]', ['DATA', 'f']],
    ['[a for a, *rest in ROWS]', ['ROWS']],
    ['__import__("numpy").arange(5)', []],
    ['np.arange(N)', ['np', 'N']],
  ];
  for (const [expression, names] of cases) {
    test(`${expression} → ${names.join(', ') || 'none'}`, () => assert.deepEqual(pythonExpressionNames(expression), names));
  }
});

describe('the exports a JavaScript inputs expression takes from the script', () => {
  const cases: [string, string[]][] = [
    ['makeInputs()', ['makeInputs']],
    ['makeInputs(COUNT)', ['makeInputs', 'COUNT']],
    ['Array.from({ length: 8 }, (_, i) => i * STEP)', ['STEP']],
    ['DATA.map((row) => row.size)', ['DATA']],
    ['[...SMALL, ...LARGE]', ['SMALL', 'LARGE']],
    ['URLS.slice(0, LIMIT).map(u => `${BASE}/${u}`)', ['URLS', 'LIMIT', 'BASE']],
    ['loadInputs("data.json", { size: SIZE })', ['loadInputs', 'SIZE']],
    ['FAST ? SMALL : LARGE', ['FAST', 'SMALL', 'LARGE']],
    ['new Dataset(SEED).items', ['Dataset', 'SEED']],
    ['JSON.parse(process.env.INPUTS ?? "[]")', []],
    ['Math.random() > 0.5 ? [1e3, 0xff] : []', []],
    ['ROWS.filter(function (r) { const limit = MAX; return r < limit; })', ['ROWS', 'MAX']],
    // What a first version of this read wrongly (a review's list).
    ["makeRequests('https://api.example.com', COUNT)", ['makeRequests', 'COUNT']],
    ['fetchAll("http://x/" + PATH, LIMIT) // the first page', ['fetchAll', 'PATH', 'LIMIT']],
    ['TEXT.split(/\\s+/g).map((word) => word.length / SCALE)', ['TEXT', 'SCALE']],
    ['((n = SIZE) => Array.from({ length: n }, (_, i) => i))()', ['SIZE']],
    ['ITEMS.map(({ id, size = DEFAULT }) => size)', ['ITEMS', 'DEFAULT']],
    ['(function* gen() { for (const n of SIZES) yield n * STEP; })()', ['SIZES', 'STEP']],
    ['({ *[Symbol.iterator]() { yield* ROWS; }, next() { return DONE; } })', ['ROWS', 'DONE']],
    ['`${JSON.stringify({ n: N })}-${ITEMS.map((i) => `${PREFIX}${i}`).join()}`', ['N', 'ITEMS', 'PREFIX']],
    ['new Request(BASE_URL).url', ['BASE_URL']],
    ['get(COUNT).concat(of(2), async () => loadAll())', ['get', 'COUNT', 'of', 'loadAll']],
    // A second review's list.
    ['`${"{"}` + makeInputs(N)', ['makeInputs', 'N']],
    ["`${a}${'`'}` + Z", ['a', 'Z']],
    ['TOTAL /* all */ / PARTS / 2', ['TOTAL', 'PARTS']],
    ['ROWS.map(({ count: c, size: s }) => c * s * SCALE)', ['ROWS', 'SCALE']],
    ['({ get size() { return N; }, async *rows() { yield* ROWS; } })', ['N', 'ROWS']],
    ['(() => { try { return load(); } catch (e) { return FALLBACK; } })()', ['load', 'FALLBACK']],
  ];
  for (const [expression, names] of cases) {
    test(`${expression} → ${names.join(', ') || 'none'}`, () => assert.deepEqual(javascriptExpressionNames(expression), names));
  }
});

describe('the JavaScript inputs expression as the code writes it', () => {
  test('drops a trailing comment, keeps strings with // and leaves an open template as it was', async () => {
    const { codeSnippet } = await import('../../src/core/snippets');
    const code = (inputsExpression: string): string =>
      codeSnippet({ language: 'javascript', functionName: 'work', file: '/x/s.mjs', defaultStartMethod: null, inputsExpression }, { kind: 'serial' });
    assert.match(code('load("http://x/a") // first page'), /Array\.from\(await \(load\("http:\/\/x\/a"\)\)\);/);
    assert.match(code('typeof/**/X === "object" ? [X] : []'), /await \(typeof X === "object" \? \[X\] : \[\]\)/);
  });
});
