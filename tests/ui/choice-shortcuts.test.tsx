import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { demoJsonCopy, expectStep, flowFrom, renderWidget } from './fixtures.tsx';

const ROLE = 'Welche Rolle haben Sie bei der Auswahl?';
const NEED = 'Was möchten Sie verbessern?';

describe('letter shortcuts on choices', () => {
  it('picks the option of the letter pressed within the options (A the first, B the second, …)', async () => {
    const { user, model } = renderWidget();
    await user.click(await screen.findByRole('radio', { name: 'Ich entscheide' }));
    await user.keyboard('c');
    expect(model.state.value.answers['role']).toBe('research');
    expect(screen.getByRole('radio', { name: 'Ich recherchiere nur' })).toHaveProperty('checked', true);
    // A letter beyond the options does nothing.
    await user.keyboard('z');
    expect(model.state.value.answers['role']).toBe('research');
  });

  // Was: on an Arabic, Hebrew or Russian keyboard a letter key gives a letter of that script, so
  // the A, B, C shown did nothing unless the visitor switched the layout. The key's place counts.
  it('picks by the key pressed on a keyboard of another script (the key of A gives ش on an Arabic one)', async () => {
    const { user, model } = renderWidget();
    const first = await screen.findByRole('radio', { name: 'Ich entscheide' });
    await user.click(first);
    fireEvent.keyDown(first, { key: 'ذ', code: 'KeyC' });
    expect(model.state.value.answers['role']).toBe('research');
    fireEvent.keyDown(first, { key: 'ф', code: 'KeyA' });
    expect(model.state.value.answers['role']).toBe('sign_off');
    // A letter of the visitor's own layout that is no A–Z key ("ä" on a German one) stays no shortcut.
    fireEvent.keyDown(first, { key: 'ä', code: 'Quote' });
    fireEvent.keyDown(first, { key: '1', code: 'KeyC' });
    expect(model.state.value.answers['role']).toBe('sign_off');
  });

  // Was: the letters worked only once focus was among the options. After Next focus is on the
  // new step's heading, so "B" did nothing until the visitor tabbed into the group: the badges
  // promised what the keys did not do (a speech-input audit found it).
  it('picks from the heading, where focus lands on a new step, and moves focus to the option picked', async () => {
    const { user, model } = renderWidget();
    await user.click(await screen.findByRole('radio', { name: 'Ich entscheide' }));
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    const heading = await expectStep(NEED);
    expect(document.activeElement).toBe(heading);
    await user.keyboard('b');
    expect(model.state.value.answers['need']).toEqual(['forecasting']);
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'Umsatzprognosen' }));
  });

  it('leaves letters typed into the "other" field as text', async () => {
    const json = demoJsonCopy();
    json.steps[0] = {
      id: 'source',
      type: 'single_choice',
      title: 'Wie haben Sie von uns erfahren?',
      options: [
        { id: 'search', label: 'Suche' },
        { id: 'other', label: 'Anders, nämlich', other: true },
      ],
    };
    const { user, model } = renderWidget({ flow: flowFrom(json) });
    await user.click(await screen.findByRole('radio', { name: 'Suche' }));
    await user.keyboard('b');
    const field = await screen.findByRole('textbox', { name: 'Anders, nämlich' });
    await user.type(field, 'abc');
    expect(model.state.value.answers).toMatchObject({ source: 'other', source_other: 'abc' });
    expect(field).toHaveProperty('value', 'abc');
  });

  it('toggles options of a multiple choice', async () => {
    const { user, model } = renderWidget();
    await user.click(await screen.findByRole('radio', { name: 'Ich entscheide' }));
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await expectStep(NEED);
    await user.click(screen.getByRole('checkbox', { name: 'Lead-Verteilung' }));
    await user.keyboard('b');
    await user.keyboard('a');
    expect(model.state.value.answers['need']).toEqual(['forecasting']);
  });
});

describe('auto-advance', () => {
  it('moves on by itself after a click on a single choice when the flow asks for it', async () => {
    const json = demoJsonCopy();
    json['autoAdvance'] = true;
    const { user } = renderWidget({ flow: flowFrom(json) });
    await user.click(await screen.findByRole('radio', { name: 'Ich entscheide' }));
    await expectStep(NEED);
  });

  // Was: a choice whose rule leads to an ending ("Ich bin Student:in") sent the lead by itself a
  // moment after the click, while the button read "Absenden": the visitor never pressed it.
  it('never sends the lead by itself: on a choice that ends the flow, the visitor presses Absenden', async () => {
    const json = demoJsonCopy();
    json['autoAdvance'] = true;
    const { user, model } = renderWidget({ flow: flowFrom(json) });
    await user.click(await screen.findByRole('radio', { name: 'Ich bin Student:in' }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(model.step.value.id).toBe('role');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(model.isComplete.value).toBe(true);
  });

  it('does not move on when an option is chosen with the arrow keys, nor without the setting', async () => {
    const json = demoJsonCopy();
    json['autoAdvance'] = true;
    const { model } = renderWidget({ flow: flowFrom(json) });
    // Arrow keys select a radio with a click event whose detail is 0 (no pointer involved).
    fireEvent.click(await screen.findByRole('radio', { name: 'Ich entscheide' }), { detail: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(model.state.value.answers['role']).toBe('sign_off');
    expect(model.step.value.id).toBe('role');

    const plain = renderWidget();
    await plain.user.click((await screen.findAllByRole('radio', { name: 'Ich entscheide' }))[1]!);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(plain.model.step.value.id).toBe('role');
    expect(screen.getAllByRole('heading', { level: 2, name: ROLE })).toHaveLength(2);
  });
});
