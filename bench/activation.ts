// Extension footprint: bundle sizes (raw and gzip), the VSIX size, and the activation time of
// dist/extension.js under a minimal fake `vscode` module, each activation in a fresh node process.
// `--no-build` measures dist/ as it is instead of building the production bundle and the VSIX.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const vsix = path.join(dist, 'parallel-profiler.vsix');
const TRIALS = 9;
const KB = 1024;

const BUNDLES = [
  { file: 'extension.js', targetKb: 300 },
  { file: 'panel.js', targetKb: 400 },
  { file: 'coreView.js', targetKb: 400 },
] as const;

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Runs in a fresh node: a Proxy stands in for every vscode API (any property is a callable,
 * constructible fake; Uri paths are strings), so activate() runs its real registrations.
 * Prints the timings and how many timers activation left running (the sampler must not start).
 */
const CHILD = String.raw`
const Module = require('node:module');
const { performance } = require('node:perf_hooks');
const FAKE = '\0fake-vscode';
function fake(name) {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'fsPath' || prop === 'path') return '/fake/' + name;
      if (prop === 'isTrusted') return true;
      if (!cache.has(prop)) cache.set(prop, fake(name + '.' + String(prop)));
      return cache.get(prop);
    },
    set(_, prop, value) { cache.set(prop, value); return true; },
    apply() { return fake(name + '()'); },
    construct() { return fake('new ' + name); },
  });
}
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? FAKE : originalResolve.call(this, request, ...rest);
};
// A plain object with the namespaces, because a bundle copies the module's own keys on import.
const NAMESPACES = ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'Uri', 'EventEmitter', 'Disposable', 'Range', 'Position', 'CodeLens', 'ViewColumn', 'ProgressLocation', 'StatusBarAlignment', 'ThemeIcon', 'ThemeColor'];
const vscode = Object.fromEntries(NAMESPACES.map((name) => [name, fake(name)]));
require.cache[FAKE] = { id: FAKE, filename: FAKE, loaded: true, exports: vscode };
// The extension host has loaded these long before any extension activates: preloading them here
// keeps node's own start-up cost out of the figure for our bundle.
for (const name of ['fs', 'fs/promises', 'path', 'os', 'crypto', 'child_process', 'url', 'util', 'events', 'zlib']) require('node:' + name);
const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const t0 = performance.now();
const extension = require(process.argv[1]);
const t1 = performance.now();
const context = { subscriptions: [], extensionUri: fake('extensionUri'), storageUri: fake('storageUri'), globalStorageUri: fake('globalStorageUri'), workspaceState: fake('workspaceState'), globalState: fake('globalState') };
extension.activate(context);
const t2 = performance.now();
const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length - timersBefore;
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, subscriptions: context.subscriptions.length, timers }));
for (const item of context.subscriptions) item.dispose();
`;

interface Activation {
  requireMs: number;
  activateMs: number;
  subscriptions: number;
  timers: number;
}

function activateOnce(): Activation {
  const result = spawnSync(process.execPath, ['-e', CHILD, path.join(dist, 'extension.js')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`activation failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Activation;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
}

function verdict(ok: boolean): string {
  return ok ? 'ok' : 'OVER';
}

const build = !process.argv.includes('--no-build');
if (build) {
  // What ships: the minified production bundles, then the VSIX made from them.
  run(process.execPath, ['esbuild.mjs', '--production']);
  run('npm', ['run', '--silent', 'package']);
}

const widths = [28, 12, 12, 12, 6];
const lines = [row(['what', 'measured', 'gzip', 'target', ''], widths)];
for (const bundle of BUNDLES) {
  const file = path.join(dist, bundle.file);
  if (!existsSync(file)) {
    lines.push(row([`dist/${bundle.file}`, 'missing', '', '', ''], widths));
    continue;
  }
  const raw = readFileSync(file);
  const gzip = gzipSync(raw).length;
  lines.push(
    row([`dist/${bundle.file}`, `${(raw.length / KB).toFixed(1)} KB`, `${(gzip / KB).toFixed(1)} KB`, `< ${bundle.targetKb} KB`, verdict(raw.length < bundle.targetKb * KB)], widths),
  );
}
if (existsSync(vsix)) {
  const size = statSync(vsix).size;
  lines.push(row(['VSIX', `${(size / KB).toFixed(1)} KB`, '', '< 2048 KB', verdict(size < 2048 * KB)], widths));
} else {
  lines.push(row(['VSIX', 'not built', '', '< 2048 KB', ''], widths));
}

const trials = Array.from({ length: TRIALS }, activateOnce);
const requireMs = median(trials.map((trial) => trial.requireMs));
const activateMs = median(trials.map((trial) => trial.activateMs));
lines.push(row(['require(dist/extension.js)', `${requireMs.toFixed(1)} ms`, '', '', ''], widths));
lines.push(row(['activate(context)', `${activateMs.toFixed(1)} ms`, '', '', ''], widths));
lines.push(row(['require + activate', `${(requireMs + activateMs).toFixed(1)} ms`, '', '< 50 ms', verdict(requireMs + activateMs < 50)], widths));
lines.push(row(['timers left by activate', String(Math.max(...trials.map((trial) => trial.timers))), '', '0', verdict(trials.every((trial) => trial.timers === 0))], widths));
lines.push(row(['disposables registered', String(trials[0].subscriptions), '', '', ''], widths));

const load = os.loadavg()[0].toFixed(1);
console.log(`${build ? 'production build' : 'dist/ as built'}; activation: median of ${TRIALS} fresh processes, node ${process.version}, load average ${load} on ${os.cpus().length} cores`);
console.log(lines.join('\n'));
