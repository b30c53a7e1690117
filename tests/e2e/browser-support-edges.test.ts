import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import type { PageSession } from './support/browser.ts';
import { answerDemoFlow, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { widgetElement } from './support/embed-pages.ts';
import { DEMO_TITLE, focusInfo, overlayElement, SCRIPT_TAG } from './support/modes-pages.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/**
 * What an older browser lacks, taken out of Chromium before LeadFlow's script runs. Each is
 * named with the versions of the README's floor (Chrome/Edge 94+, Firefox 98+, Safari 15.4+)
 * that lack it (first versions from @mdn/browser-compat-data).
 */
interface Lacks {
  /** `Array.prototype.findLast`: Chrome 94–96, Firefox 98–103. */
  findLast?: boolean;
  /** Popovers (`showPopover`, `popover`): Chrome 94–113, Firefox 98–124, Safari 15.4–16.x. */
  popovers?: boolean;
  /** The `:modal` and `:popover-open` selectors (a SyntaxError, as there): `:modal` Chrome 94–104, Firefox 98–102, Safari 15.4–15.5. */
  modalSelector?: boolean;
  /** Constructable stylesheets: Firefox 98–100, Safari 15.4–16.3. */
  constructableSheets?: boolean;
  /** Web Locks: Firefox before 96, just below the floor (and insecure pages everywhere). */
  locks?: boolean;
  /** `fetch(…, { keepalive })`: Firefox 98–132. */
  keepalive?: boolean;
  /** `requestIdleCallback`: every Safari. */
  idleCallback?: boolean;
  /** `AbortSignal.timeout`: Chrome 94–102, Firefox 98–99, Safari 15.4–15.x. */
  abortTimeout?: boolean;
  /** CSS `color-mix()` (a value the parser does not know): Chrome 94–110, Firefox 98–112, Safari 15.4–16.1. */
  colorMix?: boolean;
}

/** Runs in the page before anything else (page.addInitScript): makes Chromium the older browser. */
function olderBrowser(lacks: Lacks): void {
  const remove = (target: object, ...names: string[]) => names.forEach((name) => Reflect.deleteProperty(target, name));
  if (lacks.findLast) remove(Array.prototype, 'findLast', 'findLastIndex');
  if (lacks.popovers) remove(HTMLElement.prototype, 'showPopover', 'hidePopover', 'togglePopover', 'popover');
  if (lacks.modalSelector) {
    const unknown = /:modal|:popover-open/;
    const refuse = (proto: object, name: string) => {
      const native = Reflect.get(proto, name) as (this: unknown, selector: string, ...rest: unknown[]) => unknown;
      Reflect.set(proto, name, function (this: unknown, selector: string, ...rest: unknown[]) {
        if (unknown.test(String(selector))) throw new DOMException(`'${selector}' is not a valid selector.`, 'SyntaxError');
        return native.call(this, selector, ...rest);
      });
    };
    for (const proto of [Element.prototype, Document.prototype, DocumentFragment.prototype]) ['querySelector', 'querySelectorAll'].forEach((name) => refuse(proto, name));
    refuse(Element.prototype, 'matches');
    refuse(Element.prototype, 'closest');
    // And they say so when asked.
    const supports = CSS.supports.bind(CSS) as (...args: string[]) => boolean;
    CSS.supports = ((...args: string[]) => (args.length === 1 && unknown.test(args[0]!) ? false : supports(...args))) as typeof CSS.supports;
  }
  if (lacks.constructableSheets) {
    remove(ShadowRoot.prototype, 'adoptedStyleSheets');
    remove(Document.prototype, 'adoptedStyleSheets');
    remove(CSSStyleSheet.prototype, 'replaceSync', 'replace');
  }
  if (lacks.locks) remove(Navigator.prototype, 'locks');
  if (lacks.keepalive) remove(Request.prototype, 'keepalive');
  if (lacks.idleCallback) remove(window, 'requestIdleCallback', 'cancelIdleCallback');
  if (lacks.abortTimeout) remove(AbortSignal, 'timeout', 'any');
  if (lacks.colorMix) {
    // A custom property takes any value, so `--x: color-mix(…)` is kept as written; what uses it
    // finds a function it does not know, as an older browser would.
    const setProperty = CSSStyleDeclaration.prototype.setProperty;
    CSSStyleDeclaration.prototype.setProperty = function (this: CSSStyleDeclaration, name: string, value: string | null, priority?: string) {
      return setProperty.call(this, name, value === null ? null : String(value).replace(/color-mix\(/g, 'color-mix-unknown('), priority);
    };
    const supports = CSS.supports.bind(CSS) as (...args: string[]) => boolean;
    CSS.supports = ((...args: string[]) => (args.some((arg) => arg.includes('color-mix(')) ? false : supports(...args))) as typeof CSS.supports;
  }
}

/** The browsers of the README's floor without popovers and without the `:modal` selector. */
const BEFORE_MODAL_SELECTOR: Lacks = { popovers: true, modalSelector: true };

/** The demo flow's student answer: it ends the flow at once (one step, one lead). */
const STUDENT = 'Ich bin Student:in';
const STUDENT_END = /Danke/;
const FIRST_QUESTION = 'Welche Rolle haben Sie bei der Auswahl?';
const OPENER = '<button type="button" data-leadflow-open>Beratung anfragen</button>';

/** A short German flow on the page (`#f`): two questions, so the progress bar shows, then the end. */
function twoQuestions(theme?: Record<string, string>) {
  const choice = (id: string, title: string, labels: string[]) => ({ id, type: 'single_choice', title, options: labels.map((label, i) => ({ id: `${id}${i}`, label })) });
  return {
    id: 'browser-support',
    version: 1,
    locales: ['de'],
    ...(theme && { theme }),
    steps: [choice('role', 'Welche Rolle haben Sie?', ['Ich entscheide', 'Ich recherchiere nur']), choice('budget', 'Gibt es ein Budget?', ['Ja', 'Nein']), { id: 'done', type: 'end', title: 'Danke!' }],
  };
}

/** What a keyboard user sees around the focused control inside the widget, and the progress bar. */
function focusRingAndProgress(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const focused = getComputedStyle(root.activeElement!);
    const fill = getComputedStyle(root.querySelector('.lf-progress-fill')!);
    return {
      focused: root.activeElement!.localName,
      ring: `${focused.outlineStyle} ${focused.outlineWidth}`,
      progress: `${fill.borderTopStyle} ${fill.borderTopWidth}`,
    };
  });
}

describe.skipIf(!chromiumPath)("the README's browser floor (Chrome/Edge 94+, Firefox 98+, Safari 15.4+), older browsers simulated in Chromium", () => {
  const suite = browserSuite(chromiumPath);
  const { sessions } = suite;
  let pages = 0;

  /** A page in an older browser (`lacks`), holding `body` with LeadFlow's script tag after it. */
  async function openAs(lacks: Lacks, body: string, context: Parameters<typeof sessions.open>[0] = {}): Promise<PageSession> {
    const session = await sessions.open(context);
    await session.page.addInitScript(olderBrowser, lacks);
    await session.page.goto(suite.site.page(`/browser-support-${++pages}.html`, landingPage(body + SCRIPT_TAG)));
    return session;
  }

  const overlay = (id: string, mode: 'popup' | 'slider' | 'bubble') => overlayElement({ id, mode, webhook: suite.receiver.url });
  const inline = (flowId: string, attributes: Record<string, string | number> = {}) =>
    widgetElement({ '': flowId, webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, lazy: 'false', ...attributes });
  const uncaught = (session: PageSession) => session.pageErrors.map((error) => error.message);

  describe('fallbacks that hold', () => {
    // Safari 15.4–16.3 and Firefox 98–100 have no constructable stylesheets (a <style> goes into
    // the shadow root), an insecure page no Web Locks (a lease in storage), Firefox before 133 no
    // keepalive, Safari no requestIdleCallback, Safari 15 / Firefox 98–99 / Chrome 94–102 no
    // AbortSignal.timeout: the form is still styled, and the demo flow delivers its lead.
    it('inline: without constructable stylesheets, Web Locks, keepalive, requestIdleCallback and AbortSignal.timeout, the form is styled and one lead arrives', async () => {
      const { page } = await openAs(
        { constructableSheets: true, locks: true, keepalive: true, idleCallback: true, abortTimeout: true },
        inline('/flows/saas-bant.json'),
      );
      await page.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
      // The Next button in the accent colour: the stylesheet reached the shadow root.
      expect(await page.getByRole('button', { name: 'Weiter' }).evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgb(47, 91, 234)');
      expect(await page.evaluate(() => document.querySelector('[data-leadflow]')!.shadowRoot!.querySelectorAll('style').length), 'a <style> in the shadow root').toBe(1);
      await answerDemoFlow(page, HOT_LEAD);
      await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
      const lead = (await theOnlyPost(suite.receiver)).body as LeadEnvelope;
      expect(lead.data.score.tier).toBe('hot');
      expect(lead.data.contact).toEqual({ name: HOT_LEAD.name, email: HOT_LEAD.email });
    });

    // Chrome 94–104, Firefox 98–102 and Safari 15.4–15.5 have <dialog> but neither popovers nor
    // the `:modal` selector: a popup or slider opened by an opener is still a modal dialog,
    // delivers its lead and closes on Escape.
    it('popup and slider without popovers or the :modal selector: modal, one lead each, Escape closes', async () => {
      for (const mode of ['popup', 'slider'] as const) {
        const session = await openAs(BEFORE_MODAL_SELECTOR, OPENER + overlay(mode, mode));
        const { page } = session;
        await page.getByRole('button', { name: 'Beratung anfragen' }).click();
        const dialog = page.getByRole('dialog', { name: DEMO_TITLE });
        await page.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
        // (`webkitMatchesSelector`: the page's `matches` refuses `:modal` here.)
        expect(await page.locator(`#${mode} dialog`).evaluate((d) => d.webkitMatchesSelector(':modal')), `${mode} is modal`).toBe(true);
        await page.getByRole('radio', { name: STUDENT }).check();
        await page.getByRole('button', { name: 'Absenden' }).click();
        await page.getByRole('heading', { name: STUDENT_END }).waitFor();
        expect(((await theOnlyPost(suite.receiver)).body as LeadEnvelope).data.answers.role?.value).toBe('student');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        expect(uncaught(session), mode).toEqual([]);
        suite.receiver.reset();
      }
    });

    // README: "browsers without popovers show them `position: fixed`". Opened by its own button
    // (not a page's opener), the bubble's panel shows beside it and delivers the lead.
    it('bubble without popovers or the :modal selector, opened by its own button: a fixed panel above it, one lead', async () => {
      const session = await openAs(BEFORE_MODAL_SELECTOR, overlay('bubble', 'bubble'));
      const { page } = session;
      const bubble = page.getByRole('button', { name: DEMO_TITLE });
      await bubble.click();
      await page.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
      const [button, panel] = [(await bubble.boundingBox())!, (await page.locator('#bubble dialog').boundingBox())!];
      expect(await page.locator('#bubble dialog').evaluate((d) => getComputedStyle(d).position)).toBe('fixed');
      expect(panel.y + panel.height, 'the panel ends above the bubble').toBeLessThanOrEqual(button.y);
      await expect.poll(() => focusInfo(page)).toMatchObject({ where: 'widget', name: FIRST_QUESTION });
      await page.getByRole('radio', { name: STUDENT }).check();
      await page.getByRole('button', { name: 'Absenden' }).click();
      await page.getByRole('heading', { name: STUDENT_END }).waitFor();
      expect(((await theOnlyPost(suite.receiver)).body as LeadEnvelope).data.answers.role?.value).toBe('student');
      expect(uncaught(session)).toEqual([]);
    });

    // docs/delivery.md: "Where `fetch` has no keepalive (Firefox before 133), a
    // `navigator.sendBeacon` with a `text/plain` body is used" when the page is left.
    it('without keepalive, a lead the webhook refused goes out as a text/plain beacon when the visitor leaves', async () => {
      suite.receiver.failNextPosts(100, 503);
      const { page } = await openAs({ keepalive: true }, inlineFlow('f', twoQuestions()) + inline('#f'));
      await page.getByRole('radio', { name: 'Ich entscheide' }).check();
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByRole('radio', { name: 'Ja' }).check();
      await page.getByRole('button', { name: 'Absenden' }).click();
      await expect.poll(() => suite.receiver.posts().length).toBeGreaterThan(0);
      const refused = suite.receiver.posts()[0]!;
      await page.goto('about:blank');
      await expect
        .poll(() => suite.receiver.posts().filter((post) => String(post.headers['content-type']).startsWith('text/plain')).map((post) => (post.body as LeadEnvelope).data.id))
        .toContain((refused.body as LeadEnvelope).data.id);
    });

    // The light default theme needs no color-mix(): its focus ring and progress bar are the accent.
    it('a light form in a browser without color-mix() keeps its focus ring and progress bar', async () => {
      const { page } = await openAs({ colorMix: true }, inlineFlow('f', twoQuestions()) + inline('#f'));
      await page.getByRole('radio', { name: 'Ich entscheide' }).check();
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByRole('heading', { name: 'Gibt es ein Budget?' }).waitFor();
      await page.keyboard.press('Tab');
      expect(await focusRingAndProgress(page)).toEqual({ focused: 'input', ring: 'solid 3px', progress: 'solid 6px' });
    });
  });

  describe('where the floor does not hold', () => {
    // Was: Chrome 94–96 and Firefox 98–103 have no Array.prototype.findLast. The contact step's
    // effect (src/ui/questions/contact-step.tsx:43) calls it to start an empty e-mail field with
    // the address given on an earlier step (WCAG 3.3.7): there it throws a TypeError into the
    // host page at every contact step, and the visitor types the address a second time.
    // Expected: the field starts with the earlier address, and nothing is thrown.
    it('without Array.prototype.findLast, the contact step starts with the e-mail given before and throws nothing', async () => {
      const flow = {
        id: 'browser-support-contact',
        version: 1,
        locales: ['de'],
        steps: [
          { id: 'work_email', type: 'email', title: 'Wie lautet Ihre geschäftliche E-Mail-Adresse?' },
          { id: 'contact', type: 'contact', title: 'Wie dürfen wir Sie kontaktieren?', fields: [{ id: 'name', kind: 'name' }, { id: 'email', kind: 'email' }] },
          { id: 'done', type: 'end', title: 'Danke!' },
        ],
      };
      const session = await openAs({ findLast: true }, inlineFlow('f', flow) + inline('#f'));
      const { page } = session;
      const email = 'erika.mustermann@nordlicht.example';
      await page.getByRole('textbox', { name: 'Wie lautet Ihre geschäftliche E-Mail-Adresse?' }).fill(email);
      await page.getByRole('button', { name: 'Weiter' }).click();
      const field = page.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true });
      await field.waitFor();
      await expect.poll(() => field.inputValue(), { timeout: 2_000 }).toBe(email);
      expect(uncaught(session)).toEqual([]);
    });

    // Was: Chrome 94–104, Firefox 98–102 and Safari 15.4–15.5 have <dialog> but no `:modal`.
    // A bubble opened by a page's opener (README: "Openers: … the first popup, slider or bubble")
    // asks `closest('dialog:modal')` (src/ui/overlay.tsx:152, `openerInModal`): a SyntaxError
    // thrown into the host page, the rest of the opening skipped, and focus left on the panel's
    // close button instead of its question. Expected: focus on the question, nothing thrown.
    it('without the :modal selector, a bubble opened by a page opener moves focus to its question and throws nothing', async () => {
      const session = await openAs(BEFORE_MODAL_SELECTOR, OPENER + overlay('bubble', 'bubble'));
      const { page } = session;
      await page.getByRole('button', { name: DEMO_TITLE }).waitFor();
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await page.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
      await expect.poll(() => focusInfo(page).then((f) => f.name), { timeout: 2_000 }).toBe(FIRST_QUESTION);
      expect(uncaught(session)).toEqual([]);
    });

    // Was: same browsers. README: an element a single-page app "only moves keeps the visitor's
    // place, focus and open popup". After the move the popup goes back into the top layer
    // (src/ui/overlay.tsx:166, `lift`), which first asks `matches(':modal')`: a SyntaxError, so
    // the popup stays open but no longer modal — no backdrop, the page behind usable, Escape
    // ignored. Expected: still modal, Escape closes it, nothing thrown.
    it('without the :modal selector, a popup a single-page app moves stays modal: Escape closes it', async () => {
      const session = await openAs(BEFORE_MODAL_SELECTOR, `<div id="old-place">${OPENER}${overlay('popup', 'popup')}</div><div id="new-place"></div>`);
      const { page } = session;
      await page.getByRole('button', { name: 'Beratung anfragen' }).click();
      await page.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
      await page.evaluate(() => document.querySelector('#new-place')!.append(document.querySelector('#popup')!));
      await expect.poll(() => page.locator('#popup dialog').evaluate((d) => d.webkitMatchesSelector(':modal')), { timeout: 2_000 }).toBe(true);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: DEMO_TITLE }).waitFor({ state: 'hidden', timeout: 2_000 });
      expect(uncaught(session)).toEqual([]);
    });

    // Was: Chrome 94–110, Firefox 98–112 and Safari 15.4–16.1 have no color-mix(). On a dark
    // background whose accent is under 4.5:1 (the default blue is 2.9:1 on #1d2130),
    // src/embed/start-widget.tsx:107 sets `--lf-ink: color-mix(…)`; a custom property keeps any
    // value, so `outline: 3px solid var(--lf-ink, …)` is invalid at computed-value time there
    // and falls to `outline: none` (the `var()` fallback is not used: the property is set). Every
    // focus ring is gone (WCAG 2.4.7), and so is the progress bar's fill — not "the text colour"
    // the comment there promises. Expected: a visible ring and fill.
    it('a dark form in a browser without color-mix() keeps a visible focus ring and progress bar', async () => {
      const { page } = await openAs({ colorMix: true }, inlineFlow('f', twoQuestions({ background: '#1d2130', text: '#f5f6fa' })) + inline('#f'));
      await page.getByRole('radio', { name: 'Ich entscheide' }).check();
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByRole('heading', { name: 'Gibt es ein Budget?' }).waitFor();
      await page.keyboard.press('Tab');
      expect(await focusRingAndProgress(page)).toEqual({ focused: 'input', ring: 'solid 3px', progress: 'solid 6px' });
    });
  });
});
