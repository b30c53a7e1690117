import { describe, expect, inject, it } from 'vitest';
import { widgetElement } from './support/embed-pages.ts';
import { pageTimeReached, readyAt, recordModeEvents, SCRIPT_TAG, waitForReady } from './support/modes-pages.ts';
import { quoteFlow, widgetOpen } from './support/page-modals.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/**
 * Shopify Dawn's cart drawer as every page of a Dawn store carries it (snippets/cart-drawer.liquid
 * and the inline style in layout/theme.liquid): closed, it is `visibility: hidden`, not
 * `display: none`, and its panel is a `role="dialog" aria-modal="true"` from the start.
 */
const DAWN_CART_DRAWER = `<style>.drawer { visibility: hidden; position: absolute; }
.drawer.active { visibility: visible; }
.drawer__inner { position: fixed; top: 0; right: 0; width: 400px; height: 100%; transform: translateX(100%); }
.drawer.active .drawer__inner { transform: none; }</style>
<cart-drawer class="drawer"><div id="CartDrawer" class="cart-drawer"><div id="CartDrawer-Overlay" class="cart-drawer__overlay"></div>
<div class="drawer__inner" role="dialog" aria-modal="true" aria-label="Your cart" tabindex="-1">
<h2 class="drawer__heading">Your cart</h2><button class="drawer__close" type="button" aria-label="Close">×</button></div></div></cart-drawer>`;

/**
 * Review of b40b94a..652c579 (colour formats, the page's own modals) in real Chromium: what
 * `anyOpen` counting a page's `[aria-modal="true"]` does to triggers.
 */
describe.skipIf(!chromiumPath)('stop review 15: triggers and the page’s aria-modal elements', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  const popup = (trigger: string) => widgetElement({ '=id': 'quote', '': '#f', webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, mode: 'popup', trigger });

  async function visit(body: string) {
    const session = await suite.sessions.open();
    await recordModeEvents(session.page);
    await session.page.goto(suite.site.page(`/stop-review-15-${++pages}.html`, landingPage(`${inlineFlow('f', quoteFlow())}\n${body}\n${SCRIPT_TAG}`)));
    await waitForReady(session.page);
    return session;
  }

  // Was (in the first version of the page-modal wait): any `[aria-modal="true"]` with client
  // rects counted as a modal the page shows. An element hidden by `visibility: hidden` (or
  // `opacity: 0`) keeps its boxes: Dawn's closed cart drawer, on every page of a Dawn store,
  // counted as open for good, and no trigger ever opened LeadFlow there. Now only a modal that
  // is seen counts (`checkVisibility`, src/shared/open-overlays.ts `pageModalShown`).
  it('a Dawn store’s closed cart drawer does not hold back a timer trigger', async () => {
    const { page } = await visit(`${DAWN_CART_DRAWER}\n${popup('timer:1')}`);
    await pageTimeReached(page, (await readyAt(page)) + 1600);
    expect(await widgetOpen(page, 'quote'), 'the popup, 1.6 s after its 1 s timer, with the cart drawer closed').toEqual({ state: 'open', dialog: true });
  });

  // Was (in the first version of the page-modal wait): the timer went off while the page's
  // consent dialog showed (`role="dialog" aria-modal="true"`, as Cookiebot's), was refused, and
  // was spent: once the visitor had answered, nothing opened. Now a trigger held back by the
  // page's own modal tries again each second (src/embed/triggers.ts), so the popup comes up once
  // the dialog is gone — not over it, where its trap would take every key.
  it('a timer trigger held back by the page’s consent dialog opens the popup once it is answered', async () => {
    const consent = `<div id="consent" role="dialog" aria-modal="true" aria-label="Cookies" style="position: fixed; bottom: 0; left: 0; right: 0; background: #fff; padding: 16px">
<p>Wir verwenden Cookies.</p><button type="button" id="accept" onclick="document.getElementById('consent').remove()">Akzeptieren</button></div>`;
    const { page } = await visit(`${consent}\n${popup('timer:1')}`);
    await pageTimeReached(page, (await readyAt(page)) + 1600);
    expect(await widgetOpen(page, 'quote'), 'the popup while the consent dialog shows').toEqual({ state: null, dialog: false });
    await page.locator('#accept').click();
    await expect.poll(() => widgetOpen(page, 'quote'), { message: 'the popup after the consent dialog was answered', timeout: 4_000 }).toEqual({ state: 'open', dialog: true });
  });
});
