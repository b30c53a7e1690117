/** Stop review 12: the model's setDefault / pristine, as a required slider uses them. */
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

const TEAM = 'Wie groß ist Ihr Team?';
const flow = () =>
  flowFrom({
    id: 'slider',
    version: 1,
    locales: ['de'],
    webhook: '/webhook',
    steps: [
      { id: 'team', type: 'range', title: TEAM, min: 0, max: 200, step: 10 },
      { id: 'seats', type: 'range', title: 'Plätze?', min: 1, max: 5, step: 1 },
      { id: 'done', type: 'end', title: 'Danke' },
    ],
  });

describe('setDefault and pristine', () => {
  it('the middle value is set, the form stays pristine; a move (even to the same value) ends that', async () => {
    const { model } = renderWidget({ flow: flow() });
    const slider = await screen.findByRole('slider', { name: TEAM });
    await expect.poll(() => model.state.value.answers['team']).toBe(100);
    expect(model.pristine()).toBe(true);
    fireEvent.input(slider, { target: { value: '100' } });
    expect(model.state.value.answers['team']).toBe(100);
    expect(model.pristine()).toBe(false);
  });

  it('two sliders pressed through untouched: both middles reach the lead, and the second default does not make the form pristine again', async () => {
    const { user, model, onComplete } = renderWidget({ flow: flow() });
    await screen.findByRole('slider', { name: TEAM });
    await expect.poll(() => model.state.value.answers['team']).toBe(100);
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await expectStep('Plätze?');
    await expect.poll(() => model.state.value.answers['seats']).toBe(3);
    expect(model.pristine()).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    await expectStep(TEAM);
    expect(model.pristine()).toBe(false);
    expect(model.state.value.answers['team']).toBe(100);
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ team: 100, seats: 3 });
  });
});
