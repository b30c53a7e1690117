import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { flowFrom, renderWidget } from './fixtures.tsx';

const OPTIONAL_TEAM = /^Wie groß ist Ihr Team\? ?\(optional\)$/;

const optional = () =>
  flowFrom({
    id: 'slider-optional',
    version: 1,
    locales: ['de'],
    webhook: '/webhook',
    steps: [
      { id: 'team', type: 'range', title: 'Wie groß ist Ihr Team?', min: 0, max: 200, step: 10, unit: 'Personen', required: false },
      { id: 'done', type: 'end', title: 'Danke' },
    ],
  });

describe('an optional slider and a touch that becomes a scroll', () => {
  // Was: src/ui/questions/range-question.tsx answers an optional slider on `pointerdown`
  // (`onPointerDown={(event) => event.button === 0 && take()}`). On a phone, a finger laid on
  // the slider to scroll the page past it fires pointerdown (button 0, pointerType "touch") and
  // then pointercancel when the browser takes the gesture as a pan: the slider now holds the
  // middle value (100 Personen) nobody chose, which is sent and scored — exactly what an
  // optional slider's "no answer" exists to prevent. Expected: a touch that the browser turned
  // into a scroll answers nothing (take on pointerup/click, or drop it on pointercancel).
  it('a touch on the slider that the browser cancels (a page scroll) leaves it unanswered', async () => {
    const { model } = renderWidget({ flow: optional() });
    const slider = await screen.findByRole('slider', { name: OPTIONAL_TEAM });
    fireEvent.pointerDown(slider, { button: 0, pointerType: 'touch', isPrimary: true });
    fireEvent.pointerCancel(slider, { pointerType: 'touch', isPrimary: true });
    expect(model.state.value.answers).not.toHaveProperty('team');
    expect(slider.getAttribute('aria-valuetext')).not.toBe('100\u00a0Personen');
  });
});
