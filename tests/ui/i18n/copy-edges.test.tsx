/**
 * Every word a visitor reads, as a careful German and English editor reads it: the built-in
 * strings (src/ui/i18n/messages.ts) where they show, the demo flows (demo/flows/*.json) and the
 * demo pages (demo/*.html). Each test holds the corrected wording; where the wording is fine it
 * is pinned too. Texts are compared as rendered (`textContent`), not through Testing Library's
 * matchers, whose default normalizer turns a no-break space into a space and would hide the
 * typography under test.
 */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import faintJson from '../../../demo/flows/faint.json';
import meddpiccJson from '../../../demo/flows/meddpicc.json';
import { expectStep, flowFrom, renderWidget } from '../fixtures.tsx';

const NBSP = '\u00a0';

/** A one-step flow (and its ending) in one language. */
const oneStep = (locale: 'de' | 'en', step: Record<string, unknown>) =>
  flowFrom({
    id: 'copy',
    version: 1,
    locales: [locale],
    webhook: '/webhook',
    steps: [{ id: 'q', title: locale === 'de' ? 'Frage' : 'Question', ...step }, { id: 'done', type: 'end', title: locale === 'de' ? 'Danke' : 'Thanks' }],
  });

/** The error a field is described by, as rendered, without the screen-reader-only "Fehler:"/"Error:". */
function errorOf(field: HTMLElement): string {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  expect(ids).toHaveLength(1);
  const error = field.ownerDocument.getElementById(ids[0]!)!;
  return [...error.childNodes]
    .filter((node) => !(node instanceof Element && node.classList.contains('lf-sr-only')))
    .map((node) => node.textContent)
    .join('');
}

const liveRegion = () => document.querySelector('[aria-live="polite"]')!;

type FlowJson = { steps: Array<{ id: string; type: string; next?: unknown }> };

/** A demo flow started at one of its own questions: the step's text exactly as the demo has it. */
function demoFlowAt(json: unknown, stepId: string) {
  const copy = structuredClone(json) as FlowJson;
  const at = copy.steps.findIndex((step) => step.id === stepId);
  expect(at).toBeGreaterThanOrEqual(0);
  copy.steps.unshift(...copy.steps.splice(at, 1));
  return flowFrom(copy);
}

/** A demo flow whose first question leads straight to one of its endings (a flow cannot start at one). */
function demoFlowEndingIn(json: unknown, endId: string) {
  const copy = structuredClone(json) as FlowJson;
  expect(copy.steps.find((step) => step.id === endId)?.type).toBe('end');
  copy.steps[0]!.next = [{ goto: endId }];
  return flowFrom(copy);
}

/** A demo page as a visitor's browser parses it. */
const demoPage = (path: string) => new DOMParser().parseFromString(readFileSync(join(process.cwd(), 'demo', path), 'utf8'), 'text/html');

describe('German: "z. B." never breaks between its two parts (a no-break space, as Duden asks)', () => {
  // messages.ts:71, :72, :83 write "z. B." with an ordinary space: at a narrow width "z." ends one
  // line and "B. name@firma.de." starts the next.
  it('in the e-mail and phone messages of a contact step', async () => {
    const flow = oneStep('de', { type: 'contact', fields: [{ id: 'email', kind: 'email' }, { id: 'phone', kind: 'phone' }] });
    const { user } = renderWidget({ flow });
    await user.type(await screen.findByRole('textbox', { name: 'E-Mail-Adresse' }), 'ada(at)example.com');
    await user.type(screen.getByRole('textbox', { name: 'Telefonnummer' }), 'ruf an');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'E-Mail-Adresse' }).getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(screen.getByRole('textbox', { name: 'E-Mail-Adresse' }))).toBe(`Bitte geben Sie eine gültige E-Mail-Adresse ein, z.${NBSP}B. name@firma.de.`);
    expect(errorOf(screen.getByRole('textbox', { name: 'Telefonnummer' }))).toBe(`Bitte geben Sie eine gültige Telefonnummer ein, z.${NBSP}B. +49 30 1234567.`);
  });

  it('in the message for a number off the grid', async () => {
    const { user } = renderWidget({ flow: oneStep('de', { type: 'number', min: 10, step: 25 }) });
    await user.type(await screen.findByRole('textbox', { name: 'Frage' }), '50');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Frage' }).getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(screen.getByRole('textbox', { name: 'Frage' }))).toBe(`Bitte geben Sie eine Zahl in Schritten von 25 ein, z.${NBSP}B. 60.`);
  });

  // demo/flows/meddpicc.json:14 (the first step's hint) and :38 (an option) write "z. B." with an
  // ordinary space too.
  it('in the demo flow meddpicc: the first question\'s hint and the budget owner\'s option', async () => {
    renderWidget({ flow: demoFlowAt(meddpiccJson, 'expected_savings') });
    const heading = await expectStep(/^Welchen Nutzen pro Jahr erwarten Sie vom neuen ERP\?/);
    const hint = heading.closest('.lf-field')!.querySelector('.lf-hint')!;
    expect(hint.textContent).toContain(`Grob in Euro, z.${NBSP}B. durch kürzere Durchlaufzeiten`);

    const { container } = renderWidget({ flow: demoFlowAt(meddpiccJson, 'role') });
    await screen.findAllByRole('radio');
    const owner = [...container.querySelectorAll('label')].find((label) => label.textContent!.startsWith('Ich verantworte das Budget'))!;
    expect(owner.textContent).toBe(`Ich verantworte das Budget (z.${NBSP}B. Geschäftsführung, CFO)`);
  });
});

describe('a missing answer is named for what is missing', () => {
  // messages.ts:69/:116 "Bitte beantworten Sie diese Frage." / "Please answer this question." is
  // shown under each empty contact field ("E-Mail-Adresse", "Name"), which are fields, not
  // questions; the step's heading is the question ("Wie erreichen wir Sie?").
  it('a required contact field left empty asks to fill in the field (German)', async () => {
    const { user } = renderWidget({ flow: oneStep('de', { type: 'contact', fields: [{ id: 'name', kind: 'name' }, { id: 'email', kind: 'email' }] }) });
    await screen.findByRole('textbox', { name: 'Name' });
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(screen.getByRole('textbox', { name: 'Name' }))).toBe('Bitte füllen Sie dieses Feld aus.');
    expect(errorOf(screen.getByRole('textbox', { name: 'E-Mail-Adresse' }))).toBe('Bitte füllen Sie dieses Feld aus.');
  });

  it('a required contact field left empty asks to fill in the field (English)', async () => {
    const { user } = renderWidget({ locale: 'en', flow: oneStep('en', { type: 'contact', fields: [{ id: 'email', kind: 'email' }] }) });
    await screen.findByRole('textbox', { name: 'Email address' });
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Email address' }).getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(screen.getByRole('textbox', { name: 'Email address' }))).toMatch(/^(Please f|F)ill in this field\.$/);
  });

  // The visitor did answer the question (chose "Anders, nämlich"); what is missing is the text
  // of the field that appeared: "Bitte beantworten Sie diese Frage." tells them something false.
  it('"other" chosen without its text asks for the text, not for an answer to the question', async () => {
    const flow = oneStep('de', {
      type: 'single_choice',
      options: [
        { id: 'search', label: 'Suche' },
        { id: 'other', label: 'Anders, nämlich', other: true },
      ],
    });
    const { user } = renderWidget({ flow });
    await user.click(await screen.findByRole('radio', { name: 'Anders, nämlich' }));
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    const text = screen.getByRole('textbox', { name: 'Anders, nämlich' });
    await waitFor(() => expect(text.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(text)).toBe('Bitte füllen Sie dieses Feld aus.');
  });

  it('an unanswered question still asks to answer the question (fine as it is)', async () => {
    const { user } = renderWidget({ flow: oneStep('de', { type: 'short_text' }) });
    await screen.findByRole('textbox', { name: 'Frage' });
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Frage' }).getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(screen.getByRole('textbox', { name: 'Frage' }))).toBe('Bitte beantworten Sie diese Frage.');
  });
});

describe('a whole number is asked for as a whole number', () => {
  // The demo flows bant.json (team_size) and champ.json (employees) ask for a count with
  // `step: 1`; "2,5" Personen is refused with "… in Schritten von 1 ein, z. B. 3." — correct, but
  // a roundabout way of saying "whole number" that a visitor has to decode.
  it.each([
    ['de', '2,5', /^Bitte geben Sie eine ganze Zahl ein\b/],
    ['en', '2.5', /^(Please e|E)nter a whole number\b/],
  ] as const)('%s: %s people with step 1', async (locale, typed, message) => {
    const { user } = renderWidget({ locale, flow: oneStep(locale, { type: 'number', min: 1, step: 1 }) });
    const field = await screen.findByRole('textbox', { name: locale === 'de' ? 'Frage' : 'Question' });
    await user.type(field, typed);
    await user.click(screen.getByRole('button', { name: locale === 'de' ? 'Absenden' : 'Submit' }));
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(field)).toMatch(message);
  });
});

describe('English: plurals', () => {
  // messages.ts:123 "Use {max} characters or fewer." has no plural form, unlike the selection
  // messages beside it ({max|answer|answers}): a `maxLength: 1` answer reads "Use 1 characters".
  it('a one-character limit says "1 character"', async () => {
    const { user } = renderWidget({ locale: 'en', flow: oneStep('en', { type: 'short_text', maxLength: 1 }) });
    const field = await screen.findByRole('textbox', { name: 'Question' });
    // Pasted past the field's own limit, as a script or an autofill can.
    fireEvent.input(field, { target: { value: 'AB' } });
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(field)).toBe('Use 1 character or fewer.');
  });

  it('a limit of 5 says "5 characters" (fine as it is)', async () => {
    const { user } = renderWidget({ locale: 'en', flow: oneStep('en', { type: 'short_text', maxLength: 5 }) });
    const field = await screen.findByRole('textbox', { name: 'Question' });
    fireEvent.input(field, { target: { value: 'ABCDEFG' } });
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(field)).toBe('Use 5 characters or fewer.');
  });

  // messages.ts:105 "Please check your answers (errors: {count})." is said after every refused
  // Next; with one error it reads "(errors: 1)". German "(Fehler: 1)" is fine: Fehler is both.
  it('the summary of one error says "1 error"', async () => {
    const { user } = renderWidget({ locale: 'en', flow: oneStep('en', { type: 'contact', fields: [{ id: 'email', kind: 'email' }] }) });
    await user.type(await screen.findByRole('textbox', { name: 'Email address' }), 'ada@example');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(liveRegion().textContent).toMatch(/^Please check your answers/));
    expect(liveRegion().textContent).not.toContain('errors: 1');
    expect(liveRegion().textContent).toMatch(/\b1 error\b/);
  });

  it('the German summary of one error is fine as it is', async () => {
    const { user } = renderWidget({ flow: oneStep('de', { type: 'contact', fields: [{ id: 'email', kind: 'email' }] }) });
    await user.type(await screen.findByRole('textbox', { name: 'E-Mail-Adresse' }), 'ada@example');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await waitFor(() => expect(liveRegion().textContent).toBe('Bitte prüfen Sie Ihre Angaben (Fehler: 1).'));
  });
});

describe('English: one way of writing each thing', () => {
  // messages.ts:130 "…, e.g. {near}." while the e-mail and phone messages (:118, :119) give their
  // examples with "like" ("like name@company.com"). Same length.
  it('the off-grid number gives its example with "like", as the other messages do', async () => {
    const { user } = renderWidget({ locale: 'en', flow: oneStep('en', { type: 'number', min: 10, step: 25 }) });
    const field = await screen.findByRole('textbox', { name: 'Question' });
    await user.type(field, '50');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(field)).toBe('Enter a number in steps of 25, like 60.');
  });

  // messages.ts:101 "Choose …" has a space before the ellipsis; :96 "Loading the form…" has none
  // (English sets it closed; German "Bitte wählen …", "Formular wird geladen …" keep theirs).
  it('the drop-down\'s empty entry is "Choose…", closed up as "Loading the form…"', async () => {
    renderWidget({ locale: 'en', flow: oneStep('en', { type: 'dropdown', options: [{ id: 'a', label: 'Alpha' }, { id: 'b', label: 'Beta' }] }) });
    expect((await screen.findByRole('option', { name: /^Choose/ })).textContent).toBe('Choose…');
  });

  it('the German drop-down\'s empty entry keeps its space before "…" (fine as it is)', async () => {
    renderWidget({ flow: oneStep('de', { type: 'dropdown', options: [{ id: 'a', label: 'Alpha' }, { id: 'b', label: 'Beta' }] }) });
    expect((await screen.findByRole('option', { name: /^Bitte wählen/ })).textContent).toBe('Bitte wählen …');
  });
});

describe('German: a unit is kept with its number', () => {
  // src/ui/questions/range-question.tsx:33 writes the slider's value as `${number} ${unit}`
  // with an ordinary space: "100 Personen", "50 %" may break between number and unit.
  it('the slider writes "100 Personen" with a no-break space', async () => {
    renderWidget({ flow: oneStep('de', { type: 'range', min: 0, max: 200, step: 10, unit: 'Personen' }) });
    const slider = await screen.findByRole('slider', { name: 'Frage' });
    expect(slider.closest('.lf-field')!.querySelector('output')!.textContent).toBe(`100${NBSP}Personen`);
    expect(slider.getAttribute('aria-valuetext')).toBe(`100${NBSP}Personen`);
  });

  // demo/index.html: "31 %", "▲ 4 %", "Ø ±4 %", "+23 %", "2,4 Mio. €", "39 €", "6 Std.", "11 Min.",
  // "Art. 28 DSGVO" with ordinary spaces (Duden: a no-break space between number and unit, and
  // after "Art."). The English page writes "31%", "€39": nothing to keep together there.
  it('the German demo page keeps every number with its unit', () => {
    const text = demoPage('index.html').body.textContent!;
    const broken = text.match(/\d [%€]|Mio\. €|\d (Std|Min)\.|Art\. \d/g);
    expect(broken).toBeNull();
    expect(text).toContain(`31${NBSP}%`);
    expect(text).toContain(`Ab 39${NBSP}€ pro Nutzer:in`);
  });
});

describe('the demo flows, in one voice', () => {
  // demo/flows/faint.json:137 "Ein Logistikexperte aus unserem Team meldet sich …": a generic
  // masculine in a demo that is otherwise gender-neutral (Mitarbeitende, Studierende,
  // Vertriebler:innen, Nutzer:in) and says "Jemand aus unserem Team meldet sich …" in this very
  // ending of bant.json and champ.json.
  it('faint\'s follow-up ending names nobody in the generic masculine', async () => {
    const { user } = renderWidget({ flow: demoFlowEndingIn(faintJson, 'end_follow_up') });
    await user.type(await screen.findByRole('textbox', { name: 'Wie viele Sendungen verschicken Sie pro Monat?' }), '800');
    await user.click(screen.getByRole('button', { name: /^(Weiter|Absenden)$/ }));
    const heading = await expectStep('Danke! Wir melden uns bei Ihnen.');
    const text = heading.closest('.lf-end')!.textContent!;
    expect(text).not.toMatch(/\bEin Logistikexperte\b/);
    expect(text).toMatch(/meldet sich innerhalb eines Werktags/);
  });

  // demo/flows/faint.json:91 "A price offer" (a loan translation of "Ein Preisangebot"); English
  // says "quote", as the same option does in anum.json ("A concrete quote"), gpctba.json ("A quote
  // for your project") and meddpicc.json ("A quote").
  it('faint\'s English offers "a quote", as the other demo flows do', async () => {
    renderWidget({ locale: 'en', flow: demoFlowAt(faintJson, 'request') });
    await expectStep('What can we send you?');
    expect(screen.queryByRole('radio', { name: /price offer/i })).toBeNull();
    expect(screen.getByRole('radio', { name: /\bquote\b/i })).toBeTruthy();
  });

  // demo/privacy.html:111 (English section) "your e-mail address", while everything else an
  // English visitor of the demo reads says "email": the form's "Email address" and its error
  // ("Enter a valid email address"), the flows' "Work email", "Spreadsheets and email".
  it('the English privacy notice writes "email" as the English form does', () => {
    const english = demoPage('privacy.html').getElementById('en')!.textContent!.replace(/\s+/g, ' ');
    expect(english).not.toMatch(/e-mail/i);
    expect(english).toContain('your email address');
  });
});
