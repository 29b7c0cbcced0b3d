// The verdict corpus's manifest is a list a test and a command can trust: at least 20 field
// workloads, each an existing script that defines the function and its PROFILE_INPUTS, with a
// reason; a disagreement left standing cites its measurement.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/cli';
import { makeTempDir } from '../helpers/tempDir';
import { agrees, readManifest, type Outcome } from '../helpers/verdictCorpus';

const manifest = readManifest();

test('the corpus has at least 20 cases and a quick subset for CI', () => {
  assert.ok(manifest.cases.length >= 20, `${manifest.cases.length} cases`);
  assert.ok(manifest.cases.some((entry) => entry.quick) && manifest.cases.some((entry) => !entry.quick));
});

test('every case names a script that defines its function and, for corpus cases, PROFILE_INPUTS', () => {
  for (const entry of [...manifest.cases, ...manifest.examples]) {
    const file = path.join(ROOT, entry.file);
    assert.ok(existsSync(file), `${entry.id}: ${entry.file} exists`);
    const source = readFileSync(file, 'utf8');
    assert.match(source, new RegExp(`(def|function)\\s+${entry.function}\\s*\\(|${entry.function}\\s*=`), `${entry.id} defines ${entry.function}`);
    if (entry.file.startsWith('test/corpus/')) assert.match(source, /^(export\s+const\s+)?PROFILE_INPUTS\s*=/m, `${entry.id} has PROFILE_INPUTS`);
  }
});

test('a known disagreement says what was measured', () => {
  for (const entry of manifest.cases.filter((each) => each.knownDisagreement !== undefined)) {
    assert.match(entry.knownDisagreement ?? '', /measured/i, `${entry.id}: the known disagreement cites its measurement`);
  }
});

test('a manifest with an unknown executor family or no reason is refused with the case named', () => {
  const dir = makeTempDir('pp-corpus-manifest-');
  try {
    const file = dir.file('manifest.json');
    const entry = { id: 'typo', file: 'x.py', function: 'f', kinds: ['cpu-bound'], families: ['process'], quick: true, reason: 'GIL-bound pure Python, so processes.' };
    writeFileSync(file, JSON.stringify({ cases: [entry] }));
    assert.throws(() => readManifest(file), /cases\[0\] \(typo\): families must list some of serial, threads, processes/);
    writeFileSync(file, JSON.stringify({ cases: [{ ...entry, families: ['processes'], reason: '' }] }));
    assert.throws(() => readManifest(file), /typo\): the reason must say why/);
  } finally {
    dir.remove();
  }
});

test('a case that accepts held library threads agrees with processes only when the advice holds them', () => {
  const entry = manifest.cases.find((each) => each.id === 'numpy-matmul-short');
  assert.ok(entry?.heldThreads, 'numpy-matmul-short accepts held threads');
  const outcome = (libraryThreads: number | null, family: 'serial' | 'processes') =>
    ({ kind: 'internally-parallel', family, libraryThreads, config: '', profileSeconds: null, serialSeconds: null, report: {} }) as unknown as Outcome;
  assert.equal(agrees(entry, outcome(null, 'serial')), true);
  assert.equal(agrees(entry, outcome(1, 'processes')), true, 'processes, each library held to a thread');
  assert.equal(agrees(entry, outcome(null, 'processes')), false, 'processes on the library\'s own threads compete with it');
});
