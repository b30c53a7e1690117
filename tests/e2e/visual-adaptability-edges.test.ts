import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { a11yPage, answerStep, de, everyQuestionFlow, EVERY_QUESTION_ANSWERS, type FlowJson, type StepJson } from './support/a11y-pages.ts';
import { sleep } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';
import {
  applyTextSpacingInWidget,
  checksInPage,
  clippedOrOverlapping,
  contrast,
  focusView,
  pageChecks,
  screenPixels,
  strongestContrast,
  type FocusView,
} from './support/visual-adaptability.ts';

const chromiumPath = inject('chromiumPath');

/**
 * WCAG 2.2 AA visual adaptability and focus visibility, in real Chromium, for every question
 * kind and every mode: text resized by the browser's font settings (1.4.4), reflow at 400 %
 * zoom (1.4.10), text spacing (1.4.12), focus visible and not obscured (2.4.7, 2.4.11),
 * non-text contrast of fields, radios, checkboxes and focus rings in a light and a dark theme
 * (1.4.11), target size at 320 px (2.5.8), forced colours, and reduced motion.
 */

const MODES = ['inline', 'popup', 'slider', 'bubble'] as const;
type Mode = (typeof MODES)[number];

const fixture = everyQuestionFlow();
const step = (id: string) => fixture.steps.find((s) => s.id === id)!;
const END = fixture.steps.at(-1)!;
const flowOf = (...steps: StepJson[]): FlowJson => ({ ...fixture, steps: [...steps, END] });

const OTHER_ROLE = { id: 'other', label: { de: 'Andere Rolle', en: 'Another role' }, other: true };
const TEAM_SIZE = { id: 'team_size', type: 'range', title: { de: 'Wie groß ist Ihr Team?', en: 'How big is your team?' }, min: 1, max: 200, unit: { de: 'Personen', en: 'people' } } as StepJson;

/** Every question kind: the fixture, with an "other" option on the first step and a slider after the budget. */
const EVERY_KIND: FlowJson = {
  ...fixture,
  steps: fixture.steps.flatMap((s): StepJson[] => {
    if (s.id === 'role') return [{ ...s, options: [...s.options!, OTHER_ROLE] }];
    if (s.id === 'budget') return [s, TEAM_SIZE];
    return [s];
  }),
};

/** 400 % zoom of a 1280 × 1024 window: 320 × 256 CSS px, each four device pixels. */
const ZOOM_400: BrowserContextOptions = { viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 };

/** A dark theme as a flow sets it (docs/flow-format.md, Theme): its primary has 3:1 and more on the background. */
const DARK = { background: '#1d2130', text: '#f4f5f7', primary: '#7aa2ff' };

describe.skipIf(!chromiumPath)('visual adaptability and focus visibility (WCAG 2.2 AA), in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  /** A page with one widget (`a11yPage`), its overlay opened, with reduced motion (no animation to wait for). */
  async function open(flow: FlowJson, mode: Mode, context: BrowserContextOptions = {}, { head = '', forcedColors = false } = {}): Promise<Page> {
    const { page } = await suite.sessions.open(context);
    await page.emulateMedia({ reducedMotion: 'reduce', ...(forcedColors && { forcedColors: 'active' }) });
    return load(page, flow, mode, head);
  }

  async function load(page: Page, flow: FlowJson, mode: Mode, head = ''): Promise<Page> {
    await page.goto(suite.site.page(`/visual-${++pages}.html`, a11yPage({ flow, webhook: suite.receiver.url, mode }).replace('</head>', `${head}</head>`)));
    if (mode === 'bubble') await page.locator('[data-leadflow] .lf-bubble').click();
    else if (mode !== 'inline') await page.locator('button[data-leadflow-open]').click();
    await page.locator('[data-leadflow] h2').waitFor();
    return page;
  }

  const next = (page: Page) => page.locator('[data-leadflow] button[type="submit"]');
  const headingText = (page: Page) => page.locator('[data-leadflow] h2').textContent().then((t) => (t ?? '').trim());

  /** Answers a step of EVERY_KIND (the slider keeps its value; "role" is answered by `prepare`). */
  async function answer(page: Page, s: StepJson): Promise<void> {
    if (s.id === 'role' || s.type === 'range') return;
    await answerStep(page, s, EVERY_QUESTION_ANSWERS);
  }

  /** Before a step is looked at: "role" gets its "other" answer, so its text field shows too. */
  async function prepare(page: Page, s: StepJson): Promise<void> {
    if (s.id !== 'role') return;
    await page.getByRole('radio', { name: 'Andere Rolle' }).check();
    await page.getByRole('textbox', { name: 'Andere Rolle' }).fill('Einkauf');
  }

  /**
   * Goes through `flow` step by step, calling `visit` on each (the ending included); after a step
   * change it waits for focus on the new heading, where the widget puts it.
   */
  async function walk(page: Page, flow: FlowJson, visit: (s: StepJson) => Promise<void>): Promise<void> {
    for (const [index, s] of flow.steps.entries()) {
      await expect.poll(() => headingText(page), { message: `step ${index + 1}` }).toBe(de(s.title));
      if (index > 0)
        await expect
          .poll(() => page.evaluate(() => document.querySelector('[data-leadflow]')!.shadowRoot!.activeElement?.tagName), { message: `focus on the heading of ${s.id}` })
          .toBe('H2');
      await visit(s);
      if (s.type === 'end') return;
      await answer(page, s);
      await next(page).click();
    }
  }

  /**
   * Tabs from the heading to Next (or out of the widget), then Shift+Tabs back to the close
   * button (or out of the widget), returning every focus stop.
   */
  async function tabStops(page: Page): Promise<FocusView[]> {
    const stops: FocusView[] = [];
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 16; i++) {
        await page.keyboard.press(key);
        const view = await focusView(page);
        if (!view) break;
        stops.push(view);
        if (key === 'Tab' ? view.what.startsWith('BUTTON[submit]') : view.what.endsWith('.lf-close')) break;
      }
    }
    return stops;
  }

  /** 2.4.7 and 2.4.11: a focus ring of 2 px or more, and the control not entirely hidden. */
  function focusProblems(where: string, stops: FocusView[]): string[] {
    const problems: string[] = [];
    for (const stop of stops) {
      if (stop.seen === 0) problems.push(`${where}: ${stop.what} entirely hidden (${stop.covers.join(', ')})`);
      // Chromium's own calendar button inside a date field draws its own ring (a judgement call, see the report).
      const nativePart = stop.what.startsWith('INPUT[date]') && !stop.focusVisible;
      if (!nativePart && (stop.outlineStyle === 'none' || stop.outlineWidth < 2)) problems.push(`${where}: ${stop.what} has no focus ring (${stop.outlineStyle} ${stop.outlineWidth}px)`);
    }
    return problems;
  }

  describe('1.4.10 reflow, 2.4.11 focus not obscured, 2.5.8 target size at 400 % zoom (320 × 256 CSS px)', () => {
    it.each(MODES)(
      '%s: every step of every question kind reflows, and each focused control, Next and the close button show',
      async (mode) => {
        const page = await open(EVERY_KIND, mode, ZOOM_400);
        expect(await page.evaluate(() => [innerWidth, innerHeight, devicePixelRatio])).toEqual([320, 256, 4]);
        const problems: string[] = [];
        const seenKinds = new Set<string>();
        await walk(page, EVERY_KIND, async (s) => {
          await prepare(page, s);
          const [sideways, small] = await checksInPage(page, pageChecks.sidewaysScrolling, pageChecks.smallTargets);
          problems.push(...sideways.map((p) => `${s.id}: scrolls sideways, ${p}`));
          problems.push(...small.map((p) => `${s.id}: small target ${p}`));
          // Focus where the widget put it (the heading), or on the field "prepare" filled.
          await page.locator('[data-leadflow] h2').focus();
          const stops = await tabStops(page);
          for (const stop of stops) seenKinds.add(stop.what.replace(/=.*\]/, ']'));
          problems.push(...focusProblems(s.id, stops));
          if (s.type !== 'end') {
            const nextStop = stops.find((stop) => stop.what.startsWith('BUTTON[submit]'));
            expect(nextStop?.seen, `${s.id}: Next reached by Tab and wholly in view`).toBe(1);
          }
          if (mode !== 'inline') expect(stops.at(-1)?.what, `${s.id}: Shift+Tab reaches the close button`).toBe('BUTTON[button].lf-close');
          if (mode !== 'inline') expect(stops.at(-1)?.seen, `${s.id}: the close button is wholly in view`).toBe(1);
        });
        expect(problems).toEqual([]);
        // Every kind of control was focused on the way.
        for (const kind of ['INPUT[radio]', 'INPUT[checkbox]', 'SELECT.lf-input', 'INPUT[text].lf-input', 'TEXTAREA.lf-input', 'INPUT[email].lf-input', 'INPUT[tel].lf-input', 'INPUT[range].lf-range', 'INPUT[date].lf-input', 'A', 'A.lf-button', 'BUTTON[button].lf-back'])
          expect(seenKinds, mode).toContain(kind);
      },
    );

    // Was: at 320 CSS px (400 % zoom of a 1280 px window) the bubble's label — the flow's title,
    // the only visible text saying what the button opens — was cut to "Projektanfrage bei Nordl…"
    // (src/ui/styles.css `.lf-bubble`: white-space: nowrap; overflow: hidden; text-overflow:
    // ellipsis). At 1280 px it shows whole. WCAG 1.4.10 expects content to reflow at 320 CSS px
    // without loss of information. It wraps now, open or closed; its panel sits above it
    // (tests/e2e/accessibility-edges).
    it('bubble: its label, the flow title, is shown whole at 320 CSS px', async () => {
      const page = await open(flowOf(step('role')), 'bubble', ZOOM_400);
      const bubble = page.locator('[data-leadflow] .lf-bubble');
      expect(await bubble.textContent()).toBe(de(fixture.title));
      const cut = await bubble.evaluate((el) => ({ textWidth: el.scrollWidth, shownWidth: el.clientWidth }));
      expect(cut.textWidth, `the title needs ${cut.textWidth} px, the bubble shows ${cut.shownWidth} px`).toBeLessThanOrEqual(cut.shownWidth);
    });

    it('bubble: at 1280 px its label shows whole (the cut above is from reflow alone)', async () => {
      const page = await open(flowOf(step('role')), 'bubble', { viewport: { width: 1280, height: 720 } });
      const cut = await page.locator('[data-leadflow] .lf-bubble').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(cut).toBeLessThanOrEqual(0);
    });
  });

  describe('1.4.12 text spacing', () => {
    // The bookmarklet's rules in a page style sheet do not reach into the widget's shadow root
    // (nor past `all: initial`); a user style sheet would. They are put into the shadow root here.
    it.each(MODES)('%s: with the text-spacing rules in the widget, no text on any step or error is cut off or overlaps', async (mode) => {
      const page = await open(EVERY_KIND, mode, { viewport: { width: 1280, height: 720 } });
      await applyTextSpacingInWidget(page);
      const spacing = await page.evaluate(() => {
        const style = getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('h2')!);
        return [style.letterSpacing, style.wordSpacing, style.lineHeight];
      });
      expect(spacing, 'the spacing applies (22 px heading)').toEqual(['2.64px', '3.52px', '33px']);
      const problems: string[] = [];
      await walk(page, EVERY_KIND, async (s) => {
        await prepare(page, s);
        problems.push(...(await clippedOrOverlapping(page)).map((p) => `${s.id}: ${p}`));
        if (s.type === 'end' || s.type === 'statement' || s.type === 'range' || s.id === 'role') return;
        // The error state too: Next without an answer.
        await next(page).click();
        await page.locator('[data-leadflow] .lf-error').first().waitFor();
        problems.push(...(await clippedOrOverlapping(page)).map((p) => `${s.id} with its error: ${p}`));
      });
      expect(problems).toEqual([]);
    });
  });

  describe("1.4.4 resize text: Chromium's minimum and default font size settings", () => {
    let profile: string | undefined;
    let context: BrowserContext | undefined;
    afterEach(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
      context = profile = undefined;
    });

    // The widget sizes its text in px (src/ui/styles.css), so the default font size setting
    // leaves it as it is (browser zoom still scales it); the minimum font size does reach it.
    it('with a minimum font size of 24 px every text of every step is at least 24 px, and nothing is cut off or overlaps', async () => {
      profile = mkdtempSync(join(tmpdir(), 'leadflow-fonts-'));
      mkdirSync(join(profile, 'Default'));
      writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ webkit: { webprefs: { minimum_font_size: 24, default_font_size: 32 } } }));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking', '--disable-component-update'],
        viewport: { width: 1280, height: 720 },
        locale: 'de-DE',
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(10_000);
      const errors: Error[] = [];
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (error) => errors.push(error));
      await load(page, EVERY_KIND, 'inline');
      expect(await page.evaluate(() => getComputedStyle(document.body).fontSize), 'the profile applies').toBe('32px');
      const problems: string[] = [];
      await walk(page, EVERY_KIND, async (s) => {
        await prepare(page, s);
        problems.push(...(await clippedOrOverlapping(page)).map((p) => `${s.id}: ${p}`));
        const small = await page.evaluate(() => {
          const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
          return [...root.querySelectorAll('h2, p, label, span, button, a, input, select, textarea, output, legend')]
            .filter((el) => el.checkVisibility() && !el.closest('.lf-sr-only, .lf-trap') && parseFloat(getComputedStyle(el).fontSize) < 24)
            .map((el) => `${el.tagName} ${getComputedStyle(el).fontSize}`);
        });
        problems.push(...small.map((p) => `${s.id}: text under the minimum, ${p}`));
      });
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  describe('1.4.11 non-text contrast and 2.4.7 focus visible, light and dark themes', () => {
    const themes = { light: undefined, dark: DARK } as const;

    it.each(Object.keys(themes) as Array<keyof typeof themes>)(
      '%s theme: every focus ring has 3:1 against the widget background, on every control of every step',
      async (name) => {
        const theme = themes[name];
        const page = await open({ ...EVERY_KIND, ...(theme && { theme }) }, 'inline', { viewport: { width: 480, height: 800 } });
        const problems: string[] = [];
        const rings = new Set<string>();
        await walk(page, EVERY_KIND, async (s) => {
          await prepare(page, s);
          await page.locator('[data-leadflow] h2').focus();
          const stops = await tabStops(page);
          problems.push(...focusProblems(s.id, stops));
          for (const stop of stops) {
            if (stop.outlineStyle === 'none') continue;
            rings.add(stop.outlineColor);
            const ratio = contrast(stop.outlineColor, stop.background);
            if (ratio < 3) problems.push(`${s.id}: ${stop.what} ring ${stop.outlineColor} on ${stop.background}: ${ratio}:1`);
          }
        });
        expect(problems).toEqual([]);
        expect([...rings]).toEqual([theme ? 'rgb(122, 162, 255)' : 'rgb(47, 91, 234)']);
      },
    );

    it.each(Object.keys(themes) as Array<keyof typeof themes>)(
      '%s theme: radios, checkboxes and the consent box, unchecked and checked, draw 3:1 or more against the background',
      async (name) => {
        const theme = themes[name];
        const page = await open({ ...flowOf(step('role'), step('interests'), step('nps'), step('privacy')), ...(theme && { theme }) }, 'inline', {
          viewport: { width: 480, height: 800 },
        });
        // A dark background asks for dark native controls (once the widget has read its colours).
        await expect.poll(() => page.evaluate(() => getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('.lf-root')!).colorScheme)).toBe(theme ? 'dark' : 'light');
        const background = await page.evaluate(() => getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('.lf-root')!).backgroundColor);
        const results: Record<string, number> = {};
        for (const s of ['role', 'interests', 'nps', 'privacy']) {
          await expect.poll(() => headingText(page)).toBe(de(step(s).title));
          const inputs = page.locator('[data-leadflow] .lf-option input');
          const box = async () => (await inputs.first().boundingBox())!;
          results[`${s} unchecked`] = strongestContrast(await screenPixels(page, await box()), background);
          await inputs.first().check();
          await page.locator('h1').click();
          results[`${s} checked`] = strongestContrast(await screenPixels(page, await box()), background);
          if (s === 'interests') await answer(page, step(s));
          if (s === 'nps' || s === 'role') await answerStep(page, step(s), { ...EVERY_QUESTION_ANSWERS, role: 'decide' });
          await next(page).click();
        }
        const low = Object.entries(results).filter(([, ratio]) => ratio < 3);
        expect(low, JSON.stringify(results)).toEqual([]);
      },
    );

    it('light theme: text fields, the drop-down and the text area have a border of 3:1 or more', async () => {
      const page = await open(flowOf(step('industry'), step('message')), 'inline', { viewport: { width: 480, height: 800 } });
      const ratios: string[] = [];
      for (const s of ['industry', 'message']) {
        await expect.poll(() => headingText(page)).toBe(de(step(s).title));
        ratios.push(
          ...(await page.evaluate(() => {
            const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
            const background = getComputedStyle(root.querySelector('.lf-root')!).backgroundColor;
            return [...root.querySelectorAll('.lf-input')].map((el) => [el.tagName, getComputedStyle(el).borderTopColor, background].join('|'));
          })),
        );
        await answerStep(page, step(s), EVERY_QUESTION_ANSWERS);
        await next(page).click();
      }
      const low = ratios.filter((entry) => {
        const [, border, background] = entry.split('|');
        return contrast(border!, background!) < 3;
      });
      expect(ratios).toHaveLength(2);
      expect(low).toEqual([]);
    });

    // Was: a flow whose theme has a dark background (docs/flow-format.md, Theme: `background`,
    // `text`, `primary`) gets text-field borders, the hint and progress text and the option
    // letters in the light theme's `--lf-muted` #545b6b: 2.3:1 on #1d2130. The flow cannot fix
    // it — its theme schema (src/engine/schema/theme.ts) refuses `muted`, `border` and `error`,
    // and src/ui/styles.css `.lf-frame` keeps their light defaults whatever the background (the
    // widget notices the dark background, src/embed/start-widget.tsx, but only for color-scheme).
    // WCAG 1.4.11 expects 3:1 for a text field's border; 1.4.3 expects 4.5:1 for the hint text.
    it('dark flow theme: text-field borders have 3:1 and hint and progress text 4.5:1 against the background', async () => {
      const page = await open({ ...flowOf(step('message')), theme: DARK }, 'inline', { viewport: { width: 480, height: 800 } });
      await expect.poll(() => page.evaluate(() => getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('.lf-root')!).colorScheme)).toBe('dark');
      const colours = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const style = (selector: string) => getComputedStyle(root.querySelector(selector)!);
        return { background: style('.lf-root').backgroundColor, border: style('.lf-input').borderTopColor, hint: style('.lf-hint').color, progress: style('.lf-progress p').color };
      });
      const ratios = {
        border: contrast(colours.border, colours.background),
        hint: contrast(colours.hint, colours.background),
        progress: contrast(colours.progress, colours.background),
      };
      expect(ratios.border, JSON.stringify({ colours, ratios })).toBeGreaterThanOrEqual(3);
      expect(ratios.hint, JSON.stringify({ colours, ratios })).toBeGreaterThanOrEqual(4.5);
      expect(ratios.progress, JSON.stringify({ colours, ratios })).toBeGreaterThanOrEqual(4.5);
    });
  });

  // Was: on a dark background with the default primary (a flow or page that sets only
  // `background` and `text`), text drawn in the primary colour — Back, a slider's − and + —
  // had 2.9:1 (#2f5bea on #1d2130); 1.4.3 asks 4.5:1. It is mixed with the text colour there now.
  it('dark background with the default primary: Back and the slider buttons have 4.5:1 text contrast', async () => {
    const page = await open({ ...flowOf(step('role'), TEAM_SIZE), theme: { background: DARK.background, text: DARK.text } }, 'inline', { viewport: { width: 480, height: 800 } });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('.lf-root')!).colorScheme)).toBe('dark');
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('slider').waitFor();
    const colours = await page.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      const colour = (selector: string) => getComputedStyle(root.querySelector(selector)!).color;
      return { background: getComputedStyle(root.querySelector('.lf-root')!).backgroundColor, back: colour('.lf-back'), stepper: colour('.lf-stepper') };
    });
    expect(contrast(colours.back, colours.background), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.stepper, colours.background), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
  });

  describe('forced colours (Windows high contrast)', () => {
    /** Pixels of the box that changed between two captures of it (device pixels, any channel by more than 64). */
    const changed = (a: number[][], b: number[][]) => a.filter((p, i) => p.some((c, k) => Math.abs(c - b[i]![k]!) > 64)).length / a.length;

    it('single and multiple choice, rating and consent: the chosen state shows (the native indicator is redrawn), without focus', async () => {
      const kinds = ['role', 'interests', 'nps', 'privacy'];
      const page = await open(flowOf(...kinds.map(step)), 'inline', { viewport: { width: 480, height: 800 } }, { forcedColors: true });
      expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
      const shares: Record<string, number> = {};
      for (const id of kinds) {
        await expect.poll(() => headingText(page)).toBe(de(step(id).title));
        const input = page.locator('[data-leadflow] .lf-option input').first();
        const box = (await input.boundingBox())!;
        const before = await screenPixels(page, box);
        await input.check();
        await page.locator('h1').click();
        shares[id] = changed(before, await screenPixels(page, box));
        if (id === 'interests') await answerStep(page, step(id), EVERY_QUESTION_ANSWERS);
        await next(page).click();
      }
      expect(Object.entries(shares).filter(([, share]) => share < 0.1), `share of each indicator that changed: ${JSON.stringify(shares)}`).toEqual([]);
    });

    it.each(['popup'] as const)('%s: every control of every step has a solid focus ring in a system colour apart from the background; the progress bar shows', async (mode) => {
      const page = await open(EVERY_KIND, mode, { viewport: { width: 480, height: 800 } }, { forcedColors: true });
      const problems: string[] = [];
      await walk(page, EVERY_KIND, async (s) => {
        await prepare(page, s);
        await page.locator('[data-leadflow] h2').focus();
        const stops = await tabStops(page);
        problems.push(...focusProblems(s.id, stops));
        for (const stop of stops)
          if (stop.outlineStyle !== 'none' && contrast(stop.outlineColor, stop.background) < 3) problems.push(`${s.id}: ${stop.what} ring ${stop.outlineColor} on ${stop.background}`);
        if (s.id !== 'interests') return;
        // The second step: the filled part of the progress bar is a border, which forced colours keep.
        const fill = await page.evaluate(() => {
          const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
          const style = getComputedStyle(root.querySelector('.lf-progress-fill')!);
          return { width: root.querySelector('.lf-progress-fill')!.getBoundingClientRect().width, colour: style.borderTopColor, border: style.borderTopWidth, background: getComputedStyle(root.querySelector('.lf-root')!).backgroundColor };
        });
        expect(fill.width, 'filled part of the progress bar').toBeGreaterThan(0);
        expect(fill.border).toBe('6px');
        expect(contrast(fill.colour, fill.background)).toBeGreaterThanOrEqual(3);
      });
      expect(problems).toEqual([]);
    });

    it('a focused radio is ringed: the pixels around it change when it takes focus', async () => {
      const page = await open(flowOf(step('role')), 'inline', { viewport: { width: 480, height: 800 } }, { forcedColors: true });
      const input = page.locator('[data-leadflow] .lf-option input').first();
      const box = (await input.boundingBox())!;
      const around = { x: box.x - 6, y: box.y - 6, width: box.width + 12, height: box.height + 12 };
      const before = await screenPixels(page, around);
      await page.keyboard.press('Tab');
      expect((await focusView(page))?.what).toBe('INPUT[radio=decide]');
      const after = await screenPixels(page, around);
      expect(changed(before, after)).toBeGreaterThan(0.1);
    });
  });

  describe('prefers-reduced-motion', () => {
    it('inline, popup, slider, bubble: nothing in the widget transitions or animates while it opens, changes step, shows errors and closes', async () => {
      for (const mode of MODES) {
        const { page } = await suite.sessions.open({ viewport: { width: 480, height: 800 } });
        await page.emulateMedia({ reducedMotion: 'reduce' });
        // Listeners on the shadow root as soon as it exists (transition and animation events are not composed).
        await page.addInitScript(() => {
          const seen: string[] = [];
          Object.assign(window, { __motion: seen });
          const record = (event: Event) => seen.push(`${event.type} ${(event.target as Element).tagName}.${(event.target as Element).className} ${(event as TransitionEvent).propertyName ?? (event as AnimationEvent).animationName}`);
          const watch = (target: EventTarget) => ['transitionrun', 'animationstart'].forEach((type) => target.addEventListener(type, record, true));
          watch(window);
          const attach = Element.prototype.attachShadow;
          Element.prototype.attachShadow = function (init) {
            const root = attach.call(this, init);
            watch(root);
            return root;
          };
        });
        await load(page, flowOf(step('role'), step('project_name'), step('nps')), mode);
        const styles = () =>
          page.evaluate(() => {
            const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
            const moving: string[] = [...document.getAnimations(), ...root.getAnimations()].map((animation) => `running: ${animation.id || animation.constructor.name}`);
            for (const el of [...root.querySelectorAll('*')]) {
              for (const pseudo of [null, '::backdrop', '::before']) {
                const style = getComputedStyle(el, pseudo);
                const durations = `${style.transitionDuration},${style.animationDuration}`.split(',').map(parseFloat);
                if (durations.some((d) => d > 0) || (style.animationName !== 'none' && style.animationName !== '')) moving.push(`${el.tagName}.${el.className}${pseudo ?? ''}`);
                if (style.scrollBehavior === 'smooth') moving.push(`${el.tagName}.${el.className} scrolls smoothly`);
              }
            }
            return moving;
          });
        expect(await styles(), mode).toEqual([]);
        await page.getByRole('radio', { name: 'Ich entscheide' }).check();
        await next(page).click();
        await expect.poll(() => headingText(page)).toBe(de(step('project_name').title));
        await next(page).click();
        await page.locator('[data-leadflow] .lf-error').waitFor();
        expect(await styles(), mode).toEqual([]);
        if (mode !== 'inline') {
          await page.keyboard.press('Escape');
          await expect.poll(() => page.locator('[data-leadflow] dialog[open]').count()).toBe(0);
        }
        await sleep(100);
        expect(await page.evaluate(() => (window as unknown as { __motion: string[] }).__motion), mode).toEqual([]);
      }
    });
  });
});
