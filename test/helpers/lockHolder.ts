// Starts test/fixtures/lock/holder.ts: a separate process holding the machine-wide profiling lock.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Holder {
  child: ChildProcess;
  pid: number;
  /** Lets the holder release the lock and exit, as a finished profile would. */
  finish(): Promise<void>;
  /** Kills it with SIGKILL, as a crash would: the lock file stays behind. */
  crash(): Promise<void>;
}

const SCRIPT = path.resolve(__dirname, '..', 'fixtures', 'lock', 'holder.ts');

export async function holdLock(dir: string, functionName = 'other_work'): Promise<Holder> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dir, functionName], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const said = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before taking the lock: ${text}`)));
  });
  if (said !== 'held') throw new Error(`the lock holder could not take the lock: ${said}`);
  return {
    child,
    pid: child.pid as number,
    finish: async () => {
      child.stdin?.end();
      await exited;
    },
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
