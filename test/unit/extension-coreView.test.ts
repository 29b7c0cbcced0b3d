import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as vscode from 'vscode';
import type { CoreLoad, CoreSampler } from '../../src/core/sampler';
import { CoreUtilizationView, type ActivitySource } from '../../src/extension/coreUtilizationView';
import type { ToCoreView } from '../../src/shared/messages';

/** A sampler whose samples the test sends by hand. */
class HandSampler {
  listeners = new Set<(sample: CoreLoad) => void>();
  subscribe(listener: (sample: CoreLoad) => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  send(time: number): void {
    for (const listener of this.listeners) listener({ time, load: [10, 20] });
  }
}

function uri(path: string): vscode.Uri {
  return { path, with: (change: { path: string }) => uri(change.path), toString: () => `file://${path}` } as unknown as vscode.Uri;
}

function fakeView() {
  const posted: ToCoreView[] = [];
  const visibility: (() => void)[] = [];
  const none = () => ({ dispose: () => undefined });
  const view = {
    visible: true,
    webview: {
      options: {},
      html: '',
      cspSource: 'vscode-resource:',
      asWebviewUri: (target: vscode.Uri) => target,
      postMessage: (message: ToCoreView) => {
        posted.push(message);
        return Promise.resolve(true);
      },
      onDidReceiveMessage: none,
    },
    onDidChangeVisibility: (listener: () => void) => {
      visibility.push(listener);
      return { dispose: () => undefined };
    },
    onDidDispose: none,
  };
  const setVisible = (visible: boolean): void => {
    view.visible = visible;
    for (const listener of visibility) listener();
  };
  return { view: view as unknown as vscode.WebviewView, posted, setVisible };
}

function setUp() {
  const sampler = new HandSampler();
  let label: string | null = null;
  const activity: ActivitySource = { get label() { return label; }, onDidChange: () => ({ dispose: () => undefined }) };
  const log = { warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
  const coreView = new CoreUtilizationView({ dist: uri('/ext/dist'), media: uri('/ext/media') }, sampler as unknown as CoreSampler, activity, log);
  const shown = fakeView();
  coreView.resolveWebviewView(shown.view);
  const loadTimes = () => shown.posted.filter((message) => message.type === 'load').map((message) => (message.type === 'load' ? message.time : 0));
  return { sampler, shown, loadTimes, setRunning: (running: string | null) => (label = running), coreView };
}

const tenth = (count: number, from: number) => Array.from({ length: count }, (_, index) => Math.round((from + index / 10) * 10) / 10);

describe('Core Utilization view', () => {
  test('shows every sample while nothing runs, and at most 4 a second while a profile runs', () => {
    const { sampler, loadTimes, setRunning } = setUp();
    for (const time of tenth(10, 0)) sampler.send(time);
    assert.deepEqual(loadTimes(), tenth(10, 0));
    setRunning('count_primes: thread × 2 — about 20 s left');
    for (const time of tenth(10, 1)) sampler.send(time);
    // The last shown was 0.9: the next is 0.25 s or more after it.
    assert.deepEqual(loadTimes().slice(10), [1.2, 1.5, 1.8]);
  });

  test('stops listening to the sampler while hidden and starts again when shown', () => {
    const { sampler, shown, loadTimes, coreView } = setUp();
    assert.equal(sampler.listeners.size, 1);
    shown.setVisible(false);
    assert.equal(sampler.listeners.size, 0);
    sampler.send(0);
    assert.deepEqual(loadTimes(), []);
    shown.setVisible(true);
    sampler.send(0.1);
    assert.deepEqual(loadTimes(), [0.1]);
    coreView.dispose();
    assert.equal(sampler.listeners.size, 0);
  });
});
