import { render, screen, type within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { expect, vi } from 'vitest';
import demoJson from '../../demo/flows/saas-bant.json';
import { loadFlow, type Flow } from '../../src/engine/index.ts';
import { createFlowModel, Widget, type Completion, type FlowModelOptions } from '../../src/ui/index.ts';

/** The demo flow's JSON as a fresh copy, so a test may break it without touching others. */
export const demoJsonCopy = (): Record<string, unknown> & { steps: Array<Record<string, unknown>> } =>
  structuredClone(demoJson) as never;

/** Loads flow JSON the way the widget does; a fixture that does not load is a broken test. */
export function flowFrom(json: unknown): Flow {
  const loaded = loadFlow(json);
  if (!loaded.ok) throw new Error(`fixture flow does not load: ${JSON.stringify(loaded.issues)}`);
  return loaded.value;
}

export const demoFlow = (): Flow => flowFrom(demoJsonCopy());

/** Renders the widget with a fresh model, spies for its callbacks and a user-event session. */
export function renderWidget(options: Partial<FlowModelOptions> = {}) {
  const onStep = vi.fn<(step: { id: string }, index: number) => void>();
  const onComplete = vi.fn<(completion: Completion) => void>();
  const model = createFlowModel({ flow: demoFlow(), locale: 'de', onStep, onComplete, ...options });
  const user = userEvent.setup();
  const view = render(<Widget model={model} />);
  return { ...view, model, user, onStep, onComplete };
}

export type User = ReturnType<typeof userEvent.setup>;
/** `screen`, or `within(shadowRoot)` for a mounted widget. */
export type Queries = ReturnType<typeof within>;

/** Waits for the step whose heading is `title` (every step shows exactly one h2). */
export async function expectStep(title: string | RegExp, q: Queries = screen): Promise<HTMLElement> {
  const heading = await q.findByRole('heading', { level: 2, name: title });
  expect(q.getAllByRole('heading', { level: 2 })).toHaveLength(1);
  return heading;
}

export const next = (user: User, q: Queries = screen) => user.click(q.getByRole('button', { name: 'Weiter' }));

/** The German answers that make a hot lead, one step at a time, ending on the consent step. */
export async function answerUpToConsent(user: User, q: Queries = screen, { teamSize = '40', email = 'ada@example.com' } = {}) {
  await expectStep('Welche Rolle haben Sie bei der Auswahl?', q);
  await user.click(q.getByRole('radio', { name: 'Ich entscheide' }));
  await next(user, q);

  await expectStep('Was möchten Sie verbessern?', q);
  await user.click(q.getByRole('checkbox', { name: 'Lead-Verteilung' }));
  await user.click(q.getByRole('checkbox', { name: 'Umsatzprognosen' }));
  await next(user, q);

  await expectStep('Wie viele Personen arbeiten in Ihrem Vertrieb?', q);
  await user.type(q.getByRole('textbox', { name: 'Wie viele Personen arbeiten in Ihrem Vertrieb?' }), teamSize);
  await next(user, q);

  await expectStep('Gibt es ein Budget für dieses Jahr?', q);
  await user.click(q.getByRole('radio', { name: 'Ja, freigegeben' }));
  await next(user, q);

  await expectStep('Wann möchten Sie starten?', q);
  await user.click(q.getByRole('radio', { name: 'In diesem Quartal' }));
  await next(user, q);

  await expectStep('Wohin dürfen wir Ihre Auswertung schicken?', q);
  await user.type(q.getByRole('textbox', { name: 'Name' }), 'Ada Lovelace');
  await user.type(q.getByRole('textbox', { name: 'E-Mail-Adresse' }), email);
  await next(user, q);

  // "(optional)" when a test made the consent optional.
  await expectStep(/^Fast geschafft( ?\(optional\))?$/, q);
}

export const CONSENT_LABEL = 'Ich bin einverstanden, dass PipeLight mich zu meiner Anfrage kontaktiert.';

/**
 * The language a screen reader speaks an element's text in: the nearest `lang` around its first
 * text that is seen (a screen-reader-only prefix such as "Fehler:" left out); null when none
 * below the root says one.
 */
export function languageOfText(element: Element): string | null {
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && (!node.textContent?.trim() || node.parentElement?.closest('.lf-sr-only'))) node = walker.nextNode();
  return (node?.parentElement ?? element).closest('[lang]')?.getAttribute('lang') ?? null;
}
