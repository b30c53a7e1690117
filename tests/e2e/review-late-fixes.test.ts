import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, PageSessions, sleep } from './support/browser.ts';
import { dialogOf, focusInfo, overlayElement, recordModeEvents, SCRIPT_TAG, waitForReady, type OverlayMode } from './support/modes-pages.ts';
import { landingPage } from './support/pages.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

/**
 * Review of the late overlay fixes (a bubble opened inside the page's modal opens above it,
 * modal). Each test failed before its fix ("Was:" says how).
 */

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('bubble and the page’s own modal dialog', () => {
  let browser: Browser;
  let site: StaticServer;
  let receiver: WebhookReceiver;
  const sessions = new PageSessions(() => browser);

  beforeAll(async () => {
    [browser, site, receiver] = await Promise.all([launchBrowser(chromiumPath), startStaticServer(inject('bundleDir')), startWebhookReceiver()]);
  });
  afterEach(async () => {
    await sessions.closeAll();
    receiver.reset();
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close(), receiver?.close()]);
  });

  async function openPage(path: string, body: string) {
    const session = await sessions.open();
    await recordModeEvents(session.page);
    await session.page.goto(site.page(path, landingPage(body + SCRIPT_TAG)));
    return session;
  }
  const overlay = (id: string, mode: OverlayMode, trigger?: string) => overlayElement({ id, mode, webhook: receiver.url, ...(trigger && { trigger }) });

  // Was: src/ui/overlay.tsx:54 — a bubble panel opened modal from inside the page's modal
  // (overlay.tsx:44-47) returns focus on close to the bubble button, as a non-modal panel does;
  // but that button sits beneath the page's modal and is inert, so focus() does nothing and
  // the keyboard / screen-reader user is left on <body>, outside the page's dialog they were in.
  // Expected: like a popup opened there (modes-edges "openers in odd places"), focus goes back
  // to the opener inside the page's modal (returnTo) when the panel was modal.
  it("Escape in a bubble panel opened from the page's modal returns focus to the opener there", async () => {
    const body = `<dialog id="menu"><p>Menü</p><button type="button" id="in-dialog" data-leadflow-open="#chat">Chat öffnen</button></dialog>
${overlay('chat', 'bubble')}`;
    const { page } = await openPage('/review-bubble-focus.html', body);
    await waitForReady(page);
    await page.evaluate(() => (document.getElementById('menu') as HTMLDialogElement).showModal());
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    await expect.poll(() => focusInfo(page), { timeout: 1000 }).toMatchObject({ where: 'widget', id: 'chat', inDialog: true });
    await page.keyboard.press('Escape');
    await dialogOf(page, 'chat').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => (document.getElementById('menu') as HTMLDialogElement).open)).toBe(true);
    await expect.poll(() => focusInfo(page), { timeout: 1000 }).toMatchObject({ where: 'page', id: 'in-dialog' });
  });

  // Was: src/ui/overlay.tsx:46 — "opened from inside the page's modal" is read from where focus
  // happens to be, not from what opened the panel. A trigger (`timer:`) that fires while a
  // cookie-consent modal is open (modal dialogs take focus, so it is inside it) now opens the
  // bubble's panel *modal, above the consent dialog*: its backdrop covers the consent buttons and
  // focus is taken from them. Before the change (and as lift()'s doc promises, overlay.tsx:98-101)
  // the panel waited for the page's modal to close. Only an opener/bubble press inside the page's
  // modal should count.
  it("a bubble's timer trigger firing while the page's cookie modal is open does not cover that modal", async () => {
    const body = `<dialog id="cookies"><p>Cookies?</p><button type="button" id="ok">OK</button></dialog>
<script>document.getElementById('cookies').showModal()</script>${overlay('chat', 'bubble', 'timer:1')}`;
    const { page } = await openPage('/review-bubble-cookies.html', body);
    await waitForReady(page);
    expect(await focusInfo(page)).toMatchObject({ where: 'page', id: 'ok' });
    await sleep(1600);
    const state = await page.evaluate(() => {
      const panel = document.getElementById('chat')!.shadowRoot!.querySelector('dialog')!;
      const ok = document.getElementById('ok')!.getBoundingClientRect();
      return { modal: panel.matches(':modal'), hitAtOk: document.elementFromPoint(ok.x + ok.width / 2, ok.y + ok.height / 2)?.id ?? null };
    });
    expect(state).toEqual({ modal: false, hitAtOk: 'ok' });
    expect(await focusInfo(page)).toMatchObject({ where: 'page', id: 'ok' });
  });
});
