import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  a11yPage,
  DE,
  deepFocus,
  everyQuestionFlow,
  nextButton,
  OPENER,
  widgetHeading,
  type FlowJson,
  type PageOptions,
  type StepJson,
} from './support/a11y-pages.ts';
import { sleep } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/**
 * Accessibility at the edges, found by an audit after accessibility.test.ts: errors announced
 * when the field already has focus, the close button at 320 px, right-to-left host pages,
 * openers of inline widgets, reduced motion, forced colours, theme values a page gets wrong.
 */
describe.skipIf(!chromiumPath)('accessibility at the edges, in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;

  const flow = everyQuestionFlow();
  const step = (id: string) => flow.steps.find((s) => s.id === id)!;
  const end = flow.steps.at(-1)!;
  /** The fixture cut down to `steps` and its end step. */
  const only = (...steps: StepJson[]): FlowJson => ({ ...flow, steps: [...steps, end] });


  let pages = 0;

  interface AuditPage extends Partial<PageOptions> {
    /** Extra markup in the page's <head> (a page's own stylesheet). */
    head?: string;
    /** Attributes of the page's <html> element, e.g. `dir="rtl"`. */
    htmlAttributes?: string;
    /** Page content before the widget. */
    before?: string;
    /** An id for the widget's element. */
    id?: string;
  }

  /** A page from `a11yPage`, with the additions above; an overlay is not opened. */
  async function openPage(options: AuditPage = {}, context: BrowserContextOptions = {}): Promise<Page> {
    const { head = '', htmlAttributes = '', before = '', id, ...pageOptions } = options;
    let html = a11yPage({ flow, webhook: suite.receiver.url, ...pageOptions });
    html = html.replace('<html lang="de">', `<html lang="de" ${htmlAttributes}>`).replace('</head>', `${head}</head>`);
    html = html.replace('<h1>Nordlicht Software</h1>', `<h1>Nordlicht Software</h1>${before}`);
    if (id) html = html.replace('<div data-leadflow=', `<div id="${id}" data-leadflow=`);
    const { page } = await sessions.open(context);
    await page.goto(suite.site.page(`/audit-${++pages}.html`, html));
    return page;
  }

  /**
   * Records what a screen reader would be told from now on: every text the live region gets
   * (a mutation inside it), and every focus event inside the widget.
   */
  const recordAnnouncements = (page: Page) =>
    page.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      const live = root.querySelector('[aria-live]')!;
      const log = { live: [] as string[], focus: [] as string[] };
      Object.assign(window, { __said: log });
      new MutationObserver(() => log.live.push((live.textContent ?? '').trim())).observe(live, { subtree: true, childList: true, characterData: true });
      root.addEventListener('focusin', (event) => log.focus.push((event.target as Element).id || (event.target as Element).tagName), true);
    });
  const announcements = (page: Page) => page.evaluate(() => (window as unknown as { __said: { live: string[]; focus: string[] } }).__said);

  describe('errors by keyboard are announced', () => {
    // A keyboard user presses Enter *in* the field, so it has focus already: focusing it again
    // fires no focus event, and its error (in aria-describedby) would not be read. Was: only
    // "Bitte prüfen Sie Ihre Angaben (Fehler: 1)." (src/ui/widget.tsx).
    it('Enter in an invalid e-mail field: what is wrong is announced, not only how many errors', async () => {
      const page = await openPage({ flow: only(step('work_email')) });
      await widgetHeading(page).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type('erika@');
      await recordAnnouncements(page);
      await page.keyboard.press('Enter');
      await page.locator('[data-leadflow] .lf-error').waitFor();
      await sleep(200);
      const said = await announcements(page);
      const focusedInvalidField = said.focus.includes('lf-work_email-input');
      const liveSaysWhat = said.live.some((text) => text.includes('gültige E-Mail-Adresse'));
      expect(focusedInvalidField || liveSaysWhat, `focus events and live region texts after Enter: ${JSON.stringify(said)}`).toBe(true);
    });

    // Was silence: a second failed Next with as many errors set the live region to the same
    // text, which is no change, and focus stayed where it was.
    it('a second failed Enter in the same field is announced again', async () => {
      const page = await openPage({ flow: only(step('budget')) });
      await widgetHeading(page).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type('-5');
      await page.keyboard.press('Enter');
      await page.locator('[data-leadflow] .lf-error').waitFor();
      await sleep(200);
      await recordAnnouncements(page);
      // Another mistake: a text that is no number.
      await page.keyboard.press('Control+A');
      await page.keyboard.type('abc');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('[data-leadflow] .lf-error').textContent()).toContain('Bitte geben Sie eine Zahl ein.');
      await sleep(300);
      const said = await announcements(page);
      expect(said.live.filter(Boolean).length + said.focus.length, `announced after the second failed Enter: ${JSON.stringify(said)}`).toBeGreaterThan(0);
    });
  });

  describe('320 px', () => {
    /** Text lines of the widget that lie under its close button. */
    const underCloseButton = (page: Page) =>
      page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const close = root.querySelector('.lf-close')!.getBoundingClientRect();
        const hits: string[] = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent?.trim() || node.parentElement!.closest('.lf-close, .lf-sr-only')) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of range.getClientRects())
            if (r.right > close.left && r.left < close.right && r.bottom > close.top && r.top < close.bottom)
              hits.push(`${node.parentElement!.tagName} "${node.textContent.trim().slice(0, 30)}"`);
        }
        return hits;
      });

    // The close button sits at the top right; an ending has no progress bar above its heading,
    // whose first line ran under the "×" (src/ui/styles.css).
    it.each(['popup', 'slider', 'bubble'] as const)('%s at 320 × 480: the end step heading is not covered by the close button', async (mode) => {
      const flowWithEnding = { ...flow, steps: [step('summary'), { ...end, title: { de: 'Vielen Dank für Ihre Anfrage bei Nordlicht!' } }] };
      const page = await openPage({ flow: flowWithEnding, mode }, { viewport: { width: 320, height: 480 } });
      if (mode === 'bubble') await page.locator('[data-leadflow] .lf-bubble').click();
      else await page.getByRole('button', { name: OPENER }).click();
      await widgetHeading(page).waitFor();
      expect(await underCloseButton(page), 'text under the close button on the statement').toEqual([]);
      await nextButton(page).click();
      await page.getByRole('heading', { name: 'Vielen Dank für Ihre Anfrage bei Nordlicht!' }).waitFor();
      expect(await underCloseButton(page), 'text under the close button on the end step').toEqual([]);
    });

    // The bubble's label is the flow's title: a long one wrapped to three lines, and the taller
    // bubble covered the bottom of its own open panel, Next button included. (Cutting it to one
    // line instead hid the title at 320 px: tests/e2e/visual-adaptability-edges.) The panel sits
    // above the bubble as tall as it is.
    it('bubble at 320 × 480 with a long title: the bubble shows the whole title, clear of its open panel', async () => {
      const title = 'Kostenlose Beratung zu Ihrer Vertriebssoftware für den Mittelstand anfragen';
      const page = await openPage({ flow: { ...only(step('role')), title: { de: title } }, mode: 'bubble' }, { viewport: { width: 320, height: 480 } });
      const bubble = page.getByRole('button', { name: title });
      await bubble.click();
      await widgetHeading(page).waitFor();
      const boxes = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const box = (selector: string) => root.querySelector(selector)!.getBoundingClientRect().toJSON() as DOMRect;
        const label = root.querySelector('.lf-bubble')!;
        return { bubble: box('.lf-bubble'), panel: box('.lf-dialog-bubble'), cut: label.scrollWidth > label.clientWidth || label.scrollHeight > label.clientHeight };
      });
      expect(boxes.cut).toBe(false);
      expect(boxes.bubble.height).toBeGreaterThan(48);
      expect(boxes.bubble.right).toBeLessThanOrEqual(320);
      expect(boxes.panel.bottom, `panel ${JSON.stringify(boxes.panel)}, bubble ${JSON.stringify(boxes.bubble)}`).toBeLessThanOrEqual(boxes.bubble.top);
    });
  });

  describe('a right-to-left host page', () => {
    // On a right-to-left page overflow to the left scrolls: the honeypot, once hidden 10,000 px
    // to the left, added that much horizontal scrolling (src/ui/styles.css `.lf-trap`).
    it.each(['inline', 'popup'] as const)('%s at 320 px: no horizontal scrolling on an RTL page', async (mode) => {
      const page = await openPage({ flow: only(step('role')), mode, htmlAttributes: 'dir="rtl"' }, { viewport: { width: 320, height: 640 } });
      if (mode === 'popup') await page.getByRole('button', { name: OPENER }).click();
      await widgetHeading(page).waitFor();
      const widths = await page.evaluate(() => {
        const dialog = document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('dialog');
        const scroller = document.scrollingElement!;
        return { page: `${scroller.scrollWidth} / ${scroller.clientWidth}`, dialog: dialog ? `${dialog.scrollWidth} / ${dialog.clientWidth}` : 'none' };
      });
      expect(widths).toEqual({ page: '320 / 320', dialog: mode === 'popup' ? '320 / 320' : 'none' });
    });

    // `all: initial` leaves `direction` alone: the page's `dir` reached the form, laid it out
    // right to left and moved its punctuation ("?kontaktieren"). The widget's container now
    // carries the flow locale's direction (src/ui/i18n/text-direction.ts).
    it('a German form on an RTL page is laid out left to right', async () => {
      const page = await openPage({ flow: only(step('contact')), htmlAttributes: 'dir="rtl"' }, { viewport: { width: 360, height: 640 } });
      await widgetHeading(page).waitFor();
      const directions = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        return ['.lf-root', 'h2', 'input.lf-input'].map((selector) => `${selector}: ${getComputedStyle(root.querySelector(selector)!).direction}`);
      });
      expect(directions).toEqual(['.lf-root: ltr', 'h2: ltr', 'input.lf-input: ltr']);
    });
  });

  describe('an opener for an inline widget', () => {
    const PAGE = `<button type="button" data-leadflow-open="#form">Zum Formular</button>
<p><a href="#preise">Preise</a> <a href="#team">Team</a></p>
<div style="height: 3000px">Inhalt</div>`;

    // Was: the page scrolled to the form but focus stayed on the button, so the next Tab went to
    // the link after it and the page jumped back up (src/embed/mount.tsx `open`).
    it('Enter on the opener moves focus into the form, so Tab goes on inside it', async () => {
      const page = await openPage({ flow: only(step('role')), before: PAGE, id: 'form' }, { viewport: { width: 360, height: 640 } });
      await widgetHeading(page).waitFor();
      await page.keyboard.press('Tab');
      expect((await deepFocus(page))?.text).toBe('Zum Formular');
      await page.keyboard.press('Enter');
      await sleep(1_500);
      await page.keyboard.press('Tab');
      const focus = await deepFocus(page);
      expect({ inWidget: focus?.inWidget, tag: focus?.tag, text: focus?.text }).toMatchObject({ inWidget: true });
    });

    // Was: a smooth scroll of some 3,000 px regardless of the visitor's setting.
    it('with prefers-reduced-motion: reduce the opener jumps to the form instead of scrolling smoothly', async () => {
      const { page } = await sessions.open({ viewport: { width: 360, height: 640 } });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      let html = a11yPage({ flow: only(step('role')), webhook: suite.receiver.url });
      html = html.replace('<h1>Nordlicht Software</h1>', `<h1>Nordlicht Software</h1>${PAGE}`).replace('<div data-leadflow=', '<div id="form" data-leadflow=');
      await page.goto(suite.site.page(`/audit-${++pages}.html`, html));
      await widgetHeading(page).waitFor();
      const positions = await page.evaluate(
        () =>
          new Promise<number[]>((resolve) => {
            const seen: number[] = [];
            const sample = () => {
              seen.push(Math.round(scrollY));
              if (seen.length < 40) requestAnimationFrame(sample);
              else resolve([...new Set(seen)]);
            };
            document.querySelector<HTMLButtonElement>('[data-leadflow-open]')!.click();
            requestAnimationFrame(sample);
          }),
      );
      // Where it ends up, and no stops on the way: at most the start and the end.
      expect(positions.at(-1)).toBeGreaterThan(2_000);
      expect(positions.length, `scroll positions seen frame by frame: ${positions.join(', ')}`).toBeLessThanOrEqual(2);
    });
  });

  describe('forced colours (Windows high contrast)', () => {
    // Forced colours drop the bubble's background and shadow; without a border of its own it
    // showed as loose text in the corner, not as a button.
    it('the bubble keeps a visible border', async () => {
      const { page } = await sessions.open({ viewport: { width: 360, height: 640 } });
      await page.emulateMedia({ forcedColors: 'active' });
      await page.goto(suite.site.page(`/audit-${++pages}.html`, a11yPage({ flow: only(step('role')), webhook: suite.receiver.url, mode: 'bubble' })));
      const bubble = page.locator('[data-leadflow] .lf-bubble');
      await bubble.waitFor();
      expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
      const border = await bubble.evaluate((el) => {
        const style = getComputedStyle(el);
        return `${style.borderTopStyle} ${style.borderTopWidth}`;
      });
      expect(border).not.toMatch(/^none|^\S+ 0px$/);
    });
  });

  describe('theme values a page gets wrong', () => {
    // `var(--leadflow-primary, #2f5bea)` falls back only when the property is missing, not when
    // it is no colour: a typo (`#0b6e4`) made the Next button transparent with white text and
    // took every focus ring. Such a value is now set aside with a warning (applyTheme).
    it('a mistyped --leadflow-primary keeps the Next button visible and the focus ring', async () => {
      const page = await openPage({ flow: only(step('role')), head: '<style>[data-leadflow] { --leadflow-primary: #0b6e4; }</style>' });
      await widgetHeading(page).waitFor();
      await page.keyboard.press('Tab');
      expect((await deepFocus(page))?.type).toBe('radio');
      const look = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const focused = root.activeElement!;
        const next = root.querySelector('button[type="submit"]')!;
        return { focusRing: getComputedStyle(focused).outlineStyle, nextBackground: getComputedStyle(next).backgroundColor };
      });
      expect(look.focusRing, 'outline of the focused radio').not.toBe('none');
      expect(look.nextBackground, `background of "${DE.next}" (its text is white)`).not.toBe('rgba(0, 0, 0, 0)');
    });

    it("a page's empty --leadflow-primary (a CMS field left blank) is set aside too", async () => {
      const page = await openPage({ flow: only(step('role')), head: '<style>[data-leadflow] { --leadflow-primary: ; }</style>' });
      await widgetHeading(page).waitFor();
      await expect
        .poll(() => page.evaluate(() => getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('button[type="submit"]')!).backgroundColor))
        .toBe('rgb(47, 91, 234)');
    });

    it("a mistyped colour in the flow's theme gives way to the default, with a warning naming it; its good values stay", async () => {
      const session = await sessions.open();
      const themed = { ...only(step('role')), theme: { primary: '#0b6e4', radius: '5px' } } as FlowJson;
      await session.page.goto(suite.site.page(`/audit-${++pages}.html`, a11yPage({ flow: themed, webhook: suite.receiver.url })));
      await widgetHeading(session.page).waitFor();
      const next = await session.page.evaluate(() => {
        const style = getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('button[type="submit"]')!);
        return { background: style.backgroundColor, radius: style.borderTopLeftRadius };
      });
      expect(next).toEqual({ background: 'rgb(47, 91, 234)', radius: '4px' }); // the default accent; 5px × 0.8
      expect(session.console.filter((m) => m.type === 'warning').map((m) => m.text)).toEqual([
        `LeadFlow: the flow's theme.primary "#0b6e4" is no color value and is ignored`,
      ]);
    });

    // CSS.supports accepts the CSS-wide keywords for any property, but inside var() they are
    // plain words: `font: 16px/1.5 inherit` is invalid, so the widget's text took the page's
    // serif font, and `inherit` as the accent left the Next button without its colour.
    it("`inherit` or `initial` in the flow's theme gives way to the default, with a warning", async () => {
      const session = await sessions.open();
      const themed = { ...only(step('role')), theme: { font: 'inherit', primary: ' Initial ' } } as FlowJson;
      const head = '<style>body { font-family: serif; }</style>';
      await session.page.goto(suite.site.page(`/audit-${++pages}.html`, a11yPage({ flow: themed, webhook: suite.receiver.url }).replace('</head>', `${head}</head>`)));
      await widgetHeading(session.page).waitFor();
      const look = await session.page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const next = getComputedStyle(root.querySelector('button[type="submit"]')!);
        return { font: getComputedStyle(root.querySelector('h2')!).fontFamily, background: next.backgroundColor, body: getComputedStyle(document.body).fontFamily };
      });
      expect(look).toEqual({ font: 'system-ui, sans-serif', background: 'rgb(47, 91, 234)', body: 'serif' });
      expect(session.console.filter((m) => m.type === 'warning').map((m) => m.text)).toEqual([
        `LeadFlow: the flow's theme.primary " Initial " is no color value and is ignored`,
        `LeadFlow: the flow's theme.font "inherit" is no font-family value and is ignored`,
      ]);
    });
  });
});
