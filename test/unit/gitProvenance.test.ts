import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gitProvenance, repositoryIdentity } from '../../src/system/gitProvenance';
import { projectLocator } from '../../src/core/projectLocation';
import { makeTempDir } from '../helpers/tempDir';

const temp = makeTempDir('pp-git-');
after(() => temp.remove());

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** A repository with one commit holding `src/my work.py` (a space, as users' paths have). */
function repository(name: string): { root: string; file: string; commit: string } {
  const root = temp.file(name);
  mkdirSync(path.join(root, 'src'), { recursive: true });
  const file = path.join(root, 'src', 'my work.py');
  writeFileSync(file, 'def f(x):\n    return x\n');
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'first');
  return { root, file, commit: git(root, 'rev-parse', 'HEAD') };
}

describe('provenance of the profiled file', () => {
  test('records the commit, the branch, a clean tree and the path inside the repository', async () => {
    const { file, commit } = repository('clean');
    assert.deepEqual(await gitProvenance(file), { commit, branch: 'main', dirty: false, path: 'src/my work.py' });
  });

  test('a changed tracked file makes it dirty; an untracked one does not; a detached HEAD has no branch', async () => {
    const { root, file, commit } = repository('changes');
    writeFileSync(path.join(root, 'notes.txt'), 'untracked');
    assert.equal((await gitProvenance(file))?.dirty, false);
    writeFileSync(file, 'def f(x):\n    return x + 1\n');
    assert.equal((await gitProvenance(file))?.dirty, true);
    git(root, 'checkout', '-q', '--detach', commit);
    assert.equal((await gitProvenance(file))?.branch, null);
  });

  test('is absent for a file outside any repository', async () => {
    const outside = temp.file('outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'w.py'), '');
    assert.equal(await gitProvenance(path.join(outside, 'w.py')), undefined);
  });

  test('a clone elsewhere is the same project with the same path inside it', async () => {
    const { root, file } = repository('original');
    const clone = temp.file('clone of it');
    execFileSync('git', ['clone', '-q', root, clone]);
    const locate = projectLocator(() => undefined);
    const here = await locate(file);
    const there = await locate(path.join(clone, 'src', 'my work.py'));
    assert.deepEqual(here, there);
    assert.equal(here.path, 'src/my work.py');
    assert.equal((await repositoryIdentity(clone))?.rootCommit, git(root, 'rev-list', '--max-parents=0', 'HEAD'));
  });
});
