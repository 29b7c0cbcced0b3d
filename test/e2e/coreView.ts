// Reads the Core Utilization view's per-core bars (`[data-core]`) from whichever webview frame
// holds them, and waits for them to move.
import type { Frame, Page } from 'playwright-core';

/** One bar as drawn: its core index and the load it shows (a meter's aria-valuenow), null before the first sample. */
export interface CoreBar {
  core: string;
  load: number | null;
}

async function barsIn(frame: Frame): Promise<CoreBar[]> {
  return frame
    .locator('[data-core]')
    .evaluateAll((elements) =>
      elements.map((element) => ({
        core: element.getAttribute('data-core') ?? '',
        load: /no sample/.test(element.getAttribute('aria-label') ?? '') ? null : Number(element.getAttribute('aria-valuenow')),
      })),
    )
    .catch(() => [] as CoreBar[]);
}

async function currentBars(page: Page): Promise<CoreBar[]> {
  for (const frame of page.frames()) {
    const bars = await barsIn(frame);
    if (bars.length > 0) return bars;
  }
  return [];
}

/** Polls on frame events (at most every 250 ms) until `done` accepts the bars, or throws. */
async function pollBars(page: Page, timeoutMs: number, done: (bars: CoreBar[]) => boolean, what: string): Promise<CoreBar[]> {
  const deadline = Date.now() + timeoutMs;
  let bars: CoreBar[] = [];
  while (Date.now() < deadline) {
    bars = await currentBars(page);
    if (done(bars)) return bars;
    await page.waitForEvent('framenavigated', { timeout: 250 }).catch(() => undefined);
  }
  throw new Error(`${what} within ${timeoutMs} ms; last seen ${bars.length} bars: ${JSON.stringify(bars.slice(0, 2))}`);
}

/** The bars once the view has drawn them with a first sample. */
export function readCoreBars(page: Page, timeoutMs: number): Promise<CoreBar[]> {
  return pollBars(page, timeoutMs, (bars) => bars.length > 0 && bars.every((bar) => bar.load !== null), 'no sampled [data-core] bar appeared in any frame');
}

/** Resolves once any bar shows a load other than in `before` (the view is live, not a snapshot). */
export function waitForCoreBarsToChange(page: Page, before: CoreBar[], timeoutMs: number): Promise<CoreBar[]> {
  const first = new Map(before.map((bar) => [bar.core, bar.load]));
  return pollBars(
    page,
    timeoutMs,
    (bars) => bars.some((bar) => bar.load !== null && first.has(bar.core) && first.get(bar.core) !== bar.load),
    'no core bar changed',
  );
}
