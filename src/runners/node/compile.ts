// Makes the user's script importable by a plain `node`. Files node loads as they are keep their
// own path and need no compiler; TypeScript, and ES module syntax in a CommonJS package, go
// through the first compiler the chain in compilers.ts offers.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProfileError } from '../../shared/runner';
import { DEFAULT_COMPILER_SOURCES, type Compiler, type CompilerSource } from './compilers';
import { bundleWithEsbuild } from './esbuildBundle';

export interface PreparedModule {
  /** What the harness imports: the user's own file, or the bundle in a temp folder. */
  moduleUrl: string;
  /** The temp folder holding the bundle (null when the user's file is imported directly). */
  bundleDir: string | null;
  /** Module hooks the harness registers before importing (the built-in TypeScript loader), or null. */
  loaderUrl: string | null;
  /** What compiled the script; null when node loads it as it is. */
  compiler: Compiler | null;
  /** esbuild's warnings, one line each. */
  warnings: string[];
  /** Removes the temp folder. */
  dispose(): Promise<void>;
}

// The same test as node-ts-loader.mjs: ES module syntax at the start of a line.
const MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*[{*'"]|import[ \t]+(?!\w+[ \t]*=[ \t]*require\b)[\w$]|export[ \t]*[{*]|export[ \t]+(?!=))/m;

/** "module" or "commonjs": how node reads a .js file in this folder (the nearest package.json decides). */
function packageType(dir: string): 'module' | 'commonjs' {
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = path.join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (path.dirname(current) === current) return 'commonjs';
  }
}

/** Why node cannot import the file as it is, or null when it can. */
export function needsCompiler(file: string): 'typescript' | 'module-syntax-in-commonjs' | null {
  const extension = path.extname(file).toLowerCase();
  if (['.ts', '.mts', '.cts'].includes(extension)) return 'typescript';
  if (extension !== '.js' || packageType(path.dirname(file)) === 'module') return null;
  return MODULE_SYNTAX.test(readFileSync(file, 'utf8')) ? 'module-syntax-in-commonjs' : null;
}

function asIs(file: string): PreparedModule {
  return { moduleUrl: pathToFileURL(file).href, bundleDir: null, loaderUrl: null, compiler: null, warnings: [], dispose: async () => undefined };
}

function noCompiler(file: string, tried: string[]): ProfileError {
  return new ProfileError(
    'interpreter',
    `${path.basename(file)} is TypeScript, and no TypeScript compiler could be found: ${tried.join('; ')}.`,
    `Install esbuild in your project (\`npm i -D esbuild\` in ${path.dirname(file)}), then profile again.`,
  );
}

/**
 * The script ready to import: as it is, bundled by the first esbuild that works, or run through
 * the built-in loader. Syntax errors found while bundling throw ProfileError('import'); no compiler
 * at all throws ProfileError('interpreter') saying what to install.
 */
export async function prepareModule(file: string, sources: readonly CompilerSource[] = DEFAULT_COMPILER_SOURCES): Promise<PreparedModule> {
  const reason = needsCompiler(file);
  if (!reason) return asIs(file);
  const tried: string[] = [];
  for (const source of sources) {
    const compiler = source.find(file);
    if ('missing' in compiler) {
      tried.push(`${source.name} (${compiler.missing})`);
      continue;
    }
    if (compiler.kind === 'loader') {
      return { moduleUrl: pathToFileURL(file).href, bundleDir: null, loaderUrl: compiler.loaderUrl, compiler, warnings: [], dispose: async () => undefined };
    }
    const bundleDir = await mkdtemp(path.join(os.tmpdir(), 'parallel-profiler-node-'));
    const dispose = (): Promise<void> => rm(bundleDir, { recursive: true, force: true });
    try {
      const { bundle, warnings } = await bundleWithEsbuild(compiler.esbuild, file, bundleDir);
      return { moduleUrl: pathToFileURL(bundle).href, bundleDir, loaderUrl: null, compiler, warnings, dispose };
    } catch (error) {
      await dispose();
      if (error instanceof ProfileError) throw error;
      tried.push(`${source.name} at ${compiler.location} (failed to run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }
  // Newer nodes detect ES module syntax in a .js file themselves: let node try.
  if (reason === 'module-syntax-in-commonjs') return asIs(file);
  throw noCompiler(file, tried);
}
