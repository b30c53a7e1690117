import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { a11yPage, OPENER, type FlowJson, type StepJson } from './support/a11y-pages.ts';
import { browserSuite } from './support/suite.ts';
import { textOnScreen } from './support/text-on-screen.ts';

const chromiumPath = inject('chromiumPath');

/**
 * A flow written in a right-to-left language (Arabic, Hebrew, Persian) as a right-to-left
 * visitor meets it: the form mirrored, the English built-in strings and Latin answers inside it
 * still reading left to right, fields for addresses left to right, the keyboard working; and a
 * German form on a right-to-left page that forces its direction on everything. Read through
 * what the visitor sees: where each glyph is drawn, boxes, computed direction.
 */

/** An Arabic flow whose built-in buttons and messages are English (no Arabic UI strings). */
const ARABIC: FlowJson = {
  id: 'rtl-audit',
  version: 1,
  title: { ar: 'اطلب عرض سعر', en: 'Request a quote' },
  locales: ['ar', 'en'],
  webhook: '/webhook',
  steps: [
    {
      id: 'channel',
      type: 'single_choice',
      title: { ar: 'من أين سمعت عنا؟', en: 'Where did you hear about us?' },
      options: [
        { id: 'search', label: { ar: 'محرك البحث', en: 'Search engine' }, icon: '🔍', image: '/option.svg' },
        { id: 'ads', label: { ar: 'إعلانات Google', en: 'Google Ads' } },
        { id: 'other', label: { ar: 'غير ذلك', en: 'Other' }, other: true },
      ],
    },
    { id: 'tool', type: 'short_text', title: { ar: 'ما هي لغة البرمجة لديكم؟', en: 'Which programming language?' } },
    { id: 'budget', type: 'range', title: { ar: 'الميزانية', en: 'Budget' }, min: 0, max: 100, step: 10 },
    { id: 'who', type: 'contact', title: { ar: 'بيانات الاتصال', en: 'Contact' }, fields: [{ id: 'email', kind: 'email' }, { id: 'phone', kind: 'phone' }] },
    { id: 'end', type: 'end', title: { ar: 'شكراً لك!', en: 'Thank you!' } },
  ] as StepJson[],
};

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="#2f5bea"/></svg>';

describe.skipIf(!chromiumPath)('a right-to-left flow (Arabic, Hebrew, Persian) as a right-to-left visitor meets it', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  interface OpenOptions {
    mode?: 'inline' | 'popup' | 'slider' | 'bubble';
    locale?: string;
    /** Rewrites the page's HTML (its `<html>` attributes, a stylesheet of its own). */
    page?: (html: string) => string;
  }

  /** A page with one widget, an overlay opened, at 800 × 700 px; resolves once a heading shows. */
  async function open(flow: FlowJson, { mode = 'inline', locale = 'ar', page: rewrite = (html) => html }: OpenOptions = {}): Promise<Page> {
    const { page } = await suite.sessions.open({ viewport: { width: 800, height: 700 } });
    suite.site.route('/option.svg', { body: SVG, contentType: 'image/svg+xml' });
    await page.goto(suite.site.page(`/rtl-${++pages}.html`, rewrite(a11yPage({ flow, webhook: suite.receiver.url, mode, locale }))));
    if (mode !== 'inline') await page.getByRole('button', { name: OPENER }).click();
    await page.locator('[data-leadflow] h2').waitFor();
    return page;
  }

  const next = (page: Page) => page.locator('[data-leadflow] button[type="submit"]');


  describe('bugs', () => {
    // Was: English in an Arabic form was laid out right to left, so its sentence-final
    // punctuation landed at its start: the built-in error showed ".Please answer this question",
    // a title the flow has only in English (its fallback) "?Where did you hear about us", an
    // English rating end label "0 = Not likely" "Not likely = 0". The widget marked these texts
    // lang="en" but set no `dir`, so they took the container's `dir="rtl"`. A text in another
    // language carries its direction with its `lang` now (`inLanguage`); the nav and the
    // progress bar do not: they stay right to left (Back at the right).
    it('English in an Arabic form (a built-in error, a title that falls back to English) reads left to right: its full stop and question mark stay at its end', async () => {
      const flow: FlowJson = { ...ARABIC, steps: [{ ...ARABIC.steps[0]!, title: { en: 'Where did you hear about us?' } }, ARABIC.steps.at(-1)!] };
      const page = await open(flow);
      await next(page).click();
      await page.locator('[data-leadflow] .lf-error').waitFor();
      expect(await textOnScreen(page, ['h2', '.lf-error'])).toEqual(['Where did you hear about us?', 'Please answer this question.']);
    });

    // Was: an answer piped into a right-to-left text was not isolated, so its neutral characters
    // took the Hebrew sentence's direction: "C++" showed as "++C" (a phone number "+49 30 1234567"
    // as "1234567 30 49+", "Acme Inc." as ".Acme Inc"). A piped value in a right-to-left form is
    // wrapped in U+2068 … U+2069 now (what <bdi> does: `isolated`).
    it('an answer piped into a Hebrew text keeps its own direction: "C++" reads C++, not ++C', async () => {
      const flow: FlowJson = {
        ...ARABIC,
        locales: ['he'],
        title: 'בקשת הצעת מחיר',
        steps: [
          { id: 'tool', type: 'short_text', title: 'באיזו שפת תכנות אתם עובדים?' },
          { id: 'end', type: 'end', title: 'תודה! נבדוק את {{answers.tool}} בקרוב' },
        ] as StepJson[],
      };
      const page = await open(flow, { locale: 'he' });
      await page.getByRole('textbox').fill('C++');
      await next(page).click();
      await page.getByRole('heading', { name: /תודה/ }).waitFor();
      const [heading] = await textOnScreen(page, ['h2']);
      // Hebrew reads backwards off the screen (its words are reversed here); the answer must not.
      expect(heading).toContain(' C++ ');
    });

    // Was: in a right-to-left form the progress bar filled from the left, against the reading
    // direction (on step 2 of 3 the left half was filled): `.lf-progress-fill { transform-origin:
    // left }` is physical; a right-to-left container fills it from the right now.
    it('the progress bar of a Persian form fills from the right, as it reads', async () => {
      const flow: FlowJson = {
        ...ARABIC,
        locales: ['fa'],
        title: 'درخواست پیش‌فاکتور',
        steps: [
          { id: 'name', type: 'short_text', title: 'نام شرکت شما چیست؟' },
          { id: 'city', type: 'short_text', title: 'در کدام شهر هستید؟' },
          { id: 'end', type: 'end', title: 'سپاسگزاریم!' },
        ] as StepJson[],
      };
      const page = await open(flow, { locale: 'fa' });
      await page.getByRole('textbox').fill('آلفا');
      await next(page).click();
      await page.getByRole('heading', { name: 'در کدام شهر هستید؟' }).waitFor();
      const bar = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const box = (selector: string) => root.querySelector(selector)!.getBoundingClientRect();
        const [track, fill] = [box('.lf-progress-track'), box('.lf-progress-fill')];
        return { direction: getComputedStyle(root.querySelector('.lf-progress')!).direction, filled: Math.round((fill.width / track.width) * 100), gapAtRight: Math.round(track.right - fill.right) };
      });
      expect(bar).toEqual({ direction: 'rtl', filled: 50, gapAtRight: 0 });
    });

    // Was: the e-mail field of a right-to-left form was laid out right to left (the phone field
    // is not: Chromium's own style sheet makes `type=tel` left to right): the caret started at the
    // right, and an address with a neutral after digits was reordered ("123@firma.example" showed
    // as "firma.example@123"). Addresses are left-to-right text whatever the form's language
    // (Material's bidirectionality guidance); e-mail and number fields are laid out so now.
    it('the e-mail field of an Arabic form is laid out left to right, like its phone field', async () => {
      const flow: FlowJson = { ...ARABIC, steps: ARABIC.steps.slice(3) };
      const page = await open(flow);
      await page.locator('[data-leadflow] input[type="email"]').fill('123@firma.example');
      const directions = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        return Object.fromEntries(['email', 'tel'].map((type) => [type, getComputedStyle(root.querySelector(`input[type="${type}"]`)!).direction]));
      });
      expect(directions).toEqual({ email: 'ltr', tel: 'ltr' });
    });

    // Was: the slider panel, the bubble, its panel and the close button sat at the right whatever
    // the form's direction (physical `right`, `margin-left: auto`), against the convention of
    // right-to-left interfaces, which mirror them (Material's bidirectionality guidance). They sit
    // where the form's direction ends now, as the Back button already did.
    it('the slider panel, the bubble, its panel and the close button of an Arabic form sit at the left', async () => {
      const placed = async (mode: 'slider' | 'bubble') => {
        const page = await open(ARABIC, { mode });
        return page.evaluate(() => {
          const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
          const box = (selector: string) => root.querySelector(selector)?.getBoundingClientRect();
          const [panel, close, bubble] = [box('.lf-dialog-body'), box('.lf-close'), box('.lf-bubble')];
          return {
            panelAtLeft: panel!.left < 20 && panel!.right < innerWidth - 100,
            closeAtLeft: close!.left - panel!.left < 20,
            bubbleAtLeft: bubble ? bubble.left < 20 : 'none',
          };
        });
      };
      expect(await placed('slider')).toEqual({ panelAtLeft: true, closeAtLeft: true, bubbleAtLeft: 'none' });
      expect(await placed('bubble')).toEqual({ panelAtLeft: true, closeAtLeft: true, bubbleAtLeft: true });
    });
  });

  describe('checked and fine', () => {
    // Checked and fine: the Arabic form is mirrored as a whole: the heading and option cards right
    // to left with the radio at the right, then the picture and the icon; Back at the right and
    // Next at the left; the native slider runs from its minimum at the right (ArrowLeft raises it,
    // as Chromium does for an RTL range), its − button beside the minimum, + beside the maximum,
    // the value at the far left; the "other" field under the options, right to left.
    it('Checked and fine: an Arabic form is mirrored: option cards, Back and Next, the slider with its − and + buttons and value', async () => {
      const page = await open(ARABIC);
      await page.getByRole('radio', { name: 'غير ذلك' }).check();
      await page.locator('[data-leadflow] input.lf-input').waitFor();
      const card = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const x = (el: Element) => Math.round(el.getBoundingClientRect().left);
        const first = root.querySelector('.lf-option')!;
        const other = root.querySelector('input.lf-input')!;
        return {
          h2: getComputedStyle(root.querySelector('h2')!).direction,
          radioImageLabel: x(first.querySelector('input')!) > x(first.querySelector('img')!) && x(first.querySelector('img')!) > x(first.querySelector('.lf-keyed')!),
          other: `${getComputedStyle(other).direction}, below the options: ${other.getBoundingClientRect().top > root.querySelector('.lf-options')!.getBoundingClientRect().bottom}`,
        };
      });
      expect(card).toEqual({ h2: 'rtl', radioImageLabel: true, other: 'rtl, below the options: true' });

      await page.getByRole('radio', { name: 'محرك البحث' }).check();
      await next(page).click();
      await page.getByRole('textbox').fill('TypeScript');
      await next(page).click();
      const slider = page.getByRole('slider');
      await slider.press('ArrowLeft');
      const layout = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const box = (selector: string) => root.querySelector(selector)!.getBoundingClientRect();
        const [less, more] = [...root.querySelectorAll('.lf-stepper')].map((b) => b.getBoundingClientRect());
        const range = box('.lf-range');
        return {
          value: (root.querySelector('.lf-range') as HTMLInputElement).value,
          lessAtRightOfTrack: less!.left >= range.right,
          moreAtLeftOfTrack: more!.right <= range.left,
          valueAtFarLeft: box('output').right <= more!.left,
          backAtRight: box('.lf-back').left > box('button[type="submit"]').right,
        };
      });
      expect(layout).toEqual({ value: '60', lessAtRightOfTrack: true, moreAtLeftOfTrack: true, valueAtFarLeft: true, backAtRight: true });
      // A click near the right end of the track is near its minimum.
      const track = (await slider.boundingBox())!;
      await page.mouse.click(track.x + track.width * 0.95, track.y + track.height / 2);
      await expect.poll(() => slider.inputValue()).toBe('0');
    });

    // Checked and fine: keyboard only, an Arabic visitor answers every question (arrow keys in
    // the options and on the slider, Enter to go on, Tab past the −/+ buttons, which are out of
    // the tab order, then Back before Next: right to left, as they are placed) and the lead
    // arrives with what they typed.
    it('Checked and fine: keyboard only, an Arabic visitor completes the flow and the lead arrives', async () => {
      const page = await open(ARABIC);
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'ما هي لغة البرمجة لديكم؟' }).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type('C++');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'الميزانية' }).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      // Past Back (at the right, first in the tab order as it reads) to Next.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'بيانات الاتصال' }).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type('layla@firma.example');
      await page.keyboard.press('Tab');
      await page.keyboard.type('+971 4 123 4567');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'شكراً لك!' }).waitFor();
      await expect.poll(() => suite.receiver.posts().length).toBe(1);
      const { answers, contact } = (suite.receiver.posts()[0]!.body as LeadEnvelope).data;
      expect({ answers: Object.fromEntries(Object.entries(answers).map(([id, answer]) => [id, answer.value])), contact }).toEqual({
        answers: { channel: 'ads', tool: 'C++', budget: 70 },
        contact: { email: 'layla@firma.example', phone: expect.stringMatching(/^\+971 ?4 ?123 ?4567$/) },
      });
    });

    // Checked and fine: the page's direction does not reach the widget: a German popup on a page
    // whose own CSS forces `direction: rtl`, `unicode-bidi: bidi-override` and `text-align:
    // right` on every element still reads left to right, punctuation in place, Next at the right.
    it('Checked and fine: a German popup on a page that forces rtl and bidi-override on everything reads left to right', async () => {
      const flow: FlowJson = {
        ...ARABIC,
        locales: ['de'],
        title: 'Anfrage',
        steps: [
          { id: 'size', type: 'single_choice', title: 'Wie viele Mitarbeiter (ca.)?', description: 'Bitte wählen: 1–10 oder mehr.', options: [{ id: 'a', label: 'Bis 10 (klein)' }, { id: 'b', label: 'Mehr' }] },
          { id: 'end', type: 'end', title: 'Danke!' },
        ] as StepJson[],
      };
      const hostile = '<style>* { direction: rtl !important; unicode-bidi: bidi-override !important; text-align: right !important; }</style>';
      const page = await open(flow, { mode: 'popup', locale: 'de', page: (html) => html.replace('<html lang="de">', '<html lang="ar" dir="rtl">').replace('</head>', `${hostile}</head>`) });
      expect(await textOnScreen(page, ['h2', '.lf-hint', '.lf-keyed', 'button[type="submit"]'])).toEqual(['Wie viele Mitarbeiter (ca.)?', 'Bitte wählen: 1–10 oder mehr.', 'Bis 10 (klein)', 'Absenden']);
      const placed = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const box = (selector: string) => root.querySelector(selector)!.getBoundingClientRect();
        return { direction: getComputedStyle(root.querySelector('.lf-root')!).direction, headingAtLeft: box('h2').left - box('.lf-root').left < 40 };
      });
      expect(placed).toEqual({ direction: 'ltr', headingAtLeft: true });
    });
  });
});
