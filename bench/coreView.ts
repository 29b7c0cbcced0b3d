// What drawing the live Core Utilization view costs the browser that shows it: headless Chromium's
// CPU (every process it runs, software rendering as in a VS Code without GPU) while the view gets a
// sample every 100 ms, beside the same page receiving nothing for as long. Linux only (/proc).
// Run: node --import tsx bench/coreView.ts [--seconds 15]

import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { Page } from 'playwright-core';
import type { Machine } from '../src/shared/report';
import { buildWebview, launchBrowser, openVsCodePage, postMessage } from '../test/webview/browser';

const secondsFlag = process.argv.indexOf('--seconds');
const seconds = secondsFlag > 0 ? Number(process.argv[secondsFlag + 1]) : 15;
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime, in seconds, of every process descending from this one (Chromium and its helpers). */
function descendantsCpuSeconds(): number {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let at = parents.get(pid); at !== undefined && at > 1; at = parents.get(at)) if (at === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, used] of ticks) if (isOurs(pid)) total += used;
  return total / CLOCK_TICKS_PER_SECOND;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Percent of one core the browser used over `seconds`, posting every 100 ms a sample (live), a
 * message the view ignores (the cost of the posting itself), or nothing (idle). */
async function browserCpu(page: Page, posting: 'live' | 'ignored' | 'idle'): Promise<number> {
  const cores = os.cpus().length;
  const before = descendantsCpuSeconds();
  const began = Date.now();
  for (let tick = 0; Date.now() - began < seconds * 1000; tick++) {
    const load = Array.from({ length: cores }, (_, core) => 50 + 45 * Math.sin(tick / 7 + core));
    if (posting === 'live') await postMessage(page, { type: 'load', time: tick / 10, load });
    if (posting === 'ignored') await postMessage(page, { type: 'not-for-the-view', time: tick / 10, load });
    await sleep(Math.max(0, began + (tick + 1) * 100 - Date.now()));
  }
  return ((descendantsCpuSeconds() - before) / ((Date.now() - began) / 1000)) * 100;
}

async function main(): Promise<void> {
  const built = await buildWebview(true);
  const browser = await launchBrowser();
  try {
    const { page } = await openVsCodePage(browser, built.dist, 'coreView');
    const cores = os.cpus().length;
    const machine: Machine = { logicalCores: cores, physicalCores: cores, cpuBrand: 'bench', memoryBytes: 0, platform: 'linux-x64' };
    await postMessage(page, { type: 'machine', machine, coreToPhysical: Array.from({ length: cores }, (_, core) => core) });
    await sleep(1000);
    const idle = await browserCpu(page, 'idle');
    const ignored = await browserCpu(page, 'ignored');
    const live = await browserCpu(page, 'live');
    console.log(`Core Utilization view, ${cores} cores, ${seconds} s each, headless Chromium (software rendering)`);
    console.log(`browser CPU, nothing posted:                ${idle.toFixed(1)}% of a core`);
    console.log(`browser CPU, an ignored message every 100 ms: ${ignored.toFixed(1)}% of a core (the posting itself)`);
    console.log(`browser CPU, a sample every 100 ms:          ${live.toFixed(1)}% of a core`);
    console.log(`cost of drawing the live view:               ${(live - ignored).toFixed(1)}% of a core`);
  } finally {
    await browser.close();
    built.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
