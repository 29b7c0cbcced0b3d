// Reads the Core Utilization view's per-core bars (`[data-core]`) from whichever webview frame
// holds them, and waits for them to move.
import type { Frame, Page } from 'playwright-core';

/** One core as drawn: the load its bar shows (a meter's aria-valuenow, null before the first sample) and its history sparkline. */
export interface CoreBar {
  core: string;
  load: number | null;
  /** The sparkline's pixels as a data URL: it moves on each sample even while a saturated core's bar stays at 100%. */
  history: string;
}

async function barsIn(frame: Frame): Promise<CoreBar[]> {
  return frame
    .locator('[data-core]')
    .evaluateAll((elements) =>
      elements.map((element) => ({
        core: element.getAttribute('data-core') ?? '',
        load: /no sample/.test(element.getAttribute('aria-label') ?? '') ? null : Number(element.getAttribute('aria-valuenow')),
        history: element.closest('.pp-core-row')?.querySelector('canvas')?.toDataURL() ?? '',
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
  const shown = bars.map((bar) => ({ core: bar.core, load: bar.load, history: `${bar.history.length} chars` }));
  throw new Error(`${what} within ${timeoutMs} ms; last seen ${bars.length} bars: ${JSON.stringify(shown)}`);
}

/** The bars once the view has drawn them with a first sample. */
export function readCoreBars(page: Page, timeoutMs: number): Promise<CoreBar[]> {
  return pollBars(page, timeoutMs, (bars) => bars.length > 0 && bars.every((bar) => bar.load !== null), 'no sampled [data-core] bar appeared in any frame');
}

/** Resolves once any core shows a load or history other than in `before` (the view is live, not a snapshot). */
export function waitForCoreBarsToChange(page: Page, before: CoreBar[], timeoutMs: number): Promise<CoreBar[]> {
  const first = new Map(before.map((bar) => [bar.core, bar]));
  return pollBars(
    page,
    timeoutMs,
    (bars) =>
      bars.some((bar) => {
        const was = first.get(bar.core);
        return was !== undefined && bar.load !== null && (was.load !== bar.load || was.history !== bar.history);
      }),
    'no core bar changed',
  );
}
