// A short soak in a real VS Code (code-server): profiles in a row from the palette, each ending in
// a verdict and a saved report, while the extension host's open files, memory and child processes
// are read from /proc after each; they stay flat, and no profile leaves a process running.
// test/integration/soak.test.ts and `npm run soak` are the long versions in one node process.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_MARKER_ENV } from '../../src/runners/harnessProcess';
import { descendants } from '../../src/system/processTree';
import { openSession, scenario, type Session } from './session';
import { answerInputBox, openFile, pickQuickItem, runCommand, waitInFrames } from './workbench';

const PROFILES = Number(process.env.PP_E2E_SOAK_PROFILES ?? 4);
const WARM_UP = 2;
/** Open files the extension host may gain after warm-up: VS Code itself opens and closes logs and
 * storage files now and then; a leak of one pipe per configuration would add several per profile. */
const FD_SLACK = 8;

interface HostSample {
  profile: number;
  fds: number;
  rssMB: number;
  /** The profiler's processes below the extension host (harnesses and workers carry its run
   * marker): VS Code's own, such as the JSON language server it starts for a settings file, are not. */
  children: number;
  /** Their command lines, so a failure says what was left. */
  left: string[];
}

function isProfilers(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').some((entry) => entry.startsWith(`${RUN_MARKER_ENV}=`));
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function extensionHost(serverPid: number): number {
  const host = descendants(serverPid).find((pid) => commandLine(pid).includes('type=extensionHost'));
  if (!host) throw new Error(`no extension host below code-server (pid ${serverPid})`);
  return host;
}

function sampleHost(pid: number, profile: number): HostSample {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  const children = descendants(pid).filter(isProfilers);
  return { profile, fds: readdirSync(`/proc/${pid}/fd`).length, rssMB: Number(rss) / 1024, children: children.length, left: children.map(commandLine) };
}

/** Report files the extension saved, found in the history store (global storage) of this session. */
function savedReports(session: Session): number {
  const storage = path.join(path.dirname(session.logsDir), 'User', 'globalStorage');
  let count = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (`${dir}${path.sep}`.includes(`${path.sep}history${path.sep}`) && /^\d{4}-.*\.json$/.test(entry.name)) count += 1;
    }
  };
  try {
    walk(storage);
  } catch {
    return 0;
  }
  return count;
}

describe('a short soak in a real VS Code', () => {
  let session: Session | undefined;

  before(async () => {
    session = await openSession({ trusted: true, settings: { 'parallelProfiler.executors': ['thread', 'process'], 'parallelProfiler.workers': [2], 'parallelProfiler.repeat': 1 } });
  }, { timeout: 300_000 });

  after(async () => {
    await session?.close();
  });

  test(`${PROFILES} profiles in a row leave the extension host's open files, memory and child processes flat`, { timeout: PROFILES * 120_000 }, async (t) => {
    const name = 'soak profiles in a row';
    await scenario(session, name, async (s) => {
      await openFile(s.page, 'primes.py');
      const host = extensionHost(s.serverPid);
      const samples: HostSample[] = [];
      for (let profile = 1; profile <= PROFILES; profile++) {
        await runCommand(s.page, 'Parallel Profiler: Profile parallel');
        await pickQuickItem(s.page, 'choose a function', 'count_primes');
        await answerInputBox(s.page, 'inputs for count_primes', `[${4000 + profile}] * 4`);
        // Saved before the panel shows it: the report file is how this profile's end is told from the last one's.
        const deadline = Date.now() + 110_000;
        while (savedReports(s) < profile) {
          if (Date.now() > deadline) throw new Error(`profile ${profile} saved no report`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        await waitInFrames(s.page, '#pp-verdict', (text) => text.includes(`[${4000 + profile}] * 4`), 60_000);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const sample = sampleHost(host, profile);
        samples.push(sample);
        t.diagnostic(`profile ${profile}: extension host ${sample.fds} open files, ${sample.rssMB.toFixed(0)} MB resident, ${sample.children} profiler processes running`);
      }
      await s.shot(name, 'last-verdict');
      const warm = samples[WARM_UP - 1];
      for (const sample of samples) assert.equal(sample.children, 0, `nothing of profile ${sample.profile} is left running: ${sample.left.join(' | ')}`);
      for (const sample of samples.slice(WARM_UP)) {
        assert.ok(sample.fds <= warm.fds + FD_SLACK, `open files after profile ${sample.profile}: ${sample.fds}, after ${WARM_UP}: ${warm.fds}`);
      }
    });
  });
});
