// The Core Utilization view in headless Chromium, fed ToCoreView messages like the extension sends.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Machine } from '../../src/shared/report';
import { SCREENSHOTS, cspViolations, postMessage, posted, webviewSession } from './browser';

const laptop: Machine = { logicalCores: 8, physicalCores: 4, cpuBrand: 'Intel® Core™ i7-10510U', memoryBytes: 17_053_417_472, platform: 'linux-x64' };
/** Intel numbering: a core's second hardware thread is at N + i. */
const siblings = [0, 1, 2, 3, 0, 1, 2, 3];

const web = webviewSession();

/** A plausible 10 Hz history: one busy core per physical core, the rest light. */
function loadAt(step: number): number[] {
  return siblings.map((_, core) => (core < 2 ? 70 + 25 * Math.sin(step / 7 + core) : 5 + ((step * 7 + core * 13) % 20)));
}

describe('core utilization view', () => {
  test('shows one bar per logical core, grouped under its physical core, with the counts and the CPU', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await web.vsCodePage('coreView', { colorScheme: scheme });
      assert.deepEqual(await posted(page), [{ type: 'ready' }]);
      await postMessage(page, { type: 'machine', machine: laptop, coreToPhysical: siblings });
      for (let step = 0; step < 120; step++) await postMessage(page, { type: 'load', time: 1000 + step / 10, load: loadAt(step) });
      await postMessage(page, { type: 'activity', label: 'process (spawn) × 2 — 5 of 16' });
      await page.waitForSelector('[data-core="7"][aria-valuenow]:not([aria-valuenow="0"])');
      assert.equal(await page.locator('[data-core]').count(), 8);
      assert.equal(await page.locator('.pp-physical').count(), 4);
      assert.equal(await page.locator('.pp-physical h3').first().textContent(), 'core 0: cpu0 cpu4');
      assert.equal(await page.locator('.pp-core-counts').textContent(), '8 logical / 4 physical');
      assert.equal(await page.locator('.pp-brand').textContent(), laptop.cpuBrand);
      assert.equal(await page.locator('.pp-activity').textContent(), 'Running: process (spawn) × 2 — 5 of 16');
      const last = loadAt(119);
      assert.equal(await page.locator('[data-core="3"]').getAttribute('aria-label'), `cpu3 ${Math.round(last[3])}%`);
      const inked = await page.locator('canvas.pp-spark').first().evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        let alpha = 0;
        for (let i = 3; i < data.length; i += 4) alpha += data[i];
        return alpha;
      });
      assert.ok(inked > 0, 'the sparkline draws the history');
      const file = path.join(SCREENSHOTS, `core-view-${scheme}.png`);
      await page.setViewportSize({ width: 420, height: 520 });
      await page.screenshot({ path: file });
      console.log(`screenshot: ${file}`);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(problems.consoleErrors, []);
      assert.deepEqual(problems.pageErrors, []);
      await page.close();
    }
  });

  test('says idle when no run is executing', async () => {
    const { page } = await web.vsCodePage('coreView');
    await postMessage(page, { type: 'activity', label: 'thread × 4 — 2 of 9' });
    await page.waitForSelector('.pp-activity[data-activity=running]');
    await postMessage(page, { type: 'activity', label: null });
    await page.waitForSelector('.pp-activity[data-activity=idle]');
    assert.equal(await page.locator('.pp-activity').textContent(), 'idle');
    await page.close();
  });

  test('lays out bars from the first sample when it arrives before the machine', async () => {
    const { page } = await web.vsCodePage('coreView');
    await postMessage(page, { type: 'load', time: 5, load: [12, 34, 56] });
    await page.waitForSelector('[data-core="2"][aria-label="cpu2 56%"]');
    assert.equal(await page.locator('[data-core]').count(), 3);
    await postMessage(page, { type: 'machine', machine: laptop, coreToPhysical: siblings });
    await page.waitForFunction(() => document.querySelectorAll('[data-core]').length === 8);
    await page.close();
  });

  test('ignores messages that are not ToCoreView', async () => {
    const { page, problems } = await web.vsCodePage('coreView');
    await postMessage(page, { type: 'load', time: 'soon', load: 'lots' });
    await postMessage(page, { type: 'machine', machine: null });
    await postMessage(page, { type: 'load', time: 1, load: [40] });
    await page.waitForSelector('[data-core="0"][aria-label="cpu0 40%"]');
    assert.equal(await page.locator('[data-core]').count(), 1);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
