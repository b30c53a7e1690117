/**
 * Colours as sites write them in 2026, in Chromium against dist/leadflow.js: Tailwind CSS 4's
 * `oklch()` palette, `lab()`, `lch()`, `color(display-p3 …)`, `color-mix()`, relative colours,
 * `light-dark()`, system colours, `currentColor` and see-through backgrounds, set as the flow's
 * `theme`, as the page's `--leadflow-*` on the element, on an ancestor, or through variables on
 * `:root`. What a visitor sees is measured from painted colours: the widget's background from
 * a screenshot, every other colour converted to sRGB by painting it on a canvas over that
 * background (src/embed/start-widget.tsx `applyTheme` reads colours; src/ui/styles.css uses them).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { a11yPage, everyQuestionParts, type FlowJson } from './support/a11y-pages.ts';
import { browserSuite } from './support/suite.ts';
import { contrast, screenPixels } from './support/visual-adaptability.ts';

const chromiumPath = inject('chromiumPath');

const { step, flowOf } = everyQuestionParts();
/** A question with a hint (and an error when left unanswered), then a text field (with Back). */
const FLOW: FlowJson = flowOf(step('interests'), step('project_name'));

/** A light text colour for the dark backgrounds, as each design system writes it. */
const LIGHT_TEXT = '#f4f5f7';

/** Tailwind CSS 4's palette as its theme writes it on `:root` (a few of its `--color-*`). */
const TAILWIND_ROOT =
  ':root { --color-slate-50: oklch(98.4% 0.003 247.858); --color-slate-100: oklch(96.8% 0.007 247.896); --color-slate-900: oklch(20.8% 0.042 265.755);' +
  ' --color-indigo-300: oklch(78.5% 0.115 274.713); --color-indigo-600: oklch(51.1% 0.262 276.966); }';

/** What WCAG 2.2 AA asks of each colour against the widget's background (1.4.3, 1.4.11). */
const MINIMUM = { text: 4.5, hint: 4.5, error: 4.5, 'field border': 3, Back: 4.5, 'focus ring': 3 } as const;
type Part = keyof typeof MINIMUM;

interface Look {
  /** The widget's `color-scheme`: dark radios, checkboxes, pickers and scrollbars, or light ones. */
  scheme: string;
  /** The widget's background as painted (sRGB, from a screenshot). */
  background: number[];
  /** Each part's painted colour (sRGB) and its contrast against the background. */
  parts: Record<Part, { rgb: number[]; ratio: number }>;
  /** The Next button's label against the button. */
  nextLabel: number;
  /** LeadFlow's console warnings (values set aside). */
  warnings: string[];
}

/** Where the page or flow writes its colours. */
interface Setup {
  theme?: Record<string, string>;
  /** The page's own style sheet. */
  css?: string;
}

describe.skipIf(!chromiumPath)('colour formats (Chromium, dist/leadflow.js)', () => {
  const suite = browserSuite(chromiumPath);
  let pages = 0;
  // One page for the file, loaded afresh by each test: no context-wide setting changes, and a
  // page per test would cost more than the look itself.
  let context: BrowserContext;
  let page: Page;
  const logged: string[] = [];
  const thrown: Error[] = [];
  beforeAll(async () => {
    context = await suite.browser.newContext({ viewport: { width: 480, height: 800 }, locale: 'de-DE', reducedMotion: 'reduce' });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'warning' && m.text().startsWith('LeadFlow') && logged.push(m.text()));
    page.on('pageerror', (e) => thrown.push(e));
  });
  afterAll(() => context?.close());

  /** The colours, painted on a canvas over `under`, as sRGB (alpha composited, wide gamut clipped). */
  const painted = (colours: string[], under: number[]) =>
    page.evaluate(
      ({ colours, under }) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        const g = canvas.getContext('2d', { willReadFrequently: true })!;
        return colours.map((colour) => {
          g.fillStyle = `rgb(${under.join(' ')})`;
          g.fillRect(0, 0, 1, 1);
          g.fillStyle = colour;
          g.fillRect(0, 0, 1, 1);
          return [...g.getImageData(0, 0, 1, 1).data.slice(0, 3)];
        });
      },
      { colours, under },
    );

  /** Computed colours of elements of the widget (`selector|property`). */
  const computed = (wanted: string[]) =>
    page.evaluate((wanted) => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      return wanted.map((entry) => {
        const [selector, property] = entry.split('|') as [string, 'color'];
        const el = selector === ':focus' ? root.activeElement! : root.querySelector(selector)!;
        return getComputedStyle(el)[property];
      });
    }, wanted);

  /**
   * Opens the flow with `setup`, and reads what a visitor sees: on the first step, the text,
   * the hint and the error of a question left unanswered; on the second, the text field's
   * border, Back, and the focus ring of the field reached with Tab.
   */
  async function look({ theme, css = '' }: Setup): Promise<Look> {
    logged.length = 0;
    const html = a11yPage({ flow: { ...FLOW, ...(theme && { theme }) }, webhook: suite.receiver.url }).replace('</head>', `<style>${css}</style></head>`);
    await page.goto(suite.site.page(`/colours-${++pages}.html`, html));
    await page.locator('[data-leadflow] h2').waitFor();
    const next = page.locator('[data-leadflow] button[type="submit"]');
    await next.click();
    await page.locator('[data-leadflow] .lf-error').waitFor();
    // The widget reads its colours before the frame after it rendered: long done by now.
    const box = (await page.locator('[data-leadflow] .lf-root').boundingBox())!;
    // In the left padding, halfway down: nothing but the background is drawn there.
    const [background] = await screenPixels(page, { x: box.x + 6, y: box.y + box.height / 2, width: 1, height: 1 });
    const [scheme, text, hint, error, button, label] = await computed([
      '.lf-root|colorScheme',
      '.lf-root|color',
      '.lf-hint|color',
      '.lf-error|color',
      'button[type="submit"]|backgroundColor',
      'button[type="submit"]|color',
    ]);
    await page.locator('[data-leadflow] .lf-option input').first().check();
    await next.click();
    await page.locator('[data-leadflow] .lf-back').waitFor();
    await page.locator('[data-leadflow] h2').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.querySelector('[data-leadflow]')!.shadowRoot!.activeElement?.matches('.lf-input:focus-visible') ?? false)).toBe(true);
    const [border, back, ring] = await computed(['.lf-input|borderTopColor', '.lf-back|color', ':focus|outlineColor']);
    const colours = { text, hint, error, 'field border': border, Back: back, 'focus ring': ring } as Record<Part, string>;
    const rgbs = await painted(Object.values(colours), background!);
    const [buttonRgb] = await painted([button!], background!);
    const [labelRgb] = await painted([label!], buttonRgb!);
    const parts = Object.fromEntries(Object.keys(colours).map((part, i) => [part, { rgb: rgbs[i]!, ratio: contrast(rgbs[i]!, background!) }])) as Look['parts'];
    // A widget must never throw into its host page.
    expect(thrown).toEqual([]);
    const warnings = [...logged];
    return { scheme: scheme!, background: background!, parts, nextLabel: contrast(labelRgb!, buttonRgb!), warnings };
  }

  /** The colours under WCAG's minimum, as `hint 2.61:1 (4.5)`. */
  const shortfalls = (seen: Look) =>
    (Object.entries(seen.parts) as Array<[Part, { ratio: number }]>).filter(([part, { ratio }]) => ratio < MINIMUM[part]).map(([part, { ratio }]) => `${part} ${ratio}:1 (${MINIMUM[part]})`);

  /** Dark controls and every colour readable: a dark background seen as one. */
  const darkAndReadable = (seen: Look) => ({ scheme: seen.scheme, background: seen.background, shortfalls: shortfalls(seen), warnings: seen.warnings });
  const expectDark = (seen: Look) => expect(darkAndReadable(seen)).toEqual({ scheme: 'dark', background: seen.background, shortfalls: [], warnings: [] });
  const expectLight = (seen: Look) => expect(darkAndReadable(seen)).toEqual({ scheme: 'light', background: seen.background, shortfalls: [], warnings: [] });
  const luma = ([r, g, b]: number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;

  describe('a dark background the browser writes as rgb() is recognised (works)', () => {
    it.each<[string, Setup]>([
      ['flow theme, hex', { theme: { background: '#1d2130', text: LIGHT_TEXT } }],
      ['page, on the element, hsl() with alpha', { css: '[data-leadflow] { --leadflow-background: hsl(225 25% 15% / 0.92); --leadflow-text: hsl(220 14% 96%); }' }],
      ['page, on an ancestor, hwb()', { css: 'main { --leadflow-background: hwb(220 10% 82%); --leadflow-text: #f3f4f6; }' }],
      ['page, Tailwind 3 hex variables on :root', { css: ':root { --slate-900: #0f172a; --slate-100: #f1f5f9; --leadflow-background: var(--slate-900); --leadflow-text: var(--slate-100); }' }],
    ])('%s: dark controls, hints, errors, borders, Back and focus ring readable', async (_, setup) => {
      const seen = await look(setup);
      expect(luma(seen.background)).toBeLessThan(60);
      expectDark(seen);
    });
  });

  // Was: a dark background written in any colour format Chromium does not serialise as rgb()
  // — Tailwind 4's oklch() palette, lab(), lch(), color(display-p3 …), color-mix() (serialised
  // `color(srgb …)`, or `oklab(…)`), relative colours (`rgb(from var(--brand) r g b / 95%)` is
  // serialised `color(srgb …)`) — is taken for white: light native controls glare on it, hints
  // and field borders stay #545b6b (2.0–2.9:1, under 4.5:1 and 3:1), errors #b3261e (2.1–3.0:1),
  // and Back and focus rings the default #2f5bea (2.5–3.6:1, under 4.5:1; rings mostly under
  // 3:1). Cause:
  // src/embed/start-widget.tsx `applyTheme`, `const rgb = (color) => color.startsWith('rgb') ? …
  // : undefined` and `rgb(style.backgroundColor) ?? [255, 255, 255]`.
  describe('a dark background in oklch(), lab(), lch(), color() or color-mix() is recognised', () => {
    it.each<[string, Setup]>([
      ['flow theme, oklch() (Tailwind 4 slate-900 / slate-100)', { theme: { background: 'oklch(20.8% 0.042 265.755)', text: 'oklch(96.8% 0.007 247.896)' } }],
      ['page, on the element, lab()', { css: '[data-leadflow] { --leadflow-background: lab(12% 2 -12); --leadflow-text: lab(96% 0 -1); }' }],
      ['page, on an ancestor, lch()', { css: `main { --leadflow-background: lch(12% 12 270); --leadflow-text: ${LIGHT_TEXT}; }` }],
      ['page, on the element, color(display-p3 …)', { css: '[data-leadflow] { --leadflow-background: color(display-p3 0.1 0.12 0.18); --leadflow-text: color(display-p3 0.95 0.96 0.97); }' }],
      [
        'page, Tailwind 4 variables on :root, set on the element',
        { css: `${TAILWIND_ROOT} [data-leadflow] { --leadflow-background: var(--color-slate-900); --leadflow-text: var(--color-slate-100); --leadflow-primary: var(--color-indigo-300); }` },
      ],
      ['page, Tailwind 4 variables inherited from :root', { css: `${TAILWIND_ROOT} :root { --leadflow-background: var(--color-slate-900); --leadflow-text: var(--color-slate-100); }` }],
      [
        'page, shadcn/ui-style tokens pointing at tokens (oklch)',
        { css: ':root { --background: oklch(0.145 0 0); --foreground: oklch(0.985 0 0); --card: var(--background); } [data-leadflow] { --leadflow-background: var(--card); --leadflow-text: var(--foreground); }' },
      ],
      ['flow theme, color-mix(in srgb, …)', { theme: { background: 'color-mix(in srgb, #1d2130 95%, white)', text: LIGHT_TEXT } }],
      ['page, color-mix(in oklab, …) of a variable', { css: `:root { --brand-bg: #1d2130; } main { --leadflow-background: color-mix(in oklab, var(--brand-bg) 90%, black); --leadflow-text: ${LIGHT_TEXT}; }` }],
      ['page, relative colour rgb(from var(--brand) r g b / 95%)', { css: `:root { --brand-bg: #1d2130; } [data-leadflow] { --leadflow-background: rgb(from var(--brand-bg) r g b / 95%); --leadflow-text: ${LIGHT_TEXT}; }` }],
    ])('%s: dark controls, hints, errors, borders, Back and focus ring readable', async (_, setup) => {
      const seen = await look(setup);
      expect(luma(seen.background)).toBeLessThan(60);
      expectDark(seen);
    });
  });

  describe('a light background stays light, in every format and wherever it is set (works)', () => {
    it.each<[string, Setup]>([
      ['flow theme, oklch() (Tailwind 4 slate-50 / slate-900)', { theme: { background: 'oklch(98.4% 0.003 247.858)', text: 'oklch(20.8% 0.042 265.755)' } }],
      ['page, on the element, lab()', { css: '[data-leadflow] { --leadflow-background: lab(97% 0 -2); --leadflow-text: lab(15% 2 -10); }' }],
      ['page, on an ancestor, color(display-p3 …)', { css: 'main { --leadflow-background: color(display-p3 0.98 0.97 0.94); --leadflow-text: color(display-p3 0.1 0.1 0.15); }' }],
      ['page, Tailwind 4 variables inherited from :root', { css: `${TAILWIND_ROOT} :root { --leadflow-background: var(--color-slate-50); --leadflow-text: var(--color-slate-900); }` }],
      ['page, relative colour of a brand tint', { css: ':root { --brand-tint: #eef2ff; } [data-leadflow] { --leadflow-background: rgb(from var(--brand-tint) r g b / 95%); }' }],
      // The widget asks for a light scheme (README, Theming): light-dark() and system colours
      // resolve to their light side inside it, text included, even on a page in dark mode.
      [
        'page in dark mode, light-dark()',
        { css: ':root { color-scheme: dark; background: #111827; color: #f3f4f6; } [data-leadflow] { --leadflow-background: light-dark(#fff, #1d2130); --leadflow-text: light-dark(#1d2130, #f4f5f7); }' },
      ],
      ['page in dark mode, Canvas / CanvasText', { css: ':root { color-scheme: dark; background: #111827; } [data-leadflow] { --leadflow-background: Canvas; --leadflow-text: CanvasText; }' }],
      ['page, transparent on a white page', { css: '[data-leadflow] { --leadflow-background: transparent; }' }],
      ['page, a 4 % black tint on a white page', { css: '[data-leadflow] { --leadflow-background: rgb(0 0 0 / 4%); }' }],
    ])('%s: light controls, default hints, errors and accent, all readable', async (_, setup) => {
      const seen = await look(setup);
      expect(luma(seen.background)).toBeGreaterThan(200);
      expectLight(seen);
    });
  });

  // Was: a see-through background (a form that blends into its section: `transparent`, or a
  // 5 % white "glass" tint) on a dark page is read as light whatever shows through it (alpha
  // under ½ counts as "not dark"): light controls, hints and field borders #545b6b at 2.3–2.6:1,
  // errors #b3261e at 2.4–2.7:1, Back 2.8–3.2:1 against the dark section a visitor sees. Cause:
  // src/embed/start-widget.tsx `applyTheme`, `if (alpha < 0.5 || …) return`, which assumes the
  // page behind is light.
  describe('a see-through background over a dark page', () => {
    it.each<[string, Setup]>([
      ['transparent', { css: 'main { background: #111827; color: #f3f4f6; } [data-leadflow] { --leadflow-background: transparent; --leadflow-text: #f3f4f6; }' }],
      ['a 5 % white tint', { css: 'main { background: #111827; } [data-leadflow] { --leadflow-background: rgb(255 255 255 / 0.05); --leadflow-text: #f3f4f6; }' }],
    ])('%s: dark controls, hints, errors, borders, Back and focus ring readable', async (_, setup) => {
      const seen = await look(setup);
      expect(luma(seen.background)).toBeLessThan(60);
      expectDark(seen);
    });
  });

  describe('text and primary colours on a dark background the widget recognises', () => {
    // Was: a dark theme whose text colour is Tailwind's oklch() (on a hex background, which is
    // recognised) keeps the light theme's hints and field borders, #545b6b: 2.35:1 on #1d2130.
    // Cause: src/embed/start-widget.tsx `applyTheme`, `const text = rgb(style.color)` is
    // undefined for oklch(), so `if (text) { set('muted', …); set('border', …) }` is skipped.
    it('text in oklch(): hints and field borders are mixed from it and readable', async () => {
      const seen = await look({ theme: { background: '#1d2130', text: 'oklch(96.8% 0.007 247.896)' } });
      expectDark(seen);
    });

    it('text in light-dark(): resolved on the dark side once the form is dark, hints and borders mixed from it (works)', async () => {
      const seen = await look({ css: '[data-leadflow] { --leadflow-background: #1d2130; --leadflow-text: light-dark(#1d2130, #f4f5f7); }' });
      expectDark(seen);
    });

    // Was: a brand primary in oklch() or color(display-p3 …) with too little contrast on the
    // dark background (Tailwind's indigo-600, 2.5:1 on #1d2130) is used as it is for Back's text
    // and every focus ring: 2.5:1 / 2.9:1, under 4.5:1 and 3:1; the same colour written in hex
    // gets the mixed, readable ink. Cause: src/embed/start-widget.tsx `applyTheme`,
    // `const accent = rgb(getComputedStyle(container).outlineColor)` is undefined for them, and
    // `if (accent && …)` then sets no `--lf-ink`.
    it.each<[string, Setup]>([
      ['oklch() (Tailwind indigo-600)', { theme: { background: '#1d2130', text: LIGHT_TEXT, primary: 'oklch(51.1% 0.262 276.966)' } }],
      ['color(display-p3 …)', { css: `[data-leadflow] { --leadflow-background: #1d2130; --leadflow-text: ${LIGHT_TEXT}; --leadflow-primary: color(display-p3 0.2 0.35 0.9); }` }],
      ['a Tailwind 4 variable on :root', { css: `${TAILWIND_ROOT} :root { --leadflow-background: #1d2130; --leadflow-text: ${LIGHT_TEXT}; --leadflow-primary: var(--color-indigo-600); }` }],
    ])('primary under 4.5:1 in %s: Back 4.5:1 and the focus ring 3:1', async (_, setup) => {
      const seen = await look(setup);
      expectDark(seen);
    });

    it('primary in oklch() with contrast enough (Tailwind indigo-300, 7.9:1): Back and rings keep the brand colour (works)', async () => {
      const seen = await look({ theme: { background: '#1d2130', text: LIGHT_TEXT, primary: 'oklch(78.5% 0.115 274.713)' } });
      expectDark(seen);
      const [brand] = await painted(['oklch(78.5% 0.115 274.713)'], seen.background);
      expect(seen.parts.Back.rgb).toEqual(brand);
      expect(seen.parts['focus ring'].rgb).toEqual(brand);
    });
  });

  describe('values accepted or set aside', () => {
    it('every modern way of writing a colour is taken from the flow and from the page without a warning (works)', async () => {
      const seen = await look({
        theme: { background: 'color-mix(in oklch, oklch(98.4% 0.003 247.858) 90%, white)', text: 'lab(15% 2 -10)', primary: 'oklch(51.1% 0.262 276.966)' },
        css:
          ':root { --brand: #4338ca; } [data-leadflow] { --leadflow-muted: rgb(from var(--brand) calc(r * 0.8) calc(g * 0.8) calc(b * 0.8)); ' +
          '--leadflow-border: color(display-p3 0.6 0.62 0.7); --leadflow-error: light-dark(#b3261e, #ff8a80); }',
      });
      expectLight(seen);
    });

    it('a typo in an oklch() colour is set aside with a warning, and the default is used (works)', async () => {
      const seen = await look({ css: '[data-leadflow] { --leadflow-primary: oklch(51.1% 0.262); }' });
      expect(seen.warnings).toEqual(['LeadFlow: --leadflow-primary "oklch(51.1% 0.262)" is no color value and is ignored']);
      expect(seen.parts.Back.rgb).toEqual([47, 91, 234]);
    });

    // Was: `--leadflow-primary: currentColor` (a monochrome theme: "the accent is the text
    // colour") passes the check, but currentColor is resolved on each element that uses the
    // accent: on the Next button, whose text is #fff, the button's background becomes #fff — a
    // white label on a white button on a white form, 1:1, the button gone. Cause:
    // src/embed/start-widget.tsx `applyTheme` `usable` (CSS.supports('color', 'currentColor') is
    // true) and src/ui/styles.css `.lf-button { background: var(--lf-accent); color: #fff }`.
    it('primary currentColor: the Next button stays visible, its label 4.5:1 on it', async () => {
      const seen = await look({ css: '[data-leadflow] { --leadflow-primary: currentColor; }' });
      expect(seen.nextLabel).toBeGreaterThanOrEqual(4.5);
    });
  });
});
