import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { fillMessage, messagesFor } from '../../src/ui/i18n/messages.ts';
import { parseNumberInput } from '../../src/ui/questions/number-input.ts';
import { textDirection } from '../../src/ui/i18n/text-direction.ts';
import { expectStep, flowFrom, languageOfText, renderWidget } from './fixtures.tsx';

/** The language a screen reader speaks an element in: its own or its nearest ancestor's `lang`. */

describe('piped answers read the way the visitor writes', () => {
  const flow = () =>
    flowFrom({
      id: 'pipe-number',
      version: 1,
      locales: ['de', 'en'],
      steps: [
        { id: 'budget', type: 'number', title: { de: 'Wie hoch ist Ihr Budget?', en: 'What is your budget?' }, unit: 'EUR' },
        { id: 'start', type: 'date', title: { de: 'Wann möchten Sie starten?', en: 'When do you want to start?' } },
        {
          id: 'done',
          type: 'end',
          title: { de: 'Danke!', en: 'Thanks!' },
          description: { de: 'Budget: {{answers.budget}} EUR. Start: {{answers.start}}.', en: 'Budget: {{answers.budget}} EUR. Start: {{answers.start}}.' },
        },
      ],
    });

  // Was: a German visitor types "1.500,5" as their budget; the thank-you text pipes it back as
  // "Budget: 1500.5 EUR", which in German reads as one and a half thousand-ish nonsense (a
  // decimal point where German writes a comma, no thousands dot). It should say
  // "Budget: 1.500,5 EUR": flow-model.ts `shown()` pipes `String(value)` for numbers.
  it('pipes a number answer formatted for a German visitor (1.500,5, not 1500.5)', async () => {
    const { user } = renderWidget({ flow: flow(), locale: 'de' });
    await user.type(await screen.findByRole('textbox', { name: 'Wie hoch ist Ihr Budget?' }), '1.500,5');
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    const date = await screen.findByLabelText('Wann möchten Sie starten?');
    await user.type(date, '2026-03-01');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke!');
    expect(screen.getByText(/^Budget:/).textContent).toContain('Budget: 1.500,5 EUR.');
  });

  // Was: a German visitor picks 1 March 2026 as their start; the thank-you text says
  // "Start: 2026-03-01" (the raw ISO value, read out digit by digit). It should write the date
  // the way German does ("1. März 2026"), as the built-in date messages already do:
  // flow-model.ts `shown()` pipes the stored `YYYY-MM-DD` text unchanged.
  it('pipes a date answer as the visitor writes dates (1. März 2026, not 2026-03-01)', async () => {
    const { user } = renderWidget({ flow: flow(), locale: 'de' });
    await user.type(await screen.findByRole('textbox', { name: 'Wie hoch ist Ihr Budget?' }), '40');
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await user.type(await screen.findByLabelText('Wann möchten Sie starten?'), '2026-03-01');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke!');
    expect(screen.getByText(/^Budget:/).textContent).toContain('Start: 1. März 2026.');
  });
});

describe('the language screen readers speak each text in', () => {
  // Was: a flow offered in German and English lacks the English title of one step (the linter
  // warns, the widget still loads it, and the docs promise the fallback). An English visitor
  // saw the German question inside `lang="en"`, so a screen reader read "Wie viele Personen
  // arbeiten bei Ihnen?" with English pronunciation rules (WCAG 3.1.2): resolveText returned
  // only the string, not the tag it came from. Now `model.lang()` names the fallback's language.
  it('marks a step title shown in its fallback language with that language', async () => {
    const flow = flowFrom({
      id: 'fallback-lang',
      version: 1,
      locales: ['de', 'en'],
      steps: [
        { id: 'team', type: 'number', title: { de: 'Wie viele Personen arbeiten bei Ihnen?' } },
        { id: 'done', type: 'end', title: { de: 'Danke!', en: 'Thanks!' } },
      ],
    });
    renderWidget({ flow, locale: 'en' });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Wie viele Personen arbeiten bei Ihnen?' });
    expect(languageOfText(heading)).toBe('de');
  });

  // Was: a flow written in French (and English) shown to a French visitor: the root says
  // `lang="fr"`, but the built-in buttons and messages are the English fallback ("Next",
  // "Back", "Please answer this question."), and a French screen reader mispronounced every
  // one of them: messagesFor() fell back to `en` without saying so. Its English now carries
  // `lang: 'en'`, set on what shows it.
  it("marks the built-in English buttons as English in a French flow", async () => {
    const flow = flowFrom({
      id: 'fr-flow',
      version: 1,
      locales: ['fr', 'en'],
      steps: [
        { id: 'team', type: 'short_text', title: { fr: 'Votre entreprise ?', en: 'Your company?' } },
        { id: 'plan', type: 'short_text', title: { fr: 'Votre poste ?', en: 'Your role?' } },
        { id: 'done', type: 'end', title: { fr: 'Merci !', en: 'Thanks!' } },
      ],
    });
    renderWidget({ flow, locale: 'fr' });
    await screen.findByRole('heading', { level: 2, name: 'Votre entreprise ?' });
    expect(languageOfText(screen.getByRole('button', { name: 'Next' }))).toBe('en');
  });

  it('marks every built-in English text in a French flow, and the flow text stays French', async () => {
    const flow = flowFrom({
      id: 'fr-everything',
      version: 1,
      locales: ['fr'],
      steps: [
        {
          id: 'who',
          type: 'contact',
          title: 'Vos coordonnées',
          fields: [
            { id: 'email', kind: 'email' },
            { id: 'phone', kind: 'phone', label: 'Téléphone', required: false },
          ],
        },
        { id: 'size', type: 'dropdown', title: 'Taille ?', options: [{ id: 'small', label: 'Petite' }, { id: 'big', label: 'Grande' }] },
        { id: 'ok', type: 'consent', title: 'Accord', label: "J'accepte", privacyUrl: 'https://example.com/privacy' },
        { id: 'done', type: 'end', title: 'Merci !' },
      ],
    });
    const { user } = renderWidget({ flow, locale: 'fr' });
    await screen.findByRole('heading', { level: 2, name: 'Vos coordonnées' });
    // Default field names and "(optional)" are built in; a flow's own label is French.
    expect(languageOfText(screen.getByText('Email address'))).toBe('en');
    expect(languageOfText(screen.getByText('Téléphone'))).toBe('fr');
    expect(languageOfText(screen.getByText(/\(optional\)/))).toBe('en');
    expect(languageOfText(screen.getByText(/^Step 1 of/))).toBe('en');
    expect(languageOfText(screen.getByRole('heading', { level: 2 }))).toBe('fr');

    await user.click(screen.getByRole('button', { name: 'Next' }));
    const error = await screen.findByText('Please fill in this field.');
    expect(languageOfText(error)).toBe('en');
    await user.type(screen.getByRole('textbox', { name: /Email address/ }), 'ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    await screen.findByRole('heading', { level: 2, name: 'Taille ?' });
    expect(languageOfText(screen.getByRole('option', { name: 'Choose…' }))).toBe('en');
    expect(languageOfText(screen.getByRole('option', { name: 'Petite' }))).toBe('fr');
    expect(languageOfText(screen.getByRole('button', { name: 'Back' }))).toBe('en');
    await user.selectOptions(screen.getByRole('combobox'), 'small');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    await screen.findByRole('heading', { level: 2, name: 'Accord' });
    expect(languageOfText(screen.getByRole('link', { name: 'Privacy policy' }))).toBe('en');
    expect(languageOfText(screen.getByText("J'accepte"))).toBe('fr');
  });

  it("leaves a flow's own error message in the flow's language", async () => {
    const flow = flowFrom({
      id: 'fr-own-error',
      version: 1,
      locales: ['fr'],
      steps: [
        { id: 'company', type: 'short_text', title: 'Votre entreprise ?', errors: { required: 'Merci de répondre.' } },
        { id: 'done', type: 'end', title: 'Merci !' },
      ],
    });
    const { user } = renderWidget({ flow, locale: 'fr' });
    await screen.findByRole('heading', { level: 2, name: 'Votre entreprise ?' });
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(languageOfText(await screen.findByText('Merci de répondre.'))).toBe('fr');
    // The hidden "Error:" before it is built in.
    expect(languageOfText(screen.getByText('Error:'))).toBe('en');
  });

  it('marks option labels, descriptions and scale ends shown in the fallback language, and nothing translated', async () => {
    const flow = flowFrom({
      id: 'partly-translated',
      version: 1,
      locales: ['de', 'en'],
      steps: [
        {
          id: 'role',
          type: 'single_choice',
          title: { de: 'Ihre Rolle?', en: 'Your role?' },
          description: { de: 'Eine Antwort genügt.' },
          options: [
            { id: 'ceo', label: { de: 'Geschäftsführung', en: 'CEO' } },
            { id: 'it', label: { de: 'IT-Leitung' } },
          ],
        },
        { id: 'fit', type: 'rating', title: { de: 'Passt es?', en: 'A fit?' }, min: 1, max: 5, minLabel: { de: 'Gar nicht' }, maxLabel: { de: 'Sehr', en: 'Very' } },
        { id: 'done', type: 'end', title: { de: 'Danke!', en: 'Thanks!' } },
      ],
    });
    const { user } = renderWidget({ flow, locale: 'en-GB' });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Your role?' });
    // Translated text carries no language of its own: it is the root's.
    expect(heading.closest('[lang]')).toBe(heading.closest('section'));
    expect(languageOfText(screen.getByText('Eine Antwort genügt.'))).toBe('de');
    expect(languageOfText(screen.getByText('IT-Leitung'))).toBe('de');
    expect(screen.getByText('CEO').closest('[lang]')).toBe(heading.closest('section'));
    await user.click(screen.getByRole('radio', { name: 'IT-Leitung' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { level: 2, name: 'A fit?' });
    expect(languageOfText(screen.getByText('1 = Gar nicht'))).toBe('de');
    expect(languageOfText(screen.getByText('5 = Very'))).toBe('en-GB');
  });
});

describe('answer-issue messages read naturally', () => {
  const flow = () =>
    flowFrom({
      id: 'one-answer',
      version: 1,
      locales: ['de', 'en'],
      steps: [
        {
          id: 'focus',
          type: 'multiple_choice',
          title: { de: 'Worauf liegt Ihr Fokus?', en: 'What is your focus?' },
          maxSelected: 1,
          options: [
            { id: 'a', label: { de: 'Vertrieb', en: 'Sales' } },
            { id: 'b', label: { de: 'Marketing', en: 'Marketing' } },
            { id: 'c', label: { de: 'Service', en: 'Service' } },
          ],
        },
        { id: 'done', type: 'end', title: { de: 'Danke!', en: 'Thanks!' } },
      ],
    });

  // Was: a multiple choice allows at most one answer (`maxSelected: 1`); a German visitor ticks
  // two and reads "Bitte wählen Sie höchstens 1 Antworten." (English: "Choose at most 1
  // answers."). It should be "höchstens 1 Antwort" / "at most 1 answer": messages.ts
  // too_many_selected (and too_few_selected) have one plural form for every count.
  it('says "höchstens 1 Antwort", not "1 Antworten"', async () => {
    const { user } = renderWidget({ flow: flow(), locale: 'de' });
    await user.click(await screen.findByRole('checkbox', { name: 'Vertrieb' }));
    await user.click(screen.getByRole('checkbox', { name: 'Marketing' }));
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    const error = await screen.findByText(/höchstens 1/);
    expect(error.textContent).toContain('Bitte wählen Sie höchstens 1 Antwort.');
  });
});

describe('numbers and dates that already read right (pinned)', () => {
  it.each([
    ["1'500.5", 'de-CH', 1500.5],
    ['1\u2019500.5', 'de-CH', 1500.5],
    ['-1.500,5', 'de', -1500.5],
    ['1\u202f500,5', 'fr', 1500.5],
    ['1\u00a0500', 'de-AT', 1500],
    ['-1,500.5', 'en', -1500.5],
    ['1.500,5', 'en', '1.500,5'],
  ] as const)('reads %s in %s', (typed, locale, value) => {
    expect(parseNumberInput(typed, locale)).toBe(value);
  });

  it('writes limits and dates of issue messages the locale\'s way', () => {
    const march = Date.parse('2026-03-01T00:00:00Z');
    expect(fillMessage(messagesFor('de').issues.date_too_early, 'de', { min: march })).toBe('Bitte wählen Sie ein Datum ab dem 1. März 2026.');
    expect(fillMessage(messagesFor('en').issues.date_too_early, 'en-US', { min: march })).toBe('Choose a date on or after March 1, 2026.');
    expect(fillMessage(messagesFor('en').issues.date_too_early, 'en-GB', { min: march })).toBe('Choose a date on or after 1 March 2026.');
    expect(fillMessage(messagesFor('de').issues.too_small, 'de', { min: -1500.5 })).toBe('Bitte geben Sie eine Zahl ab -1.500,5 ein.');
    expect(fillMessage(messagesFor('en').issues.too_big, 'en', { max: 100000 })).toBe('Enter a number of 100,000 or less.');
  });
});

describe('text direction by script, not only by language', () => {
  // Was: a flow for Pakistan written in Punjabi in Arabic script (`"locales": ["pa-Arab"]`,
  // Shahmukhi) or Uzbek in Arabic script is shown left to right, so every sentence runs
  // backwards for the visitor; Sindhi in Devanagari (`sd-Deva`) is shown right to left.
  // text-direction.ts:2 looks only at the language subtag and ignores the script subtag;
  // check the (likely) script, e.g. `new Intl.Locale(tag).maximize().script` in
  // Arab/Hebr/Syrc/Thaa/Nkoo/Adlm/Rohg, before the language list.
  it('writes pa-Arab right to left and sd-Deva left to right', () => {
    expect(textDirection('pa-Arab')).toBe('rtl');
    expect(textDirection('sd-Deva')).toBe('ltr');
  });
});
