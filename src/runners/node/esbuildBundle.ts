// Bundles the user's script with an esbuild JS API (ours or their project's) into one ES module in
// a temp folder that a plain `node` imports; its syntax errors become ProfileError('import').
import type { BuildFailure, Message, Plugin } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProfileError } from '../../shared/runner';
import type { EsbuildApi } from './compilers';

const SCRIPT_LOADERS: Record<string, 'ts' | 'js'> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

function describeMessage(message: Message, workingDir: string): string {
  const where = message.location;
  if (!where) return message.text;
  return `${path.resolve(workingDir, where.file)}:${where.line}:${where.column + 1}: ${message.text}`;
}

/** A failure in the user's code (syntax, a missing relative import), as opposed to esbuild itself failing to run. */
export function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors) && (error as BuildFailure).errors.length > 0;
}

/**
 * Packages stay outside the bundle (native addons, their own file layout) but are resolved from
 * the user's folder, because the bundle itself lives in a temp folder with no node_modules.
 */
const packagesFromUserFolder: Plugin = {
  name: 'packages-from-user-folder',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.resolving || isBuiltin(args.path) || path.isAbsolute(args.path)) return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { resolving: true },
      });
      // Not installed: leave it to node, which reports it only if the code really gets there.
      if (found.errors.length > 0 || !found.path) return { path: args.path, external: true };
      if (found.external) return { path: found.path, external: true };
      return { path: args.kind === 'require-call' ? found.path : pathToFileURL(found.path).href, external: true };
    });
    // Native addons and WebAssembly next to the script cannot be bundled; load them from where they are.
    build.onResolve({ filter: /\.(node|wasm)$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path), external: true }));
  },
};

/** import.meta.url and friends would otherwise name the temp bundle instead of the user's file. */
const importMetaOfEachFile: Plugin = {
  name: 'import-meta-of-each-file',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      const loader = SCRIPT_LOADERS[path.extname(args.path)];
      if (!loader || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta')) return undefined;
      const contents = source
        .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
        .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
        .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(path.dirname(args.path)));
      return { contents, loader };
    });
  },
};

/**
 * Writes the bundle of `file` to `bundleDir` and returns its path and esbuild's warnings.
 * Throws ProfileError('import') for the user's errors; anything else esbuild throws (its binary
 * missing, a version mismatch) is rethrown for the caller to try another compiler.
 */
export async function bundleWithEsbuild(esbuild: EsbuildApi, file: string, bundleDir: string): Promise<{ bundle: string; warnings: string[] }> {
  const workingDir = path.dirname(file);
  const bundle = path.join(bundleDir, `${path.basename(file, path.extname(file))}.bundle.mjs`);
  const build = (banner?: string) =>
    esbuild.build({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'esm',
      sourcemap: 'inline',
      keepNames: true,
      write: false,
      outfile: bundle,
      absWorkingDir: workingDir,
      logLevel: 'silent',
      plugins: [packagesFromUserFolder, importMetaOfEachFile],
      banner: banner ? { js: banner } : undefined,
    });
  try {
    let result = await build();
    if (result.outputFiles[0].text.includes('__require(')) {
      // CommonJS code in an ES module bundle: give its require() calls a real require.
      const requireFromUserFolder = `import { createRequire as __ppCreateRequire } from "node:module"; var require = __ppCreateRequire(${JSON.stringify(pathToFileURL(file).href)});`;
      result = await build(requireFromUserFolder);
    }
    await writeFile(bundle, result.outputFiles[0].contents);
    return { bundle, warnings: result.warnings.map((warning) => describeMessage(warning, workingDir)) };
  } catch (error) {
    if (!isBuildFailure(error)) throw error;
    const where = error.errors[0].location;
    const details = error.errors.slice(0, 5).map((message) => describeMessage(message, workingDir));
    throw new ProfileError(
      'import',
      `${path.basename(file)} cannot be loaded: ${details[0]}`,
      'Fix the syntax error or the import at that line, then run the profile again.',
      {
        file: where ? path.resolve(workingDir, where.file) : file,
        line: where?.line,
        traceback: details.join('\n'),
      },
    );
  }
}
