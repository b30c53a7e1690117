import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { a11yPage, OPENER, type FlowJson, type StepJson } from './support/a11y-pages.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/**
 * A flow's `messages` (docs/flow-format.md, "Messages"): the widget's buttons, hints, contact
 * field names and error messages in the flow's own words, in Chromium with the built
 * dist/leadflow.js. Read through what the visitor sees and hears: roles, accessible names,
 * texts, the `lang` each is spoken in; and the lead the receiver gets.
 */

/** The whole French set of docs/flow-format.md (the keys a small flow shows, and a few more). */
const FRENCH = {
  next: { fr: 'Suivant' },
  back: { fr: 'Retour' },
  submit: { fr: 'Envoyer' },
  optional: { fr: '(facultatif)' },
  progress: { fr: 'Étape {step} sur {total}' },
  progressLabel: { fr: 'Progression' },
  error: { fr: 'Erreur :' },
  autoAdvance: { fr: 'Votre choix vous mène directement à l’étape suivante.' },
  privacy: { fr: 'Politique de confidentialité' },
  close: { fr: 'Fermer' },
  openForm: { fr: 'Ouvrir le formulaire' },
  choose: { fr: 'Choisissez…' },
  noAnswer: { fr: 'sans réponse' },
  less: { fr: 'Moins' },
  more: { fr: 'Plus' },
  errorSummary: { fr: 'Veuillez vérifier vos réponses ({count} {count|erreur|erreurs}).' },
  fillIn: { fr: 'Veuillez remplir ce champ.' },
  fields: {
    name: { fr: 'Nom complet' },
    email: { fr: 'Adresse e-mail' },
    company: { fr: 'Entreprise' },
    phone: { fr: 'Numéro de téléphone' },
  },
  issues: {
    required: { fr: 'Veuillez répondre à cette question.' },
    invalid_email: { fr: 'Veuillez saisir une adresse e-mail valide, p. ex. nom@entreprise.fr.' },
  },
};

/** A French-only quote request: a required choice, a contact step (phone optional), its ending. */
const frenchFlow = (messages?: object): FlowJson => ({
  id: 'devis-fr',
  version: 1,
  title: 'Demandez un devis',
  locales: ['fr'],
  ...(messages && { messages }),
  steps: [
    {
      id: 'taille',
      type: 'single_choice',
      title: 'Combien de personnes compte votre équipe ?',
      options: [
        { id: 'petite', label: '1 à 10' },
        { id: 'moyenne', label: '11 à 50' },
        { id: 'grande', label: 'Plus de 50' },
      ],
    },
    {
      id: 'coordonnees',
      type: 'contact',
      title: 'Vos coordonnées',
      fields: [
        { id: 'name', kind: 'name' },
        { id: 'email', kind: 'email' },
        { id: 'company', kind: 'company' },
        { id: 'phone', kind: 'phone', required: false },
      ],
    },
    { id: 'fin', type: 'end', title: 'Merci !' },
  ] as StepJson[],
});

describe.skipIf(!chromiumPath)('a flow’s own "messages": the widget’s words in the flow’s language', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  interface OpenOptions {
    mode?: 'inline' | 'popup';
    /** `data-leadflow-locale`. */
    locale: string;
    /** The browser's language (the context's `locale`). */
    browser: string;
  }

  /** A page in the visitor's language with one widget (a popup opened); resolves once its heading shows. */
  async function open(flow: FlowJson, { mode = 'inline', locale, browser }: OpenOptions): Promise<Page> {
    const { page } = await suite.sessions.open({ locale: browser });
    const html = a11yPage({ flow, webhook: suite.receiver.url, mode, locale }).replace('<html lang="de">', `<html lang="${locale}">`);
    await page.goto(suite.site.page(`/flow-messages-${++pages}.html`, html));
    if (mode === 'popup') await page.getByRole('button', { name: OPENER }).click();
    await page.locator('[data-leadflow] h2').waitFor();
    return page;
  }

  const widget = (page: Page) => page.locator('[data-leadflow]');
  const nextButton = (page: Page) => page.locator('[data-leadflow] button[type="submit"]');
  const backButton = (page: Page) => page.locator('[data-leadflow] button.lf-back');
  const liveRegion = (page: Page) => page.locator('[data-leadflow] [aria-live="polite"]');

  /** Every `lang` attribute inside the widget's shadow root, each with what carries it (tag.class "text"). */
  const langsInWidget = (page: Page): Promise<string[]> =>
    page.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      return [...root.querySelectorAll('[lang]')].map(
        (el) => `${el.getAttribute('lang')}: ${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${(el.textContent ?? '').trim().slice(0, 40) || el.getAttribute('aria-label')}"`,
      );
    });

  /** Only the container's lang="fr" (every other element inherits it): nothing is marked as another language. */
  const expectAllFrench = async (page: Page, when: string) => {
    const langs = await langsInWidget(page);
    expect(langs.filter((l) => !l.startsWith('fr: ')), `lang attributes not "fr" ${when}`).toEqual([]);
    expect(langs.filter((l) => l.startsWith('fr: div.lf-frame')), `the container ${when}`).toHaveLength(1);
  };

  it('a French flow with a full French set: a French visitor sees, hears and is told everything in French, and the lead arrives once, locale "fr"', async () => {
    const page = await open(frenchFlow(FRENCH), { mode: 'popup', locale: 'fr', browser: 'fr-FR' });
    const form = widget(page);

    // The popup: its × named in French, spoken in the container's French (no lang="en" of its own).
    const close = form.getByRole('button', { name: 'Fermer', exact: true });
    await expect.poll(() => close.isVisible()).toBe(true);
    expect(await close.getAttribute('lang')).toBeNull();
    expect(await form.getByRole('progressbar', { name: 'Progression' }).getAttribute('aria-valuetext')).toBe('Étape 1 sur 2');
    expect((await nextButton(page).textContent())?.trim()).toBe('Suivant');
    await expectAllFrench(page, 'on the first step');

    // Next with nothing chosen: the flow-wide French "required", and the French summary said.
    await form.getByRole('button', { name: 'Suivant', exact: true }).click();
    const error = form.locator('.lf-error');
    await error.waitFor();
    expect((await error.textContent())?.trim()).toBe('Erreur : Veuillez répondre à cette question.');
    await expect.poll(async () => (await liveRegion(page).textContent())?.trim()).toMatch(/^Veuillez vérifier vos réponses \(1 erreur\)\./);
    await expectAllFrench(page, 'with an error shown');

    await form.getByRole('radio', { name: '1 à 10', exact: true }).check();
    await form.getByRole('button', { name: 'Suivant', exact: true }).click();
    await form.getByRole('heading', { name: 'Vos coordonnées' }).waitFor();

    // The contact step: the field names, "(facultatif)", Retour, and Envoyer (the last step before the ending).
    for (const name of ['Nom complet', 'Adresse e-mail', 'Entreprise', 'Numéro de téléphone (facultatif)'])
      await expect.poll(() => form.getByRole('textbox', { name, exact: true }).count(), { message: name }).toBe(1);
    expect((await backButton(page).textContent())?.trim()).toBe('Retour');
    expect((await nextButton(page).textContent())?.trim()).toBe('Envoyer');
    expect(await form.getByRole('progressbar', { name: 'Progression' }).getAttribute('aria-valuetext')).toBe('Étape 2 sur 2');

    // Empty required fields and a wrong address: "fillIn" and the flow-wide "invalid_email", in French.
    await form.getByRole('textbox', { name: 'Adresse e-mail', exact: true }).fill('claire@');
    await form.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await expect
      .poll(() => form.locator('.lf-error').allTextContents())
      .toEqual([
        'Erreur : Veuillez remplir ce champ.',
        'Erreur : Veuillez saisir une adresse e-mail valide, p. ex. nom@entreprise.fr.',
        'Erreur : Veuillez remplir ce champ.',
      ]);
    await expect.poll(async () => (await liveRegion(page).textContent())?.trim()).toMatch(/^Veuillez vérifier vos réponses \(3 erreurs\)\./);
    await expectAllFrench(page, 'with contact errors shown');

    await form.getByRole('textbox', { name: 'Nom complet', exact: true }).fill('Claire Dubois');
    await form.getByRole('textbox', { name: 'Adresse e-mail', exact: true }).fill('claire.dubois@atelier.example');
    await form.getByRole('textbox', { name: 'Entreprise', exact: true }).fill('Atelier Lumière SARL');
    await form.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await form.getByRole('heading', { name: 'Merci !' }).waitFor();
    await expectAllFrench(page, 'on the ending');

    const { data } = (await theOnlyPost(suite.receiver)).body as LeadEnvelope;
    expect({ locale: data.locale, taille: data.answers['taille']?.value, contact: data.contact }).toEqual({
      locale: 'fr',
      taille: 'petite',
      contact: { name: 'Claire Dubois', email: 'claire.dubois@atelier.example', company: 'Atelier Lumière SARL' },
    });
  });

  it('only "next" given in French: "Suivant" is spoken in French, the built-in English Back, Submit and field names keep lang="en"', async () => {
    const page = await open(frenchFlow({ next: { fr: 'Suivant' } }), { locale: 'fr', browser: 'fr-FR' });
    const form = widget(page);
    expect((await nextButton(page).textContent())?.trim()).toBe('Suivant');
    expect(await nextButton(page).locator('span').getAttribute('lang')).toBeNull();

    await form.getByRole('radio', { name: '11 à 50', exact: true }).check();
    await form.getByRole('button', { name: 'Suivant', exact: true }).click();
    await form.getByRole('heading', { name: 'Vos coordonnées' }).waitFor();
    const back = form.getByRole('button', { name: 'Back', exact: true });
    expect(await back.getAttribute('lang')).toBe('en');
    const submit = form.getByRole('button', { name: 'Submit', exact: true });
    expect(await submit.locator('span').getAttribute('lang')).toBe('en');
    // An English field name in a French form is marked as English too.
    const emailLabel = form.locator('label span', { hasText: /^Email address$/ });
    expect(await emailLabel.getAttribute('lang')).toBe('en');
  });

  // Was: a widget text whose language changes from a built-in English one (lang="en") to the
  // flow's own in the visitor's language (no lang) got lang="" instead of losing the attribute,
  // and lang="" means "language unknown" (HTML: the empty string), so it no longer inherited the
  // container's "fr". The Next button: "Submit" (lang="en") on the contact step, Back, and
  // "Suivant" read lang="" from then on; the live region likewise. Preact sets `lang` as a
  // property (`dom.lang = ''` for undefined): the language now goes on the element made anew for
  // each text (parts.tsx `fresh`).
  it('only "next" and "errorSummary" in French: after Back from the built-in "Submit", "Suivant" and the French summary still inherit "fr" (not lang="")', async () => {
    const page = await open(frenchFlow({ next: { fr: 'Suivant' }, errorSummary: { fr: 'Veuillez vérifier vos réponses ({count}).' } }), { locale: 'fr', browser: 'fr-FR' });
    const form = widget(page);
    /** The language an element is spoken in: its own `lang`, else the closest inside the shadow root ("" is "unknown"). */
    const spokenIn = (selector: string) =>
      page.evaluate((selector) => document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector(selector)!.closest('[lang]')!.getAttribute('lang'), selector);

    // Next refused: the live region says the flow's French summary, after the built-in English progress.
    await form.getByRole('button', { name: 'Suivant', exact: true }).click();
    await expect.poll(async () => (await liveRegion(page).textContent())?.trim()).toBe('Veuillez vérifier vos réponses (1).');
    const summary = await spokenIn('[aria-live="polite"] > span');

    await form.getByRole('radio', { name: '1 à 10', exact: true }).check();
    await form.getByRole('button', { name: 'Suivant', exact: true }).click();
    await form.getByRole('button', { name: 'Submit', exact: true }).waitFor();
    await form.getByRole('button', { name: 'Back', exact: true }).click();
    await form.getByRole('heading', { name: 'Combien de personnes compte votre équipe ?' }).waitFor();
    expect((await nextButton(page).textContent())?.trim()).toBe('Suivant');
    expect({ summary, next: await spokenIn('button[type="submit"] > span') }).toEqual({ summary: 'fr', next: 'fr' });
  });

  it('a German and French flow whose messages are only French: a German visitor gets the built-in German buttons, × and errors, not the French', async () => {
    const flow: FlowJson = {
      ...frenchFlow(FRENCH),
      id: 'anfrage-de-fr',
      title: { de: 'Angebot anfordern', fr: 'Demandez un devis' },
      locales: ['de', 'fr'],
      steps: [
        {
          id: 'taille',
          type: 'single_choice',
          title: { de: 'Wie groß ist Ihr Team?', fr: 'Combien de personnes compte votre équipe ?' },
          options: [
            { id: 'petite', label: { de: '1 bis 10', fr: '1 à 10' } },
            { id: 'grande', label: { de: 'Mehr als 10', fr: 'Plus de 10' } },
          ],
        },
        { id: 'coordonnees', type: 'contact', title: { de: 'Ihre Kontaktdaten', fr: 'Vos coordonnées' }, fields: [{ id: 'email', kind: 'email' }] },
        { id: 'fin', type: 'end', title: { de: 'Danke!', fr: 'Merci !' } },
      ] as StepJson[],
    };
    const page = await open(flow, { mode: 'popup', locale: 'de', browser: 'de-DE' });
    const form = widget(page);
    await expect.poll(() => form.getByRole('button', { name: 'Schließen', exact: true }).isVisible()).toBe(true);
    expect((await nextButton(page).textContent())?.trim()).toBe('Weiter');
    expect(await form.getByRole('progressbar', { name: 'Fortschritt' }).getAttribute('aria-valuetext')).toBe('Schritt 1 von 2');

    await form.getByRole('button', { name: 'Weiter', exact: true }).click();
    await form.locator('.lf-error').waitFor();
    expect((await form.locator('.lf-error').textContent())?.trim()).toBe('Fehler: Bitte beantworten Sie diese Frage.');
    await expect.poll(async () => (await liveRegion(page).textContent())?.trim()).toMatch(/^Bitte prüfen Sie Ihre Angaben \(Fehler: 1\)\./);

    await form.getByRole('radio', { name: '1 bis 10', exact: true }).check();
    await form.getByRole('button', { name: 'Weiter', exact: true }).click();
    await form.getByRole('heading', { name: 'Ihre Kontaktdaten' }).waitFor();
    expect((await backButton(page).textContent())?.trim()).toBe('Zurück');
    expect((await nextButton(page).textContent())?.trim()).toBe('Absenden');
    expect(await form.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).count()).toBe(1);
    // No French word anywhere in the form, and nothing marked as another language than German.
    const text = await page.evaluate(() => document.querySelector('[data-leadflow]')!.shadowRoot!.textContent ?? '');
    expect(text).not.toMatch(/Suivant|Retour|Envoyer|Étape|Adresse e-mail|Veuillez/);
    expect((await langsInWidget(page)).filter((l) => !l.startsWith('de: '))).toEqual([]);
  });

  it('hostile messages (markup and event handlers) are shown as text: no element is made and no script runs', async () => {
    const img = '<img src=x onerror=window.__pwned=1>';
    const flow = frenchFlow({
      next: { fr: img },
      close: { fr: '"><img src=y onerror=window.__pwned=2>' },
      progress: { fr: '<svg onload=window.__pwned=3></svg>{step}/{total}' },
      errorSummary: { fr: '<img src=z onerror=window.__pwned=4> {count}' },
      fields: { email: { fr: '<script>window.__pwned=5</script>E-mail' } },
      issues: { required: { fr: '<b onmouseover=window.__pwned=6>Répondez</b>' } },
    });
    const page = await open(flow, { mode: 'popup', locale: 'fr', browser: 'fr-FR' });
    const form = widget(page);
    expect((await nextButton(page).textContent())?.trim()).toBe(img);
    expect(await form.getByRole('button', { name: '"><img src=y onerror=window.__pwned=2>', exact: true }).count()).toBe(1);
    expect(await form.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('<svg onload=window.__pwned=3></svg>1/2');

    await nextButton(page).click();
    await form.locator('.lf-error').waitFor();
    expect((await form.locator('.lf-error').textContent())?.trim()).toBe('Error: <b onmouseover=window.__pwned=6>Répondez</b>');
    await expect.poll(async () => (await liveRegion(page).textContent())?.trim()).toMatch(/^<img src=z onerror=window.__pwned=4> 1/);

    await form.getByRole('radio', { name: '1 à 10', exact: true }).check();
    await nextButton(page).click();
    await form.getByRole('heading', { name: 'Vos coordonnées' }).waitFor();
    expect(await form.getByRole('textbox', { name: '<script>window.__pwned=5</script>E-mail', exact: true }).count()).toBe(1);

    await page.waitForTimeout(200);
    const made = await page.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      return { elements: root.querySelectorAll('img, svg, script, b').length, pwned: (window as unknown as { __pwned?: unknown }).__pwned };
    });
    expect(made).toEqual({ elements: 0, pwned: undefined });
  });
});
