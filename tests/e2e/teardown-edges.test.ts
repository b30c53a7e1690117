import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { demoFlowJson } from './support/embed-pages.ts';
import { landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

type Mode = 'inline' | 'popup' | 'slider' | 'bubble';

/**
 * What an unmounted, removed or closed widget leaves on the host page: listeners on window,
 * document and its element (read through CDP, as DevTools lists them), the element's own state,
 * focus, page errors, and what a single-page app sees when it puts the element back or reuses it.
 * The page's outbox (pagehide, online, storage, visibilitychange) and the script tag's opener
 * `click` stay by design (src/embed/install.ts, src/embed/page-outbox.ts).
 */
describe.skipIf(!chromiumPath)('what a widget leaves behind when it goes, in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;

  /** Listener types (`!` for capture) on window, document and `#w`, sorted. */
  async function listeners(page: Page): Promise<Record<string, string[]>> {
    const cdp = await page.context().newCDPSession(page);
    const out: Record<string, string[]> = {};
    for (const [name, expression] of [['window', 'window'], ['document', 'document'], ['host', 'document.querySelector("#w")']] as const) {
      const { result } = await cdp.send('Runtime.evaluate', { expression });
      if (!result.objectId) continue;
      const found = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      out[name] = found.listeners.map((l) => `${l.type}${l.useCapture ? '!' : ''}`).sort();
    }
    await cdp.detach();
    return out;
  }

  let pages = 0;
  /** A page with the script tag, an opener button and an empty `#w` in a route `<section>`. */
  async function spaPage(inner = '') {
    const session = await sessions.open();
    // `leadflow:ready` counted on the document from the start, so the baseline holds its listener.
    await session.page.addInitScript(() => {
      const win = window as unknown as { __ready: number };
      win.__ready = 0;
      document.addEventListener('leadflow:ready', () => win.__ready++);
    });
    const html = landingPage(`<button id="opener">Termin</button><main id="app"><section id="route"><div id="w">${inner}</div></section></main>\n<script src="/leadflow.js"></script>`);
    await session.page.goto(suite.site.page(`/teardown-${++pages}.html`, html));
    await session.page.waitForFunction(() => 'LeadFlow' in window);
    return session;
  }

  /** Mounts the demo flow into `#w` from JavaScript, waits for it, and opens an overlay from the opener. */
  const mountAndOpen = (page: Page, mode: Mode, trigger?: string) =>
    page.evaluate(
      async ({ flow, webhook, mode, trigger }) => {
        const w = document.querySelector<HTMLElement>('#w')!;
        const win = window as unknown as { LeadFlow: { mount(el: Element, o: object): { ready: Promise<void>; open(): void } } };
                const handle = win.LeadFlow.mount(w, { flow, webhook, mode, locale: 'de', lazy: false, minFillMs: 0, ...(trigger && { trigger }) });
        await handle.ready;
        document.querySelector<HTMLElement>('#opener')!.focus();
        if (mode !== 'inline') handle.open();
        // Preact's effects run after paint.
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
      },
      { flow: demoFlowJson(), webhook: suite.receiver.url, mode, trigger },
    );

  const frames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));

  it('unmount() of an inline form, an open popup and an open slider: the page listeners, <html>, <body> and the element are as before; mounted again, one ready and the same listeners as the first time', async () => {
    const { page } = await spaPage();
    const before = await listeners(page);
    for (const mode of ['inline', 'popup', 'slider'] as const) {
      // A timer and an exit-intent trigger armed: their listeners must go too.
      await mountAndOpen(page, mode, mode === 'inline' ? undefined : 'timer:600,exit');
      const mounted = await listeners(page);
      if (mode !== 'inline') await expect.poll(() => page.getByRole('dialog', { name: 'Passt PipeLight zu Ihrem Team?' }).isVisible()).toBe(true);
      await page.evaluate(() => (window as unknown as { LeadFlow: { unmount(t: string): void } }).LeadFlow.unmount('#w'));
      await frames(page);
      expect(await listeners(page), mode).toEqual(before);
      const left = await page.evaluate(() => ({
        html: document.documentElement.getAttribute('style'),
        body: document.body.getAttribute('style'),
        htmlAttrs: [...document.documentElement.attributes].map((a) => a.name),
        hostAttrs: [...document.querySelector('#w')!.attributes].map((a) => a.name),
        hostText: document.querySelector('#w')!.textContent,
        topLayer: document.querySelectorAll(':modal, :popover-open').length,
        inert: document.querySelectorAll('[inert], [aria-hidden]').length,
      }));
      expect(left, mode).toEqual({ html: null, body: null, htmlAttrs: ['lang'], hostAttrs: ['id'], hostText: '', topLayer: 0, inert: 0 });
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

      // Mounted again on the same element: it starts as cleanly as the first time.
      const ready = await page.evaluate(() => (window as unknown as { __ready: number }).__ready);
      await mountAndOpen(page, mode, mode === 'inline' ? undefined : 'timer:600,exit');
      expect(await page.evaluate(() => (window as unknown as { __ready: number }).__ready)).toBe(ready + 1);
      expect(await listeners(page), mode).toEqual(mounted);
      await page.evaluate(() => (window as unknown as { LeadFlow: { unmount(t: string): void } }).LeadFlow.unmount('#w'));
      await frames(page);
      expect(await listeners(page), mode).toEqual(before);
    }
  });

  it('closing a popup with Escape stops its triggers (their listeners go) and gives focus back to the opener', async () => {
    const { page } = await spaPage();
    await mountAndOpen(page, 'popup', 'timer:600,exit');
    const open = await listeners(page);
    expect(open.document).toContain('mouseout!');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('opener');
    const closed = await listeners(page);
    expect(closed.document).not.toContain('mouseout!');
    expect(closed.document).not.toContain('visibilitychange!');
    expect(await page.evaluate(() => document.querySelector('#w')!.hasAttribute('data-leadflow-state'))).toBe(false);
  });

  // Was: a popup or slider still open when its widget went (unmount(), or a single-page app
  // removing the route it sat in) left focus on <body>: a keyboard or screen-reader visitor
  // started over from the top of the page. Fixed: focus goes back to where it came from, as on
  // closing, when that is still on the page (src/ui/overlay.tsx, the Overlay's unmount effect).
  it('a popup or slider unmounted or removed while open gives focus back to the opener', async () => {
    const { page } = await spaPage();
    for (const mode of ['popup', 'slider'] as const) {
      await mountAndOpen(page, mode);
      await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id), `${mode}: focus in the form`).toBe('w');
      await page.evaluate(() => (window as unknown as { LeadFlow: { unmount(t: string): void } }).LeadFlow.unmount('#w'));
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), { message: `${mode}: after unmount()` }).toBe('opener');

      await mountAndOpen(page, mode);
      await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
      // The app leaves the route: the form goes with it, the opener in the page's header stays.
      await page.evaluate(() => document.querySelector('#route')!.remove());
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), { message: `${mode}: after the route went` }).toBe('opener');
      await page.evaluate(() => document.querySelector('#app')!.insertAdjacentHTML('beforeend', '<section id="route"><div id="w"></div></section>'));
    }
  });

  // Was: every time a bubble widget is unmounted (LeadFlow.unmount, handle.unmount(), or a
  // single-page app removing its route), the host page gets an uncaught "TypeError: Cannot read
  // properties of null (reading 'style')" — in the console and in the site's error tracker
  // (Sentry & co.), once per bubble per route change. Cause: src/ui/overlay.tsx `Overlay`, the
  // bubble effect's ResizeObserver callback `measure` writes `dialog.current!.style`; Preact 11
  // runs effect cleanups of an unmounted tree after paint, so the observer (disconnected only in
  // that cleanup) first reports the removed button's new size, when the dialog ref is already
  // null. Fixed: `measure` does nothing once `dialog.current` is null.
  it('unmounting a bubble throws nothing on the host page', async () => {
    const session = await spaPage();
    const { page } = session;
    await mountAndOpen(page, 'bubble');
    await expect.poll(() => page.getByRole('dialog', { name: 'Passt PipeLight zu Ihrem Team?' }).isVisible()).toBe(true);
    await page.evaluate(() => (window as unknown as { LeadFlow: { unmount(t: string): void } }).LeadFlow.unmount('#w'));
    await frames(page);
    await frames(page);
    // Taken out of the session, so the suite's afterEach does not fail on them too.
    const errors = session.pageErrors.splice(0).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  // Was: a single-page app that keeps a route's DOM alive while the visitor is elsewhere (Vue
  // <keep-alive>, Angular route reuse, a tab panel detached and re-attached) removes the
  // `[data-leadflow]` element and later puts the very same element back: the widget was
  // unmounted on removal, and is never mounted again — the visitor comes back to an empty
  // space where the form was. README: elements "added later by a single-page app" are mounted.
  // Cause: src/embed/install.ts `install` — the MutationObserver's removal branch unmounts via
  // `handles.get(element)?.unmount()` but keeps the element in `handles`, and `load()` skips
  // every element in `handles` (meant for elements their owner unmounted on purpose). Fixed: an
  // unmount caused by removal forgets the element (`handles.delete`), so `load()` mounts it
  // again when it is added back.
  it('a [data-leadflow] element removed with its route and put back later shows its form again', async () => {
    const { page } = await sessions.open();
    const html = landingPage(
      `<main id="app"><section id="route"><div id="w" data-leadflow="/flows/saas-bant.json" data-leadflow-lazy="false" data-leadflow-locale="de" data-leadflow-webhook="${suite.receiver.url}"></div></section></main>\n<script src="/leadflow.js"></script>`,
    );
    await page.goto(suite.site.page(`/teardown-${++pages}.html`, html));
    const heading = page.locator('#w').getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' });
    await heading.waitFor();
    // Another route shown for a while (the removal is seen and the widget unmounted), then back.
    await page.evaluate(() => {
      const route = document.querySelector('#route')!;
      route.remove();
      (window as unknown as { __route: Element }).__route = route;
    });
    await expect.poll(() => heading.count()).toBe(0);
    await page.evaluate(() => document.querySelector('#app')!.append((window as unknown as { __route: Element }).__route));
    await expect.poll(() => heading.isVisible(), { timeout: 3_000 }).toBe(true);
  });

  // Was: after LeadFlow.unmount('#form') the element can no longer show anything of its own: a
  // site that replaces the form with its own message ("Danke, wir melden uns"), or whose element
  // held a fallback text or link before the widget came, shows an empty box — the text is in the
  // DOM but never drawn. README: unmount "removes the widget and every … node it added". Cause:
  // src/embed/mount.tsx `mount` — `unmount()` empties the shadow root it attached (a shadow root
  // cannot be removed) but leaves it without a <slot>, so none of the element's light-DOM
  // children are rendered; its adopted stylesheet stays too. Fixed: `unmount()` leaves a plain
  // `<slot>` in the shadow root and no adopted stylesheet; mount() clears the root when it
  // mounts again.
  it("after unmount() the element shows the page's own content again", async () => {
    const { page } = await spaPage('<p>Formular wird geladen …</p>');
    await mountAndOpen(page, 'inline');
    await expect.poll(() => page.locator('#w').getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' }).isVisible()).toBe(true);
    await page.evaluate(() => {
      (window as unknown as { LeadFlow: { unmount(t: string): void } }).LeadFlow.unmount('#w');
      document.querySelector('#w')!.innerHTML = '<p>Danke, wir melden uns.</p>';
    });
    // In the page (not a test mistake): only never drawn.
    expect(await page.evaluate(() => document.querySelector('#w > p')?.textContent)).toBe('Danke, wir melden uns.');
    await expect.poll(() => page.getByText('Danke, wir melden uns.').isVisible()).toBe(true);
  });
});
