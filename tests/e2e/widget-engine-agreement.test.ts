import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import type { Flow, Step } from '../../src/engine/index.ts';
import { pressUntil } from './support/a11y-keyboard.ts';
import { deepFocus as deepFocusOf } from './support/a11y-pages.ts';
import {
  de,
  DEMO_FLOW_NAMES,
  describePlan,
  engineOutcome,
  generatePlan,
  loadJson,
  play,
  progressProblems,
  readDemoJson,
  type Driver,
  type Outcome,
  type StepEntries,
  type VisitorPlan,
} from './support/agreement.ts';
import { landingPage, recordedEvents, recordLeadFlowEvents } from './support/pages.ts';
import { SCRIPT_TAG, widgetElement } from './support/embed-pages.ts';
import { browserSuite } from './support/suite.ts';
import { caseSeed, replay } from '../engine/support/random.ts';
import { uiMessages } from '../../src/ui/i18n/messages.ts';

/**
 * Differential test: a seeded random visitor (random choices and selections, numbers at band
 * edges typed the German way, optional questions skipped, Back and changed answers) answers a
 * demo flow in the built widget (dist/leadflow.js, real Chromium, mouse or keyboard), and the
 * same plan is played on the engine. Path, progress labels, ending and the lead that reaches
 * the webhook must be what the engine says. LEADFLOW_SEED=<seed> replays one case.
 */

const chromiumPath = inject('chromiumPath');
const DE = uiMessages.de!;
/**
 * Browser walks per demo flow: 8 flows × 2 = 16 (about 2.5 s each on a 2-core machine; the whole
 * CI run stays under 15 minutes). More seeds run locally with `LEADFLOW_SEED` or a larger count.
 */
const WALKS_PER_FLOW = 2;
const BASE_SEED = 0xa9ee;
/** saas-bant with an "other" option on its first question, and its walks: 16 + 3 = 19 in all. */
const OTHER_FLOW = 'saas-bant-other';
const OTHER_WALKS = 3;

function withOtherOption(): Record<string, unknown> {
  const json = readDemoJson('saas-bant') as { steps: Array<{ id: string; options?: unknown[] }> };
  json.steps.find((s) => s.id === 'role')!.options!.splice(3, 0, { id: 'other', label: { de: 'Etwas anderes', en: 'Something else' }, other: true });
  return json;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An accessible name, with the "(optional)" an optional field's label carries. */
const named = (text: string) => new RegExp(`^${escape(text)}( ${escape(DE.optional)})?$`);

/**
 * What the widget shows at one moment, read in one round trip: the step heading (level 2),
 * the progress label, the Next button's text, whether Back is offered, and whether focus is on
 * the heading. `null` where the widget shows no such element (an ending has no progress bar).
 */
interface Screen {
  heading: string | null;
  label: string | null;
  button: string | null;
  canGoBack: boolean;
  focusOnHeading: boolean;
}

/** The widget in a real page, driven as a visitor: by role and label, with the mouse or the keyboard. */
class BrowserDriver implements Driver {
  readonly widget: Locator;
  /** `leadflow:*` events of the pages before a reload (each page load records its own). */
  readonly earlierEvents: Array<{ type: string; detail: unknown }> = [];
  /** After a reload nothing has focus: Next is then clicked, whatever the visitor's habit. */
  private reloaded = false;
  /**
   * What the widget showed when last read, until the visitor does something: `play` asks for the
   * step, its progress label and the button one after the other, and each round trip to Chromium
   * costs CPU the CI has little of. Every action (enter, Next, Back, reload) forgets it.
   */
  private seen: Screen | undefined;
  constructor(
    readonly page: Page,
    readonly flow: Flow,
    readonly input: VisitorPlan['input'],
  ) {
    this.widget = page.locator('[data-leadflow]');
  }

  readonly heading = () => this.widget.getByRole('heading', { level: 2 });
  private readonly progressbar = () => this.widget.getByRole('progressbar');
  private submitButton = () => this.widget.getByRole('button', { name: new RegExp(`^(${DE.next}|${DE.submit})$`) });
  private readonly backButton = () => this.widget.getByRole('button', { name: DE.back, exact: true });

  /**
   * Reads the screen: the elements are still found by role and name (one locator matching any of
   * them), then told apart and read in the page. More than one of a kind fails, as a strict
   * locator would.
   */
  private async screen(): Promise<Screen> {
    const found = await this.heading()
      .or(this.progressbar())
      .or(this.submitButton())
      .or(this.backButton())
      .evaluateAll((elements, back) => {
        const collapse = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
        let focused: Element | null = document.activeElement;
        while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
        return elements.map((el) => {
          const kind = el.getAttribute('role') === 'progressbar' ? 'label' : el.tagName === 'BUTTON' ? (collapse(el.textContent) === back ? 'back' : 'button') : 'heading';
          const text = kind === 'label' ? (el.getAttribute('aria-valuetext') ?? '') : kind === 'heading' ? collapse(el.textContent) : (el.textContent ?? '').trim();
          return { kind, text, focused: el === focused };
        });
      }, DE.back);
    const one = (kind: string) => {
      const all = found.filter((f) => f.kind === kind);
      if (all.length > 1) throw new Error(`the widget shows ${all.length} elements of kind "${kind}": ${JSON.stringify(all)}`);
      return all[0];
    };
    const heading = one('heading');
    const screen: Screen = {
      heading: heading?.text ?? null,
      label: one('label')?.text ?? null,
      button: one('button')?.text ?? null,
      canGoBack: one('back') !== undefined,
      focusOnHeading: heading?.focused ?? false,
    };
    this.seen = screen;
    return screen;
  }

  private async shown(): Promise<Screen> {
    return this.seen ?? this.screen();
  }

  async headingText(): Promise<string> {
    const { heading } = await this.shown();
    if (heading === null) throw new Error('the widget shows no step heading');
    return heading;
  }

  async currentStepId(): Promise<string> {
    const text = await this.headingText();
    const step = this.flow.steps.find((s) => text === de(this.flow, s.title) || text === `${de(this.flow, s.title)} ${DE.optional}`);
    if (!step) throw new Error(`the widget shows a heading no step has: "${text}"`);
    return step.id;
  }

  async progressLabel(): Promise<string> {
    return (await this.shown()).label ?? '';
  }

  async buttonText(): Promise<string> {
    const { button } = await this.shown();
    if (button === null) throw new Error(`the widget shows no "${DE.next}" or "${DE.submit}" button`);
    return button;
  }

  private async focusFirstField(role: 'radio' | 'checkbox' | 'field') {
    await pressUntil(this.page, (f) => f.inWidget && f.tag === 'INPUT' && (role === 'field' ? f.type !== 'radio' && f.type !== 'checkbox' : f.type === role), `the first ${role}`);
  }

  /** Replaces what a focused field holds by `text`, as a keyboard user does. */
  private async retype(text: string) {
    await this.page.keyboard.press('ControlOrMeta+A');
    if (text) await this.page.keyboard.type(text);
    else await this.page.keyboard.press('Backspace');
  }

  /**
   * Whether each checkbox on screen is ticked, by its label, in one round trip (the boxes found
   * by role). Every option must have exactly its box, in the flow's order: the keyboard visitor's
   * letter shortcuts count on it.
   */
  private async ticked(step: Extract<Step, { type: 'multiple_choice' }>): Promise<boolean[]> {
    const boxes = await this.widget
      .getByRole('checkbox')
      .evaluateAll((elements) =>
        elements.map((el) => {
          const box = el as HTMLInputElement;
          // The label's text as its accessible name has it: without what is hidden from assistive technology (an icon).
          const label = box.labels?.[0]?.cloneNode(true) as HTMLElement | undefined;
          label?.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
          return { name: (label?.textContent ?? '').replace(/\s+/g, ' ').trim(), checked: box.checked };
        }),
      );
    expect(boxes.map((box) => box.name), `the checkboxes of "${step.id}"`).toEqual(step.options.map((option) => de(this.flow, option.label)));
    return boxes.map((box) => box.checked);
  }

  async enter(step: Step, entries: StepEntries): Promise<void> {
    this.seen = undefined;
    const keys = this.input === 'keyboard';
    const label = (id: string) => de(this.flow, 'options' in step ? step.options.find((o) => o.id === id)!.label : undefined);
    switch (step.type) {
      case 'single_choice': {
        const value = entries[step.id]!.value as string;
        if (!keys) await this.widget.getByRole('radio', { name: label(value), exact: true }).check();
        else {
          await this.focusFirstField('radio');
          // Letter shortcuts: A is the first option.
          await this.page.keyboard.press(String.fromCharCode(65 + step.options.findIndex((o) => o.id === value)));
        }
        const other = entries[`${step.id}_other`]?.value;
        if (other === undefined) return;
        // The text field "other" brings, labelled with the option's label.
        const field = this.widget.getByRole('textbox', { name: label(value), exact: true });
        if (!keys) return field.fill(String(other));
        await field.waitFor();
        await this.page.keyboard.press('Tab');
        return this.retype(String(other));
      }
      case 'multiple_choice': {
        const wanted = new Set((entries[step.id]!.value as string[] | undefined) ?? []);
        if (keys) await this.focusFirstField('checkbox');
        const checked = await this.ticked(step);
        for (const [i, option] of step.options.entries()) {
          if (checked[i] === wanted.has(option.id)) continue;
          if (keys) await this.page.keyboard.press(String.fromCharCode(65 + i));
          else await this.widget.getByRole('checkbox', { name: de(this.flow, option.label), exact: true }).setChecked(wanted.has(option.id));
        }
        return;
      }
      case 'number': {
        const entry = entries[step.id]!;
        const typed = entry.typed ?? '';
        if (!keys) return this.widget.getByRole('textbox').fill(typed);
        await this.focusFirstField('field');
        return this.retype(typed);
      }
      case 'consent': {
        const box = this.widget.getByRole('checkbox', { name: de(this.flow, step.label) });
        if (!keys) return box.setChecked(true);
        await this.focusFirstField('checkbox');
        if (!(await box.isChecked())) await this.page.keyboard.press('Space');
        return;
      }
      case 'contact': {
        if (keys) await this.focusFirstField('field');
        for (const [i, field] of step.fields.entries()) {
          const text = String(entries[field.id]?.value ?? '');
          if (!keys) await this.widget.getByRole('textbox', { name: named(de(this.flow, field.label) || DE.fields[field.kind]) }).fill(text);
          else {
            await this.retype(text);
            if (i < step.fields.length - 1) await this.page.keyboard.press('Tab');
          }
        }
        return;
      }
      default:
        throw new Error(`no browser input for "${step.type}"`);
    }
  }

  async next(step: Step): Promise<void> {
    const before = await this.headingText();
    this.seen = undefined;
    // The keyboard visitor presses Enter in the field (or on the option) that has focus.
    if (this.input === 'keyboard' && !this.reloaded) await this.page.keyboard.press('Enter');
    else await this.submitButton().click();
    this.reloaded = false;
    await this.moved(before, `Next on "${step.id}"`);
  }

  async canGoBack(): Promise<boolean> {
    return (await this.shown()).canGoBack;
  }

  async back(): Promise<void> {
    const before = await this.headingText();
    this.seen = undefined;
    await this.backButton().click();
    await this.moved(before, 'Back');
  }

  async reload(): Promise<void> {
    this.seen = undefined;
    this.earlierEvents.push(...(await recordedEvents(this.page)));
    await this.page.reload();
    await this.heading().first().waitFor();
    this.reloaded = true;
  }

  /**
   * Waits for another step's heading; on a refusal, says what the widget showed. The screen read
   * when it has come is what the new step shows as it appears (`play` reads it next).
   */
  private async moved(before: string, what: string) {
    for (let waited = 0; waited < 5000; waited += 25) {
      const now = await this.screen();
      // The widget moves focus to the new heading (README, Accessibility): a keyboard visitor
      // goes on from there, so keys pressed before it would land elsewhere.
      if (now.heading !== null && now.heading !== before && now.focusOnHeading) return;
      await this.page.waitForTimeout(25);
    }
    this.seen = undefined;
    const errors = await this.widget.locator('.lf-error').allTextContents();
    const now = await this.headingText();
    throw new Error(
      now === before
        ? `${what}: the widget stayed on "${before}"; it shows: ${JSON.stringify(errors.filter(Boolean))}`
        : `${what}: "${now}" is shown, but focus is not on its heading: ${JSON.stringify(await deepFocusOf(this.page))}`,
    );
  }
}

/** The path the widget walked, from its `leadflow:step` events (index = position on the path). */
function pathFromEvents(events: Array<{ type: string; detail: unknown }>, first: string): string[] {
  const path = [first];
  for (const { type, detail } of events) {
    if (type !== 'leadflow:step') continue;
    const { stepId, index } = detail as { stepId: string; index: number };
    path.length = index;
    path[index] = stepId;
  }
  return path;
}

describe.skipIf(!chromiumPath)('the widget in Chromium agrees with the engine on random visitors of every demo flow', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const pages: Record<string, string> = {};

  /** Where a tab waits between two visitors: a page of the same site without the widget. */
  let between = '';

  beforeAll(() => {
    between = suite.site.page('/agree-between-visitors.html', landingPage(''));
    for (const name of DEMO_FLOW_NAMES) pages[name] = landing(name, `/flows/${name}.json`);
    suite.site.route(`/flows-derived/${OTHER_FLOW}.json`, { body: JSON.stringify(withOtherOption()), contentType: 'application/json' });
    pages[OTHER_FLOW] = landing(OTHER_FLOW, `/flows-derived/${OTHER_FLOW}.json`);
  });

  const landing = (name: string, flowUrl: string) =>
    suite.site.page(
      `/agree-${name}.html`,
      landingPage(widgetElement({ '': flowUrl, webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, lazy: 'false' }) + SCRIPT_TAG),
    );

  /**
   * A tab for the next visitor of a test. A new one costs Chromium about a second of CPU (a
   * renderer process, and the widget's script compiled in it), several times what a visitor's
   * walk costs: the visitors of one test share a tab, and each later one starts with nothing
   * the earlier left. The tab leaves the widget's page for a page of the same site (its
   * pagehide has run, so nothing it writes comes after), then that site's sessionStorage
   * (progress, first touch) and localStorage (outbox, A/B assignment) are emptied. Each visitor
   * still gets a page of its own, loaded without a referrer, as in a new tab.
   */
  async function visitorTab(used: Page | undefined): Promise<Page> {
    if (!used) {
      const { page } = await suite.sessions.open();
      await recordLeadFlowEvents(page);
      return page;
    }
    await used.goto(between);
    await used.context().clearCookies();
    const left = await used.evaluate(() => {
      sessionStorage.clear();
      localStorage.clear();
      return [...Object.keys(sessionStorage), ...Object.keys(localStorage)];
    });
    if (left.length) throw new Error(`storage left from the previous visitor: ${JSON.stringify(left)}`);
    return used;
  }

  /** One visitor in the browser (in `page`, from `visitorTab`): what they saw on the way, and the lead the receiver got. */
  async function browserWalk(page: Page, flow: Flow, plan: VisitorPlan) {
    await page.goto(`${pages[plan.flow]}?${new URLSearchParams(plan.hidden)}`);
    const driver = new BrowserDriver(page, flow, plan.input);
    await driver.heading().first().waitFor();
    const { showings, ending } = await play(flow, plan, driver);
    const events = [...driver.earlierEvents, ...(await recordedEvents(page))];
    const submit = events.find((e) => e.type === 'leadflow:submit');
    if (!submit) throw new Error(`no leadflow:submit; events: ${JSON.stringify(events.map((e) => e.type))}`);
    const leadId = (submit.detail as { leadId: string }).leadId;
    const post = await expect
      .poll(() => suite.receiver.posts().find((p) => (p.body as LeadEnvelope | undefined)?.data.id === leadId), { timeout: 10_000 })
      .toBeDefined()
      .then(() => suite.receiver.posts().find((p) => (p.body as LeadEnvelope).data.id === leadId)!);
    const qualified = events.find((e) => e.type === 'leadflow:qualified')?.detail;
    return { showings, ending, path: pathFromEvents(events, flow.steps[0]!.id), lead: (post.body as LeadEnvelope).data, submit: submit.detail, qualified };
  }

  /** Everything the widget and the engine must agree on, side by side. */
  function compare(flow: Flow, plan: VisitorPlan, engine: Outcome, browser: Awaited<ReturnType<typeof browserWalk>>) {
    const context = `seed ${plan.seed} (replay: LEADFLOW_SEED=${plan.seed}); plan ${describePlan(plan)}`;
    const { lead } = browser;
    const seen = {
      path: browser.path,
      ending: browser.ending,
      metaEnding: lead.meta['ending'],
      showings: browser.showings,
      answers: lead.answers,
      contact: lead.contact,
      hidden: lead.hidden,
      score: lead.score,
      submit: browser.submit,
      qualified: browser.qualified,
    };
    const expected = {
      path: engine.path,
      ending: engine.ending,
      metaEnding: engine.ending,
      showings: engine.showings,
      answers: engine.answers,
      contact: engine.contact,
      hidden: plan.hidden,
      score: JSON.parse(JSON.stringify(engine.score)),
      submit: { flow: { id: flow.id, version: flow.version }, variant: null, leadId: lead.id, tier: engine.score.tier, route: engine.score.route },
      qualified: { flow: { id: flow.id, version: flow.version }, leadId: lead.id, tier: engine.score.tier, total: engine.score.total, route: engine.score.route, qualified: engine.score.qualified },
    };
    expect(seen, context).toEqual(expected);
    expect(progressProblems(browser.showings), `${context}\nprogress label and Next button in the widget`).toEqual([]);
  }

  const cases: Array<[name: string, json: Record<string, unknown>, walks: number]> = [
    ...DEMO_FLOW_NAMES.map((name): [string, Record<string, unknown>, number] => [name, readDemoJson(name), WALKS_PER_FLOW]),
    // No demo flow has an "other" option: saas-bant with one on its first question.
    [OTHER_FLOW, withOtherOption(), OTHER_WALKS],
  ];

  cases.forEach(([name, json, walks], flowIndex) => {
    const flow = loadJson(json);
    const seeds = replay !== undefined ? [replay] : Array.from({ length: walks }, (_, i) => caseSeed(BASE_SEED + flowIndex, i));

    it(`${name}: ${seeds.length} random visitors get the path, progress, ending and lead the engine computes`, { timeout: 90_000 }, async () => {
      let tab: Page | undefined;
      for (const seed of seeds) {
        const plan = generatePlan(name, flow, seed);
        const engine = await engineOutcome(flow, plan);
        let browser;
        try {
          tab = await visitorTab(tab);
          browser = await browserWalk(tab, flow, plan);
        } catch (error) {
          (error as Error).message = `seed ${seed} (replay: LEADFLOW_SEED=${seed}); plan ${describePlan(plan)}\nengine path: ${engine.path.join(' → ')}\n${(error as Error).message}`;
          throw error;
        }
        compare(flow, plan, engine, browser);
      }
    });
  });
});
