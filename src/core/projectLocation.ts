// Where a source file lives in the user's terms, for the report store's keys: inside a git
// repository, the repository (named by its first commit, which a re-clone or a renamed folder keeps)
// and the path inside it; else the workspace folder's name and the path inside that. No vscode
// import: the caller says which workspace folder holds a file.

import path from 'node:path';
import { repositoryIdentity, repositoryPath } from '../system/gitProvenance';
import type { Location } from './reportStore';

export type WorkspaceFolderOf = (file: string) => string | undefined;

export function projectLocator(workspaceFolderOf: WorkspaceFolderOf): (file: string) => Promise<Location> {
  // One pair of git calls per folder: every CodeLens of a file asks again.
  const repositories = new Map<string, ReturnType<typeof repositoryIdentity>>();
  return async (file) => {
    const absolute = path.resolve(file);
    const folder = path.dirname(absolute);
    let identity = repositories.get(folder);
    if (!identity) {
      identity = repositoryIdentity(folder);
      repositories.set(folder, identity);
    }
    const repository = await identity;
    if (repository) {
      return { project: repository.rootCommit ? `git-${repository.rootCommit}` : `git-${path.basename(repository.top)}`, path: repositoryPath(repository.top, absolute) };
    }
    const workspace = workspaceFolderOf(absolute);
    if (workspace) return { project: `folder-${path.basename(workspace)}`, path: path.relative(workspace, absolute).split(path.sep).join('/') };
    return { project: 'files', path: absolute };
  };
}
