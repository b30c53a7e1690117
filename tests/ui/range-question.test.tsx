import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { validateStep, type StepOf } from '../../src/engine/index.ts';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

const TEAM = 'Wie groß ist Ihr Team?';
// Testing Library's name computation drops the space before the "(optional)" span.
const OPTIONAL_TEAM = /^Wie groß ist Ihr Team\? ?\(optional\)$/;

const flow = () =>
  flowFrom({
    id: 'slider',
    version: 1,
    locales: ['de'],
    webhook: '/webhook',
    steps: [
      { id: 'team', type: 'range', title: TEAM, min: 0, max: 200, step: 10, unit: 'Personen' },
      { id: 'budget', type: 'number', title: 'Budget?', step: 500 },
      { id: 'done', type: 'end', title: 'Danke' },
    ],
  });

describe('range (slider)', () => {
  it('is a slider named by the question, starting in the middle with its value and unit written out', async () => {
    const { model } = renderWidget({ flow: flow() });
    const slider = await screen.findByRole('slider', { name: TEAM });
    expect(slider.getAttribute('min')).toBe('0');
    expect(slider.getAttribute('max')).toBe('200');
    expect(slider.getAttribute('step')).toBe('10');
    expect(model.state.value.answers['team']).toBe(100);
    expect(slider.getAttribute('aria-valuetext')).toBe('100\u00a0Personen');
    expect(screen.getByText('100 Personen').closest('output')).not.toBeNull();
  });

  it('takes the value the visitor moves it to and sends it', async () => {
    const { user, onComplete } = renderWidget({ flow: flow() });
    fireEvent.input(await screen.findByRole('slider', { name: TEAM }), { target: { value: '40' } });
    expect(screen.getByText('40 Personen')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await expectStep('Budget?');
    await user.type(screen.getByRole('textbox', { name: 'Budget?' }), '1250');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    // 1250 is not on the grid of 500: the message says so with the nearest number that is.
    expect(await screen.findByText('Bitte geben Sie eine Zahl in Schritten von 500 ein, z. B. 1.500.')).toBeTruthy();
    expect(document.querySelector('[aria-live="polite"]')!.textContent).toBe('Bitte prüfen Sie Ihre Angaben (Fehler: 1).');
    await user.clear(screen.getByRole('textbox', { name: 'Budget?' }));
    await user.type(screen.getByRole('textbox', { name: 'Budget?' }), '1500');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ team: 40, budget: 1500 });
  });
});

describe('an optional slider', () => {
  const optional = () =>
    flowFrom({
      id: 'optional-slider',
      version: 1,
      locales: ['de'],
      webhook: '/webhook',
      steps: [
        { id: 'team', type: 'range', title: TEAM, min: 0, max: 200, step: 10, unit: 'Personen', required: false },
        { id: 'done', type: 'end', title: 'Danke' },
      ],
    });

  // Was: an optional slider took its middle value as the answer when it was shown, so a visitor
  // who skipped it sent (and was scored by) 100 people they never chose.
  it('has no answer until the visitor moves it: skipped, it sends none and says so', async () => {
    const { user, model, onComplete } = renderWidget({ flow: optional() });
    const slider = await screen.findByRole('slider', { name: OPTIONAL_TEAM });
    expect(slider.getAttribute('aria-valuetext')).toBe('keine Angabe');
    expect(screen.getByText('keine Angabe').closest('output')).not.toBeNull();
    expect(model.state.value.answers).not.toHaveProperty('team');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({});
  });

  it('takes the value the visitor moves it to, or the one its thumb shows when pressed where it is', async () => {
    const moved = renderWidget({ flow: optional() });
    fireEvent.input(await screen.findByRole('slider', { name: OPTIONAL_TEAM }), { target: { value: '40' } });
    expect(screen.getByText('40 Personen')).toBeTruthy();
    expect(moved.model.state.value.answers['team']).toBe(40);
    moved.unmount();

    const pressed = renderWidget({ flow: optional() });
    const thumb = await screen.findByRole('slider', { name: OPTIONAL_TEAM });
    fireEvent.pointerDown(thumb, { button: 0 });
    fireEvent.pointerUp(thumb, { button: 0 });
    expect(screen.getByText('100 Personen')).toBeTruthy();
    await pressed.user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
    expect(pressed.onComplete.mock.calls[0]![0].answers).toEqual({ team: 100 });
  });

  it('takes the shown value on Space (a keyboard user on a slider whose middle is its end), not on a right-click', async () => {
    const { user, model } = renderWidget({ flow: optional() });
    const slider = await screen.findByRole('slider', { name: OPTIONAL_TEAM });
    fireEvent.pointerDown(slider, { button: 2 });
    expect(model.state.value.answers).not.toHaveProperty('team');
    slider.focus();
    await user.keyboard(' ');
    expect(model.state.value.answers['team']).toBe(100);
    expect(slider.getAttribute('aria-valuetext')).toBe('100\u00a0Personen');
  });
});

describe('the − and + buttons beside a slider', () => {
  const sliderFlow = (range: Record<string, unknown>) =>
    flowFrom({
      id: 'stepper',
      version: 1,
      locales: ['de'],
      webhook: '/webhook',
      steps: [{ id: 'team', type: 'range', title: TEAM, ...range }, { id: 'done', type: 'end', title: 'Danke' }],
    });

  // WCAG 2.2 2.5.7: a click on a button is the single-pointer way to a value the track has no
  // pixel for; the slider keeps focus, so a screen reader says where it is now.
  it('move it one step on its grid, write the value out and give the slider focus', async () => {
    const { user, model, onComplete } = renderWidget({ flow: sliderFlow({ min: 0, max: 500, step: 1, unit: 'Personen' }) });
    const slider = await screen.findByRole('slider', { name: TEAM });
    await user.click(screen.getByRole('button', { name: 'Mehr' }));
    await user.click(screen.getByRole('button', { name: 'Mehr' }));
    await user.click(screen.getByRole('button', { name: 'Weniger' }));
    expect(model.state.value.answers['team']).toBe(251);
    expect(slider.getAttribute('aria-valuetext')).toBe('251\u00a0Personen');
    expect(screen.getByText('251 Personen').closest('output')).not.toBeNull();
    expect(document.activeElement).toBe(slider);
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ team: 251 });
  });

  it('stay out of the tab order (the slider has arrow keys) and stop at min and max', async () => {
    const { user, model } = renderWidget({ flow: sliderFlow({ min: 0, max: 20, step: 10 }) });
    const slider = await screen.findByRole('slider', { name: TEAM });
    const less = screen.getByRole('button', { name: 'Weniger' });
    const more = screen.getByRole('button', { name: 'Mehr' });
    expect([less.tabIndex, more.tabIndex]).toEqual([-1, -1]);
    await user.click(more);
    expect(model.state.value.answers['team']).toBe(20);
    expect([(less as HTMLButtonElement).disabled, (more as HTMLButtonElement).disabled]).toEqual([false, true]);
    await user.click(more);
    expect(model.state.value.answers['team']).toBe(20);
    fireEvent.input(slider, { target: { value: '0' } });
    expect((less as HTMLButtonElement).disabled).toBe(true);
  });

  it('keep decimal steps on their grid, and a value off the grid goes to its neighbour on it', async () => {
    const { user, model } = renderWidget({ flow: sliderFlow({ min: 0.1, max: 1, step: 0.1 }) });
    await screen.findByRole('slider', { name: TEAM });
    expect(model.state.value.answers['team']).toBe(0.6);
    await user.click(screen.getByRole('button', { name: 'Mehr' }));
    expect(model.state.value.answers['team']).toBe(0.7);
    model.setAnswer('team', 0.34);
    await user.click(screen.getByRole('button', { name: 'Weniger' }));
    expect(model.state.value.answers['team']).toBe(0.2);
  });

  it('answer an optional slider the visitor had not touched, a step from the value it shows', async () => {
    const { user, model } = renderWidget({ flow: sliderFlow({ min: 0, max: 200, step: 10, required: false }) });
    await screen.findByRole('slider', { name: OPTIONAL_TEAM });
    expect(model.state.value.answers).not.toHaveProperty('team');
    await user.click(screen.getByRole('button', { name: 'Weniger' }));
    expect(model.state.value.answers['team']).toBe(90);
  });
});

describe('step on numbers', () => {
  const range = { id: 'r', type: 'range', title: 'R', min: 5, max: 50, step: 5 } as StepOf<'range'>;
  it.each([
    [5, []],
    [20, []],
    [7, [{ code: 'not_in_steps', question: 'r', params: { step: 5, near: 5 } }]],
    [48, [{ code: 'not_in_steps', question: 'r', params: { step: 5, near: 50 } }]],
    [55, [{ code: 'too_big', question: 'r', params: { max: 50 } }]],
  ])('%d on a 5–50 slider in steps of 5: %j', (value, issues) => {
    expect(validateStep(range, { r: value })).toEqual(issues);
  });

  it('counts the grid from min and tolerates rounding: 0.3 is on a grid of 0.1', () => {
    expect(validateStep({ id: 'n', type: 'number', title: 'N', step: 0.1 } as StepOf<'number'>, { n: 0.1 + 0.2 })).toEqual([]);
  });
});
