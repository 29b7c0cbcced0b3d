// Which code a profile measured: the commit, branch and dirty flag of the git repository that holds
// the profiled file, and the file's path inside it (the key that survives a re-clone or a renamed
// checkout folder). git runs with argument arrays, never a shell, and each call is bounded in time.

import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Provenance } from '../shared/report';

/** One git call may take this long: a status on a huge or network-mounted tree must not hold up a profile. */
const GIT_TIMEOUT_MS = 3000;

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      // GIT_OPTIONAL_LOCKS=0: a status taken while the user commits must not lock their index.
      { cwd, timeout: GIT_TIMEOUT_MS, windowsHide: true, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } },
      (error, stdout) => resolve(error ? null : stdout.toString()),
    );
  });
}

/** The provenance of `file`, or undefined when it is not inside a git repository (or git is missing). */
export async function gitProvenance(file: string): Promise<Provenance | undefined> {
  const folder = path.dirname(path.resolve(file));
  const top = (await git(folder, ['rev-parse', '--show-toplevel']))?.trim();
  if (!top) return undefined;
  const [commit, branch, status] = await Promise.all([
    git(folder, ['rev-parse', '--verify', '-q', 'HEAD']),
    git(folder, ['symbolic-ref', '--short', '-q', 'HEAD']),
    // Untracked files do not count: profiles write their reports into the tree.
    git(folder, ['status', '--porcelain', '--untracked-files=no']),
  ]);
  return {
    commit: commit?.trim() || null,
    branch: branch?.trim() || null,
    dirty: status === null ? null : status.trim() !== '',
    path: repositoryPath(top, file),
  };
}

/** The file's path inside the repository, with forward slashes; git prints the top in its own form. */
export function repositoryPath(top: string, file: string): string {
  const relative = path.relative(path.resolve(top), path.resolve(file));
  return relative.split(path.sep).join('/');
}

/** What names a repository across clones and renamed folders: its top folder and its first commit. */
export interface RepositoryIdentity {
  top: string;
  /** The oldest root commit; null in a repository without commits. */
  rootCommit: string | null;
}

export async function repositoryIdentity(folder: string): Promise<RepositoryIdentity | undefined> {
  const top = (await git(folder, ['rev-parse', '--show-toplevel']))?.trim();
  if (!top) return undefined;
  const roots = (await git(folder, ['rev-list', '--max-parents=0', 'HEAD']))?.split('\n').map((line) => line.trim()).filter(Boolean) ?? [];
  return { top, rootCommit: roots.sort()[0] ?? null };
}
