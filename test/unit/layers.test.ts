// The layers' arrows point one way (ARCHITECTURE.md): every import of every source file is read
// and checked against the rule of the layer it sits in.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');

type Layer = 'shared' | 'system' | 'core' | 'runners' | 'extension' | 'cli' | 'webview';

function layerOf(file: string): Layer | null {
  // A trailing slash lets a folder import ('./runners', its index) count as inside its folder.
  const relative = `${path.relative(ROOT, file).split(path.sep).join('/')}/`;
  if (relative.startsWith('src/shared/')) return 'shared';
  if (relative.startsWith('src/system/')) return 'system';
  if (relative.startsWith('src/core/')) return 'core';
  if (relative.startsWith('src/runners/')) return 'runners';
  if (relative.startsWith('src/extension/')) return 'extension';
  if (relative === 'src/cli.ts/') return 'cli';
  if (relative.startsWith('webview/')) return 'webview';
  return null;
}

/** Which layers each layer may import (besides itself), and whether it may use Node's modules and vscode. */
const RULES: Record<Layer, { layers: Layer[]; node: boolean; vscode: boolean }> = {
  // Imported by the webview bundle too: browser-safe, no Node, no vscode.
  shared: { layers: [], node: false, vscode: false },
  // The operating system as both the engine and the runners need it: process trees, /proc.
  system: { layers: ['shared'], node: true, vscode: false },
  // The pure engine: knows runners only through src/shared/runner.ts, never VS Code.
  core: { layers: ['shared', 'system'], node: true, vscode: false },
  runners: { layers: ['shared', 'system'], node: true, vscode: false },
  cli: { layers: ['shared', 'system', 'core', 'runners'], node: true, vscode: false },
  extension: { layers: ['shared', 'system', 'core', 'runners'], node: true, vscode: true },
  // The browser sandbox: messages only, so nothing of the host's side.
  webview: { layers: ['shared'], node: false, vscode: false },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|mjs)$/.test(name) ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.push(match[1]);
  return specifiers;
}

/** What is wrong with one import of `file`, or null. */
function violation(file: string, specifier: string): string | null {
  const from = layerOf(file);
  if (!from) return null;
  const rule = RULES[from];
  if (specifier === 'vscode') return rule.vscode ? null : 'imports vscode';
  if (specifier.startsWith('node:')) return rule.node ? null : `imports ${specifier}`;
  if (!specifier.startsWith('.')) return null; // npm packages: their bundles decide where they may run
  const target = layerOf(path.resolve(path.dirname(file), specifier));
  if (target === null) return `imports ${specifier}, outside every layer`;
  if (target === from || rule.layers.includes(target)) return null;
  return `imports ${specifier} (${from} → ${target})`;
}

describe('layers', () => {
  const files = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'webview'))];

  test('every import points the way the layers allow: core and runners never reach the extension or VS Code, runners never core, the webview only shared', () => {
    const problems = files.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .map((specifier) => violation(file, specifier))
        .filter((problem): problem is string => problem !== null)
        .map((problem) => `${path.relative(ROOT, file)} ${problem}`),
    );
    assert.deepEqual(problems, []);
  });

  test('catches an arrow the wrong way in each layer', () => {
    const at = (relative: string) => path.join(ROOT, relative);
    assert.match(violation(at('src/core/engine.ts'), '../extension/settings') ?? '', /core → extension/);
    assert.match(violation(at('src/core/engine.ts'), 'vscode') ?? '', /vscode/);
    assert.match(violation(at('src/runners/python/runner.ts'), '../../core/types') ?? '', /runners → core/);
    assert.match(violation(at('webview/panel/main.ts'), '../../src/core/warnings') ?? '', /webview → core/);
    assert.match(violation(at('webview/panel/main.ts'), 'node:fs') ?? '', /node:fs/);
    assert.match(violation(at('src/shared/format.ts'), 'node:path') ?? '', /node:path/);
    assert.equal(violation(at('src/extension/extension.ts'), '../core/engine'), null);
  });

  test('reads static, type-only, re-exported and dynamic imports', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "import './side-effect';",
      "const d = await import('./d');",
      "const e = require('./e');",
      'import {\n  f,\n  g,\n} from "./fg";',
    ].join('\n');
    assert.deepEqual(importsOf(source).sort(), ['../b', './a', './c', './d', './e', './fg', './side-effect']);
  });
});
