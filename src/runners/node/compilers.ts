// Where the TypeScript compiler comes from, tried in order: the esbuild installed with Parallel
// Profiler (the CLI), the esbuild of the user's project, then the sucrase loader in our own bundle
// (the VS Code extension ships without node_modules, so it may have neither esbuild).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The part of the esbuild JS API the runner uses (any 0.x release has it). */
export type EsbuildApi = Pick<typeof import('esbuild'), 'build'>;

export type Compiler =
  /** Bundles the script ahead of time into a temp folder. */
  | { kind: 'esbuild'; source: 'own' | 'workspace'; esbuild: EsbuildApi; location: string }
  /** Compiles each file as node imports it: the harness registers these module hooks. */
  | { kind: 'loader'; source: 'bundled'; loaderUrl: string; location: string };

/** One place a compiler may come from. */
export interface CompilerSource {
  /** In the user's words, for "tried: …" messages. */
  readonly name: string;
  /** The compiler for this script, or why there is none here. */
  find(scriptFile: string): Compiler | { missing: string };
}

function loadEsbuild(load: () => unknown): EsbuildApi | null {
  try {
    const api = load() as Partial<EsbuildApi> | null;
    return api && typeof api.build === 'function' ? (api as EsbuildApi) : null;
  } catch {
    return null;
  }
}

/** `require('esbuild')` from our own package: a dependency of the CLI, absent from the VSIX. */
export const ownEsbuild: CompilerSource = {
  name: "Parallel Profiler's esbuild",
  find() {
    // A plain require(), not import(): in the bundles esbuild is external and must stay a runtime lookup.
    const esbuild = loadEsbuild(() => require('esbuild'));
    if (!esbuild) return { missing: 'not installed beside Parallel Profiler' };
    return { kind: 'esbuild', source: 'own', esbuild, location: 'esbuild' };
  },
};

/** The esbuild a TypeScript project usually has (directly, or through tsx, vite, vitest …). */
export const workspaceEsbuild: CompilerSource = {
  name: "your project's esbuild",
  find(scriptFile) {
    const folder = path.dirname(scriptFile);
    let location: string;
    try {
      location = require.resolve('esbuild', { paths: [folder] });
    } catch {
      return { missing: `not found from ${folder}` };
    }
    const esbuild = loadEsbuild(() => require(location));
    if (!esbuild) return { missing: `${location} could not be loaded` };
    return { kind: 'esbuild', source: 'workspace', esbuild, location };
  },
};

/** dist/node-ts-loader.mjs beside the bundles (or its source, when running from source under tsx). */
export const bundledLoader: CompilerSource = {
  name: "Parallel Profiler's built-in TypeScript loader",
  find() {
    const location = path.join(__dirname, 'node-ts-loader.mjs');
    if (!existsSync(location)) return { missing: `${location} is missing` };
    return { kind: 'loader', source: 'bundled', loaderUrl: pathToFileURL(location).href, location };
  },
};

export const DEFAULT_COMPILER_SOURCES: readonly CompilerSource[] = [ownEsbuild, workspaceEsbuild, bundledLoader];
