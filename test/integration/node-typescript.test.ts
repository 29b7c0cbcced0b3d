// TypeScript with the real node through each compiler of the chain (our esbuild, the project's
// esbuild, the built-in sucrase loader), syntax errors with their lines, JavaScript that needs
// no compiler at all, and the bundles in dist/ profiling TypeScript with no node_modules anywhere.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { prepareModule } from '../../src/runners/node/compile';
import { bundledLoader, DEFAULT_COMPILER_SOURCES, ownEsbuild, workspaceEsbuild, type CompilerSource } from '../../src/runners/node/compilers';
import type { Report } from '../../src/shared/report';
import { fixtureFolder, nodeRunner, nodeTarget, runNode } from '../helpers/nodeFixtures';
import { assertValidReport } from '../helpers/reportSchema';
import { expectProfileError, lineOf, never } from '../helpers/runnerChecks';
import { makeTempDir } from '../helpers/tempDir';

const ROOT = path.resolve(__dirname, '../..');
const WAIT_TS = path.join(ROOT, 'examples/ts/wait.ts');
const CPU_LOOP_JS = path.join(ROOT, 'examples/js/cpu_loop.js');
const LIMIT = { timeout: 60_000 };

const BROKEN_TS = `// Fixture: a syntax error on line 4.
export function ok(x: number): number {
  return x;
  const = 5;
}
`;

const BROKEN_MJS = BROKEN_TS.replace(/: number/g, '');
const BROKEN_CJS = `// Fixture: a syntax error on line 4.
function ok(x) {
  return x;
  const = 5;
}
module.exports = { ok };
`;

const THROWS_TS = `// Fixture: types before the throw, so a compiler that moved lines would be caught.
import { limit, type Limit } from './limits';

interface Job {
  id: number;
  size: Limit;
}

export function check(id: number): number {
  const job: Job = { id, size: limit };
  if (job.id > 1) throw new RangeError(\`job \${job.id} is too big\`); // TS THROWS
  return job.size;
}

export const PROFILE_INPUTS: number[] = [1, 2, 3];
`;

const LIMITS_TS = 'export type Limit = number;\nexport const limit: Limit = 10;\n';

const COMMONJS_TS = `// Fixture: CommonJS-flavoured TypeScript requiring a TypeScript helper without its extension.
const { twice } = require('./twice');

function doubled(n: number): number {
  return twice(n);
}

module.exports = { doubled, PROFILE_INPUTS: [1, 2, 3] };
`;

const TWICE_TS = 'exports.twice = (n: number): number => n * 2;\n';

/** A compiler source that must never be consulted. */
function untouchable(): CompilerSource & { calls: number } {
  return {
    name: 'untouchable',
    calls: 0,
    find() {
      this.calls += 1;
      return { missing: 'a plain JavaScript file must not look for a compiler' };
    },
  };
}

const dir = fixtureFolder('pp-node-ts-', {
  'broken.ts': BROKEN_TS,
  'broken.mjs': BROKEN_MJS,
  'broken.cjs': BROKEN_CJS,
  'throws.ts': THROWS_TS,
  'limits.ts': LIMITS_TS,
  'commonjs.ts': COMMONJS_TS,
  'twice.ts': TWICE_TS,
  'package.json': '{ "name": "fixtures", "private": true }\n',
});

describe('each compiler of the chain runs wait.ts, which imports ./helpers without an extension', () => {
  const paths = [
    { source: ownEsbuild, kind: 'esbuild', from: 'own' },
    { source: workspaceEsbuild, kind: 'esbuild', from: 'workspace' },
    { source: bundledLoader, kind: 'loader', from: 'bundled' },
  ] as const;
  for (const { source, kind, from } of paths) {
    test(`${source.name} compiles it and every executor gives a span for every input`, LIMIT, async () => {
      const prepared = await prepareModule(WAIT_TS, [source]);
      await prepared.dispose();
      assert.equal(prepared.compiler?.kind, kind);
      assert.equal(prepared.compiler?.source, from);

      const runner = nodeRunner({ compilers: [source] });
      const probe = await runner.probe(nodeTarget(WAIT_TS, 'fetchRecord'), never());
      assert.deepEqual(probe.functions.map((fn) => [fn.name, fn.line]), [['fetchRecord', 8]]);
      assert.equal(probe.inputs.count, 16);
      for (const executor of ['serial', 'async', 'worker_threads', 'child_process'] as const) {
        const outcome = await runNode(runner, nodeTarget(WAIT_TS, 'fetchRecord', '[0, 1, 2, 3]'), executor);
        assert.equal(outcome.error, null, `${executor}: ${outcome.error?.message}`);
        assert.deepEqual(outcome.tasks.map((task) => task.index).sort(), [0, 1, 2, 3], executor);
      }
    });
  }

  test('the default chain takes our own esbuild first', LIMIT, async () => {
    const prepared = await prepareModule(WAIT_TS);
    await prepared.dispose();
    assert.equal(prepared.compiler?.source, 'own');
    assert.deepEqual(DEFAULT_COMPILER_SOURCES, [ownEsbuild, workspaceEsbuild, bundledLoader]);
  });

  test('an esbuild that cannot run (its binary missing) hands over to the next compiler', LIMIT, async () => {
    const brokenEsbuild: CompilerSource = {
      name: 'an esbuild without its binary',
      find: () => ({
        kind: 'esbuild',
        source: 'own',
        location: 'esbuild',
        esbuild: { build: () => Promise.reject(new Error('The package "@esbuild/linux-x64" could not be found')) },
      }),
    };
    const prepared = await prepareModule(WAIT_TS, [brokenEsbuild, bundledLoader]);
    assert.equal(prepared.compiler?.kind, 'loader');
  });

  test("the project's esbuild is looked up from the script's own folder", LIMIT, () => {
    const project = makeTempDir('pp-node-ts-project-');
    try {
      const script = path.join(project.path, 'src', 'main.ts');
      mkdirSync(path.dirname(script));
      writeFileSync(script, 'export const x = 1;\n');
      const missing = workspaceEsbuild.find(script);
      assert.ok('missing' in missing, 'no esbuild above a bare temp folder');

      const installed = path.join(project.path, 'node_modules', 'esbuild');
      mkdirSync(installed, { recursive: true });
      writeFileSync(path.join(installed, 'package.json'), '{ "name": "esbuild", "main": "main.js" }\n');
      writeFileSync(path.join(installed, 'main.js'), `module.exports = require(${JSON.stringify(require.resolve('esbuild'))});\n`);
      const found = workspaceEsbuild.find(script);
      assert.ok(!('missing' in found), 'found the project install');
      assert.equal(found.kind === 'esbuild' && found.location, path.join(installed, 'main.js'));
    } finally {
      project.remove();
    }
  });

  test('no compiler anywhere refuses TypeScript, saying what to install', LIMIT, async () => {
    const runner = nodeRunner({ compilers: [] });
    const error = await expectProfileError(runner.probe(nodeTarget(WAIT_TS, 'fetchRecord'), never()), 'interpreter');
    assert.match(error.hint, /npm i -D esbuild/);
    const outcome = await runNode(runner, nodeTarget(WAIT_TS, 'fetchRecord'), 'serial');
    assert.equal(outcome.error?.kind, 'unavailable');
  });
});

describe('syntax errors', () => {
  for (const source of [ownEsbuild, bundledLoader]) {
    test(`a TypeScript syntax error is an import error at its line through ${source.name}`, LIMIT, async () => {
      const runner = nodeRunner({ compilers: [source] });
      const broken = nodeTarget(dir.file('broken.ts'), 'ok');
      const error = await expectProfileError(runner.probe(broken, never()), 'import');
      assert.equal(error.detail?.file, dir.file('broken.ts'));
      assert.equal(error.detail?.line, 4);
      assert.match(error.message, /broken\.ts:4:/);
      const outcome = await runNode(runner, broken, 'serial');
      assert.equal(outcome.error?.kind, 'import');
      assert.equal(outcome.error?.line, 4);
    });
  }

  for (const name of ['broken.mjs', 'broken.cjs']) {
    test(`a JavaScript syntax error in ${name} is an import error at its line, from node itself`, LIMIT, async () => {
      const runner = nodeRunner({ compilers: [] });
      const broken = nodeTarget(dir.file(name), 'ok');
      const error = await expectProfileError(runner.probe(broken, never()), 'import');
      assert.equal(error.detail?.file, dir.file(name));
      assert.equal(error.detail?.line, 4);
      assert.match(error.message, new RegExp(`${name.replace('.', '\\.')}:4: SyntaxError`));
      assert.match(error.detail?.traceback ?? '', /const = 5;/);
      const outcome = await runNode(runner, broken, 'serial');
      assert.equal(outcome.error?.kind, 'import');
      assert.equal(outcome.error?.line, 4);
    });
  }
});

describe('the built-in loader', () => {
  const runner = nodeRunner({ compilers: [bundledLoader] });

  test('keeps each line where the user wrote it, so a thrown error names its .ts line in every executor', LIMIT, async () => {
    for (const executor of ['serial', 'worker_threads', 'child_process'] as const) {
      const outcome = await runNode(runner, nodeTarget(dir.file('throws.ts'), 'check'), executor);
      assert.equal(outcome.error?.kind, 'exception', `${executor}: ${outcome.error?.message}`);
      assert.equal(outcome.error?.file, dir.file('throws.ts'), executor);
      assert.equal(outcome.error?.line, lineOf(THROWS_TS, '// TS THROWS'), executor);
    }
  });

  test('runs CommonJS-flavoured TypeScript that requires a TypeScript helper without its extension', LIMIT, async () => {
    const probe = await runner.probe(nodeTarget(dir.file('commonjs.ts'), 'doubled'), never());
    assert.equal(probe.inputs.count, 3);
    const outcome = await runNode(runner, nodeTarget(dir.file('commonjs.ts'), 'doubled'), 'worker_threads');
    assert.equal(outcome.error, null, outcome.error?.message);
    assert.equal(outcome.tasks.length, 3);
  });
});

describe('JavaScript needs no compiler', () => {
  test('cpu_loop.js runs in every executor without esbuild, and no compiler is even looked for', LIMIT, async () => {
    const spy = untouchable();
    const runner = nodeRunner({ compilers: [spy] });
    const probe = await runner.probe(nodeTarget(CPU_LOOP_JS, 'countPrimes'), never());
    assert.equal(probe.inputs.count, 8);
    for (const executor of ['serial', 'worker_threads', 'child_process'] as const) {
      const outcome = await runNode(runner, nodeTarget(CPU_LOOP_JS, 'countPrimes', '[1000, 2000, 3000]'), executor);
      assert.equal(outcome.error, null, `${executor}: ${outcome.error?.message}`);
      assert.equal(outcome.tasks.length, 3, executor);
    }
    assert.equal(spy.calls, 0);
  });
});

describe('the bundles in dist/ alone', () => {
  test('profile TypeScript and JavaScript with no node_modules anywhere', { timeout: 120_000 }, async () => {
    const dist = path.join(ROOT, 'dist');
    assert.ok(existsSync(path.join(dist, 'engine.js')) && existsSync(path.join(dist, 'node-ts-loader.mjs')), 'dist/ is missing: run `npm run build` first');
    const alone = makeTempDir('pp-dist-alone-');
    try {
      const copied = path.join(alone.path, 'dist');
      mkdirSync(copied);
      for (const name of readdirSync(dist).filter((file) => /\.(js|mjs|cjs|py)$/.test(file))) copyFileSync(path.join(dist, name), path.join(copied, name));
      for (const example of ['ts/wait.ts', 'ts/helpers.ts', 'js/cpu_loop.js']) {
        mkdirSync(path.join(alone.path, path.dirname(example)), { recursive: true });
        copyFileSync(path.join(ROOT, 'examples', example), path.join(alone.path, example));
      }
      assert.throws(() => require.resolve('esbuild', { paths: [path.join(alone.path, 'ts'), copied] }), 'no esbuild is reachable from the copy');
      const script = path.join(alone.path, 'profile.js');
      writeFileSync(script, DIST_ALONE_SCRIPT);
      const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
        execFile(process.execPath, [script], { cwd: alone.path, timeout: 110_000 }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve({ stdout: out })));
      });
      const reports = JSON.parse(stdout) as unknown[];
      assert.equal(reports.length, 2);
      for (const report of reports) {
        assertValidReport(report, 'a report of dist/engine.js');
        const file = path.basename(report.target.file);
        assert.ok(report.runs.length >= 2, `${file} ran its configurations`);
        for (const each of report.runs) {
          assert.equal(each.error, null, `${file} ${each.id}: ${each.error?.message}`);
          assert.equal(each.tasks.length, 2, `${file} ${each.id}`);
        }
      }
      assert.deepEqual((reports as Report[]).map((report) => report.target.language), ['typescript', 'javascript']);
    } finally {
      alone.remove();
    }
  });
});

/** Runs dist/engine.js's profile() from a folder with only dist/ and the examples in it. */
const DIST_ALONE_SCRIPT = `// Profiles with the engine bundle alone: no node_modules here or above.
const path = require('node:path');
const { profile, runnerFor } = require('./dist/engine.js');
const sampler = { intervalSeconds: 0.1, record: () => ({ stop: () => [], intervalSeconds: 0.1 }) };
const jobs = [
  { file: path.join(__dirname, 'ts', 'wait.ts'), functionName: 'fetchRecord', inputs: '[1, 2]' },
  { file: path.join(__dirname, 'js', 'cpu_loop.js'), functionName: 'countPrimes', inputs: '[1000, 2000]' },
];
(async () => {
  const reports = [];
  for (const job of jobs) {
    const request = { ...job, cwd: __dirname, executors: ['serial', 'async', 'worker_threads'], workers: [2], repeat: 1, timeoutSeconds: 30 };
    reports.push(await profile(request, { signal: new AbortController().signal, sampler, runnerFor }));
  }
  process.stdout.write(JSON.stringify(reports));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
