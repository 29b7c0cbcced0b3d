// One esbuild bundle per target: extension host, CLI, and each webview. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18' },
  { ...common, entryPoints: ['webview/panel/main.ts'], outfile: 'dist/panel.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: ['webview/coreView/main.ts'], outfile: 'dist/coreView.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

/** Harness files run by the user's interpreter or node: copied beside the bundles that launch them. */
function copyHarnesses() {
  mkdirSync(dist, { recursive: true });
  for (const dir of ['src/runners/python', 'src/runners/node']) {
    for (const name of readdirSync(path.join(root, dir))) {
      if (/\.(py|mjs|cjs)$/.test(name)) copyFileSync(path.join(root, dir, name), path.join(dist, name));
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
