/**
 * The widget's own words in the flow's (`messages`, src/ui/i18n/flow-messages.ts): a French flow
 * speaks French on every button and message, each string says its language where it is not the
 * visitor's, and the built-in German or English wins where the flow lacks the visitor's language.
 */
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { expectStep, flowFrom, languageOfText, renderWidget } from '../fixtures.tsx';

const steps = [
  { id: 'role', type: 'single_choice', title: { fr: 'Votre rôle ?', de: 'Ihre Rolle?' }, options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
  { id: 'contact', type: 'contact', title: { fr: 'Vos coordonnées', de: 'Ihre Kontaktdaten' }, fields: [{ id: 'email', kind: 'email' }, { id: 'company', kind: 'company', required: false }] },
  { id: 'done', type: 'end', title: { fr: 'Merci !', de: 'Danke!' } },
];

const french = {
  next: { fr: 'Suivant' },
  back: { fr: 'Retour' },
  submit: { fr: 'Envoyer' },
  optional: { fr: '(facultatif)' },
  error: { fr: 'Erreur\u00a0:' },
  progress: { fr: 'Étape {step} sur {total}' },
  progressLabel: { fr: 'Progression' },
  errorSummary: { fr: 'Veuillez vérifier vos réponses ({count} {count|erreur|erreurs}).' },
  fillIn: { fr: 'Veuillez remplir ce champ.' },
  fields: { email: { fr: 'Adresse e-mail' }, company: { fr: 'Entreprise' } },
  issues: { required: { fr: 'Veuillez répondre à cette question.' }, invalid_email: { fr: 'Adresse e-mail non valide.' } },
};

const flow = (messages: unknown, locales = ['fr', 'de']) => flowFrom({ id: 'm', version: 1, locales, webhook: '/hook', steps, messages });

const liveRegion = () => document.querySelector('[aria-live="polite"]')!;

describe('a flow in a language LeadFlow has no strings in, with its own messages', () => {
  it('shows its buttons, progress, field names and errors in French, none of them marked as English', async () => {
    const { user, container } = renderWidget({ flow: flow(french), locale: 'fr' });
    await expectStep('Votre rôle ?');
    expect(screen.getByText('Étape 1 sur 2')).toBeTruthy();
    const nextButton = screen.getByRole('button', { name: 'Suivant' });
    expect(nextButton.closest('[lang="en"]')).toBeNull();

    await user.click(nextButton);
    expect(screen.getByText('Veuillez répondre à cette question.')).toBeTruthy();
    expect(liveRegion().textContent).toBe('Veuillez vérifier vos réponses (1 erreur).');
    expect(liveRegion().closest('[lang="en"]')).toBeNull();

    await user.click(screen.getByRole('radio', { name: 'A' }));
    await user.click(nextButton);
    await expectStep('Vos coordonnées');
    expect(liveRegion().textContent).toBe('Étape 2 sur 2');
    const email = screen.getByRole('textbox', { name: /Adresse e-mail/ });
    expect(screen.getByText('(facultatif)')).toBeTruthy();
    fireEvent.input(email, { target: { value: 'not an address' } });
    await user.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(screen.getByText('Adresse e-mail non valide.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retour' })).toBeTruthy();
    // Every string shown was given in French: nothing in the widget claims to be English.
    expect(container.querySelector('[lang="en"]')).toBeNull();
    expect(languageOfText(screen.getByText('Adresse e-mail non valide.'))).toBe(container.querySelector('[lang]')!.getAttribute('lang'));
  });

  it('marks the built-in English strings it does not give as English, and only those', async () => {
    const { user } = renderWidget({ flow: flow({ next: { fr: 'Suivant' } }), locale: 'fr' });
    await expectStep('Votre rôle ?');
    expect(languageOfText(screen.getByRole('button', { name: 'Suivant' }))).toBe('fr');
    expect(languageOfText(screen.getByText('Step 1 of 2'))).toBe('en');
    await user.click(screen.getByRole('button', { name: 'Suivant' }));
    expect(languageOfText(screen.getByText('Please answer this question.'))).toBe('en');
    // The region is for screen readers only: its text's own element says the language.
    expect(liveRegion().firstElementChild!.closest('[lang]')!.getAttribute('lang')).toBe('en');
    await user.click(screen.getByRole('radio', { name: 'A' }));
    await user.click(screen.getByRole('button', { name: 'Suivant' }));
    await expectStep('Vos coordonnées');
    expect(screen.getByRole('button', { name: 'Back' }).getAttribute('lang')).toBe('en');
    expect(languageOfText(screen.getByRole('button', { name: 'Submit' }))).toBe('en');
  });
});

describe('the built-in strings against the flow\'s', () => {
  it('a German visitor of a flow with French messages gets the built-in German ones', async () => {
    const { user } = renderWidget({ flow: flow(french), locale: 'de' });
    await expectStep('Ihre Rolle?');
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    expect(screen.getByText('Bitte beantworten Sie diese Frage.')).toBeTruthy();
    expect(screen.queryByText(/Suivant|Veuillez/)).toBeNull();
  });

  it('a German text of the flow replaces the built-in German one', async () => {
    const { user } = renderWidget({ flow: flow({ next: { de: 'Los geht’s', fr: 'Suivant' }, issues: { required: { de: 'Bitte wählen Sie eine Rolle.' } } }), locale: 'de' });
    await expectStep('Ihre Rolle?');
    await user.click(screen.getByRole('button', { name: 'Los geht’s' }));
    expect(screen.getByText('Bitte wählen Sie eine Rolle.')).toBeTruthy();
  });

  it('a step\'s own "errors" win over the flow-wide message for the same issue', async () => {
    const json = { id: 'm', version: 1, locales: ['fr'], webhook: '/hook', messages: french, steps: structuredClone(steps) };
    (json.steps[0] as Record<string, unknown>)['errors'] = { required: 'Choisissez votre rôle.' };
    const { user } = renderWidget({ flow: flowFrom(json), locale: 'fr' });
    await expectStep('Votre rôle ?');
    await user.click(screen.getByRole('button', { name: 'Suivant' }));
    expect(screen.getByText('Choisissez votre rôle.')).toBeTruthy();
    expect(screen.queryByText('Veuillez répondre à cette question.')).toBeNull();
  });

  it('an empty required contact field says the flow\'s "fillIn", not its question message', async () => {
    const json = { id: 'm', version: 1, locales: ['fr'], webhook: '/hook', messages: french, steps: structuredClone(steps).slice(1) };
    const { user } = renderWidget({ flow: flowFrom(json), locale: 'fr' });
    await expectStep('Vos coordonnées');
    await user.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(screen.getByText('Veuillez remplir ce champ.')).toBeTruthy();
  });

  it('shows a message with markup as text', async () => {
    renderWidget({ flow: flow({ next: '<img src=x onerror="window.__pwned=1">' }), locale: 'fr' });
    await expectStep('Votre rôle ?');
    expect(screen.getByRole('button', { name: '<img src=x onerror="window.__pwned=1">' })).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });
});
