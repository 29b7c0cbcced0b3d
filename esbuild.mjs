// One esbuild bundle per target: extension host, CLI, and each webview. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');

/** Bundled (with sucrase) rather than copied like the other harness files. */
const TS_LOADER = 'node-ts-loader.mjs';
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const common = { define: { __PP_VERSION__: JSON.stringify(version) }, bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

/** The extension bundle refers to the engine bundle beside it instead of inlining it. */
const engineBundle = {
  name: 'engine-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/engineModules$/ }, () => ({ path: './engine.js', external: true }));
  },
};

const targets = [
  // The engine is a bundle of its own, loaded on first use, so activation never pays for it.
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode', 'esbuild'], plugins: [engineBundle], supported: { 'dynamic-import': false } },
  { ...common, entryPoints: ['src/extension/engineModules.ts'], outfile: 'dist/engine.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode', 'esbuild'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18', external: ['esbuild'] },
  // The TypeScript loader for when no esbuild is installed: sucrase inside, no node_modules needed.
  { ...common, entryPoints: [`src/runners/node/${TS_LOADER}`], outfile: `dist/${TS_LOADER}`, platform: 'node', format: 'esm', target: 'node18', mainFields: ['module', 'main'], sourcemap: false, minify: true },
  { ...common, entryPoints: ['webview/panel/main.ts'], outfile: 'dist/panel.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: ['webview/coreView/main.ts'], outfile: 'dist/coreView.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

/** Harness files run by the user's interpreter or node: copied beside the bundles that launch them. */
function copyHarnesses() {
  mkdirSync(dist, { recursive: true });
  for (const dir of ['src/runners/python', 'src/runners/node']) {
    for (const name of readdirSync(path.join(root, dir))) {
      if (/\.(py|mjs|cjs)$/.test(name) && name !== TS_LOADER) copyFileSync(path.join(root, dir, name), path.join(dist, name));
    }
  }
}

copyHarnesses();
if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
  console.log('watching…');
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}
