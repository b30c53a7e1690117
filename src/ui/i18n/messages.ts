import type { AnswerIssueCode, ContactFieldKind } from '../../engine/index.ts';

/** Every built-in string the widget shows; flow text comes from the flow file instead. */
export interface UiMessages {
  /**
   * Set only when these strings are not in the visitor's language (a flow in French gets the
   * English ones), for a `lang` attribute on what shows them.
   */
  lang?: string;
  /**
   * The strings a flow gave in its own words (its `messages`), by key (`next`, `fields.email`,
   * `issues.required`): their language where it is not the visitor's, else undefined. See langOf.
   */
  langs?: Record<string, string | undefined>;
  next: string;
  back: string;
  submit: string;
  optional: string;
  progress: string;
  progressLabel: string;
  error: string;
  loadFailed: string;
  /** Said when a flow file takes more than a second to arrive. */
  loading: string;
  /** Under a single choice that moves on by itself (the flow's `autoAdvance`). */
  autoAdvance: string;
  privacy: string;
  /** The close button of a popup, slider or bubble panel. */
  close: string;
  /** The bubble's button when no flow title names it. */
  openForm: string;
  /** The empty first entry of a drop-down list. */
  choose: string;
  /** An optional slider's value text until the visitor moves it. */
  noAnswer: string;
  /** The buttons beside a slider that move it a step down and up. */
  less: string;
  more: string;
  /** Said in the live region when Next is refused; the first invalid field then takes focus. */
  errorSummary: string;
  /** An empty required field that is no question of its own (a contact field, the "other" text). */
  fillIn: string;
  fields: Record<ContactFieldKind, string>;
  issues: Record<AnswerIssueCode, string>;
}

const de: UiMessages = {
  next: 'Weiter',
  back: 'Zurück',
  submit: 'Absenden',
  optional: '(optional)',
  progress: 'Schritt {step} von {total}',
  progressLabel: 'Fortschritt',
  error: 'Fehler:',
  loadFailed: 'Dieses Formular kann gerade nicht geladen werden. Bitte versuchen Sie es später erneut.',
  loading: 'Formular wird geladen …',
  autoAdvance: 'Mit Ihrer Wahl geht es gleich weiter.',
  privacy: 'Datenschutzerklärung',
  close: 'Schließen',
  openForm: 'Formular öffnen',
  choose: 'Bitte wählen …',
  noAnswer: 'keine Angabe',
  less: 'Weniger',
  more: 'Mehr',
  errorSummary: 'Bitte prüfen Sie Ihre Angaben (Fehler: {count}).',
  fillIn: 'Bitte füllen Sie dieses Feld aus.',
  fields: {
    name: 'Name',
    first_name: 'Vorname',
    last_name: 'Nachname',
    email: 'E-Mail-Adresse',
    company: 'Unternehmen',
    phone: 'Telefonnummer',
    job_title: 'Position',
    website: 'Website',
  },
  issues: {
    required: 'Bitte beantworten Sie diese Frage.',
    consent_required: 'Bitte stimmen Sie zu, um fortzufahren.',
    invalid_email: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@firma.de.',
    personal_email: 'Bitte geben Sie Ihre geschäftliche E-Mail-Adresse ein.',
    invalid_phone: 'Bitte geben Sie eine gültige Telefonnummer ein, z. B. +49 30 1234567.',
    invalid_website: 'Bitte geben Sie eine gültige Webadresse ein, z. B. firma.de.',
    not_a_number: 'Bitte geben Sie eine Zahl ein.',
    too_small: 'Bitte geben Sie eine Zahl ab {min} ein.',
    too_big: 'Bitte geben Sie eine Zahl bis {max} ein.',
    too_long: 'Bitte verwenden Sie höchstens {max} Zeichen.',
    too_few_selected: 'Bitte wählen Sie mindestens {min} {min|Antwort|Antworten}.',
    too_many_selected: 'Bitte wählen Sie höchstens {max} {max|Antwort|Antworten}.',
    unknown_option: 'Bitte wählen Sie eine der Antworten.',
    invalid_date: 'Bitte geben Sie ein gültiges Datum ein.',
    date_too_early: 'Bitte wählen Sie ein Datum ab dem {min:date}.',
    date_too_late: 'Bitte wählen Sie ein Datum bis zum {max:date}.',
    not_in_steps: 'Bitte geben Sie {step|eine ganze Zahl|eine Zahl in Schritten von #} ein, z. B. {near}.',
  },
};

const en: UiMessages = {
  next: 'Next',
  back: 'Back',
  submit: 'Submit',
  optional: '(optional)',
  progress: 'Step {step} of {total}',
  progressLabel: 'Progress',
  error: 'Error:',
  loadFailed: "This form can't be loaded right now. Please try again later.",
  loading: 'Loading the form…',
  autoAdvance: 'Choosing an answer takes you on to the next step.',
  privacy: 'Privacy policy',
  close: 'Close',
  openForm: 'Open the form',
  choose: 'Choose…',
  noAnswer: 'no answer',
  less: 'Less',
  more: 'More',
  errorSummary: 'Please check your answers ({count} {count|error|errors}).',
  fillIn: 'Please fill in this field.',
  fields: {
    name: 'Name',
    first_name: 'First name',
    last_name: 'Last name',
    email: 'Email address',
    company: 'Company',
    phone: 'Phone number',
    job_title: 'Job title',
    website: 'Website',
  },
  issues: {
    required: 'Please answer this question.',
    consent_required: 'Please agree to continue.',
    invalid_email: 'Enter a valid email address, like name@company.com.',
    personal_email: 'Enter your work email address.',
    invalid_phone: 'Enter a valid phone number, like +44 20 7946 0958.',
    invalid_website: 'Enter a valid website address, like company.com.',
    not_a_number: 'Enter a number.',
    too_small: 'Enter a number of {min} or more.',
    too_big: 'Enter a number of {max} or less.',
    too_long: 'Use {max} {max|character|characters} or fewer.',
    too_few_selected: 'Choose at least {min} {min|answer|answers}.',
    too_many_selected: 'Choose at most {max} {max|answer|answers}.',
    unknown_option: 'Choose one of the answers.',
    invalid_date: 'Enter a real date.',
    date_too_early: 'Choose a date on or after {min:date}.',
    date_too_late: 'Choose a date on or before {max:date}.',
    not_in_steps: 'Enter {step|a whole number|a number in steps of #}, like {near}.',
  },
};

/** Built-in UI languages; a flow in another language falls back to English UI strings. */
export const uiMessages: Readonly<Record<string, UiMessages>> = { de, en };

const englishElsewhere: UiMessages = { ...en, lang: 'en' };

export function messagesFor(locale: string): UiMessages {
  // Own keys only: a flow's locale "toString" must not find Object.prototype.toString.
  const own = (tag: string) => (Object.hasOwn(uiMessages, tag) ? uiMessages[tag] : undefined);
  return own(locale) ?? own(locale.split('-')[0]!) ?? englishElsewhere;
}

/** The language of one of these strings, for a `lang` attribute where it is not the visitor's. */
export const langOf = (messages: UiMessages, key: string): string | undefined =>
  messages.langs && Object.hasOwn(messages.langs, key) ? messages.langs[key] : messages.lang;

/** Small whole numbers read the same in every locale we ship. */
const plain = (n: number) => Number.isInteger(n) && Math.abs(n) < 1000;

/**
 * A number as the locale writes it. `Intl` only for numbers that need it (100.000, 1,5): the
 * first `Intl.NumberFormat` of a page costs ~20 ms, and the progress label ("Schritt 2 von 7")
 * is on the first step's critical path.
 */
export const formatNumber = (value: number, locale: string): string => (plain(value) ? String(value) : new Intl.NumberFormat(locale).format(value));

/** A UTC timestamp as the locale writes dates ("1. März 2026"); as written when out of range. */
export const formatDate = (value: number, locale: string): string =>
  Math.abs(value) > 8.64e15 ? String(value) : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(value);

/**
 * `{min}` placeholders filled from params, numbers formatted for the locale; `{min:date}` a
 * timestamp as a date; `{min|Antwort|Antworten}` the words for that many (1, or any other
 * number: German and English count alike), `#` in them the number.
 */
export function fillMessage(template: string, locale: string, params: Readonly<Record<string, number>> = {}): string {
  return template.replace(/\{(\w+)(?:(:date)|\|([^|}]*)\|([^}]*))?\}/g, (whole, name: string, date?: string, one?: string, other?: string) => {
    // Own, finite numbers only: a flow's message may name anything (`{toString:date}`), and
    // formatting a date out of range throws. Anything else stays as written.
    const value = Object.hasOwn(params, name) ? params[name]! : NaN;
    if (!Number.isFinite(value) || (date && Math.abs(value) > 8.64e15)) return whole;
    const number = date ? formatDate(value, locale) : formatNumber(value, locale);
    return other === undefined ? number : (value === 1 ? one! : other).replace('#', number);
  });
}
