import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  a11yPage,
  answerStep,
  de,
  EVERY_QUESTION_ANSWERS,
  everyQuestionParts,
  nextButton,
  OPENER,
  widgetHeading,
  type FlowJson,
  type PageOptions,
  type StepJson,
} from './support/a11y-pages.ts';
import { drawnOrder, invisibleCharacters, said, spokenControls, tabStops, type SpokenControl } from './support/speech-input.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/**
 * What people who speak to their computer (Voice Control on macOS and iOS, Dragon, Voice Access
 * on Windows and Android) and switch users meet: they say a control's visible words ("click
 * Weiter", "tap Ja, Budget ist freigegeben"), so each control's accessible name, as Chromium
 * computes it, must hold the words it shows, at its start, with nothing invisible in between
 * (WCAG 2.5.3 Label in Name) and without two controls answering to the same words; their tools
 * click at the centre of the control they named; switch users scan the controls in Tab order,
 * which must follow what is drawn and pass nothing hidden. Every step kind and mode, German,
 * English and a right-to-left flow. What a screen reader reads (descriptions, states, live
 * region) is in screen-reader-edges.test.ts; target sizes and reflow in
 * visual-adaptability-edges.test.ts.
 */
describe.skipIf(!chromiumPath)('what a speech-input or switch user says and scans, in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { fixture, step } = everyQuestionParts();
  const PHONE: BrowserContextOptions = { viewport: { width: 320, height: 640 } };
  const TITLE = de(fixture.title);

  /** A single choice with all an option can have: an icon, a picture, and "other" with its text. */
  const pick: StepJson = {
    id: 'budget_ok',
    type: 'single_choice',
    title: 'Ist das Budget freigegeben?',
    options: [
      { id: 'yes', label: 'Ja, Budget ist freigegeben', icon: '✅' },
      { id: 'pictured', label: 'Wie auf dem Bild', image: '/team.svg' },
      { id: 'other', label: 'Sonstiges', other: true },
    ] as unknown as StepJson['options'],
  };
  /** An optional slider with a unit: − and + beside it, "keine Angabe" until it is moved. */
  const team: StepJson = { id: 'team', type: 'range', title: 'Wie groß ist Ihr Team?', min: 0, max: 50, unit: 'Personen', required: false } as StepJson;
  /** Every step kind: the two above, then the fixture's (each question type, a statement, an ending). */
  const everyKind: FlowJson = { ...fixture, steps: [pick, team, ...fixture.steps] };

  let pages = 0;
  /** A page with one widget, its overlay opened as a visitor would (the page's opener, or the bubble). */
  async function openWidget(options: Partial<PageOptions> & { flow: FlowJson }, context: BrowserContextOptions = PHONE): Promise<Page> {
    const { page } = await suite.sessions.open(context);
    suite.site.route('/team.svg', { body: '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="#2f5bea"/></svg>', contentType: 'image/svg+xml' });
    await page.goto(suite.site.page(`/speech-${++pages}.html`, a11yPage({ webhook: suite.receiver.url, ...options })));
    if (options.mode === 'popup' || options.mode === 'slider') await page.getByRole('button', { name: OPENER }).click();
    if (options.mode === 'bubble') await page.getByRole('button', { name: de(options.flow.title) || TITLE }).click();
    await widgetHeading(page).first().waitFor();
    return page;
  }

  /** Answers the step on screen as a visitor would ("other" with a text) and presses Next. */
  async function answerAndGoOn(page: Page, current: StepJson): Promise<void> {
    if (current === pick) {
      await page.getByRole('radio', { name: 'Sonstiges' }).check();
      await page.getByRole('textbox', { name: 'Sonstiges' }).fill('Beantragt');
    } else if (current !== team) await answerStep(page, current, EVERY_QUESTION_ANSWERS);
    await nextButton(page).click();
  }

  /**
   * Walks `flow` from its first step to its ending, calling `visit` on each step (the "other"
   * step with its text field showing), and returns what `visit` gave per step id.
   */
  async function walk<T>(page: Page, flow: FlowJson, visit: (current: StepJson) => Promise<T>): Promise<Record<string, T>> {
    const seen: Record<string, T> = {};
    for (const current of flow.steps) {
      await expect.poll(() => widgetHeading(page).textContent()).toContain(de(current.title));
      if (current === pick) await page.getByRole('radio', { name: 'Sonstiges' }).check();
      seen[current.id] = await visit(current);
      if (current.type === 'end') break;
      await answerAndGoOn(page, current);
    }
    return seen;
  }

  /** A control as a visitor sees it: its badge and icon, then the words of its label. */
  const looks = (c: SpokenControl) => `${c.badge ? `[${c.badge}] ` : ''}${c.decoration ? `${c.decoration} ` : ''}${c.shown}`;
  /** Buttons that show a symbol, not words: their name is a word (a judgement call, see the test). */
  const SYMBOLS = new Set(['−', '+', '×']);

  describe('2.5.3 label in name: the words shown are the words to say', () => {
    it('every step kind at 320 px: each control is named by the words it shows, at the start of its name', async () => {
      const page = await openWidget({ flow: everyKind });
      const steps = await walk(page, everyKind, () => spokenControls(page));
      // The words shown start the name (a letter badge and an icon are no words of the label; a
      // required mark there is none, "(optional)" is in both) — except − and +, below.
      const mismatched = Object.entries(steps).flatMap(([id, controls]) =>
        controls.filter((c) => !c.shown || !c.name.startsWith(c.shown)).map((c) => `${id}: ${said(c)} shows "${looks(c)}"`),
      );
      expect(mismatched).toEqual(['team: button "Weniger" shows "−"', 'team: button "Mehr" shows "+"']);
      // Where names and what is shown could part: the options' badges, icon and picture, the
      // "other" text field, the slider, the drop-down, the scale, the consent and its link. The
      // letter badge is drawn by CSS with empty alternative text, so "A" is not read into the
      // option's first word and the visible words start the name (a judgement call: the badge is
      // a key to press, not words to say; "press B" works once focus is among the options).
      const show = (id: string) => steps[id]!.map((c) => `${said(c)} ← ${looks(c)}`);
      expect(show(pick.id)).toEqual([
        'radio "Ja, Budget ist freigegeben" ← [A] ✅ Ja, Budget ist freigegeben',
        'radio "Wie auf dem Bild" ← [B] Wie auf dem Bild',
        'radio "Sonstiges" ← [C] Sonstiges',
        'textbox "Sonstiges" ← Sonstiges',
        'button "Weiter" ← Weiter',
      ]);
      expect(show(team.id)).toEqual([
        'button "Weniger" ← −',
        'slider "Wie groß ist Ihr Team? (optional)" ← Wie groß ist Ihr Team? (optional)',
        'button "Mehr" ← +',
        'button "Zurück" ← Zurück',
        'button "Weiter" ← Weiter',
      ]);
      expect(show('industry')[0]).toBe('combobox "In welcher Branche arbeiten Sie?" ← In welcher Branche arbeiten Sie?');
      expect(show('start_date')[0]).toBe('Date "Wann soll das Projekt starten?" ← Wann soll das Projekt starten?');
      expect(show('nps').slice(0, 11)).toEqual([...Array(11).keys()].map((n) => `radio "${n}" ← ${n}`));
      expect(show('privacy').slice(0, 2)).toEqual([`checkbox "${de(step('privacy').label)}" ← ${de(step('privacy').label)}`, 'link "Datenschutzerklärung" ← Datenschutzerklärung']);
      expect(show('summary')).toEqual(['button "Zurück" ← Zurück', 'button "Absenden" ← Absenden']);
      expect(show('end')).toEqual(['link "Termin buchen" ← Termin buchen']);
    });

    // Judgement call, not a failure: − and + (and the close button's ×) show a symbol, which
    // Understanding 2.5.3 treats apart from words ("symbolic text characters"); their names are
    // words a visitor can find with "show names"/"show numbers", not "click plus". What must hold:
    // they are the only ones, and the same word in every mode.
    it('in popup, slider and bubble only −, + and × are named other than they show; the bubble is named by its visible title', async () => {
      const found: string[] = [];
      for (const mode of ['popup', 'slider', 'bubble'] as const) {
        const page = await openWidget({ flow: { ...fixture, steps: [team, step('end')] }, mode });
        for (const c of await spokenControls(page)) if (!c.name.startsWith(c.shown)) found.push(`${mode}: ${said(c)} shows "${c.shown}"`);
        if (mode === 'bubble') {
          const bubble = (await spokenControls(page)).find((c) => c.name === TITLE)!;
          expect(looks(bubble)).toBe(TITLE);
        }
      }
      expect(found).toEqual(
        ['popup', 'slider', 'bubble'].flatMap((mode) => [`${mode}: button "Schließen" shows "×"`, `${mode}: button "Weniger" shows "−"`, `${mode}: button "Mehr" shows "+"`]),
      );
    });

    it('German, English and a French flow (English buttons): Next, Back, Submit, Close, Less and More are named as they read', async () => {
      const names: Record<string, string[]> = {};
      const flow: FlowJson = {
        id: 'three-languages',
        version: 1,
        title: { de: 'Anfrage', en: 'Enquiry', fr: 'Demande' },
        locales: ['de', 'en', 'fr'],
        steps: [
          { id: 'role', type: 'single_choice', title: { de: 'Ihre Rolle?', en: 'Your role?', fr: 'Votre rôle ?' }, options: [{ id: 'decide', label: { de: 'Ich entscheide', en: 'I decide', fr: 'Je décide' } }, { id: 'other', label: { de: 'Andere', en: 'Other', fr: 'Autre' } }] },
          { id: 'team', type: 'range', title: { de: 'Teamgröße', en: 'Team size', fr: 'Taille de l’équipe' }, min: 0, max: 50 },
          { id: 'end', type: 'end', title: { de: 'Danke', en: 'Thank you', fr: 'Merci' } },
        ],
      } as FlowJson;
      for (const locale of ['de', 'en', 'fr']) {
        const page = await openWidget({ flow, locale, mode: 'popup' });
        await page.getByRole('radio').first().check();
        await nextButton(page).click();
        await page.getByRole('slider').waitFor();
        names[locale] = (await spokenControls(page)).filter((c) => c.role === 'button').map((c) => `${c.name}${c.name === c.shown ? '' : ` ← ${c.shown}`}`);
      }
      expect(names).toEqual({
        de: ['Schließen ← ×', 'Weniger ← −', 'Mehr ← +', 'Zurück', 'Absenden'],
        en: ['Close ← ×', 'Less ← −', 'More ← +', 'Back', 'Submit'],
        fr: ['Close ← ×', 'Less ← −', 'More ← +', 'Back', 'Submit'],
      });
    });

    // Known and left alone (it.fails until it is fixed): in a right-to-left flow an answer piped
    // into a text ("{{answers.company}}") is wrapped in U+2068 FIRST STRONG ISOLATE … U+2069 POP
    // DIRECTIONAL ISOLATE (src/ui/i18n/text-direction.ts `isolated`, called by the model's
    // `pipe`), so "C++" does not read "++C". They are drawn with no width but stay in the
    // accessible name of every control whose label pipes an answer: the option shows
    // "نعم، في Acme" and is named "نعم، في \u2068Acme\u2069", the field's label likewise, the
    // ending's link too; a speech tool matching the spoken words against the name may miss it
    // (WCAG 2.5.3). The same isolation from an element (`<bdi>`) adds no characters, but every
    // place a flow text is drawn would have to turn a string into elements.
    it.fails('a right-to-left flow: an option, a field and a link showing a piped answer are named by the words shown, with no isolation marks', async () => {
      const flow: FlowJson = {
        id: 'rtl-piping',
        version: 1,
        title: 'طلب مشروع',
        locales: ['ar'],
        steps: [
          { id: 'company', type: 'short_text', title: 'ما اسم شركتك؟' },
          { id: 'where', type: 'single_choice', title: 'أين تعمل؟', options: [{ id: 'there', label: 'نعم، في {{answers.company}}' }, { id: 'elsewhere', label: 'في مكان آخر' }] },
          { id: 'name', type: 'short_text', title: 'اسمك في {{answers.company}}؟' },
          { id: 'end', type: 'end', title: 'شكرا', cta: { label: 'زوروا {{answers.company}}', url: 'https://example.com/' } },
        ],
      } as FlowJson;
      const page = await openWidget({ flow, locale: 'ar', mode: 'bubble' });
      await page.getByRole('textbox', { name: 'ما اسم شركتك؟' }).fill('Acme');
      await nextButton(page).click();
      await page.getByRole('radio').first().waitFor();
      const named = async () => (await spokenControls(page)).filter((c) => c.shown.includes('Acme')).map((c) => ({ said: said(c), shown: c.shown, invisible: invisibleCharacters(c.name) }));
      const option = await named();
      await page.getByRole('radio').first().check();
      await nextButton(page).click();
      await page.getByRole('textbox').waitFor();
      const field = await named();
      await page.getByRole('textbox').fill('Erika');
      await nextButton(page).click();
      await page.getByRole('link').waitFor();
      const link = await named();
      expect([...option, ...field, ...link]).toEqual([
        { said: 'radio "نعم، في Acme"', shown: 'نعم، في Acme', invisible: [] },
        { said: 'textbox "اسمك في Acme؟"', shown: 'اسمك في Acme؟', invisible: [] },
        { said: 'link "زوروا Acme"', shown: 'زوروا Acme', invisible: [] },
      ]);
    });
  });

  describe('say-able and unique names', () => {
    // A judgement call it leaves be: the "other" option's text field is labelled with the
    // option's words (radio "Sonstiges", textbox "Sonstiges"), so "click Sonstiges" gets the
    // tools' numbered choice between the two; different roles, no clash of one role.
    it('on every step in every mode no two controls share a role and a name, and no name holds an invisible character', async () => {
      const problems: string[] = [];
      const check = (where: string, controls: SpokenControl[]) => {
        const names = controls.map(said);
        for (const [index, name] of names.entries()) if (names.indexOf(name) !== index) problems.push(`${where}: two ${name}`);
        for (const c of controls) if (invisibleCharacters(c.name).length) problems.push(`${where}: ${said(c)} holds ${invisibleCharacters(c.name).join(' ')}`);
      };
      const page = await openWidget({ flow: everyKind });
      await walk(page, everyKind, async (current) => check(`inline ${current.id}`, await spokenControls(page)));
      for (const mode of ['popup', 'slider', 'bubble'] as const) {
        const flow: FlowJson = { ...fixture, steps: [pick, team, step('end')] };
        const overlay = await openWidget({ flow, mode });
        await walk(overlay, flow, async (current) => check(`${mode} ${current.id}`, await spokenControls(overlay)));
      }
      expect(problems).toEqual([]);
    });
  });

  describe('switch scanning: the Tab order', () => {
    /** The Tab stops inside the widget, from its heading on; the browser's own stop and the panel's scroller left out. */
    async function stopsFromHeading(page: Page): Promise<string[]> {
      await widgetHeading(page).focus();
      // A panel taller than the window is a scroll container Chromium makes a Tab stop of its own
      // (keyboard-focusable scrollers): a judgement call, left out here.
      return (await tabStops(page)).filter((stop) => stop !== 'page ends' && !stop.startsWith('dialog '));
    }

    it("inline at 320 px: Tab goes through each step's controls in the order they are drawn, and through nothing hidden", async () => {
      const page = await openWidget({ flow: everyKind });
      const wrong: string[] = [];
      const stops = await walk(page, everyKind, async (current) => {
        const controls = await spokenControls(page);
        const visited = await stopsFromHeading(page);
        // Drawn order, of the controls Tab visits: a radio group is one stop (arrow keys within it).
        const drawn = drawnOrder(controls).map(said).filter((name) => visited.includes(name));
        if (drawn.join() !== visited.join()) wrong.push(`${current.id}: Tab ${visited.join(' → ')}; drawn ${drawn.join(' → ')}`);
        // Every stop is a control on screen (no honeypot, live region or closed panel); every
        // control on screen is a stop, but for radios after the first (arrow keys) and − / +,
        // which range-question.tsx keeps out of the Tab order as the slider has arrow keys (a
        // judgement call: a switch that sends only Tab and Enter has no arrow keys for either).
        const shown = new Set(controls.map(said));
        for (const stop of visited) if (!shown.has(stop)) wrong.push(`${current.id}: Tab stops at ${stop}, no control on screen`);
        for (const c of controls) if (!visited.includes(said(c)) && c.role !== 'radio' && !SYMBOLS.has(c.shown)) wrong.push(`${current.id}: Tab never reaches ${said(c)}`);
        return visited;
      });
      expect(wrong).toEqual([]);
      expect(stops[pick.id]).toEqual(['radio "Sonstiges"', 'textbox "Sonstiges"', 'button "Weiter"']);
      expect(stops[team.id]).toEqual(['slider "Wie groß ist Ihr Team? (optional)"', 'button "Zurück"', 'button "Weiter"']);
      expect(stops.privacy).toEqual([`checkbox "${de(step('privacy').label)}"`, 'link "Datenschutzerklärung"', 'button "Zurück"', 'button "Weiter"']);
      expect(stops.end).toEqual(['link "Termin buchen"']);
    });

    it("popup, slider and bubble at 320 px: the step's stops, then the close button (the bubble before it); nothing of the page behind a modal one", async () => {
      const flow: FlowJson = { ...fixture, steps: [pick, team, step('end')] };
      const found: Record<string, string[][]> = {};
      for (const mode of ['popup', 'slider', 'bubble'] as const) {
        const page = await openWidget({ flow, mode });
        found[mode] = Object.values(await walk(page, flow, () => stopsFromHeading(page)));
      }
      const steps = [
        ['radio "Sonstiges"', 'textbox "Sonstiges"', 'button "Weiter"'],
        ['slider "Wie groß ist Ihr Team? (optional)"', 'button "Zurück"', 'button "Absenden"'],
        ['link "Termin buchen"'],
      ];
      expect(found).toEqual({
        popup: steps.map((stops) => [...stops, 'button "Schließen"']),
        slider: steps.map((stops) => [...stops, 'button "Schließen"']),
        // Not modal: the page's own controls are scanned too, then the bubble, then its panel.
        bubble: steps.map((stops) => [...stops, `button "${OPENER}"`, `button "${TITLE}"`, 'button "Schließen"']),
      });
    });

    it('a right-to-left flow at 320 px: Tab follows the drawn order from the right (options, scale, Back before Next)', async () => {
      const flow: FlowJson = {
        id: 'rtl-scan',
        version: 1,
        title: 'בקשת פרויקט',
        locales: ['he'],
        steps: [
          { id: 'topics', type: 'multiple_choice', title: 'אילו נושאים?', options: [{ id: 'a', label: 'אוטומציה' }, { id: 'b', label: 'דוחות' }] },
          { id: 'team', type: 'range', title: 'כמה אנשים בצוות?', min: 0, max: 50 },
          { id: 'contact', type: 'contact', title: 'פרטים', fields: [{ id: 'name', kind: 'name', label: 'שם' }, { id: 'email', kind: 'email', label: 'דוא״ל' }] },
          { id: 'end', type: 'end', title: 'תודה' },
        ],
      } as FlowJson;
      const page = await openWidget({ flow, locale: 'he' });
      const wrong: string[] = [];
      const answer: Record<string, () => Promise<unknown>> = {
        topics: () => page.getByRole('checkbox', { name: 'דוחות' }).check(),
        contact: async () => {
          await page.getByRole('textbox', { name: 'שם' }).fill('Erika');
          await page.getByRole('textbox', { name: 'דוא״ל' }).fill('erika@nordlicht.example');
        },
      };
      for (const current of flow.steps.slice(0, -1)) {
        await expect.poll(() => widgetHeading(page).textContent()).toBe(current.title);
        const controls = await spokenControls(page);
        const visited = await stopsFromHeading(page);
        const drawn = drawnOrder(controls, 'rtl').map(said).filter((name) => visited.includes(name));
        if (drawn.join() !== visited.join()) wrong.push(`${current.id}: Tab ${visited.join(' → ')}; drawn ${drawn.join(' → ')}`);
        await answer[current.id]?.();
        await nextButton(page).click();
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('pointer-free activation: the named control alone does it', () => {
    it('a click at the centre of each control lands on it, at 320 px and on a desktop, in every mode', async () => {
      const missed: string[] = [];
      const flow: FlowJson = { ...fixture, steps: [pick, team, step('nps'), step('privacy'), step('end')] };
      for (const [mode, context] of [
        ['inline', PHONE],
        ['popup', PHONE],
        ['slider', { viewport: { width: 1280, height: 720 } }],
        ['bubble', { viewport: { width: 360, height: 560 } }],
      ] as const) {
        const page = await openWidget({ flow, mode }, context);
        await walk(page, flow, async (current) => {
          for (const c of await spokenControls(page)) if (c.hit !== 'itself') missed.push(`${mode} ${current.id}: ${said(c)} → ${c.hit}`);
        });
      }
      expect(missed).toEqual([]);
    });

    /** Clicks the page at the centre of `box`, as a speech tool's pointer (or a grid tap) would. */
    async function clickCentre(page: Page, box: { x: number; y: number; width: number; height: number } | null): Promise<void> {
      await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    }
    /** The box of the option card (the `<label>`) around a radio or checkbox, as drawn. */
    const cardOf = (page: Page, role: 'radio' | 'checkbox', name: string) =>
      page.getByRole(role, { name, exact: true }).evaluate((input: HTMLInputElement) => {
        const { x, y, width, height } = input.closest('label')!.getBoundingClientRect();
        return { x, y, width, height };
      });

    it("a click at the centre of an option's card (badge, icon, picture) chooses it, as do the scale's numbers and − / +", async () => {
      const flow: FlowJson = { ...fixture, steps: [pick, step('interests'), team, step('nps'), step('privacy'), step('end')] };
      const page = await openWidget({ flow });
      for (const name of ['Wie auf dem Bild', 'Ja, Budget ist freigegeben']) {
        await clickCentre(page, await cardOf(page, 'radio', name));
        expect(await page.getByRole('radio', { name, exact: true }).isChecked(), name).toBe(true);
      }
      await nextButton(page).click();
      await clickCentre(page, await cardOf(page, 'checkbox', 'Berichte'));
      expect(await page.getByRole('checkbox', { name: 'Berichte' }).isChecked()).toBe(true);
      await nextButton(page).click();
      const slider = page.getByRole('slider');
      await slider.waitFor();
      await clickCentre(page, await page.getByRole('button', { name: 'Mehr' }).boundingBox());
      await expect.poll(() => slider.getAttribute('aria-valuetext')).toBe('26\u00a0Personen');
      await clickCentre(page, await page.getByRole('button', { name: 'Weniger' }).boundingBox());
      await clickCentre(page, await page.getByRole('button', { name: 'Weniger' }).boundingBox());
      await expect.poll(() => slider.getAttribute('aria-valuetext')).toBe('24\u00a0Personen');
      await nextButton(page).click();
      await page.getByRole('radio', { name: '7' }).waitFor();
      await clickCentre(page, await cardOf(page, 'radio', '7'));
      expect(await page.getByRole('radio', { name: '7' }).isChecked()).toBe(true);
      await nextButton(page).click();
      await clickCentre(page, await cardOf(page, 'checkbox', de(step('privacy').label)));
      expect(await page.getByRole('checkbox').isChecked()).toBe(true);
    });

    it('element.click() on the named control alone: options, scale, consent, − / +, Back, Next, the bubble and the close button', async () => {
      const flow: FlowJson = { ...fixture, steps: [pick, step('interests'), team, step('nps'), step('privacy'), step('end')] };
      const page = await openWidget({ flow, mode: 'bubble' });
      const click = (role: Parameters<Page['getByRole']>[0], name: string) => page.getByRole(role, { name, exact: true }).evaluate((el: HTMLElement) => el.click());
      const heading = (text: string) => expect.poll(() => widgetHeading(page).textContent()).toContain(text);
      await click('radio', 'Wie auf dem Bild');
      expect(await page.getByRole('radio', { name: 'Wie auf dem Bild' }).isChecked()).toBe(true);
      await click('button', 'Weiter');
      await heading(de(step('interests').title));
      await click('checkbox', 'Berichte');
      expect(await page.getByRole('checkbox', { name: 'Berichte' }).isChecked()).toBe(true);
      await click('button', 'Weiter');
      await heading(team.title as string);
      await click('button', 'Mehr');
      await expect.poll(() => page.getByRole('slider').getAttribute('aria-valuetext')).toBe('26\u00a0Personen');
      await click('button', 'Weniger');
      await expect.poll(() => page.getByRole('slider').getAttribute('aria-valuetext')).toBe('25\u00a0Personen');
      await click('button', 'Zurück');
      await heading(de(step('interests').title));
      await click('button', 'Weiter');
      await heading(team.title as string);
      await click('button', 'Weiter');
      await heading(de(step('nps').title));
      await click('radio', '7');
      expect(await page.getByRole('radio', { name: '7' }).isChecked()).toBe(true);
      await click('button', 'Weiter');
      await heading(de(step('privacy').title));
      await click('checkbox', de(step('privacy').label));
      expect(await page.getByRole('checkbox').isChecked()).toBe(true);
      // The bubble closes its panel and opens it again where the visitor was; so does ×.
      await click('button', TITLE);
      await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(false);
      await click('button', TITLE);
      await heading(de(step('privacy').title));
      await click('button', 'Schließen');
      await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(false);
      await click('button', TITLE);
      await click('button', 'Absenden');
      await heading(de(step('end').title));
      await expect.poll(() => suite.receiver.posts().filter((r) => r.path === '/webhook').length).toBe(1);
    });
  });
});
