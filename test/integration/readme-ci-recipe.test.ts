// README's CI recipe, run: its profile and compare commands (not GitHub's steps around them), in a
// folder laid out like the checkout, with the built CLI for `npx parallel-profiler`. It measures:
// run it under the machine-wide lock.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { describeResult, ROOT, runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tempDir';

const lockDir = makeTempDir('pp-recipe-lock-');
process.env.PARALLEL_PROFILER_LOCK_DIR ??= lockDir.path;
const checkout = makeTempDir('pp-recipe-');
after(() => {
  checkout.remove();
  lockDir.remove();
});

/** The `npx parallel-profiler …` commands of a recipe block (`ci-recipe`, `ci-recipe-stored`), in order, as written. */
export function recipeCommands(readme: string, name = 'ci-recipe'): string[] {
  const block = new RegExp(`<!-- ${name} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\`\\n<!-- \\/${name} -->`).exec(readme);
  if (!block) throw new Error(`README has no <!-- ${name} --> block`);
  return block[1].split('\n').map((line) => line.trim().replace(/^run:\s*/, '')).filter((line) => line.startsWith('npx parallel-profiler '));
}

/** Splits a command line as the shell would for these commands: words, "quoted words", and `> file`. */
function words(command: string): { args: string[]; stdoutTo: string | null } {
  const tokens = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]);
  const redirect = tokens.indexOf('>');
  const stdoutTo = redirect >= 0 ? tokens[redirect + 1] : null;
  const args = (redirect >= 0 ? tokens.slice(0, redirect) : tokens).slice(2);
  return { args, stdoutTo };
}

describe("README's CI recipe", { timeout: 300_000 }, () => {
  // Whether the same code passes the gate depends on the host's run-to-run noise (bench/compareGate.ts
  // gives the N of 10); what this test holds is that the recipe's command runs on a checkout laid
  // out as the recipe leaves it (the base branch in base/) and the gate decides.
  test('compares the base branch\'s script with the change, timed in alternating rounds, and decides (exit 0 or 3) with a Markdown table', async () => {
    const commands = recipeCommands(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    assert.equal(commands.length, 1, commands.join('\n'));
    assert.match(commands[0], / compare base\/examples\/primes\.py examples\/primes\.py --function count_primes .*--markdown > comparison\.md$/);
    for (const folder of ['examples', path.join('base', 'examples')]) {
      mkdirSync(checkout.file(folder), { recursive: true });
      copyFileSync(path.join(ROOT, 'examples', 'primes.py'), checkout.file(path.join(folder, 'primes.py')));
    }
    const { args, stdoutTo } = words(commands[0]);
    const result = await runCli(args, checkout.path);
    assert.ok(stdoutTo, 'the comparison goes to a file');
    writeFileSync(checkout.file(stdoutTo), result.stdout);
    assert.ok([0, 3].includes(result.code ?? -1), `${commands[0]}\n${describeResult(result)}`);
    const markdown = readFileSync(checkout.file('comparison.md'), 'utf8');
    assert.match(markdown, /^### Parallel Profiler: (✅|❌) /m);
    assert.match(markdown, /^\| serial \* \|/m);
    assert.match(markdown, /^\| process \(fork\) × 2 \* \|/m);
    assert.match(markdown, /Timed in alternating rounds/);
  });

  test('the stored-baseline variant profiles the baseline and the change, and the compare of the reports decides (exit 0 or 3)', async () => {
    const commands = recipeCommands(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), 'ci-recipe-stored');
    assert.equal(commands.length, 3, commands.join('\n'));
    assert.match(commands[0], / profile .*--json baseline\.json/);
    assert.match(commands[1], / profile .*--json profile\.json/);
    assert.match(commands[2], / compare baseline\.json profile\.json --markdown > comparison\.md$/);
    mkdirSync(checkout.file('examples'), { recursive: true });
    copyFileSync(path.join(ROOT, 'examples', 'primes.py'), checkout.file(path.join('examples', 'primes.py')));
    for (const command of commands) {
      const { args, stdoutTo } = words(command);
      const result = await runCli(args, checkout.path);
      if (stdoutTo) writeFileSync(checkout.file(stdoutTo), result.stdout);
      const decided = stdoutTo ? [0, 3] : [0];
      assert.ok(decided.includes(result.code ?? -1), `${command}\n${describeResult(result)}`);
    }
    const markdown = readFileSync(checkout.file('comparison.md'), 'utf8');
    assert.match(markdown, /^### Parallel Profiler: (✅|❌) /m);
    assert.match(markdown, /^\| serial \* \|/m);
  });
});
