import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { uiMessages } from '../../../src/ui/i18n/messages.ts';
import { inlineFlow } from './pages.ts';

/** Helpers for tests/e2e/accessibility.test.ts: test pages, the flows as JSON, and reading focus. */

export type Text = string | Record<string, string>;

/** A flow file as JSON, typed as loosely as the tests read it. */
export interface FlowJson {
  id: string;
  title?: Text;
  hidden?: string[];
  steps: StepJson[];
  [key: string]: unknown;
}

export interface StepJson {
  id: string;
  type: string;
  title: Text;
  description?: Text;
  required?: boolean;
  options?: Array<{ id: string; label: Text }>;
  fields?: Array<{ id: string; kind: string; label?: Text; required?: boolean }>;
  /** Consent: the checkbox's label. */
  label?: Text;
  min?: number | string;
  max?: number | string;
  next?: unknown[];
}

/** What a visitor answers, by question id (contact fields are questions of their own). */
export type Answers = Record<string, string | number | boolean | string[]>;

const readJson = <T>(url: URL): T => JSON.parse(readFileSync(url, 'utf8')) as T;

/** One step of every question type, in German and English (tests/e2e/fixtures/a11y-every-question.json). */
export const everyQuestionFlow = (): FlowJson => readJson(new URL('../fixtures/a11y-every-question.json', import.meta.url));

/**
 * The fixture, its ending, one of its steps by id, and flows of some of its steps (its ending added), for
 * tests that drive one kind of question at a time.
 */
export function everyQuestionParts() {
  const fixture = everyQuestionFlow();
  const end = fixture.steps.at(-1)!;
  return {
    fixture,
    end,
    step: (id: string) => fixture.steps.find((s) => s.id === id)!,
    flowOf: (...steps: StepJson[]): FlowJson => ({ ...fixture, steps: [...steps, end] }),
  };
}

/** The example flows in demo/flows/, as the static server serves them at `/flows/NAME.json`. */
export const DEMO_FLOWS = ['anum', 'bant', 'champ', 'faint', 'gpctba', 'meddpicc', 'saas-bant'] as const;
export type DemoFlowName = (typeof DEMO_FLOWS)[number];
export const demoFlowJson = (name: DemoFlowName): FlowJson => readJson(new URL(`../../../demo/flows/${name}.json`, import.meta.url));

/** The widget's German UI strings ("Weiter", field labels, error messages). */
export const DE = uiMessages.de!;

/** A localized text as a German visitor reads it. */
export const de = (text: Text | undefined): string => (text === undefined ? '' : typeof text === 'string' ? text : (text.de ?? ''));

export const isQuestion = (step: StepJson) => step.type !== 'statement' && step.type !== 'end';

/** A valid answer to every question of tests/e2e/fixtures/a11y-every-question.json. */
export const EVERY_QUESTION_ANSWERS: Answers = {
  role: 'recommend',
  interests: ['reporting', 'security'],
  industry: 'logistics',
  project_name: 'CRM-Einführung',
  message: 'Wir möchten im Sommer mit zwei Teams starten.',
  work_email: 'erika.mustermann@nordlicht.example',
  phone: '+49 30 1234567',
  website: 'www.nordlicht.example',
  budget: 25000,
  start_date: '2026-06-15',
  nps: 9,
  privacy: true,
  name: 'Erika Mustermann',
  email: 'erika.mustermann@nordlicht.example',
  company: 'Nordlicht Maschinen GmbH',
  contact_phone: '+49 40 7654321',
  job_title: 'Vertriebsleiterin',
};

export interface PageOptions {
  /** A flow URL (`/flows/bant.json`) or the flow itself, put inline in the page. */
  flow: string | FlowJson;
  webhook: string;
  mode?: 'inline' | 'popup' | 'slider' | 'bubble';
  /** `data-leadflow-hidden`, e.g. `visits=3&utm_source=google`. */
  hidden?: Record<string, string>;
  locale?: string;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The label of the page's own opener button for popups. */
export const OPENER = 'Projekt anfragen';

/**
 * A minimal, valid page around one widget: `lang`, a title, one `<main>` landmark with an
 * `<h1>`; for an overlay an opener button. No other focusable element, so Tab from the top of
 * the page goes straight into the widget. The bot check is off (tests answer faster than people)
 * and the widget loads at once (`-lazy="false"`).
 */
export function a11yPage({ flow, webhook, mode = 'inline', hidden, locale = 'de' }: PageOptions): string {
  const flowRef = typeof flow === 'string' ? flow : '#flow';
  const attributes: Record<string, string> = {
    'data-leadflow': flowRef,
    'data-leadflow-webhook': webhook,
    'data-leadflow-locale': locale,
    'data-leadflow-min-fill-ms': '0',
    'data-leadflow-lazy': 'false',
    'data-leadflow-mode': mode,
    ...(hidden && { 'data-leadflow-hidden': new URLSearchParams(hidden).toString() }),
  };
  const element = `<div ${Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(' ')}></div>`;
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nordlicht Software – Projektanfrage</title>
</head>
<body>
<main>
<h1>Nordlicht Software</h1>
${mode === 'inline' ? '' : `<button type="button" data-leadflow-open>${OPENER}</button>`}
${typeof flow === 'string' ? '' : inlineFlow('flow', flow)}
${element}
<script src="/leadflow.js" async></script>
</main>
</body>
</html>`;
}

/** The widget's current heading (Playwright's CSS locators pierce open shadow roots). */
export const widgetHeading = (page: Page) => page.locator('[data-leadflow] h2');

/** The focused element, looked up through shadow roots, as the tests compare it. */
export interface DeepFocus {
  tag: string;
  type: string;
  value: string;
  checked: boolean;
  id: string;
  /** Its text, whitespace collapsed (headings). */
  text: string;
  className: string;
  /** Inside the widget's shadow root. */
  inWidget: boolean;
  ariaInvalid: string | null;
  /** The elements `aria-describedby` points at (in the same root): id, class, text, and whether they show. */
  describedBy: Array<{ id: string; found: boolean; className: string; text: string; visible: boolean }>;
}

export function deepFocus(page: Page): Promise<DeepFocus | null> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    let inWidget = false;
    while (active?.shadowRoot?.activeElement) {
      inWidget ||= active.hasAttribute('data-leadflow');
      active = active.shadowRoot.activeElement;
    }
    if (!active || active === document.body) return null;
    const root = active.getRootNode() as Document | ShadowRoot;
    const input = active as HTMLInputElement;
    const collapse = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
    return {
      tag: active.tagName,
      type: typeof input.type === 'string' ? input.type : '',
      value: typeof input.value === 'string' ? input.value : '',
      checked: Boolean(input.checked),
      id: active.id,
      text: collapse(active.textContent),
      className: typeof active.className === 'string' ? active.className : '',
      inWidget,
      ariaInvalid: active.getAttribute('aria-invalid'),
      describedBy: (active.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => {
          const target = root.getElementById(id);
          return {
            id,
            found: Boolean(target),
            className: target?.className ?? '',
            text: collapse(target?.textContent ?? ''),
            visible: Boolean(target?.checkVisibility({ opacityProperty: true, visibilityProperty: true })),
          };
        }),
    };
  });
}

/**
 * The form controls a visitor answers with, in document order (the honeypot left out), each
 * as `INPUT#lf-x-input[text=]` or `INPUT[radio=decide]`: enough to tell the controls of one step apart.
 */
export function widgetControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    return [...root.querySelectorAll<HTMLInputElement>('input:not(.lf-trap), select, textarea')].map(
      (el) => `${el.tagName}${el.id ? `#${el.id}` : ''}[${el.type}=${el.type === 'radio' || el.type === 'checkbox' ? el.value : ''}]`,
    );
  });
}

/** The same key for one element, to compare what Playwright's `getByRole` found with `widgetControls`. */
export const controlKey = (el: Element): string => {
  const input = el as HTMLInputElement;
  return `${input.tagName}${input.id ? `#${input.id}` : ''}[${input.type}=${input.type === 'radio' || input.type === 'checkbox' ? input.value : ''}]`;
};

/** The roles and accessible names a German visitor's screen reader must find on a step. */
export function expectedControls(step: StepJson): Array<{ role: 'radio' | 'checkbox' | 'combobox' | 'textbox'; name: string }> {
  switch (step.type) {
    case 'single_choice':
      return step.options!.map((option) => ({ role: 'radio', name: de(option.label) }));
    case 'multiple_choice':
      return step.options!.map((option) => ({ role: 'checkbox', name: de(option.label) }));
    case 'dropdown':
      return [{ role: 'combobox', name: de(step.title) }];
    case 'rating':
      return Array.from({ length: Number(step.max) - Number(step.min) + 1 }, (_, i) => ({ role: 'radio', name: String(Number(step.min) + i) }));
    case 'consent':
      return [{ role: 'checkbox', name: de(step.label) }];
    case 'contact':
      return step.fields!.map((field) => ({
        role: 'textbox',
        name: `${de(field.label) || DE.fields[field.kind as keyof typeof DE.fields]}${field.required === false ? ` ${DE.optional}` : ''}`,
      }));
    case 'statement':
    case 'end':
      return [];
    default:
      // short_text, long_text, email, phone, number (a text input), date: the heading is the label.
      return [{ role: 'textbox', name: de(step.title) }];
  }
}

/**
 * Answers a step with Playwright's pointer actions (check, fill, selectOption), by role and
 * name as a visitor sees it.
 */
export async function answerStep(page: Page, step: StepJson, answers: Answers): Promise<void> {
  const value = answers[step.id];
  switch (step.type) {
    case 'single_choice':
      return page.getByRole('radio', { name: de(step.options!.find((o) => o.id === value)!.label), exact: true }).check();
    case 'multiple_choice':
      for (const id of value as string[])
        await page.getByRole('checkbox', { name: de(step.options!.find((o) => o.id === id)!.label), exact: true }).check();
      return;
    case 'dropdown':
      return void (await page.getByRole('combobox', { name: de(step.title) }).selectOption(String(value)));
    case 'rating':
      return page.getByRole('radio', { name: String(value), exact: true }).check();
    case 'consent':
      return page.getByRole('checkbox', { name: de(step.label) }).check();
    case 'contact':
      for (const [field, expected] of step.fields!.map((f, i) => [f, expectedControls(step)[i]!] as const))
        if (answers[field.id] !== undefined) await page.getByRole('textbox', { name: expected.name, exact: true }).fill(String(answers[field.id]));
      return;
    case 'statement':
    case 'end':
      return;
    default:
      return page.getByRole('textbox', { name: de(step.title), exact: true }).fill(String(value));
  }
}

/** The Next button: "Absenden" on the last question, "Weiter" before. */
export const nextButton = (page: Page) => page.locator('[data-leadflow] button[type="submit"]');
