import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { a11yPage, OPENER, type FlowJson, type StepJson } from './support/a11y-pages.ts';
import { browserSuite } from './support/suite.ts';
import { textOnScreen } from './support/text-on-screen.ts';

const chromiumPath = inject('chromiumPath');

/**
 * Review of the right-to-left changes (4c81dcd..HEAD) in real Chromium: what the visitor sees
 * where a text now carries its own `dir` (`inLanguage`), where piped answers are isolated
 * (`isolated`), and which fields read left to right. Set-up as in tests/e2e/rtl-edges.test.ts.
 */
describe.skipIf(!chromiumPath)('stop review 13: right-to-left forms as the visitor sees them', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  /** A page with one widget at 800 × 700 px, an overlay opened; resolves once a heading shows. */
  async function open(flow: FlowJson, { mode = 'inline', locale = 'ar' }: { mode?: 'inline' | 'popup' | 'bubble'; locale?: string } = {}): Promise<Page> {
    const { page } = await suite.sessions.open({ viewport: { width: 800, height: 700 } });
    await page.goto(suite.site.page(`/stop-review-13-${++pages}.html`, a11yPage({ flow, webhook: suite.receiver.url, mode, locale })));
    if (mode !== 'inline') await page.getByRole('button', { name: OPENER }).click();
    await page.locator('[data-leadflow] h2').waitFor();
    return page;
  }

  const next = (page: Page) => page.locator('[data-leadflow] button[type="submit"]').click();

  /** The text of an element of the widget as drawn, read off the screen from left to right. */
  const seen = async (page: Page, selector: string): Promise<string> => (await textOnScreen(page, [selector]))[0]!;

  const arabic = (steps: StepJson[], extra: Partial<FlowJson> = {}): FlowJson => ({ id: 'rtl-review', version: 1, title: 'اطلب عرض سعر', locales: ['ar', 'en'], webhook: '/webhook', steps, ...extra });
  const END: StepJson = { id: 'end', type: 'end', title: 'شكراً لك!' };

  // Was wrong: `inLanguage` gives the bubble and a heading their own `dir`, and the logical
  // properties on them then resolve against that `dir`, not the form's. An Arabic flow without a
  // title (or with one only in English) names its bubble in English ("Open form": there are no
  // Arabic UI strings), so the bubble gets dir="ltr" and `inset-inline-end: 16px`
  // (src/ui/styles.css:159) puts it at the right, while its panel sits at the left
  // (src/ui/overlay.tsx:110). Likewise an ending whose title falls back to English gets
  // `padding-inline-end: 36px` (src/ui/styles.css:178) at its right, while the close button sits
  // at the left of the RTL popup: the close button covers the title's first letters ("Th…").
  // Fixed so: the bubble keeps the form's direction and finds its text's with `unicode-bidi:
  // plaintext`; a heading (a hint, an error, an option's label) in another language keeps the
  // form's direction and carries its own in an inner span (`InLanguage`, src/ui/questions/parts.tsx).
  it('the bubble and a heading in another language are placed by the form’s direction: the bubble beside its panel, the title clear of the close button', async () => {
    const untitled = arabic([{ id: 'company', type: 'short_text', title: 'ما اسم شركتك؟' }, { ...END, title: { en: 'Thank you, we will call you back soon!' } }], { title: undefined });
    const bubblePage = await open(untitled, { mode: 'bubble' });
    const bubble = await bubblePage.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      const box = (selector: string) => root.querySelector(selector)!.getBoundingClientRect();
      return { panelAtLeft: box('.lf-dialog-body').left < 20, bubbleAtLeft: box('.lf-bubble').left < 20 };
    });

    const popup = await open(untitled, { mode: 'popup' });
    await popup.getByRole('textbox').fill('Acme');
    await next(popup);
    await popup.getByRole('heading', { name: /Thank you/ }).waitFor();
    const titleClearOfClose = await popup.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      const close = root.querySelector('.lf-close')!.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(root.querySelector('h2')!);
      const text = range.getBoundingClientRect();
      const apartVertically = text.bottom <= close.top || text.top >= close.bottom;
      return apartVertically || text.left >= close.right || text.right <= close.left;
    });
    expect({ ...bubble, titleClearOfClose }).toEqual({ panelAtLeft: true, bubbleAtLeft: true, titleClearOfClose: true });
  });

  // Was wrong: "(optional)" is `<span dir="ltr"> (optional)</span>` (src/ui/questions/parts.tsx:30):
  // its separating space is inside the isolate, at its start, which in a right-to-left line is
  // its far end. So in every RTL form (whose built-in strings are English) an optional field
  // reads "(optional)Phone number" with no gap, and an optional question "(optional)؟…" glued to
  // its title. Fixed so: the space before the span, outside it
  // (`<> <span {...inLanguage(messages.lang)}>{messages.optional}</span></>`).
  it('"(optional)" after a field name in an Arabic form is set apart by a space', async () => {
    const page = await open(arabic([{ id: 'who', type: 'contact', title: 'بيانات الاتصال', fields: [{ id: 'email', kind: 'email' }, { id: 'phone', kind: 'phone', required: false }] }, END]));
    expect(await seen(page, 'label[for$="-phone"]')).toBe('(optional) Phone number');
  });

  // Was wrong: the option's letter badge is `.lf-keyed::before`, and `dir` is now set on `.lf-keyed`
  // itself (src/ui/questions/choice-question.tsx:109): an option whose label falls back to
  // English gets dir="ltr", so in an Arabic form its badge is drawn at the far (left) end of the
  // label, away from the radio, while the Arabic options have it beside the radio: the letters
  // no longer stand in a column by the radios. (Mirrored in an LTR form with a Hebrew fallback.)
  // Fixed so: `dir`/`lang` on an inner span around the icon and label, the badge's span
  // keeping the form's direction.
  it('each option’s shortcut letter stands beside its radio, also for a label that falls back to English', async () => {
    const page = await open(arabic([{ id: 'channel', type: 'single_choice', title: 'من أين سمعت عنا؟', options: [{ id: 'search', label: 'محرك البحث' }, { id: 'ads', label: { en: 'Google Ads' } }] }, END]));
    const badgeBesideRadio = await page.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      const range = document.createRange();
      return [...root.querySelectorAll('.lf-keyed')].map((keyed) => {
        range.selectNodeContents(keyed);
        // In a right-to-left option the badge is the span's right part: the text ends well before it.
        return Math.round(keyed.getBoundingClientRect().right - range.getBoundingClientRect().right) >= 24;
      });
    });
    expect(badgeBesideRadio).toEqual([true, true]);
  });

  // Was wrong: `isolated` (src/ui/i18n/text-direction.ts:37) decides by the form's locale, not the
  // text's: in an English form a text that falls back to Hebrew gets `<h2 dir="rtl">`, and a piped
  // "C++" in it is not isolated and reads "++C". And a value holding U+2069 before U+202E closes
  // the isolate itself, so the RLO that follows turns the rest of the heading around ("Thanks
  // Sam.worromot 03:01 ta uoy llac ew ,"), which the isolate was meant to stop. Fixed so:
  // strip the bidi controls from the value (`value.replace(/[\u202a-\u202e\u2066-\u2069]/g, '')`)
  // and isolate by the text's own language (flow-model.ts:158 knows it: `textLocale`), or always.
  it('a piped answer keeps its own direction in a right-to-left fallback text, and never turns the rest of a heading around', async () => {
    const flow: FlowJson = {
      id: 'pipe-review',
      version: 1,
      title: 'Quote',
      locales: ['en', 'he'],
      webhook: '/webhook',
      steps: [
        { id: 'name', type: 'short_text', title: 'Your name?' },
        { id: 'tool', type: 'short_text', title: 'Thanks {{answers.name}}, we call you at 10:30 tomorrow.' },
        { id: 'end', type: 'end', title: { he: 'תודה! נבדוק את {{answers.tool}} בקרוב' } },
      ] as StepJson[],
    };
    const page = await open(flow, { locale: 'en' });
    await page.getByRole('textbox').fill('Sam\u2069\u202e');
    await next(page);
    await page.getByRole('heading', { name: /Thanks/ }).waitFor();
    const thanks = await seen(page, 'h2');
    await page.getByRole('textbox').fill('C++');
    await next(page);
    await page.getByRole('heading', { name: /תודה/ }).waitFor();
    const hebrew = await seen(page, 'h2');
    expect({ thanks, cPlusPlus: hebrew.includes(' C++ ') }).toEqual({ thanks: 'Thanks Sam, we call you at 10:30 tomorrow.', cPlusPlus: true });
  });

  // Was wrong: number fields read left to right only with `inputmode=decimal`
  // (src/ui/styles.css:97), but a number question that takes negative answers gets plain
  // `{ type: 'text' }` (src/ui/questions/input-question.tsx:61, `TEXT`, for iOS's minus), so
  // exactly the field where "-5" can be typed stays right to left and shows "5-", the case the
  // style's own comment names. Fixed so: give that field an attribute the rule can match
  // (e.g. `{ type: 'text', inputMode: 'text' }` and `.lf-input[inputmode]:not([type=tel])`, or
  // a shared `dir`-free marker), so every number field is `direction: ltr`.
  it('a number field that takes negative answers reads left to right in an Arabic form, like every number field', async () => {
    const page = await open(arabic([{ id: 'temp', type: 'number', title: 'درجة الحرارة المطلوبة؟', min: -40, max: 40 }, END]));
    const direction = await page.evaluate(() => getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('input.lf-input')!).direction);
    expect(direction).toBe('ltr');
  });
});
