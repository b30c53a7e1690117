import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import type { PageSessions } from './support/browser.ts';
import { cspViolations, recordCspViolations } from './support/csp.ts';
import { answerDemoFlow, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import {
  BANT_FLOW_URL,
  BANT_TITLE,
  chooseRadio,
  DEMO_TITLE,
  dialogOf,
  dialogOpenedAt,
  focusInfo,
  isModal,
  modeEvents,
  overlayElement,
  pageTimeReached,
  readyAt,
  recordModeEvents,
  SCRIPT_TAG,
  settled,
  tabTo,
  waitForReady,
  type FocusInfo,
} from './support/modes-pages.ts';
import { landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/** Page content around a widget: things a keyboard user could reach if focus escaped the dialog. */
const PAGE_CONTROLS = `<button type="button" id="opener" data-leadflow-open>Beratung anfragen</button>
<a href="#kontakt" id="page-link">Kontakt</a>
<label>Newsletter <input id="newsletter" type="email"></label>`;

/** A page tall enough to scroll: 4000 px of text. */
const TALL = '<div id="tall" style="height: 4000px">Inhalt</div>';

const near = (actual: number, expected: number, tolerance = 2) => Math.abs(actual - expected) <= tolerance;

describe.skipIf(!chromiumPath)('popup, slider and bubble in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;

  /** A new page (own context, so own localStorage) on `path` holding `body`, events recorded. */
  async function openPage(path: string, body: string, options: Parameters<PageSessions['open']>[0] = {}, head = '') {
    const session = await sessions.open(options);
    await recordModeEvents(session.page);
    const url = suite.site.page(path, landingPage(body, head));
    await session.page.goto(url);
    return { ...session, url };
  }


  const closeEvents = async (page: Page) => (await modeEvents(page)).filter((e) => e.type === 'leadflow:close');

  describe('popup', () => {
    const popupPage = () => PAGE_CONTROLS + overlayElement({ id: 'popup', mode: 'popup', webhook: suite.receiver.url }) + SCRIPT_TAG;

    it('opens from an opener as a modal dialog named by the flow title; focus stays inside; Escape closes and returns focus', async () => {
      const { page } = await openPage('/popup.html', popupPage());
      await waitForReady(page);
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      expect(await dialog.isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Schließen' }).isVisible()).toBe(false);

      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await dialog.waitFor();
      expect(await isModal(dialogOf(page, 'popup'))).toBe(true);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'popup', inDialog: true });
      await page.getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' }).waitFor();

      // Round and round: the page behind is inert, so Tab never reaches its button, link or field.
      const stops: FocusInfo[] = [];
      for (let i = 0; i < 16; i++) {
        await page.keyboard.press('Tab');
        stops.push(await focusInfo(page));
      }
      expect(stops.filter((s) => s.where === 'page'), 'page elements Tab reached').toEqual([]);
      expect(stops.filter((s) => s.where === 'widget' && !s.inDialog)).toEqual([]);
      // It did move through the dialog (radios, buttons, the close button).
      expect(new Set(stops.map((s) => s.name)).size).toBeGreaterThan(3);
      expect(stops.some((s) => s.name === 'Schließen')).toBe(true);

      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
      expect(await closeEvents(page)).toMatchObject([{ type: 'leadflow:close', target: 'popup', detail: { flow: { id: 'saas-bant', version: 1 } } }]);
    });

    it('closes on a click on the backdrop and on the close button, firing leadflow:close each time', async () => {
      const { page } = await openPage('/popup-close.html', popupPage());
      await waitForReady(page);
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      const opener = page.getByRole('button', { name: 'Beratung anfragen' });

      await opener.click();
      await dialog.waitFor();
      // A click inside the dialog does not close it.
      await page.getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' }).click();
      await settled(page);
      expect(await dialog.isVisible()).toBe(true);
      await page.mouse.click(5, 5);
      await dialog.waitFor({ state: 'hidden' });
      expect(await closeEvents(page)).toHaveLength(1);

      await opener.click();
      await dialog.waitFor();
      const close = page.getByRole('button', { name: 'Schließen' });
      await close.click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
      expect(await closeEvents(page)).toHaveLength(2);
      expect(await page.evaluate(() => localStorage.getItem('leadflow:closed:saas-bant'))).toMatch(/^\d+$/);
    });

    it('delivers exactly one lead when the flow is completed inside the popup', async () => {
      const { page } = await openPage('/popup-lead.html', popupPage());
      await waitForReady(page);
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
      await answerDemoFlow(page, HOT_LEAD);
      await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
      const post = await theOnlyPost(suite.receiver);
      expect(post.status).toBe(200);
      expect((post.body as LeadEnvelope).data.score.tier).toBe('hot');
      expect((post.body as LeadEnvelope).data.contact).toEqual({ name: HOT_LEAD.name, email: HOT_LEAD.email });
      // The end screen is shown in the still-open dialog.
      expect(await isModal(dialogOf(page, 'popup'))).toBe(true);
    });
  });

  describe('slider', () => {
    const sliderPage = () => PAGE_CONTROLS + overlayElement({ id: 'slider', mode: 'slider', webhook: suite.receiver.url }) + SCRIPT_TAG;

    it('opens as a modal panel docked to the right edge, full height', async () => {
      const { page } = await openPage('/slider.html', sliderPage());
      await waitForReady(page);
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
      const dialog = dialogOf(page, 'slider');
      expect(await isModal(dialog)).toBe(true);
      // The dialog covers the window (its own scroll container, so the page behind never
      // scrolls); the panel the visitor sees is its body.
      const box = (await dialog.locator('.lf-dialog-body').boundingBox())!;
      const viewport = page.viewportSize()!;
      expect(near(box.x + box.width, viewport.width), `right edge ${box.x + box.width}`).toBe(true);
      expect(near(box.y, 0) && near(box.height, viewport.height), `y ${box.y}, height ${box.height}`).toBe(true);
      expect(box.width).toBeLessThan(viewport.width / 2);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    });

    it('fits a 320 px phone without horizontal scrolling and can be completed with the keyboard only', async () => {
      const { page } = await openPage('/slider-phone.html', sliderPage(), { viewport: { width: 320, height: 640 } });
      await waitForReady(page);
      // Keyboard only, from the top of the page.
      await tabTo(page, /^Beratung anfragen$/, 5);
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();

      const dialog = dialogOf(page, 'slider');
      const box = (await dialog.boundingBox())!;
      expect(near(box.x, 0) && near(box.width, 320), `x ${box.x}, width ${box.width}`).toBe(true);
      const overflow = () =>
        page.evaluate(() => ({
          page: document.documentElement.scrollWidth - window.innerWidth,
          panel: (() => {
            const d = document.querySelector('#slider')!.shadowRoot!.querySelector('dialog')!;
            return d.scrollWidth - d.clientWidth;
          })(),
        }));
      expect(await overflow()).toEqual({ page: 0, panel: 0 });

      const onHeading = (name: string) => expect.poll(() => focusInfo(page)).toMatchObject({ tag: 'h2', name });
      const next = async (label = /^Weiter$/) => {
        await tabTo(page, label);
        await page.keyboard.press('Enter');
      };
      await onHeading('Welche Rolle haben Sie bei der Auswahl?');
      await chooseRadio(page, /^Ich entscheide/);
      await next();
      await onHeading('Was möchten Sie verbessern?');
      await tabTo(page, /^Lead-Verteilung/);
      await page.keyboard.press('Space');
      await tabTo(page, /^Umsatzprognosen/);
      await page.keyboard.press('Space');
      expect(await overflow()).toEqual({ page: 0, panel: 0 });
      await next();
      await onHeading('Wie viele Personen arbeiten in Ihrem Vertrieb?');
      await tabTo(page, /^Wie viele Personen/);
      await page.keyboard.type('60');
      await next();
      await onHeading('Gibt es ein Budget für dieses Jahr?');
      await chooseRadio(page, /^Ja, freigegeben/);
      await next();
      await onHeading('Wann möchten Sie starten?');
      await chooseRadio(page, /^In diesem Quartal/);
      await next();
      await onHeading('Wohin dürfen wir Ihre Auswertung schicken?');
      await tabTo(page, /^Name/);
      await page.keyboard.type(HOT_LEAD.name);
      await tabTo(page, /^E-Mail/);
      await page.keyboard.type(HOT_LEAD.email);
      expect(await overflow()).toEqual({ page: 0, panel: 0 });
      await next();
      await onHeading('Fast geschafft');
      await tabTo(page, /Ich bin einverstanden/);
      await page.keyboard.press('Space');
      await next(/^Absenden$/);
      await onHeading(HOT_END_TITLE);
      expect(await overflow()).toEqual({ page: 0, panel: 0 });
      const post = await theOnlyPost(suite.receiver);
      expect((post.body as LeadEnvelope).data.score.tier).toBe('hot');
    });
  });

  describe('bubble', () => {
    const bubblePage = () => PAGE_CONTROLS + TALL + overlayElement({ id: 'bubble', mode: 'bubble', webhook: suite.receiver.url }) + SCRIPT_TAG;
    /** The panel's own state (its visibility is checked below). */
    const panelOpen = (page: Page) => dialogOf(page, 'bubble').evaluate((el) => (el as HTMLDialogElement).open);

    it('is a floating button that stays put, opens a non-modal panel, closes on Escape back to the bubble, page stays usable', async () => {
      const { page } = await openPage('/bubble.html', bubblePage());
      await waitForReady(page);
      const viewport = page.viewportSize()!;
      const bubble = page.getByRole('button', { name: DEMO_TITLE });
      expect(await bubble.getAttribute('aria-expanded')).toBe('false');
      expect(await bubble.getAttribute('aria-haspopup')).toBe('dialog');
      const before = (await bubble.boundingBox())!;
      expect(before.x + before.width).toBeGreaterThan(viewport.width - 40);
      expect(before.x + before.width).toBeLessThanOrEqual(viewport.width);
      expect(before.y + before.height).toBeGreaterThan(viewport.height - 40);
      expect(before.y + before.height).toBeLessThanOrEqual(viewport.height);
      expect(before.width).toBeGreaterThanOrEqual(44);
      expect(before.height).toBeGreaterThanOrEqual(44);

      await page.mouse.wheel(0, 1500);
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
      expect(await bubble.boundingBox()).toEqual(before);
      await page.evaluate(() => window.scrollTo(0, 0));

      expect(await panelOpen(page)).toBe(false);
      await bubble.click();
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
      expect(await panelOpen(page)).toBe(true);
      expect(await bubble.getAttribute('aria-expanded')).toBe('true');
      expect(await isModal(dialogOf(page, 'bubble'))).toBe(false);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'bubble', inDialog: true });

      await page.keyboard.press('Escape');
      await expect.poll(() => bubble.getAttribute('aria-expanded')).toBe('false');
      expect(await panelOpen(page)).toBe(false);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'bubble', className: 'lf-bubble' });
      expect(await closeEvents(page)).toHaveLength(1);

      // Open again: the page behind is not inert, its field takes a click and typing.
      await bubble.click();
      await expect.poll(() => panelOpen(page)).toBe(true);
      const newsletter = page.getByRole('textbox', { name: 'Newsletter' });
      await newsletter.click();
      await page.keyboard.type('leser@example.com');
      expect(await newsletter.inputValue()).toBe('leser@example.com');
      expect(await page.evaluate(() => document.getElementById('newsletter')!.matches(':focus'))).toBe(true);
      expect(await panelOpen(page)).toBe(true);
      // The bubble pressed again closes the panel.
      await bubble.click();
      await expect.poll(() => panelOpen(page)).toBe(false);
      expect(await bubble.getAttribute('aria-expanded')).toBe('false');
    });

    // Was a bug (src/ui/overlay.tsx + src/ui/styles.css): the bubble's <dialog> gets the class
    // `lf-${mode}` = `lf-bubble`, the same class as the floating button, so the button's rules
    // (`all: initial`, `position: fixed`, padding, accent background) apply to the dialog too and
    // override the UA's `dialog:not([open]) { display: none }`: the panel is shown (display:
    // block, with a blue frame) before the bubble is pressed and after it is closed.
    // Remove `.fails` once fixed.
    it('the bubble panel is not shown until the bubble is pressed, nor after it is closed', async () => {
      const { page } = await openPage('/bubble-hidden.html', bubblePage());
      await waitForReady(page);
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      const bubble = page.getByRole('button', { name: DEMO_TITLE });
      const shown = () => dialog.isVisible();
      const states: Array<[string, boolean]> = [['before opening', await shown()]];
      await bubble.click();
      await expect.poll(() => panelOpen(page)).toBe(true);
      states.push(['open', await shown()]);
      await page.keyboard.press('Escape');
      await expect.poll(() => panelOpen(page)).toBe(false);
      states.push(['after Escape', await shown()]);
      expect(states).toEqual([
        ['before opening', false],
        ['open', true],
        ['after Escape', false],
      ]);
    });

    it('stays on the viewport, unclipped, inside a transformed ancestor that hides its overflow (page builders do this)', async () => {
      // A transformed ancestor becomes the containing block of `position: fixed`: without the top
      // layer the bubble would sit inside this 120 px box, cut off by its overflow.
      const box = `<div id="box" style="transform: translateZ(0); overflow: hidden; height: 120px; margin-top: 200px">
${overlayElement({ id: 'bubble', mode: 'bubble', webhook: suite.receiver.url })}</div>`;
      const { page } = await openPage('/bubble-transformed.html', box + TALL + SCRIPT_TAG);
      await waitForReady(page);
      const viewport = page.viewportSize()!;
      const bubble = page.getByRole('button', { name: DEMO_TITLE });
      const at = (await bubble.boundingBox())!;
      expect(near(at.x + at.width, viewport.width - 16)).toBe(true);
      expect(near(at.y + at.height, viewport.height - 16)).toBe(true);
      /** What a click at the middle of `box` would hit: the widget's host if nothing cuts it off. */
      const hitsWidget = (b: { x: number; y: number; width: number; height: number }) =>
        page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id, [b.x + b.width / 2, b.y + b.height / 2]);
      expect(await hitsWidget(at)).toBe('bubble');

      await bubble.click();
      const panel = page.getByRole('dialog', { name: DEMO_TITLE });
      await panel.waitFor();
      const shown = (await panel.boundingBox())!;
      expect(shown.y).toBeGreaterThanOrEqual(0);
      expect(shown.y + shown.height).toBeLessThanOrEqual(viewport.height - 80 + 2);
      expect(shown.height).toBeGreaterThan(200);
      expect(await hitsWidget(shown)).toBe('bubble');
      await chooseRadio(page, /Ich entscheide/);
      await page.keyboard.press('Escape');
      await expect.poll(() => panelOpen(page)).toBe(false);
      expect(await hitsWidget((await bubble.boundingBox())!)).toBe('bubble');
    });

    describe('in the top layer', () => {
      /** The page with a bubble, ready, and its popover shown (Preact runs effects after paint). */
      async function bubbleReady(path: string, body: string) {
        const session = await openPage(path, body);
        await waitForReady(session.page);
        await session.page.waitForFunction(() => document.querySelector('#bubble')?.shadowRoot?.querySelector('.lf-bubble')?.matches(':popover-open'));
        return session;
      }
      const bubbleHost = () => overlayElement({ id: 'bubble', mode: 'bubble', webhook: suite.receiver.url });
      /** The page's pixels in a rectangle, as PNG bytes: equal bytes, equal pixels. */
      const pixels = (page: Page, clip: { x: number; y: number; width: number; height: number }) => page.screenshot({ clip });

      it('stays there after a single-page app moves its host inside a transformed, clipping ancestor', async () => {
        const body = `<div id="slot"></div><div id="box" style="transform: translateZ(0); overflow: hidden; height: 120px; margin-top: 200px">${bubbleHost()}</div>
${TALL}${SCRIPT_TAG}`;
        const { page } = await bubbleReady('/bubble-moved.html', body);
        const viewport = page.viewportSize()!;
        const placed = async () => {
          const b = (await page.getByRole('button', { name: DEMO_TITLE }).boundingBox())!;
          const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id ?? null, [b.x + b.width / 2, b.y + b.height / 2]);
          return { right: Math.round(viewport.width - b.x - b.width), bottom: Math.round(viewport.height - b.y - b.height), hit };
        };
        expect(await placed()).toEqual({ right: 16, bottom: 16, hit: 'bubble' });
        // What a router does when it re-parents a layout: the box out, and in somewhere else.
        await page.evaluate(() => {
          const box = document.getElementById('box')!;
          box.remove();
          document.getElementById('slot')!.append(box);
        });
        await expect.poll(placed).toEqual({ right: 16, bottom: 16, hit: 'bubble' });
      });

      it('does not dim the page when its panel opens (only the modal popup and slider do)', async () => {
        const { page } = await bubbleReady('/bubble-backdrop.html', TALL + bubbleHost() + SCRIPT_TAG);
        const spot = { x: 100, y: 400, width: 4, height: 4 };
        const before = await pixels(page, spot);
        await page.getByRole('button', { name: DEMO_TITLE }).click();
        await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
        expect((await pixels(page, spot)).equals(before), 'the page behind changed when the panel opened').toBe(true);
      });

      it('waits below a modal dialog the page already has open (a cookie banner), and comes up once it closes', async () => {
        const consent = `<dialog id="consent" style="position: fixed; inset: auto 0 0 0; margin: 0; width: 100%; max-width: none; box-sizing: border-box; height: 120px">
<p>Cookies?</p><button id="accept" style="position: absolute; right: 16px; bottom: 16px; width: 340px; height: 60px">Akzeptieren</button></dialog>
<script src="/consent.js"></script>`;
        suite.site.route('/consent.js', { body: "document.getElementById('consent').showModal();", contentType: 'text/javascript' });
        const { page } = await openPage('/bubble-consent.html', consent + TALL + bubbleHost() + SCRIPT_TAG);
        await waitForReady(page);
        const inTopLayer = () => page.evaluate(() => document.querySelector('#bubble')!.shadowRoot!.querySelector('.lf-bubble')!.matches(':popover-open'));
        await settled(page);
        expect(await inTopLayer()).toBe(false);
        // The banner's button, where the bubble would sit, is what a click there reaches.
        const accept = page.getByRole('button', { name: 'Akzeptieren' });
        const b = (await accept.boundingBox())!;
        expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id, [b.x + b.width - 20, b.y + b.height - 10])).toBe('accept');
        await page.evaluate(() => (document.getElementById('consent') as HTMLDialogElement).close());
        await expect.poll(inTopLayer).toBe(true);
        await page.getByRole('button', { name: DEMO_TITLE }).click();
        await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
      });

      it('keeps a panel that was opened and closed by script behind the page’s modal closed when that modal goes', async () => {
        const consent = `<dialog id="consent"><p>Cookies?</p></dialog><script src="/consent.js"></script>`;
        suite.site.route('/consent.js', { body: "document.getElementById('consent').showModal();", contentType: 'text/javascript' });
        const { page } = await openPage('/bubble-consent-api.html', consent + TALL + bubbleHost() + SCRIPT_TAG);
        await waitForReady(page);
        await page.evaluate(() => (window as unknown as { LeadFlow: { open(t: string): void } }).LeadFlow.open('#bubble'));
        await expect.poll(() => panelOpen(page)).toBe(true);
        await page.evaluate(() => (window as unknown as { LeadFlow: { close(t: string): void } }).LeadFlow.close('#bubble'));
        await expect.poll(() => panelOpen(page)).toBe(false);
        await page.evaluate(() => (document.getElementById('consent') as HTMLDialogElement).close());
        await settled(page);
        expect(await page.getByRole('dialog', { name: DEMO_TITLE }).isVisible()).toBe(false);
        expect(await page.getByRole('button', { name: DEMO_TITLE }).isVisible()).toBe(true);
      });
    });
  });

  describe('moved by a single-page app', () => {
    // The browser takes a moved widget out of the document for a moment: it blurs what had focus
    // in it and takes its dialogs out of the top layer. A visitor in the middle of the form must
    // not notice. (Before, focus fell to <body> and an open popup or slider stayed open but was
    // no longer modal: no backdrop, the page behind usable, Escape ignored.)
    const pageWith = (host: string) => `<div id="slot"></div><div id="box">${host}</div>\n${PAGE_CONTROLS}${SCRIPT_TAG}`;
    /** What a router does when it re-parents a layout: the box out, and in somewhere else. */
    const move = (page: Page) =>
      page.evaluate(() => {
        const box = document.getElementById('box')!;
        box.remove();
        document.getElementById('slot')!.append(box);
      });
    const onARadio = async (page: Page, id: string) => {
      await page.keyboard.press('Tab');
      const focus = await focusInfo(page);
      expect(focus).toMatchObject({ where: 'widget', id, type: 'radio' });
      return focus;
    };

    it.each(['popup', 'slider'] as const)('an open %s stays modal with focus where the visitor was, and Escape still closes it', async (mode) => {
      const { page } = await openPage(`/moved-${mode}.html`, pageWith(overlayElement({ id: mode, mode, webhook: suite.receiver.url })));
      await waitForReady(page);
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await page.getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' }).waitFor();
      const before = await onARadio(page, mode);

      await move(page);
      await expect.poll(() => focusInfo(page)).toEqual(before);
      expect(await isModal(dialogOf(page, mode))).toBe(true);
      const stops: FocusInfo[] = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        stops.push(await focusInfo(page));
      }
      // The page behind is inert again (Tab may pass the browser's own stop, `none`, as before the move).
      expect(stops.filter((s) => s.where === 'page' || (s.where === 'widget' && !s.inDialog)), 'Tab left the dialog').toEqual([]);
      expect(stops.filter((s) => s.where === 'widget').length).toBeGreaterThan(6);

      await page.keyboard.press('Escape');
      await dialogOf(page, mode).waitFor({ state: 'hidden' });
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'page', id: 'opener' });
      expect(await closeEvents(page)).toHaveLength(1);
    });

    it('an open bubble panel stays open above the page with focus where the visitor was, and Escape closes it back to the bubble', async () => {
      const { page } = await openPage('/moved-bubble.html', pageWith(overlayElement({ id: 'bubble', mode: 'bubble', webhook: suite.receiver.url })));
      await waitForReady(page);
      await page.getByRole('button', { name: DEMO_TITLE }).click();
      const panel = dialogOf(page, 'bubble');
      await expect.poll(() => panel.evaluate((el) => el.matches('[open]:popover-open'))).toBe(true);
      const before = await onARadio(page, 'bubble');

      await move(page);
      await expect.poll(() => focusInfo(page)).toEqual(before);
      expect(await panel.evaluate((el) => el.matches('[open]:popover-open'))).toBe(true);

      await page.keyboard.press('Escape');
      await expect.poll(() => panel.evaluate((el) => (el as HTMLDialogElement).open)).toBe(false);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', id: 'bubble', name: DEMO_TITLE, inDialog: false });
    });

    /** Opens the popup `id` by script and focuses its second radio, as a visitor mid-form. */
    const openAndFocusRadio = async (page: Page, id: string) => {
      await page.evaluate((id) => (window as unknown as { LeadFlow: { open(t: string): void } }).LeadFlow.open(`#${id}`), id);
      await expect.poll(() => isModal(dialogOf(page, id))).toBe(true);
      await settled(page); // the Overlay's effect focuses the heading first
      await page.locator(`#${id} input[type="radio"]`).nth(1).focus();
      const before = await focusInfo(page);
      expect(before).toMatchObject({ where: 'widget', id, type: 'radio', inDialog: true });
      return before;
    };
    const popupIn = (id: string, flow?: string) => `<div id="box-${id}">${overlayElement({ id, mode: 'popup', webhook: suite.receiver.url, ...(flow && { flow }) })}</div>`;
    const COOKIE_BANNER = '<dialog id="cookies"><p>Cookies?</p><label>Grund <input id="cookie-field"></label><button id="cookie-ok">OK</button></dialog>';

    it('a popup moved twice in one task (two removals in one batch) keeps focus where the visitor was', async () => {
      const { page } = await openPage('/moved-twice.html', `<div id="slot"></div><div id="other"></div>${popupIn('popup')}${SCRIPT_TAG}`);
      await waitForReady(page);
      const before = await openAndFocusRadio(page, 'popup');
      await page.evaluate(() => {
        const box = document.getElementById('box-popup')!;
        document.getElementById('slot')!.append(box);
        document.getElementById('other')!.append(box);
      });
      await settled(page);
      expect(await isModal(dialogOf(page, 'popup'))).toBe(true);
      expect(await focusInfo(page)).toEqual(before);
    });

    it('a popup below a modal the page opened over it stays below, leaves the page its focus, and is modal again once that closes', async () => {
      const { page } = await openPage('/moved-below.html', `<div id="other"></div>${COOKIE_BANNER}${popupIn('popup')}${SCRIPT_TAG}`);
      await waitForReady(page);
      await openAndFocusRadio(page, 'popup');
      await page.evaluate(() => {
        (document.getElementById('cookies') as HTMLDialogElement).showModal();
        document.getElementById('cookie-field')!.focus();
      });
      await page.evaluate(() => document.getElementById('other')!.append(document.getElementById('box-popup')!));
      await settled(page);
      expect(await focusInfo(page)).toMatchObject({ where: 'page', id: 'cookie-field' });
      await page.keyboard.type('x');
      expect(await page.locator('#cookie-field').inputValue()).toBe('x');

      await page.evaluate(() => (document.getElementById('cookies') as HTMLDialogElement).close());
      await expect.poll(() => isModal(dialogOf(page, 'popup'))).toBe(true);
    });

    it('two open popups moved in one task keep their stacking: the one the visitor was in stays on top, with focus', async () => {
      const { page } = await openPage('/moved-two.html', `<div id="other"></div>${popupIn('first')}${popupIn('second', BANT_FLOW_URL)}${SCRIPT_TAG}`);
      await waitForReady(page, 2);
      await page.evaluate(() => (window as unknown as { LeadFlow: { open(t: string): void } }).LeadFlow.open('#first'));
      await expect.poll(() => isModal(dialogOf(page, 'first'))).toBe(true);
      const before = await openAndFocusRadio(page, 'second');
      await page.evaluate(() => document.getElementById('other')!.append(document.getElementById('box-second')!, document.getElementById('box-first')!));
      await settled(page);
      expect(await focusInfo(page)).toEqual(before);
      // The topmost modal is the one the visitor was in: the other is inert behind it.
      expect(await page.evaluate(() => document.querySelector('#first')!.shadowRoot!.querySelector('dialog')!.matches(':modal'))).toBe(true);
      await page.keyboard.press('Tab');
      expect(await focusInfo(page)).toMatchObject({ where: 'widget', id: 'second' });
    });

    it('a tap on the page that moves the widget leaves focus off it (a tap blurs and clicks in one task)', async () => {
      const inline = `<div id="box-inline"><div id="inline" data-leadflow="/flows/saas-bant.json" data-leadflow-webhook="${suite.receiver.url}" data-leadflow-locale="de" data-leadflow-lazy="false"></div></div>`;
      const { page } = await openPage('/moved-tap.html', `<h1 id="title" style="height: 80px; margin: 0">Seite</h1><div id="other"></div>${inline}${SCRIPT_TAG}`, {
        hasTouch: true,
        isMobile: true,
        viewport: { width: 400, height: 800 },
      });
      await waitForReady(page);
      const radio = page.locator('#inline input[type="radio"]').first();
      const title = (await page.locator('#title').boundingBox())!;
      await page.evaluate(() =>
        document.getElementById('title')!.addEventListener('click', () => document.getElementById('other')!.append(document.getElementById('box-inline')!)),
      );
      await radio.focus();
      await page.touchscreen.tap(title.x + 10, title.y + title.height / 2);
      await settled(page);
      expect(await page.evaluate(() => document.getElementById('box-inline')!.parentElement!.id)).toBe('other');
      expect(await focusInfo(page)).toMatchObject({ where: 'none' });
    });

    it('an open bubble panel moved while the visitor types in the page leaves focus in the page', async () => {
      const bubble = `<div id="box">${overlayElement({ id: 'bubble', mode: 'bubble', webhook: suite.receiver.url })}</div>`;
      const { page } = await openPage('/moved-bubble-page-focus.html', `<div id="slot"></div>${bubble}${PAGE_CONTROLS}${SCRIPT_TAG}`);
      await waitForReady(page);
      await page.evaluate(() => (window as unknown as { LeadFlow: { open(t: string): void } }).LeadFlow.open('#bubble'));
      await expect.poll(() => dialogOf(page, 'bubble').evaluate((el) => el.matches('[open]:popover-open'))).toBe(true);
      await settled(page);
      await page.locator('#newsletter').focus();
      await move(page);
      await settled(page);
      expect(await dialogOf(page, 'bubble').evaluate((el) => el.matches('[open]:popover-open'))).toBe(true);
      expect(await focusInfo(page)).toMatchObject({ where: 'page', id: 'newsletter' });
    });

    it('an inline form keeps focus where the visitor was, so the keyboard goes on; focus the visitor took away stays away', async () => {
      const inline = `<div id="inline" data-leadflow="/flows/saas-bant.json" data-leadflow-webhook="${suite.receiver.url}" data-leadflow-locale="de"></div>`;
      const { page } = await openPage('/moved-inline.html', pageWith(inline));
      await waitForReady(page);
      await page.getByRole('radio').first().waitFor();
      const before = await onARadio(page, 'inline');

      await move(page);
      await expect.poll(() => focusInfo(page)).toEqual(before);
      await page.keyboard.press('ArrowDown');
      const next = await focusInfo(page);
      expect(next).toMatchObject({ where: 'widget', id: 'inline', type: 'radio' });
      expect(next.name).not.toBe(before.name);

      // A click on the page's own text leaves nothing focused; a later move does not take focus back.
      await page.getByRole('heading', { level: 1 }).click();
      expect(await focusInfo(page)).toMatchObject({ where: 'none' });
      await move(page);
      await settled(page);
      expect(await focusInfo(page)).toMatchObject({ where: 'none' });
    });
  });

  describe('two popups, the API and the queue', () => {
    const twoPopups = () =>
      `<button type="button" data-leadflow-open>Erstes öffnen</button>
<button type="button" data-leadflow-open="#second">Zweites öffnen</button>` +
      overlayElement({ id: 'first', mode: 'popup', webhook: suite.receiver.url }) +
      overlayElement({ id: 'second', mode: 'popup', webhook: suite.receiver.url, flow: BANT_FLOW_URL });

    it('an opener with a selector opens that popup; an empty opener the first one', async () => {
      const { page } = await openPage('/two.html', twoPopups() + SCRIPT_TAG);
      await waitForReady(page, 2);
      await page.getByRole('button', { name: 'Zweites öffnen' }).click();
      await page.getByRole('dialog', { name: BANT_TITLE }).waitFor();
      expect(await page.getByRole('dialog', { name: DEMO_TITLE }).isVisible()).toBe(false);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: BANT_TITLE }).waitFor({ state: 'hidden' });

      await page.getByRole('button', { name: 'Erstes öffnen' }).click();
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
      expect(await page.getByRole('dialog', { name: BANT_TITLE }).isVisible()).toBe(false);
    });

    it('LeadFlow.open(selector) and LeadFlow.close(selector) from page script', async () => {
      const { page } = await openPage('/two-api.html', twoPopups() + SCRIPT_TAG);
      await waitForReady(page, 2);
      await page.evaluate(() => (window as unknown as { LeadFlow: { open(t?: string): void } }).LeadFlow.open('#second'));
      await page.getByRole('dialog', { name: BANT_TITLE }).waitFor();
      expect(await page.getByRole('dialog', { name: DEMO_TITLE }).isVisible()).toBe(false);
      await page.evaluate(() => (window as unknown as { LeadFlow: { close(t?: string): void } }).LeadFlow.close('#second'));
      await page.getByRole('dialog', { name: BANT_TITLE }).waitFor({ state: 'hidden' });
      expect((await closeEvents(page)).map((e) => e.target)).toEqual(['second']);

      // Without a target: the first popup on the page.
      await page.evaluate(() => (window as unknown as { LeadFlow: { open(t?: string): void } }).LeadFlow.open());
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
      await page.evaluate(() => (window as unknown as { LeadFlow: { close(t?: string): void } }).LeadFlow.close());
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor({ state: 'hidden' });
    });

    // Was a bug (src/embed/install.ts, `find()` used by `close`): LeadFlow.close() without a target
    // closes "the first overlay on the page", not the one that is open, so a page script that
    // opened '#second' cannot close it with LeadFlow.close(). Remove `.fails` once fixed.
    it('LeadFlow.close() without a target closes the popup that is open', async () => {
      const { page } = await openPage('/two-close.html', twoPopups() + SCRIPT_TAG);
      await waitForReady(page, 2);
      await page.evaluate(() => (window as unknown as { LeadFlow: { open(t?: string): void } }).LeadFlow.open('#second'));
      await page.getByRole('dialog', { name: BANT_TITLE }).waitFor();
      await page.evaluate(() => (window as unknown as { LeadFlow: { close(t?: string): void } }).LeadFlow.close());
      await page.getByRole('dialog', { name: BANT_TITLE }).waitFor({ state: 'hidden' });
    });

    it('runs a queued open pushed before the async script loaded', async () => {
      // An inline script: this page has no CSP.
      const queue = `<script>window.LeadFlow = window.LeadFlow || { q: [] }; LeadFlow.q.push(['open', '#second']);</script>`;
      const { page } = await openPage('/queue.html', twoPopups() + SCRIPT_TAG, {}, queue);
      await page.getByRole('dialog', { name: BANT_TITLE }).waitFor();
      expect(await isModal(dialogOf(page, 'second'))).toBe(true);
      expect(await page.getByRole('dialog', { name: DEMO_TITLE }).isVisible()).toBe(false);
      expect(await page.evaluate(() => typeof (window as unknown as { LeadFlow: { version?: string } }).LeadFlow.version)).toBe('string');
    });

    // Was a bug (src/embed/install.ts, `q.push` / `find`): a queued call runs the moment the script
    // loads; when the async script (in <head>, as the README allows) runs before the parser has
    // reached the popup's element (here a slow script tag sits in between), `open('#second')`
    // finds no element and is dropped without a word, so the popup never opens. Expected: the
    // queued open applies once '#second' is mounted. Remove `.fails` once fixed.
    it('runs a queued open even when the script loads before the popup element is parsed', async () => {
      suite.site.route('/modes-slow.js', { body: '', contentType: 'text/javascript', delayMs: 800 });
      const head = `<script>window.LeadFlow = window.LeadFlow || { q: [] }; LeadFlow.q.push(['open', '#second']);</script>\n${SCRIPT_TAG}`;
      const { page } = await openPage('/queue-head.html', '<script src="/modes-slow.js"></script>' + twoPopups(), {}, head);
      await waitForReady(page, 2);
      await page.getByRole('dialog', { name: BANT_TITLE }).waitFor();
    });
  });

  describe('triggers', () => {
    const popup = (trigger: string, extra = '') =>
      PAGE_CONTROLS + extra + overlayElement({ id: 'popup', mode: 'popup', webhook: suite.receiver.url, trigger }) + SCRIPT_TAG;

    it('timer:1 opens the popup after about a second', async () => {
      const { page } = await openPage('/timer.html', popup('timer:1'));
      await waitForReady(page);
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      await dialog.waitFor({ timeout: 3000 });
      // Page time from the flow being shown (the timer starts then) to the dialog opening, both
      // taken on the page: a page's timer never fires early, so this holds on a busy machine too.
      const ready = await readyAt(page);
      const opened = await dialogOpenedAt(page);
      expect(opened).toHaveLength(1);
      expect(opened[0]! - ready).toBeGreaterThanOrEqual(950);
      expect(opened[0]! - ready).toBeLessThan(3000);
      expect(await isModal(dialogOf(page, 'popup'))).toBe(true);
    });

    it('scroll:50 opens past half of the page, not before', async () => {
      const { page } = await openPage('/scroll.html', popup('scroll:50', TALL));
      await waitForReady(page);
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      const scrollTo = (fraction: number) =>
        page.evaluate((f) => window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) * f), fraction);
      await scrollTo(0.3);
      await settled(page);
      expect(await dialog.isVisible()).toBe(false);
      await scrollTo(0.45);
      await settled(page);
      expect(await dialog.isVisible()).toBe(false);
      await scrollTo(0.6);
      await dialog.waitFor({ timeout: 3000 });
    });

    it('exit opens when the pointer leaves through the top edge, not through moves inside or the bottom', async () => {
      const { page } = await openPage('/exit.html', popup('exit'));
      await waitForReady(page);
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      // Moves between page elements (mouseout with a relatedTarget) and a leave through the bottom.
      await page.mouse.move(50, 50);
      await page.mouse.move(600, 400, { steps: 5 });
      await page.evaluate(() =>
        document.documentElement.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, clientX: 600, clientY: window.innerHeight, relatedTarget: null })),
      );
      await settled(page);
      expect(await dialog.isVisible()).toBe(false);
      // Up and out through the top edge, as on the way to the tab bar.
      await page.mouse.move(600, 0, { steps: 5 });
      await page.mouse.move(600, -10);
      await dialog.waitFor({ timeout: 3000 });
    });

    it('after the visitor closed it, a reload with the same trigger stays quiet, while an opener still opens it', async () => {
      const { page } = await openPage('/remember.html', popup('timer:0.3'));
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      await dialog.waitFor({ timeout: 3000 });
      await page.getByRole('button', { name: 'Schließen' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => localStorage.getItem('leadflow:closed:saas-bant'))).toMatch(/^\d+$/);

      await page.reload();
      await waitForReady(page);
      // Past the time the trigger (0.3 s from the flow being shown) would have fired.
      const ready = await readyAt(page);
      await pageTimeReached(page, ready + 1000);
      expect(await dialog.isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await dialog.waitFor();
    });

    // Was a bug (src/embed/mount.tsx, handle.close): closing stores leadflow:closed:<flowId>, but the
    // triggers already armed on this page (watchTriggers) are not stopped, so a visitor who
    // opened the popup with a button and closed it gets it thrown at them again when the timer
    // (or scroll / exit) fires later on the same page. Remove `.fails` once fixed.
    it('a trigger armed on the page stays quiet after the visitor closed the popup opened by a button', async () => {
      const { page } = await openPage('/armed.html', popup('timer:2'));
      await waitForReady(page);
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      // Until 2.6 s after the flow was shown, on the page's clock: the timer (2 s) has fired by then.
      const ready = await readyAt(page);
      await pageTimeReached(page, ready + 2600);
      expect(await dialog.isVisible(), 'reopened by the timer after the visitor closed it').toBe(false);
    });
  });

  describe('isolation', () => {
    it('a popup inside a transformed, overflow-hidden host still covers the viewport (top layer)', async () => {
      const trap = `<div id="trap" style="transform: translateX(0); overflow: hidden; width: 200px; height: 80px; position: relative">
${overlayElement({ id: 'popup', mode: 'popup', webhook: suite.receiver.url })}</div>`;
      const { page } = await openPage('/trap.html', PAGE_CONTROLS + trap + SCRIPT_TAG);
      await waitForReady(page);
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
      await dialog.waitFor();
      const viewport = page.viewportSize()!;
      const box = (await dialogOf(page, 'popup').boundingBox())!;
      // Centred in the viewport, at its own width: not clipped to, or placed by, the 200 × 80 host.
      expect(near(box.x + box.width / 2, viewport.width / 2), `centre x ${box.x + box.width / 2}`).toBe(true);
      expect(near(box.y + box.height / 2, viewport.height / 2), `centre y ${box.y + box.height / 2}`).toBe(true);
      expect(box.width).toBeGreaterThan(500);
      // The backdrop covers every corner of the viewport: hits land on the widget, not the page.
      const hits = await page.evaluate(
        ({ w, h }) => [[2, 2], [w - 2, 2], [2, h - 2], [w - 2, h - 2]].map(([x, y]) => document.elementFromPoint(x!, y!)?.id),
        { w: viewport.width, h: viewport.height },
      );
      expect(hits).toEqual(['popup', 'popup', 'popup', 'popup']);
      // And the visitor can use it: the first answer is clickable.
      await page.getByRole('radio', { name: 'Ich entscheide' }).check();
    });

    it('hostile page CSS does not change the close button', async () => {
      const hostile = `<style>* { all: unset !important } html { font-size: 40px !important } button { text-transform: uppercase !important; font-size: 8px !important; width: 10px !important; height: 10px !important }</style>`;
      const { page } = await openPage('/hostile-popup.html', PAGE_CONTROLS + overlayElement({ id: 'popup', mode: 'popup', webhook: suite.receiver.url }) + SCRIPT_TAG, {}, hostile);
      await waitForReady(page);
      // The hostile sheet applies to the page.
      expect(await page.locator('#opener').evaluate((el) => getComputedStyle(el).textTransform)).toBe('uppercase');
      expect(await page.locator('html').evaluate((el) => getComputedStyle(el).fontSize)).toBe('40px');
      await page.evaluate(() => (window as unknown as { LeadFlow: { open(t?: string): void } }).LeadFlow.open('#popup'));
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
      const close = page.getByRole('button', { name: 'Schließen' });
      const box = (await close.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(await close.evaluate((el) => (el as HTMLElement).innerText)).toBe('×');
      expect(await close.evaluate((el) => getComputedStyle(el).textTransform)).toBe('none');
      expect(await close.evaluate((el) => getComputedStyle(el).fontSize)).toBe('28px');
      await close.click();
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor({ state: 'hidden' });
    });
  });

  describe('strict CSP', () => {
    it('an open popup breaks no rule of a strict policy (and the recorder does see violations)', async () => {
      const csp = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${suite.receiver.origin}`;
      suite.site.route('/modes-hostile.css', { body: 'html { font-size: 40px }\nbutton { text-transform: uppercase }\n', contentType: 'text/css' });

      // Control: an inline style on this policy is reported.
      const control = await sessions.open();
      await recordCspViolations(control.page);
      await control.page.goto(suite.site.page('/modes-csp-control.html', landingPage('<p style="color: blue">inline</p>'), { 'content-security-policy': csp }));
      await expect.poll(() => cspViolations(control).then((v) => v.length)).toBeGreaterThan(0);

      const session = await sessions.open();
      const { page } = session;
      await recordCspViolations(page);
      await recordModeEvents(page);
      const body = PAGE_CONTROLS + overlayElement({ id: 'popup', mode: 'popup', webhook: suite.receiver.url }) + SCRIPT_TAG;
      await page.goto(suite.site.page('/modes-csp.html', landingPage(body, '<link rel="stylesheet" href="/modes-hostile.css">'), { 'content-security-policy': csp }));
      await waitForReady(page);
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor();
      expect(await isModal(dialogOf(page, 'popup'))).toBe(true);
      // Styled: the widget's constructable stylesheet applied (a blocked <style> would leave it bare).
      const close = page.getByRole('button', { name: 'Schließen' });
      expect(await close.evaluate((el) => getComputedStyle(el).fontSize)).toBe('28px');
      await page.getByRole('radio', { name: 'Ich entscheide' }).check();
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByRole('heading', { name: 'Was möchten Sie verbessern?' }).waitFor();
      await close.click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      expect(await cspViolations(session)).toEqual([]);
    });
  });
});
