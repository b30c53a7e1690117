import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { checkWithAxe, violationReport, type AxeCheck } from './support/a11y-axe.ts';
import { answerByKeyboard, STRONG_PERSONAS, stepTitled } from './support/a11y-keyboard.ts';
import {
  a11yPage,
  answerStep,
  controlKey,
  DE,
  de,
  deepFocus,
  DEMO_FLOWS,
  demoFlowJson,
  EVERY_QUESTION_ANSWERS,
  everyQuestionFlow,
  expectedControls,
  isQuestion,
  nextButton,
  OPENER,
  widgetControls,
  widgetHeading,
  type Answers,
  type DeepFocus,
  type FlowJson,
  type PageOptions,
  type StepJson,
} from './support/a11y-pages.ts';
import { sleep } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/**
 * Accessibility of the widget in Chromium, as dist/leadflow.js renders it into its shadow root:
 * axe-core's WCAG 2.0–2.2 A/AA rules on every question type in every state, focus management,
 * accessible names, the live region, target sizes, reflow at 320 px and 200 % zoom, the example
 * flows by keyboard alone, and reduced motion.
 *
 * The fixture (tests/e2e/fixtures/a11y-every-question.json) has one step of every type, all
 * questions required, so each has an error state.
 */
describe.skipIf(!chromiumPath)('accessibility in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;

  const flow = everyQuestionFlow();
  /** "Schritt N von M": every step but the ending counts. */
  const stepTotal = flow.steps.filter((step) => step.type !== 'end').length;

  let pages = 0;

  /** A new page with one widget on it; an overlay is opened with the page's opener button. */
  async function openWidget(options: Partial<PageOptions> = {}, context: BrowserContextOptions = {}): Promise<Page> {
    const { page } = await sessions.open(context);
    const url = suite.site.page(`/a11y-${++pages}.html`, a11yPage({ flow, webhook: suite.receiver.url, ...options }));
    await page.goto(url);
    if (options.mode && options.mode !== 'inline') {
      await page.getByRole('button', { name: OPENER }).click();
      await page.getByRole('dialog').waitFor();
    }
    await widgetHeading(page).waitFor();
    return page;
  }

  const headingText = async (page: Page) => ((await widgetHeading(page).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const errorsShown = (page: Page) => page.locator('[data-leadflow] .lf-error');

  interface WalkHooks {
    /** The step as it appears (before anything is answered). */
    shown?: (step: StepJson, index: number) => Promise<void>;
    /** After "Weiter" was pressed on the unanswered question (statements have no error state). */
    failed?: (step: StepJson, index: number) => Promise<void>;
    /** Answered validly, errors gone, before Next. */
    answered?: (step: StepJson, index: number) => Promise<void>;
  }

  /** Goes through `steps` (ending with the end step) with the mouse, calling the hooks at each state. */
  async function walk(page: Page, steps: StepJson[], hooks: WalkHooks, answers: Answers = EVERY_QUESTION_ANSWERS): Promise<void> {
    for (const [index, step] of steps.entries()) {
      await expect.poll(() => headingText(page), { message: `step ${index + 1} should be "${step.id}"` }).toBe(de(step.title));
      await hooks.shown?.(step, index);
      if (step.type === 'end') return;
      if (isQuestion(step) && hooks.failed) {
        // "Weiter", or "Absenden" on the last question.
        await nextButton(page).click();
        await errorsShown(page).first().waitFor();
        await hooks.failed(step, index);
      }
      await answerStep(page, step, answers);
      if (isQuestion(step) && hooks.answered) {
        await expect.poll(() => errorsShown(page).count(), { message: `errors left on "${step.id}" after a valid answer` }).toBe(0);
        await hooks.answered(step, index);
      }
      await nextButton(page).click();
    }
  }

  const label = (step: StepJson) => `${step.type} "${step.id}"`;

  /** axe on every step: as shown, after a failed Next, and answered. */
  async function axeEveryState(page: Page, steps: StepJson[]): Promise<AxeCheck[]> {
    const checks: AxeCheck[] = [];
    await walk(page, steps, {
      shown: async (step) => void checks.push(await checkWithAxe(page, `${label(step)}, as shown`)),
      failed: async (step) => void checks.push(await checkWithAxe(page, `${label(step)}, error state`)),
      answered: async (step) => void checks.push(await checkWithAxe(page, `${label(step)}, answered`)),
    });
    return checks;
  }

  function expectNoViolations(checks: AxeCheck[], expectedChecks: number): void {
    expect(checks.map((check) => check.state)).toHaveLength(expectedChecks);
    // A guard against a silent pass: axe must have looked into the widget's shadow root every time.
    expect(checks.filter((check) => !check.sawShadowDom).map((check) => check.state), 'checks where axe did not see the shadow DOM').toEqual([]);
    const report = violationReport(checks);
    // In full on stderr too: a long report is cut short in the assertion's diff.
    if (report) console.error(report);
    expect(report, 'axe violations (WCAG 2.2 A/AA)').toBe('');
  }

  describe('axe-core, WCAG 2.2 A/AA, on every question type', () => {
    it('inline: no violations on any step, as shown, after a failed Next and answered', async () => {
      const page = await openWidget();
      const checks = await axeEveryState(page, flow.steps);
      const questions = flow.steps.filter(isQuestion).length;
      expectNoViolations(checks, flow.steps.length + 2 * questions);
    });

    it('popup (a modal <dialog>): no violations for single choice, rating, consent and contact, nor on the page before it opens', async () => {
      const ids = ['role', 'nps', 'privacy', 'contact', 'end'];
      const popupFlow: FlowJson = { ...flow, steps: flow.steps.filter((step) => ids.includes(step.id)) };
      const { page } = await sessions.open();
      await page.goto(suite.site.page('/a11y-popup.html', a11yPage({ flow: popupFlow, webhook: suite.receiver.url, mode: 'popup' })));
      await page.getByRole('button', { name: OPENER }).waitFor();
      const closed = await checkWithAxe(page, 'page with the popup closed');
      expect(violationReport([closed]), 'axe violations (WCAG 2.2 A/AA)').toBe('');

      await page.getByRole('button', { name: OPENER }).click();
      await page.getByRole('dialog', { name: de(flow.title) }).waitFor();
      const checks = await axeEveryState(page, popupFlow.steps);
      expectNoViolations(checks, 5 + 2 * 4);
    });
  });

  describe('focus, names, announcements, target size and reflow on every step', () => {
    /** `INPUT#id[type=value]`, the key `widgetControls` gives the same element. */
    const keyOf = (focus: DeepFocus) =>
      `${focus.tag}${focus.id ? `#${focus.id}` : ''}[${focus.type}=${focus.type === 'radio' || focus.type === 'checkbox' ? focus.value : ''}]`;

    const expectedError = (step: StepJson) =>
      step.type === 'consent'
        ? DE.issues.consent_required
        : step.type === 'contact'
          ? DE.fillIn
          : step.id === 'industry'
            ? 'Bitte wählen Sie eine Branche.'
            : DE.issues.required;

    /** Focus is on `key`, marked invalid, and described by a visible error saying `message`. */
    async function expectFocusOnInvalidField(page: Page, key: string, message: string, where: string): Promise<void> {
      await expect.poll(async () => {
        const focus = await deepFocus(page);
        return focus && keyOf(focus);
      }, { message: `focus after a failed Next on ${where}` }).toBe(key);
      const focus = (await deepFocus(page))!;
      expect(focus.ariaInvalid, `aria-invalid of the focused field on ${where}`).toBe('true');
      const errors = focus.describedBy.filter((d) => d.className.split(' ').includes('lf-error'));
      expect(errors, `aria-describedby of the focused field on ${where}: ${JSON.stringify(focus.describedBy)}`).toHaveLength(1);
      expect(errors[0]).toMatchObject({ found: true, visible: true });
      // (Read with its white space collapsed: the no-break space in "z. B." too.)
      expect(errors[0]!.text).toBe(`${DE.error} ${message}`.replace(/\s+/g, ' '));
      // Every id it names exists, so nothing is read out as missing.
      expect(focus.describedBy.filter((d) => !d.found)).toEqual([]);
    }

    it('focus lands on the heading after each Next; a failed Next focuses the first invalid field, described by its visible error', async () => {
      const page = await openWidget();
      // The widget does not take focus from the page it loads into.
      expect(await deepFocus(page)).toBeNull();
      const expectHeadingFocused = (step: StepJson, how: string) =>
        expect
          .poll(() => deepFocus(page), { message: `focus after ${how} ${label(step)}` })
          .toMatchObject({ tag: 'H2', text: de(step.title), inWidget: true });
      await walk(page, flow.steps, {
        shown: async (step, index) => {
          if (index === 0) return;
          await expectHeadingFocused(step, 'moving to');
          if (index === 2) {
            // Back, then forward again: focus follows both ways.
            await page.getByRole('button', { name: DE.back, exact: true }).click();
            await expectHeadingFocused(flow.steps[1]!, 'going back to');
            await nextButton(page).click();
            await expectHeadingFocused(step, 'coming forward again to');
          }
        },
        failed: async (step) => {
          const [first] = await widgetControls(page);
          await expectFocusOnInvalidField(page, first!, expectedError(step), label(step));
          if (step.type === 'contact') {
            // Name fixed, e-mail wrong: the next failed Next goes to the e-mail field.
            await page.getByRole('textbox', { name: DE.fields.name, exact: true }).fill('Erika Mustermann');
            await page.getByRole('textbox', { name: DE.fields.email, exact: true }).fill('erika@');
            await page.getByRole('button', { name: DE.next, exact: true }).click();
            const email = (await widgetControls(page))[step.fields!.findIndex((field) => field.kind === 'email')];
            await expectFocusOnInvalidField(page, email!, DE.issues.invalid_email, 'the contact step with a wrong e-mail');
          }
        },
      });
    });

    it('every field has the accessible name of its visible label (getByRole finds each), and nothing else is exposed', async () => {
      const page = await openWidget();
      await walk(page, flow.steps, {
        shown: async (step, index) => {
          const expected = expectedControls(step);
          const controls = await widgetControls(page);
          const found: string[] = [];
          for (const { role, name } of expected) {
            const control = page.getByRole(role, { name, exact: true });
            expect(await control.count(), `${role} "${name}" on ${label(step)}`).toBe(1);
            found.push(await control.evaluate(controlKey));
          }
          expect(found.sort(), `controls on ${label(step)} found by role and name`).toEqual([...controls].sort());
          // No other field of these roles is exposed (the honeypot stays hidden from assistive technology).
          for (const role of ['radio', 'checkbox', 'combobox', 'textbox'] as const)
            expect(await page.getByRole(role).count(), `${role}s on ${label(step)}`).toBe(expected.filter((e) => e.role === role).length);
          if (step.type === 'end') {
            expect(await page.getByRole('link', { name: 'Termin buchen' }).count()).toBe(1);
            return;
          }
          const last = index === flow.steps.length - 2;
          expect(await page.getByRole('button', { name: last ? DE.submit : DE.next, exact: true }).count(), `Next on ${label(step)}`).toBe(1);
          expect(await page.getByRole('button', { name: DE.back, exact: true }).count(), `Back on ${label(step)}`).toBe(index === 0 ? 0 : 1);
          if (step.type === 'consent') expect(await page.getByRole('link', { name: DE.privacy }).count()).toBe(1);
        },
      });
    });

    /** The accessible name and description Chromium computes for the field named `name`, from its accessibility tree. */
    async function nameAndDescription(page: Page, role: string, name: string): Promise<string> {
      const cdp = await page.context().newCDPSession(page);
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
        nodes: Array<{ role?: { value: string }; name?: { value: string }; description?: { value: string } }>;
      };
      const node = nodes.find((n) => n.role?.value === role && n.name?.value.startsWith(name));
      expect(node, `${role} "${name}" in the accessibility tree`).toBeDefined();
      return `${node!.name!.value} | ${node!.description?.value ?? ''}`;
    }

    // Was a bug (src/ui/questions/input-question.tsx): a number question's unit ("Euro") was a
    // bare <span> after the input, neither in its label nor in its aria-describedby, so a screen
    // reader read "Welches Budget ist eingeplant?, Eingabefeld" without the unit (WCAG 1.3.1, 3.3.2).
    it('a number question\'s unit is read with its field (name or description)', async () => {
      const budget = flow.steps.find((step) => step.id === 'budget')!;
      const page = await openWidget({ flow: { ...flow, steps: flow.steps.filter((step) => ['budget', 'end'].includes(step.id)) } });
      await expect.poll(() => headingText(page)).toBe(de(budget.title));
      expect(await nameAndDescription(page, 'textbox', de(budget.title))).toContain('Euro');
    });

    // Was a bug (src/ui/i18n/messages.ts, src/engine/step-kinds.ts): a date outside min/max got
    // "Bitte wählen Sie ein Datum im angegebenen Zeitraum." without the range; WCAG 3.3.3 asks for
    // the known correction, so the error now names the bound that was crossed.
    it('an out-of-range date is refused with an error that names the allowed range', async () => {
      const date = flow.steps.find((step) => step.id === 'start_date')!;
      // Without the fixture's description, which states the range in the flow's own words.
      const { description: _, ...bare } = date;
      const page = await openWidget({ flow: { ...flow, steps: [bare, flow.steps.at(-1)!] } });
      await page.getByRole('textbox', { name: de(date.title), exact: true }).fill('2030-01-01');
      await nextButton(page).click();
      await errorsShown(page).first().waitFor();
      const error = (await errorsShown(page).first().textContent()) ?? '';
      expect(error, 'the error for 01.01.2030 (allowed: 01.01.2026–31.12.2027)').toBe('Fehler: Bitte wählen Sie ein Datum bis zum 31. Dezember 2027.');
    });

    // Also after Back: a screen reader hears where it is whichever way the visitor moved.
    it('the polite live region says "Schritt N von M" after each step change', async () => {
      const page = await openWidget();
      const live = page.locator('[data-leadflow] [aria-live="polite"]');
      expect(await live.count()).toBe(1);
      await walk(page, flow.steps, {
        shown: async (step, index) => {
          if (index === 0 || step.type === 'end') return;
          const says = (n: number, how: string) =>
            expect
              .poll(async () => ((await live.textContent()) ?? '').trim(), { message: `live region after ${how} ${label(step)}`, timeout: 2_000 })
              .toBe(`Schritt ${n} von ${stepTotal}`);
          await says(index + 1, 'moving to');
          if (index === 2) {
            await page.getByRole('button', { name: DE.back, exact: true }).click();
            await says(index, 'going back from');
            await nextButton(page).click();
            await says(index + 1, 'coming forward again to');
          }
        },
      });
    });

    it('targets (buttons, links styled as buttons, option labels, the close button) are at least 24 × 24 px', async () => {
      const page = await openWidget({ mode: 'popup' }, { viewport: { width: 360, height: 740 } });
      const tooSmall: string[] = [];
      const measure = async (where: string) => {
        const targets = await page.evaluate(() =>
          [...document.querySelector('[data-leadflow]')!.shadowRoot!.querySelectorAll('button, a.lf-button, label.lf-option')]
            .filter((el) => el.checkVisibility())
            .map((el) => {
              const { width, height } = el.getBoundingClientRect();
              return { target: `${el.tagName.toLowerCase()}.${el.className.replace(/ /g, '.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`, width, height };
            }),
        );
        expect(targets.length, `targets on ${where}`).toBeGreaterThan(0);
        for (const t of targets) if (t.width < 24 || t.height < 24) tooSmall.push(`${where}: ${t.target} is ${t.width} × ${t.height}`);
      };
      await walk(page, flow.steps, {
        shown: (step) => measure(`${label(step)}, as shown`),
        failed: (step) => measure(`${label(step)}, error state`),
      });
      expect(tooSmall).toEqual([]);
    });

    /** Nothing scrolls sideways, and no part of the widget sticks out past the viewport's right edge. */
    async function expectReflow(page: Page, where: string): Promise<void> {
      const layout = await page.evaluate(() => {
        const scroller = document.scrollingElement!;
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const viewport = document.documentElement.getBoundingClientRect().width;
        const outside = [...root.querySelectorAll('*')]
          // What a screen-reader-only box holds is clipped to nothing (overflow: hidden), however long.
          .filter((el) => el.getBoundingClientRect().right > viewport + 0.5 && el.checkVisibility() && !el.parentElement?.closest('.lf-sr-only'))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth, outside };
      });
      expect(layout.scrollWidth, `scrollWidth on ${where} (clientWidth ${layout.clientWidth})`).toBeLessThanOrEqual(layout.clientWidth);
      expect(layout.outside, `widget elements past the right edge on ${where}`).toEqual([]);
    }

    const reflowEveryState = (page: Page) =>
      walk(page, flow.steps, {
        shown: (step) => expectReflow(page, `${label(step)}, as shown`),
        failed: (step) => expectReflow(page, `${label(step)}, error state`),
      });

    it('reflows at 320 CSS px: no horizontal scrolling on any step (WCAG 1.4.10)', async () => {
      const page = await openWidget({}, { viewport: { width: 320, height: 640 } });
      expect(await page.evaluate(() => document.scrollingElement!.clientWidth)).toBe(320);
      await reflowEveryState(page);
    });

    it('reflows at 200 % zoom of a 640 px window: no horizontal scrolling on any step', async () => {
      const page = await openWidget({}, { viewport: { width: 640, height: 720 } });
      // CSS zoom on the root scales every length, as browser zoom does: 640 px hold 320 CSS px.
      await page.evaluate(() => (document.documentElement.style.zoom = '2'));
      expect(await page.evaluate(() => Math.round(document.documentElement.getBoundingClientRect().width / 2))).toBe(320);
      await reflowEveryState(page);
    });
  });

  describe('keyboard only: every example flow to its ending', () => {

    /** Waits until focus is on a step heading other than `previous` (focus moves in an effect after rendering). */
    async function focusedNewHeading(page: Page, previous: string): Promise<string> {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const focus = await deepFocus(page);
        if (focus?.tag === 'H2' && focus.inWidget && focus.text !== previous) return focus.text;
        if (Date.now() > deadline) {
          const errors = await errorsShown(page).allTextContents();
          throw new Error(`no new step after "${previous}": focus is on ${JSON.stringify(focus && { tag: focus.tag, text: focus.text, value: focus.value })}; errors shown: ${JSON.stringify(errors)}`);
        }
        await sleep(25);
      }
    }

    /** Records pointer and mouse input on the page, which a keyboard-only run must not cause. */
    const recordPointerInput = (page: Page) =>
      page.addInitScript(() => {
        const seen: string[] = [];
        Object.assign(window, { __pointerInput: seen });
        for (const type of ['pointerdown', 'mousedown', 'touchstart'])
          window.addEventListener(type, (event) => event.isTrusted && seen.push(type), true);
      });

    async function completeByKeyboard(name: string, flowJson: FlowJson, url: string, answers: Answers, end: string): Promise<void> {
      const { page } = await sessions.open();
      await recordPointerInput(page);
      await page.goto(url);
      await widgetHeading(page).waitFor();
      expect(await deepFocus(page), 'focus before the first key').toBeNull();

      let step = stepTitled(flowJson.steps, await headingText(page));
      const path = [step.id];
      while (step.type !== 'end') {
        if (path.length > flowJson.steps.length) throw new Error(`${name}: no ending after ${path.join(' → ')}`);
        await answerByKeyboard(page, step, answers);
        step = stepTitled(flowJson.steps, await focusedNewHeading(page, de(step.title)));
        path.push(step.id);
      }
      expect(step.id, `${name}: the ending reached (${path.join(' → ')})`).toBe(end);
      expect(await page.getByRole('heading', { name: de(step.title) }).isVisible()).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { __pointerInput: string[] }).__pointerInput), 'pointer input').toEqual([]);

      const { data } = (await theOnlyPost(suite.receiver)).body as LeadEnvelope;
      expect(data.flow.id).toBe(flowJson.id);
      expect(data.meta.ending).toBe(end);
    }

    it.each(DEMO_FLOWS)('demo/flows/%s.json: a strong prospect reaches the sales ending using only the keyboard; one lead arrives', async (name) => {
      const persona = STRONG_PERSONAS[name];
      const url = suite.site.page(
        `/keyboard-${name}.html`,
        a11yPage({ flow: `/flows/${name}.json`, webhook: suite.receiver.url, ...(persona.hidden && { hidden: persona.hidden }) }),
      );
      await completeByKeyboard(name, demoFlowJson(name), url, persona.answers, persona.end);
    });

    it('the fixture with every question type (drop-down, date, rating, long text, statement) by keyboard; one lead arrives', async () => {
      const url = suite.site.page('/keyboard-every-question.html', a11yPage({ flow, webhook: suite.receiver.url }));
      await completeByKeyboard('every question', flow, url, EVERY_QUESTION_ANSWERS, 'end');
    });
  });

  describe('prefers-reduced-motion: reduce', () => {
    it('no transition or animation runs in the widget while steps change', async () => {
      const { page } = await sessions.open();
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(suite.site.page('/reduced-motion.html', a11yPage({ flow, webhook: suite.receiver.url })));
      await widgetHeading(page).waitFor();
      expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);

      // Samples every element (and its ::before/::after) on each change in the shadow root and for
      // ten frames after it, so a transition started by a class change is caught while it runs.
      await page.evaluate(() => {
        const host = document.querySelector('[data-leadflow]')!;
        const root = host.shadowRoot!;
        const moving = new Set<string>();
        const state = { samples: 0, moving };
        Object.assign(window, { __motion: state });
        const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replace(/ /g, '.')}` : ''}`;
        const sample = () => {
          state.samples++;
          for (const el of [host, ...root.querySelectorAll('*')])
            for (const pseudo of [null, '::before', '::after']) {
              const style = getComputedStyle(el, pseudo);
              if (style.transitionDuration.split(',').some((d) => parseFloat(d) > 0) && style.transitionProperty !== 'none')
                moving.add(`${name(el)}${pseudo ?? ''}: transition ${style.transitionProperty} ${style.transitionDuration}`);
              if (style.animationName !== 'none') moving.add(`${name(el)}${pseudo ?? ''}: animation ${style.animationName}`);
            }
          for (const animation of [...root.getAnimations(), ...document.getAnimations()])
            if (animation.playState === 'running') moving.add(`running ${animation.constructor.name} on ${(animation.effect as KeyframeEffect | null)?.target?.tagName ?? '?'}`);
        };
        new MutationObserver(() => {
          sample();
          let frames = 0;
          const tick = () => {
            sample();
            if (++frames < 10) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      });

      // Forward, a failed Next, back and forward again.
      const [first, second, third] = flow.steps as [StepJson, StepJson, StepJson];
      await answerStep(page, first, EVERY_QUESTION_ANSWERS);
      await nextButton(page).click();
      await expect.poll(() => headingText(page)).toBe(de(second.title));
      await nextButton(page).click();
      await errorsShown(page).first().waitFor();
      await page.getByRole('button', { name: DE.back, exact: true }).click();
      await expect.poll(() => headingText(page)).toBe(de(first.title));
      await nextButton(page).click();
      await answerStep(page, second, EVERY_QUESTION_ANSWERS);
      await nextButton(page).click();
      await expect.poll(() => headingText(page)).toBe(de(third.title));
      await sleep(300);

      const motion = await page.evaluate(() => {
        const state = (window as unknown as { __motion: { samples: number; moving: Set<string> } }).__motion;
        return { samples: state.samples, moving: [...state.moving] };
      });
      expect(motion.samples, 'style samples taken during the step changes').toBeGreaterThan(20);
      expect(motion.moving).toEqual([]);
    });
  });
});
