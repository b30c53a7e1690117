/** Stop review 12: a required slider's middle value as a default (setDefault / pristine). */
import { fireEvent } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoJsonCopy } from '../ui/fixtures.tsx';
import { cleanupMounted, host, mountWidget, shadowOf, sleep } from './support/harness.ts';

const TEAM = 'Wie viele Mitarbeitende?';
const ROLE = 'Welche Rolle haben Sie bei der Auswahl?';

/** The demo flow with a required 0–10 slider as its first step and `?email=` prefilling the contact e-mail. */
function sliderFirst(range: Record<string, unknown> = {}) {
  const flow = demoJsonCopy();
  flow.steps.unshift({ id: 'team', type: 'range', title: TEAM, min: 0, max: 10, step: 1, ...range });
  const contact = flow.steps.find((step) => step.id === 'contact') as { fields: Array<Record<string, unknown>> };
  contact.fields.find((field) => field.id === 'email')!.prefill = 'email';
  return flow;
}

const progress = () =>
  Object.entries(sessionStorage)
    .filter(([key]) => key.startsWith('leadflow:progress:'))
    .map(([, value]) => JSON.parse(value) as { history: string[]; answers: Record<string, unknown>; started?: boolean });

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
});
afterEach(() => {
  cleanupMounted();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState(null, '', '/');
});

describe('a required slider first, a link prefilling the e-mail', () => {
  it('an inline form nobody touched keeps no e-mail, and the slider still shows its middle', async () => {
    history.replaceState(null, '', '/angebot?email=erika%40example.com');
    const { element } = host();
    await mountWidget(element, { flow: sliderFirst(), lazy: false }).ready;
    const slider = (await shadowOf(element).findByRole('slider', { name: TEAM })) as HTMLInputElement;
    await sleep(30);
    expect(slider.value).toBe('5');
    expect(progress()).toEqual([expect.objectContaining({ history: ['team'], answers: {} })]);
  });

  it('Next on the untouched slider is an answer: the middle value and the e-mail are kept, and a reload resumes on the next step', async () => {
    history.replaceState(null, '', '/angebot?email=erika%40example.com');
    const { element } = host();
    element.id = 'form';
    await mountWidget(element, { flow: sliderFirst(), lazy: false }).ready;
    const q = shadowOf(element);
    await q.findByRole('slider', { name: TEAM });
    await sleep(30);
    await userEvent.setup().click(q.getByRole('button', { name: 'Weiter' }));
    await vi.waitFor(() => expect(q.getByRole('heading', { level: 2 }).textContent).toBe(ROLE));
    expect(progress()).toEqual([expect.objectContaining({ history: ['team', 'role'], answers: expect.objectContaining({ team: 5, email: 'erika@example.com' }) })]);
    cleanupMounted();
    const again = host();
    again.element.id = 'form';
    await mountWidget(again.element, { flow: sliderFirst(), lazy: false }).ready;
    await vi.waitFor(() => expect(shadowOf(again.element).getByRole('heading', { level: 2 }).textContent).toBe(ROLE));
  });

  it('a slider moved away and back to its middle is an answer: kept over a reload', async () => {
    const { element } = host();
    await mountWidget(element, { flow: sliderFirst(), lazy: false }).ready;
    const slider = await shadowOf(element).findByRole('slider', { name: TEAM });
    await sleep(30);
    fireEvent.input(slider, { target: { value: '6' } });
    fireEvent.input(slider, { target: { value: '5' } });
    expect(progress()).toEqual([expect.objectContaining({ answers: { team: 5 } })]);
  });

  it('a link prefilling the slider itself (?team=2) is not overwritten by the middle, and is not kept before an answer', async () => {
    history.replaceState(null, '', '/angebot?team=2&email=erika%40example.com');
    const { element } = host();
    await mountWidget(element, { flow: sliderFirst({ prefill: 'team' }), lazy: false }).ready;
    const slider = (await shadowOf(element).findByRole('slider', { name: TEAM })) as HTMLInputElement;
    await sleep(30);
    expect(slider.value).toBe('2');
    expect(progress()).toEqual([expect.objectContaining({ answers: {} })]);
  });

  // Was: the site owner's funnel (leadflow:start, analytics `start`) counts every visitor who
  // only saw an inline form whose first step is a required slider as having started it: the
  // slider's middle value, which the change says is "no answer" (setDefault), still changes the
  // state's answers after the view was observed. `started: true` is then saved with the
  // progress, so a reload never sends `start` again when the visitor really answers.
  // Cause: src/ui/questions/range-question.tsx sets the default in a mount effect, after
  // src/embed/mount.tsx widget.count() → src/embed/funnel-reporter.ts watch → src/engine/funnel.ts
  // observe() took the first state's answers as the starting point; observe starts on any new
  // answers object. Fixed: the reporter's `watch` passes `model.pristine()` to `observe`,
  // which takes the answers of a pristine state as the starting point again.
  it('an inline form nobody touched sends no `start` (the slider\'s middle is no answer)', async () => {
    const { element, of } = host();
    await mountWidget(element, { flow: sliderFirst(), lazy: false }).ready;
    await shadowOf(element).findByRole('slider', { name: TEAM });
    await sleep(30);
    expect(of('view')).toHaveLength(1);
    expect(of('start')).toEqual([]);
    expect(progress()[0]!.started).toBeUndefined();
  });

  it('resume=false keeps nothing in sessionStorage', async () => {
    history.replaceState(null, '', '/angebot?email=erika%40example.com');
    const { element } = host();
    await mountWidget(element, { flow: sliderFirst(), lazy: false, resume: false }).ready;
    await shadowOf(element).findByRole('slider', { name: TEAM });
    await sleep(30);
    expect(progress()).toEqual([]);
  });
});
