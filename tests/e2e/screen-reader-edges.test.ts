import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  a11yPage,
  answerStep,
  DE,
  de,
  deepFocus,
  EVERY_QUESTION_ANSWERS,
  everyQuestionFlow,
  nextButton,
  OPENER,
  widgetHeading,
  type FlowJson,
  type PageOptions,
  type StepJson,
} from './support/a11y-pages.ts';
import { axAll, axOne, axTree, liveRegion, recordSpeech, speech, spoken, type AxNode } from './support/screen-reader.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/**
 * What a screen-reader user hears and where their focus is, read from Chromium's accessibility
 * tree (CDP `Accessibility.getFullAXTree`), the live region's texts and the focus moves: states
 * of untouched fields, announcements after Next and at the end, the announcements' language,
 * the dialogs' semantics and focus return, option groups, and a flow resumed after a reload.
 * accessibility.test.ts (axe, names, focus after Next) and accessibility-edges.test.ts (errors
 * by keyboard) are not repeated here.
 */
describe.skipIf(!chromiumPath)('what a screen reader hears, in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const flow = everyQuestionFlow();
  const step = (id: string) => flow.steps.find((s) => s.id === id)!;
  const end = flow.steps.at(-1)!;
  /** The fixture cut down to `steps` and its end step. */
  const only = (...steps: StepJson[]): FlowJson => ({ ...flow, steps: [...steps, end] });
  /** "Schritt N von M" of the whole fixture: every step but the ending counts. */
  const total = flow.steps.length - 1;

  let pages = 0;
  /** A page with one widget; an overlay is opened with the page's opener (a bubble is not). */
  async function openWidget(options: Partial<PageOptions> = {}): Promise<Page> {
    const { page } = await suite.sessions.open();
    await page.goto(suite.site.page(`/sr-${++pages}.html`, a11yPage({ flow, webhook: suite.receiver.url, ...options })));
    if (options.mode === 'popup' || options.mode === 'slider') {
      await page.getByRole('button', { name: OPENER }).click();
      await page.getByRole('dialog').waitFor();
    }
    if (options.mode !== 'bubble') await widgetHeading(page).waitFor();
    return page;
  }

  const headingFocused = (page: Page, title: string) =>
    expect.poll(() => deepFocus(page), { message: `focus on the heading "${title}"` }).toMatchObject({ tag: 'H2', text: title, inWidget: true });

  /** Answers the step on screen, presses Next and waits until the next step's heading has focus. */
  async function answerAndGoOn(page: Page, current: StepJson, following: StepJson): Promise<void> {
    await answerStep(page, current, EVERY_QUESTION_ANSWERS);
    await nextButton(page).click();
    await headingFocused(page, de(following.title));
  }

  describe('states of fields the visitor has not touched yet', () => {
    // Was: on a step as first shown, before any Next, Chromium exposes "invalid" on every
    // required radio, checkbox, select and date input (native constraint validation: value
    // missing; Chromium leaves it out only for empty text fields). NVDA/JAWS read "Ich
    // entscheide, Optionsfeld, nicht aktiviert, ungültige Eingabe" on a question the visitor
    // has not answered yet; the rating's 11 radios, the consent and the drop-down likewise.
    // Should be: invalid only once a Next was refused (aria-invalid="false" until then — the
    // widget sets aria-invalid only to "true", src/ui/questions/choice-question.tsx,
    // rating-question.tsx, consent-question.tsx, dropdown-question.tsx, text-field.tsx).
    // WCAG 4.1.2 (state), 3.3.1; GOV.UK shows and exposes errors only after a submit.
    it('required radios, rating, consent, drop-down and date are not read as invalid before a Next was tried', async () => {
      const steps = ['role', 'industry', 'start_date', 'nps', 'privacy'].map(step);
      const page = await openWidget({ flow: only(...steps) });
      const invalidBeforeTrying: string[] = [];
      for (const [index, current] of steps.entries()) {
        if (index > 0) await headingFocused(page, de(current.title));
        else await expect.poll(() => widgetHeading(page).textContent()).toBe(de(current.title));
        const nodes = await axTree(page);
        for (const node of nodes) if (node.props.invalid === 'true') invalidBeforeTrying.push(`${current.id}: ${spoken(node)}`);
        await answerStep(page, current, EVERY_QUESTION_ANSWERS);
        await nextButton(page).click();
      }
      expect(invalidBeforeTrying).toEqual([]);
    });

    it('required text fields: "required", not invalid, until a Next is refused; then invalid with the error as description', async () => {
      const steps = [step('work_email'), step('contact')];
      const page = await openWidget({ flow: only(...steps) });
      let email = axOne(await axTree(page), 'textbox', de(step('work_email').title));
      expect(email.props).toMatchObject({ required: true, invalid: 'false' });
      await nextButton(page).click();
      await expect.poll(async () => axOne(await axTree(page), 'textbox', de(step('work_email').title)).props.invalid).toBe('true');
      email = axOne(await axTree(page), 'textbox', de(step('work_email').title));
      expect(email.props.focused).toBe(true);
      expect(email.description).toBe(`${DE.error} ${DE.issues.required}`);
      // The contact step: each field's own error, the step's hint first.
      await answerAndGoOn(page, steps[0]!, steps[1]!);
      await page.getByRole('textbox', { name: DE.fields.name, exact: true }).fill('Erika Mustermann');
      // The e-mail given on the step before starts this field (WCAG 3.3.7); emptied, it is required.
      await page.getByRole('textbox', { name: DE.fields.email, exact: true }).fill('');
      await nextButton(page).click();
      await expect.poll(async () => axOne(await axTree(page), 'textbox', DE.fields.email).props.focused).toBe(true);
      const contact = await axTree(page);
      expect(spoken(axOne(contact, 'textbox', DE.fields.name))).toBe(`textbox "${DE.fields.name}" (${de(step('contact').description)}) [required=true invalid=false]`);
      expect(spoken(axOne(contact, 'textbox', DE.fields.email))).toBe(
        `textbox "${DE.fields.email}" (${de(step('contact').description)} ${DE.error} ${DE.fillIn}) [required=true invalid=true]`,
      );
    });
  });

  describe('the live region and focus', () => {
    it('after Next focus is on the new heading and the live region says only "Schritt N von M", once; nothing while answering or typing', async () => {
      const [role, interests, industry, projectName] = ['role', 'interests', 'industry', 'project_name'].map(step) as [StepJson, StepJson, StepJson, StepJson];
      const page = await openWidget();
      await recordSpeech(page);
      await answerAndGoOn(page, role, interests);
      await expect.poll(async () => (await liveRegion(page)).text).toBe(`Schritt 2 von ${total}`);
      await answerAndGoOn(page, interests, industry);
      await answerAndGoOn(page, industry, projectName);
      await expect.poll(async () => (await liveRegion(page)).text).toBe(`Schritt 4 von ${total}`);
      await page.keyboard.press('Tab');
      await page.keyboard.type('CRM', { delay: 20 });
      await page.keyboard.press('Backspace');
      const said = await speech(page);
      // Each step once; the heading is read by its focus, not by the region too. (Preact writes
      // the region's empty text node again on some renders: no text, nothing said.)
      expect(said.live.filter(Boolean)).toEqual([2, 3, 4].map((n) => `Schritt ${n} von ${total}`));
      // Clicks focus what they click; the widget itself moves focus to each heading, once.
      expect(said.focus.filter((what) => what.startsWith('H2'))).toEqual([interests, industry, projectName].map((s) => `H2 ${de(s.title)}`));
      expect(said.focus.at(-1)).toBe('lf-project_name-input');
    });

    it('the ending: focus on its heading, the live region emptied (no "Schritt …"), nothing of the form left to read', async () => {
      const page = await openWidget({ flow: only(step('summary')) });
      await recordSpeech(page);
      await nextButton(page).click();
      await headingFocused(page, de(end.title));
      await expect.poll(async () => (await liveRegion(page)).text).toBe('');
      const nodes = await axTree(page);
      expect(axAll(nodes, 'progressbar')).toEqual([]);
      expect(axAll(nodes, 'button').map((b) => b.name)).toEqual([]);
      expect(axOne(nodes, 'link', 'Termin buchen')).toBeDefined();
      expect((await speech(page)).live.filter(Boolean)).toEqual([]);
    });

    it('a flow in French: the English announcements are marked lang="en", the French question is not', async () => {
      const french: FlowJson = {
        id: 'sr-french',
        version: 1,
        title: 'Demande',
        locales: ['fr'],
        webhook: '/webhook',
        steps: [
          { id: 'nom', type: 'short_text', title: 'Quel est votre nom ?' },
          { id: 'ville', type: 'short_text', title: 'Votre ville ?' },
          { id: 'fin', type: 'end', title: 'Merci !' },
        ],
      };
      const page = await openWidget({ flow: french, locale: 'fr' });
      await nextButton(page).click();
      await expect.poll(() => liveRegion(page)).toEqual({ text: 'Please check your answers (1 error).', lang: 'en' });
      const field = axOne(await axTree(page), 'textbox', 'Quel est votre nom ?');
      expect(field.description).toBe('Error: Please answer this question.');
      expect(await page.locator('[data-leadflow] .lf-error .lf-sr-only').getAttribute('lang')).toBe('en');
      expect(await widgetHeading(page).evaluate((h) => h.closest('[lang]')!.getAttribute('lang'))).toBe('fr');
      await page.getByRole('textbox', { name: 'Quel est votre nom ?' }).fill('Dupont');
      await nextButton(page).click();
      await headingFocused(page, 'Votre ville ?');
      await expect.poll(() => liveRegion(page)).toEqual({ text: 'Step 2 of 2', lang: 'en' });
    });

    it('a flow resumed after a reload: the widget takes no focus and says nothing; Next goes on as before', async () => {
      const [role, interests, industry, projectName] = ['role', 'interests', 'industry', 'project_name'].map(step) as [StepJson, StepJson, StepJson, StepJson];
      const page = await openWidget();
      await answerAndGoOn(page, role, interests);
      await answerAndGoOn(page, interests, industry);
      await page.reload();
      await expect.poll(() => widgetHeading(page).textContent()).toBe(de(industry.title));
      expect(await deepFocus(page)).toBeNull();
      expect((await liveRegion(page)).text).toBe('');
      const progress = axAll(await axTree(page), 'progressbar')[0]!;
      expect(progress.name).toBe(DE.progressLabel);
      await answerAndGoOn(page, industry, projectName);
      await expect.poll(async () => (await liveRegion(page)).text).toBe(`Schritt 4 von ${total}`);
    });
  });

  describe('popup and bubble', () => {
    const pageHeading = (nodes: AxNode[]) => axAll(nodes, 'heading', 'Nordlicht Software');
    const title = de(flow.title);

    it('popup: a modal dialog named by the flow, the page behind out of reach, focus on the question; Escape and Schließen give focus back to the opener', async () => {
      const page = await openWidget({ mode: 'popup' });
      await headingFocused(page, de(flow.steps[0]!.title));
      const nodes = await axTree(page);
      expect(spoken(axOne(nodes, 'dialog', title))).toBe(`dialog "${title}" [modal=true]`);
      expect(pageHeading(nodes), 'the page behind the popup').toEqual([]);
      expect(axOne(nodes, 'button', DE.close)).toBeDefined();
      await page.keyboard.press('Escape');
      await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'BUTTON', text: OPENER, inWidget: false });
      expect(pageHeading(await axTree(page))).toHaveLength(1);
      await page.getByRole('button', { name: OPENER }).click();
      await headingFocused(page, de(flow.steps[0]!.title));
      await page.getByRole('button', { name: DE.close }).click();
      await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'BUTTON', text: OPENER, inWidget: false });
    });

    it('bubble: its button says expanded or not; the page stays usable; Escape gives focus back to the bubble', async () => {
      const page = await openWidget({ mode: 'bubble' });
      const bubbleExpanded = async () => axAll(await axTree(page), 'button', title).map((button) => button.props.expanded);
      await expect.poll(bubbleExpanded).toEqual([false]);
      await page.getByRole('button', { name: title }).click();
      await headingFocused(page, de(flow.steps[0]!.title));
      expect(await bubbleExpanded()).toEqual([true]);
      const nodes = await axTree(page);
      expect(axAll(nodes, 'dialog', title)).toHaveLength(1);
      expect(pageHeading(nodes), 'the page beside the bubble panel').toHaveLength(1);
      await page.keyboard.press('Escape');
      await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'BUTTON', text: title, inWidget: true });
      expect(axAll(await axTree(page), 'dialog')).toEqual([]);
      expect(await bubbleExpanded()).toEqual([false]);
    });

    // Was: the bubble's panel is not modal (the page beside it stays usable, README "Popup,
    // slider, bubble"), but Chromium exposes every <dialog> in the top layer as modal, and the
    // panel is put there as a popover (src/ui/overlay.tsx `lift`): the tree says
    // dialog "Projektanfrage…" modal=true. VoiceOver keeps its cursor inside an aria-modal
    // dialog, so the page the panel leaves usable cannot be reached by it. Should be: modal=false
    // (aria-modal="false" on the panel unless it opened over the page's own modal). WCAG 4.1.2;
    // APG "Dialog (Modal)": aria-modal only on a dialog that makes the rest inert.
    it('bubble: its panel is not announced as a modal dialog, as the page beside it stays usable', async () => {
      const page = await openWidget({ mode: 'bubble' });
      await page.getByRole('button', { name: title }).click();
      await headingFocused(page, de(flow.steps[0]!.title));
      expect(spoken(axOne(await axTree(page), 'dialog', title))).toBe(`dialog "${title}" [modal=false]`);
    });
  });

  describe('groups, options and fields', () => {
    /** How a choice step reads, its title and its hint left out: the group and every option. */
    const groupSignature = (nodes: AxNode[], question: string) => {
      const group = axOne(nodes, 'group', question);
      return [group, ...nodes.filter((n) => n.role === 'checkbox' || n.role === 'radio')].map((node) => spoken({ ...node, name: node === group ? 'QUESTION' : node.name }));
    };

    // Was: a required multiple-choice question read exactly as an optional one: checkboxes have
    // no required state and the group (a fieldset) says nothing, nor is an optional one marked
    // "(optional)" as an optional contact field is (src/ui/questions/choice-question.tsx; the
    // comment there: "checkboxes say it through their error"). The visitor learns it only from
    // a refused Next. Should be: "(optional)" in the optional question's legend (GOV.UK: mark
    // the optional questions, not the required ones), or the required state said in the
    // group's description. WCAG 3.3.2 Labels or Instructions, 1.3.1.
    it('a required and an optional multiple-choice question do not read the same', async () => {
      const interests = step('interests');
      const optional: StepJson = { ...interests, id: 'interests_later', required: false };
      const page = await openWidget({ flow: only(interests, optional) });
      const required = groupSignature(await axTree(page), de(interests.title));
      await answerStep(page, interests, EVERY_QUESTION_ANSWERS);
      await nextButton(page).click();
      // The optional one says so in its heading, and so in its group's name.
      const optionalTitle = `${de(interests.title)} (optional)`;
      await headingFocused(page, optionalTitle);
      await expect.poll(async () => (await liveRegion(page)).text).toBe('Schritt 2 von 2');
      expect(groupSignature(await axTree(page), optionalTitle)).toEqual(required);
      expect(axOne(await axTree(page), 'group', optionalTitle)).toBeTruthy();
    });

    it('options read as their label only (no icon, picture or shortcut letter); "other" opens a named, required field that a refused Next focuses', async () => {
      const source: FlowJson = {
        id: 'sr-options',
        version: 1,
        title: 'Anfrage',
        locales: ['de'],
        webhook: '/webhook',
        steps: [
          {
            id: 'source',
            type: 'single_choice',
            title: 'Wie haben Sie uns gefunden?',
            options: [
              { id: 'web', label: 'Suchmaschine', icon: '🔍', image: '/pic.png' },
              { id: 'fair', label: 'Messe', icon: '🏢' },
              { id: 'other', label: 'Anderes', other: true },
            ] as unknown as StepJson['options'],
          },
          { id: 'end', type: 'end', title: 'Danke' },
        ],
      };
      const page = await openWidget({ flow: source });
      let nodes = await axTree(page);
      expect(axOne(nodes, 'group', 'Wie haben Sie uns gefunden?')).toBeDefined();
      expect(axAll(nodes, 'radio').map((r) => r.name)).toEqual(['Suchmaschine', 'Messe', 'Anderes']);
      expect(axAll(nodes, 'image'), 'the option picture is decoration').toEqual([]);
      expect(nodes.filter((n) => /🔍|🏢/.test(n.name)).map(spoken)).toEqual([]);
      await page.getByRole('radio', { name: 'Anderes' }).check();
      await nextButton(page).click();
      await expect.poll(async () => axAll(await axTree(page), 'textbox').map((n) => [spoken(n), n.props.focused])).toEqual([
        [`textbox "Anderes" (${DE.error} ${DE.fillIn}) [required=true invalid=true]`, true],
      ]);
      nodes = await axTree(page);
      expect(axOne(nodes, 'radio', 'Anderes').props.checked).toBe('true');
    });

    it('the NPS scale: a group named by its question, points named 0 to 10, the end labels as their description', async () => {
      const nps = step('nps');
      const page = await openWidget({ flow: only(nps) });
      const nodes = await axTree(page);
      expect(axOne(nodes, 'group', de(nps.title))).toBeDefined();
      const points = axAll(nodes, 'radio');
      expect(points.map((p) => p.name)).toEqual(Array.from({ length: 11 }, (_, i) => String(i)));
      expect(new Set(points.map((p) => p.description))).toEqual(new Set(['0 = sehr unwahrscheinlich 10 = sehr wahrscheinlich']));
    });

    it('nothing invisible is read: no honeypot, no zero-width keeper, no progress text besides the progress bar', async () => {
      const page = await openWidget({ flow: only(step('project_name')) });
      const nodes = await axTree(page);
      expect(axAll(nodes, 'textbox').map((n) => n.name)).toEqual([de(step('project_name').title)]);
      expect(nodes.filter((n) => n.name.includes('\u200b')).map(spoken)).toEqual([]);
      // The host keeps its zero-width space (for :empty), outside what is rendered.
      expect(await page.locator('[data-leadflow]').evaluate((el) => el.textContent)).toBe('\u200b');
      expect(nodes.filter((n) => n.role === 'StaticText' && /^Schritt \d/.test(n.name)).map(spoken)).toEqual([]);
      expect(axAll(nodes, 'progressbar').map((n) => [n.name, n.props.valuemin, n.props.valuemax])).toEqual([[DE.progressLabel, 0, 100]]);
    });

    it('e-mail and phone fields: input types and autocomplete tokens for autofill and the right keyboard', async () => {
      const page = await openWidget({ flow: only(step('work_email'), step('phone'), step('contact')) });
      const attributes = () =>
        page.evaluate(() =>
          [...document.querySelector('[data-leadflow]')!.shadowRoot!.querySelectorAll<HTMLInputElement>('input:not(.lf-trap)')].map(
            (input) => `${input.type}/${input.autocomplete}`,
          ),
        );
      expect(await attributes()).toEqual(['email/email']);
      await answerAndGoOn(page, step('work_email'), step('phone'));
      expect(await attributes()).toEqual(['tel/tel']);
      await answerAndGoOn(page, step('phone'), step('contact'));
      expect(await attributes()).toEqual(['text/name', 'email/email', 'text/organization', 'tel/tel', 'text/organization-title']);
    });
  });
});
