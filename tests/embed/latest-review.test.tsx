import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAnalyticsQueue, type AnalyticsBatch, type AnalyticsQueue } from '../../src/delivery/index.ts';
import type { Flow, FunnelEvent } from '../../src/engine/index.ts';
import { install, mount, type LeadFlowApi, type LeadFlowHandle } from '../../src/embed/index.ts';
import { applyTheme } from '../../src/embed/start-widget.tsx';
import { demoJsonCopy } from '../ui/fixtures.tsx';

/**
 * Review of ed3dc28..19fd546 (dark scheme, re-mounted widgets, offline funnel batches). Each
 * test was a bug, fixed since (an `it.fails` is one still open).
 */

const WEBHOOK = 'https://hooks.example.test/lead';
const cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.splice(0).forEach((undo) => undo());
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the dark scheme of a form with a translucent background', () => {
  /** applyTheme on a container whose `.lf-root` the browser computes with `background`. */
  async function schemeFor(background: string): Promise<string> {
    const real = globalThis.getComputedStyle.bind(globalThis);
    vi.spyOn(globalThis, 'getComputedStyle').mockImplementation((element: Element, pseudo?: string | null) => {
      const style = real(element, pseudo);
      if (!element.classList.contains('lf-root')) return style;
      return new Proxy(style, {
        get: (target, key) => {
          if (key === 'backgroundColor') return background;
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    });
    const container = document.createElement('div');
    container.className = 'lf-frame';
    container.innerHTML = '<section class="lf-root"></section>';
    document.body.append(container);
    cleanups.push(() => container.remove());
    applyTheme(container, { theme: {} } as unknown as Flow);
    // The colours are read before the next frame.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return container.style.getPropertyValue('--lf-scheme') || 'light';
  }

  it('asks for dark controls on an opaque dark background (how the browser writes it)', async () => {
    expect(await schemeFor('rgb(20, 22, 28)')).toBe('dark');
  });

  // Was (found by a review, fixed since): a page that tints the form slightly (`--leadflow-background: rgb(0 0 0 / 4%)`, which the
  // browser computes as `rgba(0, 0, 0, 0.04)`: a near-white form over a white page) gets dark
  // radios, checkboxes, date pickers and scrollbars — the "drawn dark and looking chosen on a light
  // background" case styles.css sets `color-scheme: light` against; before ed3dc28 it got light
  // ones. Cause: src/embed/start-widget.tsx:83-84 reads r, g, b and alpha but uses alpha only to skip
  // a fully transparent colour (`if (alpha && …)`): the luminance of the colour alone (0, black) is
  // compared with 128, whatever shows through it. The fix: blend with what is behind (unknown: treat
  // alpha below ~0.5 as "not dark", or blend over white), e.g. `alpha >= 0.5 && lum*alpha + 255*(1-alpha) < 128`.
  it('keeps light controls on a nearly transparent dark tint over the page', async () => {
    expect(await schemeFor('rgba(0, 0, 0, 0.04)')).toBe('light');
  });
});

describe('the script tag API after an ES module mounted the element again', () => {
  let api: LeadFlowApi;
  // install() watches the document for the page's lifetime: once per file.
  beforeAll(() => {
    api = install(window);
  });

  /** A popup the script tag mounted, then mounted again by the app's ES module (`mount` from leadflow.mjs). */
  async function remountedPopup(id: string): Promise<{ element: HTMLElement; live: LeadFlowHandle }> {
    const element = document.createElement('div');
    element.id = id;
    document.body.append(element);
    const options = { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', mode: 'popup' as const };
    await api.mount(element, options).ready;
    const live = mount(element, { ...options, flow: demoJsonCopy() });
    cleanups.push(() => {
      live.unmount();
      element.remove();
    });
    await live.ready;
    expect(element.shadowRoot!.querySelectorAll('dialog')).toHaveLength(1);
    return { element, live };
  }

  // Was (found by a review, fixed since): `LeadFlow.unmount('#offer')` does nothing once the app's ES module mounted the element
  // again: the popup stays on the page with its triggers, listeners and funnel, though
  // `LeadFlow.open('#offer')` now reaches it. Cause: fb66a8a made find() (src/embed/install.ts:63-66)
  // look at the element's live widget (`widgetOn`), but `unmount` (install.ts:107-111) still uses
  // install's own `handles` map, whose handle was unmounted by the re-mount. The fix: unmount
  // `widgetOn(element) ?? handles.get(element)` (i.e. use find()) there too.
  it("LeadFlow.unmount() removes the module's widget that replaced the script tag's", async () => {
    const { element } = await remountedPopup('offer-unmount');
    api.unmount('#offer-unmount');
    expect(element.shadowRoot!.querySelectorAll('dialog')).toHaveLength(0);
  });

  // Was (found by a review, fixed since): a page's own "close" control calling `LeadFlow.close()` (no target: "whichever popup,
  // slider or bubble is open") leaves the module's re-mounted popup open, modal over the page.
  // Cause: src/embed/install.ts:106 closes `handles.get(el)` for each overlay, the script tag's
  // stale handle (its close() returns at once: unmounted), not the element's live widget. Fix:
  // `overlays.forEach((el) => find(el)?.close())`.
  it("LeadFlow.close() without a target closes the module's re-mounted popup", async () => {
    const { element } = await remountedPopup('offer-close');
    api.open('#offer-close');
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
    api.close();
    expect(element.getAttribute('data-leadflow-state')).toBeNull();
  });
});

describe('funnel batches parked while offline', () => {
  const event = (n: number): FunnelEvent => ({
    type: 'step_view',
    flow: { id: 'saas-bant', version: 1 },
    variant: null,
    session: 'session-1',
    stepId: `step_${n}`,
    index: n,
    at: new Date(Date.UTC(2026, 10, 27, 10, 0, n)).toISOString(),
  });

  // Was (found by a review, fixed since): a visitor offline for a while (a train) whose steps each go out as a small batch (the
  // 2-second timer: a step_complete and a step_view, or one event) loses the oldest of them once
  // more than 25 batches wait — here 5 of 30 events, far below the README's "at most 500 events
  // waiting" — and silently: onGiveUp is never told, so no console note ("the console notes
  // dropped batches"). Cause: src/delivery/analytics-queue.ts:91 `offline.slice(-MAX_PENDING /
  // batchSize)` bounds the number of batches as if each were full (500 / 20 = 25), and drops the
  // rest without onGiveUp (with a batchSize above 500 the bound, -0.x, becomes slice(0): none at
  // all). The fix: bound the parked batches by their events (sum of events.length ≤ MAX_PENDING,
  // or merge parked batches), and report each one dropped through onGiveUp.
  it('keeps 30 events of 30 offline batches and sends them all once back online', async () => {
    vi.useFakeTimers();
    let online = false;
    const posted: AnalyticsBatch[] = [];
    const fetch = vi.fn(async (_url: RequestInfo | URL, init: RequestInit = {}) => {
      if (!online) throw new TypeError('Failed to fetch');
      posted.push(JSON.parse(String(init.body)) as AnalyticsBatch);
      return new Response(null, { status: 204 });
    }) as unknown as typeof globalThis.fetch;
    const dropped = vi.fn();
    let n = 0;
    const queue: AnalyticsQueue = createAnalyticsQueue({
      url: 'https://stats.example.test/collect',
      newId: () => `batch-${n++}`,
      fetch,
      isOnline: () => online,
      onGiveUp: dropped,
    });
    cleanups.push(() => queue.dispose());
    for (let i = 0; i < 30; i++) {
      queue.add(event(i));
      await vi.advanceTimersByTimeAsync(2000);
    }
    expect(fetch).toHaveBeenCalledTimes(30);
    online = true;
    queue.online();
    await vi.advanceTimersByTimeAsync(0);
    const sent = posted.flatMap((batch) => batch.events.map((e) => e.stepId));
    // 30 events are far below the 500 the queue may hold: none is lost.
    expect(dropped).not.toHaveBeenCalled();
    expect(sent).toHaveLength(30);
  });
});
