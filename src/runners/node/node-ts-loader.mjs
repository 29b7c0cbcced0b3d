// Runs the user's TypeScript when no esbuild can be found: node module-customization hooks
// (module.register) and a require() hook that strip types with sucrase as each file loads.
// esbuild bundles this file with sucrase into dist/node-ts-loader.mjs; the harness registers it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'sucrase';

const TYPESCRIPT = /\.[cm]?ts$/;
/** What a specifier that names no file may mean in TypeScript: the same name with a TS extension, or a folder's index. */
const SWAPPED_EXTENSIONS = { '.js': ['.ts'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const ADDED_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];
// ES module syntax at the start of a line; `import x = require()` and `export =` are TypeScript's CommonJS forms.
const MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*[{*'"]|import[ \t]+(?!\w+[ \t]*=[ \t]*require\b)[\w$]|export[ \t]*[{*]|export[ \t]+(?!=))/m;

const packageTypes = new Map();

/** "module" or "commonjs": what the nearest package.json says a .ts/.js file in `dir` is. */
function packageType(dir) {
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  let type = 'commonjs';
  const manifest = path.join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      type = JSON.parse(readFileSync(manifest, 'utf8')).type === 'module' ? 'module' : 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else if (path.dirname(dir) !== dir) {
    type = packageType(path.dirname(dir));
  }
  packageTypes.set(dir, type);
  return type;
}

function formatOf(file, source) {
  if (file.endsWith('.mts')) return 'module';
  if (file.endsWith('.cts')) return 'commonjs';
  return MODULE_SYNTAX.test(source) || packageType(path.dirname(file)) === 'module' ? 'module' : 'commonjs';
}

/**
 * sucrase's error as node's own syntax errors read: the stack's first frame is the file, line and
 * column, so the harness reports them like any other import failure.
 */
function syntaxError(file, error) {
  const prefix = `Error transforming ${file}: `;
  const message = String(error.message);
  const reason = (message.startsWith(prefix) ? message.slice(prefix.length) : message).replace(/ \(\d+:\d+\)$/, '');
  const line = error.loc?.line ?? 1;
  const column = (error.loc?.column ?? 0) + 1;
  const failure = new SyntaxError(reason);
  failure.stack = `SyntaxError: ${reason}\n    at ${file}:${line}:${column}`;
  return failure;
}

/** A declaration of `name` in the file, which a shim of the same name would collide with. */
function declares(source, name) {
  return new RegExp(`\\b(?:const|let|var|function|class)\\s+${name}\\b|\\bimport\\s+${name}\\b|\\bimport\\s*(?:type\\s*)?\\{[^}]*\\b${name}\\b`).test(source);
}

/** CommonJS names an ES module lacks, defined on line 1 (so every other line keeps its number) when the file uses them. */
function commonJsShims(file, source) {
  const shims = [];
  const uses = (name) => new RegExp(`\\b${name}\\b`).test(source) && !declares(source, name);
  if (uses('__filename')) shims.push(`const __filename = ${JSON.stringify(file)};`);
  if (uses('__dirname')) shims.push(`const __dirname = ${JSON.stringify(path.dirname(file))};`);
  if (uses('require')) {
    shims.push(`import { createRequire as __ppCreateRequire } from 'node:module'; const require = __ppCreateRequire(${JSON.stringify(pathToFileURL(file).href)});`);
  }
  return shims.length > 0 ? `${shims.join(' ')} ` : '';
}

/**
 * Types stripped, every line where the user wrote it (sucrase keeps line numbers), and an inline
 * source map so --enable-source-maps gets the columns right too.
 */
export function compileTypeScript(file, source, format) {
  let result;
  try {
    result = transform(source, {
      transforms: format === 'module' ? ['typescript'] : ['typescript', 'imports'],
      // Every node the loader runs on has optional chaining, class fields …: helper-free code profiles truthfully.
      disableESTransforms: true,
      filePath: file,
      sourceMapOptions: { compiledFilename: path.basename(file) },
    });
  } catch (error) {
    if (error?.loc) throw syntaxError(file, error);
    throw error;
  }
  const prefix = format === 'module' && !source.startsWith('#!') ? commonJsShims(file, source) : '';
  const map = Buffer.from(JSON.stringify({ ...result.sourceMap, sources: [file] })).toString('base64');
  return `${prefix}${result.code}\n//# sourceMappingURL=data:application/json;base64,${map}\n`;
}

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The file a relative specifier means the way TypeScript resolves it, or null. */
function typeScriptCandidate(specifier, parentURL) {
  const base = fileURLToPath(new URL(specifier, parentURL));
  const extension = path.extname(base);
  const candidates = [
    ...(SWAPPED_EXTENSIONS[extension] ?? []).map((swapped) => base.slice(0, -extension.length) + swapped),
    ...ADDED_EXTENSIONS.map((added) => base + added),
    ...ADDED_EXTENSIONS.map((added) => path.join(base, `index${added}`)),
  ];
  return candidates.find(isFile) ?? null;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = /^\.{1,2}(\/|$)/.test(specifier) || specifier.startsWith('/') || specifier.startsWith('file:');
    const parent = context.parentURL;
    if (!relative || !parent?.startsWith('file:') || !['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'].includes(error?.code)) throw error;
    const found = typeScriptCandidate(specifier, parent);
    if (!found) throw error;
    return { url: pathToFileURL(found).href, shortCircuit: true };
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  if (TYPESCRIPT.test(file)) {
    const source = readFileSync(file, 'utf8');
    const format = formatOf(file, source);
    // CommonJS goes to node's own CommonJS loader, whose require() hook below compiles it, so its requires work too.
    if (format === 'commonjs') return { format, shortCircuit: true };
    return { format, source: compileTypeScript(file, source, format), shortCircuit: true };
  }
  const loaded = await nextLoad(url, context);
  // ES module syntax in a .js file of a CommonJS package, for nodes that do not detect it themselves.
  if (loaded.format === 'commonjs' && file.endsWith('.js') && !file.includes(`${path.sep}node_modules${path.sep}`)) {
    const source = readFileSync(file, 'utf8');
    if (MODULE_SYNTAX.test(source)) return { format: 'module', source, shortCircuit: true };
  }
  return loaded;
}

/** Lets require() load TypeScript in this thread (extensionless specifiers included), compiled to CommonJS. */
export function installRequireHook() {
  const compileToCommonJs = (module, filename) => module._compile(compileTypeScript(filename, readFileSync(filename, 'utf8'), 'commonjs'), filename);
  for (const extension of ['.ts', '.cts']) Module._extensions[extension] = compileToCommonJs;
}
