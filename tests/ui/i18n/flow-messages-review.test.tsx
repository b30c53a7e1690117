/**
 * A review of a flow's `messages`: the widget's built-in strings in the flow's words, which of
 * the two a visitor sees, what language each is marked in wherever it shows, how its
 * placeholders are filled, and what loading and the linter say about it. "Was:" tests failed
 * before their fix; the one `it.fails` pins what is left alone.
 */
import { screen, waitFor, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../src/delivery/index.ts';
import { mount } from '../../../src/embed/mount.tsx';
import { createPageOutbox } from '../../../src/embed/page-outbox.ts';
import { formatIssue, lintFlow, loadFlow, validateFlow, type Issue } from '../../../src/engine/index.ts';
import { expectStep, flowFrom, languageOfText, renderWidget } from '../fixtures.tsx';

type Json = Record<string, unknown>;

/** A flow of these questions (an ending after them) in `locales`, with these `messages`. */
const flowJson = (steps: Json[], messages?: Json, locales = ['fr'], extra: Json = {}): Json => ({
  id: 'messages-review',
  version: 1,
  locales,
  ...(messages && { messages }),
  ...extra,
  steps: [...steps, { id: 'done', type: 'end', title: 'Merci !' }],
});

const flow = (...args: Parameters<typeof flowJson>) => flowFrom(flowJson(...args));

/** The language a screen reader speaks an element's own name or text in: its nearest `lang`. */
const langAt = (element: Element) => element.closest('[lang]')?.getAttribute('lang') ?? null;

const liveRegion = () => document.querySelector('[aria-live="polite"]')!;
/** The language the live region's words are spoken in (the element made anew for each text says it). */
const liveLanguage = () => langAt(liveRegion().firstElementChild ?? liveRegion());

/** The error a field is described by, as rendered, without its screen-reader-only prefix. */
function errorOf(field: HTMLElement): HTMLElement {
  const id = (field.getAttribute('aria-describedby') ?? '').split(' ').find((ref) => ref.endsWith('-error'));
  expect(id).toBeDefined();
  return field.ownerDocument.getElementById(id!)!;
}
const errorText = (field: HTMLElement) =>
  [...errorOf(field).childNodes]
    .filter((node) => !(node instanceof Element && node.classList.contains('lf-sr-only')))
    .map((node) => node.textContent)
    .join('');

/** The French set of docs/flow-format.md ("## Messages"), its French texts only. */
function docsFrenchSet(): Json {
  const doc = readFileSync(join(process.cwd(), 'docs', 'flow-format.md'), 'utf8');
  const block = /A whole set in French and Spanish[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(block).toBeDefined();
  const onlyFrench = (value: unknown): unknown =>
    value && typeof value === 'object' && 'fr' in value
      ? { fr: (value as { fr: string }).fr }
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, child]) => [key, onlyFrench(child)]))
        : value;
  return onlyFrench((JSON.parse(block!) as { messages: Json }).messages) as Json;
}

const shortText = { id: 'company', type: 'short_text', title: 'Votre entreprise ?' };
const singleChoice = {
  id: 'role',
  type: 'single_choice',
  title: 'Votre rôle ?',
  options: [
    { id: 'lead', label: 'Je décide' },
    { id: 'other', label: 'Autre', other: true },
  ],
};
const dropdown = { id: 'country', type: 'dropdown', title: 'Votre pays ?', options: [{ id: 'fr', label: 'France' }, { id: 'be', label: 'Belgique' }] };
const slider = { id: 'size', type: 'range', title: 'Taille de l’équipe ?', min: 0, max: 10, required: false };
const contact = { id: 'contact', type: 'contact', title: 'Vos coordonnées', fields: [{ id: 'email', kind: 'email' }, { id: 'phone', kind: 'phone', required: false }] };
const consent = { id: 'ok', type: 'consent', title: 'Presque fini', label: 'J’accepte d’être contacté.', privacyUrl: 'https://example.com/privacy' };

describe('which text shows: the flow’s own or the built-in one (ownTextWins)', () => {
  it('a de-AT visitor sees the flow’s German text, not marked as another language', async () => {
    renderWidget({ flow: flow([shortText], { submit: { de: 'Anfrage senden' } }, ['de-AT']), locale: 'de-AT' });
    const button = await screen.findByRole('button', { name: 'Anfrage senden' });
    expect(languageOfText(button)).toBe('de-AT');
  });

  it('a de-AT visitor sees the flow’s exact de-AT text over its German one', async () => {
    renderWidget({ flow: flow([shortText], { submit: { de: 'Absenden bitte', 'de-AT': 'Abschicken' } }, ['de-AT', 'de']), locale: 'de-AT' });
    expect(await screen.findByRole('button', { name: 'Abschicken' })).toBeTruthy();
  });

  it('a German visitor sees the built-in German, not the flow’s English-only text', async () => {
    renderWidget({ flow: flow([shortText], { submit: { en: 'Send it' }, progress: { en: 'Page {step}/{total}' } }, ['de', 'en']), locale: 'de' });
    const button = await screen.findByRole('button', { name: 'Absenden' });
    expect(languageOfText(button)).toBe('de');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('Schritt 1 von 1');
  });

  it('a French visitor sees the flow’s English text (LeadFlow has no French), marked English', async () => {
    renderWidget({ flow: flow([shortText], { submit: { en: 'Send it' } }, ['fr', 'en']), locale: 'fr' });
    const button = await screen.findByRole('button', { name: 'Send it' });
    expect(languageOfText(button)).toBe('en');
  });

  it('a white-space-only text for the visitor’s language is passed over for the next one', async () => {
    renderWidget({ flow: flow([shortText], { submit: { fr: '   ', en: 'Send it' } }, ['fr', 'en']), locale: 'fr' });
    const button = await screen.findByRole('button', { name: 'Send it' });
    expect(languageOfText(button)).toBe('en');
  });

  it('an empty text in a map is passed over for the declared locales’ next', async () => {
    renderWidget({ flow: flow([shortText], { submit: { fr: '', de: 'Los' } }, ['fr', 'de']), locale: 'fr' });
    const button = await screen.findByRole('button', { name: 'Los' });
    expect(languageOfText(button)).toBe('de');
  });

  it('a map with no usable text leaves the built-in text and its language', async () => {
    renderWidget({ flow: flow([shortText], { submit: {} }), locale: 'fr' });
    const button = await screen.findByRole('button', { name: 'Submit' });
    expect(languageOfText(button)).toBe('en');
  });

  // Was: a plain string of white space only ("submit": "   ") loads (the schema asks for one
  // character, and a space is one), and src/ui/i18n/flow-messages.ts:13 `ownTextWins` takes any
  // plain string (and :28 keeps any non-empty result), so "   " replaces "Submit": a button with
  // no visible text and no accessible name. A map's blank text is passed over
  // (src/engine/text.ts:12, `textLocale`); a blank plain
  // string should be too (the built-in text stays), or loadFlow should refuse it.
  it('a white-space-only plain string leaves the built-in button (or is refused)', async () => {
    const json = flowJson([shortText], { submit: '   ' });
    const loaded = loadFlow(json);
    if (!loaded.ok) return;
    renderWidget({ flow: loaded.value, locale: 'fr' });
    await expectStep('Votre entreprise ?');
    expect(screen.getByRole('button', { name: 'Submit' })).toBeTruthy();
  });

  it('the flow’s French texts are used for a French visitor, marked as nothing else', async () => {
    const { user } = renderWidget({ flow: flow([shortText, { ...shortText, id: 'site', title: 'Votre site ?' }], docsFrenchSet()), locale: 'fr' });
    await user.type(await screen.findByRole('textbox', { name: 'Votre entreprise ?' }), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Suivant' }));
    await expectStep('Votre site ?');
    expect(screen.getByRole('button', { name: 'Retour' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Envoyer' })).toBeTruthy();
    expect(document.querySelectorAll('[lang]:not([lang="fr"])')).toHaveLength(0);
  });
});

describe('a French flow without messages: the built-in English, marked English where it shows', () => {
  it('the buttons, the progress bar and the live region', async () => {
    const { user } = renderWidget({ flow: flow([shortText, { ...shortText, id: 'site', title: 'Votre site ?' }]), locale: 'fr' });
    await user.type(await screen.findByRole('textbox', { name: 'Votre entreprise ?' }), 'Acme');
    expect(languageOfText(screen.getByRole('button', { name: 'Next' }))).toBe('en');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await expectStep('Votre site ?');
    expect(langAt(screen.getByRole('button', { name: 'Back' }))).toBe('en');
    expect(languageOfText(screen.getByRole('button', { name: 'Submit' }))).toBe('en');
    expect(langAt(screen.getByRole('progressbar', { name: 'Progress' }))).toBe('en');
    expect(liveRegion().textContent).toBe('Step 2 of 2');
    expect(liveLanguage()).toBe('en');
  });

  it('the auto-advance hint', async () => {
    renderWidget({ flow: flow([singleChoice], undefined, ['fr'], { autoAdvance: true }), locale: 'fr' });
    expect(languageOfText(await screen.findByText('Choosing an answer takes you on to the next step.'))).toBe('en');
  });

  it('the drop-down’s empty entry', async () => {
    renderWidget({ flow: flow([dropdown]), locale: 'fr' });
    expect(langAt(await screen.findByRole('option', { name: 'Choose…' }))).toBe('en');
  });

  it('contact field names, "(optional)" and the fill-in error', async () => {
    const { user } = renderWidget({ flow: flow([contact]), locale: 'fr' });
    const email = await screen.findByRole('textbox', { name: 'Email address' });
    expect(languageOfText(screen.getByText('Email address'))).toBe('en');
    expect(languageOfText(screen.getByText('(optional)'))).toBe('en');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(errorText(email)).toBe('Please fill in this field.');
    expect(languageOfText(errorOf(email))).toBe('en');
  });

  it('the consent step’s privacy link', async () => {
    renderWidget({ flow: flow([consent]), locale: 'fr' });
    expect(langAt(await screen.findByRole('link', { name: 'Privacy policy' }))).toBe('en');
  });

  // Was: src/ui/questions/range-question.tsx:35, :69 and :91 show `messages.less`, `messages.more`
  // and `messages.noAnswer` with no `lang` at all (the stepper buttons, the slider's value text,
  // the <output>), so "Less", "More" and "no answer" are spoken as French in a French form — the
  // one render site of built-in strings this change did not give `langOf`. They should say
  // lang="en" (langOf(messages, 'less' | 'more' | 'noAnswer')), as every other built-in string does.
  it('the slider’s − and + buttons and its "no answer"', async () => {
    renderWidget({ flow: flow([slider]), locale: 'fr' });
    expect(langAt(await screen.findByRole('button', { name: 'Less' }))).toBe('en');
    expect(langAt(screen.getByRole('button', { name: 'More' }))).toBe('en');
    expect(languageOfText(screen.getByRole('status'))).toBe('en');
  });

  it('the slider’s − and + buttons are named by the flow’s French texts', async () => {
    renderWidget({ flow: flow([slider], { less: { fr: 'Moins' }, more: { fr: 'Plus' }, noAnswer: { fr: 'sans réponse' } }), locale: 'fr' });
    expect(langAt(await screen.findByRole('button', { name: 'Moins' }))).toBe('fr');
    expect(langAt(screen.getByRole('button', { name: 'Plus' }))).toBe('fr');
    expect(screen.getByRole('slider').getAttribute('aria-valuetext')).toBe('sans réponse');
    expect(screen.getByRole('status').textContent).toBe('sans réponse');
  });
});

describe('the docs’ French set: nothing French is marked English, at any render site', () => {
  const noEnglish = () => expect([...document.querySelectorAll('[lang="en"]')].map((element) => element.outerHTML)).toEqual([]);

  it('loads, and its texts show on every step kind that shows built-in strings', async () => {
    const { user } = renderWidget({ flow: flow([singleChoice, dropdown, slider, contact, consent], docsFrenchSet(), ['fr'], { autoAdvance: true }), locale: 'fr' });
    await expectStep('Votre rôle ?');
    expect(screen.getByText('Votre choix vous mène directement à l’étape suivante.')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Progression' }).getAttribute('aria-valuetext')).toBe('Étape 1 sur 5');
    await user.click(screen.getByRole('button', { name: 'Suivant' }));
    await waitFor(() => expect(liveRegion().textContent).toMatch(/^Veuillez vérifier vos réponses \(1 erreur\)\./));
    expect(screen.getByText('Veuillez répondre à cette question.')).toBeTruthy();
    noEnglish();
    await user.click(screen.getByRole('radio', { name: 'Je décide' }));

    await expectStep('Votre pays ?');
    expect(liveRegion().textContent).toBe('Étape 2 sur 5');
    expect(screen.getByRole('option', { name: 'Choisissez…' })).toBeTruthy();
    noEnglish();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Votre pays ?' }), 'be');
    await user.click(screen.getByRole('button', { name: 'Suivant' }));

    await expectStep('Taille de l’équipe ? (facultatif)');
    expect(screen.getByRole('button', { name: 'Moins' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Plus' })).toBeTruthy();
    noEnglish();
    await user.click(screen.getByRole('button', { name: 'Suivant' }));

    await expectStep('Vos coordonnées');
    expect(screen.getByRole('textbox', { name: 'Numéro de téléphone (facultatif)' })).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Adresse e-mail' }), 'pas une adresse');
    await user.click(screen.getByRole('button', { name: 'Suivant' }));
    await waitFor(() => expect(errorText(screen.getByRole('textbox', { name: 'Adresse e-mail' }))).toBe('Veuillez saisir une adresse e-mail valide, p.\u00a0ex. nom@entreprise.fr.'));
    noEnglish();
    await user.clear(screen.getByRole('textbox', { name: 'Adresse e-mail' }));
    await user.type(screen.getByRole('textbox', { name: 'Adresse e-mail' }), 'ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Suivant' }));

    await expectStep('Presque fini');
    expect(screen.getByRole('link', { name: 'Politique de confidentialité' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Envoyer' }));
    await waitFor(() => expect(screen.getByText('Veuillez donner votre accord pour continuer.')).toBeTruthy());
    noEnglish();
  });

  /** A widget mounted as the embed does it, in `mode`, for a French visitor; unmounted after `check`. */
  async function mounted(json: Json, mode: 'bubble' | 'popup', check: (q: ReturnType<typeof within>) => void | Promise<void>) {
    const element = document.createElement('div');
    document.body.append(element);
    const outbox = createPageOutbox(window, { storage: memoryStorage() });
    const handle = mount(element, { flow: json, webhook: 'https://hooks.example.test/lead', locale: 'fr', mode }, outbox);
    try {
      await handle.ready;
      // The frame inside the shadow root; jsdom shows no popover or dialog, so they count as hidden.
      await check(within(element.shadowRoot!.querySelector<HTMLElement>('.lf-frame')!));
    } finally {
      handle.unmount();
      outbox.dispose();
    }
  }

  /** The language a dialog's accessible name is spoken in: of the element naming it, or its own. */
  /** What names the dialog: itself (`aria-label`) or the element its `aria-labelledby` names. */
  const namer = (dialog: HTMLElement) => {
    const by = dialog.getAttribute('aria-labelledby');
    return by ? (dialog.getRootNode() as ShadowRoot).getElementById(by)! : dialog;
  };
  const nameLanguage = (dialog: HTMLElement) => langAt(namer(dialog));
  // A closed dialog is hidden, and Testing Library names hidden elements by `aria-label` only.
  const nameOf = (dialog: HTMLElement) => dialog.getAttribute('aria-label') ?? namer(dialog).textContent;

  it('the bubble, its dialog and the close button of a mounted widget', async () => {
    await mounted(flowJson([shortText], docsFrenchSet()), 'bubble', (q) => {
      expect(langAt(q.getByRole('button', { name: 'Ouvrir le formulaire', hidden: true }))).toBe('fr');
      const dialog = q.getByRole('dialog', { hidden: true });
      expect(nameOf(dialog)).toBe('Ouvrir le formulaire');
      expect(nameLanguage(dialog)).toBe('fr');
      expect(langAt(q.getByRole('button', { name: 'Fermer', hidden: true }))).toBe('fr');
    });
  });

  it('without messages, the bubble and the close button are English, marked so', async () => {
    await mounted(flowJson([shortText]), 'bubble', (q) => {
      expect(langAt(q.getByRole('button', { name: 'Open the form', hidden: true }))).toBe('en');
      expect(langAt(q.getByRole('button', { name: 'Close', hidden: true }))).toBe('en');
    });
  });

  // Was: src/ui/overlay.tsx:121 named the dialog `label || messages.openForm` by `aria-label`,
  // with no language: a French popup without a title (and without messages) was named "Open
  // the form" inside the frame's lang="fr". It is named by a hidden element marked English now.
  it('without messages, the popup dialog’s built-in English name is marked English', async () => {
    await mounted(flowJson([shortText]), 'popup', (q) => {
      const dialog = q.getByRole('dialog', { hidden: true });
      expect(nameOf(dialog)).toBe('Open the form');
      expect(nameLanguage(dialog)).toBe('en');
    });
  });
});

describe('the progress bar: its name and its text, each in its own language', () => {
  // Was: src/ui/progress-bar.tsx:10 marks the whole bar with the language of `progress` only,
  // but the bar's accessible name is `progressLabel`. A flow that gives "progress" in French and
  // not "progressLabel" gets an English "Progress" name under no `lang` (so spoken as French).
  // The name should be marked with langOf(messages, 'progressLabel').
  it('a French "progress" with the built-in English "progressLabel": the name is marked English', async () => {
    renderWidget({ flow: flow([shortText], { progress: { fr: 'Étape {step} sur {total}' } }), locale: 'fr' });
    const bar = await screen.findByRole('progressbar', { name: 'Progress' });
    expect(bar.getAttribute('aria-valuetext')).toBe('Étape 1 sur 1');
    expect(langAt(bar)).toBe('en');
  });

  // Was: the other way round, the flow's French name "Progression" is marked lang="en"
  // (progress-bar.tsx:10 takes the English "progress" text's language for the whole bar).
  it('a French "progressLabel" with the built-in English "progress": the French name is not marked English', async () => {
    renderWidget({ flow: flow([shortText], { progressLabel: { fr: 'Progression' } }), locale: 'fr' });
    const bar = await screen.findByRole('progressbar', { name: 'Progression' });
    expect(langAt(bar)).toBe('fr');
  });

  it('both given: French throughout, {step} and {total} filled in', async () => {
    renderWidget({ flow: flow([shortText, { ...shortText, id: 'site', title: 'Votre site ?' }], { progress: { fr: 'Étape {step} sur {total}' }, progressLabel: { fr: 'Progression' } }), locale: 'fr' });
    const bar = await screen.findByRole('progressbar', { name: 'Progression' });
    expect(bar.getAttribute('aria-valuetext')).toBe('Étape 1 sur 2');
    expect(langAt(bar)).toBe('fr');
  });
});

describe('a button whose text changes language keeps a language (no lang="", "unknown")', () => {
  it('Suivant (French), Submit (built-in English), Suivant again after Back', async () => {
    const { user } = renderWidget({ flow: flow([shortText, { ...shortText, id: 'site', title: 'Votre site ?' }], { next: { fr: 'Suivant' }, back: { fr: 'Retour' } }), locale: 'fr' });
    await user.type(await screen.findByRole('textbox', { name: 'Votre entreprise ?' }), 'Acme');
    expect(languageOfText(screen.getByRole('button', { name: 'Suivant' }))).toBe('fr');
    await user.click(screen.getByRole('button', { name: 'Suivant' }));
    await expectStep('Votre site ?');
    expect(languageOfText(screen.getByRole('button', { name: 'Submit' }))).toBe('en');
    await user.click(screen.getByRole('button', { name: 'Retour' }));
    await expectStep('Votre entreprise ?');
    expect(languageOfText(screen.getByRole('button', { name: 'Suivant' }))).toBe('fr');
    expect(document.querySelectorAll('[lang=""]')).toHaveLength(0);
  });
});

describe('the live region', () => {
  it('after a step change: the flow’s progress text, in French', async () => {
    const { user } = renderWidget({ flow: flow([shortText, { ...shortText, id: 'site', title: 'Votre site ?' }], { progress: { fr: 'Étape {step} sur {total}' } }), locale: 'fr' });
    await user.type(await screen.findByRole('textbox', { name: 'Votre entreprise ?' }), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await expectStep('Votre site ?');
    expect(liveRegion().textContent).toBe('Étape 2 sur 2');
    expect(liveLanguage()).toBe('fr');
  });

  it('after a refused Next: the summary’s language, then the progress text’s again after the step changes', async () => {
    const { user } = renderWidget({
      flow: flow([shortText, { ...shortText, id: 'site', title: 'Votre site ?' }], { progress: { fr: 'Étape {step} sur {total}' } }),
      locale: 'fr',
    });
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await waitFor(() => expect(liveRegion().textContent).toMatch(/^Please check your answers \(1 error\)\./));
    expect(liveLanguage()).toBe('en');
    await user.type(screen.getByRole('textbox', { name: 'Votre entreprise ?' }), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await expectStep('Votre site ?');
    expect(liveRegion().textContent).toBe('Étape 2 sur 2');
    expect(liveLanguage()).toBe('fr');
  });

  it('the flow’s plural words for the number of errors', async () => {
    const summary = { fr: 'Veuillez vérifier vos réponses ({count} {count|erreur|erreurs}).' };
    const twoFields = { ...contact, fields: [{ id: 'email', kind: 'email' }, { id: 'name', kind: 'name' }] };
    const { user } = renderWidget({ flow: flow([twoFields], { errorSummary: summary }), locale: 'fr' });
    await user.click(await screen.findByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(liveRegion().textContent).toMatch(/^Veuillez vérifier vos réponses \(2 erreurs\)\./));
    expect(liveLanguage()).toBe('fr');
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Ada');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(liveRegion().textContent).toMatch(/^Veuillez vérifier vos réponses \(1 erreur\)\./));
  });

  // Was: after Enter in the invalid field, src/ui/widget.tsx:61 appends the field's error
  // ("Erreur : Veuillez répondre à cette question.", the flow's French) to the built-in English
  // summary, and :74 puts the whole text in one element with the summary's language only: French
  // spoken with English rules. Before this change all three strings were always in one language. Each part
  // should keep its own language (a span with langOf(messages, 'error') / `issues.<code>` for
  // the appended error), so nothing French is marked lang="en".
  it('a refused Enter in the field: the French error appended to the English summary is not marked English', async () => {
    const { user } = renderWidget({
      flow: flow([shortText], { error: { fr: 'Erreur :' }, issues: { required: { fr: 'Veuillez répondre à cette question.' } } }),
      locale: 'fr',
    });
    await user.type(await screen.findByRole('textbox', { name: 'Votre entreprise ?' }), '{Enter}');
    await waitFor(() => expect(liveRegion().textContent).toContain('Veuillez répondre à cette question.'));
    const french = within(liveRegion() as HTMLElement).getByText(/Veuillez répondre/);
    expect(langAt(french)).not.toBe('en');
  });
});

describe('placeholders in the flow’s texts', () => {
  it('{min:date} is a date as the visitor writes it', async () => {
    const { user } = renderWidget({
      flow: flow([{ id: 'start', type: 'date', title: 'Début ?', min: '2026-03-01' }], { issues: { date_too_early: { fr: 'Veuillez choisir une date à partir du {min:date}.' } } }),
      locale: 'fr',
    });
    const field = await screen.findByLabelText('Début ?');
    await user.type(field, '2026-01-15');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(errorText(field)).toBe('Veuillez choisir une date à partir du 1 mars 2026.'));
    expect(languageOfText(errorOf(field))).toBe('fr');
  });

  it('# in the words for a number is that number, as the visitor writes it', async () => {
    const { user } = renderWidget({
      flow: flow([{ id: 'budget', type: 'number', title: 'Budget ?', step: 0.5 }], { issues: { not_in_steps: { fr: 'Veuillez saisir {step|un nombre entier|un nombre par pas de #}, p. ex. {near}.' } } }),
      locale: 'fr',
    });
    const field = await screen.findByRole('textbox', { name: 'Budget ?' });
    await user.type(field, '1,2');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(errorText(field)).toMatch(/^Veuillez saisir un nombre par pas de 0,5, p\. ex\. 1\b/));
  });

  it('{max|one|other} picks the word for the number', async () => {
    const { user } = renderWidget({
      flow: flow([{ id: 'code', type: 'short_text', title: 'Code ?', maxLength: 1 }], { issues: { too_long: { fr: 'Au plus {max} {max|caractère|caractères}.' } } }),
      locale: 'fr',
    });
    const field = await screen.findByRole('textbox', { name: 'Code ?' });
    // maxlength stops typing; a pasted or prefilled value past it is what the check is for.
    field.setAttribute('maxlength', '10');
    await user.type(field, 'AB');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(errorText(field)).toBe('Au plus 1 caractère.'));
  });

  it('a placeholder the message has no number for stays as written', async () => {
    const { user } = renderWidget({ flow: flow([shortText], { issues: { required: { fr: 'Réponse {toString:date} {count|a|b} requise.' } } }), locale: 'fr' });
    await user.click(await screen.findByRole('button', { name: 'Submit' }));
    const field = screen.getByRole('textbox', { name: 'Votre entreprise ?' });
    await waitFor(() => expect(errorText(field)).toBe('Réponse {toString:date} {count|a|b} requise.'));
  });
});

describe('a step’s `errors`, the flow’s `messages.issues` and `fillIn`', () => {
  const required = (fr: string) => ({ issues: { required: { fr } } });

  it('the flow-wide message is used for a question without errors of its own', async () => {
    const { user } = renderWidget({ flow: flow([shortText], required('Répondez, svp.')), locale: 'fr' });
    await user.click(await screen.findByRole('button', { name: 'Submit' }));
    const field = screen.getByRole('textbox', { name: 'Votre entreprise ?' });
    await waitFor(() => expect(errorText(field)).toBe('Répondez, svp.'));
    expect(languageOfText(errorOf(field))).toBe('fr');
  });

  it('a step’s own message in the visitor’s language wins over the flow-wide one', async () => {
    const { user } = renderWidget({ flow: flow([{ ...shortText, errors: { required: { fr: 'Le nom de l’entreprise, svp.' } } }], required('Répondez, svp.')), locale: 'fr' });
    await user.click(await screen.findByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(errorText(screen.getByRole('textbox', { name: 'Votre entreprise ?' }))).toBe('Le nom de l’entreprise, svp.'));
  });

  it('German visitor: the flow-wide German message beats the step’s English-only one', async () => {
    const { user } = renderWidget({
      flow: flow([{ ...shortText, title: { de: 'Firma?', en: 'Company?' }, errors: { required: { en: 'Name your company.' } } }], { issues: { required: { de: 'Bitte nennen Sie sie.' } } }, ['de', 'en']),
      locale: 'de',
    });
    await user.click(await screen.findByRole('button', { name: 'Absenden' }));
    await waitFor(() => expect(errorText(screen.getByRole('textbox', { name: 'Firma?' }))).toBe('Bitte nennen Sie sie.'));
  });

  // Was: src/ui/questions/question-props.ts:43 `customError` asks ownTextWins only whether a
  // *built-in* text exists in the visitor's language; that the flow's own `messages.issues` has
  // one is not considered. A French visitor gets the step's English "Name your company." (marked
  // en) although the flow says it in French flow-wide. As for German (test above), a text in the
  // visitor's language should beat a step's fallback: "Veuillez répondre à cette question."
  it('French visitor: the flow-wide French message beats the step’s English-only one', async () => {
    const { user } = renderWidget({
      flow: flow([{ ...shortText, errors: { required: { en: 'Name your company.' } } }], required('Veuillez répondre à cette question.'), ['fr', 'en']),
      locale: 'fr',
    });
    await user.click(await screen.findByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(errorText(screen.getByRole('textbox', { name: 'Votre entreprise ?' }))).toBe('Veuillez répondre à cette question.'));
  });

  // Was: a step's `errors` text with nothing to show for any locale (`{ "fr": " " }`, which
  // loads; the linter warns of the missing text, the widget still shows it) wins in customError
  // (question-props.ts:43, ownTextWins: LeadFlow has no French) as `{ text: '', lang: undefined }`;
  // FieldError (src/ui/questions/parts.tsx:71) then shows the built-in English in its place but
  // with the custom text's language, none: "Please answer this question." spoken as French. An
  // empty custom text should give way entirely, built-in text and its lang="en" together.
  it('a step message with no usable text: the English shown in its place is marked English', async () => {
    const { user } = renderWidget({ flow: flow([{ ...shortText, errors: { required: { fr: ' ' } } }]), locale: 'fr' });
    await user.click(await screen.findByRole('button', { name: 'Submit' }));
    const field = screen.getByRole('textbox', { name: 'Votre entreprise ?' });
    await waitFor(() => expect(errorText(field)).toBe('Please answer this question.'));
    expect(languageOfText(errorOf(field))).toBe('en');
  });

  it('an empty required contact field says the flow’s fillIn, not its issues.required', async () => {
    const { user } = renderWidget({ flow: flow([contact], { fillIn: { fr: 'Veuillez remplir ce champ.' }, ...required('Répondez, svp.'), fields: { email: { fr: 'Adresse e-mail' } } }), locale: 'fr' });
    await user.click(await screen.findByRole('button', { name: 'Submit' }));
    const email = screen.getByRole('textbox', { name: 'Adresse e-mail' });
    await waitFor(() => expect(errorText(email)).toBe('Veuillez remplir ce champ.'));
    expect(languageOfText(errorOf(email))).toBe('fr');
    expect(languageOfText(screen.getByText('Adresse e-mail'))).toBe('fr');
  });

  it('an empty "other" text says fillIn, not the step’s own required message', async () => {
    const { user } = renderWidget({
      flow: flow([{ ...singleChoice, errors: { required: { fr: 'Choisissez un rôle.' } } }], { fillIn: { fr: 'Précisez, svp.' } }),
      locale: 'fr',
    });
    await user.click(await screen.findByRole('radio', { name: 'Autre' }));
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    const other = await screen.findByRole('textbox', { name: 'Autre' });
    await waitFor(() => expect(errorText(other)).toBe('Précisez, svp.'));
  });

  it('the flow-wide message for an invalid e-mail of a contact field, with its fallback language', async () => {
    const { user } = renderWidget({ flow: flow([contact], { issues: { invalid_email: { en: 'That is no e-mail address.' } } }, ['fr', 'en']), locale: 'fr' });
    const email = await screen.findByRole('textbox', { name: 'Email address' });
    await user.type(email, 'nope');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(errorText(email)).toBe('That is no e-mail address.'));
    expect(languageOfText(errorOf(email))).toBe('en');
  });
});

describe('hostile texts and keys', () => {
  it('HTML and {{answers.…}} in messages are shown as written', async () => {
    const { user } = renderWidget({
      flow: flow([shortText, { ...shortText, id: 'site', title: 'Votre site ?' }], { next: { fr: '<b>Suivant</b> {{answers.company}}' }, issues: { required: { fr: '<img src=x onerror=alert(1)>' } } }),
      locale: 'fr',
    });
    const next = await screen.findByRole('button', { name: '<b>Suivant</b> {{answers.company}}' });
    expect(next.querySelector('b')).toBeNull();
    await user.click(next);
    const field = screen.getByRole('textbox', { name: 'Votre entreprise ?' });
    await waitFor(() => expect(errorText(field)).toBe('<img src=x onerror=alert(1)>'));
    expect(document.querySelector('img')).toBeNull();
    await user.type(field, 'Acme');
    await user.click(next);
    await expectStep('Votre site ?');
    // Not piped: texts made once for the whole visit.
    expect(screen.queryByRole('button', { name: /Acme/ })).toBeNull();
  });

  it('a locale map of a message with a "__proto__" key (JSON text) leaves the built-in text', async () => {
    const text = JSON.stringify(flowJson([shortText])).replace('"locales"', '"messages":{"submit":{"__proto__":"Hack"}},"locales"');
    renderWidget({ flow: flowFrom(text), locale: 'fr' });
    await expectStep('Votre entreprise ?');
    expect(languageOfText(screen.getByRole('button', { name: 'Submit' }))).toBe('en');
    expect(screen.queryByText('Hack')).toBeNull();
  });

  it('loadFlow refuses keys every object inherits, in messages and in its groups', () => {
    const text = JSON.stringify(flowJson([shortText])).replace(
      '"locales"',
      '"messages":{"toString":{"fr":"x"},"__proto__":{"fr":"x"},"fields":{"constructor":"x"},"issues":{"__proto__":"x","hasOwnProperty":"x"}},"locales"',
    );
    const loaded = loadFlow(text);
    expect(loaded.ok).toBe(false);
    expect((loaded as { issues: Issue[] }).issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'messages.__proto__',
      'messages.fields.constructor',
      'messages.issues.__proto__',
      'messages.issues.hasOwnProperty',
      'messages.toString',
    ]);
  });

  it('loadFlow refuses a misspelt key in messages, fields or issues, with a did-you-mean hint', () => {
    const loaded = loadFlow(flowJson([shortText], { nxt: { fr: 'Suivant' }, fields: { emial: { fr: 'E-mail' } }, issues: { requird: { fr: 'Répondez.' } } }));
    expect(loaded.ok).toBe(false);
    expect((loaded as { issues: Issue[] }).issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "messages.fields.emial: unknown property "emial" — did you mean "email"? (remove it or fix the spelling)",
        "messages.issues.requird: unknown property "requird" — did you mean "required"? (remove it or fix the spelling)",
        "messages.nxt: unknown property "nxt" — did you mean "next"? (remove it or fix the spelling)",
      ]
    `);
  });

  it('loadFlow refuses the two texts a flow cannot give (shown before it is there)', () => {
    const loaded = loadFlow(flowJson([shortText], { loading: { fr: 'Chargement…' }, loadFailed: { fr: 'Échec.' } }));
    expect(loaded.ok).toBe(false);
    expect((loaded as { issues: Issue[] }).issues.map((issue) => issue.path.join('.'))).toEqual(['messages.loading', 'messages.loadFailed']);
  });
});

describe('the linter', () => {
  const warnings = (json: Json, code: string) => lintFlow(flowFrom(json)).filter((issue) => issue.code === code);

  it('untranslated_messages for a French flow without messages, naming what its visitors see in English', () => {
    expect(warnings(flowJson([shortText], undefined, ['fr'], { title: 'Contact' }), 'untranslated_messages').map(formatIssue)).toMatchInlineSnapshot(`
      [
        "locales[0]: LeadFlow has no "fr" buttons and messages of its own (only de and en), and "messages" gives no "fr" text for next, back, submit, progress, progressLabel, error, errorSummary, close, issues.required: visitors in "fr" see these in English (or in another of the flow's languages where "messages" has one) — add "messages" with "fr" texts, e.g. { "next": { "fr": "…" } } (docs/flow-format.md has a French and a Spanish set to copy)",
      ]
    `);
  });

  it('names the keys each step kind shows: slider, drop-down, consent link, auto-advance, contact fields', () => {
    const [issue] = warnings(flowJson([singleChoice, dropdown, slider, contact, consent], undefined, ['fr'], { title: 'Contact', autoAdvance: true }), 'untranslated_messages');
    expect(issue?.message).toContain('optional, autoAdvance, privacy, choose, noAnswer, less, more, fillIn, fields.email, fields.phone');
  });

  it('none for a German or English flow, nor a fr-CA one whose messages are in French', () => {
    expect(warnings(flowJson([shortText], undefined, ['de', 'en-GB']), 'untranslated_messages')).toEqual([]);
    expect(warnings(flowJson([singleChoice, dropdown, slider, contact, consent], docsFrenchSet(), ['fr-CA'], { autoAdvance: true }), 'untranslated_messages')).toEqual([]);
  });

  it('the docs’ French set: no warning at all about messages for a French flow', () => {
    const json = flowJson([singleChoice, dropdown, slider, contact, consent], docsFrenchSet(), ['fr'], { autoAdvance: true, title: 'Contact', webhook: 'https://hooks.example.test/lead' });
    const result = validateFlow(json);
    expect(result.ok ? [] : result.issues.filter((issue) => issue.path[0] === 'messages' || issue.code === 'untranslated_messages').map(formatIssue)).toEqual([]);
  });

  /** In French, every message a titled one-question text flow shows but its errors: those given. */
  const shortTextFrench = (issues: Record<string, string>) => {
    const fr = (text: string) => ({ fr: text });
    return {
      next: fr('Suivant'),
      back: fr('Retour'),
      submit: fr('Envoyer'),
      progress: fr('Étape {step} sur {total}'),
      progressLabel: fr('Progression'),
      error: fr('Erreur :'),
      errorSummary: fr('Veuillez vérifier vos réponses.'),
      close: fr('Fermer'),
      issues: Object.fromEntries(Object.entries(issues).map(([code, text]) => [code, fr(text)])),
    };
  };

  it('none when just the keys the flow shows are given', () => {
    const messages = shortTextFrench({ required: 'Veuillez répondre à cette question.' });
    expect(warnings(flowJson([shortText], messages, ['fr'], { title: 'Contact' }), 'untranslated_messages')).toEqual([]);
  });

  // Was: src/engine/lint/lint-messages.ts:53-54 is content with any one `issues` text in the
  // locale, whatever its code. A French flow whose only issue text is for phone numbers (it asks
  // none) passes, and its visitors see "Please answer this question." in English on every
  // required question. The warning should name the issue codes the flow's questions can raise
  // and "messages" lacks (here issues.required), as it names the other keys.
  it('an issue text the flow never shows does not silence the warning for those it does', () => {
    const messages = shortTextFrench({ invalid_phone: 'Numéro invalide.' });
    const found = warnings(flowJson([shortText], messages, ['fr'], { title: 'Contact' }), 'untranslated_messages');
    expect(found.map((issue) => issue.message).join()).toContain('required');
  });

  it('missing_translation for a message lacking a declared locale, and what its visitors see instead', () => {
    const json = flowJson([shortText, contact], { next: { fr: 'Suivant' }, fields: { email: { de: 'E-Mail' } }, issues: { required: { fr: 'Répondez.' } } }, ['fr', 'de', 'es']);
    expect(warnings(json, 'missing_translation').map(formatIssue)).toMatchInlineSnapshot(`
      [
        "messages.next: no "de", "es" text, though the flow declares these locales — add "de": "…", "es": "…"; until then visitors see the built-in text, or the fr text where LeadFlow has no text in their language",
        "messages.fields.email: no "fr", "es" text, though the flow declares these locales — add "fr": "…", "es": "…"; until then visitors see the de text",
        "messages.issues.required: no "de", "es" text, though the flow declares these locales — add "de": "…", "es": "…"; until then visitors see the built-in text, or the fr text where LeadFlow has no text in their language",
      ]
    `);
  });

  // Was: src/engine/lint/lint-graph.ts:195 (`seen`) tells of a step's `errors` text lacking a
  // locale LeadFlow speaks that visitors "see the built-in text in their language"; since this
  // change the flow's own `messages.issues` text comes first (question-props.ts customError, then
  // model.messages), so a German visitor here sees "Bitte antworten Sie." — the hint should say
  // so (the flow's "messages.issues.required" text), not send the author to the built-in one.
  it('missing_translation of a step’s errors: the hint names the flow-wide message that is shown instead', () => {
    const json = flowJson([{ ...shortText, errors: { required: { fr: 'Le nom, svp.' } } }], { issues: { required: { fr: 'Répondez.', de: 'Bitte antworten Sie.' } } }, ['fr', 'de']);
    const [issue] = warnings(json, 'missing_translation');
    expect(issue?.path.join('.')).toBe('steps.0.errors.required');
    expect(issue?.hint).not.toContain('built-in');
  });

  it('missing_translation: a German visitor of a French and German flow sees the built-in German', () => {
    const json = flowJson([shortText], { submit: { fr: 'Envoyer', de: '  ' } }, ['fr', 'de']);
    expect(warnings(json, 'missing_translation').map((issue) => `${issue.path.join('.')}: ${issue.hint}`)).toEqual([
      'messages.submit: add "de": "…"; until then visitors see the built-in text in their language',
    ]);
  });
});
