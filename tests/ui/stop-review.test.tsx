import { screen } from '@testing-library/preact';
import { expect, it } from 'vitest';
import { flowFrom, renderWidget } from './fixtures.tsx';

/** One number question, then an ending. */
const numberFlow = () =>
  flowFrom({
    id: 'review-number',
    version: 1,
    steps: [
      { id: 'team', type: 'number', title: 'Wie viele Personen?' },
      { id: 'done', type: 'end', title: 'OK' },
    ],
  });

// Was (a review of this stop's own change): NFKC on the whole typed text turned superscripts
// and circled digits into digits: "10²" was read as 102. Only decimal digits and full-width
// ASCII are mapped now.
it('does not read "10²" as the number 102', async () => {
  const { user, onComplete } = renderWidget({ flow: numberFlow() });
  const field = await screen.findByRole('textbox', { name: 'Wie viele Personen?' });
  await user.type(field, '10²');
  await user.click(screen.getByRole('button', { name: 'Absenden' }));
  expect(onComplete.mock.calls.map(([completion]) => completion.answers)).not.toContainEqual({ team: 102 });
  expect(field.getAttribute('aria-invalid')).toBe('true');
});
