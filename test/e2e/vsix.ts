// Builds and packages the extension into dist/parallel-profiler.vsix, unless the VSIX is already
// newer than every source it is made from (each e2e file runs in its own process and asks again).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const vsixPath = path.join(repoRoot, 'dist', 'parallel-profiler.vsix');

const sources = ['src', 'webview', 'media', 'examples', 'schema', 'package.json', 'esbuild.mjs', 'README.md', '.vscodeignore'];

function newestChange(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(target)) newest = Math.max(newest, newestChange(path.join(target, name)));
  return newest;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

export function ensureVsix(): string {
  const sourcesChanged = Math.max(...sources.map((name) => newestChange(path.join(repoRoot, name))));
  if (existsSync(vsixPath) && statSync(vsixPath).mtimeMs > sourcesChanged && process.env.PP_E2E_REBUILD !== '1') {
    return vsixPath;
  }
  // The VSIX carries dist/ as it is; vsce has no prepublish step to build it.
  run(process.execPath, ['esbuild.mjs', '--production']);
  run('npm', ['run', '--silent', 'package']);
  if (!existsSync(vsixPath)) throw new Error(`npm run package did not write ${vsixPath}`);
  return vsixPath;
}
