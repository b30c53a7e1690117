import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { summarizeAnswers } from '../../src/engine/index.ts';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

/** A single choice with an icon, a picture and an "other" option, then an ending. */
const flow = () =>
  flowFrom({
    id: 'extras',
    version: 1,
    locales: ['de'],
    webhook: '/webhook',
    steps: [
      {
        id: 'source',
        type: 'single_choice',
        title: 'Wie haben Sie uns gefunden?',
        options: [
          { id: 'search', label: 'Suche', icon: '🔎' },
          { id: 'event', label: 'Messe', image: '/images/fair.png' },
          { id: 'other', label: 'Anders, nämlich', other: true },
        ],
      },
      { id: 'done', type: 'end', title: 'Danke' },
    ],
  });

/** What an arrow key does in a browser: checks the radio with a click of detail 0. */
const arrowTo = (name: string) => fireEvent.click(screen.getByRole('radio', { name }), { detail: 0 });

describe('choice options with icons, pictures and "other"', () => {
  it('shows the icon and the picture as decoration: the label alone names the option', async () => {
    renderWidget({ flow: flow() });
    const search = await screen.findByRole('radio', { name: 'Suche' });
    expect(search.closest('label')!.querySelector('[aria-hidden="true"]')!.textContent).toContain('🔎');
    const picture = screen.getByRole('radio', { name: 'Messe' }).closest('label')!.querySelector('img')!;
    expect(picture.getAttribute('alt')).toBe('');
    expect(picture.getAttribute('src')).toBe('/images/fair.png');
  });

  it('asks for the text once "other" is chosen, requires it, and sends it as <id>_other', async () => {
    const { user, onComplete } = renderWidget({ flow: flow() });
    expect(screen.queryByRole('textbox')).toBeNull();
    await user.click(await screen.findByRole('radio', { name: 'Anders, nämlich' }));
    const text = screen.getByRole('textbox', { name: 'Anders, nämlich' });
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(await screen.findByText('Bitte füllen Sie dieses Feld aus.')).toBeTruthy();
    expect(text.getAttribute('aria-invalid')).toBe('true');

    await user.type(text, 'Podcast');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
    const { answers } = onComplete.mock.calls[0]![0];
    expect(answers).toEqual({ source: 'other', source_other: 'Podcast' });
    expect(summarizeAnswers(flow(), answers, 'de').answers).toEqual({
      source: { value: 'other', label: 'Anders, nämlich' },
      source_other: { value: 'Podcast' },
    });
  });

  it('does not ask for the text when another option is chosen', async () => {
    const { user, onComplete } = renderWidget({ flow: flow() });
    await user.click(await screen.findByRole('radio', { name: 'Suche' }));
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ source: 'search' });
  });

  // Was: arrow keys move the choice through every option, and passing "Messe" on the way
  // threw the typed text away, so a keyboard visitor coming back to "other" found it empty.
  it('keeps the text typed for "other" while the visitor arrows through the options, and sends it only with "other"', async () => {
    const { user, onComplete } = renderWidget({ flow: flow() });
    await user.click(await screen.findByRole('radio', { name: 'Anders, nämlich' }));
    await user.type(screen.getByRole('textbox', { name: 'Anders, nämlich' }), 'Podcast');

    arrowTo('Messe');
    expect(screen.getByRole('radio', { name: 'Messe' })).toHaveProperty('checked', true);
    expect(screen.queryByRole('textbox')).toBeNull();
    arrowTo('Anders, nämlich');
    expect((screen.getByRole('textbox', { name: 'Anders, nämlich' }) as HTMLInputElement).value).toBe('Podcast');

    // Withdrawn while another option is chosen: the lead does not carry it.
    arrowTo('Messe');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ source: 'event' });
  });

  // From a review of that fix.
  // Was: src/ui/questions/choice-question.tsx choose(): `setAside` is only overwritten when the
  // "other" text is non-empty (`answers[otherId] !== undefined`). A visitor types "Podcast",
  // arrows past "Messe" (set aside), comes back (restored), then deletes the text (the answer
  // becomes undefined) and arrows past "Messe" again: coming back to "other" brings back the
  // "Podcast" they deleted. Fixed: set `setAside.current = answers[otherId]` unconditionally (or
  // clear it when the visitor empties the field).
  it('does not bring back text the visitor deleted before arrowing away', async () => {
    const { user } = renderWidget({ flow: flow() });
    await user.click(await screen.findByRole('radio', { name: 'Anders, nämlich' }));
    await user.type(screen.getByRole('textbox', { name: 'Anders, nämlich' }), 'Podcast');
    arrowTo('Messe');
    arrowTo('Anders, nämlich');
    const field = screen.getByRole('textbox', { name: 'Anders, nämlich' }) as HTMLInputElement;
    expect(field.value).toBe('Podcast');
    await user.clear(field);
    expect(field.value).toBe('');

    arrowTo('Messe');
    arrowTo('Anders, nämlich');
    expect((screen.getByRole('textbox', { name: 'Anders, nämlich' }) as HTMLInputElement).value).toBe('');
  });
});
