// The CI gate on real profiles: the same code profiled again passes `compare` (exit 0) every time,
// a 20% slower function fails it (exit 3), and reports that cannot be compared are usage errors (2).
// Runs the built CLI (npm run build) with the real python3; it measures, so run it under the lock.
//
// The first two are repeatability figures, and they depend on the host: on the shared CI machine
// the same pure-Python serial code read 17–24% apart in CPU time between two profiles a few seconds
// apart (clean-clone CI, 2026-12-02), so no gate can tell a 20% slowdown there from one pair of
// profiles. They run in `npm run bench` (bench/compareGate.ts, PP_GATE_REPEATABILITY=1), which
// prints the N of 10; CI runs the usage errors here and the gate's logic on recorded reports
// (test/unit/compare.test.ts).

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { describeResult, runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tempDir';
import { NOTABLE_OTHER_CORES } from '../../src/core/contention';
import { UNEVEN_CPUS, unevenCpus, type Report } from '../../src/shared/report';
import { waitForEvenCpus } from '../helpers/verdictCorpus';

const lockDir = makeTempDir('pp-gate-lock-');
process.env.PARALLEL_PROFILER_LOCK_DIR ??= lockDir.path;
const temp = makeTempDir('pp-gate-');
after(() => {
  temp.remove();
  lockDir.remove();
});

/** Pure-Python work of `scale` units per call: a 20% slower version is the same function at scale 1.2. */
function writeWork(scale: number): string {
  const file = temp.file('work.py');
  writeFileSync(file, `SCALE = ${scale}\n\n\ndef crunch(n):\n    total = 0\n    for i in range(int(n * SCALE)):\n        total += i * i % 7\n    return total\n`);
  return file;
}

/** The same pure-Python work as a script of its own name, for `compare OLD.py NEW.py`. */
function writeScript(name: string, scale: number): string {
  const file = temp.file(name);
  writeFileSync(file, `SCALE = ${scale}\n\n\ndef crunch(n):\n    total = 0\n    for i in range(int(n * SCALE)):\n        total += i * i % 7\n    return total\n`);
  return file;
}

/** `compare OLD.py NEW.py`: serial of both timed in thirteen alternating rounds (more while undecided). */
function compareScripts(before: string, after: string, extra: string[] = [], inputs = '[600_000] * 4') {
  return runCli(['compare', before, after, '--function', 'crunch', '--inputs', inputs, '--quiet', ...extra], temp.path);
}

async function profile(json: string, inputs = '[2_000_000] * 6'): Promise<void> {
  const result = await runCli(['profile', temp.file('work.py'), '--function', 'crunch', '--inputs', inputs, '--executors', 'process', '--workers', '2', '--repeat', '3', '--json', json, '--quiet'], temp.path);
  assert.equal(result.code, 0, describeResult(result));
}

/** A run measured while other programs kept cores busy, or on CPUs running unevenly (in the
 * readings, or in serial's own timings), is not judged by the gate: a test of what the gate finds
 * needs a quiet serial run, so such a profile is taken again (a few times at most). */
let retaken = 0;
async function profileQuietly(json: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) retaken += 1;
    await profile(json);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const serial = report.runs.find((run) => run.executor === 'serial');
    // Nor is a report whose CPUs ran unevenly judged, nor serial when its own timings swung by the
    // CPUs' unevenness or more: wait for even CPUs as the retries of the verdict tests do.
    const walls = serial?.repeats ?? [];
    const swung = walls.length > 1 && Math.max(...walls) >= UNEVEN_CPUS * Math.min(...walls);
    if ((serial?.otherCores ?? 0) < NOTABLE_OTHER_CORES && !unevenCpus(report.machine) && !swung) return;
    assert.ok(attempt < 8, `${attempt} profiles in a row were measured under other programs' load or on uneven CPUs; the machine is too busy to test the gate`);
    await waitForEvenCpus(report);
  }
}

const SAME_CODE_RUNS = 10;
const SLOWER_RUNS = 3;
const repeatability = process.env.PP_GATE_REPEATABILITY === '1' ? {} : { skip: 'a repeatability figure: npm run bench (bench/compareGate.ts)' };

// Each comparison is of two profiles taken one after the other, as a CI job profiles the base and
// the change on one runner: on this shared machine the same serial code measured minutes apart
// drifted by up to 17% in CPU time, more than any gate can tell from a real slowdown.
describe('parallel-profiler compare on real profiles', { timeout: 1_200_000 }, () => {
  test(`the same code profiled again exits 0 in ${SAME_CODE_RUNS} of ${SAME_CODE_RUNS} comparisons`, repeatability, async () => {
    writeWork(1);
    const codes: number[] = [];
    const printed: string[] = [];
    const unjudged: number[] = [];
    for (let index = 0; index < SAME_CODE_RUNS; index++) {
      await profile(temp.file(`before-${index}.json`));
      await profile(temp.file(`again-${index}.json`));
      const result = await runCli(['compare', temp.file(`before-${index}.json`), temp.file(`again-${index}.json`)], temp.path);
      codes.push(result.code ?? -1);
      if (/could not be judged/.test(result.stdout)) unjudged.push(index);
      if (result.code !== 0) printed.push(describeResult(result));
    }
    process.stdout.write(`# same code: ${codes.filter((code) => code === 0).length} of ${SAME_CODE_RUNS} comparisons exited 0 (${codes.join(', ')}); ${unjudged.length} of them not judged for other load or uneven CPUs\n`);
    assert.deepEqual(codes, Array(SAME_CODE_RUNS).fill(0), printed.join('\n\n'));
  });

  test(`a 20% slower function exits 3 in ${SLOWER_RUNS} of ${SLOWER_RUNS} comparisons and names serial as slower beyond the noise, in text, JSON and Markdown`, repeatability, async () => {
    const codes: number[] = [];
    const printed: string[] = [];
    for (let index = 0; index < SLOWER_RUNS; index++) {
      writeWork(1);
      await profileQuietly(temp.file(`baseline-${index}.json`));
      writeWork(1.2);
      await profileQuietly(temp.file(`slower-${index}.json`));
      const result = await runCli(['compare', temp.file(`baseline-${index}.json`), temp.file(`slower-${index}.json`)], temp.path);
      codes.push(result.code ?? -1);
      if (result.code !== 3) printed.push(describeResult(result));
    }
    process.stdout.write(`# 20% slower: ${codes.filter((code) => code === 3).length} of ${SLOWER_RUNS} comparisons exited 3 (${codes.join(', ')}); ${retaken} profiles taken again for other load or uneven CPUs\n`);
    assert.deepEqual(codes, Array(SLOWER_RUNS).fill(3), printed.join('\n\n'));
    copyFileSync(temp.file('baseline-0.json'), temp.file('baseline.json'));
    copyFileSync(temp.file('slower-0.json'), temp.file('slower.json'));
    const text = await runCli(['compare', temp.file('baseline.json'), temp.file('slower.json')], temp.path);
    assert.equal(text.code, 3, describeResult(text));
    assert.match(text.stdout, /Regression: .*slower beyond the noise/);
    assert.match(text.stdout, /serial: (fastest timing |CPU time )?.* → .*, \+\d+(\.\d)?%, beyond the noise/);
    const json = await runCli(['compare', temp.file('baseline.json'), temp.file('slower.json'), '--json'], temp.path);
    assert.equal(json.code, 3);
    const parsed = JSON.parse(json.stdout) as { regression: boolean; regressions: { id: string; change: number }[] };
    assert.equal(parsed.regression, true);
    const serial = parsed.regressions.find((entry) => entry.id === 'serial/1');
    assert.ok(serial && serial.change > 0.1 && serial.change < 0.4, json.stdout);
    const markdown = await runCli(['compare', temp.file('baseline.json'), temp.file('slower.json'), '--markdown'], temp.path);
    assert.equal(markdown.code, 3);
    assert.match(markdown.stdout, /^### Parallel Profiler: ❌ Regression/m);
    assert.match(markdown.stdout, /^\| serial \* \|/m);
    // A threshold above the slowdown lets it through.
    assert.equal((await runCli(['compare', temp.file('baseline.json'), temp.file('slower.json'), '--threshold', '60'], temp.path)).code, 0);
  });

  test(`timed in alternating rounds, the same code exits 0 in ${SAME_CODE_RUNS} of ${SAME_CODE_RUNS} comparisons and a 20% slower one exits 3`, repeatability, async () => {
    const old = writeScript('old.py', 1);
    const same = writeScript('same.py', 1);
    const slower = writeScript('slower.py', 1.2);
    const codes: number[] = [];
    const printed: string[] = [];
    for (let index = 0; index < SAME_CODE_RUNS; index++) {
      const result = await compareScripts(old, same);
      codes.push(result.code ?? -1);
      if (result.code !== 0) printed.push(describeResult(result));
    }
    const caught: number[] = [];
    for (let index = 0; index < 3; index++) caught.push((await compareScripts(old, slower)).code ?? -1);
    process.stdout.write(`# same code, interleaved: ${codes.filter((code) => code === 0).length} of ${SAME_CODE_RUNS} comparisons exited 0 (${codes.join(', ')}); 20% slower: ${caught.filter((code) => code === 3).length} of 3 exited 3 (${caught.join(', ')})\n`);
    assert.deepEqual(codes, Array(SAME_CODE_RUNS).fill(0), printed.join('\n\n'));
    assert.deepEqual(caught, [3, 3, 3]);
  });

  // The host drifting as the shared CI machine did (pp-clean12: a 50% slower function read 6 of 9
  // rounds slower): four processes on two cores, each busy and idle in random stretches of 0.05–0.6 s,
  // about a round's length, so a burst often hits one side of a round and not the other.
  test(`timed in alternating rounds on a drifting host, the same code exits 0 in ${SAME_CODE_RUNS} of ${SAME_CODE_RUNS} and 50% and 20% slower ones exit 3`, repeatability, async () => {
    const old = writeScript('old.py', 1);
    const same = writeScript('same.py', 1);
    const bursts = temp.file('bursts.py');
    writeFileSync(bursts, 'import random, sys, time\nrandom.seed(int(sys.argv[1]))\nwhile True:\n    time.sleep(random.uniform(0.05, 0.6))\n    stop = time.monotonic() + random.uniform(0.05, 0.6)\n    while time.monotonic() < stop:\n        pass\n');
    const load: ChildProcess[] = [1, 2, 3, 4].map((seed) => spawn('python3', [bursts, String(seed)], { stdio: 'ignore' }));
    try {
      const codes: number[] = [];
      const printed: string[] = [];
      const extended: number[] = [];
      const compare = async (file: string): Promise<number> => {
        const result = await runCli(['compare', old, file, '--function', 'crunch', '--inputs', '[600_000] * 4'], temp.path);
        if (/Undecided after/.test(result.stderr)) extended.push(1);
        if (result.code !== (file === same ? 0 : 3)) printed.push(describeResult(result));
        return result.code ?? -1;
      };
      for (let index = 0; index < SAME_CODE_RUNS; index++) codes.push(await compare(same));
      const caught: Record<string, number[]> = { '50%': [], '20%': [] };
      for (let index = 0; index < 3; index++) {
        caught['50%'].push(await compare(writeScript('half.py', 1.5)));
        caught['20%'].push(await compare(writeScript('fifth.py', 1.2)));
      }
      const count = (list: number[], code: number): number => list.filter((one) => one === code).length;
      process.stdout.write(`# same code, interleaved on a drifting host: ${count(codes, 0)} of ${SAME_CODE_RUNS} exited 0 (${codes.join(', ')}); 50% slower: ${count(caught['50%'], 3)} of 3 exited 3; 20% slower: ${count(caught['20%'], 3)} of 3 exited 3; ${extended.length} of ${SAME_CODE_RUNS + 6} comparisons timed more rounds\n`);
      assert.deepEqual(codes, Array(SAME_CODE_RUNS).fill(0), printed.join('\n\n'));
      assert.deepEqual([...caught['50%'], ...caught['20%']], [3, 3, 3, 3, 3, 3], printed.join('\n\n'));
    } finally {
      for (const child of load) child.kill('SIGKILL');
    }
  });

  // A slowdown of 2×: how small a change the gate catches is the bench's figure (20%, 3 of 3 here);
  // this holds the mechanism on a CI machine whose speed, in one clean-clone run, swung so much
  // within rounds that a 50% slower function read 6 of 9 rounds slower.
  test('two scripts timed in alternating rounds: the same code exits 0, a twice slower one exits 3 naming serial, both reports kept', async () => {
    const old = writeScript('old.py', 1);
    // Half the bench's inputs (a 65 ms serial run): the mechanism, not the smallest change caught.
    const same = await compareScripts(old, writeScript('same.py', 1), ['--old-report', temp.file('old-side.json'), '--new-report', temp.file('new-side.json')], '[300_000] * 4');
    assert.equal(same.code, 0, describeResult(same));
    assert.match(same.stdout, /Timed in alternating rounds/);
    for (const side of ['old-side.json', 'new-side.json']) {
      const report = JSON.parse(readFileSync(temp.file(side), 'utf8')) as { settings: { plan: string; repeat: number }; runs: { id: string; repeats: number[] }[] };
      assert.equal(report.settings.plan, 'interleaved');
      assert.ok(report.settings.repeat >= 13, 'thirteen rounds at least');
      assert.equal(report.runs.find((run) => run.id === 'serial/1')?.repeats.length, report.settings.repeat, 'one timing per round');
    }
    const slower = await compareScripts(old, writeScript('slower.py', 2), ['--json'], '[300_000] * 4');
    assert.equal(slower.code, 3, describeResult(slower));
    const parsed = JSON.parse(slower.stdout) as { regression: boolean; paired: boolean; regressions: { id: string; change: number }[] };
    assert.equal(parsed.paired, true);
    assert.deepEqual(parsed.regressions.map((entry) => entry.id), ['serial/1']);
    assert.ok(parsed.regressions[0].change > 0.5 && parsed.regressions[0].change < 1.6, slower.stdout);
  });

  // Bursts of other load made real and deterministic: the old script counts its imports (each round
  // starts a harness of its own) and does three times the work in every third of the first ones, as a
  // burst hitting only the old side of those rounds would. A twice slower new side then leans slower
  // in too few of the 13 rounds for the sign test, while the median says +100%: more rounds follow,
  // without bursts, and decide.
  // One clean-clone run (pp-clean16) read both sides alike (92 ms old, 88 ms new, exit 0). The cause:
  // one of this host's two CPUs ran 1.5–1.7× slower than the other for tens of seconds at a time,
  // and unpinned, the old side's harnesses landed mostly on the slow CPU and the new side's on the
  // fast one. Serial now runs on one CPU per round for both sides (interleaved.ts).
  // A later run (2026-12-03, a host whose same-work timings of ~0.1 s ranged 76–297 ms, pairs of one
  // round up to 1.4× apart) read a 50% slower side at a median of +9.98%: three of the nine rounds
  // without a burst leant under +10% (about one run in six at that noise), so the premise — a median
  // past the threshold — failed, not the mechanism. The new side is now twice slower and a burst
  // triples the old side's work (a burst round reads 0.67): a round without a burst needs its pair
  // 1.8× apart to fall under the threshold.
  test('two scripts: rounds that a burst hit on one side get more rounds, which catch a twice slower function', async () => {
    const old = temp.file('bursty.py');
    writeFileSync(
      old,
      [
        'import os',
        "_COUNTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'bursty-imports.txt')",
        'try:',
        '    with open(_COUNTER) as _file:',
        '        _IMPORTS = int(_file.read()) + 1',
        'except (OSError, ValueError):',
        '    _IMPORTS = 1',
        "with open(_COUNTER, 'w') as _file:",
        '    _file.write(str(_IMPORTS))',
        'SCALE = 3 if _IMPORTS % 3 == 0 and _IMPORTS <= 13 else 1',
        '',
        '',
        'def crunch(n):',
        '    total = 0',
        '    for i in range(int(n * SCALE)):',
        '        total += i * i % 7',
        '    return total',
        '',
      ].join('\n'),
    );
    const result = await runCli(['compare', old, writeScript('twice-slower.py', 2), '--function', 'crunch', '--inputs', '[300_000] * 4', '--json', '--old-report', temp.file('bursty-old.json')], temp.path);
    assert.equal(result.code, 3, describeResult(result));
    assert.match(result.stderr, /Undecided after 13 rounds: serial\/1 \d+ of 13 slower, median \+\d+/);
    const report = JSON.parse(readFileSync(temp.file('bursty-old.json'), 'utf8')) as { settings: { repeat: number } };
    assert.ok(report.settings.repeat > 13 && report.settings.repeat <= 39, `${report.settings.repeat} rounds`);
    const parsed = JSON.parse(result.stdout) as { regressions: { id: string }[] };
    assert.deepEqual(parsed.regressions.map((entry) => entry.id), ['serial/1']);
  });

  test('two scripts: a script beside a report, no --function, or a configuration the runtime lacks is a usage error (exit 2)', async () => {
    const old = writeScript('old.py', 1);
    const mixed = await runCli(['compare', old, temp.file('baseline.json')], temp.path);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /cannot compare a script with a report/);
    const nameless = await runCli(['compare', old, old], temp.path);
    assert.equal(nameless.code, 2);
    assert.match(nameless.stderr, /Missing --function NAME/);
    const unknown = await compareScripts(old, old, ['--config', 'process/nomethod/2']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /does not offer process\/nomethod\/2/);
    const badId = await compareScripts(old, old, ['--config', 'fast']);
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /--config takes configurations as executor\/start method\/workers/);
  });

  test('reports of other inputs, of another machine, or files that are not reports are usage errors (exit 2) with a sentence', async () => {
    writeWork(1);
    await profile(temp.file('baseline.json'));
    await profile(temp.file('other-inputs.json'), '[1_500_000] * 6');
    const inputs = await runCli(['compare', temp.file('baseline.json'), temp.file('other-inputs.json')], temp.path);
    assert.equal(inputs.code, 2, describeResult(inputs));
    assert.match(inputs.stderr, /cannot compare: the reports used other inputs/);
    const moved = JSON.parse(readFileSync(temp.file('baseline.json'), 'utf8')) as { machine: { cpuBrand: string } };
    moved.machine.cpuBrand = 'Another CPU';
    writeFileSync(temp.file('elsewhere.json'), JSON.stringify(moved));
    const machine = await runCli(['compare', temp.file('elsewhere.json'), temp.file('baseline.json')], temp.path);
    assert.equal(machine.code, 2);
    assert.match(machine.stderr, /different machines/);
    writeFileSync(temp.file('broken.json'), '{"schemaVersion": 1, "tru');
    assert.match((await runCli(['compare', temp.file('broken.json'), temp.file('baseline.json')], temp.path)).stderr, /broken\.json is not valid JSON/);
    assert.equal((await runCli(['compare', temp.file('missing.json'), temp.file('baseline.json')], temp.path)).code, 2);
    assert.equal((await runCli(['compare', temp.file('baseline.json')], temp.path)).code, 2);
  });
});
