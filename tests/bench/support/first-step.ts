import type { Browser } from 'playwright-core';
import type { BenchWindow } from './in-page.ts';
import { openPage } from './page-session.ts';

export interface WidgetPage {
  name: string;
  /** A page from bench-pages.ts whose inline clock starts just before the widget's script. */
  url: string;
}

/**
 * Time from script start to the first step's options painted, each run in a fresh context
 * (cold HTTP and code cache, as for a first-time visitor). Widgets take turns run by run, so
 * anything else slowing the machine for a moment hits both. Warm-up runs are dropped: the
 * first launches of a renderer process are slower for reasons that are not the widget's.
 */
export async function timeFirstSteps(
  browser: Browser,
  origin: string,
  widgets: WidgetPage[],
  runs: number,
  warmUp: number,
): Promise<Map<string, number[]>> {
  const samples = new Map(widgets.map((w) => [w.name, [] as number[]]));
  for (let run = 0; run < warmUp + runs; run++) {
    for (const widget of widgets) {
      const session = await openPage(browser, origin);
      try {
        await session.page.goto(widget.url, { waitUntil: 'load' });
        const ms = await session.page.evaluate(() => (window as unknown as BenchWindow).__bench.firstStep);
        session.check();
        if (run >= warmUp) samples.get(widget.name)?.push(ms);
      } finally {
        await session.close();
      }
    }
  }
  return samples;
}
