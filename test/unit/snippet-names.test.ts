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
  ];
  for (const [expression, names] of cases) {
    test(`${expression} → ${names.join(', ') || 'none'}`, () => assert.deepEqual(javascriptExpressionNames(expression), names));
  }
});
