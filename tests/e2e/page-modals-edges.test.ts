import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { widgetElement } from './support/embed-pages.ts';
import { focusInfo, pageTimeReached, readyAt, recordModeEvents, SCRIPT_TAG, tabTo, waitForReady, type OverlayMode } from './support/modes-pages.ts';
import {
  answerByKeyboard,
  BOOTSTRAP,
  BOOTSTRAP_CSS,
  EMAIL,
  FIRST_QUESTION,
  FLOW_TITLE,
  FOCUS_TRAP,
  type Lead,
  MICROMODAL,
  quoteFlow,
  ROLE,
  serveLibraries,
  widgetOpen,
} from './support/page-modals.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/** The page's button that opens LeadFlow from inside its own modal ("Request a quote"). */
const OPENER = 'Angebot einholen';

/** A Bootstrap 5 modal as its docs write one, opened by `#bs-open` (data API), holding `inner`. */
const bootstrapModal = (inner: string) => `<button type="button" id="bs-open" data-bs-toggle="modal" data-bs-target="#prices">Preise ansehen</button>
<div class="modal" id="prices" tabindex="-1" aria-labelledby="prices-title"><div class="modal-dialog"><div class="modal-content">
<h2 id="prices-title">Preise</h2><button type="button" class="btn-close" data-bs-dismiss="modal" aria-label="Preise schließen">×</button>
<p>Team: 49 € im Monat.</p>${inner}</div></div></div>`;

const bootstrapShown = (page: Page, id = 'prices') => page.evaluate((id) => document.getElementById(id)!.classList.contains('show'), id);

/**
 * LeadFlow next to the page's own JavaScript modals and focus traps: a "Request a quote" button
 * in a Bootstrap modal, a Micromodal or a focus-trap drawer that opens LeadFlow's popup, slider
 * or bubble; an inline form inside such a modal; a trigger firing while one is open. These
 * libraries listen on `document` (where a shadow root's elements report its host as the target)
 * and pull focus back into their container, cancel Tab, close on Escape, or inert the rest of
 * the page. What a keyboard-only visitor and a screen reader meet, and whether the lead arrives.
 */
describe.skipIf(!chromiumPath)('page modals edges: LeadFlow next to the page’s JavaScript modals and focus traps', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  let n = 0;

  const widget = (id: string, mode: OverlayMode | 'inline', extra: Record<string, string | number> = {}) =>
    widgetElement({ '=id': id, '': '#f', webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, ...(mode === 'inline' ? { lazy: 'false' } : { mode }), ...extra });

  async function openPage(body: string, head = '', widgets = 1) {
    serveLibraries(suite.site);
    const session = await sessions.open();
    await recordModeEvents(session.page);
    await session.page.goto(suite.site.page(`/page-modals-${++n}.html`, landingPage(`${inlineFlow('f', quoteFlow())}\n${body}\n${SCRIPT_TAG}`, head)));
    await waitForReady(session.page, widgets);
    return session;
  }

  /** The leads received so far, by the e-mail they carry. */
  const leads = () => suite.receiver.posts().map((post) => (post.body as Lead).data.contact.email);

  /** Opens the Bootstrap modal by keyboard and Tabs to the button named `name` in it. */
  async function intoBootstrapModal(page: Page, name: RegExp) {
    await page.locator('#bs-open').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => bootstrapShown(page)).toBe(true);
    await tabTo(page, name, 6);
  }

  describe('Bootstrap 5.3 modal and offcanvas (bootstrap.min.js 5.3.9)', () => {
    // Checked and fine: Bootstrap's focus trap pulls focus back on `focusin` outside its modal,
    // and sees LeadFlow's host (outside the modal) as the target; but its `focus()` lands on an
    // element the open <dialog> made inert, so focus stays in LeadFlow's. Its Escape listener
    // sits on the modal's element, which a key pressed in LeadFlow's dialog elsewhere never
    // reaches. Bootstrap 5 sets no aria-hidden on the page: the dialog is exposed as it is.
    // `LeadFlow.open()` from the page's own click handler works the same as data-leadflow-open.
    it.each([
      ['popup', `<button type="button" id="opener" data-leadflow-open="#quote">${OPENER}</button>`],
      ['slider', `<button type="button" id="opener" onclick="LeadFlow.open('#quote')">${OPENER}</button>`],
    ] as const)('an opener in a Bootstrap modal opens the %s above it: every control by keyboard, the lead arrives, Escape closes only LeadFlow’s', async (mode, opener) => {
      const { page } = await openPage(bootstrapModal(opener) + widget('quote', mode) + BOOTSTRAP, BOOTSTRAP_CSS);
      await intoBootstrapModal(page, new RegExp(OPENER));
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: FLOW_TITLE }).getByRole('heading', { name: FIRST_QUESTION }).waitFor();
      await answerByKeyboard(page, 'quote');
      await expect.poll(leads).toEqual([EMAIL]);

      await page.keyboard.press('Escape');
      await expect.poll(() => widgetOpen(page, 'quote')).toEqual({ state: null, dialog: false });
      expect(await bootstrapShown(page), 'the page’s modal after Escape in LeadFlow’s').toBe(true);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
    });

    // Was: src/ui/overlay.tsx:150-154 (`openerInModal`, line 152) counts only a
    // native `dialog:modal` as the page's modal. A Bootstrap modal is a <div role="dialog"
    // aria-modal="true">, so the bubble's panel opens beside it as a non-modal panel, and focus moved
    // into it is pulled back by Bootstrap's trap (`focusin` on document, target the host outside the
    // modal) to the modal's close button at once: the keyboard visitor can never get into the panel,
    // which sits on top of the modal; Escape then closes the page's modal and leaves the panel open.
    // Expected, as with a native modal: a panel opened from inside the page's modal is modal above it,
    // with focus inside, and gives focus back to the opener there.
    it('an opener in a Bootstrap modal opens the bubble’s panel with focus inside: answered by keyboard, Escape closes only the panel', async () => {
      const { page } = await openPage(bootstrapModal(`<button type="button" id="opener" data-leadflow-open="#chat">${OPENER}</button>`) + widget('chat', 'bubble') + BOOTSTRAP, BOOTSTRAP_CSS);
      await intoBootstrapModal(page, new RegExp(OPENER));
      await page.keyboard.press('Enter');
      await expect.poll(() => widgetOpen(page, 'chat')).toEqual({ state: 'open', dialog: true });
      await expect.poll(() => focusInfo(page), { message: 'focus after the panel opened' }).toMatchObject({ where: 'widget', id: 'chat', name: FIRST_QUESTION });
      await answerByKeyboard(page, 'chat');
      await expect.poll(leads).toEqual([EMAIL]);

      await page.keyboard.press('Escape');
      await expect.poll(() => widgetOpen(page, 'chat')).toMatchObject({ dialog: false });
      expect(await bootstrapShown(page), 'the page’s modal after Escape in the panel').toBe(true);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
    });

    // Was: owners put the popup's element next to its opener, inside the Bootstrap
    // modal's markup. Escape pressed in LeadFlow's popup bubbles (composed) out of the shadow root,
    // through the host, to the modal's element, whose `keydown.dismiss` listener hides the page's
    // modal too: one Escape closes both, and focus lands on the page's "Preise ansehen" behind them,
    // not on the opener. A native nested <dialog> closes only the topmost one. src/ui/overlay.tsx:127
    // handles Escape on the dialog but lets it propagate. Expected: Escape meant for LeadFlow's dialog
    // stops there (`event.stopPropagation()`).
    it('a popup whose element sits inside the Bootstrap modal: Escape closes only LeadFlow’s popup, focus back on the opener', async () => {
      const inner = `<button type="button" id="opener" data-leadflow-open="#quote">${OPENER}</button>${widget('quote', 'popup')}`;
      const { page } = await openPage(bootstrapModal(inner) + BOOTSTRAP, BOOTSTRAP_CSS);
      await intoBootstrapModal(page, new RegExp(OPENER));
      await page.keyboard.press('Enter');
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'quote', name: FIRST_QUESTION });
      await page.keyboard.press('Tab');
      expect(await focusInfo(page)).toMatchObject({ where: 'widget', id: 'quote', name: ROLE });

      await page.keyboard.press('Escape');
      await expect.poll(() => widgetOpen(page, 'quote')).toEqual({ state: null, dialog: false });
      expect(await bootstrapShown(page), 'the page’s modal after Escape in LeadFlow’s').toBe(true);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
    });

    // Checked and fine: an inline form inside a Bootstrap modal or offcanvas is inside the trap's
    // container (the host is), so Bootstrap leaves focus in it: Tab from the close button reaches
    // the options, the e-mail field and Submit. (Bootstrap's trap does not look into shadow
    // roots: Shift+Tab past the modal's first control wraps to its last light-DOM control, the
    // close button, not to the form's Submit; Tab forward still reaches every control.)
    it.each([
      ['modal', () => bootstrapModal(widget('form', 'inline'))],
      ['offcanvas', () => `<button type="button" id="bs-open" data-bs-toggle="offcanvas" data-bs-target="#prices">Preise ansehen</button>
<div class="offcanvas" id="prices" tabindex="-1" aria-labelledby="prices-title"><h2 id="prices-title">Preise</h2>
<button type="button" class="btn-close" data-bs-dismiss="offcanvas" aria-label="Preise schließen">×</button>${widget('form', 'inline')}</div>`],
    ] as const)('an inline form inside a Bootstrap %s: every control by keyboard, the lead arrives', async (_kind, body) => {
      const { page } = await openPage(body() + BOOTSTRAP, BOOTSTRAP_CSS);
      await intoBootstrapModal(page, new RegExp(ROLE));
      await answerByKeyboard(page, 'form');
      await expect.poll(leads).toEqual([EMAIL]);
      expect(await bootstrapShown(page)).toBe(true);
    });

    // Checked and fine (README advice, works for any library): the opener also closes the page's
    // modal (`data-bs-dismiss="modal"` beside `data-leadflow-open`). LeadFlow's popup is then the
    // only modal, its form works, and on Escape focus goes back to the page's button that had
    // opened Bootstrap's modal (the opener itself is hidden by then).
    it('an opener that closes the Bootstrap modal as it opens the popup (README advice): the form works, focus returns to the page', async () => {
      const opener = `<button type="button" id="opener" data-bs-dismiss="modal" data-leadflow-open="#quote">${OPENER}</button>`;
      const { page } = await openPage(bootstrapModal(opener) + widget('quote', 'popup') + BOOTSTRAP, BOOTSTRAP_CSS);
      await intoBootstrapModal(page, new RegExp(OPENER));
      await page.keyboard.press('Enter');
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'quote', name: FIRST_QUESTION });
      expect(await bootstrapShown(page), 'the page’s modal').toBe(false);
      await answerByKeyboard(page, 'quote');
      await expect.poll(leads).toEqual([EMAIL]);
      await page.keyboard.press('Escape');
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'bs-open' });
    });

    // Checked (page-side; README advice): the bubble waits below a *native* modal dialog the page
    // has open, but a Bootstrap modal is a <div>: the bubble stays in the top layer above it and
    // its backdrop, clickable, and the panel it opens cannot keep focus (Bootstrap's trap pulls it
    // back to the modal's close button: options can be clicked, the e-mail field not typed in).
    // One CSS rule hides the bubble while Bootstrap's modal is open (`.modal-open` on <body>;
    // a top-layer element under a `display: none` host is not drawn), and it is back after.
    it('a bubble hidden by the page while its Bootstrap modal is open (README advice): not over the modal, back after', async () => {
      const head = `${BOOTSTRAP_CSS}<style>body.modal-open [data-leadflow-mode="bubble"] { display: none; }</style>`;
      const { page } = await openPage(bootstrapModal('<input id="field" aria-label="Feld">') + widget('chat', 'bubble') + BOOTSTRAP, head);
      const bubble = page.getByRole('button', { name: FLOW_TITLE });
      await bubble.waitFor();
      await intoBootstrapModal(page, /Feld/);
      await bubble.waitFor({ state: 'hidden' });
      await page.keyboard.press('Escape');
      await expect.poll(() => bootstrapShown(page)).toBe(false);
      await bubble.click();
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'chat', name: FIRST_QUESTION });
    });

    // Checked and fine: the page's newsletter modal (Bootstrap) opened by its own timer while
    // LeadFlow's popup is open lies beneath it (the popup is in the top layer, the page inert):
    // the visitor goes on in LeadFlow's, Escape closes LeadFlow's and focus goes back to the
    // page, where Bootstrap's trap takes it into its modal.
    it('the page’s Bootstrap modal opened while LeadFlow’s popup is open: the popup stays on top and usable', async () => {
      const body = `<button type="button" id="opener" data-leadflow-open="#quote">${OPENER}</button>
<div class="modal" id="news" tabindex="-1" aria-label="Newsletter"><div class="modal-dialog"><p>Newsletter</p><input id="news-mail" aria-label="Newsletter-E-Mail"></div></div>
${widget('quote', 'popup')}${BOOTSTRAP}`;
      const { page } = await openPage(body, BOOTSTRAP_CSS);
      await page.locator('#opener').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'quote', name: FIRST_QUESTION });
      await page.evaluate(() => new (window as unknown as { bootstrap: { Modal: new (s: string) => { show(): void } } }).bootstrap.Modal('#news').show());
      await expect.poll(() => bootstrapShown(page, 'news')).toBe(true);
      await answerByKeyboard(page, 'quote');
      await expect.poll(leads).toEqual([EMAIL]);
      await page.keyboard.press('Escape');
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'news-mail' });
    });
  });

  describe('Micromodal 0.7 (its listeners re-written, see support/page-modals.ts)', () => {
    // Was: Micromodal listens for `keydown` on document; focus in LeadFlow's popup
    // is, for it, the host: not in its modal. Tab calls `retainFocus(event, 'outside')`: focus() on
    // the modal's first control (inert behind LeadFlow's dialog: nothing happens) and
    // `preventDefault()`. The keyboard visitor is stuck on the question's heading and can never reach
    // an option; Escape closes the page's modal as well as LeadFlow's, and focus falls to <body>.
    // src/ui/overlay.tsx:127 lets Tab and Escape bubble out of the dialog. Expected: a key handled by
    // LeadFlow's dialog (Tab, Escape) does not propagate past it.
    it('an opener in a Micromodal opens the popup: Tab reaches every control, the lead arrives, Escape closes only LeadFlow’s', async () => {
      const body = `<button type="button" data-micromodal-trigger="prices" id="mm-open">Preise ansehen</button>
<div class="micromodal" id="prices" aria-hidden="true"><div role="dialog" aria-modal="true" aria-label="Preise"><p>Team: 49 €</p>
<button type="button" id="opener" data-leadflow-open="#quote">${OPENER}</button><button type="button" data-micromodal-close aria-label="Preise schließen">×</button></div></div>
${widget('quote', 'popup')}`;
      const { page } = await openPage(body, MICROMODAL);
      await page.locator('#mm-open').click();
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
      await page.keyboard.press('Enter');
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'quote', name: FIRST_QUESTION });
      await answerByKeyboard(page, 'quote');
      await expect.poll(leads).toEqual([EMAIL]);

      await page.keyboard.press('Escape');
      await expect.poll(() => widgetOpen(page, 'quote')).toEqual({ state: null, dialog: false });
      expect(await page.evaluate(() => document.getElementById('prices')!.classList.contains('is-open')), 'the page’s modal after Escape in LeadFlow’s').toBe(true);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
    });
  });

  describe('focus-trap 8.2 (Alpine’s x-trap, many drawers and consent modals)', () => {
    /** A drawer trapped with focus-trap, as the page creates it; `options` are focus-trap's. */
    const drawer = (options: string, extra = '') => `<aside id="drawer" role="dialog" aria-modal="true" aria-label="Menü">
<button type="button" id="opener" data-leadflow-open="#quote">${OPENER}</button><button type="button" id="drawer-close">Menü schließen</button></aside>
${widget('quote', 'popup')}${FOCUS_TRAP}
<script>window.trap = focusTrap.createFocusTrap('#drawer', ${options}); trap.activate();${extra}</script>`;

    // Checked (page-side; README advice): focus-trap listens in the capture phase on document
    // (focusin, keydown Tab, mousedown and click) and takes a LeadFlow popup opened from its
    // drawer for "outside": every Tab is cancelled, every click and Space on an option is
    // cancelled and stopped before LeadFlow sees it, the close button does nothing, and Escape
    // deactivates the trap (closing the drawer) instead of the popup. With
    // `isolateSubtrees: 'inert'` the popup's host is inert too. Nothing LeadFlow can do from its
    // shadow root stops a capture listener on document. What works: the page pauses its trap
    // while LeadFlow's popup is open — `trap.pause()` on the opener's click, `trap.unpause()` on
    // `leadflow:close` — which also lifts the inert/aria-hidden it put on the rest of the page.
    it('with the trap paused while LeadFlow’s popup is open (README advice): every control by keyboard, exposed to screen readers, the lead arrives', async () => {
      const remedy = `document.getElementById('opener').addEventListener('click', function () { trap.pause(); });
document.addEventListener('leadflow:close', function () { trap.unpause(); });`;
      const { page } = await openPage(drawer("{ isolateSubtrees: 'inert' }", remedy));
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
      await page.keyboard.press('Enter');
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'quote', name: FIRST_QUESTION });
      // Playwright's roles follow aria-hidden and inert, as a screen reader's tree does.
      await page.getByRole('dialog', { name: FLOW_TITLE }).getByRole('radio', { name: ROLE }).waitFor();
      await answerByKeyboard(page, 'quote');
      await expect.poll(leads).toEqual([EMAIL]);

      await page.keyboard.press('Escape');
      await expect.poll(() => widgetOpen(page, 'quote')).toEqual({ state: null, dialog: false });
      expect(await page.evaluate(() => (window as unknown as { trap: { active: boolean; paused: boolean } }).trap), 'the page’s trap').toMatchObject({ active: true, paused: false });
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
    });

    // Was: a timer (or exit-intent) trigger fires while the page's newsletter or
    // consent modal, built with focus-trap, is open. README: a trigger never opens a widget while
    // another popup of the page is open — but the page's own modal does not count
    // (src/embed/mount.tsx:213, `anyOpen` knows LeadFlow's overlays only). The popup comes up over the
    // newsletter and is dead: focus-trap cancels every Tab and every click in it (× included), the
    // visitor cannot even close it with the mouse, and the first Escape deactivates the newsletter's
    // trap instead. Expected: a trigger waits, as for another LeadFlow popup, while the page shows a
    // modal of its own (a rendered `[aria-modal="true"]`), and the visitor goes on typing in the
    // newsletter.
    it('a timer trigger firing while the page’s focus-trap modal is open does not cover it with a popup nobody can use', async () => {
      const body = `<div id="news" role="dialog" aria-modal="true" aria-label="Newsletter"><p>Newsletter</p>
<input id="news-mail" aria-label="Newsletter-E-Mail"><button type="button" id="news-close">Schließen</button></div>
${widget('quote', 'popup', { trigger: 'timer:1' })}${FOCUS_TRAP}
<script>window.trap = focusTrap.createFocusTrap('#news', { initialFocus: '#news-mail', delayInitialFocus: false }); trap.activate();</script>`;
      const { page } = await openPage(body);
      await pageTimeReached(page, (await readyAt(page)) + 1600);
      expect(await widgetOpen(page, 'quote'), 'the popup, 1.6 s after its 1 s timer').toEqual({ state: null, dialog: false });
      await page.keyboard.type('lea');
      expect(await page.locator('#news-mail').inputValue()).toBe('lea');
    });
  });
});
