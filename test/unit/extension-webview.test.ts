import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstDocLine } from '../../src/extension/functionList';
import { readSettings } from '../../src/extension/settings';
import { buildWebviewHtml, contentSecurityPolicy, createNonce } from '../../src/extension/webviewHtml';

describe('webview HTML', () => {
  const parts = {
    title: 'Parallel Profiler results',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123+/=',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/panel.js',
    styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/theme.css', 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css'],
  };

  test('allows scripts only by nonce and everything else only from the extension', () => {
    const policy = contentSecurityPolicy(parts.cspSource, parts.nonce);
    assert.match(policy, /^default-src 'none'; /);
    assert.match(policy, /script-src 'nonce-abc123\+\/='(;|$)/);
    assert.match(policy, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
  });

  test('loads the bundle with the nonce into the app root', () => {
    const html = buildWebviewHtml(parts);
    assert.match(html, /<div id="app"><\/div>/);
    assert.match(html, /<script nonce="abc123\+\/=" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/panel\.js"><\/script>/);
    // The shared theme first, so the page's own sheet can override it.
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/media\/theme\.css">\n<link rel="stylesheet" href="[^"]+\/media\/panel\.css">/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  test('escapes what it writes into attributes', () => {
    const html = buildWebviewHtml({ ...parts, title: '<b>"x"</b>' });
    assert.match(html, /<title>&#60;b&#62;&#34;x&#34;&#60;\/b&#62;<\/title>/);
  });

  test('makes a fresh 16-byte nonce each time', () => {
    const first = createNonce();
    assert.equal(Buffer.from(first, 'base64').length, 16);
    assert.notEqual(first, createNonce());
  });
});

describe('settings', () => {
  const read = (values: Record<string, unknown>) => readSettings((key) => values[key]);

  test('uses the defaults when nothing is set', () => {
    assert.deepEqual(read({}), {
      pythonPath: undefined,
      nodePath: undefined,
      executors: undefined,
      workers: undefined,
      repeat: 3,
      timeoutSeconds: 120,
      chunksize: null,
      daskScheduler: undefined,
      codeLensEnabled: true,
      thorough: false,
      budgetSeconds: null,
      historyKeep: 50,
    });
  });

  test('takes the thorough plan only when it is true, and a budget only when it is a positive number', () => {
    assert.equal(read({ thorough: 'yes' }).thorough, false);
    assert.equal(read({ thorough: true }).thorough, true);
    assert.equal(read({ budgetSeconds: 60 }).budgetSeconds, 60);
    for (const budgetSeconds of [0, -5, '60', Number.NaN]) assert.equal(read({ budgetSeconds }).budgetSeconds, null);
  });

  test('drops values of the wrong type or range instead of passing them to the engine', () => {
    const settings = read({ executors: ['thread', 'bogus', 3], workers: [4, 0, 2.5, 2, 4], repeat: 0, timeoutSeconds: -1, chunksize: 1.5, pythonPath: '  ' });
    assert.deepEqual(settings.executors, ['thread']);
    assert.deepEqual(settings.workers, [2, 4]);
    assert.equal(settings.repeat, 3);
    assert.equal(settings.timeoutSeconds, 120);
    assert.equal(settings.chunksize, null);
    assert.equal(settings.pythonPath, undefined);
  });

  test('turns the CodeLens off only when the setting is false', () => {
    assert.equal(read({ 'codeLens.enabled': false }).codeLensEnabled, false);
    assert.equal(read({ 'codeLens.enabled': true }).codeLensEnabled, true);
  });
});

describe('examples', () => {
  test('describes an example by the first line of its docstring or comment', () => {
    assert.equal(firstDocLine('"""Pure-Python CPU work: count the primes.\n\nMore."""\n'), 'Pure-Python CPU work: count the primes.');
    assert.equal(firstDocLine('"""One line."""\nimport os\n'), 'One line.');
    assert.equal(firstDocLine('// Waits on timers.\nexport function f(x) {}'), 'Waits on timers.');
    assert.equal(firstDocLine('import os\n'), '');
  });
});
