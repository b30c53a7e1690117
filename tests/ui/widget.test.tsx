import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { CONSENT_LABEL, answerUpToConsent, expectStep, flowFrom, next, renderWidget, type User } from './fixtures.tsx';

const ROLE = 'Welche Rolle haben Sie bei der Auswahl?';
const NEED = 'Was möchten Sie verbessern?';
const TEAM = 'Wie viele Personen arbeiten in Ihrem Vertrieb?';
const CONTACT = 'Wohin dürfen wir Ihre Auswertung schicken?';
// The testing library's name computation drops the space before the inline "(optional)" span.
const COMPANY = /^Unternehmen ?\(optional\)$/;
const REQUIRED = 'Bitte beantworten Sie diese Frage.';

/** What a screen reader reads after a field's name: the texts its aria-describedby points at. */
function describedText(field: HTMLElement): string {
  const ids = field.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

const progressValue = () => Number(screen.getByRole('progressbar', { name: 'Fortschritt' }).getAttribute('aria-valuenow'));

describe('Widget: completing the demo flow', () => {
  it('walks the flow in German and hands only the path answers and the score tier to onComplete', async () => {
    const { user, onComplete } = renderWidget();

    await answerUpToConsent(user);
    await user.click(screen.getByRole('checkbox', { name: CONSENT_LABEL }));
    expect(onComplete).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Absenden' }));

    await expectStep('Danke! Lassen Sie uns sprechen.');
    expect(onComplete).toHaveBeenCalledTimes(1);
    const [completion] = onComplete.mock.calls[0]!;
    // The optional company was left empty, so it is not an answer at all.
    expect(completion.answers).toEqual({
      role: 'sign_off',
      need: ['lead_routing', 'forecasting'],
      team_size: 40,
      budget: 'approved',
      timeline: 'this_quarter',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      privacy: true,
    });
    expect(completion.score).toMatchObject({ total: 101, tier: 'hot' });
    expect(completion.ending.id).toBe('end_hot');
  });

  it('leaves answers on a branch the visitor went back from out of the completion', async () => {
    const { user, onComplete } = renderWidget();
    await user.click(screen.getByRole('radio', { name: 'Ich entscheide' }));
    await next(user);
    await expectStep(NEED);
    await user.click(screen.getByRole('checkbox', { name: 'Reporting' }));
    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    await expectStep(ROLE);

    await user.click(screen.getByRole('radio', { name: 'Ich bin Student:in' }));
    await user.click(screen.getByRole('button', { name: 'Absenden' }));

    await expectStep('Danke, dass Sie vorbeischauen!');
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ role: 'student' });
    expect(onComplete.mock.calls[0]![0].score.tier).toBe('cold');
  });

  it('sends a student straight to the student ending, whose call to action links to the material', async () => {
    const { user } = renderWidget();
    await user.click(screen.getByRole('radio', { name: 'Ich bin Student:in' }));
    // With the student answer this is the last question, so the button says so.
    await user.click(screen.getByRole('button', { name: 'Absenden' }));

    await expectStep('Danke, dass Sie vorbeischauen!');
    expect(screen.queryByRole('heading', { name: NEED })).toBeNull();
    expect(screen.getByText(/Für Studierende haben wir kostenlose Lernmaterialien/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Zu den Lernmaterialien' }).getAttribute('href')).toBe('/guide.html');
    // An end screen is not a form: nothing to go back to or submit.
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows the hot ending with its booking link', async () => {
    const { user } = renderWidget();
    await answerUpToConsent(user);
    await user.click(screen.getByRole('checkbox', { name: CONSENT_LABEL }));
    await user.click(screen.getByRole('button', { name: 'Absenden' }));

    await expectStep('Danke! Lassen Sie uns sprechen.');
    const link = screen.getByRole('link', { name: 'Termin buchen' });
    expect(link.getAttribute('href')).toBe('https://example.com/book');
    // A link opening a new tab must not hand the landing page to the booking site.
    expect(link.getAttribute('rel')).toContain('noopener');
  });
});

describe('Widget: validation', () => {
  it('refuses Next without an answer, focuses the first invalid field, and clears the error once answered', async () => {
    const { user, onStep } = renderWidget();
    await next(user);

    expect(await screen.findByText(REQUIRED)).toBeTruthy();
    await expectStep(ROLE);
    expect(onStep).not.toHaveBeenCalled();
    const first = screen.getByRole('radio', { name: 'Ich entscheide' });
    expect(document.activeElement).toBe(first);
    expect(first.getAttribute('aria-invalid')).toBe('true');
    // The focused radio itself points at the error, so a screen reader reads it on focus.
    expect(describedText(first)).toContain(REQUIRED);

    await user.click(screen.getByRole('radio', { name: 'Ich empfehle eine Lösung' }));
    expect(screen.queryByText(REQUIRED)).toBeNull();
    expect(screen.getByRole('radio', { name: 'Ich entscheide' }).getAttribute('aria-invalid')).toBe('false');
  });

  it('moves focus to the invalid field again on a second failed attempt', async () => {
    const { user } = renderWidget();
    await next(user);
    await screen.findByText(REQUIRED);
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Ich entscheide' }));

    screen.getByRole('button', { name: 'Weiter' }).focus();
    await next(user);
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Ich entscheide' }));
  });

  it('explains a malformed e-mail address next to the field and focuses it', async () => {
    const { user } = renderWidget();
    await goToContactStep(user);

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Ada');
    const email = screen.getByRole('textbox', { name: 'E-Mail-Adresse' });
    await user.type(email, 'ada@example');
    await next(user);

    const message = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z.\u00a0B. name@firma.de.';
    // (Testing Library's text queries read the no-break space in "z. B." as a space.)
    const shown = /Bitte geben Sie eine gültige E-Mail-Adresse ein, z\. B\. name@firma\.de\./;
    expect(await screen.findByText(shown)).toBeTruthy();
    expect(document.activeElement).toBe(email);
    expect(describedText(email)).toContain(message);
    // The valid name field is not marked.
    expect(screen.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('false');

    await user.type(email, '.com');
    expect(screen.queryByText(shown)).toBeNull();
    await next(user);
    await expectStep('Fast geschafft');
  });

  it('focuses the first of several invalid contact fields', async () => {
    const { user } = renderWidget();
    await goToContactStep(user);
    await next(user);

    // Fields, not questions: "fill in", not "answer this question".
    expect(await screen.findAllByText('Bitte füllen Sie dieses Feld aus.')).toHaveLength(2);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' }));
    // The optional field says so and is not required.
    expect(screen.getByRole('textbox', { name: COMPANY }).getAttribute('aria-invalid')).toBe('false');
  });

  it.each([
    ['0', 'Bitte geben Sie eine Zahl ab 1 ein.'],
    // The limit is formatted for the visitor's locale: 100.000 in German.
    ['100001', 'Bitte geben Sie eine Zahl bis 100.000 ein.'],
    ['abc', 'Bitte geben Sie eine Zahl ein.'],
  ])('refuses %j in a number field with "%s"', async (typed, message) => {
    const { user } = renderWidget();
    await goToTeamSize(user);
    const field = screen.getByRole('textbox', { name: TEAM });
    await user.type(field, typed);
    await next(user);

    expect(await screen.findByText(message)).toBeTruthy();
    expect(document.activeElement).toBe(field);
    await expectStep(TEAM);
  });

  it('formats the number limit for an English visitor too', async () => {
    const { user } = renderWidget({ locale: 'en' });
    await user.click(screen.getByRole('radio', { name: 'I make the decision' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Reporting' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(await screen.findByRole('textbox', { name: 'How many people work in your sales team?' }), '250000');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByText('Enter a number of 100,000 or less.')).toBeTruthy();
  });

  it('reads "1,5" as one and a half and keeps what the visitor typed in the field', async () => {
    const { user, model } = renderWidget();
    await goToTeamSize(user);
    const field = screen.getByRole('textbox', { name: TEAM }) as HTMLInputElement;
    // inputmode, not type=number: a number input would silently drop "1,5".
    expect(field.type).toBe('text');
    expect(field.inputMode).toBe('decimal');

    await user.type(field, '1,5');
    expect(field.value).toBe('1,5');
    expect(model.state.value.answers.team_size).toBe(1.5);
    await next(user);
    await expectStep('Gibt es ein Budget für dieses Jahr?');
  });

  it('writes a number the visitor comes back to their way, so editing it keeps its value', async () => {
    const { user, model } = renderWidget();
    await goToTeamSize(user);
    await user.type(screen.getByRole('textbox', { name: TEAM }), '2,125');
    await next(user);
    await expectStep('Gibt es ein Budget für dieses Jahr?');
    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    const field = (await screen.findByRole('textbox', { name: TEAM })) as HTMLInputElement;
    expect(field.value).toBe('2,125');
    await user.type(field, '6');
    expect(model.state.value.answers.team_size).toBe(2.1256);
  });

  it('reads German thousands separators: "1.500" is fifteen hundred', async () => {
    const { user, model } = renderWidget();
    await goToTeamSize(user);
    await user.type(screen.getByRole('textbox', { name: TEAM }), '1.500');
    expect(model.state.value.answers.team_size).toBe(1500);
    await user.clear(screen.getByRole('textbox', { name: TEAM }));
    await user.type(screen.getByRole('textbox', { name: TEAM }), '100.001');
    await next(user);
    expect(await screen.findByText('Bitte geben Sie eine Zahl bis 100.000 ein.')).toBeTruthy();
  });

  it('clears a "not a number" error as soon as the text becomes a number', async () => {
    const { user } = renderWidget();
    await goToTeamSize(user);
    const field = screen.getByRole('textbox', { name: TEAM });
    await user.type(field, 'abc');
    await next(user);
    await screen.findByText('Bitte geben Sie eine Zahl ein.');

    await user.clear(field);
    await user.type(field, '12');
    expect(screen.queryByText('Bitte geben Sie eine Zahl ein.')).toBeNull();
  });

  it('blocks the consent step until the box is ticked', async () => {
    const { user, onComplete } = renderWidget();
    await answerUpToConsent(user);
    const privacyLink = screen.getByRole('link', { name: 'Datenschutzerklärung' });
    expect(privacyLink.getAttribute('href')).toBe('/privacy.html');

    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(await screen.findByText('Bitte stimmen Sie zu, um fortzufahren.')).toBeTruthy();
    const box = screen.getByRole('checkbox', { name: CONSENT_LABEL });
    expect(document.activeElement).toBe(box);
    expect(onComplete).not.toHaveBeenCalled();
    await expectStep('Fast geschafft');

    await user.click(box);
    expect(screen.queryByText('Bitte stimmen Sie zu, um fortzufahren.')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke! Lassen Sie uns sprechen.');
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it('blocks again when the consent box is unticked before submitting', async () => {
    const { user, onComplete } = renderWidget();
    await answerUpToConsent(user);
    const box = screen.getByRole('checkbox', { name: CONSENT_LABEL });
    await user.click(box);
    await user.click(box);
    await user.click(screen.getByRole('button', { name: 'Absenden' }));

    expect(await screen.findByText('Bitte stimmen Sie zu, um fortzufahren.')).toBeTruthy();
    expect(onComplete).not.toHaveBeenCalled();
  });
});

describe('Widget: focus and navigation', () => {
  it('does not take focus on first render', async () => {
    renderWidget();
    await expectStep(ROLE);
    expect(document.activeElement).toBe(document.body);
  });

  it('moves focus to the new step heading after Next and after Back', async () => {
    const { user } = renderWidget();
    await user.click(screen.getByRole('radio', { name: 'Ich entscheide' }));
    await next(user);

    const needHeading = await expectStep(NEED);
    expect(document.activeElement).toBe(needHeading);

    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    const roleHeading = await expectStep(ROLE);
    expect(document.activeElement).toBe(roleHeading);
  });

  it('moves focus to the heading of the end screen', async () => {
    const { user } = renderWidget();
    await user.click(screen.getByRole('radio', { name: 'Ich bin Student:in' }));
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(document.activeElement).toBe(await expectStep('Danke, dass Sie vorbeischauen!'));
  });

  it('has no Back button on the first step', async () => {
    renderWidget();
    await expectStep(ROLE);
    expect(screen.queryByRole('button', { name: 'Zurück' })).toBeNull();
  });

  it('keeps earlier answers when going back: choices stay selected, typed text stays typed', async () => {
    const { user } = renderWidget();
    await goToTeamSize(user);
    await user.type(screen.getByRole('textbox', { name: TEAM }), '40');
    await next(user);
    await expectStep('Gibt es ein Budget für dieses Jahr?');

    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    await expectStep(TEAM);
    expect((screen.getByRole('textbox', { name: TEAM }) as HTMLInputElement).value).toBe('40');

    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    await expectStep(NEED);
    const checked = screen.getAllByRole('checkbox').filter((box) => (box as HTMLInputElement).checked);
    expect(checked.map((box) => box.closest('label')?.textContent)).toEqual(['Reporting']);

    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    await expectStep(ROLE);
    expect((screen.getByRole('radio', { name: 'Ich entscheide' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getAllByRole('radio').filter((radio) => (radio as HTMLInputElement).checked)).toHaveLength(1);
  });

  it('keeps contact details when going back and forth', async () => {
    const { user } = renderWidget();
    await goToContactStep(user);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Ada');
    await user.type(screen.getByRole('textbox', { name: 'E-Mail-Adresse' }), 'ada@example.com');
    await next(user);
    await expectStep('Fast geschafft');

    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    await expectStep(CONTACT);
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('Ada');
    expect((screen.getByRole('textbox', { name: 'E-Mail-Adresse' }) as HTMLInputElement).value).toBe('ada@example.com');
  });

  it('keeps a given consent ticked when going back to it', async () => {
    const flow = flowFrom({
      id: 'consent-first',
      version: 1,
      locales: ['de'],
      steps: [
        { id: 'terms', type: 'consent', title: 'Bedingungen', label: 'Ich stimme zu' },
        { id: 'note', type: 'short_text', title: 'Anmerkung' },
        { id: 'done', type: 'end', title: 'Danke' },
      ],
    });
    const { user } = renderWidget({ flow });
    await user.click(await screen.findByRole('checkbox', { name: 'Ich stimme zu' }));
    await next(user);
    await expectStep('Anmerkung');

    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    await expectStep('Bedingungen');
    expect((screen.getByRole('checkbox', { name: 'Ich stimme zu' }) as HTMLInputElement).checked).toBe(true);
  });

  it('hides the errors of a step when going back from it', async () => {
    const { user } = renderWidget();
    await user.click(screen.getByRole('radio', { name: 'Ich entscheide' }));
    await next(user);
    await expectStep(NEED);
    await next(user);
    await screen.findByText(REQUIRED);

    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    await expectStep(ROLE);
    expect(screen.queryByText(REQUIRED)).toBeNull();
  });

  it('raises aria-valuenow of the progress bar with every step', async () => {
    const { user } = renderWidget();
    const seen = [progressValue()];
    await user.click(screen.getByRole('radio', { name: 'Ich entscheide' }));
    await next(user);
    await expectStep(NEED);
    seen.push(progressValue());
    await user.click(screen.getByRole('checkbox', { name: 'Reporting' }));
    await next(user);
    await expectStep(TEAM);
    seen.push(progressValue());

    expect(seen[0]).toBe(0);
    expect(seen[1]).toBeGreaterThan(seen[0]!);
    expect(seen[2]).toBeGreaterThan(seen[1]!);
    const bar = screen.getByRole('progressbar', { name: 'Fortschritt' });
    // aria-valuemin/-max are left at the progressbar defaults, 0 and 100.
    expect(seen.every((value) => value >= 0 && value <= 100)).toBe(true);
    expect(bar.getAttribute('aria-valuetext')).toBe('Schritt 3 von 7');
  });
});

describe('Widget: keyboard and semantics', () => {
  it('submits the step with Enter in a text field', async () => {
    const { user } = renderWidget();
    await goToTeamSize(user);
    const field = screen.getByRole('textbox', { name: TEAM });
    await user.type(field, '40{Enter}');
    await expectStep('Gibt es ein Budget für dieses Jahr?');
  });

  it('shows the error, not the next step, for Enter in an empty text field', async () => {
    const { user } = renderWidget();
    await goToTeamSize(user);
    const field = screen.getByRole('textbox', { name: TEAM });
    await user.type(field, '{Enter}');
    expect(await screen.findByText(REQUIRED)).toBeTruthy();
    expect(document.activeElement).toBe(field);
  });

  it('submits on the form submit event (a mobile keyboard "Go")', async () => {
    const { user } = renderWidget();
    await goToTeamSize(user);
    const field = screen.getByRole('textbox', { name: TEAM });
    await user.type(field, '7');
    // false: the widget cancels the browser's own submission, so the landing page never reloads.
    expect(fireEvent.submit(field.closest('form')!)).toBe(false);
    await expectStep('Gibt es ein Budget für dieses Jahr?');
  });

  it('renders choices as native radios in a fieldset named by its legend, which holds the heading', async () => {
    renderWidget();
    const group = await screen.findByRole('group', { name: ROLE });
    const radios = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((radio) => radio.type)).toEqual(['radio', 'radio', 'radio', 'radio']);
    expect(new Set(radios.map((radio) => radio.name)).size).toBe(1);
    expect(group.tagName).toBe('FIELDSET');
    const heading = screen.getByRole('heading', { level: 2, name: ROLE });
    expect(heading.closest('legend')?.parentElement).toBe(group);
  });

  it('marks required fields as required and optional ones as not', async () => {
    const { user } = renderWidget();
    expect((await screen.findByRole('radio', { name: 'Ich entscheide' }) as HTMLInputElement).required).toBe(true);
    await goToContactStep(user);
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).required).toBe(true);
    expect((screen.getByRole('textbox', { name: 'E-Mail-Adresse' }) as HTMLInputElement).required).toBe(true);
    expect((screen.getByRole('textbox', { name: COMPANY }) as HTMLInputElement).required).toBe(false);
  });

  it('describes each checkbox with the question hint', async () => {
    const { user } = renderWidget();
    await user.click(screen.getByRole('radio', { name: 'Ich entscheide' }));
    await next(user);
    await expectStep(NEED);
    expect(describedText(screen.getByRole('checkbox', { name: 'Reporting' }))).toContain('Mehrere Antworten möglich.');
  });

  it('labels the number field with the question and shows its unit', async () => {
    const { user } = renderWidget();
    await goToTeamSize(user);
    const field = screen.getByRole('textbox', { name: TEAM });
    expect(field.closest('h2')).toBeNull();
    expect(screen.getByText('Personen')).toBeTruthy();
  });

  it('gives contact fields their input types and autocomplete tokens', async () => {
    const { user } = renderWidget();
    await goToContactStep(user);
    const email = screen.getByRole('textbox', { name: 'E-Mail-Adresse' }) as HTMLInputElement;
    expect(email.type).toBe('email');
    expect(email.autocomplete).toBe('email');
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).autocomplete).toBe('name');
    expect((screen.getByRole('textbox', { name: COMPANY }) as HTMLInputElement).autocomplete).toBe('organization');
  });

  // Was: a phone capitalised only the first word of "erika mustermann", and a browser underlined
  // "Mustermann" as misspelt.
  it('capitalises each word of names and companies on a phone keyboard; not the e-mail', async () => {
    const { user } = renderWidget();
    await goToContactStep(user);
    for (const name of ['Name', COMPANY]) {
      const field = screen.getByRole('textbox', { name }) as HTMLInputElement;
      // (`spellcheck`, a property jsdom lacks, is checked in Chromium: tests/e2e/strict-policies-edges.)
      expect(field.getAttribute('autocapitalize'), String(name)).toBe('words');
    }
    expect(screen.getByRole('textbox', { name: 'E-Mail-Adresse' }).getAttribute('autocapitalize')).toBeNull();
  });
});

describe('Widget: other question kinds', () => {
  const kindsFlow = () =>
    flowFrom({
      id: 'kinds',
      version: 1,
      locales: ['de'],
      steps: [
        {
          id: 'channels',
          type: 'multiple_choice',
          title: 'Welche Kanäle nutzen Sie?',
          options: [
            { id: 'mail', label: 'E-Mail' },
            { id: 'phone', label: 'Telefon' },
            { id: 'chat', label: 'Chat' },
          ],
          minSelected: 2,
        },
        { id: 'work_email', type: 'email', title: 'Ihre geschäftliche E-Mail', placeholder: 'name@firma.de' },
        { id: 'note', type: 'short_text', title: 'Noch etwas?', maxLength: 20, required: false },
        { id: 'done', type: 'end', title: 'Danke' },
      ],
    });

  it('asks for a minimum number of choices with the number in the message', async () => {
    const { user, model } = renderWidget({ flow: kindsFlow() });
    // Clicked out of order: the answer keeps the flow's option order.
    await user.click(await screen.findByRole('checkbox', { name: 'Chat' }));
    await next(user);
    expect(await screen.findByText('Bitte wählen Sie mindestens 2 Antworten.')).toBeTruthy();

    await user.click(screen.getByRole('checkbox', { name: 'E-Mail' }));
    expect(screen.queryByText('Bitte wählen Sie mindestens 2 Antworten.')).toBeNull();
    expect(model.state.value.answers.channels).toEqual(['mail', 'chat']);
  });

  it('gives an e-mail question an e-mail keyboard and checks the address', async () => {
    const { user } = renderWidget({ flow: kindsFlow() });
    await user.click(await screen.findByRole('checkbox', { name: 'E-Mail' }));
    await user.click(screen.getByRole('checkbox', { name: 'Telefon' }));
    await next(user);

    const field = (await screen.findByRole('textbox', { name: 'Ihre geschäftliche E-Mail' })) as HTMLInputElement;
    expect(field.type).toBe('email');
    expect(field.inputMode).toBe('email');
    expect(field.placeholder).toBe('name@firma.de');
    await user.type(field, 'ada{Enter}');
    await waitFor(() => expect(describedText(field)).toMatch(/gültige E-Mail-Adresse/));
    expect(document.activeElement).toBe(field);
    // Enter in the field: it has focus already, so no focus event reads its error; the live region says it.
    const live = document.querySelector('[aria-live]')!;
    await waitFor(() => expect(live.textContent).toBe('Bitte prüfen Sie Ihre Angaben (Fehler: 1). Fehler: Bitte geben Sie eine gültige E-Mail-Adresse ein, z.\u00a0B. name@firma.de.'));
    await user.type(field, '{Enter}');
    // The same words again, changed by a no-break space, so they are announced again.
    await waitFor(() => expect(live.textContent).toBe('Bitte prüfen Sie Ihre Angaben (Fehler: 1). Fehler: Bitte geben Sie eine gültige E-Mail-Adresse ein, z.\u00a0B. name@firma.de.\u00a0'));

    await user.type(field, '@example.com{Enter}');
    const note = (await screen.findByRole('textbox', { name: /^Noch etwas\? ?\(optional\)$/ })) as HTMLInputElement;
    expect(note.maxLength).toBe(20);
    expect(note.required).toBe(false);
    // An optional question may be skipped.
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
  });
});

describe('Widget: English', () => {
  it('shows flow text and built-in strings in English', async () => {
    const { user } = renderWidget({ locale: 'en' });
    expect(await screen.findByRole('heading', { level: 2, name: 'What is your role in choosing a tool?' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Is PipeLight right for your team?' })).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Progress' }).getAttribute('aria-valuetext')).toBe('Step 1 of 7');

    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Please answer this question.')).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: 'I make the decision' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'What do you want to improve?' })).toBeTruthy();
    expect(screen.getByText('Choose all that apply.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Back' })).toBeTruthy();
    expect(screen.queryByText(/Weiter|Zurück/)).toBeNull();
  });

  it('names the widget region with the flow title and sets its language', async () => {
    renderWidget();
    const region = await screen.findByRole('region', { name: 'Passt PipeLight zu Ihrem Team?' });
    expect(region.getAttribute('lang')).toBe('de');
  });
});

async function goToTeamSize(user: User) {
  await user.click(screen.getByRole('radio', { name: 'Ich entscheide' }));
  await next(user);
  await user.click(await screen.findByRole('checkbox', { name: 'Reporting' }));
  await next(user);
  await expectStep(TEAM);
}

async function goToContactStep(user: User) {
  await goToTeamSize(user);
  await user.type(screen.getByRole('textbox', { name: TEAM }), '10');
  await next(user);
  await user.click(await screen.findByRole('radio', { name: 'In Planung' }));
  await next(user);
  await user.click(await screen.findByRole('radio', { name: 'Später' }));
  await next(user);
  await expectStep(CONTACT);
}
