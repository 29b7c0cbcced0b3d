// A stand-in for the `vscode` module, so the extension's own modules (activate, the commands, the
// run queue, the Results panel, the report store) run in a plain node process: the soak, the
// machine lock and the "nowhere to save" tests drive the real extension code and read what the
// user would have seen (notifications, progress messages, panel states) from `ui`.
// Only what the extension calls is here; an unexpected call fails loudly instead of passing quietly.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import type { PanelState, ToPanel } from '../../src/shared/messages';

type Listener<T> = (value: T) => unknown;
type Level = 'info' | 'warning' | 'error';

class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  dispose(): void {
    this.onDispose();
  }
}

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>, thisArgs?: unknown, disposables?: Disposable[]): Disposable => {
    const bound: Listener<T> = (value) => listener.call(thisArgs, value);
    this.listeners.add(bound);
    const disposable = new Disposable(() => this.listeners.delete(bound));
    disposables?.push(disposable);
    return disposable;
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  get size(): number {
    return this.listeners.size;
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(file: string): Uri {
    return new Uri('file', path.resolve(file));
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.join(base.fsPath, ...parts));
  }
  with(change: { path?: string }): Uri {
    return new Uri(this.scheme, change.path ?? this.fsPath);
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: unknown,
  ) {}
}

interface CancellationToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested: EventEmitter<void>['event'];
}

class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  private cancelled = false;
  readonly token: CancellationToken;
  constructor() {
    const isCancelled = () => this.cancelled;
    this.token = {
      get isCancellationRequested() {
        return isCancelled();
      },
      onCancellationRequested: this.emitter.event,
    };
  }
  cancel(): void {
    this.cancelled = true;
    this.emitter.fire();
  }
}

export interface Notification {
  level: Level;
  text: string;
  items: string[];
}

export interface ProgressRecord {
  title: string;
  messages: string[];
  cancellable: boolean;
  done: boolean;
  cancel(): void;
}

interface FakeWebview {
  posted: ToPanel[];
  html: string;
}

/** What the user would have seen, and how the fake user answers. */
export const ui = {
  notifications: [] as Notification[],
  statusMessages: [] as string[],
  progress: [] as ProgressRecord[],
  panels: [] as FakeWebview[],
  commandsRun: [] as string[],
  /** The button the fake user presses on a notification (undefined: dismisses it). */
  answer: (_notification: Notification): string | undefined => undefined,
  inputBox: (): string | undefined => '',
  openDialog: (): string | undefined => undefined,
  /** The last panel state the Results panel was sent, across panels. */
  lastPanelState(): PanelState | null {
    for (const panel of [...this.panels].reverse()) {
      for (const message of [...panel.posted].reverse()) if (message.type === 'state') return message.state;
    }
    return null;
  },
  reset(): void {
    this.notifications = [];
    this.statusMessages = [];
    this.progress = [];
    // Open panels stay open (as in VS Code); only what they were sent so far is forgotten.
    for (const panel of this.panels) panel.posted.length = 0;
    this.commandsRun = [];
    this.answer = () => undefined;
    this.inputBox = () => '';
    this.openDialog = () => undefined;
  },
};

const commands = new Map<string, (...args: unknown[]) => unknown>();
const configuration = new Map<string, unknown>();

function notify(level: Level) {
  return (text: string, ...items: unknown[]): Promise<string | undefined> => {
    const buttons = items.filter((item): item is string => typeof item === 'string');
    const notification = { level, text, items: buttons };
    ui.notifications.push(notification);
    return Promise.resolve(ui.answer(notification));
  };
}

function createWebview(): FakeWebview & Record<string, unknown> {
  const received = new EventEmitter<unknown>();
  let html = '';
  const webview = {
    posted: [] as ToPanel[],
    get html(): string {
      return html;
    },
    /** Loading the page makes the panel's script say `ready`, as the real one does once it runs. */
    set html(page: string) {
      html = page;
      setImmediate(() => received.fire({ type: 'ready' }));
    },
    options: {},
    cspSource: 'vscode-resource:',
    asWebviewUri: (target: Uri) => target,
    postMessage: (message: ToPanel) => {
      webview.posted.push(message);
      return Promise.resolve(true);
    },
    onDidReceiveMessage: received.event,
    /** The panel's script talking to the host, for tests that play the webview's side. */
    receive: (message: unknown) => received.fire(message),
  };
  ui.panels.push(webview);
  return webview;
}

function textDocument(file: string) {
  const text = readFileSync(file, 'utf8');
  const extension = path.extname(file);
  const languageId = extension === '.py' ? 'python' : extension === '.ts' ? 'typescript' : 'javascript';
  return { uri: Uri.file(file), fileName: file, languageId, isDirty: false, isUntitled: false, getText: () => text, save: () => Promise.resolve(true) };
}

export const vscodeApi = {
  Disposable,
  EventEmitter,
  Uri,
  Range,
  CodeLens,
  CancellationTokenSource,
  ViewColumn: { One: 1, Beside: -2 },
  ProgressLocation: { Notification: 15 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  window: {
    activeTextEditor: undefined,
    showInformationMessage: notify('info'),
    showWarningMessage: notify('warning'),
    showErrorMessage: notify('error'),
    setStatusBarMessage: (text: string) => {
      ui.statusMessages.push(text);
      return new Disposable();
    },
    showInputBox: () => Promise.resolve(ui.inputBox()),
    showOpenDialog: () => {
      const chosen = ui.openDialog();
      return Promise.resolve(chosen === undefined ? undefined : [Uri.file(chosen)]);
    },
    async withProgress<R>(options: { title?: string; cancellable?: boolean }, task: (progress: { report(value: { message?: string }): void }, token: CancellationToken) => Promise<R>): Promise<R> {
      const cancellation = new CancellationTokenSource();
      const record: ProgressRecord = { title: options.title ?? '', messages: [], cancellable: Boolean(options.cancellable), done: false, cancel: () => cancellation.cancel() };
      ui.progress.push(record);
      try {
        return await task({ report: (value) => value.message !== undefined && record.messages.push(value.message) }, cancellation.token);
      } finally {
        record.done = true;
      }
    },
    createOutputChannel: () => ({ info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, show: () => undefined, dispose: () => undefined }),
    createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    createWebviewPanel: () => {
      const disposed = new EventEmitter<void>();
      const panel = {
        webview: createWebview(),
        title: '',
        iconPath: undefined,
        reveal: () => undefined,
        onDidDispose: disposed.event,
        dispose: () => disposed.fire(),
      };
      return panel;
    },
    registerWebviewPanelSerializer: () => new Disposable(),
    registerWebviewViewProvider: () => new Disposable(),
  },
  commands: {
    registerCommand: (id: string, action: (...args: unknown[]) => unknown) => {
      commands.set(id, action);
      return new Disposable(() => commands.delete(id));
    },
    executeCommand: async (id: string, ...args: unknown[]) => {
      ui.commandsRun.push(id);
      const action = commands.get(id);
      return action ? action(...args) : undefined;
    },
  },
  workspace: {
    isTrusted: true,
    textDocuments: [] as unknown[],
    getConfiguration: () => ({ get: (key: string) => configuration.get(key) }),
    getWorkspaceFolder: () => undefined,
    openTextDocument: (uri: Uri) => Promise.resolve(textDocument(uri.fsPath)),
    save: (uri: Uri) => Promise.resolve(uri),
    onDidChangeConfiguration: () => new Disposable(),
    onDidGrantWorkspaceTrust: () => new Disposable(),
  },
  languages: { registerCodeLensProvider: () => new Disposable() },
  extensions: { getExtension: () => undefined },
  env: { clipboard: { writeText: () => Promise.resolve() } },
};

/** Sets a `parallelProfiler.*` setting (key without the section), as the user's settings would. */
export function setSetting(key: string, value: unknown): void {
  if (value === undefined) configuration.delete(key);
  else configuration.set(key, value);
}

let installed = false;

/** Makes `require('vscode')` return the stand-in; call before importing any extension module. */
export function installVscodeStub(): void {
  if (installed) return;
  installed = true;
  const stubId = path.join(__dirname, '__vscode_stub__.js');
  const moduleWithInternals = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string; _cache: Record<string, unknown> };
  const resolve = moduleWithInternals._resolveFilename;
  moduleWithInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stubId : resolve.call(this, request, ...rest);
  };
  const cached = new Module(stubId);
  cached.filename = stubId;
  cached.loaded = true;
  cached.exports = vscodeApi;
  moduleWithInternals._cache[stubId] = cached;
}

/** A minimal ExtensionContext whose storage lives under `storage`. */
export function fakeContext(extensionRoot: string, storage: string) {
  const memento = () => {
    const values = new Map<string, unknown>();
    return { get: (key: string) => values.get(key), update: (key: string, value: unknown) => (values.set(key, value), Promise.resolve()), keys: () => [...values.keys()] };
  };
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extensionUri: Uri.file(extensionRoot),
    storageUri: Uri.file(path.join(storage, 'workspace')),
    globalStorageUri: Uri.file(path.join(storage, 'global')),
    workspaceState: memento(),
    globalState: memento(),
  };
}
