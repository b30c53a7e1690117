import type { Browser, CDPSession } from 'playwright-core';
import type { LeadFlowOptions } from '../../../src/embed/index.ts';
import type { HeapResult } from '../types.ts';
import type { BenchWindow } from './in-page.ts';
import { openPage } from './page-session.ts';

const CYCLES = 100;

/** Used JS heap after a full collection; twice, so objects freed by the first (weak callbacks) go too. */
async function usedHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * LeadFlow's JS heap: with only the script loaded, with one widget mounted, and after 100 and
 * 200 mount / unmount cycles on fresh elements (what a single-page app does on route changes).
 * The first hundred also leave the code V8 compiled and optimised on the way, once; what the
 * second hundred add, per cycle, is what unmounting fails to release.
 */
export async function measureHeap(browser: Browser, origin: string, pageUrl: string, flow: unknown, webhook: string): Promise<HeapResult> {
  const session = await openPage(browser, origin);
  try {
    const { page } = session;
    await page.goto(pageUrl, { waitUntil: 'load' });
    const cdp = await page.context().newCDPSession(page);
    const options = { flow: flow as LeadFlowOptions['flow'], webhook, locale: 'de' };
    const baseline = await usedHeap(cdp);

    await page.evaluate(async (options) => {
      const win = window as unknown as BenchWindow & { __kept?: unknown };
      const element = document.body.appendChild(document.createElement('div'));
      const handle = win.LeadFlow.mount(element, options);
      await handle.ready;
      win.__kept = { element, handle }; // held so the collection before measuring cannot take it
    }, options);
    const oneWidget = await usedHeap(cdp);

    const cycles = (n: number) =>
      page.evaluate(
        async ({ options, cycles }) => {
          const win = window as unknown as BenchWindow & { __kept?: { element: HTMLElement; handle: { unmount(): void } } };
          win.__kept?.handle.unmount();
          win.__kept?.element.remove();
          delete win.__kept;
          for (let i = 0; i < cycles; i++) {
            const element = document.body.appendChild(document.createElement('div'));
            const handle = win.LeadFlow.mount(element, options);
            await handle.ready;
            handle.unmount();
            element.remove();
          }
          // Let timers and effects queued by the last unmount run, so only what is really kept remains.
          await new Promise((resolve) => setTimeout(resolve, 100));
        },
        { options, cycles: n },
      );
    await cycles(CYCLES);
    const after100Cycles = await usedHeap(cdp);
    await cycles(CYCLES);
    const after200Cycles = await usedHeap(cdp);
    await cdp.detach();
    session.check();
    return { baseline, oneWidget, after100Cycles, after200Cycles };
  } finally {
    await session.close();
  }
}
