/**
 * The flow's own words for the widget's (`messages`, src/engine/schema/messages.ts) as loading
 * and `validateFlow` see them: misspelt names refused and named, and a flow in a language
 * LeadFlow has no buttons in warned of (src/engine/lint/lint-messages.ts).
 */
import { describe, expect, it } from 'vitest';
import { formatIssue, loadFlow, validateFlow } from '../../../src/engine/index.ts';
import { demoJson, type FlowJson } from '../fixtures.ts';

/** A small French flow: a choice, a contact step (e-mail without a label), an ending. */
const frenchFlow = (extra: Record<string, unknown> = {}): FlowJson => ({
  id: 'fr',
  version: 1,
  locales: ['fr'],
  webhook: 'https://hooks.example.com/leads',
  steps: [
    { id: 'role', type: 'single_choice', title: 'Votre rôle ?', options: [{ id: 'a', label: 'Décideur' }, { id: 'b', label: 'Autre' }] },
    { id: 'contact', type: 'contact', title: 'Vos coordonnées', fields: [{ id: 'email', kind: 'email' }] },
    { id: 'done', type: 'end', title: 'Merci !' },
  ],
  ...extra,
});

/** Every message this flow shows, in French. */
const frenchMessages = {
  next: 'Suivant',
  back: 'Retour',
  submit: 'Envoyer',
  progress: 'Étape {step} sur {total}',
  progressLabel: 'Progression',
  error: 'Erreur :',
  errorSummary: 'Veuillez vérifier vos réponses ({count} {count|erreur|erreurs}).',
  close: 'Fermer',
  openForm: 'Ouvrir le formulaire',
  fillIn: 'Veuillez remplir ce champ.',
  fields: { email: 'Adresse e-mail' },
  issues: { required: 'Veuillez répondre à cette question.', invalid_email: 'Veuillez saisir une adresse e-mail valide.' },
};

const lines = (flow: unknown) => {
  const result = validateFlow(flow);
  return result.ok ? [] : result.issues.map((issue) => `${formatIssue(issue)} [${issue.severity ?? 'error'}]`);
};

describe('loading "messages"', () => {
  it('takes texts and locale maps for every name, in the two groups too', () => {
    const result = loadFlow(frenchFlow({ messages: { ...frenchMessages, next: { fr: 'Suivant', de: 'Weiter' } } }));
    expect(result.ok && result.value.messages?.next).toEqual({ fr: 'Suivant', de: 'Weiter' });
    expect(result.ok && result.value.messages?.fields?.email).toBe('Adresse e-mail');
  });

  it.each([
    [{ nxt: 'Suivant' }, /^messages\.nxt: unknown property "nxt" — did you mean "next"\?/],
    [{ fields: { emial: 'E-mail' } }, /^messages\.fields\.emial: unknown property "emial" — did you mean "email"\?/],
    [{ issues: { requird: 'Requis' } }, /^messages\.issues\.requird: unknown property "requird" — did you mean "required"\?/],
    // Shown before any flow is there: a flow cannot say them, and is told so by the refusal.
    [{ loading: 'Chargement…' }, /^messages\.loading: unknown property "loading"/],
    [{ toString: 'x' }, /^messages\.toString: unknown property "toString"/],
  ])('refuses %j, naming the path', (messages, line) => {
    const result = loadFlow(frenchFlow({ messages }));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([expect.stringMatching(line)]);
  });

  it('refuses an empty text, as everywhere else in a flow', () => {
    const result = loadFlow(frenchFlow({ messages: { next: '' } }));
    expect(result.ok ? [] : result.issues.map((issue) => issue.path.join('.'))).toEqual(['messages.next']);
  });
});

describe('a locale LeadFlow has no strings in', () => {
  it('warns once per such locale, naming the messages this flow shows that have no text in it', () => {
    expect(lines(frenchFlow())).toEqual([
      'locales[0]: LeadFlow has no "fr" buttons and messages of its own (only de and en), and "messages" gives no "fr" text for next, back, submit, progress, progressLabel, error, errorSummary, close, openForm, fillIn, fields.email, issues.required, issues.invalid_email: visitors in "fr" see these in English (or in another of the flow\'s languages where "messages" has one) — add "messages" with "fr" texts, e.g. { "next": { "fr": "…" } } (docs/flow-format.md has a French and a Spanish set to copy) [warning]',
    ]);
  });

  it('is quiet when every message the flow shows is given, as a plain text or in that locale', () => {
    expect(lines(frenchFlow({ messages: frenchMessages }))).toEqual([]);
    const maps = Object.fromEntries(Object.entries(frenchMessages).map(([key, text]) => [key, typeof text === 'string' ? { fr: text } : text]));
    expect(lines(frenchFlow({ messages: maps }))).toEqual([]);
  });

  it('asks only for what the flow shows: a slider, a drop-down, an optional field, a consent and auto-advance add theirs, each error message by the questions that can show it', () => {
    const flow = frenchFlow({ messages: frenchMessages, autoAdvance: true, title: 'Devis' });
    flow.steps.splice(1, 0,
      { id: 'size', type: 'range', title: 'Taille', min: 1, max: 10, required: false },
      { id: 'land', type: 'dropdown', title: 'Pays', options: [{ id: 'fr', label: 'France' }, { id: 'be', label: 'Belgique' }] },
      { id: 'ok', type: 'consent', title: 'Accord', label: 'J’accepte', privacyUrl: 'https://example.com/privacy' },
    );
    flow.steps[4].fields.push({ id: 'phone', kind: 'phone', required: false });
    const [line] = lines(flow);
    expect(line).toMatch(/"messages" gives no "fr" text for optional, autoAdvance, privacy, choose, noAnswer, less, more, fields\.phone, issues\.consent_required, issues\.invalid_phone:/);
    // A flow with a title names its bubble with it: "openForm" is never shown.
    expect(line).not.toMatch(/openForm/);
  });

  it('counts a French region as French, and says nothing of German or English ones', () => {
    expect(lines(frenchFlow({ locales: ['fr-CA', 'de', 'en-GB'], messages: frenchMessages }))).toEqual([]);
    expect(lines(frenchFlow({ locales: ['de', 'en'] })).filter((line) => line.includes('buttons and messages'))).toEqual([]);
  });
});

describe('translations of messages', () => {
  it('warns of a message without a declared locale, with what visitors see instead', () => {
    const flow = demoJson();
    flow.locales = ['de', 'en', 'fr'];
    flow.messages = { next: { de: 'Los', fr: 'Suivant' }, submit: { fr: 'Envoyer', en: 'Send' }, issues: { required: { de: 'Pflicht', en: 'Required' } } };
    const warnings = validateFlow(flow);
    const missing = (warnings.ok ? [] : warnings.issues).filter((issue) => issue.code === 'missing_translation' && issue.path[0] === 'messages');
    expect(missing.map((issue) => [issue.path.join('.'), issue.hint])).toEqual([
      ['messages.next', 'add "en": "…"; until then visitors see the built-in text in their language'],
      ['messages.submit', 'add "de": "…"; until then visitors see the built-in text in their language'],
      ['messages.issues.required', 'add "fr": "…"; until then visitors see the de text'],
    ]);
  });
});
