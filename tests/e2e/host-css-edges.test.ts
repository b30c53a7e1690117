import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { answerByKeyboard, stepTitled } from './support/a11y-keyboard.ts';
import { answerStep, de, deepFocus, EVERY_QUESTION_ANSWERS, everyQuestionFlow, nextButton, widgetHeading } from './support/a11y-pages.ts';
import { sleep } from './support/browser.ts';
import { DEMO_TITLE, overlayElement, type OverlayMode } from './support/modes-pages.ts';
import { inlineFlow } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/**
 * Inherited text properties, a shrunken root font size, box-sizing and `all: unset` on the page's
 * own elements, written on `html` so they reach the widget's host by inheritance.
 */
const INHERITED_CSS = `<style>
html { font: italic small-caps 900 30px/3 serif; font-size: 10px; letter-spacing: 3px; word-spacing: 12px; text-transform: uppercase;
  text-indent: 40px; text-align: right; white-space: pre; font-size-adjust: 0.3; font-feature-settings: "smcp", "liga" 0; text-shadow: 2px 2px red;
  cursor: wait; hyphens: auto; tab-size: 40; list-style: square inside; caret-color: red; accent-color: red; user-select: none; color-scheme: dark;
  color: red; word-break: break-all; text-wrap: nowrap; -webkit-text-stroke: 1px red; -webkit-text-fill-color: transparent; font-kerning: none;
  text-rendering: optimizeSpeed; font-synthesis: none; font-stretch: condensed; font-variant-numeric: tabular-nums; text-emphasis: dot red;
  line-break: anywhere; overflow-wrap: normal; paint-order: stroke; text-underline-position: under; quotes: none; text-size-adjust: 300%; }
*, *::before, *::after { box-sizing: content-box !important; }
h2, button, input, label, select, textarea, p, legend, fieldset, section, form, output, span { all: unset !important; font-size: 3rem !important; }
</style>`;

/**
 * Page rules that reach the widget's host element and the elements the widget is made of, by
 * tag, attribute and pseudo-class; internal custom property names; a font face named like the
 * widget's font; a filtered, paint-contained body.
 */
const HOST_RULES_CSS = `<style>
html { font-size: 10px; overflow: hidden; }
body { filter: saturate(1.1); contain: paint; }
div { display: flex !important; gap: 30px; padding: 25px !important; transition: all 1s; }
*, *::before, *::after { box-sizing: content-box; }
dialog { display: block !important; position: static !important; padding: 50px !important; opacity: 0.3 !important; max-width: 100px !important; }
::backdrop { display: none !important; }
[popover], :popover-open { inset: auto !important; width: 10px !important; opacity: 0 !important; }
button { all: unset !important; font-size: 8px !important; }
*:focus, *:focus-visible { outline: 0 !important; box-shadow: none !important; }
:root { --lf-accent: red; --lf-text: red; --lf-bg: black; --lf-space: 0px; --lf-font: serif; --lf-radius: 40px; }
@font-face { font-family: system-ui; src: local("DejaVu Serif"); }
</style>`;

/** Shopify's Dawn theme, assets/base.css, verbatim: it hides every empty <div>, and a widget's host has no light-DOM children. */
const DAWN_EMPTY_CSS = `<style>
a:empty, ul:empty, dl:empty, div:empty, section:empty, article:empty, p:empty, h1:empty, h2:empty, h3:empty, h4:empty, h5:empty, h6:empty {
  display: none;
}
</style>`;

/** The default `--leadflow-primary`, #2f5bea: the colour of every focus ring. */
const ACCENT = 'rgb(47, 91, 234)';

/**
 * What a landing page's own stylesheet does to the widget, beyond what isolation-csp.test.ts and
 * modes.test.ts cover: inheritance into the shadow root, rules that hit the host element, and
 * page layouts the overlays and their triggers sit in. Each "Was:" names a bug an audit found, fixed since.
 */
describe.skipIf(!chromiumPath)("a landing page's own CSS", () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  const flow = everyQuestionFlow();
  let pages = 0;

  const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

  /** An inline widget of the every-question fixture (inline in the page), loaded at once, bot check off. */
  const inlineWidget = (attributes: Record<string, string> = {}) =>
    `<div ${Object.entries({
      'data-leadflow': '#flow',
      'data-leadflow-webhook': suite.receiver.url,
      'data-leadflow-locale': 'de',
      'data-leadflow-min-fill-ms': '0',
      'data-leadflow-lazy': 'false',
      ...attributes,
    })
      .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
      .join(' ')}></div>`;

  /** A popup, slider or bubble of the demo flow with the id `mode`, and a page button that opens it. */
  const overlay = (mode: OverlayMode, trigger?: string) =>
    `<button type="button" id="open-${mode}" data-leadflow-open="#${mode}">Öffnen: ${mode}</button>\n` +
    overlayElement({ id: mode, mode, webhook: suite.receiver.url, ...(trigger && { trigger }) });

  /** A landing page with `head` (its stylesheet) and `body`; no focusable element comes before `body`. */
  async function open(head: string, body: string, context: BrowserContextOptions = {}): Promise<Page> {
    const html = `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nordlicht Software</title>
${head}
</head>
<body>
<h1>Nordlicht Software</h1>
${inlineFlow('flow', flow)}
${body}
<script src="/leadflow.js" async></script>
</body>
</html>`;
    const { page } = await sessions.open(context);
    await page.goto(suite.site.page(`/host-css-${++pages}.html`, html));
    return page;
  }

  /** Resolves once the widget with `id` (or the only one) has rendered its flow. */
  const rendered = (page: Page, id?: string) =>
    page.waitForFunction((id) => (id ? document.getElementById(id) : document.querySelector('[data-leadflow]'))?.shadowRoot?.querySelector('h2'), id);

  /**
   * Every box in the form, relative to the form's own corner, with the computed styles a page could
   * reach by inheritance: two pages showing the same step must give the same list.
   */
  const layoutOf = (page: Page) =>
    page.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      const form = root.querySelector('.lf-root')!;
      const origin = form.getBoundingClientRect();
      const properties = [
        'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontVariantCaps', 'fontFeatureSettings', 'fontSizeAdjust', 'lineHeight',
        'letterSpacing', 'wordSpacing', 'textTransform', 'textIndent', 'textAlign', 'whiteSpace', 'wordBreak', 'textWrap', 'color',
        'webkitTextFillColor', 'webkitTextStrokeWidth', 'textShadow', 'cursor', 'userSelect', 'colorScheme', 'caretColor', 'accentColor',
        'boxSizing', 'visibility', 'direction', 'hyphens',
      ] as const;
      // <option>s have no box of their own.
      return [form, ...form.querySelectorAll('*:not(option)')].map((el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const where = [box.x - origin.x, box.y - origin.y, box.width, box.height].map(Math.round).join(',');
        return `${el.tagName}.${el.className} @${where} ${properties.map((p) => `${p}=${style[p]}`).join('; ')}`;
      });
    });

  /** Waits until focus is on a step heading other than `previous` (focus moves there after each step); returns its text. */
  async function focusedNewHeading(page: Page, previous: string): Promise<string> {
    await expect
      .poll(async () => {
        const focus = await deepFocus(page);
        return focus?.inWidget && focus.tag === 'H2' && focus.text !== previous;
      })
      .toBe(true);
    return (await deepFocus(page))!.text;
  }

  describe('inheritance into the shadow root', () => {
    it('inherited text properties, a 10 px root font size and box-sizing on the page: every question kind lays out as on a plain page, is completed by keyboard, and one lead arrives', async () => {
      // The same flow on a plain page, posting elsewhere, is the reference for each step.
      const plain = await open('', inlineWidget({ 'data-leadflow-webhook': `${suite.receiver.origin}/reference` }));
      const hostile = await open(INHERITED_CSS, inlineWidget());
      await Promise.all([rendered(plain), rendered(hostile)]);
      // The page's sheet does apply to the page.
      expect(await hostile.locator('h1').evaluate((h1) => [getComputedStyle(h1).textTransform, getComputedStyle(document.documentElement).fontSize])).toEqual([
        'uppercase',
        '10px',
      ]);

      let step = flow.steps[0]!;
      const path = [step.id];
      for (;;) {
        expect(await layoutOf(hostile), `step "${step.id}"`).toEqual(await layoutOf(plain));
        if (step.type === 'end') break;
        await answerStep(plain, step, EVERY_QUESTION_ANSWERS);
        await nextButton(plain).click();
        await answerByKeyboard(hostile, step, EVERY_QUESTION_ANSWERS);
        const title = await focusedNewHeading(hostile, de(step.title));
        await expect.poll(() => widgetHeading(plain).textContent()).toBe(title);
        step = stepTitled(flow.steps, title);
        path.push(step.id);
      }
      expect(path).toEqual(flow.steps.map((s) => s.id));

      await expect.poll(() => suite.receiver.posts().filter((post) => post.path === '/webhook').length, { timeout: 10_000 }).toBe(1);
      const { data } = suite.receiver.posts().find((post) => post.path === '/webhook')!.body as LeadEnvelope;
      expect(data.meta.ending).toBe('end');
      expect(data.contact).toMatchObject({ email: EVERY_QUESTION_ANSWERS.email });
    });

    // Was: a closed menu, collapsed panel or off-canvas drawer hidden with `visibility: hidden`
    // (Tailwind's `invisible`, Bootstrap 5's closed `.offcanvas`) did not hide an inline widget
    // inside it: the form stayed over the page, took its clicks, and Tab led into fields nobody
    // could see. `.lf-root { all: initial }` reset visibility too; it inherits again now.
    it('an inline widget inside a menu panel hidden with visibility: hidden stays hidden, unclickable and out of the Tab order', async () => {
      const page = await open(
        '<style>.invisible { visibility: hidden } .menu { position: absolute; top: 100px; left: 0; right: 0; background: #fff }</style>',
        `<button type="button" id="menu">Kontakt</button>
<div class="menu invisible">${inlineWidget()}</div>
<p style="margin-top: 200px"><button type="button" id="buy">Jetzt kaufen</button></p>`,
      );
      await rendered(page);
      expect(await page.locator('.menu').evaluate((menu) => getComputedStyle(menu).visibility)).toBe('hidden');
      const seen = await page.evaluate(() => {
        const host = document.querySelector('[data-leadflow]')!;
        const option = host.shadowRoot!.querySelector('.lf-option')!.getBoundingClientRect();
        return {
          heading: host.shadowRoot!.querySelector('h2')!.checkVisibility({ visibilityProperty: true }),
          hitOnOption: document.elementFromPoint(option.x + option.width / 2, option.y + option.height / 2) === host,
        };
      });
      expect(seen).toEqual({ heading: false, hitOnOption: false });
      await page.locator('#menu').focus();
      await page.keyboard.press('Tab');
      expect(await deepFocus(page)).toMatchObject({ inWidget: false, id: 'buy' });
    });

    // Was: inside an element with `text-decoration: underline` or `line-through` (rich text,
    // a CMS's <ins>/<del>, a link-wrapped card) every text of the widget was decorated too:
    // decorations propagate to in-flow descendants, past `all: initial`. The inline form's
    // container is an inline block now, which stops them.
    it('an inline widget in an underlined section of the page is not underlined', async () => {
      const page = await open('', `<div id="section">${inlineWidget()}<p>Text der Seite</p></div>`, { viewport: { width: 800, height: 600 } });
      await rendered(page);
      const heading = widgetHeading(page);
      const before = await heading.screenshot();
      await page.locator('#section').evaluate((section) => (section.style.textDecoration = 'underline 3px'));
      expect(await page.locator('#section > p').evaluate((p) => getComputedStyle(p.parentElement!).textDecorationLine)).toBe('underline');
      expect((await heading.screenshot()).equals(before), 'the heading looks as before').toBe(true);
    });
  });

  describe('rules on the host element and around the overlays', () => {
    it('tag, attribute and pseudo-class rules, internal property names and a same-named font face leave popup, slider and bubble as they are', async () => {
      const page = await open(HOST_RULES_CSS, overlay('popup') + overlay('slider') + overlay('bubble'), { viewport: { width: 1280, height: 720 } });
      for (const mode of ['popup', 'slider', 'bubble'] as const) {
        await rendered(page, mode);
        await page.locator(`#open-${mode}`).click();
        const dialog = page.locator(`#${mode} dialog`);
        await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
        const look = await page.evaluate((mode) => {
          const root = document.getElementById(mode)!.shadowRoot!;
          const dialog = root.querySelector('dialog')!;
          const style = (el: Element) => getComputedStyle(el);
          const box = (el: Element) => el.getBoundingClientRect();
          const close = box(root.querySelector('.lf-close')!);
          const panel = box(root.querySelector('.lf-dialog-body')!);
          const heading = root.querySelector('h2')!;
          const corners = [[2, 2], [innerWidth - 2, 2], [2, innerHeight - 2], [innerWidth - 2, innerHeight - 2]];
          return {
            dialog: `${style(dialog).position} ${style(dialog).opacity}`,
            // The modal ones cover the window: a click anywhere lands on the widget.
            covers: mode === 'bubble' || corners.every(([x, y]) => document.elementFromPoint(x!, y!) === document.getElementById(mode)),
            panelInWindow: panel.left >= 0 && panel.top >= 0 && panel.right <= innerWidth && panel.bottom <= innerHeight && panel.width >= 400,
            heading: `${style(heading).fontSize} ${style(heading).fontFamily} ${style(heading).color}`,
            close: `${close.width}x${close.height} ${style(root.querySelector('.lf-close')!).fontSize}`,
          };
        }, mode);
        expect(look, mode).toEqual({
          dialog: 'fixed 1',
          covers: true,
          panelInWindow: true,
          heading: '22px system-ui, sans-serif rgb(29, 33, 48)',
          close: '48x48 28px',
        });
        // The visitor can choose an answer, and the keyboard's focus ring shows.
        await page.locator(`#${mode}`).getByRole('radio', { name: 'Ich entscheide' }).check();
        await page.keyboard.press('Tab');
        const ring = await page.evaluate((mode) => {
          const active = document.getElementById(mode)!.shadowRoot!.activeElement!;
          const style = getComputedStyle(active);
          return `${active.tagName} ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
        }, mode);
        expect(ring, mode).toMatch(new RegExp(`^\\w+ solid 3px ${ACCENT.replace(/[()]/g, '\\$&')}$`));
        await page.keyboard.press('Escape');
        await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
      }
    }, 20_000);

    // Was: on a shop running Shopify's default theme Dawn (`div:empty { display: none }`) the
    // snippet showed nothing: the widget's element had no light-DOM child, and the page's rule
    // beats `:host { display: block }`. mount() now gives it one the page cannot see.
    it("an inline widget on a page with Shopify Dawn's `div:empty { display: none }` is shown", async () => {
      const page = await open(DAWN_EMPTY_CSS, inlineWidget());
      await widgetHeading(page).waitFor({ state: 'attached' });
      expect(await widgetHeading(page).isVisible()).toBe(true);
    });

    // Was: the same Dawn rule on a popup's or slider's element: showModal() on a dialog inside a
    // hidden host showed nothing yet made the page inert (only Escape, no key on a phone, gave it
    // back); the bubble's button was 0 × 0.
    for (const mode of ['popup', 'slider', 'bubble'] as const)
      it(`a ${mode} on a page with Shopify Dawn's \`div:empty { display: none }\` appears when its opener is pressed`, async () => {
        const page = await open(DAWN_EMPTY_CSS, overlay(mode));
        await page.waitForFunction((id) => document.getElementById(id)?.shadowRoot?.querySelector('dialog h2'), mode);
        await page.locator(`#open-${mode}`).click();
        await expect.poll(() => page.getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' }).isVisible()).toBe(true);
        expect(await page.getByRole('dialog', { name: DEMO_TITLE }).isVisible()).toBe(true);
      });

    // Was: on a page laid out vertically (`writing-mode: vertical-rl` on <html>), the slider
    // ended below its content (443 of 720 px): the <dialog>, outside `all: initial`, took the
    // page's writing mode and its flex row ran top to bottom. It is horizontal-tb now.
    it('on a vertical-rl page the slider is as high as the window', async () => {
      const page = await open('<style>html { writing-mode: vertical-rl }</style>', overlay('slider'), { viewport: { width: 1280, height: 720 } });
      await rendered(page, 'slider');
      await page.locator('#open-slider').click();
      const panel = page.locator('#slider .lf-dialog-body');
      await panel.waitFor();
      const box = (await panel.boundingBox())!;
      expect({ right: Math.round(box.x + box.width), top: Math.round(box.y), height: Math.round(box.height) }).toEqual({ right: 1280, top: 0, height: 720 });
    });

    // Was: on every page the slider's form was 42 px taller than the window, so a short first step
    // already scrolled: `.lf-root { min-height: 100% }` with `all: initial` undoing the shadow
    // root's border-box, so padding and border came on top.
    it('fits a short step of the slider in the window without scrolling', async () => {
      const page = await open('', overlay('slider'), { viewport: { width: 1280, height: 720 } });
      await rendered(page, 'slider');
      await page.locator('#open-slider').click();
      const root = page.locator('#slider .lf-root');
      await root.waitFor();
      const sizes = await root.evaluate((element) => {
        const dialog = element.closest('dialog')!;
        return { root: Math.round(element.getBoundingClientRect().height), scrolls: dialog.scrollHeight > dialog.clientHeight };
      });
      expect(sizes).toEqual({ root: 720, scrolls: false });
    });
  });

  describe('a dark form', () => {
    const schemeOf = (page: Page) =>
      page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        return getComputedStyle(root.querySelector('.lf-root')!).colorScheme;
      });

    // Was: the form always asked for light controls (against a page's dark colour scheme), so a
    // flow with a dark theme, or a page's dark --leadflow-background, got white radios,
    // checkboxes, date pickers and scrollbars on a dark form. A dark background now gets dark ones.
    it('asks for dark controls on a dark background, from the page or the flow, and light ones otherwise', async () => {
      const light = await open('<meta name="color-scheme" content="dark">', inlineWidget());
      await rendered(light);
      await expect.poll(() => schemeOf(light)).toBe('light');

      const page = await open('<style>:root { --leadflow-background: #14161c; --leadflow-text: #eef0f4 }</style>', inlineWidget());
      await rendered(page);
      await expect.poll(() => schemeOf(page)).toBe('dark');
    });
  });

  describe('page layouts and triggers', () => {
    // Was: `scroll:60` on a page whose CSS makes <body> the scroller (`html, body { height: 100%;
    // overflow-x: hidden }`, a common fix for sideways scrolling): with `margin: 0` the slider
    // opened at once on load, with the default margin never: the trigger measured the window
    // only, and body's `scroll` events (which do not bubble) never reached it. It now measures
    // body when body scrolls and listens in the capture phase.
    it('scroll:60 on a page where <body> scrolls: closed on load, open once the visitor has scrolled to the end', async () => {
      const page = await open(
        '<style>html, body { height: 100%; margin: 0; overflow-x: hidden }</style>',
        `<div style="height: 4000px">Lange Seite</div>${overlay('slider', 'scroll:60')}`,
        { viewport: { width: 1280, height: 720 } },
      );
      await rendered(page, 'slider');
      const isOpen = () => page.locator('#slider dialog').evaluate((d: HTMLDialogElement) => d.open);
      await sleep(500);
      expect(await isOpen(), 'open before any scrolling').toBe(false);
      await page.mouse.move(400, 300);
      await page.mouse.wheel(0, 5000);
      await expect.poll(() => page.evaluate(() => document.body.scrollTop)).toBeGreaterThan(3000);
      await expect.poll(isOpen).toBe(true);
    });
  });
});
