import { act, fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { flowFrom, renderWidget } from './fixtures.tsx';

/** Review of 2c66ea2: texts made anew for each value (`fresh`), as a visitor and a screen reader get them. */

const SUMMARY = 'Bitte prüfen Sie Ihre Angaben (Fehler: 1).';
const liveRegion = (container: ParentNode) => container.querySelector<HTMLElement>('[aria-live="polite"]')!;

describe('the live region', () => {
  it('a Next refused three times in a row puts a new text node into the region each time, the same words included', async () => {
    const { container, user } = renderWidget();
    await screen.findByRole('heading', { level: 2, name: 'Welche Rolle haben Sie bei der Auswahl?' });
    const region = liveRegion(container);
    const seen: Array<{ text: string; node: Node }> = [];
    for (let i = 0; i < 3; i++) {
      await user.click(screen.getByRole('button', { name: 'Weiter' }));
      await act(async () => {});
      seen.push({ text: region.textContent!, node: region.firstChild! });
    }
    expect(seen.map((s) => s.text)).toEqual([SUMMARY, `${SUMMARY}\u00a0`, SUMMARY]);
    // Each announcement is an element added to the region (an "addition"), never the old one edited.
    expect(new Set(seen.map((s) => s.node)).size).toBe(3);
    expect(seen.every((s) => !s.node.isConnected || s === seen.at(-1))).toBe(true);
    expect(region.children).toHaveLength(1);
  });

  it('Enter in the field with the error: the region says the summary and the error words, without markup', async () => {
    const flow = flowFrom({
      id: 'mail',
      version: 1,
      locales: ['de'],
      webhook: '/webhook',
      steps: [
        { id: 'contact', type: 'contact', title: 'Wohin dürfen wir schreiben?', fields: [{ id: 'email', kind: 'email' }] },
        { id: 'done', type: 'end', title: 'Danke' },
      ],
    });
    const { container, user } = renderWidget({ flow });
    const field = await screen.findByRole('textbox', { name: /E-Mail/ });
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await user.type(field, 'erika{Enter}');
    await act(async () => {});
    const error = container.querySelector('.lf-error')!.textContent!;
    expect(error).toMatch(/^Fehler: .*E-Mail/);
    expect(liveRegion(container).textContent).toBe(`${SUMMARY} ${error}\u00a0`);
  });
});

describe('the Next button', () => {
  it('stays the same focused button when its label turns into Absenden, named by the new label', async () => {
    const { model } = renderWidget();
    const button = await screen.findByRole('button', { name: 'Weiter' });
    button.focus();
    await act(async () => model.setAnswer('role', 'student'));
    expect(screen.getByRole('button', { name: 'Absenden' })).toBe(button);
    expect(document.activeElement).toBe(button);
    expect(button.textContent).toBe('Absenden');
  });
});

describe("the slider's value", () => {
  it('is a new element for each value, inside the output that keeps its width', async () => {
    const flow = flowFrom({
      id: 'slider',
      version: 1,
      locales: ['de'],
      webhook: '/webhook',
      steps: [
        { id: 'seats', type: 'range', title: 'Wie viele Lizenzen?', min: 0, max: 100, unit: 'Personen' },
        { id: 'done', type: 'end', title: 'Danke' },
      ],
    });
    const { container } = renderWidget({ flow });
    const slider = await screen.findByRole('slider');
    const output = container.querySelector('output')!;
    const before = output.firstElementChild!;
    const width = output.style.minWidth;
    fireEvent.input(slider, { target: { value: '51' } });
    await act(async () => {});
    expect(output.textContent).toBe('51\u00a0Personen');
    expect(output.firstElementChild).not.toBe(before);
    expect(output.style.minWidth).toBe(width);
    expect(output.childNodes).toHaveLength(1);
  });
});
