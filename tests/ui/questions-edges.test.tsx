import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { prefillAnswers, startFlow } from '../../src/engine/index.ts';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

/**
 * The question kinds as a visitor meets them, at the edges an audit found: what they type, paste
 * or get from a link, and what they see and hear back. Each test failed before its fix.
 */

const AFTER = 'Geschafft';

/** A German/English flow asking `steps` in order, then an ending. */
function flowOf(...steps: Array<Record<string, unknown>>) {
  return flowFrom({ id: 'audit', version: 1, locales: ['de', 'en'], title: 'Audit', steps: [...steps, { id: 'done', type: 'end', title: AFTER }] });
}

const submit = () => screen.getByRole('button', { name: 'Absenden' });

/** What a screen reader reads after a field's name: the texts its aria-describedby points at. */
function describedText(field: HTMLElement): string {
  const ids = field.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

/** The error a refused field is described by, once Next has been refused. */
async function errorOf(field: HTMLElement): Promise<string> {
  await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
  return describedText(field);
}

describe('number: the step grid', () => {
  const BUDGET = 'Wie hoch ist Ihr Budget in Euro?';
  const budget = { id: 'budget', type: 'number', title: BUDGET, min: 0, step: 0.01, unit: 'Euro' };

  it('takes an amount in euros and cents written the German way', async () => {
    const { user, onComplete } = renderWidget({ flow: flowOf(budget) });
    await user.type(await screen.findByRole('textbox', { name: BUDGET }), '48.500,35');
    await user.click(submit());
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ budget: 48500.35 });
  });

  // Was: a visitor typed a budget in euros and cents, "142.021,89" (or "1.234.567,89"), into a
  // number question with "step": 0.01 and presses Absenden. They saw "Bitte geben Sie ein
  // Vielfaches von 0,01 ein." — about one amount in ten above 100.000 € is refused — and cannot
  // go on with their real budget. They now move on: every amount with cents is on a 0.01 grid.
  // (The grid check allows an absolute error of 1e-9 on value / step, but the binary error of
  // 142021.89 / 0.01 is about 3e-9.)
  it('takes larger amounts with cents on a grid of 0.01 (142.021,89 €)', async () => {
    const { user, onComplete } = renderWidget({ flow: flowOf(budget) });
    await user.type(await screen.findByRole('textbox', { name: BUDGET }), '142.021,89');
    await user.click(submit());
    expect(screen.queryByText(/Vielfaches/)).toBeNull();
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ budget: 142021.89 });
  });

  // Was: the docs say answers must be a multiple of `step` "counted from min". With
  // "min": 10, "step": 25 the valid answers are 10, 35, 60, … A visitor typed 50 and was told
  // "Bitte geben Sie ein Vielfaches von 25 ein." — but 50 is a multiple of 25; they type 75,
  // 100, … and are refused with the same words every time. The message now names the
  // steps and the nearest number accepted ("in Schritten von 25 …, z.\u00a0B. 60").
  it('does not tell the visitor to type a multiple of 25 when 50 is refused on a grid from 10', async () => {
    const SEATS = 'Wie viele Plätze brauchen Sie?';
    const { user } = renderWidget({ flow: flowOf({ id: 'seats', type: 'number', title: SEATS, min: 10, step: 25 }) });
    const field = await screen.findByRole('textbox', { name: SEATS });
    await user.type(field, '50');
    await user.click(submit());
    const error = await errorOf(field);
    expect(error).toMatch(/Bitte/);
    expect(error).not.toContain('Vielfaches von 25');
    expect(error).toContain('Bitte geben Sie eine Zahl in Schritten von 25 ein, z.\u00a0B. 60.');
  });
});

describe('short text: maxLength', () => {
  // Was: a flow may set "maxLength": 800 on a short_text (it loads without a word, though the
  // docs call 500 the upper bound). The field then accepts 800 characters, so a visitor types
  // or pastes 600, presses Absenden, and only then reads "Bitte verwenden Sie höchstens 500
  // Zeichen." for text the field let them enter. The field now stops at the 500 the answer
  // may hold (and the linter warns about the flow's maxLength).
  it('lets the field take no more characters than the answer may have', async () => {
    const NOTE = 'Was sollen wir wissen?';
    renderWidget({ flow: flowOf({ id: 'note', type: 'short_text', title: NOTE, maxLength: 800 }) });
    const field = (await screen.findByRole('textbox', { name: NOTE })) as HTMLInputElement;
    expect(field.maxLength).toBeLessThanOrEqual(500);
  });
});

describe('prefill from the page URL', () => {
  const START = 'Wann möchten Sie starten?';
  // An optional question: "(optional)" follows the title in its label.
  const START_LABEL = /^Wann möchten Sie starten\? ?\(optional\)$/;
  const start = { id: 'start', type: 'date', title: START, required: false, prefill: 'start' };

  it('fills a date in from a link that writes it as YYYY-MM-DD', async () => {
    const flow = flowOf(start);
    renderWidget({ flow, initial: startFlow(flow, {}, prefillAnswers(flow, new URLSearchParams('start=2026-05-04'))) });
    expect(((await screen.findByLabelText(START_LABEL)) as HTMLInputElement).value).toBe('2026-05-04');
  });

  // Was: a campaign link writes the date the German way, `?start=04.05.2026`. The optional date
  // question shows an empty date field (a date input cannot show that text), yet Absenden says
  // "Bitte geben Sie ein gültiges Datum ein." The visitor cannot clear what they cannot see:
  // an optional question they want to skip blocks them until they pick some date. A value the
  // question cannot show is not prefilled (as an unknown option id is not), so the field
  // is empty and the question can be skipped. (Same for a rating: `?nps=42` on a 0–10 scale
  // shows no point chosen but refuses Next with "Bitte geben Sie eine Zahl bis 10 ein.".)
  it('leaves out a prefilled text that is no date, so an optional date can be skipped', async () => {
    const flow = flowOf(start);
    const { user } = renderWidget({ flow, initial: startFlow(flow, {}, prefillAnswers(flow, new URLSearchParams('start=04.05.2026'))) });
    const field = (await screen.findByLabelText(START_LABEL)) as HTMLInputElement;
    expect(field.value).toBe('');
    await user.click(submit());
    expect(screen.queryByText('Bitte geben Sie ein gültiges Datum ein.')).toBeNull();
    await expectStep(AFTER);
  });
});

describe('range: what a screen reader hears', () => {
  // Was: the value written beside the slider is an <output>, whose implicit role is "status", a
  // polite live region. A screen-reader user moving the slider with the arrow keys hears every
  // value twice: once from the slider itself (aria-valuetext "40 Personen") and again from the
  // live region ("40 Personen"), queued behind the next key press. The slider's own value text
  // is enough: the written-out value is no longer a live region.
  it('says the new value once, through the slider, not again through a live region', async () => {
    const TEAM = 'Wie groß ist Ihr Team?';
    renderWidget({ flow: flowOf({ id: 'team', type: 'range', title: TEAM, min: 0, max: 200, step: 10, unit: 'Personen' }) });
    const slider = await screen.findByRole('slider', { name: TEAM });
    fireEvent.input(slider, { target: { value: '40' } });
    expect(slider.getAttribute('aria-valuetext')).toBe('40\u00a0Personen');
    const live = screen.queryAllByRole('status').filter((region) => region.getAttribute('aria-live') !== 'off');
    expect(live.map((region) => region.textContent)).not.toContain('40 Personen');
  });
});

describe("a flow's own messages in the visitor's language", () => {
  // Was: a flow gives its own message only in English, `"errors": { "required": { "en": "Please
  // pick your role." } }`, in a flow offered in German and English. A German visitor who skips
  // the question reads the English "Please pick your role." in the middle of a German form
  // (customError resolves the text with the flow's fallback locales). The built-in German
  // message "Bitte beantworten Sie diese Frage." exists and is shown instead when the
  // flow has no message in the visitor's language.
  it('shows the built-in German message when the flow wrote its own only in English', async () => {
    const ROLE = 'Welche Rolle haben Sie?';
    const { user } = renderWidget({
      flow: flowOf({
        id: 'role',
        type: 'dropdown',
        title: ROLE,
        options: [
          { id: 'lead', label: 'Leitung' },
          { id: 'team', label: 'Team' },
        ],
        errors: { required: { en: 'Please pick your role.' } },
      }),
    });
    const select = await screen.findByRole('combobox', { name: ROLE });
    await user.click(submit());
    const error = await errorOf(select);
    expect(error).not.toContain('Please pick your role.');
    expect(error).toContain('Bitte beantworten Sie diese Frage.');
  });
});
