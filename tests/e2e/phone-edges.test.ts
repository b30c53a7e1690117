import type { CDPSession, Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { a11yPage, everyQuestionFlow, type FlowJson, type StepJson } from './support/a11y-pages.ts';
import { sleep } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';
import { checksInPage, pageChecks } from './support/visual-adaptability.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/**
 * A visitor on a phone: a 320 px screen upright (320 × 568) and on its side (568 × 320), touch
 * only (taps, swipes, double taps as Chrome sees them from a touchscreen), in every mode. What
 * the audit of "a visitor can finish every flow on a 320 px phone" found; each "Was:" is a bug
 * it found, fixed since.
 */

const PORTRAIT = { width: 320, height: 568 };
const LANDSCAPE = { width: 568, height: 320 };
const MODES = ['inline', 'popup', 'slider', 'bubble'] as const;
type Mode = (typeof MODES)[number];
const OVERLAYS = ['popup', 'slider', 'bubble'] as const;

const fixture = everyQuestionFlow();
const step = (id: string) => fixture.steps.find((s) => s.id === id)!;
const END = fixture.steps.at(-1)!;
const flowOf = (...steps: StepJson[]): FlowJson => ({ ...fixture, steps: [...steps, END] });

/** A choice option that asks for a text when chosen. */
const OTHER_ROLE = { id: 'other', label: { de: 'Andere Rolle', en: 'Another role' }, other: true };

/** Every question kind: the fixture, with an "other" option on the first step and a slider after the budget. */
const EVERY_KIND: FlowJson = {
  ...fixture,
  steps: fixture.steps.flatMap((s): StepJson[] => {
    if (s.id === 'role') return [{ ...s, options: [...s.options!, OTHER_ROLE] }];
    if (s.id === 'budget')
      return [s, { id: 'team_size', type: 'range', title: { de: 'Wie groß ist Ihr Team?', en: 'How big is your team?' }, min: 1, max: 200, unit: { de: 'Personen', en: 'people' } } as StepJson];
    return [s];
  }),
};

const de = (text: unknown): string => (typeof text === 'string' ? text : ((text as Record<string, string> | undefined)?.de ?? ''));

/** What a visitor types into a text field of the given input type. */
const typed = (type: string): string =>
  ({ email: 'erika.mustermann@nordlicht.example', tel: '+49 30 1234567', url: 'nordlicht.example', date: '2026-06-15' })[type] ?? 'Erika Mustermann';

describe.skipIf(!chromiumPath)('a visitor on a phone (touch, 320 × 568 and 568 × 320)', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  /** A phone: a context with mobile emulation and touch (the suite checks its pages for errors). */
  async function phone(viewport = PORTRAIT): Promise<{ page: Page; cdp: CDPSession }> {
    const { context, page } = await suite.sessions.open({ viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    return { page, cdp: await context.newCDPSession(page) };
  }

  /**
   * A page with the widget (`a11yPage`), an opener for overlays; `edit` changes its HTML (a
   * sticky opener, a tall page). Overlays are not opened.
   */
  async function load(page: Page, flow: FlowJson, mode: Mode, edit: (html: string) => string = (html) => html): Promise<void> {
    await page.goto(suite.site.page(`/phone-${++pages}.html`, edit(a11yPage({ flow, webhook: suite.receiver.url, mode }))));
    await page.locator('[data-leadflow] h2').waitFor({ state: 'attached' });
  }

  /** Opens an overlay as a visitor does: a tap on the opener (or the bubble). */
  async function tapOpen(page: Page, mode: Mode): Promise<void> {
    if (mode === 'bubble') await page.locator('[data-leadflow] .lf-bubble').tap();
    else if (mode !== 'inline') await page.locator('button[data-leadflow-open]').tap();
    await page.locator('[data-leadflow] h2').waitFor();
  }

  const heading = (page: Page) => page.locator('[data-leadflow] h2');
  const next = (page: Page) => page.locator('[data-leadflow] button[type="submit"]');
  const within = (page: Page, text: string) => page.locator('[data-leadflow]').getByText(text, { exact: true });

  /**
   * Two taps at one point, `gapMs` apart: a double tap (Chrome counts it, click `detail` 2).
   * The gap is in the touch events' own timestamps, which Chrome's gesture detection goes by: a
   * gap measured by the clock of a busy machine (a sleep between the taps) could grow past
   * Chrome's double-tap timeout and make two single taps. Returns once the page has handled
   * both clicks (and painted after them), having checked that it saw them as one double tap.
   */
  async function doubleTap(page: Page, cdp: CDPSession, target: Locator, gapMs = 80): Promise<void> {
    const box = (await target.boundingBox())!;
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // Every click the page gets from here, before the widget sees it (composed from its shadow root).
    await page.evaluate(() => {
      const clicks: number[] = [];
      Object.assign(window, { __clicks: clicks });
      addEventListener('click', (event) => clicks.push(event.detail), { capture: true });
    });
    const start = Date.now() / 1000;
    for (const i of [0, 1]) {
      const at = start + (i * gapMs) / 1000;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point], timestamp: at });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [], timestamp: at + 0.01 });
    }
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __clicks: number[] }).__clicks), { message: 'the page got one double tap (click detail 1, then 2)', timeout: 5000 })
      .toEqual([1, 2]);
    // Whatever the second click started (a render, a step change, a close) is done two frames on.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }

  /** A finger swipe from (x, y) by `dy` (negative: up, which scrolls down). */
  async function swipe(cdp: CDPSession, x: number, y: number, dy: number): Promise<void> {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let i = 1; i <= 15; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + (dy * i) / 15 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  /** In the page: fields under 16 px, and anything of the widget past the left or right edge of the screen. */
  const fieldsAndEdges = (): string[] => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const problems: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className).replace(/ /g, '.')} "${(el.textContent ?? '').trim().slice(0, 24)}"`;
    for (const field of root.querySelectorAll<HTMLInputElement>('input:not(.lf-trap), select, textarea'))
      if (!['radio', 'checkbox', 'range'].includes(field.type) && parseFloat(getComputedStyle(field).fontSize) < 16)
        problems.push(`font ${getComputedStyle(field).fontSize}: ${name(field)}[${field.type}]`);
    const width = document.documentElement.clientWidth;
    for (const el of root.querySelectorAll('*')) {
      if (el.closest('.lf-sr-only, .lf-trap') || !el.checkVisibility()) continue;
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > width + 0.5 || r.left < -0.5)) problems.push(`past the edge (${r.left.toFixed(0)}–${r.right.toFixed(0)}): ${name(el)}`);
    }
    return problems;
  };

  /**
   * What a phone visitor meets on the step shown: fields whose font makes iOS Safari zoom in on
   * focus (under 16 px), tap targets under 24 × 24 px that also fail WCAG 2.5.8's spacing
   * exception, and anything scrolling or sticking out sideways.
   */
  const phoneProblems = async (page: Page): Promise<string[]> => {
    // One round trip for the three checks: this runs four times per step, in every mode.
    const [own, crowded, sideways] = await checksInPage(page, fieldsAndEdges, pageChecks.smallTargets, pageChecks.sidewaysScrolling);
    return [...own, ...crowded.map((target) => `target crowded: ${target}`), ...sideways.map((scrolling) => `scrolls sideways: ${scrolling}`)];
  };

  /**
   * Scrolls Next into view as a visitor would (the page or the overlay) and checks a tap on its
   * centre reaches it: inside the screen, not under the close button or anything else.
   */
  async function expectNextReachable(page: Page, where: string): Promise<void> {
    const button = next(page);
    await button.scrollIntoViewIfNeeded();
    const hit = await button.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      // Within a pixel: scrolled into view, a box may end half a device pixel past the edge.
      const inView = r.top >= -1 && r.left >= -1 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1;
      // The button or its label inside it (a tap there is a tap on the button).
      const hit = (el.getRootNode() as ShadowRoot).elementFromPoint(x, y);
      return { inView, hits: !!hit && el.contains(hit), box: r.toJSON() as unknown };
    });
    expect(hit, `Next on ${where}`).toMatchObject({ inView: true, hits: true });
  }

  /** Answers the step shown with taps (and typing), as a phone visitor does. */
  async function answerByTouch(page: Page, cdp: CDPSession, s: StepJson): Promise<void> {
    switch (s.type) {
      case 'single_choice':
        await within(page, 'Andere Rolle').tap();
        await page.getByRole('textbox', { name: 'Andere Rolle' }).tap();
        return page.getByRole('textbox', { name: 'Andere Rolle' }).fill('Einkauf');
      case 'multiple_choice':
        await within(page, 'Berichte').tap();
        return within(page, 'Sicherheit').tap();
      case 'dropdown':
        await page.locator('[data-leadflow] select').tap();
        return void (await page.locator('[data-leadflow] select').selectOption('software'));
      case 'rating':
        return page.locator('[data-leadflow] label.lf-scale-point', { hasText: /^9$/ }).tap();
      case 'range': {
        // A finger on the thumb (the middle), dragged right.
        const slider = page.locator('[data-leadflow] input[type="range"]');
        await slider.scrollIntoViewIfNeeded();
        const box = (await slider.boundingBox())!;
        const y = box.y + box.height / 2;
        const x = box.x + box.width / 2;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
        for (let i = 1; i <= 5; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + i * 6, y }] });
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        expect(Number(await slider.inputValue()), 'the slider follows the finger').toBeGreaterThan(101);
        return;
      }
      case 'consent':
        return page.locator('[data-leadflow] label.lf-option').tap();
      case 'contact':
        for (const field of await page.locator('[data-leadflow] input.lf-input').all()) {
          await field.tap();
          await field.fill(typed((await field.getAttribute('type')) ?? 'text'));
        }
        return;
      case 'statement':
        return;
      default: {
        const field = page.locator('[data-leadflow] .lf-input');
        await field.tap();
        const type = (await field.getAttribute('type')) ?? 'text';
        return field.fill(s.type === 'number' ? '25000' : typed(type));
      }
    }
  }

  describe('every question kind, by taps only, in every mode', () => {
    it.each(MODES)(
      '%s: each step fits 320 × 568 and 568 × 320 (fields ≥ 16 px, targets ≥ 24 px or spaced, nothing sideways, Next reachable), and one lead arrives',
      async (mode) => {
        const { page, cdp } = await phone(PORTRAIT);
        await load(page, EVERY_KIND, mode);
        await tapOpen(page, mode);
        const problems: string[] = [];
        for (let index = 0; ; index++) {
          const title = (await heading(page).textContent())!.trim();
          const shown = EVERY_KIND.steps.find((s) => de(s.title) === title);
          expect(shown, `a step titled "${title}"`).toBeDefined();
          // Landscape on every other step: answered, scrolled and tapped on its side too.
          const viewports = index % 2 ? [PORTRAIT, LANDSCAPE] : [LANDSCAPE, PORTRAIT];
          for (const viewport of viewports) {
            // The page may be at that size already (the last step ended there): then it is measured as it is.
            const { width, height } = page.viewportSize()!;
            if (width !== viewport.width || height !== viewport.height) await page.setViewportSize(viewport);
            problems.push(...(await phoneProblems(page)).map((p) => `${shown!.id} at ${viewport.width}: ${p}`));
          }
          if (shown!.type === 'end') break;
          await answerByTouch(page, cdp, shown!);
          problems.push(...(await phoneProblems(page)).map((p) => `${shown!.id} answered: ${p}`));
          await expectNextReachable(page, `${shown!.id} at ${viewports[1]!.width}`);
          await next(page).tap();
          await expect.poll(async () => (await heading(page).textContent())!.trim(), { message: `after Next on ${shown!.id}` }).not.toBe(title);
        }
        expect(problems).toEqual([]);
        const lead = (await theOnlyPost(suite.receiver)).body as LeadEnvelope;
        const answers = lead.data.answers as Record<string, { value: unknown }>;
        expect({ role: answers.role?.value, nps: answers.nps?.value, privacy: answers.privacy?.value }).toEqual({ role: 'other', nps: 9, privacy: true });
        expect(answers.team_size?.value).toBeGreaterThan(101);
        expect(answers.start_date?.value).toBe('2026-06-15');
      },
    );
  });

  describe('a 0–10 scale at 320 px', () => {
    // Was: the eleven points wrapped 5, 5 and 1, the 10 alone on its own row.
    it('lays the points out in two even rows of 6 and 5', async () => {
      const { page } = await phone(PORTRAIT);
      await load(page, flowOf(step('nps')), 'inline');
      const rows = await page.evaluate(() => {
        const points = [...document.querySelector('[data-leadflow]')!.shadowRoot!.querySelectorAll('.lf-scale-point')];
        const counts = new Map<number, number>();
        for (const point of points) {
          const top = Math.round(point.getBoundingClientRect().top);
          counts.set(top, (counts.get(top) ?? 0) + 1);
        }
        return [...counts.values()];
      });
      expect(rows).toEqual([6, 5]);
    });
  });

  describe('long words at 320 px', () => {
    const WORD = 'Rechtsschutzversicherungsgesellschaftenvertragsbedingungen';
    const URL = 'https://www.nordlicht-software.example/produkte/vertriebssoftware/preise?utm_source=newsletter';
    const EMAIL = 'erika.mustermann-schmidt@vertriebsabteilung.nordlicht-maschinenbau.example';
    const LONG: FlowJson = {
      ...fixture,
      title: { de: `Anfrage zur ${WORD}` },
      steps: [
        {
          ...step('role'),
          title: { de: `${WORD}?` },
          description: { de: `Mehr unter ${URL}` },
          options: [
            { id: 'a', label: { de: WORD + WORD } },
            { id: 'b', label: { de: URL } },
            { id: 'c', label: { de: 'Kurz' } },
          ],
        },
        { ...step('budget'), unit: { de: 'Vollzeitmitarbeiterinnenäquivalente' } } as StepJson,
        { ...step('nps'), minLabel: { de: WORD }, maxLabel: { de: WORD } } as StepJson,
        {
          ...END,
          title: { de: `Danke, ${WORD}!` },
          description: { de: `Wir schreiben an ${EMAIL}` },
          cta: { label: { de: 'Terminvereinbarungsbestätigungsseite öffnen' }, url: 'https://example.com/book' },
        } as StepJson,
      ],
    };

    it.each(MODES)('%s: German compounds, a URL and an e-mail address wrap; nothing scrolls sideways', async (mode) => {
      const { page } = await phone(PORTRAIT);
      await load(page, LONG, mode);
      await tapOpen(page, mode);
      const problems: string[] = [];
      const check = async (where: string) => problems.push(...(await phoneProblems(page)).map((p) => `${where}: ${p}`));
      await check('choice');
      await within(page, 'Kurz').tap();
      await next(page).tap();
      await page.locator('[data-leadflow] .lf-input').fill('1.234.567');
      await check('number with a long unit');
      await next(page).tap();
      await heading(page).filter({ hasText: 'empfehlen' }).waitFor();
      await check('rating with long end labels');
      await page.locator('[data-leadflow] label.lf-scale-point', { hasText: /^3$/ }).tap();
      await next(page).tap();
      await page.getByRole('heading', { name: `Danke, ${WORD}!` }).waitFor();
      await check('ending');
      expect(problems).toEqual([]);
    });
  });

  describe('scrolling by touch', () => {
    it('swiping over a popup or slider, past the end of a long step or over a short one, never scrolls the page behind', async () => {
      const tall = (html: string) => html.replace('</main>', '<div style="height: 4000px">Inhalt</div></main>');
      for (const [mode, viewport, flow] of [
        ['popup', LANDSCAPE, flowOf(step('contact'))],
        ['slider', LANDSCAPE, flowOf(step('contact'))],
        ['popup', PORTRAIT, flowOf(step('role'))],
      ] as const) {
        const { page, cdp } = await phone(viewport);
        await load(page, flow, mode, tall);
        await tapOpen(page, mode);
        for (let i = 0; i < 4; i++) await swipe(cdp, viewport.width / 2, viewport.height - 40, -(viewport.height - 100));
        await sleep(300);
        expect(await page.evaluate(() => scrollY), `${mode} at ${viewport.width}: the page scrolled behind the modal`).toBe(0);
        if (flow.steps[0]!.id === 'contact') await expectNextReachable(page, `${mode}, after swiping`);
      }
    });

    // Found on the build before this file: the slider's form was 42 px taller than the screen
    // (`.lf-root`'s `all: initial` made it content-box, and `min-height: 100%` added its padding
    // and border), so a swipe dragged a short step up and cut its bottom off. Fixed meanwhile in
    // src/ui/styles.css (`box-sizing: border-box` on `.lf-dialog-slider .lf-root`).
    it('the slider does not scroll on a step that fits the screen', async () => {
      const { page, cdp } = await phone(PORTRAIT);
      await load(page, flowOf(step('role')), 'slider');
      await tapOpen(page, 'slider');
      await swipe(cdp, 160, 500, -300);
      await sleep(300);
      const panel = await page.evaluate(() => {
        const dialog = document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('dialog')!;
        return { scrollTop: dialog.scrollTop, overflow: dialog.scrollHeight - dialog.clientHeight };
      });
      expect(panel).toEqual({ scrollTop: 0, overflow: 0 });
    });

    // Was: the close button scrolled away with the form: at 320 px a slider has no backdrop to
    // tap and a phone no Escape key, so closing a long step meant swiping back to its top. It is
    // sticky now. It also sat over the right end of the progress bar.
    it('keeps the close button in view and tappable when a long step is scrolled, clear of the progress bar', async () => {
      for (const mode of ['popup', 'slider', 'bubble'] as const) {
        const { page, cdp } = await phone(LANDSCAPE);
        await load(page, flowOf(step('contact')), mode);
        await tapOpen(page, mode);
        const close = page.locator('[data-leadflow] .lf-close');
        const track = page.locator('[data-leadflow] .lf-progress-track');
        const [closeBox, trackBox] = [(await close.boundingBox())!, (await track.boundingBox())!];
        expect(trackBox.x + trackBox.width, `${mode}: the progress bar runs under the close button`).toBeLessThanOrEqual(closeBox.x);
        for (let i = 0; i < 3; i++) await swipe(cdp, 200, LANDSCAPE.height - 30, -200);
        await sleep(300);
        const after = (await close.boundingBox())!;
        const hit = await page.evaluate(({ x, y }) => {
          const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
          return root.elementFromPoint(x, y)?.className;
        }, { x: after.x + after.width / 2, y: after.y + after.height / 2 });
        expect({ top: after.y >= 0 && after.y + after.height <= LANDSCAPE.height, hit }, `${mode} after scrolling`).toEqual({ top: true, hit: 'lf-close' });
        await close.tap();
        await expect.poll(() => page.locator('[data-leadflow] dialog[open]').count()).toBe(0);
      }
    });
  });

  describe('the on-screen keyboard', () => {
    // The keyboard takes the lower half of the screen: the window shrinks while a field has
    // focus (as with `interactive-widget=resizes-content`, or Android before Chrome 108).
    it.each(OVERLAYS)('%s: with the keyboard up, the focused field and Next can be scrolled into the visible panel, and Next works', async (mode) => {
      for (const [viewport, keyboardUp] of [
        [PORTRAIT, { width: 320, height: 280 }],
        [LANDSCAPE, { width: 568, height: 170 }],
      ] as const) {
        const { page } = await phone(viewport);
        await load(page, flowOf(step('contact'), step('summary')), mode);
        await tapOpen(page, mode);
        for (const field of await page.locator('[data-leadflow] input.lf-input').all()) {
          await field.tap();
          await page.setViewportSize(keyboardUp);
          await field.scrollIntoViewIfNeeded();
          const visible = await field.evaluate((el) => {
            const r = el.getBoundingClientRect();
            const panel = el.closest('dialog')?.getBoundingClientRect() ?? { top: 0, bottom: innerHeight };
            return r.top >= Math.max(0, panel.top) && r.bottom <= Math.min(innerHeight, panel.bottom);
          });
          expect(visible, `${mode} at ${viewport.width}: field ${await field.getAttribute('id')} visible with the keyboard up`).toBe(true);
          await field.fill(typed((await field.getAttribute('type')) ?? 'text'));
          await page.setViewportSize(viewport);
        }
        const lastField = page.locator('[data-leadflow] input.lf-input').last();
        await lastField.tap();
        await page.setViewportSize(keyboardUp);
        await expectNextReachable(page, `${mode} at ${viewport.width} with the keyboard up`);
        await next(page).tap();
        await page.getByRole('heading', { name: de(step('summary').title) }).waitFor();
      }
    });
  });

  describe('quick and double taps', () => {
    /** A required question, then an optional one laid out the same way (Next in the same place). */
    const OPTIONAL_SECOND = flowOf(
      {
        id: 'size',
        type: 'single_choice',
        title: { de: 'Wie groß ist Ihr Team?' },
        options: [
          { id: 's', label: { de: 'Bis 10' } },
          { id: 'm', label: { de: '11 bis 50' } },
          { id: 'l', label: { de: 'Über 50' } },
        ],
      },
      {
        id: 'crm',
        type: 'single_choice',
        title: { de: 'Welches CRM nutzen Sie?' },
        required: false,
        options: [
          { id: 'sf', label: { de: 'Salesforce' } },
          { id: 'hs', label: { de: 'HubSpot' } },
          { id: 'none', label: { de: 'Keines' } },
        ],
      },
    );

    // A visitor who double-taps "Weiter" (a common habit): the second tap reaches the new step's
    // Next in the same place, as a click with `detail` 2. Without the check on Next
    // (src/ui/widget.tsx:88, 78a4859) it would pass a step that needs no input (an optional
    // question, a statement) unseen, and send the lead without it.
    it('a double tap on Next moves one step: an optional question after it is shown, not skipped', async () => {
      const { page, cdp } = await phone(PORTRAIT);
      await load(page, OPTIONAL_SECOND, 'inline');
      await within(page, '11 bis 50').tap();
      await doubleTap(page, cdp, next(page));
      expect((await heading(page).textContent())!.trim()).toBe('Welches CRM nutzen Sie? (optional)');
      expect(suite.receiver.posts()).toHaveLength(0);
    });

    // Was: a double tap on "Zurück" went back two steps: the second tap landed on the previous
    // step's Back, in the same place. Like Next, Back ignores a click with `detail > 1` now.
    it('a double tap on Back moves one step back', async () => {
      const { page, cdp } = await phone(PORTRAIT);
      const asked = (id: string, de: string): StepJson => ({ ...step('role'), id, title: { de } });
      await load(page, flowOf(asked('role1', 'Welche Rolle haben Sie im Projekt?'), asked('role2', 'Welche Rolle haben Sie im Team?'), asked('role3', 'Welche Rolle haben Sie im Einkauf?')), 'inline');
      for (const title of ['Welche Rolle haben Sie im Team?', 'Welche Rolle haben Sie im Einkauf?']) {
        await within(page, 'Ich empfehle').tap();
        await next(page).tap();
        await heading(page).filter({ hasText: title }).waitFor();
      }
      await doubleTap(page, cdp, page.getByRole('button', { name: 'Zurück' }));
      expect((await heading(page).textContent())!.trim()).toBe('Welche Rolle haben Sie im Team?');
    });

    it('a double tap on Submit sends one lead and shows the ending', async () => {
      const { page, cdp } = await phone(PORTRAIT);
      await load(page, flowOf(step('role')), 'inline');
      await within(page, 'Ich empfehle').tap();
      await doubleTap(page, cdp, next(page));
      await page.getByRole('heading', { name: de(END.title) }).waitFor();
      await theOnlyPost(suite.receiver);
    });

    // Was: in a popup, a visitor who double-tapped "Absenden" never saw the ending: the lead went
    // out once, but the thank-you screen is shorter than the last step, so the second tap hit the
    // dimmed area and closed the popup (and a hot lead lost the booking link).
    it('a double tap on Submit in a popup leaves the ending open', async () => {
      const { page, cdp } = await phone(PORTRAIT);
      await load(page, flowOf(step('role')), 'popup');
      await tapOpen(page, 'popup');
      await within(page, 'Ich empfehle').tap();
      await doubleTap(page, cdp, next(page));
      await expect.poll(() => suite.receiver.posts().length).toBe(1);
      expect(await page.getByRole('dialog').getByRole('heading', { name: de(END.title) }).isVisible(), 'the ending, in the open popup').toBe(true);
    });

    it('auto-advance: a tap on an option text moves one step, also when Next is tapped right after', async () => {
      const { page } = await phone(PORTRAIT);
      const flow = { ...flowOf(step('role'), step('interests'), step('project_name')), autoAdvance: true };
      await load(page, flow, 'inline');
      await within(page, 'Ich empfehle').tap();
      await heading(page).filter({ hasText: de(step('interests').title) }).waitFor({ timeout: 2000 });
      await page.getByRole('button', { name: 'Zurück' }).tap();
      await heading(page).filter({ hasText: de(step('role').title) }).waitFor();
      // The option, then Next at once, before the automatic step: one step only.
      await within(page, 'Ich entscheide').tap();
      await next(page).tap();
      // Past the moment the automatic step would have come: a timer of the page's own, set after
      // the widget's (350 ms from the option's click), runs after it, however busy the machine.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 700)));
      expect((await heading(page).textContent())!.trim()).toBe(de(step('interests').title));
    });

    /** A mobile landing page's sticky call to action at the bottom of the screen opens the popup. */
    const stickyOpener = (html: string) =>
      html.replace('<button type="button" data-leadflow-open>', '<button type="button" data-leadflow-open style="position: fixed; left: 0; right: 0; bottom: 0; height: 56px">');

    // Was: a double tap on a sticky "Projekt anfragen" bar opened the popup, and the second tap,
    // on the dimmed area below the short form, closed it again — remembered as closed, so no
    // trigger opened it for that visitor again. The backdrop ignores a double tap's second click.
    it('a double tap on a sticky opener leaves the popup open', async () => {
      const { page, cdp } = await phone(PORTRAIT);
      await load(page, flowOf(step('role')), 'popup', stickyOpener);
      await doubleTap(page, cdp, page.locator('button[data-leadflow-open]'));
      const state = await page.evaluate(() => ({
        open: document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('dialog')!.open,
        rememberedClosed: Object.keys(localStorage).some((key) => key.startsWith('leadflow:closed:')),
      }));
      expect(state).toEqual({ open: true, rememberedClosed: false });
    });

    // Was: a double tap on the floating bubble opened its panel and closed it again at once (and
    // the close was remembered). The bubble ignores a double tap's second click.
    it('a double tap on the bubble leaves its panel open', async () => {
      const { page, cdp } = await phone(PORTRAIT);
      await load(page, flowOf(step('role')), 'bubble');
      await doubleTap(page, cdp, page.locator('[data-leadflow] .lf-bubble'));
      const state = await page.evaluate(() => ({
        open: document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('dialog')!.open,
        rememberedClosed: Object.keys(localStorage).some((key) => key.startsWith('leadflow:closed:')),
      }));
      expect(state).toEqual({ open: true, rememberedClosed: false });
    });
  });
});
