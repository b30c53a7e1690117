import type { Browser } from 'playwright-core';
import type { WidgetPage } from './first-step.ts';
import type { BenchWindow } from './in-page.ts';
import { openPage } from './page-session.ts';

export interface StepTexts {
  /** Titles of the flow's first two steps, the same text in both widgets. */
  step1: string;
  step2: string;
  /** Button labels; LeadFlow's German UI and SurveyJS's German strings happen to agree. */
  next: string;
  back: string;
}

/**
 * Step 1 → 2 transitions in one loaded page (see `stepTransitions` in pages/bench-page.js for
 * where the clock starts and stops). The first `warmUp` transitions are dropped: they include
 * compiling the code that renders step 2, which a visitor pays once, not per step.
 */
export async function timeStepTransitions(
  browser: Browser,
  origin: string,
  widget: WidgetPage,
  texts: StepTexts,
  runs: number,
  warmUp: number,
): Promise<number[]> {
  const session = await openPage(browser, origin);
  try {
    await session.page.goto(widget.url, { waitUntil: 'load' });
    await session.page.evaluate(() => (window as unknown as BenchWindow).__bench.firstStep);
    const times = await session.page.evaluate(
      (options) => (window as unknown as BenchWindow).__bench.stepTransitions(options),
      { ...texts, runs: warmUp + runs },
    );
    session.check();
    return times.slice(warmUp);
  } finally {
    await session.close();
  }
}
